"""The known-item evaluation: headline fragments typed four ways, drawn with a fixed seed, scored honestly."""

import gzip
import json

from django.core.management import call_command

from portal.search.backends.memory import MemoryIndex
from portal.search.known_item import TYPINGS, evaluate_known_items, load_news, sample_known_items

TITLES = [
    "Tập huấn bình đẳng giới cho cán bộ xã",
    "Không phải ăn kiêng khi trị tiêu chảy",
    "Đà Nẵng đón khách du lịch dịp lễ",
    "Ủy ban nhân dân tỉnh họp phiên thường kỳ",
    "Xây dựng nông thôn mới ở vùng cao",
    "Tập huấn bình đẳng giới cho cán bộ xã",  # the same headline twice: either article is right
]


def write_news(path):
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for number, title in enumerate(TITLES):
            handle.write(json.dumps({"id": f"n{number}", "title": title, "body": f"Nội dung bài {number}."}) + "\n")
    return path


def test_fragments_are_3_to_7_syllables_of_a_headline_and_the_seed_fixes_them(tmp_path):
    documents = load_news(write_news(tmp_path / "news.jsonl.gz"))
    items = sample_known_items(documents, 6, seed=3)
    assert items == sample_known_items(documents, 6, seed=3)
    assert items != sample_known_items(documents, 6, seed=4)
    titles = {doc.key: doc.title for doc in documents}
    for item in items:
        assert item.fragment in titles[item.target] and 3 <= len(item.fragment.split()) <= 7
    twin = next(item for item in items if item.target in ("n0", "n5"))
    assert twin.equivalent >= {"n0", "n5"}


def test_every_typing_finds_distinct_headlines_first(tmp_path):
    documents = load_news(write_news(tmp_path / "news.jsonl.gz"))
    index = MemoryIndex()
    index.replace_all(documents)
    results = evaluate_known_items(index, sample_known_items(documents, 6, seed=1))
    assert set(results) == set(TYPINGS) == {"no_diacritics", "upper_no_diacritics", "as_written", "nfd"}
    assert all(metrics["hit@1"] == metrics["hit@10"] == 1.0 for metrics in results.values())


def test_the_command_ends_with_one_json_line(tmp_path, capsys, db):
    news = write_news(tmp_path / "news.jsonl.gz")
    call_command("evaluate_search", "--known-item", "--news", str(news), "--queries", "4", "--backend", "tantivy")
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["queries"] == 4 and summary["documents"] == len(TITLES)
    assert summary["tantivy"]["as_written"]["hit@10"] == 1.0
