"""A small, deterministic CRM store full of edge cases, for differential tests.

:func:`edge_rows` builds the rows in plain Python (a seeded ``random.Random`` plus
hand-placed rows); :func:`build_edge_dataset` inserts exactly those rows into an engine's
store, so SQLite and PostgreSQL hold identical data. Hand-placed contacts have fixed ids
(see :data:`EDGE`), so explicit tests can name them.

What is in it:

- NULL in every nullable column, empty strings, mixed case and non-ASCII text ('Ümit',
  'ÉLODIE', 'straße'), text with ``% _ ' \\ /``;
- contacts without an account or an owner; account 12 has every nullable column NULL, as
  does contact 18 (whose custom is SQL NULL), while contact 19 has '' in every text column;
- timestamps exactly on the boundaries of in_last 7/30/90 days (00:00:00 of the first day
  and 23:59:59 of the day before), of every calendar period, on the as-of day, and on the
  day after it;
- contacts 1..5 have 0, 1, 2, 3 and 4 rows of every 1:many relation;
- email campaigns whose sent_at tie, one never sent, one sent after the as-of day, a
  lower-case 'email' type and a non-email campaign sent recently;
- email events without a campaign;
- custom JSON with missing keys, JSON null, SQL NULL, an empty object, a JSON array,
  numbers, numeric strings, booleans, truthy/falsy words, dates and datetimes, lists, and
  a scalar where a list is expected.

The as-of date :data:`TODAY`, Sunday 31 March 2024, ends an ISO week, a month and a quarter
(the day after it starts all three), and one month before it is 29 February.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, null, update

from nlseg.clock import period_range
from nlseg.store import create_schema
from nlseg.store import schema as s
from nlseg.tree.models import Period

TODAY = dt.date(2024, 3, 31)
SEED = 20240331
N_CONTACTS = 96

SQL_NULL = object()
"""Marks ``contacts.custom`` values stored as SQL NULL (``None`` is stored as JSON null)."""

# Hand-placed contacts, by the edge they carry.
EDGE = {
    "zero_rows": 1,  # contacts 1..5 have 0..4 rows of every 1:many relation
    "one_row": 2,
    "two_rows": 3,
    "three_rows": 4,
    "four_rows": 5,
    "null_country": 6,
    "empty_country": 7,
    "no_account": 8,
    "no_owner": 9,
    "last_1": 10,  # member of (and has email events for) the last 1 email campaign
    "last_2": 11,  # the last 2: campaigns 5 and 4 (4 wins the sent_at tie with 3 by id)
    "last_2_wrong_tie": 12,  # 5 and 3: not the last 2
    "last_3": 13,
    "last_4": 14,
    "last_5": 15,
    "unsent_and_future": 16,
    "null_campaign_events": 17,
    "all_null": 18,  # every nullable column NULL, custom SQL NULL
    "all_empty": 19,  # every text column '', custom {}
    "german_lower": 20,  # country 'germany': no picklist value selects it exactly
    "unicode": 21,
    "escapes": 22,
}
GERMANY = (23, 24, 25)  # hand-placed Germans for "not Germany" tests

OWNER_NAMES = ["Ümit Y\u0131lmaz", "ÉLODIE Martin", "joe o'hara", "Anna_Schmidt", "100% Rep", None]


def day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time())


def boundary_times(today: dt.date) -> list[dt.datetime]:
    """Instants exactly on (and one second before) every date boundary the tests care about."""
    one = dt.timedelta(seconds=1)
    out = []
    for days in (7, 30, 90):
        start = day_start(today - dt.timedelta(days=days))
        out += [start, start - one]
    for period in Period:
        start, end = period_range(today, period)
        out += [day_start(start), day_start(start) - one, day_start(end) - one, day_start(end)]
    out += [
        day_start(today),
        day_start(today) + dt.timedelta(hours=23, minutes=59, seconds=59),
        day_start(today) + dt.timedelta(hours=23, minutes=59, seconds=59, microseconds=999999),
        day_start(today + dt.timedelta(days=1)),
        day_start(today + dt.timedelta(days=1)) + dt.timedelta(hours=12),
    ]
    return sorted(set(out))


def boundary_days(today: dt.date) -> list[dt.date]:
    return sorted({t.date() for t in boundary_times(today)})


class _Gen:
    def __init__(self, today: dt.date, seed: int):
        self.today = today
        self.rng = random.Random(seed)
        self.times = boundary_times(today)
        self.days = boundary_days(today)

    def maybe(self, value: Any, p_none: float = 0.12) -> Any:
        return None if self.rng.random() < p_none else value

    def pick(self, options, p_none: float = 0.1) -> Any:
        return self.maybe(self.rng.choice(list(options)), p_none)

    def timestamp(self, p_none: float = 0.08) -> dt.datetime | None:
        r = self.rng.random()
        if r < p_none:
            return None
        if r < 0.45:
            return self.rng.choice(self.times)
        seconds = self.rng.randrange(0, 3 * 365 * 86400)
        return day_start(self.today + dt.timedelta(days=2)) - dt.timedelta(seconds=seconds)

    def day(self, p_none: float = 0.1) -> dt.date | None:
        stamp = self.timestamp(p_none)
        return None if stamp is None else stamp.date()


FIRST_NAMES = ["Anna", "ÉLODIE", "élodie", "Ümit", "José", "D'Arcy", "Zoë", "MARY", "mary", "Li"]
LAST_NAMES = ["Straße", "STRASSE", "O'Brien", "Müller", "Smith", "smith", "García", "Nakamura"]
CITIES = ["Berlin", "berlin", "München", "Paris", "São Paulo", "L'Aquila", "Zürich", "New York"]
STATES = ["CA", "NY", "Bayern", "Île-de-France", "ny"]
TITLES = [
    "VP of Marketing",
    "Head of Growth",
    "CEO",
    "cto",
    "Director, IT",
    "Senior_Engineer",
    "100% Remote Lead",
    "Manager (Int'l)",
    "Ops\\Lead",
    "Sales/Marketing Manager",
]
COMPANIES = ["Acme", "ACME Corp", "Straße GmbH", "Joe's Diner", "100% Organic", "under_score Ltd"]
PHONES = ["+1 555 0100", "(555) 010-0200", "+49 30 123456", "555_0199"]
COUNTRY_POOL = ["United States", "Germany", "France", "United Kingdom", "Japan", "Österreich"]
DEPARTMENT_POOL = ["Marketing", "Sales", "Engineering", "IT", "marketing", "Customer Success"]
SENIORITY_POOL = ["C-Level", "VP", "Director", "Manager", "Individual Contributor"]
SOURCE_POOL = ["Web", "Event", "Referral", "Paid Search", "Webinar", "Trade Show"]
STAGE_POOL = ["subscriber", "lead", "mql", "sql", "customer", "Customer"]
STATUS_POOL = ["New", "Working", "Nurturing", "Qualified", "Unqualified"]
TAG_POOL = ["VIP", "newsletter", "partner", "beta-tester", "churn-risk", "vip", "Ümlaut-tag"]
PRODUCTS = ["CRM", "crm", "Analytics", "Ümit-Pro", "STRASSE", "add_on%"]
LANGUAGES = ["English", "english", "German", "Deutsch", "Français"]
NOTES = [
    "Came from O'Reilly webinar",
    "100% sure",
    "snake_case_name",
    "C:\\path\\file",
    "ÉLODIE said hi",
    "straße fest",
    "a/b test",
]

# Custom JSON values per registered key: edge values first, then ordinary ones.
CUSTOM_VALUES: dict[str, list[Any]] = {
    "nps": [0, 10, 7.5, "8", -1, None, 9.99, 3, 6, 9],
    "trial_started": [
        "2024-03-31",
        "2024-03-24T00:00:00",
        "2024-03-23T23:59:59Z",
        "2024-04-01",
        "2023-12-31",
        "2024-01-01T08:30:00+02:00",
        None,
        "2022-06-15",
        "2024-03-01",
    ],
    "products": [
        ["CRM", "Analytics"],
        ["crm"],
        "CRM",
        [],
        None,
        ["Ümit-Pro", "STRASSE"],
        ["add_on%", 2],
        ["Analytics"],
        ["CRM", "crm", "Analytics"],
        {"first": "CRM"},  # a JSON object is no list of options: missing on both databases
    ],
    "newsletter_consent": [
        True,
        False,
        "yes",
        "No",
        "Y",
        "t",
        "F",
        1,
        0,
        "maybe",
        "",
        None,
        "TRUE",
    ],
    "preferred_language": [*LANGUAGES, "", None],
    "signup_note": [*NOTES, "", None, 42],
}


def _custom(gen: _Gen) -> Any:
    r = gen.rng.random()
    if r < 0.04:
        return SQL_NULL
    if r < 0.07:
        return None  # JSON null for the whole document
    if r < 0.09:
        return {}
    out = {}
    for key, values in CUSTOM_VALUES.items():
        if gen.rng.random() < 0.75:
            out[key] = gen.rng.choice(values)
    if gen.rng.random() < 0.2:
        out["unregistered"] = gen.rng.choice(["x", 1, True])
    return out


def _owners(gen: _Gen) -> list[dict]:
    regions = ["EMEA", "North America", "APAC", "LATAM", None, "EMEA"]
    teams = ["Enterprise", "SMB Team", "", "enterprise", "Mid-Market", None]
    emails = [
        "umit@example.com",
        "ELODIE@EXAMPLE.COM",
        "joe.o'hara@example.com",
        "",
        None,
        "a@b.co",
    ]
    active = [True, False, True, None, True, False]
    return [
        {
            "id": i + 1,
            "external_id": f"own-{i + 1}",
            "name": OWNER_NAMES[i],
            "email": emails[i],
            "region": regions[i],
            "team": teams[i],
            "is_active": active[i],
        }
        for i in range(6)
    ]


def _accounts(gen: _Gen) -> list[dict]:
    rows = []
    revenue = [Decimal("0.00"), Decimal("1234.56"), Decimal("99999999.99"), Decimal("500000.50")]
    for i in range(1, 13):
        rows.append(
            {
                "id": i,
                "external_id": f"acc-{i}",
                "name": gen.pick([*COMPANIES, "Ümit & Co", "ÉLODIE SARL", ""], 0.1),
                "domain": gen.pick(["acme.com", "ACME.COM", "straße.de", "100percent.io", ""]),
                "industry": gen.pick(
                    ["Technology", "Software", "Healthcare", "Retail", "technology", "Biotech"]
                ),
                "employee_count": gen.pick([0, 1, 50, 250, 5000, 100000], 0.15),
                "annual_revenue": gen.pick(revenue, 0.15),
                "country": gen.pick([*COUNTRY_POOL, ""], 0.15),
                "city": gen.pick([*CITIES, ""], 0.15),
                "type": gen.pick(["Prospect", "Customer", "Partner", "Former Customer"]),
                "tier": gen.pick(["Enterprise", "Mid-Market", "SMB", "smb"]),
                "owner_id": gen.pick([1, 2, 3, 4, 5, 6], 0.2),
                "created_at": gen.timestamp(),
                "updated_at": gen.timestamp(),
            }
        )
    # account 12: every nullable column NULL
    rows[-1].update({k: None for k in rows[-1] if k not in ("id", "external_id")})
    return rows


def _campaigns(today: dt.date) -> list[dict]:
    t = day_start(today)
    d = dt.timedelta
    spec = [
        # id, type, sent_at
        (1, "Email", t - d(days=40) + d(hours=10)),
        (2, "Email", t - d(days=20) + d(hours=9)),
        (3, "Email", t - d(days=10) + d(hours=15)),  # tie with 4: 4 is "more recent" by id
        (4, "Email", t - d(days=10) + d(hours=15)),
        (5, "Email", t + d(hours=23, minutes=59, seconds=59)),  # last second of the as-of day
        (6, "Email", None),  # never sent
        (7, "Email", t + d(days=1)),  # the day after the as-of day: not yet sent
        (8, "Webinar", t - d(days=1)),
        (9, "email", t - d(days=2)),  # not type 'Email'
        (10, "Event", None),
        (11, "Paid Social", t - d(days=100)),
        (12, "Content", None),
        (13, None, t - d(days=3)),  # no type at all
    ]
    names = ["Spring_Promo", "100% Off", "O'Reilly Recap", "ÉLODIE Launch", "straße news", ""]
    statuses = ["Completed", "Active", "Planned", "", None, "completed"]
    dates = boundary_days(today)
    rows = []
    for i, (cid, kind, sent) in enumerate(spec):
        rows.append(
            {
                "id": cid,
                "external_id": f"cmp-{cid}",
                "name": names[i % len(names)] if i != 11 else None,
                "type": kind,
                "status": statuses[i % len(statuses)],
                "start_date": dates[(3 * i) % len(dates)] if i % 5 else None,
                "end_date": dates[(5 * i + 2) % len(dates)] if i % 4 else None,
                "sent_at": sent,
            }
        )
    return rows


def _contact(gen: _Gen, cid: int) -> dict:
    first = gen.pick(FIRST_NAMES, 0.05)
    last = gen.pick(LAST_NAMES, 0.05)
    email = None
    if gen.rng.random() > 0.1:
        local = f"{first or 'x'}.{last or 'y'}{cid}".replace("'", "")
        email = gen.rng.choice([local.lower(), local.upper(), local]) + "@Example.com"
    return {
        "id": cid,
        "external_id": f"con-{cid}",
        "record_type": gen.pick(["lead", "contact", "Lead"], 0.05),
        "first_name": first,
        "last_name": last,
        "email": email,
        "phone": gen.pick([*PHONES, ""], 0.2),
        "title": gen.pick([*TITLES, ""], 0.1),
        "department": gen.pick([*DEPARTMENT_POOL, ""], 0.1),
        "seniority": gen.pick(SENIORITY_POOL, 0.1),
        "city": gen.pick([*CITIES, ""], 0.1),
        "state": gen.pick([*STATES, ""], 0.3),
        "country": gen.pick([*COUNTRY_POOL, "", "germany"], 0.1),
        "lead_source": gen.pick(SOURCE_POOL, 0.1),
        "lifecycle_stage": gen.pick(STAGE_POOL, 0.1),
        "lead_status": gen.pick(STATUS_POOL, 0.15),
        "account_id": gen.pick(range(1, 13), 0.2),
        "owner_id": gen.pick(range(1, 7), 0.15),
        "company_name": gen.pick([*COMPANIES, ""], 0.4),
        "behavior_score": gen.pick([0, 1, 5, 10, 42, 50, 99, 100, -5], 0.12),
        "email_opt_out": gen.pick([True, False], 0.2),
        "created_at": gen.timestamp(),
        "updated_at": gen.timestamp(),
        "custom": _custom(gen),
    }


def _hand_placed(contacts: dict[int, dict], today: dt.date) -> None:
    c = contacts
    nullable = [k for k in c[EDGE["all_null"]] if k not in ("id", "external_id")]
    c[EDGE["all_null"]].update({k: None for k in nullable})
    c[EDGE["all_null"]]["custom"] = SQL_NULL
    for key, value in c[EDGE["all_empty"]].items():
        if isinstance(value, str) and key != "external_id":
            c[EDGE["all_empty"]][key] = ""
    c[EDGE["all_empty"]]["custom"] = {}
    c[EDGE["null_country"]]["country"] = None
    c[EDGE["empty_country"]]["country"] = ""
    c[EDGE["no_account"]]["account_id"] = None
    c[EDGE["no_owner"]]["owner_id"] = None
    c[EDGE["german_lower"]]["country"] = "germany"
    for cid in GERMANY:
        c[cid]["country"] = "Germany"
    c[EDGE["unicode"]].update(
        {
            "first_name": "Ümit",
            "last_name": "Straße",
            "city": "MÜNCHEN",
            "title": "ÉLODIE's Assistant",
            "email": "ÜMIT.STRASSE@EXAMPLE.COM",
            "custom": {
                "signup_note": "ÉLODIE said hi",
                "products": ["Ümit-Pro", "STRASSE"],
                "preferred_language": "Français",
                "nps": "8",
                "newsletter_consent": "Y",
                "NPS": 3,
            },
        }
    )
    c[EDGE["escapes"]].update(
        {
            "first_name": "50%_off",
            "last_name": "O'Brien\\Jr",
            "title": "a/b_c%d",
            "company_name": "100% Organic",
            "custom": {"signup_note": "C:\\path\\file", "products": "add_on%", "nps": 9.99},
        }
    )
    # Custom JSON shapes on the count contacts.
    c[1]["custom"] = []  # a JSON array, not an object
    c[2]["custom"] = {"products": "CRM", "nps": None, "newsletter_consent": True}
    c[3]["custom"] = {"products": None, "trial_started": None, "newsletter_consent": False}
    c[4]["custom"] = {"products": [], "trial_started": "2024-03-24T00:00:00", "nps": 0}
    c[5]["custom"] = {"products": ["CRM", "crm", "Analytics"], "trial_started": "2024-03-31"}
    # Creation times exactly on the in_last 7 days boundary.
    c[EDGE["last_1"]]["created_at"] = day_start(today - dt.timedelta(days=7))
    c[EDGE["last_2"]]["created_at"] = day_start(today - dt.timedelta(days=7)) - dt.timedelta(
        seconds=1
    )
    c[EDGE["last_3"]]["created_at"] = day_start(today) + dt.timedelta(
        hours=23, minutes=59, seconds=59
    )
    c[EDGE["last_4"]]["created_at"] = day_start(today + dt.timedelta(days=1))


def edge_rows(today: dt.date = TODAY, seed: int = SEED) -> dict[str, list[dict]]:
    """Every row of the edge dataset, by table name (plain Python values)."""
    gen = _Gen(today, seed)
    owners = _owners(gen)
    accounts = _accounts(gen)
    campaigns = _campaigns(today)
    contacts = {cid: _contact(gen, cid) for cid in range(1, N_CONTACTS + 1)}
    _hand_placed(contacts, today)
    contact_ids = sorted(contacts)

    def how_many(cid: int) -> int:
        if cid <= 5:
            return cid - 1
        return gen.rng.choice([0, 0, 1, 1, 2, 3, 4, 5, 6])

    # Opportunities: accounts 1..5 carry 0..4 deals, the rest a few, some deals have no account.
    opportunities = []
    account_of_deal = [a for a in range(1, 6) for _ in range(a - 1)]
    account_of_deal += [gen.pick(range(6, 13), 0.25) for _ in range(20)]
    stages = ["Prospecting", "Qualification", "Proposal", "Closed Won", "Closed Lost", "closed won"]
    for i, account_id in enumerate(account_of_deal, start=1):
        opportunities.append(
            {
                "id": i,
                "external_id": f"opp-{i}",
                "name": gen.pick(["Renewal 2024", "Upsell_Q1", "100% Deal", "Ümit's deal", ""]),
                "account_id": account_id,
                "owner_id": gen.pick(range(1, 7), 0.2),
                "stage": gen.pick(stages, 0.1),
                "amount": gen.pick(
                    [Decimal("0"), Decimal("1234.56"), Decimal("50000"), Decimal("999.99")], 0.15
                ),
                "close_date": gen.day(0.15),
                "is_closed": gen.pick([True, False], 0.2),
                "is_won": gen.pick([True, False], 0.2),
                "created_at": gen.timestamp(),
                "updated_at": gen.timestamp(),
            }
        )
    # Contacts 1..5 sit on the accounts with 0..4 deals.
    for cid in range(1, 6):
        contacts[cid]["account_id"] = cid

    opportunity_contacts = []
    for cid in contact_ids:
        for opp in gen.rng.sample(range(1, len(opportunities) + 1), how_many(cid)):
            opportunity_contacts.append(
                {
                    "opportunity_id": opp,
                    "contact_id": cid,
                    "role": gen.pick(["Decision Maker", "Champion", "Influencer", "champion", ""]),
                    "is_primary": gen.pick([True, False], 0.25),
                }
            )

    # Campaign memberships and email events: the "last N" contacts get exact campaign sets.
    exact = {
        EDGE["last_1"]: [5],
        EDGE["last_2"]: [5, 4],
        EDGE["last_2_wrong_tie"]: [5, 3],
        EDGE["last_3"]: [5, 4, 3],
        EDGE["last_4"]: [5, 4, 3, 2],
        EDGE["last_5"]: [5, 4, 3, 2, 1],
        EDGE["unsent_and_future"]: [4, 3, 7, 6],
    }
    member_statuses = ["Sent", "Responded", "Registered", "Attended", "sent", ""]
    campaign_members = []
    email_events = []
    event_types = ["sent", "delivered", "open", "click", "bounce", "unsubscribe", "OPEN"]
    event_id = 0
    for cid in contact_ids:
        chosen = exact.get(cid) or gen.rng.sample(range(1, 14), how_many(cid))
        for cmp in chosen:
            campaign_members.append(
                {
                    "campaign_id": cmp,
                    "contact_id": cid,
                    "status": gen.pick(member_statuses),
                    "created_at": gen.timestamp(),
                }
            )
        events = exact.get(cid) or [gen.pick(range(1, 14), 0.2) for _ in range(how_many(cid))]
        if cid == EDGE["null_campaign_events"]:
            events = [None, None, 5]
        for cmp in events:
            event_id += 1
            email_events.append(
                {
                    "id": event_id,
                    "contact_id": cid,
                    "campaign_id": cmp,
                    "event_type": gen.pick(event_types, 0.08),
                    "occurred_at": gen.timestamp(),
                }
            )

    activities = []
    activity_types = ["call", "email", "meeting", "task", "web_visit", "Meeting"]
    subjects = [
        "Intro call",
        "Follow-up: 100% discount",
        "re_demo",
        "Ümit's question",
        "",
        "path\\x",
    ]
    for cid in contact_ids:
        for _ in range(how_many(cid)):
            activities.append(
                {
                    "id": len(activities) + 1,
                    "contact_id": cid,
                    "owner_id": gen.pick(range(1, 7), 0.3),
                    "activity_type": gen.pick(activity_types, 0.08),
                    "subject": gen.pick(subjects, 0.15),
                    "occurred_at": gen.timestamp(),
                }
            )

    contact_tags = []
    for cid in contact_ids:
        for tag in gen.rng.sample(TAG_POOL, how_many(cid)):
            contact_tags.append({"contact_id": cid, "tag": tag})

    field_definitions = [
        ("nps", "NPS", "score"),
        ("trial_started", "Trial started", "date"),
        ("products", "Products", "multi_text"),
        ("newsletter_consent", "Newsletter consent", "boolean"),
        ("preferred_language", "Preferred language", "picklist"),
        ("signup_note", "Signup note", "text"),
        ("legacy_code", "Legacy code", "currency"),  # a type nlseg does not know: skipped
    ]
    fields = [
        {
            "key": key,
            "label": label,
            "entity": "contact",
            "data_type": data_type,
            "source_lead_field": f"Lead.{key}__c",
            "source_contact_field": None,
            "allow_push": False,
        }
        for key, label, data_type in field_definitions
    ]
    fields.append(
        {
            "key": "account_score",
            "label": "Account score",
            "entity": "account",  # not a contact field: not in the catalog
            "data_type": "number",
            "source_lead_field": None,
            "source_contact_field": None,
            "allow_push": None,
        }
    )

    return {
        "owners": owners,
        "accounts": accounts,
        "contacts": [contacts[cid] for cid in contact_ids],
        "contact_tags": contact_tags,
        "opportunities": opportunities,
        "opportunity_contacts": opportunity_contacts,
        "campaigns": campaigns,
        "campaign_members": campaign_members,
        "email_events": email_events,
        "activities": activities,
        "field_definitions": fields,
    }


def build_edge_dataset(engine: Engine, today: dt.date = TODAY) -> dict[str, list[dict]]:
    """Create the schema and insert the edge dataset; returns the rows inserted."""
    create_schema(engine)
    rows = edge_rows(today)
    sql_null = [c["id"] for c in rows["contacts"] if c["custom"] is SQL_NULL]
    with engine.begin() as conn:
        for name, table_rows in rows.items():
            table = s.metadata.tables[name]
            if name == "contacts":
                table_rows = [
                    {**r, "custom": {} if r["custom"] is SQL_NULL else r["custom"]}
                    for r in table_rows
                ]
            if table_rows:
                conn.execute(table.insert(), table_rows)
        if sql_null:
            conn.execute(
                update(s.contacts).where(s.contacts.c.id.in_(sql_null)).values(custom=null())
            )
    return rows
