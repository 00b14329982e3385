"""PostgreSQL full-text search over the pipeline's own tokens, answered from a GIN index alone.

Each document is one row whose ``terms`` tsvector holds the analysed tokens as lexemes, so PostgreSQL's text search
configurations (which drop folded syllables such as "to", "do", "an" as English stop words) never touch the text:
folded words (``binh``), exact words (``=binhf``: diacritics kept, tone as a suffix letter, see ``analysis``),
adjacent folded pairs (``binh_dang``: the phrase bonus as a plain lexeme), and the title's and the lead's words
again as their own fields (``^binh``, ``~binh``). ``counted`` (not indexed) holds what only restoring diacritics
needs: exact pairs (``=binhf_ddangr``) and surface forms as written (``@bình``). ``search_term`` keeps every
lexeme's document frequency, updated by every write.

Ranking is BM25F: each query lexeme a document holds adds its IDF times BM25's term-frequency part in the lexeme's
field (length-normalised), times the lexeme's weight (the same clauses and weights as the tantivy query). Term
frequency is stored as lexemes too ("binh+2": at least twice, "binh+4"), because reading positions (``ts_rank``)
decompresses the whole document vector, which made long questions slow. Everything is
answered by the GIN index without touching the vector.

The cost follows the rare lexemes, not the match count: one index lookup per lexeme, rarest first, while the
documents they are in add up to at most CANDIDATE_BUDGET (always at least the rarest). Common words ("của", "và")
beyond it are left out; they would only add a little to the score of the same documents.
"""

import itertools
import math
from collections import Counter
from contextlib import contextmanager

from django.db import connection, transaction

from .. import analysis
from ..documents import IndexDocument, SearchFilters, SearchHits
from ..querying import DEFAULT_WEIGHTS, AnalyzedQuery, Weights
from .base import SearchIndex, WriterBusy

# Rows of search_term that hold totals rather than lexemes (no lexeme contains "#").
DOCUMENTS = "#documents"
CANDIDATE_BUDGET = 1000  # rare lexemes join the search while the documents they are in add up to at most this
LOCK_KEY = 727_001  # pg_advisory lock of the index writer
YEAR_SECONDS = 365.25 * 86400
BM25_K1 = 1.2
BM25_B = 0.75
# Without a pending list, a search never scans unmerged entries (they piled up until the next VACUUM).
GIN_OPTIONS = "WITH (fastupdate = off)"
TITLE, LEAD = "^", "~"  # lexeme prefixes of the title's and the lead's words
# Term frequency as lexemes: "binh+2" is in a document that holds "binh" at least twice. BM25's saturating
# term-frequency curve is followed at 1, 2 and 4 occurrences.
TF_LEVELS = (2, 4)
# Each field's length column, and the search_term row with its total for the average.
FIELD_LENGTHS = {"": ("length", "#tokens"), TITLE: ("title_length", "#title"), LEAD: ("lead_length", "#lead")}
_scratch_numbers = itertools.count(1)
COPY_BATCH = 1000
ENTRY_COLUMNS = "key, site_id, category_id, published, terms, counted, length, title_length, lead_length"


def _pairs(tokens):
    return [f"{a}_{b}" for a, b in zip(tokens, tokens[1:], strict=False)]


def to_row(doc: IndexDocument, analysis):
    """The search_entry row (ENTRY_COLUMNS) of one document, and the lexemes it holds."""
    title = analysis.tokenize(doc.title)
    lead = analysis.tokenize(doc.lead)
    tokens = title + lead + analysis.tokenize(doc.body)
    folded = list(map(analysis.fold_token, tokens))
    exact_bare = list(map(analysis.exact_token, tokens))
    exact = ["=" + lexeme for lexeme in exact_bare]
    searched = {*folded, *exact, *_pairs(folded)}
    for lexeme, count in Counter(folded + exact).items():
        searched.update(f"{lexeme}+{level}" for level in TF_LEVELS if count >= level)
    title_lexemes = [TITLE + lexeme for lexeme in folded[: len(title)] + exact[: len(title)]]
    searched.update(title_lexemes)
    for lexeme, count in Counter(title_lexemes).items():
        searched.update(f"{lexeme}+{level}" for level in TF_LEVELS if count >= level)
    searched.update(LEAD + lexeme for lexeme in folded[len(title) : len(title) + len(lead)])
    # Counted for restoring diacritics, never searched: kept out of the GIN index, which they would double.
    counted = {*("=" + pair for pair in _pairs(exact_bare)), *("@" + token for token in tokens)}
    # Lexemes are tokenizer output ([^\W_]+) with "=", "_", "+", "^" or "~" added: nothing to escape.
    row = (
        doc.key,
        doc.site_id,
        doc.category_id,
        doc.published_at,
        " ".join(f"'{lexeme}'" for lexeme in searched),
        " ".join(f"'{lexeme}'" for lexeme in counted),
        len(tokens),
        len(title),
        len(lead),
    )
    lexemes = searched | counted
    return row, lexemes


