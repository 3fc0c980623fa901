"""Constructs added in the second pass of issue 4, table-driven.

Each request is written for this file (not taken from the eval suite): the same construct
with other fields, values, numbers or word order. Each gives the exact normalised tree,
with nothing unparsed; ambiguous words also report their assumption.
"""

from __future__ import annotations

import datetime as dt

import pytest
from trees import AND, LAST, OR, REL, SEG, C

from nlseg.catalog import load_catalog
from nlseg.clock import Clock
from nlseg.evaluate import parse_tree
from nlseg.store import make_engine
from nlseg.sync.demo import build_demo
from nlseg.translate.offline import OfflineTranslator
from nlseg.tree import canonical_json, normalize

CLOCK = Clock.at("2026-11-01")
SEGMENTS = ("Webinar attendees", "Churned customers")
TRANSLATOR = OfflineTranslator()

LEAD = C("contact.record_type", "in", ["lead"])
VP = C("contact.seniority", "in", ["VP"])
CLICK = C("email_event.event_type", "in", ["click"])
OPEN = C("email_event.event_type", "in", ["open"])
WON = C("opportunity.is_won", "is_true")
ACTIVITY = "activity.activity_type"


def tag(name: str, quantifier: str = "any") -> dict:
    return REL("tags", quantifier, where=C("tag.name", "in", [name]))


def activity(kind: str, subject: str | None = None, **kwargs) -> dict:
    where = C(ACTIVITY, "in", [kind])
    if subject is not None:
        where = AND(where, C("activity.subject", "contains", subject))
    return REL("activities", where=where, **kwargs)


