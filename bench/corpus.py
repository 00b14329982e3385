"""The benchmark's corpus databases: the whole news corpus loaded once, then copied per run.

Loading 33,500 articles and indexing them for search takes about 15 minutes on a 2-core machine, so the loaded
database is kept as a PostgreSQL template (``bench_corpus``) and every run starts from a fresh copy of it
(``CREATE DATABASE ... TEMPLATE``, seconds). The template is rebuilt when the corpus file or the demo loader
changes, or with --rebuild-corpus; new migrations are applied to it in place.

The 10x corpus (``bench_corpus_10x``) is the 1x one plus nine copies of every article, made inside PostgreSQL:
same category and site, a new slug, and the publication dates of copy k moved k x 731 days back, as a portal that
keeps ten times the history would have. Their search entries are copied too; the search index is rebuilt once.
"""

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from stack import POSTGRES_SERVER, ROOT, psql

TEMPLATE = "bench_corpus"
COPY_SHIFT_DAYS = 731  # the loader spreads the corpus over the 730 days before the day of loading
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's, as Wagtail uses it (4 characters per level)


def corpus_file() -> Path:
    """The file load_demo reads by default (settings.SHARED_DATA_DIR, without setting Django up here)."""
    return Path(os.environ.get("PORTAL_SHARED_DATA", ROOT.parent / "shared" / "data")) / "news.jsonl.gz"


def fingerprint(copies: int) -> str:
    data = corpus_file()
    digest = hashlib.sha256(f"{copies}:{data.stat().st_size}:{int(data.stat().st_mtime)}".encode())
    for source in ("portal/news/demo_content.py", "portal/news/management/commands/load_demo.py"):
        digest.update((ROOT / source).read_bytes())
    return digest.hexdigest()[:16]


def template_name(copies: int) -> str:
    return TEMPLATE if copies == 1 else f"{TEMPLATE}_{copies}x"


def template_fingerprint(name: str) -> str | None:
    found = psql(
        "postgres",
        f"SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '{name}'",
    )
    return found or None


def media_folder(copies: int) -> Path:
    """The loader's media files (the trust badge), kept beside the template."""
    return ROOT / "var" / "bench" / f"{template_name(copies)}-media"


def run_manage(env, *arguments):
    started = time.monotonic()
    subprocess.run([sys.executable, "manage.py", *arguments], env=env, cwd=ROOT, check=True)
    return time.monotonic() - started


def loader_env(stack_env, database, media):
    return {**stack_env, "DATABASE_URL": POSTGRES_SERVER + database, "PORTAL_VAR_DIR": str(media.parent / "load")}


def ensure_template(stack_env, copies=1, rebuild=False, say=print) -> str:
    """The name of an up-to-date template database holding ``copies`` x the corpus."""
    name = template_name(copies)
    wanted = fingerprint(copies)
    if not rebuild and template_fingerprint(name) == wanted:
        run_manage(loader_env(stack_env, name, media_folder(copies)), "migrate", "--no-input", "-v0")
        return name
    psql("postgres", f'DROP DATABASE IF EXISTS "{name}"')
    if copies == 1:
        if not corpus_file().is_file():
            sys.exit(f"Không tìm thấy kho tin bài {corpus_file()} (đặt PORTAL_SHARED_DATA=thư mục chứa news.jsonl.gz).")
        say(f"Nạp toàn bộ kho tin bài vào {name} (một lần, khoảng 15 phút)...")
        psql("postgres", f'CREATE DATABASE "{name}"')
        env = loader_env(stack_env, name, media_folder(copies))
        run_manage(env, "migrate", "--no-input", "-v0")
        run_manage(env, "load_demo", "--all", "-v1")
        run_manage(env, "rebuild_search_index")
        load_var = media_folder(copies).parent / "load"
        shutil.rmtree(media_folder(copies), ignore_errors=True)
        shutil.copytree(load_var / "media", media_folder(copies))
    else:
        base = ensure_template(stack_env, 1, rebuild=False, say=say)
        say(f"Tạo {name}: {copies} lần kho tin bài...")
        psql("postgres", f'CREATE DATABASE "{name}" TEMPLATE "{base}"')
        multiply(name, copies)
        shutil.rmtree(media_folder(copies), ignore_errors=True)
        shutil.copytree(media_folder(1), media_folder(copies))
    psql("postgres", f"COMMENT ON DATABASE \"{name}\" IS '{wanted}'")
    return name


def columns(database, table) -> list[str]:
    listed = psql(
        database,
        "SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns "
        f"WHERE table_schema = 'public' AND table_name = '{table}'",
    )
    return listed.split(",")


def copy_select(database, table, overrides: dict[str, str], alias: str) -> tuple[str, str]:
    """(column list, select list) copying every column of ``table`` except those ``overrides`` replaces."""
    names = columns(database, table)
    return ", ".join(names), ", ".join(overrides.get(name, f"{alias}.{name}") for name in names)


