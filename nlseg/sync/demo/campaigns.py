"""Campaigns: a fortnightly e-mail send and other campaigns every 9 to 12 days, with members."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from nlseg.sync import vocab as v
from nlseg.sync.demo.contacts import Contacts
from nlseg.sync.demo.setting import DAY, Pick, Setting, pick_country

CAMPAIGN_COLS = ("id", "external_id", "name", "type", "status", "start_date", "end_date", "sent_at")
MEMBER_COLS = ("campaign_id", "contact_id", "status", "created_at")


class CampaignDates(NamedTuple):
    """What members and e-mail events need to know of a campaign."""

    id: int
    kind: str  # campaign type
    start: dt.date
    end: dt.date | None
    sent: int | None  # window seconds of an e-mail send


def _month(day: dt.date) -> str:
    return f"{v.MONTHS[day.month - 1]} {day.year}"


@dataclass
class Campaigns:
    """Generates ``campaigns`` and ``campaign_members`` (e-mail sends have no members)."""

    setting: Setting
    contacts: Contacts
    dates: list[CampaignDates] = field(default_factory=list, init=False)  # filled by rows()

    def _plan(self) -> list[tuple]:
        """(start, type, name, status, end, sent seconds) by start date, type and name."""
        setting = self.setting
        rng = setting.rng("campaigns")
        as_of = setting.as_of
        out = []
        # E-mail sends every 14 days, the latest three days before as_of.
        back = 3
        while (sent_day := as_of - dt.timedelta(days=back)) >= setting.start_date:
            sent = setting.seconds(sent_day) + rng.randrange(8 * 3600, 17 * 3600)
            theme = rng.choice(v.EMAIL_THEMES)
            name = f"{theme} - {sent_day.day} {_month(sent_day)}"
            out.append((sent_day, "Email", name, "Completed", sent_day, sent))
            back += 14
        future = as_of + dt.timedelta(days=11)
        name = f"Monthly Newsletter - {future.day} {_month(future)}"
        out.append((future, "Email", name, "Scheduled", future, None))
        # Webinars, events, paid social and content, every 9 to 12 days.
        pick_type = Pick(v.OTHER_CAMPAIGN_TYPES, v.OTHER_CAMPAIGN_WEIGHTS)
        day = setting.start_date + dt.timedelta(days=6)
        kinds = []
        while day < as_of:
            kinds.append((day, pick_type(rng)))
            day += dt.timedelta(days=rng.randrange(9, 13))
        kinds.append((as_of + dt.timedelta(days=20), "Webinar"))
        for start, kind in kinds:
            if kind == "Webinar":
                name, length = f"Webinar: {rng.choice(v.WEBINAR_TOPICS)} ({_month(start)})", 0
            elif kind == "Event":
                city = rng.choice(v.CITIES[pick_country(rng)])[0]
                name, length = f"{rng.choice(v.EVENT_NAMES)} {city} {start.year}", rng.randrange(3)
            elif kind == "Paid Social":
                quarter = (start.month - 1) // 3 + 1
                name = f"{rng.choice(v.PAID_SOCIAL_NAMES)} Q{quarter} {start.year}"
                length = rng.randrange(14, 31)
            else:
                name = f"{rng.choice(v.CONTENT_NAMES)} ({_month(start)})"
                length = rng.randrange(30, 61)
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

    def rows(self) -> Iterator[tuple]:
        for k, (start, kind, name, status, end, sent) in enumerate(self._plan()):
            campaign_id = k + 1
            self.dates.append(CampaignDates(campaign_id, kind, start, end, sent))
            yield (
                campaign_id,
                f"701{campaign_id:012d}",
                name,
                kind,
                status,
                start,
                end,
                None if sent is None else self.setting.ts(sent),
            )

    def member_rows(self) -> Iterator[tuple]:
        """Members of the non-e-mail campaigns, engaged contacts the more likely."""
        setting = self.setting
        rng = setting.rng("campaign_members")
        created = self.contacts.created
        p_open = self.contacts.p_open
        t_end = setting.t_end
        for campaign_id, kind, start, end, _sent in self.dates:
            if kind == "Email":
                continue
            statuses = Pick(*v.MEMBER_STATUS_BY_TYPE[kind])
            start_s = setting.seconds(start)
            if start_s > t_end:  # planned: registrations so far
                window = (t_end - 14 * DAY, t_end)
                statuses = Pick(("Registered",), (1,))
            elif kind in ("Webinar", "Event"):  # registrations in the three weeks before
                window = (start_s - 21 * DAY, min(start_s + DAY - 1, t_end))
            else:
                stop = t_end if end is None else setting.seconds(end) + DAY - 1
                window = (start_s, min(stop, t_end))
            eligible = bisect_left(created, min(start_s, t_end))  # contacts existing by then
            want = round(v.MEMBER_SHARE[kind] * eligible)
            if want == 0:
                continue
            members = []
            candidates = rng.sample(range(eligible), min(eligible, want * 3))
            for c in candidates:
                if rng.random() < 0.25 + 0.75 * p_open[c]:
                    members.append(c)
                    if len(members) == want:
                        break
            for c in sorted(members):
                lo = max(window[0], created[c] + 60)
                at = lo + int(max(0, window[1] - lo) * rng.random())
                yield (campaign_id, c + 1, statuses(rng), setting.ts(min(at, t_end)))
