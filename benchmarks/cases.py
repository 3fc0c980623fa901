"""Benchmark cases: a segment tree and the SQL an expert would write for the same question.

Every case is evaluated against the demo CRM (``nlseg.sync.demo.build_demo``, seed 42) as of
:data:`AS_OF`. ``sql`` is either one portable string or a mapping ``{dialect: sql}`` for the
places where SQLite and PostgreSQL differ (JSON, case-insensitive LIKE). The runner asserts
that the hand-written count equals the compiled count.

Conventions of the hand-written SQL (what a careful engineer who knows the schema writes):

- relative windows are written as literal lower bounds ("in the last 90 days" as of
  2026-11-01 is ``>= '2026-08-03'``, the day ``nlseg.clock`` starts the window on); nothing
  in the demo data is later than the as-of day, so no upper bound is needed;
- "any" is a correlated ``EXISTS``, "none" a ``NOT EXISTS``;
- counted quantifiers on a lone relation count the groups directly (the foreign keys
  guarantee every ``contact_id`` is a contact); inside a larger condition they are a
  ``contact id IN (... GROUP BY ... HAVING ...)`` semi-join;
- "at most N" is the complement of "more than N" (every contact minus the more-than-N ones
  where the relation is the whole question).

Trees are written with the builders of ``nlseg.tree.build``, as in the tests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from nlseg.tree.build import AND, LAST, OR, REL, C

AS_OF = dt.date(2026, 11, 1)


def _day(days_back: int) -> str:
    """The first day of "the last ``days_back`` days" as of AS_OF (see nlseg.clock)."""
    return (AS_OF - dt.timedelta(days=days_back)).isoformat()


D30, D60, D90, D365 = _day(30), _day(60), _day(90), _day(365)
END = (AS_OF + dt.timedelta(days=1)).isoformat()  # the first instant after the as-of day


# --- cases -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    id: str
    description: str
    tree: dict
    sql: str | dict[str, str]

    def sql_for(self, dialect: str) -> str:
        if isinstance(self.sql, str):
            return self.sql
        return self.sql[dialect]


LAST3_EMAIL = f"""SELECT id FROM campaigns WHERE type = 'Email' AND sent_at < '{END}'
  ORDER BY sent_at DESC, id DESC LIMIT 3"""

CASES: tuple[Case, ...] = (
    # --- contact properties ---------------------------------------------------------------
    Case(
        "country_de",
        "Contacts in Germany",
        C("contact.country", "in", ["Germany"]),
        "SELECT count(*) FROM contacts WHERE country = 'Germany'",
    ),
    Case(
        "picklists",
        "Senior marketing/sales/exec people in mql, sql or opportunity stage",
        AND(
            C("contact.seniority", "in", ["C-Level", "VP", "Director"]),
            C("contact.department", "in", ["Marketing", "Sales", "Executive"]),
            C("contact.lifecycle_stage", "in", ["mql", "sql", "opportunity"]),
        ),
        """SELECT count(*) FROM contacts
WHERE seniority IN ('C-Level', 'VP', 'Director')
  AND department IN ('Marketing', 'Sales', 'Executive')
  AND lifecycle_stage IN ('mql', 'sql', 'opportunity')""",
    ),
    Case(
        "score_range",
        "Behavior score between 60 and 90",
        C("contact.behavior_score", "between", {"low": 60, "high": 90}),
        "SELECT count(*) FROM contacts WHERE behavior_score BETWEEN 60 AND 90",
    ),
    Case(
        "title_contains",
        "Job title contains 'manager' (any case)",
        C("contact.title", "contains", "manager"),
        {
            # SQLite's LIKE ignores ASCII case; the demo titles are ASCII.
            "sqlite": "SELECT count(*) FROM contacts WHERE title LIKE '%manager%'",
            "postgresql": "SELECT count(*) FROM contacts WHERE title ILIKE '%manager%'",
        },
    ),
    Case(
        "created_30d",
        "Contacts created in the last 30 days",
        C("contact.created_at", "in_last", {"amount": 30, "unit": "day"}),
        f"SELECT count(*) FROM contacts WHERE created_at >= '{D30}'",
    ),
    Case(
        "custom_nps",
        "Custom field: NPS score of at least 9",
        C("contact.custom.nps", "gte", 9),
        {
            "sqlite": "SELECT count(*) FROM contacts WHERE json_extract(custom, '$.nps') >= 9",
            "postgresql": "SELECT count(*) FROM contacts WHERE (custom->>'nps')::numeric >= 9",
        },
    ),
    Case(
        "custom_products",
        "Custom multi-value field: owns Analytics or Payments",
        C("contact.custom.products", "contains_any", ["Analytics", "Payments"]),
        {
            "sqlite": """SELECT count(*) FROM contacts c WHERE EXISTS (
  SELECT 1 FROM json_each(c.custom, '$.products') WHERE value IN ('Analytics', 'Payments'))""",
            "postgresql": """SELECT count(*) FROM contacts
