"""The field mapping: which source column fills which store column, as a validated TOML file.

A mapping names, per CRM object, the export file it reads and ``store column = "Source
Column"`` pairs; leads and contacts may also declare custom fields (stored in
``contacts.custom`` and registered in ``field_definitions``). Columns that point at another
object (``account_id``, ``owner_id``, ``contact_id``, ...) hold that object's *external* id
in the source; the sync resolves them to store ids.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from nlseg.catalog.operators import DataType
from nlseg.store import schema


class MappingError(ValueError):
    """A mapping file that cannot be used; the message names the file and what is wrong."""


# A custom field's type is one of the catalog's data types (the loader reads it back as one).
CustomType = DataType


# object -> (store table, record_type for the contacts table). Parents come first: that is
# the order of upserts, and its reverse the order of deletes.
OBJECTS: dict[str, tuple[str, str | None]] = {
    "owners": ("owners", None),
    "accounts": ("accounts", None),
    "leads": ("contacts", "lead"),
    "contacts": ("contacts", "contact"),
    "campaigns": ("campaigns", None),
    "opportunities": ("opportunities", None),
    "opportunity_contacts": ("opportunity_contacts", None),
    "campaign_members": ("campaign_members", None),
    "activities": ("activities", None),
    "email_events": ("email_events", None),
}

# Columns holding another object's external id, and the table it belongs to.
REFERENCES: dict[str, str] = {
    "owner_id": "owners",
    "account_id": "accounts",
    "contact_id": "contacts",
    "opportunity_id": "opportunities",
    "campaign_id": "campaigns",
}
# A source flag (not a store column) saying the record was deleted in the CRM.
DELETED = "is_deleted"
# A mapping's `values` table names a custom field as "custom.KEY" (text-like types only).
CUSTOM_PREFIX = "custom."
TRANSLATABLE = {"picklist", "text", "multi_text"}
# Columns that are set by the sync, never mapped.
UNMAPPABLE = {"id", "record_type", "custom"}


class CustomField(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str = Field(pattern=r"^[a-z][a-z0-9_]{0,99}$")
    label: str = Field(min_length=1, max_length=200)
    type: CustomType
    column: str = Field(min_length=1)
    allow_push: bool = False


class ObjectMapping(BaseModel):
    model_config = ConfigDict(extra="forbid")

    file: str | None = None  # the export's base name; default: the object's name
    fields: dict[str, str] = Field(default_factory=dict)
    custom: list[CustomField] = Field(default_factory=list)
    allow_push: list[str] = Field(default_factory=list)  # standard columns that may be pushed
    # column (or "custom.KEY") -> {CRM value: stored value}, e.g. HubSpot's "Marketing
    # Qualified Lead" -> "mql"; matched ignoring case. Other values equal to a catalog value
    # ignoring case are stored in the catalog's spelling ("Call" -> "call") so segments can
    # select them.
    values: dict[str, dict[str, str]] = Field(default_factory=dict)
    # source column -> values meaning "not a record to load" (Salesforce's converted leads:
    # IsConverted = true); matched ignoring case. Skipped rows are counted, not rejected.
    skip: dict[str, list[str]] = Field(default_factory=dict)


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date_formats: list[str] = Field(default_factory=lambda: ["%Y-%m-%d"])
    datetime_formats: list[str] = Field(
        default_factory=lambda: ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"]
    )
    multi_separator: str = ";"
    # A full sync that would delete more than either of these from one table stops before
    # writing and shows its plan, unless the deletions are allowed (nlseg sync --allow-deletes).
    max_delete_share: float = Field(default=0.05, ge=0, le=1)  # of the table's records
    max_delete_records: int = Field(default=100, ge=0)
    # A run stops when more than this share of an export's rows is rejected.
    max_rejected_share: float = Field(default=0.5, ge=0, le=1)

    @field_validator("date_formats", "datetime_formats")
    @classmethod
    def _usable(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("at least one format is needed")
        for fmt in value:
            try:
                dt.datetime.strptime("", fmt)
            except ValueError:
                pass  # "" does not match: the format itself is fine
            except re.error:
                raise ValueError(f"'{fmt}' is not a usable strptime format") from None
        return value


class Mapping(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = "mapping"
    settings: Settings = Field(default_factory=Settings)
    objects: dict[str, ObjectMapping]

    def file_of(self, obj: str) -> str:
        return self.objects[obj].file or obj

    def ordered(self) -> list[str]:
        """The mapped objects, parents first."""
        return [o for o in OBJECTS if o in self.objects]


def _check_object(obj: str, om: ObjectMapping) -> list[str]:
    if obj not in OBJECTS:
        return [f"unknown object '{obj}' (known: {', '.join(OBJECTS)})"]
    table = schema.metadata.tables[OBJECTS[obj][0]]
    problems = []
    for column in om.fields:
        if column == DELETED:
            continue
        if column in UNMAPPABLE or column not in table.c:
            problems.append(f"{obj}: '{column}' is not a column of {table.name} that can be mapped")
    if "external_id" in table.c and "external_id" not in om.fields:
        problems.append(f"{obj}: external_id must be mapped (the record's id in the CRM)")
    for column in table.c:
        if column.name in REFERENCES and column.name not in om.fields and not column.nullable:
            problems.append(f"{obj}: {column.name} must be mapped")
        if column.primary_key and column.name in REFERENCES and column.name not in om.fields:
            problems.append(f"{obj}: {column.name} must be mapped")
    if table.name == "contacts" and "email" not in om.fields:
        problems.append(f"{obj}: email must be mapped (segments reach people by email)")
    if om.custom and table.name != "contacts":
        problems.append(f"{obj}: custom fields are kept for leads and contacts only")
    keys = [c.key for c in om.custom]
    problems += [
        f"{obj}: custom field '{k}' is declared twice" for k in set(keys) if keys.count(k) > 1
    ]
    problems += [
        f"{obj}: allow_push names unmapped '{c}'" for c in om.allow_push if c not in om.fields
    ]
    text_custom = {f"{CUSTOM_PREFIX}{c.key}" for c in om.custom if c.type in TRANSLATABLE}
    problems += [
        f"{obj}: values names unmapped '{c}'"
        for c in om.values
        if c not in text_custom and (c not in om.fields or c in REFERENCES or c == DELETED)
    ]
    return problems


def _check(mapping: Mapping) -> list[str]:
    problems = []
    for obj, om in mapping.objects.items():
        problems += _check_object(obj, om)
    types: dict[str, CustomType] = {}
    for obj in ("leads", "contacts"):
        for c in mapping.objects[obj].custom if obj in mapping.objects else []:
            if types.setdefault(c.key, c.type) != c.type:
                problems.append(
                    f"custom field '{c.key}' has different types for leads and contacts"
                )
    if not mapping.objects:
        problems.append("no objects are mapped")
    return problems


def parse_mapping(text: str, origin: str = "<mapping>") -> Mapping:
    """Parse and validate mapping TOML; :class:`MappingError` names ``origin`` and every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise MappingError(f"{origin}: not valid TOML: {exc}") from None
    try:
        mapping = Mapping.model_validate(data)
    except ValidationError as exc:
        lines = [f"  {'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        raise MappingError(f"{origin}: invalid mapping:\n" + "\n".join(lines)) from None
    problems = _check(mapping)
    if problems:
        raise MappingError(f"{origin}: invalid mapping:\n" + "\n".join(f"  {p}" for p in problems))
    return mapping


def load_mapping(path: str | Path) -> Mapping:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise MappingError(f"{path}: cannot read the mapping: {exc.strerror}") from None
    return parse_mapping(text, str(path))
