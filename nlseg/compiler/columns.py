"""Column access for catalog fields: plain columns, and typed reads of contacts.custom JSON.

Identifiers come only from the catalog and the table metadata; JSON keys are bound
parameters. Custom values are read the same way on both databases:

- text, picklist, email: the JSON value as text;
- number, score: the JSON value as a number;
- boolean: the JSON value as lower-case text (``true``/``1``/``yes`` … see predicates);
- date, datetime: the first ten characters of the ISO text (``YYYY-MM-DD``).
"""

from __future__ import annotations

from sqlalchemy import Float, String, Table, cast, func
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import GenericFunction

from nlseg.catalog import DataType, FieldDef


class fold(GenericFunction):
    """Per-character lower case: ``lower()`` on PostgreSQL, ``simple_lower`` on SQLite."""

    type = String()
    inherit_cache = True


@compiles(fold)
def _fold_default(element, compiler, **kw):
    return f"lower({compiler.process(element.clauses, **kw)})"


@compiles(fold, "sqlite")
def _fold_sqlite(element, compiler, **kw):
    return f"nlseg_lower({compiler.process(element.clauses, **kw)})"


def custom_json(table: Table, key: str, dialect: str):
    """The raw JSON element of ``contacts.custom`` at ``key``."""
    return table.c.custom[key]


def custom_text(table: Table, key: str, dialect: str) -> ColumnElement:
    element = custom_json(table, key, dialect)
    if dialect == "postgresql":
        return element.astext
    # JSON_EXTRACT returns SQL values (1 for true); the cast makes every value text.
    return cast(element.as_string(), String)


def field_expression(field: FieldDef, table: Table, dialect: str) -> ColumnElement:
    """The SQL expression that reads ``field`` from ``table``."""
    if field.custom_key is None:
        return table.c[field.column]
    key = field.custom_key
    if field.data_type in (DataType.NUMBER, DataType.SCORE):
        if dialect == "postgresql":
            return cast(custom_text(table, key, dialect), Float)
        return cast(custom_json(table, key, dialect).as_float(), Float)
    if field.data_type in (DataType.DATE, DataType.DATETIME):
        return func.substr(custom_text(table, key, dialect), 1, 10)
    if field.data_type is DataType.BOOLEAN:
        return fold(custom_text(table, key, dialect))
    return custom_text(table, key, dialect)
