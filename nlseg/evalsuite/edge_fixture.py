"""The adversarial edge fixture: a small CRM where a wrong reading selects different people.

Every row is written here, without randomness, against the frozen as-of date
:data:`TODAY` (Sunday 1 November 2026: the first day of its month, a month into Q4, the
last day of an ISO week). What it holds, besides a base population that uses every
vocabulary value (so the edge catalog knows every picklist value the demo catalog knows):

- timestamps exactly on window boundaries and one second before them: 90, 60, 30 and 7
  days ago, the first day of this month/quarter/year and week, today's first and last
  second, tomorrow (the future);
- NULLs and empty strings; contacts with no account, no owner, an inactive owner, an
  account whose every column is NULL;
- contacts with 0..5 meetings, 0..3 deals, 0..4 opens and 0..3 tags;
- email campaigns where "the last 3" is decided by a sent_at tie (the higher id wins), one
  sent in the last second of the as-of day, one sent tomorrow, one never sent;
- look-alikes: contact vs account country, tier Enterprise vs 5,000 employees, lifecycle
  'customer' vs account type 'Customer', record type 'lead' vs lifecycle 'lead', seniority
  'VP' vs a title with "VP", tag 'partner' vs account type 'Partner', open vs click, a
  German speaker outside Germany, "no deal" vs "no deal on the account" vs "no won deal".

Only values of the vocabularies (nlseg.catalog.standard, nlseg.sync.vocab) are used.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import product
from typing import Any

from sqlalchemy import Engine

from nlseg.catalog.standard import (
    ACCOUNT_TYPES,
    ACTIVITY_TYPES,
    COUNTRIES,
    DEPARTMENTS,
    INDUSTRIES,
    LEAD_SOURCES,
    LEAD_STATUSES,
    LIFECYCLE_STAGES,
    MEMBER_STATUSES,
    REGIONS,
    SENIORITIES,
    STAGES,
    TAGS,
    TIERS,
)
from nlseg.store import create_schema
from nlseg.store import schema as s
from nlseg.sync import vocab as v

TODAY = dt.date(2026, 11, 1)
DAY = dt.timedelta(days=1)
SECOND = dt.timedelta(seconds=1)


def at(day: dt.date, hour: int = 0, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute, second))


def ago(days: int, hour: int = 0, minute: int = 0, second: int = 0) -> dt.datetime:
    return at(TODAY - days * DAY, hour, minute, second)


END_OF_TODAY = at(TODAY, 23, 59, 59)
TOMORROW = at(TODAY + DAY)

# Email campaigns by id: 2 and 3 tie on sent_at, so the last three are 5, 4 and 3 (the
# higher id wins the tie); 5 goes out in the last second of the as-of day, 6 tomorrow.
EMAIL_SENT: dict[int, dt.datetime | None] = {
    1: ago(40, 10),
    2: ago(10, 15),
    3: ago(10, 15),
    4: ago(5, 11),
    5: END_OF_TODAY,
    6: TOMORROW,
    7: None,
}
OTHER_CAMPAIGNS = (
    # id, type, name, status, start, end
    (8, "Webinar", "Webinar: Segmentation Masterclass (Oct 2026)", "Completed", -1, -1),
    (9, "Event", "Growth Summit Berlin 2026", "Completed", -20, -19),
    (10, "Paid Social", "LinkedIn Lead Gen Q4 2026", "In Progress", -31, None),
    (11, "Content", "State of CRM Report (Sep 2026)", "Completed", -60, -20),
    (12, "Webinar", "Webinar: Data Privacy for Marketers (Nov 2026)", "Planned", 20, 20),
)

OWNER_NAMES = (
    "Ava Fischer", "Ben Carter", "Chloe Martin", "Diego Santos", "Emma Weber", "Farah Khan",
    "Gustav Larsson", "Hana Sato", "Isabel Rossi", "Jonas Becker", "Kavya Iyer",
    "Lucas Moreau", "Mia Schneider",
)  # fmt: skip
FIRST_NAMES = ("Anna", "Liam", "Sofia", "Noah", "Mila", "Elias", "Lea", "Omar", "Yuki", "Ravi")
LAST_NAMES = ("Keller", "Dubois", "Garcia", "Rossi", "Tanaka", "Patel", "Silva", "Berg", "Novak")
TITLES = {
    "C-Level": "Chief Marketing Officer",
    "VP": "VP of Sales",
    "Director": "Director of IT",
    "Manager": "Marketing Manager",
    "Individual Contributor": "Software Engineer",
}
EMPLOYEES = (5, 50, 99, 100, 101, 250, 500, 999, 1000, 1001, 5000, 10000, 20, 150, 2500)
REVENUES = (
    "500000", "2500000", "9999999.99", "10000000", "10000000.01", "45000000", None,
    "120000000", "1000000", "750000", "3000000", "60000000", "0", "8000000", "25000000",
)  # fmt: skip
SPECIAL_ACCOUNTS = (
    # id, name, country, industry, employees, type, tier
    (16, "Kessler Health GmbH", "Germany", "Healthcare", 100, "Customer", "Enterprise"),
    # Enterprise by size (5,000 employees), not by tier.
    (17, "Rheinwerk Systems", "Germany", "Technology", 5000, "Prospect", "Mid-Market"),
    # No deals at all.
    (18, "Brandt Industrie AG", "Germany", "Manufacturing", 2000, "Prospect", "Enterprise"),
    # A deal created exactly 90 days ago (00:00:00).
    (19, "Nordhafen Logistik", "Germany", "Energy", 800, "Customer", "Enterprise"),
    # A deal created 90 days and one second ago.
    (20, "Falkenberg Bank", "Germany", "Financial Services", 3000, "Prospect", "Enterprise"),
    (21, "Lumiere Sante", "France", "Healthcare", 100, "Customer", "SMB"),
    (22, "Atelier Numerique", "France", "Software", 101, "Prospect", "Mid-Market"),
    (23, "Provence Media", "France", "Media", None, "Prospect", "SMB"),
    # Tier Enterprise, but 50 employees.
    (24, "Thames Analytics", "United Kingdom", "Software", 50, "Customer", "Enterprise"),
    # Deals its contacts may or may not be on.
    (26, "Cascade Health", "United States", "Healthcare", 400, "Prospect", "Mid-Market"),
    (27, "Dutch Partner Co", "Netherlands", "Software", 60, "Partner", "SMB"),
)
AMOUNTS = (5000, 25000, 50000, 75000, 100000, 250000, 12000, 49999, 50001, 1000)


@dataclass
class _Rows:
    """The fixture's rows by table, filled by the builders below."""

    tables: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {t.name: [] for t in (*s.CRM_TABLES, s.field_definitions)}
    )

    def add(self, table: str, **row: Any) -> None:
        self.tables[table].append(row)

    def contact(self, cid: int, **values: Any) -> None:
        i = cid % 10
        row = {
            "id": cid,
            "external_id": f"edge-con-{cid}",
            "record_type": "contact",
            "first_name": FIRST_NAMES[i],
            "last_name": LAST_NAMES[cid % 9],
            "email": f"{FIRST_NAMES[i].lower()}.{LAST_NAMES[cid % 9].lower()}{cid}@example.com",
            "phone": f"+1 555 01{cid:03d}",
            "title": "Marketing Manager",
            "department": "Marketing",
            "seniority": "Manager",
            "city": None,
            "state": None,
            "country": "United States",
            "lead_source": "Web",
            "lifecycle_stage": "lead",
            "lead_status": "Working",
            "account_id": 1,
            "owner_id": 2,
            "company_name": None,
            "behavior_score": 40,
            "email_opt_out": False,
            "created_at": ago(400, 9),
            "updated_at": ago(20, 9),
            "custom": {"preferred_language": "English", "newsletter_consent": True},
        }
        row.update(values)
        self.add("contacts", **row)

    def email(self, cid: int, campaign: int | None, *kinds: str, when: Any = None) -> None:
        """Email events of one contact for one campaign (at its send time, capped at today)."""
        sent = EMAIL_SENT.get(campaign) if campaign else None
        base = when or sent
        for kind in kinds:
            self.add(
                "email_events",
                id=len(self.tables["email_events"]) + 1,
                contact_id=cid,
                campaign_id=campaign,
                event_type=kind,
                occurred_at=base or ago(3, 12),
            )

    def opened(self, cid: int, *campaigns: int) -> None:
        for campaign in campaigns:
            self.email(cid, campaign, "sent", "delivered", "open")

    def clicked(self, cid: int, *campaigns: int) -> None:
        for campaign in campaigns:
            self.email(cid, campaign, "sent", "delivered", "click")

    def activity(self, cid: int, kind: str, when: dt.datetime, owner: int | None = 2) -> None:
        self.add(
            "activities",
            id=len(self.tables["activities"]) + 1,
            contact_id=cid,
            owner_id=owner,
            activity_type=kind,
            subject=v.ACTIVITY_SUBJECTS[kind][0],
            occurred_at=when,
        )

    def tag(self, cid: int, *tags: str) -> None:
        for tag in tags:
            self.add("contact_tags", contact_id=cid, tag=tag)

    def on_deal(self, cid: int, *deals: int) -> None:
        for deal in deals:
            roles = v.OPPORTUNITY_ROLES
            n = len(self.tables["opportunity_contacts"])
            self.add(
                "opportunity_contacts",
                opportunity_id=deal,
                contact_id=cid,
                role=roles[n % len(roles)],
                is_primary=n % 3 == 0,
            )

    def deal(self, did: int, account: int | None, stage: str, amount: Any, **values: Any) -> None:
        closed = stage.startswith("Closed")
        row = {
            "id": did,
            "external_id": f"edge-opp-{did}",
            "name": f"Edge deal {did}",
            "account_id": account,
            "owner_id": 2,
            "stage": stage,
            "amount": None if amount is None else Decimal(str(amount)),
            "close_date": TODAY + 30 * DAY if not closed else TODAY - 30 * DAY,
            "is_closed": closed,
            "is_won": stage == "Closed Won",
            "created_at": ago(120, 10),
            "updated_at": ago(10, 10),
        }
        row.update(values)
        self.add("opportunities", **row)


