"""An embedded BM25 index (tantivy) over the pipeline's pre-analysed tokens.

Why not SQLite FTS5: its bm25() is computed for every matching row, so a ranked OR query costs more the more
documents match; tantivy's top-k evaluation (block-max WAND) answers the same queries, with phrase bonuses, many
times faster and ranks them better (bench/search.py and ``manage.py evaluate_search`` measure both).
"""

import datetime
import time
from contextlib import contextmanager
from pathlib import Path

import tantivy

from .. import analysis
from ..documents import IndexDocument, SearchFilters, SearchHits
from ..querying import DEFAULT_WEIGHTS, AnalyzedQuery, Weights
from .base import SearchIndex, WriterBusy

TEXT_FIELDS = ("all_f", "all_x", "title_f", "title_x", "lead_f")
# Adjacent syllables as one term ("binh_dang"): the phrase bonus as a plain term lookup. Phrase queries read
# positions and made a long question 8x slower than its terms alone.
PAIR_FIELDS = ("pair_f", "pair_x")
# Surface forms as written ("bình"), for restoring the diacritics of a query typed without them.
WORD_FIELD = "word"
WRITER_HEAP = 64_000_000
# A full rebuild flushes a segment each time the heap fills; fewer, larger segments answer faster.
REBUILD_HEAP = 256_000_000
BUILT_FILE = "built"  # written after a rebuild: `rebuild_search_index --if-missing` then has nothing to do
SCHEMA_VERSION = 6  # raise whenever build_schema() or the analysis of the text changes
YEAR_SECONDS = 365.25 * 86400
# Rare words and pairs join a query while the documents they are in add up to at most this (see chosen_terms).
TERM_BUDGET = 20_000
RECENCY_WINDOW = 200  # the recency tie-break reorders the best 200 hits, always the same 200 for every page


def build_schema():
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("key", stored=True, tokenizer_name="raw")
    for name in TEXT_FIELDS + PAIR_FIELDS:
        # Text arrives already analysed (space-separated tokens), so splitting on spaces is all that is left;
        # no positions are kept: adjacency lives in the pair fields.
        builder.add_text_field(name, stored=False, tokenizer_name="whitespace", index_option="freq")
    builder.add_text_field(WORD_FIELD, stored=False, tokenizer_name="whitespace", index_option="basic")
    builder.add_integer_field("site", stored=False, indexed=True, fast=True)
    builder.add_integer_field("category", stored=False, indexed=True, fast=True)
    builder.add_integer_field("published", stored=True, indexed=True, fast=True)
    return builder.build()


def _epoch(value: datetime.datetime | None) -> int:
    return int(value.timestamp()) if value else 0


def pairs(tokens) -> list[str]:
    return [f"{a}_{b}" for a, b in zip(tokens, tokens[1:], strict=False)]


def to_tantivy_document(doc: IndexDocument, analysis) -> tantivy.Document:
    title_tokens = analysis.tokenize(doc.title)
    lead_tokens = analysis.tokenize(doc.lead)
    all_tokens = title_tokens + lead_tokens + analysis.tokenize(doc.body)
    all_folded = list(map(analysis.fold_token, all_tokens))
    all_exact = list(map(analysis.exact_token, all_tokens))
    return tantivy.Document(
        key=doc.key,
        all_f=" ".join(all_folded),
        all_x=" ".join(all_exact),
        pair_f=" ".join(pairs(all_folded)),
        pair_x=" ".join(pairs(all_exact)),
        word=" ".join(set(all_tokens)),
        title_f=" ".join(map(analysis.fold_token, title_tokens)),
        title_x=" ".join(map(analysis.exact_token, title_tokens)),
        lead_f=" ".join(map(analysis.fold_token, lead_tokens)),
        site=doc.site_id,
        category=doc.category_id,
        published=_epoch(doc.published_at),
    )


