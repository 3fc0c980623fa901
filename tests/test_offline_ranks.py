"""Ranked picklists (``FieldDef.ranks``): a comparative with a ranked value selects by rank,
before or after the value, in any wording the comparative table knows."""

from __future__ import annotations

import pytest

from nlseg.catalog import standard_catalog
from nlseg.clock import Clock
from nlseg.translate.offline import OfflineTranslator

CATALOG = standard_catalog()
CLOCK = Clock.at("2026-11-01")
TRANSLATOR = OfflineTranslator()
ALL = ["C-Level", "VP", "Director", "Manager", "Individual Contributor"]

CASES = [
    ("VP or higher", ALL[:2]),
    ("vps and up", ALL[:2]),
    ("director+", ALL[:3]),
    ("at least manager", ALL[:4]),
    ("above director", ALL[:2]),
    ("below manager", ALL[4:]),
    ("manager or lower", ALL[3:]),
]


def test_more_senior_than_is_a_comparative():
    answer = TRANSLATOR.translate("no more senior than director", catalog=CATALOG, clock=CLOCK)
    root = answer.tree.root.model_dump(mode="json", exclude_none=True)
    # not above a director: the ranks above, left out (a missing seniority is left out too)
    assert (root["op"], sorted(root["value"])) == ("not_in", ["C-Level", "VP"])
    assert answer.unparsed == []


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_comparatives_select_by_rank(text, expected):
    answer = TRANSLATOR.translate(text, catalog=CATALOG, clock=CLOCK)
    if expected is None:
        assert answer.unparsed or answer.tree is None or answer.question
        return
    assert answer.tree is not None, (answer.error, answer.question)
    root = answer.tree.root.model_dump(mode="json", exclude_none=True)
    assert root["field"] == "contact.seniority" and root["op"] == "in"
    assert sorted(root["value"]) == sorted(expected)
    assert answer.unparsed == []


# Other ranked picklists of the standard catalog: account tier, lifecycle stage (the funnel)
# and deal stage (the pipeline, a lost deal outside it).
OTHER = [
    ("smb or higher companies", "account.tier", ["Enterprise", "Mid-Market", "SMB"]),
    ("accounts below enterprise", "account.tier", ["Mid-Market", "SMB"]),
    ("lead or lower", "contact.lifecycle_stage", ["lead", "subscriber"]),
    ("sql and up", "contact.lifecycle_stage", ["sql", "opportunity", "customer", "evangelist"]),
]


@pytest.mark.parametrize(("text", "key", "expected"), OTHER, ids=[c[0] for c in OTHER])
def test_other_ranked_picklists(text, key, expected):
    answer = TRANSLATOR.translate(text, catalog=CATALOG, clock=CLOCK)
    assert answer.tree is not None, (answer.error, answer.question)
    root = answer.tree.root.model_dump(mode="json", exclude_none=True)
    assert (root["field"], root["op"], sorted(root["value"])) == (key, "in", sorted(expected))
    assert answer.unparsed == []


def test_a_rank_on_related_records():
    answer = TRANSLATOR.translate(
        "people with deals in negotiation or later", catalog=CATALOG, clock=CLOCK
    )
    where = answer.tree.root.model_dump(mode="json", exclude_none=True)["where"]
    assert (where["field"], sorted(where["value"])) == (
        "opportunity.stage",
        ["Closed Won", "Negotiation"],
    )
    assert "Closed Lost" not in CATALOG.field("opportunity.stage").ranks


def test_ranked_and_unranked_fields():
    seniority = CATALOG.field("contact.seniority")
    assert seniority.ranked("vp", "gte") == ["C-Level", "VP"]
    assert seniority.ranked("C-Level", "gt") is None  # nothing is above the top
    assert seniority.ranked("Intern", "lt") is None  # not a ranked value
    assert CATALOG.field("contact.country").ranked("Germany", "gt") is None
