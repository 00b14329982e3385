"""Whether to offer the restored spelling of a query ("Có phải bạn muốn tìm: …?").

A query typed without diacritics is ranked with its restored spelling anyway (``restoration.prepare_query``); the
offer is only a link to the same words with their diacritics, so it is made only when the index clearly prefers
that spelling to what was typed:

- the words have more than one letter on average ("a" is a word, and so are "á", "à" and "ạ": nothing to prefer);
- the restored spelling is attested in at least ``MIN_DOCUMENTS`` documents and in at least ``MIN_RATIO`` times as
  many documents as the spelling typed. Attested means: for one word, the documents holding that word (either tone
  placement); for several, the documents holding each adjacent pair, averaged over the pairs.

So "binh dang gioi" offers "bình đẳng giới", while a name or a foreign word that the corpus itself writes without
diacritics ("Ha Noi" in an English title) offers nothing unless the Vietnamese spelling is far more common.
"""

from statistics import fmean

from .analysis import exact_token
from .querying import AnalyzedQuery
from .restoration import Lexicon

MIN_DOCUMENTS = 1  # a small unit's site may hold a phrase once, and the typed spelling never
MIN_RATIO = 2.0


def offered_spelling(index, query: AnalyzedQuery, restored: str | None) -> str | None:
    """``restored`` if it is worth offering to a reader who typed ``query``, otherwise None."""
    if not restored or query.is_empty:
        return None
    typed, spelled = query.tokens, restored.split()
    if len(spelled) != len(typed) or sum(len(t) for t in typed) <= len(typed):
        return None
    if len(typed) == 1:
        literal, wanted = _word_documents(index, typed[0], spelled[0])
    else:
        frequencies = index.pair_frequencies(sorted({*_pairs(typed), *_pairs(spelled)}))
        literal = fmean(frequencies.get(pair, 0) for pair in _pairs(typed))
        wanted = fmean(frequencies.get(pair, 0) for pair in _pairs(spelled))
    return restored if wanted >= MIN_DOCUMENTS and wanted >= MIN_RATIO * literal else None


def _pairs(tokens):
    exact = [exact_token(t) for t in tokens]
    return [f"{left}_{right}" for left, right in zip(exact, exact[1:], strict=False)]


def _word_documents(index, typed: str, spelled: str) -> tuple[int, int]:
    """Documents holding the word as typed and as restored, from the lexicon restoration has already loaded."""
    lexicon = index.__dict__.setdefault("lexicon", Lexicon())
    forms = lexicon.candidates(index, typed)
    literal = sum(count for surface, count in forms if exact_token(surface) == exact_token(typed))
    wanted = sum(count for surface, count in forms if exact_token(surface) == exact_token(spelled))
    return literal, wanted
