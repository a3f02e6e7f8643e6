"""The Article: one validated content file, ready to render."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .frontmatter import FrontMatter


@dataclass(slots=True)
class Article:
    """One article. Read-only once the library is built."""

    path: Path
    """The content file, relative to the site root where possible."""
    slug: str
    """URL word: from `slug:` or the file name, never from the title."""
    meta: FrontMatter
    body_html: str
    digest: str
    """Hash of the file's bytes: what the render cache keys on."""

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def date(self) -> dt.datetime:
        return self.meta.date

    @property
    def draft(self) -> bool:
        return self.meta.draft
