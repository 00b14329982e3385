"""Titles and snippets with the words that matched the query marked.

What is marked follows what the reader typed, word by word: a word typed with diacritics marks only the words with
those diacritics (either tone placement, "hòa" = "hoà"), a word typed without them marks every word that folds to it.
So "đẳng" marks neither "đang" nor "đáng", and "dang" marks all three. The query's ``exact`` forms are not used:
they may hold diacritics restored for words the reader typed without any.
"""

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from html import escape  # what django.utils.html.escape does, without its lazy-string wrapper on every word
from itertools import islice

from django.utils.safestring import mark_safe

from .analysis import exact_token, fold_token, has_diacritics
from .querying import AnalyzedQuery

WORD = re.compile(r"[^\W_]+")
SNIPPET_WORDS = 40
SNIPPET_CONTEXT = 5  # words shown before the first match of a passage that does not start the text
CHARS_PER_WORD = 5  # a Vietnamese syllable and its space, on average


@dataclass(frozen=True)
class Terms:
    """What a text word must be to count as a match: one of ``exact`` (typed with diacritics) or ``folded``."""

    exact: frozenset[str] = frozenset()
    folded: frozenset[str] = frozenset()
    # The characters a matching word can start with (None: any); most words of a text are ruled out by it alone.
    initials: frozenset[str] | None = None
    # Whole words that fold like a typed word, found by one pattern over a text (None: another script, go word by
    # word); a match is a candidate, ``matches`` decides.
    candidates: re.Pattern | None = None

    @classmethod
    def of(cls, query: AnalyzedQuery) -> "Terms":
        typed = query.tokens
        forms = tuple(sorted({fold_token(t) for t in typed}))
        return cls(
            exact=frozenset(exact_token(t) for t in typed if has_diacritics(t)),
            folded=frozenset(fold_token(t) for t in typed if not has_diacritics(t)),
            initials=_initials({form[:1] for form in forms}),
            candidates=_candidates(forms) if forms else None,
        )

    def __bool__(self):
        return bool(self.exact or self.folded)

    def matches(self, word: str) -> bool:
        if self.initials is not None and word[:1] not in self.initials:
            return False
        token = unicodedata.normalize("NFC", word).casefold()
        return exact_token(token) in self.exact or fold_token(token) in self.folded


