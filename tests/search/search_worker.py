"""A stand-in for one web worker process: reads queries on stdin, answers with the matching keys on stdout.

It only reads the index, as a public search does: the changes are applied by the writer or the search worker.
"""

import json
import os
import sys

import django


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    django.setup()
    from wagtail.models import Site

    from portal.search import index_sync
    from portal.search.documents import SearchFilters
    from portal.search.restoration import prepare_query

    index_sync.searchable_index()  # open the index before the test changes anything, as a running worker would
    print("ready", flush=True)
    for line in sys.stdin:
        index = index_sync.searchable_index()
        site = Site.objects.get(is_default_site=True)
        query, _ = prepare_query(index, line.strip())
        print(json.dumps(index.search(query, SearchFilters(site_id=site.pk)).keys), flush=True)


if __name__ == "__main__":
    main()