def multiply(database, copies):
    """Add copies 1..copies-1 of every article: pages, article rows and search entries, in one transaction."""
    shift = f"make_interval(days => {COPY_SHIFT_DAYS} * m.copy)"
    page_columns, page_select = copy_select(
        database,
        "wagtailcore_page",
        {
            "id": "m.new_id",
            "path": "m.parent_path || m.step_code",
            "numchild": "0",
            "slug": "p.slug || '-bs' || m.copy",
            "url_path": "m.parent_url_path || p.slug || '-bs' || m.copy || '/'",
            "go_live_at": "NULL",
            "expire_at": "NULL",
            "has_unpublished_changes": "false",
            "latest_revision_created_at": f"p.latest_revision_created_at - {shift}",
            "first_published_at": f"p.first_published_at - {shift}",
            "last_published_at": f"p.last_published_at - {shift}",
            "live_revision_id": "NULL",
            "latest_revision_id": "NULL",
            "locked": "false",
            "locked_at": "NULL",
            "locked_by_id": "NULL",
            "alias_of_id": "NULL",
            "translation_key": "gen_random_uuid()",
        },
        "p",
    )
    article_columns, article_select = copy_select(
        database,
        "news_articlepage",
        {"page_ptr_id": "m.new_id", "published_at": f"a.published_at - {shift}", "featured": "false"},
        "a",
    )
    entry_columns, entry_select = copy_select(
        database,
        "search_entry",
        {"key": "'news.articlepage:' || m.new_id", "published": f"e.published - {shift}"},
        "e",
    )
    terms_index = psql(database, "SELECT indexdef FROM pg_indexes WHERE indexname = 'search_entry_terms'")
    code = ", ".join(f"substr('{ALPHABET}', ((n / {36**power}) % 36)::int + 1, 1)" for power in (3, 2, 1, 0))
    statements = [
        "CREATE FUNCTION pg_temp.step_code(n bigint) RETURNS text LANGUAGE sql IMMUTABLE "
        f"AS $$ SELECT concat({code}) $$",
        # The parents' last child step: copies are appended after it, in order.
        """CREATE TEMP TABLE parents AS
           SELECT parent.path, parent.url_path, parent.depth,
                  (SELECT max(child.path) FROM wagtailcore_page child
                    WHERE child.path LIKE parent.path || '____') AS last_child
             FROM wagtailcore_page parent
            WHERE parent.id IN (SELECT p.id FROM wagtailcore_page p JOIN wagtailcore_page a
                                  ON a.path LIKE p.path || '____' AND a.depth = p.depth + 1
                                JOIN news_articlepage n ON n.page_ptr_id = a.id)""",
        f"""CREATE TEMP TABLE copy_map AS
           SELECT a.id AS old_id, k AS copy, nextval(pg_get_serial_sequence('wagtailcore_page', 'id')) AS new_id,
                  parent.path AS parent_path, parent.url_path AS parent_url_path,
                  pg_temp.step_code(
                    (SELECT sum((strpos('{ALPHABET}', substr(right(parent.last_child, 4), i, 1)) - 1)
                                * 36 ^ (4 - i))::bigint FROM generate_series(1, 4) i)
                    + row_number() OVER (PARTITION BY parent.path ORDER BY k, a.path)) AS step_code
             FROM wagtailcore_page a
             JOIN news_articlepage n ON n.page_ptr_id = a.id
             JOIN parents parent ON a.path LIKE parent.path || '____'
            CROSS JOIN generate_series(1, {copies - 1}) k""",
        f"INSERT INTO wagtailcore_page ({page_columns}) SELECT {page_select} "
        "FROM copy_map m JOIN wagtailcore_page p ON p.id = m.old_id",
        f"INSERT INTO news_articlepage ({article_columns}) SELECT {article_select} "
        "FROM copy_map m JOIN news_articlepage a ON a.page_ptr_id = m.old_id",
        "UPDATE wagtailcore_page parent SET numchild = (SELECT count(*) FROM wagtailcore_page child "
        "WHERE child.path LIKE parent.path || '____') WHERE parent.path IN (SELECT path FROM parents)",
        "DROP INDEX search_entry_terms",  # rebuilt once below, instead of once per row
        "SET LOCAL maintenance_work_mem = '512MB'",  # a GIN build in memory rather than in many sorted runs
        f"INSERT INTO search_entry ({entry_columns}) SELECT {entry_select} "
        "FROM copy_map m JOIN search_entry e ON e.key = 'news.articlepage:' || m.old_id",
        terms_index,
    ]
    subprocess.run(
        ["psql", POSTGRES_SERVER + database, "-q", "-v", "ON_ERROR_STOP=1", "-1"],
        input=";\n".join(statements) + ";\n",
        text=True,
        check=True,
    )
    psql(database, "VACUUM ANALYZE")
