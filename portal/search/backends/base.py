"""The contract every search index implements (tantivy, PostgreSQL, the in-memory fake).

An index holds ``IndexDocument``s by key and answers analysed queries with keys in rank order. Writing goes through
one writer at a time per installation; reading never takes the writer and never writes. tests/search/
test_backend_contract.py runs the same behaviour against every backend.
"""

from abc import ABC, abstractmethod
from collections.abc import Iterable
from contextlib import AbstractContextManager

from ..documents import IndexDocument, SearchFilters, SearchHits
from ..querying import DEFAULT_WEIGHTS, AnalyzedQuery, Weights


class WriterBusy(ValueError):
    """Another process holds the index's writer: it is applying the pending changes already."""


class SearchIndex(ABC):
    # Writing ---------------------------------------------------------------------------------------------

    @abstractmethod
    def writer(self) -> AbstractContextManager:
        """The index's single writer, as a context manager; raises ``WriterBusy`` when another holds it."""

    @abstractmethod
    def write(self, writer, upserts: Iterable[IndexDocument], deleted_keys: Iterable[str]) -> None:
        """Replace the documents with the same keys as ``upserts`` and remove ``deleted_keys``, through ``writer``."""

    def upsert_and_delete(self, upserts: Iterable[IndexDocument], deleted_keys: Iterable[str]) -> None:
        """``write`` under a writer of its own."""
        with self.writer() as writer:
            self.write(writer, upserts, deleted_keys)

    @abstractmethod
    def replace_all(self, documents: Iterable[IndexDocument]) -> int:
        """Make these the index's only documents (a rebuild; an empty iterable clears it); returns their count."""

    # Reading ---------------------------------------------------------------------------------------------

    @abstractmethod
    def refresh(self) -> None:
        """See what other processes have committed, without writing anything."""

    @abstractmethod
    def is_built(self) -> bool:
        """Whether a rebuild has filled this index at least once."""

    @abstractmethod
    def sites_of(self, keys: Iterable[str]) -> set[int]:
        """The sites of the indexed documents with these keys (what writing them changes for readers)."""

    @abstractmethod
    def doc_count(self) -> int:
        """How many documents the index holds."""

    def search(
        self,
        query: AnalyzedQuery,
        filters: SearchFilters = SearchFilters(),  # noqa: B008
        *,
        offset: int = 0,
        limit: int = 10,
        order_by_date: bool = False,
        weights: Weights = DEFAULT_WEIGHTS,
    ) -> SearchHits:
        """Keys of the matching documents, best first (or newest first), and how many match in all.

        Matching ignores case and diacritics (đ = d); an empty query, or one no document matches, finds nothing.
        Documents holding every word of a keyword search come first (``ranking``).
        """
        if query.is_empty or limit <= 0:  # nothing to find; tantivy would also panic on a zero limit
            return SearchHits(keys=[], total=0)
        return self._search(query, filters, offset=offset, limit=limit, order_by_date=order_by_date, weights=weights)

    @abstractmethod
    def _search(
        self, query: AnalyzedQuery, filters: SearchFilters, *, offset, limit, order_by_date, weights: Weights
    ) -> SearchHits:
        """``search`` for a query with words and a positive limit: the part each backend does its own way."""

    @abstractmethod
    def suggest_titles(self, text: str, filters: SearchFilters, limit: int) -> list[str]:
        """Keys of up to ``limit`` documents whose title holds every typed word, the last one as a prefix."""

    @abstractmethod
    def word_forms(self, first_letters: Iterable[str]) -> list[tuple[str, int]]:
        """(surface form, document frequency) of every indexed word starting with one of these letters."""

    @abstractmethod
    def pair_frequencies(self, exact_pairs: Iterable[str]) -> dict[str, int]:
        """Document frequency of each pair of adjacent exact tokens ("binhf_ddangr")."""
