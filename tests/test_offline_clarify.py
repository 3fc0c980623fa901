"""Clarifying questions (nlseg/translate/offline/clarify.py): one rule per kind of gap, each
asking with no tree; and requests that only look similar are answered, not questioned."""

from __future__ import annotations

import pytest

from nlseg.catalog import standard_catalog
from nlseg.clock import Clock
from nlseg.translate.offline import OfflineTranslator
from nlseg.translate.offline.clarify import RULES

ORBITAL = ("Orbital Systems", "Orbital Foods", "Orbital Media")  # three names, one first word
CATALOG = standard_catalog().with_names({"account.name": tuple((n, 1) for n in ORBITAL)}, {})
CLOCK = Clock.at("2026-11-01")
TRANSLATOR = OfflineTranslator()


def translate(text: str):
    return TRANSLATOR.translate(text, catalog=CATALOG, clock=CLOCK, segments=("Hot leads",))


# (request, rule, words the question must contain)
ASKED = [
    ("contacts at orbital", "_shared_name", [*ORBITAL, "account name starts with"]),
    ("who opened the newsletter", "_unnamed_record", ["Which newsletter", "“the newsletter”"]),
    ("contacts registered for the event", "_unnamed_record", ["Which event"]),
    ("contacts whose seniority is", "_field_without_value", ["Which Seniority", "“VP”"]),
    ("leads where the industry is", "_field_without_value", ["Which Industry"]),
    ("people with fewer than", "_comparison_without_number", ["“fewer than” what?"]),
    ("contacts in Italy with at least", "_comparison_without_number", ["“at least” what?"]),
    ("the hottest prospects", "_judgement_without_measure", ["“hottest” by which measure"]),
    ("key accounts in the UK", "_judgement_without_measure", ["“key”", "Annual revenue"]),
    ("the usual list", "_unseen_reference", ["earlier list", "saved segment"]),
    ("same contacts as last time but in Spain", "_unseen_reference", ["earlier list"]),
    ("all of my open deals", "_speaker", ["“my”", "name the owner"]),
    ("accounts that are mine", "_speaker", ["“mine”"]),
]


@pytest.mark.parametrize(("text", "rule", "words"), ASKED, ids=[a[0] for a in ASKED])
def test_a_gap_is_asked_about_with_no_tree(text, rule, words):
    answer = translate(text)
    assert answer.question, (answer.error, answer.tree)
    assert answer.tree is None and answer.error is None
    for word in words:
        assert word in answer.question
    assert rule in {r.__name__ for r in RULES}


def test_every_rule_has_a_sentence():
    assert {r.__name__ for r in RULES} == {rule for _, rule, _ in ASKED}


ANSWERED = [
    "show me VPs in Germany",  # "me" is filler, not ownership
    "who opened our last newsletter",  # "our last …" names the campaigns
    "contacts whose seniority is VP",
    "people with more than 3 meetings",
    "active contacts",  # a documented default (an assumption), not a question
    "engaged SQLs",
    "members of Hot leads",
    "contacts in France",
]


@pytest.mark.parametrize("text", ANSWERED)
def test_requests_that_can_be_answered_are_not_questioned(text):
    answer = translate(text)
    assert answer.question is None and answer.tree is not None, (answer.error, answer.question)


def test_a_refinement_may_point_at_the_tree_being_refined():
    base = translate("VPs in Germany").tree
    answer = TRANSLATOR.translate(
        "the same people but in France", catalog=CATALOG, clock=CLOCK, base=base
    )
    assert answer.question is None
