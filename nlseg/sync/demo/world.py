"""The demo world: one generator per concept, wired together and run in load order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from sqlalchemy import Table

from nlseg.store import schema as s
from nlseg.sync.demo.accounts import ACCOUNT_COLS, Accounts
from nlseg.sync.demo.activities import ACTIVITY_COLS, Activities
from nlseg.sync.demo.campaigns import CAMPAIGN_COLS, MEMBER_COLS, Campaigns
from nlseg.sync.demo.contacts import CONTACT_COLS, Contacts
from nlseg.sync.demo.custom_fields import FIELD_COLS, field_definition_rows
from nlseg.sync.demo.deals import OPP_CONTACT_COLS, OPPORTUNITY_COLS, Deals
from nlseg.sync.demo.email_events import EVENT_COLS, EmailEvents
from nlseg.sync.demo.names import Names
from nlseg.sync.demo.owners import OWNER_COLS, Owners
from nlseg.sync.demo.setting import Setting
from nlseg.sync.demo.tags import TAG_COLS, Tags


class DemoWorld:
    """Generates the demo CRM table by table (see :meth:`tables`).

    Each generator fills per-entity lists (index = id - 1) while its rows are consumed,
    and later generators read them: consume the tables in the order given.
    """

    def __init__(self, *, contacts: int, seed: int, as_of: dt.date) -> None:
        setting = Setting(contacts=contacts, seed=seed, as_of=as_of)
        names = Names(seed)
        self.owners = Owners(setting, names)
        self.accounts = Accounts(setting, names, self.owners)
        self.contacts = Contacts(setting, names, self.owners, self.accounts)
        self.tags = Tags(setting, self.accounts, self.contacts)
        self.deals = Deals(setting, self.owners, self.accounts, self.contacts)
        self.campaigns = Campaigns(setting, self.contacts)
        self.email_events = EmailEvents(setting, self.contacts, self.campaigns)
        self.activities = Activities(setting, self.owners, self.accounts, self.contacts)

    def tables(self) -> Iterator[tuple[Table, tuple[str, ...], Iterator[tuple]]]:
        """(table, columns, rows) in load order; each ``rows`` is a lazy iterator."""
        yield s.owners, OWNER_COLS, self.owners.rows()
        yield s.accounts, ACCOUNT_COLS, self.accounts.rows()
        yield s.contacts, CONTACT_COLS, self.contacts.rows()
        yield s.contact_tags, TAG_COLS, self.tags.rows()
        yield s.opportunities, OPPORTUNITY_COLS, self.deals.opportunity_rows()
        yield s.opportunity_contacts, OPP_CONTACT_COLS, self.deals.contact_role_rows()
        yield s.campaigns, CAMPAIGN_COLS, self.campaigns.rows()
        yield s.campaign_members, MEMBER_COLS, self.campaigns.member_rows()
        yield s.email_events, EVENT_COLS, self.email_events.rows()
        yield s.activities, ACTIVITY_COLS, self.activities.rows()
        yield s.field_definitions, FIELD_COLS, field_definition_rows()
