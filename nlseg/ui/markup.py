"""Showing user text in Streamlit Markdown safely.

Text a user typed (or data from the CRM) is never passed as Markdown as it stands: every
character Markdown or Streamlit's directives (``:red[…]``, ``:material/…:``) would read is
backslash-escaped, and HTML is never enabled, so the text shows exactly as typed and can
neither format the page nor load a link or an image.
"""

from __future__ import annotations

import re

# CommonMark's escapable ASCII punctuation: a backslash before any of these shows it as is.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$&\"'=^%@/;?,])")


def _flat(text: str) -> str:
    return " ".join(str(text).split())


def _escaped(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def escape(text: str) -> str:
    """``text`` as Markdown that renders to exactly ``text`` (runs of whitespace become one
    space, so a typed newline cannot start a heading or a list)."""
    return _escaped(_flat(text))


def highlight(text: str, spans: list[str], color: str = "orange") -> str:
    """``text`` escaped, with each of ``spans`` (substrings, in order) on a coloured background."""
    out, at = [], 0
    flat = _flat(text)
    for span in spans:
        span = _flat(span)
        found = flat.find(span, at) if span else -1
        if found < 0:
            continue
        out.append(_escaped(flat[at:found]))
        out.append(f":{color}-background[{_escaped(span)}]")
        at = found + len(span)
    out.append(_escaped(flat[at:]))
    return "".join(out)
