"""The CRM store: tables, engine set-up, schema creation."""

from nlseg.store.engine import (
    DEFAULT_DATABASE_URL,
    create_schema,
    database_url,
    has_crm_data,
    make_engine,
)
from nlseg.store.schema import metadata

__all__ = [
    "DEFAULT_DATABASE_URL",
    "create_schema",
    "database_url",
    "has_crm_data",
    "make_engine",
    "metadata",
]
