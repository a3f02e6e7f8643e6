"""`check`: load and validate everything, render nothing, report every problem."""

from __future__ import annotations

from pathlib import Path

from .build import paused_gc
from .config import SiteConfig
from .errors import ContentError
from .model.frontmatter import key_line
from .model import permalinks, publishing
from .model.library import build_library
from .model.load import load_articles
from .render.plan import Planner


def check(config: SiteConfig) -> tuple[list, list, int]:
    """(problems, warnings and notes, article count); loads content without the cache."""
    with paused_gc():
        loaded = load_articles(config, use_cache=False)
        if loaded.problems:  # with the URL clashes among the files that did load
            return [*loaded.problems, *permalinks.url_problems(config, loaded.articles)], [], 0
        notes = unknown_keys_note(loaded.articles)
        try:
            library = build_library(config, loaded.articles, use_cache=False)
        except ContentError as error:
            return error.problems, [], 0
        planner = Planner(library)
        planner.plan()
        warnings = [*loaded.warnings, *publishing.future_warnings(loaded.articles, config)]
        warnings += library.urls.warnings if library.urls else []
        return planner.problems, [*warnings, *notes], len(library.articles)


def unknown_keys_note(articles: list) -> list[str]:
    """One note per unknown key kept for the templates, naming where it is written."""
    places: dict[str, list[str]] = {}
    for article in articles:
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
