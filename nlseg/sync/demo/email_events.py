"""E-mail events: each campaign send's sent, delivered, open, click, bounce and unsubscribe,
then transactional mail (no campaign) and unsubscribes from the preference centre.
"""

from __future__ import annotations

import random
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain

from nlseg.sync.demo.campaigns import Campaigns
from nlseg.sync.demo.contacts import Contacts
from nlseg.sync.demo.setting import DAY, WINDOW_DAYS, Setting

EVENT_COLS = ("id", "contact_id", "campaign_id", "event_type", "occurred_at")
FULL_SEND_DAYS = 45  # e-mail sends this recent go to (almost) the whole list

# (contact id, campaign id or None, event type, window seconds), before ids are given.
Event = tuple[int, int | None, str, int]


@dataclass
class EmailEvents:
    """Generates ``email_events``, numbered in the order they are drawn."""

    setting: Setting
    contacts: Contacts
    campaigns: Campaigns

    def rows(self) -> Iterator[tuple]:
        rng = self.setting.rng("email_events")
        ts = self.setting.clock()
        # Both parts share the random stream and the unsubscribe times, in this order.
        unsubscribe = list(self.contacts.unsubscribe)
        unsubscribed = [False] * self.setting.n_contacts  # by a campaign's unsubscribe link
        events = chain(
            self._campaign_events(rng, unsubscribe, unsubscribed),
            self._other_events(rng, unsubscribe, unsubscribed),
        )
        for event_id, (contact_id, campaign_id, event_type, at) in enumerate(events, 1):
            yield (event_id, contact_id, campaign_id, event_type, ts(at))

    def _campaign_events(
        self, rng: random.Random, unsubscribe: list[int | None], unsubscribed: list[bool]
    ) -> Iterator[Event]:
        """The sends of every e-mail campaign, opens and clicks by each contact's propensity.

        The sends of the last ``FULL_SEND_DAYS`` go to most of the newsletter list, older
        ones to a sample of it that shrinks with age (which keeps the total near 10 events
        per contact).
        """
        rand = rng.random
        t_end = self.setting.t_end
        contacts = self.contacts
        p_open, p_click, bad = contacts.p_open, contacts.p_click, contacts.bad_email
        list_ids = [i for i in range(self.setting.n_contacts) if contacts.on_list[i]]
        list_created = [contacts.created[i] for i in list_ids]
        sends = [c for c in self.campaigns.dates if c.kind == "Email" and c.sent is not None]
        for k, (campaign_id, _kind, _start, _end, sent) in enumerate(sends):
            next_sent = sends[k + 1].sent if k + 1 < len(sends) else t_end + 1
            eligible = bisect_left(list_created, sent - 3600)
            age_days = (t_end - sent) // DAY
            quality = 0.85 + 0.25 * rand()  # how well this issue lands
            if age_days <= FULL_SEND_DAYS:
                recipients = [list_ids[j] for j in range(eligible) if rand() < 0.93]
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
                yield (contact_id, campaign_id, "sent", at)
                if bad[c] or rand() < 0.006:
                    yield (contact_id, campaign_id, "bounce", at + 5 + int(rand() * 295))
                    continue
                at += 2 + int(rand() * 88)
                yield (contact_id, campaign_id, "delivered", at)
                if rand() < min(0.97, p_open[c] * quality):
                    opened = at + 60 + int(2 * DAY * rand() ** 4)
                    if opened <= t_end:
                        at = opened
                        yield (contact_id, campaign_id, "open", at)
                        if rand() < p_click[c]:
                            clicked = at + 5 + int(rand() * 895)
                            if clicked <= t_end:
                                yield (contact_id, campaign_id, "click", clicked)
                # Who opts out before the next send does so through this e-mail's link.
                if gone is not None and gone < next_sent:
                    at = min(at + 30 + int(rand() * 3570), t_end)
                    yield (contact_id, campaign_id, "unsubscribe", at)
                    unsubscribe[c] = at
                    unsubscribed[c] = True

    def _other_events(
        self, rng: random.Random, unsubscribe: list[int | None], unsubscribed: list[bool]
    ) -> Iterator[Event]:
        """Per contact: a preference-centre unsubscribe, then transactional mail (30%)."""
        rand = rng.random
        t_end = self.setting.t_end
        created, p_open, bad = self.contacts.created, self.contacts.p_open, self.contacts.bad_email
        for c in range(self.setting.n_contacts):
            contact_id = c + 1
            if unsubscribe[c] is not None and not unsubscribed[c]:
                yield (contact_id, None, "unsubscribe", unsubscribe[c])
            if rand() >= 0.3:
                continue
            born = created[c]
            times = sorted(
                t_end - int((t_end - born) * rand() ** 2)
                for _ in range(1 + (rand() < 0.35) + (rand() < 0.1))
            )
            for at in times:
                yield (contact_id, None, "sent", at)
                if bad[c]:
                    yield (contact_id, None, "bounce", min(at + 30, t_end))
                    continue
                at = min(at + 2 + int(rand() * 58), t_end)
                yield (contact_id, None, "delivered", at)
                if rand() < 0.3 + 0.6 * p_open[c]:
                    at += 30 + int(DAY * rand() ** 4)
                    if at <= t_end:
                        yield (contact_id, None, "open", at)
