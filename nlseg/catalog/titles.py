"""Job titles: the title field, and the short forms of titles (``data/titles.toml``).

The vocabulary every translator uses for role conditions: "CTOs" are people whose title is
CTO or Chief Technology Officer, "founders" people whose title holds the word "founder" (a
word of the titles the store holds, from the value index).
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

__all__ = ["TITLE_FIELD", "acronyms"]

TITLE_FIELD = "contact.title"


@cache
def acronyms() -> dict[str, str]:
    """Each short form (lower case) → the title it stands for, in file order."""
    text = resources.files("nlseg.catalog").joinpath("data/titles.toml").read_text()
    return dict(tomllib.loads(text)["acronyms"])
