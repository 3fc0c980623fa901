"""The offline reader's kinds are typed: every piece kind has a handler, every kind the
source compares against exists, and a misspelt kind fails when it is made."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from nlseg.translate.offline import kinds
from nlseg.translate.offline.grammar import STEPS
from nlseg.translate.offline.kinds import PieceKind, UnitKind
from nlseg.translate.offline.pieces import Piece
from nlseg.translate.offline.units import Unit

OFFLINE = Path(kinds.__file__).parent
ALL_KINDS = {m.value for enum in map(lambda n: getattr(kinds, n), kinds.__all__) for m in enum}


def test_every_piece_kind_has_a_handler():
    assert set(STEPS) == set(PieceKind)


def _compared_kinds(source: str) -> set[tuple[int, str]]:
    """(line, literal) for every ``<x>.kind == "..."`` / ``in (...)`` / ``!=`` in ``source``."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Compare):
            continue
        if not (isinstance(node.left, ast.Attribute) and node.left.attr == "kind"):
            continue
        for other in node.comparators:
            items = other.elts if isinstance(other, (ast.Tuple, ast.List, ast.Set)) else [other]
            for item in items:
                if isinstance(item, ast.Constant) and isinstance(item.value, str):
                    found.add((node.lineno, item.value))
    return found


@pytest.mark.parametrize("path", sorted(OFFLINE.glob("*.py")), ids=lambda p: p.name)
def test_every_compared_kind_exists(path):
    unknown = sorted(
        (line, k) for line, k in _compared_kinds(path.read_text()) if k not in ALL_KINDS
    )
    assert not unknown, f"{path.name}: kinds that no enum in kinds.py has: {unknown}"


def test_the_scan_sees_a_misspelt_kind():
    assert _compared_kinds('if p.kind == "nmu":\n    pass\n') == {(1, "nmu")}
    assert "nmu" not in ALL_KINDS


def test_a_misspelt_kind_fails_when_made():
    with pytest.raises(ValueError):
        Piece("nmu", 0, 1)
    with pytest.raises(ValueError):
        Unit(kind="condd", first=0, last=1)
    assert Piece("num", 0, 1).kind is PieceKind.NUM
    assert Unit(kind="cond", first=0, last=1).kind is UnitKind.COND
