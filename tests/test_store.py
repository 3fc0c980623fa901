"""The store: contract tables and columns, idempotent schema creation, database URLs."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from nlseg.store import create_schema, database_url, has_crm_data, schema

CONTRACT = {
    "owners": "id external_id name email region team is_active",
    "accounts": "id external_id name domain industry employee_count annual_revenue country city "
    "type tier owner_id created_at updated_at",
    "contacts": "id external_id record_type first_name last_name email phone title department "
    "seniority city state country lead_source lifecycle_stage lead_status account_id owner_id "
    "company_name behavior_score email_opt_out created_at updated_at custom",
    "contact_tags": "contact_id tag",
    "opportunities": "id external_id name account_id owner_id stage amount close_date is_closed "
    "is_won created_at updated_at",
    "opportunity_contacts": "opportunity_id contact_id role is_primary",
    "campaigns": "id external_id name type status start_date end_date sent_at",
    "campaign_members": "campaign_id contact_id status created_at",
    "email_events": "id contact_id campaign_id event_type occurred_at",
    "activities": "id contact_id owner_id activity_type subject occurred_at",
    "field_definitions": "key label entity data_type source_lead_field source_contact_field "
    "allow_push",
}


def test_schema_is_the_contract_and_creation_is_idempotent(engine):
    create_schema(engine)
    create_schema(engine)
    inspector = inspect(engine)
    for table, columns in CONTRACT.items():
        assert {c["name"] for c in inspector.get_columns(table)} >= set(columns.split()), table
    indexed = {tuple(ix["column_names"]) for ix in inspector.get_indexes("email_events")}
    assert ("contact_id", "event_type", "occurred_at") in indexed
    assert ("event_type", "occurred_at", "contact_id") in indexed
    assert not has_crm_data(engine)
    with engine.begin() as conn:
        conn.execute(schema.contacts.insert().values(id=1, external_id="c1"))
    assert has_crm_data(engine)


@pytest.mark.parametrize(
    ("given", "env", "expected"),
    [
        (None, None, "sqlite:///nlseg.db"),
        (None, "sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
        ("postgresql://u@h/db", "sqlite:///ignored.db", "postgresql+psycopg://u@h/db"),
        ("postgres://u:secret@h:5433/db", None, "postgresql+psycopg://u:secret@h:5433/db"),
        ("postgresql+psycopg://u@h/db", None, "postgresql+psycopg://u@h/db"),
    ],
)
def test_database_url(monkeypatch, given, env, expected):
    if env is None:
        monkeypatch.delenv("NLSEG_DATABASE_URL", raising=False)
    else:
        monkeypatch.setenv("NLSEG_DATABASE_URL", env)
    assert database_url(given) == expected
