"""The English the offline parser knows besides the catalog: grammar words, and the everyday
words marketers use for the standard catalog's fields and values.

The words are data, read once at import: ``data/grammar.toml`` (negations, conjunctions,
markers, prepositions, fillers, commands, refinement words, and the words of requests the
store cannot answer) and ``data/standard_words.toml`` (relation words, condition words,
NPS groups, demonyms, regions; the aliases of fields and values are the catalog's,
``nlseg/catalog/data/aliases.toml``). Each name below is the entry of the
same name there, documented in the file; TOML arrays become tuples, order is kept, and
TOML's missing null is an omitted key. This module only gives the entries their Python
shapes: a few are built from their entries (RELATION_WORDS and CONDITION_WORDS from runs of
phrases with one meaning, SIZE_WORDS from its phrases, ACCOUNT_HINTS from ACCOUNT_SUBJECTS
and MORE_ACCOUNT_HINTS). The operator words (COMPARATORS, POSTFIX_COMPARATORS,
TEXT_OPERATORS) are the operator table's aliases, ``nlseg/catalog/data/operators.toml``.
tests/test_vocabulary_data.py checks the shapes.

Everything domain-specific is keyed by catalog names (a field key and one of its values, a
relation name) and is only used when the catalog has that field, value or relation; custom
fields and new picklist values need no entry — the lexicon reads their labels and values
from the catalog.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

from nlseg.catalog import operator_words

__all__ = [
    "ACCOUNT_HINTS", "ACCOUNT_SUBJECTS", "AUDIENCE_NOUNS", "BE", "BOOLEAN_WORDS",
    "CAMPAIGN_NOUNS", "COMMANDS", "COMPARATORS", "COMPOUND_SUFFIXES", "CONDITION_WORDS",
    "CONJUNCTIONS", "DATE_FIELD_WORDS", "DEMONYMS", "DONE_STATES", "EXCLUSIONS",
    "FIELD_CONTEXT_WORDS", "FIELD_RANK", "FILLERS", "FUTURE_OPENERS",
    "FUTURE_WORDS", "HAVE", "HEADCOUNT_FIELD", "HEADCOUNT_NOUNS", "INSTRUCTIONS", "LAST_WORDS",
    "LATEST_WORDS", "MARKERS",
    "METRIC_WORDS", "NEGATED_WORDS", "NEGATIONS", "NEXT_WORDS", "NOT_NOUNS", "NPS_FIELDS",
    "NPS_WORDS", "OUTSIDE", "OWNED_AFTER", "OWNER_TEXT", "OWNING_VERBS", "PEOPLE_SUBJECTS",
    "PLANNED_DATE_FIELDS", "PLANNED_DATE_OF_RELATION", "POSTFIX_COMPARATORS", "PREDICTIONS",
    "PREPOSITIONS", "PRESENCE", "PRESENCE_WORDS", "QUANTITY_ALL", "QUANTITY_ANY",
    "QUESTION_OPENERS", "QUIET_VALUES", "REACH_VERBS", "RECENT_RELATION_WORDS", "REFINE_CHANGE",
    "REFINE_DATE_NOUNS", "REFINE_EXCLUDE", "REFINE_NARROW", "REFINE_NOUNS", "REFINE_REMOVE",
    "REFINE_WIDEN", "REGIONS", "REGION_WORDS", "RELATION_ALTERNATIVES", "RELATION_WORDS",
    "REQUEST_ONLY_METRICS", "RESTART", "SIZE_WORDS", "STATE_WORDS", "TEXT_OPERATORS",
    "TIMES_WORDS", "TOPIC_FIELDS", "VAGUE_VALUES", "WEAK_VALUES",
]  # fmt: skip


def _tuples(value: Any) -> Any:
    """``value`` with every list a tuple, at any depth (TOML has arrays, the parser tuples)."""
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    if isinstance(value, dict):
        return {k: _tuples(v) for k, v in value.items()}
    return value


def _load(name: str) -> dict[str, Any]:
    """One data file of this package (``data/<name>``), arrays as tuples."""
    path = resources.files("nlseg.translate.offline").joinpath(f"data/{name}")
    return _tuples(tomllib.loads(path.read_text(encoding="utf-8")))


_g = _load("grammar.toml")
_s = _load("standard_words.toml")

# --- grammar -------------------------------------------------------------------------------

NEGATIONS: dict[str, str] = _g["NEGATIONS"]
COMPOUND_SUFFIXES: tuple[str, ...] = _g["COMPOUND_SUFFIXES"]
NEGATED_WORDS: dict[str, str] = _g["NEGATED_WORDS"]
EXCLUSIONS: tuple[str, ...] = _g["EXCLUSIONS"]
# Operator words are the operator table's (nlseg/catalog/data/operators.toml): phrase → op.
COMPARATORS: dict[str, str] = {w: op.value for w, op in operator_words("comparators").items()}
POSTFIX_COMPARATORS: dict[str, str] = {
    w: op.value for w, op in operator_words("postfix_comparators").items()
}
CONJUNCTIONS: dict[str, str] = _g["CONJUNCTIONS"]
MARKERS: tuple[str, ...] = _g["MARKERS"]
PRESENCE: tuple[str, ...] = _g["PRESENCE"]
HAVE: tuple[str, ...] = _g["HAVE"]
BE: tuple[str, ...] = _g["BE"]
PREPOSITIONS: dict[str, str] = _g["PREPOSITIONS"]
OUTSIDE: tuple[str, ...] = _g["OUTSIDE"]
TEXT_OPERATORS: dict[str, str] = {w: op.value for w, op in operator_words("text_operators").items()}
OWNING_VERBS: tuple[str, ...] = _g["OWNING_VERBS"]
OWNER_TEXT: tuple[str, ...] = _g["OWNER_TEXT"]
OWNED_AFTER: tuple[str, ...] = _g["OWNED_AFTER"]
PRESENCE_WORDS: dict[str, str] = _g["PRESENCE_WORDS"]
BOOLEAN_WORDS: dict[str, bool] = _g["BOOLEAN_WORDS"]
QUANTITY_ALL: tuple[str, ...] = _g["QUANTITY_ALL"]
QUANTITY_ANY: tuple[str, ...] = _g["QUANTITY_ANY"]
LAST_WORDS: tuple[str, ...] = _g["LAST_WORDS"]
CAMPAIGN_NOUNS: tuple[str, ...] = _g["CAMPAIGN_NOUNS"]
TIMES_WORDS: tuple[str, ...] = _g["TIMES_WORDS"]
COMMANDS: tuple[str, ...] = _g["COMMANDS"]
INSTRUCTIONS: tuple[str, ...] = _g["INSTRUCTIONS"]
AUDIENCE_NOUNS: tuple[str, ...] = _g["AUDIENCE_NOUNS"]
FILLERS: tuple[str, ...] = _g["FILLERS"]
PEOPLE_SUBJECTS: tuple[str, ...] = _g["PEOPLE_SUBJECTS"]
ACCOUNT_SUBJECTS: tuple[str, ...] = _g["ACCOUNT_SUBJECTS"]
ACCOUNT_HINTS: tuple[str, ...] = (*ACCOUNT_SUBJECTS, *_g["MORE_ACCOUNT_HINTS"])

# Refinement words (a turn that changes the tree being discussed).
REFINE_NARROW: tuple[str, ...] = _g["REFINE_NARROW"]
REFINE_WIDEN: tuple[str, ...] = _g["REFINE_WIDEN"]
REFINE_EXCLUDE: tuple[str, ...] = _g["REFINE_EXCLUDE"]
REFINE_REMOVE: tuple[str, ...] = _g["REFINE_REMOVE"]
REFINE_CHANGE: tuple[str, ...] = _g["REFINE_CHANGE"]
REFINE_NOUNS: tuple[str, ...] = _g["REFINE_NOUNS"]
REFINE_DATE_NOUNS: tuple[str, ...] = _g["REFINE_DATE_NOUNS"]
RESTART: tuple[str, ...] = _g["RESTART"]

# --- what the store cannot answer ------------------------------------------------------------

PREDICTIONS: tuple[str, ...] = _g["PREDICTIONS"]
NEXT_WORDS: tuple[str, ...] = _g["NEXT_WORDS"]
FUTURE_WORDS: tuple[str, ...] = _g["FUTURE_WORDS"]
FUTURE_OPENERS: tuple[str, ...] = _g["FUTURE_OPENERS"]
PLANNED_DATE_FIELDS: tuple[str, ...] = _g["PLANNED_DATE_FIELDS"]
PLANNED_DATE_OF_RELATION: dict[str, str] = _g["PLANNED_DATE_OF_RELATION"]
DONE_STATES: tuple[tuple[str, str], ...] = _g["DONE_STATES"]
METRIC_WORDS: tuple[str, ...] = _g["METRIC_WORDS"]
REQUEST_ONLY_METRICS: tuple[str, ...] = _g["REQUEST_ONLY_METRICS"]
QUESTION_OPENERS: dict[str, tuple[str, ...]] = _g["QUESTION_OPENERS"]
NOT_NOUNS: tuple[str, ...] = _g["NOT_NOUNS"]

# --- the standard catalog's everyday words ---------------------------------------------------

WEAK_VALUES: frozenset[str] = frozenset(_s["WEAK_VALUES"])
QUIET_VALUES: set[tuple[str, str]] = set(_s["QUIET_VALUES"])
FIELD_RANK: dict[str, int] = _s["FIELD_RANK"]
# Runs of phrases with one meaning, in file order (a later duplicate would win, in place).
RELATION_WORDS: dict[str, tuple[str, dict[str, tuple[str, ...]]]] = {
    phrase: (run["relation"], run["where"])
    for run in _s["RELATION_WORDS"]
    for phrase in run["phrases"]
}
TOPIC_FIELDS: dict[str, str] = _s["TOPIC_FIELDS"]
RELATION_ALTERNATIVES: dict[str, tuple[str, str, dict[str, tuple[str, ...]]]] = _s[
    "RELATION_ALTERNATIVES"
]
# TOML has no null: a run without a ``value`` key has the value None.
CONDITION_WORDS: dict[str, tuple[str, str, object]] = {
    phrase: (run["field"], run["op"], run.get("value"))
    for run in _s["CONDITION_WORDS"]
    for phrase in run["phrases"]
}
NPS_WORDS: dict[str, tuple[str, int | tuple[int, int]]] = _s["NPS_WORDS"]
NPS_FIELDS: tuple[str, ...] = _s["NPS_FIELDS"]
DATE_FIELD_WORDS: dict[str, tuple[str, ...]] = _s["DATE_FIELD_WORDS"]
LATEST_WORDS: tuple[str, ...] = _s["LATEST_WORDS"]
SIZE_WORDS: dict[str, tuple[str, str, int, str]] = dict.fromkeys(
    _s["SIZE_WORDS"]["phrases"], _s["SIZE_WORDS"]["condition"]
)
REACH_VERBS: tuple[str, ...] = _s["REACH_VERBS"]
VAGUE_VALUES: dict[str, dict[str, tuple[tuple[str, ...], ...]]] = _s["VAGUE_VALUES"]
HEADCOUNT_FIELD: str = _s["HEADCOUNT"]["field"]
HEADCOUNT_NOUNS: frozenset[str] = frozenset(_s["HEADCOUNT"]["nouns"])
STATE_WORDS: dict[str, tuple[str, str, int, str]] = _s["STATE_WORDS"]
RECENT_RELATION_WORDS: dict[str, tuple[str, dict[str, tuple[str, ...]], float, str]] = _s[
    "RECENT_RELATION_WORDS"
]
DEMONYMS: dict[str, str] = _s["DEMONYMS"]
FIELD_CONTEXT_WORDS: dict[str, tuple[str, ...]] = _s["FIELD_CONTEXT_WORDS"]
REGIONS: dict[str, tuple[str, ...]] = _s["REGIONS"]
REGION_WORDS: dict[str, str] = _s["REGION_WORDS"]

del _g, _s
