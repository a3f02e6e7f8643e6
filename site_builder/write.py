"""The only code that touches the output folder.

A full build writes a new folder beside the old one and swaps it in only when
complete; an incremental build stages every changed page beside the site, in one
flat folder, and, once all are rendered, moves them in one by one, each atomically.
Either way a failed build leaves the last good site exactly as it was.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path


class OutputFolder:
    """Writes one build's files into `out`."""

    def __init__(self, out: Path, incremental: bool):
        self.out = out
        _remove_leftovers(out)
        self.incremental = incremental and out.is_dir()
        if self.incremental:
            self.target = out
            # Rendered pages wait here until every page is rendered, then move in one by one.
            self.staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.staged-", dir=out.parent))
            self._staging_text = str(self.staging)
        else:
            out.parent.mkdir(parents=True, exist_ok=True)
            self.target = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
        self._target_text = str(self.target)
        self.written = 0
        self._folders: set[str] = set()

    def write(self, relative: str, data: bytes) -> bool:
        """Write one file; False when an incremental build finds the same bytes there."""
        # Paths as text: a full build writes 15,000 files, and Path objects cost.
        path = os.path.join(self._target_text, relative)
        if self.incremental and _same_bytes(path, data):
            return False
        folder, name = os.path.split(path)
        self._make_folder(folder)
        if self.incremental:
            temporary = os.path.join(folder, f".{name}.tmp")
            _write_file(temporary, data)
            os.replace(temporary, path)
        else:
            _write_file(path, data)
        self.written += 1
        return True

    def _make_folder(self, folder: str | Path) -> None:
        key = str(folder)
        if key not in self._folders:
            try:
                os.mkdir(key)  # most often its parent was just made: one system call
            except FileExistsError:
                pass
            except FileNotFoundError:
                os.makedirs(key, exist_ok=True)
            self._folders.add(key)

    def stage(self, relative: str, data: bytes) -> bool:
        """Incremental builds: keep a page aside if its bytes differ from the live file."""
        if _same_bytes(os.path.join(self._target_text, relative), data):
            return False
        _write_file(self._staged(relative), data)
        return True

    def publish(self, relative: str) -> None:
        """Move a staged page into the live folder, atomically."""
        path = os.path.join(self._target_text, relative)
        self._make_folder(os.path.dirname(path))
        os.replace(self._staged(relative), path)
        self.written += 1

    def _staged(self, relative: str) -> str:
        """Where a page waits: named by a hash of its path, in one flat folder. A template
        edit stages 10,000 pages, and a folder for each, made then removed, cost a
        second of metadata work."""
        return os.path.join(self._staging_text, hashlib.blake2b(relative.encode(), digest_size=16).hexdigest())

    def remove(self, relative: str) -> None:
        """Delete a page the site no longer has, and folders left empty."""
        path = self.target / relative
        if path.is_file():
            path.unlink()
            self.written += 1
        folder = path.parent
        while folder != self.target and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent

    def copy_tree(self, source: Path, relative: str) -> bool:
        """Mirror a folder of static files; True if any file changed."""
        changed = False
        for path in sorted(source.rglob("*")) if source.is_dir() else ():
            if path.is_file():
                changed |= self.write(f"{relative}/{path.relative_to(source).as_posix()}", path.read_bytes())
        return changed

    def commit(self) -> None:
        """Make the new site the live one."""
        if self.incremental:
            shutil.rmtree(self.staging, ignore_errors=True)
            return
        old = None
        if self.out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.old-", dir=self.out.parent))
            os.replace(self.out, old / "site")
        os.replace(self.target, self.out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def abandon(self) -> None:
        shutil.rmtree(self.staging if self.incremental else self.target, ignore_errors=True)


def _write_file(path: str | Path, data: bytes) -> None:
    """Create or replace a file with `data`: three system calls, where Python's file
    objects make six (fstat, isatty, lseek…); a build writes 15,000 files."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view):]
    finally:
        os.close(handle)


def _same_bytes(path: str | Path, data: bytes) -> bool:
    try:
        if os.stat(path).st_size != len(data):
            return False
        with open(path, "rb") as handle:
            return handle.read() == data
    except OSError:
        return False


def _remove_leftovers(out: Path) -> None:
    """Folders a build killed midway left beside the output (new, staged, old)."""
    for kind in ("new", "staged", "old"):
        for leftover in out.parent.glob(f".{out.name}.{kind}-*"):
            shutil.rmtree(leftover, ignore_errors=True)
