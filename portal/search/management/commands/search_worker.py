import signal
import time

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections

from portal.search import index_sync


class Command(BaseCommand):
    help = (
        "Apply pending search index changes as they commit (a backstop for writers that found the index busy); "
        "stops cleanly on SIGTERM or SIGINT."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=0.5, help="seconds between two looks at the outbox")
        parser.add_argument("--once", action="store_true", help="apply what is pending now, then stop")

    def handle(self, *args, interval, once, verbosity, **options):
        self.stopping = False
        previous = {sig: signal.signal(sig, self.stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            if verbosity:
                self.stdout.write(f"Cập nhật chỉ mục tìm kiếm mỗi {interval:g} giây.")
                self.stdout.flush()  # a supervisor (or a test) reading a pipe knows the worker is up
            while not self.stopping:
                applied = self.apply_once()
                if applied and verbosity > 1:
                    self.stdout.write(f"Đã cập nhật {applied} thay đổi.")
                if once:
                    break
                self.sleep(interval)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        if verbosity:
            self.stdout.write(self.style.SUCCESS("Đã dừng."))

    def apply_once(self) -> int:
        close_old_connections()  # survive a database restart: a broken connection is replaced, not reused
        try:
            return index_sync.apply_pending_quietly(retry_seconds=0)
        except DatabaseError as exc:
            self.stderr.write(f"Cơ sở dữ liệu chưa sẵn sàng: {exc}")
            return 0

    def sleep(self, seconds):
        deadline = time.monotonic() + seconds
        while not self.stopping and (left := deadline - time.monotonic()) > 0:
            time.sleep(min(left, 0.1))

    def stop(self, signum, frame):
        self.stopping = True
