"""`python -m portal.core.dbcheck URL`: exit 0 when the PostgreSQL server at URL answers, 1 otherwise."""

import sys

import dj_database_url


def main(url: str) -> int:
    import psycopg

    config = dj_database_url.parse(url)
    try:
        psycopg.connect(
            host=config["HOST"],
            port=config["PORT"] or 5432,
            user=config["USER"],
            dbname=config["NAME"],
            connect_timeout=3,
        ).close()
    except psycopg.Error as exc:
        print(f"PostgreSQL unreachable: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
