"""`check`: load and validate everything, render nothing, report every problem."""

from __future__ import annotations

from pathlib import Path

from .build import load_library, paused_gc
from .config import SiteConfig
from .errors import ContentError
from .model.frontmatter import key_line
from .render.plan import Planner


def check(config: SiteConfig) -> tuple[list, list, int]:
    """(problems, warnings and notes, article count); loads content without the cache."""
    with paused_gc():
        try:
            library, warnings = load_library(config, use_cache=False)
        except ContentError as error:
            return error.problems, [], 0
        planner = Planner(library)
        planner.plan()
        return planner.problems, [*warnings, *unknown_keys_note(library.articles)], len(library.articles)


def unknown_keys_note(articles: list) -> list[str]:
    """One note per unknown key kept for the templates, naming where it is written."""
    places: dict[str, list[str]] = {}
    for article in sorted(articles, key=lambda article: article.path):
        if not article.meta.extra:
            continue
        text = _read(article.path)
        for key in article.meta.extra:
            places.setdefault(str(key), []).append(f"{article.path}:{key_line(text, str(key))}")
    return [
        f"note: key '{key}' is not a front matter key; it is kept for the templates as "
        f"article.extra['{key}'] ({len(where)} file{'s' if len(where) > 1 else ''}: {', '.join(where[:5])}"
        f"{', …' if len(where) > 5 else ''})"
        for key, where in sorted(places.items())
    ]


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError:
        return ""
