"""Each construct the offline translator understands (issue 4, item 1), table-driven.

Every case is a request and the exact normalised tree it must give, with nothing unparsed.
"""

from __future__ import annotations

import datetime as dt

import pytest
from trees import AND, DAYS, LAST, OR, REL, SEG, C

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

GERMANY = C("contact.country", "in", ["Germany"])
VP = C("contact.seniority", "in", ["VP"])
LEAD = C("contact.record_type", "in", ["lead"])
OPEN = C("email_event.event_type", "in", ["open"])
CLICK = C("email_event.event_type", "in", ["click"])
MEETING = C("activity.activity_type", "in", ["meeting"])


FURTHER = ["customer", "evangelist", "opportunity"]  # opportunity or further along


def tag(*names: str) -> dict:
    return REL("tags", where=C("tag.name", "in", list(names)))


FIELDS_AND_VALUES = [
    ("contacts whose job title contains marketing", C("contact.title", "contains", "marketing")),
    ("company size over 500", C("account.employee_count", "gt", 500)),
    ("more than 1000 employees", C("account.employee_count", "gt", 1000)),
    ("headcount of at least 50", C("account.employee_count", "gte", 50)),
    ("score above 80", C("contact.behavior_score", "gt", 80)),
    ("engagement score under 10", C("contact.behavior_score", "lt", 10)),
    ("NPS of 9 or more", C("contact.custom.nps", "gte", 9)),
    ("contacts owned by Jane Smith", C("owner.name", "eq", "Jane Smith")),
    ("sales rep region is APAC", C("owner.region", "in", ["APAC"])),
    # "X-owned": the value before is the owner's
    ("EMEA-owned accounts", C("owner.region", "in", ["EMEA"])),
    ("contacts that are apac owned", C("owner.region", "in", ["APAC"])),
    ("VPs", VP),
    ("vice presidents", VP),
    ("C-level", C("contact.seniority", "in", ["C-Level"])),
    ("c-suite", C("contact.seniority", "in", ["C-Level"])),
    ("people in the UK", C("contact.country", "in", ["United Kingdom"])),
    ("people in the US", C("contact.country", "in", ["United States"])),
    ("people from USA", C("contact.country", "in", ["United States"])),
    ("contacts in germany", GERMANY),
    ("contacts in Germnay", GERMANY),
    ("healthcare", C("account.industry", "in", ["Healthcare"])),
    ("in the helthcare industry", C("account.industry", "in", ["Healthcare"])),
    ("telecom companies", C("account.industry", "in", ["Telecommunications"])),
    ("mid market accounts", C("account.tier", "in", ["Mid-Market"])),
    ("SMB accounts", C("account.tier", "in", ["SMB"])),
    ("IT department", C("contact.department", "in", ["IT"])),
    ("lead source is paid search", C("contact.lead_source", "in", ["Paid Search"])),
    (
        "leads that came from a trade show",
        AND(LEAD, C("contact.lead_source", "in", ["Trade Show"])),
    ),
    ("owner team is EMEA SMB", C("owner.team", "in", ["EMEA SMB"])),
    ("preferred language is French", C("contact.custom.preferred_language", "in", ["French"])),
    ("own CRM", C("contact.custom.products", "contains_any", ["CRM"])),
    (
        "own Analytics and Payments",
        C("contact.custom.products", "contains_all", ["Analytics", "Payments"]),
    ),
    ("emails ending with gmail.com", C("contact.email", "ends_with", "gmail.com")),
    ("title includes 'Head of'", C("contact.title", "contains", "Head of")),
    ("with 'growth' in their title", C("contact.title", "contains", "growth")),
]

