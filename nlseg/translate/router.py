"""``auto``: the LLM when one is configured, else the offline translator — saying which, and why.

When the model fails (time limit, quota, rate limit, server down, still invalid after the
reasks, garbage), the offline translator answers the same turn and the reason is the first
notice. A model's deliberate answer without a tree (a refusal, a clarifying question) is an
answer, not a failure: it is returned as it is.
"""

from __future__ import annotations

from collections.abc import Sequence

from nlseg.catalog import Catalog
from nlseg.clock import Clock
from nlseg.translate.llm import LLMError, LLMTranslator, SettingsError, load_settings
from nlseg.translate.llm.prompt import PromptError
from nlseg.translate.offline import OfflineTranslator
from nlseg.translate.result import Translation
from nlseg.tree import FilterTree

NO_MODEL = (
    "No language model is configured (NLSEG_LLM_MODEL / OPENAI_API_KEY), so the offline "
    "translator answered."
)


class AutoTranslator:
    """The LLM translator with the offline translator behind it."""

    def __init__(self, llm: LLMTranslator | None = None, offline: OfflineTranslator | None = None):
        self.offline = offline or OfflineTranslator()
        self.setup_problem: str | None = None
        if llm is None:
            try:
                settings = load_settings()
                llm = LLMTranslator(settings) if settings is not None else None
            except (SettingsError, PromptError) as exc:  # must not break the offline path
                self.setup_problem = str(exc)
        self.llm = llm
        self.name = "auto"
        inner = self.llm.version if self.llm is not None else "no-llm"
        self.version = f"auto({inner}+{self.offline.version})"

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
        kwargs = {
            "catalog": catalog, "clock": clock, "base": base, "history": history,
            "segments": segments,
        }  # fmt: skip
        if self.llm is None:
            reason = (
                f"The language model settings are not usable ({self.setup_problem}), so the "
                "offline translator answered."
                if self.setup_problem
                else NO_MODEL
            )
            return self._offline(text, kwargs, reason)
        try:
            return self.llm.attempt(text, **kwargs)
        except LLMError as exc:
            reason = (
                f"The language model failed: {str(exc).rstrip('.')}. "
                "The offline translator answered instead."
            )
            fallback = self._offline(text, kwargs, reason)
            return fallback.model_copy(update={"usage": exc.usage})

    def _offline(self, text: str, kwargs: dict, reason: str) -> Translation:
        answer = self.offline.translate(text, **kwargs)
        return answer.model_copy(update={"notices": [reason, *answer.notices]})
