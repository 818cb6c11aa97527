"""Atomic file writes: a build killed midway leaves the previous file intact."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

__all__ = ["atomic_write", "atomic_write_text"]


def atomic_write(path: str | Path, write: Callable[[Path], object]) -> Path:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then move it into place.

    The move is atomic on one file system, so readers see the old file or the new one,
    never half of one.
    """
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    # A build killed while writing leaves its temporary file: clear those of this target.
    for stale in out.parent.glob(f".{out.name}.*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return out


def atomic_write_text(path: str | Path, text: str) -> Path:
    """Write UTF-8 text with Unix newlines atomically (see :func:`atomic_write`)."""
    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    return atomic_write(path, write)