def _owners(rows: _Rows) -> dict[tuple[str, str], int]:
    teams = {}
    for i, (region, segment) in enumerate(product(REGIONS, v.OWNER_SEGMENTS), start=1):
        if (region, segment) == ("LATAM", "SMB"):
            continue  # the demo has no such team either: both catalogs know the same teams
        name = OWNER_NAMES[i - 1]
        teams[(region, segment)] = i
        rows.add(
            "owners",
            id=i,
            external_id=f"edge-own-{i}",
            name=name,
            email=name.lower().replace(" ", ".") + "@" + v.OWNER_DOMAIN,
            region=region,
            team=f"{region} {segment}",
            is_active=i not in (5, 10),  # two owners have left
        )
    rows.add(
        "owners",
        id=13,
        external_id="edge-own-13",
        name=OWNER_NAMES[12],
        email=None,
        region=None,
        team=None,
        is_active=None,
    )
    return teams


def _accounts(rows: _Rows, teams: dict[tuple[str, str], int]) -> None:
    def account(aid: int, name: str, country: str | None, industry: str | None, **values) -> None:
        tier = values.get("tier")
        region = v.REGION_OF_COUNTRY.get(country or "")
        row = {
            "id": aid,
            "external_id": f"edge-acc-{aid}",
            "name": name,
            "domain": name.split()[0].lower() + ".example" if name else None,
            "industry": industry,
            "employee_count": None,
            "annual_revenue": None,
            "country": country,
            "city": v.CITIES[country][0][0] if country in v.CITIES else None,
            "type": "Prospect",
            "tier": None,
            "owner_id": teams.get((region, tier)) if region and tier else None,
            "created_at": ago(700 - aid * 13, 8),
            "updated_at": ago(aid, 8),
        }
        row.update(values)
        rows.add("accounts", **row)

    # 1..15: one account per country; every industry, type and tier occurs.
    for i, country in enumerate(COUNTRIES):
        revenue = REVENUES[i]
        account(
            i + 1,
            f"Edge {country} Ltd",
            country,
            INDUSTRIES[i % len(INDUSTRIES)],
            employee_count=EMPLOYEES[i],
            annual_revenue=None if revenue is None else Decimal(revenue),
            type=ACCOUNT_TYPES[i % len(ACCOUNT_TYPES)],
            tier=TIERS[i % len(TIERS)],
        )
    for aid, name, country, industry, employees, kind, tier in SPECIAL_ACCOUNTS:
        account(aid, name, country, industry, employee_count=employees, type=kind, tier=tier)
    # Every nullable column NULL.
    account(25, None, None, None, domain=None, created_at=None, updated_at=None)


