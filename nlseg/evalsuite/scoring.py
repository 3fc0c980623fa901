"""Scoring one case: behaviour, validity, members on each fixture, tree match and F1.

A case passes when the engine behaved as the case expects:

- ``answer``: a valid tree whose members equal one gold's on both fixtures;
- ``assumption``: the same, plus an assumption whose ``about`` contains ``assumption_about``;
- ``clarify``: a clarifying question; a tree that comes with it must match a gold, if any;
- ``refuse``: no tree and a non-empty error.

An engine exception, a time-out, a wrong return type or an invalid tree fails the case.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from nlseg.compiler import CompileError
from nlseg.evalsuite.cases import Case
from nlseg.evalsuite.conversation import CaseRun
from nlseg.evalsuite.fixtures import Fixture
from nlseg.evalsuite.gold import GoldBook, GoldResult, members_of
from nlseg.evalsuite.metrics import best_f1, same_tree
from nlseg.evaluate import TreeError, parse_tree
from nlseg.tree import FilterTree, sentence

SHOWN_IDS = 5


@dataclass
class MemberDiff:
    """Members of the answer against the closest gold on one fixture."""

    gold: int
    missing: int
    extra: int
    missing_ids: list[int]
    extra_ids: list[int]


@dataclass
class CaseResult:
    id: str
    file: str
    split: str
    tags: list[str]
    expect: str
    turns: list[str]
    passed: bool = False
    reasons: list[str] = field(default_factory=list)
    has_tree: bool = False
    valid_tree: bool | None = None
    execution: dict[str, bool] | None = None
    execution_overall: bool | None = None
    tree_match: bool | None = None
    f1: float | None = None
    behaviour: bool | None = None
    seconds: float = 0.0
    usage: dict[str, Any] = field(default_factory=dict)
    engine_error: str | None = None
    timed_out: bool = False
    error: str | None = None  # the translation's own error message
    question: str | None = None
    assumptions: list[dict[str, str]] = field(default_factory=list)
    unparsed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    members: dict[str, int] = field(default_factory=dict)  # the answer's count per fixture
    selects: str | None = None  # "everyone" / "nobody" on demo when no gold does
    silent_wrong: bool = False  # a wrong tree shown with nothing flagged
    got: dict[str, Any] | None = None
    got_sentence: str | None = None
    gold_sentences: list[str] = field(default_factory=list)
    diffs: dict[str, MemberDiff] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _diff(got: frozenset[int], golds: list[GoldResult]) -> MemberDiff | None:
    candidates = [g for g in golds if g.members is not None]
    if not candidates:
        return None
    closest = min(candidates, key=lambda g: (len(got ^ g.members), g.index))
    missing, extra = closest.members - got, got - closest.members
    return MemberDiff(
        closest.index,
        len(missing),
        len(extra),
        sorted(missing)[:SHOWN_IDS],
        sorted(extra)[:SHOWN_IDS],
    )


def _behaviour(case: Case, run: CaseRun, result: CaseResult) -> bool | None:
    t = run.translation
    if case.expect == "refuse":
        ok = t is not None and t.tree is None and bool((t.error or "").strip())
        if not ok:
            result.reasons.append("expected a refusal (no tree and an error message)")
        return ok
    if case.expect == "clarify":
        ok = t is not None and bool((t.question or "").strip())
        if not ok:
            result.reasons.append("expected a clarifying question")
        return ok
    if case.expect == "assumption":
        about = (case.assumption_about or "").casefold()
        ok = t is not None and any(about in a.about.casefold() for a in t.assumptions)
        if not ok:
            seen = [a.about for a in t.assumptions] if t is not None else []
            result.reasons.append(f"no assumption about '{case.assumption_about}' (got {seen})")
        return ok
    return None


def _gold_trees(book: GoldBook, case: Case, fixture: str) -> list[FilterTree]:
    return [g.tree for g in book.results(case, fixture) if g.tree is not None]


def _check_members(
    case: Case, tree: FilterTree, fixtures: dict[str, Fixture], book: GoldBook, result: CaseResult
) -> None:
    """Validity on each fixture's catalog, then members against the golds."""
    data = tree.model_dump(mode="json", exclude_none=True)
    matched: dict[str, set[int]] = {}
    for name, fixture in fixtures.items():
        golds = book.results(case, name)
        try:
            mine = parse_tree(data, fixture.catalog)
            got = members_of(fixture, mine, book.timeout_ms)
        except TreeError as exc:
            result.valid_tree = False
            result.reasons.append(f"invalid tree on {name}: " + " ".join(exc.problems))
            matched[name] = set()
            continue
        except CompileError as exc:  # valid fields, but e.g. a segment that does not exist
            result.valid_tree = False
            result.reasons.append(f"the tree cannot be compiled on {name}: {exc}")
            matched[name] = set()
            continue
        except Exception as exc:
            result.reasons.append(f"the tree failed to run on {name}: {exc}")
            matched[name] = set()
            continue
        result.members[name] = len(got)
        matched[name] = {g.index for g in golds if g.members is not None and g.members == got}
        if not matched[name] and golds:
            diff = _diff(got, golds)
            if diff is not None:
                result.diffs[name] = diff
                result.reasons.append(
                    f"members differ on {name}: {diff.missing} missing, {diff.extra} extra"
                )
    if result.valid_tree is None:
        result.valid_tree = True
    if case.golds:
        result.execution = {name: bool(ids) for name, ids in matched.items()}
        both = set.intersection(*matched.values()) if matched else set()
        result.execution_overall = bool(both)
        if not both and all(result.execution.values()):
            result.reasons.append("matches different golds on the two fixtures")


