"""Data for the pictures drawn at build time (timelines, maps), as plain records."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from babel.dates import format_date

from ..model.article import Article


@dataclass(frozen=True, slots=True)
class MonthCount:
    year: int
    month: int
    count: int


def month_counts(articles: list[Article]) -> list[MonthCount]:
    """Articles per month, oldest first, with empty months filled in."""
    if not articles:
        return []
    counter = Counter((article.date.year, article.date.month) for article in articles)
    (year, month), last = min(counter), max(counter)
    result = []
    while (year, month) <= last:
        result.append(MonthCount(year, month, counter.get((year, month), 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    count: int
    label: str
    """What the bar's tooltip says: 'mars 2024 : 3 articles'."""


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True, slots=True)
class Timeline:
    """A bar chart of articles per month, in SVG units."""

    width: int
    height: int
    baseline: float
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    peak: int
    summary: str
    """One sentence for readers who cannot see the chart."""


TIMELINE_WIDTH = 720
TIMELINE_HEIGHT = 150
_AXIS = 22  # room under the bars for the year labels
_TOP = 8


def timeline(articles: list[Article], locale: str, words: tuple[str, str] = ("article", "articles")) -> Timeline | None:
    """Articles per month as bars; None when there is nothing to draw."""
    months = month_counts(articles)
    if not months:
        return None
    peak = max(month.count for month in months)
    slot = TIMELINE_WIDTH / len(months)
    gap = min(slot * 0.2, 3.0) if slot > 3 else 0.0
    baseline = TIMELINE_HEIGHT - _AXIS
    scale = (baseline - _TOP) / peak
    bars, ticks = [], []
    for index, month in enumerate(months):
        height = max(month.count * scale, 1.5) if month.count else 0.0
        word = words[0] if month.count == 1 else words[1]
        name = month_name(month.year, month.month, locale)
        bars.append(
            Bar(
                x=round(index * slot + gap / 2, 1),
                y=round(baseline - height, 1),
                width=round(slot - gap, 1),
                height=round(height, 1),
                count=month.count,
                label=f"{name}\u202f: {month.count} {word}",
            )
        )
        if month.month == 1 or index == 0:
            ticks.append(Tick(round(index * slot, 1), str(month.year)))
    ticks = _spaced(ticks, minimum=34.0)
    first = month_name(months[0].year, months[0].month, locale)
    last = month_name(months[-1].year, months[-1].month, locale)
    total = sum(month.count for month in months)
    summary = f"{total} {words[0] if total == 1 else words[1]}, de {first} à {last}"
    return Timeline(TIMELINE_WIDTH, TIMELINE_HEIGHT, baseline, tuple(bars), tuple(ticks), peak, summary)


def _spaced(ticks: list[Tick], minimum: float) -> list[Tick]:
    """Drop year labels that would overlap the previous one."""
    kept: list[Tick] = []
    for tick in ticks:
        if not kept or tick.x - kept[-1].x >= minimum:
            kept.append(tick)
    return kept


@lru_cache(maxsize=2048)
def month_name(year: int, month: int, locale: str) -> str:
    """'mars 2024'."""
    return format_date(dt.date(year, month, 1), "LLLL y", locale=locale)
