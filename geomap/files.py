"""Writing outputs safely: atomic files and folders, alone or as one all-or-nothing set.

Every output is written to a temporary file beside its target and moved into place, so a
reader sees the old file or the new one, never half of one. Inside :func:`transaction` the
moves wait until the whole set is written, then happen together under a lock on the
folder: a build that fails or is killed before that leaves every previous output as it
was; a failure while moving puts the previous ones back; concurrent builds into one folder
each land whole, one after the other. A folder (a corpus table) is swapped in one step
where the system allows (Linux ``renameat2``), else moved aside first and restored by the
next run if a kill came in between.

Temporary names are ``.geomap-<key>.<host>-<pid>.<random>.tmp`` (``.old`` for a previous
version moved aside), ``<key>`` a hash of the target's name, so a long target name never
makes a longer one. A build only removes its own temporary files, and those of builds that
are clearly gone (their process on this host has ended, or they are a day old).

Targets are never followed: a symbolic link planted where an output goes is replaced, not
written through; a device, pipe or folder there is refused.
"""

from __future__ import annotations

import contextlib
import contextvars
import ctypes
import errno
import functools
import os
import re
import shutil
import socket
import stat
import time
import unicodedata
import uuid
import zlib
from collections.abc import Callable, Iterable, Iterator
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
_PROTECTED: contextvars.ContextVar[frozenset[str]] = contextvars.ContextVar(
    "geomap_protected_paths", default=frozenset())


def describe_os_error(err: OSError) -> str:
    """Return the reason of an ``OSError`` in a few words ("Permission denied")."""
    return err.strerror or type(err).__name__


def _key(target: Path) -> str:
    return f"{zlib.crc32(os.fsencode(target.name)):08x}"


def _side_path(target: Path, suffix: str) -> Path:
    """Return a hidden path beside ``target`` for a new (".tmp") or previous (".old") one."""
    return target.parent / (f".geomap-{_key(target)}.{_HOST}-{os.getpid()}."
                            f"{uuid.uuid4().hex[:12]}{suffix}")


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


def _clear_stale(target: Path) -> None:
    """Tidy what killed builds left beside ``target``; bring back a version moved aside."""
    now = time.time()
    for side in sorted(target.parent.glob(f".geomap-{_key(target)}.*")):
        owner = side.name.split(".")[2] if side.name.count(".") >= 3 else ""
        host, _, pid = owner.partition("-")
        try:
            gone = host == _HOST and pid.isdigit() and not _alive(int(pid))
            if not gone and now - side.lstat().st_mtime <= STALE_SECONDS:
                continue  # a live build's, or another host's: not ours to touch
            if side.suffix == ".old" and not os.path.lexists(target):
                os.replace(side, target)  # killed between moving the old out and the new in
            else:
                _remove(side)
        except OSError:
            continue  # another build tidied it first


def _check_target(out: Path, *, folder: bool = False) -> int | None:
    """Refuse a target that is not ours to replace; return the mode of one it replaces."""
    try:
        st = out.lstat()
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(st.st_mode):
        return None  # replaced by a file, never written through
    if folder and stat.S_ISDIR(st.st_mode):
        return None
    if stat.S_ISDIR(st.st_mode):
        raise OutputError(f"cannot write {out}: a folder of that name is there")
    if not stat.S_ISREG(st.st_mode) or folder:
        what = "file" if stat.S_ISREG(st.st_mode) else "special file (a device or pipe)"
        raise OutputError(f"cannot write {out}: a {what} of that name is there")
    return stat.S_IMODE(st.st_mode)


