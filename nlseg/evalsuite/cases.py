"""Eval cases: loading ``eval/cases/<split>/*.yaml`` and checking their structure.

Every problem of every file is collected (with the file and the case id) instead of
stopping at the first, so whoever writes cases can fix them all in one pass. Gold trees and
gold SQL are only checked for shape here; whether they are valid and agree is a question
for the fixtures (:mod:`nlseg.evalsuite.selfcheck`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

TAGS: tuple[str, ...] = (
    "property", "account", "owner", "dates", "negation", "one-to-many", "counts", "scores",
    "tags", "segments", "combinations", "refinement", "ambiguity", "out-of-scope", "typos",
    "paraphrase",
)  # fmt: skip
EXPECTS: tuple[str, ...] = ("answer", "assumption", "clarify", "refuse")
KEYS = frozenset(
    {"id", "text", "turns", "tags", "gold", "same_as", "expect", "assumption_about", "why"}
)
ID_PATTERN = re.compile(r"^[a-z0-9-]+$")
# libyaml's safe loader when built in: five times faster on ~300 cases.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Problem:
    """Something wrong with a case (or a file), said so its author can find and fix it."""

    file: str
    case_id: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.case_id}" if self.case_id else self.file
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Gold:
    """One acceptable answer: a tree (JSON, validated per fixture later), gold SQL, or both."""

    tree: dict[str, Any] | None = None
    sql: str | None = None


@dataclass(frozen=True)
class Case:
    id: str
    file: str
    turns: tuple[str, ...]  # one turn for a `text:` case
    tags: tuple[str, ...]
    expect: str = "answer"
    golds: tuple[Gold, ...] = ()  # resolved: a same_as case carries its target's golds
    owns_golds: bool = True  # False when the golds come from same_as
    same_as: str | None = None
    assumption_about: str | None = None
    why: str | None = None
    split: str = ""  # the folder the file is in: "dev", "holdout"

    @property
    def text(self) -> str:
        return self.turns[-1]

    @property
    def multi_turn(self) -> bool:
        return len(self.turns) > 1

    @property
    def scored_by_members(self) -> bool:
        """Answer and assumption cases are scored by execution accuracy."""
        return self.expect in ("answer", "assumption")


@dataclass
class CaseSet:
    cases: list[Case] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def by_id(self) -> dict[str, Case]:
        return {c.id: c for c in self.cases}

    def with_tags(self, tags: Iterable[str]) -> list[Case]:
        wanted = set(tags)
        return [c for c in self.cases if wanted & set(c.tags)]

    def splits(self) -> list[str]:
        """The splits present, in the order their files were read."""
        return list(dict.fromkeys(c.split for c in self.cases))


def tag_counts(cases: Iterable[Case]) -> dict[str, int]:
    """Cases per tag, every known tag listed (zero included) in the documented order."""
    counts = Counter(t for c in cases for t in c.tags)
    return {t: counts.get(t, 0) for t in TAGS}


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


class _Reader:
    """Reads one file's entries into raw cases, recording problems as it goes."""

    def __init__(self, file: str, problems: list[Problem], split: str = ""):
        self.file = file
        self.problems = problems
        self.split = split

    def problem(self, case_id: str | None, message: str) -> None:
        self.problems.append(Problem(self.file, case_id, message))

    def golds(self, cid: str, raw: Any) -> tuple[Gold, ...]:
        if not isinstance(raw, list) or not raw:
            self.problem(cid, "`gold` must be a non-empty list of {tree, sql} mappings.")
            return ()
        out = []
        for i, item in enumerate(raw, start=1):
            if not isinstance(item, dict):
                self.problem(cid, f"gold {i} is not a mapping with `tree` and/or `sql`.")
                continue
            unknown = sorted(set(item) - {"tree", "sql"})
            if unknown:
                self.problem(cid, f"gold {i} has unknown keys {unknown}; use `tree` and `sql`.")
            tree, sql = item.get("tree"), item.get("sql")
            if tree is None and sql is None:
                self.problem(cid, f"gold {i} has neither `tree` nor `sql`.")
                continue
            if tree is not None and not isinstance(tree, dict):
                self.problem(cid, f"gold {i}: `tree` must be a mapping (a FilterTree as JSON).")
                tree = None
            if sql is not None and not (isinstance(sql, str) and sql.strip()):
                self.problem(cid, f"gold {i}: `sql` must be a non-empty string.")
                sql = None
            if tree is not None or sql is not None:
                out.append(Gold(tree=tree, sql=sql))
        return tuple(out)

    def entry(self, index: int, raw: Any) -> Case | None:
        if not isinstance(raw, dict):
            self.problem(None, f"entry {index} is not a mapping.")
            return None
        cid = raw.get("id")
        if not isinstance(cid, str) or not ID_PATTERN.match(cid):
            self.problem(None, f"entry {index} has id {cid!r}; ids match [a-z0-9-]+.")
            return None
        unknown = sorted(set(raw) - KEYS)
        if unknown:
            self.problem(cid, f"unknown keys {unknown}; known: {sorted(KEYS)}.")
        text, turns = raw.get("text"), raw.get("turns")
        if (text is None) == (turns is None):
            self.problem(cid, "give exactly one of `text` and `turns`.")
            return None
        if text is not None and not (isinstance(text, str) and text.strip()):
            self.problem(cid, "`text` must be a non-empty string.")
            return None
        if turns is not None and not (_strings(turns) and len(turns) >= 2):
            self.problem(cid, "`turns` must be a list of at least two non-empty strings.")
            return None
        tags = raw.get("tags")
        if not _strings(tags) or not tags:
            self.problem(cid, "`tags` must be a non-empty list of tags.")
            tags = []
        for tag in tags:
            if tag not in TAGS:
                self.problem(cid, f"unknown tag '{tag}'; known: {', '.join(TAGS)}.")
        if len(set(tags)) != len(tags):
            self.problem(cid, "a tag is listed twice.")
        expect = raw.get("expect", "answer")
        if expect not in EXPECTS:
            self.problem(cid, f"`expect` is {expect!r}; use one of {', '.join(EXPECTS)}.")
            expect = "answer"
        golds = self.golds(cid, raw["gold"]) if "gold" in raw else ()
        same_as = raw.get("same_as")
        if same_as is not None and not isinstance(same_as, str):
            self.problem(cid, "`same_as` must be a case id.")
            same_as = None
        about, why = raw.get("assumption_about"), raw.get("why")
        for key, value in (("assumption_about", about), ("why", why)):
            if value is not None and not (isinstance(value, str) and value.strip()):
                self.problem(cid, f"`{key}` must be a non-empty string.")
        self._expectations(cid, raw, expect)
        return Case(
            id=cid,
            file=self.file,
            turns=tuple(turns) if turns is not None else (text,),
            tags=tuple(t for t in tags if t in TAGS),
            expect=expect,
            golds=golds,
            owns_golds=same_as is None,
            same_as=same_as,
            assumption_about=about if isinstance(about, str) else None,
            why=why if isinstance(why, str) else None,
            split=self.split,
        )

    def _expectations(self, cid: str, raw: dict, expect: str) -> None:
        has_gold = "gold" in raw or "same_as" in raw
        if "gold" in raw and "same_as" in raw:
            self.problem(cid, "give `gold` or `same_as`, not both.")
        if expect in ("answer", "assumption") and not has_gold:
            self.problem(cid, f"an `{expect}` case needs `gold` (or `same_as`).")
        if expect == "refuse" and has_gold:
            self.problem(cid, "a `refuse` case has no gold: success is no tree and an error.")
        if expect in ("refuse", "clarify") and not raw.get("why"):
            self.problem(cid, f"a `{expect}` case needs `why`.")
        if expect == "assumption" and not raw.get("assumption_about"):
            self.problem(cid, "an `assumption` case needs `assumption_about`.")
        if expect != "assumption" and "assumption_about" in raw:
            self.problem(cid, "`assumption_about` only goes with `expect: assumption`.")


