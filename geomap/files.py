"""Atomic file writes, alone or as one all-or-nothing set.

Every output is written to a temporary file beside its target and moved into place, so a
reader sees the old file or the new one, never half of one. Inside :func:`transaction`,
the moves wait until the whole set is written: a build that fails or is killed before the
end leaves every previous output as it was, and a finished build replaces them together.

Temporary files are named after their target, host and process. Several builds may write
into one folder at once: a build only ever removes its own temporary files, and those of
killed builds once they are clearly stale (their process on this host is gone, or they are
a day old).
"""

from __future__ import annotations

import contextlib
import contextvars
import glob
import os
import re
import shutil
import socket
import time
import unicodedata
import uuid
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import OutputError

__all__ = [
    "atomic_dir",
    "atomic_write",
    "atomic_write_text",
    "describe_os_error",
    "safe_stem",
    "transaction",
]

STALE_SECONDS = 24 * 3600
_HOST = f"{zlib.crc32(socket.gethostname().encode()):08x}"
_PENDING: contextvars.ContextVar[list[tuple[Path, Path]] | None] = contextvars.ContextVar(
    "geomap_pending_writes", default=None)


def describe_os_error(err: OSError) -> str:
    """Return the reason of an ``OSError`` in a few words ("Permission denied")."""
    return err.strerror or type(err).__name__


def _clear_stale(folder: Path, target: str) -> None:
    """Remove temporary files of ``target`` left by builds that were killed."""
    now = time.time()
    for stale in folder.glob(f".{glob.escape(target)}.*.tmp"):
        host, _, pid = stale.name[len(target) + 2:].partition(".")[0].partition("-")
        try:
            old = now - stale.stat().st_mtime > STALE_SECONDS
            dead = host == _HOST and pid.isdigit() and not _alive(int(pid))
            if old or dead:
                if stale.is_dir() and not stale.is_symlink():
                    shutil.rmtree(stale)
                else:
                    stale.unlink()
        except OSError:
            continue  # another build cleared it first, or it is not ours to remove


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return True


def _temp_path(out: Path) -> Path:
    return out.parent / f".{out.name}.{_HOST}-{os.getpid()}.{uuid.uuid4().hex[:12]}.tmp"


def atomic_write(path: str | Path, write: Callable[[Path], object], *,
                 deferred: bool = True) -> Path:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then move it into place.

    The move is atomic on one file system, so readers see the old file or the new one,
    never half of one. Inside :func:`transaction` the move waits for the end of the set,
    unless ``deferred`` is false (caches, which belong to no build's set of outputs).

    Raises
    ------
    OutputError
        When the folder cannot be made or the file cannot be written (the message names
        it and says why).
    """
    out = Path(path)
    tmp = _temp_path(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        _clear_stale(out.parent, out.name)
        write(tmp)
        os.chmod(tmp, 0o644)
        pending = _PENDING.get() if deferred else None
        if pending is None:
            os.replace(tmp, out)
        else:
            pending.append((tmp, out))
    except BaseException as err:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(err, OSError):
            raise OutputError(f"cannot write {out}: {describe_os_error(err)}") from err
        raise
    return out


def atomic_write_text(path: str | Path, text: str, *, deferred: bool = True) -> Path:
    """Write UTF-8 text with Unix newlines atomically (see :func:`atomic_write`)."""
    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    return atomic_write(path, write, deferred=deferred)


@contextlib.contextmanager
def transaction() -> Iterator[None]:
    """Write a set of files all or nothing.

    Every :func:`atomic_write` inside the block writes its temporary file; the files are
    moved into place together when the block ends without error. An error (or a kill)
    before that leaves every target as it was and removes the temporary files.

    Examples
    --------
    >>> with transaction():  # doctest: +SKIP
    ...     atomic_write_text("out/map.html", page)
    ...     atomic_write_text("out/map.events.csv", table)
    """
    if _PENDING.get() is not None:  # nested: the outer set decides
        yield
        return
    pending: list[tuple[Path, Path]] = []
    token = _PENDING.set(pending)
    try:
        yield
    except BaseException:
        for tmp, _ in pending:
            _remove(tmp)
        raise
    finally:
        _PENDING.reset(token)
    try:
        for tmp, out in pending:
            _move_into_place(tmp, out)
    except OSError as err:
        for tmp, _ in pending:
            _remove(tmp)
        raise OutputError(f"cannot move the new outputs into place: {err}") from err


MAX_STEM_BYTES = 100


def safe_stem(name: str, default: str = "story") -> str:
    """Reduce a name to a safe file name stem: one path part, printable, bounded.

    Letters (any script), digits, ``-``, ``_`` and inner dots stay; everything else
    (separators, ``..``, ``:``, control characters, spaces) becomes ``-``; the result is at
    most :data:`MAX_STEM_BYTES` bytes of UTF-8, so ``<stem>.embed-iframe.html`` fits any file
    system.

    Examples
    --------
    >>> safe_stem("../escaped")
    'escaped'
    >>> safe_stem("javascript:alert(1)")
    'javascript-alert-1'
    """
    stem = re.sub(r"[^\w.-]+", "-", unicodedata.normalize("NFC", name), flags=re.UNICODE)
    stem = re.sub(r"\.{2,}", ".", stem).strip(".-_")
    while len(stem.encode("utf-8")) > MAX_STEM_BYTES:
        stem = stem[:-1]
    return stem.rstrip(".-_") or default


@contextlib.contextmanager
def atomic_dir(path: str | Path) -> Iterator[Path]:
    """Yield an empty folder to fill; when the block ends, it replaces ``path`` whole.

    Until then the previous folder stays as it was, so an interrupted run never leaves half
    a set of files. Inside :func:`transaction` the swap waits for the end of the set.

    Raises
    ------
    OutputError
        When ``path`` is a file, or the folder cannot be made.
    """
    out = Path(path)
    if out.exists() and not out.is_dir():
        raise OutputError(f"cannot write the folder {out}: a file of that name is there")
    tmp = _temp_path(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        _clear_stale(out.parent, out.name)
        tmp.mkdir()
    except OSError as err:
        raise OutputError(f"cannot write {out}: {describe_os_error(err)}") from err
    try:
        yield tmp
    except BaseException:
        _remove(tmp)
        raise
    pending = _PENDING.get()
    if pending is not None:
        pending.append((tmp, out))
        return
    try:
        _move_into_place(tmp, out)
    except OSError as err:
        _remove(tmp)
        raise OutputError(f"cannot move {out} into place: {describe_os_error(err)}") from err


def _move_into_place(tmp: Path, out: Path) -> None:
    """Move a finished file or folder onto its target (a folder replaces the old one)."""
    if not tmp.is_dir():
        os.replace(tmp, out)
        return
    old = None
    if out.is_dir():
        old = _temp_path(out)
        os.replace(out, old)
    os.replace(tmp, out)
    if old is not None:
        _remove(old)


def _remove(path: Path) -> None:
    """Remove a temporary file or folder, if it is still there."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink()