def _deals(rows: _Rows) -> None:
    d = rows.deal
    d(1, 26, "Negotiation", 50000, created_at=ago(20, 10), close_date=TODAY + 30 * DAY)
    d(2, 26, "Closed Won", 120000, created_at=ago(200, 10), close_date=TODAY - 100 * DAY)
    d(3, 26, "Closed Lost", 8000, created_at=ago(400, 10), close_date=TODAY - 300 * DAY)
    d(4, 26, "Prospecting", None, created_at=ago(0, 10), close_date=None)
    d(5, 26, "Qualification", 50000, created_at=ago(90), close_date=TODAY)
    d(6, 16, "Closed Lost", 30000, created_at=ago(730, 10), close_date=TODAY - 700 * DAY)
    d(7, 19, "Proposal", 75000, created_at=ago(90))  # exactly on "the last 90 days"
    d(8, 20, "Prospecting", 20000, created_at=ago(90) - SECOND)  # one second outside it
    d(9, 24, "Closed Won", 64000, created_at=ago(45, 10), close_date=TODAY - 5 * DAY)
    d(10, None, "Proposal", 15000, created_at=ago(12, 10))  # a deal with no account
    for j in range(12):  # on the base accounts: every stage, amounts around 50,000
        stage = STAGES[j % len(STAGES)]
        d(11 + j, j % 15 + 1, stage, AMOUNTS[j % len(AMOUNTS)], created_at=ago(30 * j + 15, 10))