WHERE custom->'products' ?| array['Analytics', 'Payments']""",
        },
    ),
    # --- account and owner (1:1) ---------------------------------------------------------------
    Case(
        "account_tier",
        "Contacts of Enterprise accounts",
        C("account.tier", "in", ["Enterprise"]),
        """SELECT count(*) FROM contacts c JOIN accounts a ON a.id = c.account_id
WHERE a.tier = 'Enterprise'""",
    ),
    Case(
        "owner_region",
        "Contacts owned by an EMEA rep",
        C("owner.region", "in", ["EMEA"]),
        """SELECT count(*) FROM contacts c JOIN owners o ON o.id = c.owner_id
WHERE o.region = 'EMEA'""",
    ),
    Case(
        "account_owner_mix",
        "Software/Technology accounts of 1000+ employees, North America reps",
        AND(
            C("account.industry", "in", ["Software", "Technology"]),
            C("account.employee_count", "gte", 1000),
            C("owner.region", "in", ["North America"]),
        ),
        """SELECT count(*) FROM contacts c
JOIN accounts a ON a.id = c.account_id
JOIN owners o ON o.id = c.owner_id
WHERE a.industry IN ('Software', 'Technology') AND a.employee_count >= 1000
  AND o.region = 'North America'""",
    ),
    # --- email events ----------------------------------------------------------------------
    Case(
        "email_click_30d",
        "Clicked an email in the last 30 days (any)",
        REL(
            "email_events",
            "any",
            where=C("email_event.event_type", "in", ["click"]),
            window=LAST(30),
        ),
        f"""SELECT count(*) FROM contacts c WHERE EXISTS (
  SELECT 1 FROM email_events e WHERE e.contact_id = c.id
    AND e.event_type = 'click' AND e.occurred_at >= '{D30}')""",
    ),
    Case(
        "email_3opens_90d",
        "At least 3 opens in the last 90 days",
        REL(
            "email_events",
            "at_least",
            3,
            where=C("email_event.event_type", "in", ["open"]),
            window=LAST(90),
        ),
        f"""SELECT count(*) FROM (
  SELECT contact_id FROM email_events WHERE event_type = 'open' AND occurred_at >= '{D90}'
  GROUP BY contact_id HAVING count(*) >= 3) t""",
    ),
    Case(
        "email_no_open_90d",
        "Did not open any email in the last 90 days (none)",
        REL(
            "email_events",
            "none",
            where=C("email_event.event_type", "in", ["open"]),
            window=LAST(90),
        ),
        f"""SELECT count(*) FROM contacts c WHERE NOT EXISTS (
  SELECT 1 FROM email_events e WHERE e.contact_id = c.id
    AND e.event_type = 'open' AND e.occurred_at >= '{D90}')""",
    ),
    Case(
        "email_exactly_1_click_90d",
        "Exactly one click in the last 90 days",
        REL(
            "email_events",
            "exactly",
            1,
            where=C("email_event.event_type", "in", ["click"]),
            window=LAST(90),
        ),
        f"""SELECT count(*) FROM (
  SELECT contact_id FROM email_events WHERE event_type = 'click' AND occurred_at >= '{D90}'
  GROUP BY contact_id HAVING count(*) = 1) t""",
    ),
    Case(
        "email_all_last3",
        "Opened all of the last 3 email campaigns",
        REL("email_events", "all_of_last", 3, where=C("email_event.event_type", "in", ["open"])),
        f"""SELECT count(*) FROM (
  SELECT contact_id FROM email_events
  WHERE event_type = 'open' AND campaign_id IN ({LAST3_EMAIL})
  GROUP BY contact_id HAVING count(DISTINCT campaign_id) = 3) t""",
    ),
    Case(
        "email_at_most_2_sent_90d",
        "Sent at most 2 emails in the last 90 days (at_most; zero counts)",
        REL(
            "email_events",
            "at_most",
            2,
            where=C("email_event.event_type", "in", ["sent"]),
            window=LAST(90),
        ),
        f"""SELECT (SELECT count(*) FROM contacts) - (SELECT count(*) FROM (
  SELECT contact_id FROM email_events WHERE event_type = 'sent' AND occurred_at >= '{D90}'
  GROUP BY contact_id HAVING count(*) > 2) t)""",
    ),
    # --- activities ------------------------------------------------------------------------
    Case(
        "act_none_60d",
        "No activity in the last 60 days",
        REL("activities", "none", window=LAST(60)),
        f"""SELECT count(*) FROM contacts c WHERE NOT EXISTS (
  SELECT 1 FROM activities a WHERE a.contact_id = c.id AND a.occurred_at >= '{D60}')""",
    ),
    Case(
        "act_2_meetings_calls",
        "At least 2 meetings or calls (ever)",
        REL(
            "activities",
            "at_least",
            2,
            where=C("activity.activity_type", "in", ["meeting", "call"]),
        ),
        """SELECT count(*) FROM (
  SELECT contact_id FROM activities WHERE activity_type IN ('meeting', 'call')
  GROUP BY contact_id HAVING count(*) >= 2) t""",
    ),
    Case(
        "act_at_most_1_90d",
        "At most 1 activity in the last 90 days (zero counts)",
        REL("activities", "at_most", 1, window=LAST(90)),
        f"""SELECT (SELECT count(*) FROM contacts) - (SELECT count(*) FROM (
  SELECT contact_id FROM activities WHERE occurred_at >= '{D90}'
  GROUP BY contact_id HAVING count(*) > 1) t)""",
    ),
    Case(
        "act_any_form_30d",
        "Submitted a form in the last 30 days (any)",
        REL(
            "activities",
            "any",
            where=C("activity.activity_type", "in", ["form_submission"]),
            window=LAST(30),
        ),
        f"""SELECT count(*) FROM contacts c WHERE EXISTS (
  SELECT 1 FROM activities a WHERE a.contact_id = c.id
    AND a.activity_type = 'form_submission' AND a.occurred_at >= '{D30}')""",
    ),
    # --- deals the contact is on -------------------------------------------------------------
    Case(
        "opp_any_open",
        "On at least one open deal (any)",
        REL("opportunities", "any", where=C("opportunity.is_closed", "is_false")),
        """SELECT count(*) FROM contacts c WHERE EXISTS (
  SELECT 1 FROM opportunity_contacts oc JOIN opportunities o ON o.id = oc.opportunity_id
  WHERE oc.contact_id = c.id AND o.is_closed = FALSE)""",
    ),
    Case(
        "opp_none_90d",
        "On no deal created in the last 90 days (none, window only)",
        REL("opportunities", "none", window=LAST(90)),
        f"""SELECT count(*) FROM contacts c WHERE NOT EXISTS (
  SELECT 1 FROM opportunity_contacts oc JOIN opportunities o ON o.id = oc.opportunity_id
  WHERE oc.contact_id = c.id AND o.created_at >= '{D90}')""",
    ),
    Case(
        "opp_exactly_1",
        "On exactly one deal",
        REL("opportunities", "exactly", 1),
        """SELECT count(*) FROM (
  SELECT contact_id FROM opportunity_contacts GROUP BY contact_id HAVING count(*) = 1) t""",
    ),
    Case(
        "opp_won_primary",
        "Primary contact on a won deal of 50k or more",
        REL(
            "opportunities",
            "any",
            where=AND(
                C("opportunity.is_won", "is_true"),
                C("opportunity.amount", "gte", 50000),
                C("opportunity_contact.is_primary", "is_true"),
            ),
        ),
        """SELECT count(*) FROM contacts c WHERE EXISTS (
  SELECT 1 FROM opportunity_contacts oc JOIN opportunities o ON o.id = oc.opportunity_id
  WHERE oc.contact_id = c.id AND oc.is_primary = TRUE
    AND o.is_won = TRUE AND o.amount >= 50000)""",
    ),
    # --- deals on the contact's account ------------------------------------------------------
    Case(
        "acct_opp_won",
        "Their account has a won deal (any)",
        REL("account_opportunities", "any", where=C("opportunity.is_won", "is_true")),
        """SELECT count(*) FROM contacts c WHERE EXISTS (
  SELECT 1 FROM opportunities o WHERE o.account_id = c.account_id AND o.is_won = TRUE)""",
    ),
    Case(
        "acct_opp_none_90d",
        "No deal created on their account in the last 90 days (none; no account counts)",
        REL("account_opportunities", "none", window=LAST(90)),
        f"""SELECT count(*) FROM contacts c WHERE NOT EXISTS (
  SELECT 1 FROM opportunities o WHERE o.account_id = c.account_id
    AND o.created_at >= '{D90}')""",
    ),
    Case(
        "acct_opp_at_least_2",
        "At least 2 deals on their account",
        REL("account_opportunities", "at_least", 2),
        """SELECT count(*) FROM contacts c WHERE c.account_id IN (
  SELECT account_id FROM opportunities GROUP BY account_id HAVING count(*) >= 2)""",
    ),
    Case(
        "acct_opp_at_most_1",
        "At most 1 deal on their account (zero and no account count)",
        REL("account_opportunities", "at_most", 1),
        """SELECT count(*) FROM contacts c WHERE c.account_id IS NULL OR c.account_id NOT IN (
  SELECT account_id FROM opportunities WHERE account_id IS NOT NULL
  GROUP BY account_id HAVING count(*) > 1)""",
    ),
    # --- campaign memberships -----------------------------------------------------------------
    Case(
        "camp_webinar_attended",
        "Attended a webinar (any; joins campaigns)",
        REL(
            "campaign_memberships",
            "any",
            where=AND(
                C("campaign_member.status", "in", ["Attended"]),
                C("campaign.type", "in", ["Webinar"]),
            ),
        ),
        """SELECT count(*) FROM contacts c WHERE EXISTS (
  SELECT 1 FROM campaign_members m JOIN campaigns k ON k.id = m.campaign_id
  WHERE m.contact_id = c.id AND m.status = 'Attended' AND k.type = 'Webinar')""",
    ),
    Case(
        "camp_3_in_365d",
        "Joined at least 3 campaigns in the last 365 days",
        REL("campaign_memberships", "at_least", 3, window=LAST(365)),
        f"""SELECT count(*) FROM (
  SELECT contact_id FROM campaign_members WHERE created_at >= '{D365}'
  GROUP BY contact_id HAVING count(*) >= 3) t""",
    ),
    Case(
        "camp_none_event",
        "Never a member of an Event campaign (none)",
        REL("campaign_memberships", "none", where=C("campaign.type", "in", ["Event"])),
        """SELECT count(*) FROM contacts c WHERE NOT EXISTS (
  SELECT 1 FROM campaign_members m JOIN campaigns k ON k.id = m.campaign_id
  WHERE m.contact_id = c.id AND k.type = 'Event')""",
    ),
    # --- tags ------------------------------------------------------------------------------
    Case(
        "tag_vip",
        "Tagged VIP (any)",
        REL("tags", "any", where=C("tag.name", "in", ["VIP"])),
        "SELECT count(*) FROM contact_tags WHERE tag = 'VIP'",
    ),
    Case(
        "tag_none_churn",
        "Not tagged churn-risk (none)",
        REL("tags", "none", where=C("tag.name", "in", ["churn-risk"])),
        """SELECT count(*) FROM contacts c WHERE NOT EXISTS (
  SELECT 1 FROM contact_tags t WHERE t.contact_id = c.id AND t.tag = 'churn-risk')""",
    ),
    Case(
        "tag_at_least_2",
        "Has at least 2 tags",
        REL("tags", "at_least", 2),
        """SELECT count(*) FROM (
  SELECT contact_id FROM contact_tags GROUP BY contact_id HAVING count(*) >= 2) t""",
    ),
    # --- logic ------------------------------------------------------------------------------
    Case(
        "neg_group",
        "NOT (in the US or Canada OR a customer/evangelist); a missing value is not a match",
        OR(
            C("contact.country", "in", ["United States", "Canada"]),
            C("contact.lifecycle_stage", "in", ["customer", "evangelist"]),
            negate=True,
        ),
        """SELECT count(*) FROM contacts