def atomic_write(path: str | Path, write: Callable[[Path], object], *,
                 deferred: bool = True) -> Path:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then move it into place.

    The move is atomic on one file system, so readers see the old file or the new one,
    never half of one. Inside :func:`transaction` the move waits for the end of the set,
    unless ``deferred`` is false (caches, which belong to no build's set of outputs). A
    replaced file keeps its permissions; a new one gets the process's umask.

    Raises
    ------
    OutputError
        When the folder cannot be made, the file cannot be written, or something other
        than a file is where it goes (the message names it and says why).
    """
    out = Path(path)
    tmp = _side_path(out, ".tmp")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        if os.path.realpath(out) in _PROTECTED.get():
            raise OutputError(f"cannot write {out}: it is one of the inputs; write the "
                              "outputs to another folder or under another name")
        mode = _check_target(out)
        _clear_stale(out)
        write(tmp)
        if mode is not None:
            os.chmod(tmp, mode)
        pending = _PENDING.get() if deferred else None
        if pending is None:
            os.replace(tmp, out)
        else:
            pending.append((tmp, out))
    except BaseException as err:
        _remove(tmp)
        if isinstance(err, OSError) and not isinstance(err, OutputError):
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
def atomic_dir(path: str | Path) -> Iterator[Path]:
    """Yield an empty folder to fill; when the block ends, it replaces ``path`` whole.

    Until then the previous folder stays as it was, so an interrupted run never leaves half
    a set of files. Inside :func:`transaction` the swap waits for the end of the set.

    Raises
    ------
    OutputError
        When something other than a folder is at ``path``, or the folder cannot be made.
    """
    out = Path(path)
    tmp = _side_path(out, ".tmp")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        _check_target(out, folder=True)
        _clear_stale(out)
        tmp.mkdir()
    except OSError as err:
        if isinstance(err, OutputError):
            raise
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
    with _locked({out.parent}):
        _commit([(tmp, out)])


@contextlib.contextmanager
def transaction(protect: Iterable[str | Path] = ()) -> Iterator[None]:
    """Write a set of files (and folders) all or nothing.

    Every :func:`atomic_write` and :func:`atomic_dir` inside the block writes its
    temporary version; when the block ends without error, they are moved into place
    together, under a lock on each folder so that concurrent sets never interleave. An
    error (or a kill) before that leaves every target as it was; an error while moving puts
    back the targets already replaced.

    Parameters
    ----------
    protect
        Files the set must never replace (the inputs of a build writing into their folder).

    Raises
    ------
    OutputError
        When a file of the set would replace a protected one, or the new versions cannot be
        moved into place (the previous ones are restored).

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
    guard = _PROTECTED.set(frozenset(os.path.realpath(p) for p in protect))
    try:
        yield
    except BaseException:
        for tmp, _ in pending:
            _remove(tmp)
        raise
    finally:
        _PROTECTED.reset(guard)
        _PENDING.reset(token)
    with _locked({out.parent for _, out in pending}):
        _commit(pending)


def _commit(pending: list[tuple[Path, Path]]) -> None:
    """Move every new version into place; on failure, put the previous ones back."""
    done: list[tuple[Path, Path | None]] = []  # (target, its previous version aside)
    try:
        for tmp, out in pending:
            done.append((out, _swap(tmp, out)))
    except OSError as err:
        for out, old in reversed(done):
            with contextlib.suppress(OSError):
                if old is not None:
                    _replace(old, out)
                else:
                    _remove(out)
        for tmp, _ in pending:
            _remove(tmp)
        raise OutputError(f"cannot move the new outputs into place ({describe_os_error(err)}"
                          f"); the previous ones are kept") from err
    for _, old in done:
        if old is not None:
            _remove(old)


def _swap(tmp: Path, out: Path) -> Path | None:
    """Put ``tmp`` at ``out``; return where the previous version now is (None if none)."""
    if not os.path.lexists(out):
        os.replace(tmp, out)
        return None
    if tmp.is_dir() != (out.is_dir() and not out.is_symlink()):
        # Something else took the target's place since it was checked: never remove it.
        raise OSError(errno.EEXIST, "something else is now at that name", str(out))
    old = _side_path(out, ".old")
    if tmp.is_dir() and _exchange(tmp, out):
        os.replace(tmp, old)  # the previous folder, now at the temporary name
        return old
    try:
        if tmp.is_dir():
            raise OSError(errno.ENOTSUP, "folders are moved aside")
        os.link(out, old, follow_symlinks=False)  # the previous file stays in place meanwhile
    except OSError:
        os.replace(out, old)  # a kill here leaves the old version for _clear_stale to restore
    os.replace(tmp, out)
    return old


def _replace(old: Path, out: Path) -> None:
    """Put a previous version back at its place."""
    if old.is_dir() and not old.is_symlink():
        if not _exchange(old, out):
            _remove(out)
            os.replace(old, out)
            return
        _remove(old)
        return
    os.replace(old, out)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    try:
        function: Callable[..., int] = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    return function


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2``); False where that is not possible."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):  # not on this file system
        return False
    raise OSError(code, os.strerror(code), str(b))


@contextlib.contextmanager
def _locked(folders: set[Path]) -> Iterator[None]:
    """Hold an exclusive lock on each folder while inside.

    The lock is taken on the folder itself, so no lock file is left among the user's files.
    """
    try:
        import fcntl
    except ImportError:  # no flock (Windows): moves stay atomic one by one
        yield
        return
    with contextlib.ExitStack() as stack:
        for folder in sorted(folders):  # one order for everyone: no deadlock
            try:
                fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
            except OSError as err:
                raise OutputError(f"cannot lock {folder}: {describe_os_error(err)}") from err
            stack.callback(os.close, fd)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield


def _remove(path: Path) -> None:
    """Remove a temporary file or folder, if it is still there."""
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    except FileNotFoundError:
        pass
    except OSError:
        shutil.rmtree(path, ignore_errors=True)


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
    # Only the head can survive the bound: a name of millions of characters costs nothing.
    head = unicodedata.normalize("NFC", name[:8 * MAX_STEM_BYTES])
    stem = re.sub(r"[^\w.-]+", "-", head, flags=re.UNICODE)
    stem = re.sub(r"\.{2,}", ".", stem).strip(".-_")
    stem = stem.encode("utf-8")[:MAX_STEM_BYTES].decode("utf-8", errors="ignore")
    return stem.rstrip(".-_") or default