def _campaigns(rows: _Rows) -> None:
    names = (
        "Monthly Newsletter",
        "Product Update",
        "Customer Stories",
        "Feature Spotlight",
        "Industry Report",
        "Best Practices Digest",
        "Monthly Newsletter",
    )
    for cid, sent in EMAIL_SENT.items():
        day = (sent or TOMORROW + 10 * DAY).date()
        rows.add(
            "campaigns",
            id=cid,
            external_id=f"edge-cmp-{cid}",
            name=f"{names[cid - 1]} - {day.day} {v.MONTHS[day.month - 1]} {day.year}",
            type="Email",
            status="Completed" if sent and sent <= END_OF_TODAY else "Scheduled",
            start_date=day,
            end_date=day,
            sent_at=sent,
        )
    for cid, kind, name, status, start, end in OTHER_CAMPAIGNS:
        rows.add(
            "campaigns",
            id=cid,
            external_id=f"edge-cmp-{cid}",
            name=name,
            type=kind,
            status=status,
            start_date=TODAY + start * DAY,
            end_date=None if end is None else TODAY + end * DAY,
            sent_at=None,
        )


def _base_population(rows: _Rows, teams: dict[tuple[str, str], int]) -> None:
    """Contacts 1..45: every vocabulary value, spread over three years of history."""
    for i in range(45):
        cid = i + 1
        country = COUNTRIES[i % len(COUNTRIES)]
        seniority = SENIORITIES[i % len(SENIORITIES)]
        stage = LIFECYCLE_STAGES[i % len(LIFECYCLE_STAGES)]
        has_account = i % 9 != 8
        custom: dict[str, Any] = {"preferred_language": v.LANGUAGES[i % len(v.LANGUAGES)]}
        if i % 3 == 0:
            custom["nps"] = i % 11
        if i % 4 == 1:
            custom["trial_started"] = (TODAY - (i * 20 + 3) * DAY).isoformat()
        if i % 5 < 2:
            custom["products"] = [v.PRODUCTS[i % 4], *([v.PRODUCTS[(i + 1) % 4]] * (i % 5 == 0))]
        if i % 6 != 5:
            custom["newsletter_consent"] = i % 2 == 0
        created = ago(i * 24 + 5, 9 + i % 8)
        rows.contact(
            cid,
            record_type="lead"
            if stage in ("subscriber", "lead", "mql") and i % 2 == 0
            else "contact",
            title=TITLES[seniority],
            department=DEPARTMENTS[i % len(DEPARTMENTS)],
            seniority=seniority,
            country=country,
            city=v.CITIES[country][0][0],
            lead_source=LEAD_SOURCES[i % len(LEAD_SOURCES)],
            lifecycle_stage=stage,
            lead_status=LEAD_STATUSES[i % len(LEAD_STATUSES)],
            account_id=i % 15 + 1 if has_account else None,
            company_name=None if has_account else f"Independent Studio {cid}",
            owner_id=teams[(v.REGION_OF_COUNTRY[country], v.OWNER_SEGMENTS[i % 3])],
            behavior_score=(i * 37) % 101,
            email_opt_out=i % 7 == 3,
            created_at=created,
            updated_at=created + (i % 30) * DAY,
            custom=custom,
        )
        if i % 3 == 1:
            rows.tag(cid, TAGS[i % len(TAGS)], *([TAGS[(i + 2) % len(TAGS)]] * (i % 6 == 1)))
        rows.activity(cid, ACTIVITY_TYPES[i % 6], ago((i * 11) % 150 + 1, 14), owner=2)
        rows.activity(cid, ACTIVITY_TYPES[(i + 3) % 6], ago((i * 29) % 400 + 3, 10), owner=None)
        for campaign in (1, 2, 3, 4, 5):
            if (i + campaign) % 3 == 0:
                continue
            kinds = ["sent", "delivered"]
            kinds += ["open"] * ((i + campaign) % 3 == 1) + ["click"] * ((i + campaign) % 5 == 0)
            rows.email(cid, campaign, *kinds)
        if i % 11 == 0:
            rows.email(cid, 1, "bounce")
        if i % 13 == 0:
            rows.email(cid, 2, "unsubscribe")
        for campaign, statuses in ((8, (0, 1)), (9, (1,)), (10, (2, 3)), (11, (2, 3))):
            if i % 4 < len(statuses):
                rows.add(
                    "campaign_members",
                    campaign_id=campaign,
                    contact_id=cid,
                    status=MEMBER_STATUSES[statuses[i % 4]],
                    created_at=ago((i * 7) % 60 + campaign, 12),
                )
        if has_account and i < 12:
            rows.on_deal(cid, 11 + i)


