"""A first run: demo data in an empty store, so the app has something to segment.

``nlseg demo --if-empty`` and the app's "Load the demo CRM" button both use this; a store
that already holds contacts is never touched.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from nlseg.store import has_crm_data
from nlseg.sync.demo import DemoSummary, build_demo

DEMO_CONTACTS = 5000
DEMO_SEED = 42


def ensure_demo(
    engine: Engine,
    *,
    as_of: dt.date,
    contacts: int = DEMO_CONTACTS,
    seed: int = DEMO_SEED,
) -> DemoSummary | None:
    """Build the demo CRM when the store holds no contacts; None when it already has some."""
    if has_crm_data(engine):
        return None
    return build_demo(engine, contacts=contacts, seed=seed, as_of=as_of)
