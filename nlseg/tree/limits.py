"""Bounds on a tree's size, so that no tree can make the compiler or database work unboundedly,
and on its dates, so that every day a tree names or implies is one both databases and Python
can hold (the day after 9999-12-31 is not)."""

import datetime as dt

MAX_DEPTH = 8
MAX_CONDITIONS = 100
MAX_LIST_VALUES = 1000
MAX_TEXT_LENGTH = 500
MAX_LAST_CAMPAIGNS = 50
# Values in all the lists of a tree: each is a bound parameter, and PostgreSQL takes at most
# 65,535 in one statement (66 lists of 1,000 crashed a count after 26 s).
MAX_TOTAL_VALUES = 10_000
# Conditions once saved-segment references are inlined: 100 references to a segment of 100
# references compiled for 13 s and then failed; one level more took 4 min and 580 MB.
MAX_EXPANDED_CONDITIONS = 2_000
# Days a condition may name, and how far back a relative span may reach.
FIRST_DAY = dt.date(1000, 1, 1)
LAST_DAY = dt.date(9998, 12, 31)
MAX_SPAN_YEARS = 200
