"""SQLAlchemy tables of the CRM store (DESIGN section 3, a contract) and the app's own tables.

Table and column names are fixed by the contract; types are SQLAlchemy generic types so
the same metadata works on SQLite and PostgreSQL. Timestamps are naive UTC.

The indexes serve the compiler's access paths: every 1:many table is reachable by
``contact_id`` (correlated EXISTS / anti-joins) and by its type and timestamp columns
(``IN (SELECT contact_id ... WHERE type = ? AND ts >= ?)`` semi-joins and grouped counts).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
)
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData()

# JSONB on PostgreSQL gives typed access (->>, casts) and a compact storage; JSON elsewhere.
JsonType = JSON().with_variant(JSONB(), "postgresql")
Money = Numeric(14, 2)


def _pk() -> Column:
    return Column("id", Integer, primary_key=True)


def _external_id() -> Column:
    return Column("external_id", String(64), unique=True, nullable=False)


owners = Table(
    "owners",
    metadata,
    _pk(),
    _external_id(),
    Column("name", String(200)),
    Column("email", String(320)),
    Column("region", String(40)),
    Column("team", String(100)),
    Column("is_active", Boolean),
)

accounts = Table(
    "accounts",
    metadata,
    _pk(),
    _external_id(),
    Column("name", String(300)),
    Column("domain", String(255)),
    Column("industry", String(100)),
    Column("employee_count", Integer),
    Column("annual_revenue", Money),
    Column("country", String(100)),
    Column("city", String(100)),
    Column("type", String(40)),
    Column("tier", String(40)),
    Column("owner_id", Integer, ForeignKey("owners.id")),
    Column("created_at", DateTime),
    Column("updated_at", DateTime),
    Index("ix_accounts_owner_id", "owner_id"),
    Index("ix_accounts_tier", "tier"),
    Index("ix_accounts_country", "country"),
    Index("ix_accounts_industry", "industry"),
)

contacts = Table(
    "contacts",
    metadata,
    _pk(),
    _external_id(),
    Column("record_type", String(20)),
    Column("first_name", String(100)),
    Column("last_name", String(100)),
    Column("email", String(320)),
    Column("phone", String(50)),
    Column("title", String(200)),
    Column("department", String(100)),
    Column("seniority", String(60)),
    Column("city", String(100)),
    Column("state", String(100)),
    Column("country", String(100)),
    Column("lead_source", String(60)),
    Column("lifecycle_stage", String(40)),
    Column("lead_status", String(40)),
    Column("account_id", Integer, ForeignKey("accounts.id")),
    Column("owner_id", Integer, ForeignKey("owners.id")),
    Column("company_name", String(300)),
    Column("behavior_score", Integer),
    Column("email_opt_out", Boolean),
    Column("created_at", DateTime),
    Column("updated_at", DateTime),
    Column("custom", JsonType),
    Index("ix_contacts_account_id", "account_id"),
    Index("ix_contacts_owner_id", "owner_id"),
    Index("ix_contacts_email", "email"),
    Index("ix_contacts_country", "country"),
    Index("ix_contacts_lifecycle_stage", "lifecycle_stage"),
    Index("ix_contacts_created_at", "created_at"),
    # Score ranges are selective; at 1M contacts 238 -> 12 ms (BENCHMARKS.md, score_index).
    Index("ix_contacts_behavior_score", "behavior_score"),
)

contact_tags = Table(
    "contact_tags",
    metadata,
    Column("contact_id", Integer, ForeignKey("contacts.id"), primary_key=True),
    Column("tag", String(100), primary_key=True),
    Index("ix_contact_tags_tag", "tag", "contact_id"),
)

opportunities = Table(
    "opportunities",
    metadata,
    _pk(),
    _external_id(),
    Column("name", String(300)),
    Column("account_id", Integer, ForeignKey("accounts.id")),
    Column("owner_id", Integer, ForeignKey("owners.id")),
    Column("stage", String(40)),
    Column("amount", Money),
    Column("close_date", Date),
    Column("is_closed", Boolean),
    Column("is_won", Boolean),
    Column("created_at", DateTime),
    Column("updated_at", DateTime),
    Index("ix_opportunities_account_created", "account_id", "created_at"),
    Index("ix_opportunities_created_at", "created_at"),
)

opportunity_contacts = Table(
    "opportunity_contacts",
    metadata,
    Column("opportunity_id", Integer, ForeignKey("opportunities.id"), primary_key=True),
    Column("contact_id", Integer, ForeignKey("contacts.id"), primary_key=True),
    Column("role", String(100)),
    Column("is_primary", Boolean),
    Index("ix_opportunity_contacts_contact_id", "contact_id"),
)

campaigns = Table(
    "campaigns",
    metadata,
    _pk(),
    _external_id(),
    Column("name", String(300)),
    Column("type", String(40)),
    Column("status", String(40)),
    Column("start_date", Date),
    Column("end_date", Date),
    Column("sent_at", DateTime),
    Index("ix_campaigns_type_sent_at", "type", "sent_at"),
)

campaign_members = Table(
    "campaign_members",
    metadata,
    Column("campaign_id", Integer, ForeignKey("campaigns.id"), primary_key=True),
    Column("contact_id", Integer, ForeignKey("contacts.id"), primary_key=True),
    Column("status", String(40)),
    Column("created_at", DateTime),
    Index("ix_campaign_members_contact_id", "contact_id", "status"),
)

email_events = Table(
    "email_events",
    metadata,
    _pk(),
    Column("contact_id", Integer, ForeignKey("contacts.id"), nullable=False),
    Column("campaign_id", Integer, ForeignKey("campaigns.id")),
    Column("event_type", String(20)),
    Column("occurred_at", DateTime),
    Index("ix_email_events_contact", "contact_id", "event_type", "occurred_at"),
    Index("ix_email_events_type_time", "event_type", "occurred_at", "contact_id"),
    Index("ix_email_events_campaign", "campaign_id", "event_type", "contact_id"),
)

activities = Table(
    "activities",
    metadata,
    _pk(),
    Column("contact_id", Integer, ForeignKey("contacts.id"), nullable=False),
    Column("owner_id", Integer, ForeignKey("owners.id")),
    Column("activity_type", String(40)),
    Column("subject", String(500)),
    Column("occurred_at", DateTime),
    Index("ix_activities_contact", "contact_id", "activity_type", "occurred_at"),
    Index("ix_activities_type_time", "activity_type", "occurred_at", "contact_id"),
)

field_definitions = Table(
    "field_definitions",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("label", String(200), nullable=False),
    Column("entity", String(40), nullable=False),
    Column("data_type", String(20), nullable=False),
    Column("source_lead_field", String(200)),
    Column("source_contact_field", String(200)),
    Column("allow_push", Boolean, default=False),
)

# --- the app's own tables -------------------------------------------------------------

segments = Table(
    "segments",
    metadata,
    _pk(),
    Column("name", String(200), nullable=False, unique=True),
    Column("description", Text),
    Column("source_text", Text),
    Column("status", String(20), nullable=False, default="active"),
    Column("current_version", Integer, nullable=False, default=1),
    Column("created_by", String(200)),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

segment_versions = Table(
    "segment_versions",
    metadata,
    Column("segment_id", Integer, ForeignKey("segments.id"), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("tree", JsonType, nullable=False),
    Column("author", String(200)),
    Column("note", Text),
    Column("created_at", DateTime, nullable=False),
)

# A static list is a dated snapshot of a segment's members. No foreign keys to the CRM or
# to segments: a snapshot outlives a re-sync (demo --replace truncates the CRM tables with
# CASCADE on PostgreSQL) and the deletion of the segment it was frozen from.
static_lists = Table(
    "static_lists",
    metadata,
    _pk(),
    Column("name", String(300), nullable=False),
    Column("segment_id", Integer),
    Column("segment_name", String(200)),
    Column("segment_version", Integer),
    Column("as_of", Date, nullable=False),  # the clock the members were evaluated against
    Column("tree", JsonType, nullable=False),  # what was evaluated, for the record
    Column("member_count", Integer, nullable=False),
    Column("created_by", String(200)),
    Column("created_at", DateTime, nullable=False),
    Index("ix_static_lists_segment_id", "segment_id"),
)

static_list_members = Table(
    "static_list_members",
    metadata,
    Column("static_list_id", Integer, ForeignKey("static_lists.id"), primary_key=True),
    Column("contact_id", Integer, primary_key=True),
    Column("email", String(320)),  # as it was when frozen; the contact may change or go
    sqlite_with_rowid=False,
)

# --- derived tables: rebuilt from the CRM tables, never edited by hand -----------------

RECENT_RANKS = 5
"""How many most recent timestamps ``contact_recent_events`` keeps per contact and kind."""

contact_recent_events = Table(
    "contact_recent_events",
    metadata,
    # "email_events" or "activities"; kind is the event or activity type, '' for all types.
    Column("source", String(20), primary_key=True),
    Column("kind", String(40), primary_key=True),
    Column("contact_id", Integer, primary_key=True),
    Column("total", Integer, nullable=False),  # every row, with or without a timestamp
    # t1 is the most recent timestamp, t2 the one before, …; NULL when there are fewer.
    *(Column(f"t{rank}", DateTime) for rank in range(1, RECENT_RANKS + 1)),
    # Every read names source and kind, so the key is the one index: with a contact_id
    # index as well, PostgreSQL probed it and filtered ~9 rows per contact (engaged_neglected).
    sqlite_with_rowid=False,  # rows clustered by the key, as a kind's rows are read together
)

rollup_state = Table(
    "rollup_state",
    metadata,
    # One row per source whose rollup is current; any write to the source deletes it.
    Column("source", String(20), primary_key=True),
    Column("built_at", DateTime, nullable=False),
    Column("source_rows", Integer, nullable=False),
    Column("max_time", DateTime),  # the latest timestamp in the source when built
)

CRM_TABLES = (
    owners,
    accounts,
    contacts,
    contact_tags,
    opportunities,
    opportunity_contacts,
    campaigns,
    campaign_members,
    email_events,
    activities,
)

# --- sync log (app table) ----------------------------------------------------------------

# One row per sync run, failed ones too (written after the rollback, so the log survives).
# ``watermark`` is the latest source updated_at a successful run saw: the next incremental
# run applies only records changed after it.
sync_runs = Table(
    "sync_runs",
    metadata,
    _pk(),
    Column("kind", String(20), nullable=False),  # 'full' or 'incremental'
    Column("mapping", String(500)),
    Column("source", String(500)),
    Column("started_at", DateTime, nullable=False),
    Column("finished_at", DateTime),
    Column("status", String(20), nullable=False),  # 'succeeded' or 'failed'
    Column("inserted", Integer, nullable=False, default=0),
    Column("updated", Integer, nullable=False, default=0),
    Column("deleted", Integer, nullable=False, default=0),
    Column("rejected", Integer, nullable=False, default=0),
    Column("duration_ms", Integer),
    Column("error", Text),
    Column("watermark", DateTime),
    Column("rejections", JsonType),  # the first rejected rows: file, row, reason
)

# Field mappings saved in the store (the app's editor, or by name with ``nlseg sync
# --mapping NAME``). The TOML text is kept as typed, comments and all; it is validated when
# saved and again when loaded, so a mapping saved by an older nlseg still names its problems.
sync_mappings = Table(
    "sync_mappings",
    metadata,
    Column("name", String(200), primary_key=True),
    Column("text", Text, nullable=False),
    Column("saved_at", DateTime, nullable=False),
    Column("saved_by", String(200)),
)
