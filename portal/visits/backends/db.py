"""The default counter: the database (SQLite or PostgreSQL), atomic at the row level.

Every decision is a conditional UPDATE whose WHERE clause is re-checked under the row lock, so two workers that
see the same visitor at the same moment cannot both count a visit: only one UPDATE (or INSERT) succeeds. The same
holds for the bound on new visitors per address: a slot is taken by an UPDATE that checks the count it raises.
What counted is added to the history store (the database's, ``portal/visits/history.py``) as it is counted.
"""

import dataclasses
import datetime
import random

from django.db import IntegrityError, transaction
from django.db.models import Case, DateTimeField, F, Q, Value, When
from django.utils import timezone

from ..history import DatabaseHistory, HistoryStore
from ..models import RecentAddress, RecentVisitor
from .base import Counter, Figures, Visitor, Windows, max_new_visitors

PURGE_ONE_IN = 500  # roughly every 500 beacons, forget visitors not seen for longer than any window


class DatabaseCounter(Counter):
    """Visitors and addresses in ``RecentVisitor`` and ``RecentAddress``; counts in a history store."""

    def __init__(self, windows: Windows, history: HistoryStore | None = None):
        self.windows = windows
        self.history = history if history is not None else DatabaseHistory()

    def record(self, site, page, visitor: Visitor, now: datetime.datetime) -> Figures:
        day = timezone.localdate(now)
        new_visit = self._start_of_visit(site, visitor, now)
        if new_visit is None:  # a new visitor beyond the address's bound: nothing is recorded
            return self.figures(site, page, now)
        new_view = self._first_in_window(site, page, visitor.key, now, self.windows.view)
        self.history.add(site, {day: 1} if new_visit else {}, {(day, page.pk): 1} if new_view else {})
        if random.randrange(PURGE_ONE_IN) == 0:  # noqa: S311 (not a secret)
            self.purge(now)
        return dataclasses.replace(self.figures(site, page, now), counted=True)

    def figures(self, site, page, now) -> Figures:
        stored = self.history.stored_totals(site, page)
        current = RecentVisitor.objects.filter(
            site=site, page__isnull=True, last_seen__gt=now - self.windows.current
        ).count()
        return Figures(total=stored.total, current=current, views=stored.views)

    def purge(self, now):
        RecentVisitor.objects.filter(last_seen__lt=now - self.windows.longest).delete()
        RecentAddress.objects.filter(window_start__lte=now - self.windows.visit).delete()

    def _start_of_visit(self, site, visitor: Visitor, now) -> bool | None:
        """True when this beacon starts a visit, False when it continues one, None when it would start one but the
        visitor's address has no slot left for a new visitor (then nothing is recorded)."""
        rows = RecentVisitor.objects.filter(site=site, page=None, visitor=visitor.key)
        if rows.filter(last_seen__gt=now - self.windows.visit).update(last_seen=now):
            return False
        if not self._admit(site, visitor.address, now):
            return None
        if self._seen_again(rows, site, None, visitor.key, now, self.windows.visit):
            return True
        # A concurrent beacon of the same visitor started the visit with a slot of its own: give this one back.
        RecentAddress.objects.filter(site=site, address=visitor.address, new_visitors__gt=0).update(
            new_visitors=F("new_visitors") - 1
        )
        return False

    def _admit(self, site, address: str, now) -> bool:
        """Take one of the address's slots for a new visitor; False when its window has none left.

        The row exists first (an INSERT that ignores a conflict, so a flood raises no error in the database's log),
        then one UPDATE either starts a new window or raises the count while it is below the bound.
        """
        RecentAddress.objects.bulk_create(
            [RecentAddress(site=site, address=address, window_start=now, new_visitors=0)], ignore_conflicts=True
        )
        ended = Q(window_start__lte=now - self.windows.visit)
        return bool(
            RecentAddress.objects.filter(
                Q(site=site, address=address) & (ended | Q(new_visitors__lt=max_new_visitors()))
            ).update(
                new_visitors=Case(When(ended, then=Value(1)), default=F("new_visitors") + 1),
                window_start=Case(
                    When(ended, then=Value(now)), default=F("window_start"), output_field=DateTimeField()
                ),
            )
        )

    @classmethod
    def _first_in_window(cls, site, page, visitor, now, window) -> bool:
        """Record that the visitor was seen; True when nobody had seen them there within ``window``."""
        rows = RecentVisitor.objects.filter(site=site, page=page, visitor=visitor)
        if rows.filter(last_seen__gt=now - window).update(last_seen=now):
            return False  # still within the window: the same visit, the same view
        return cls._seen_again(rows, site, page, visitor, now, window)

    @staticmethod
    def _seen_again(rows, site, page, visitor, now, window) -> bool:
        """Record a visitor not seen within ``window``; False when a concurrent beacon recorded them first."""
        if rows.filter(last_seen__lte=now - window).update(last_seen=now):
            return True  # back after the window; a concurrent beacon re-checks the WHERE and updates nothing
        try:
            with transaction.atomic():
                RecentVisitor.objects.create(site=site, page=page, visitor=visitor, last_seen=now)
            return True
        except IntegrityError:  # another worker saw the same visitor first and counted them
            rows.update(last_seen=now)
            return False
