from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from portal.news.models import ArticlePage

# The address Wagtail's first migration gives the default Site.
PLACEHOLDER_ADDRESS = ("localhost", 80)


class Command(BaseCommand):
    help = "Load demo content only when the database holds no article yet (used by `make run`)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=3000)
        parser.add_argument(
            "--site-address",
            default="",
            help="HOST:PORT the development server answers at; the default Site takes it while it still has "
            "Wagtail's placeholder localhost:80, so that feeds and other absolute links (built from the Site "
            "record) lead back to it.",
        )

    def handle(self, *args, limit, site_address, **options):
        if ArticlePage.objects.exists():
            self.stdout.write("Đã có nội dung: không nạp dữ liệu mẫu.")
        else:
            call_command("load_demo", limit=limit, seed_only_if_missing=True, stdout=self.stdout, stderr=self.stderr)
        if site_address:
            self.use_address(site_address)

    def use_address(self, address):
        hostname, _, port = address.rpartition(":")
        if not hostname or not port.isdigit():
            raise CommandError(f"--site-address cần dạng HOST:PORT, nhận được {address!r}.")
        site = Site.objects.filter(
            is_default_site=True, hostname=PLACEHOLDER_ADDRESS[0], port=PLACEHOLDER_ADDRESS[1]
        ).first()
        if site is not None:  # saved, not updated: what remembers sites hears of it
            site.hostname, site.port = hostname, int(port)
            site.save()
            self.stdout.write(f"Trang mặc định nay có địa chỉ {site.root_url}/.")
