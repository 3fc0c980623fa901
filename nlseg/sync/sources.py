"""Where exported records come from: a :class:`Source` yields each object's rows.

:class:`FolderSource` reads one CSV (``NAME.csv``) or JSON Lines (``NAME.jsonl``) file per
object from a folder. A row that cannot be read is yielded as a :class:`Rejected` with its
file, row number and reason, so nothing is dropped silently; a file that cannot be read at
all (missing columns, not UTF-8) raises :class:`SourceError` and the whole sync stops.
API connectors implement the same protocol.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol


class SourceError(ValueError):
    """A whole export is unusable; the message names the file."""


@dataclass(frozen=True)
class Row:
    file: str
    row: int  # CSV: the spreadsheet row (the header is row 1); JSONL: the line number
    values: dict[str, Any]


@dataclass(frozen=True)
class Rejected:
    file: str
    row: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file} row {self.row}: {self.reason}"


class Source(Protocol):
    def has(self, name: str) -> bool:
        """Whether the source holds an export called ``name``."""
        ...

    def rows(self, name: str, columns: Iterable[str]) -> Iterator[Row | Rejected]:
        """The export's rows; raises :class:`SourceError` when ``columns`` are not all in it."""
        ...


class FolderSource:
    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        if not self.folder.is_dir():
            raise SourceError(f"{self.folder}: not a folder")

    def _path(self, name: str) -> Path | None:
        found = [
            p for p in (self.folder / f"{name}.csv", self.folder / f"{name}.jsonl") if p.exists()
        ]
        if len(found) > 1:
            raise SourceError(f"{self.folder}: both {name}.csv and {name}.jsonl exist; keep one")
        return found[0] if found else None

    def has(self, name: str) -> bool:
        return self._path(name) is not None

    def rows(self, name: str, columns: Iterable[str]) -> Iterator[Row | Rejected]:
        path = self._path(name)
        if path is None:
            raise SourceError(f"{self.folder}: no {name}.csv or {name}.jsonl")
        reader = _csv_rows if path.suffix == ".csv" else _jsonl_rows
        try:
            yield from reader(path, list(columns))
        except UnicodeDecodeError as exc:
            raise SourceError(f"{path}: not UTF-8 text ({exc.reason})") from None


NUL = "\x00"


def has_nul(value: Any) -> bool:
    """Whether a NUL character is anywhere in ``value`` (PostgreSQL cannot store one)."""
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_nul(v) for v in value)
    return False


def _duplicates(header: Sequence[str]) -> list[str]:
    seen: dict[str, str] = {}
    twice: dict[str, None] = {}
    for name in header:
        if name.casefold() in seen:
            twice[seen[name.casefold()]] = None
        seen.setdefault(name.casefold(), name)
    return list(twice)


def _csv_rows(path: Path, columns: list[str]) -> Iterator[Row | Rejected]:
    """Strict CSV: a quote out of place, or a file that ends inside a quoted field (an export
    cut short), stops the sync before anything is written, instead of swallowing the rows
    after it into one field."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, strict=True)
        try:
            header = next(reader, None)
            if header is None:
                raise SourceError(f"{path.name}: empty file (no header row)")
            header = [h.strip() for h in header]
            if twice := _duplicates(header):
                raise SourceError(
                    f"{path.name}: the header repeats column(s) {', '.join(twice)} "
                    "(names are compared ignoring case); keep one of each"
                )
            missing = [c for c in columns if c not in header]
            if missing:
                raise SourceError(f"{path.name}: missing column(s) {', '.join(missing)}")
            for number, record in enumerate(reader, start=2):
                if not record:
                    continue  # a blank line is not a record
                if len(record) != len(header):
                    yield Rejected(
                        path.name, number, f"has {len(record)} fields, the header has {len(header)}"
                    )
                    continue
                yield Row(path.name, number, dict(zip(header, record, strict=True)))
        except csv.Error as exc:
            raise SourceError(
                f"{path.name}: unreadable CSV near row {reader.line_num}: {exc}"
                + (
                    " (the file ends inside a quoted field: cut short?)"
                    if "end of data" in str(exc)
                    else ""
                )
            ) from None


def _jsonl_rows(path: Path, columns: list[str]) -> Iterator[Row | Rejected]:
    with path.open(encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Rejected(path.name, number, f"not valid JSON ({exc.msg})")
                continue
            if not isinstance(record, dict):
                yield Rejected(path.name, number, "not a JSON object")
                continue
            yield Row(path.name, number, record)


EXPORT_SUFFIXES = (".csv", ".jsonl")


def write_uploads(folder: str | Path, files: Sequence[tuple[str, bytes]]) -> FolderSource:
    """Write uploaded export files (name, content) into ``folder``; a source reading them.

    Only a name's last part is used (an upload cannot write outside ``folder``); a name
    that is not ``NAME.csv`` / ``NAME.jsonl``, or two uploads of one name, raise
    :class:`SourceError` and nothing runs.
    """
    folder = Path(folder)
    seen: dict[str, str] = {}
    for name, _content in files:
        base = Path(name.replace("\\", "/")).name
        if not base.lower().endswith(EXPORT_SUFFIXES) or base.startswith("."):
            raise SourceError(f"{name}: not a CSV or JSONL export (NAME.csv or NAME.jsonl)")
        if base.lower() in seen:
            raise SourceError(f"{name}: uploaded twice ({seen[base.lower()]})")
        seen[base.lower()] = name
    for name, content in files:
        (folder / Path(name.replace("\\", "/")).name).write_bytes(content)
    return FolderSource(folder)
