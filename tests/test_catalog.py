"""The catalog: operator matrix, relations, custom fields and picklist values read from the store."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from nlseg.catalog import DataType, Op, load_catalog, standard_catalog
from nlseg.store import create_schema, schema

CATALOG = standard_catalog()


@pytest.mark.parametrize(
    ("field", "data_type", "includes", "excludes"),
    [
        ("contact.title", DataType.TEXT, {Op.CONTAINS, Op.IN, Op.IS_NOT_SET}, {Op.GT, Op.IN_LAST}),
        ("contact.behavior_score", DataType.SCORE, {Op.GTE, Op.BETWEEN}, {Op.CONTAINS}),
        ("account.employee_count", DataType.NUMBER, {Op.LT, Op.NEQ}, {Op.IN}),
        (
            "contact.created_at",
            DataType.DATETIME,
            {Op.IN_LAST, Op.MORE_THAN_AGO, Op.IN_PERIOD},
            {Op.EQ},
        ),
        ("opportunity.close_date", DataType.DATE, {Op.ON, Op.BEFORE, Op.AFTER}, {Op.GT}),
        ("contact.email_opt_out", DataType.BOOLEAN, {Op.IS_TRUE, Op.IS_FALSE}, {Op.EQ}),
        ("contact.country", DataType.PICKLIST, {Op.IN, Op.NOT_IN}, {Op.EQ, Op.CONTAINS}),
    ],
)
def test_operator_matrix(field, data_type, includes, excludes):
    spec = CATALOG.field(field)
    assert spec.data_type is data_type
    assert includes <= set(spec.operators)
    assert not excludes & set(spec.operators)


@pytest.mark.parametrize(
    ("relation", "cardinality", "anchor", "timestamp"),
    [
        ("account", "1:1", "account_id", None),
        ("owner", "1:1", "owner_id", None),
        ("opportunities", "1:many", "id", "opportunity.created_at"),
        ("account_opportunities", "1:many", "account_id", "opportunity.created_at"),
        ("campaign_memberships", "1:many", "id", "campaign_member.created_at"),
        ("email_events", "1:many", "id", "email_event.occurred_at"),
        ("activities", "1:many", "id", "activity.occurred_at"),
        ("tags", "1:many", "id", None),
    ],
)
def test_relations(relation, cardinality, anchor, timestamp):
    spec = CATALOG.relation(relation)
    assert (spec.cardinality, spec.anchor_column, spec.timestamp_field) == (
        cardinality,
        anchor,
        timestamp,
    )


def test_every_standard_column_is_a_field():
    columns = {
        (CATALOG.entities[f.entity].table, f.column) for f in CATALOG.fields.values() if f.column
    }
    for table in schema.CRM_TABLES:
        for column in table.columns:
            if column.name in ("id", "external_id", "custom") or column.foreign_keys:
                continue
            assert (table.name, column.name) in columns, f"{table.name}.{column.name}"


def test_custom_fields_and_data_values_are_loaded_and_refreshed(engine):
    create_schema(engine)
    with engine.begin() as conn:
        conn.execute(
            schema.field_definitions.insert(),
            [
                {"key": "nps", "label": "NPS", "entity": "contact", "data_type": "score"},
                {"key": "plan", "label": "Plan", "entity": "contact", "data_type": "picklist"},
                {"key": "odd", "label": "Odd", "entity": "contact", "data_type": "hologram"},
            ],
        )
        conn.execute(
            schema.contacts.insert(),
            [
                {"id": 1, "external_id": "c1", "country": "Atlantis", "custom": {"plan": "Pro"}},
                {"id": 2, "external_id": "c2", "country": "Germany", "custom": {"plan": "Free"}},
            ],
        )
    catalog = load_catalog(engine, refresh=True)
    assert catalog.field("contact.custom.nps").data_type is DataType.SCORE
    assert catalog.field("contact.custom.plan").values == ("Free", "Pro")
    assert "contact.custom.odd" not in catalog.fields  # unknown types are not guessed at
    country = catalog.field("contact.country").values
    assert country[:3] == ("United States", "Canada", "United Kingdom")  # vocabulary first
    assert country[-1] == "Atlantis"  # then what the data adds

    with engine.begin() as conn:
        conn.execute(update(schema.contacts).where(schema.contacts.c.id == 1).values(country="Mu"))
    assert load_catalog(engine) is catalog  # cached
    assert "Mu" in load_catalog(engine, refresh=True).field("contact.country").values