@contextmanager
def _planned_for_index():
    """A cursor whose queries use the GIN index.

    The planner does not cost decompressing a document's vector, so on a small table it scans every row instead
    of asking the index; and compiling a plan (JIT) costs more than these queries run. The settings are local to
    the transaction, and restored when it is someone else's (a test's, a request's) that goes on afterwards.
    """
    nested = connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        if nested:
            cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('jit')")
            previous = cursor.fetchone()
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL jit = off")
        yield cursor
        if nested:  # (after an error, rolling back the savepoint restores them)
            cursor.execute("SELECT set_config('enable_seqscan', %s, true), set_config('jit', %s, true)", previous)


def _batches(items, size):
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _bm25_sql(frequency, length_column) -> str:
    """BM25's term-frequency part for a known frequency; the field's average length is the one parameter."""
    k1, b = BM25_K1, BM25_B
    return f"{frequency} * {k1 + 1} / ({frequency} + {k1} * (1 - {b} + {b} * {length_column} / %s::float8))"


def _length_totals(lengths) -> dict[str, int]:
    return {total: length for (_, total), length in zip(FIELD_LENGTHS.values(), lengths, strict=True)}


def _tsquery(lexemes, operator="|", prefix_last=False):
    items = [f"'{lexeme}'" for lexeme in lexemes]
    if prefix_last and items:
        items[-1] += ":*"
    return f" {operator} ".join(items)


