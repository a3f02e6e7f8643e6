"""`check`: load and validate everything, render nothing, report every problem."""

from __future__ import annotations

from .build import load_library, paused_gc
from .config import SiteConfig
from .errors import ContentError
from .render.plan import Planner


def check(config: SiteConfig) -> tuple[list, list, int]:
    """(problems, warnings, article count); loads content without the cache."""
    with paused_gc():
        try:
            library, warnings = load_library(config, use_cache=False)
        except ContentError as error:
            return error.problems, [], 0
        planner = Planner(library)
        planner.plan()
        return planner.problems, warnings, len(library.articles)
