"""An index in a dict, for unit tests of views and listings that need neither tantivy nor PostgreSQL.

It analyses text with the same pipeline as the real backends (so "binh dang" finds "bình đẳng" and đ folds to d)
and ranks with plain BM25 plus the same title, lead, exact-diacritics and adjacent-word bonuses. It lives in one
process: not for production.
"""

import math
import threading
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass

from .. import analysis
from ..documents import IndexDocument, SearchFilters, SearchHits
from ..querying import DEFAULT_WEIGHTS, AnalyzedQuery, Weights
from .base import SearchIndex, WriterBusy

BM25_K1 = 1.2
BM25_B = 0.75
YEAR_SECONDS = 365.25 * 86400
LENGTHS = ("all", "title", "lead")


def _epoch(value) -> float:
    return value.timestamp() if value else 0.0


def _pairs(tokens):
    return [f"{a}_{b}" for a, b in zip(tokens, tokens[1:], strict=False)]


@dataclass(frozen=True)
class _Entry:
    document: IndexDocument
    terms: dict[str, Counter]  # field -> term frequencies
    lengths: dict[str, int]
    words: frozenset[str]  # surface forms as written
    exact_pairs: frozenset[str]


def _entry(doc: IndexDocument) -> _Entry:
    title = analysis.tokenize(doc.title)
    lead = analysis.tokenize(doc.lead)
    tokens = title + lead + analysis.tokenize(doc.body)
    folded = [analysis.fold_token(t) for t in tokens]
    exact = [analysis.exact_token(t) for t in tokens]
    terms = {
        "all_f": Counter(folded),
        "all_x": Counter(exact),
        "title_f": Counter(folded[: len(title)]),
        "title_x": Counter(exact[: len(title)]),
        "lead_f": Counter(folded[len(title) : len(title) + len(lead)]),
        "pair_f": Counter(_pairs(folded)),
        "pair_x": Counter(_pairs(exact)),
    }
    lengths = {"all": len(tokens), "title": len(title), "lead": len(lead)}
    return _Entry(doc, terms, lengths, frozenset(tokens), frozenset(_pairs(exact)))


class MemoryIndex(SearchIndex):
    def __init__(self):
        self._entries: dict[str, _Entry] = {}
        self._lock = threading.Lock()
        self._built = False

    # Writing ---------------------------------------------------------------------------------------------

    @contextmanager
    def writer(self):
        if not self._lock.acquire(blocking=False):
            raise WriterBusy("memory index writer is busy")
        try:
            yield self._entries
        finally:
            self._lock.release()

    def write(self, writer, upserts, deleted_keys):
        for doc in upserts:
            writer[doc.key] = _entry(doc)
        for key in deleted_keys:
            writer.pop(key, None)

    def replace_all(self, documents):
        with self.writer() as entries:
            entries.clear()
            self.write(entries, documents, [])
            self._built = True
            return len(entries)

    # Reading ---------------------------------------------------------------------------------------------

    def refresh(self):
        """Nothing to do: there is one copy, in this process."""

    def is_built(self) -> bool:
        return self._built

    def doc_count(self) -> int:
        return len(self._entries)

    def word_forms(self, first_letters) -> list[tuple[str, int]]:
        letters = tuple(first_letters)
        counts = Counter(word for entry in self._entries.values() for word in entry.words if word.startswith(letters))
        return list(counts.items())

    def pair_frequencies(self, exact_pairs) -> dict[str, int]:
        return {pair: sum(pair in e.exact_pairs for e in self._entries.values()) for pair in exact_pairs}

    def _filtered(self, filters: SearchFilters):
        for entry in self._entries.values():
            doc = entry.document
            if filters.site_id is not None and doc.site_id != filters.site_id:
                continue
            if filters.category_id is not None and doc.category_id != filters.category_id:
                continue
            if filters.published_from and (doc.published_at is None or doc.published_at < filters.published_from):
                continue
            if filters.published_before and (doc.published_at is None or doc.published_at >= filters.published_before):
                continue
            yield entry

    def _clauses(self, query: AnalyzedQuery, weights: Weights) -> list[tuple[str, str, float]]:
        """(field, term, weight): the same clauses as the tantivy query."""
        clauses = []
        for folded, exact in zip(query.folded, query.exact, strict=True):
            clauses += [("all_f", folded, 1.0), ("title_f", folded, weights.title), ("lead_f", folded, weights.lead)]
            if exact:
                clauses += [("all_x", exact, weights.exact), ("title_x", exact, weights.title * weights.exact)]
        tokens = list(zip(query.folded, query.exact, strict=True))
        for (f1, x1), (f2, x2) in zip(tokens, tokens[1:], strict=False):
            clauses.append(("pair_f", f"{f1}_{f2}", weights.phrase))
            if x1 and x2:
                clauses.append(("pair_x", f"{x1}_{x2}", weights.exact_phrase))
        return clauses

    def _score(self, entry, clauses, frequencies, averages, documents):
        score = 0.0
        for field, term, weight in clauses:
            tf = entry.terms[field].get(term, 0)
            if not tf:
                continue
            length_name = field.split("_")[0] if field.startswith(("title", "lead")) else "all"
            norm = 1 - BM25_B + BM25_B * entry.lengths[length_name] / averages[length_name]
            idf = math.log(1 + (documents - frequencies[field, term] + 0.5) / (frequencies[field, term] + 0.5))
            score += weight * idf * tf * (BM25_K1 + 1) / (tf + BM25_K1 * norm)
        return score

    def search(
        self,
        query: AnalyzedQuery,
        filters: SearchFilters = SearchFilters(),  # noqa: B008
        *,
        offset=0,
        limit=10,
        order_by_date=False,
        weights: Weights = DEFAULT_WEIGHTS,
    ) -> SearchHits:
        if query.is_empty or limit <= 0:
            return SearchHits(keys=[], total=0)
        entries = list(self._entries.values())
        documents = max(len(entries), 1)
        clauses = self._clauses(query, weights)
        frequencies = {(f, t): sum(t in e.terms[f] for e in entries) for f, t, _ in clauses}
        averages = {name: max(sum(e.lengths[name] for e in entries) / documents, 1.0) for name in LENGTHS}
        wanted = set(query.folded)
        matches = [entry for entry in self._filtered(filters) if wanted & entry.terms["all_f"].keys()]
        now = time.time()

        def rank(entry):
            published = entry.document.published_at
            if order_by_date:
                return (-(published.timestamp() if published else -math.inf), entry.document.key)
            score = self._score(entry, clauses, frequencies, averages, documents)
            freshness = 0.5 ** (max(now - published.timestamp(), 0) / YEAR_SECONDS) if published else 0.0
            return (-score * (1 + weights.recency * freshness), entry.document.key)

        ranked = sorted(matches, key=rank)[offset : offset + limit]
        return SearchHits(keys=[entry.document.key for entry in ranked], total=len(matches))

    def suggest_titles(self, text: str, filters: SearchFilters, limit: int) -> list[str]:
        words = analysis.folded(text)
        if not words:
            return []
        found = [
            entry
            for entry in self._filtered(filters)
            if all(word in entry.terms["title_f"] for word in words[:-1])
            and any(term.startswith(words[-1]) for term in entry.terms["title_f"])
        ]
        found.sort(key=lambda entry: (-_epoch(entry.document.published_at), entry.document.key))
        return [entry.document.key for entry in found[:limit]]
