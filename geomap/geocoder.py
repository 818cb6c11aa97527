"""Online geocoding through any geopy geocoder: rate-limited, retried, cached, with a fallback.

Requests go through geopy's ``RateLimiter`` (a pause between calls). A timeout, an HTTP 429
or a 5xx answer is retried with exponential backoff (honouring ``Retry-After``); when the
retries run out, or the answer is malformed, or the service refuses the query, the mention is
resolved by the fallback resolver (the embedded gazetteer) and the fallback is reported, once
per name, as a warning and in :attr:`GeopyResolver.fallbacks`. Answers, including "found
nothing", are cached in a JSON file written atomically, so a second run makes no request;
failures are not cached, so a later run asks again.
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from geopy.exc import (
    GeocoderRateLimited,
    GeocoderServiceError,
    GeocoderTimedOut,
    GeocoderUnavailable,
)
from geopy.extra.rate_limiter import RateLimiter
from geopy.location import Location

from .files import atomic_write_text
from .gazetteer import normalize
from .model import Article, Candidate, Mention, Resolution

__all__ = ["GeopyResolver"]

log = logging.getLogger(__name__)

# Worth another try: the service is slow, busy or briefly down. Anything else (a bad query,
# refused credentials, a malformed answer) will not mend by asking again.
_TRANSIENT = (GeocoderTimedOut, GeocoderRateLimited, GeocoderUnavailable)


class _Failed(Exception):
    """The geocoder gave no usable answer; the message says why."""


class GeopyResolver:
    """Resolve mentions with any geopy geocoder, rate-limited, retried and cached.

    Parameters
    ----------
    geocoder
        A geopy geocoder instance (``geopy.geocoders.Nominatim(user_agent=...)``, ...).
    min_delay_seconds
        Pause between requests, passed to geopy's ``RateLimiter``.
    cache_path
        A JSON file that keeps answers between runs; in memory only when ``None``.
    fallback
        Resolves a mention when the geocoder fails (default: the embedded gazetteer).
    max_retries, backoff_seconds
        Transient failures are retried ``max_retries`` times, waiting ``backoff_seconds``,
        then twice that, and so on (or what the service's ``Retry-After`` asks, up to a
        minute).
    sleep
        The waiting function (tests pass a fake clock).
    """

    def __init__(self, geocoder: Any, *, min_delay_seconds: float = 1.0,
                 cache_path: str | Path | None = None, fallback: Any = None,
                 max_retries: int = 3, backoff_seconds: float = 2.0,
                 sleep: Callable[[float], None] | None = None) -> None:
        self.geocoder = geocoder
        self._geocode: Callable[..., Location | None] = RateLimiter(
            geocoder.geocode, min_delay_seconds=min_delay_seconds, max_retries=0,
            swallow_exceptions=False)
        self.max_retries = max_retries
        self.backoff_seconds = backoff_seconds
        self._sleep = sleep or time.sleep
        self._fallback = fallback
        self.fallbacks: list[str] = []
        self.requests = 0
        self.cache_path = Path(cache_path) if cache_path else None
        self._cache: dict[str, dict[str, Any] | None] = self._read_cache()

    @property
    def source(self) -> str:
        """The geocoder's name, as shown in popups and tables."""
        return f"geocoder {type(self.geocoder).__name__}"

    def _read_cache(self) -> dict[str, dict[str, Any] | None]:
        if self.cache_path is None or not self.cache_path.is_file():
            return {}
        try:
            data = json.loads(self.cache_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
            log.warning("%s: unreadable geocoder cache (%s); starting a new one",
                        self.cache_path, err)
            return {}
        if not isinstance(data, dict):
            log.warning("%s: geocoder cache is not a JSON object; starting a new one",
                        self.cache_path)
            return {}
        kept = {k: v for k, v in data.items() if v is None or _valid_answer(v)}
        if len(kept) < len(data):
            log.warning("%s: %d malformed geocoder cache entries ignored; they will be asked "
                        "again", self.cache_path, len(data) - len(kept))
        return kept

    def _ask(self, name: str) -> dict[str, Any] | None:
        """Return the geocoder's answer for ``name`` (``None`` for "found nothing")."""
        for attempt in range(self.max_retries + 1):
            try:
                self.requests += 1
                loc = self._geocode(name, exactly_one=True)
                return None if loc is None else _checked(loc)
            except _TRANSIENT as err:
                if attempt == self.max_retries:
                    raise _Failed(f"{_describe(err)} after {self.max_retries} retries") from err
                wait = self.backoff_seconds * 2 ** attempt
                retry_after = getattr(err, "retry_after", None)
                if isinstance(retry_after, int | float) and retry_after > 0:
                    wait = max(wait, min(float(retry_after), 60.0))
                log.info("%s: %s for %r; retrying in %.1f s", self.source, _describe(err),
                         name, wait)
                self._sleep(wait)
            except GeocoderServiceError as err:
                raise _Failed(_describe(err)) from err
            except (ValueError, TypeError, KeyError, AttributeError, IndexError) as err:
                raise _Failed(f"a malformed answer ({type(err).__name__}: {err})") from err
        raise AssertionError("unreachable")  # pragma: no cover

    def _lookup(self, name: str) -> dict[str, Any] | None:
        key = normalize(name)
        if key not in self._cache:
            self._cache[key] = self._ask(name)
            if self.cache_path:
                text = json.dumps(self._cache, sort_keys=True, ensure_ascii=False)
                atomic_write_text(self.cache_path, text, deferred=False)
        return self._cache[key]

    def resolve(self, article: Article, mentions: Sequence[Mention]) -> list[Resolution]:
        """Resolve each distinct name once through the geocoder, falling back when it fails."""
        results = []
        for m in mentions:
            try:
                hit = self._lookup(m.name)
            except _Failed as err:
                results.append(self._fall_back(article, m, str(err)))
                continue
            if hit is None:
                results.append(Resolution(m, None, 0.0, f"{self.source} found nothing", 0))
                continue
            # The coordinates are part of the id: two answers sharing an address are not merged.
            cand = Candidate(id=f"geocoder:{normalize(hit['name'])}@{hit['lat']:.5f},"
                                f"{hit['lon']:.5f}", name=str(hit["name"]),
                             lat=float(hit["lat"]), lon=float(hit["lon"]), kind="geocoded",
                             countrycode=None, admin1=None, population=0, source=self.source,
                             precision="approximate")
            results.append(Resolution(m, cand, 1.0, f"first answer of {self.source}", 1))
        return results

    def _fall_back(self, article: Article, mention: Mention, why: str) -> Resolution:
        if self._fallback is None:
            from .gazetteer import load
            from .resolve import GazetteerResolver

            self._fallback = GazetteerResolver(load())
        if mention.name not in self.fallbacks:
            self.fallbacks.append(mention.name)
            log.warning("%s failed for %r (%s); used the embedded gazetteer", self.source,
                        mention.name, why)
        (res,) = self._fallback.resolve(article, [mention])
        return Resolution(res.mention, res.candidate, res.score,
                          f"{self.source} failed ({why}); {res.reason}", res.n_candidates)


def _on_globe(lat: float, lon: float) -> bool:
    return math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180


def _valid_answer(entry: object) -> bool:
    """Whether a cache entry read from disk has the shape :func:`_checked` writes."""
    if not isinstance(entry, dict) or set(entry) != {"name", "lat", "lon"}:
        return False
    lat, lon = entry["lat"], entry["lon"]
    return (isinstance(entry["name"], str) and len(entry["name"]) <= 1000
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in (lat, lon))
            and _on_globe(float(lat), float(lon)))


def _checked(loc: Location) -> dict[str, Any]:
    """Return a geocoder answer as plain data, refusing impossible coordinates."""
    lat, lon = float(loc.latitude), float(loc.longitude)
    if not _on_globe(lat, lon):
        raise ValueError(f"coordinates out of range: {lat}, {lon}")
    return {"name": str(loc.address or "")[:1000], "lat": lat, "lon": lon}


def _describe(err: Exception) -> str:
    if isinstance(err, GeocoderRateLimited):
        return "rate-limited (HTTP 429)"
    if isinstance(err, GeocoderTimedOut):
        return "timed out"
    if isinstance(err, GeocoderUnavailable):
        return f"unavailable ({err})"
    return f"{type(err).__name__}: {err}"
