"""Bilateral relations: pairs of countries that appear together in enough articles.

A relation has its own pages at /<countries path>/<first>/<second>/ (the two country
slugs in alphabetical order, so each pair has one address): its articles, paginated,
a timeline per month, the people of each side and the pair's topics, and an Atom feed.
Country pages list their relations and article pages link those of their countries.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING

from ..model.article import Article
from ..model.library import Library, Term, term_slug
from .charts import timeline
from .collation import french_key
from .views import TermView

if TYPE_CHECKING:  # the planner imports this module
    from .plan import Page, Planner

# How many people of each side, and how many topics, a relations page lists.
PEOPLE = 10
TOPICS = 10
# A second slug that would shadow a country's own paginated pages.
_RESERVED = frozenset({"page"})


@dataclass(slots=True)
class Relation:
    """Two countries and the articles naming both, newest first."""

    first: Term
    second: Term
    articles: list[Article]


@dataclass(frozen=True, slots=True)
class RelationView:
    """What templates print of a relation."""

    label: str
    """'Algérie – États-Unis'."""
    url: str
    feed_url: str
    count: int
    first: TermView
    second: TermView


@dataclass(frozen=True, slots=True)
class Side:
    """One country of a relation, with its people found in the pair's articles."""

    country: TermView
    people: tuple[tuple[TermView, int], ...]


def find_relations(library: Library, minimum: int) -> dict[tuple[str, str], Relation]:
    """Every pair of countries named together by at least `minimum` articles, keyed by
    their slugs in alphabetical order; none when the site has no taxonomy of countries."""
    taxonomy = library.config.country_taxonomy
    if taxonomy is None:
        return {}
    together: dict[tuple[str, str], list[Article]] = defaultdict(list)
    for article in library.articles:  # newest first, so each list is too
        countries = sorted({term.slug for term in library.terms_of[article.slug].get(taxonomy.key, ())})
        for pair in combinations(countries, 2):
            together[pair].append(article)
    terms = library.taxonomies.get(taxonomy.key, {})
    return {
        pair: Relation(terms[pair[0]], terms[pair[1]], articles)
        for pair, articles in sorted(together.items())
        if len(articles) >= minimum and pair[1] not in _RESERVED
    }


