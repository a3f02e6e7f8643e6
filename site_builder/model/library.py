"""The Library: every published article and every term, cross-linked, built once.

Templates never see these objects directly; render/views.py turns them into
read-only views.
"""

from __future__ import annotations

import hashlib
import math
import multiprocessing
import os
import pickle
from bisect import insort
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from functools import cache
from typing import Callable
from operator import itemgetter

from ..buildkey import build_key, read_sealed, write_sealed
from ..errors import ContentError
from ..config import SiteConfig
from ..slugs import term_slug
from ..state import BuildState
from . import permalinks, publishing
from .article import Article


@dataclass(slots=True)
class Term:
    """One country, topic or actor, with its articles newest first."""

    taxonomy: str
    slug: str
    label: str
    articles: list[Article] = field(default_factory=list)
    role: str = ""
    """Actors only: the role the newest article gives."""
    country: str = ""
    """Actors only: the country the newest article gives."""


@dataclass(slots=True)
class Library:
    """All content, indexed. Articles are newest first."""

    config: SiteConfig
    articles: list[Article]
    taxonomies: dict[str, dict[str, Term]]
    """Taxonomy key → term slug → Term, terms sorted by label."""
    terms_of: dict[str, dict[str, list[Term]]]
    """Article slug → taxonomy key → the article's terms, in front matter order."""
    pending_related: Callable[[], dict[str, list[Article]]] = dict
    """Waits for the related articles, which worker processes score while pages are planned."""
    save_caches: Callable[[], None] = lambda: None
    """Saves what indexing computed for later builds (the related articles, when scored
    anew); a build calls it while its pages render, off its critical path."""
    _related: dict[str, list[Article]] | None = None
    registry: object = None
    urls: permalinks.Assignment | None = None
    """The URLs urls.yaml records, and the redirects from old ones (permalinks.py)."""
    """The registry of people (registry.Registry) the actors were linked with."""

    @property
    def related(self) -> dict[str, list[Article]]:
        """Article slug → up to `related_articles` related articles, best first."""
        if self._related is None:
            self._related = self.pending_related()
        return self._related

    def term_for(self, taxonomy: str, label: str) -> Term | None:
        return self.taxonomies[taxonomy].get(term_slug(label))


def build_library(
    config: SiteConfig,
    articles: list[Article],
    use_cache: bool = True,
    state: BuildState | None = None,
    key: str | None = None,
) -> Library:
    """The library of `articles`. `state` keeps the last one (and its related articles)
    for the next build in a long-running process, under `key`, the build key's content
    part (see buildkey), which the related articles' cache file is also sealed under."""
    state = BuildState() if state is None else state
    key = build_key(config).content if key is None else key
    remembered = state.get("library", key) if use_cache else None
    shape = _shape(articles) if remembered is not None else None
    if remembered is not None and remembered[0] == shape:
        return _with_new_texts(remembered[1], articles)
    urls = permalinks.assign(config, publishing.shown(articles, config))  # unique slugs, for good
    if urls.problems:
        raise ContentError(urls.problems)
    published = urls.articles
    published.sort(key=lambda article: (article.date, article.slug), reverse=True)
    taxonomies, terms_of = _index_terms(config, published)
    library = Library(config=config, articles=published, taxonomies=taxonomies, terms_of=terms_of, urls=urls)
    if use_cache:
        pending, library.save_caches = _cached_related(library, state, key)
        # Made once related articles are being scored: a first build has none to compare.
        state.put("library", key, (shape or _shape(articles), library))
    else:
        pending = _related_slugs(library, config.related_articles)
    library.pending_related = lambda: _as_articles(library, pending())
    return library


# A long-running process (the preview server) keeps the last library in its state. When
# an edit leaves every article's place in it unchanged (same file, slug, dates, draft
# flag, tags, actors and aliases) only texts changed, and the indexes can be reused.


def _shape(articles: list[Article]) -> list[tuple]:
    """Everything about the articles that indexing depends on; texts excluded."""
    return [
        (article.path, article.slug, article.meta.date, article.meta.updated, article.meta.draft,
         article.meta.terms, article.meta.people, article.meta.aliases)
        for article in articles
    ]


def _with_new_texts(library: Library, articles: list[Article]) -> Library:
    """The remembered library, its articles updated in place with the new texts."""
    fresh = {article.path: article for article in articles}
    for article in library.articles:
        new = fresh[article.path]
        if new.digest != article.digest:
            article.meta, article.body_html, article.digest = new.meta, new.body_html, new.digest
    return library


