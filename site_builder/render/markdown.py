"""Markdown → HTML for article bodies, with markdown-it-py (the engine the design card names).

CommonMark without raw HTML (raw HTML in a body shows as text), plus tables and
strikethrough. Two guards on top of the parser:
- links and images whose URL may not be a link (see urls.py) are shown as the Markdown
  that was written, as text, and reported with their line;
- quotes and lists nested deeper than the limit are refused with their line, rather
  than walked recursively (a line of 100,000 '>' is 100,000 nested quotes).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from ..limits import DEFAULT_LIMITS, Limits
from .urls import ALLOWED_TEXT, IMAGE_SCHEMES, LINK_SCHEMES, is_safe_url

# CommonMark without its two raw-HTML rules (so raw HTML renders as text), plus tables
# and strikethrough. Listed one by one because the "commonmark" preset includes HTML;
# "zero" also leaves out linkify, typographer and the like, which bodies do not use.
_RULES = [
    "blockquote", "code", "fence", "heading", "hr", "lheading", "list", "paragraph", "reference",
    "autolink", "backticks", "emphasis", "entity", "escape", "image", "link", "newline",
    "table", "strikethrough",
]

# Blocks that hold blocks, each a level of the parser's recursion.
_CONTAINERS = frozenset({"blockquote_open", "bullet_list_open", "ordered_list_open"})
_CONTAINER_ENDS = frozenset({"blockquote_close", "bullet_list_close", "ordered_list_close"})
_LINE_BREAKS = frozenset({"softbreak", "hardbreak"})


@dataclass(frozen=True, slots=True)
class Body:
    """An article body rendered, or refused."""

    html: str
    unsafe_links: tuple[tuple[int, str], ...] = ()
    """(line in the body, URL) of each link or image shown as text because of its URL."""
    too_deep: int = 0
    """The line where blocks nest deeper than the limit; html is '' then."""


class _TooDeep(Exception):
    def __init__(self, line: int):
        self.line = line


@lru_cache(maxsize=4)
def _parser(nesting: int) -> MarkdownIt:
    """One parser per process (per nesting limit, which site.yaml may change)."""
    parser = MarkdownIt("zero")
    parser.enable(_RULES)
    parser.options["xhtmlOut"] = True  # '<br />', '<hr />', '<img … />', as the build always wrote
    # The parser stops descending silently at maxNesting levels; a list is two levels
    # (list, item), so leave room for one container past the limit, which _guard sees.
    parser.options["maxNesting"] = _max_nesting(nesting)
    # Every URL is kept while parsing, so that _guard knows each refused one's line.
    parser.validateLink = _keep_every_url
    parser.core.ruler.after("inline", "site_builder_guard", _guard)
    return parser


def _max_nesting(limit: int) -> int:
    return 2 * limit + 2


def _nesting_limit(max_nesting: int) -> int:
    return (max_nesting - 2) // 2


def _keep_every_url(url: str) -> bool:
    return True


def render_markdown(text: str, limits: Limits = DEFAULT_LIMITS) -> Body:
    parser = _parser(limits.markdown_nesting)
    env: dict = {"unsafe": []}
    try:
        tokens = parser.parse(text, env)
    except _TooDeep as error:
        return Body("", too_deep=error.line)
    return Body(parser.renderer.render(tokens, parser.options, env), tuple(env["unsafe"]))


def _guard(state: StateCore) -> None:
    """Refuse nesting past the limit; turn each link or image whose URL is unsafe into text."""
    limit = _nesting_limit(state.md.options["maxNesting"])
    unsafe = state.env.setdefault("unsafe", [])
    depth = 0
    for token in state.tokens:
        if token.type in _CONTAINERS:
            depth += 1
            if depth > limit:
                raise _TooDeep(_first_line(token))
        elif token.type in _CONTAINER_ENDS:
            depth -= 1
        elif token.children:
            token.children = _safe_inline(token.children, _first_line(token), unsafe)


def _first_line(token: Token) -> int:
    return token.map[0] + 1 if token.map else 1


def _safe_inline(tokens: list[Token], line: int, unsafe: list) -> list[Token]:
    """The inline tokens, each link or image with an unsafe URL written out as text."""
    if not any(token.type in ("link_open", "image") for token in tokens):
        return tokens
    kept: list[Token] = []
    closing: list[Token | None] = []  # for each open link: what its link_close becomes
    for token in tokens:
        if token.type in _LINE_BREAKS:
            line += 1
        if token.type == "link_open":
            url = token.attrGet("href") or ""
            if is_safe_url(url, LINK_SCHEMES):
                closing.append(None)
            else:
                unsafe.append((line, url))
                autolink = token.markup == "autolink"
                kept.append(_text("<" if autolink else "["))
                closing.append(_text(">" if autolink else f"]({url})"))
                continue
        elif token.type == "link_close" and closing:
            replacement = closing.pop()
            if replacement is not None:
                kept.append(replacement)
                continue
        elif token.type == "image":
            url = token.attrGet("src") or ""
            if not is_safe_url(url, IMAGE_SCHEMES):
                unsafe.append((line, url))
                kept.append(_text(f"![{token.content}]({url})"))
                continue
        kept.append(token)
    return kept


def _text(content: str) -> Token:
    return Token("text", "", 0, content=content)


def unsafe_link_message(url: str) -> str:
    """The warning for a link or image shown as text."""
    return f"unsafe link {url[:80]!r} shown as text: {ALLOWED_TEXT}"
