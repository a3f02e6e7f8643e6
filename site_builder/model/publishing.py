"""Which articles the published site shows: not drafts, not articles whose date ingest
could not find (`date_source: file`) until an editor confirms it, and not articles
dated in the future until their date, unless `publish_future: true` in site.yaml. A
date more than a day ahead is also a warning (a typo, more often than a plan)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..config import SiteConfig
from ..errors import Problem
from .article import Article

AHEAD = dt.timedelta(days=1)
"""How far ahead of now a date may be before it is a warning."""

DRAFT, UNDATED, FUTURE = "draft", "undated", "future"


def hold_reason(article: Article, config: SiteConfig, now: dt.datetime) -> str:
    """Why the published site leaves the article out ('' when it shows it)."""
    if article.meta.draft:
        return DRAFT
    if article.meta.date_source == "file":
        return UNDATED
    if not config.publish_future and article.date > now:
        return FUTURE  # held until its date (a warning only if more than a day ahead)
    return ""


def shown(articles: list[Article], config: SiteConfig, now: dt.datetime | None = None) -> list[Article]:
    """The articles a build shows: what is published; in `serve`, undated articles too
    (with a banner), and with `--drafts` everything."""
    now = now or dt.datetime.now(config.zone)
    result = []
    for article in articles:
        reason = hold_reason(article, config, now)
        if not reason or config.preview == "drafts" or (reason == UNDATED and config.preview):
            result.append(article)
    return result


def future_warnings(articles: list[Article], config: SiteConfig, now: dt.datetime | None = None) -> list[Problem]:
    """A warning for every article dated more than a day ahead."""
    now = now or dt.datetime.now(config.zone)
    warnings = []
    for article in articles:
        if article.date > now + AHEAD:
            what = "published now (publish_future: true)" if config.publish_future else "held back until then"
            when = article.date.strftime("%Y-%m-%d %H:%M")
            warnings.append(Problem(Path(article.path), _date_line(article.path), f"date {when} is more than a day ahead: {what}", True))
    return warnings


def clock_key(config: SiteConfig) -> str:
    """What a no-op build check must also compare: once the first article held for its
    date (noted by the last build in the cache) is due, a build must publish it."""
    try:
        due = dt.datetime.fromisoformat((config.cache_dir / HELD_UNTIL).read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return ""
    return f"due {due.isoformat()}" if dt.datetime.now(config.zone) >= due else ""


def note_held_until(config: SiteConfig, articles: list[Article], now: dt.datetime | None = None) -> None:
    """Note in the cache when the first article held for its date is due (or nothing)."""
    now = now or dt.datetime.now(config.zone)
    held = [article.date for article in articles if hold_reason(article, config, now) == FUTURE]
    path = config.cache_dir / HELD_UNTIL
    if held:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(min(held).isoformat(), encoding="utf-8")
    else:
        path.unlink(missing_ok=True)


HELD_UNTIL = "held-until"


def _date_line(path: str) -> int:
    from .frontmatter import key_line

    try:
        return key_line(Path(path).read_text(encoding="utf-8"), "date")
    except OSError:
        return 0
