"""The deterministic demo CRM: realistic owners, accounts, contacts and their history.

``build_demo`` fills the CRM store (DESIGN section 3) with data that makes segments
meaningful: every vocabulary value occurs, engagement is persistent per contact (so "opened
all of the last 3 email campaigns" is a real audience), and activity and email events
concentrate in the last 90 days before the as-of date.

Determinism: the same ``(contacts, seed, as_of)`` gives the same rows, ids included, on
every machine and database. Each table draws from its own ``random.Random`` seeded from
``(seed, table)``; Faker (seeded per instance) is only used once, to build pools of names
that the seeded generators sample from. No global random state, clock, locale or set
iteration order is involved. Times are naive UTC with whole seconds, held as integer
seconds from the start of the three-year window while generating.

Rows are generated lazily, table by table, in chunks the loaders pull, so a million
contacts never needs all events in memory.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import random
import re
import time
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import accumulate

from faker import Faker
from sqlalchemy import Engine, Table, func, select

from nlseg.store import create_schema, has_crm_data
from nlseg.store import schema as s
from nlseg.sync import bulk
from nlseg.sync import vocab as v

__all__ = ["DemoSummary", "StoreNotEmpty", "build_demo"]

DAY = 86_400
WINDOW_DAYS = 1095  # three years before the as-of date
RECENT_DAYS = 90
FULL_SEND_DAYS = 45  # e-mail sends this recent go to (almost) the whole list
NAME_POOL_SIZE = 200
CONTACT_GROWTH = 1.5  # contacts created per day at as_of / at the start, minus one


class StoreNotEmpty(Exception):
    """The store already holds CRM data and the caller did not ask to replace it."""

    def __init__(self, contacts: int) -> None:
        self.contacts = contacts
        super().__init__(
            f"The database already holds CRM data ({contacts} contacts); "
            "pass --replace to overwrite it."
        )


@dataclass(frozen=True)
class DemoSummary:
    contacts: int
    accounts: int
    owners: int
    opportunities: int
    campaigns: int
    campaign_members: int
    email_events: int
    activities: int
    tags: int
    seconds: float


def build_demo(
    engine: Engine,
    *,
    contacts: int = 5000,
    seed: int = 42,
    as_of: dt.date,
    replace: bool = False,
) -> DemoSummary:
    """Create the schema and load a deterministic demo CRM of ``contacts`` contacts.

    Refuses with :class:`StoreNotEmpty` when the store already holds contacts, unless
    ``replace``: then every CRM table (and ``field_definitions``) is emptied first; the
    app's own tables (segments, ...) are kept. The load is one transaction.
    """
    if contacts < 1:
        raise ValueError("contacts must be at least 1")
    as_of = dt.date(as_of.year, as_of.month, as_of.day)
    started = time.perf_counter()
    create_schema(engine)
    if has_crm_data(engine) and not replace:
        with engine.connect() as conn:
            count = conn.execute(select(func.count()).select_from(s.contacts)).scalar_one()
        raise StoreNotEmpty(count)
    world = DemoWorld(contacts=contacts, seed=seed, as_of=as_of)
    counts: dict[str, int] = {}
    crm_tables = [*s.CRM_TABLES, s.field_definitions]
    with engine.begin() as conn:
        bulk.set_bulk_session(conn)
        if replace:
            bulk.clear_tables(conn, crm_tables)
        for table, columns, rows in world.tables():
            counts[table.name] = bulk.load_rows(conn, table, columns, rows)
        bulk.reset_sequences(conn, crm_tables)
        bulk.analyze(conn, crm_tables)
    return DemoSummary(
        contacts=counts["contacts"],
        accounts=counts["accounts"],
        owners=counts["owners"],
        opportunities=counts["opportunities"],
        campaigns=counts["campaigns"],
        campaign_members=counts["campaign_members"],
        email_events=counts["email_events"],
        activities=counts["activities"],
        tags=counts["contact_tags"],
        seconds=round(time.perf_counter() - started, 3),
    )


# --- small deterministic helpers -------------------------------------------------------


class _Pick:
    """Weighted choice from a fixed list with a caller's Random (``items[bisect(cum, u)]``)."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, items: Sequence, weights: Sequence[float]) -> None:
        self.items = tuple(items)
        self.cum = list(accumulate(weights))
        self.total = self.cum[-1]

    def __call__(self, rng: random.Random):
        return self.items[bisect_right(self.cum, rng.random() * self.total)]


def _first(item: tuple) -> object:
    return item[0]


