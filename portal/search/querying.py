"""From what a citizen typed to an analysed query: words, "phrases in quotes" and -excluded words.

Everything stays forgiving: an unbalanced quote, a lone "-" or any other character is never an error, only text.
Ranking (``ranking``) is BM25 over all text with bonuses for the title, the lead, exact diacritics and adjacent words
(Vietnamese words are mostly two syllables, so a bigram is a word); documents holding every word come first.
Weights are unit values rather than tuned ones, so they do not fit the public legal retrieval split.
"""

import re
import unicodedata
from dataclasses import dataclass

from .analysis import MAX_TOKEN_CHARS, TOKEN, exact_token, fold_token, has_diacritics, tokenize

MAX_QUERY_CHARS = 500
MAX_QUERY_TOKENS = 64
# A quoted stretch, or a word marked for exclusion: "-" at the start or after a space, followed by a word.
_SYNTAX = re.compile(r'"([^"]*)"?|(?:(?<=\s)|^)-(?=[^\W_])(\S+)')


@dataclass(frozen=True)
class Weights:
    # Unit weights (each bonus counts like one more occurrence of the word), the lead at half: title > lead > body.
    title: float = 1.0
    lead: float = 0.5
    exact: float = 1.0
    phrase: float = 1.0
    exact_phrase: float = 1.0
    title_phrase: float = 1.0  # adjacent words in the title: what a reader remembers of a headline
    recency: float = 0.02  # a tie-break: never enough to lift a weaker match over a clearly better one


DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True)
class AnalyzedQuery:
    tokens: list[str]  # NFC lower-case surface tokens as typed (phrase words included, excluded words not)
    folded: list[str]
    exact: list[str | None]  # None where the token was typed without diacritics
    phrases: tuple[tuple[int, int], ...] = ()  # (start, stop) ranges of ``tokens`` typed in double quotes
    excluded: tuple[str, ...] = ()  # tokens typed after a leading "-"

    @property
    def is_empty(self):
        return not self.tokens

    def phrase_tokens(self):
        """Each phrase as its (folded, exact) tokens, exact only where typed with diacritics (never restored ones)."""
        typed = [(fold_token(t), exact_token(t) if has_diacritics(t) else None) for t in self.tokens]
        return [typed[start:stop] for start, stop in self.phrases]


def _analyzed(tokens, phrases=(), excluded=()) -> AnalyzedQuery:
    return AnalyzedQuery(
        tokens=tokens,
        folded=[fold_token(t) for t in tokens],
        exact=[exact_token(t) if has_diacritics(t) else None for t in tokens],
        phrases=tuple(phrases),
        excluded=tuple(excluded),
    )


def analyze_query(text: str) -> AnalyzedQuery:
    """Bounded and sanitised: user input never reaches a query parser, only these tokens do."""
    text = text[:MAX_QUERY_CHARS]
    tokens, phrases, excluded = [], [], []
    cursor = 0
    for match in _SYNTAX.finditer(text):
        tokens += tokenize(text[cursor : match.start()])
        cursor = match.end()
        quoted, minus = match.group(1), match.group(2)
        if minus is not None:
            excluded += tokenize(minus)
            continue
        words = tokenize(quoted or "")
        if words:
            phrases.append((len(tokens), len(tokens) + len(words)))
            tokens += words
    tokens += tokenize(text[cursor:])
    kept = tokens[:MAX_QUERY_TOKENS]
    phrases = [(start, min(stop, len(kept))) for start, stop in phrases if start < len(kept)]
    return _analyzed(kept, phrases, excluded[:MAX_QUERY_TOKENS])


def respelled(text: str, words: list[str]) -> str:
    """``text`` with its searched words replaced, in order, by ``words`` (a restored spelling), and everything else
    kept as typed: quotes, -excluded words, punctuation. When the words of ``text`` cannot be paired with ``words``
    one to one (case folding that splits a letter, "İ"), ``words`` alone."""
    text = unicodedata.normalize("NFC", text[:MAX_QUERY_CHARS])
    replacements = iter(words)
    paired = [0]

    def one(match):
        if len(match.group().casefold()) > MAX_TOKEN_CHARS:
            return match.group()
        paired[0] += 1
        return next(replacements, match.group())

    def searched(segment):
        return TOKEN.sub(one, segment)

    pieces, cursor = [], 0
    for match in _SYNTAX.finditer(text):
        pieces.append(searched(text[cursor : match.start()]))
        cursor = match.end()
        if match.group(2) is not None:
            pieces.append(match.group())
        else:
            pieces.append(searched(match.group()))
    pieces.append(searched(text[cursor:]))
    if paired[0] != len(words) or any(len(tokenize(word)) != 1 for word in words):
        return " ".join(words)
    return "".join(pieces)
