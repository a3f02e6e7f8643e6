"""The page plan: every file the site will have, what renders it, and what it depends on.

Each `Page` names its output path, its template, a function giving its template
context, and what its bytes depend on: `inputs`, a small tuple of the site's structure
(terms, counts, dates, neighbours' places), `shows`, the articles whose texts it
prints, and `charts`, the articles whose dates and terms it draws. The build renders
only pages whose inputs or articles changed since the last build; when only texts
changed, it finds those pages through `shows` alone (texts are not charted).
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from collections import Counter
from itertools import chain
from operator import attrgetter
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from ..errors import Problem
from ..model.article import Article
from ..model.frontmatter import key_line
from ..model.library import Library, Term
from ..countries import country_code
from .charts import timeline
from .collation import french_key
from .relations import Relations
from .i18n import labels
from .views import TermView, Views
from .worldmap import Locator, WorldMap, locator, world_map

# How many terms of each taxonomy the home page lists beside the digest, and of which kinds.
HOME_TOP_TERMS = 8
HOME_KINDS = ("place", "topic", "organisation")
# Which kinds a term page lists as companions, by the term's kind (in declared order).
COMPANION_KINDS = {
    "place": ("place", "person", "organisation"),
    "topic": ("place", "person", "organisation"),
    "person": ("place", "topic", "organisation"),
    "organisation": ("place", "person", "topic"),
}
# The countries' map as a picture file, inside the countries' folder.
MAP_PICTURE = "carte.svg"
# How many companions of each kind a term page lists.
COMPANIONS = 8
_SLUG = attrgetter("slug")


@dataclass(frozen=True, slots=True)
class Page:
    output: str
    """Path inside the output folder, e.g. 'pays/algerie/index.html'."""
    template: str
    context: Callable[[], dict[str, Any]]
    inputs: tuple
    """What the page's bytes depend on, besides templates, configuration and `shows`."""
    shows: tuple[str, ...] = ()
    """Slugs of the articles whose texts (title, summary, body…) the page prints."""
    charts: Sequence[Article] = ()
    """The articles whose dates and terms the page charts (a term's page 1: all of the
    term's), counted like `shows`. The library's own list: fingerprinting reads it only
    where the page is rendered, as hashing it for every term cost the parent a quarter
    of a second at 10,000 articles."""


@dataclass(frozen=True, slots=True)
class Pagination:
    number: int
    total: int
    previous_url: str
    next_url: str
    urls: tuple[str, ...]

    @property
    def numbered(self) -> list[tuple[int, str]]:
        """The page links to show: the first, the last, and two either side of this
        one; (0, '') stands for the gap between them ('1 2 3 … 9')."""
        return numbered_pages(self.number, self.total, self.urls)


def numbered_pages(number: int, total: int, urls: Sequence[str], around: int = 2) -> list[tuple[int, str]]:
    shown = sorted({1, total, *range(max(1, number - around), min(total, number + around) + 1)})
    result: list[tuple[int, str]] = []
    for page in shown:
        if result and page - result[-1][0] == 2:
            result.append((page - 1, urls[page - 2]))  # a gap of one page: show the page
        elif result and page - result[-1][0] > 2:
            result.append((0, ""))
        result.append((page, urls[page - 1]))
    return result


def _slugs(articles: list[Article]) -> tuple[str, ...]:
    return tuple([article.slug for article in articles])


def _chunks(items: list, size: int) -> list[list]:
    return [items[start : start + size] for start in range(0, len(items), size)] or [[]]