def _slug(text: str) -> str:
    """ASCII lower-case letters and digits only (for e-mail local parts and domains)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "", folded.lower())


def _money(units: int) -> Decimal:
    """Whole currency units as a NUMERIC(14, 2) value."""
    return Decimal(units * 100).scaleb(-2)


@functools.lru_cache(maxsize=4)
def _name_pools(seed: int) -> dict[str, tuple[tuple[tuple[str, str], ...], ...]]:
    """Per country: (first names, last names), each as (name, slug) pairs, from Faker."""
    by_locale: dict[str, tuple[list[tuple[str, str]], list[tuple[str, str]]]] = {}
    for locale in sorted({loc for locs in v.NAME_LOCALES.values() for loc in locs}):
        fake = Faker(locale)
        fake.seed_instance(f"nlseg-demo:{seed}:names:{locale}")
        if locale in v.ROMANISED_LOCALES:
            first = [fake.first_romanized_name() for _ in range(NAME_POOL_SIZE)]
            last = [fake.last_romanized_name() for _ in range(NAME_POOL_SIZE)]
        else:
            first = [fake.first_name() for _ in range(NAME_POOL_SIZE)]
            last = [fake.last_name() for _ in range(NAME_POOL_SIZE)]
        by_locale[locale] = (
            [(n, _slug(n)) for n in first if _slug(n)],
            [(n, _slug(n)) for n in last if _slug(n)],
        )
    pools = {}
    for country in v.COUNTRIES:
        firsts: list[tuple[str, str]] = []
        lasts: list[tuple[str, str]] = []
        for locale in v.NAME_LOCALES[country]:
            firsts += by_locale[locale][0]
            lasts += by_locale[locale][1]
        pools[country] = (tuple(firsts), tuple(lasts))
    return pools


_EMAIL_PATTERNS = _Pick(
    ("{f}.{l}", "{f}{l}", "{fi}{l}", "{f}", "{f}_{l}", "{f}.{li}"), (55, 10, 20, 3, 7, 5)
)
_GOV_WORDS = (
    "City Council",
    "Transit Authority",
    "Health Services",
    "Public Library",
    "Water Authority",
    "Revenue Agency",
    "Department of Education",
)


# --- the world --------------------------------------------------------------------------


class DemoWorld:
    """Generates the demo CRM table by table (see :meth:`tables`).

    Generators run in dependency order and share per-entity arrays (0-based, index =
    id - 1) that earlier tables fill and later tables read; consume them in order.
    """

    def __init__(self, *, contacts: int, seed: int, as_of: dt.date) -> None:
        self.n = contacts
        self.seed = seed
        self.as_of = as_of
        self.start_date = as_of - dt.timedelta(days=WINDOW_DAYS)
        self.start_dt = dt.datetime.combine(self.start_date, dt.time())
        self.t_end = WINDOW_DAYS * DAY + DAY - 1  # as_of 23:59:59
        self.t_recent = self.t_end + 1 - RECENT_DAYS * DAY
        self.names = _name_pools(seed)
        self.country_pick = _Pick(v.COUNTRIES, v.COUNTRY_WEIGHTS)
        self.used_emails: set[str] = set()
        self.used_company_names: set[str] = set()
        self.used_domains: set[str] = set()

    # time helpers
    def ts(self, seconds: int) -> dt.datetime:
        return self.start_dt + dt.timedelta(0, seconds)

    def clock(self) -> Callable[[int], dt.datetime]:
        """A fast ``ts`` for hot loops (no attribute look-ups, positional timedelta)."""
        start, delta = self.start_dt, dt.timedelta

        def ts(seconds: int) -> dt.datetime:
            return start + delta(0, seconds)

        return ts

    def day(self, seconds: int) -> dt.date:
        return self.start_date + dt.timedelta(days=seconds // DAY)

    def rng(self, name: str) -> random.Random:
        return random.Random(f"nlseg-demo:{self.seed}:{name}")

    def tables(self) -> Iterator[tuple[Table, tuple[str, ...], Iterator[tuple]]]:
        """(table, columns, rows) in load order; each ``rows`` is a lazy iterator."""
        yield s.owners, OWNER_COLS, self.owner_rows()
        yield s.accounts, ACCOUNT_COLS, self.account_rows()
        yield s.contacts, CONTACT_COLS, self.contact_rows()
        yield s.contact_tags, ("contact_id", "tag"), self.tag_rows()
        yield s.opportunities, OPPORTUNITY_COLS, self.opportunity_rows()
        yield s.opportunity_contacts, OPP_CONTACT_COLS, self.opportunity_contact_rows()
        yield s.campaigns, CAMPAIGN_COLS, self.campaign_rows()
        yield s.campaign_members, MEMBER_COLS, self.member_rows()
        yield s.email_events, EVENT_COLS, self.email_event_rows()
        yield s.activities, ACTIVITY_COLS, self.activity_rows()
        yield s.field_definitions, FIELD_COLS, self.field_definition_rows()

    # --- owners ---------------------------------------------------------------------------

    def owner_rows(self) -> Iterator[tuple]:
        rng = self.rng("owners")
        wanted = max(8, round(self.n / 250))
        region_weight = {r: 0 for r in v.REGIONS}
        for country, weight in zip(v.COUNTRIES, v.COUNTRY_WEIGHTS, strict=True):
            region_weight[v.REGION_OF_COUNTRY[country]] += weight
        total = sum(region_weight.values())
        self.owner_region: list[str] = []
        self.owners_by_region: dict[str, list[int]] = {r: [] for r in v.REGIONS}
        self.owners_by_team: dict[tuple[str, str], list[int]] = {}
        self.active_owners: list[int] = []
        used: set[str] = set()
        rows: list[list] = []
        for region in v.REGIONS:
            countries = [c for c in v.COUNTRIES if v.REGION_OF_COUNTRY[c] == region]
            pick_country = _Pick(
                countries, [v.COUNTRY_WEIGHTS[v.COUNTRIES.index(c)] for c in countries]
            )
            for j in range(max(2, round(wanted * region_weight[region] / total))):
                owner_id = len(rows) + 1
                segment = v.OWNER_SEGMENTS[j % len(v.OWNER_SEGMENTS)]
                firsts, lasts = self.names[pick_country(rng)]
                (first, fslug), (last, lslug) = rng.choice(firsts), rng.choice(lasts)
                local = f"{fslug}.{lslug}"
                k = 1
                while local in used:
                    k += 1
                    local = f"{fslug}.{lslug}{k}"
                used.add(local)
                # The first owner of each region stays active; about 12% of the rest left.
                active = j == 0 or rng.random() >= 0.12
                self.owner_region.append(region)
                self.owners_by_region[region].append(owner_id)
                self.owners_by_team.setdefault((region, segment), []).append(owner_id)
                team = f"{region} {segment}"
                rows.append(
                    [
                        owner_id,
                        f"005{owner_id:012d}",
                        f"{first} {last}",
                        f"{local}@{v.OWNER_DOMAIN}",
                        region,
                        team,
                        active,
                    ]
                )
        if all(row[-1] for row in rows):  # always some owners who have left
            rows[-1][-1] = False
        for row in rows:
            if row[-1]:
                self.active_owners.append(row[0])
            yield tuple(row)

    def _region_owner(self, rng: random.Random, country: str | None) -> int:
        if country is None:
            return rng.choice(self.active_owners)
        return rng.choice(self.owners_by_region[v.REGION_OF_COUNTRY[country]])

    # --- company names --------------------------------------------------------------------

    def _company(self, rng: random.Random, country: str, industry: str) -> tuple[str, str]:
        """A unique company name and a unique domain for it."""
        lasts = self.names[country][1]
        city = rng.choice(v.CITIES[country])[0]
        name = core = ""
        for attempt in range(12):
            r = rng.random()
            if industry == "Government":
                core = f"{rng.choice(v.CITIES[country])[0]} {rng.choice(_GOV_WORDS)}"
                suffix = ""
            else:
                word = rng.choice(v.INDUSTRY_WORDS[industry])
                brand = rng.choice(v.BRAND_HEADS) + rng.choice(v.BRAND_TAILS)
                if r < 0.35:
                    core = f"{rng.choice(lasts)[0]} {word}"
                elif r < 0.7:
                    core = f"{brand} {word}"
                elif r < 0.85:
                    core = brand
                else:
                    core = f"{rng.choice(lasts)[0]} & {rng.choice(lasts)[0]}"
                suffix = rng.choice(v.LEGAL_SUFFIX[country])
            if attempt >= 8:
                core = f"{core} {city}"
            name = f"{core} {suffix}".strip()
            if name not in self.used_company_names:
                break
        k = 1
        base = name
        while name in self.used_company_names:
            k += 1
            name = f"{base} {k}"
        self.used_company_names.add(name)
        stem = _slug(core)[:30] or "company"
        tld = v.DOMAIN_TLD[country]
        domain = f"{stem}.{tld}"
        k = 1
        while domain in self.used_domains:
            k += 1
            domain = f"{stem}{k}.{tld}"
        self.used_domains.add(domain)
        return name, domain

    # --- accounts -------------------------------------------------------------------------

    def account_rows(self) -> Iterator[tuple]:
        rng = self.rng("accounts")
        n = max(50, round(self.n / 8))
        pick_industry = _Pick(v.INDUSTRIES, v.INDUSTRY_WEIGHTS)
        pick_tier = _Pick(v.TIERS, v.TIER_WEIGHTS)
        pick_type = _Pick(v.ACCOUNT_TYPES, v.ACCOUNT_TYPE_WEIGHTS)
        self.a_country: list[str] = []
        self.a_city: list[tuple[str, str]] = []
        self.a_type: list[str] = []
        self.a_tier: list[str] = []
        self.a_owner: list[int] = []
        self.a_created: list[int] = []
        self.a_name: list[str] = []
        self.a_domain: list[str] = []
        self.a_pattern: list[str] = []
        self.a_products: list[list[str]] = []
        contact_weight: list[float] = []
        pending = []
        for _ in range(n):
            country = self.country_pick(rng)
            city = rng.choice(v.CITIES[country])
            industry = pick_industry(rng)
            tier = pick_tier(rng)
            employee_tier = tier if rng.random() >= 0.03 else rng.choice(v.TIERS)
            lo, hi = v.TIER_EMPLOYEES[employee_tier]
            employees = lo + int((hi - lo) * rng.random() ** 3)
            revenue = None
            if rng.random() >= 0.04:
                per_employee = 60_000 + rng.randrange(0, 290_000)
                revenue = _money(employees * per_employee // 1000 * 1000)
            account_type = pick_type(rng)
            name, domain = self._company(rng, country, industry)
            team = self.owners_by_team.get((v.REGION_OF_COUNTRY[country], tier))
            if team and rng.random() < 0.9:
                owner = rng.choice(team)
            else:
                owner = self._region_owner(rng, country)
            products: list[str] = []
            if account_type == "Customer":
                count = 1 + (rng.random() < 0.45) + (rng.random() < 0.2)
                chosen = rng.sample(range(len(v.PRODUCTS)), count)
                products = [v.PRODUCTS[k] for k in sorted(chosen)]
            self.a_country.append(country)
            self.a_city.append(city)
            self.a_type.append(account_type)
            self.a_tier.append(tier)
            self.a_owner.append(owner)
            self.a_name.append(name)
            self.a_domain.append(domain)
            self.a_pattern.append(_EMAIL_PATTERNS(rng))
            self.a_products.append(products)
            contact_weight.append(v.TIER_CONTACT_WEIGHT[tier] * (0.4 + rng.random()))
            pending.append(
                (name, domain, industry, employees, revenue, country, city[0], account_type, tier)
            )
        self.account_cum = list(accumulate(contact_weight))
        # Contacts are planned now so that an account exists before its first contact.
        self.contact_plan = self._plan_contacts()
        first_contact: list[int | None] = [None] * n
        for created, _k, _kind, account in self.contact_plan:
            if account is not None and first_contact[account] is None:
                first_contact[account] = created
        latest = self.t_end - 14 * DAY
        for i, (name, domain, industry, employees, revenue, country, city, kind, tier) in enumerate(
            pending
        ):
            first = first_contact[i]
            if first is None:
                created = int(latest * rng.random())
            else:
                created = max(0, first - rng.randrange(DAY, 120 * DAY))
            updated = self.t_end - int((self.t_end - created) * rng.random() ** 2)
            self.a_created.append(created)
            yield (
                i + 1,
                f"001{i + 1:012d}",
                name,
                domain,
                industry,
                employees,
                revenue,
                country,
                city,
                kind,
                tier,
                self.a_owner[i],
                self.ts(created),
                self.ts(updated),
            )

    # --- contacts -------------------------------------------------------------------------

    def _plan_contacts(self) -> list[tuple[int, int, str, int | None]]:
        """(created, draw order, kind, account index) sorted by creation: ids follow time."""
        rng = self.rng("contact-plan")
        leads = round(self.n * 0.2)
        free_leads = leads // 2
        kinds = ["contact"] * (self.n - leads) + ["lead"] * (leads - free_leads)
        kinds += ["free-lead"] * free_leads
        rng.shuffle(kinds)
        cum, total, n_acc = self.account_cum, self.account_cum[-1], len(self.account_cum)
        plan = []
        # Creation density grows linearly to 2.5 times its start over the window.
        growth = CONTACT_GROWTH
        for k, kind in enumerate(kinds):
            u = rng.random()
            share = (math.sqrt(1 + 2 * growth * (1 + growth / 2) * u) - 1) / growth
            created = min(self.t_end, int(self.t_end * share))
            account = None
            if kind != "free-lead":
                account = min(bisect_right(cum, rng.random() * total), n_acc - 1)
            plan.append((created, k, kind, account))
        plan.sort()
        return plan

    def _email(self, rng: random.Random, fslug: str, lslug: str, domain: str, pattern: str) -> str:
        local = pattern.format(f=fslug, l=lslug, fi=fslug[:1], li=lslug[:1]) or "info"
        email = f"{local}@{domain}"
        k = 1
        while email in self.used_emails:
            k += 1
            email = f"{local}{k}@{domain}"
        self.used_emails.add(email)
        return email

    def contact_rows(self) -> Iterator[tuple]:
        plan = self.contact_plan
        rng = self.rng("contacts")
        rand = rng.random
        ts = self.clock()
        n = self.n
        t_end = self.t_end
        pick_seniority = _Pick(range(len(v.SENIORITIES)), v.SENIORITY_WEIGHTS)
        pick_department = {
            sen: _Pick(v.DEPARTMENTS, v.DEPARTMENT_WEIGHTS[sen]) for sen in v.SENIORITIES
        }
        pick_source = _Pick(v.LEAD_SOURCES, v.LEAD_SOURCE_WEIGHTS)
        pick_status = _Pick(v.LEAD_STATUSES, v.LEAD_STATUS_WEIGHTS)
        pick_stage = {k: _Pick(v.LIFECYCLE_STAGES, w) for k, w in v.LIFECYCLE_WEIGHTS.items()}
        nps_customer = _Pick(range(11), (1, 1, 1, 2, 2, 4, 6, 10, 14, 12, 8))
        # Per-contact state later tables read (index = id - 1).
        self.c_created = [0] * n
        self.c_account: list[int | None] = [None] * n
        self.c_owner: list[int | None] = [None] * n
        self.c_country: list[str | None] = [None] * n
        self.c_seniority = [0] * n
        self.c_engagement = [0] * n  # 0 engaged, 1 lukewarm, 2 cold
        self.c_open = [0.0] * n
        self.c_click = [0.0] * n
        self.c_on_list = [False] * n
        self.c_unsubscribe: list[int | None] = [None] * n
        self.c_bad_email = [False] * n
        for i, (created, _k, kind, account) in enumerate(plan):
            contact_id = i + 1
            record_type = "contact" if kind == "contact" else "lead"
            if account is not None and rand() < 0.9:
                country = self.a_country[account]
                city, state = (
                    self.a_city[account] if rand() < 0.65 else rng.choice(v.CITIES[country])
                )
            else:
                country = self.country_pick(rng)
                city, state = rng.choice(v.CITIES[country])
            firsts, lasts = self.names[country]
            (first, fslug), (last, lslug) = rng.choice(firsts), rng.choice(lasts)
            if account is not None:
                email = self._email(
                    rng, fslug, lslug, self.a_domain[account], self.a_pattern[account]
                )
                company = self.a_name[account] if kind == "lead" else None
                account_type = self.a_type[account]
            else:
                company, domain = self._company(rng, country, rng.choice(v.INDUSTRIES))
                if rand() < 0.35:
                    domain = rng.choice(v.FREE_MAIL_DOMAINS)
                    pattern = "{f}.{l}" + (str(10 + int(rand() * 89)) if rand() < 0.5 else "")
                else:
                    pattern = _EMAIL_PATTERNS(rng)
                email = self._email(rng, fslug, lslug, domain, pattern)
                account_type = None
            phone = None
            if rand() >= 0.15:
                phone = (
                    f"+{v.CALLING_CODES[country]} {200 + int(rand() * 799)} "
                    f"{100 + int(rand() * 899)} {1000 + int(rand() * 8999)}"
                )
            seniority = pick_seniority(rng)
            department = pick_department[v.SENIORITIES[seniority]](rng)
            title = rng.choice(v.TITLES[(v.SENIORITIES[seniority], department)])
            lead_source = pick_source(rng)
            stage = pick_stage["lead" if record_type == "lead" else account_type](rng)
            lead_status = pick_status(rng) if record_type == "lead" else None
            # Owner: mostly the account's, in the contact's region otherwise.
            r = rand()
            if r < 0.05:
                owner = None
            elif account is not None and r < 0.86:
                owner = self.a_owner[account]
            else:
                owner = self._region_owner(rng, country)
            # Engagement is a trait of the person: it drives opens, clicks and activity.
            r = rand()
            if r < 0.28:
                engagement, p_open, p_click = (
                    0,
                    0.70 + 0.27 * rand(),
                    0.25 + 0.35 * rand(),
                )
            elif r < 0.70:
                engagement, p_open, p_click = (
                    1,
                    0.12 + 0.33 * rand(),
                    0.08 + 0.2 * rand(),
                )
            else:
                engagement, p_open, p_click = 2, 0.06 * rand(), 0.05 * rand()
            on_list = stage == "subscriber" or rand() < (0.72, 0.55, 0.38)[engagement]
            opt_out = rand() < 0.08
            unsubscribe = created + int((t_end - created) * rand()) if opt_out else None
            bad_email = rand() < 0.02
            bonus = {"mql": 5, "sql": 10, "opportunity": 10}.get(stage, 0)
            score = min(100, int(p_open * 55 + 35 * rand() ** 2 + bonus))
            updated = t_end - int((t_end - created) * rand() ** 2)
            custom = self._custom(
                rng, stage, account, country, created, on_list, opt_out, nps_customer
            )
            if rand() < 0.03:  # no country on record (names still fit a country)
                country = city = state = None
            self.c_created[i] = created
            self.c_account[i] = account
            self.c_owner[i] = owner
            self.c_country[i] = country
            self.c_seniority[i] = seniority
            self.c_engagement[i] = engagement
            self.c_open[i] = p_open
            self.c_click[i] = p_click
            self.c_on_list[i] = on_list
            self.c_unsubscribe[i] = unsubscribe
            self.c_bad_email[i] = bad_email
            yield (
                contact_id,
                f"{'003' if record_type == 'contact' else '00Q'}{contact_id:012d}",
                record_type,
                first,
                last,
                email,
                phone,
                title,
                department,
                v.SENIORITIES[seniority],
                city,
                state,
                country,
                lead_source,
                stage,
                lead_status,
                None if account is None else account + 1,
                owner,
                company,
                score,
                opt_out,
                ts(created),
                ts(updated),
                custom,
            )
        self.used_emails.clear()

    def _custom(
        self,
        rng: random.Random,
        stage: str,
        account: int | None,
        country: str,
        created: int,
        on_list: bool,
        opt_out: bool,
        nps_customer: _Pick,
    ) -> dict:
        custom: dict = {}
        is_customer = stage in ("customer", "evangelist")
        if rng.random() < (0.7 if is_customer else 0.2):
            if stage == "evangelist":
                custom["nps"] = 9 + (rng.random() < 0.6)
            elif is_customer:
                custom["nps"] = nps_customer(rng)
            else:
                custom["nps"] = rng.randrange(0, 11)
        if rng.random() < (0.5 if is_customer else 0.3):
            start = created + int(60 * DAY * rng.random())
            custom["trial_started"] = self.day(min(start, self.t_end)).isoformat()
        products = self.a_products[account] if account is not None else []
        # Customers without account products own one; some trials used one product.
        trial_product = "trial_started" in custom and rng.random() < 0.3
        if (is_customer and not products) or (not is_customer and trial_product):
            products = [rng.choice(v.PRODUCTS)]
        if products:
            custom["products"] = list(products)
        consent = on_list and not opt_out
        custom["newsletter_consent"] = consent if rng.random() >= 0.03 else not consent
        if rng.random() < 0.9:
            language = v.PREFERRED_LANGUAGE.get(country, "English")
            if country == "Canada" and rng.random() < 0.25:
                language = "French"
            custom["preferred_language"] = language
        return custom

    # --- tags ------------------------------------------------------------------------------

    def tag_rows(self) -> Iterator[tuple]:
        rng = self.rng("tags")
        count_pick = _Pick((1, 2, 3), (60, 30, 10))
        for i in range(self.n):
            if rng.random() >= 0.4:
                continue
            account = self.c_account[i]
            account_type = self.a_type[account] if account is not None else None
            enterprise = account is not None and self.a_tier[account] == "Enterprise"
            weights = [
                3.0 if self.c_seniority[i] <= 1 or enterprise else 0.5,  # VIP
                4.0 if self.c_on_list[i] else 0.3,  # newsletter
                6.0 if account_type == "Partner" else 0.3,  # partner
                2.0 if self.c_engagement[i] == 0 else 0.6,  # beta-tester
                4.0
                if (account_type == "Customer" and self.c_engagement[i] == 2)
                or account_type == "Former Customer"
                else 0.3,  # churn-risk
            ]
            chosen = []
            for _ in range(count_pick(rng)):
                u = rng.random() * sum(weights)
                k = 0
                while u >= weights[k] and k < len(weights) - 1:
                    u -= weights[k]
                    k += 1
                chosen.append(k)
                weights[k] = 0.0
            for k in sorted(chosen):
                yield (i + 1, v.TAGS[k])

    # --- opportunities ---------------------------------------------------------------------

    def opportunity_rows(self) -> Iterator[tuple]:
        rng = self.rng("opportunities")
        pick_open = _Pick(v.OPEN_STAGES, v.OPEN_STAGE_WEIGHTS)
        contacts_of: list[list[int]] = [[] for _ in self.a_type]
        for i, account in enumerate(self.c_account):
            if account is not None:
                contacts_of[account].append(i)
        self.opp_links: list[tuple] = []
        t_end = self.t_end
        opp_id = 0
        for a, account_type in enumerate(self.a_type):
            plans: list[str] = []
            r = rng.random()
            if account_type == "Customer":
                if r < 0.85:
                    plans.append("won")
                if rng.random() < 0.22:
                    plans.append("open" if rng.random() < 0.7 else "lost")
            elif account_type == "Former Customer":
                if r < 0.6:
                    plans.append("old-won")
            elif account_type == "Prospect":
                if r < 0.16:
                    plans.append("open" if rng.random() < 0.6 else "lost")
                if r < 0.03:
                    plans.append("lost")
            elif r < 0.15:
                plans.append(rng.choice(("won", "open", "lost")))
            for plan in plans:
                opp_id += 1
                lo = self.a_created[a]
                if plan == "open":
                    lo = max(lo, t_end - 200 * DAY)
                    created = lo + int((t_end - lo) * rng.random())
                    stage = pick_open(rng)
                    close = self.as_of + dt.timedelta(days=rng.randrange(-20, 120))
                    updated = created + int((t_end - created) * rng.random())
                else:
                    hi = t_end - (400 if plan == "old-won" else 25) * DAY
                    created = lo + int(max(0, hi - lo) * rng.random())
                    stage = "Closed Lost" if plan == "lost" else "Closed Won"
                    closed_at = min(created + (14 + rng.randrange(0, 150)) * DAY, t_end)
                    close = self.day(closed_at)
                    updated = closed_at
                lo_amount, hi_amount = v.DEAL_SIZE[self.a_tier[a]]
                amount = lo_amount + int((hi_amount - lo_amount) * rng.random() ** 2)
                if account_type == "Customer" and plan != "won":
                    kind = rng.choice(("Expansion", "Upsell", "Renewal"))
                else:
                    kind = rng.choice(("New Business", "New Business", "Pilot"))
                product = rng.choice(self.a_products[a] or v.PRODUCTS)
                owner = self.a_owner[a]
                if rng.random() < 0.1:
                    owner = self._region_owner(rng, self.a_country[a])
                yield (
                    opp_id,
                    f"006{opp_id:012d}",
                    f"{self.a_name[a]} - {product} {kind}",
                    a + 1,
                    owner,
                    stage,
                    _money(amount // 100 * 100),
                    close,
                    stage.startswith("Closed"),
                    stage == "Closed Won",
                    self.ts(created),
                    self.ts(updated),
                )
                people = [c for c in contacts_of[a] if self.c_created[c] <= created]
                people = people or contacts_of[a]
                if people:
                    count = min(len(people), 1 + (rng.random() < 0.5) + (rng.random() < 0.25))
                    chosen = rng.sample(people, count)
                    for rank, c in enumerate(chosen):
                        role = (
                            rng.choice(v.OPPORTUNITY_ROLES[:3])
                            if rank == 0
                            else rng.choice(v.OPPORTUNITY_ROLES)
                        )
                        self.opp_links.append((opp_id, c + 1, role, rank == 0))

    def opportunity_contact_rows(self) -> Iterator[tuple]:
        links = sorted(self.opp_links)
        self.opp_links = []
        yield from links

    # --- campaigns -------------------------------------------------------------------------

    def _plan_campaigns(self) -> list[tuple]:
        rng = self.rng("campaigns")
        as_of = self.as_of
        out = []  # (start, type order, name, type, status, start, end, sent seconds)
        # E-mail sends every 14 days, the latest three days before as_of.
        back = 3
        while (sent_day := as_of - dt.timedelta(days=back)) >= self.start_date:
            sent = (sent_day - self.start_date).days * DAY + rng.randrange(8 * 3600, 17 * 3600)
            theme = rng.choice(v.EMAIL_THEMES)
            name = f"{theme} - {sent_day.day} {v.MONTHS[sent_day.month - 1]} {sent_day.year}"
            out.append((sent_day, "Email", name, "Completed", sent_day, sent))
            back += 14
        future = as_of + dt.timedelta(days=11)
        name = f"Monthly Newsletter - {future.day} {v.MONTHS[future.month - 1]} {future.year}"
        out.append((future, "Email", name, "Scheduled", future, None))
        # Webinars, events, paid social and content, every 9 to 12 days.
        pick_type = _Pick(v.OTHER_CAMPAIGN_TYPES, v.OTHER_CAMPAIGN_WEIGHTS)
        day = self.start_date + dt.timedelta(days=6)
        kinds = []
        while day < as_of:
            kinds.append((day, pick_type(rng)))
            day += dt.timedelta(days=rng.randrange(9, 13))
        kinds.append((as_of + dt.timedelta(days=20), "Webinar"))
        for start, kind in kinds:
            month = f"{v.MONTHS[start.month - 1]} {start.year}"
            if kind == "Webinar":
                name, length = f"Webinar: {rng.choice(v.WEBINAR_TOPICS)} ({month})", 0
            elif kind == "Event":
                city = rng.choice(v.CITIES[self.country_pick(rng)])[0]
                name, length = f"{rng.choice(v.EVENT_NAMES)} {city} {start.year}", rng.randrange(3)
            elif kind == "Paid Social":
                quarter = (start.month - 1) // 3 + 1
                name = f"{rng.choice(v.PAID_SOCIAL_NAMES)} Q{quarter} {start.year}"
                length = rng.randrange(14, 31)
            else:
                name, length = f"{rng.choice(v.CONTENT_NAMES)} ({month})", rng.randrange(30, 61)
            end = start + dt.timedelta(days=length)
            if start > as_of:
                status = "Planned"
            elif end < as_of:
                status = "Completed"
            else:
                status, end = "In Progress", None  # planned end not known yet
            out.append((start, kind, name, status, end, None))
        order = {t: k for k, t in enumerate(v.CAMPAIGN_TYPES)}
        out.sort(key=lambda c: (c[0], order[c[1]], c[2]))
        return out

    def campaign_rows(self) -> Iterator[tuple]:
        plan = self._plan_campaigns()
        # (id, type, start, end, sent seconds) the members and events need.
        self.campaign_plan: list[tuple] = []
        for k, (start, kind, name, status, end, sent) in enumerate(plan):
            campaign_id = k + 1
            self.campaign_plan.append((campaign_id, kind, start, end, sent))
            yield (
                campaign_id,
                f"701{campaign_id:012d}",
                name,
                kind,
                status,
                start,
                end,
                None if sent is None else self.ts(sent),
            )

    def member_rows(self) -> Iterator[tuple]:
        rng = self.rng("campaign_members")
        created = self.c_created
        t_end = self.t_end
        for campaign_id, kind, start, end, _sent in self.campaign_plan:
            if kind == "Email":
                continue
            statuses = _Pick(*v.MEMBER_STATUS_BY_TYPE[kind])
            start_s = (start - self.start_date).days * DAY
            if start_s > t_end:  # planned: registrations so far
                window = (t_end - 14 * DAY, t_end)
                statuses = _Pick(("Registered",), (1,))
            elif kind in ("Webinar", "Event"):
                window = (start_s - 21 * DAY, min(start_s + DAY - 1, t_end))
            else:
                stop = t_end if end is None else (end - self.start_date).days * DAY + DAY - 1
                window = (start_s, min(stop, t_end))
            eligible = bisect_left(created, min(start_s, t_end))
            want = round(v.MEMBER_SHARE[kind] * eligible)
            if want == 0:
                continue
            members = []
            candidates = rng.sample(range(eligible), min(eligible, want * 3))
            for c in candidates:
                if rng.random() < 0.25 + 0.75 * self.c_open[c]:
                    members.append(c)
                    if len(members) == want:
                        break
            for c in sorted(members):
                lo = max(window[0], created[c] + 60)
                at = lo + int(max(0, window[1] - lo) * rng.random())
                yield (campaign_id, c + 1, statuses(rng), self.ts(min(at, t_end)))

    # --- email events ----------------------------------------------------------------------

    def email_event_rows(self) -> Iterator[tuple]:
        """Sends of every e-mail campaign, then transactional mail and stray unsubscribes.

        The sends of the last ``FULL_SEND_DAYS`` go to most of the newsletter list, older
        ones to a sample of it that shrinks with age (which keeps the total near 10 events
        per contact); opens and clicks follow each contact's own propensity.
        """
        rng = self.rng("email_events")
        rand = rng.random
        t_end = self.t_end
        ts = self.clock()
        created = self.c_created
        p_open, p_click, bad = self.c_open, self.c_click, self.c_bad_email
        unsubscribe = list(self.c_unsubscribe)
        unsubscribed = [False] * self.n
        list_ids = [i for i in range(self.n) if self.c_on_list[i]]
        list_created = [created[i] for i in list_ids]
        sends = [p for p in self.campaign_plan if p[1] == "Email" and p[4] is not None]
        event_id = 0
        for k, (campaign_id, _kind, _start, _end, sent) in enumerate(sends):
            next_sent = sends[k + 1][4] if k + 1 < len(sends) else t_end + 1
            eligible = bisect_left(list_created, sent - 3600)
            age_days = (t_end - sent) // DAY
            quality = 0.85 + 0.25 * rand()
            if age_days <= FULL_SEND_DAYS:
                share = 0.93
                recipients = [list_ids[j] for j in range(eligible) if rand() < share]
            else:
                share = 0.015 + 0.25 * (1 - age_days / WINDOW_DAYS) ** 4
                picked = rng.sample(range(eligible), round(share * eligible))
                picked.sort()
                recipients = [list_ids[j] for j in picked]
            for c in recipients:
                gone = unsubscribe[c]
                if gone is not None and gone <= sent:
                    continue
                contact_id = c + 1
                at = sent + int(rand() * 1800)
                event_id += 1
                yield (event_id, contact_id, campaign_id, "sent", ts(at))
                if bad[c] or rand() < 0.006:
                    event_id += 1
                    yield (
                        event_id,
                        contact_id,
                        campaign_id,
                        "bounce",
                        ts(at + 5 + int(rand() * 295)),
                    )
                    continue
                at += 2 + int(rand() * 88)
                event_id += 1
                yield (event_id, contact_id, campaign_id, "delivered", ts(at))
                if rand() < min(0.97, p_open[c] * quality):
                    opened = at + 60 + int(2 * DAY * rand() ** 4)
                    if opened <= t_end:
                        at = opened
                        event_id += 1
                        yield (event_id, contact_id, campaign_id, "open", ts(at))
                        if rand() < p_click[c]:
                            clicked = at + 5 + int(rand() * 895)
                            if clicked <= t_end:
                                event_id += 1
                                yield (event_id, contact_id, campaign_id, "click", ts(clicked))
                if gone is not None and gone < next_sent:
                    at = min(at + 30 + int(rand() * 3570), t_end)
                    event_id += 1
                    yield (event_id, contact_id, campaign_id, "unsubscribe", ts(at))
                    unsubscribe[c] = at
                    unsubscribed[c] = True
        # Transactional mail (no campaign) and unsubscribes from the preference centre.
        for c in range(self.n):
            contact_id = c + 1
            if unsubscribe[c] is not None and not unsubscribed[c]:
                event_id += 1
                yield (event_id, contact_id, None, "unsubscribe", ts(unsubscribe[c]))
            if rand() >= 0.3:
                continue
            born = created[c]
            times = sorted(
                t_end - int((t_end - born) * rand() ** 2)
                for _ in range(1 + (rand() < 0.35) + (rand() < 0.1))
            )
            for at in times:
                event_id += 1
                yield (event_id, contact_id, None, "sent", ts(at))
                if bad[c]:
                    event_id += 1
                    yield (event_id, contact_id, None, "bounce", ts(min(at + 30, t_end)))
                    continue
                at = min(at + 2 + int(rand() * 58), t_end)
                event_id += 1
                yield (event_id, contact_id, None, "delivered", ts(at))
                if rand() < 0.3 + 0.6 * p_open[c]:
                    at += 30 + int(DAY * rand() ** 4)
                    if at <= t_end:
                        event_id += 1
                        yield (event_id, contact_id, None, "open", ts(at))

    # --- activities ------------------------------------------------------------------------

    def activity_rows(self) -> Iterator[tuple]:
        rng = self.rng("activities")
        rand = rng.random
        pick_type = _Pick(v.ACTIVITY_TYPES, v.ACTIVITY_TYPE_WEIGHTS)
        owned = frozenset(v.OWNED_ACTIVITY_TYPES)
        t_end, t_recent = self.t_end, self.t_recent
        ts = self.clock()
        spread = (10, 7, 4)  # at most spread - 1 activities; mean about 3 overall
        activity_id = 0
        for c in range(self.n):
            count = int(rand() * spread[self.c_engagement[c]])
            if count == 0:
                continue
            born = self.c_created[c]
            owner = self.c_owner[c]
            account = self.c_account[c]
            if owner is None and account is not None:
                owner = self.a_owner[account]
            items = []
            for _ in range(count):
                kind = pick_type(rng)
                lo = max(born, t_recent) if rand() < 0.55 else born
                at = lo + int((t_end - lo) * rand())
                who = None
                if kind in owned:
                    who = owner if owner is not None else self._region_owner(rng, self.c_country[c])
                subjects = v.ACTIVITY_SUBJECTS[kind]
                items.append((at, kind, who, subjects[int(rand() * len(subjects))]))
            items.sort(key=_first)
            for at, kind, who, subject in items:
                activity_id += 1
                yield (activity_id, c + 1, who, kind, subject, ts(at))

    # --- field definitions -----------------------------------------------------------------

    def field_definition_rows(self) -> Iterator[tuple]:
        for key, label, data_type, lead_field, contact_field, push in v.CUSTOM_FIELDS:
            yield (key, label, "contact", data_type, lead_field, contact_field, push)


OWNER_COLS = ("id", "external_id", "name", "email", "region", "team", "is_active")
ACCOUNT_COLS = (
    "id",
    "external_id",
    "name",
    "domain",
    "industry",
    "employee_count",
    "annual_revenue",
    "country",
    "city",
    "type",
    "tier",
    "owner_id",
    "created_at",
    "updated_at",
)
CONTACT_COLS = (
    "id",
    "external_id",
    "record_type",
    "first_name",
    "last_name",
    "email",
    "phone",
    "title",
    "department",
    "seniority",
    "city",
    "state",
    "country",
    "lead_source",
    "lifecycle_stage",
    "lead_status",
    "account_id",
    "owner_id",
    "company_name",
    "behavior_score",
    "email_opt_out",
    "created_at",
    "updated_at",
    "custom",
)
OPPORTUNITY_COLS = (
    "id",
    "external_id",
    "name",
    "account_id",
    "owner_id",
    "stage",
    "amount",
    "close_date",
    "is_closed",
    "is_won",
    "created_at",
    "updated_at",
)
OPP_CONTACT_COLS = ("opportunity_id", "contact_id", "role", "is_primary")
CAMPAIGN_COLS = ("id", "external_id", "name", "type", "status", "start_date", "end_date", "sent_at")
MEMBER_COLS = ("campaign_id", "contact_id", "status", "created_at")
EVENT_COLS = ("id", "contact_id", "campaign_id", "event_type", "occurred_at")
ACTIVITY_COLS = ("id", "contact_id", "owner_id", "activity_type", "subject", "occurred_at")
FIELD_COLS = (
    "key",
    "label",
    "entity",
    "data_type",
    "source_lead_field",
    "source_contact_field",
    "allow_push",
)
