"""Talking to the server: retries for transient failures, a total deadline, plain-words errors.

Three bounds keep a translation from hanging: each HTTP request has a timeout (the smaller
of ``NLSEG_LLM_TIMEOUT`` and the time left); tenacity retries 429s, 5xx and connection
errors with backoff (honouring ``Retry-After``) only while the deadline allows another
request; and the whole call runs in a worker thread that is abandoned at the deadline, so
even a server that trickles bytes cannot hold the caller.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import openai
from instructor.core.exceptions import (
    IncompleteOutputException,
    InstructorRetryException,
    ResponseParsingError,
)
from pydantic import ValidationError
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential_jitter,
)

T = TypeVar("T")

MIN_REQUEST_S = 0.1  # no point starting a request with less time than this left
MAX_TRANSPORT_ATTEMPTS = 6
MAX_RETRY_AFTER_S = 30.0
BACKOFF = wait_exponential_jitter(multiplier=0.5, max=8, jitter=0.5)
GUARD_GRACE_S = 1.0  # the worker's own bounds end it by the deadline; this is for the rest
PARSE_ERRORS = (ValidationError, json.JSONDecodeError, ResponseParsingError)
TRANSIENT = ("rate_limited", "server_error", "connection", "timeout")


class LLMFailure(RuntimeError):
    """The model gave no usable answer; ``kind`` says why, the message says it in words."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind

    @property
    def transient(self) -> bool:
        return self.kind in TRANSIENT


@dataclass
class Deadline:
    total_s: float
    started: float = 0.0

    def __post_init__(self) -> None:
        self.started = self.started or time.monotonic()

    def remaining(self) -> float:
        return self.total_s - (time.monotonic() - self.started)

    def stop(self, state: RetryCallState) -> bool:
        """A tenacity stop: no further attempt unless one can still start in time."""
        return self.remaining() - (state.upcoming_sleep or 0.0) < MIN_REQUEST_S


def seconds(value: float) -> str:
    """A duration as people read it: "3.1 s", "20 s", "0.4 s" (not "3.08118 s")."""
    shown = f"{value:.1f}" if value < 10 else f"{value:.0f}"
    return f"{shown.removesuffix('.0')} s"


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    while exc is not None and exc not in seen:
        seen.append(exc)
        exc = exc.__cause__ or exc.__context__
    return seen


def _status_message(exc: openai.APIStatusError) -> str:
    body = exc.body if isinstance(exc.body, dict) else {}
    error = body.get("error", body)
    detail = error.get("message") if isinstance(error, dict) else None
    return " ".join(str(detail or exc.message or "").split())[:300]


def _quota(exc: openai.APIStatusError) -> bool:
    body = exc.body if isinstance(exc.body, dict) else {}
    error = body.get("error", body)
    code = error.get("code") or error.get("type") if isinstance(error, dict) else None
    return code == "insufficient_quota"


def _parse_failure(exc: BaseException, reasks: int) -> LLMFailure:
    if isinstance(exc, ValidationError):
        errors = exc.errors(include_url=False)
        if errors and all(e["type"] == "json_invalid" for e in errors):
            return LLMFailure("garbage", f"the model did not answer with JSON ({reasks} reasks).")
        first = str(errors[0]["msg"]).removeprefix("Value error, ") if errors else str(exc)
        first = " ".join(first.split())[:400]
        return LLMFailure(
            "invalid",
            f"the model's answer was still not a valid tree after {reasks} reasks: {first}",
        )
    return LLMFailure("garbage", f"the model's reply could not be read ({type(exc).__name__}).")


