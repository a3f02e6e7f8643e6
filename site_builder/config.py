"""Typed site configuration, read from site.yaml.

Every key has a default, so an empty site.yaml is a valid French site. Wrong types
and unknown keys are reported as `site.yaml:line: message`.
"""

from __future__ import annotations

import difflib
import re
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from .errors import ConfigError
from .limits import DEFAULT_LIMITS, Limits
from .render.urls import WEB_SCHEMES, url_scheme

SAFE_URL_WORD = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SAFE_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


KINDS = ("place", "topic", "person", "organisation")
"""What a taxonomy's terms are. `person` terms may carry a role and a country in the
front matter (actor cards); the others are plain labels."""
VOCABULARIES = ("", "countries")
"""`countries`: every label must be a country name, written in its French CLDR form,
and the taxonomy gets the world map."""
# Front matter keys a taxonomy may not take, as it may be written at the top level.
RESERVED_KEYS = frozenset({
    "title", "date", "updated", "lang", "source", "section", "summary", "tags", "draft",
    "slug", "aliases", "date_source",
})
TAXONOMY_FIELDS = ("label", "singular", "path", "kind", "vocabulary")


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """A way of grouping articles (countries, topics, actors …), declared in site.yaml."""

    key: str
    """Front matter key: the list lives under `tags.<key>` or at the top level as `<key>`."""
    label: str
    """Plural heading shown to readers, e.g. 'Pays'."""
    singular: str
    """Singular label, e.g. 'Sujet'."""
    path: str
    """URL word, e.g. 'pays' for /pays/<slug>/."""
    kind: str = "topic"
    """One of KINDS."""
    vocabulary: str = ""
    """One of VOCABULARIES: '' for free labels."""

    @property
    def people(self) -> bool:
        """Whether entries may be mappings with a role and a country (actor cards)."""
        return self.kind == "person"

    @property
    def countries(self) -> bool:
        """Whether labels are country names (validated, mapped)."""
        return self.vocabulary == "countries"