class TantivyIndex(SearchIndex):
    def __init__(self, path: Path | None = None):
        self.schema = build_schema()
        self.path = path
        if path is None:
            self.index = tantivy.Index(self.schema)  # in memory: evaluations and tests
        else:
            path.mkdir(parents=True, exist_ok=True)
            self.index = tantivy.Index(self.schema, path=str(path), reuse=True)

    # Writing ---------------------------------------------------------------------------------------------

    @staticmethod
    def exists_at(path: Path) -> bool:
        """Whether an index has been created in this folder (opening one creates it, which readers must not)."""
        return (path / "meta.json").exists()

    def _writer(self, heap_size):
        try:
            return self.index.writer(heap_size=heap_size, num_threads=1)
        except ValueError as exc:  # tantivy's LockBusy
            raise WriterBusy(str(exc)) from exc

    def replace_all(self, documents):
        writer = self._writer(REBUILD_HEAP)
        writer.delete_all_documents()
        count = 0
        for doc in documents:
            writer.add_document(to_tantivy_document(doc, analysis))
            count += 1
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        if self.path is not None:
            (self.path / BUILT_FILE).touch()
        return count

    @contextmanager
    def writer(self):
        """The index's single writer; WriterBusy when another process holds it. Commits only by ``write``."""
        writer = self._writer(WRITER_HEAP)
        try:
            yield writer
        finally:
            writer.wait_merging_threads()  # also releases the lock
            self.index.reload()

    def write(self, writer, upserts, deleted_keys):
        for doc in upserts:
            writer.delete_documents_by_term("key", doc.key)
            writer.add_document(to_tantivy_document(doc, analysis))
        for key in deleted_keys:
            writer.delete_documents_by_term("key", key)
        writer.commit()

    # Reading ---------------------------------------------------------------------------------------------

    def refresh(self):
        """See what other processes have committed."""
        self.index.reload()

    def is_built(self) -> bool:
        return (self.path / BUILT_FILE).exists() if self.path is not None else self.doc_count() > 0

    def doc_count(self) -> int:
        return self.index.searcher().num_docs

    def word_forms(self, first_letters) -> list[tuple[str, int]]:
        """(surface form, document frequency) of every indexed word starting with one of these letters."""
        searcher = self.index.searcher()
        return [item for letter in first_letters for item in searcher.terms_with_prefix(WORD_FIELD, letter)]

    def pair_frequencies(self, exact_pairs) -> dict[str, int]:
        searcher = self.index.searcher()
        return {pair: searcher.doc_freq("pair_x", pair) for pair in exact_pairs}

    def _term(self, field, value, boost=1.0):
        query = tantivy.Query.term_query(self.schema, field, value)
        return query if boost == 1.0 else tantivy.Query.boost_query(query, boost)

    def relevance_query(self, query: AnalyzedQuery, weights: Weights, searcher=None):
        should = tantivy.Occur.Should
        words, pairs_ = self.chosen_terms(query, searcher or self.index.searcher())
        clauses = []
        for folded, exact in zip(query.folded, query.exact, strict=True):
            if folded not in words:
                continue
            clauses.append((should, self._term("all_f", folded)))
            clauses.append((should, self._term("title_f", folded, weights.title)))
            clauses.append((should, self._term("lead_f", folded, weights.lead)))
            if exact:
                clauses.append((should, self._term("all_x", exact, weights.exact)))
                clauses.append((should, self._term("title_x", exact, weights.title * weights.exact)))
        tokens = list(zip(query.folded, query.exact, strict=True))
        for (f1, x1), (f2, x2) in zip(tokens, tokens[1:], strict=False):
            if f"{f1}_{f2}" not in pairs_:
                continue
            clauses.append((should, self._term("pair_f", f"{f1}_{f2}", weights.phrase)))
            if x1 and x2:
                clauses.append((should, self._term("pair_x", f"{x1}_{x2}", weights.exact_phrase)))
        return tantivy.Query.boolean_query(clauses)

    @staticmethod
    def chosen_terms(query: AnalyzedQuery, searcher) -> tuple[set[str], set[str]]:
        """The query's rarest words and pairs, while the documents they are in fit TERM_BUDGET (at least one).

        A word in a large share of the documents ("của", "và", "ủy ban" on a province's portal) adds little to the
        ranking but costs a walk through its whole postings list: leaving such words out when rarer ones fill
        the budget keeps the cost of a query flat as the corpus grows. On a small site every word is kept.
        """
        frequencies = {("all_f", word): searcher.doc_freq("all_f", word) for word in query.folded}
        for first, second in zip(query.folded, query.folded[1:], strict=False):
            frequencies[("pair_f", f"{first}_{second}")] = searcher.doc_freq("pair_f", f"{first}_{second}")
        words, pairs_, budget = set(), set(), TERM_BUDGET
        for (field, term), count in sorted(frequencies.items(), key=lambda item: item[1]):
            if count == 0:
                continue
            if (words or pairs_) and count > budget:
                break
            (words if field == "all_f" else pairs_).add(term)
            budget -= count
        return words, pairs_

    def filter_clauses(self, filters: SearchFilters):
        must = tantivy.Occur.Must
        clauses = []
        if filters.site_id is not None:
            clauses.append((must, self._term("site", filters.site_id)))
        if filters.category_id is not None:
            clauses.append((must, self._term("category", filters.category_id)))
        if filters.published_from or filters.published_before:
            clauses.append(
                (
                    must,
                    tantivy.Query.range_query(
                        self.schema,
                        "published",
                        tantivy.FieldType.Integer,
                        _epoch(filters.published_from) if filters.published_from else None,
                        _epoch(filters.published_before) - 1 if filters.published_before else None,
                    ),
                )
            )
        return clauses

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
        if query.is_empty or limit <= 0:  # tantivy panics on a zero limit
            return SearchHits(keys=[], total=0)
        searcher = self.index.searcher()
        relevance = self.relevance_query(query, weights, searcher)
        filters_ = self.filter_clauses(filters)
        final = tantivy.Query.boolean_query([(tantivy.Occur.Must, relevance), *filters_]) if filters_ else relevance
        if order_by_date:
            result = searcher.search(final, limit, count=True, order_by_field="published", offset=offset)
            return self._hits(searcher, result, result.count)
        if offset + limit > RECENCY_WINDOW:
            # Past the re-ranked window, plain score order continues it without repeating or skipping anything.
            result = searcher.search(final, limit, count=True, offset=offset)
            return self._hits(searcher, result, result.count)
        result = searcher.search(final, RECENCY_WINDOW, count=True)
        ranked = sorted(self._with_recency(searcher, result.hits, weights), key=lambda item: -item[0])
        window = ranked[offset : offset + limit]
        return SearchHits(keys=[key for _, key in window], total=result.count, scores=[s for s, _ in window])

    def suggest_titles(self, text: str, filters: SearchFilters, limit: int) -> list[str]:
        """Keys of documents whose title holds every typed word, the last one as a prefix ("binh da" -> đẳng)."""
        words = analysis.folded(text)
        if not words:
            return []
        searcher = self.index.searcher()
        must = tantivy.Occur.Must
        clauses = [(must, self._term("title_f", word)) for word in words[:-1]]
        expansions = [term for term, _ in searcher.terms_with_prefix("title_f", words[-1], limit=30)]
        if not expansions:
            return []
        last = tantivy.Query.boolean_query([(tantivy.Occur.Should, self._term("title_f", t)) for t in expansions])
        query = tantivy.Query.boolean_query([*clauses, (must, last), *self.filter_clauses(filters)])
        result = searcher.search(query, limit, count=False)
        return [searcher.doc(address)["key"][0] for _, address in result.hits]

    @staticmethod
    def _with_recency(searcher, hits, weights: Weights):
        """A mild tie-break: at most ``weights.recency`` of extra score, halving every year of age."""
        now = time.time()
        for score, address in hits:
            document = searcher.doc(address)
            published = document["published"][0] if document["published"] else 0
            freshness = 0.5 ** (max(now - published, 0) / YEAR_SECONDS) if published else 0.0
            yield score * (1 + weights.recency * freshness), document["key"][0]

    @staticmethod
    def _hits(searcher, result, total):
        keys = [searcher.doc(address)["key"][0] for _, address in result.hits]
        scores = [float(score) for score, _ in result.hits]
        return SearchHits(keys=keys, total=total, scores=scores)
