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

from .. import analysis, ranking
from ..documents import IndexDocument, SearchFilters, SearchHits
from ..querying import AnalyzedQuery, Weights
from .base import SearchIndex, WriterBusy

# Every field of ranking.FIELDS holds space-separated terms (already analysed); no positions are kept: adjacency
# lives in the pair fields, and phrase queries reading positions made long questions several times slower.
TEXT_FIELDS = tuple(ranking.FIELDS)
# Surface forms as written ("bình"), for restoring the diacritics of a query typed without them.
WORD_FIELD = "word"
WRITER_HEAP = 64_000_000
# A full rebuild flushes a segment each time the heap fills; fewer, larger segments answer faster.
REBUILD_HEAP = 256_000_000
BUILT_FILE = "built"  # written after a rebuild: `rebuild_search_index --if-missing` then has nothing to do
SCHEMA_VERSION = 8  # raise whenever build_schema() or the analysis of the text changes
RECENCY_WINDOW = 200  # the recency tie-break reorders the best hits of a tier, the same ones for every page


def build_schema():
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("key", stored=True, tokenizer_name="raw")
    for name in TEXT_FIELDS:
        builder.add_text_field(name, stored=False, tokenizer_name="whitespace", index_option="freq")
    builder.add_text_field(WORD_FIELD, stored=False, tokenizer_name="whitespace", index_option="basic")
    builder.add_integer_field("site", stored=True, indexed=True, fast=True)
    builder.add_integer_field("category", stored=False, indexed=True, fast=True)
    builder.add_integer_field("published", stored=True, indexed=True, fast=True)
    return builder.build()


def _epoch(value: datetime.datetime | None) -> int:
    return int(value.timestamp()) if value else 0


def to_tantivy_document(doc: IndexDocument, analysis) -> tantivy.Document:
    title, lead, body = analysis.tokenize(doc.title), analysis.tokenize(doc.lead), analysis.tokenize(doc.body)
    fields = ranking.document_terms(title, lead, body)
    text = {
        name: " ".join(" ".join([term] * count) if count > 1 else term for term, count in terms.items())
        for name, terms in fields.items()
    }
    return tantivy.Document(
        key=doc.key,
        word=" ".join(set(title + lead + body)),
        site=doc.site_id,
        category=doc.category_id,
        published=_epoch(doc.published_at),
        **text,
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

    def sites_of(self, keys) -> set[int]:
        keys = list(keys)
        if not keys:
            return set()
        searcher = self.index.searcher()
        query = tantivy.Query.term_set_query(self.schema, "key", keys)
        result = searcher.search(query, len(keys), count=False)
        return {site for _, address in result.hits for site in searcher.doc(address).get_all("site")}

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

    def plan(self, query: AnalyzedQuery, weights: Weights, searcher) -> ranking.Plan:
        frequencies = {(field, term): searcher.doc_freq(field, term) for field, term in ranking.candidate_terms(query)}
        return ranking.plan(query, weights, frequencies)

    def relevance_query(self, plan: ranking.Plan):
        should = tantivy.Occur.Should
        return tantivy.Query.boolean_query(
            [(should, self._term(clause.field, clause.term, clause.weight)) for clause in plan.clauses]
        )

    def _all_of(self, terms):
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, self._term(field, term)) for field, term in terms])

    def filter_clauses(self, filters: SearchFilters, plan: ranking.Plan | None = None):
        """Clauses that choose documents without scoring them: filters, phrases, excluded words."""
        must, must_not = tantivy.Occur.Must, tantivy.Occur.MustNot
        chosen = []
        if filters.site_id is not None:
            chosen.append(self._term("site", filters.site_id))
        if filters.category_id is not None:
            chosen.append(self._term("category", filters.category_id))
        if filters.published_from or filters.published_before:
            chosen.append(
                tantivy.Query.range_query(
                    self.schema,
                    "published",
                    tantivy.FieldType.Integer,
                    _epoch(filters.published_from) if filters.published_from else None,
                    _epoch(filters.published_before) - 1 if filters.published_before else None,
                )
            )
        if plan is not None:
            chosen += [self._all_of(terms) for terms in plan.required]
        clauses = [(must, tantivy.Query.const_score_query(query, 0.0)) for query in chosen]
        if plan is not None:
            clauses += [(must_not, self._term(field, term)) for field, term in plan.excluded]
        return clauses

    def _search(
        self, query: AnalyzedQuery, filters: SearchFilters, *, offset, limit, order_by_date, weights: Weights
    ) -> SearchHits:
        searcher = self.index.searcher()
        plan = self.plan(query, weights, searcher)
        if not plan.clauses:
            return SearchHits(keys=[], total=0)
        must, must_not = tantivy.Occur.Must, tantivy.Occur.MustNot
        relevance = (must, self.relevance_query(plan))
        chosen = self.filter_clauses(filters, plan)
        if order_by_date:
            final = tantivy.Query.boolean_query([relevance, *chosen])
            result = searcher.search(final, limit, count=True, order_by_field="published", offset=offset)
            return self._hits(searcher, result, result.count)
        if not plan.tiered:
            return self._ranked(searcher, tantivy.Query.boolean_query([relevance, *chosen]), offset, limit, weights)
        every_word = tantivy.Query.const_score_query(self._all_of(plan.all_words), 0.0)
        first = tantivy.Query.boolean_query([relevance, (must, every_word), *chosen])
        rest = tantivy.Query.boolean_query([relevance, (must_not, every_word), *chosen])
        complete = searcher.search(first, 1, count=True).count
        keys, scores, others = [], [], None
        for tier, tier_offset, tier_limit in ranking.tier_windows(offset, limit, complete):
            hits = self._ranked(searcher, first if tier == 1 else rest, tier_offset, tier_limit, weights)
            keys += hits.keys
            scores += hits.scores
            if tier == 2:
                others = hits.total
        if others is None:
            others = searcher.search(rest, 1, count=True).count
        return SearchHits(keys=keys, total=complete + others, scores=scores, complete=complete)

    def _ranked(self, searcher, final, offset, limit, weights) -> SearchHits:
        """Results ``offset`` to ``offset + limit``: the best RECENCY_WINDOW in recency-broken order, then the rest in
        plain score order (the same documents follow the window whatever the page, so none repeats or goes missing).
        """
        keys, scores, total = [], [], 0
        stop = offset + limit
        if offset < RECENCY_WINDOW:
            result = searcher.search(final, RECENCY_WINDOW, count=True)
            ranked = sorted(self._with_recency(searcher, result.hits, weights), key=lambda item: -item[0])
            window = ranked[offset:stop]
            keys, scores, total = [key for _, key in window], [score for score, _ in window], result.count
        if stop > RECENCY_WINDOW:
            start = max(offset, RECENCY_WINDOW)
            result = searcher.search(final, stop - start, count=True, offset=start)
            rest = self._hits(searcher, result, result.count)
            keys, scores, total = keys + rest.keys, scores + rest.scores, result.count
        return SearchHits(keys=keys, total=total, scores=scores)

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
            yield score * (1 + weights.recency * ranking.freshness(published, now)), document["key"][0]

    @staticmethod
    def _hits(searcher, result, total):
        keys = [searcher.doc(address)["key"][0] for _, address in result.hits]
        scores = [float(score) for score, _ in result.hits]
        return SearchHits(keys=keys, total=total, scores=scores)
