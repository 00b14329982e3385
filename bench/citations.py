"""Citation extractor quality and speed: F1 on the hand-labelled sentences, MB/s on real news bodies.

    .venv/bin/python bench/citations.py [--articles 5000] [--repeat 3]

Quality: precision, recall and F1 of portal.legal.citations on tests/legal/citations_labelled.jsonl (a citation
matches when type, number, name and year are equal), and, over the matched ones, the share with the exact span
and the same articles. Speed: the first --articles bodies of the news corpus (UTF-8 bytes of text per second of
extraction, best of --repeat runs, one process), and the same text in NFD, which has to be normalised first.
Ends with one JSON line.
"""

import argparse
import gzip
import json
import time
import unicodedata
from pathlib import Path

import django_setup  # noqa: F401  (sets Django up; must come before portal imports)
from django.conf import settings

from portal.legal.citations import extract_citations, score

LABELLED = Path(__file__).resolve().parent.parent / "tests" / "legal" / "citations_labelled.jsonl"


def news_bodies(count):
    """The first ``count`` article bodies of the shared news corpus."""
    bodies = []
    with gzip.open(settings.SHARED_DATA_DIR / "news.jsonl.gz", "rt", encoding="utf-8") as lines:
        for line in lines:
            bodies.append(json.loads(line)["body"])
            if len(bodies) >= count:
                break
    return bodies


def megabytes_per_second(texts, repeat):
    """UTF-8 megabytes of ``texts`` the extractor reads per second (best of ``repeat``) and the citations found."""
    size = sum(len(text.encode("utf-8")) for text in texts) / 1e6
    best, found = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        found = sum(len(extract_citations(text)) for text in texts)
        best = min(best, time.perf_counter() - start)
    return size / best, size, found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000, help="news bodies to time (default 5000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs, the best one counts (default 3)")
    options = parser.parse_args()

    examples = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines() if line.strip()]
    quality = score(examples)
    mistakes = quality.pop("mistakes")
    print(
        f"labelled set: {quality['examples']} sentences, {quality['labelled']} citations; found {quality['found']}, "
        f"matched {quality['matched']}"
    )
    print(
        f"precision {quality['precision']:.3f}  recall {quality['recall']:.3f}  F1 {quality['f1']:.3f}  "
        f"span exact {quality['span_accuracy']:.3f}  articles {quality['articles_accuracy']:.3f}"
    )
    for example_id, kind, citation in mistakes:
        print(
            f"  {kind:7} {example_id}: {citation['type']} | {citation['number']} | {citation['name']} | "
            f"{citation['year']} | {citation['span']!r} | {citation['articles']}"
        )

    bodies = news_bodies(options.articles)
    speed, size, found = megabytes_per_second(bodies, options.repeat)
    print(f"news bodies: {len(bodies)} articles, {size:.1f} MB, {found} citations, {speed:.1f} MB/s")
    decomposed = [unicodedata.normalize("NFD", body) for body in bodies]
    nfd_speed, _, nfd_found = megabytes_per_second(decomposed, options.repeat)
    print(f"same bodies in NFD: {nfd_found} citations, {nfd_speed:.1f} MB/s (of the NFD bytes)")
    print(json.dumps({**quality, "mb_per_second": round(speed, 2), "nfd_mb_per_second": round(nfd_speed, 2)}))


if __name__ == "__main__":
    main()
