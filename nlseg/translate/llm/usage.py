"""What a translation cost: tokens and reasks counted through instructor's hooks, priced
from a small table (or NLSEG_LLM_PRICE_IN/OUT), with an honest word when the price is unknown.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from instructor.core.hooks import Hooks

from nlseg.translate.llm.settings import LLMSettings
from nlseg.translate.result import Usage

# USD per million tokens (prompt, completion): OpenAI's list prices as published in 2026.
# Prices change; NLSEG_LLM_PRICE_IN / NLSEG_LLM_PRICE_OUT override this table.
PRICES: dict[str, tuple[float, float]] = {
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "gpt-4.1": (2.00, 8.00),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1-nano": (0.10, 0.40),
}
SNAPSHOT = re.compile(r"-\d{4}-\d{2}-\d{2}$")  # gpt-4o-mini-2024-07-18 is priced as gpt-4o-mini


@dataclass(frozen=True)
class Price:
    prompt: float | None  # USD per million tokens; None when unknown
    completion: float | None
    source: str  # "table", "settings", "local server", "unknown"

    @property
    def known(self) -> bool:
        return self.prompt is not None and self.completion is not None


def price_of(settings: LLMSettings) -> Price:
    if settings.price_in is not None and settings.price_out is not None:
        return Price(settings.price_in, settings.price_out, "settings")
    if settings.is_local:
        return Price(0.0, 0.0, "local server")  # runs on this machine: no bill per token
    name = SNAPSHOT.sub("", settings.model.rsplit("/", 1)[-1].lower())
    if settings.base_url is None or "openai" in (settings.base_url or ""):
        found = PRICES.get(name)
        if found is not None:
            return Price(*found, "table")
    return Price(None, None, "unknown")


def unknown_price_notice(settings: LLMSettings) -> str:
    return (
        f"The price of model '{settings.model}' is unknown, so its cost is not counted; set "
        "NLSEG_LLM_PRICE_IN and NLSEG_LLM_PRICE_OUT (USD per million tokens) to count it."
    )


@dataclass
class Meter:
    """Counts one translation's requests, tokens, reasks and transport retries.

    Fed by instructor's hooks: ``completion:kwargs`` (a request starts), ``completion:response``
    (its tokens) and ``parse:error`` (the answer failed validation). A request that starts
    after a parse error is a reask.
    """

    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    parse_errors: int = 0
    reasks: int = 0
    transport_retries: int = 0
    request_seconds: list[float] = field(default_factory=list)  # each answered request
    _after_parse_error: bool = False
    _started: float | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def new_attempt(self) -> None:
        """A fresh instructor call (after a transport retry): its first request is no reask."""
        with self._lock:
            self._after_parse_error = False

    def on_request(self, *args: Any, **kwargs: Any) -> None:
        with self._lock:
            self.requests += 1
            self._started = time.perf_counter()
            if self._after_parse_error:
                self.reasks += 1
                self._after_parse_error = False

    def on_response(self, response: Any) -> None:
        usage = getattr(response, "usage", None)
        with self._lock:
            if self._started is not None:
                self.request_seconds.append(time.perf_counter() - self._started)
                self._started = None
            self.prompt_tokens += int(getattr(usage, "prompt_tokens", 0) or 0)
            self.completion_tokens += int(getattr(usage, "completion_tokens", 0) or 0)

    def on_parse_error(self, error: Exception, **attempt: Any) -> None:
        with self._lock:
            self.parse_errors += 1
            self._after_parse_error = True

    def on_transport_retry(self) -> None:
        with self._lock:
            self.transport_retries += 1

    def hooks(self) -> Hooks:
        hooks = Hooks()
        hooks.on("completion:kwargs", self.on_request)
        hooks.on("completion:response", self.on_response)
        hooks.on("parse:error", self.on_parse_error)
        return hooks

    def summary(self) -> str:
        """One line for the log: what the call took."""
        spent = sum(self.request_seconds)
        return (
            f"{self.requests} requests ({spent:.2f} s answering), {self.reasks} reasks, "
            f"{self.transport_retries} transport retries, "
            f"{self.prompt_tokens}+{self.completion_tokens} tokens"
        )

    def usage(self, price: Price) -> Usage:
        cost = 0.0
        if price.known:
            cost = (
                self.prompt_tokens * price.prompt + self.completion_tokens * price.completion
            ) / 1e6
        return Usage(
            prompt_tokens=self.prompt_tokens,
            completion_tokens=self.completion_tokens,
            cost_usd=round(cost, 8),
            reasks=self.reasks,
            requests=self.requests,
        )
