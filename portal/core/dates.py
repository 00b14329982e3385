"""Local days (Asia/Ho_Chi_Minh) for archives and date filters."""

import datetime

from django.utils import timezone

# Days outside this range cannot hold news and overflow date arithmetic at the calendar's ends (year 1, 9999).
FIRST_DAY = datetime.date(1900, 1, 1)
LAST_DAY = datetime.date(2199, 12, 31)


def in_archive_range(day: datetime.date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY


def local_midnight(day: datetime.date) -> datetime.datetime:
    """The aware start of ``day`` in the portal's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min), timezone.get_current_timezone())


def local_day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """[start, end) of ``day`` in the portal's time zone."""
    return local_midnight(day), local_midnight(day + datetime.timedelta(days=1))