def _resolve_same_as(cases: list[Case], problems: list[Problem]) -> list[Case]:
    by_id = {c.id: c for c in cases}
    out = []
    for case in cases:
        if case.same_as is None:
            out.append(case)
            continue
        seen, target = {case.id}, by_id.get(case.same_as)
        while target is not None and target.same_as is not None and target.id not in seen:
            seen.add(target.id)
            target = by_id.get(target.same_as)
        if target is None or target.same_as is not None:
            what = "does not exist" if target is None else "is a cycle"
            problems.append(Problem(case.file, case.id, f"same_as '{case.same_as}' {what}."))
            continue
        if not target.golds:
            problems.append(
                Problem(case.file, case.id, f"same_as '{case.same_as}' has no gold to share.")
            )
            continue
        out.append(replace(case, golds=target.golds, owns_golds=False))
    return out


def case_files(directory: Path) -> list[tuple[str, Path]]:
    """``(split, file)`` for every case file: ``directory/<split>/*.yaml`` (one folder per
    split, e.g. ``dev`` and ``holdout``), and ``directory/*.yaml`` as the split named after
    ``directory`` itself. Sorted by split, then file name."""
    out = []
    for folder in [directory, *sorted(p for p in directory.iterdir() if p.is_dir())]:
        split = directory.name if folder == directory else folder.name
        files = sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])
        out.extend((split, path) for path in files)
    return out


def load_cases(directory: Path) -> CaseSet:
    """Every case under ``directory`` (see :func:`case_files`), and every problem found.

    Ids are unique across every split, and ``same_as`` may point into another split.
    """
    result = CaseSet()
    if not directory.is_dir():
        result.problems.append(Problem(str(directory), None, "is not a directory of cases."))
        return result
    raw_cases: list[Case] = []
    first_seen: dict[str, str] = {}
    for split, path in case_files(directory):
        name = path.as_posix()
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
        except (OSError, yaml.YAMLError) as exc:
            result.problems.append(Problem(name, None, f"cannot be read as YAML: {exc}"))
            continue
        if data is None:
            continue  # an empty file holds no cases yet
        if not isinstance(data, list):
            result.problems.append(Problem(name, None, "must be a YAML list of cases."))
            continue
        reader = _Reader(name, result.problems, split)
        for index, entry in enumerate(data, start=1):
            case = reader.entry(index, entry)
            if case is None:
                continue
            if case.id in first_seen:
                reader.problem(case.id, f"duplicate id (first in {first_seen[case.id]}).")
                continue
            first_seen[case.id] = name
            raw_cases.append(case)
    result.cases = _resolve_same_as(raw_cases, result.problems)
    return result
