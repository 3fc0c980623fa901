"""The catalog: what can be filtered, and how."""

from nlseg.catalog.loader import build_catalog, custom_field_key, load_catalog
from nlseg.catalog.model import (
    OP_LABELS,
    OPERATORS,
    Catalog,
    CatalogError,
    DataType,
    Entity,
    FieldDef,
    JoinStep,
    Op,
    Relation,
)
from nlseg.catalog.standard import standard_catalog

__all__ = [
    "OPERATORS",
    "OP_LABELS",
    "Catalog",
    "CatalogError",
    "DataType",
    "Entity",
    "FieldDef",
    "JoinStep",
    "Op",
    "Relation",
    "build_catalog",
    "custom_field_key",
    "load_catalog",
    "standard_catalog",
]
