"""Translators: marketer English (and the conversation so far) → a validated filter tree."""

from nlseg.translate.result import Alternative, Assumption, Translation, Usage

__all__ = ["Alternative", "Assumption", "Translation", "Usage"]
