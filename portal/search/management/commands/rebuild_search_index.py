import time

from django.core.management.base import BaseCommand
from tqdm import tqdm

from portal.search import index_sync


class Command(BaseCommand):
    help = "Rebuild the search index from the database (every registered content type)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-missing", action="store_true", help="only when this installation has no index yet (used by make run)"
        )

    def handle(self, *args, verbosity, if_missing, **options):
        if if_missing and index_sync.index_exists():
            self.stdout.write("Chỉ mục tìm kiếm đã có.")
            return
        start = time.perf_counter()
        with tqdm(unit="tài liệu", desc="Lập chỉ mục", disable=verbosity == 0) as progress:
            count = index_sync.rebuild(progress=progress)
        seconds = time.perf_counter() - start
        self.stdout.write(self.style.SUCCESS(f"Đã lập chỉ mục {count} tài liệu trong {seconds:.1f} giây."))
