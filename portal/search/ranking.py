"""One ranking for every backend: which terms a query looks up, in which fields, with which weights, and BM25.

Documents are indexed as terms in fields (folded and exact words, adjacent pairs, the title's and the lead's words);
a query becomes a ``Plan``:

- ``clauses``: (field, term, weight) scored with BM25F: the sum over clauses of weight x IDF x BM25's saturating
  term frequency in that field, length-normalised by the field's average length;
- ``all_words``: the terms a document must hold to be in the first tier: documents holding every word of the query
  rank above those holding only some, and the page says how many hold them all;
- ``required`` (quoted phrases, as adjacent pairs, exact where typed with diacritics) and ``excluded`` (-word).

Words and pairs found in a large share of the documents ("của", "và") cost a walk through a long postings list and
add little: the rarest join the scored clauses while the documents they are in add up to ``TERM_BUDGET``, so the
cost of a query stays flat as the corpus grows. They still count for the first tier.
"""

import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .analysis import exact_token, fold_token, has_diacritics
from .querying import AnalyzedQuery, Weights

BM25_K1 = 1.2
BM25_B = 0.75
TERM_BUDGET = 20_000
# "Every word first" is for keyword searches; a longer text is a question, rarely held whole by any document, and
# ranks by relevance alone (tiering questions ranked the right law article lower: evaluate_search measures it).
MAX_TIERED_WORDS = 8
YEAR_SECONDS = 365.25 * 86400

# field -> the length it is normalised by
FIELDS = {
    "all_f": "all",
    "all_x": "all",
    "pair_f": "pairs",
    "pair_x": "pairs",
    "title_f": "title",
    "title_x": "title",
    "title_pair_f": "title_pairs",
    "lead_f": "lead",
}
Term = tuple[str, str]  # (field, term)


@dataclass(frozen=True)
class Clause:
    field: str
    term: str
    weight: float


@dataclass(frozen=True)
class Plan:
    clauses: tuple[Clause, ...]
    all_words: tuple[Term, ...]
    required: tuple[tuple[Term, ...], ...]  # each phrase: every one of its terms
    excluded: tuple[Term, ...]

    @property
    def tiered(self) -> bool:
        """Whether documents holding every word come first: a keyword search of more than one word."""
        return 1 < len(self.all_words) <= MAX_TIERED_WORDS


def pair(first: str, second: str) -> str:
    return f"{first}_{second}"


def pairs(tokens: list[str]) -> list[str]:
    return [pair(a, b) for a, b in zip(tokens, tokens[1:], strict=False)]


def field_lengths(all_tokens: int, title_tokens: int, lead_tokens: int) -> dict[str, int]:
    """Each length a field is normalised by, from the token counts of a document."""
    return {
        "all": all_tokens,
        "pairs": max(all_tokens - 1, 0),
        "title": title_tokens,
        "title_pairs": max(title_tokens - 1, 0),
        "lead": lead_tokens,
    }


def document_terms(title: list[str], lead: list[str], body: list[str]) -> dict[str, Counter]:
    """field -> term -> frequency for a document's tokens (the same fields for every backend)."""
    tokens = title + lead + body
    folded = list(map(fold_token, tokens))
    exact = list(map(exact_token, tokens))
    title_folded = folded[: len(title)]
    return {
        "all_f": Counter(folded),
        "all_x": Counter(exact),
        "pair_f": Counter(map("_".join, zip(folded, folded[1:], strict=False))),
        "pair_x": Counter(map("_".join, zip(exact, exact[1:], strict=False))),
        "title_f": Counter(title_folded),
        "title_x": Counter(exact[: len(title)]),
        "title_pair_f": Counter(map("_".join, zip(title_folded, title_folded[1:], strict=False))),
        "lead_f": Counter(folded[len(title) : len(title) + len(lead)]),
    }


def _phrase_terms(tokens: list[tuple[str, str | None]]) -> tuple[Term, ...]:
    """A phrase as the terms a document must hold: its adjacent pairs (one word: the word), exact where typed so.

    A pair typed half with diacritics ("da năng") is its folded pair plus the accented word held exactly; an exact
    pair comes with its folded pair, which every index can look up.
    """
    if len(tokens) == 1:
        folded, exact = tokens[0]
        return (("all_x", exact),) if exact else (("all_f", folded),)
    terms: list[Term] = []
    for (f1, x1), (f2, x2) in zip(tokens, tokens[1:], strict=False):
        terms.append(("pair_f", pair(f1, f2)))
        if x1 and x2:
            terms.append(("pair_x", pair(x1, x2)))
        else:
            terms += [("all_x", exact) for exact in (x1, x2) if exact]
    return tuple(dict.fromkeys(terms))


def _excluded_terms(query: AnalyzedQuery) -> tuple[Term, ...]:
    return tuple(
        ("all_x", exact_token(token)) if has_diacritics(token) else ("all_f", fold_token(token))
        for token in query.excluded
    )


