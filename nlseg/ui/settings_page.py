"""Settings and status: the translator in use, the database, data freshness, who you are.

Keys are never shown or logged: only whether one is configured, and where from.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

import streamlit as st

from nlseg.ui import resources, state
from nlseg.ui.markup import escape

KEY_NAMES = ("OPENAI_API_KEY",)
SHOWN_SETTINGS = ("OPENAI_BASE_URL", "NLSEG_LLM_MODEL")


def _secret(name: str) -> str | None:
    """A setting from the environment, else from .streamlit/secrets.toml (None when absent)."""
    if os.environ.get(name):
        return os.environ[name]
    try:
        value = st.secrets.get(name)
    except Exception:  # no secrets file: Streamlit raises rather than returning nothing
        return None
    return str(value) if value else None


def _source(name: str) -> str:
    if os.environ.get(name):
        return "set in the environment"
    return "set in .streamlit/secrets.toml" if _secret(name) else "not set"


def safe_url(url: str) -> str:
    """A server URL without user info, query or fragment (places a key could hide in)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def model_lines(engine) -> list[str]:
    """What the translator runs on: the model and server, or why it is offline."""
    llm = getattr(engine, "llm", None) if engine.name == "auto" else engine
    settings = getattr(llm, "settings", None)
    if settings is None:
        why = getattr(engine, "setup_problem", None) or "no language model is configured"
        return [f"Model: none, the offline translator answers ({why})."]
    server = safe_url(settings.base_url) if settings.base_url else "OpenAI (api.openai.com)"
    return [f"Model: {settings.model}", f"Server: {server}", f"Structured output: {settings.mode}"]


def render() -> None:
    state.init()
    st.title("Settings and status")
    engine, notice = resources.translator()
    st.subheader("Translator")
    st.markdown(escape(f"Active: {engine.name} ({engine.version})"))
    if notice:
        st.warning(escape(notice))
    for line in model_lines(engine):
        st.markdown(escape(line))
    st.markdown(escape(f"Requested engine: {resources.translator_spec()} (NLSEG_ENGINE)"))
    for name in SHOWN_SETTINGS:
        value = _secret(name)
        shown = safe_url(value) if value and name.endswith("URL") else (value or "not set")
        st.markdown(escape(f"{name}: {shown}"))
    for name in KEY_NAMES:
        st.markdown(escape(f"{name}: {_source(name)}"))
    st.caption(
        "Keys come only from the environment or .streamlit/secrets.toml and are never "
        "shown. Without a model the offline translator answers (no network, deterministic)."
    )
    st.subheader("Database")
    db = resources.engine()
    st.markdown(escape(f"{db.dialect.name}: {db.url.render_as_string(hide_password=True)}"))
    st.markdown(escape(resources.freshness().describe()))
    st.markdown(escape(f"Relative dates resolve against {resources.clock().today} (UTC)."))
    st.subheader("You")
    st.text_input(
        "Your name (recorded with every version you save)",
        key=state.AUTHOR,
    )
