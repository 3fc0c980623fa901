"""The LLM translator: text (and the conversation so far) → a validated tree, or a clear failure.

:meth:`LLMTranslator.attempt` raises :class:`LLMFailure` when the model gives no usable
answer (the router falls back to the offline translator on it);
:meth:`LLMTranslator.translate` turns that failure into a ``Translation`` with an error, for
callers that asked for this engine by name. Either way no invalid tree is ever returned:
every tree passed the catalog check (and the match-everyone check) before it leaves here.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import replace

import instructor

from nlseg.catalog import Catalog
from nlseg.clock import Clock
from nlseg.translate.llm.answer import SegmentAnswer, answer_model, catalog_scope
from nlseg.translate.llm.client import make_client
from nlseg.translate.llm.grammar import grammar_schema
from nlseg.translate.llm.prompt import load_prompt, messages
from nlseg.translate.llm.reask import Reasker
from nlseg.translate.llm.settings import LLMSettings, require_settings
from nlseg.translate.llm.transport import (
    Deadline,
    LLMFailure,
    call_with_retries,
    reask_retrying,
    run_with_deadline,
)
from nlseg.translate.llm.usage import Meter, price_of, unknown_price_notice
from nlseg.translate.offline import OfflineTranslator
from nlseg.translate.result import Assumption, Translation, Usage
from nlseg.tree import FilterTree, sentence

log = logging.getLogger("nlseg.llm")
MAX_TEXT = 2000
# A tree answer takes 100-400 tokens; the cap stops a runaway answer (a 1.5B model once
# repeated `" ","` to 2,000 tokens, holding a local server for 21 minutes) much sooner. In
# grammar mode the schema bounds every list and string as well (grammar.py).
MAX_OUTPUT_TOKENS = 800
_NAMES = OfflineTranslator()  # its lexicon finds the store names a request mentions


class LLMError(LLMFailure):
    """An :class:`LLMFailure` with what the failed call cost."""

    def __init__(self, failure: LLMFailure, usage: Usage, seconds: float) -> None:
        super().__init__(failure.kind, str(failure))
        self.usage = usage
        self.seconds = seconds


class LLMTranslator:
    """Any OpenAI-compatible model, through instructor, validated against the catalog."""

    def __init__(
        self, settings: LLMSettings | None = None, client: instructor.Instructor | None = None
    ) -> None:
        self.settings = settings or require_settings()
        self.prompt = load_prompt(self.settings.prompt_version)
        self.client = client or make_client(self.settings)
        self.response_model = answer_model(self.settings.mode)
        self.price = price_of(self.settings)
        # Deterministic and bounded; a model that rejects one of these (reasoning models take
        # no temperature and want max_completion_tokens) is asked again without it.
        self.sampling: dict[str, object] = {"temperature": 0, "max_tokens": MAX_OUTPUT_TOKENS}
        self.name = f"llm:{self.settings.model}"
        self._schema_ok = False  # json_schema mode has worked with this server once
        self._mode_notice: str | None = None  # said while answering in a fallback mode
        self._grammar: tuple[Catalog, tuple[str, ...], dict] | None = None
        self.version = f"prompts/{self.prompt.name}"

    # -- the engine interface -------------------------------------------------------------

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
        try:
            return self.attempt(
                text, catalog=catalog, clock=clock, base=base, history=history, segments=segments
            )
        except LLMError as exc:
            return Translation(
                error=f"The language model gave no usable answer: {exc}",
                engine=self.name,
                usage=exc.usage,
                failure=exc.kind,
                notices=[self._mode_notice] if self._mode_notice else [],
            )

    def attempt(
        self,
        text: str,
        *,
        catalog: Catalog,
        clock: Clock,
        base: FilterTree | None = None,
        history: Sequence[str] = (),
        segments: Sequence[str] = (),
        reading: str | None = None,
        names_in: str | None = None,
    ) -> Translation:
        """One turn through the model; raises :class:`LLMError` when it gives no answer.
        ``reading`` is another translator's partial reading, given to the model as context;
        ``names_in`` the words to look for the store's names in (default: all of ``text``)."""
        text = (text or "").strip()
        if not text:
            return Translation(
                error="The request is empty. Describe who should be in the segment.",
                engine=self.name,
            )
        if len(text) > MAX_TEXT:
            return Translation(
                error=f"The request is longer than {MAX_TEXT} characters.", engine=self.name
            )
        meter = Meter()
        reasker = Reasker()
        deadline = Deadline(self.settings.deadline_s)
        request = messages(
            self.prompt, text, catalog=catalog, clock=clock, base=base, history=history,
            segments=segments, reading=reading,
            names=_NAMES.name_hints(text if names_in is None else names_in, catalog),
            focus=self._focus(text, catalog, base) if self.prompt.focus else None,
        )  # fmt: skip

        def ask(timeout: float) -> SegmentAnswer:
            meter.new_attempt()
            return self.client.chat.completions.create(
                response_model=self.response_model,
                model=self.settings.model,
                messages=[dict(m) for m in request],  # instructor appends reasks to its copy
                max_retries=reask_retrying(deadline, self.settings.max_reasks, reasker.stop),
                strict=False,
                hooks=reasker.install(meter.hooks()),
                timeout=timeout,
                **self.sampling,
                **self._constraint(catalog, segments),  # after a fall-back to grammar mode too
            )

        def work() -> SegmentAnswer:
            with catalog_scope(catalog):
                while True:
                    try:
                        return call_with_retries(
                            ask,
                            deadline,
                            self.settings.request_timeout_s,
                            where=self.settings.base_url or "api.openai.com",
                            reasks=lambda: meter.reasks,
                            on_retry=meter.on_transport_retry,
                            retryable=self._retryable,
                        )
                    except LLMFailure as failure:
                        if not (self._fall_back_to_json(failure) or self._relax_sampling(failure)):
                            raise

        try:
            answer = run_with_deadline(work, deadline)
        except LLMFailure as failure:
            failure = reasker.failure() or failure
            if failure.transient and meter.transport_retries:
                failure = LLMFailure(
                    failure.kind,
                    f"{failure} Gave up after {meter.transport_retries + 1} attempts in "
                    f"{time.monotonic() - deadline.started:.1f} s.",
                )
            elapsed = deadline.total_s - deadline.remaining()
            log.info(
                "%s failed after %.2f s (%s): %s", self.name, elapsed, meter.summary(), failure
            )
            raise LLMError(failure, meter.usage(self.price), elapsed) from None
        log.info(
            "%s answered in %.2f s: %s",
            self.name,
            deadline.total_s - deadline.remaining(),
            meter.summary(),
        )
        return self._translation(answer, catalog, clock, meter)

    @staticmethod
    def _focus(text: str, catalog: Catalog, base: FilterTree | None) -> set[str]:
        """What of the catalog the prompt shows: what the words can name and what the tree
        being refined uses (``messages`` adds the fields the request's aliases name)."""
        focus = _NAMES.mentions(text, catalog)
        if base is not None:
            focus.update(base.used_keys())
        return focus

    def _constraint(self, catalog: Catalog, segments: Sequence[str]) -> dict[str, object]:
        """Grammar mode: the catalog's answer schema in ``response_format``, which llama.cpp
        servers compile into a grammar; openai merges ``extra_body`` over the body instructor
        built (its ``{"type": "json_object"}``)."""
        if self.settings.mode != "grammar":
            return {}
        # built once per catalog object and segment list, not per request or reask
        cached = self._grammar
        if cached is None or cached[0] is not catalog or cached[1] != tuple(segments):
            schema = grammar_schema(catalog, segments)
            cached = self._grammar = (catalog, tuple(segments), schema)
        return {"extra_body": {"response_format": {"type": "json_object", "schema": cached[2]}}}

    def _retryable(self, failure: LLMFailure) -> bool:
        # A server error on the first structured-output request is the mode, not bad luck
        # (llama-cpp-python's server answers json_schema with HTTP 500): try JSON mode at once.
        if self._untried_schema and failure.kind == "server_error":
            return False
        if failure.kind == "timeout" and self.settings.is_local:
            # A local server goes on with a request its client gave up on (llama.cpp does
            # not cancel): a retry would only queue behind it.
            return False
        return failure.transient

    @property
    def _untried_schema(self) -> bool:
        return self.settings.mode == "json_schema" and not self._schema_ok

    def _fall_back_to_json(self, failure: LLMFailure) -> bool:
        """Switch to grammar mode (JSON mode, with the schema where llama.cpp looks for it)
        when the server failed json_schema before it ever worked."""
        if not self._untried_schema or failure.kind != "server_error":
            return False
        self.settings = replace(self.settings, mode="grammar")
        self.client = make_client(self.settings)
        self.response_model = answer_model("grammar")
        self._mode_notice = (
            f"The model server did not take structured output (json_schema): {failure} "
            "JSON mode with the schema as a grammar answered instead; set "
            "NLSEG_LLM_MODE=grammar to skip the failed request."
        )
        return True

    def _relax_sampling(self, failure: LLMFailure) -> bool:
        """Drop a sampling parameter the server rejected as unsupported; False if none was."""
        message = str(failure)
        if failure.kind != "rejected" or "unsupported" not in message.lower():
            return False
        sampling = dict(self.sampling)
        if "'max_tokens'" in message and "max_tokens" in sampling:
            sampling["max_completion_tokens"] = sampling.pop("max_tokens")
        elif "'temperature'" in message and "temperature" in sampling:
            del sampling["temperature"]
        else:
            return False
        self.sampling = sampling  # kept for later calls: the model will not change its mind
        return True

    # -- the answer -----------------------------------------------------------------------

    def _translation(
        self, answer: SegmentAnswer, catalog: Catalog, clock: Clock, meter: Meter
    ) -> Translation:
        tree = answer.filter_tree
        unsupported = [u for u in dict.fromkeys(s.strip() for s in answer.unsupported) if u]
        notices = []
        if unsupported and tree is not None:
            shown = ", ".join(f"'{u}'" for u in unsupported)
            notices.append(f"Not understood, so not applied: {shown}.")
        if not self.price.known:
            notices.append(unknown_price_notice(self.settings))
        if self._mode_notice is not None:
            notices.append(self._mode_notice)
        elif self.settings.mode == "json_schema":
            self._schema_ok = True
        data = {
            "tree": tree,
            "explanation": sentence(tree, catalog, clock) if tree is not None else None,
            "error": None if tree is not None else self._no_tree(answer),
            "assumptions": [Assumption(about=a.about, chosen=a.chosen) for a in answer.assumptions],
            "unparsed": unsupported,
            "question": answer.question,
            "engine": self.name,
            "notices": notices,
            "usage": meter.usage(self.price),
        }
        if data["error"] is not None and answer.question and not answer.refusal:
            data["error"] = None  # a question alone is an answer: the app asks it
        return Translation.model_validate(data, context={"catalog": catalog})

    @staticmethod
    def _no_tree(answer: SegmentAnswer) -> str:
        if answer.refusal:
            return answer.refusal.strip()
        return "The request needs a clarification before it can become a segment."
