"""Read-only views of the library for templates: plain frozen records, ready to print.

Templates get URLs already joined to the base path, dates already written in
French, and never an internal object they could change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_time

from ..config import SiteConfig
from ..model.article import Article
from ..model.frontmatter import Actor
from ..model.library import Library, Term
from ..model.publishing import hold_reason
from ..slugs import term_slug

_NO_DETAILS = Actor(name="")


@dataclass(frozen=True, slots=True)
class Link:
    label: str
    url: str
    count: int = 0


@dataclass(frozen=True, slots=True)
class ActorCard:
    name: str
    url: str
    role: str
    country: str
    country_url: str


# The class word of a kind's chips (`chip-country`), for the theme's styles.
CHIP_CLASSES = {"place": "country", "topic": "topic", "person": "actor", "organisation": "organisation"}
# The kinds shown as chips on article cards (lists, home page) and as what an article is about.
CARD_KINDS = ("place", "topic")


@dataclass(frozen=True, slots=True)
class TermGroup:
    """An article's terms of one taxonomy, in front matter order."""

    key: str
    label: str
    kind: str
    chip: str
    """The class word of its chips: 'country' for `chip-country`."""
    links: tuple[Link, ...]
    cards: tuple[ActorCard, ...] = ()
    """People only: one card each, with the role and country the article gives."""


@dataclass(frozen=True, slots=True)
class ArticleView:
    slug: str
    url: str
    abs_url: str
    title: str
    summary: str
    date_iso: str
    date_long: str
    updated_iso: str
    updated_long: str
    lang: str
    section: str
    source_name: str
    source_url: str
    countries: tuple[Link, ...]
    """The terms of the country taxonomy (the world map's)."""
    topics: tuple[Link, ...]
    actors: tuple[ActorCard, ...]
    groups: tuple[TermGroup, ...]
    """Every taxonomy's terms, in declared order (empty ones left out)."""
    chips: tuple[TermGroup, ...]
    """The groups shown on article cards: places and topics."""
    subjects: tuple[str, ...]
    """The labels of its countries, then of its topics (what structured data says it is about)."""
    actor_names: tuple[str, ...]
    """The names of its people and organisations (what structured data says it mentions)."""
    body_html: str
    extra: dict
    time_short: str = ""
    """The time of day of publication, '17 h 41'; '' when the date has none (midnight)."""
    updated_time: str = ""
    held: str = ""
    """In the preview only: why the published site leaves it out (draft, undated, future)."""


@dataclass(frozen=True, slots=True)
class TermView:
    taxonomy: str
    slug: str
    label: str
    url: str
    feed_url: str
    count: int
    role: str = ""
    country: str = ""
    roles: tuple[RoleView, ...] = ()
    """Actors in the registry: the roles held over time, the most recent first."""


@dataclass(frozen=True, slots=True)
class RoleView:
    role: str
    country: str
    period: str
    """'depuis le 16 mars 2023', 'du 2 avril 2019 au 3 mai 2021', or empty."""


def role_period(start: dt.date | None, end: dt.date | None, locale: str) -> str:
    if start and end:
        return f"du {long_date(start, locale)} au {long_date(end, locale)}"
    if start:
        return f"depuis le {long_date(start, locale)}"
    if end:
        return f"jusqu’au {long_date(end, locale)}"
    return ""


@dataclass(frozen=True, slots=True)
class MonthGroup:
    heading: str
    articles: tuple[ArticleView, ...]


class Urls:
    """Every URL of the site, in one place, joined to the base path or base URL."""

    def __init__(self, config: SiteConfig):
        self.config = config
        self.base_path = config.base_path
        self.base_url = config.base_url

    def page(self, path: str) -> str:
        """Site-relative path like 'pays/algerie/' → '/repo/pays/algerie/'."""
        return self.base_path + path

    def absolute(self, path: str) -> str:
        return self.base_url + path

    def article(self, slug: str) -> str:
        return f"{self.config.articles_path}/{slug}/"

    def taxonomy(self, key: str) -> str:
        return f"{self.config.taxonomy(key).path}/"

    def term(self, key: str, slug: str) -> str:
        return f"{self.config.taxonomy(key).path}/{slug}/"


@lru_cache(maxsize=16)
def babel_locale(code: str) -> Locale:
    """The CLDR data of a language, parsed once: Babel's formatters, given a code,
    parse it again at every call (half of what formatting a date costs)."""
    return Locale.parse(code.replace("-", "_"))


@lru_cache(maxsize=4096)
def long_date(day: dt.date, locale: str) -> str:
    """'5 décembre 2023'."""
    return format_date(day, "d MMMM y", locale=babel_locale(locale))


def time_of_day(moment: dt.datetime, locale: str) -> str:
    """'17 h 41' (French newspapers' style), '5:41 PM' in English; '' at midnight, which is
    how a date written without a time reads."""
    if (moment.hour, moment.minute) == (0, 0):
        return ""
    if locale.split("-")[0].split("_")[0] == "fr":
        return f"{moment.hour} h {moment.minute:02d}"
    return format_time(moment.time(), "short", locale=babel_locale(locale))


@lru_cache(maxsize=1024)
def month_heading(year: int, month: int, locale: str) -> str:
    """'Décembre 2023'."""
    text = format_date(dt.date(year, month, 1), "LLLL y", locale=babel_locale(locale))
    return text[:1].upper() + text[1:]


