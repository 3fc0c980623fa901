"""The default segments a store gets after its first successful sync."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from nlseg.segments import create_segment
from nlseg.store import schema
from nlseg.tree import FilterTree
from nlseg.tree.models import Condition

DEFAULT_SEGMENTS: dict[str, Condition] = {
    "All Leads": Condition(field="contact.record_type", op="in", value=["lead"]),
    "All Contacts": Condition(field="contact.record_type", op="in", value=["contact"]),
    "Affiliated with Prospects": Condition(field="account.type", op="in", value=["Prospect"]),
    "Affiliated with Customers": Condition(field="account.type", op="in", value=["Customer"]),
    # No account, or an account whose type the CRM left empty.
    "Unaffiliated": Condition(field="account.type", op="is_not_set"),
}


def create_default_segments(engine: Engine, *, occasion: str) -> list[str]:
    """Create each default segment whose name is free (any case); the names created.

    ``occasion`` says what created them, for the segment's first version note.
    """
    s = schema.segments
    created = []
    for name, condition in DEFAULT_SEGMENTS.items():
        with engine.connect() as conn:
            taken = conn.execute(select(s.c.id).where(func.lower(s.c.name) == name.lower())).first()
        if taken is None:
            create_segment(
                engine,
                name,
                FilterTree(root=condition),
                author="nlseg sync",
                note=f"default segment, created by {occasion}",
            )
            created.append(name)
    return created
