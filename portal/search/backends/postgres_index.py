"""PostgreSQL full-text search over the pipeline's own tokens: candidates from a GIN index, then exact BM25F.

Each document is one row. ``terms``, a tsvector with a GIN index, holds the analysed terms of ``ranking.FIELDS`` as
lexemes, so PostgreSQL's text search configurations (which drop folded syllables such as "to", "do", "an" as English
stop words) never touch the text: folded words (``binh``), exact words (``=binhf``: diacritics kept, tone as a suffix
letter, see ``analysis``), adjacent folded pairs (``binh_dang``), and the title's and the lead's terms again with a
prefix (``^binh``, ``^=binhf``, ``^binh_dang``, ``~binh``). ``counted`` (not indexed) holds exact pairs
(``=binhf_đăngr``), a small bonus that would double the GIN index. Every term carries its frequency in the
document as its one position (``'binh':3``). ``search_term`` keeps every lexeme's document frequency, updated by
every write; restoring diacritics reads its exact words back as written words (``analysis.spellings``).

A search runs in two steps. Candidates: one GIN lookup per lexeme, rarest first, while the documents they are in add
up to CANDIDATE_BUDGET, each document scored as if it held each lexeme once; the best RESCORED of them go on.
Ranking: their exact term frequencies are read from their rows and scored with ``ranking.score``, the same BM25F as
tantivy's and the in-memory index's, documents holding every word first. Past them, the candidates' order of each
tier continues the list (deep pages).

A rebuild copies the rows in batches, analysed in worker processes, counts the document frequencies from that same
analysis, and builds the GIN index once at the end.
"""

import itertools
import multiprocessing
import os
import time
from collections import Counter, deque
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import NamedTuple

from django.db import connection, transaction

from .. import analysis, ranking
from ..documents import IndexDocument, SearchFilters, SearchHits
from ..querying import AnalyzedQuery, Weights
from .base import SearchIndex, WriterBusy

# Rows of search_term that hold totals rather than lexemes (no lexeme contains "#").
DOCUMENTS = "#documents"
CANDIDATE_BUDGET = 1000  # rare lexemes choose candidates while the documents they are in add up to at most this
RESCORED = 40  # the best candidates, ranked with exact term frequencies
LOCK_KEY = 727_001  # pg_advisory lock of the index writer
# Without a pending list, a search never scans unmerged entries (they piled up until the next VACUUM).
GIN_OPTIONS = "WITH (fastupdate = off)"
PREFIXES = {
    "all_f": "",
    "all_x": "=",
    "pair_f": "",
    "pair_x": "=",
    "title_f": "^",
    "title_x": "^=",
    "title_pair_f": "^",
    "lead_f": "~",
}
NOT_INDEXED = {"pair_x"}  # in ``counted``, not in ``terms``
# Each length ranking normalises by, from the row's columns (as ranking.field_lengths computes them).
LENGTH_SQL = {
    "all": "length",
    "pairs": "greatest(length - 1, 0)",
    "title": "title_length",
    "title_pairs": "greatest(title_length - 1, 0)",
    "lead": "lead_length",
}
# Each length column and the search_term row with its total (for the average).
LENGTH_TOTALS = {"length": "#tokens", "title_length": "#title", "lead_length": "#lead"}
_scratch_numbers = itertools.count(1)
COPY_BATCH = 1000
REBUILD_WORKERS = 4  # processes that analyse documents during a rebuild, at most one per core
ENTRY_COLUMNS = "key, site_id, category_id, published, terms, counted, length, title_length, lead_length"
MAX_POSITION = 16383  # the largest position a tsvector holds


def lexeme(field: str, term: str) -> str:
    return PREFIXES[field] + term


def _tsvector(names: list[str], counts) -> str:
    # Each term carries its frequency as its one position ("'binh':3"): positions are never read as positions here,
    # the GIN index ignores them, and ``_rescored`` reads them back (setweight only marks terms that have one).
    pairs = zip(names, counts, strict=True)
    return " ".join([f"'{name}':{count if count < MAX_POSITION else MAX_POSITION}" for name, count in pairs])


