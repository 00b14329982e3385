"""The PostgreSQL search index (backends/postgres_index.py): created on PostgreSQL only, SQLite uses tantivy."""

from django.db import migrations

CREATE = """
CREATE TABLE search_entry (
    key varchar(100) PRIMARY KEY,
    site_id integer NOT NULL,
    category_id integer NOT NULL,
    published timestamptz,
    terms tsvector NOT NULL,
    counted tsvector NOT NULL,
    length integer NOT NULL,
    title_length integer NOT NULL,
    lead_length integer NOT NULL
);
CREATE INDEX search_entry_terms ON search_entry USING gin (terms) WITH (fastupdate = off);
CREATE INDEX search_entry_site_published ON search_entry (site_id, published);
-- "C" collation: the primary key's btree then also answers prefix LIKE (word forms by first letter).
CREATE TABLE search_term (term text COLLATE "C" PRIMARY KEY, documents bigint NOT NULL);
"""
DROP = "DROP TABLE IF EXISTS search_entry; DROP TABLE IF EXISTS search_term;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
