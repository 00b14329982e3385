"""Search cost as the corpus grows: the engine alone on 1x and 10x the news corpus (copies of it).

    .venv/bin/python bench/search_scale.py [--copies 10] [--data ../shared/data/news.jsonl.gz]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/search_scale.py --backend postgresql

Builds each index straight from the data file (tantivy: in a temporary folder; postgresql: in temporary tables of
the DATABASE_URL database, which must be migrated), times the full index build, then runs the fixed query set of
bench/search_queries.txt ROUNDS times and reports p50/p95 and their ratios. --copies 1 measures 1x only.
"""

import argparse
import datetime
import gzip
import json
import statistics
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import django_setup  # noqa: F401  (sets Django up before the project's imports)

from portal.search.backends.postgres_index import PostgresIndex
from portal.search.backends.tantivy_index import TantivyIndex
from portal.search.documents import IndexDocument
from portal.search.restoration import prepare_query

ROUNDS = 5
EPOCH = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)


def documents(records, copies):
    for copy in range(copies):
        for number, record in enumerate(records):
            yield IndexDocument(
                key=f"{copy}:{record['id']}",
                title=record["title"],
                body=record["body"],
                site_id=1,
                published_at=EPOCH + datetime.timedelta(minutes=number + copy * len(records)),
            )


@contextmanager
def tantivy_index():
    with tempfile.TemporaryDirectory() as folder:
        yield TantivyIndex(Path(folder))


BACKENDS = {"tantivy": tantivy_index, "postgresql": PostgresIndex.scratch}


def measure(backend, records, copies, queries):
    with BACKENDS[backend]() as index:
        start = time.perf_counter()
        count = index.replace_all(documents(records, copies))
        build = time.perf_counter() - start
        for text in queries:  # untimed warm-up pass, as in bench/search.py
            index.search(prepare_query(index, text)[0], limit=20)
        timings = []
        for _ in range(ROUNDS):
            for text in queries:
                start = time.perf_counter()
                query, _ = prepare_query(index, text)
                index.search(query, limit=20)
                timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return {
        "documents": count,
        "build_seconds": round(build, 1),
        "p50_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[int(len(timings) * 0.95)], 2),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--backend", choices=sorted(BACKENDS), default="tantivy")
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared/data/news.jsonl.gz")
    args = parser.parse_args()
    with gzip.open(args.data, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    queries = [text for _, text in django_setup.query_set()]
    one = measure(args.backend, records, 1, queries)
    print(json.dumps({"backend": args.backend, "1x": one}, ensure_ascii=False), flush=True)
    if args.copies <= 1:
        return
    many = measure(args.backend, records, args.copies, queries)
    summary = {
        "backend": args.backend,
        "1x": one,
        f"{args.copies}x": many,
        "p50_ratio": round(many["p50_ms"] / one["p50_ms"], 2),
        "p95_ratio": round(many["p95_ms"] / one["p95_ms"], 2),
    }
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
