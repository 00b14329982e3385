from django.core.management import call_command
from django.core.management.base import BaseCommand

from portal.news.models import ArticlePage


class Command(BaseCommand):
    help = "Load demo content only when the database holds no article yet (used by `make run`)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=3000)

    def handle(self, *args, limit, **options):
        if ArticlePage.objects.exists():
            self.stdout.write("Đã có nội dung: không nạp dữ liệu mẫu.")
            return
        call_command("load_demo", limit=limit, seed_only_if_missing=True, stdout=self.stdout, stderr=self.stderr)
