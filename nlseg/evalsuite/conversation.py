"""Running an engine on one case: every turn, timed, under a time limit, never crashing.

Each later turn refines the tree the engine gave for the turn before (``base``), with the
earlier texts as ``history``. The last answer gets the review every translation gets
before it is shown (:func:`nlseg.review.review`: contradiction and breadth warnings), so
the suite measures what a marketer would see. The whole conversation runs in a daemon
thread so a hung engine costs one case its time limit, not the run (the thread is
abandoned, and cannot keep the process alive at exit).
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass, field

from nlseg.evalsuite.cases import Case
from nlseg.evalsuite.fixtures import Fixture
from nlseg.review import review
from nlseg.translate.engine import Engine
from nlseg.translate.result import Translation, Usage

MAX_MESSAGE = 400


@dataclass
class CaseRun:
    """What the engine did with one case."""

    translation: Translation | None = None  # of the last turn
    turns: list[Translation] = field(default_factory=list)
    error: str | None = None  # an exception, a wrong return type or the time limit
    timed_out: bool = False
    seconds: float = 0.0  # time spent in translate(), summed over turns
    usage: Usage = field(default_factory=Usage)


def _converse(engine: Engine, case: Case, fixture: Fixture, segments: Sequence[str], run: CaseRun):
    base = None
    for i, text in enumerate(case.turns):
        started = time.perf_counter()
        try:
            answer = engine.translate(
                text,
                catalog=fixture.catalog,
                clock=fixture.clock,
                base=base,
                history=tuple(case.turns[:i]),
                segments=tuple(segments),
            )
        except Exception as exc:
            run.seconds += time.perf_counter() - started
            where = traceback.extract_tb(exc.__traceback__)[-1]
            message = " ".join(str(exc).split())  # one line for the reports
            if len(message) > MAX_MESSAGE:
                message = message[: MAX_MESSAGE - 1] + "…"
            run.error = (
                f"the engine raised {type(exc).__name__}: {message} "
                f"(turn {i + 1}, {where.filename.rsplit('/', 1)[-1]}:{where.lineno})"
            )
            return
        run.seconds += time.perf_counter() - started
        if not isinstance(answer, Translation):
            run.error = f"the engine returned {type(answer).__name__}, not a Translation"
            return
        run.turns.append(answer)
        u = answer.usage
        run.usage = Usage(
            prompt_tokens=run.usage.prompt_tokens + u.prompt_tokens,
            completion_tokens=run.usage.completion_tokens + u.completion_tokens,
            cost_usd=run.usage.cost_usd + u.cost_usd,
            reasks=run.usage.reasks + u.reasks,
            requests=run.usage.requests + u.requests,
        )
        if answer.failure is not None:  # the engine failed rather than answered
            run.error = f"the engine failed: {answer.error} (turn {i + 1})"
            run.timed_out = answer.failure == "timeout"
            return
        if answer.tree is not None:
            base = answer.tree
    last = run.turns[-1] if run.turns else None
    if last is not None and last.tree is not None:
        with suppress(Exception):  # an invalid tree is the scorer's to report, not the review's
            last = review(last, fixture.engine, fixture.catalog, fixture.clock).translation
    run.translation = last


def run_case(
    engine: Engine, case: Case, fixture: Fixture, segments: Sequence[str], timeout_s: float
) -> CaseRun:
    """Run ``case`` through ``engine`` on ``fixture``'s catalog and clock."""
    run = CaseRun()
    worker = threading.Thread(
        target=_converse, args=(engine, case, fixture, segments, run), daemon=True
    )
    started = time.perf_counter()
    worker.start()
    worker.join(timeout_s)
    if worker.is_alive():
        # The abandoned thread may still write into `run`; report from a fresh one.
        return CaseRun(
            error=f"the engine did not answer within {timeout_s:g} s",
            timed_out=True,
            seconds=time.perf_counter() - started,
        )
    return run
