"""URL words: the one place that turns a label or a title into a slug.

Two labels that slug alike are one term everywhere (front matter, library, views),
so every reader of terms compares them through `term_slug`.
"""

from __future__ import annotations

from functools import lru_cache

from slugify import slugify

TERM_SLUG_LENGTH = 80


@lru_cache(maxsize=None)
def term_slug(label: str) -> str:
    """The URL word of a term ('Macky SALL' → 'macky-sall'); labels that slug alike are one term."""
    return slugify(label.replace("’", "'"), max_length=TERM_SLUG_LENGTH) or "sans-nom"
