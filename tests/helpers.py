"""Helpers shared by the test modules: the sample site and the command line."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "tests" / "sites" / "sample"
THEME = REPO / "theme"
BASE_URL = "http://127.0.0.1:8765/repo/"


@dataclass(frozen=True)
class BuiltSite:
    root: Path
    """A writable copy of the site's sources (site.yaml, content/)."""
    out: Path
    base_url: str

    @property
    def base_path(self) -> str:
        return "/" + self.base_url.split("/", 3)[3]


def copy_site(source: Path, target: Path) -> Path:
    """A copy of a site folder whose theme points at the repository's theme."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".cache", "_site"))
    config = target / "site.yaml"
    text = config.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("theme_dir:")]
    config.write_text("\n".join(lines) + f"\ntheme_dir: {THEME}\n", encoding="utf-8")
    return target


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "site_builder", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )
