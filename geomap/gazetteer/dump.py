"""Read GeoNames dump files (``allCountries.txt``, ``cities500.txt``, …) into gazetteer entries.

The dump is tab-separated, one place per line, in GeoNames' 19-column layout (see the
readme.txt of download.geonames.org/export/dump). Users who can download it get a bigger
gazetteer with ``geomap gazetteer build DUMP``; nothing here touches the network.
"""

from __future__ import annotations

import logging
import math
import zipfile
from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError
from .build import Entry
from .normalize import is_latin

__all__ = ["DUMP_COLUMNS", "read_dump"]

log = logging.getLogger(__name__)

DUMP_COLUMNS = 19
_ADMIN_KINDS = {"ADM1": "admin1", "ADM2": "admin2", "ADM3": "admin2", "PCLI": "country"}


def _kind(feature_class: str, feature_code: str, population: int) -> str | None:
    if feature_class == "P":
        return "city" if population >= 1000 else "village"
    if feature_class == "A":
        return _ADMIN_KINDS.get(feature_code)
    if feature_class in ("L", "T", "H"):
        return "region"
    if feature_class == "S":
        return "facility"
    return None


def _lines(path: Path) -> Iterator[str]:
    try:
        yield from _raw_lines(path)
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: not UTF-8 text ({err.reason} at byte {err.start} of a "
                         "line); GeoNames dumps are UTF-8") from err
    except zipfile.BadZipFile as err:
        raise InputError(f"{path}: not a readable zip archive ({err})") from err


def _raw_lines(path: Path) -> Iterator[str]:
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as zf:
            inner = next((n for n in zf.namelist() if n.endswith(".txt")
                          and not n.startswith("readme")), None)
            if inner is None:
                raise InputError(f"{path}: no GeoNames .txt file inside the zip archive")
            with zf.open(inner) as raw:
                for line in raw:
                    yield line.decode("utf-8")
        return
    with path.open(encoding="utf-8") as text:
        yield from text


def read_dump(path: str | Path, *, min_population: int = 0,
              feature_classes: str = "PAS") -> Iterator[tuple[Entry, list[str]]]:
    """Yield ``(entry, alternate names)`` for each usable line of a GeoNames dump.

    Parameters
    ----------
    path
        A GeoNames dump: ``.txt`` or the ``.zip`` GeoNames distributes.
    min_population
        Skip populated places smaller than this.
    feature_classes
        GeoNames feature classes to keep (P places, A divisions, S spots, H water, T terrain,
        L areas).

    Raises
    ------
    InputError
        When a line does not have GeoNames' 19 columns (not a dump file), the file is not
        UTF-8 or the zip archive is damaged. Lines with malformed or impossible numbers
        are skipped with a warning.
    """
    source = f"GeoNames dump {Path(path).name}"
    skipped: list[int] = []
    for number, line in enumerate(_lines(Path(path)), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.rstrip("\n").split("\t")
        if len(cols) != DUMP_COLUMNS:
            raise InputError(f"{path}:{number}: expected {DUMP_COLUMNS} tab-separated GeoNames "
                             f"columns, found {len(cols)}; is this a GeoNames dump file?")
        if cols[6] not in feature_classes:
            continue
        try:
            gid, lat, lon = int(cols[0]), float(cols[4]), float(cols[5])
            population = int(cols[14] or 0)
        except ValueError:
            gid, lat, lon, population = -1, math.nan, math.nan, -1
        # One damaged line should not cost a twelve-million-line build: skip it, say so.
        if not (0 <= gid < 2**53 and abs(lat) <= 90 and abs(lon) <= 180
                and 0 <= population < 2**53):
            skipped.append(number)
            continue
        kind = _kind(cols[6], cols[7], population)
        if kind is None or (cols[6] == "P" and population < min_population):
            continue
        alternates = [a for a in cols[3].split(",") if a and is_latin(a)
                      and not (a.isupper() and len(a) <= 4)]
        entry: Entry = (f"geonames:{gid}", cols[1], lat, lon, kind, cols[8] or None,
                        cols[10] or None, population, f"{source} ({gid}, {cols[7]})", gid,
                        None, None)
        yield entry, [cols[2], *alternates]
    if skipped:
        log.warning("%s: skipped %d lines with malformed or impossible numbers (first: line "
                    "%d)", path, len(skipped), skipped[0])
