"""LLM settings: environment first, then .streamlit/secrets.toml; what counts as configured."""

from __future__ import annotations

import pytest
from llm_stub import isolate_llm_env

from nlseg.translate.llm.settings import (
    DEFAULT_OPENAI_MODEL,
    LLMNotConfigured,
    SettingsError,
    default_mode,
    load_settings,
    read_secrets,
    require_settings,
)


@pytest.fixture(autouse=True)
def clean(monkeypatch, tmp_path):
    isolate_llm_env(monkeypatch, tmp_path)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, None),
        ({"OPENAI_BASE_URL": "http://localhost:11434/v1"}, None),  # a server, but which model?
        ({"OPENAI_API_KEY": "sk-test"}, (DEFAULT_OPENAI_MODEL, None, "tools")),
        (
            {"OPENAI_API_KEY": "sk-test", "NLSEG_LLM_MODEL": "gpt-4.1-mini"},
            ("gpt-4.1-mini", None, "tools"),
        ),
        (
            {"OPENAI_BASE_URL": "http://localhost:11434/v1", "NLSEG_LLM_MODEL": "qwen2.5:7b"},
            ("qwen2.5:7b", "http://localhost:11434/v1", "json_schema"),
        ),
        (
            {
                "OPENAI_BASE_URL": "https://acme.openai.azure.com/openai/v1/",
                "OPENAI_API_KEY": "k",
                "NLSEG_LLM_MODEL": "my-gpt4o",
            },
            ("my-gpt4o", "https://acme.openai.azure.com/openai/v1/", "tools"),
        ),
        (
            {
                "OPENAI_BASE_URL": "http://gpu-box:8000/v1",
                "NLSEG_LLM_MODEL": "m",
                "NLSEG_LLM_MODE": "JSON",
            },
            ("m", "http://gpu-box:8000/v1", "json"),
        ),
    ],
)
def test_what_is_configured(env, expected):
    settings = load_settings(env=env, secrets={})
    got = None if settings is None else (settings.model, settings.base_url, settings.mode)
    assert got == expected


def test_a_local_server_needs_no_key_but_the_client_gets_a_placeholder():
    settings = load_settings(
        env={"OPENAI_BASE_URL": "http://127.0.0.1:8080/v1", "NLSEG_LLM_MODEL": "m"}, secrets={}
    )
    assert settings.api_key and settings.is_local


def test_numbers_and_their_defaults():
    env = {
        "NLSEG_LLM_MODEL": "m",
        "OPENAI_API_KEY": "k",
        "NLSEG_LLM_TIMEOUT": "90",
        "NLSEG_LLM_DEADLINE": "30",
        "NLSEG_LLM_MAX_REASKS": "1",
    }
    s = load_settings(env=env, secrets={})
    assert (s.request_timeout_s, s.deadline_s, s.max_reasks) == (
        30,
        30,
        1,
    )  # a request never outlives the deadline
    d = load_settings(env={"OPENAI_API_KEY": "k"}, secrets={})
    assert (d.request_timeout_s, d.deadline_s, d.max_reasks, d.prompt_version) == (20, 45, 2, "v3")


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"NLSEG_LLM_MODEL": "m"}, "neither OPENAI_API_KEY"),
        ({"NLSEG_LLM_MODEL": "m", "OPENAI_BASE_URL": "localhost:11434"}, "must be an http(s) URL"),
        (
            {"OPENAI_API_KEY": "k", "NLSEG_LLM_MODE": "xml"},
            "NLSEG_LLM_MODE must be one of tools, json_schema, json, grammar, md_json",
        ),
        (
            {"OPENAI_API_KEY": "k", "NLSEG_LLM_TIMEOUT": "soon"},
            "NLSEG_LLM_TIMEOUT must be a number",
        ),
        ({"OPENAI_API_KEY": "k", "NLSEG_LLM_DEADLINE": "0"}, "NLSEG_LLM_DEADLINE must be between"),
        (
            {"OPENAI_API_KEY": "k", "NLSEG_LLM_DEADLINE": "nan"},
            "NLSEG_LLM_DEADLINE must be between",
        ),
        ({"OPENAI_API_KEY": "k", "NLSEG_LLM_MAX_REASKS": "1.5"}, "whole number"),
        ({"OPENAI_API_KEY": "k", "NLSEG_LLM_PRICE_IN": "-1"}, "NLSEG_LLM_PRICE_IN must be between"),
    ],
)
def test_unusable_settings_say_which_and_why(env, message):
    with pytest.raises(SettingsError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_settings(env=env, secrets={})


def test_secrets_file_is_read_and_the_environment_wins(tmp_path, monkeypatch):
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(
        'OPENAI_BASE_URL = "http://localhost:11434/v1"\nNLSEG_LLM_MODEL = "from-file"\n'
        'NLSEG_LLM_DEADLINE = 12\nunrelated = "ignored"\n'
    )
    s = load_settings()
    assert (s.model, s.base_url, s.deadline_s) == ("from-file", "http://localhost:11434/v1", 12)
    monkeypatch.setenv("NLSEG_LLM_MODEL", "from-env")
    assert load_settings().model == "from-env"


def test_the_project_secrets_file_wins_over_the_users(tmp_path):
    project, user = tmp_path / "p.toml", tmp_path / "u.toml"
    project.write_text('NLSEG_LLM_MODEL = "project"\n')
    user.write_text('NLSEG_LLM_MODEL = "user"\nOPENAI_API_KEY = "k"\n')
    assert read_secrets([project, user]) == {"NLSEG_LLM_MODEL": "project", "OPENAI_API_KEY": "k"}


def test_a_broken_secrets_file_is_named(tmp_path):
    bad = tmp_path / "secrets.toml"
    bad.write_text("OPENAI_API_KEY = \n")
    with pytest.raises(SettingsError, match=r"secrets\.toml could not be read"):
        read_secrets([bad])


def test_require_settings_says_what_to_set():
    with pytest.raises(LLMNotConfigured, match=r"Set NLSEG_LLM_MODEL .* or use --engine offline"):
        require_settings(env={}, secrets={})


@pytest.mark.parametrize(
    ("url", "mode"),
    [
        (None, "tools"),
        ("https://api.openai.com/v1", "tools"),
        ("https://x.openai.azure.com/openai/v1/", "tools"),
        ("http://localhost:11434/v1", "json_schema"),
        ("http://127.0.0.1:8080/v1", "json_schema"),
        ("https://notopenai.example/v1", "json_schema"),
    ],
)
def test_default_mode_per_server(url, mode):
    assert default_mode(url) == mode
