"""The record a word is about (nlseg/translate/offline/readings.py, grammar.py): a date
field word right after a record's noun is that record's date, a subject noun after a
preposition does not make the request about accounts; names typed without their accents
are the index's names, and free text after "owned by" stops at a whole name."""

from __future__ import annotations

import pytest
from trees import AND, C

from nlseg.catalog import standard_catalog
from nlseg.clock import Clock
from nlseg.evaluate import parse_tree
from nlseg.translate.offline import OfflineTranslator
from nlseg.tree import canonical_json, normalize

CLOCK = Clock.at("2026-11-01")
TRANSLATOR = OfflineTranslator()
STANDARD = standard_catalog()
OWNERS = ("Zoë Ångström", "Paweł Nowak")
HALCYON = ("Halcyon Dynamics", "Halcyon Foods GmbH", "Halcyon Ventures", "Halcyon Labs")
ACCOUNTS = (("Société Générale", 3), ("Brightwater Ltd", 2), *((n, 1) for n in HALCYON))
NAMED = STANDARD.with_names(
    {"owner.name": tuple((n, 1) for n in OWNERS), "account.name": ACCOUNTS}, {}
)
YEAR_2023 = {"low": "2023-01-01", "high": "2023-12-31"}

CASES = [
    ("firms created in 2023", C("account.created_at", "between", YEAR_2023)),
    ("people at companies added in 2023", C("account.created_at", "between", YEAR_2023)),
    ("leads created in 2023 at smb accounts",
     AND(C("contact.record_type", "in", ["lead"]), C("contact.created_at", "between", YEAR_2023),
         C("account.tier", "in", ["SMB"]))),
    ("contacts created in 2023 at companies created before 2020",
     AND(C("contact.created_at", "between", YEAR_2023),
         C("account.created_at", "before", "2020-01-01"))),
    ("organisations that were not updated in the last year",
     C("account.updated_at", "more_than_ago", {"amount": 1, "unit": "year"})),
    ("contacts that were created in 2023", C("contact.created_at", "between", YEAR_2023)),
    # a nationality before values of accounts and an account noun is the accounts'
    ("dutch retail firms", AND(C("account.country", "in", ["Netherlands"]),
                               C("account.industry", "in", ["Retail"]))),
    ("dutch managers", AND(C("contact.country", "in", ["Netherlands"]),
                           C("contact.seniority", "in", ["Manager"]))),
]  # fmt: skip


def _tree(root, catalog=STANDARD):
    return normalize(parse_tree({"root": root}, catalog))


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_the_record_a_date_word_is_about(text, expected):
    answer = TRANSLATOR.translate(text, catalog=STANDARD, clock=CLOCK)
    assert answer.tree is not None, answer.error
    assert canonical_json(answer.tree.root) == canonical_json(_tree(expected).root)
    assert answer.unparsed == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("owned by zoe angstrom", C("owner.name", "eq", "Zoë Ångström")),
        ("societe generale contacts", C("account.name", "in", ["Société Générale"])),
        ("owned by pawel nowak with a score over 40",
         AND(C("owner.name", "eq", "Paweł Nowak"), C("contact.behavior_score", "gt", 40))),
    ],
)  # fmt: skip
def test_names_without_accents_and_where_owner_text_stops(text, expected):
    answer = TRANSLATOR.translate(text, catalog=NAMED, clock=CLOCK)
    assert answer.tree is not None, answer.error
    assert canonical_json(answer.tree.root) == canonical_json(_tree(expected, NAMED).root)
    assert answer.unparsed == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pawel's contacts", C("owner.name", "in", ["Paweł Nowak"])),  # an owner's first name
        ("people at brightwater", C("account.name", "in", ["Brightwater Ltd"])),
        ("account name starts with halcyon", C("account.name", "starts_with", "halcyon")),
    ],
)
def test_first_words_of_names(text, expected):
    answer = TRANSLATOR.translate(text, catalog=NAMED, clock=CLOCK)
    assert answer.tree is not None, (answer.error, answer.question)
    assert canonical_json(answer.tree.root) == canonical_json(_tree(expected, NAMED).root)


def test_a_word_that_starts_several_names_asks_which():
    answer = TRANSLATOR.translate("contacts at halcyon", catalog=NAMED, clock=CLOCK)
    assert answer.tree is None and answer.question is not None
    assert all(name in answer.question for name in HALCYON)
    assert "account name starts with" in answer.question


def test_a_name_added_in_a_refinement_joins_the_owner():
    first = TRANSLATOR.translate("owned by zoe angstrom", catalog=NAMED, clock=CLOCK)
    answer = TRANSLATOR.translate(
        "and pawel nowak's too", catalog=NAMED, clock=CLOCK, base=first.tree
    )
    want = C("owner.name", "in", ["Zoë Ångström", "Paweł Nowak"])
    assert canonical_json(answer.tree.root) == canonical_json(_tree(want, NAMED).root)


def test_an_unvalidated_period_reads_as_words():
    from nlseg.catalog import Op
    from nlseg.tree.render import _value

    assert _value(Op.IN_PERIOD, "this_year") == "this year"
