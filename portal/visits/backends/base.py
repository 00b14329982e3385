"""What every counter backend takes and answers."""

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
    """How many new visitors one address may bring to a site in a visit window (README, "Thống kê truy cập")."""
    return settings.PORTAL_VISITS_MAX_VISITORS_PER_ADDRESS