def classify(exc: BaseException, *, timeout_s: float, where: str, reasks: int = 0) -> LLMFailure:
    """An exception from openai or instructor as an :class:`LLMFailure`."""
    for cause in _chain(exc):
        if isinstance(cause, LLMFailure):
            return cause
        if isinstance(cause, openai.APITimeoutError):
            return LLMFailure("timeout", f"the model did not answer within {seconds(timeout_s)}.")
        if isinstance(cause, openai.APIConnectionError):
            return LLMFailure("connection", f"the model server at {where} could not be reached.")
        if isinstance(cause, openai.APIStatusError):
            status, detail = cause.status_code, _status_message(cause)
            if status == 429:
                if _quota(cause):
                    return LLMFailure("quota", f"the API quota is used up (HTTP 429: {detail}).")
                return LLMFailure(
                    "rate_limited", f"the model server is rate-limiting (HTTP 429: {detail})."
                )
            if status >= 500:
                return LLMFailure(
                    "server_error", f"the model server failed (HTTP {status}: {detail})."
                )
            if status in (401, 403):
                return LLMFailure(
                    "auth",
                    f"the model server refused the API key (HTTP {status}); check OPENAI_API_KEY.",
                )
            if status == 404:
                return LLMFailure(
                    "not_found",
                    f"the model server does not know this model or path (HTTP 404: {detail}); "
                    "check NLSEG_LLM_MODEL and OPENAI_BASE_URL.",
                )
            return LLMFailure(
                "rejected", f"the model server rejected the request (HTTP {status}: {detail})."
            )
        if isinstance(cause, IncompleteOutputException):
            return LLMFailure("cut_off", "the model's answer was cut off before it ended.")
        if isinstance(cause, PARSE_ERRORS):
            return _parse_failure(cause, reasks)
    if isinstance(exc, InstructorRetryException):
        return LLMFailure("garbage", f"the model gave no usable answer: {str(exc)[:300]}")
    return LLMFailure("error", f"the model call failed: {type(exc).__name__}: {str(exc)[:300]}")


def retry_after(exc: BaseException) -> float | None:
    """The server's Retry-After (seconds), when the failure carries one."""
    for cause in _chain(exc):
        response = getattr(cause, "response", None)
        headers = getattr(response, "headers", None)
        if headers is None:
            continue
        try:
            if (ms := headers.get("retry-after-ms")) is not None:
                return min(float(ms) / 1000, MAX_RETRY_AFTER_S)
            if (seconds := headers.get("retry-after")) is not None:
                return min(float(seconds), MAX_RETRY_AFTER_S)
        except ValueError:
            return None  # an HTTP date: fall back to our own backoff
    return None


def _wait(state: RetryCallState) -> float:
    error = state.outcome.exception() if state.outcome is not None else None
    hinted = retry_after(error) if error is not None else None
    return hinted if hinted is not None else BACKOFF(state)


def reask_retrying(
    deadline: Deadline, max_reasks: int, stop: Callable[[RetryCallState], bool] = lambda _s: False
) -> Retrying:
    """instructor's reask loop, bounded by count, by the deadline and by ``stop``."""
    return Retrying(
        stop=stop_after_attempt(max_reasks + 1) | deadline.stop | stop,
        retry=retry_if_exception_type(PARSE_ERRORS),
        reraise=True,
    )


def call_with_retries(
    attempt: Callable[[float], T],
    deadline: Deadline,
    request_timeout_s: float,
    *,
    where: str,
    reasks: Callable[[], int],
    on_retry: Callable[[], None] = lambda: None,
    retryable: Callable[[LLMFailure], bool] = lambda failure: failure.transient,
) -> T:
    """``attempt(timeout)`` until it succeeds, fails for good (``retryable`` says which
    failures are worth another try), or the deadline is near."""

    def one() -> T:
        timeout = min(request_timeout_s, deadline.remaining())
        try:
            return attempt(timeout)
        except Exception as exc:
            raise classify(exc, timeout_s=timeout, where=where, reasks=reasks()) from exc

    retrying = Retrying(
        retry=retry_if_exception(lambda e: isinstance(e, LLMFailure) and retryable(e)),
        stop=stop_after_attempt(MAX_TRANSPORT_ATTEMPTS) | deadline.stop,
        wait=_wait,
        before_sleep=lambda _state: on_retry(),
        reraise=True,
    )
    return retrying(one)


def run_with_deadline(work: Callable[[], T], deadline: Deadline) -> T:
    """``work()`` in a worker thread, abandoned (it is a daemon) if the deadline passes."""
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["value"] = work()
        except BaseException as exc:  # handed to the caller's thread below
            box["error"] = exc

    worker = threading.Thread(target=run, name="nlseg-llm", daemon=True)
    worker.start()
    worker.join(max(deadline.remaining(), 0.0) + GUARD_GRACE_S)
    if worker.is_alive():
        raise LLMFailure(
            "timeout", f"the model did not answer within the {seconds(deadline.total_s)} limit."
        )
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]
