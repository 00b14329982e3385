"""Restore the diacritics of a query typed without them, from the indexed text itself.

Each unaccented token has candidate spellings: the surface forms in the index that fold to it ("binh" -> bình,
bính, bình, binh...). The most likely sequence is the one whose adjacent pairs occur in the most documents
(pair terms are in the index), with each word's own frequency as a weaker prior: "binh dang gioi" ->
"bình đẳng giới", not "bính đăng giói".
"""

import math
import time
from dataclasses import replace

from .analysis import exact_token, fold_token, has_diacritics
from .querying import AnalyzedQuery, analyze_query

CANDIDATES_PER_TOKEN = 16  # "dang" has a dozen spellings; "đẳng" is far down by frequency
LEXICON_SECONDS = 3600
PAIR_WEIGHT = 1.0
WORD_WEIGHT = 0.3


def _first_letters() -> dict[str, set[str]]:
    """For each folded first letter, the letters a word can really start with ("d" -> d, đ; "a" -> a, à, ă, ẫ, …)."""
    letters: dict[str, set[str]] = {}
    for code in [*range(0x61, 0x7B), *range(0xE0, 0x250), *range(0x1EA0, 0x1F00)]:
        char = chr(code)
        if char.islower():
            letters.setdefault(fold_token(char), set()).add(char)
    return letters


FIRST_LETTERS = _first_letters()


class Lexicon:
    """folded token -> [(surface form, document frequency)], most frequent first.

    Loaded one folded first letter at a time from the index's term dictionary (all of it at once took 0.7 s),
    and refreshed every hour so new words become restorable.
    """

    def __init__(self):
        self._by_letter: dict[str, tuple[float, dict[str, list[tuple[str, int]]]]] = {}

    def candidates(self, index, token):
        letter = token[:1]
        loaded_at, by_folded = self._by_letter.get(letter, (-math.inf, {}))
        if time.monotonic() - loaded_at > LEXICON_SECONDS:
            by_folded = {}
            for surface, count in index.word_forms(sorted(FIRST_LETTERS.get(letter, {letter}))):
                by_folded.setdefault(fold_token(surface), []).append((surface, count))
            for forms in by_folded.values():
                forms.sort(key=lambda item: (-item[1], item[0]))  # ties by spelling: every backend alike
            self._by_letter[letter] = (time.monotonic(), by_folded)
        return by_folded.get(token, [])[:CANDIDATES_PER_TOKEN]


def restore(index, query: AnalyzedQuery) -> list[str] | None:
    """The most likely accented tokens, or None when the query already has diacritics or nothing changes."""
    if query.is_empty or any(has_diacritics(t) for t in query.tokens):
        return None
    lexicon = index.__dict__.setdefault("lexicon", Lexicon())
    options = []
    for token in query.tokens:
        found = lexicon.candidates(index, token)
        options.append(found or [(token, 0)])
    # Every adjacent candidate pair's document frequency, in one lookup.
    frequencies = index.pair_frequencies(
        sorted(
            {
                _pair(left, right)
                for column, following in zip(options, options[1:], strict=False)
                for left, _ in column
                for right, _ in following
            }
        )
    )

    def pair_score(left, right):
        return PAIR_WEIGHT * math.log1p(frequencies.get(_pair(left, right), 0))

    # Viterbi over the candidate lattice.
    best = [(WORD_WEIGHT * math.log1p(count), [surface]) for surface, count in options[0]]
    for column in options[1:]:
        step = []
        for surface, count in column:
            score, path = max(
                ((prev_score + pair_score(prev_path[-1], surface), prev_path) for prev_score, prev_path in best),
                key=lambda item: item[0],
            )
            step.append((score + WORD_WEIGHT * math.log1p(count), [*path, surface]))
        best = step
    restored = max(best, key=lambda item: item[0])[1]
    return restored if restored != query.tokens else None


def _pair(left, right):
    return f"{exact_token(left)}_{exact_token(right)}"


def with_restored(query: AnalyzedQuery, restored: list[str]) -> AnalyzedQuery:
    """The same folded query, ranked as if typed with the restored diacritics."""
    return replace(query, exact=[exact_token(t) if has_diacritics(t) else None for t in restored])


def prepare_query(index, text: str) -> tuple[AnalyzedQuery, str | None]:
    """The query to rank with, and the restored spelling to offer ("Có phải bạn muốn tìm: …?") if any."""
    query = analyze_query(text)
    restored = restore(index, query)
    if restored is None:
        return query, None
    return with_restored(query, restored), " ".join(restored)
