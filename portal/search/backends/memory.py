"""An index in a dict, for unit tests of views and listings that need neither tantivy nor PostgreSQL.

It analyses text with the same pipeline as the real backends (so "binh dang" finds "bình đẳng" and đ folds to d)
and ranks with the shared plan and BM25F of ``ranking``, like the real backends, by reading every document. It lives
in one process: not for production.
"""

import math
import threading
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass

from .. import analysis, ranking
from ..documents import IndexDocument, SearchFilters, SearchHits
from ..querying import AnalyzedQuery, Weights
from .base import SearchIndex, WriterBusy


def _epoch(value) -> float:
    return value.timestamp() if value else 0.0


@dataclass(frozen=True)
class _Entry:
    document: IndexDocument
    terms: dict[str, dict[str, int]]  # field -> term frequencies (ranking.document_terms)
    lengths: dict[str, int]
    words: frozenset[str]  # surface forms as written

    def frequency(self, field, term):
        return self.terms[field].get(term, 0)

    def holds(self, field, term):
        return term in self.terms[field]


def _entry(doc: IndexDocument) -> _Entry:
    title, lead, body = analysis.tokenize(doc.title), analysis.tokenize(doc.lead), analysis.tokenize(doc.body)
    terms = ranking.document_terms(title, lead, body)
    lengths = ranking.field_lengths(len(title) + len(lead) + len(body), len(title), len(lead))
    return _Entry(doc, terms, lengths, frozenset(title + lead + body))


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

    def sites_of(self, keys) -> set[int]:
        return {self._entries[key].document.site_id for key in keys if key in self._entries} - {None}

    def doc_count(self) -> int:
        return len(self._entries)

    def word_forms(self, first_letters) -> list[tuple[str, int]]:
        letters = tuple(first_letters)
        counts = Counter(word for entry in self._entries.values() for word in entry.words if word.startswith(letters))
        return list(counts.items())

    def pair_frequencies(self, exact_pairs) -> dict[str, int]:
        return {pair: sum(e.holds("pair_x", pair) for e in self._entries.values()) for pair in exact_pairs}

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

    def _statistics(self, terms) -> ranking.Statistics:
        entries = list(self._entries.values())
        documents = max(len(entries), 1)
        lengths = set(ranking.FIELDS.values())
        return ranking.Statistics(
            documents=documents,
            frequencies={(f, t): sum(e.holds(f, t) for e in entries) for f, t in terms},
            averages={name: sum(e.lengths[name] for e in entries) / documents for name in lengths},
        )

    def _search(
        self, query: AnalyzedQuery, filters: SearchFilters, *, offset, limit, order_by_date, weights: Weights
    ) -> SearchHits:
        candidates = self._statistics(ranking.candidate_terms(query)).frequencies
        plan = ranking.plan(query, weights, candidates)
        if not plan.clauses:
            return SearchHits(keys=[], total=0)
        stats = self._statistics({(c.field, c.term) for c in plan.clauses})
        matches = [
            entry
            for entry in self._filtered(filters)
            if any(entry.holds(c.field, c.term) for c in plan.clauses)
            and all(entry.holds(*term) for terms in plan.required for term in terms)
            and not any(entry.holds(*term) for term in plan.excluded)
        ]
        now = time.time()

        def complete(entry):
            return all(entry.holds(*term) for term in plan.all_words)

        def rank(entry):
            published = entry.document.published_at
            if order_by_date:
                return (-(published.timestamp() if published else -math.inf), entry.document.key)
            score = ranking.score(plan.clauses, entry.frequency, entry.lengths, stats)
            tier = 0 if not plan.tiered or complete(entry) else 1
            recency = 1 + weights.recency * ranking.freshness(_epoch(published), now)
            return (tier, -score * recency, entry.document.key)

        ranked = sorted(matches, key=rank)[offset : offset + limit]
        tiered = plan.tiered and not order_by_date
        return SearchHits(
            keys=[entry.document.key for entry in ranked],
            total=len(matches),
            complete=sum(map(complete, matches)) if tiered else None,
        )

    def suggest_titles(self, text: str, filters: SearchFilters, limit: int) -> list[str]:
        words = analysis.folded(text)
        if not words:
            return []
        found = [
            entry
            for entry in self._filtered(filters)
            if all(entry.holds("title_f", word) for word in words[:-1])
            and any(term.startswith(words[-1]) for term in entry.terms["title_f"])
        ]
        found.sort(key=lambda entry: (-_epoch(entry.document.published_at), entry.document.key))
        return [entry.document.key for entry in found[:limit]]