class Views:
    """Builds and memoises the views of one library."""

    def __init__(self, library: Library):
        self.library = library
        self.config = library.config
        self.urls = Urls(library.config)
        self._articles: dict[str, ArticleView] = {}
        self._terms: dict[tuple[str, str], TermView] = {}
        # Links and actor cards recur on thousands of articles: made once each.
        self._links: dict[tuple[str, str], Link] = {}
        self._actor_cards: dict[tuple, ActorCard] = {}

    def article(self, article: Article) -> ArticleView:
        view = self._articles.get(article.slug)
        if view is None:
            view = self._articles[article.slug] = self._article_view(article)
        return view

    def forget(self, slugs: list[str]) -> None:
        """Drop the views of articles whose texts changed since they were made."""
        for slug in slugs:
            self._articles.pop(slug, None)

    def articles(self, articles: list[Article]) -> list[ArticleView]:
        return [self.article(article) for article in articles]

    def term(self, term: Term) -> TermView:
        key = (term.taxonomy, term.slug)
        view = self._terms.get(key)
        if view is None:
            path = self.urls.term(term.taxonomy, term.slug)
            view = self._terms[key] = TermView(
                taxonomy=term.taxonomy,
                slug=term.slug,
                label=term.label,
                url=self.urls.page(path),
                feed_url=self.urls.page(path + "feed.xml"),
                count=len(term.articles),
                role=term.role,
                country=term.country,
                roles=self._roles(term),
            )
        return view

    def _roles(self, term: Term) -> tuple[RoleView, ...]:
        registry = self.library.registry
        person = registry.find(term.label) if term.taxonomy == "actors" and registry else None
        if person is None:
            return ()
        locale = self.config.language
        return tuple(RoleView(role.role, role.country, role_period(role.start, role.end, locale))
                     for role in person.roles_over_time())

    def by_month(self, articles: list[Article]) -> list[MonthGroup]:
        groups: list[MonthGroup] = []
        current: tuple[int, int] | None = None
        bucket: list[ArticleView] = []
        for article in articles:
            date = article.meta.date
            key = (date.year, date.month)
            if key != current and bucket:
                groups.append(MonthGroup(month_heading(*current, self.config.language), tuple(bucket)))
                bucket = []
            current = key
            bucket.append(self.article(article))
        if bucket and current:
            groups.append(MonthGroup(month_heading(*current, self.config.language), tuple(bucket)))
        return groups

    def _article_view(self, article: Article) -> ArticleView:
        meta = article.meta
        locale = self.config.language
        terms = self.library.terms_of.get(article.slug, {})
        groups = []
        for taxonomy in self.config.taxonomies:
            found = terms.get(taxonomy.key, ())
            if not found:
                continue
            cards = self._actor_cards_of(meta.people.get(taxonomy.key, ()), found) if taxonomy.people else ()
            links = tuple(self._link(term) for term in found)
            groups.append(TermGroup(taxonomy.key, taxonomy.label, taxonomy.kind, CHIP_CLASSES[taxonomy.kind], links, cards))
        by_key = {group.key: group for group in groups}
        countries = self.config.country_taxonomy
        country_links = by_key[countries.key].links if countries and countries.key in by_key else ()
        actors = by_key["actors"].cards if "actors" in by_key else ()
        subjects = [link.label for group in groups if group.kind in CARD_KINDS for link in group.links]
        mentions = [link.label for group in groups if group.kind in ("person", "organisation") for link in group.links]
        path = self.urls.article(article.slug)
        return ArticleView(
            slug=article.slug,
            url=self.urls.page(path),
            abs_url=self.urls.absolute(path),
            title=meta.title,
            summary=meta.summary,
            date_iso=meta.date.isoformat(),
            date_long=long_date(meta.date.date(), locale),
            updated_iso=meta.updated.isoformat() if meta.updated else "",
            updated_long=long_date(meta.updated.date(), locale) if meta.updated else "",
            lang=meta.lang or locale,
            section=meta.section,
            source_name=meta.source.name,
            source_url=meta.source.url,
            countries=country_links,
            topics=by_key["topics"].links if "topics" in by_key else (),
            actors=actors,
            groups=tuple(groups),
            chips=tuple(group for group in groups if group.kind in CARD_KINDS),
            subjects=tuple(subjects),
            actor_names=tuple(mentions),
            body_html=article.body_html,
            extra=dict(meta.extra),
            time_short=time_of_day(meta.date, locale),
            updated_time=time_of_day(meta.updated, locale) if meta.updated else "",
            held=hold_reason(article, self.config, dt.datetime.now(self.config.zone)) if self.config.preview else "",
        )

    def _link(self, term: Term) -> Link:
        key = (term.taxonomy, term.slug)
        link = self._links.get(key)
        if link is None:
            view = self.term(term)
            link = self._links[key] = Link(view.label, view.url, view.count)
        return link

    def _actor_cards_of(self, actors, terms: list[Term]) -> tuple[ActorCard, ...]:
        """One card per actor term, with the details the article gives that actor: matched
        by slug, the key that makes two names one actor everywhere (never by position)."""
        details = {}
        for actor in actors:
            details.setdefault(term_slug(actor.name), actor)
        return tuple(self._actor_card(details.get(term.slug, _NO_DETAILS), term) for term in terms)

    def _actor_card(self, actor, term: Term) -> ActorCard:
        key = (term.taxonomy, term.slug, actor.role, actor.country)
        card = self._actor_cards.get(key)
        if card is None:
            country = actor.country or term.country
            countries = self.config.country_taxonomy
            country_term = self.library.term_for(countries.key, country) if country and countries else None
            card = self._actor_cards[key] = ActorCard(
                name=term.label,
                url=self.term(term).url,
                role=actor.role or term.role,
                country=country,
                country_url=self.term(country_term).url if country_term else "",
            )
        return card
