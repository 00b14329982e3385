"""Where counted visits and views are kept for good: the totals every page shows and the editors' history.

A counter decides what counts (portal/visits/backends/); a history store keeps what was counted: the site's total
beside its starting offset, visits and views per local day, each page's views in total and per day. The database
store is the one in production, for every backend (the Redis counter moves its pending counts here); the memory
store keeps the in-memory fake free of the database.
"""

import abc
import datetime
import threading
from collections import defaultdict
from collections.abc import Mapping

from django.db import IntegrityError, connections, router, transaction
from django.db.models import F

from .backends.base import Figures
from .models import DailyVisits, PageViews, SiteVisitCounter

DayVisits = Mapping[datetime.date, int]  # visits per local day
DayViews = Mapping[tuple[datetime.date, int], int]  # views per (local day, page id)


class HistoryStore(abc.ABC):
    @abc.abstractmethod
    def add(self, site, visits: DayVisits, views: DayViews) -> None:
        """Add counted visits and views of ``site``, all or nothing; the site's and pages' totals grow with them."""

    @abc.abstractmethod
    def stored_totals(self, site, page) -> Figures:
        """The site's visits (starting offset included) and the page's views as stored; ``current`` is 0."""


class DatabaseHistory(HistoryStore):
    """``SiteVisitCounter``, ``DailyVisits`` and ``PageViews``: atomic increments, safe from any number of workers."""

    def add(self, site, visits: DayVisits, views: DayViews) -> None:
        if not visits and not views:  # a repeat within the windows: no transaction to open
            return
        per_day = defaultdict(lambda: {"visits": 0, "views": 0})
        for day, count in visits.items():
            per_day[day]["visits"] += count
        per_page = defaultdict(dict)
        for (day, page_id), count in views.items():
            per_day[day]["views"] += count
            per_page[page_id][day] = per_page[page_id].get(day, 0) + count
        # Rows are always updated in the same order, so concurrent writers wait for each other and never deadlock.
        with transaction.atomic():
            if total := sum(visits.values()):
                _increment(SiteVisitCounter, {"site": site}, counted_total=total)
            for day in sorted(per_day):
                _increment(DailyVisits, {"site": site, "day": day}, **per_day[day])
            for page_id in sorted(per_page):
                days = per_page[page_id]
                _increment(PageViews, {"page_id": page_id, "day": None}, views=sum(days.values()))
                for day in sorted(days):
                    _increment(PageViews, {"page_id": page_id, "day": day}, views=days[day])

    def stored_totals(self, site, page) -> Figures:
        """One round trip with plain SQL: every page shows both, and two ORM queries cost more to build than to run."""
        sql = (
            "SELECT (SELECT starting_total + counted_total FROM {counters} WHERE site_id = %s),"
            " (SELECT views FROM {views} WHERE page_id = %s AND day IS NULL)"
        )
        database = connections[router.db_for_read(SiteVisitCounter)]
        sql = sql.format(
            counters=database.ops.quote_name(SiteVisitCounter._meta.db_table),
            views=database.ops.quote_name(PageViews._meta.db_table),
        )
        with database.cursor() as cursor:
            cursor.execute(sql, [site.pk, page.pk if page is not None else None])
            total, views = cursor.fetchone()
        return Figures(total=total or 0, current=0, views=views or 0)


class MemoryHistory(HistoryStore):
    """History in this process's memory, for the in-memory counter and unit tests."""

    def __init__(self, starting_totals: Mapping[int, int] | None = None):
        self._lock = threading.Lock()
        self.starting_totals = dict(starting_totals or {})  # site id: total carried over from a legacy portal
        self.counted_totals = defaultdict(int)  # site id: visits counted here
        self.days = defaultdict(lambda: {"visits": 0, "views": 0})  # (site id, day)
        self.page_views = defaultdict(int)  # (page id, day or None for the running total)

    def add(self, site, visits: DayVisits, views: DayViews) -> None:
        with self._lock:
            for day, count in visits.items():
                self.counted_totals[site.pk] += count
                self.days[site.pk, day]["visits"] += count
            for (day, page_id), count in views.items():
                self.days[site.pk, day]["views"] += count
                self.page_views[page_id, None] += count
                self.page_views[page_id, day] += count

    def stored_totals(self, site, page) -> Figures:
        with self._lock:
            total = self.starting_totals.get(site.pk, 0) + self.counted_totals.get(site.pk, 0)
            views = self.page_views.get((page.pk, None), 0) if page is not None else 0
        return Figures(total=total, current=0, views=views)


def _increment(model, lookup, **amounts):
    """Add ``amounts`` to the row ``lookup`` finds, creating it when it is missing."""
    changes = {field: F(field) + amount for field, amount in amounts.items() if amount}
    if not changes or model.objects.filter(**lookup).update(**changes):
        return
    try:
        with transaction.atomic():
            model.objects.create(**lookup, **{field: amount for field, amount in amounts.items() if amount})
    except IntegrityError:  # created meanwhile by another worker
        model.objects.filter(**lookup).update(**changes)
