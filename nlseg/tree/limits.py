"""Bounds on a tree's size, so that no tree can make the compiler or database work unboundedly."""

MAX_DEPTH = 8
MAX_CONDITIONS = 100
MAX_LIST_VALUES = 1000
MAX_TEXT_LENGTH = 500
MAX_LAST_CAMPAIGNS = 50
