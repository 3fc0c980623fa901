"""Where the LLM translator's settings come from: the environment, then .streamlit/secrets.toml.

The environment wins, so a deployment can override a checked-out secrets file. A model is
*configured* when ``NLSEG_LLM_MODEL`` is set, or when ``OPENAI_API_KEY`` is set without a
base URL (OpenAI itself, with :data:`DEFAULT_OPENAI_MODEL`). A base URL without a model is
not enough: a local server (Ollama, vLLM, llama.cpp) serves whatever model it was given.
"""

from __future__ import annotations

import math
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

DEFAULT_OPENAI_MODEL = "gpt-4o-mini"
MODES = ("tools", "json_schema", "json", "grammar", "md_json")
KEYS = (
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "NLSEG_LLM_MODEL",
    "NLSEG_LLM_MODE",
    "NLSEG_LLM_TIMEOUT",
    "NLSEG_LLM_DEADLINE",
    "NLSEG_LLM_MAX_REASKS",
    "NLSEG_LLM_PROMPT",
    "NLSEG_LLM_PRICE_IN",
    "NLSEG_LLM_PRICE_OUT",
)
# Hosts that speak OpenAI's own dialect: tool calling with forced tool_choice works there.
TOOL_HOSTS = ("api.openai.com", ".openai.azure.com")
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "0.0.0.0", "host.docker.internal")
NO_KEY = "no-key-required"  # local servers ignore the key, but the client insists on one


class LLMNotConfigured(RuntimeError):
    """No model is configured; the message says which settings to give."""


class SettingsError(ValueError):
    """A setting has a value that cannot be used; the message names it and what is valid."""


@dataclass(frozen=True)
class LLMSettings:
    model: str
    api_key: str
    base_url: str | None = None
    mode: str = "tools"
    request_timeout_s: float = 20.0  # one HTTP request
    deadline_s: float = 45.0  # the whole translation: retries and reasks included
    max_reasks: int = 2  # re-asks after an invalid answer (so at most 3 answers)
    prompt_version: str = "v3"  # prompts/v3: the catalog and examples the request needs
    price_in: float | None = None  # USD per million prompt tokens, overriding the table
    price_out: float | None = None

    @property
    def is_local(self) -> bool:
        return self.base_url is not None and _host(self.base_url) in LOCAL_HOSTS


def _host(url: str) -> str:
    return (urlparse(url).hostname or "").lower()


def default_mode(base_url: str | None) -> str:
    """Tool calling for OpenAI and Azure; JSON-schema output for every other server.

    Local servers implement ``response_format`` json_schema (llama.cpp, vLLM, Ollama, LM
    Studio) but not always forced tool calls; the schema they get is depth-bounded, without
    ``$ref`` or ``oneOf``, which they mishandle (ollama #7993).
    """
    if base_url is None:
        return "tools"
    host = _host(base_url)
    if any(host == h.lstrip(".") or host.endswith(h) for h in TOOL_HOSTS):
        return "tools"
    return "json_schema"


def secrets_files(cwd: Path | None = None) -> list[Path]:
    """Where Streamlit reads secrets: the project's file first, then the user's."""
    return [
        (cwd or Path.cwd()) / ".streamlit" / "secrets.toml",
        Path.home() / ".streamlit" / "secrets.toml",
    ]


def read_secrets(paths: list[Path]) -> dict[str, str]:
    """The known keys found in the secrets files (top level), the first file winning."""
    found: dict[str, str] = {}
    for path in reversed(paths):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            continue
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise SettingsError(f"{path} could not be read: {exc}") from None
        found.update({k: str(v) for k, v in data.items() if k in KEYS and v not in (None, "")})
    return found


def _number(raw: str | None, key: str, default: float, low: float, high: float) -> float:
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{key} must be a number, got {raw!r}.") from None
    if not math.isfinite(value) or not low <= value <= high:
        raise SettingsError(f"{key} must be between {low:g} and {high:g}, got {raw!r}.")
    return value


def _price(raw: str | None, key: str) -> float | None:
    return None if raw is None or raw.strip() == "" else _number(raw, key, 0.0, 0.0, 10_000.0)


def not_configured_message() -> str:
    return (
        "no language model is configured. Set NLSEG_LLM_MODEL (and OPENAI_BASE_URL for a "
        "local or other OpenAI-compatible server, OPENAI_API_KEY where it needs a key), in "
        "the environment or in .streamlit/secrets.toml; or use --engine offline."
    )


def load_settings(
    env: Mapping[str, str] | None = None, secrets: Mapping[str, str] | None = None
) -> LLMSettings | None:
    """The settings, or None when no model is configured."""
    env = os.environ if env is None else env
    secrets = read_secrets(secrets_files()) if secrets is None else secrets

    def get(key: str) -> str | None:
        value = env.get(key) or secrets.get(key)
        return value.strip() if value and value.strip() else None

    api_key, base_url, model = get("OPENAI_API_KEY"), get("OPENAI_BASE_URL"), get("NLSEG_LLM_MODEL")
    if model is None and api_key is not None and base_url is None:
        model = DEFAULT_OPENAI_MODEL
    if model is None:
        return None
    if base_url is None and api_key is None:
        raise SettingsError(
            f"NLSEG_LLM_MODEL is '{model}' but there is neither OPENAI_API_KEY (for OpenAI) "
            "nor OPENAI_BASE_URL (for another OpenAI-compatible server)."
        )
    if base_url is not None and urlparse(base_url).scheme not in ("http", "https"):
        raise SettingsError(f"OPENAI_BASE_URL must be an http(s) URL, got {base_url!r}.")
    mode = (get("NLSEG_LLM_MODE") or default_mode(base_url)).lower()
    if mode not in MODES:
        raise SettingsError(f"NLSEG_LLM_MODE must be one of {', '.join(MODES)}; got {mode!r}.")
    timeout = _number(get("NLSEG_LLM_TIMEOUT"), "NLSEG_LLM_TIMEOUT", 20.0, 0.05, 600.0)
    deadline = _number(get("NLSEG_LLM_DEADLINE"), "NLSEG_LLM_DEADLINE", 45.0, 0.1, 3600.0)
    reasks = _number(get("NLSEG_LLM_MAX_REASKS"), "NLSEG_LLM_MAX_REASKS", 2, 0, 5)
    if reasks != int(reasks):
        raise SettingsError(f"NLSEG_LLM_MAX_REASKS must be a whole number, got {reasks:g}.")
    return LLMSettings(
        model=model,
        api_key=api_key or NO_KEY,
        base_url=base_url,
        mode=mode,
        request_timeout_s=min(timeout, deadline),
        deadline_s=deadline,
        max_reasks=int(reasks),
        prompt_version=get("NLSEG_LLM_PROMPT") or "v3",
        price_in=_price(get("NLSEG_LLM_PRICE_IN"), "NLSEG_LLM_PRICE_IN"),
        price_out=_price(get("NLSEG_LLM_PRICE_OUT"), "NLSEG_LLM_PRICE_OUT"),
    )


def require_settings(**kwargs) -> LLMSettings:
    settings = load_settings(**kwargs)
    if settings is None:
        raise LLMNotConfigured(not_configured_message())
    return settings
