"""What a date with a precision stands for: the days it covers."""

from __future__ import annotations

import datetime as dt

__all__ = ["interval"]


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
    if precision == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year + 1, 1, 1)
    if precision == "month":
        nxt = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return dt.date(day.year, day.month, 1), nxt
    if precision == "week":
        return day, day + dt.timedelta(days=7)
    return day, day + dt.timedelta(days=1)
