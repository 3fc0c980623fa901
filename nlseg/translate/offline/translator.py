"""The offline translator: marketer English → a validated filter tree, with no network and no
model, deterministic and fast, driven by the catalog. See docs/offline-translator.md."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

from nlseg.catalog import Catalog
from nlseg.clock import Clock
from nlseg.translate.offline.answer import failure, out_of_scope
from nlseg.translate.offline.lexicon import Lexicon, build_lexicon
from nlseg.translate.offline.metrics import may_ask_figure
from nlseg.translate.offline.names import is_name
from nlseg.translate.offline.parse import read
from nlseg.translate.offline.refine import refine
from nlseg.translate.offline.request import fresh
from nlseg.translate.offline.tokens import tokenize
from nlseg.translate.result import Translation
from nlseg.tree import FilterTree

MAX_TEXT = 2000
_CACHE_SIZE = 8


class OfflineTranslator:
    """Deterministic English → FilterTree; the embedded default and the LLM's fallback."""

    name = "offline"
    version = "offline-3"

    def __init__(self) -> None:
        # Lexicons by catalog identity; the catalog is kept so its id cannot be reused.
        self._lexicons: OrderedDict[int, tuple[Catalog, Lexicon]] = OrderedDict()
        self._lock = threading.Lock()

    def lexicon(self, catalog: Catalog) -> Lexicon:
        with self._lock:
            entry = self._lexicons.get(id(catalog))
            if entry is not None and entry[0] is catalog:
                self._lexicons.move_to_end(id(catalog))
                return entry[1]
            lexicon = build_lexicon(catalog)
            self._lexicons[id(catalog)] = (catalog, lexicon)
            while len(self._lexicons) > _CACHE_SIZE:
                self._lexicons.popitem(last=False)
            return lexicon

    def _phrases(self, text: str, catalog: Catalog):
        """Each catalog phrase of ``text``, left to right: (the words as typed, its senses)."""
        lexicon = self.lexicon(catalog)
        tokens = tokenize(text)
        i = 0
        while i < len(tokens):
            match = lexicon.match(tokens, i)
            if match is None:
                i += 1
                continue
            yield text[tokens[i].start : tokens[i + match.length - 1].end], match.senses
            i += match.length

    def mentions(self, text: str, catalog: Catalog) -> set[str]:
        """The field keys and relation names the words of ``text`` can name (every reading,
        typing slips corrected): what an LLM prompt needs of the catalog for this request."""
        found: set[str] = set()
        for _, senses in self._phrases(text, catalog):
            for sense in senses:
                found.update(k for k in (sense.field, sense.relation) if k)
                found.update(str(w[0]) for w in sense.where)
        return found

    def name_hints(self, text: str, catalog: Catalog) -> list[str]:
        """Names from the store's value index that ``text`` mentions (for the LLM prompt)."""
        out: list[str] = []
        for said, senses in self._phrases(text, catalog):
            names = [s for s in senses if is_name(s.rank)]
            if names:
                found = "; or ".join(
                    s.label + (f" (through {s.relation})" if s.relation else "") for s in names[:3]
                )
                out.append(f"\u201c{said}\u201d: {found}")
        return list(dict.fromkeys(out))

    def translate(
        self,
        text: str,
        *,
        catalog: Catalog,
        clock: Clock,
        base: FilterTree | None = None,
        history: Sequence[str] = (),
        segments: Sequence[str] = (),
    ) -> Translation:
        """Translate one turn; with ``base``, the turn refines that tree (``history`` is not
        needed: the base tree carries what the conversation established)."""
        text = (text or "").strip()
        if len(text) > 1 and text[0] + text[-1] in ('""', "''", "\u201c\u201d"):
            text = text[1:-1].strip()  # the whole request in quotes
        if not text:
            return failure("The request is empty. Describe who should be in the segment.")
        if len(text) > MAX_TEXT:
            return failure(f"The request is longer than {MAX_TEXT} characters.")
        lexicon = self.lexicon(catalog)
        if base is not None:
            # A turn asking for a figure ("what's their open rate?") changes nothing.
            if may_ask_figure(text):
                reading = read(text, lexicon, clock.today, segments, instructions=False)
                refusal = out_of_scope(text, reading)
                if refusal is not None:
                    return failure(refusal, reading)
            return refine(text, base, lexicon, catalog, clock, segments)
        return fresh(text, lexicon, catalog, clock, segments)
