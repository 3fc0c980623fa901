"""Showing user text in Streamlit Markdown safely.

Text a user typed (or data from the CRM) is never passed as Markdown as it stands: every
character Markdown or Streamlit's directives (``:red[…]``, ``:material/…:``) would read is
backslash-escaped, and HTML is never enabled, so the text shows exactly as typed and can
neither format the page nor load a link or an image. Escaping does not stop GFM's autolinks
(a bare ``www.x.example``, ``https://x.example`` or ``a@x.example`` became a link in a
browser, tests/test_browser_hostile.py): a zero-width space after ``www``, after a
scheme's colon and after ``@`` breaks them, and shows nothing.
"""

from __future__ import annotations

import re

# CommonMark's escapable ASCII punctuation: a backslash before any of these shows it as is.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$&\"'=^%@/;?,])")


ZWSP = "\u200b"
_AUTOLINK = re.compile(r"(?i)(\bwww)(?=\.)|(\b[a-z][a-z0-9+.-]*:)(?=//)|(@)")


def _unlinked(text: str) -> str:
    return _AUTOLINK.sub(lambda m: m.group(0) + ZWSP, text)


def _flat(text: str) -> str:
    return " ".join(str(text).split())


def _escaped(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", _unlinked(text))


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
