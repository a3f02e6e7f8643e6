"""Reading input files safely and writing files atomically, for every module that does.

- `read_regular` reads only regular files, and at most a bounded number of bytes: a FIFO
  would block the reader forever, /dev/zero would fill memory, and a huge file would
  exhaust it. It never follows a path into anything but a plain file.
- `write_atomic` replaces a file all at once (readers see the old or the new content,
  never half); `create_new` does the same for a file that must not exist yet, and fails
  rather than overwrite one that appeared meanwhile. Every file written outside the
  site's output (caches, urls.yaml, content/ and ingest state) goes through them; the
  output tree has its own mechanism (write.py: pages staged, then the folder swap).
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from pathlib import Path

_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_CHUNK = 1 << 20


class FileRefused(Exception):
    """A file that is not read; `str()` is the one-line reason, without the path."""


def read_regular(path: Path | str, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most max_bytes; FileRefused otherwise."""
    _refuse_unless_regular(_stat(path, os.stat), max_bytes)
    try:
        # Non-blocking: should the path be swapped for a FIFO after the check, opening it
        # returns at once instead of waiting for a writer; the fstat below refuses it.
        descriptor = os.open(path, _READ_FLAGS)
    except OSError as error:
        raise FileRefused(f"cannot read: {error.strerror or error}") from None
    try:
        _refuse_unless_regular(_stat(descriptor, os.fstat), max_bytes)
        return _read_at_most(descriptor, max_bytes)
    finally:
        os.close(descriptor)


def _stat(target, function) -> os.stat_result:
    try:
        return function(target)
    except OSError as error:
        raise FileRefused(f"cannot read: {error.strerror or error}") from None


def _refuse_unless_regular(info: os.stat_result, max_bytes: int) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise FileRefused("is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise FileRefused("not a regular file")
    if info.st_size > max_bytes:
        raise FileRefused(too_large(info.st_size, max_bytes))


def _read_at_most(descriptor: int, max_bytes: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        try:
            chunk = os.read(descriptor, min(_CHUNK, max_bytes + 1 - size))
        except OSError as error:
            raise FileRefused(f"cannot read: {error.strerror or error}") from None
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:  # it grew while being read
            raise FileRefused(too_large(size, max_bytes, at_least=True))


def too_large(size: int, max_bytes: int, at_least: bool = False) -> str:
    more = "over " if at_least else ""
    shown_size, shown_limit = _megabytes(size), _megabytes(max_bytes)
    if shown_size == shown_limit:  # just over: only bytes tell them apart
        shown_size, shown_limit = _bytes(size), _bytes(max_bytes)
    return f"too large ({more}{shown_size}; the limit is {shown_limit})"


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else _bytes(size)


def _bytes(size: int) -> str:
    return f"{size:,} bytes".replace(",", " ")


# --------------------------------------------------------------------------- writing


def _temporary(folder: Path, data: bytes | tuple[bytes, ...], prefix: str) -> Path:
    descriptor, name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=folder)
    try:
        os.chmod(name, 0o644)  # mkstemp's 0600 would hide the file from other readers
        with os.fdopen(descriptor, "wb") as handle:
            # no fsync: atomicity against interruption comes from the rename
            for chunk in data if isinstance(data, tuple) else (data,):
                handle.write(chunk)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def _as_bytes(data: str | bytes | tuple[bytes, ...]) -> bytes | tuple[bytes, ...]:
    return data.encode("utf-8") if isinstance(data, str) else data


def write_atomic(path: Path | str, data: str | bytes | tuple[bytes, ...], *, prefix: str = ".tmp-") -> None:
    """Replace path's content all at once (readers see old or new, never half); data
    may be given in pieces (a tuple of bytes), written one after the other.

    The temporary file is named prefix…tmp in path's folder, so a caller can sweep up
    the leftovers of a process killed outright."""
    path = Path(path)
    temporary = _temporary(path.parent, _as_bytes(data), prefix)
    try:
        os.replace(temporary, path)
    except BaseException:  # Ctrl-C included: leave no temporary behind
        temporary.unlink(missing_ok=True)
        raise


def create_new(path: Path, data: str | bytes, *, prefix: str = ".tmp-") -> None:
    """Create path with data all at once; FileExistsError if it exists (never clobbers)."""
    temporary = _temporary(path.parent, _as_bytes(data), prefix)
    try:
        os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


# --------------------------------------------------------------------------- naming


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def shown(path: Path | str) -> str:
    """A path as one printable line: bytes that are not UTF-8 (held as surrogates) as
    \\xNN, control characters (a newline in a name) as \\xNN too."""
    text = os.fsencode(path).decode("utf-8", "backslashreplace")
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)
