"""What the app shares across reruns and sessions: the engine, catalog and translator as cached
resources, and counts, previews and waterfalls as cached data.

Counts and previews are cached by the normalised tree (two spellings of one meaning share an
entry) together with the as-of day and a stamp of the data: the store's freshness, and the
segments' revision when the tree refers to saved segments (whose trees can change under it).
Failures are never cached (Streamlit does not cache exceptions), so a timed-out count is
retried on the next change.
"""

from __future__ import annotations

import os

import streamlit as st
from sqlalchemy import Engine

from nlseg import refresh
from nlseg.catalog import Catalog, load_catalog
from nlseg.clock import Clock
from nlseg.evaluate import compile_for, parse_tree, sql_text
from nlseg.freshness import Freshness, data_freshness
from nlseg.segments import references, segments_revision
from nlseg.store import create_schema, database_url, make_engine
from nlseg.translate.engine import ENGINES, EngineLoadError, load_engine
from nlseg.tree import FilterTree, canonical_json, normalize
from nlseg.waterfall import StepCount, waterfall

COUNT_TTL_S = 300  # data synced meanwhile shows within five minutes even on an unchanged tree
FRESHNESS_TTL_S = 30


def current_url() -> str:
    return database_url()


def clock() -> Clock:
    """Today, or ``NLSEG_AS_OF``: read on every run so a changed environment takes effect."""
    return Clock.at()


@st.cache_resource(show_spinner=False)
def engine_for(url: str) -> Engine:
    engine = make_engine(url)
    create_schema(engine)
    return engine


@st.cache_resource(show_spinner=False, max_entries=8)
def catalog_for(url: str, stamp: tuple = ()) -> Catalog:
    """The catalog as of ``stamp`` (see :func:`catalog_stamp`): a sync run elsewhere, say
    from the command line, changes the stamp, and the next run reads the new fields."""
    return load_catalog(engine_for(url), refresh=True)


def catalog_stamp(url: str) -> tuple:
    fresh = freshness_of(url)
    return (str(fresh.loaded_at), fresh.sync_run)


def engine() -> Engine:
    return engine_for(current_url())


def catalog() -> Catalog:
    url = current_url()
    return catalog_for(url, catalog_stamp(url))


def translator_spec() -> str:
    """``auto`` (the LLM when one is configured, else offline) once it exists, else offline."""
    return os.environ.get("NLSEG_ENGINE") or ("auto" if "auto" in ENGINES else "offline")


@st.cache_resource(show_spinner=False)
def translator_for(spec: str):
    """The translator engine and, when it could not be loaded, why offline is used instead."""
    try:
        return load_engine(spec), None
    except EngineLoadError as exc:
        return load_engine("offline"), f"{exc} The offline translator is used instead."


def translator():
    return translator_for(translator_spec())


def data_changed() -> None:
    """After the data itself changed (demo loaded): forget every cached catalog and count."""
    catalog_for.clear()
    st.cache_data.clear()


@st.cache_data(ttl=FRESHNESS_TTL_S, show_spinner=False)
def freshness_of(url: str) -> Freshness:
    return data_freshness(engine_for(url))


def freshness() -> Freshness:
    return freshness_of(current_url())


def tree_key(tree: FilterTree) -> str:
    """The cache key of a tree's meaning: its normalised canonical JSON."""
    return canonical_json(normalize(tree))


def data_stamp(tree: FilterTree) -> tuple:
    fresh = freshness()
    stamp: tuple = (
        fresh.contacts,
        str(fresh.loaded_at),
        str(fresh.newest_change),
        fresh.sync_run,
    )
    if references(tree.model_dump(mode="json")):
        stamp += segments_revision(engine())
    return stamp


def _parsed(url: str, key: str) -> tuple[Engine, Catalog, FilterTree]:
    catalog = catalog_for(url, catalog_stamp(url))
    return engine_for(url), catalog, parse_tree(key, catalog)


@st.cache_data(ttl=COUNT_TTL_S, max_entries=5000, show_spinner=False)
def _count(url: str, key: str, as_of: str, stamp: tuple) -> int:
    engine, catalog, tree = _parsed(url, key)
    return refresh.count_of(engine, tree, catalog, Clock.at(as_of))


@st.cache_data(ttl=COUNT_TTL_S, max_entries=500, show_spinner=False)
def _first_rows(
    url: str, key: str, as_of: str, stamp: tuple, limit: int, count: int | None
) -> list[dict]:
    engine, catalog, tree = _parsed(url, key)
    return refresh.first_rows(engine, tree, catalog, Clock.at(as_of), limit, count=count)


@st.cache_data(ttl=COUNT_TTL_S, max_entries=500, show_spinner=False)
def _waterfall(url: str, tree_json: str, as_of: str, stamp: tuple) -> list[StepCount]:
    engine, catalog, tree = _parsed(url, tree_json)
    return waterfall(engine, tree, catalog, Clock.at(as_of))


@st.cache_data(ttl=COUNT_TTL_S, max_entries=500, show_spinner=False)
def _sql(url: str, key: str, as_of: str, stamp: tuple) -> str:
    engine, catalog, tree = _parsed(url, key)
    return sql_text(engine, compile_for(engine, tree, catalog, Clock.at(as_of)))


def count(tree: FilterTree) -> int:
    """The number of members (of a multi-condition tree: the last step of its waterfall,
    which the preview computes anyway)."""
    if refresh.has_steps(tree):
        return waterfall_of(tree)[-1].remaining
    return _count(current_url(), tree_key(tree), clock().today.isoformat(), data_stamp(tree))


def first_rows(tree: FilterTree, limit: int = 10) -> list[dict]:
    today = clock().today.isoformat()
    known = count(tree)  # cached by now: the preview shows the count first
    return _first_rows(current_url(), tree_key(tree), today, data_stamp(tree), limit, known)


def waterfall_of(tree: FilterTree) -> list[StepCount]:
    """Steps in the order the user wrote them (so keyed by the exact tree, not its meaning)."""
    today = clock().today.isoformat()
    return _waterfall(current_url(), tree.to_json(), today, data_stamp(tree))


def sql(tree: FilterTree) -> str:
    return _sql(current_url(), tree_key(tree), clock().today.isoformat(), data_stamp(tree))
