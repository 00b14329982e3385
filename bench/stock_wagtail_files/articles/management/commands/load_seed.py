"""Adds the seed article under the home page that `wagtail start` made (the portal's fixture, read as is)."""

import datetime
import html
import json
import unicodedata

from django.core.management.base import BaseCommand
from django.utils.text import slugify
from wagtail.models import Site

from articles.models import ArticlePage


class Command(BaseCommand):
    help = "Add the seed article (a JSON file: title, updated, lead, body paragraphs) under the home page."

    def add_arguments(self, parser):
        parser.add_argument("seed_file")

    def handle(self, seed_file, **options):
        with open(seed_file, encoding="utf-8") as handle:
            seed = json.load(handle)
        ascii_title = unicodedata.normalize("NFKD", seed["title"].replace("đ", "d").replace("Đ", "D"))
        home = Site.objects.get(is_default_site=True).root_page
        article = home.add_child(
            instance=ArticlePage(
                title=seed["title"],
                slug=slugify(ascii_title.encode("ascii", "ignore").decode()),
                date=datetime.date.fromisoformat(seed["updated"]),
                lead=seed["lead"],
                body="".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in seed["body"]),
            )
        )
        self.stdout.write(article.url)
