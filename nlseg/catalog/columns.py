"""Column access for catalog fields: plain columns, and typed reads of contacts.custom JSON.

It sits in the catalog, below its loader (which reads picklist values and the value index
with it) and below the compiler (which builds predicates on it).

Identifiers come only from the catalog and the table metadata; JSON keys are bound
parameters. A custom value is read only when its JSON type fits the field, the same way on
both databases; any other value (and JSON null, and a missing key) counts as missing:

- text, picklist, email: JSON strings;
- number, score: JSON numbers;
- boolean: JSON true/false, or a string or number whose lower-cased text is one of the
  truthy/falsy spellings (see predicates);
- date, datetime: JSON strings that start with ``YYYY-MM-DD``, compared on those ten
  characters;
- multi-text: the strings of a JSON list (a lone string counts as a one-element list).
"""

from __future__ import annotations

from sqlalchemy import Float, String, Table, and_, case, cast, func, literal, true
from sqlalchemy.dialects.postgresql import JSONPATH
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import GenericFunction

from nlseg.catalog.model import DataType, FieldDef


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


# JSON type names: PostgreSQL's jsonb_typeof and SQLite's json_type.
STRING_TYPES = ("string", "text")
NUMBER_TYPES = ("number", "integer", "real")
BOOLEAN_TYPES = ("boolean", "true", "false")


def custom_json(table: Table, key: str):
    """The raw JSON element of ``contacts.custom`` at ``key``."""
    return table.c.custom[key]


def json_path(key: str) -> str:
    return '$."' + key.replace('"', '\\"') + '"'


def json_type(table: Table, key: str, dialect: str) -> ColumnElement:
    if dialect == "postgresql":
        return func.jsonb_typeof(custom_json(table, key))
    return func.json_type(table.c.custom, literal(json_path(key)))


def json_text(table: Table, key: str) -> ColumnElement:
    """The JSON value as SQL text (``->>`` on PostgreSQL, json_extract on SQLite)."""
    return cast(custom_json(table, key).as_string(), String)


def _custom_expression(field: FieldDef, table: Table, dialect: str) -> ColumnElement:
    key = field.custom_key
    kind = json_type(table, key, dialect)
    text = json_text(table, key)
    if field.data_type in (DataType.NUMBER, DataType.SCORE):
        return case((kind.in_(NUMBER_TYPES), cast(text, Float)))
    if field.data_type in (DataType.DATE, DataType.DATETIME):
        dated = kind.in_(STRING_TYPES) & text.like("____-__-__%")
        return case((dated, func.substr(text, 1, 10)))
    if field.data_type is DataType.BOOLEAN:
        if dialect == "sqlite":  # json_extract gives 1/0 for true/false: use the type name
            return case(
                (kind.in_(("true", "false")), kind),
                (kind.in_(STRING_TYPES + NUMBER_TYPES), fold(text)),
            )
        return case((kind.in_(BOOLEAN_TYPES + STRING_TYPES + NUMBER_TYPES), fold(text)))
    return case((kind.in_(STRING_TYPES), text))


def field_expression(field: FieldDef, table: Table, dialect: str) -> ColumnElement:
    """The SQL expression that reads ``field`` from ``table`` (NULL when missing)."""
    if field.custom_key is None:
        return table.c[field.column]
    return _custom_expression(field, table, dialect)


def multi_text_elements(table: Table, field: FieldDef, dialect: str):
    """The strings of a JSON list in contacts.custom: (a table-valued function, its filter).

    The function reads ``table``'s row, so it works in a correlated subquery (the current
    contact's list) and joined to ``table`` (every contact's elements; functions in FROM
    are implicitly lateral on both databases).
    """
    key = field.custom_key
    if dialect == "postgresql":
        # Lax mode: '$[*]' yields an array's elements, or a lone scalar itself, as SQLite's
        # json_each does; the filter keeps strings, so JSON null or numbers never count.
        strings = cast(literal('$[*] ? (@.type() == "string")'), JSONPATH)
        listed = func.jsonb_path_query_array(custom_json(table, key), strings)
        elements = func.jsonb_array_elements_text(listed).table_valued("value")
        return elements, true()
    path = literal(json_path(key))
    each = func.json_each(table.c.custom, path).table_valued("value", "type")
    # json_each yields an object's values too; PostgreSQL's path reads no options in an
    # object, so neither does this: only a list's strings, or a lone string
    listed = func.json_type(table.c.custom, path).in_(("array", "text"))
    return each, and_(listed, each.c.type == "text")
