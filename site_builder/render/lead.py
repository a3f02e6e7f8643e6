"""Whether an article's summary is the start of its body: then the page shows it once,
as the body's first paragraph styled as the lead, not twice."""

from __future__ import annotations

import html
import re

_FIRST_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def _plain(text: str) -> str:
    text = html.unescape(_TAG.sub("", text)).replace("\u202f", " ").replace("\xa0", " ").replace("’", "'")
    return _SPACE.sub(" ", text).strip().casefold()


def summary_opens_body(summary: str, body_html: str) -> bool:
    """True when the body's first paragraph begins with the whole summary."""
    match = _FIRST_PARAGRAPH.search(str(body_html))
    if not match or not summary.strip():
        return False
    return _plain(match.group(1)).startswith(_plain(summary))
