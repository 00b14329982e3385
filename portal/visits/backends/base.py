"""The counter contract: what every backend takes and answers, and the types they share.

Backends are subclasses of ``Counter`` (database, Redis, in memory); tests/visits/test_counter_contract.py runs one
suite against each. Counted visits and views go to a history store (portal/visits/history.py).
"""

import abc
import datetime
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Figures:
    total: int  # the site's visits, its starting offset included
    current: int  # distinct visitors seen in the current window
    views: int  # the page's views
    counted: bool = False  # whether the beacon these figures answer was counted


@dataclass(frozen=True)
class Visitor:
    """Who sent a beacon, as daily-keyed hashes (portal/visits/visitors.py): never an address in clear."""

    key: str  # address, user agent and site: one reader
    address: str  # address (an IPv6 /64) and site: what the bound on new visitors per address counts


@dataclass(frozen=True)
class Windows:
    visit: datetime.timedelta
    current: datetime.timedelta
    view: datetime.timedelta

    @property
    def longest(self):
        return max(self.visit, self.current, self.view)

    @classmethod
    def from_settings(cls):
        return cls(
            visit=datetime.timedelta(minutes=settings.PORTAL_VISIT_WINDOW_MINUTES),
            current=datetime.timedelta(minutes=settings.PORTAL_CURRENT_VISITORS_MINUTES),
            view=datetime.timedelta(minutes=settings.PORTAL_VIEW_WINDOW_MINUTES),
        )


def max_new_visitors() -> int:
    """How many new visitors one address may bring to a site in a visit window (docs/statistics.md)."""
    return settings.PORTAL_VISITS_MAX_VISITORS_PER_ADDRESS


class Counter(abc.ABC):
    """Counts visits, current visitors and page views of each site by the definitions in ``windows``.

    A visit is a visitor's first beacon on a site after ``windows.visit`` without one; a view, a visitor's first
    beacon on a page after ``windows.view``; current visitors, the distinct visitors seen within
    ``windows.current``. An address may bring at most ``max_new_visitors()`` new visitors to a site per visit
    window (counted from the first); visitors already counted keep counting. Sites never share counts.
    """

    windows: Windows

    @abc.abstractmethod
    def record(self, site, page, visitor: Visitor, now: datetime.datetime) -> Figures:
        """Count one beacon and answer with the figures after it, ``counted`` telling whether it counted.

        A new visitor beyond their address's bound counts nothing (no visit, no view, not current) and still gets
        the figures, with ``counted`` false.
        """

    @abc.abstractmethod
    def figures(self, site, page, now: datetime.datetime) -> Figures:
        """The figures as a page shows them (``views`` 0 without a page); counts nothing and marks no one as seen."""

    @abc.abstractmethod
    def purge(self, now: datetime.datetime) -> None:
        """Forget visitors and addresses whose windows have all ended."""

    def flush(self, site) -> None:  # noqa: B027 (a hook: most backends write history as they count)
        """Move counts held elsewhere into the history store; nothing to do for a backend that writes as it counts."""
