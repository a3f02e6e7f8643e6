"""Which URLs may become links: one function decides for every URL the site prints,
wherever it comes from (front matter, Markdown links, autolinks and images, site.yaml).

A URL is judged by the scheme a browser would see in it, after undoing what a browser
undoes (HTML entities, leading and trailing spaces and control characters, tabs and
newlines anywhere) and, to be stricter than any browser, percent-encoding as well; a
URL without a scheme is relative, and safe. Anything else (`javascript:`, `vbscript:`,
`data:`, `file:` …) is never printed as a link.
"""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

LINK_SCHEMES = frozenset({"http", "https", "mailto"})
IMAGE_SCHEMES = frozenset({"http", "https"})
WEB_SCHEMES = IMAGE_SCHEMES
"""For absolute addresses of the site itself (base_url)."""

ALLOWED_TEXT = "only http:, https:, mailto: and relative links are allowed"

# A scheme as the URL standard reads one: a letter, then letters, digits, + - . up to ':'.
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
# Trimmed from both ends by browsers: C0 control characters and space.
_TRIMMED = "".join(map(chr, range(0x21)))
# Removed anywhere by browsers.
_REMOVED = re.compile(r"[\t\n\r]")
# Entities within entities ('&amp;#106;') are undone this many times at most.
_ENTITY_ROUNDS = 3


def url_scheme(url: str) -> str | None:
    """The lower-case scheme a browser reads in `url`; None for a relative URL."""
    match = _SCHEME.match(_as_browser_reads(url))
    return match.group(1).lower() if match else None


def is_safe_url(url: str, schemes: frozenset[str] = LINK_SCHEMES) -> bool:
    """True when `url` is relative or its scheme is one of `schemes`, read both as a
    browser reads it and percent-decoded (stricter than a browser: '%6Aavascript:')."""
    for form in (url, unquote(url)):
        scheme = url_scheme(form)
        if scheme is not None and scheme not in schemes:
            return False
    return True


def safe_link(url: str) -> str:
    """`url` when it may be a link's href, else '' (a template filter: the caller shows
    the text without a link)."""
    return url if is_safe_url(url) else ""


def _as_browser_reads(url: str) -> str:
    for _ in range(_ENTITY_ROUNDS):
        decoded = html.unescape(url)
        if decoded == url:
            break
        url = decoded
    return _REMOVED.sub("", url).strip(_TRIMMED)