NUMBERS = [
    ("revenue over 50k", C("account.annual_revenue", "gt", 50000)),
    ("revenue above 10 million", C("account.annual_revenue", "gt", 10_000_000)),
    ("revenue over $2.5m", C("account.annual_revenue", "gt", 2_500_000)),
    ("more than 1,000 employees", C("account.employee_count", "gt", 1000)),
    ("at least three thousand employees", C("account.employee_count", "gte", 3000)),
    ("no more than 20 employees", C("account.employee_count", "lte", 20)),
    ("under 50 employees", C("account.employee_count", "lt", 50)),
    ("500+ employees", C("account.employee_count", "gte", 500)),
    ("score between 40 and 60", C("contact.behavior_score", "between", {"low": 40, "high": 60})),
    ("score from 40 to 60", C("contact.behavior_score", "between", {"low": 40, "high": 60})),
    ("score of 40-60", C("contact.behavior_score", "between", {"low": 40, "high": 60})),
    ("score 70 or higher", C("contact.behavior_score", "gte", 70)),
    ("score of 30 or less", C("contact.behavior_score", "lte", 30)),
    ("score exactly 50", C("contact.behavior_score", "eq", 50)),
    # a number of people with nothing else to count is the company's headcount
    ("firms with 200+ people", C("account.employee_count", "gte", 200)),
    ("fewer than 20 heads", C("account.employee_count", "lt", 20)),
    ("10-person companies", C("account.employee_count", "eq", 10)),
    (
        "accounts with 20 to 80 folks",
        C("account.employee_count", "between", {"low": 20, "high": 80}),
    ),
]

DATES = [
    ("created in the last 90 days", C("contact.created_at", "in_last", DAYS(90))),
    ("created in the past week", C("contact.created_at", "in_last", DAYS(1, "week"))),
    ("created this year", C("contact.created_at", "in_period", "this_year")),
    ("created this quarter", C("contact.created_at", "in_period", "this_quarter")),
    ("created last month", C("contact.created_at", "in_period", "last_month")),
    ("created since March", C("contact.created_at", "after", "2026-02-28")),
    ("created before 2025", C("contact.created_at", "before", "2025-01-01")),
    (
        "created between March 1 and April 15 2026",
        C("contact.created_at", "between", {"low": "2026-03-01", "high": "2026-04-15"}),
    ),
    ("created more than 6 months ago", C("contact.created_at", "more_than_ago", DAYS(6, "month"))),
    (
        "added in 2025",
        C("contact.created_at", "between", {"low": "2025-01-01", "high": "2025-12-31"}),
    ),
    ("updated within 30 days", C("contact.updated_at", "in_last", DAYS(30))),
    # a date right after the audience noun is its created date, also before more conditions
    (
        "contacts this quarter in spain",
        AND(
            C("contact.country", "in", ["Spain"]),
            C("contact.created_at", "in_period", "this_quarter"),
        ),
    ),
    ("trial started after January 2026", C("contact.custom.trial_started", "after", "2026-01-31")),
    (
        "haven't opened an email in 60 days",
        REL("email_events", "none", where=OPEN, window=LAST(60)),
    ),
    ("no activity for 3 months", REL("activities", "none", window=LAST(3, "month"))),
    (
        "clicked an email in the past 2 weeks",
        REL("email_events", where=CLICK, window=LAST(2, "week")),
    ),
    (
        "met in Q3",
        REL(
            "activities",
            where=MEETING,
            window={"op": "between", "value": {"low": "2026-07-01", "high": "2026-09-30"}},
        ),
    ),
    (
        "deals closing this quarter",
        REL("opportunities", where=C("opportunity.close_date", "in_period", "this_quarter")),
    ),
]

NEGATION = [
    ("no deal", REL("opportunities", "none")),
    ("never opened an email", REL("email_events", "none", where=OPEN)),
    ("not tagged beta-tester", REL("tags", "none", where=C("tag.name", "in", ["beta-tester"]))),
    ("outside the US", C("contact.country", "not_in", ["United States"])),
    ("not in Germany", C("contact.country", "not_in", ["Germany"])),
    (
        "didn't attend a webinar",
        REL(
            "campaign_memberships",
            "none",
            where=AND(
                C("campaign.type", "in", ["Webinar"]),
                C("campaign_member.status", "in", ["Attended"]),
            ),
        ),
    ),
    ("unassigned", C("owner.name", "is_not_set")),
    ("missing a phone", C("contact.phone", "is_not_set")),
    ("without a job title", C("contact.title", "is_not_set")),
    ("with a phone number", C("contact.phone", "is_set")),
    ("opted out", C("contact.email_opt_out", "is_true")),
    ("have not opted out", C("contact.email_opt_out", "is_false")),
    ("non-VPs", C("contact.seniority", "not_in", ["VP"])),
    ("title doesn't contain intern", C("contact.title", "not_contains", "intern")),
    ("not created in the last 30 days", C("contact.created_at", "more_than_ago", DAYS(30))),
    ("without newsletter consent", C("contact.custom.newsletter_consent", "is_false")),
]

