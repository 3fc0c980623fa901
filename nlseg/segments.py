"""Saved segments: stored trees with every version kept, and live resolution of references.

This module holds what the engine needs — saving a new segment or a new version
atomically, and resolving a reference to the current tree. Archive, duplicate, static
lists and CSV are built on it by the app.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, func, select

from nlseg.catalog import Catalog
from nlseg.compiler import SegmentResolver
from nlseg.store import create_schema, schema
from nlseg.tree import FilterTree


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


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
    """Save ``tree`` as the next version of segment ``name`` (creating it); returns its id."""
    create_schema(engine)
    s, v = schema.segments, schema.segment_versions
    stamp = _now()
    with engine.begin() as conn:
        existing = conn.execute(select(s.c.id, s.c.current_version).where(s.c.name == name)).first()
        if existing is None:
            segment_id = conn.execute(
                s.insert().values(
                    name=name,
                    description=description,
                    source_text=source_text,
                    status="active",
                    current_version=1,
                    created_by=author,
                    created_at=stamp,
                    updated_at=stamp,
                )
            ).inserted_primary_key[0]
            version = 1
        else:
            segment_id, version = existing.id, existing.current_version + 1
            conn.execute(
                s.update()
                .where(s.c.id == segment_id)
                .values(current_version=version, updated_at=stamp)
            )
        conn.execute(
            v.insert().values(
                segment_id=segment_id,
                version=version,
                tree=tree.model_dump(mode="json", exclude_none=True),
                author=author,
                note=note,
                created_at=stamp,
            )
        )
    return segment_id


def segment_resolver(engine: Engine, catalog: Catalog) -> SegmentResolver:
    """Resolve a reference (id, or name ignoring case) to its current, re-validated tree."""

    def resolve(reference: int | str) -> tuple[int, FilterTree]:
        s, v = schema.segments, schema.segment_versions
        if isinstance(reference, int) or str(reference).isdigit():
            match = s.c.id == int(reference)
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
