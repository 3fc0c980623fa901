"""Saved segments: stored trees with every version kept, and live resolution of references.

Every save is a new row in ``segment_versions``, written in the same transaction as the
segment's ``current_version`` bump. Updates are optimistic: the caller says which version
it edited, and the bump is a conditional ``UPDATE … WHERE current_version = :edited``, so
when two people edit the same segment the second save is refused (:class:`StaleVersion`)
instead of silently overwriting the first. Nothing here evaluates members; static lists
and CSV are in :mod:`nlseg.static_lists` and :mod:`nlseg.export`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.exc import IntegrityError

from nlseg.catalog import Catalog
from nlseg.compiler import SegmentResolver
from nlseg.store import create_schema, schema
from nlseg.tree import FilterTree
from nlseg.tree.diff import tree_changes

MAX_NAME = 200
ACTIVE, ARCHIVED = "active", "archived"


class SegmentError(ValueError):
    """A segment operation that was refused; the message says why, for the person who asked."""


class StaleVersion(SegmentError):
    """The segment changed since the version the caller edited."""


class SegmentInUse(SegmentError):
    """The segment is referenced by other segments, so it cannot be deleted."""


@dataclass(frozen=True)
class SegmentInfo:
    id: int
    name: str
    description: str | None
    source_text: str | None
    status: str
    current_version: int
    created_by: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    updated_by: str | None  # the author of the current version


@dataclass(frozen=True)
class VersionInfo:
    version: int
    tree: dict
    author: str | None
    note: str | None
    created_at: dt.datetime
    changes: list[str]  # what this version changed from the one before, in plain English


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise SegmentError("A segment needs a name.")
    if len(name) > MAX_NAME:
        raise SegmentError(f"A segment name has at most {MAX_NAME} characters.")
    if reference_id(name) is not None:
        raise SegmentError("A segment name cannot be only digits (it would read as an id).")
    if any(ord(ch) < 32 or ch == "\x7f" for ch in name):
        raise SegmentError("A segment name cannot contain control characters.")
    return name


MAX_ID = 2**63 - 1  # the largest id either database stores


def reference_id(reference: int | str) -> int | None:
    """The id a reference names (an int, or text of ASCII digits: "²" is a name), else None."""
    if isinstance(reference, int) and not isinstance(reference, bool):
        return reference
    text = str(reference).strip()
    return int(text) if text.isascii() and text.isdigit() else None


def _taken(name: str) -> SegmentError:
    return SegmentError(f"A segment named '{name}' already exists; choose another name.")


def _refuse_taken(conn: Connection, name: str) -> None:
    """Names are unique ignoring case: references by name match any case."""
    s = schema.segments
    taken = conn.execute(select(s.c.name).where(func.lower(s.c.name) == name.lower())).scalar()
    if taken is not None:
        raise _taken(taken)


def _tree_json(tree: FilterTree) -> dict:
    return tree.model_dump(mode="json", exclude_none=True)


def _insert_version(conn, segment_id: int, version: int, tree, author, note, stamp) -> None:
    conn.execute(
        schema.segment_versions.insert().values(
            segment_id=segment_id,
            version=version,
            tree=tree if isinstance(tree, dict) else _tree_json(tree),
            author=author,
            note=note,
            created_at=stamp,
        )
    )


def _check_no_cycle(conn: Connection, segment_id: int | None, name: str, tree: dict) -> None:
    """Refuse a tree that refers to a segment that does not exist, or that would make
    segment ``name`` depend on itself through references."""
    s, v = schema.segments, schema.segment_versions
    rows = conn.execute(
        select(s.c.id, s.c.name, v.c.tree).join(
            v, (v.c.segment_id == s.c.id) & (v.c.version == s.c.current_version)
        )
    ).all()
    own = {name.lower()} | ({str(segment_id)} if segment_id is not None else set())
    trees: dict[str, tuple[str, dict]] = {}
    for row in rows:
        if row.id != segment_id:
            trees[str(row.id)] = trees[row.name.lower()] = (row.name, row.tree)
    unknown = sorted(r for r in references(tree) if r not in trees and r not in own)
    if unknown:  # else it would bind to whichever segment takes that name later
        shown = ", ".join(f"'{r}'" for r in unknown)
        raise SegmentError(f"There is no saved segment {shown} to refer to.")
    stack, seen = [(ref, [name]) for ref in references(tree)], set()
    while stack:
        ref, chain = stack.pop()
        if ref in own:
            path = " → ".join(f"'{n}'" for n in [*chain, name])
            raise SegmentError(f"This would make a segment use itself: {path}.")
        if ref in seen or ref not in trees:
            continue
        seen.add(ref)
        other, other_tree = trees[ref]
        stack.extend((r, [*chain, other]) for r in references(other_tree))


def create_segment(
    engine: Engine,
    name: str,
    tree: FilterTree,
    *,
    author: str | None = None,
    description: str | None = None,
    source_text: str | None = None,
    note: str | None = None,
) -> int:
    """Save ``tree`` as version 1 of a new segment; refused when the name is taken (any case)."""
    create_schema(engine)
    name = _clean_name(name)
    s = schema.segments
    stamp = _now()
    try:
        with engine.begin() as conn:
            _refuse_taken(conn, name)
            _check_no_cycle(conn, None, name, _tree_json(tree))
            segment_id = conn.execute(
                s.insert().values(
                    name=name,
                    description=description or None,
                    source_text=source_text or None,
                    status=ACTIVE,
                    current_version=1,
                    created_by=author,
                    created_at=stamp,
                    updated_at=stamp,
                )
            ).inserted_primary_key[0]
            _insert_version(conn, segment_id, 1, tree, author, note, stamp)
    except IntegrityError:  # a concurrent save of the same name won the race
        raise _taken(name) from None
    return segment_id


def update_segment(
    engine: Engine,
    segment_id: int,
    tree: FilterTree | dict,
    *,
    expected_version: int,
    author: str | None = None,
    note: str | None = None,
    description: str | None = None,
    source_text: str | None = None,
) -> int:
    """Save ``tree`` as the next version of segment ``segment_id``; returns the new version.

    ``expected_version`` is the version the edit started from. When the segment has moved
    on since, nothing is written and :class:`StaleVersion` says who saved what, when.
    ``description`` and ``source_text`` replace the stored ones when given.
    """
    s = schema.segments
    stamp = _now()
    values: dict = {"current_version": expected_version + 1, "updated_at": stamp}
    if description is not None:
        values["description"] = description or None
    if source_text is not None:
        values["source_text"] = source_text or None
    tree_json = tree if isinstance(tree, dict) else _tree_json(tree)
    with engine.begin() as conn:
        # The version check and the bump are one statement: on PostgreSQL a concurrent
        # writer waits for the row lock, then re-checks the condition and updates nothing.
        bumped = conn.execute(
            s.update()
            .where(s.c.id == segment_id, s.c.current_version == expected_version)
            .values(**values)
        ).rowcount
        if bumped != 1:
            raise _stale(conn, segment_id, expected_version)
        name = conn.execute(select(s.c.name).where(s.c.id == segment_id)).scalar_one()
        _check_no_cycle(conn, segment_id, name, tree_json)
        _insert_version(conn, segment_id, expected_version + 1, tree_json, author, note, stamp)
    return expected_version + 1


def _stale(conn: Connection, segment_id: int, expected: int) -> SegmentError:
    s, v = schema.segments, schema.segment_versions
    row = conn.execute(
        select(s.c.name, s.c.current_version, v.c.author, v.c.created_at)
        .join(v, (v.c.segment_id == s.c.id) & (v.c.version == s.c.current_version))
        .where(s.c.id == segment_id)
    ).first()
    if row is None:
        return SegmentError("This segment no longer exists; it was deleted. Save it as a new one.")
    who = row.author or "someone"
    return StaleVersion(
        f"'{row.name}' was changed by {who} at {row.created_at:%Y-%m-%d %H:%M} UTC "
        f"(now version {row.current_version}) after you opened version {expected}. Nothing "
        "was overwritten: reopen the segment to see their changes, or save yours as a new "
        "segment."
    )


def save_segment(
    engine: Engine,
    name: str,
    tree: FilterTree,
    *,
    author: str | None = None,
    description: str | None = None,
    source_text: str | None = None,
    note: str | None = None,
) -> int:
    """Save ``tree`` as the next version of segment ``name`` (creating it); returns its id.

    For scripts and fixtures that own their segments: it appends to whatever version is
    current. Interactive edits use :func:`update_segment`, which refuses stale saves.
    """
    create_schema(engine)
    s = schema.segments
    for _ in range(5):  # another writer may bump the version between our read and our write
        with engine.connect() as conn:
            row = conn.execute(
                select(s.c.id, s.c.current_version).where(s.c.name == _clean_name(name))
            ).first()
        try:
            if row is None:
                return create_segment(
                    engine,
                    name,
                    tree,
                    author=author,
                    description=description,
                    source_text=source_text,
                    note=note,
                )
            update_segment(
                engine,
                row.id,
                tree,
                expected_version=row.current_version,
                author=author,
                note=note,
                description=description,
                source_text=source_text,
            )
            return row.id
        except StaleVersion:
            continue
    raise SegmentError(f"'{name}' is being saved by others too often; try again.")


# --- reading -------------------------------------------------------------------------------


def _info_query():
    s, v = schema.segments, schema.segment_versions
    return select(
        s.c.id,
        s.c.name,
        s.c.description,
        s.c.source_text,
        s.c.status,
        s.c.current_version,
        s.c.created_by,
        s.c.created_at,
        s.c.updated_at,
        v.c.author.label("updated_by"),
    ).join(v, (v.c.segment_id == s.c.id) & (v.c.version == s.c.current_version))


def list_segments(engine: Engine, *, include_archived: bool = True) -> list[SegmentInfo]:
    """Every saved segment, most recently updated first."""
    create_schema(engine)
    s = schema.segments
    query = _info_query().order_by(s.c.updated_at.desc(), s.c.id.desc())
    if not include_archived:
        query = query.where(s.c.status != ARCHIVED)
    with engine.connect() as conn:
        return [SegmentInfo(**row._mapping) for row in conn.execute(query)]


def get_segment(engine: Engine, segment_id: int) -> SegmentInfo:
    with engine.connect() as conn:
        row = conn.execute(_info_query().where(schema.segments.c.id == segment_id)).first()
    if row is None:
        raise SegmentError(f"There is no saved segment with id {segment_id}.")
    return SegmentInfo(**row._mapping)


def version_tree(engine: Engine, segment_id: int, version: int | None = None) -> dict:
    """The stored tree (JSON) of ``version`` of a segment, the current one by default."""
    s, v = schema.segments, schema.segment_versions
    wanted = v.c.version == (version if version is not None else s.c.current_version)
    query = select(v.c.tree).join(s, s.c.id == v.c.segment_id).where(s.c.id == segment_id, wanted)
    with engine.connect() as conn:
        tree = conn.execute(query).scalar()
    if tree is None:
        which = f"version {version}" if version is not None else "current version"
        raise SegmentError(f"There is no saved segment {segment_id} with that {which}.")
    return tree


def history(engine: Engine, segment_id: int, catalog: Catalog) -> list[VersionInfo]:
    """Every version, newest first, each with what it changed from the one before."""
    v = schema.segment_versions
    with engine.connect() as conn:
        rows = conn.execute(
            select(v).where(v.c.segment_id == segment_id).order_by(v.c.version)
        ).all()
    versions, previous = [], None
    for row in rows:
        tree = _lenient_tree(row.tree, catalog)
        if tree is None:
            changes = ["This version no longer validates against the current catalog."]
        else:
            changes = tree_changes(previous, tree, catalog)
            previous = tree
        versions.append(
            VersionInfo(row.version, row.tree, row.author, row.note, row.created_at, changes)
        )
    return versions[::-1]


def _lenient_tree(data: dict, catalog: Catalog) -> FilterTree | None:
    try:
        return FilterTree.model_validate(data, context={"catalog": catalog})
    except ValueError:
        return None


# --- managing ------------------------------------------------------------------------------


def restore_version(
    engine: Engine,
    segment_id: int,
    version: int,
    catalog: Catalog,
    *,
    expected_version: int,
    author: str | None,
) -> int:
    """Make an old version current again, as a new version (history is never rewritten).

    Refused when the old tree no longer validates (a field or value since removed).
    """
    stored = version_tree(engine, segment_id, version)
    tree = _lenient_tree(stored, catalog)
    if tree is None:
        raise SegmentError(
            f"Version {version} uses fields or values that no longer exist, so it cannot be "
            "restored; edit the current version instead."
        )
    return update_segment(
        engine,
        segment_id,
        tree,
        expected_version=expected_version,
        author=author,
        note=f"Restored version {version}",
    )


def duplicate_segment(engine: Engine, segment_id: int, new_name: str, *, author: str | None) -> int:
    """A new segment with the current tree, description and source text of ``segment_id``."""
    info = get_segment(engine, segment_id)
    tree = version_tree(engine, segment_id)
    s = schema.segments
    name = _clean_name(new_name)
    stamp = _now()
    with engine.begin() as conn:
        _refuse_taken(conn, name)
        _check_no_cycle(conn, None, name, tree)
        new_id = conn.execute(
            s.insert().values(
                name=name,
                description=info.description,
                source_text=info.source_text,
                status=ACTIVE,
                current_version=1,
                created_by=author,
                created_at=stamp,
                updated_at=stamp,
            )
        ).inserted_primary_key[0]
        note = f"Duplicated from '{info.name}' version {info.current_version}"
        _insert_version(conn, new_id, 1, tree, author, note, stamp)
    return new_id


def set_archived(engine: Engine, segment_id: int, archived: bool) -> None:
    """Archive (hide from the list and from new references) or unarchive a segment.

    Segments that already use an archived segment keep evaluating it live.
    """
    s = schema.segments
    with engine.begin() as conn:
        done = conn.execute(
            s.update()
            .where(s.c.id == segment_id)
            .values(status=ARCHIVED if archived else ACTIVE, updated_at=_now())
        ).rowcount
    if done != 1:
        raise SegmentError(f"There is no saved segment with id {segment_id}.")


def references(tree: dict) -> set[str]:
    """The segment references in a tree's JSON, lower-cased (ids as digit strings)."""
    found: set[str] = set()

    def walk(node: dict | None) -> None:
        if not node:
            return
        if node.get("kind") == "segment":
            found.add(str(node.get("segment", "")).strip().lower())
        for child in node.get("children", ()):
            walk(child)

    walk(tree.get("root", tree))
    return found


