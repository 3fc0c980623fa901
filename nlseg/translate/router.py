"""``auto``: a cascade — the offline translator first, the LLM for what it cannot read.

The offline translator answers every turn first (milliseconds). When it accounts for every
word — a tree or a clarifying question, nothing unparsed, no error — that is the answer, and
the model is not asked. Otherwise the configured model gets the request together with the
offline reading (what it understood, what it did not), and its answer goes through the same
validation and honesty rules as any other — unless it leaves out a field or relation the
offline tree used (a small model copying an example instead of reading the request): then
the offline answer is shown, saying so. The first notice always says which engine
answered and why. When the model fails (time limit, quota, rate limit, server down, still
invalid after the reasks, garbage), the offline answer is returned, with the reason. A
model's deliberate answer without a tree (a refusal, a clarifying question) is an answer,
not a failure: it is returned as it is. With no model configured, ``auto`` is the offline
translator, saying so.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz

from nlseg.catalog import Catalog
from nlseg.clock import Clock
from nlseg.translate.llm import LLMError, LLMTranslator, SettingsError, load_settings
from nlseg.translate.llm.prompt import PromptError, condition_texts, example_texts
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
        first = self.offline.translate(text, **kwargs)
        if settled(first):
            return _noted(first, SETTLED)
        try:
            # Store names only in the words the offline reader left: in words it read as
            # something else ("last week") a name hint ("Weeks Ltd") only misleads the model.
            names_in = " ".join(first.unparsed) if first.tree is not None else None
            answer = self.llm.attempt(
                text, **kwargs, reading=offline_reading(first), names_in=names_in
            )
        except LLMError as exc:
            reason = (
                f"The language model failed: {str(exc).rstrip('.')}. "
                "The offline translator answered instead."
            )
            return _noted(first, reason).model_copy(update={"usage": exc.usage})
        examples = example_texts(self.llm.prompt, text)
        copied = _copied(text, [base, first.tree], history, answer, examples)
        if copied:
            shown = ", ".join(f"'{v}'" for v in sorted(copied))
            return _noted(
                first,
                f"The model's answer used {shown} from an example, not from the request, so "
                "the offline answer is shown.",
            ).model_copy(update={"usage": answer.usage})
        dropped = _dropped(first, answer)
        if dropped:
            return _noted(
                first,
                f"The model's answer left out what the offline translator understood "
                f"({', '.join(sorted(dropped))}), so the offline answer is shown.",
            ).model_copy(update={"usage": answer.usage})
        if first.question and not answer.question:
            # an ambiguity the offline reader found is still asked, beside the model's tree
            answer = answer.model_copy(update={"question": first.question})
        return _noted(answer, f"The offline translator {_gap(first)}, so the model answered.")

    def _offline(self, text: str, kwargs: dict, reason: str) -> Translation:
        return _noted(self.offline.translate(text, **kwargs), reason)


SAID = 70  # rapidfuzz partial ratio from which a value counts as said in the request
SETTLED = "The offline translator accounted for every word, so the model was not asked."


def settled(answer: Translation) -> bool:
    """The offline answer is the answer: a tree or a question, every word accounted for."""
    return answer.error is None and not answer.unparsed


def offline_reading(answer: Translation) -> str:
    """What the offline translator made of the request, for the model's prompt."""
    if answer.tree is None:
        return f"A rule-based reader could not read it: {answer.error}"
    missed = ", ".join(f"\u201c{u}\u201d" for u in answer.unparsed)
    return (
        f"A rule-based reader understood: {answer.explanation} It did not understand: "
        f"{missed}. Answer with the whole audience, those words included."
    )


def _dropped(first: Translation, answer: Translation) -> set[str]:
    """Fields and relations of the offline tree that the model's tree does not use: the
    model was asked for the words the offline translator missed, not to redo the rest."""
    if first.tree is None or answer.tree is None:
        return set()
    return first.tree.used_keys() - answer.tree.used_keys()


def _copied(
    text: str,
    trees: Sequence[FilterTree | None],
    history: Sequence[str],
    answer: Translation,
    examples: set[str],
) -> set[str]:
    """Values of the model's tree that come from a shown example and from nothing the user
    said (loosely: "manufacturers" says Manufacturing) or ``trees`` (the current one, the
    offline reading) hold: the prompt says to copy the examples' structure, never their
    values (a 1.5B model added an example's "Manufacturing" to an unrelated request)."""
    if answer.tree is None:
        return set()
    said = " ".join([text, *history]).casefold()
    kept = {
        v for t in trees if t is not None for v in condition_texts(t.root.model_dump(mode="json"))
    }
    values = condition_texts(answer.tree.root.model_dump(mode="json"))
    return {v for v in values & examples - kept if fuzz.partial_ratio(v.casefold(), said) < SAID}


def _gap(answer: Translation) -> str:
    if answer.tree is None:
        return "could not make a segment of this"
    return "did not understand " + ", ".join(f"'{u}'" for u in answer.unparsed)


def _noted(answer: Translation, notice: str) -> Translation:
    return answer.model_copy(update={"notices": [notice, *answer.notices]})
