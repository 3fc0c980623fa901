"""Clarifying questions: when a request's words have readings with materially different
members and no documented safe default, the offline translator asks instead of answering.

One rule per kind of gap, tried in order (the first that applies asks); each returns the
question, or None. Their vocabulary is data (``data/clarify.toml``). The rules:

- **unnamed record** — "people who came to the event": a definite singular noun of
  related records that nothing names (which event?);
- **field without a value** — "contacts in the region": a field is named, its value is not;
- **comparison without a number** — "contacts with more than": more than what?
- **judgement without a measure** — "our best accounts": best by what?
- **reference to something unseen** — "the same people as last time": with no tree being
  refined there is nothing earlier to point at;
- **the speaker** — "my contacts": the translator does not know who is asking;
- **a shared name** — "everyone at stargate": the word starts several names of the data.

A question comes without a tree: the chat shows it as the answer, ``nlseg ask`` exits 2
with it. A guess here would be a confident wrong answer.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from nlseg.catalog import Catalog, DataType
from nlseg.translate.offline.names import only_names, shared_first_word
from nlseg.translate.offline.parse import Reading
from nlseg.translate.offline.tokens import tokenize

__all__ = ["question_for"]

_NUMERIC = (DataType.NUMBER, DataType.SCORE)
_DEFINITE = ("the", "this", "that")


@dataclass(frozen=True)
class _Words:
    measureless: tuple[tuple[str, ...], ...]
    anaphora: tuple[tuple[str, ...], ...]
    speaker: frozenset[str]
    speaker_not_before: frozenset[str]


def _norms(phrase: str) -> tuple[str, ...]:
    return tuple(t.norm for t in tokenize(phrase))


@cache
def _words() -> _Words:
    text = resources.files("nlseg.translate.offline").joinpath("data/clarify.toml").read_text()
    data = tomllib.loads(text)
    return _Words(
        measureless=tuple(_norms(w) for w in data["measureless"]["words"]),
        anaphora=tuple(_norms(p) for p in data["anaphora"]["phrases"]),
        speaker=frozenset(data["speaker"]["words"]),
        speaker_not_before=frozenset(data["speaker"]["not_before"]),
    )


def _contains(norms: Sequence[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(norms[i : i + n]) == phrase for i in range(len(norms) - n + 1))


def _unparsed_norms(reading: Reading) -> list[tuple[str, ...]]:
    return [_norms(span) for span in reading.unparsed]


def _quoted(items: Sequence[str], limit: int = 6) -> str:
    shown = [f"“{i}”" for i in items[:limit]]
    more = " …" if len(items) > limit else ""
    return ", ".join(shown) + more


# --- the rules ----------------------------------------------------------------------


def _unnamed_record(reading: Reading, catalog: Catalog, has_base: bool) -> str | None:
    if not reading.vague:
        return None
    about = reading.vague[0]
    noun = about.split(maxsplit=1)[-1]
    return (
        f"Which {noun} do you mean by “{about}”? Give its name (for example "
        f"“the '<its name>' {noun}”), or say “any {noun}” if any will do."
    )


def _definite_field(reading: Reading, key: str) -> bool:
    """Whether ``key`` was named after "the"/"this"/"that" ("paid for the product")."""
    lexed = reading.lexed
    for piece in lexed.pieces:
        if piece.start == 0 or not any(s.kind == "field" and s.field == key for s in piece.senses):
            continue
        if lexed.tokens[piece.start - 1].norm in _DEFINITE:
            return True
    return False


def _field_without_value(reading: Reading, catalog: Catalog, has_base: bool) -> str | None:
    """Asks when nothing else was understood, or the field was named as one ("the
    product"); "VPs who purchased a product" is any product, answered with a notice."""
    for key in reading.valueless:
        if reading.node is not None and not _definite_field(reading, key):
            continue
        spec = catalog.field(key)
        if spec.values:
            return f"Which {spec.label} do you mean? For example: {_quoted(spec.values)}."
        return f"Which {spec.label} do you mean? Say the value, for example “{spec.label} is …”."
    return None


def _comparison_without_number(reading: Reading, catalog: Catalog, has_base: bool) -> str | None:
    for span in reading.unparsed:
        pieces = [p for p in reading.lexed.pieces if reading.lexed.piece_text(p) == span]
        if pieces and all(p.kind in ("cmp", "post") for p in pieces):
            return (
                f"“{span}” what? Say the number and what it counts, for example "
                f"“{span} 3 meetings” or “a score of {span} 50”."
            )
    return None


def _judgement_without_measure(reading: Reading, catalog: Catalog, has_base: bool) -> str | None:
    words = _words()
    for norms in _unparsed_norms(reading):
        word = next((" ".join(w) for w in words.measureless if _contains(norms, w)), None)
        if word is None:
            continue
        numeric = [f.label for f in catalog.fields.values() if f.data_type in _NUMERIC]
        return (
            f"“{word}” by which measure? Say what makes a contact or account count, for "
            f"example {_quoted(numeric, 5)} above a number, won deals, or opens in the last "
            "30 days."
        )
    return None


def _unseen_reference(reading: Reading, catalog: Catalog, has_base: bool) -> str | None:
    if has_base:
        return None
    norms = [t.norm for t in reading.lexed.tokens]
    phrase = next((p for p in _words().anaphora if _contains(norms, p)), None)
    if phrase is None:
        return None
    return (
        f"“{' '.join(phrase)}” points at an earlier list I cannot see. Which saved segment "
        "do you mean (“members of <segment name>”), or who should be in it?"
    )


def _speaker(reading: Reading, catalog: Catalog, has_base: bool) -> str | None:
    words = _words()
    tokens = reading.lexed.tokens
    for i, token in enumerate(tokens):
        if token.norm not in words.speaker:
            continue
        after = tokens[i + 1].norm if i + 1 < len(tokens) else None
        if after is not None and after in words.speaker_not_before:
            continue
        return (
            f"Whose records are “{token.text}”? I do not know who is asking: name the owner, "
            "for example “contacts owned by <rep's name>”."
        )
    return None


def _shared_name(reading: Reading, catalog: Catalog, has_base: bool) -> str | None:
    """A word that starts several names of the data, and nothing else: which one?"""
    pieces = reading.lexed.pieces
    for k, p in enumerate(pieces):
        if not only_names(p) or p.end - p.start != 1:
            continue
        if k and pieces[k - 1].kind in ("textop", "be", "owner"):
            continue  # "account name starts with stargate": the text itself
        word = reading.lexed.tokens[p.start].norm
        for sense in p.senses:
            if sense.op != "starts_with" or sense.field is None:
                continue
            names = shared_first_word(catalog, sense.field, word)
            if len(names) > 2:
                label = catalog.field(sense.field).label
                return (
                    f"Which “{reading.lexed.tokens[p.start].text}” do you mean: "
                    f"{_quoted(names)}? Name one, or say “{label.lower()} starts with "
                    f"{sense.value}” for all of them."
                )
    return None


_Rule = Callable[[Reading, Catalog, bool], "str | None"]
RULES: tuple[_Rule, ...] = (
    _speaker,
    _unseen_reference,
    _unnamed_record,
    _field_without_value,
    _comparison_without_number,
    _judgement_without_measure,
    _shared_name,
)


def question_for(reading: Reading, catalog: Catalog, *, has_base: bool = False) -> str | None:
    """The clarifying question a reading calls for, or None when it can be answered."""
    for rule in RULES:
        question = rule(reading, catalog, has_base)
        if question is not None:
            return question
    return None
