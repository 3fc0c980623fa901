"""Deals: opportunities by account type, and the contacts who play a role in each."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from nlseg.sync import vocab as v
from nlseg.sync.demo.accounts import Accounts
from nlseg.sync.demo.contacts import Contacts
from nlseg.sync.demo.owners import Owners
from nlseg.sync.demo.setting import DAY, Pick, Setting, money

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


@dataclass
class Deals:
    """Generates ``opportunities``, then ``opportunity_contacts`` from the links drawn meanwhile."""

    setting: Setting
    owners: Owners
    accounts: Accounts
    contacts: Contacts
    # (opportunity id, contact id, role, is primary), drawn with the opportunities.
    links: list[tuple] = field(default_factory=list, init=False)

    def _plans(self, rng: random.Random, account_type: str) -> list[str]:
        """Which deals an account of ``account_type`` has had: won, open, lost or old-won."""
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
        return plans

    def opportunity_rows(self) -> Iterator[tuple]:
        setting, accounts = self.setting, self.accounts
        rng = setting.rng("opportunities")
        pick_open = Pick(v.OPEN_STAGES, v.OPEN_STAGE_WEIGHTS)
        contacts_of: list[list[int]] = [[] for _ in accounts.account_type]
        for i, account in enumerate(self.contacts.account):
            if account is not None:
                contacts_of[account].append(i)
        t_end = setting.t_end
        opp_id = 0
        for a, account_type in enumerate(accounts.account_type):
            for plan in self._plans(rng, account_type):
                opp_id += 1
                lo = accounts.created[a]
                if plan == "open":
                    lo = max(lo, t_end - 200 * DAY)
                    created = lo + int((t_end - lo) * rng.random())
                    stage = pick_open(rng)
                    close = setting.as_of + dt.timedelta(days=rng.randrange(-20, 120))
                    updated = created + int((t_end - created) * rng.random())
                else:
                    hi = t_end - (400 if plan == "old-won" else 25) * DAY
                    created = lo + int(max(0, hi - lo) * rng.random())
                    stage = "Closed Lost" if plan == "lost" else "Closed Won"
                    closed_at = min(created + (14 + rng.randrange(0, 150)) * DAY, t_end)
                    close = setting.day(closed_at)
                    updated = closed_at
                lo_amount, hi_amount = v.DEAL_SIZE[accounts.tier[a]]
                amount = lo_amount + int((hi_amount - lo_amount) * rng.random() ** 2)
                if account_type == "Customer" and plan != "won":
                    kind = rng.choice(("Expansion", "Upsell", "Renewal"))
                else:
                    kind = rng.choice(("New Business", "New Business", "Pilot"))
                product = rng.choice(accounts.products[a] or v.PRODUCTS)
                owner = accounts.owner[a]
                if rng.random() < 0.1:
                    owner = self.owners.in_region(rng, accounts.country[a])
                yield (
                    opp_id,
                    f"006{opp_id:012d}",
                    f"{accounts.name[a]} - {product} {kind}",
                    a + 1,
                    owner,
                    stage,
                    money(amount // 100 * 100),
                    close,
                    stage.startswith("Closed"),
                    stage == "Closed Won",
                    setting.ts(created),
                    setting.ts(updated),
                )
                self._link_contacts(rng, opp_id, created, contacts_of[a])

    def _link_contacts(
        self, rng: random.Random, opp_id: int, created: int, people: list[int]
    ) -> None:
        """One to three of the account's contacts (preferably existing then); one primary."""
        existing = [c for c in people if self.contacts.created[c] <= created]
        people = existing or people
        if not people:
            return
        count = min(len(people), 1 + (rng.random() < 0.5) + (rng.random() < 0.25))
        for rank, c in enumerate(rng.sample(people, count)):
            # The primary contact is a decision maker, buyer or champion.
            role = rng.choice(v.OPPORTUNITY_ROLES[:3] if rank == 0 else v.OPPORTUNITY_ROLES)
            self.links.append((opp_id, c + 1, role, rank == 0))

    def contact_role_rows(self) -> Iterator[tuple]:
        links = sorted(self.links)
        self.links = []
        yield from links
