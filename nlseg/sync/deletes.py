"""Deleting store records with their related rows, children first, in the caller's transaction.

A deleted contact takes its tags, opportunity roles, campaign memberships, email events and
activities with it. A deleted account, owner or campaign is unlinked from the records that
remain (their reference becomes NULL: a contact outlives its account); a deleted opportunity
or campaign takes its contact roles or memberships with it.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, Table

from nlseg.store import schema as s

CHUNK = 500

# table -> (rows deleted with it, (table, column) references set to NULL)
_DEPENDENTS: dict[str, tuple[tuple[Table, ...], tuple[tuple[Table, str], ...]]] = {
    "contacts": (
        (s.contact_tags, s.opportunity_contacts, s.campaign_members, s.email_events, s.activities),
        (),
    ),
    "accounts": ((), ((s.contacts, "account_id"), (s.opportunities, "account_id"))),
    "owners": (
        (),
        (
            (s.accounts, "owner_id"),
            (s.contacts, "owner_id"),
            (s.opportunities, "owner_id"),
            (s.activities, "owner_id"),
        ),
    ),
    "opportunities": ((s.opportunity_contacts,), ()),
    "campaigns": ((s.campaign_members,), ((s.email_events, "campaign_id"),)),
}
_FOREIGN = {
    "contacts": "contact_id",
    "accounts": "account_id",
    "owners": "owner_id",
    "opportunities": "opportunity_id",
    "campaigns": "campaign_id",
}


def delete_records(conn: Connection, table: Table, ids: Sequence[int]) -> int:
    """Delete ``table`` rows with these store ids and what depends on them; rows deleted."""
    children, unlinked = _DEPENDENTS.get(table.name, ((), ()))
    count = 0
    for start in range(0, len(ids), CHUNK):
        chunk = list(ids[start : start + CHUNK])
        fk = _FOREIGN.get(table.name)
        for child in children:
            conn.execute(child.delete().where(child.c[fk].in_(chunk)))
        for other, column in unlinked:
            conn.execute(other.update().where(other.c[column].in_(chunk)).values({column: None}))
        count += conn.execute(table.delete().where(table.c.id.in_(chunk))).rowcount
    return count