def score_case(
    case: Case, run: CaseRun, fixtures: dict[str, Fixture], book: GoldBook
) -> CaseResult:
    demo = fixtures["demo"]
    result = CaseResult(
        case.id, case.file, case.split, list(case.tags), case.expect, list(case.turns)
    )
    result.seconds = run.seconds
    result.usage = run.usage.model_dump()
    result.engine_error, result.timed_out = run.error, run.timed_out
    gold_trees = _gold_trees(book, case, "demo")
    result.gold_sentences = [
        sentence(g.tree, demo.catalog, demo.clock) if g.tree is not None else f"SQL: {c.sql}"
        for g, c in zip(book.results(case, "demo"), case.golds, strict=True)
    ]
    if run.error:
        result.reasons.append(run.error)
    t = run.translation
    if t is not None:
        result.error, result.question, result.unparsed = t.error, t.question, list(t.unparsed)
        result.assumptions = [{"about": a.about, "chosen": a.chosen} for a in t.assumptions]
        result.warnings = list(t.warnings)
    result.behaviour = (
        _behaviour(case, run, result)
        if run.error is None
        else (None if case.expect == "answer" else False)
    )
    tree = t.tree if t is not None else None
    if tree is not None:
        result.has_tree = True
        result.got = tree.model_dump(mode="json", exclude_none=True)
        result.got_sentence = sentence(tree, demo.catalog, demo.clock)
        _check_members(case, tree, fixtures, book, result)
        if result.valid_tree and gold_trees:
            mine = parse_tree(result.got, demo.catalog)
            result.tree_match = same_tree(mine, gold_trees)
            result.f1 = best_f1(mine, gold_trees)
    elif case.golds:
        result.execution = dict.fromkeys(fixtures, False)
        result.execution_overall = False
        if case.scored_by_members and run.error is None:
            result.reasons.append(f"no tree: {t.error or t.question}" if t else "no answer")
    if case.scored_by_members and gold_trees and result.tree_match is None:
        result.tree_match, result.f1 = False, 0.0
    result.passed = _passed(case, result)
    _honesty(case, t, fixtures, book, result)
    if not result.passed:  # an earlier turn that went wrong explains a later failure
        for i, turn in enumerate(run.turns[:-1], start=1):
            if turn.tree is None:
                result.reasons.append(f"turn {i} gave no tree: {turn.error or turn.question}")
    return result


def _honesty(
    case: Case, t, fixtures: dict[str, Fixture], book: GoldBook, result: CaseResult
) -> None:
    """Whether a tree selects everyone or nobody on demo where no gold does, and whether a
    wrong tree came with nothing flagged (no unparsed words, assumption, question or
    warning): the answers a marketer would use without being told to look twice."""
    if t is None or t.tree is None or "demo" not in result.members:
        return
    demo, got = fixtures["demo"], result.members["demo"]
    gold_sizes = {len(g.members) for g in book.results(case, "demo") if g.members is not None}
    if got == demo.contacts and demo.contacts not in gold_sizes:
        result.selects = "everyone"
    elif got == 0 and 0 not in gold_sizes:
        result.selects = "nobody"
    if case.expect == "refuse" or not case.golds:
        wrong = case.expect != "answer"  # a tree where a refusal or a question was due
    else:
        wrong = not result.execution_overall
    flagged = bool(t.unparsed or t.assumptions or (t.question or "").strip() or t.warnings)
    result.silent_wrong = wrong and not flagged


def _passed(case: Case, r: CaseResult) -> bool:
    if r.engine_error:
        return False
    if case.expect == "refuse":
        return bool(r.behaviour)
    if case.expect == "clarify":
        return bool(r.behaviour) and (not r.has_tree or not case.golds or bool(r.execution_overall))
    answered = bool(r.execution_overall) and bool(r.valid_tree)
    return answered and (case.expect == "answer" or bool(r.behaviour))
