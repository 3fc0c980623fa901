"""The tree builders, under the short import name the tests use."""

from nlseg.tree.build import AND, DAYS, LAST, OR, REL, SEG, C

__all__ = ["AND", "DAYS", "LAST", "OR", "REL", "SEG", "C"]
