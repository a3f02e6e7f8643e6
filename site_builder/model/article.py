"""The Article: one validated content file, ready to render."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .frontmatter import FrontMatter


@dataclass  # no slots: instances unpickle twice as fast with a __dict__
class Article:
    """One article. Read-only once the library is built."""

    path: str
    """The content file, relative to the working folder where possible (text: a cache
    holds 10,000 of them, and Path objects are slow to unpickle)."""
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
