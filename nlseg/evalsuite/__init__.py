"""The prompt regression suite's runner: cases, fixtures, scoring, reports and baselines.

Modules, one concept each: ``cases`` (loading and checking case files), ``gold_sql`` (date
parameters, the one-SELECT rule), ``edge_fixture`` and ``fixtures`` (the demo and edge
databases), ``gold`` (gold member sets), ``selfcheck``, ``conversation`` (running an
engine on a case), ``scoring`` and ``metrics``, ``runner``, ``report`` and ``compare``,
``baseline``, and ``command`` (``nlseg eval``). The case format is in eval/README.md.
"""
