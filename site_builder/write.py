"""The only code that touches the output folder.

Every build makes the new site as a whole folder, then swaps it with the live one in
one atomic step. At every instant the output is the whole old site or the whole new
one; a failed or killed build leaves the last good site as it was, and the next build
deletes what it left beside the output.

A full build writes every file into a new folder beside the output (`.<name>.new-*`),
and deletes the old site once swapped out. An incremental build works in a spare
folder in the build cache: the site before the last one, which the last swap left
there, with the list of paths where it differs (`spare-site.mends`). It becomes a tree
of hard links to the live site's files by mending those paths alone (or, without a
valid list, by comparing every entry: half a second at 10,000 articles; making the tree
from nothing and deleting the old one, several seconds, where a build writes a dozen
files); then the changed files replace their links, each as a new file (writing
through a link would change the live site too); after the swap the spare holds the old
site, and the list of what this build changed.

The swap is Linux's renameat2(RENAME_EXCHANGE). Where it is missing (another system, or
a filesystem without it), two renames replace it: the live folder moves aside into
`.<name>.old-*/site`, then the new one takes its name. A build killed between the two
leaves no output folder, and the next build moves the old site back first.

Output folders carry a mark (MARK) so that a build replaces only a folder it made.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import hashlib
import os
import shutil
import stat
import sys
import tempfile
from pathlib import Path
from typing import Callable

from .buildkey import read_sealed, write_sealed
from .errors import SiteError

MARK = ".site-builder"
"""A file at the root of every output folder: a build replaces only a folder holding it."""
MARK_TEXT = b"This folder is the output of site-builder; each build replaces it whole.\n"

_LEFTOVER_KINDS = ("new", "staged", "old")
"""The folders a build makes beside the output, `.<name>.<kind>-*`."""
_NO_HARD_LINKS = {errno.EPERM, errno.EMLINK, errno.EXDEV, errno.EOPNOTSUPP}
"""link() failures that mean this filesystem (or this file) takes no more links: copy."""


class OutputFolder:
    """Writes one build's files into a new tree, then swaps it in for `out`.

    `spare` is where an incremental build keeps its tree between builds (unused unless
    on the output's filesystem). `in_place` (incremental builds only) moves changed
    files straight into the live folder, one by one, each atomically, instead: no tree
    to link, but a build killed while publishing leaves a mix of old and new pages.
    """

    def __init__(self, out: Path, incremental: bool, spare: Path | None = None, in_place: bool = False):
        self.out = out
        _remove_leftovers(out)
        self.incremental = incremental and out.is_dir()
        self.in_place = self.incremental and in_place
        self._tree: str | None = None
        out.parent.mkdir(parents=True, exist_ok=True)
        self._spare = str(spare) if spare is not None and _same_filesystem(spare.parent, out.parent) else None
        self._touched: set[str] = set()
        """What this build changed in its tree, relative: after the swap, all that differs
        between the live site and the spare, which the next build mends alone."""
        if self.incremental:
            # Rendered pages wait here until every page is rendered; the tree of links is
            # made only then, and only if a file changed.
            self.staging = _folder_beside(out, "staged")
            self._staging_text = str(self.staging)
        else:
            self._tree = str(_folder_beside(out, "new"))
        self._live_text = str(out)
        self.written = 0
        self._folders: set[str] = set()

    @property
    def target(self) -> Path:
        """The folder this build's files go into (made on first need)."""
        return Path(self._target())

    def _target(self) -> str:
        if self._tree is None:
            if self.in_place:
                self._tree = self._live_text
            else:
                tree = self._spare or str(_folder_beside(self.out, "new"))
                _mend_spare(self._live_text, tree)
                self._tree = tree
        return self._tree

    def write(self, relative: str, data: bytes) -> bool:
        """Write one file; False when an incremental build finds the same bytes there."""
        # Paths as text: a full build writes 15,000 files, and Path objects cost.
        if self.incremental and _same_bytes(os.path.join(self._live_text, relative), data):
            return False
        path = os.path.join(self._target(), relative)
        self._touched.add(relative)
        folder, name = os.path.split(path)
        self._make_folder(folder)
        shown = os.path.join(self._live_text, relative)
        if self.incremental:
            # A new file, renamed over the old name: the live site's file (the same
            # inode, in a tree of links) stays as it was.
            temporary = os.path.join(folder, f".{name}.tmp")
            _write_file(temporary, data, shown)
            os.replace(temporary, path)
        else:
            _write_file(path, data, shown)
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
        live = os.path.join(self._live_text, relative)
        if _same_bytes(live, data):
            return False
        _write_file(self._staged(relative), data, live)
        return True

    def publish(self, relative: str) -> None:
        """Move a staged page into the new tree (or, in place, into the live folder)."""
        path = os.path.join(self._target(), relative)
        self._touched.add(relative)
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
        if not os.path.lexists(os.path.join(self._live_text, relative)):
            return
        target = self.target
        path = target / relative
        self._touched.add(relative)
        if path.is_file():
            path.unlink()
            self.written += 1
        folder = path.parent
        while folder != target and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent

    def clear(self, relative: str) -> None:
        """Empty a folder that a program (the search indexer) will write anew: such a
        program may rewrite files in place, and in a tree of links those are the live
        site's files too."""
        self._touched.add(relative)
        if self._tree is not None and not self.in_place:
            shutil.rmtree(os.path.join(self._tree, relative), ignore_errors=True)

    def copy_tree(self, source: Path, relative: str) -> bool:
        """Mirror a folder of static files; True if any file changed."""
        changed = False
        for path in sorted(source.rglob("*")) if source.is_dir() else ():
            if path.is_file():
                changed |= self.write(f"{relative}/{path.relative_to(source).as_posix()}", path.read_bytes())
        return changed

    def commit(self) -> None:
        """Make the new site the live one, in one step."""
        if self.incremental:
            shutil.rmtree(self.staging, ignore_errors=True)
            if self._tree is None and os.path.isfile(os.path.join(self._live_text, MARK)):
                return  # no file changed: the live site is already the new one
        tree = self._target()
        mark = os.path.join(tree, MARK)
        if not os.path.isfile(mark):  # in a tree of links, never rewrite the live site's mark
            _write_file(mark, MARK_TEXT)
            self._touched.add(MARK)
        if tree == self._live_text:
            return
        # mkdtemp made the tree private (0700): give it the live folder's mode, or a web
        # server's.
        os.chmod(tree, stat.S_IMODE(os.stat(self.out).st_mode) if self.out.is_dir() else 0o755)
        if not os.path.lexists(self.out):
            os.rename(tree, self.out)
        elif _exchange(tree, self._live_text):
            if tree != self._spare:
                _delete(tree)  # the old site, now
            else:
                _write_mends(self._live_text, tree, self._touched)
        else:
            old = _folder_beside(self.out, "old")
            os.rename(self.out, old / "site")
            os.rename(tree, self.out)
            _delete(old)

    def abandon(self) -> None:
        if self.incremental:
            shutil.rmtree(self.staging, ignore_errors=True)
        if self._tree not in (None, self._live_text, self._spare):
            _delete(self._tree)


def refuse_foreign_output(out: Path, built_here: Callable[[], bool]) -> None:
    """Raise SiteError unless `out` is missing, empty, or a folder a build made (it holds
    the mark, or `built_here()`: the build cache names it): a build replaces the whole
    folder, and must never delete what it did not make."""
    if not os.path.lexists(out):
        return
    if not out.is_dir():
        raise SiteError(f"{out}: refusing to build into it: it is not a folder (choose another --out)")
    if (out / MARK).is_file() or not any(out.iterdir()) or built_here():
        return
    raise SiteError(
        f"{out}: refusing to replace a folder that site-builder did not build "
        f"(it is not empty and has no {MARK} file); choose another --out, or empty it"
    )


def _folder_beside(out: Path, kind: str) -> Path:
    """A new empty folder next to `out`, `.<name>.<kind>-*`, on the same filesystem."""
    try:
        return Path(tempfile.mkdtemp(prefix=f".{out.name}.{kind}-", dir=out.parent))
    except OSError as error:
        raise _naming(error, out.parent) from None


def _link_tree(source: str, target: str) -> None:
    """Make the folder `target` hold hard links to exactly the files under `source`,
    keeping each entry that already is one (the same inode) and redoing the others."""
    with os.scandir(target) as entries:
        present = {entry.name: entry for entry in entries}
    with os.scandir(source) as entries:
        for entry in entries:
            path = os.path.join(target, entry.name)
            other = present.pop(entry.name, None)
            if entry.is_dir(follow_symlinks=False):
                if other is not None and not other.is_dir(follow_symlinks=False):
                    os.unlink(path)
                    other = None
                if other is None:
                    os.mkdir(path)
                _link_tree(entry.path, path)
                continue
            if other is not None:
                if not other.is_dir(follow_symlinks=False) and other.inode() == entry.inode():
                    continue
                _delete(path)
            _link(entry.path, path)
    for other in present.values():
        _delete(other.path)


def _link(source: str, path: str) -> None:
    """A hard link at `path` to the file `source`; a copy where links cannot be made."""
    try:
        os.link(source, path, follow_symlinks=False)
    except OSError as error:
        if error.errno not in _NO_HARD_LINKS:
            raise _naming(error, path) from None
        shutil.copy2(source, path, follow_symlinks=False)


def _mend_spare(live: str, spare: str) -> None:
    """Make `spare` a tree of hard links to exactly the live site's files. Where the last
    build swapped it out, its list of the paths that differ is enough (a few entries,
    where walking 14,000 folders costs half a second); else every entry is compared."""
    mends = _read_mends(live, spare)
    Path(f"{spare}.mends").unlink(missing_ok=True)  # from now on the spare is in flux
    if mends is None:
        if os.path.islink(spare) or (os.path.lexists(spare) and not os.path.isdir(spare)):
            os.unlink(spare)
        os.makedirs(spare, exist_ok=True)
        _link_tree(live, spare)
        return
    for relative in mends:
        _mend(live, spare, relative)


def _mend(live: str, spare: str, relative: str) -> None:
    """Make one path of the spare what it is in the live site."""
    source, target = os.path.join(live, relative), os.path.join(spare, relative)
    if os.path.isdir(source) and not os.path.islink(source):
        if not os.path.isdir(target) or os.path.islink(target):
            _delete(target)
            os.makedirs(target)
        _link_tree(source, target)
        return
    _delete(target)
    if os.path.lexists(source):
        folder = os.path.dirname(target)
        if not os.path.isdir(folder):
            _delete(folder)
            os.makedirs(folder)
        _link(source, target)
        return
    # Gone from the live site, and with it perhaps its folders.
    folder = os.path.dirname(relative)
    while folder and not os.path.isdir(os.path.join(live, folder)):
        _delete(os.path.join(spare, folder))
        folder = os.path.dirname(folder)


def _identity(*paths: str) -> str:
    return " ".join(f"{status.st_dev}:{status.st_ino}" for status in map(os.stat, paths))


def _write_mends(live: str, spare: str, touched: set[str]) -> None:
    """Record, beside the spare, the paths where it differs from the live site, sealed
    under both folders' identities: should either be replaced (a full build), or the
    file be damaged, the list is void."""
    text = "".join(f"{relative}\n" for relative in sorted(touched))
    write_sealed(f"{spare}.mends", text.encode("utf-8", "surrogateescape"), _identity(live, spare))


def _read_mends(live: str, spare: str) -> list[str] | None:
    try:
        payload = read_sealed(f"{spare}.mends", _identity(live, spare))
    except OSError:
        return None
    if payload is None:
        return None
    return payload.decode("utf-8", "surrogateescape").splitlines()


def _same_filesystem(first: Path, second: Path) -> bool:
    try:
        first.mkdir(parents=True, exist_ok=True)
        return os.stat(first).st_dev == os.stat(second).st_dev
    except OSError:
        return False


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


@functools.cache
def _renameat2():
    """glibc's renameat2, or None (not Linux, or a C library without it)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def _exchange(first: str, second: str) -> bool:
    """Swap the names of two folders atomically; False where this system or filesystem
    cannot, so that the caller falls back to two renames."""
    rename = _renameat2()
    if rename is None:
        return False
    if rename(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), second)


def _naming(error: OSError, path: str | Path) -> OSError:
    """The same error, naming `path` (write() and its kin name no file)."""
    return OSError(error.errno, error.strerror, str(path))


def _write_file(path: str | Path, data: bytes, shown: str | Path | None = None) -> None:
    """Create or replace a file with `data`: three system calls, where Python's file
    objects make six (fstat, isatty, lseek…); a build writes 15,000 files. An error (a
    full disk, a file size limit) names `shown`, the file as the site will have it, or
    `path`."""
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view):]
        finally:
            os.close(handle)
    except OSError as error:
        raise _naming(error, shown or path) from None


def _same_bytes(path: str | Path, data: bytes) -> bool:
    try:
        if os.stat(path).st_size != len(data):
            return False
        with open(path, "rb") as handle:
            return handle.read() == data
    except OSError:
        return False


def _remove_leftovers(out: Path) -> None:
    """Folders a build killed midway left beside the output (new, staged, old). A build
    killed between the two renames of the fallback left the old site aside: it comes back."""
    if not os.path.lexists(out):
        for old in sorted(out.parent.glob(f".{out.name}.old-*/site")):
            os.rename(old, out)
            break
    for kind in _LEFTOVER_KINDS:
        for leftover in out.parent.glob(f".{out.name}.{kind}-*"):
            _delete(leftover)


def _delete(path: str | Path) -> None:
    """Delete a folder, or a file or symbolic link (after a swap, the output may have been one)."""
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
    elif os.path.lexists(path):
        os.unlink(path)
