"""The engine interface: loading engines by registered name or ``module:factory``."""

from __future__ import annotations

import pytest

from nlseg.translate.engine import ENGINES, Engine, EngineLoadError, load_engine


def test_a_factory_spec_loads_an_engine():
    engine = load_engine("eval_engines:OracleEngine")
    assert isinstance(engine, Engine)
    assert (engine.name, engine.version) == ("oracle", "oracle-1")


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("nope", "Unknown engine 'nope'. Valid engines: auto, llm, offline"),
        ("", "Unknown engine ''"),
        ("no_such_module_xyz:Engine", "module 'no_such_module_xyz' is not available"),
        ("eval_engines:NoSuchFactory", "has no factory 'NoSuchFactory'"),
        ("eval_engines:failing_factory", "failed to start: RuntimeError: no API key configured"),
        ("eval_engines:NotAnEngine", "is not an engine: it lacks version, translate"),
    ],
)
def test_bad_specs_fail_clearly(spec, message):
    with pytest.raises(EngineLoadError) as info:
        load_engine(spec)
    assert message in str(info.value)


def test_a_registered_engine_whose_module_is_missing_fails_clearly(monkeypatch):
    # How "offline" behaves until nlseg.translate.offline exists.
    monkeypatch.setitem(ENGINES, "ghost", "nlseg.translate.ghost_engine:Ghost")
    with pytest.raises(EngineLoadError) as info:
        load_engine("ghost")
    message = str(info.value)
    assert "Engine 'ghost' could not be loaded" in message
    assert "Valid engines: auto, ghost, llm, offline" in message


def test_options_reach_the_factory():
    with pytest.raises(EngineLoadError, match="failed to start: TypeError"):
        load_engine("eval_engines:OracleEngine", model="gpt-4o-mini")
