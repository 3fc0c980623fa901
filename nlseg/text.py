"""Case folding that PostgreSQL and SQLite (and Python, for bound values) agree on.

PostgreSQL's ``lower()`` maps each character to one character (``towlower``). Python's
``str.lower`` applies Unicode's full and context-sensitive mappings ('İ' → 'i̇', a final
'Σ' → 'ς'). :func:`simple_lower` is the per-character simple mapping, so the same text
folds the same way in the database and in Python.
"""

from __future__ import annotations

# The only unconditional lowercase mapping that Python expands to more than one character.
_SIMPLE_EXCEPTIONS = {"\u0130": "i"}


def simple_lower(text: str) -> str:
    if text.isascii():
        return text.lower()
    return "".join(
        _SIMPLE_EXCEPTIONS.get(ch, ch) if len(low := ch.lower()) != 1 else low for ch in text
    )