CONSTRUCTS = [
    # shorthand: "accts", "w/", a bare ">"
    ("accts w/ employees > 500", C("account.employee_count", "gt", 500)),
    # hyphenated words whose parts are known words
    ("SMB-tier accounts", C("account.tier", "in", ["SMB"])),
    ("UK-based leads", AND(LEAD, C("contact.country", "in", ["United Kingdom"]))),
    ("subscriber-stage contacts", C("contact.lifecycle_stage", "in", ["subscriber"])),
    ("VIP-tagged people who clicked an email", AND(tag("VIP"), REL("email_events", where=CLICK))),
    # typing slips in grammar and catalog words
    ("contacts created befor 2024", C("contact.created_at", "before", "2024-01-01")),
    ("leads who never clickd an email", AND(LEAD, REL("email_events", "none", where=CLICK))),
    ("companies with less then 50 employes", C("account.employee_count", "lt", 50)),
    ("VPs with scor under 20", AND(VP, C("contact.behavior_score", "lt", 20))),
    # the name of the record the request is about
    ("companies with 'bank' in their name", C("account.name", "contains", "bank")),
    # no account at all
    ("people not at any company", C("account.name", "is_not_set")),
    # another field of the record after "is"/"was"
    (
        "contacts whose account was created before 2024",
        C("account.created_at", "before", "2024-01-01"),
    ),
    ("leads whose rep is no longer active", AND(LEAD, C("owner.is_active", "is_false"))),
    ("contacts whose owner is active", C("owner.is_active", "is_true")),
    # a value phrase ending in "companies" makes the request about companies
    (
        "managers at software companies in France",
        AND(
            C("contact.seniority", "in", ["Manager"]),
            C("account.industry", "in", ["Software"]),
            C("account.country", "in", ["France"]),
        ),
    ),
    # … but only for what follows it; a country before it is the person's
    (
        "Canada-based managers at software companies",
        AND(
            C("contact.country", "in", ["Canada"]),
            C("contact.seniority", "in", ["Manager"]),
            C("account.industry", "in", ["Software"]),
        ),
    ),
    # "X, or anyone with …"
    (
        "tagged partner, or anyone with a score below 10",
        OR(tag("partner"), C("contact.behavior_score", "lt", 10)),
    ),
    # the account's records
    (
        "leads with an open deal on their account",
        AND(
            LEAD,
            REL("account_opportunities", where=C("opportunity.is_closed", "is_false")),
        ),
    ),
    (
        "people at accounts with at least 2 won deals",
        REL("account_opportunities", "at_least", 2, where=WON),
    ),
    ("companies that bought from us", REL("account_opportunities", where=WON)),
    # a value of the owner, then the owner's noun
    ("contacts owned by APAC reps", C("owner.region", "in", ["APAC"])),
    # the last N campaigns: the number before "most recent"; any of them
    (
        "clicked each of the two most recent newsletters",
        REL("email_events", "all_of_last", 2, where=CLICK),
    ),
    ("clicked any of our last 3 emails", REL("email_events", "any_of_last", 3, where=CLICK)),
    (
        "VPs who opened one of the 2 most recent campaigns",
        AND(VP, REL("email_events", "any_of_last", 2, where=OPEN)),
    ),
    # "members of" before a count is not a segment name
    (
        "members of at least two webinars",
        REL("campaign_memberships", "at_least", 2, where=C("campaign.type", "in", ["Webinar"])),
    ),
    # a date after a stranded "with"
    ("contacts we had a call with in the past week", activity("call", window=LAST(1, "week"))),
    # a bare verb after "but" takes the records of the clause before
    (
        "people who signed up for an event but did not show up",
        AND(
            REL(
                "campaign_memberships",
                where=AND(
                    C("campaign.type", "in", ["Event"]),
                    C("campaign_member.status", "in", ["Registered", "Attended"]),
                ),
            ),
            REL(
                "campaign_memberships",
                "none",
                where=AND(
                    C("campaign.type", "in", ["Event"]),
                    C("campaign_member.status", "in", ["Attended"]),
                ),
            ),
        ),
    ),
    # vocabulary
    ("leads who opted out of marketing emails", AND(LEAD, C("contact.email_opt_out", "is_true"))),
    ("people whose title does not mention sales", C("contact.title", "not_contains", "sales")),
    (
        "primary contacts on open deals",
        REL(
            "opportunities",
            where=AND(
                C("opportunity_contact.is_primary", "is_true"),
                C("opportunity.is_closed", "is_false"),
            ),
        ),
    ),
    (
        "leads nobody has called in 30 days",
        AND(LEAD, REL("activities", "none", where=C(ACTIVITY, "in", ["call"]), window=LAST(30))),
    ),
    ("people who never gave us a phone number", C("contact.phone", "is_not_set")),
    ("untagged VPs", AND(VP, REL("tags", "none"))),
    # what a page, form or call was about
    ("leads who visited the careers page", AND(LEAD, activity("web_visit", "careers"))),
    ("people who filled out the contact-us form", activity("form_submission", "contact us")),
    ("contacts who had a discovery call", activity("call", "discovery")),
    # owners by name
    (
        "Raymond Frank's leads in Spain",
        AND(LEAD, C("owner.name", "eq", "Raymond Frank"), C("contact.country", "in", ["Spain"])),
    ),
    (
        "contacts owned by Audrey Vasseur or Lauren Nguyen",
        C("owner.name", "in", ["Audrey Vasseur", "Lauren Nguyen"]),
    ),
    ("people whose city is Paris or Lyon", C("contact.city", "in", ["Paris", "Lyon"])),
    # an email domain
    (
        "leads with a yahoo.com email address",
        AND(LEAD, C("contact.email", "ends_with", "@yahoo.com")),
    ),
    # a list whose last value can only be one field
    (
        "Italian or Portuguese speakers",
        C("contact.custom.preferred_language", "in", ["Italian", "Portuguese"]),
    ),
    # saved segments named without "in"
    (
        "Webinar attendees without a deal",
        AND(SEG("Webinar attendees"), REL("opportunities", "none")),
    ),
    (
        "everyone in Churned customers or Webinar attendees",
        OR(SEG("Churned customers"), SEG("Webinar attendees")),
    ),
    (
        "VPs, excluding the Churned customers segment",
        AND(VP, SEG("Churned customers", negate=True)),
    ),
    # numbers: zero, and "X or Y"
    ("an NPS of zero", C("contact.custom.nps", "eq", 0)),
    (
        "a score of 50 or 60",
        OR(C("contact.behavior_score", "eq", 50), C("contact.behavior_score", "eq", 60)),
    ),
]

