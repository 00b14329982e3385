"""Ranking quality on a BEIR-style collection: corpus.jsonl, queries.jsonl, qrels.tsv."""

import csv
import json
import math
import time
from dataclasses import dataclass
from pathlib import Path

from portal.core.text import fold

from .documents import IndexDocument
from .restoration import prepare_query

CUTOFF = 10


@dataclass(frozen=True)
class Collection:
    documents: list[IndexDocument]
    queries: dict[str, str]
    relevant: dict[str, set[str]]


def load_collection(folder: Path) -> Collection:
    with open(folder / "corpus.jsonl", encoding="utf-8") as handle:
        documents = [
            IndexDocument(key=row["_id"], title=row.get("title", ""), body=row.get("text", ""))
            for row in map(json.loads, filter(str.strip, handle))
        ]
    with open(folder / "queries.jsonl", encoding="utf-8") as handle:
        queries = {row["_id"]: row["text"] for row in map(json.loads, filter(str.strip, handle))}
    relevant: dict[str, set[str]] = {}
    with open(folder / "qrels.tsv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if int(row["score"]) > 0:
                relevant.setdefault(row["query-id"], set()).add(row["corpus-id"])
    return Collection(documents, {q: t for q, t in queries.items() if q in relevant}, relevant)


def strip_diacritics(text: str) -> str:
    """The query as typed on a phone without Vietnamese input: no tone or vowel marks, đ -> d."""
    return fold(text)


def score_run(ranked: dict[str, list[str]], relevant: dict[str, set[str]], cutoff=CUTOFF) -> dict[str, float]:
    mrr = ndcg = recall = 0.0
    for query_id, expected in relevant.items():
        top = ranked.get(query_id, [])[:cutoff]
        first = next((rank for rank, key in enumerate(top, 1) if key in expected), None)
        mrr += 1 / first if first else 0.0
        dcg = sum(1 / math.log2(rank + 1) for rank, key in enumerate(top, 1) if key in expected)
        ideal = sum(1 / math.log2(rank + 1) for rank in range(1, min(len(expected), cutoff) + 1))
        ndcg += dcg / ideal
        recall += len(expected.intersection(top)) / len(expected)
    count = len(relevant) or 1
    return {"mrr@10": mrr / count, "ndcg@10": ndcg / count, "recall@10": recall / count}


def evaluate(index, collection: Collection) -> dict:
    results = {}
    for variant, transform in (("as_written", str), ("no_diacritics", strip_diacritics)):
        ranked, latencies = {}, []
        for query_id, text in collection.queries.items():
            start = time.perf_counter()
            query, _ = prepare_query(index, transform(text))
            hits = index.search(query, limit=CUTOFF)
            latencies.append((time.perf_counter() - start) * 1000)
            ranked[query_id] = hits.keys
        latencies.sort()
        metrics = score_run(ranked, collection.relevant)
        metrics["p50_ms"] = latencies[len(latencies) // 2]
        metrics["p95_ms"] = latencies[int(len(latencies) * 0.95)]
        results[variant] = metrics
    return results
