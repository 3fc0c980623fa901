"""The two fixtures every case runs on: the demo CRM and the edge CRM, at one frozen date.

Both are SQLite files built once and reused: the file name carries a hash of what went
into it (the build parameters, the sources of the generator and the store, and the saved
segments), so a change to any of them builds a fresh file and nothing stale is ever read.
The rows are built once into a base file; each set of saved segments gets a copy of it.
Files are built under a temporary name and renamed into place, so concurrent runs never
see half a fixture.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from sqlalchemy import Engine, func, select

import nlseg
from nlseg.catalog import Catalog, load_catalog
from nlseg.clock import Clock
from nlseg.evalsuite.cases import SAFE_LOADER, Problem
from nlseg.segments import save_segment
from nlseg.store import make_engine
from nlseg.store import schema as s
from nlseg.tree import FilterTree, error_messages

AS_OF = dt.date(2026, 11, 1)
DEMO_CONTACTS = 5000
DEMO_SEED = 42
WORK_DIR_ENV = "NLSEG_EVAL_WORK_DIR"
FIXTURE_NAMES = ("demo", "edge")

_PACKAGE = Path(nlseg.__file__).parent
# What a fixture's rows depend on: the generators, the store schema, the segment code.
SOURCES = {
    "demo": ("sync", "store", "segments.py"),
    "edge": (
        "evalsuite/edge_fixture.py",
        "sync/vocab",
        "catalog/standard.py",
        "store",
        "segments.py",
    ),
}


@dataclass(frozen=True)
class SegmentSpec:
    name: str
    description: str | None
    tree: dict[str, Any]


@dataclass
class Fixture:
    name: str
    engine: Engine
    catalog: Catalog
    clock: Clock
    contacts: int  # every contact, for "non-total" checks
    path: Path


def default_work_dir() -> Path:
    configured = os.environ.get(WORK_DIR_ENV)
    return Path(configured) if configured else Path(tempfile.gettempdir()) / "nlseg-eval"


def load_segments(path: Path | None) -> tuple[list[SegmentSpec], list[Problem]]:
    """The saved segments the cases refer to (``eval/fixtures/segments.yaml``), if any."""
    if path is None or not path.exists():
        return [], []
    where = path.as_posix()
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or []
    except (OSError, yaml.YAMLError) as exc:
        return [], [Problem(where, None, f"cannot be read as YAML: {exc}")]
    if not isinstance(data, list):
        return [], [Problem(where, None, "must be a list of {name, description, tree}.")]
    specs, problems, seen = [], [], set()
    for i, item in enumerate(data, start=1):
        name = item.get("name") if isinstance(item, dict) else None
        if not isinstance(name, str) or not name.strip() or not isinstance(item.get("tree"), dict):
            problems.append(Problem(where, None, f"segment {i} needs a `name` and a `tree`."))
            continue
        if name.casefold() in seen:
            problems.append(Problem(where, name, "a segment of this name is listed twice."))
            continue
        seen.add(name.casefold())
        specs.append(SegmentSpec(name, item.get("description"), item["tree"]))
    return specs, problems


def _sources_hash(parts: tuple[str, ...]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        path = _PACKAGE / part
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for file in files:
            digest.update(file.relative_to(_PACKAGE).as_posix().encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def _digest(spec: object) -> str:
    return hashlib.sha256(json.dumps(spec, sort_keys=True, default=str).encode()).hexdigest()


def _key(name: str, params: dict[str, Any], segments: list[SegmentSpec]) -> str:
    """The cache key of a fixture with its saved segments."""
    base = _digest({"fixture": name, "params": params, "sources": _sources_hash(SOURCES[name])})
    return _digest({"base": base, "segments": [[x.name, x.description, x.tree] for x in segments]})


def _save_segments(engine: Engine, segments: list[SegmentSpec], where: str) -> list[Problem]:
    catalog = load_catalog(engine, refresh=True)
    problems = []
    for spec in segments:
        try:
            tree = FilterTree.model_validate(spec.tree, context={"catalog": catalog})
        except ValidationError as exc:
            for message in error_messages(exc):
                problems.append(Problem(where, spec.name, f"segment tree: {message}"))
            continue
        save_segment(engine, spec.name, tree, author="nlseg eval", description=spec.description)
    return problems


def _scratch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.with_name(f"{path.stem}.{uuid.uuid4().hex[:8]}.building")


def _seal(engine: Engine) -> None:
    """One self-contained file (no WAL beside it), safe to copy and rename."""
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA journal_mode = DELETE")
    engine.dispose()


def _build_base(path: Path, fill: Callable[[Engine], None]) -> None:
    """The rows alone, built under a temporary name and moved into place."""
    scratch = _scratch(path)
    engine = make_engine(f"sqlite:///{scratch}")
    try:
        fill(engine)
    finally:
        _seal(engine)
    os.replace(scratch, path)


def _build_with_segments(
    base: Path, path: Path, segments: list[SegmentSpec], where: str
) -> list[Problem]:
    """A copy of the base with the segments saved; nothing is kept when one is invalid."""
    scratch = _scratch(path)
    shutil.copyfile(base, scratch)
    engine = make_engine(f"sqlite:///{scratch}")
    try:
        problems = _save_segments(engine, segments, where)
    finally:
        _seal(engine)
    if problems:
        scratch.unlink(missing_ok=True)
        return problems
    os.replace(scratch, path)
    return []


def _fill_demo(engine: Engine) -> None:
    from nlseg.sync.demo import build_demo

    build_demo(engine, contacts=DEMO_CONTACTS, seed=DEMO_SEED, as_of=AS_OF)


def _fill_edge(engine: Engine) -> None:
    from nlseg.evalsuite.edge_fixture import build_edge

    build_edge(engine)


FILLERS = {"demo": _fill_demo, "edge": _fill_edge}
PARAMS = {
    "demo": {"contacts": DEMO_CONTACTS, "seed": DEMO_SEED, "as_of": AS_OF.isoformat()},
    "edge": {"as_of": AS_OF.isoformat()},
}


def open_fixture(name: str, path: Path) -> Fixture:
    engine = make_engine(f"sqlite:///{path}")
    catalog = load_catalog(engine, refresh=True)
    with engine.connect() as conn:
        contacts = conn.execute(select(func.count()).select_from(s.contacts)).scalar_one()
    return Fixture(name, engine, catalog, Clock.at(AS_OF), contacts, path)


def prepare_fixtures(
    work_dir: Path | None, segments: list[SegmentSpec], segments_file: str = "segments"
) -> tuple[dict[str, Fixture], list[Problem]]:
    """Both fixtures (built if needed), with the segments saved; or the segments' problems."""
    directory = work_dir or default_work_dir()
    fixtures, problems = {}, []
    for name in FIXTURE_NAMES:
        base = directory / f"{name}-base-{_key(name, PARAMS[name], [])[:16]}.db"
        path = directory / f"{name}-{_key(name, PARAMS[name], segments)[:16]}.db"
        if not base.exists():
            _build_base(base, FILLERS[name])
        if not path.exists():
            found = _build_with_segments(base, path, segments, f"{segments_file} ({name})")
            if found:
                problems.extend(found)
                continue
        fixtures[name] = open_fixture(name, path)
    return fixtures, problems


def close_fixtures(fixtures: dict[str, Fixture]) -> None:
    for fixture in fixtures.values():
        fixture.engine.dispose()