# Ambiguous words: the documented default, reported as an assumption with alternatives.
AMBIGUOUS = [
    ("VPs at big companies", AND(VP, C("account.tier", "in", ["Enterprise"])), "big companies"),
    ("active leads", AND(LEAD, REL("activities", window=LAST(30))), "active"),
    (
        "engaged customers",
        AND(
            C("contact.lifecycle_stage", "in", ["customer"]),
            C("contact.behavior_score", "gte", 50),
        ),
        "engaged",
    ),
    ("recent deals", REL("opportunities", window=LAST(30)), "recent"),
    # words for part of a ranked picklist with no agreed cut-off (VAGUE_VALUES)
    (
        "decision makers at enterprise accounts",
        AND(
            C("contact.seniority", "in", ["C-Level", "VP", "Director"]),
            C("account.tier", "in", ["Enterprise"]),
        ),
        "decision makers",
    ),
    (
        "junior folks in sales",
        AND(
            C("contact.seniority", "in", ["Individual Contributor"]),
            C("contact.department", "in", ["Sales"]),
        ),
        "junior",
    ),
]

# Chat turns on a base tree.
TURNS = [
    (
        AND(C("account.country", "in", ["France"]), C("contact.behavior_score", "gt", 20)),
        "remove the country",
        C("contact.behavior_score", "gt", 20),
    ),
    (
        REL("email_events", "all_of_last", 2, where=CLICK),
        "make it the last 4",
        REL("email_events", "all_of_last", 4, where=CLICK),
    ),
    (
        REL(
            "campaign_memberships",
            where=C("campaign_member.status", "in", ["Attended"]),
        ),
        "only in the past 2 weeks",
        REL(
            "campaign_memberships",
            where=C("campaign_member.status", "in", ["Attended"]),
            window=LAST(2, "week"),
        ),
    ),
    (
        AND(VP, C("contact.country", "in", ["Germany"])),
        "also include anyone tagged churn-risk",
        OR(AND(VP, C("contact.country", "in", ["Germany"])), tag("churn-risk")),
    ),
    (
        REL("opportunities", "none"),
        "only those Raymond Frank owns",
        AND(REL("opportunities", "none"), C("owner.name", "eq", "Raymond Frank")),
    ),
]


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}")
    build_demo(engine, contacts=300, seed=42, as_of=dt.date(2026, 11, 1))
    yield load_catalog(engine)
    engine.dispose()


def _same(tree, expected, catalog) -> bool:
    want = normalize(parse_tree(expected, catalog))
    return canonical_json(tree.root) == canonical_json(want.root)


@pytest.mark.parametrize(("request_text", "expected"), CONSTRUCTS, ids=[t for t, _ in CONSTRUCTS])
def test_construct(catalog, request_text, expected):
    result = TRANSLATOR.translate(request_text, catalog=catalog, clock=CLOCK, segments=SEGMENTS)
    assert result.error is None, result.error
    assert result.unparsed == []
    assert _same(result.tree, expected, catalog), result.explanation


@pytest.mark.parametrize(("request_text", "expected", "about"), AMBIGUOUS)
def test_ambiguous_word_is_reported(catalog, request_text, expected, about):
    result = TRANSLATOR.translate(request_text, catalog=catalog, clock=CLOCK)
    assert result.error is None, result.error
    assert _same(result.tree, expected, catalog), result.explanation
    (assumption,) = [a for a in result.assumptions if about in a.about]
    assert assumption.alternatives


@pytest.mark.parametrize(("base", "turn", "expected"), TURNS, ids=[t for _, t, _ in TURNS])
def test_turn(catalog, base, turn, expected):
    result = TRANSLATOR.translate(
        turn, catalog=catalog, clock=CLOCK, base=parse_tree(base, catalog)
    )
    assert result.error is None, result.error
    assert result.unparsed == []
    assert _same(result.tree, expected, catalog), result.explanation


def test_corrections_are_reported(catalog):
    result = TRANSLATOR.translate("leads who never clickd an email", catalog=catalog, clock=CLOCK)
    assert any(a.about == "clickd" and "clicked" in a.chosen for a in result.assumptions)


@pytest.mark.parametrize(
    ("request_text", "unparsed"),
    [
        # one capitalised word before 's could be a company: not guessed as an owner
        ("Acme's contacts in Germany", ["Acme's"]),
        # a name is never "corrected" into a catalog word
        ("contacts owned by Frank Ocean", []),
        # words before a noun without a free-text field stay unparsed
        ("VPs who opened the foobar email", ["foobar"]),
        # a vague seniority word before another seniority is a job title's ("senior VP")
        ("junior managers in spain", ["junior"]),
    ],
)
def test_what_is_not_guessed(catalog, request_text, unparsed):
    result = TRANSLATOR.translate(request_text, catalog=catalog, clock=CLOCK)
    assert result.unparsed == unparsed
    assert not any("France" in a.chosen for a in result.assumptions)