WHERE (country IS NULL OR country NOT IN ('United States', 'Canada'))
  AND (lifecycle_stage IS NULL OR lifecycle_stage NOT IN ('customer', 'evangelist'))""",
    ),
    Case(
        "or_group",
        "Enterprise account OR behavior score >= 80 OR tagged VIP",
        OR(
            C("account.tier", "in", ["Enterprise"]),
            C("contact.behavior_score", "gte", 80),
            REL("tags", "any", where=C("tag.name", "in", ["VIP"])),
        ),
        """SELECT count(*) FROM contacts c LEFT JOIN accounts a ON a.id = c.account_id
WHERE a.tier = 'Enterprise' OR c.behavior_score >= 80
   OR EXISTS (SELECT 1 FROM contact_tags t WHERE t.contact_id = c.id AND t.tag = 'VIP')""",
    ),
    Case(
        "design_example",
        "Enterprise accounts in Germany that opened our last 3 campaigns "
        "but have no deal created in the last 90 days",
        AND(
            C("account.tier", "in", ["Enterprise"]),
            C("account.country", "in", ["Germany"]),
            REL(
                "email_events", "all_of_last", 3, where=C("email_event.event_type", "in", ["open"])
            ),
            REL("account_opportunities", "none", window=LAST(90)),
        ),
        f"""SELECT count(*) FROM contacts c JOIN accounts a ON a.id = c.account_id