def candidate_terms(query: AnalyzedQuery) -> list[Term]:
    """The terms whose document frequencies ``plan`` needs."""
    return [
        *(("all_f", word) for word in query.folded),
        *(("pair_f", term) for term in pairs(query.folded)),
    ]


def possible_terms(query: AnalyzedQuery) -> list[Term]:
    """Every term ``plan`` may score for this query (a superset of its clauses), phrases' and exclusions' aside."""
    tokens = list(zip(query.folded, query.exact, strict=True))
    terms: list[Term] = []
    for folded, exact in tokens:
        terms += [("all_f", folded), ("title_f", folded), ("lead_f", folded)]
        if exact:
            terms += [("all_x", exact), ("title_x", exact)]
    for (f1, x1), (f2, x2) in zip(tokens, tokens[1:], strict=False):
        terms += [("pair_f", pair(f1, f2)), ("title_pair_f", pair(f1, f2))]
        if x1 and x2:
            terms.append(("pair_x", pair(x1, x2)))
    return list(dict.fromkeys(terms))


def plan(query: AnalyzedQuery, weights: Weights, frequencies: dict[Term, int]) -> Plan:
    """The clauses to score, the first tier and the filters; ``frequencies`` answers ``candidate_terms``."""
    words, pairs_, budget = set(), set(), TERM_BUDGET
    wanted = set(candidate_terms(query))
    for (field, term), count in sorted(frequencies.items(), key=lambda item: (item[1], item[0])):
        if count == 0 or (field, term) not in wanted:
            continue
        if (words or pairs_) and count > budget:
            break
        (words if field == "all_f" else pairs_).add(term)
        budget -= count
    clauses: dict[Term, float] = {}

    def add(field, term, weight):
        clauses[field, term] = clauses.get((field, term), 0.0) + weight

    tokens = list(zip(query.folded, query.exact, strict=True))
    for folded, exact in tokens:
        if folded not in words:
            continue
        add("all_f", folded, 1.0)
        add("title_f", folded, weights.title)
        add("lead_f", folded, weights.lead)
        if exact:
            add("all_x", exact, weights.exact)
            add("title_x", exact, weights.title * weights.exact)
    for (f1, x1), (f2, x2) in zip(tokens, tokens[1:], strict=False):
        if pair(f1, f2) not in pairs_:
            continue
        add("pair_f", pair(f1, f2), weights.phrase)
        add("title_pair_f", pair(f1, f2), weights.title_phrase)
        if x1 and x2:
            add("pair_x", pair(x1, x2), weights.exact_phrase)
    return Plan(
        clauses=tuple(Clause(field, term, weight) for (field, term), weight in clauses.items()),
        all_words=tuple(("all_f", word) for word in dict.fromkeys(query.folded)),
        required=tuple(_phrase_terms(tokens) for tokens in query.phrase_tokens()),
        excluded=_excluded_terms(query),
    )


@dataclass(frozen=True)
class Statistics:
    """What BM25 needs of the whole index: the document count, each clause's document frequency, average lengths."""

    documents: int
    frequencies: dict[Term, int]
    averages: dict[str, float]  # length name (FIELDS' values) -> average

    def idf(self, field: str, term: str) -> float:
        count = self.frequencies.get((field, term), 0)
        return math.log(1 + (self.documents - count + 0.5) / (count + 0.5))


def bm25(tf: float, length: float, average: float) -> float:
    return tf * (BM25_K1 + 1) / (tf + BM25_K1 * (1 - BM25_B + BM25_B * length / max(average, 1.0)))


def score(
    clauses: Iterable[Clause], frequency: Callable[[str, str], int], lengths: dict[str, int], stats: Statistics
) -> float:
    """A document's BM25F score: ``frequency(field, term)`` is its term frequency, ``lengths`` its field lengths."""
    total = 0.0
    for clause in clauses:
        tf = frequency(clause.field, clause.term)
        if tf:
            length_name = FIELDS[clause.field]
            total += (
                clause.weight
                * stats.idf(clause.field, clause.term)
                * bm25(tf, lengths[length_name], stats.averages[length_name])
            )
    return total


def tier_windows(offset: int, limit: int, first_tier: int) -> list[tuple[int, int, int]]:
    """(tier, offset in it, limit) to read for results ``offset`` to ``offset + limit`` of two tiers in a row."""
    windows = []
    if offset < first_tier:
        windows.append((1, offset, min(limit, first_tier - offset)))
    rest = offset + limit - max(offset, first_tier)
    if rest > 0:
        windows.append((2, max(offset - first_tier, 0), rest))
    return windows


def freshness(published_epoch: float | None, now: float) -> float:
    """1 for a document published now, halving every year; 0 for one without a date (the recency tie-break)."""
    if not published_epoch:
        return 0.0
    return 0.5 ** (max(now - published_epoch, 0) / YEAR_SECONDS)
