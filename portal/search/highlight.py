"""Snippets with the matched words marked, whether the reader typed diacritics or not."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .analysis import fold_token

WORD = re.compile(r"[^\W_]+")
SNIPPET_WORDS = 40


def _marked(text, words, start, stop, wanted):
    pieces, cursor = [], words[start].start()
    for match in words[start:stop]:
        pieces.append(escape(text[cursor : match.start()]))
        token = escape(match.group())
        pieces.append(f"<mark>{token}</mark>" if fold_token(match.group().casefold()) in wanted else token)
        cursor = match.end()
    return "".join(pieces)


def highlight(text: str, folded_terms) -> str:
    """The whole text, HTML-escaped, with every word that matches the query in <mark>."""
    words = list(WORD.finditer(text))
    if not words:
        return escape(text)
    wanted = set(folded_terms)
    body = _marked(text, words, 0, len(words), wanted)
    return mark_safe(escape(text[: words[0].start()]) + body + escape(text[words[-1].end() :]))  # noqa: S308


def snippet(text: str, folded_terms, size=SNIPPET_WORDS) -> str:
    """The passage of ``size`` words with the most matches, escaped and marked."""
    words = list(WORD.finditer(text))
    if not words:
        return ""
    wanted = set(folded_terms)
    hits = [1 if fold_token(m.group().casefold()) in wanted else 0 for m in words]
    window = min(size, len(words))
    best, current = 0, sum(hits[:window])
    best_score = current
    for start in range(1, len(words) - window + 1):
        current += hits[start + window - 1] - hits[start - 1]
        if current > best_score:
            best, best_score = start, current
    prefix = "… " if best > 0 else ""
    suffix = " …" if best + window < len(words) else ""
    return mark_safe(prefix + _marked(text, words, best, best + window, wanted) + suffix)  # noqa: S308