WHERE a.tier = 'Enterprise' AND a.country = 'Germany'
  AND c.id IN (
    SELECT contact_id FROM email_events
    WHERE event_type = 'open' AND campaign_id IN ({LAST3_EMAIL})
    GROUP BY contact_id HAVING count(DISTINCT campaign_id) = 3)
  AND NOT EXISTS (
    SELECT 1 FROM opportunities o WHERE o.account_id = c.account_id
      AND o.created_at >= '{D90}')""",
    ),
    Case(
        "engaged_neglected",
        "mql/sql with 3+ opens in 90 days but no activity in 60 days",
        AND(
            C("contact.lifecycle_stage", "in", ["mql", "sql"]),
            REL(
                "email_events",
                "at_least",
                3,
                where=C("email_event.event_type", "in", ["open"]),
                window=LAST(90),
            ),
            REL("activities", "none", window=LAST(60)),
        ),
        f"""SELECT count(*) FROM contacts c
WHERE c.lifecycle_stage IN ('mql', 'sql')
  AND c.id IN (
    SELECT contact_id FROM email_events WHERE event_type = 'open' AND occurred_at >= '{D90}'
    GROUP BY contact_id HAVING count(*) >= 3)
  AND NOT EXISTS (
    SELECT 1 FROM activities a WHERE a.contact_id = c.id AND a.occurred_at >= '{D60}')""",
    ),
)

CASES_BY_ID = {case.id: case for case in CASES}
assert len(CASES_BY_ID) == len(CASES), "case ids must be unique"
