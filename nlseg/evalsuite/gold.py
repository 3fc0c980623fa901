"""Gold answers on a fixture: each gold's tree validated and run, its SQL run, its members.

A gold's members are its tree's members when it has a tree, else its SQL's. Where a gold
has both, the self-check holds them to the same member set on every fixture.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from nlseg.compiler.execute import DEFAULT_TIMEOUT_MS, rows
from nlseg.evalsuite.cases import Case, Gold
from nlseg.evalsuite.fixtures import Fixture
from nlseg.evalsuite.gold_sql import GoldSqlError, run_gold_sql
from nlseg.evaluate import TreeError, compile_for, parse_tree
from nlseg.tree import FilterTree


@dataclass
class GoldResult:
    """One gold on one fixture."""

    index: int  # 1-based, as the case lists it
    tree: FilterTree | None = None
    tree_members: frozenset[int] | None = None
    sql_members: frozenset[int] | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def members(self) -> frozenset[int] | None:
        return self.tree_members if self.tree_members is not None else self.sql_members


def members_of(fixture: Fixture, tree: FilterTree, timeout_ms: int) -> frozenset[int]:
    """The contact ids ``tree`` selects on ``fixture`` (compiled as nlseg count would)."""
    compiled = compile_for(fixture.engine, tree, fixture.catalog, fixture.clock)
    return frozenset(row[0] for row in rows(fixture.engine, compiled.ids(), timeout_ms))


def _evaluate(gold: Gold, index: int, fixture: Fixture, timeout_ms: int) -> GoldResult:
    out = GoldResult(index)
    if gold.tree is not None:
        try:
            out.tree = parse_tree(gold.tree, fixture.catalog)
            out.tree_members = members_of(fixture, out.tree, timeout_ms)
        except TreeError as exc:
            out.problems += [
                f"gold {index} tree is not valid on {fixture.name}: {p}" for p in exc.problems
            ]
        except Exception as exc:  # compile/run failures are the case's problem, not a crash
            out.problems.append(f"gold {index} tree fails on {fixture.name}: {exc}")
    if gold.sql is not None:
        try:
            out.sql_members = run_gold_sql(
                fixture.engine, gold.sql, fixture.clock.today, timeout_ms
            )
        except GoldSqlError as exc:
            out.problems.append(f"gold {index} SQL on {fixture.name}: {exc}")
    return out


class GoldBook:
    """Gold results per (gold, fixture), computed once even when cases share golds."""

    def __init__(self, fixtures: dict[str, Fixture], timeout_ms: int = DEFAULT_TIMEOUT_MS):
        self.fixtures = fixtures
        self.timeout_ms = timeout_ms
        self._memo: dict[tuple[str, str, int], GoldResult] = {}

    def results(self, case: Case, fixture: str) -> list[GoldResult]:
        out = []
        for index, gold in enumerate(case.golds, start=1):
            key = (json.dumps([gold.tree, gold.sql], sort_keys=True), fixture, index)
            if key not in self._memo:
                self._memo[key] = _evaluate(gold, index, self.fixtures[fixture], self.timeout_ms)
            out.append(self._memo[key])
        return out

    def problems(self, case: Case) -> list[str]:
        return [p for name in self.fixtures for r in self.results(case, name) for p in r.problems]
