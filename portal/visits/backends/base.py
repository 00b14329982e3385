"""What every counter backend takes and answers."""

import datetime
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Figures:
    total: int  # the site's visits, its starting offset included
    current: int  # distinct visitors seen in the current window
    views: int  # the page's views


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
