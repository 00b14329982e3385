"""The one Vietnamese text pipeline used to index and to query.

Every token exists in two forms:

- folded: lower case, no diacritics at all, đ -> d ("Người" -> "nguoi"); what a citizen types without accents;
- exact: lower case, vowel marks kept (â ă ê ô ơ ư đ), the tone moved to a suffix letter in Telex order
  (s sắc, f huyền, r hỏi, x ngã, j nặng), so both tone placements are one token: "hòa" = "hoà" -> "hoaf",
  "thủy" = "thuỷ" -> "thuyr", "ủy" = "uỷ" -> "uyr".

SQLite's and Unicode's own folding miss đ and, in FTS5's default mode, the double-marked vowels ("người"); here
everything is done in Python so the index and the query agree by construction.
"""

import re
import unicodedata
from functools import lru_cache

from portal.core.text import fold

# Combining tone marks and their Telex letters; the other combining marks are vowel qualities and stay.
TONE_SUFFIX = {"\u0301": "s", "\u0300": "f", "\u0309": "r", "\u0303": "x", "\u0323": "j"}
TOKEN = re.compile(r"[^\W_]+")
# Longer "words" are noise (base64, runs of one letter); the bound keeps every term, and a pair of them, well under
# PostgreSQL's limit on a lexeme (2,047 bytes), whatever case folding does to the letters.
MAX_TOKEN_CHARS = 100


def tokenize(text: str) -> list[str]:
    """Lower-cased NFC word tokens (syllables, numbers, parts of document numbers)."""
    return [t for t in TOKEN.findall(unicodedata.normalize("NFC", text).casefold()) if len(t) <= MAX_TOKEN_CHARS]


# Vietnamese has a few thousand syllables: caching per token makes indexing several times faster.
@lru_cache(maxsize=200_000)
def fold_token(token: str) -> str:
    return fold(token)


@lru_cache(maxsize=200_000)
def exact_token(token: str) -> str:
    """The token with its tone as a suffix letter: one form for both tone placements."""
    decomposed = unicodedata.normalize("NFD", token)
    tone = ""
    kept = []
    for char in decomposed:
        if char in TONE_SUFFIX:
            tone = TONE_SUFFIX[char]
        else:
            kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept)) + tone


def has_diacritics(token: str) -> bool:
    return fold_token(token) != token


def folded(text: str) -> list[str]:
    return [fold_token(t) for t in tokenize(text)]


def exact(text: str) -> list[str]:
    return [exact_token(t) for t in tokenize(text)]


# From an exact token back to a written word ---------------------------------------------------------------------

TONE_MARK = {letter: mark for mark, letter in TONE_SUFFIX.items()}
SYLLABLE = re.compile(
    r"(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?([aăâeêioôơuưy]{1,3})(ch|ng|nh|[cmnpt])?", re.ASCII
)
MARKED_VOWELS = "ăâêôơư"
VOWELS = "aăâeêioôơuưy"


def _tone_position(vowels: str, final: str) -> int:
    """Where Vietnamese spelling puts the tone in a syllable's vowels: on the vowel with a mark (ơ of ươ), else on
    the last vowel before a final consonant, else the middle of three or the first of two ("hòa", "thủy", as the
    press mostly writes them)."""
    if "ươ" in vowels:
        return vowels.index("ươ") + 1
    marked = [i for i, char in enumerate(vowels) if char in MARKED_VOWELS]
    if marked:
        return marked[-1]
    if final:
        return len(vowels) - 1
    return 1 if len(vowels) == 3 else 0


def spellings(exact: str) -> list[str]:
    """The written words an exact token can stand for: itself (a word without a tone: "ban", "virus"), and, when it
    ends with a tone letter, the word with that tone where Vietnamese spelling puts it ("binhf" -> "bình", "bus" ->
    "bú"), or on the last vowel of a word that is no Vietnamese syllable ("cafes" -> "café"). Each folds to what a
    reader would type for it; the forms that are no real word are only offered for what nobody types."""
    found = [exact]
    stem, tone = exact[:-1], TONE_MARK.get(exact[-1:])
    if not tone:
        return found
    match = SYLLABLE.fullmatch(stem)
    if match is not None:
        initial, vowels, final = match.group(1) or "", match.group(2), match.group(3) or ""
        position = len(initial) + _tone_position(vowels, final)
    else:  # a foreign word with a mark ("café"): on its last vowel
        position = max((i for i, char in enumerate(stem) if char in VOWELS), default=None)
        if position is None:
            return found
    found.append(unicodedata.normalize("NFC", stem[: position + 1] + tone + stem[position + 1 :]))
    return found
