"""The PostgreSQL index now holds each term's frequency and the title's word pairs: its rows must be built again.

Emptying the tables makes the index read as not built, so `manage.py rebuild_search_index --if-missing` (run by
`make run` and by the deploy steps) rebuilds it. The term vectors are stored out of line without compression:
they hardly compress, and trying cost time on every write and every read.
"""

from django.db import migrations


def _empty_with_storage(schema_editor, storage):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("TRUNCATE search_entry, search_term")
        schema_editor.execute(
            f"ALTER TABLE search_entry ALTER COLUMN terms SET STORAGE {storage}, "
            f"ALTER COLUMN counted SET STORAGE {storage}"
        )


def forward(apps, schema_editor):
    _empty_with_storage(schema_editor, "EXTERNAL")


def backward(apps, schema_editor):
    _empty_with_storage(schema_editor, "EXTENDED")


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0002_postgres_index")]
    operations = [migrations.RunPython(forward, backward)]
