"""The catalog: what can be filtered, and how."""

from nlseg.catalog.loader import build_catalog, custom_field_key, load_catalog
from nlseg.catalog.model import (
    OP_LABELS,
    OPERATORS,
    Catalog,
    CatalogError,
    Entity,
    FieldDef,
    JoinStep,
    Relation,
)
from nlseg.catalog.operators import (
    DATA_TYPE_ORDER,
    OPERATOR_TABLE,
    DataType,
    Op,
    Operator,
    ValueShape,
    operator_words,
    operators_for,
)
from nlseg.catalog.standard import standard_catalog

__all__ = [
    "DATA_TYPE_ORDER",
    "OPERATORS",
    "OPERATOR_TABLE",
    "OP_LABELS",
    "Catalog",
    "CatalogError",
    "DataType",
    "Entity",
    "FieldDef",
    "JoinStep",
    "Op",
    "Operator",
    "Relation",
    "ValueShape",
    "build_catalog",
    "custom_field_key",
    "load_catalog",
    "operator_words",
    "operators_for",
    "standard_catalog",
]