QUANTITIES = [
    ("at least 3 meetings", REL("activities", "at_least", 3, where=MEETING)),
    (
        "three or more open deals",
        REL("opportunities", "at_least", 3, where=C("opportunity.is_closed", "is_false")),
    ),
    (
        "more than 2 calls",
        REL("activities", "at_least", 3, where=C("activity.activity_type", "in", ["call"])),
    ),
    (
        "fewer than 2 activities in the last 30 days",
        REL("activities", "at_most", 1, window=LAST(30)),
    ),
    ("at most one deal", REL("opportunities", "at_most", 1)),
    (
        "exactly 2 won deals",
        REL("opportunities", "exactly", 2, where=C("opportunity.is_won", "is_true")),
    ),
    ("opened emails at least 5 times", REL("email_events", "at_least", 5, where=OPEN)),
    ("clicked twice or more", REL("email_events", "at_least", 2, where=CLICK)),
    ("opened our last 3 campaigns", REL("email_events", "all_of_last", 3, where=OPEN)),
    ("opened each of the last 2 emails", REL("email_events", "all_of_last", 2, where=OPEN)),
    ("clicked our most recent newsletter", REL("email_events", "all_of_last", 1, where=CLICK)),
    ("deals over 50k", REL("opportunities", where=C("opportunity.amount", "gt", 50000))),
    (
        "a deal worth more than $100,000",
        REL("opportunities", where=C("opportunity.amount", "gt", 100000)),
    ),
    (
        "deals in the Negotiation stage",
        REL("opportunities", where=C("opportunity.stage", "in", ["Negotiation"])),
    ),
]

LISTS_AND_LOGIC = [
    ("in France, Spain or Italy", C("contact.country", "in", ["France", "Italy", "Spain"])),
    ("VPs and directors", C("contact.seniority", "in", ["Director", "VP"])),
    (
        "VPs, directors and managers in Germany",
        AND(C("contact.seniority", "in", ["Director", "Manager", "VP"]), GERMANY),
    ),
    ("not in France or Spain", C("contact.country", "not_in", ["France", "Spain"])),
    ("tagged VIP or partner", tag("VIP", "partner")),
    ("tagged VIP and partner", AND(tag("VIP"), tag("partner"))),
    (
        "meetings or calls in the last 30 days",
        REL(
            "activities",
            where=C("activity.activity_type", "in", ["call", "meeting"]),
            window=LAST(30),
        ),
    ),
    (
        "opened or clicked an email in the last week",
        REL(
            "email_events",
            where=C("email_event.event_type", "in", ["click", "open"]),
            window=LAST(1, "week"),
        ),
    ),
    (
        "didn't open or click",
        REL("email_events", "none", where=C("email_event.event_type", "in", ["click", "open"])),
    ),
    (
        "VPs in Germany or directors in France",
        OR(
            AND(VP, GERMANY),
            AND(C("contact.seniority", "in", ["Director"]), C("contact.country", "in", ["France"])),
        ),
    ),
    (
        "leads or customers in Spain",
        AND(
            OR(LEAD, C("contact.lifecycle_stage", "in", ["customer"])),
            C("contact.country", "in", ["Spain"]),
        ),
    ),
    (
        "VPs with a score over 50 or tagged VIP",
        AND(VP, OR(C("contact.behavior_score", "gt", 50), tag("VIP"))),
    ),
    (
        "VPs in Germany except those tagged churn-risk",
        AND(VP, GERMANY, REL("tags", "none", where=C("tag.name", "in", ["churn-risk"]))),
    ),
    (
        "leads in Germany who opened an email but have no deal",
        AND(LEAD, GERMANY, REL("email_events", where=OPEN), REL("opportunities", "none")),
    ),
]

