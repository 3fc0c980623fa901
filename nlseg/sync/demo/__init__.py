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

Modules: ``world`` wires one generator per concept (``owners``, ``accounts``, ``contacts``,
``custom_fields``, ``tags``, ``deals``, ``campaigns``, ``email_events``, ``activities``)
on top of ``setting`` (seeds, clock, weighted picks) and ``names``.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from sqlalchemy import Engine, func, select

from nlseg.store import create_schema, has_crm_data
from nlseg.store import schema as s
from nlseg.store.rollups import rebuild_rollups
from nlseg.sync import bulk
from nlseg.sync.demo.world import DemoWorld

__all__ = ["DemoSummary", "StoreNotEmpty", "build_demo"]


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
        rebuild_rollups(conn)
        bulk.analyze(conn, [*crm_tables, s.contact_recent_events])
    bulk.vacuum(engine, [*crm_tables, s.contact_recent_events])
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