def to_row(doc: IndexDocument, analysis):
    """The search_entry row (ENTRY_COLUMNS) of one document, and the lexemes it holds."""
    title, lead, body = analysis.tokenize(doc.title), analysis.tokenize(doc.lead), analysis.tokenize(doc.body)
    searched, counted, lexemes = [], [], []
    for field, terms in ranking.document_terms(title, lead, body).items():
        prefix = PREFIXES[field]
        names = [prefix + term for term in terms] if prefix else list(terms)
        lexemes += names
        # Lexemes are tokenizer output ([^\W_]+) with "=", "_", "^" or "~" added: nothing to escape.
        (counted if field in NOT_INDEXED else searched).append(_tsvector(names, terms.values()))
    row = (
        doc.key,
        doc.site_id,
        doc.category_id,
        doc.published_at,
        " ".join(filter(None, searched)),
        " ".join(filter(None, counted)),
        len(title) + len(lead) + len(body),
        len(title),
        len(lead),
    )
    return row, lexemes


# Planner settings of a search: the planner does not cost decompressing a document's vector, so on a small table it
# scans every row instead of asking the index; compiling a plan (JIT) and starting parallel workers each cost more
# than these queries run (a worker took 8 ms to start for a 0.3 ms candidates query).
SEARCH_SETTINGS = {"enable_seqscan": "off", "jit": "off", "max_parallel_workers_per_gather": "0"}


@contextmanager
def _planned_for_index():
    """A cursor whose queries use the GIN index, in one process (``SEARCH_SETTINGS``).

    The settings are local to the transaction, and restored when it is someone else's (a test's, a request's) that
    goes on afterwards.
    """
    nested = connection.in_atomic_block
    names = list(SEARCH_SETTINGS)
    with transaction.atomic(), connection.cursor() as cursor:
        if nested:
            cursor.execute(f"SELECT {', '.join(['current_setting(%s)'] * len(names))}", names)
            previous = cursor.fetchone()
        cursor.execute("; ".join(f"SET LOCAL {name} = {value}" for name, value in SEARCH_SETTINGS.items()))
        yield cursor
        if nested:  # (after an error, rolling back the savepoint restores them)
            restore = ", ".join(["set_config(%s, %s, true)"] * len(names))
            cursor.execute(f"SELECT {restore}", [item for pair in zip(names, previous, strict=True) for item in pair])


def _batches(items, size):
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _built_batch(batch: list[IndexDocument]) -> tuple[list[tuple], Counter]:
    """The rows of a batch of documents, and how many of them hold each lexeme (with the totals)."""
    rows, counted = [], Counter()
    for doc in batch:
        row, lexemes = to_row(doc, analysis)
        rows.append(row)
        counted.update(lexemes)
        counted.update(_length_totals(row[-3:]))
    counted[DOCUMENTS] = len(rows)
    return rows, counted


def _built_batches(batches):
    """``_built_batch`` of each batch, in order, in worker processes while this one copies (analysis is most of a
    rebuild's Python time). At most two batches per worker wait, however long the stream of documents."""
    workers = min(REBUILD_WORKERS, len(os.sched_getaffinity(0)))  # the cores this process may use, not the host's
    batches = iter(batches)
    first_two = list(itertools.islice(batches, 2))
    if workers < 2 or len(first_two) < 2:  # one batch: not worth a process
        yield from map(_built_batch, itertools.chain(first_two, batches))
        return
    # forkserver: workers start from a clean process that imports the analysis code, rather than copies of this one
    # with its threads (a progress bar's) and database connection.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("forkserver")) as pool:
        waiting = deque()
        for batch in itertools.chain(first_two, batches):
            waiting.append(pool.submit(_built_batch, batch))
            if len(waiting) >= 2 * workers:
                yield waiting.popleft().result()
        while waiting:
            yield waiting.popleft().result()


def _length_totals(lengths) -> dict[str, int]:
    return dict(zip(LENGTH_TOTALS.values(), lengths, strict=True))


