"""What one process keeps warm between builds of a site: one object, owned by its caller.

A command-line build makes a new one; the preview server keeps one for its whole life.
Nothing here is a module-level memo: a forked worker sees the state of the build that
forked it, and two sites built in one process never share entries.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(slots=True)
class BuildState:
    """Named entries, each kept with the key it was made under (a part of the build key,
    see buildkey): asked for under another key, an entry is absent."""

    entries: dict[str, tuple[str, object]] = field(default_factory=dict)

    def get(self, name: str, key: str):
        entry = self.entries.get(name)
        return entry[1] if entry is not None and entry[0] == key else None

    def put(self, name: str, key: str, value) -> None:
        self.entries[name] = (key, value)

    def forget(self, name: str) -> None:
        self.entries.pop(name, None)

    def clear(self) -> None:
        self.entries.clear()


KEPT_ON_CLEAN = ("build.lock",)
"""What `build --clean` leaves in the cache folder: the lock the build itself holds."""


def clear_cache_folder(cache_dir: Path) -> None:
    """Delete every cache file and folder (a clean build starts from nothing)."""
    if not cache_dir.is_dir():
        return
    for entry in os.scandir(cache_dir):
        if entry.name in KEPT_ON_CLEAN:
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            try:
                os.unlink(entry.path)
            except OSError:
                pass
