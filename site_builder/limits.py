"""Bounds on what one input may hold, as data in one place.

Every reader (front matter, Markdown, ingest) takes its bounds from here, so an input
that could exhaust the machine is refused the same way everywhere: one error naming
the file (and line), never a crash or a build that runs for minutes. A site may raise
or lower them under `limits:` in site.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limits:
    content_file_bytes: int = 2_000_000
    """A content file (front matter and Markdown); a long feature is about 50 kB."""
    seed_file_bytes: int = 20_000_000
    """A raw page in seeds/: saved HTML pages carry scripts and styles inline."""
    terms_per_taxonomy: int = 50
    """Countries, topics … on one article: each term is a page and a feed."""
    actors: int = 50
    """People listed on one article."""
    aliases: int = 50
    """Old paths one article redirects from."""
    markdown_nesting: int = 20
    """Nested blocks (quotes, lists) in a body, which parsers walk recursively."""
    earliest_year: int = 1900
    """The earliest year of an article's `date` or `updated`: year 1 cannot even be
    moved into every time zone, and a timeline from it has 24,000 months."""
    latest_year: int = 2999
    """The latest year of an article's `date` or `updated` (9999-12-31 overflows)."""


DEFAULT_LIMITS = Limits()