def _letters_by_fold() -> dict[str, frozenset[str]]:
    """For each folded letter or digit, every character of the Latin scripts that folds to it, in either case."""
    letters: dict[str, set[str]] = {}
    for code in [*range(0x30, 0x7B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        if char.isalnum():
            letters.setdefault(fold_token(char.casefold()), set()).update({char, char.lower(), char.upper()})
    return {folded: frozenset(chars) for folded, chars in letters.items()}


LETTERS_BY_FOLD = _letters_by_fold()


def _initials(first_letters) -> frozenset[str] | None:
    if not all(letter in LETTERS_BY_FOLD for letter in first_letters):
        return None  # another script: no shortcut
    return frozenset().union(*(LETTERS_BY_FOLD[letter] for letter in first_letters))


@lru_cache(maxsize=1024)
def _candidates(folded_forms: tuple[str, ...]) -> re.Pattern | None:
    """A pattern for the whole words that fold to one of ``folded_forms`` ("dang": đang, Đăng, đẳng, dáng…)."""
    alternatives = []
    for form in sorted(folded_forms, key=len, reverse=True):
        if not all(char in LETTERS_BY_FOLD for char in form):
            return None
        alternatives.append("".join(f"[{''.join(map(re.escape, sorted(LETTERS_BY_FOLD[c])))}]" for c in form))
    return re.compile(rf"(?<![^\W_])(?:{'|'.join(alternatives)})(?![^\W_])")


def _matching(words, terms: Terms) -> set[str]:
    """The distinct words of a text that match: a body repeats the same syllables many times."""
    initials = terms.initials
    if initials is None:
        return {word for word in set(words) if terms.matches(word)}
    return {word for word in set(words) if word[:1] in initials and terms.matches(word)}


def _marked(text, spans, matching) -> str:
    """``text`` from the first span to the end of the last, escaped, with the matching words in <mark>."""
    pieces, cursor = [], spans[0].start()
    for span in spans:
        if span.group() in matching:
            pieces.append(escape(text[cursor : span.start()]))
            pieces.append(f"<mark>{escape(span.group())}</mark>")
            cursor = span.end()
    pieces.append(escape(text[cursor : spans[-1].end()]))
    return "".join(pieces)


def highlight(text: str, terms: Terms) -> str:
    """The whole text, HTML-escaped, with every word that matches the query in <mark>."""
    spans = list(WORD.finditer(text))
    if not spans:
        return mark_safe(escape(text))  # noqa: S308
    matching = _matching([span.group() for span in spans], terms)
    body = _marked(text, spans, matching)
    return mark_safe(escape(text[: spans[0].start()]) + body + escape(text[spans[-1].end() :]))  # noqa: S308


def _best_window(hits: list[int], words: int, window: int) -> int:
    """The first word of the ``window`` words holding the most hits, a few words of context before the first one."""
    best, best_count = 0, bisect_left(hits, window)
    for position in hits:
        start = min(max(0, position - SNIPPET_CONTEXT), words - window)
        count = bisect_left(hits, start + window) - bisect_left(hits, start)
        if count > best_count:
            best, best_count = start, count
    return best


def snippet(text: str, terms: Terms, size=SNIPPET_WORDS) -> str:
    """A passage of ``size`` words around the densest matches, escaped and marked.

    The matches are found by one pattern over the text and the passage measured in characters (about
    ``CHARS_PER_WORD`` a word), so a long body is not cut into words: that took longer than the search itself.
    """
    if terms.candidates is None:
        return _snippet_by_words(text, terms, size)
    first = WORD.search(text)
    if first is None:
        return ""
    seen: dict[str, bool] = {}

    def real(word):
        found = seen.get(word)
        if found is None:
            found = seen[word] = terms.matches(word)
        return found

    hits = [match.start() for match in terms.candidates.finditer(text) if real(match.group())]
    start = first.start()
    if hits:
        anchor = _densest(hits, max(size - SNIPPET_CONTEXT, 1) * CHARS_PER_WORD)
        if anchor > start:
            start = _context_start(text, anchor, start)
    spans = list(islice(WORD.finditer(text, start), size))
    matching = {span.group() for span in spans if real(span.group())}
    prefix = "… " if start > first.start() else ""
    suffix = " …" if WORD.search(text, spans[-1].end()) else ""
    return mark_safe(prefix + _marked(text, spans, matching) + suffix)  # noqa: S308


def _densest(hits: list[int], width: int) -> int:
    """The first of the hits (character offsets) that start the ``width`` characters holding the most hits."""
    best, best_count, stop = hits[0], 0, 0
    for first, offset in enumerate(hits):
        while stop < len(hits) and hits[stop] < offset + width:
            stop += 1
        if stop - first > best_count:
            best, best_count = offset, stop - first
    return best


def _context_start(text: str, anchor: int, text_start: int) -> int:
    """Where a passage starts to show ``SNIPPET_CONTEXT`` words before the word at ``anchor``."""
    low = max(text_start, anchor - SNIPPET_CONTEXT * 4 * CHARS_PER_WORD)
    starts = [match.start() for match in WORD.finditer(text, low, anchor)]
    if starts and starts[0] == low and low > text_start and WORD.match(text, low - 1):
        starts = starts[1:]  # ``low`` fell inside a word
    if not starts:
        return anchor
    return starts[-SNIPPET_CONTEXT] if len(starts) >= SNIPPET_CONTEXT else starts[0]


def _snippet_by_words(text: str, terms: Terms, size: int) -> str:
    """``snippet`` word by word, for queries in a script the candidate pattern does not cover."""
    words = WORD.findall(text)
    if not words:
        return ""
    matching = _matching(words, terms)
    window = min(size, len(words))
    best = _best_window([n for n, word in enumerate(words) if word in matching], len(words), window)
    spans = list(islice(WORD.finditer(text), best, best + window))
    prefix = "… " if best > 0 else ""
    suffix = " …" if best + window < len(words) else ""
    return mark_safe(prefix + _marked(text, spans, matching) + suffix)  # noqa: S308
