"""Coordination over related records, once in the grammar (logic._distribute): a negation
before a list is "none of either", a window after it applies to each; "plus" adds people;
a created date belongs to the records the request is about."""

from __future__ import annotations

import pytest
from trees import AND, LAST, OR, REL, C, assert_reads_as

from nlseg.catalog import standard_catalog
from nlseg.clock import Clock
from nlseg.translate.offline import OfflineTranslator

CATALOG = standard_catalog()
CLOCK = Clock.at("2026-11-01")
TRANSLATOR = OfflineTranslator()


def activity(*types, q="any", window=None):
    return REL("activities", q, where=C("activity.activity_type", "in", list(types)), window=window)


def email(*types, q="any", window=None):
    return REL("email_events", q, where=C("email_event.event_type", "in", list(types)),
               window=window)  # fmt: skip


CASES = [
    ("no opens or clicks", email("open", "click", q="none")),
    ("no calls or meetings in the last 30 days",
     activity("call", "meeting", q="none", window=LAST(30))),
    ("never had a call or a meeting", activity("call", "meeting", q="none")),
    ("opened or clicked in the last 7 days", email("open", "click", window=LAST(7))),
    ("clicked an email or had a meeting in the last 7 days",
     OR(email("click", window=LAST(7)), activity("meeting", window=LAST(7)))),
    ("VPs plus every director", C("contact.seniority", "in", ["VP", "Director"])),
    ("VPs in Spain, plus all directors",
     OR(AND(C("contact.seniority", "in", ["VP"]), C("contact.country", "in", ["Spain"])),
        C("contact.seniority", "in", ["Director"]))),
    # a spaced "+" is "plus": an audience added, never a value joined to the list before it
    ("sales or hr managers + every director",
     OR(AND(C("contact.department", "in", ["Sales", "HR"]), C("contact.seniority", "in", ["Manager"])),
        C("contact.seniority", "in", ["Director"]))),
    # "who are also": a second record of the relation, not a second name on the same tag
    ("churn risks who are also tagged partner",
     AND(REL("tags", "any", where=C("tag.name", "in", ["churn-risk"])),
         REL("tags", "any", where=C("tag.name", "in", ["partner"])))),
    # a negation before "X or Y <the last campaigns>" is none of either in those campaigns
    ("didn't click or open our latest campaign",
     {"kind": "group", "negate": True, "children": [
         {"kind": "related", "relation": "email_events", "quantifier": "all_of_last", "count": 1,
          "where": C("email_event.event_type", "in", ["click", "open"])}]}),
    # a verb's conditions reach every object of a list: both were attended
    ("went to a webinar or an event",
     REL("campaign_memberships", where=AND(C("campaign.type", "in", ["Webinar", "Event"]),
                                           C("campaign_member.status", "in", ["Attended"])))),
    ("attended an event and a webinar",
     AND(REL("campaign_memberships", where=AND(C("campaign.type", "in", ["Event"]),
                                               C("campaign_member.status", "in", ["Attended"]))),
         REL("campaign_memberships", where=AND(C("campaign.type", "in", ["Webinar"]),
                                               C("campaign_member.status", "in", ["Attended"]))))),
    # a count before a value of the counted records: the records it counts
    ("responded to 3 or more content campaigns",
     REL("campaign_memberships", "at_least", 3,
         where=AND(C("campaign.type", "in", ["Content"]),
                   C("campaign_member.status", "in", ["Responded"])))),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_coordination(text, expected):
    assert_reads_as(text, expected)


@pytest.mark.parametrize("text", ["accounts added this year", "companies created last month"])
def test_a_created_date_of_accounts_is_the_accounts(text):
    answer = TRANSLATOR.translate(text, catalog=CATALOG, clock=CLOCK)
    assert answer.tree is not None
    assert answer.tree.root.model_dump()["field"] == "account.created_at"
    # the contact's date is offered as the other reading
    assert any(
        "contact.created_at" in (alt.tree.to_json() if alt.tree else "")
        for a in answer.assumptions
        for alt in a.alternatives
    )
