"""Contact tags: about 40% of contacts carry one to three, weighted by who they are."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from nlseg.sync import vocab as v
from nlseg.sync.demo.accounts import Accounts
from nlseg.sync.demo.contacts import Contacts
from nlseg.sync.demo.setting import Pick, Setting

TAG_COLS = ("contact_id", "tag")


@dataclass
class Tags:
    """Generates ``contact_tags`` from the contacts' seniority, list, account and engagement."""

    setting: Setting
    accounts: Accounts
    contacts: Contacts

    def rows(self) -> Iterator[tuple]:
        rng = self.setting.rng("tags")
        accounts, contacts = self.accounts, self.contacts
        count_pick = Pick((1, 2, 3), (60, 30, 10))
        for i in range(self.setting.n_contacts):
            if rng.random() >= 0.4:
                continue
            account = contacts.account[i]
            account_type = accounts.account_type[account] if account is not None else None
            enterprise = account is not None and accounts.tier[account] == "Enterprise"
            engagement = contacts.engagement[i]
            weights = [  # in the order of v.TAGS
                3.0 if contacts.seniority[i] <= 1 or enterprise else 0.5,  # VIP
                4.0 if contacts.on_list[i] else 0.3,  # newsletter
                6.0 if account_type == "Partner" else 0.3,  # partner
                2.0 if engagement == 0 else 0.6,  # beta-tester
                4.0
                if (account_type == "Customer" and engagement == 2)
                or account_type == "Former Customer"
                else 0.3,  # churn-risk
            ]
            # Draw without replacement: a chosen tag's weight drops to zero.
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
