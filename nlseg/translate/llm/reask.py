"""What a model is told after an invalid answer, and when reasking stops.

instructor reasks with the validation error as pydantic prints it: a header, each error's
location, its input as a Python repr (``RelativeSpan(amount=60, unit=<Unit.DAY: 'day'>)``),
its type and a documentation link. A small model copies that noise back or ignores it. The
:class:`Reasker` rewrites the reask, just before it is sent, into one short sentence per
problem — the catalog check's own messages, which name the valid fields, operators and
values for that condition — and stops the reasks when the model answers with what it
answered before (11 of 15 reasks did so with a 1.5B model): a third identical answer only
costs time.

It works through instructor's hooks (``completion:response`` keeps the answer,
``parse:error`` the problems, ``completion:kwargs`` rewrites the reask in place), so it
holds in every mode.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from typing import Any

from instructor.core.hooks import Hooks
from pydantic import ValidationError

from nlseg.translate.llm.transport import LLMFailure

__all__ = ["Reasker", "problems"]

MAX_PROBLEMS = 6
_PREFIX = re.compile(r"^(Value error|Assertion failed), ")
_REPR = re.compile(r"\b[A-Z][A-Za-z]+\((?:[^()]|\([^()]*\))*\)")  # Foo(a=1, b=Bar(...))


def _where(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if not str(p).startswith(("function-", "tagged-union"))]
    path = ".".join(parts)
    return f" (at {path})" if path else ""


def _sentence(error: dict[str, Any]) -> str:
    message = _PREFIX.sub("", " ".join(str(error.get("msg", "")).split())).rstrip(".")
    message = _REPR.sub("the value given", message)  # no Python reprs in what the model reads
    where = _where(error.get("loc", ()))
    kind = error.get("type")
    if kind == "json_invalid":
        return "The answer was not valid JSON: answer with one JSON object only."
    if kind == "missing":
        return f"A required key is missing{where}."
    if kind == "extra_forbidden":
        return f"Remove the key that is not allowed{where}."
    return message if "(at " in message else f"{message}{where}."


_AT = re.compile(r"(\(at [^)]*\))\s*")


def _split(sentence: str) -> list[str]:
    """The catalog check says several problems in one message, each ending "(at path)"."""
    parts = _AT.split(sentence)
    out = ["".join(parts[i : i + 2]).strip() for i in range(0, len(parts), 2)]
    return [p for p in out if p and p != "."]


_BRANCH = re.compile(r"^(str|int|float|bool|date|datetime|none|list\[.*\]|[A-Z]\w*)$")


def _pruned(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Of a union's failed branches ("value" is a string, a number, a Range or a span), the
    branch that came closest: not a plain type mismatch, with the fewest errors. Its name
    is dropped from the location, so the model reads "…window.value.unit", one problem."""
    by_prefix: dict[tuple[Any, ...], dict[str, list[dict[str, Any]]]] = {}
    plain = []
    for e in errors:
        loc = tuple(e.get("loc", ()))
        at = next((i for i, p in enumerate(loc) if _BRANCH.match(str(p))), None)
        if at is None:
            plain.append(e)
            continue
        by_prefix.setdefault(loc[:at], {}).setdefault(str(loc[at]), []).append(e)
    out = list(plain)
    for prefix, branches in by_prefix.items():
        near = {
            b: es for b, es in branches.items() if not all(e["type"].endswith("_type") for e in es)
        }
        best = min((near or branches).values(), key=len)
        for e in best:
            loc = tuple(e.get("loc", ()))
            out.append({**e, "loc": prefix + loc[len(prefix) + 1 :]})
    return out


def problems(error: Exception) -> list[str]:
    """One short sentence per problem of ``error``, repeats dropped, at most MAX_PROBLEMS."""
    if isinstance(error, ValidationError):
        errors = _pruned(error.errors(include_url=False))
        sentences = [part for e in errors for part in _split(_sentence(e))]
    elif isinstance(error, json.JSONDecodeError):
        sentences = ["The answer was not valid JSON: answer with one JSON object only."]
    else:
        sentences = [" ".join(str(error).split())[:300]]
    unique = list(dict.fromkeys(s for s in sentences if s))
    return unique[:MAX_PROBLEMS]


@dataclass
class Reasker:
    """Per translation: rewrites instructor's reasks and stops on a repeated answer."""

    answers: list[str] = field(default_factory=list)  # raw answers that failed validation
    repeated: bool = False  # the last invalid answer was one given before
    _last_answer: str | None = None
    _last_error: Exception | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def on_response(self, response: Any) -> None:
        with self._lock:
            self._last_answer = _content(response)

    def on_parse_error(self, error: Exception, **attempt: Any) -> None:
        with self._lock:
            answer = self._last_answer
            self.repeated = answer is not None and answer in self.answers
            if answer is not None:
                self.answers.append(answer)
            self._last_error = error

    def stop(self, state: Any) -> bool:
        """For the reask loop's ``stop``: give up once an invalid answer repeats."""
        return self.repeated

    def failure(self) -> LLMFailure | None:
        """Why the reasks stopped early, when they did."""
        if not self.repeated or self._last_error is None:
            return None
        shown = " ".join(problems(self._last_error)) or "It was not a valid tree."
        error = self._last_error
        unreadable = isinstance(error, json.JSONDecodeError) or (
            isinstance(error, ValidationError)
            and all(e["type"] == "json_invalid" for e in error.errors(include_url=False))
        )
        return LLMFailure(
            "garbage" if unreadable else "invalid",
            f"the model gave the same invalid answer again after a reask, so it was not asked "
            f"again: {shown}",
        )

    def on_request(self, *args: Any, **kwargs: Any) -> None:
        """Before each request: a reask carrying the pydantic dump gets short sentences."""
        with self._lock:
            error = self._last_error
        if error is None:
            return
        dump = str(error)
        short = "\n".join(f"- {s}" for s in problems(error))
        for message in kwargs.get("messages") or ():
            content = message.get("content") if isinstance(message, dict) else None
            if isinstance(content, str) and dump in content:
                message["content"] = content.replace(dump, short)

    def install(self, hooks: Hooks) -> Hooks:
        hooks.on("completion:response", self.on_response)
        hooks.on("parse:error", self.on_parse_error)
        hooks.on("completion:kwargs", self.on_request)
        return hooks


def _content(response: Any) -> str | None:
    """The answer's text: message content, or the first tool call's arguments."""
    try:
        message = response.choices[0].message
    except (AttributeError, IndexError, TypeError):
        return None
    calls = getattr(message, "tool_calls", None)
    if calls:
        return str(getattr(calls[0].function, "arguments", ""))
    content = getattr(message, "content", None)
    return content if isinstance(content, str) else None
