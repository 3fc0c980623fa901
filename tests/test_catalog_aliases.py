"""The catalog's aliases (nlseg/catalog/data/aliases.toml): one place for the everyday words
for fields and values, read by every consumer — the offline parser, validation, the LLM
prompt and the editor."""

from __future__ import annotations

from collections import Counter

import pytest

from nlseg.catalog import standard_catalog
from nlseg.catalog.aliases import aliases_in, field_aliases, value_aliases
from nlseg.clock import Clock
from nlseg.translate.llm.prompt import user_message
from nlseg.translate.offline import OfflineTranslator
from nlseg.tree import FilterTree

CATALOG = standard_catalog()
CLOCK = Clock.at("2026-11-01")


def _all_words() -> list[tuple[str, str]]:
    words = [(key, w) for key, names in field_aliases().items() for w in names]
    words += [(key, w) for key, by in value_aliases().items() for ws in by.values() for w in ws]
    return words


def test_words_are_lower_case_trimmed_and_not_repeated():
    for key, word in _all_words():
        assert word and word == word.strip().lower() and "  " not in word, (key, word)
    for key, by_value in value_aliases().items():
        spellings = [w for words in by_value.values() for w in words]
        repeated = [w for w, n in Counter(spellings).items() if n > 1]
        assert not repeated, f"{key}: {repeated} spell two values"
    for key, names in field_aliases().items():
        assert len(names) == len(set(names)), key


def test_every_alias_names_a_field_and_value_of_the_standard_catalog_or_a_custom_field():
    for key in (*field_aliases(), *value_aliases()):
        assert key in CATALOG.fields or key.startswith("contact.custom."), key
    for key, by_value in value_aliases().items():
        spec = CATALOG.fields.get(key)
        if spec is not None:
            assert set(by_value) <= set(spec.values), key


def test_the_catalog_carries_them():
    assert "arr" in CATALOG.field("account.annual_revenue").aliases
    assert CATALOG.field("contact.seniority").value_synonyms["c-suite"] == "C-Level"
    assert "arr" not in CATALOG.field("account.annual_revenue").synonyms  # names stay names


@pytest.mark.parametrize(
    ("text", "key", "value"),
    [
        ("c-suite people in France", "contact.seniority", "C-Level"),  # a value's alias
        ("arr above 5 million", "account.annual_revenue", None),  # a field's alias
    ],
)
def test_the_offline_parser_reads_them_from_the_catalog(text, key, value):
    result = OfflineTranslator().translate(text, catalog=CATALOG, clock=CLOCK)
    assert result.error is None and not result.unparsed, result.explanation
    dumped = result.tree.model_dump_json()
    assert key in dumped and (value is None or value in dumped)


def test_validation_maps_a_value_alias_to_the_value():
    tree = FilterTree.model_validate(
        {"root": {"kind": "condition", "field": "contact.seniority", "op": "in",
                  "value": ["c-suite"]}},
        context={"catalog": CATALOG},
    )  # fmt: skip
    assert tree.root.value == ["C-Level"]


def test_the_llm_is_told_the_aliases_a_request_uses():
    uses = aliases_in("C-suite at companies with ARR over 5M who signed up this year", CATALOG)
    words = [w for w, _ in uses]
    assert words == ["c-suite", "arr", "signed up"]
    assert dict(uses)["c-suite"] == (("contact.seniority", "C-Level"),)
    message = user_message(
        "C-suite people", None, [], aliases=aliases_in("C-suite people", CATALOG)
    )
    assert '"c-suite": contact.seniority = "C-Level"' in message


def test_an_alias_that_is_also_another_fields_name_offers_both():
    (use,) = aliases_in("accounts created this year", CATALOG)
    assert use[0] == "created"
    assert {key for key, _ in use[1]} >= {"account.created_at", "contact.created_at"}


def test_plain_spellings_and_requests_without_aliases_tell_nothing():
    assert aliases_in("VPs in Germany who opened an email in the last 30 days", CATALOG) == []
    assert user_message("VPs in Germany", None, [], aliases=[]) == user_message(
        "VPs in Germany", None, []
    )


def test_the_editor_shows_a_fields_names_and_aliases_as_text():
    from nlseg.ui.editor import _field_help

    shown = _field_help(CATALOG.field("account.annual_revenue"))
    assert shown is not None and "arr" in shown and "turnover" in shown
    assert _field_help(CATALOG.field("contact.city")) is None  # nothing else to call it
