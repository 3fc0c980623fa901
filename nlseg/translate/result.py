"""What every translator returns: a validated tree, or an honest account of why there is none.

The offline parser, the LLM translator, the eval runner, the CLI and the app all speak this
one type, so an engine can be swapped without touching its callers.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from nlseg.tree.models import FilterTree


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Alternative(_Model):
    """Another reading of ambiguous words, as a whole tree the user can switch to."""

    label: str  # "account country is United Kingdom"
    tree: FilterTree | None = None  # None when the alternative cannot be expressed as a tree


class Assumption(_Model):
    """A documented default taken for ambiguous words, with the readings not taken."""

    about: str  # the words in the text: "enterprise"
    chosen: str  # what they were read as, in plain English: "account tier is Enterprise"
    alternatives: list[Alternative] = Field(default_factory=list)


class Usage(_Model):
    """What a translation cost (LLM engines; zero for offline)."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    reasks: int = 0
    requests: int = 0  # requests sent to the model, reasks and retries included


class Translation(_Model):
    """The answer to one turn of text.

    ``tree`` and ``error`` are never both set, and an answer has at least one of ``tree``,
    ``error`` and ``question``. ``tree`` is validated against the catalog.
    ``error`` says, in words a marketer understands, why there is no tree (nothing
    understood, out of scope, the model failed); a translator never answers with an empty
    or match-all tree instead. ``question`` is a clarifying question, which may come with
    or without a tree.
    """

    tree: FilterTree | None = None
    error: str | None = None
    explanation: str | None = None  # the tree as one plain-English sentence
    assumptions: list[Assumption] = Field(default_factory=list)
    unparsed: list[str] = Field(default_factory=list)  # spans of the text not understood
    question: str | None = None
    engine: str = ""  # which engine answered: "offline", "llm:gpt-4o-mini", …
    notices: list[str] = Field(default_factory=list)  # e.g. "the model timed out; offline used"
    # Problems with the answer itself that the user must see before using it: the tree
    # selects every contact or none, or two of its conditions contradict each other.
    # Added after translation, for every engine, by nlseg.review.
    warnings: list[str] = Field(default_factory=list)
    usage: Usage = Field(default_factory=Usage)
    # The engine failed rather than answered (the model timed out, the server failed …):
    # the kind of failure ("timeout", "server_error", …), with ``error`` saying it in words.
    failure: str | None = None

    @model_validator(mode="after")
    def _one_answer(self) -> Translation:
        if self.tree is not None and self.error is not None:
            raise ValueError("a translation has a tree or an error, not both")
        if self.tree is None and self.error is None and self.question is None:
            raise ValueError("a translation needs a tree, an error or a clarifying question")
        return self
