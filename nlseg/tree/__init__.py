"""The filter tree: models, validation against the catalog, normalisation and rendering."""

from nlseg.tree.models import (
    SCHEMA_VERSION,
    Condition,
    DateFilter,
    FilterTree,
    Group,
    InSegment,
    Node,
    Period,
    Quantifier,
    Range,
    Related,
    RelativeSpan,
    Unit,
)
from nlseg.tree.validation import error_messages, tree_problems

__all__ = [
    "SCHEMA_VERSION",
    "Condition",
    "DateFilter",
    "FilterTree",
    "Group",
    "InSegment",
    "Node",
    "Period",
    "Quantifier",
    "Range",
    "Related",
    "RelativeSpan",
    "Unit",
    "error_messages",
    "tree_problems",
]

from nlseg.tree.normalize import canonical_json, normalize
from nlseg.tree.render import outline, sentence

__all__ += ["canonical_json", "normalize", "outline", "sentence"]
