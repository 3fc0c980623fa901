"""Accounts: companies with an industry, size, tier, owner and, for customers, products."""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterator
from itertools import accumulate
from typing import NamedTuple

from nlseg.sync import vocab as v
from nlseg.sync.demo.names import EMAIL_PATTERNS, Names
from nlseg.sync.demo.owners import Owners
from nlseg.sync.demo.setting import DAY, Pick, Setting, money, pick_country

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


CONTACT_GROWTH = 1.5  # contacts created per day at as_of / at the start, minus one


class PlannedContact(NamedTuple):
    created: int  # window seconds
    draw: int  # draw order, a tie-breaker that keeps the sort deterministic
    kind: str  # "contact", "lead" (of an account) or "free-lead" (no account)
    account: int | None  # account index


def plan_contacts(setting: Setting, account_cum: list[float]) -> list[PlannedContact]:
    """Every contact's creation time, kind and account, sorted by creation: ids follow time.

    ``account_cum`` holds the accounts' cumulative contact weights.
    """
    rng = setting.rng("contact-plan")
    n, t_end = setting.n_contacts, setting.t_end
    leads = round(n * 0.2)
    free_leads = leads // 2
    kinds = ["contact"] * (n - leads) + ["lead"] * (leads - free_leads)
    kinds += ["free-lead"] * free_leads
    rng.shuffle(kinds)
    total, n_acc = account_cum[-1], len(account_cum)
    plan = []
    # Creation density grows linearly to 2.5 times its start over the window.
    growth = CONTACT_GROWTH
    for k, kind in enumerate(kinds):
        u = rng.random()
        share = (math.sqrt(1 + 2 * growth * (1 + growth / 2) * u) - 1) / growth
        created = min(t_end, int(t_end * share))
        account = None
        if kind != "free-lead":
            account = min(bisect_right(account_cum, rng.random() * total), n_acc - 1)
        plan.append(PlannedContact(created, k, kind, account))
    plan.sort()
    return plan


class Accounts:
    """Generates ``accounts``; fills per-account lists (index = id - 1) later tables read.

    It also plans the contacts (see :func:`plan_contacts`): an account is created before its
    first contact, so its creation time needs the plan.
    """

    def __init__(self, setting: Setting, names: Names, owners: Owners) -> None:
        self.setting = setting
        self.names = names
        self.owners = owners
        self.country: list[str] = []
        self.city: list[tuple[str, str]] = []  # (city, state)
        self.account_type: list[str] = []
        self.tier: list[str] = []
        self.owner: list[int] = []
        self.created: list[int] = []
        self.name: list[str] = []
        self.domain: list[str] = []
        self.email_pattern: list[str] = []  # how the company spells its people's addresses
        self.products: list[list[str]] = []
        self.contact_plan: list[PlannedContact] = []

    def rows(self) -> Iterator[tuple]:
        setting = self.setting
        rng = setting.rng("accounts")
        n = max(50, round(setting.n_contacts / 8))
        pick_industry = Pick(v.INDUSTRIES, v.INDUSTRY_WEIGHTS)
        pick_tier = Pick(v.TIERS, v.TIER_WEIGHTS)
        pick_type = Pick(v.ACCOUNT_TYPES, v.ACCOUNT_TYPE_WEIGHTS)
        contact_weight: list[float] = []
        pending = []
        for _ in range(n):
            country = pick_country(rng)
            city = rng.choice(v.CITIES[country])
            industry = pick_industry(rng)
            tier = pick_tier(rng)
            employee_tier = tier if rng.random() >= 0.03 else rng.choice(v.TIERS)
            lo, hi = v.TIER_EMPLOYEES[employee_tier]
            employees = lo + int((hi - lo) * rng.random() ** 3)
            revenue = None
            if rng.random() >= 0.04:
                per_employee = 60_000 + rng.randrange(0, 290_000)
                revenue = money(employees * per_employee // 1000 * 1000)
            account_type = pick_type(rng)
            name, domain = self.names.company(rng, country, industry)
            team = self.owners.by_team.get((v.REGION_OF_COUNTRY[country], tier))
            if team and rng.random() < 0.9:
                owner = rng.choice(team)
            else:
                owner = self.owners.in_region(rng, country)
            products: list[str] = []
            if account_type == "Customer":
                count = 1 + (rng.random() < 0.45) + (rng.random() < 0.2)
                chosen = rng.sample(range(len(v.PRODUCTS)), count)
                products = [v.PRODUCTS[k] for k in sorted(chosen)]
            self.country.append(country)
            self.city.append(city)
            self.account_type.append(account_type)
            self.tier.append(tier)
            self.owner.append(owner)
            self.name.append(name)
            self.domain.append(domain)
            self.email_pattern.append(EMAIL_PATTERNS(rng))
            self.products.append(products)
            contact_weight.append(v.TIER_CONTACT_WEIGHT[tier] * (0.4 + rng.random()))
            pending.append(
                (name, domain, industry, employees, revenue, country, city[0], account_type, tier)
            )
        self.contact_plan = plan_contacts(setting, list(accumulate(contact_weight)))
        first_contact: list[int | None] = [None] * n
        for created, _k, _kind, account in self.contact_plan:
            if account is not None and first_contact[account] is None:
                first_contact[account] = created
        t_end = setting.t_end
        latest = t_end - 14 * DAY
        for i, (name, domain, industry, employees, revenue, country, city, kind, tier) in enumerate(
            pending
        ):
            first = first_contact[i]
            if first is None:
                created = int(latest * rng.random())
            else:
                created = max(0, first - rng.randrange(DAY, 120 * DAY))
            updated = t_end - int((t_end - created) * rng.random() ** 2)
            self.created.append(created)
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
                self.owner[i],
                setting.ts(created),
                setting.ts(updated),
            )
