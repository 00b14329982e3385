"""The in-memory fake: the counter contract in one process's memory, for unit tests and tools that need no
database or Redis. Same windows, same bound on new visitors per address; one lock makes each beacon atomic.
"""

import dataclasses
import datetime
import threading

from django.utils import timezone

from ..history import HistoryStore, MemoryHistory
from .base import Counter, Figures, Visitor, Windows, max_new_visitors


class MemoryCounter(Counter):
    def __init__(self, windows: Windows, history: HistoryStore | None = None):
        self.windows = windows
        self.history = history if history is not None else MemoryHistory()
        self._lock = threading.Lock()
        self._seen = {}  # (site id, visitor): last beacon on the site
        self._viewed = {}  # (site id, page id, visitor): last beacon on the page
        self._addresses = {}  # (site id, address): [start of its window, new visitors it brought]

    def record(self, site, page, visitor: Visitor, now: datetime.datetime) -> Figures:
        day = timezone.localdate(now)
        with self._lock:
            last = self._seen.get((site.pk, visitor.key))
            new_visit = last is None or last <= now - self.windows.visit
            if new_visit and not self._admit(site, visitor.address, now):
                return self._figures(site, page, now)
            self._seen[site.pk, visitor.key] = now
            last_view = self._viewed.get((site.pk, page.pk, visitor.key))
            new_view = last_view is None or last_view <= now - self.windows.view
            self._viewed[site.pk, page.pk, visitor.key] = now
            self.history.add(site, {day: 1} if new_visit else {}, {(day, page.pk): 1} if new_view else {})
            return dataclasses.replace(self._figures(site, page, now), counted=True)

    def figures(self, site, page, now: datetime.datetime) -> Figures:
        with self._lock:
            return self._figures(site, page, now)

    def purge(self, now: datetime.datetime) -> None:
        with self._lock:
            since = now - self.windows.longest
            self._seen = {key: seen for key, seen in self._seen.items() if seen >= since}
            self._viewed = {key: seen for key, seen in self._viewed.items() if seen >= since}
            ended = now - self.windows.visit
            self._addresses = {key: slots for key, slots in self._addresses.items() if slots[0] > ended}

    def _admit(self, site, address: str, now) -> bool:
        """Take one of the address's slots for a new visitor; False when its window has none left."""
        slots = self._addresses.get((site.pk, address))
        if slots is None or slots[0] <= now - self.windows.visit:
            self._addresses[site.pk, address] = [now, 1]
            return True
        if slots[1] < max_new_visitors():
            slots[1] += 1
            return True
        return False

    def _figures(self, site, page, now) -> Figures:
        stored = self.history.stored_totals(site, page)
        since = now - self.windows.current
        current = sum(1 for (site_id, _), seen in self._seen.items() if site_id == site.pk and seen > since)
        return Figures(total=stored.total, current=current, views=stored.views)