def _structure_key(library: Library) -> str:
    """What related articles depend on: each article's slug, date and terms, in order."""
    digest = hashlib.blake2b(digest_size=16)
    kinds = [(taxonomy.key, taxonomy.kind) for taxonomy in library.config.taxonomies]
    digest.update(repr((_RELATED_VERSION, library.config.related_articles, kinds)).encode())
    # One string for all articles: per article its slug, its date and each taxonomy's key
    # and term slugs, in order, between separators that slugs and keys never hold.
    terms_of = library.terms_of
    parts = []
    for article in library.articles:
        parts.append(f"\0{article.slug}\1{article.date.isoformat()}")
        for key, terms in terms_of[article.slug].items():
            parts.append(f"\1{key}\2")
            parts.append("\3".join([term.slug for term in terms]))
    digest.update("".join(parts).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


# Editing an article's text (the most common edit) leaves related articles unchanged,
# and computing them is the costliest step of indexing, so they are cached by structure.
_RELATED_VERSION = 2


def _cached_related(
    library: Library, state: BuildState, content_key: str
) -> tuple[Callable[[], dict[str, list[str]]], Callable[[], None]]:
    """The related articles (a function waiting for them) and a function that saves them
    for later builds, if they are scored anew; doing nothing otherwise."""
    path = library.config.cache_dir / "related.pickle"
    remembered = state.get("related", content_key)
    if remembered is None:
        remembered = _read_related(path, content_key)
    # Without a cache (a cold build) the key is made when the scores are saved.
    key = _structure_key(library) if remembered is not None else None
    if remembered is not None and remembered[0] == key:
        state.put("related", content_key, remembered)
        return (lambda: remembered[1]), lambda: None
    pending = _related_slugs(library, library.config.related_articles)
    saved = False

    def save() -> None:
        nonlocal saved
        if saved:
            return
        saved = True
        remembered = (key or _structure_key(library), pending())
        state.put("related", content_key, remembered)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_sealed(path, pickle.dumps(remembered, protocol=pickle.HIGHEST_PROTOCOL), content_key)
        except OSError:
            pass  # a cache that cannot be written only costs time

    return pending, save


def _read_related(path: Path, content_key: str) -> tuple[str, dict[str, list[str]]] | None:
    """The saved related articles (structure key, slug → slugs); None if missing, damaged
    or saved under another build key."""
    payload = read_sealed(path, content_key)
    if payload is None:
        return None
    try:
        remembered = pickle.loads(payload)
    except Exception:  # sealed, so written by this very program: never expected
        return None
    if type(remembered) is not tuple or len(remembered) != 2 or type(remembered[1]) is not dict:
        return None
    return remembered


def _index_terms(config: SiteConfig, articles: list[Article]):
    keys = [taxonomy.key for taxonomy in config.taxonomies]
    people = [taxonomy.key for taxonomy in config.taxonomies if taxonomy.people]
    spellings: dict[str, dict[str, Counter]] = {key: defaultdict(Counter) for key in keys}
    members: dict[str, dict[str, list[Article]]] = {key: defaultdict(list) for key in keys}
    roles: dict[tuple[str, str], str] = {}
    countries: dict[tuple[str, str], str] = {}
    terms_of_slugs: dict[str, dict[str, list[str]]] = {}
    for article in articles:  # newest first
        per_article: dict[str, list[str]] = {}
        for taxonomy in keys:
            labels = article.meta.terms.get(taxonomy, ())
            slugs: list[str] = []
            spelled, member = spellings[taxonomy], members[taxonomy]
            for label in labels:
                slug = term_slug(label)
                spelled[slug][label] += 1
                if slug not in slugs:
                    slugs.append(slug)
                    member[slug].append(article)
            per_article[taxonomy] = slugs
        for taxonomy in people:
            for actor in article.meta.people.get(taxonomy, ()):
                # The newest article that states a role (or a country) wins.
                slug = (taxonomy, term_slug(actor.name))
                if actor.role and slug not in roles:
                    roles[slug] = actor.role
                if actor.country and slug not in countries:
                    countries[slug] = actor.country
        terms_of_slugs[article.slug] = per_article
    taxonomies: dict[str, dict[str, Term]] = {}
    for taxonomy in keys:
        terms = {}
        for slug, variants in spellings[taxonomy].items():
            label = max(variants, key=lambda text: (variants[text], text != text.lower(), text))
            term = Term(taxonomy=taxonomy, slug=slug, label=label, articles=members[taxonomy][slug])
            if taxonomy in people:
                term.role = roles.get((taxonomy, slug), "")
                term.country = countries.get((taxonomy, slug), "")
            terms[slug] = term
        taxonomies[taxonomy] = dict(sorted(terms.items(), key=lambda item: _sort_key(item[1].label)))
    terms_of = {
        slug: {taxonomy: [taxonomies[taxonomy][s] for s in slugs] for taxonomy, slugs in groups.items()}
        for slug, groups in terms_of_slugs.items()
    }
    return taxonomies, terms_of


def _sort_key(label: str) -> str:
    return term_slug(label)


# How much one shared term counts towards relatedness, by kind, before rarity weighting.
_RELATED_WEIGHTS = {"person": 3.0, "organisation": 2.0, "topic": 1.0, "place": 1.5}
# The relevance floor: a related article shares at least this much, a person or an
# organisation counting two and a place or topic one; a single shared country or topic
# is not enough.
_RELATED_STRENGTH = {"person": 2, "organisation": 2, "topic": 1, "place": 1}
_RELATED_FLOOR = 2
# For very common terms, look only at this many articles on each side in time: they
# cannot beat rarer shared terms anyway, and it keeps the work linear.
_NEIGHBOURS = 12


def _related_slugs(library: Library, limit: int) -> Callable[[], dict[str, list[str]]]:
    """Start scoring up to `limit` related articles each (shared actors, countries, topics,
    by recency); the returned function waits for the scores: slug → related slugs, best
    first. A big library is scored in worker processes, forked now, while the caller goes
    on (planning pages)."""
    if limit <= 0:
        return dict
    global _RELATED_JOB
    count = len(library.articles)
    workers = min(os.cpu_count() or 1, 4)
    _RELATED_JOB = (_RelatedIndex(library), limit)
    try:
        if count < _PARALLEL_RELATED or workers < 2:
            scored = _related_slice((0, count))
            return lambda: _by_article(library, scored)
        pool = multiprocessing.get_context("fork").Pool(workers)  # the workers inherit the job
    finally:
        _RELATED_JOB = None
    size = -(-count // workers)
    scoring = pool.map_async(_related_slice, [(start, min(start + size, count)) for start in range(0, count, size)])
    pool.close()

    @cache
    def result() -> dict[str, list[str]]:
        try:
            parts = scoring.get()
        finally:
            pool.terminate()
        return _by_article(library, [item for part in parts for item in part])

    return result


def _by_article(library: Library, scored: list[list[str]]) -> dict[str, list[str]]:
    return {article.slug: others for article, others in zip(library.articles, scored)}


def _as_articles(library: Library, slugs: dict[str, list[str]]) -> dict[str, list[Article]]:
    by_slug = {article.slug: article for article in library.articles}
    return {slug: [by_slug[other] for other in others] for slug, others in slugs.items()}


_PARALLEL_RELATED = 3000
# Set before forking workers, which inherit it instead of receiving a pickled copy.
_RELATED_JOB: tuple | None = None


class _RelatedIndex:
    """Per term: its weight and its articles' slugs in date order, for fast scoring."""

    def __init__(self, library: Library):
        total = max(len(library.articles), 1)
        self.slugs = [article.slug for article in library.articles]
        self.position = {slug: index for index, slug in enumerate(self.slugs)}
        self.terms: dict[int, tuple[float, list[str], dict[str, int], int]] = {}
        kinds = {taxonomy.key: taxonomy.kind for taxonomy in library.config.taxonomies}
        for taxonomy, terms in library.taxonomies.items():
            for term in terms.values():
                members = [article.slug for article in term.articles]
                weight = _RELATED_WEIGHTS[kinds[taxonomy]] * math.log(1 + total / len(members))
                positions = {slug: i for i, slug in enumerate(members)}
                self.terms[id(term)] = (weight, members, positions, _RELATED_STRENGTH[kinds[taxonomy]])
        self.terms_of = [
            [id(term) for terms in library.terms_of[slug].values() for term in terms] for slug in self.slugs
        ]


def _related_slice(bounds: tuple[int, int]) -> list[list[str]]:
    index, limit = _RELATED_JOB
    result = []
    for here in range(*bounds):
        slug = index.slugs[here]
        scores: dict[str, float] = defaultdict(float)
        strength: dict[str, int] = defaultdict(int)
        for term_id in index.terms_of[here]:
            weight, members, positions, links = index.terms[term_id]
            at = positions[slug]
            for other in members[max(0, at - _NEIGHBOURS) : at + _NEIGHBOURS + 1]:
                scores[other] += weight
                strength[other] += links
        scores.pop(slug, None)
        scores = {other: score for other, score in scores.items() if strength[other] >= _RELATED_FLOOR}
        result.append(_best(scores, index.position, here, limit))
    return result


def _best(scores: dict[str, float], position: dict[str, int], here: int, limit: int) -> list[str]:
    """The `limit` best candidates, ranked by shared-term score discounted by distance in
    time (nearer ranks higher), then by slug. The discount only lowers a score, so the
    candidates are taken by raw score and the search stops at the first that cannot
    enter: most of an article's hundred-odd candidates are never ranked."""
    best: list[tuple[float, str]] = []
    for other, score in sorted(scores.items(), key=itemgetter(1), reverse=True):
        if len(best) == limit and score <= -best[-1][0]:
            break
        key = (-(score / (1 + 0.002 * abs(position[other] - here))), other)
        if len(best) < limit:
            insort(best, key)
        elif key < best[-1]:
            best.pop()
            insort(best, key)
    return [other for _, other in best]
