"""The offline translator: a deterministic parser of marketer English, driven by the catalog.

Modules, in the order a request flows through them: ``tokens`` (words and spans),
``spelling`` (hyphenated compounds and typing slips), ``numbers`` and ``dates`` (numbers and
date phrases), ``vocabulary`` (grammar words and everyday words for the standard catalog),
``lexicon`` (phrases of one catalog), ``pieces`` (recognised units), the reader —
``grammar`` with ``modifiers``, ``freetext``, ``readings`` and ``joins`` over ``state``
and ``units`` (constraints per clause) — ``logic`` (lists, precedence, the tree),
``honesty`` (what was not understood), ``parse``, ``ambiguity`` (assumptions with
alternative trees), ``answer``, chat turns (``turns``, ``changes``, ``removal``,
``refine``), and ``translator``. See docs/offline-translator.md.
"""

from nlseg.translate.offline.translator import OfflineTranslator

__all__ = ["OfflineTranslator"]
