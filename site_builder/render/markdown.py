"""Markdown → HTML for article bodies. Raw HTML in a body is escaped, never passed through."""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # CommonMark plus tables and strikethrough; html=False turns raw HTML into text.
    return MarkdownIt("commonmark", {"html": False, "typographer": False}).enable(
        ["table", "strikethrough"]
    )


def render_markdown(text: str) -> str:
    return _parser().render(text)
