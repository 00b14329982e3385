"""Restoring diacritics reads the index's exact words one first letter at a time (``PostgresIndex.word_forms``):
a small index over them alone, ordered for prefix matching, instead of reading the whole term table each time.
The rows need no rebuild: the exact words are already there."""

from django.db import migrations

INDEX = "search_term_words"
WORDS = "term LIKE '=%%' AND strpos(term, '_') = 0"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON search_term (term text_pattern_ops) WHERE {WORDS}")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0003_rebuild_postgres_index")]
    operations = [migrations.RunPython(forward, backward)]
