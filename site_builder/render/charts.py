"""Data for the pictures drawn at build time (timelines, maps), as plain records."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from babel.dates import format_date

from .views import babel_locale


@dataclass(frozen=True, slots=True)
class MonthCount:
    year: int
    month: int
    count: int


def month_counts(counts: Counter, at_least: int = 1) -> list[MonthCount]:
    """Articles per month from (year, month) → count, oldest first, with empty months
    filled in. The span is widened backwards to `at_least` months, so a short story
    still reads as a year.
    """
    if not counts:
        return []
    (year, month), last = min(counts), max(counts)
    earliest = last[0] * 12 + last[1] - (at_least - 1)
    if year * 12 + month > earliest:
        year, month = divmod(earliest, 12)
        year, month = (year - 1, 12) if month == 0 else (year, month)
    result = []
    while (year, month) <= last:
        result.append(MonthCount(year, month, counts.get((year, month), 0)))
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
    """Where the label is anchored, in chart units."""
    label: str
    major: bool
    """Years (and the first month): kept on narrow screens, where quarters are hidden."""
    align: str
    """'start' (the label begins at x), 'middle' (centred on x) or 'end' (ends at x)."""


@dataclass(frozen=True, slots=True)
class Timeline:
    """A bar chart of articles per month, in SVG units."""

    width: int
    height: int
    baseline: float
    bars: tuple[Bar, ...]
    """Months with articles only (empty months are gaps)."""
    ticks: tuple[Tick, ...]
    peak: int
    total: int
    first: str
    """The first month drawn: 'février 2023'."""
    last: str


TIMELINE_WIDTH = 720
TIMELINE_HEIGHT = 150
TIMELINE_MONTHS = 12  # the shortest span drawn
_AXIS = 22  # room under the bars for the year labels
_TOP = 8


def timeline(counts: Counter, locale: str, words: tuple[str, str, str] = ("article", "articles", "\u202f:")) -> Timeline | None:
    """Articles per month, from (year, month) → count, as bars; None when there is nothing to draw."""
    months = month_counts(counts, TIMELINE_MONTHS)
    if not months:
        return None
    peak = max(month.count for month in months)
    slot = TIMELINE_WIDTH / len(months)
    gap = min(slot * 0.2, 3.0) if slot > 3 else 0.0
    baseline = TIMELINE_HEIGHT - _AXIS
    scale = (baseline - _TOP) / peak
    bars, ticks = [], []
    width = round(slot - gap, 1)
    for index, month in enumerate(months):
        if month.count:
            height = round(max(month.count * scale, 1.5), 1)
            word = words[0] if month.count == 1 else words[1]
            name = month_name(month.year, month.month, locale)
            bar = Bar(round(index * slot + gap / 2, 1), round(baseline - height, 1), width, height, month.count, f"{name}{words[2]} {month.count} {word}")
            bars.append(bar)
        tick = _tick(month, index, len(months), slot, locale)
        if tick:
            ticks.append(tick)
    ticks = _spaced(ticks, minimum=48.0)
    first = month_name(months[0].year, months[0].month, locale)
    last = month_name(months[-1].year, months[-1].month, locale)
    total = sum(month.count for month in months)
    return Timeline(TIMELINE_WIDTH, TIMELINE_HEIGHT, baseline, tuple(bars), tuple(ticks), peak, total, first, last)


def _tick(month: MonthCount, index: int, span: int, slot: float, locale: str) -> Tick | None:
    """Years on long spans (from each January); quarters under their bar on short ones."""
    start = round(index * slot, 1)
    if span > 24:
        if (index == 0 or month.month == 1) and start < TIMELINE_WIDTH * 0.93:
            return Tick(start, str(month.year), True, "start")
        return None
    if index and month.month % 3 != 1:
        return None
    short = format_date(dt.date(month.year, month.month, 1), "LLL", locale=babel_locale(locale))
    major = index == 0 or month.month == 1
    label = f"{short} {month.year}" if major else short
    if index == 0:
        return Tick(start, label, major, "start")
    middle = start + slot / 2
    if middle + 40 > TIMELINE_WIDTH:
        return Tick(round(start + slot, 1), label, major, "end")
    return Tick(round(middle, 1), label, major, "middle")


def _spaced(ticks: list[Tick], minimum: float) -> list[Tick]:
    """Drop labels that would crowd the previous one."""
    kept: list[Tick] = []
    for tick in ticks:
        if not kept or tick.x - kept[-1].x >= minimum * (1.6 if tick.align == "end" else 1):
            kept.append(tick)
    return kept


@lru_cache(maxsize=2048)
def month_name(year: int, month: int, locale: str) -> str:
    """'mars 2024'."""
    return format_date(dt.date(year, month, 1), "LLLL y", locale=babel_locale(locale))
