"""The build key, and cache files that cannot lie.

Every cache is keyed by what made its entries: this program (every file of the
installed package), the versions of the dependencies that shape output, the whole
effective configuration (site.yaml with command-line overrides) and the theme (every
file under it). A cache entry made under another key is never used.

Every cache file is sealed: a checksum over its key and payload precedes the payload,
so an entry that was truncated, flipped or written under another key reads as absent
and is made again, never unpickled or executed.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from .files import write_atomic

PROGRAM_ROOT = Path(__file__).parent
"""The installed site_builder package: every file in it is part of the program."""

OUTPUT_DEPENDENCIES = (
    "markdown-it-py",
    "mdit-py-plugins",
    "jinja2",
    "markupsafe",
    "pyyaml",
    "yaml-rs",
    "babel",
    "python-slugify",
    "text-unidecode",
    "pygal-maps-world",
    "tzdata",
    "pagefind-bin",
)
"""Distributions whose code or data end up in pages (Markdown, templates, escaping,
YAML reading, dates and numbers, slugs, map outlines, time zones, the search index)."""


def dependency_version(name: str) -> str:
    """A distribution's installed version, or '-' when it is not installed, as
    importlib.metadata finds it (the first on sys.path), read from the names of the
    `.dist-info` folders: a dozen `metadata.version` calls cost 50 ms, a no-op build's
    fifth."""
    return _installed_versions().get(_normalised(name), "-")


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


# Installed distributions, read once per process (the code it runs is already loaded).
_INSTALLED: dict[str, str] = {}


def _installed_versions() -> dict[str, str]:
    if not _INSTALLED:
        for entry in sys.path:
            try:
                names = os.listdir(entry or ".")
            except OSError:
                continue
            for item in names:
                if item.endswith((".dist-info", ".egg-info")):
                    name, _, version = item.rsplit(".", 1)[0].partition("-")
                    _INSTALLED.setdefault(_normalised(name), version.partition("-")[0] or "?")
        _INSTALLED.setdefault("", "")  # read, even if nothing is installed
    return _INSTALLED


def dependency_versions() -> str:
    pairs = [f"{name}={dependency_version(name)}" for name in OUTPUT_DEPENDENCIES]
    return f"python={sys.implementation.name}-{sys.version}\n" + "\n".join(pairs)


# The program's digest, per package folder: computed once per process (the program
# cannot change under a running process; forked workers inherit the same one).
_PROGRAM_DIGESTS: dict[Path, str] = {}


def program_digest(root: Path | None = None) -> str:
    """A digest of every file of the package (compiled bytecode excluded)."""
    root = PROGRAM_ROOT if root is None else root
    digest = _PROGRAM_DIGESTS.get(root)
    if digest is None:
        digest = _PROGRAM_DIGESTS[root] = _tree_digest(root, skip=("__pycache__",), suffixes_skipped=(".pyc",))
    return digest


def theme_digest(theme_dir: Path) -> str:
    """A digest of every file under the theme folder, names and bytes."""
    return _tree_digest(theme_dir)


def _tree_digest(root: Path, skip: tuple[str, ...] = (), suffixes_skipped: tuple[str, ...] = ()) -> str:
    digest = hashlib.blake2b(digest_size=16)
    if not root.is_dir():
        digest.update(b"missing")
        return digest.hexdigest()
    files = []
    for folder, folders, names in os.walk(root):
        folders[:] = sorted(name for name in folders if name not in skip)
        for name in names:
            if not name.endswith(suffixes_skipped):
                files.append(os.path.join(folder, name))
    for path in sorted(files):
        relative = os.path.relpath(path, root).replace(os.sep, "/")
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError:
            data = b"\0unreadable"
        digest.update(f"{relative}\0{len(data)}\0".encode("utf-8", "surrogateescape"))
        digest.update(data)
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class BuildKey:
    """The build key and its parts. `content` covers what parsing content depends on
    (program, dependencies, configuration, working folder); `full` adds the theme and
    the build's options: every page, layout part and compiled template is keyed by it."""

    program: str
    dependencies: str
    configuration: str
    theme: str
    content: str
    full: str


def build_key(config, *, options: tuple = ()) -> BuildKey:
    """The key of a build of `config` (a SiteConfig, already with command-line
    overrides) with the given build options (search on or off…)."""
    program = program_digest()
    dependencies = _digest(dependency_versions())
    configuration = _digest(repr(config), repr(options), _registry_text(config))
    theme = theme_digest(config.theme_dir)
    # Messages name content files relative to the working folder.
    content = _digest(program, dependencies, configuration, str(Path.cwd()))
    full = _digest(content, theme)
    return BuildKey(program, dependencies, configuration, theme, content, full)


def _registry_text(config) -> str:
    """The registry of people (actors.yaml) names and describes actors on every page:
    it is configuration an editor owns."""
    path = getattr(config, "actors_path", None)
    try:
        return path.read_bytes().decode("utf-8", "surrogateescape") if path else ""
    except OSError:
        return ""


def _digest(*parts: str) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(part.encode("utf-8", "surrogateescape"))
        digest.update(b"\0")
    return digest.hexdigest()


# Sealed cache files: MAGIC, then a 32-byte blake2b over the key and the payload, then
# the payload.
MAGIC = b"sbcache1"
_CHECK = 32


def seal(payload: bytes, key: str) -> bytes:
    return MAGIC + _check(payload, key) + payload


def unseal(data: bytes, key: str, view: bool = False) -> bytes | memoryview | None:
    """The payload, if `data` is a whole sealed payload made under `key`; else None.
    `view`: as a view into `data` rather than a copy (for pickle.loads, which takes one)."""
    start = len(MAGIC) + _CHECK
    if len(data) < start or not data.startswith(MAGIC):
        return None
    payload = memoryview(data)[start:]
    if data[len(MAGIC) : start] != _check(payload, key):
        return None
    return payload if view else payload.tobytes()


def _check(payload: bytes, key: str) -> bytes:
    digest = hashlib.blake2b(key.encode("utf-8", "surrogateescape"), digest_size=_CHECK)
    digest.update(b"\0")
    digest.update(payload)
    return digest.digest()


def read_sealed(path: Path | str, key: str, view: bool = False) -> bytes | memoryview | None:
    """A sealed file's payload; None if it is missing, damaged or made under another key.
    `view`: see unseal."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    return unseal(data, key, view)


def write_sealed(path: Path | str, payload: bytes, key: str) -> None:
    """Write a sealed file atomically (files.write_atomic)."""
    write_atomic(path, (MAGIC + _check(payload, key), payload))
