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
        "nDCG@10 and Recall@10 for the queries as written and without diacritics. With --known-item: title "
        "fragments of a news collection typed four ways, Hit@1, Hit@10 and MRR@10. Ends with one JSON line."
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
            "--known-item",
            action="store_true",
            help="known-item mode: fragments of headlines from --news instead of the collection folder",
        )
        parser.add_argument(
            "--news",
            type=Path,
            default=settings.SHARED_DATA_DIR / "news.jsonl.gz",
            help="news collection for --known-item: JSON lines with id, title, body (.gz allowed)",
        )
        parser.add_argument("--queries", type=int, default=500, help="--known-item: how many fragments (default 500)")
        parser.add_argument("--seed", type=int, default=2025, help="--known-item: random seed (default 2025)")
        parser.add_argument(
            "--backend",
            choices=sorted(BACKENDS),
            action="append",
            help="default: every backend the database allows (postgresql needs DATABASE_URL=postgres://...)",
        )

    def handle(self, *args, folder, backend, known_item, news, queries, seed, **options):
        for name in backend or []:
            if name not in available_backends():
                raise CommandError(
                    f"Backend {name} cần DATABASE_URL trỏ tới PostgreSQL (đang dùng {connection.vendor})."
                )
        if known_item:
            return self.known_items(news, queries, seed, backend or available_backends())
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

    def known_items(self, news, count, seed, backends):
        from portal.search.known_item import evaluate_known_items, load_news, sample_known_items

        if not news.is_file():
            raise CommandError(f"Không tìm thấy tệp tin bài {news}")
        documents = load_news(news)
        items = sample_known_items(documents, count, seed)
        summary = {"collection": str(news), "documents": len(documents), "queries": len(items), "seed": seed}
        for name in backends:
            with BACKENDS[name]() as index:
                start = time.perf_counter()
                index.replace_all(documents)
                index_seconds = time.perf_counter() - start
                results = evaluate_known_items(index, items)
            summary[name] = {"index_seconds": round(index_seconds, 2)}
            for typing, metrics in results.items():
                summary[name][typing] = {key: round(value, 4) for key, value in metrics.items()}
                self.stdout.write(
                    f"{name:8s} {typing:20s} Hit@1 {metrics['hit@1']:.4f}  Hit@10 {metrics['hit@10']:.4f}  "
                    f"MRR@10 {metrics['mrr@10']:.4f}  p50 {metrics['p50_ms']:.2f} ms  p95 {metrics['p95_ms']:.2f} ms"
                )
        self.stdout.write(json.dumps(summary, ensure_ascii=False))
