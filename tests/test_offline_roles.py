"""Roles (nlseg/catalog/titles.py, nlseg/translate/offline/roles.py): short forms of titles
and the head words of the store's job titles are people by title, read like picklist values
(lists, negation, refinements), with the seniority a short form also names as the
alternative."""

from __future__ import annotations

import pytest
from trees import AND, OR, C

from nlseg.catalog import standard_catalog
from nlseg.catalog.titles import TITLE_FIELD, acronyms
from nlseg.clock import Clock
from nlseg.evaluate import parse_tree
from nlseg.translate.offline import OfflineTranslator
from nlseg.translate.offline.roles import role_entries
from nlseg.tree import FilterTree, canonical_json, normalize

CLOCK = Clock.at("2026-11-01")
TRANSLATOR = OfflineTranslator()
TITLES = (
    "Co-Founder & CTO", "Chief Technology Officer", "CTO", "Head of Growth", "Growth Marketer",
    "Payroll Specialist", "Staff Accountant", "Senior Accountant", "VP of Sales",
    "Regional Sales Manager", "Chief Financial Officer",
)  # fmt: skip
CATALOG = standard_catalog().with_names({TITLE_FIELD: tuple((t, 1) for t in TITLES)}, {})

CTO = C(TITLE_FIELD, "in", ["Co-Founder & CTO", "Chief Technology Officer", "CTO"])
ACCOUNTANTS = C(TITLE_FIELD, "in", ["Staff Accountant", "Senior Accountant"])

CASES = [
    ("ctos", CTO),
    ("the chief technology officers", CTO),
    ("accountants in spain", AND(ACCOUNTANTS, C("contact.country", "in", ["Spain"]))),
    ("specialists or accountants",
     C(TITLE_FIELD, "in", ["Payroll Specialist", "Staff Accountant", "Senior Accountant"])),
    ("payroll specialists and cfos",  # a person has one title: "and" between roles is either
     C(TITLE_FIELD, "in", ["Payroll Specialist", "Chief Financial Officer"])),
    ("anyone but accountants", AND(ACCOUNTANTS, negate=True)),
]  # fmt: skip


def _tree(root) -> FilterTree:
    return normalize(parse_tree({"root": root}, CATALOG))


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_roles(text, expected):
    answer = TRANSLATOR.translate(text, catalog=CATALOG, clock=CLOCK)
    assert answer.tree is not None, answer.error
    assert canonical_json(answer.tree.root) == canonical_json(_tree(expected).root)
    assert answer.unparsed == []


def test_a_short_form_offers_the_seniority_it_also_names():
    answer = TRANSLATOR.translate("ctos", catalog=CATALOG, clock=CLOCK)
    (assumption,) = answer.assumptions
    labels = [a.label for a in assumption.alternatives]
    assert any("Seniority is C-Level" in label for label in labels), labels


def test_words_the_catalog_uses_stay_the_catalogs():
    # "managers" is the seniority, "sales" the department, though both head or fill titles
    answer = TRANSLATOR.translate("sales managers", catalog=CATALOG, clock=CLOCK)
    want = AND(C("contact.department", "in", ["Sales"]), C("contact.seniority", "in", ["Manager"]))
    assert canonical_json(answer.tree.root) == canonical_json(_tree(want).root)
    heads = {phrase for phrase, _ in role_entries(CATALOG, {"manager", "sales", "vp"})}
    assert "manager" not in heads and "marketer" in heads and "accountant" in heads
    assert "Regional Sales Manager" in heads and "VP of Sales" not in heads


def test_without_a_value_index_a_short_form_is_its_two_spellings():
    answer = TRANSLATOR.translate("cfos", catalog=standard_catalog(), clock=CLOCK)
    want = C(TITLE_FIELD, "in", ["CFO", "Chief Financial Officer"])
    assert canonical_json(answer.tree.root) == canonical_json(_tree(want).root)
    assert all(k == k.casefold() and v for k, v in acronyms().items())


def test_a_role_added_in_a_refinement_joins_the_titles():
    first = TRANSLATOR.translate("ctos in france", catalog=CATALOG, clock=CLOCK)
    answer = TRANSLATOR.translate(
        "and accountants too", catalog=CATALOG, clock=CLOCK, base=first.tree
    )
    titles = [*CTO["value"], *ACCOUNTANTS["value"]]
    want = AND(C("contact.country", "in", ["France"]), C(TITLE_FIELD, "in", titles))
    assert canonical_json(answer.tree.root) == canonical_json(_tree(want).root)


del OR
