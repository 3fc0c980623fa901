"""Spelling: the tokens of a request made ready for recognition.

- A hyphenated word the parser does not know whole, whose parts are all words it knows, is
  read as those words ("Enterprise-tier", "US-based", "newsletter-tagged",
  "customer-stage"); a known compound ("beta-tester", "c-suite") or one with an unknown
  part ("request-a-demo") stays whole.
- A word nobody knows that is one typing slip (two in long words) from a word the parser
  does know — a catalog word, a grammar or date word — is read as that word ("opend",
  "betwen", "campain", "scor", "employes"). Several equally near words with different
  meanings are not guessed between; the closest by edit ratio wins otherwise. Names
  (capitalised words side by side: "Raymond Frank") are never corrected. Every correction
  is reported as an assumption.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from nlseg.translate.offline import dates
from nlseg.translate.offline import numbers as num
from nlseg.translate.offline import vocabulary as vocab
from nlseg.translate.offline.lexicon import FILLER_SET, Lexicon
from nlseg.translate.offline.tokens import Token, lemmas, singular, tokenize

# Grammar and date words worth correcting (short ones are too easily confused).
_TARGET_MIN = 5


def _words_of(phrases) -> set[str]:
    out: set[str] = set()
    for phrase in phrases:
        out.update(t.norm for t in tokenize(phrase))
    return out


@lru_cache(maxsize=1)
def grammar_words() -> frozenset[str]:
    """Every word of the grammar, dates and numbers (not of any catalog)."""
    tables = (
        vocab.NEGATIONS, vocab.EXCLUSIONS, vocab.COMPARATORS, vocab.POSTFIX_COMPARATORS,
        vocab.CONJUNCTIONS, vocab.MARKERS, vocab.PREPOSITIONS, vocab.OUTSIDE,
        vocab.TEXT_OPERATORS, vocab.OWNER_TEXT, vocab.PRESENCE_WORDS, vocab.BOOLEAN_WORDS,
        vocab.QUANTITY_ALL, vocab.QUANTITY_ANY, vocab.HAVE, vocab.BE, vocab.LAST_WORDS,
        vocab.CAMPAIGN_NOUNS, vocab.TIMES_WORDS, vocab.COMMANDS, vocab.INSTRUCTIONS,
        vocab.AUDIENCE_NOUNS, vocab.FILLERS, vocab.PEOPLE_SUBJECTS, vocab.ACCOUNT_SUBJECTS,
        vocab.LATEST_WORDS, vocab.REFINE_NARROW, vocab.REFINE_WIDEN, vocab.REFINE_EXCLUDE,
        vocab.REFINE_REMOVE, vocab.REFINE_CHANGE, vocab.REFINE_NOUNS, vocab.REFINE_DATE_NOUNS,
        vocab.RESTART, vocab.PREDICTIONS, vocab.NEXT_WORDS, vocab.FUTURE_WORDS,
        vocab.FUTURE_OPENERS, vocab.METRIC_WORDS, vocab.NOT_NOUNS, tuple(vocab.QUESTION_OPENERS),
        *vocab.QUESTION_OPENERS.values(),
        dates.MONTHS, dates.UNIT_WORDS, dates.RECENT, dates.OPENERS, dates.BEFORE, dates.AFTER,
        dates.SINCE, dates.MORE_AGO, dates.LESS_AGO, dates.OTHER_WORDS,
        num.UNITS, num.TENS, num.SCALES, num.TIMES, num.CURRENCY,
    )  # fmt: skip
    out: set[str] = set()
    for table in tables:
        out |= _words_of(table)
    return frozenset(out)


@lru_cache(maxsize=1)
def _grammar_targets() -> tuple[str, ...]:
    return tuple(
        sorted(w for w in grammar_words() if len(w) >= _TARGET_MIN and w.isalpha() and w.isascii())
    )


def known(word: str, lexicon: Lexicon) -> bool:
    if word in lexicon.words or word in grammar_words():
        return True
    if singular(word) in lexicon.words or singular(word) in grammar_words():
        return True
    return any(lemma in lexicon.words for lemma in lemmas(word))


def _whole_known(token: Token, lexicon: Lexicon) -> bool:
    return known(token.norm, lexicon) or lexicon.match([token], 0) is not None


def split_compounds(tokens: list[Token], lexicon: Lexicon) -> list[Token]:
    """ "Enterprise-tier" → "Enterprise" "tier" when the parser knows each part, not the whole."""
    out: list[Token] = []
    for t in tokens:
        if t.kind != "word" or "-" not in t.text or _whole_known(t, lexicon):
            out.append(t)
            continue
        parts, start = [], t.start
        for raw in t.text.split("-"):
            parts.append(
                Token(raw, tokenize(raw)[0].norm if raw else "", start, start + len(raw), "word")
            )
            start += len(raw) + 1
        last = parts[-1].norm
        ends_well = last not in FILLER_SET or last in vocab.COMPOUND_SUFFIXES
        if ends_well and all(p.text and known(p.norm, lexicon) for p in parts):
            out.extend(parts)
        else:
            out.append(t)
    return out


def _is_name_part(tokens: list[Token], i: int, lexicon: Lexicon) -> bool:
    """A capitalised word beside another capitalised word that is no known word: a name."""
    if not tokens[i].is_capitalised or tokens[i].is_upper:
        return False
    for j in (i - 1, i + 1):
        if 0 <= j < len(tokens):
            other = tokens[j]
            if other.kind == "word" and other.is_capitalised and not known(other.norm, lexicon):
                return True
    return False


def _meaning(word: str, lexicon: Lexicon) -> str:
    senses = lexicon.phrases.get((word,))
    return repr(senses) if senses else f"grammar:{word}"


def _subsequence(word: str, of: str) -> bool:
    letters = iter(of)
    return all(ch in letters for ch in word)


def _doubled(word: str, candidate: str) -> bool:
    """``word`` is ``candidate`` with one of a doubled letter left out ("employes")."""
    if len(candidate) != len(word) + 1:
        return False
    for k in range(1, len(candidate)):
        if candidate[k] == candidate[k - 1] and candidate[:k] + candidate[k + 1 :] == word:
            return True
    return False


def _rank(word: str, candidate: str, lexicon: Lexicon) -> tuple[bool, bool, float, bool]:
    """Likelier slips first: a letter left out ("opend"), one of a doubled letter most of
    all ("employes": employees, not employers), then the closest by edit ratio, then a
    catalog word before a grammar word."""
    grammar = candidate not in lexicon.words
    return (
        not _subsequence(word, candidate),
        not _doubled(word, candidate),
        -fuzz.ratio(word, candidate),
        grammar,
    )


def nearest(word: str, lexicon: Lexicon) -> str | None:
    """The known word one or two typing slips from ``word``, or None (none, or no clear one)."""
    if len(word) < 4 or not word.isalpha() or not word.isascii():
        return None
    limit = 1 if len(word) < 8 else 2
    found: dict[str, float] = {}
    # Grammar words change the meaning of everything around them: one slip only.
    for targets, cutoff in ((lexicon.fuzzy_words, limit), (_grammar_targets(), 1)):
        for candidate, distance, _ in process.extract(
            word, targets, scorer=OSA.distance, score_cutoff=cutoff, limit=8
        ):
            found[candidate] = distance
    if len(word) == 4:  # a short word: only a missing letter ("scor" → "score")
        found = {c: d for c, d in found.items() if len(c) == 5 and d == 1}
    if not found:
        return None
    best = min(found.values())
    close = sorted(
        (c for c, d in found.items() if d == best), key=lambda c: (_rank(word, c, lexicon), c)
    )
    top = close[0]
    rivals = [c for c in close[1:] if _rank(word, c, lexicon) == _rank(word, top, lexicon)]
    if any(_meaning(c, lexicon) != _meaning(top, lexicon) for c in rivals):
        return None  # two equally near words that mean different things: do not guess
    return top


def correct(
    tokens: list[Token], lexicon: Lexicon, names: set[str] = frozenset()
) -> tuple[list[Token], list[tuple[str, str]]]:
    """Tokens with typing slips corrected, and the corrections (typed, read as); ``names``
    are words of saved-segment names, never corrected."""
    out: list[Token] = []
    corrections: list[tuple[str, str]] = []
    for i, t in enumerate(tokens):
        if (
            t.kind != "word"
            or t.norm in names
            or known(t.norm, lexicon)
            or lexicon.match(tokens, i) is not None
            or _is_name_part(tokens, i, lexicon)
        ):
            out.append(t)
            continue
        word = nearest(t.norm, lexicon)
        if word is None:
            out.append(t)
            continue
        out.append(replace(t, norm=word))
        senses = lexicon.phrases.get((word,), [])
        shown = next((s.value for s in senses if isinstance(s.value, str)), word)
        corrections.append((t.text, shown))
    return out, corrections
