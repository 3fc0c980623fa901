"""The suite checks its own cases: every problem, with its case id and file, all at once.

- every case file loads, ids are unique, tags are known, ``same_as`` targets exist, and the
  structure fits the expectation (refuse/clarify cases carry ``why``, …);
- the saved segments validate on both fixtures;
- every gold tree validates against each fixture's catalog and runs; every gold SQL is one
  SELECT and runs;
- where a gold has both a tree and SQL, they select the same contacts on both fixtures;
- every gold selects a non-empty, non-total set on the demo fixture, unless the case says
  ``why``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nlseg.evalsuite.cases import Case, CaseSet, Problem, tag_counts
from nlseg.evalsuite.fixtures import Fixture
from nlseg.evalsuite.gold import GoldBook

SHOWN_IDS = 5


@dataclass
class CheckResult:
    cases: list[Case]
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> dict[str, object]:
        return {
            "cases": len(self.cases),
            "multi_turn": sum(c.multi_turn for c in self.cases),
            "with_gold_sql": sum(any(g.sql for g in c.golds) for c in self.cases if c.owns_golds),
            "by_expect": {
                e: sum(c.expect == e for c in self.cases)
                for e in ("answer", "assumption", "clarify", "refuse")
            },
            "by_tag": tag_counts(self.cases),
        }


def _ids(ids: frozenset[int]) -> str:
    shown = sorted(ids)[:SHOWN_IDS]
    return ", ".join(map(str, shown)) + (" …" if len(ids) > SHOWN_IDS else "")


def _disagreement(tree: frozenset[int], sql: frozenset[int]) -> str:
    parts = [f"the tree selects {len(tree)}, the SQL {len(sql)}"]
    if tree - sql:
        parts.append(f"only the tree: {_ids(tree - sql)}")
    if sql - tree:
        parts.append(f"only the SQL: {_ids(sql - tree)}")
    return "; ".join(parts)


def check_case(case: Case, book: GoldBook, fixtures: dict[str, Fixture]) -> list[Problem]:
    """The problems of one case's own golds on the fixtures."""
    if not case.owns_golds or not case.golds:
        return []
    out = [Problem(case.file, case.id, p) for p in book.problems(case)]
    for name, fixture in fixtures.items():
        for gold in book.results(case, name):
            tree, sql = gold.tree_members, gold.sql_members
            if tree is not None and sql is not None and tree != sql:
                out.append(
                    Problem(
                        case.file,
                        case.id,
                        f"gold {gold.index}: tree and SQL disagree on {name}: "
                        + _disagreement(tree, sql)
                        + ".",
                    )
                )
            members = gold.members
            if name == "demo" and members is not None and not case.why:
                if not members:
                    out.append(
                        Problem(
                            case.file,
                            case.id,
                            f"gold {gold.index} selects nobody on "
                            "the demo data; fix it or say `why`.",
                        )
                    )
                elif len(members) == fixture.contacts:
                    out.append(
                        Problem(
                            case.file,
                            case.id,
                            f"gold {gold.index} selects every "
                            "contact on the demo data; fix it or say `why`.",
                        )
                    )
    return out


def self_check(
    case_set: CaseSet,
    fixtures: dict[str, Fixture],
    book: GoldBook,
    fixture_problems: list[Problem] = (),
) -> CheckResult:
    result = CheckResult(case_set.cases, [*case_set.problems, *fixture_problems])
    if set(fixtures) != {"demo", "edge"}:
        return result  # without both fixtures the golds cannot be checked
    for case in case_set.cases:
        result.problems.extend(check_case(case, book, fixtures))
    return result
