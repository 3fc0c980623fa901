"""Engines for testing the eval runner, plugged in as ``eval_engines:<Factory>``.

The oracle answers every case with its first gold (a refusal, a question or an assumption
where the case expects one); the others are wrong on purpose, in known ways, so the tests
can assert exactly which cases fail. They read their cases from ``ORACLE_CASES_ENV`` (default
tests/eval_cases/cases): an oracle must know the answers, and only tests use these.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path

from nlseg.catalog import Catalog
from nlseg.clock import Clock
from nlseg.evalsuite.cases import Case, load_cases
from nlseg.translate import Assumption, Translation
from nlseg.tree import Condition, FilterTree, Group

ORACLE_CASES_ENV = "NLSEG_EVAL_ORACLE_CASES"
DEFAULT_CASES = Path(__file__).parent / "eval_cases" / "cases"


def answer(catalog: Catalog, **fields) -> Translation:
    # Translation re-runs the tree's catalog check on a FilterTree instance; without the
    # catalog as context it would check custom fields against the standard catalog.
    return Translation.model_validate(fields, context={"catalog": catalog})


class OracleEngine:
    name = "oracle"
    version = "oracle-1"

    def __init__(self) -> None:
        cases = load_cases(Path(os.environ.get(ORACLE_CASES_ENV, DEFAULT_CASES))).cases
        self.by_turns: dict[tuple[str, ...], Case] = {c.turns: c for c in cases}

    def gold_tree(self, case: Case, catalog: Catalog) -> FilterTree | None:
        trees = [g.tree for g in case.golds if g.tree is not None]
        if not trees:
            return None
        return FilterTree.model_validate(trees[0], context={"catalog": catalog})

    def answer(self, case: Case, catalog: Catalog) -> Translation:
        if case.expect == "refuse":
            return Translation(error="That is not a description of an audience.", engine=self.name)
        tree = self.gold_tree(case, catalog)
        if case.expect == "clarify":
            return answer(catalog, tree=tree, question="Which contacts?", engine=self.name)
        if tree is None:
            return Translation(error="The oracle has no gold tree for this case.", engine=self.name)
        assumptions = []
        if case.expect == "assumption":
            about = case.assumption_about or ""
            assumptions.append(Assumption(about=about, chosen="the first gold reading"))
        return answer(catalog, tree=tree, assumptions=assumptions, engine=self.name)

    def translate(
        self,
        text: str,
        *,
        catalog: Catalog,
        clock: Clock,
        base: FilterTree | None = None,
        history: Sequence[str] = (),
        segments: Sequence[str] = (),
    ) -> Translation:
        case = self.by_turns.get((*history, text))
        if case is None:  # an earlier turn of a conversation: the last turn carries the gold
            return Translation(question="And then?", engine=self.name)
        return self.answer(case, catalog)


class DropLastEngine(OracleEngine):
    """A later version of the oracle that drops the last condition of an AND at the root."""

    version = "oracle-2-drops-last"

    def gold_tree(self, case: Case, catalog: Catalog) -> FilterTree | None:
        tree = super().gold_tree(case, catalog)
        root = tree.root if tree is not None else None
        if isinstance(root, Group) and root.logic == "and" and len(root.children) > 1:
            kept = root.model_copy(update={"children": root.children[:-1]})
            data = {"root": kept.model_dump(mode="json", exclude_none=True)}
            return FilterTree.model_validate(data, context={"catalog": catalog})
        return tree


class FaultyEngine(OracleEngine):
    """The oracle, except on three cases: it raises, returns an invalid tree, or not a Translation."""

    name = "faulty"
    version = "faulty-1"

    def answer(self, case: Case, catalog: Catalog):
        if case.id == "and-berlin-germany":
            raise RuntimeError("the model fell over")
        if case.id == "or-uk-france":  # built unchecked, as a careless engine might
            bad = Condition.model_construct(field="contact.shoe_size", op="gt", value=42)
            tree = FilterTree.model_construct(schema_version=1, root=bad)
            return Translation.model_construct(tree=tree, error=None, question=None)
        if case.id == "neg-not-germany":
            return "contacts outside Germany"
        return super().answer(case, catalog)


class SlowEngine(OracleEngine):
    """The oracle, two seconds late."""

    name = "slow"
    version = "slow-1"

    def answer(self, case: Case, catalog: Catalog) -> Translation:
        time.sleep(2)
        return super().answer(case, catalog)


class NotAnEngine:
    name = "not-an-engine"


def failing_factory():
    raise RuntimeError("no API key configured")


class EveryoneEngine(OracleEngine):
    """Answers every case with a tree that matches every contact, and flags nothing itself
    (the review every answer gets adds the warning), except on ``and-vp-germany``, where it
    says which words it did not understand."""

    name = "everyone"
    version = "everyone-1"

    def answer(self, case: Case, catalog: Catalog) -> Translation:
        root = {
            "kind": "group",
            "logic": "or",
            "children": [
                {"kind": "condition", "field": "contact.email", "op": "is_set"},
                {"kind": "condition", "field": "contact.email", "op": "is_not_set"},
            ],
        }
        tree = FilterTree.model_validate({"root": root}, context={"catalog": catalog})
        unparsed = ["VPs in Germany"] if case.id == "and-vp-germany" else []
        return answer(catalog, tree=tree, unparsed=unparsed, engine=self.name)


class GermanyEngine(OracleEngine):
    """Answers every case with "Country is Germany" — a narrowing tree the review does not
    flag — and flags nothing, except on ``and-vp-germany``, where it reports words."""

    name = "germany"
    version = "germany-1"

    def answer(self, case: Case, catalog: Catalog) -> Translation:
        root = {"kind": "condition", "field": "contact.country", "op": "in", "value": ["Germany"]}
        tree = FilterTree.model_validate({"root": root}, context={"catalog": catalog})
        unparsed = ["VPs"] if case.id == "and-vp-germany" else []
        return answer(catalog, tree=tree, unparsed=unparsed, engine=self.name)
