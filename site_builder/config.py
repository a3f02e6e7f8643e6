"""Typed site configuration, read from site.yaml.

Every key has a default, so an empty site.yaml is a valid French site. Wrong types
and unknown keys are reported as `site.yaml:line: message`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from .errors import ConfigError
from .render.urls import WEB_SCHEMES, url_scheme

SAFE_URL_WORD = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """A way of grouping articles: countries, topics or actors."""

    key: str
    """Front matter key: `countries` and `topics` live under `tags:`, `actors` at top level."""
    label: str
    """Plural heading shown to readers, e.g. 'Pays'."""
    singular: str
    """Singular label, e.g. 'Sujet'."""
    path: str
    """URL word, e.g. 'pays' for /pays/<slug>/."""


DEFAULT_TAXONOMIES = (
    Taxonomy("countries", "Pays", "Pays", "pays"),
    Taxonomy("topics", "Sujets", "Sujet", "sujets"),
    Taxonomy("actors", "Acteurs", "Acteur", "acteurs"),
)


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """Everything site.yaml can say, with paths resolved against its folder."""

    root: Path
    title: str = "Le Fil diplomatique"
    description: str = "L'essentiel de l'actualité des relations internationales."
    base_url: str = "http://localhost:8000/"
    language: str = "fr"
    timezone: str = "Africa/Algiers"
    per_page: int = 20
    feed_entries: int = 20
    related_articles: int = 5
    articles_path: str = "articles"
    taxonomies: tuple[Taxonomy, ...] = DEFAULT_TAXONOMIES
    content_dir: Path = field(default=Path("content"))
    seeds_dir: Path = field(default=Path("seeds"))
    theme_dir: Path = field(default=Path("theme"))
    cache_dir: Path = field(default=Path(".cache"))
    topics_path: Path = field(default=Path("topics.yaml"))
    search: bool = True
    labels: dict[str, str] = field(default_factory=dict)
    """Interface words for the theme (e.g. 'home': 'Accueil'), merged over the defaults."""
    publish_future: bool = False
    """Publish articles dated more than a day ahead now (true), or hold them until then."""
    preview: str = ""
    """Not a site.yaml setting: "serve" in the preview, which also shows undated articles
    with a banner; "drafts" with `serve --drafts`, which shows every held article."""

    @property
    def base_path(self) -> str:
        """The URL path the site lives under, always ending in '/': '/repo/'."""
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def taxonomy(self, key: str) -> Taxonomy:
        return next(taxonomy for taxonomy in self.taxonomies if taxonomy.key == key)

    def with_base_url(self, base_url: str) -> SiteConfig:
        return replace(self, base_url=_normalise_base_url(base_url, "--base-url"))


_PATH_KEYS = {"content_dir", "seeds_dir", "theme_dir", "cache_dir", "topics_path"}
_TEXT_KEYS = {"title", "description", "base_url", "language", "timezone", "articles_path"}
_INT_KEYS = {"per_page", "feed_entries", "related_articles"}
_BOOL_KEYS = {"search", "publish_future"}
_KNOWN_KEYS = _PATH_KEYS | _TEXT_KEYS | _INT_KEYS | _BOOL_KEYS | {"taxonomies", "labels"}


def load_config(path: Path) -> SiteConfig:
    """Read and validate site.yaml; a missing file means all defaults."""
    root = path.parent.resolve()
    if not path.exists():
        raise ConfigError(f"{path}: no such configuration file")
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=yaml.CSafeLoader)
        data = yaml.load(text, Loader=yaml.CSafeLoader) or {}
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read: {error}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        raise ConfigError(f"{path}:{line}: invalid YAML: {getattr(error, 'problem', error)}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}:1: the configuration must be a mapping of keys to values")
    lines = _key_lines(node)

    def fail(key: str, message: str) -> ConfigError:
        return ConfigError(f"{path}:{lines.get(key, 1)}: {key}: {message}")

    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in _KNOWN_KEYS:
            raise fail(key, f"unknown setting (known: {', '.join(sorted(_KNOWN_KEYS))})")
        if key in _TEXT_KEYS and not isinstance(value, str):
            raise fail(key, "must be text")
        if key in _INT_KEYS and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
            raise fail(key, "must be a whole number of at least 1")
        if key in _BOOL_KEYS and not isinstance(value, bool):
            raise fail(key, "must be true or false")
        if key in _PATH_KEYS:
            if not isinstance(value, str):
                raise fail(key, "must be a path")
            value = root / value
        values[key] = value
    if "base_url" in values:
        try:
            values["base_url"] = _normalise_base_url(values["base_url"], "base_url")
        except ConfigError as error:
            raise fail("base_url", str(error).split(": ", 1)[1]) from None
    if "timezone" in values:
        try:
            ZoneInfo(values["timezone"])
        except (ZoneInfoNotFoundError, ValueError):
            raise fail("timezone", f"unknown time zone {values['timezone']!r}") from None
    if "articles_path" in values and not SAFE_URL_WORD.match(values["articles_path"]):
        raise fail("articles_path", "must be a URL word of lowercase letters, digits and dashes")
    if "taxonomies" in values:
        values["taxonomies"] = _taxonomies(values["taxonomies"], fail)
    if "labels" in values:
        labels = values["labels"]
        if not isinstance(labels, dict) or not all(isinstance(v, str) for v in labels.values()):
            raise fail("labels", "must map interface words to text")
    defaults = SiteConfig(root=root)
    for key in _PATH_KEYS:
        values.setdefault(key, root / getattr(defaults, key))
    return SiteConfig(root=root, **values)


def _taxonomies(value: Any, fail) -> tuple[Taxonomy, ...]:
    """Overrides of the three taxonomies' labels and URL words."""
    if not isinstance(value, dict):
        raise fail("taxonomies", "must map countries/topics/actors to their labels")
    result = []
    for default in DEFAULT_TAXONOMIES:
        override = value.get(default.key, {})
        if not isinstance(override, dict):
            raise fail("taxonomies", f"{default.key} must be a mapping (label, singular, path)")
        unknown = set(override) - {"label", "singular", "path"}
        if unknown:
            raise fail("taxonomies", f"{default.key}: unknown key {sorted(unknown)[0]!r}")
        taxonomy = replace(default, **{k: str(v) for k, v in override.items()})
        if not SAFE_URL_WORD.match(taxonomy.path):
            raise fail("taxonomies", f"{default.key}.path must be lowercase letters, digits, dashes")
        result.append(taxonomy)
    extra = set(value) - {taxonomy.key for taxonomy in DEFAULT_TAXONOMIES}
    if extra:
        raise fail("taxonomies", f"unknown taxonomy {sorted(extra)[0]!r}")
    paths = [taxonomy.path for taxonomy in result]
    if len(set(paths)) != len(paths):
        raise fail("taxonomies", "two taxonomies share one URL word")
    return tuple(result)


def _normalise_base_url(url: str, name: str) -> str:
    parts = urlsplit(url)
    if url_scheme(url) not in WEB_SCHEMES or not parts.netloc:
        raise ConfigError(f"{name}: must be an absolute http(s) URL, got {url!r}")
    return url if url.endswith("/") else url + "/"


def _key_lines(node: yaml.Node | None) -> dict[str, int]:
    """Top-level key → 1-based line, for messages."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {key.value: key.start_mark.line + 1 for key, _ in node.value if hasattr(key, "value")}