DEFAULT_TAXONOMIES = (
    Taxonomy("countries", "Pays", "Pays", "pays", "place", "countries"),
    Taxonomy("topics", "Sujets", "Sujet", "sujets", "topic"),
    Taxonomy("actors", "Acteurs", "Acteur", "acteurs", "person"),
    Taxonomy("organisations", "Organisations", "Organisation", "organisations", "organisation"),
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
    relations_min_articles: int = 3
    """A pair of countries named together by this many articles gets a relations page."""
    articles_path: str = "articles"
    taxonomies: tuple[Taxonomy, ...] = DEFAULT_TAXONOMIES
    content_dir: Path = field(default=Path("content"))
    seeds_dir: Path = field(default=Path("seeds"))
    theme_dir: Path = field(default=Path("theme"))
    cache_dir: Path = field(default=Path(".cache"))
    topics_path: Path = field(default=Path("topics.yaml"))
    actors_path: Path = field(default=Path("actors.yaml"))
    """The registry of people (see registry.py); absent means none."""
    search: bool = True
    labels: dict[str, str] = field(default_factory=dict)
    """Interface words for the theme (e.g. 'home': 'Accueil'), merged over the defaults."""
    limits: Limits = DEFAULT_LIMITS
    """Bounds on one input (limits.py), each overridable under `limits:`."""
    publish_future: bool = False
    """Publish articles dated in the future now (true), or hold them until their date."""
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

    def taxonomies_of(self, *kinds: str) -> tuple[Taxonomy, ...]:
        """The taxonomies of these kinds, in declared order."""
        return tuple(taxonomy for taxonomy in self.taxonomies if taxonomy.kind in kinds)

    @property
    def country_taxonomy(self) -> Taxonomy | None:
        """The taxonomy of country names (the world map's), if any."""
        return next((taxonomy for taxonomy in self.taxonomies if taxonomy.countries), None)

    def with_base_url(self, base_url: str) -> SiteConfig:
        return replace(self, base_url=_normalise_base_url(base_url, "--base-url"))


_PATH_KEYS = {"content_dir", "seeds_dir", "theme_dir", "cache_dir", "topics_path", "actors_path"}
_TEXT_KEYS = {"title", "description", "base_url", "language", "timezone", "articles_path"}
_INT_KEYS = {"per_page", "feed_entries", "related_articles", "relations_min_articles"}
_BOOL_KEYS = {"search", "publish_future"}
_KNOWN_KEYS = _PATH_KEYS | _TEXT_KEYS | _INT_KEYS | _BOOL_KEYS | {"taxonomies", "labels", "limits"}


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
    except Exception as error:  # noqa: BLE001 - a value no Python type holds: 2024-02-30, !!int abc
        from .model.frontmatter import unmade_value

        refusal = unmade_value(text, error)
        raise ConfigError(f"{path}:{refusal.line + 1}: {refusal.message}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}:1: the configuration must be a mapping of keys to values")
    lines = _key_lines(node)

    def fail(key: str, message: str) -> ConfigError:
        """`key` may be a dotted path; the line is its nearest known parent's."""
        parts = key.split(".")
        while len(parts) > 1 and ".".join(parts) not in lines:
            parts.pop()
        return ConfigError(f"{path}:{lines.get('.'.join(parts), 1)}: {key}: {message}")

    problems: list[str] = []

    @contextmanager
    def collecting():
        """Every problem is reported, each as one line, not only the first."""
        try:
            yield
        except ConfigError as error:
            problems.append(str(error))

    values: dict[str, Any] = {}
    for key, value in data.items():
        with collecting():
            values[key] = _setting(key, value, root, fail)
    if "base_url" in values:
        with collecting():
            try:
                values["base_url"] = _normalise_base_url(values["base_url"], "base_url")
            except ConfigError as error:
                raise fail("base_url", str(error).split(": ", 1)[1]) from None
    if "timezone" in values:
        with collecting():
            try:
                ZoneInfo(values["timezone"])
            except (ZoneInfoNotFoundError, ValueError):
                raise fail("timezone", f"unknown time zone {values['timezone']!r}") from None
    if "language" in values and not known_language(values["language"]):
        problems.append(str(fail("language", f"unknown language {values['language']!r} (a code such as fr, en or fr-FR)")))
    if "limits" in values:
        with collecting():
            values["limits"] = _limits(values["limits"], fail)
    if "articles_path" in values and not SAFE_URL_WORD.match(values["articles_path"]):
        problems.append(str(fail("articles_path", "must be a URL word of lowercase letters, digits and dashes")))
    if "taxonomies" in values:
        values["taxonomies"] = _taxonomies(values["taxonomies"], fail, collecting)
    if "labels" in values:
        labels = values["labels"]
        if not isinstance(labels, dict) or not all(isinstance(v, str) for v in labels.values()):
            problems.append(str(fail("labels", "must map interface words to text")))
    if problems:
        problems.sort(key=lambda problem: int(problem[len(str(path)) + 1 :].split(":", 1)[0]))  # in line order
        raise ConfigError("\n".join(problems))
    defaults = SiteConfig(root=root)
    for key in _PATH_KEYS:
        values.setdefault(key, root / getattr(defaults, key))
    return SiteConfig(root=root, **values)


def known_language(code: str) -> bool:
    """Whether Babel has the dates and words of a language code ('fr', 'fr-FR')."""
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(code.replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        return False
    return True


def _limits(value: Any, fail) -> Limits:
    """`limits:` overrides, each a whole number of at least 1 (years: any whole number)."""
    if not isinstance(value, dict):
        raise fail("limits", f"must map limits to numbers ({', '.join(Limits.__dataclass_fields__)})")
    for key, number in value.items():
        if key not in Limits.__dataclass_fields__:
            raise fail("limits", f"unknown limit {key!r} (known: {', '.join(Limits.__dataclass_fields__)})")
        if not isinstance(number, int) or isinstance(number, bool) or (number < 1 and not key.endswith("_year")):
            raise fail("limits", f"{key} must be a whole number of at least 1")
    return replace(DEFAULT_LIMITS, **value)


def _setting(key: Any, value: Any, root: Path, fail) -> Any:
    """One top-level setting, checked; paths resolved against the site's folder."""
    if key not in _KNOWN_KEYS:
        hint = _closest(str(key), _KNOWN_KEYS) or f" (known: {', '.join(sorted(_KNOWN_KEYS))})"
        raise fail(str(key), f"unknown setting{hint}")
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
    return value


def _taxonomies(value: Any, fail, collecting) -> tuple[Taxonomy, ...]:
    """The default taxonomies with their overrides, then the new ones in declared order.

    A default needs no field (any given replaces its default), and `false` leaves it
    out; a new one needs a label, a URL word (`path`) and a kind."""
    if not isinstance(value, dict):
        raise fail("taxonomies", "must map each taxonomy's key to its label, singular, path and kind")
    defaults = {taxonomy.key: taxonomy for taxonomy in DEFAULT_TAXONOMIES}
    result = dict(defaults)
    for key, fields in value.items():
        with collecting():
            _taxonomy(key, fields, defaults, result, fail)
    return tuple(result.values())


def _taxonomy(key: Any, fields: Any, defaults: dict[str, Taxonomy], result: dict[str, Taxonomy], fail) -> None:
    """One declared taxonomy, checked, into `result` (or out of it, for `false`)."""
    name = f"taxonomies.{key}"
    if not isinstance(key, str) or not SAFE_KEY.match(key):
        raise fail(name, "not a usable key (lowercase letters, digits, underscores)")
    if key in RESERVED_KEYS:
        raise fail(name, "a front matter field of that name exists: choose another key")
    if fields is False and key in defaults:
        del result[key]  # a default the site does without
        return
    fields = {} if fields is None else fields
    if not isinstance(fields, dict):
        raise fail(name, f"must be a mapping ({', '.join(TAXONOMY_FIELDS)})")
    for field_name, item in fields.items():
        if field_name not in TAXONOMY_FIELDS:
            raise fail(f"{name}.{field_name}", f"unknown key{_closest(str(field_name), TAXONOMY_FIELDS)}")
        if not isinstance(item, str):
            raise fail(f"{name}.{field_name}", "must be text")
    if key not in defaults:
        missing = [field_name for field_name in ("label", "path", "kind") if not fields.get(field_name)]
        if missing:
            raise fail(name, f"a new taxonomy needs {', '.join(missing)}")
        base = Taxonomy(key, fields["label"], fields.get("singular") or fields["label"], fields["path"])
    else:
        base = defaults[key]
    taxonomy = replace(base, **fields)
    if not SAFE_URL_WORD.match(taxonomy.path):
        raise fail(f"{name}.path", "must be lowercase letters, digits and dashes")
    if taxonomy.kind not in KINDS:
        raise fail(f"{name}.kind", f"must be one of {', '.join(KINDS)}, not {taxonomy.kind!r}")
    if taxonomy.vocabulary not in VOCABULARIES:
        raise fail(f"{name}.vocabulary", f"must be 'countries' or empty, not {taxonomy.vocabulary!r}")
    if any(other.path == taxonomy.path for other in result.values() if other.key != key):
        raise fail(f"{name}.path", f"another taxonomy already uses the URL word {taxonomy.path!r}")
    result[key] = taxonomy


def _closest(word: str, known) -> str:
    match = difflib.get_close_matches(word, list(known), n=1)
    return f" (did you mean {match[0]!r}?)" if match else ""


def _normalise_base_url(url: str, name: str) -> str:
    parts = urlsplit(url)
    if url_scheme(url) not in WEB_SCHEMES or not parts.netloc:
        raise ConfigError(f"{name}: must be an absolute http(s) URL, got {url!r}")
    return url if url.endswith("/") else url + "/"


def _key_lines(node: yaml.Node | None, prefix: str = "") -> dict[str, int]:
    """Dotted key path ('taxonomies.regions.kind') → 1-based line, for messages."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    lines = {}
    for key, child in node.value:
        if isinstance(key, yaml.ScalarNode):
            path = f"{prefix}{key.value}"
            lines[path] = key.start_mark.line + 1
            lines.update(_key_lines(child, path + "."))
    return lines
