from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from portal.news import demo_content

DEFAULT_LIMIT = 3000


class Command(BaseCommand):
    help = (
        "Load demo content: the seed article of a real portal and articles from the shared news corpus. "
        "Idempotent: articles already loaded are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit", type=int, default=DEFAULT_LIMIT, help=f"corpus articles to load (default {DEFAULT_LIMIT})"
        )
        parser.add_argument("--all", action="store_true", help="load the whole corpus (33,500 articles)")
        parser.add_argument(
            "--data",
            type=Path,
            default=settings.SHARED_DATA_DIR / "news.jsonl.gz",
            help="path of news.jsonl.gz (default: ../shared/data/news.jsonl.gz)",
        )
        parser.add_argument(
            "--seed-only-if-missing",
            action="store_true",
            help="when the corpus file is missing, load the seed article only instead of failing",
        )

    def handle(self, *args, limit, all, data, seed_only_if_missing, verbosity, **options):
        if limit < 0:
            raise CommandError("--limit phải là số không âm.")
        corpus_missing = not data.is_file()
        if corpus_missing and not seed_only_if_missing:
            raise CommandError(
                f"Không tìm thấy tệp dữ liệu {data}. Chỉ đường dẫn bằng --data, "
                "hoặc dùng --seed-only-if-missing để chỉ nạp bài viết mẫu."
            )
        with transaction.atomic():
            site, home = demo_content.ensure_home(demo_content.AGENCY["agency_name"])
            demo_content.ensure_site_settings(site, demo_content.read_seed()["visits_total"])
            demo_content.load_seed_article(home)
            demo_content.ensure_standard_pages(home)
        self.stdout.write(self.style.SUCCESS(f"Trang chủ, thiết lập và bài viết mẫu đã sẵn sàng: {home.title}"))

        if corpus_missing:
            self.stdout.write(self.style.WARNING(f"Không có tệp {data}: bỏ qua kho tin bài."))
            return
        records = demo_content.read_corpus(data, None if all else limit)
        anchor = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        progress = tqdm(total=len(records), unit="tin", desc="Nạp tin bài", disable=verbosity == 0)
        with progress, transaction.atomic():
            added = demo_content.load_corpus(home, records, anchor, progress=progress)
        self.stdout.write(self.style.SUCCESS(f"Đã nạp {added} tin bài mới ({len(records) - added} đã có từ trước)."))
