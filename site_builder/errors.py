"""The errors a user can cause, each printed as one line, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class SiteError(Exception):
    """A problem the user can fix; `str()` is the one line to print."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in one file, at one line (1-based; 0 when the line is unknown)."""

    path: Path
    line: int
    message: str
    warning: bool = False

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        prefix = "warning: " if self.warning else ""
        return f"{where}: {prefix}{self.message}"


class ContentError(SiteError):
    """One or more problems in content files; each is printed on its own line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


class ConfigError(SiteError):
    """A bad site.yaml."""


class ThemeError(SiteError):
    """A template that does not load or render."""
