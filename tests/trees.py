"""The tree builders, under the short import name the tests use, and the check that a
sentence translates to one tree."""

from nlseg.catalog import standard_catalog
from nlseg.clock import Clock
from nlseg.evaluate import parse_tree
from nlseg.translate.offline import OfflineTranslator
from nlseg.tree import canonical_json, normalize
from nlseg.tree.build import AND, DAYS, LAST, OR, REL, SEG, C

__all__ = ["AND", "DAYS", "LAST", "OR", "REL", "SEG", "C", "assert_reads_as"]

_CATALOG = standard_catalog()
_CLOCK = Clock.at("2026-11-01")
_TRANSLATOR = OfflineTranslator()


def assert_reads_as(text: str, expected: dict) -> None:
    """The offline translator reads ``text`` (standard catalog, as of 2026-11-01) as the tree
    ``expected``, compared normalised, with every word understood."""
    answer = _TRANSLATOR.translate(text, catalog=_CATALOG, clock=_CLOCK)
    assert answer.tree is not None, (answer.error, answer.question)
    want = normalize(parse_tree({"root": expected}, _CATALOG)).root
    assert canonical_json(answer.tree.root) == canonical_json(want), answer.explanation
    assert answer.unparsed == []
