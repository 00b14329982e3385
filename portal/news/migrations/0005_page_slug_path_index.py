# Wagtail finds each page of a URL among its parent's children by slug. PostgreSQL estimated the children's path
# range badly (it holds every descendant of the site) and combined it with the slug index, reading about 33,000
# index entries per request at 33,500 articles (3 ms); with (slug, path) the look-up reads one entry.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0004_article_listing_indexes"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS portal_page_slug_path ON wagtailcore_page (slug, path)",
            reverse_sql="DROP INDEX IF EXISTS portal_page_slug_path",
        ),
    ]