def used_by(engine: Engine, segment_id: int) -> list[SegmentInfo]:
    """The other segments whose current version refers to ``segment_id`` (by id or name)."""
    target = get_segment(engine, segment_id)
    keys = {str(segment_id), target.name.lower()}
    s, v = schema.segments, schema.segment_versions
    query = (
        select(s.c.id, v.c.tree)
        .join(v, (v.c.segment_id == s.c.id) & (v.c.version == s.c.current_version))
        .where(s.c.id != segment_id)
    )
    with engine.connect() as conn:
        users = [row.id for row in conn.execute(query) if references(row.tree) & keys]
    return [get_segment(engine, i) for i in users]


def delete_segment(engine: Engine, segment_id: int) -> None:
    """Delete a segment and its versions; refused while another segment uses it.

    Static lists frozen from it are snapshots and stay.
    """
    users = used_by(engine, segment_id)
    name = get_segment(engine, segment_id).name
    if users:
        shown = ", ".join(
            f"'{u.name}'" + (" (archived)" if u.status == ARCHIVED else "") for u in users
        )
        raise SegmentInUse(
            f"'{name}' cannot be deleted: {shown} use it. Remove it from "
            f"{'that segment' if len(users) == 1 else 'those segments'} first, "
            f"or archive '{name}' instead."
        )
    s, v = schema.segments, schema.segment_versions
    with engine.begin() as conn:
        conn.execute(v.delete().where(v.c.segment_id == segment_id))
        conn.execute(s.delete().where(s.c.id == segment_id))


