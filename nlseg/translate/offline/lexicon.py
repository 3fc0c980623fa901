"""The vocabulary of one catalog: every phrase that names a field, a picklist value, a 1:many
relation or a condition, with each of its possible readings ("senses").

Built from the catalog (labels, synonyms, key names, picklist values and their synonyms,
relation nouns and synonyms), so custom fields and new picklist values are understood
without code changes, plus the everyday words of :mod:`vocabulary`. Plurals, hyphen and
spacing variants are matched; near-misses ("Germnay") are corrected with rapidfuzz. A
lexicon is built once per catalog and cached by the translator.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA

from nlseg.catalog import Catalog, DataType, FieldDef, Relation
from nlseg.catalog.titles import TITLE_FIELD
from nlseg.translate.offline import vocabulary as vocab
from nlseg.translate.offline.kinds import SenseKind
from nlseg.translate.offline.names import name_entries
from nlseg.translate.offline.roles import role_entries
from nlseg.translate.offline.tokens import Token, lemmas, phrase_keys, singular
from nlseg.tree.models import Range

ENTITY_RANK = {"contact": 0.0, "account": 10.0, "owner": 20.0}
QUIET_RANK = 100.0  # senses never chosen by default nor offered as alternatives
FILLER_SET = frozenset(vocab.FILLERS)

Where = tuple[tuple[str, str, Any], ...]  # ((field, op, value), ...) on a relation's rows


@dataclass(frozen=True)
class Sense:
    """One reading of a phrase.

    kinds: ``value`` (a picklist value of ``field``; a tuple for a region's countries),
    ``field`` (names ``field``),
    ``relation`` (records of ``relation`` matching ``where``), ``condition`` (``field``
    ``op`` ``value`` in itself), ``subject``
    (who the request is about: ``entity`` "contact" or "account", no condition).
    """

    kind: SenseKind
    field: str | None = None
    value: Any = None
    op: str | None = None
    relation: str | None = None
    where: Where = ()
    entity: str | None = None
    label: str = ""
    rank: float = 0.0
    weak: bool = False
    recent: bool = False  # a relation's records in the "recently" window ("active")
    vague: bool = False  # one reading of a word with no agreed cut-off ("senior")

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", SenseKind(self.kind))

    @property
    def quiet(self) -> bool:
        return self.rank >= QUIET_RANK


@dataclass
class Match:
    length: int
    senses: list[Sense]
    corrected: str | None = None  # the catalog spelling a near-miss was read as


@dataclass
class Lexicon:
    catalog: Catalog
    phrases: dict[tuple[str, ...], list[Sense]] = field(default_factory=dict)
    max_len: int = 1
    fuzzy_words: list[str] = field(default_factory=list)
    words: set[str] = field(default_factory=set)  # every word of every phrase

    # --- building ---------------------------------------------------------------------

    def add(self, text: str, sense: Sense) -> None:
        for key in phrase_keys(text):
            self._add_key(key, sense)
            plural = (*key[:-1], singular(key[-1]))
            if plural != key:
                self._add_key(plural, sense)

    def _add_key(self, key: tuple[str, ...], sense: Sense) -> None:
        common = len(key) == 1 and key[0] in FILLER_SET
        if common and sense.kind != "value":
            return  # "when", "segment", "set": grammar words first
        if sense.kind == "value":
            weak = common or " ".join(key) in vocab.WEAK_VALUES
            sense = replace(sense, weak=weak)
        senses = self.phrases.setdefault(key, [])
        if sense not in senses:
            senses.append(sense)
        self.max_len = max(self.max_len, len(key))

    # --- matching ---------------------------------------------------------------------

    def _get(self, key: tuple[str, ...]) -> list[Sense] | None:
        found = list(self.phrases.get(key, ()))
        if key[-1] != singular(key[-1]) and key[-1] not in FILLER_SET:  # "its" is not "it"
            found += [
                s for s in self.phrases.get((*key[:-1], singular(key[-1])), ()) if s not in found
            ]
        found.sort(key=lambda s: s.rank)
        return found or None

    def match(self, tokens: Sequence[Token], i: int) -> Match | None:
        """The longest phrase at ``tokens[i]``; single words also by verb form ("scoring")
        and by joining two words ("health care")."""
        n = len(tokens)
        for length in range(min(self.max_len, n - i), 0, -1):
            span = tokens[i : i + length]  # a number only after a word ("Summit Boston 2023")
            if any(t.kind not in ("word", "punct", "number") for t in span) or (
                span[0].kind == "number"
            ):
                continue
            key = tuple(t.norm for t in tokens[i : i + length])
            found = self._get(key)
            if found:
                return Match(length, list(found))
        if tokens[i].kind != "word":
            return None
        if i + 1 < n and tokens[i + 1].kind == "word":
            joined = self._get((tokens[i].norm + tokens[i + 1].norm,))
            if joined:
                return Match(2, list(joined))
        for lemma in lemmas(tokens[i].norm):
            found = self.phrases.get((lemma,))
            if found:
                return Match(1, [s for s in found if s.kind in ("field", "relation")] or found)
        return None

    def near_miss(self, token: Token) -> Match | None:
        """A catalog word one or two typing slips away ("Germnay", "helthcare")."""
        word = token.norm
        if len(word) < 5 or not word.isalpha() or word in FILLER_SET:
            return None
        limit = 1 if len(word) < 8 else 2
        best = process.extract(
            word, self.fuzzy_words, scorer=OSA.distance, score_cutoff=limit, limit=2
        )
        if not best or (len(best) > 1 and best[1][1] == best[0][1]):
            return None  # no near word, or two equally near: do not guess
        return Match(1, list(self.phrases[(best[0][0],)]), corrected=best[0][0])


def _value_label(spec: FieldDef, value: str) -> str:
    return f"{spec.label} is {value}"


def _value_rank(spec: FieldDef, value: str, index: int) -> float:
    rank = ENTITY_RANK.get(spec.entity, 30.0) + vocab.FIELD_RANK.get(spec.key, 0) + index / 1000
    if (spec.key, value) in vocab.QUIET_VALUES:
        rank = max(rank, 0.0) + QUIET_RANK
    return rank


def _field_phrases(spec: FieldDef, catalog: Catalog) -> list[str]:
    nouns = {e.label.casefold() for e in catalog.entities.values()}
    nouns |= {r.noun.casefold() for r in catalog.relations.values()}
    phrases = [spec.label, *spec.synonyms]
    name = (spec.custom_key or spec.key.rsplit(".", 1)[-1]).replace("_", " ")
    if spec.entity != "contact":
        name = f"{catalog.entities[spec.entity].label} {name}"
    phrases.append(name)
    words = spec.label.split()
    if len(words) > 1 and words[-1].casefold() in ("date", "time"):
        shorter = " ".join(words[:-1])
        if shorter.casefold() not in nouns:
            phrases.append(shorter)
    return list(dict.fromkeys(p for p in phrases if p.strip()))


def _lemma_where(relation: Relation, word: str, catalog: Catalog) -> Where:
    """The values a relation word names: "opened" → email event type "open"."""
    forms = {word.casefold(), singular(word.casefold()), *lemmas(word.casefold())}
    for spec in catalog.fields_of(relation.entities):
        if spec.data_type is not DataType.PICKLIST:
            continue
        for value in spec.values:
            if value.casefold() in forms:
                return ((spec.key, "in", (value,)),)
    return ()


def _where_from(words: dict[str, tuple[str, ...]], catalog: Catalog) -> Where | None:
    where = []
    for key, values in words.items():
        spec = catalog.fields.get(key)
        if spec is None:
            return None
        if spec.data_type is DataType.BOOLEAN:
            where.append((key, "is_true" if values == ("true",) else "is_false", None))
            continue
        known = {v.casefold(): v for v in spec.values}
        if spec.values and any(v.casefold() not in known for v in values):
            return None
        where.append((key, "in", tuple(known.get(v.casefold(), v) for v in values)))
    return tuple(where)


def _relation_label(relation: Relation, where: Where, catalog: Catalog) -> str:
    article = "an" if relation.noun[:1] in "aeiou" else "a"
    text = f"has {article} {relation.noun}" + (" where " if where else "")
    parts = []
    for key, op, value in where:
        spec = catalog.fields[key]
        if value:
            parts.append(f"{spec.label} is {' or '.join(value)}")
        else:
            parts.append(spec.label if op == "is_true" else f"not {spec.label}")
    return text + " and ".join(parts)


def _siblings(relation: Relation, catalog: Catalog) -> list[Relation]:
    """Other relations over the same records ("deals" → deals on their account)."""
    first = relation.noun.split()[0]
    return [
        r
        for r in catalog.relations.values()
        if r.name != relation.name and r.cardinality == "1:many" and r.noun.split()[0] == first
    ]


def _add_relation(lex: Lexicon, phrase: str, relation: Relation, where: Where, rank: float):
    catalog = lex.catalog
    lex.add(
        phrase,
        Sense(
            "relation",
            relation=relation.name,
            where=where,
            rank=rank,
            label=_relation_label(relation, where, catalog),
        ),
    )
    for sibling in _siblings(relation, catalog):
        entities = {catalog.fields[f].entity for f, _, _ in where}
        if entities <= set(sibling.entities):
            label = _relation_label(sibling, where, catalog)
            lex.add(
                phrase,
                Sense("relation", relation=sibling.name, where=where, rank=rank + 5, label=label),
            )


def build_lexicon(catalog: Catalog) -> Lexicon:
    lex = Lexicon(catalog)
    # Subjects first: "contacts" reads as everyone before record type contact.
    for word in ("contact", "contacts"):
        lex.add(word, Sense("subject", entity="contact", label="everyone", rank=-10))
    for word in vocab.PEOPLE_SUBJECTS:
        lex.add(word, Sense("subject", entity="contact", label="everyone", rank=-10))
    for word in vocab.ACCOUNT_SUBJECTS:
        lex.add(word, Sense("subject", entity="account", label="accounts", rank=-10))

    for index, spec in enumerate(catalog.fields.values()):
        field_rank = -5.0 if spec.data_type is DataType.BOOLEAN else 0.0
        for phrase in (*_field_phrases(spec, catalog), *spec.aliases):
            lex.add(phrase, Sense("field", field=spec.key, label=spec.label, rank=field_rank))
        if spec.data_type not in (DataType.PICKLIST, DataType.MULTI_TEXT):
            continue
        spellings: list[tuple[str, str]] = [(v, v) for v in spec.values]
        spellings += list(spec.value_synonyms.items())  # the catalog's, its aliases included
        for phrase, value in spellings:
            sense = Sense(
                "value",
                field=spec.key,
                value=value,
                rank=_value_rank(spec, value, index),
                label=_value_label(spec, value),
            )
            lex.add(phrase, sense)

    for relation in catalog.relations.values():
        if relation.cardinality != "1:many":
            # "owner", "rep": a 1:1 record is named by its name field ("no owner").
            name_field = f"{relation.entities[0]}.name"
            if name_field in catalog.fields:
                for phrase in (relation.noun, *relation.synonyms):
                    lex.add(
                        phrase,
                        Sense(
                            "field",
                            field=name_field,
                            rank=1,
                            label=catalog.fields[name_field].label,
                        ),
                    )
            continue
        for phrase in dict.fromkeys((relation.noun, relation.plural, *relation.synonyms)):
            override = vocab.RELATION_WORDS.get(phrase.casefold())
            if override is not None and override[0] == relation.name:
                continue  # the vocabulary says what this word selects
            _add_relation(lex, phrase, relation, _lemma_where(relation, phrase, catalog), 0.0)
    for phrase, (name, words) in vocab.RELATION_WORDS.items():
        relation = catalog.relations.get(name)
        where = _where_from(words, catalog)
        if relation is None or where is None:
            continue
        _add_relation(lex, phrase, relation, where, 0.0)
    for phrase, (label, name, words) in vocab.RELATION_ALTERNATIVES.items():
        relation = catalog.relations.get(name)
        where = _where_from(words, catalog)
        if relation is not None and where is not None:
            lex.add(phrase, Sense("relation", relation=name, where=where, rank=3, label=label))

    for phrase, (key, op, value) in vocab.CONDITION_WORDS.items():
        if key in catalog.fields:
            label = f"{catalog.fields[key].label} {op.replace('_', ' ')}"
            lex.add(phrase, Sense("condition", field=key, op=op, value=value, label=label))
    for phrase, (key, op, value, label) in vocab.SIZE_WORDS.items():
        if key in catalog.fields:
            lex.add(phrase, Sense("condition", field=key, op=op, value=value, label=label, rank=12))
    for phrase, (key, op, value, label) in vocab.STATE_WORDS.items():
        if key in catalog.fields:
            lex.add(phrase, Sense("condition", field=key, op=op, value=value, label=label))
    for phrase, (name, words, rank, label) in vocab.RECENT_RELATION_WORDS.items():
        where = _where_from(words, catalog)
        if name in catalog.relations and where is not None:
            sense = Sense(
                "relation", relation=name, where=where, rank=rank, label=label, recent=True
            )
            lex.add(phrase, sense)
    for key in vocab.NPS_FIELDS:
        if key in catalog.fields:
            for phrase, (op, value) in vocab.NPS_WORDS.items():
                if op == "between":
                    value = Range(low=value[0], high=value[1])
                label = f"{catalog.fields[key].label} {op.replace('_', ' ')} {value}"
                lex.add(phrase, Sense("condition", field=key, op=op, value=value, label=label))
            break
    for key, rank in (("contact.country", -0.5), ("account.country", 9.5)):
        spec = catalog.fields.get(key)
        known = {v.casefold(): v for v in spec.values} if spec is not None else {}
        for word, country in vocab.DEMONYMS.items():
            if country.casefold() in known:
                value = known[country.casefold()]
                lex.add(
                    word,
                    Sense(
                        "value", field=key, value=value, rank=rank, label=_value_label(spec, value)
                    ),
                )
    for key, rank in (("contact.country", 25.0), ("account.country", 35.0)):
        spec = catalog.fields.get(key)
        if spec is None:
            continue
        countries = {v.casefold(): v for v in spec.values}
        for phrase, region in vocab.REGION_WORDS.items():
            known = tuple(
                countries[c.casefold()] for c in vocab.REGIONS[region] if c.casefold() in countries
            )
            if known:
                label = f"{spec.label} is in {region} ({', '.join(known)})"
                lex.add(phrase, Sense("value", field=key, value=known, label=label, rank=rank))

    for key, phrases in vocab.VAGUE_VALUES.items():
        spec = catalog.fields.get(key)
        if spec is None:
            continue
        for phrase, readings in phrases.items():
            for order, values in enumerate(readings):
                known = tuple(v for v in values if v in spec.values)
                if known:
                    shown = (
                        known[0] if len(known) == 1 else f"{', '.join(known[:-1])} or {known[-1]}"
                    )
                    label = f"{spec.label} is {'any of ' * (len(known) > 1)}{shown}"
                    sense = Sense("value", field=key, value=known, label=label, rank=order)
                    lex.add(phrase, replace(sense, vague=True))

    lex.words = {w for key in lex.phrases for w in key}
    known_words = set(lex.words)
    for phrase, name in name_entries(catalog, set(lex.phrases), lex.words):
        sense = Sense(
            name.kind,
            field=name.field,
            value=name.value,
            op=name.op,
            relation=name.relation,
            rank=name.rank,
            label=name.label,
        )
        lex.add(" ".join(phrase), sense)
    for phrase_text, role in role_entries(catalog, known_words):
        sense = Sense(
            "value", field=TITLE_FIELD, value=role.titles, rank=role.rank, label=role.label
        )
        lex.add(phrase_text, sense)
    lex.fuzzy_words = sorted(
        k[0]
        for k, senses in lex.phrases.items()
        if len(k) == 1
        and len(k[0]) >= 4
        and k[0].isalpha()
        and any(s.kind in ("value", "field", "relation") and not s.weak for s in senses)
    )
    for senses in lex.phrases.values():
        senses.sort(key=lambda s: s.rank)
    lex.words = {w for key in lex.phrases for w in key}
    return lex
