"""The offline vocabulary's data files (nlseg/translate/offline/data/grammar.toml and
standard_words.toml): they load, every entry has the Python shape its readers expect, and
phrases are written the way the lexicon matches them. A malformed edit of the TOML fails here.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from typing import Any

import pytest

from nlseg.translate.offline import vocabulary as vocab

FILES = ("grammar.toml", "standard_words.toml")
# Entries of the files that are not vocabulary names themselves.
HELPER_KEYS = {"MORE_ACCOUNT_HINTS", "HEADCOUNT"}
# Names built in vocabulary.py from other entries, not read from a key of their own: the
# operator words come from the operator table (nlseg/catalog/data/operators.toml, checked
# by tests/test_operators.py).
DERIVED = {
    "ACCOUNT_HINTS",
    "HEADCOUNT_FIELD",
    "HEADCOUNT_NOUNS",
    "COMPARATORS",
    "POSTFIX_COMPARATORS",
    "TEXT_OPERATORS",
}
# Repeats already in the data (harmless for a filler set); new ones fail the test.
KNOWN_DUPLICATES = {"FILLERS": {"ones", "also", "into", "yet"}}


def _raw(name: str) -> dict[str, Any]:
    text = resources.files("nlseg.translate.offline").joinpath(f"data/{name}").read_text("utf-8")
    return tomllib.loads(text)


# --- shapes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tup:  # tuple[item, ...]
    item: Any


@dataclass(frozen=True)
class Fixed:  # tuple[a, b, ...] of exactly these
    items: tuple[Any, ...]


@dataclass(frozen=True)
class Map:  # dict[key, value]
    key: Any
    value: Any


@dataclass(frozen=True)
class SetOf:  # set or frozenset of item
    kind: type
    item: Any


@dataclass(frozen=True)
class Either:
    options: tuple[Any, ...]


def conforms(value: Any, spec: Any) -> bool:
    if isinstance(spec, type):
        return type(value) is spec  # exact: a bool is not an int, a list is not a tuple
    if isinstance(spec, Tup):
        return type(value) is tuple and all(conforms(v, spec.item) for v in value)
    if isinstance(spec, Fixed):
        return (
            type(value) is tuple
            and len(value) == len(spec.items)
            and all(conforms(v, s) for v, s in zip(value, spec.items, strict=True))
        )
    if isinstance(spec, Map):
        return type(value) is dict and all(
            conforms(k, spec.key) and conforms(v, spec.value) for k, v in value.items()
        )
    if isinstance(spec, SetOf):
        return type(value) is spec.kind and all(conforms(v, spec.item) for v in value)
    if isinstance(spec, Either):
        return any(conforms(value, s) for s in spec.options)
    raise TypeError(spec)


WORDS = Tup(str)
WHERE = Map(str, Tup(str))  # {field key: (values, ...)}
SHAPES: dict[str, Any] = {
    **dict.fromkeys(
        (
            "COMPOUND_SUFFIXES", "EXCLUSIONS", "MARKERS", "PRESENCE", "HAVE", "BE", "OUTSIDE",
            "OWNING_VERBS", "OWNER_TEXT", "OWNED_AFTER", "QUANTITY_ALL", "QUANTITY_ANY", "LAST_WORDS",
            "CAMPAIGN_NOUNS", "TIMES_WORDS", "COMMANDS", "INSTRUCTIONS", "AUDIENCE_NOUNS",
            "FILLERS", "PEOPLE_SUBJECTS", "ACCOUNT_SUBJECTS", "ACCOUNT_HINTS", "REFINE_NARROW",
            "REFINE_WIDEN", "REFINE_EXCLUDE", "REFINE_REMOVE", "REFINE_CHANGE", "REFINE_NOUNS",
            "REFINE_DATE_NOUNS", "RESTART", "PREDICTIONS", "NEXT_WORDS", "FUTURE_WORDS",
            "FUTURE_OPENERS", "PLANNED_DATE_FIELDS", "METRIC_WORDS", "REQUEST_ONLY_METRICS",
            "NOT_NOUNS", "NPS_FIELDS", "LATEST_WORDS", "REACH_VERBS",
        ),
        WORDS,
    ),
    **dict.fromkeys(
        (
            "NEGATIONS", "NEGATED_WORDS", "COMPARATORS", "POSTFIX_COMPARATORS", "CONJUNCTIONS",
            "PREPOSITIONS", "TEXT_OPERATORS", "PRESENCE_WORDS", "PLANNED_DATE_OF_RELATION",
            "TOPIC_FIELDS", "DEMONYMS", "REGION_WORDS",
        ),
        Map(str, str),
    ),
    **dict.fromkeys(
        ("QUESTION_OPENERS", "DATE_FIELD_WORDS", "FIELD_CONTEXT_WORDS", "REGIONS"),
        Map(str, WORDS),
    ),
    "BOOLEAN_WORDS": Map(str, bool),
    "DONE_STATES": Tup(Fixed((str, str))),
    "WEAK_VALUES": SetOf(frozenset, str),
    "QUIET_VALUES": SetOf(set, Fixed((str, str))),
    "FIELD_RANK": Map(str, int),
    "RELATION_WORDS": Map(str, Fixed((str, WHERE))),
    "RELATION_ALTERNATIVES": Map(str, Fixed((str, str, WHERE))),
    "CONDITION_WORDS": Map(str, Fixed((str, str, Either((type(None), str, int, float, bool))))),
    "NPS_WORDS": Map(str, Fixed((str, Either((int, Fixed((int, int))))))),
    "SIZE_WORDS": Map(str, Fixed((str, str, int, str))),
    "STATE_WORDS": Map(str, Fixed((str, str, int, str))),
    "RECENT_RELATION_WORDS": Map(str, Fixed((str, WHERE, float, str))),
    "VAGUE_VALUES": Map(str, Map(str, Tup(Tup(str)))),
    "HEADCOUNT_FIELD": str,
    "HEADCOUNT_NOUNS": SetOf(frozenset, str),
}  # fmt: skip

# Entries whose words are not phrases of a request (field keys, relations, values, countries).
NOT_PHRASES = {
    "PLANNED_DATE_FIELDS", "NPS_FIELDS", "DONE_STATES", "QUIET_VALUES", "REGIONS", "FIELD_RANK",
    "PLANNED_DATE_OF_RELATION", "TOPIC_FIELDS",
}  # fmt: skip


def _phrases(name: str) -> list[str]:
    """The words of a request that entry ``name`` lists, in order (repeats kept)."""
    value = getattr(vocab, name)
    if name == "VAGUE_VALUES":
        return [p for by_phrase in value.values() for p in by_phrase]  # keyed by field
    if name in ("DATE_FIELD_WORDS", "FIELD_CONTEXT_WORDS"):
        return [p for words in value.values() for p in words]  # keyed by field
    if name == "QUESTION_OPENERS":
        return [*value, *(p for words in value.values() for p in words)]
    return list(value)  # a list, a set, or a table keyed by phrase


def _lists(name: str) -> list[list[Any]]:
    """The ordered lists of entry ``name`` in which a repeat is a slip (TOML itself rejects a
    table's repeated keys; runs of phrases are checked on the file)."""
    value = getattr(vocab, name)
    if isinstance(value, tuple):
        return [list(value)]
    if isinstance(value, dict):
        return [list(v) for v in value.values() if isinstance(v, tuple) and v and _all_str(v)]
    return []  # sets: the files' lists are checked below


def _all_str(items: tuple[Any, ...]) -> bool:
    return all(isinstance(i, str) for i in items)


# --- tests -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", FILES)
def test_data_file_loads(name):
    data = _raw(name)
    assert data, name


def test_every_entry_is_a_vocabulary_name():
    keys = [k for f in FILES for k in _raw(f)]
    assert len(keys) == len(set(keys)), "an entry is in both files"
    public = set(vocab.__all__)
    assert set(keys) - HELPER_KEYS == public - DERIVED
    assert set(keys) >= HELPER_KEYS


def test_all_lists_every_public_name():
    upper = sorted(n for n in dir(vocab) if n.isupper())
    assert sorted(vocab.__all__) == upper
    assert set(SHAPES) == set(upper)


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_shape(name):
    value = getattr(vocab, name)
    assert value, f"{name} is empty"
    assert conforms(value, SHAPES[name]), f"{name} does not have the shape {SHAPES[name]}"


@pytest.mark.parametrize("name", sorted(set(SHAPES) - NOT_PHRASES))
def test_phrases_are_lower_case_and_trimmed(name):
    for phrase in _phrases(name):
        assert phrase, f"{name}: an empty phrase"
        assert phrase == phrase.strip() and "  " not in phrase, f"{name}: spacing in {phrase!r}"
        assert phrase == phrase.lower(), f"{name}: {phrase!r} is not lower case"


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_no_new_duplicates_within_a_list(name):
    repeated = {w for words in _lists(name) for w, n in Counter(words).items() if n > 1}
    assert repeated <= KNOWN_DUPLICATES.get(name, set()), f"{name} repeats {sorted(repeated)}"


@pytest.mark.parametrize("name", ["WEAK_VALUES", "QUIET_VALUES"])
def test_no_duplicates_in_a_set_list(name):
    """Sets in Python, lists in the file: a repeat there is a slip the set would hide."""
    items = [tuple(i) if isinstance(i, list) else i for i in _raw("standard_words.toml")[name]]
    assert len(items) == len(set(items)), name


def test_no_phrase_twice_across_runs():
    """Runs of phrases with one meaning: a repeat would silently replace the earlier one."""
    standard = _raw("standard_words.toml")
    for name in ("RELATION_WORDS", "CONDITION_WORDS"):
        phrases = [p for run in standard[name] for p in run["phrases"]]
        repeated = sorted(p for p, n in Counter(phrases).items() if n > 1)
        assert not repeated, f"{name} lists {repeated} in two runs"
        assert len(getattr(vocab, name)) == len(phrases)
    size = standard["SIZE_WORDS"]["phrases"]
    assert len(size) == len(set(size))


def test_runs_have_their_keys():
    standard = _raw("standard_words.toml")
    for run in standard["RELATION_WORDS"]:
        assert set(run) == {"relation", "where", "phrases"}, run
    for run in standard["CONDITION_WORDS"]:
        assert set(run) in ({"field", "op", "phrases"}, {"field", "op", "value", "phrases"}), run
    assert set(standard["SIZE_WORDS"]) == {"condition", "phrases"}


def test_field_keys_look_like_field_keys():
    keys = [
        *vocab.FIELD_RANK, *vocab.DATE_FIELD_WORDS,
        *vocab.FIELD_CONTEXT_WORDS, *vocab.PLANNED_DATE_FIELDS, *vocab.NPS_FIELDS,
        *vocab.PLANNED_DATE_OF_RELATION.values(), *vocab.TOPIC_FIELDS.values(),
        *(f for f, _ in vocab.DONE_STATES),
        *(f for _, where in vocab.RELATION_WORDS.values() for f in where),
        *(f for f, _, _ in vocab.CONDITION_WORDS.values()),
        *(f for f, *_ in vocab.SIZE_WORDS.values()), *(f for f, *_ in vocab.STATE_WORDS.values()),
        vocab.HEADCOUNT_FIELD, *vocab.VAGUE_VALUES,
    ]  # fmt: skip
    for key in keys:
        parts = key.split(".")
        assert len(parts) >= 2 and all(p and p == p.lower() for p in parts), key


def test_operator_words_name_known_operators():
    assert set(vocab.NEGATIONS.values()) <= {"not", "no", "never"}
    assert set(vocab.COMPARATORS.values()) <= {"gt", "gte", "lt", "lte", "eq", "neq"}
    assert set(vocab.POSTFIX_COMPARATORS.values()) <= {"gte", "lte"}
    assert set(vocab.CONJUNCTIONS.values()) <= {"and", "or", "but", ",", ""}
    assert set(vocab.PREPOSITIONS.values()) <= {"loc", "from", "of", "account"}
    assert set(vocab.TEXT_OPERATORS.values()) <= {"contains", "starts_with", "ends_with", "eq"}
    assert set(vocab.PRESENCE_WORDS.values()) <= {"is_set", "is_not_set"}
    assert {op for _, op, _ in vocab.CONDITION_WORDS.values()} <= {
        "is_set", "is_not_set", "is_true", "is_false",
    }  # fmt: skip
    assert {op for op, _ in vocab.NPS_WORDS.values()} <= {"gte", "lte", "between"}


def test_region_words_name_regions():
    assert set(vocab.REGION_WORDS.values()) <= set(vocab.REGIONS)


def test_account_hints_extend_account_subjects():
    n = len(vocab.ACCOUNT_SUBJECTS)
    assert vocab.ACCOUNT_HINTS[:n] == vocab.ACCOUNT_SUBJECTS
    assert vocab.ACCOUNT_HINTS[n:] == tuple(_raw("grammar.toml")["MORE_ACCOUNT_HINTS"])
