"""Plain English from the tree: fixture pairs of (tree, sentence) and (tree, outline)."""

from __future__ import annotations

import pytest
from trees import AND, DAYS, OR, REL, SEG, C

from nlseg.catalog import standard_catalog
from nlseg.clock import Clock
from nlseg.evaluate import parse_tree
from nlseg.tree import outline, sentence

CATALOG = standard_catalog()
CLOCK = Clock.at("2026-11-01")
OPENED = C("email_event.event_type", "in", ["open"])


@pytest.mark.parametrize(
    ("tree", "expected"),
    [
        (C("contact.country", "in", ["Germany"]), "Contacts where Country is Germany."),
        (
            C("contact.country", "not_in", ["Germany", "France"]),
            "Contacts where Country is none of Germany or France.",
        ),
        (C("contact.title", "contains", "vp"), "Contacts where Job title contains 'vp'."),
        (C("account.employee_count", "gt", 100), "Contacts where Employees is more than 100."),
        (
            C("contact.behavior_score", "between", [40, 60]),
            "Contacts where Overall Behavior Score is between 40 and 60.",
        ),
        (C("contact.phone", "is_not_set"), "Contacts where Phone is not set."),
        (C("contact.email_opt_out", "is_false"), "Contacts where Email opt out is false."),
        (
            C("contact.created_at", "in_last", DAYS(90)),
            "Contacts where Created date is in the last 90 days (2026-08-03 to 2026-11-01).",
        ),
        (
            C("contact.created_at", "more_than_ago", DAYS(6, "month")),
            "Contacts where Created date is more than 6 months ago (before 2026-05-01).",
        ),
        (
            C("contact.created_at", "in_period", "last_quarter"),
            "Contacts where Created date is in last quarter (2026-07-01 to 2026-09-30).",
        ),
        (
            C("contact.created_at", "before", "2025-01-01"),
            "Contacts where Created date is before 2025-01-01.",
        ),
        (
            AND(
                C("contact.country", "in", ["Germany"]),
                OR(
                    C("contact.behavior_score", "gte", 50),
                    REL("tags", where=C("tag.name", "in", ["VIP"])),
                ),
            ),
            "Contacts where Country is Germany and (Overall Behavior Score is at least 50 or has at least one tag where Tag is VIP).",
        ),
        (
            AND(C("contact.country", "in", ["Germany"]), negate=True),
            "Contacts where not (Country is Germany).",
        ),
        (
            REL("email_events", "all_of_last", 3, where=OPENED),
            "Contacts where in each of the last 3 email campaigns, has an email event where Email event is open.",
        ),
        (
            REL("email_events", "any_of_last", 2, where=OPENED),
            "Contacts where in at least one of the last 2 email campaigns, has an email event where Email event is open.",
        ),
        (
            REL("activities", "at_most", 1, window={"op": "in_last", "value": DAYS(30)}),
            "Contacts where has at most 1 activity with Activity time in the last 30 days (2026-10-02 to 2026-11-01).",
        ),
        (REL("account_opportunities", "none"), "Contacts where has no deal on their account."),
        (
            SEG("Webinar attendees", negate=True),
            "Contacts where is not in segment 'Webinar attendees'.",
        ),
    ],
)
def test_sentence(tree, expected):
    assert sentence(parse_tree(tree, CATALOG), CATALOG, CLOCK) == expected


def test_outline_shows_groups_and_quantifiers():
    tree = parse_tree(
        AND(
            C("account.tier", "in", ["Enterprise"]),
            OR(
                C("contact.country", "in", ["Germany"]),
                C("account.country", "in", ["Germany"]),
                negate=True,
            ),
            REL(
                "email_events",
                "at_least",
                3,
                where=OPENED,
                window={"op": "in_last", "value": DAYS(90)},
            ),
        ),
        CATALOG,
    )
    assert outline(tree, CATALOG, CLOCK) == "\n".join(
        [
            "ALL of:",
            "  Account tier is Enterprise",
            "  NONE of:",
            "    Country is Germany",
            "    Account country is Germany",
            "  has at least 3 email events with Email event time in the last 90 days (2026-08-03 to 2026-11-01) where:",
            "    Email event is open",
        ]
    )
