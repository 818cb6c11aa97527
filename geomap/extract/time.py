"""Find date expressions and resolve them against the article's publication date.

Expressions are found with patterns; their values come from dateparser, given the publication
date as the relative base. Without a publication date, relative expressions ("Monday",
"last month") stay unresolved: no date is invented.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from functools import cache, lru_cache

from dateparser.date import DateDataParser

from ..errors import DataError
from ..model import Article, Sentence, TimeExpression
from ..resources import data_path
from .sentences import sentence_index

__all__ = ["MONTHS", "WEEKDAYS", "extract_times"]

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
_MONTH = ("(?:" + "|".join(MONTHS)
          + r"|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)")
_WEEKDAY = "(?:" + "|".join(WEEKDAYS) + ")"
_PATTERNS = [
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b",
    rf"\b\d{{1,2}}\s+{_MONTH}\s+\d{{4}}\b",
    r"\b\d{4}-\d{2}-\d{2}\b",
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?!,?\s*\d)",
    rf"\b{_MONTH}\s+\d{{4}}\b",
    rf"\b(?:last|next|this)\s+{_WEEKDAY}\b",
    rf"\b{_WEEKDAY}\b",
    r"\b(?:[Yy]esterday|[Tt]oday|[Tt]omorrow|[Tt]onight)\b",
    r"\b(?:[Ll]ast|[Nn]ext|[Tt]his)\s+(?:week|month|year)\b",
    "(?:" + "|".join(rf"(?<=\b{w} )" for w in ("in", "In", "since", "Since", "during", "During",
                                              "by", "By", "until", "Until"))
    + rf"){_MONTH}(?!\s+\d)",
]
# The days a resolved date may fall on: a week, month or year from the edges of the
# calendar would end past it (9999-12-31 has no next day), so such dates stay undated.
_FIRST, _LAST = dt.date(1, 1, 8), dt.date(9998, 12, 31)
# Every pattern starts a word with one of these characters: checking it first skips most
# positions of a text without trying each pattern there (eight times faster).
_FINDER = re.compile(r"\b(?=[JFMASONDTWLYlnty\d])(?:"
                     + "|".join(f"(?:{p})" for p in _PATTERNS) + ")")
_ABSOLUTE = re.compile(r"\d{4}")
_NAMES_MONTH = re.compile(r"\b(?:" + "|".join(m[:3] for m in MONTHS) + ")", re.IGNORECASE)


@lru_cache(maxsize=1024)  # one per publication date; bounded for corpora spanning years
def _parser(base: dt.date) -> DateDataParser:
    return DateDataParser(languages=["en"], settings={
        "RELATIVE_BASE": dt.datetime.combine(base, dt.time(12)),
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
    })


# The same expressions recur across a corpus ("Monday" against the same day); dateparser
# is pure given its base, and slow, so its answers are kept.
@lru_cache(maxsize=1 << 16)
def _resolve(expr: str, published: dt.date | None) -> tuple[dt.date, str] | None:
    if published is None and not _ABSOLUTE.search(expr):
        return None
    base = published or dt.date(2000, 1, 1)
    bare = expr.strip()
    # News convention: a bare weekday that is the publication's own weekday means that day.
    if published and bare.capitalize() == published.strftime("%A"):
        return (published, "day") if _FIRST <= published <= _LAST else None
    try:
        data = _parser(base).get_date_data(bare)
    except (OverflowError, ValueError):  # "next Monday" from 9999-12-30, "Sunday" from year 1
        return None
    if data.date_obj is None:
        return None
    period = data.period or "day"
    day = data.date_obj.date()
    if period == "month":
        day = day.replace(day=1)
    elif period == "year":
        day = day.replace(month=1, day=1)
    elif period == "week" and day >= _FIRST:
        day -= dt.timedelta(days=day.weekday())
    if published and period == "day" and not _ABSOLUTE.search(bare) and _NAMES_MONTH.search(
            bare) and (published - day).days > 183 and day.year < _LAST.year:
        # A month and day without a year is the nearest such date: "sentencing for June 2"
        # written in March is this June's, "on Dec. 12" written in March last December's.
        try:
            day = day.replace(year=day.year + 1)
        except ValueError:  # 29 February
            return None
    return (day, period) if _FIRST <= day <= _LAST else None


def _holiday_key(name: str) -> str:
    return re.sub(r"\W+", " ", re.sub(r"\b(?:st|saint)\b\.?", "st", name.lower())).strip()


@cache
def _holidays() -> tuple[re.Pattern[str], dict[str, tuple[int, int]]]:
    """Return a pattern for the fixed-date holidays of ``holidays.csv`` and their days."""
    path = data_path("lexicon", "holidays.csv")
    try:
        lines = [line for line in path.read_text(encoding="utf-8").splitlines()
                 if line and not line.startswith("#")]
    except OSError as err:
        raise DataError(f"lexicon file {path} is missing: reinstall geomap") from err
    days: dict[str, tuple[int, int]] = {}
    names = []
    for row in csv.DictReader(lines):
        try:
            dt.date(2000, int(row["month"]), int(row["day"]))
        except (TypeError, ValueError) as err:
            raise DataError(f"holidays.csv: no such day in row {row}") from err
        days[_holiday_key(row["name"])] = (int(row["month"]), int(row["day"]))
        names.append(row["name"])
    alternatives = []
    for name in sorted(names, key=len, reverse=True):
        parts = [r"(?:St\.?|Saint)" if w in ("St", "St.", "Saint") else
                 re.escape(w).replace("'", "['’]") for w in name.split()]
        alternatives.append(r"\s+".join(parts))
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE), days


def _holiday(name: str, published: dt.date | None) -> dt.date | None:
    """Return the day a holiday names: the one nearest the publication date."""
    if published is None:
        return None
    month, day = _holidays()[1][_holiday_key(name)]
    try:
        when = dt.date(published.year, month, day)
    except ValueError:
        return None
    if (published - when).days > 183 and when.year < _LAST.year:
        when = when.replace(year=when.year + 1)
    elif (when - published).days > 183 and when.year > _FIRST.year:
        when = when.replace(year=when.year - 1)
    return when if _FIRST <= when <= _LAST else None


def extract_times(article: Article, sentences: list[Sentence]) -> list[TimeExpression]:
    """Return the article's date expressions with their resolved dates and precision.

    Examples
    --------
    >>> from geomap.model import Article
    >>> from geomap.extract.sentences import split_sentences
    >>> art = Article("a", "She came Monday.", published=dt.date(2023, 5, 23))
    >>> extract_times(art, split_sentences(art.text))[0].date
    datetime.date(2023, 5, 22)
    """
    found = []
    for m in _FINDER.finditer(article.text):
        resolved = _resolve(m.group(), article.published)
        if resolved is None:
            continue
        day, precision = resolved
        found.append(TimeExpression(article.id, m.start(), m.end(), m.group(),
                                    sentence_index(sentences, m.start()), day,
                                    precision))  # type: ignore[arg-type]
    for m in _holidays()[0].finditer(article.text):
        when = _holiday(m.group(), article.published)
        if when is not None and not any(t.start < m.end() and m.start() < t.end for t in found):
            found.append(TimeExpression(article.id, m.start(), m.end(), m.group(),
                                        sentence_index(sentences, m.start()), when, "day"))
    return sorted(found, key=lambda t: t.start)