class Planner:
    """Lays out every page of the site from the library."""

    def __init__(self, library: Library):
        self.library = library
        self.config = library.config
        self.views = Views(library)
        self.urls = self.views.urls
        self.problems: list[Problem] = []
        self.labels = labels(library.config)
        self._term_numbers: tuple[dict[str, tuple[int, ...]], dict[tuple[str, str], int], list[Term]] | None = None
        self._months: dict[str, tuple[int, int]] | None = None
        self._relations: Relations | None = None

    @property
    def relations(self) -> Relations:
        """The pairs of countries with a relations page."""
        if self._relations is None:
            self._relations = Relations(self)
        return self._relations

    def plan(self) -> list[Page]:
        pages: list[Page] = []
        pages += self.home_pages()
        for taxonomy in self.config.taxonomies:
            pages += self.taxonomy_pages(taxonomy.key)
        pages += self.relations.pages()
        pages += self.feeds()
        pages += self.relations.feeds()
        pages += self.site_files()
        # Last: related articles are still being scored in worker processes meanwhile.
        pages += self.article_pages()
        pages += self.alias_pages({page.output for page in pages})
        return pages

    # -- lists ------------------------------------------------------------------

    def paginated(
        self,
        base: str,
        articles: list[Article],
        template: str,
        extra: Callable[[], dict],
        inputs: tuple,
        lead: Callable[[], dict] = dict,
        lead_inputs: tuple = (),
        charts: Sequence[Article] = (),
    ) -> list[Page]:
        """base is site-relative ('' for home, 'pays/algerie/'); page 1 lives at base.

        `lead` adds context to page 1 only (charts, sidebars); `lead_inputs` and `charts`
        are what it depends on.
        """
        chunks = _chunks(articles, self.config.per_page)
        paths = [base] + [f"{base}page/{n}/" for n in range(2, len(chunks) + 1)]
        urls = tuple(self.urls.page(path) for path in paths)
        pages = []
        for index, chunk in enumerate(chunks):
            pagination = Pagination(
                number=index + 1,
                total=len(chunks),
                previous_url=urls[index - 1] if index > 0 else "",
                next_url=urls[index + 1] if index + 1 < len(chunks) else "",
                urls=urls,
            )

            def context(chunk=chunk, pagination=pagination, path=paths[index], first=index == 0) -> dict:
                return {
                    "groups": self.views.by_month(chunk),
                    "articles": self.views.articles(chunk),
                    "pagination": pagination,
                    "canonical": self.urls.absolute(path),
                    **extra(),
                    **(lead() if first else {}),
                }

            pages.append(
                Page(
                    output=paths[index] + "index.html",
                    template=template,
                    context=context,
                    inputs=(inputs, index, len(chunks), lead_inputs if index == 0 else ()),
                    shows=_slugs(chunk),
                    charts=charts if index == 0 else (),
                )
            )
        return pages

    def home_pages(self) -> list[Page]:
        top = {taxonomy.key: self.top_terms(taxonomy.key, HOME_TOP_TERMS) for taxonomy in self.config.taxonomies_of(*HOME_KINDS)}
        countries = self.config.country_taxonomy

        def lead() -> dict:
            return {
                "top_terms": {key: [self.views.term(term) for term in terms] for key, terms in top.items()},
                "top_taxonomies": {key: self.config.taxonomy(key) for key in top},
                "map_taxonomy": countries if countries and countries.key in top else None,
                "map_picture": self.urls.page(self.urls.taxonomy(countries.key) + MAP_PICTURE) if countries else "",
            }

        lead_inputs = tuple((key, tuple((t.slug, t.label, len(t.articles)) for t in terms)) for key, terms in top.items())
        return self.paginated("", self.library.articles, "index.html", lambda: {"is_home": True}, ("home",), lead, lead_inputs)

    def top_terms(self, key: str, limit: int) -> list[Term]:
        terms = self.library.taxonomies.get(key, {}).values()
        return sorted(terms, key=lambda term: (-len(term.articles), french_key(term.label)))[:limit]

    def taxonomy_pages(self, key: str) -> list[Page]:
        terms = list(self.library.taxonomies[key].values())
        taxonomy = self.config.taxonomy(key)
        counts = tuple((term.slug, term.label, len(term.articles), term.role, term.country) for term in terms)
        index_path = self.urls.taxonomy(key)

        def index_context() -> dict:
            views = [self.views.term(term) for term in terms]
            return {
                "taxonomy": taxonomy,
                "terms": views,
                "terms_by_count": sorted(views, key=lambda view: (-view.count, french_key(view.label))),
                "canonical": self.urls.absolute(index_path),
                "world_map": self.world_map(views) if taxonomy.countries else None,
            }

        pages = [Page(index_path + "index.html", "terms.html", index_context, ("terms", key, counts))]
        if taxonomy.countries:
            # The same map as a picture file, for the home page to show (and browsers to cache).
            map_counts = tuple((label, count) for _, label, count, _, _ in counts)

            def picture_context() -> dict:
                return {"world_map": self.world_map([self.views.term(term) for term in terms])}

            pages.append(Page(index_path + MAP_PICTURE, "worldmap.svg", picture_context, ("map", map_counts)))
        for term in terms:
            pages += self.term_pages(key, term)
        return pages

    def locator(self, term: Term) -> Locator | None:
        code = country_code(term.label)
        return locator(code, self.config.cache_dir) if code else None

    def world_map(self, countries: list[TermView]) -> WorldMap:
        covered = {}
        for view in countries:
            code = country_code(view.label)
            if code:
                covered[code] = (view.label, view.url, view.count)
        return world_map(covered, self.config.cache_dir)

    def term_pages(self, key: str, term: Term) -> list[Page]:
        taxonomy = self.config.taxonomy(key)
        base = self.urls.term(key, term.slug)
        words = (self.labels["article"], self.labels["articles"], self.labels["colon"])

        def extra() -> dict:
            return {"taxonomy": taxonomy, "term": self.views.term(term)}

        def lead() -> dict:
            return {
                "timeline": timeline(self.month_counts(term), self.config.language, words),
                "companions": self.companions(term),
                "locator": self.locator(term) if taxonomy.countries else None,
                "relations": self.relations.for_country(term.slug) if taxonomy.countries else [],
            }

        # Every page shows the term's header and count; page 1 also charts all its articles.
        inputs = ("term", key, term.slug, term.label, term.role, term.country, len(term.articles))
        return self.paginated(base, term.articles, "term.html", extra, inputs, lead, charts=term.articles)

    def companions(self, term: Term, limit: int = COMPANIONS) -> list[tuple[str, str, list]]:
        """The terms of other taxonomies most often found with a term: (taxonomy key,
        heading, [(term view, count)]) for each kind its kind lists, in declared order."""
        # Counted in C (map, chain, Counter), for big countries' thousands of articles,
        # over numbers rather than (taxonomy, slug) pairs, which hash and compare slower.
        numbers, number_of, terms = self.term_numbers()
        counter = Counter(chain.from_iterable(map(numbers.__getitem__, map(_SLUG, term.articles))))
        del counter[number_of[term.taxonomy, term.slug]]
        own = self.config.taxonomy(term.taxonomy)
        sections = self.config.taxonomies_of(*COMPANION_KINDS[own.kind])
        found: dict[str, list] = {taxonomy.key: [] for taxonomy in sections}
        for number, count in counter.most_common():
            other = terms[number]
            if other.taxonomy in found and len(found[other.taxonomy]) < limit:
                found[other.taxonomy].append((self.views.term(other), count))
        return [(taxonomy.key, self.companion_heading(own, taxonomy), found[taxonomy.key]) for taxonomy in sections]

    def companion_heading(self, own, other) -> str:
        """'Pays souvent associés' on a country's page, 'Pays concernés' on a topic's,
        'Pays' on an actor's: the interface words `with_<key>` (`with_<key>_topic` on a
        topic's page) where the theme has them, else the taxonomy's label."""
        plain = self.labels.get(other.key) or other.label
        if own.kind == "person":
            return plain
        if own.kind == "topic" and f"with_{other.key}_topic" in self.labels:
            return self.labels[f"with_{other.key}_topic"]
        return self.labels.get(f"with_{other.key}") or plain

    def month_counts(self, term: Term) -> Counter:
        """(year, month) → how many of the term's articles it has (counted in C)."""
        if self._months is None:
            self._months = {article.slug: (article.meta.date.year, article.meta.date.month) for article in self.library.articles}
        return Counter(map(self._months.__getitem__, map(_SLUG, term.articles)))

    def term_numbers(self) -> tuple[dict[str, tuple[int, ...]], dict[tuple[str, str], int], list[Term]]:
        """Every term numbered: article slug → its terms' numbers, in one flat tuple;
        (taxonomy, slug) → number; number → term. Made once for all articles, as each
        big country's companions count thousands."""
        if self._term_numbers is None:
            terms = [term for key in self.library.taxonomies for term in self.library.taxonomies[key].values()]
            number_of = {(term.taxonomy, term.slug): number for number, term in enumerate(terms)}
            numbers = {
                slug: tuple([number_of[key, term.slug] for key, group in groups.items() for term in group])
                for slug, groups in self.library.terms_of.items()
            }
            self._term_numbers = numbers, number_of, terms
        return self._term_numbers

    # -- articles ---------------------------------------------------------------

    def article_pages(self) -> list[Page]:
        articles = self.library.articles
        terms_of = self.library.terms_of
        # First what does not depend on related articles, which may still be being scored:
        # the wait for them then ends the serial planning sooner.
        prepared = []
        for index, article in enumerate(articles):
            newer = articles[index - 1] if index > 0 else None
            older = articles[index + 1] if index + 1 < len(articles) else None
            # Term counts show on the article's chips, so they are inputs too.
            counts = tuple(len(term.articles) for terms in terms_of[article.slug].values() for term in terms)
            prepared.append((article, newer, older, counts))
        related_of = self.library.related
        pages = []
        for article, newer, older, counts in prepared:
            related = related_of.get(article.slug, [])

            def context(article=article, newer=newer, older=older, related=related) -> dict:
                view = self.views.article(article)
                return {
                    "article": view,
                    "newer": self.views.article(newer) if newer else None,
                    "older": self.views.article(older) if older else None,
                    "related": self.views.articles(related),
                    "relations": self.relations.for_article(article),
                    "canonical": view.abs_url,
                }

            neighbours = _slugs([a for a in (newer, older) if a] + related)
            # `shows` names the neighbours, in order, and the fingerprint covers each one's
            # slug: the inputs need only say which of them are the newer and the older.
            # It covers the article's terms' roles and countries too (build._Plan.labels).
            places = (newer is not None, older is not None)
            pages.append(
                Page(
                    output=self.urls.article(article.slug) + "index.html",
                    template="article.html",
                    context=context,
                    inputs=("article", places, counts, self.relations.article_inputs(article)),
                    shows=(article.slug, *neighbours),
                )
            )
        return pages

    # -- feeds and site files ---------------------------------------------------

    def feed(self, path: str, title: str, articles: list[Article], page_path: str) -> Page:
        entries = articles[: self.config.feed_entries]

        def context() -> dict:
            return {
                "feed_title": title,
                "feed_url": self.urls.absolute(path),
                "page_url": self.urls.absolute(page_path),
                "updated": max((a.meta.updated or a.date for a in entries), default=None),
                "entries": self.views.articles(entries),
            }

        return Page(path, "feed.xml", context, ("feed", title), shows=_slugs(entries))

    def feeds(self) -> list[Page]:
        pages = [self.feed("feed.xml", self.config.title, self.library.articles, "")]
        for key, terms in self.library.taxonomies.items():
            for term in terms.values():
                path = self.urls.term(key, term.slug)
                title = f"{self.config.title} — {term.label}"
                pages.append(self.feed(path + "feed.xml", title, term.articles, path))
        return pages

    def site_files(self) -> list[Page]:
        articles = self.library.articles
        all_terms = [
            (key, term) for key, terms in self.library.taxonomies.items() for term in terms.values()
        ]

        def sitemap() -> dict:
            entries = [(self.urls.absolute(""), articles[0].date.isoformat() if articles else "")]
            entries += [(self.urls.absolute(self.urls.article(slug)), modified) for slug, modified in dated]
            for taxonomy in self.config.taxonomies:
                entries.append((self.urls.absolute(self.urls.taxonomy(taxonomy.key)), ""))
            for key, term in all_terms:
                entries.append((self.urls.absolute(self.urls.term(key, term.slug)), term.articles[0].date.isoformat()))
            entries += self.relations.sitemap_entries()
            return {"entries": entries}

        def robots() -> dict:
            return {"sitemap_url": self.urls.absolute("sitemap.xml")}

        # The sitemap shows addresses and dates only: editing an article's text leaves it alone.
        dated = [(a.slug, (a.meta.updated or a.date).isoformat()) for a in articles]
        site_inputs = ("sitemap", tuple(dated), tuple((k, t.slug, t.articles[0].date) for k, t in all_terms), self.relations.sitemap_inputs())
        return [
            Page("sitemap.xml", "sitemap.xml", sitemap, site_inputs),
            Page("robots.txt", "robots.txt", robots, ("robots",)),
            Page("404.html", "404.html", lambda: {"canonical": ""}, ("404",)),
            Page(".nojekyll", "", dict, ("nojekyll",)),
        ]

    def alias_pages(self, taken: set[str]) -> list[Page]:
        """Redirect pages for old paths listed in `aliases:`; none may stand where the
        build writes a file, or a folder of files (feed.xml/, static/style.css…)."""
        pages: list[Page] = []
        redirects = self.library.urls.redirects if self.library.urls else {}
        aliased = [
            (article, redirects.get(article.slug, ()))
            for article in self.library.articles
            if article.meta.aliases or article.slug in redirects
        ]
        if not aliased:
            return pages
        folders = {folder for output in taken for folder in _folders(output)}
        for article, moved in aliased:
            target = self.urls.page(self.urls.article(article.slug))
            for alias in (*article.meta.aliases, *[f"/{self.library.config.articles_path}/{slug}/" for slug in moved]):
                output = _alias_output(alias)
                problem = _alias_problem(output, taken, folders)
                if problem:
                    self.problems.append(Problem(Path(article.path), _key_line(article, "aliases"), f"alias {alias!r} {problem}"))
                    continue
                taken.add(output)
                folders.update(_folders(output))
                pages.append(
                    Page(output, "redirect.html", lambda target=target: {"target": target, "canonical": ""}, ("alias", target))
                )
        return pages


