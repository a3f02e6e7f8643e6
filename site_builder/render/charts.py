"""Data for the pictures drawn at build time (timelines, maps), as plain records."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

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
