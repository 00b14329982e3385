import json
import time
from contextlib import nullcontext
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from portal.search.backends.postgres_index import PostgresIndex
from portal.search.backends.tantivy_index import TantivyIndex
from portal.search.evaluation import load_collection

BACKENDS = {
    "tantivy": lambda: nullcontext(TantivyIndex()),  # in memory
    "postgresql": PostgresIndex.scratch,  # temporary tables in the configured PostgreSQL database
}


def available_backends():
    return [name for name in sorted(BACKENDS) if name != "postgresql" or connection.vendor == "postgresql"]


class Command(BaseCommand):
    help = (
        "Score search ranking on a retrieval collection (corpus.jsonl, queries.jsonl, qrels.tsv): MRR@10, "
        "nDCG@10 and Recall@10 for the queries as written and without diacritics. Ends with one JSON line."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "folder",
            nargs="?",
            type=Path,
            default=settings.SHARED_DATA_DIR / "retrieval",
            help="collection folder (default: ../shared/data/retrieval)",
        )
        parser.add_argument(
            "--backend",
            choices=sorted(BACKENDS),
            action="append",
            help="default: every backend the database allows (postgresql needs DATABASE_URL=postgres://...)",
        )

    def handle(self, *args, folder, backend, **options):
        for name in backend or []:
            if name not in available_backends():
                raise CommandError(
                    f"Backend {name} cần DATABASE_URL trỏ tới PostgreSQL (đang dùng {connection.vendor})."
                )
        missing = [name for name in ("corpus.jsonl", "queries.jsonl", "qrels.tsv") if not (folder / name).is_file()]
        if missing:
            raise CommandError(f"{folder} thiếu tệp: {', '.join(missing)}")
        collection = load_collection(folder)
        summary = {
            "collection": str(folder),
            "documents": len(collection.documents),
            "queries": len(collection.queries),
        }
        for name in backend or available_backends():
            with BACKENDS[name]() as index:
                start = time.perf_counter()
                index.replace_all(collection.documents)
                index_seconds = time.perf_counter() - start
                results = self.evaluate(index, collection)
            summary[name] = {"index_seconds": round(index_seconds, 2), **results}
            for variant, metrics in results.items():
                self.stdout.write(
                    f"{name:8s} {variant:14s} MRR@10 {metrics['mrr@10']:.4f}  nDCG@10 {metrics['ndcg@10']:.4f}  "
                    f"Recall@10 {metrics['recall@10']:.4f}  "
                    f"p50 {metrics['p50_ms']:.2f} ms  p95 {metrics['p95_ms']:.2f} ms"
                )
        self.stdout.write(json.dumps(summary, ensure_ascii=False))

    def evaluate(self, index, collection):
        from portal.search.evaluation import evaluate

        results = evaluate(index, collection)
        return {
            variant: {key: round(value, 4) for key, value in metrics.items()} for variant, metrics in results.items()
        }