_SAFE_ALIAS = re.compile(r"^[A-Za-z0-9._~/-]+$")


def _key_line(article: Article, key: str) -> int:
    """The line of a top-level front matter key, for a message about it (0 if unreadable)."""
    try:
        return key_line(Path(article.path).read_text(encoding="utf-8"), key)
    except OSError:
        return 0


# Folders the build fills with files no page plans: the theme's and the search index's.
_GENERATED_FOLDERS = ("static", "pagefind")
# The longest name one folder or file may have, in bytes, on common file systems.
_NAME_MAX = 255


def _folders(output: str) -> list[str]:
    """'a/b/index.html' → ['a', 'a/b']."""
    parts = output.split("/")[:-1]
    return ["/".join(parts[: end + 1]) for end in range(len(parts))]


def _alias_problem(output: str | None, taken: set[str], folders: set[str]) -> str:
    """Why an alias's output cannot be written ('' if it can)."""
    if output is None:
        return "is not a safe site path"
    if output in taken or output in folders:
        return "would replace an existing page"
    if output.split("/", 1)[0] in _GENERATED_FOLDERS:
        return f"is inside /{output.split('/', 1)[0]}/, which the build writes itself"
    clash = next((folder for folder in _folders(output) if folder in taken), None)
    if clash:
        return f"would need a folder where the site has the file /{clash}"
    if any(len(part.encode()) > _NAME_MAX for part in output.split("/")):
        return f"has a part longer than {_NAME_MAX} characters, too long for a file name"
    return ""


def _alias_output(alias: str) -> str | None:
    """'/old/path/' → 'old/path/index.html'; None for anything that could escape the site."""
    path = alias.strip()
    if "://" in path or not _SAFE_ALIAS.match(path):
        return None
    path = path.lstrip("/")
    normal = posixpath.normpath(path) if path else ""
    if not normal or normal in {".", ".."} or normal.startswith("../") or "/../" in f"/{path}/":
        return None
    if normal.endswith(".html"):
        return normal
    return normal + "/index.html"