class Relations:
    """The relations of one library, and what the planner makes of them."""

    def __init__(self, planner: Planner):
        self.planner = planner
        self.library = planner.library
        self.config = planner.config
        self.views = planner.views
        self.urls = planner.urls
        self.found = find_relations(self.library, self.config.relations_min_articles)
        countries = self.config.country_taxonomy
        self.countries = countries.key if countries else ""
        self.people = [taxonomy.key for taxonomy in self.config.taxonomies_of("person")]
        self.topic_keys = [taxonomy.key for taxonomy in self.config.taxonomies_of("topic")]
        self.of_country: dict[str, list[Relation]] = defaultdict(list)
        for relation in self.found.values():
            self.of_country[relation.first.slug].append(relation)
            self.of_country[relation.second.slug].append(relation)
        self._views: dict[tuple[str, str], RelationView] = {}

    # -- addresses and views ----------------------------------------------------

    def path(self, relation: Relation) -> str:
        return self.urls.term(self.countries, relation.first.slug) + relation.second.slug + "/"

    @staticmethod
    def _label(relation: Relation) -> str:
        return f"{relation.first.label} – {relation.second.label}"

    def view(self, relation: Relation) -> RelationView:
        key = (relation.first.slug, relation.second.slug)
        view = self._views.get(key)
        if view is None:
            path = self.path(relation)
            view = self._views[key] = RelationView(
                label=self._label(relation),
                url=self.urls.page(path),
                feed_url=self.urls.page(path + "feed.xml"),
                count=len(relation.articles),
                first=self.views.term(relation.first),
                second=self.views.term(relation.second),
            )
        return view

    def for_country(self, slug: str) -> list[tuple[TermView, RelationView]]:
        """A country's relations, most articles first, ties in the French order of the other
        country's name: (the other country, the relation)."""
        result = []
        for relation in self.of_country.get(slug, ()):
            other = relation.second if relation.first.slug == slug else relation.first
            result.append((self.views.term(other), self.view(relation)))
        result.sort(key=lambda pair: (-pair[1].count, french_key(pair[0].label)))
        return result

    def of_article(self, article: Article) -> list[Relation]:
        """The relations between the article's countries, in the order of its countries."""
        if not self.found:
            return []
        terms = self.library.terms_of[article.slug].get(self.countries, ())
        if len(terms) < 2:
            return []
        slugs = [term.slug for term in terms]  # each once: the library lists a term once an article
        pairs = self.found
        found = []
        for index, first in enumerate(slugs):
            for second in slugs[index + 1 :]:
                relation = pairs.get((first, second) if first < second else (second, first))
                if relation is not None:
                    found.append(relation)
        return found

    def for_article(self, article: Article) -> list[RelationView]:
        return [self.view(relation) for relation in self.of_article(article)]

    def article_inputs(self, article: Article) -> tuple:
        """What an article page's relation links depend on."""
        return tuple((r.first.slug, r.second.slug, len(r.articles)) for r in self.of_article(article))

    # -- what a relations page shows ------------------------------------------

    def _terms(self, article: Article, keys: list[str]) -> list[Term]:
        """The article's terms of these taxonomies."""
        groups = self.library.terms_of[article.slug]
        return [term for key in keys for term in groups.get(key, ())]

    def sides(self, relation: Relation) -> tuple[Side, Side]:
        """The people of each country found in the pair's articles, most frequent first."""
        counts: Counter = Counter()
        actors: dict[str, Term] = {}
        for article in relation.articles:
            for term in self._terms(article, self.people):
                counts[term.slug] += 1
                actors[term.slug] = term
        sides = []
        for country in (relation.first, relation.second):
            people = [
                (actors[slug], count)
                for slug, count in counts.items()
                if actors[slug].country and term_slug(actors[slug].country) == country.slug
            ]
            people.sort(key=lambda item: (-item[1], french_key(item[0].label)))
            sides.append(Side(self.views.term(country), tuple((self.views.term(t), n) for t, n in people[:PEOPLE])))
        return sides[0], sides[1]

    def topics(self, relation: Relation) -> list[tuple[TermView, int]]:
        counts: Counter = Counter()
        terms: dict[str, Term] = {}
        for article in relation.articles:
            for term in self._terms(article, self.topic_keys):
                counts[term.slug] += 1
                terms[term.slug] = term
        ranked = sorted(counts.items(), key=lambda item: (-item[1], french_key(terms[item[0]].label)))
        return [(self.views.term(terms[slug]), count) for slug, count in ranked[:TOPICS]]

    # -- pages ------------------------------------------------------------------

    def pages(self) -> list[Page]:
        pages: list[Page] = []
        for relation in self.found.values():
            pages += self.relation_pages(relation)
        return pages

    def relation_pages(self, relation: Relation) -> list[Page]:
        planner = self.planner
        words = (planner.labels["article"], planner.labels["articles"], planner.labels["colon"])
        view = self.view(relation)

        def extra() -> dict:
            return {"relation": view, "taxonomy": self.config.taxonomy(self.countries)}

        def lead() -> dict:
            months = Counter((article.meta.date.year, article.meta.date.month) for article in relation.articles)
            return {
                "timeline": timeline(months, self.config.language, words),
                "sides": self.sides(relation),
                "pair_topics": self.topics(relation),
            }

        inputs = ("relation", relation.first.slug, relation.second.slug, view.label, view.count)
        # Page 1's sides and topics are counted from the pair's articles' terms alone, and
        # it charts those articles: their fingerprints cover every term's slug, label, role
        # and country (see build._Plan.labels), so the lead needs no inputs of its own.
        return planner.paginated(
            self.path(relation), relation.articles, "relation.html", extra, inputs, lead, charts=relation.articles
        )

    def feeds(self) -> list[Page]:
        return [
            self.planner.feed(
                self.path(relation) + "feed.xml",
                f"{self.config.title} — {self._label(relation)}",
                relation.articles,
                self.path(relation),
            )
            for relation in self.found.values()
        ]

    def sitemap_entries(self) -> list[tuple[str, str]]:
        return [
            (self.urls.absolute(self.path(relation)), relation.articles[0].date.isoformat())
            for relation in self.found.values()
        ]

    def sitemap_inputs(self) -> tuple:
        return tuple((pair, relation.articles[0].date) for pair, relation in self.found.items())
