"""The LLM translator: any OpenAI-compatible model, via openai + instructor. See
docs/llm-translator.md."""

from nlseg.translate.llm.settings import (
    LLMNotConfigured,
    LLMSettings,
    SettingsError,
    load_settings,
    require_settings,
)
from nlseg.translate.llm.translator import LLMError, LLMTranslator
from nlseg.translate.llm.transport import LLMFailure

__all__ = [
    "LLMError",
    "LLMFailure",
    "LLMNotConfigured",
    "LLMSettings",
    "LLMTranslator",
    "SettingsError",
    "load_settings",
    "require_settings",
]
