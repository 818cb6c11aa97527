"""What a date with a precision stands for: the days it covers."""

from __future__ import annotations

import datetime as dt

__all__ = ["format_date", "interval"]


def interval(day: dt.date | None, precision: str | None) -> tuple[dt.date, dt.date] | None:
    """Return the days a date of this precision may stand for, end exclusive.

    Examples
    --------
    >>> interval(dt.date(2023, 4, 1), "month")
    (datetime.date(2023, 4, 1), datetime.date(2023, 5, 1))
    >>> interval(None, None) is None
    True
    """
    if day is None:
        return None
    try:
        if precision == "year":
            return dt.date(day.year, 1, 1), dt.date(day.year + 1, 1, 1)
        if precision == "month":
            nxt = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
            return dt.date(day.year, day.month, 1), nxt
        if precision == "week":
            return day, day + dt.timedelta(days=7)
        return day, day + dt.timedelta(days=1)
    except (OverflowError, ValueError):  # the last days of the calendar have no end
        return None


def format_date(day: dt.date | None, precision: str | None) -> str:
    """Return a date as precise as it is known: "2023-05-22", "2023-04", "2023".

    Examples
    --------
    >>> format_date(dt.date(2023, 4, 1), "month")
    '2023-04'
    >>> format_date(None, None)
    'date not given'
    """
    if day is None:
        return "date not given"
    iso = day.isoformat()
    return iso[:7] if precision == "month" else iso[:4] if precision == "year" else iso