def segments_revision(engine: Engine) -> tuple:
    """Changes whenever a segment is created, saved or deleted: part of the cache key of
    counts of trees that refer to segments (whose trees can change under them)."""
    s = schema.segments
    with engine.connect() as conn:
        row = conn.execute(
            select(
                func.count(),
                func.max(s.c.updated_at),
                func.sum(s.c.current_version),
                func.sum(s.c.id),
            )
        ).first()
    return tuple(row) if row else ()


def segment_resolver(engine: Engine, catalog: Catalog) -> SegmentResolver:
    """Resolve a reference (id, or name ignoring case) to its current, re-validated tree."""

    def resolve(reference: int | str) -> tuple[int, FilterTree]:
        s, v = schema.segments, schema.segment_versions
        wanted = reference_id(reference)
        if wanted is not None:
            if not 1 <= wanted <= MAX_ID:
                raise LookupError(f"There is no saved segment with id {wanted}.")
            match = s.c.id == wanted
        elif "\x00" in str(reference):
            raise LookupError("A segment name cannot contain a NUL character.")
        else:
            match = func.lower(s.c.name) == str(reference).strip().lower()
        query = (
            select(s.c.id, v.c.tree)
            .join(v, (v.c.segment_id == s.c.id) & (v.c.version == s.c.current_version))
            .where(match)
        )
        with engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            raise LookupError(f"There is no saved segment '{reference}'.")
        tree = FilterTree.model_validate(row.tree, context={"catalog": catalog})
        return row.id, tree

    return resolve
