"""Search hits as a sequence Django's Paginator can page through, resolved to content objects in rank order."""

from dataclasses import dataclass

from . import registry
from .documents import SearchFilters
from .querying import AnalyzedQuery


@dataclass
class Result:
    object: object
    key: str
    source: object = None  # the SearchSource that loaded ``object``: what to show of it


class HitSequence:
    """``first_page`` hits are fetched with the count, so the usual first results page costs one search, not two."""

    def __init__(self, index, query: AnalyzedQuery, filters: SearchFilters, order_by_date=False, first_page=20):
        self.index, self.query, self.filters, self.order_by_date = index, query, filters, order_by_date
        self.first_page = first_page
        self._total = None
        self._first_keys = None
        self._complete = None

    def count(self):
        if self._total is None:
            hits = self.index.search(self.query, self.filters, limit=self.first_page, order_by_date=self.order_by_date)
            self._total, self._first_keys, self._complete = hits.total, hits.keys, hits.complete
        return self._total

    @property
    def complete(self) -> int | None:
        """How many results hold every word (they come first); None when the search is not split so."""
        self.count()
        return self._complete

    def __len__(self):
        return self.count()

    def __getitem__(self, window):
        if not isinstance(window, slice):
            raise TypeError("HitSequence only supports slices")
        start = window.start or 0
        if start == 0 and self._first_keys is not None and window.stop <= self.first_page:
            return resolve_results(self._first_keys[: window.stop])
        hits = self.index.search(
            self.query, self.filters, offset=start, limit=max(window.stop - start, 0), order_by_date=self.order_by_date
        )
        return resolve_results(hits.keys)


def resolve(keys, loader="objects_by_pk", **options):
    """Content objects for index keys, in the same order; keys whose object is gone are skipped."""
    wanted: dict = {}
    for key in keys:
        source, pk = registry.split_key(key)
        if source is not None:
            wanted.setdefault(source, []).append(pk)
    loaded = {}
    for source, pks in wanted.items():
        for pk, obj in getattr(source, loader)(pks, **options).items():
            loaded[registry.make_key(source, pk)] = (obj, source)
    return [Result(object=loaded[key][0], key=key, source=loaded[key][1]) for key in keys if key in loaded]


def resolve_results(keys, text=True):
    """Like ``resolve``, with objects loaded only for showing them as results (``SearchSource.results_by_pk``)."""
    return resolve(keys, loader="results_by_pk", text=text)
