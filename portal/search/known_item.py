"""Known-item search: a reader remembers part of a headline and types it, often without diacritics.

From a news collection (JSON lines with ``id``, ``title``, ``body``; gzip allowed) a seeded sample of articles
gives one fragment each: 3 to 7 consecutive syllables of its title, cut at word boundaries and kept as written.
Each fragment is typed four ways: without diacritics, in capitals without diacritics, as written, and in NFD (the
decomposed form some keyboards and copy-pastes send). The target is that article; an article whose title holds
the same fragment (same words, same diacritics) is an equally right answer, since no reader could tell them apart.
"""

import gzip
import json
import random
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from portal.core.text import fold

from .analysis import TOKEN, tokenize
from .documents import IndexDocument
from .restoration import prepare_query

CUTOFF = 10
TYPINGS = {
    "no_diacritics": fold,
    "upper_no_diacritics": lambda text: fold(text).upper(),
    "as_written": lambda text: text,
    "nfd": lambda text: unicodedata.normalize("NFD", text),
}


@dataclass(frozen=True)
class KnownItem:
    fragment: str  # as written in the title
    target: str
    equivalent: frozenset[str]  # every article whose title holds the fragment (the target included)


def load_news(path: Path) -> list[IndexDocument]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return [IndexDocument(key=str(row["id"]), title=row["title"], body=row.get("body", "")) for row in rows]


def _words(title: str) -> str:
    """The title's syllables, lower case, one space apart: what "holds the same fragment" compares."""
    return " ".join(tokenize(title))


def sample_known_items(documents: list[IndexDocument], count: int, seed: int) -> list[KnownItem]:
    chooser = random.Random(seed)
    eligible = [doc for doc in documents if len(TOKEN.findall(doc.title)) >= 3]
    titles = {doc.key: f" {_words(doc.title)} " for doc in documents}
    items = []
    for doc in chooser.sample(eligible, min(count, len(eligible))):
        syllables = list(TOKEN.finditer(doc.title))
        length = chooser.randint(3, min(7, len(syllables)))
        start = chooser.randint(0, len(syllables) - length)
        fragment = doc.title[syllables[start].start() : syllables[start + length - 1].end()]
        needle = f" {_words(fragment)} "
        equivalent = frozenset(key for key, words in titles.items() if needle in words)
        items.append(KnownItem(fragment=fragment, target=doc.key, equivalent=equivalent | {doc.key}))
    return items


def evaluate_known_items(index, items: list[KnownItem]) -> dict:
    """Hit@1, Hit@10 and MRR@10 per way of typing, with the latency of preparing and running each query."""
    results = {}
    for typing, transform in TYPINGS.items():
        hit1 = hit10 = reciprocal = 0.0
        latencies = []
        for item in items:
            start = time.perf_counter()
            query, _ = prepare_query(index, transform(item.fragment))
            keys = index.search(query, limit=CUTOFF).keys
            latencies.append((time.perf_counter() - start) * 1000)
            rank = next((position for position, key in enumerate(keys, 1) if key in item.equivalent), None)
            hit1 += rank == 1
            hit10 += rank is not None
            reciprocal += 1 / rank if rank else 0.0
        latencies.sort()
        count = len(items) or 1
        results[typing] = {
            "hit@1": hit1 / count,
            "hit@10": hit10 / count,
            "mrr@10": reciprocal / count,
            "p50_ms": latencies[len(latencies) // 2] if latencies else 0.0,
            "p95_ms": latencies[int(len(latencies) * 0.95)] if latencies else 0.0,
        }
    return results
