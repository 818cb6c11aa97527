"""Append entries to a corrections file, keeping its comments and order (tomlkit)."""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path

import tomlkit

from ..corrections import CORRECTIONS_FILE
from ..errors import InputError
from ..files import atomic_write

__all__ = ["CORRECTIONS_FILE", "TABLES", "append_entry"]

TABLES = ("place", "drop", "event")  # the tables the review writes (docs/corrections.md)

Value = str | int | float | dt.date | list[str]


def append_entry(path: str | Path, table: str, entry: Mapping[str, Value | None], *,
                 why: str, who: str | None = None, date: dt.date | None = None) -> str:
    """Append ``[[table]]`` with ``entry``, ``why``, ``who`` and ``decided`` to ``path``.

    The entry is rendered with tomlkit and appended after the file's text, so its comments,
    blank lines and order stay as they were; the new text is checked with :mod:`tomllib` and
    replaces the file atomically (a temporary file in the same folder, flushed to disk, then
    renamed over it). Values of ``None`` are left out; ``date`` (the day of the decision) is
    written as ``decided``.

    Returns
    -------
    str
        The file's new text.

    Raises
    ------
    InputError
        When the existing file is no valid TOML, or cannot take another ``[[table]]``.
    """
    if table not in TABLES:
        raise ValueError(f"unknown corrections table {table!r}")
    # A symlinked file is updated where it lives, not replaced by a copy.
    out = Path(path).resolve() if Path(path).is_symlink() else Path(path)
    try:
        with out.open(encoding="utf-8", newline="") as fh:  # keep CRLF files CRLF
            old = fh.read()
    except FileNotFoundError:
        old = ""
    try:
        tomllib.loads(old)
    except tomllib.TOMLDecodeError as err:
        raise InputError(f"{out}: not valid TOML ({err}); fix it before reviewing") from err
    item = tomlkit.table()
    for key, value in entry.items():
        if value is not None:
            item.add(key, value)
    item.add("why", why)
    if who:
        item.add("who", who)
    if date is not None:
        item.add("decided", date)  # the day of the decision (``date`` is an event's own)
    new = tomlkit.document()
    new.add(table, tomlkit.aot())
    new[table].append(item)
    # The existing text stays byte for byte (comments, order, spacing): the entry goes after
    # it, a TOML array of tables may continue anywhere in the file.
    sep = "" if not old.strip() else "\n" if old.endswith("\n") else "\n\n"
    added = sep + tomlkit.dumps(new)
    text = old + (added.replace("\n", "\r\n") if "\r\n" in old else added)
    try:
        tomllib.loads(text)  # never leave a file the builds cannot read
    except tomllib.TOMLDecodeError as err:
        raise InputError(f"{out}: {table} cannot take another entry ({err})") from err

    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())

    atomic_write(out, write, deferred=False)
    return text