SEGMENT_REFERENCES = [
    ("members of Webinar attendees", SEG("Webinar attendees")),
    ("in segment churned customers", SEG("Churned customers")),
    ("not in segment Webinar attendees", SEG("Webinar attendees", negate=True)),
    ("VPs who are members of Webinar Attendes", AND(VP, SEG("Webinar attendees"))),
    ("people in the 'Churned customers' segment", SEG("Churned customers")),
]

RECORD_TYPES_AND_LIFECYCLE = [
    ("leads", LEAD),
    ("customers", C("contact.lifecycle_stage", "in", ["customer"])),
    ("MQLs", C("contact.lifecycle_stage", "in", ["mql"])),
    ("SQLs", C("contact.lifecycle_stage", "in", ["sql"])),
    ("marketing qualified leads", C("contact.lifecycle_stage", "in", ["mql"])),
    ("sales-qualified leads", C("contact.lifecycle_stage", "in", ["sql"])),
    ("MQLs and SQLs", C("contact.lifecycle_stage", "in", ["mql", "sql"])),
    ("subscribers", C("contact.lifecycle_stage", "in", ["subscriber"])),
    ("prospects", C("account.type", "in", ["Prospect"])),
    ("former customers", C("account.type", "in", ["Former Customer"])),
    # a verb of progress before a ranked value: that value or further along
    ("contacts that got to opportunity", C("contact.lifecycle_stage", "in", FURTHER)),
    (
        "people who have not reached opportunity",
        C("contact.lifecycle_stage", "not_in", FURTHER),
    ),
]

PHRASING = [
    ("Show me all the VPs in Germany please", AND(VP, GERMANY)),
    ("VPS IN GERMANY", AND(VP, GERMANY)),
    ("vps in germany", AND(VP, GERMANY)),
    ("In Germany, VPs", AND(VP, GERMANY)),
    ("how many VPs are there in Germany?", AND(VP, GERMANY)),
    ("I need a list of every VP based in Germany", AND(VP, GERMANY)),
    ("people who work in Germany and are VPs", AND(VP, GERMANY)),
    ('"VPs in Germany"', AND(VP, GERMANY)),
    ("seniority = VP and country = Germany", AND(VP, GERMANY)),
    ("score>=50", C("contact.behavior_score", "gte", 50)),
    ("VP's in Germany!!!", AND(VP, GERMANY)),
]

ALL = [
    *(pytest.param(t, e, id=f"field-{t}") for t, e in FIELDS_AND_VALUES),
    *(pytest.param(t, e, id=f"number-{t}") for t, e in NUMBERS),
    *(pytest.param(t, e, id=f"date-{t}") for t, e in DATES),
    *(pytest.param(t, e, id=f"negation-{t}") for t, e in NEGATION),
    *(pytest.param(t, e, id=f"quantity-{t}") for t, e in QUANTITIES),
    *(pytest.param(t, e, id=f"logic-{t}") for t, e in LISTS_AND_LOGIC),
    *(pytest.param(t, e, id=f"segment-{t}") for t, e in SEGMENT_REFERENCES),
    *(pytest.param(t, e, id=f"lifecycle-{t}") for t, e in RECORD_TYPES_AND_LIFECYCLE),
    *(pytest.param(t, e, id=f"phrasing-{t}") for t, e in PHRASING),
]


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}")
    build_demo(engine, contacts=300, seed=42, as_of=dt.date(2026, 11, 1))
    yield load_catalog(engine)
    engine.dispose()


@pytest.mark.parametrize(("request_text", "expected"), ALL)
def test_construct(catalog, request_text, expected):
    result = TRANSLATOR.translate(request_text, catalog=catalog, clock=CLOCK, segments=SEGMENTS)
    assert result.error is None, result.error
    assert result.unparsed == []
    want = normalize(parse_tree(expected, catalog))
    assert canonical_json(result.tree.root) == canonical_json(want.root)