def _tsquery(lexemes, operator="|", prefix_last=False):
    items = [f"'{lexeme_}'" for lexeme_ in lexemes]
    if prefix_last and items:
        items[-1] += ":*"
    return f" {operator} ".join(items)


class _Where(NamedTuple):
    tsquery: str  # "& ..." added to every lexeme's tsquery
    sql: str  # " AND ..." added to every WHERE
    params: list


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
            like = "INCLUDING DEFAULTS INCLUDING STORAGE"
            cursor.execute(f"CREATE TEMP TABLE {index.entry} (LIKE search_entry {like}, PRIMARY KEY (key))")
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
            "RETURNING tsvector_to_array(terms) || tsvector_to_array(counted), length, title_length, lead_length",
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
            # The totals are written even for an empty index: their rows say it has been built.
            frequencies = Counter(dict.fromkeys([DOCUMENTS, *LENGTH_TOTALS.values()], 0))
            # In batches: the documents may come from queries on this same connection, which cannot run mid-COPY.
            for rows, counted in _built_batches(_batches(documents, COPY_BATCH)):
                with cursor.copy(f"COPY {self.entry} ({ENTRY_COLUMNS}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                frequencies.update(counted)
            with cursor.copy(f"COPY {self.term} (term, documents) FROM STDIN") as copy:
                for row in frequencies.items():
                    copy.write_row(row)
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")  # the GIN build sorts in memory
            cursor.execute(f"CREATE INDEX {self.entry}_terms ON {self.entry} USING gin (terms) {GIN_OPTIONS}")
            cursor.execute(f"CREATE INDEX {self.entry}_site_published ON {self.entry} (site_id, published)")
            cursor.execute(f"ANALYZE {self.entry}")
            cursor.execute(f"ANALYZE {self.term}")
        return frequencies[DOCUMENTS]

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

    def sites_of(self, keys) -> set[int]:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT DISTINCT site_id FROM {self.entry} WHERE key = ANY(%s)", [list(keys)])
            return {site for (site,) in cursor.fetchall() if site is not None}

    def word_forms(self, first_letters) -> list[tuple[str, int]]:
        """(written form, document frequency) of every indexed word starting with one of these letters: the exact
        words, each as the words it can stand for (both tone placements are one exact word, counted once)."""
        letters = set(first_letters)
        exact_letters = sorted({analysis.exact_token(letter)[0] for letter in letters if letter})
        if not exact_letters:
            return []
        # The conditions of the partial index search_term_words (migration 0004), and one LIKE per letter: a prefix
        # pattern it can range over (LIKE ANY of an array it cannot).
        prefixes = " OR ".join(["term LIKE %s"] * len(exact_letters))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT substr(term, 2), documents FROM {self.term} "
                f"WHERE term LIKE '=%%' AND strpos(term, '_') = 0 AND ({prefixes})",
                [f"={letter}%" for letter in exact_letters],
            )
            return [
                (written, count)
                for exact, count in cursor.fetchall()
                for written in analysis.spellings(exact)
                if written[0] in letters
            ]

    def pair_frequencies(self, exact_pairs) -> dict[str, int]:
        found = self.document_frequencies("=" + pair for pair in exact_pairs)
        return {pair: found.get("=" + pair, 0) for pair in exact_pairs}

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

    @staticmethod
    def _chosen_sql(plan: ranking.Plan):
        """The tsquery part and the extra SQL every match must satisfy: phrases and excluded words."""
        parts, checks, params = [], [], []
        for terms in plan.required:
            for field, term in terms:
                if field in NOT_INDEXED:  # an exact pair: its folded pair (also required) chooses, this confirms
                    checks.append("counted @@ %s::tsquery")
                    params.append(f"'{lexeme(field, term)}'")
                else:
                    parts.append(f"'{lexeme(field, term)}'")
        parts += [f"!'{lexeme(field, term)}'" for field, term in plan.excluded]
        return "".join(f" & {part}" for part in parts), "".join(f" AND {c}" for c in checks), params

    @staticmethod
    def _statistics(plan: ranking.Plan, found: dict[str, int]) -> ranking.Statistics:
        documents = max(found.get(DOCUMENTS, 0), 1)
        average = {column: found.get(total, 0) / documents for column, total in LENGTH_TOTALS.items()}
        return ranking.Statistics(
            documents=documents,
            frequencies={(c.field, c.term): found.get(lexeme(c.field, c.term), 0) for c in plan.clauses},
            averages={
                "all": average["length"],
                "pairs": max(average["length"] - 1, 0),
                "title": average["title_length"],
                "title_pairs": max(average["title_length"] - 1, 0),
                "lead": average["lead_length"],
            },
        )

    def _candidates(self, cursor, plan, stats, where, offset, limit, listed=None):
        """(key, published, approximate score), best first: each rare lexeme counted once, length-normalised.

        With ``listed`` (a tsquery), every document it matches comes too, after those scored (score 0).
        """
        indexed = [c for c in plan.clauses if c.field not in NOT_INDEXED and stats.frequencies[c.field, c.term]]
        indexed.sort(key=lambda c: (stats.frequencies[c.field, c.term], c.field, c.term))
        chosen, budget = [], CANDIDATE_BUDGET
        for clause in indexed:
            count = stats.frequencies[clause.field, clause.term]
            if chosen and count > budget:
                break
            chosen.append(clause)
            budget -= count
        branches, params = [], []
        if listed is not None:
            branches.append(f"SELECT key, published, 0 AS w FROM {self.entry} WHERE terms @@ %s::tsquery{where.sql}")
            params += [listed + where.tsquery, *where.params]
        if not chosen and not branches:
            return []
        for clause in chosen:
            column = LENGTH_SQL[ranking.FIELDS[clause.field]]
            average = stats.averages[ranking.FIELDS[clause.field]] or 1.0
            k1, b = ranking.BM25_K1, ranking.BM25_B
            branches.append(
                f"SELECT key, published, %s * {k1 + 1} / (1 + {k1} * (1 - {b} + {b} * {column} / %s::float8)) AS w "
                f"FROM {self.entry} WHERE terms @@ %s::tsquery{where.sql}"
            )
            weight = clause.weight * stats.idf(clause.field, clause.term)
            params += [weight, average, f"'{lexeme(clause.field, clause.term)}'{where.tsquery}", *where.params]
        cursor.execute(
            f"SELECT key, published, sum(w) AS score FROM ({' UNION ALL '.join(branches)}) hits "
            "GROUP BY key, published ORDER BY score DESC, key LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )
        return cursor.fetchall()

    def _rescored(self, cursor, plan, stats, keys, weights):
        """(score with recency, key, holds every word) of these documents, from their exact term frequencies."""
        terms = [(c.field, c.term) for c in plan.clauses] + list(plan.all_words)
        terms = list(dict.fromkeys(terms))
        names = [lexeme(field, term) for field, term in terms]
        # setweight marks the wanted lexemes (a binary search each) and ts_filter keeps them, both in C: unnesting
        # the whole vector to compare every lexeme in SQL cost twenty times as much.
        held_sql = (
            "(SELECT array_agg(lexeme || ' ' || positions[1]) FROM unnest(ts_filter(setweight({}, 'A', %s), '{{a}}')))"
        )
        columns, params = [held_sql.format("terms")], [names]
        if any(field in NOT_INDEXED for field, _ in terms):  # ``counted`` is large (surfaces): read only if needed
            columns.append(held_sql.format("counted"))
            params.append(names)
        cursor.execute(
            "SELECT key, extract(epoch FROM published)::float8, length, title_length, lead_length, "
            f"{', '.join(columns)} FROM {self.entry} WHERE key = ANY(%s)",
            [*params, keys],
        )
        now = time.time()
        for key, published, length, title_length, lead_length, *held_lists in cursor.fetchall():
            held = (item.split(" ") for found in held_lists for item in (found or []))
            found = {name: int(count) for name, count in held}
            frequencies = {term: found.get(name, 0) for term, name in zip(terms, names, strict=True)}
            lengths = ranking.field_lengths(length, title_length, lead_length)
            score = ranking.score(plan.clauses, lambda f, t, held=frequencies: held[f, t], lengths, stats)
            complete = all(frequencies[term] for term in plan.all_words)
            yield score * (1 + weights.recency * ranking.freshness(published, now)), key, complete

    def _search(
        self, query: AnalyzedQuery, filters: SearchFilters, *, offset, limit, order_by_date, weights: Weights
    ) -> SearchHits:
        # Every term the plan may score, and the totals, in one lookup.
        wanted = ranking.possible_terms(query)
        found = self.document_frequencies([*(lexeme(f, t) for f, t in wanted), *LENGTH_TOTALS.values(), DOCUMENTS])
        candidates = ranking.candidate_terms(query)
        plan = ranking.plan(query, weights, {(f, t): found.get(lexeme(f, t), 0) for f, t in candidates})
        if not plan.clauses:
            return SearchHits(keys=[], total=0)
        stats = self._statistics(plan, found)
        filter_sql, filter_params = self._filters_sql(filters)
        chosen_tsquery, check_sql, check_params = self._chosen_sql(plan)
        # Every scored document holds a chosen word or pair (title, lead and exact terms are in those documents).
        any_word = f"({_tsquery(lexeme(c.field, c.term) for c in plan.clauses if c.field in ('all_f', 'pair_f'))})"
        every_word = f"({_tsquery([lexeme(f, t) for f, t in plan.all_words], '&')})"
        where = _Where(chosen_tsquery, filter_sql + check_sql, [*filter_params, *check_params])
        with _planned_for_index() as cursor:

            def count(tsquery):
                cursor.execute(
                    f"SELECT count(*) FROM {self.entry} WHERE terms @@ %s::tsquery{where.sql}",
                    [tsquery + where.tsquery, *where.params],
                )
                return cursor.fetchone()[0]

            total = count(any_word)
            if order_by_date:
                cursor.execute(
                    f"SELECT key FROM {self.entry} WHERE terms @@ %s::tsquery{where.sql} "
                    "ORDER BY published DESC NULLS LAST, key LIMIT %s OFFSET %s",
                    [any_word + where.tsquery, *where.params, limit, offset],
                )
                return SearchHits(keys=[key for (key,) in cursor.fetchall()], total=total)
            complete = count(every_word) if plan.tiered else total
            # Every page starts from the same exactly ranked best candidates, so pages agree with each other.
            tiers: dict[int, list[tuple[float, str]]] = {1: [], 2: []}
            best = {key for key, _, _ in self._candidates(cursor, plan, stats, where, 0, RESCORED)}
            for score, key, holds_all in self._rescored(cursor, plan, stats, sorted(best), weights):
                tiers[1 if holds_all or not plan.tiered else 2].append((-score, key))
            for ranked in tiers.values():
                ranked.sort()
            keys, scores = [], []
            for tier, tier_offset, tier_limit in ranking.tier_windows(offset, limit, complete):
                ranked, stop = tiers[tier], tier_offset + tier_limit
                if stop > len(ranked) and len(ranked) < (complete if tier == 1 else total - complete):
                    # Past them, the tier continues in the candidates' order, down to documents that only a common
                    # word brought in (every document counted can be listed).
                    tier_where = where
                    if plan.tiered:
                        tier_where = where._replace(tsquery=f"{where.tsquery} & {'' if tier == 1 else '!'}{every_word}")
                    shown = {key for _, key in ranked}
                    more = self._candidates(cursor, plan, stats, tier_where, 0, stop + len(ranked), listed=any_word)
                    ranked = ranked + [(-float(score), key) for key, _, score in more if key not in shown]
                window = ranked[tier_offset:stop]
                keys += [key for _, key in window]
                scores += [-score for score, _ in window]
        return SearchHits(keys=keys, total=total, scores=scores, complete=complete if plan.tiered else None)

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
                [_tsquery([lexeme("title_f", word) for word in words], "&", prefix_last=True), *filter_params, limit],
            )
            return [key for (key,) in cursor.fetchall()]
