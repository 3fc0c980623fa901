"""Activities: calls, e-mails, meetings and tasks by owners, form fills and web visits.

The more engaged a contact, the more activities; over half fall in the recent window.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from operator import itemgetter

from nlseg.sync import vocab as v
from nlseg.sync.demo.accounts import Accounts
from nlseg.sync.demo.contacts import Contacts
from nlseg.sync.demo.owners import Owners
from nlseg.sync.demo.setting import Pick, Setting

ACTIVITY_COLS = ("id", "contact_id", "owner_id", "activity_type", "subject", "occurred_at")


@dataclass
class Activities:
    """Generates ``activities``, per contact in time order."""

    setting: Setting
    owners: Owners
    accounts: Accounts
    contacts: Contacts

    def rows(self) -> Iterator[tuple]:
        setting, contacts = self.setting, self.contacts
        rng = setting.rng("activities")
        rand = rng.random
        pick_type = Pick(v.ACTIVITY_TYPES, v.ACTIVITY_TYPE_WEIGHTS)
        owned = frozenset(v.OWNED_ACTIVITY_TYPES)
        t_end, t_recent = setting.t_end, setting.t_recent
        ts = setting.clock()
        spread = (10, 7, 4)  # by engagement: at most spread - 1 activities; mean about 3
        activity_id = 0
        for c in range(setting.n_contacts):
            count = int(rand() * spread[contacts.engagement[c]])
            if count == 0:
                continue
            born = contacts.created[c]
            owner = contacts.owner[c]
            account = contacts.account[c]
            if owner is None and account is not None:
                owner = self.accounts.owner[account]
            items = []
            for _ in range(count):
                kind = pick_type(rng)
                lo = max(born, t_recent) if rand() < 0.55 else born
                at = lo + int((t_end - lo) * rand())
                who = None
                if kind in owned:  # someone did it: the contact's owner, or one nearby
                    who = owner
                    if who is None:
                        who = self.owners.in_region(rng, contacts.country[c])
                subjects = v.ACTIVITY_SUBJECTS[kind]
                items.append((at, kind, who, subjects[int(rand() * len(subjects))]))
            items.sort(key=itemgetter(0))  # stable: same-second activities keep draw order
            for at, kind, who, subject in items:
                activity_id += 1
                yield (activity_id, c + 1, who, kind, subject, ts(at))
