"""URL words and file names: the one place that turns a label, a title or a path into a
slug, with python-slugify. Each kind of slug keeps its own settings, named here, so a
URL or a file name never changes with the module that happens to make it.

Two labels that slug alike are one term everywhere (front matter, library, views),
so every reader of terms compares them through `term_slug`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from slugify import slugify

TERM_SLUG_LENGTH = 80
"""Terms: /pays/<slug>/."""
ARTICLE_SLUG_LENGTH = 100
"""Articles: /articles/<slug>/, from the file name or `slug:`."""
TITLE_SLUG_LENGTH = 80
"""The file name ingest gives a new article, from its title (cut at a word)."""

_PLAIN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def slug(text: str, *, max_length: int = 0, word_boundary: bool = False, lowercase: bool = True,
         separator: str = "-", fallback: str = "") -> str:
    """The slug of `text`: lower-case ASCII words joined by `separator`; `fallback` if none."""
    return slugify(text, max_length=max_length, word_boundary=word_boundary, lowercase=lowercase,
                   separator=separator) or fallback


@lru_cache(maxsize=None)
def term_slug(label: str) -> str:
    """The URL word of a term ('Macky SALL' → 'macky-sall'); labels that slug alike are one term."""
    return slug(label.replace("’", "'"), max_length=TERM_SLUG_LENGTH, fallback="sans-nom")


def article_slug(text: str) -> str:
    """The URL word of an article, from its file name or `slug:`. File names are most
    often slugs already (ingest writes them so), which slugify would return unchanged,
    more slowly."""
    if len(text) <= ARTICLE_SLUG_LENGTH and _PLAIN.fullmatch(text):
        return text
    return slug(text, max_length=ARTICLE_SLUG_LENGTH, fallback="article")


def title_slug(title: str) -> str:
    """The file name ingest gives a new article (before making it unique)."""
    return slug(title, max_length=TITLE_SLUG_LENGTH, word_boundary=True, fallback="article")


def file_slug(path: str) -> str:
    """A seed's path as one file name, case kept (ingest's state files)."""
    return slug(path, lowercase=False, fallback="seed")


def match_key(label: str) -> str:
    """Case, accents, apostrophes and punctuation folded, words kept apart by spaces:
    what two spellings of one name share ('Etats-Unis' == 'États-Unis')."""
    return slug(label.replace("’", "'"), separator=" ")
