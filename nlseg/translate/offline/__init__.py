"""The offline translator: a deterministic parser of marketer English, driven by the catalog.

Modules, in the order a request flows through them: ``tokens`` (words and spans),
``spelling`` (hyphenated compounds and typing slips), ``numbers``, ``dates`` and ``future``
(numbers, date phrases, predictions and windows ahead of today), ``vocabulary`` (grammar
words and everyday words for the standard catalog), ``lexicon`` (phrases of one catalog),
``pieces`` (recognised units), the reader — ``grammar`` with ``modifiers``, ``freetext``,
``readings``, ``joins`` and ``unanswerable`` over ``state`` and ``units`` (constraints per
clause) — ``logic`` (lists, precedence, the tree), ``honesty`` (what was not understood),
``metrics`` (requests for a figure), ``references`` (vague "the event"), ``parse``,
``ambiguity`` (assumptions with alternative trees), ``answer``, chat turns (``turns``,
``changes``, ``removal``, ``refine``), and ``translator``. See docs/offline-translator.md.
"""

from nlseg.translate.offline.translator import OfflineTranslator

__all__ = ["OfflineTranslator"]
