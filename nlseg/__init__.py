"""nlseg: describe a CRM audience in plain English; get a live, dynamic segment you can trust.

The typed public API. Everything a caller needs to validate, compile and run a filter tree::

    from nlseg import Clock, evaluate, load_catalog, make_engine, parse_tree

    engine = make_engine("sqlite:///nlseg.db")
    catalog = load_catalog(engine)
    tree = parse_tree(open("tree.json").read(), catalog)
    result = evaluate(engine, tree, clock=Clock.at("2026-11-01"), catalog=catalog)
    print(result.explanation, result.count)

and to load CRM exports through a field mapping (docs/sync.md)::

    from nlseg import FolderSource, load_mapping, run_sync

    result = run_sync(engine, load_mapping("salesforce.toml"), FolderSource("exports/"), full=True)
"""

from nlseg.catalog import (
    Catalog,
    CatalogError,
    DataType,
    FieldDef,
    Op,
    Relation,
    build_catalog,
    load_catalog,
    standard_catalog,
)
from nlseg.clock import Clock
from nlseg.compiler import CompiledTree, CompileError, compile_tree
from nlseg.compiler.execute import QueryTimeout
from nlseg.evaluate import SegmentResult, TreeError, evaluate, parse_tree
from nlseg.segments import save_segment, segment_resolver
from nlseg.store import create_schema, make_engine
from nlseg.sync.export import write_export
from nlseg.sync.mapping import Mapping, MappingError, load_mapping, parse_mapping
from nlseg.sync.run import SyncError, SyncResult
from nlseg.sync.run import sync as run_sync  # not `sync`: that would hide the nlseg.sync package
from nlseg.sync.saved import save_mapping
from nlseg.sync.sources import FolderSource, Rejected, Source, SourceError
from nlseg.tree import (
    Condition,
    DateFilter,
    FilterTree,
    Group,
    InSegment,
    Quantifier,
    Related,
    canonical_json,
    normalize,
    outline,
    sentence,
)

__version__ = "0.1.0"

__all__ = [
    "Catalog",
    "CatalogError",
    "Clock",
    "CompileError",
    "CompiledTree",
    "Condition",
    "DataType",
    "DateFilter",
    "FieldDef",
    "FilterTree",
    "FolderSource",
    "Group",
    "InSegment",
    "Mapping",
    "MappingError",
    "Op",
    "Quantifier",
    "QueryTimeout",
    "Rejected",
    "Related",
    "Relation",
    "SegmentResult",
    "Source",
    "SourceError",
    "SyncError",
    "SyncResult",
    "TreeError",
    "__version__",
    "build_catalog",
    "canonical_json",
    "compile_tree",
    "create_schema",
    "evaluate",
    "load_catalog",
    "load_mapping",
    "make_engine",
    "normalize",
    "outline",
    "parse_mapping",
    "parse_tree",
    "run_sync",
    "save_mapping",
    "save_segment",
    "segment_resolver",
    "sentence",
    "standard_catalog",
    "write_export",
]
