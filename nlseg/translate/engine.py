"""The one small interface every translator implements, and how one is loaded by name.

The eval runner, ``nlseg ask`` and the app only ever hold an :class:`Engine`; an engine is
named by a registered short name (``offline``) or by any ``package.module:factory`` — which
is how tests plug in their own engines. The factory is called with the loader's options
(none, usually) and must return an object with ``name``, ``version`` and ``translate``.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

from nlseg.catalog import Catalog
from nlseg.clock import Clock
from nlseg.translate.result import Translation
from nlseg.tree import FilterTree

ENGINES: dict[str, str] = {
    "offline": "nlseg.translate.offline:OfflineTranslator",
    "llm": "nlseg.translate.llm:LLMTranslator",
    "auto": "nlseg.translate.router:AutoTranslator",
}


@runtime_checkable
class Engine(Protocol):
    """Marketer English (and the conversation so far) → a :class:`Translation`."""

    name: str  # "offline", "llm:gpt-4o-mini"
    version: str  # parser or prompt version: "offline-1", "prompts/v2"

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
        """Translate one turn; ``base`` is the tree to refine, ``segments`` the saved names."""
        ...


class EngineLoadError(ValueError):
    """An engine spec that names nothing loadable; the message lists the valid engines."""


def _valid() -> str:
    names = ", ".join(sorted(ENGINES))
    return f"Valid engines: {names}, or 'package.module:factory'."


def load_engine(spec: str, **options: Any) -> Engine:
    """The engine named by ``spec``: a key of :data:`ENGINES` or ``package.module:factory``."""
    spec = (spec or "").strip()
    target = ENGINES.get(spec, spec)
    module_name, sep, attr = target.partition(":")
    if not sep or not module_name or not attr:
        raise EngineLoadError(f"Unknown engine '{spec}'. {_valid()}")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise EngineLoadError(
            f"Engine '{spec}' could not be loaded: module '{module_name}' is not available "
            f"({exc}). {_valid()}"
        ) from None
    factory = getattr(module, attr, None)
    if not callable(factory):
        raise EngineLoadError(
            f"Engine '{spec}': '{module_name}' has no factory '{attr}'. {_valid()}"
        )
    try:
        engine = factory(**options)
    except Exception as exc:  # a broken engine is the caller's problem to report, clearly
        raise EngineLoadError(
            f"Engine '{spec}' failed to start: {type(exc).__name__}: {exc}"
        ) from exc
    lacking = [a for a in ("name", "version") if not isinstance(getattr(engine, a, None), str)]
    if not callable(getattr(engine, "translate", None)):
        lacking.append("translate")
    if lacking:
        raise EngineLoadError(f"Engine '{spec}' is not an engine: it lacks {', '.join(lacking)}.")
    return engine
