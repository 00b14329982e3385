"""The PostgreSQL index now holds each term's frequency and the title's word pairs: its rows must be built again.

Emptying the tables makes the index read as not built, so `manage.py rebuild_search_index --if-missing` (run by
`make run` and by the deploy steps) rebuilds it.
"""

from django.db import migrations


def empty(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("TRUNCATE search_entry, search_term")


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0002_postgres_index")]
    operations = [migrations.RunPython(empty, empty)]