def _hand_placed(rows: _Rows, teams: dict[tuple[str, str], int]) -> None:
    c = rows.contact
    emea_ent = teams[("EMEA", "Enterprise")]

    def german() -> dict[str, Any]:
        custom = {"preferred_language": "German", "newsletter_consent": True}
        return {"country": "Germany", "owner_id": emea_ent, "custom": custom}

    # Enterprise accounts in Germany that opened the last 3 campaigns, no deal in 90 days.
    for cid, account, opens in (
        (101, 18, (5, 4, 3)),  # in
        (102, 18, (5, 4, 2)),  # lost the sent_at tie: not the last 3
        (103, 18, (5, 4)),
        (105, 19, (5, 4, 3)),  # account deal created exactly 90 days ago
        (106, 20, (5, 4, 3)),  # account deal created 90 days and one second ago
        (107, 17, (5, 4, 3)),  # Mid-Market tier, 5,000 employees
        (109, 18, (6, 5, 4)),  # campaign 6 goes out tomorrow
    ):
        c(cid, account_id=account, lifecycle_stage="sql", **german())
        rows.opened(cid, *opens)
    c(104, account_id=18, **german())
    rows.opened(104, 5, 4)
    rows.clicked(104, 3)  # clicked but did not open
    c(108, account_id=24, **german())  # a German contact at a UK Enterprise account
    rows.opened(108, 5, 4, 3)

    # Contacted (activities) around the 60-day boundary.
    c(111)
    rows.activity(111, "call", ago(60))
    c(112)
    rows.activity(112, "call", ago(60) - SECOND)
    c(113)  # no activities at all
    c(114)
    rows.activity(114, "web_visit", ago(5, 16))
    rows.activity(114, "call", ago(200, 11))
    c(115)
    rows.activity(115, "call", END_OF_TODAY)
    c(116)
    rows.activity(116, "call", TOMORROW)
    rows.activity(116, "email", ago(300, 9))
    c(117)
    rows.activity(117, "meeting", ago(30))
    rows.activity(117, "form_submission", ago(2, 13))

    # Exactly N related rows: meetings 0..5, deals 0..3, opens 0..4, tags 0..3.
    for k in range(6):
        c(121 + k, seniority="Director", title="Director of Sales", department="Sales")
        for j in range(k):
            rows.activity(121 + k, "meeting", ago(10 * j + 2, 15))
        rows.activity(121 + k, "call", ago(3, 9))
    for k, deals in enumerate(((), (1,), (1, 2), (1, 2, 3))):
        c(131 + k, account_id=26, lifecycle_stage="opportunity")
        rows.on_deal(131 + k, *deals)
    for k in range(5):
        c(141 + k)
        for campaign in (1, 2, 3, 4)[:k]:
            rows.opened(141 + k, campaign)
        rows.email(141 + k, 5, "sent", "delivered")
    rows.email(145, None, "open", when=ago(1, 8))  # an open with no campaign
    for k, tags in enumerate(
        ((), ("VIP",), ("VIP", "newsletter"), ("VIP", "newsletter", "beta-tester"))
    ):
        c(151 + k, lifecycle_stage="customer", account_id=21)
        rows.tag(151 + k, *tags)

    # Leads in healthcare with no deal: record type vs lifecycle, contact vs account deals.
    c(161, record_type="lead", lifecycle_stage="lead", account_id=21)
    c(162, record_type="lead", lifecycle_stage="mql", account_id=21)
    c(163, record_type="contact", lifecycle_stage="lead", account_id=21)
    c(164, record_type="lead", lifecycle_stage="lead", account_id=26)  # account has deals
    c(165, record_type="lead", lifecycle_stage="lead", account_id=26)
    rows.on_deal(165, 1)
    c(166, record_type="lead", lifecycle_stage="lead", account_id=None, company_name="Mercy Clinic")
    c(167, record_type="lead", lifecycle_stage="lead", account_id=16)
    rows.on_deal(167, 6)  # a lost deal, two years ago

    # Customers who clicked the last campaign but did not buy.
    for cid, stage, account in (
        (171, "customer", 21),
        (172, "customer", 21),
        (173, "customer", 24),
        (174, "customer", 26),
        (175, "customer", 21),
        (176, "lead", 21),
        (177, "customer", 21),
        (178, "customer", 21),
    ):
        c(cid, lifecycle_stage=stage, account_id=account, record_type="contact")
    for cid in (171, 173, 174, 176):
        rows.clicked(cid, 5)
    rows.clicked(172, 4)
    rows.on_deal(173, 9)  # won
    rows.on_deal(174, 1)  # open, in negotiation
    rows.opened(175, 5)
    rows.clicked(177, 6)  # clicked tomorrow's campaign
    rows.email(178, None, "click", when=ago(0, 9))  # a click with no campaign

    # Employees and country: account vs contact.
    c(181, country="France", account_id=21)  # 100 employees
    c(182, country="France", account_id=22)  # 101 employees
    c(183, country="France", account_id=23)  # employees unknown
    c(184, country="France", account_id=17)  # a French contact at a German account
    c(185, country="Germany", account_id=22)  # a German contact at a French account

    # Seniority vs title.
    c(191, seniority="VP", title="SVP, Marketing")
    c(192, seniority="Director", title="VP Sales Operations")
    c(193, seniority=None, title="VP of Engineering")
    c(194, seniority="C-Level", title="Chief Revenue Officer")
    c(195, seniority="", title="", department="")

    # Missing values.
    c(
        201,
        country=None,
        account_id=None,
        owner_id=None,
        behavior_score=None,
        email_opt_out=None,
        created_at=None,
        updated_at=None,
        custom={},
        title=None,
        department=None,
        seniority=None,
        lead_source=None,
        lifecycle_stage=None,
        lead_status=None,
        record_type=None,
        email=None,
        phone=None,
    )
    c(202, country="", title="", department=None, email="", company_name="")
    c(203, country="Germany", account_id=18, owner_id=None)
    c(204, country="France", account_id=25)  # an account with every column NULL
    c(205, owner_id=5)  # an owner who has left
    c(206, owner_id=13)  # an owner with no region or team

    # Scores and NPS around their thresholds.
    for cid, score in ((211, 50), (212, 49), (213, 51), (214, 0), (215, 100)):
        c(cid, behavior_score=score)
    for cid, nps in ((217, 9), (218, 10), (219, 8), (220, 6), (221, 0)):
        c(cid, lifecycle_stage="customer", account_id=21, custom={"nps": nps})
    c(222, lifecycle_stage="customer", account_id=21, custom={"preferred_language": "French"})

    # Created exactly on (and a second before) the date boundaries.
    created = (
        ago(90),
        ago(90) - SECOND,
        at(TODAY),
        END_OF_TODAY,
        TOMORROW,
        at(dt.date(2026, 10, 1)),
        at(dt.date(2026, 10, 1)) - SECOND,
        at(dt.date(2026, 1, 1)),
        at(dt.date(2026, 1, 1)) - SECOND,
        at(dt.date(2026, 10, 26)),
        at(dt.date(2026, 10, 26)) - SECOND,
        at(dt.date(2026, 10, 19)),
        ago(30),
        ago(7),
        at(dt.date(2026, 5, 1)),
        at(dt.date(2025, 11, 1)),
    )
    for k, stamp in enumerate(created):
        c(231 + k, created_at=stamp, updated_at=stamp)
    for k, day in enumerate(("2026-10-01", "2026-09-30", "2026-11-01", "2026-11-02")):
        c(247 + k, custom={"trial_started": day, "products": ["CRM"]})

    # Tags vs account type, languages vs countries, consent vs opt-out.
    c(251, account_id=22)
    rows.tag(251, "partner")
    c(252, account_id=27, country="Netherlands")  # a Partner account, no tags
    c(253)
    rows.tag(253, "VIP", "churn-risk")
    c(254, lifecycle_stage="evangelist", account_id=21)
    rows.tag(254, "VIP")
    c(
        255,
        country="Netherlands",
        account_id=27,
        custom={"preferred_language": "German", "newsletter_consent": True},
    )
    c(
        256,
        country="Germany",
        account_id=16,
        custom={"preferred_language": "English", "newsletter_consent": False},
    )
    c(
        257,
        country="Germany",
        account_id=16,
        email_opt_out=True,
        custom={"preferred_language": "German"},
    )
    c(258, email_opt_out=True, custom={"newsletter_consent": True, "products": ["Payments"]})

    # Webinar and event members.
    c(261)
    c(262)
    c(263)
    c(264, country="Germany", account_id=16)
    for cid, campaign, status, when in (
        (261, 8, "Attended", ago(1, 17)),
        (262, 8, "Registered", ago(7)),
        (263, 12, "Registered", ago(0, 9)),
        (264, 9, "Attended", ago(20, 18)),
    ):
        rows.add(
            "campaign_members", campaign_id=campaign, contact_id=cid, status=status, created_at=when
        )


def edge_rows() -> dict[str, list[dict[str, Any]]]:
    """Every row of the edge fixture, by table name (plain Python values)."""
    rows = _Rows()
    teams = _owners(rows)
    _accounts(rows, teams)
    _deals(rows)
    _campaigns(rows)
    _base_population(rows, teams)
    _hand_placed(rows, teams)
    for key, label, data_type, lead_field, contact_field, push in v.CUSTOM_FIELDS:
        rows.add(
            "field_definitions",
            key=key,
            label=label,
            entity="contact",
            data_type=data_type,
            source_lead_field=lead_field,
            source_contact_field=contact_field,
            allow_push=push,
        )
    return rows.tables


def build_edge(engine: Engine) -> int:
    """Create the schema and insert the edge fixture; returns the number of contacts."""
    create_schema(engine)
    tables = edge_rows()
    with engine.begin() as conn:
        for table in (*s.CRM_TABLES, s.field_definitions):
            if tables[table.name]:
                conn.execute(table.insert(), tables[table.name])
    return len(tables["contacts"])