class PostgresIndex(SearchIndex):
    """The search index as tables in the database, so every worker and server shares it."""

    def __init__(self, prefix="search", private=False):
        self.entry, self.term = f"{prefix}_entry", f"{prefix}_term"
        self.private = private  # session-private tables need no writer lock

    @classmethod
    @contextmanager
    def scratch(cls):
        """An empty index in temporary tables private to this database session (evaluations, benchmarks, tests)."""
        prefix = f"search_scratch_{next(_scratch_numbers)}"
        index = cls(prefix, private=True)
        with connection.cursor() as cursor:
            # Indexes are not copied: replace_all creates them.
            cursor.execute(f"CREATE TEMP TABLE {index.entry} (LIKE search_entry INCLUDING DEFAULTS, PRIMARY KEY (key))")
            cursor.execute(f"CREATE TEMP TABLE {index.term} (LIKE search_term INCLUDING DEFAULTS, PRIMARY KEY (term))")
        try:
            yield index
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE {index.entry}, {index.term}")

    # Writing ---------------------------------------------------------------------------------------------

    @contextmanager
    def writer(self):
        """One writer at a time; WriterBusy when another process holds the lock (it is applying the changes)."""
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT %s OR pg_try_advisory_xact_lock(%s)", [self.private, LOCK_KEY])
            if not cursor.fetchone()[0]:
                raise WriterBusy("search index writer is busy")
            yield cursor

    def write(self, cursor, upserts, deleted_keys):
        rows = [to_row(doc, analysis) for doc in upserts]
        keys = [row[0] for row, _ in rows] + list(deleted_keys)
        delta: Counter = Counter()
        cursor.execute(
            f"DELETE FROM {self.entry} WHERE key = ANY(%s) "
            "RETURNING tsvector_to_array(terms || counted), length, title_length, lead_length",
            [keys],
        )
        removed = cursor.fetchall()
        for old_lexemes, *lengths in removed:
            delta.subtract(old_lexemes)
            delta.subtract(_length_totals(lengths))
        delta[DOCUMENTS] -= len(removed)
        if rows:
            cursor.executemany(
                f"INSERT INTO {self.entry} ({ENTRY_COLUMNS}) "
                "VALUES (%s, %s, %s, %s, %s::tsvector, %s::tsvector, %s, %s, %s)",
                [row for row, _ in rows],
            )
            for row, lexemes in rows:
                delta.update(lexemes)
                delta.update(_length_totals(row[-3:]))
            delta[DOCUMENTS] += len(rows)
        self._apply_term_delta(cursor, delta)

    def _apply_term_delta(self, cursor, delta):
        changed = sorted((term, count) for term, count in delta.items() if count)  # sorted: no lock-order deadlock
        if not changed:
            return
        cursor.execute(
            f"INSERT INTO {self.term} (term, documents) SELECT * FROM unnest(%s::text[], %s::bigint[]) "
            f"ON CONFLICT (term) DO UPDATE SET documents = {self.term}.documents + EXCLUDED.documents",
            [[term for term, _ in changed], [count for _, count in changed]],
        )
        cursor.execute(f"DELETE FROM {self.term} WHERE term = ANY(%s) AND documents <= 0", [[t for t, _ in changed]])

    def replace_all(self, documents):
        with self.writer() as cursor:
            # Searches wait for the rebuild to commit (TRUNCATE locks the tables); building the GIN index once
            # after loading is several times faster than updating it row by row.
            cursor.execute(
                "SELECT relnamespace::regnamespace::text FROM pg_class WHERE oid = %s::regclass", [self.entry]
            )
            schema = cursor.fetchone()[0]
            cursor.execute(f"DROP INDEX IF EXISTS {schema}.{self.entry}_terms, {schema}.{self.entry}_site_published")
            cursor.execute(f"TRUNCATE {self.entry}, {self.term}")
            totals: Counter = Counter()
            count = 0
            # In batches: the documents may come from queries on this same connection, which cannot run mid-COPY.
            for batch in _batches(documents, COPY_BATCH):
                rows = [to_row(doc, analysis) for doc in batch]
                with cursor.copy(f"COPY {self.entry} ({ENTRY_COLUMNS}) FROM STDIN") as copy:
                    for row, lexemes in rows:
                        copy.write_row(row)
                        totals.update(lexemes)
                        totals.update(_length_totals(row[-3:]))
                count += len(rows)
            totals[DOCUMENTS] = count
            with cursor.copy(f"COPY {self.term} (term, documents) FROM STDIN") as copy:
                # Lexemes hold no tab, newline or backslash: COPY's text format needs no escaping.
                copy.write("".join(f"{term}\t{count}\n" for term, count in totals.items()))
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")  # the GIN build sorts in memory
            cursor.execute(f"CREATE INDEX {self.entry}_terms ON {self.entry} USING gin (terms) {GIN_OPTIONS}")
            cursor.execute(f"CREATE INDEX {self.entry}_site_published ON {self.entry} (site_id, published)")
            cursor.execute(f"ANALYZE {self.entry}")
            cursor.execute(f"ANALYZE {self.term}")
        return count

    # Reading ---------------------------------------------------------------------------------------------

    def refresh(self):
        """Nothing to do: every query reads the committed tables."""

    def is_built(self) -> bool:
        return bool(self.document_frequencies([DOCUMENTS]))

    def document_frequencies(self, lexemes) -> dict[str, int]:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT term, documents FROM {self.term} WHERE term = ANY(%s)", [list(lexemes)])
            return dict(cursor.fetchall())

    def doc_count(self) -> int:
        return self.document_frequencies([DOCUMENTS]).get(DOCUMENTS, 0)

    def word_forms(self, first_letters) -> list[tuple[str, int]]:
        """(surface form, document frequency) of every indexed word starting with one of these letters."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT substr(term, 2), documents FROM {self.term} WHERE term LIKE ANY(%s)",
                [[f"@{letter}%" for letter in first_letters]],
            )
            return cursor.fetchall()

    def pair_frequencies(self, exact_pairs) -> dict[str, int]:
        found = self.document_frequencies("=" + pair for pair in exact_pairs)
        return {pair: found.get("=" + pair, 0) for pair in exact_pairs}

    @staticmethod
    def weighted_lexemes(query: AnalyzedQuery, weights: Weights) -> dict[str, float]:
        """Query lexeme -> weight: the same clauses and weights as the tantivy query, fields as lexeme prefixes."""
        wanted: Counter = Counter()
        for folded, exact in zip(query.folded, query.exact, strict=True):
            wanted[folded] += 1.0
            wanted[TITLE + folded] += weights.title
            wanted[LEAD + folded] += weights.lead
            if exact:
                wanted["=" + exact] += weights.exact
                wanted[TITLE + "=" + exact] += weights.title * weights.exact
        tokens = list(zip(query.folded, query.exact, strict=True))
        # No exact-pair clause: measured on the legal collection it changed no ranking, and it would double the
        # lexemes the GIN index holds (and the rebuild time).
        for (f1, _), (f2, _) in zip(tokens, tokens[1:], strict=False):
            wanted[f"{f1}_{f2}"] += weights.phrase
        return wanted

    @staticmethod
    def candidate_lexemes(wanted, frequencies):
        """The rarest lexemes, while the documents they are in fit the budget (always at least the rarest one)."""
        found = sorted((frequencies[lexeme], lexeme) for lexeme in wanted if frequencies.get(lexeme))
        chosen, budget = [], CANDIDATE_BUDGET
        for count, lexeme in found:
            if chosen and count > budget:
                break
            chosen.append(lexeme)
            budget -= count
        return chosen

    def _filters_sql(self, filters: SearchFilters):
        clauses, params = [], []
        if filters.site_id is not None:
            clauses.append("site_id = %s")
            params.append(filters.site_id)
        if filters.category_id is not None:
            clauses.append("category_id = %s")
            params.append(filters.category_id)
        if filters.published_from:
            clauses.append("published >= %s")
            params.append(filters.published_from)
        if filters.published_before:
            clauses.append("published < %s")
            params.append(filters.published_before)
        return "".join(f" AND {clause}" for clause in clauses), params

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
        wanted = self.weighted_lexemes(query, weights)
        words = [lexeme for lexeme in wanted if lexeme[0] != LEAD and "_" not in lexeme]
        levels = {f"{word}+{level}": (word, level) for word in words for level in TF_LEVELS}
        totals = [total for _, total in FIELD_LENGTHS.values()]
        frequencies = self.document_frequencies([*wanted, *levels, *totals, DOCUMENTS])
        documents = max(frequencies.get(DOCUMENTS, 0), 1)
        chosen = self.candidate_lexemes(wanted, frequencies)
        if not chosen:
            return SearchHits(keys=[], total=0)
        # A chosen word's frequency levels only score documents it already brought in; they choose none.
        chosen_set = set(chosen)
        chosen += [name for name, (word, _) in levels.items() if word in chosen_set and frequencies.get(name)]
        filter_sql, filter_params = self._filters_sql(filters)
        # One index lookup per lexeme; a document's score is the sum over the lexemes it holds of BM25 in the
        # lexeme's field, with the term frequency known to be at least 1, 2 or 4.
        branches, params = [], []
        for lexeme in chosen:
            base, level = levels.get(lexeme, (lexeme, 1))
            frequency = frequencies[base]
            idf = math.log(1 + (documents - frequency + 0.5) / (frequency + 0.5))
            length_column, total = FIELD_LENGTHS[base[0] if base[0] in (TITLE, LEAD) else ""]
            average = max(frequencies.get(total, 0) / documents, 1.0)
            previous = 0 if level == 1 else ((1, *TF_LEVELS)[(1, *TF_LEVELS).index(level) - 1])
            gain = f"{_bm25_sql(level, length_column)} - {_bm25_sql(previous, length_column)}"
            branches.append(
                f"SELECT key, published, %s * ({gain}) AS weight "
                f"FROM {self.entry} WHERE terms @@ %s::tsquery{filter_sql}"
            )
            params += [wanted[base] * idf, average, average, _tsquery([lexeme]), *filter_params]
        if order_by_date:
            order, order_params = "published DESC NULLS LAST, key", []
        else:
            order = (
                "score * (1 + %s * coalesce(power(0.5, greatest(extract(epoch FROM now() - published), 0) / %s), 0))"
                " DESC, key"
            )
            order_params = [weights.recency, YEAR_SECONDS]
        sql = f"""
            SELECT key, score, count(*) OVER () FROM (
                SELECT key, published, sum(weight) AS score
                FROM ({" UNION ALL ".join(branches)}) hits GROUP BY key, published
            ) scored ORDER BY {order} LIMIT %s OFFSET %s
        """
        with _planned_for_index() as cursor:
            cursor.execute(sql, [*params, *order_params, limit, offset])
            rows = cursor.fetchall()
            if not rows and offset:  # past the last page: the count alone
                cursor.execute(
                    f"SELECT count(*) FROM {self.entry} WHERE terms @@ %s::tsquery{filter_sql}",
                    [_tsquery(chosen), *filter_params],
                )
                return SearchHits(keys=[], total=cursor.fetchone()[0])
        return SearchHits(
            keys=[key for key, _, _ in rows],
            total=rows[0][2] if rows else 0,
            scores=[float(score) for _, score, _ in rows],
        )

    def suggest_titles(self, text: str, filters: SearchFilters, limit: int) -> list[str]:
        """Keys of documents whose title holds every typed word, the last one as a prefix ("binh da" -> đẳng)."""
        words = analysis.folded(text)
        if not words:
            return []
        filter_sql, filter_params = self._filters_sql(filters)
        with _planned_for_index() as cursor:
            cursor.execute(
                f"SELECT key FROM {self.entry} WHERE terms @@ %s::tsquery {filter_sql} "
                "ORDER BY published DESC NULLS LAST, key LIMIT %s",
                [_tsquery([TITLE + word for word in words], "&", prefix_last=True), *filter_params, limit],
            )
            return [key for (key,) in cursor.fetchall()]
