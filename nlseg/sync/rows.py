"""One export row -> the values of one staging row, with converters chosen once per object.

A full load parses millions of rows, so everything that depends only on the mapping — which
column is a reference, how a value is converted (:mod:`nlseg.sync.coerce`), how a picklist
value is spelled — is decided when the parser is built, not per value.
"""

from __future__ import annotations

from collections.abc import Mapping as MappingType
from typing import Any

from sqlalchemy import Table

from nlseg.store import schema
from nlseg.sync.coerce import (
    BadValue,
    column_converter,
    custom_converter,
    is_empty,
    to_bool,
)
from nlseg.sync.mapping import CUSTOM_PREFIX, DELETED, REFERENCES, Mapping
from nlseg.sync.sources import Row

EXTERNAL_ID = "external_id"
EXTERNAL_ID_LENGTH = schema.contacts.c.external_id.type.length


class RowParser:
    """Parses rows of one mapped object into staging values.

    The values come in the staging load's order: the plain mapped columns (mapping order),
    ``record_type`` and ``custom`` when written, then each reference's raw external id.
    """

    def __init__(
        self,
        mapping: Mapping,
        obj: str,
        target: Table,
        record_type: str | None,
        spellings: MappingType[str, MappingType[str, str]],
    ) -> None:
        om, settings = mapping.objects[obj], mapping.settings
        mapped = [c for c in om.fields if c != DELETED]
        self.plain = [
            (c, om.fields[c], column_converter(target.c[c], settings), spellings.get(c))
            for c in mapped
            if c not in REFERENCES
        ]
        self.references = [
            (c, om.fields[c], not target.c[c].nullable or target.c[c].primary_key)
            for c in mapped
            if c in REFERENCES
        ]
        self.record_type = record_type
        self.custom = [
            (c.key, c.column, custom_converter(c.type, settings), _folded(om, c.key))
            for c in om.custom
        ]
        self.flag_source = om.fields.get(DELETED)
        names = [c for c, *_ in self.plain]
        self.key_index = names.index(EXTERNAL_ID) if EXTERNAL_ID in names else None
        self.key_source = om.fields.get(EXTERNAL_ID)
        self.width = len(self.plain) + (record_type is not None) + bool(om.custom)
        self.width += len(self.references)

    def parse(self, row: Row) -> tuple[list[Any], bool]:
        """The row's values and whether the CRM flags it deleted; raises :class:`BadValue`."""
        values = row.values
        out: list[Any] = []
        for column, source, convert, spelling in self.plain:
            try:
                value = convert(values.get(source))
            except BadValue as exc:
                raise BadValue(f"{column} ({source}): {exc}") from None
            if spelling is not None and value is not None:
                value = spelling.get(value.casefold(), value)
            out.append(value)
        if self.key_index is not None and out[self.key_index] is None:
            raise BadValue(f"external_id ({self.key_source}): is empty")
        if self.record_type is not None:
            out.append(self.record_type)
        if self.custom:
            out.append(self._custom(values))
        for column, source, required in self.references:
            raw = values.get(source)
            if is_empty(raw):
                if required:
                    raise BadValue(f"{column} ({source}): is empty")
                out.append(None)
            else:
                out.append(str(raw).strip())
        return out, self._flagged(values)

    def _custom(self, values: MappingType[str, Any]) -> dict[str, Any]:
        custom = {}
        for key, source, convert, spelling in self.custom:
            try:
                value = convert(values.get(source))
            except BadValue as exc:
                raise BadValue(f"custom {key} ({source}): {exc}") from None
            if spelling and isinstance(value, str):
                value = spelling.get(value.casefold(), value)
            elif spelling and isinstance(value, list):  # multi-text: each item
                value = [spelling.get(item.casefold(), item) for item in value]
            if value is not None:  # a field the CRM holds no value for is absent, as in the demo
                custom[key] = value
        return custom

    def _flagged(self, values: MappingType[str, Any]) -> bool:
        if self.flag_source is None:
            return False
        raw = values.get(self.flag_source)
        try:
            return not is_empty(raw) and to_bool(raw)
        except BadValue as exc:
            raise BadValue(f"{DELETED} ({self.flag_source}): {exc}") from None

    def rejected(self, row: Row, reason: str) -> list[Any]:
        """The values of a rejected row: only its external id, when it can be read.

        Keeping the id means a full sync does not mistake the record for a deleted one.
        """
        out: list[Any] = [None] * self.width
        if self.key_index is None:
            return out
        raw = row.values.get(self.key_source)
        ext = None if is_empty(raw) else str(raw).strip()
        if ext is not None and len(ext) <= EXTERNAL_ID_LENGTH:
            out[self.key_index] = ext
        return out


def _folded(om, key: str) -> dict[str, str] | None:
    """The mapping's ``values`` for custom field ``key``, keyed ignoring case."""
    mapped = om.values.get(CUSTOM_PREFIX + key)
    return {k.casefold(): v for k, v in mapped.items()} if mapped else None
