"""The registry of people (`actors.yaml`): one entry per person, owned by editors.

Each person has the name to show, aliases (other spellings, transliterations, the
surname alone when it is unambiguous), a country and the roles held over time. The
build shows one actor page per person whatever alias an article uses, and ingest
gives a mention that matches an alias the registry's name, country and role.

A bad entry is one `actors.yaml:line: message` error (RegistryError).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .countries import canonical_country, closest_country
from .errors import SiteError

_PERSON_KEYS = {"name", "aliases", "surname", "country", "roles"}
_ROLE_KEYS = {"role", "country", "body", "from", "to"}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when installed
    """YAML without implicit dates: a date is read as text and checked here, so an
    impossible one (2023-02-30) is a message with its line, not a loader crash."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class RegistryError(SiteError):
    """A bad actors.yaml; `str()` is `path:line: message`."""


@dataclass(frozen=True)
class Role:
    role: str
    country: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    body: str = ""
    """An international body's office (Union africaine, ONU…): its holder has no country
    while holding it (the convention of the digest: the affiliation is the body)."""

    def held_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Person:
    name: str
    aliases: tuple[str, ...] = ()
    surname: str = ""
    country: str = ""
    roles: tuple[Role, ...] = ()
    line: int = 0
    path: Path | None = field(default=None, compare=False)
    """The file of the entry (the site's actors.yaml, or a gazetteer file)."""

    def role_on(self, day: dt.date | None) -> Role | None:
        """The role held on `day` (the one begun last when several overlap)."""
        if day is None:
            return None
        held = [role for role in self.roles if role.held_on(day)]
        return max(held, key=lambda role: role.start or dt.date.min) if held else None

    def country_on(self, day: dt.date | None) -> str:
        """The country served on `day`: the role's, none for an international body's
        office, else the person's own."""
        role = self.role_on(day)
        if role is not None and role.body:
            return ""
        return (role.country if role else "") or self.country

    def roles_over_time(self) -> tuple[Role, ...]:
        """Roles, the most recent first (an open-ended role before a closed one)."""
        return tuple(sorted(self.roles, key=lambda r: (r.end or dt.date.max, r.start or dt.date.min), reverse=True))


@dataclass(frozen=True)
class Registry:
    people: tuple[Person, ...] = ()
    path: Path | None = None
    index: dict[str, Person] = field(default_factory=dict)
    """Folded name or alias → person."""

    full: dict[str, Person] = field(default_factory=dict, compare=False, repr=False)
    """Folded full spellings (two words or more, not a surname) → person; made on first use."""

    def find(self, mention: str) -> Person | None:
        """The person a name (or alias) in an article means, if any."""
        return self.index.get(fold_name(mention)) if mention else None

    def full_spellings(self) -> dict[str, Person]:
        """The spellings that name a person in full: the name and the aliases of two words
        or more that do not merely end another spelling ("Le Drian" ends "Jean-Yves Le
        Drian": a surname). What a text can be searched for."""
        if not self.full and self.index:
            for key, person in self.index.items():
                if " " in key and not _ends_another(key, person):
                    self.full[key] = person
        return self.full

    def sort_key(self, name: str) -> tuple[str, str]:
        """Where a name sorts in an index of people: by surname, in French order."""
        person = self.find(name)
        surname = person.surname if person else surname_of(name)
        return collation_key(surname), collation_key(name)

    def __bool__(self) -> bool:
        return bool(self.people)


EMPTY = Registry()


def _ends_another(key: str, person: Person) -> bool:
    return any(fold_name(spelling).endswith(" " + key) for spelling in (person.name, *person.aliases))


@lru_cache(maxsize=1 << 16)
def fold_name(text: str) -> str:
    """Case, accents, hyphens, apostrophes and spacing folded: how names are compared."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    return " ".join(re.sub(r"[-'‐‑.]", " ", text).split())


@lru_cache(maxsize=4096)
def collation_key(text: str) -> str:
    """A French collation key: accents, case and punctuation ignored at the first level,
    so "Élisabeth" sorts with "Elisabeth", between "Eden" and "Ezra"."""
    return " ".join(re.sub(r"[^\w ]", " ", fold_name(text)).split())


# Particles that belong to a surname ("von der Leyen", "de Villepin", "El Ghazouani").
_PARTICLES = {"de", "du", "des", "d", "von", "van", "der", "den", "le", "la", "al", "el", "ben", "ould", "bin", "abu", "ibn", "ag"}
# Regnal numbers: "Mohammed VI" sorts under Mohammed.
_REGNAL = re.compile(r"^[IVXLC]+$")


def surname_of(name: str) -> str:
    """The surname of a full name, for sorting: the last word, with its particles."""
    words = name.split()
    if len(words) < 2 or _REGNAL.match(words[-1]):
        return name
    start = len(words) - 1
    while start > 1 and fold_name(words[start - 1]) in _PARTICLES:
        start -= 1
    return " ".join(words[start:])


def read_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    """A YAML file's data and its node tree (for lines), parsed once; a file that
    cannot be read or parsed is one `path:line: message` RegistryError."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RegistryError(f"{path}: cannot read: {error}") from None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise RegistryError(f"{path}:{mark.line + 1 if mark else 0}: invalid YAML: {getattr(error, 'problem', error)}") from None
    except Exception as error:  # noqa: BLE001 - a value no Python type holds: !!int abc
        from .model.frontmatter import unmade_value

        refusal = unmade_value(text, error)
        raise RegistryError(f"{path}:{refusal.line + 1}: {refusal.message}") from None
    finally:
        loader.dispose()
    return data, node


def load_registry(path: Path) -> Registry:
    """Read and validate actors.yaml; no file means an empty registry."""
    if not path.exists():
        return Registry(path=path)
    data, node = read_yaml(path)
    if data is None:
        return Registry(path=path)
    if not isinstance(data, list) or not isinstance(node, yaml.SequenceNode):
        raise RegistryError(f"{path}:1: actors.yaml must be a list of people (- name: …)")
    index = Index()
    for item, item_node in zip(data, node.value):
        index.add(Entry(path, item, item_node).person())
    return Registry(people=tuple(index.people), path=path, index=index.names)


class Index:
    """People being read, and their folded names and aliases: a spelling names one person."""

    def __init__(self):
        self.people: list[Person] = []
        self.names: dict[str, Person] = {}

    def add(self, person: Person) -> None:
        for spelling in (person.name, *person.aliases):
            key = fold_name(spelling)
            other = self.names.get(key)
            if other is not None and other is not person:
                where = f"line {other.line}" if other.path == person.path else f"{_shown(other.path)}:{other.line}"
                raise RegistryError(
                    f"{person.path}:{person.line}: '{spelling}' already names {other.name} ({where}); "
                    "an alias must name one person"
                )
            self.names[key] = person
        self.people.append(person)


def _shown(path: Path | None) -> str:
    return path.name if path is not None else "?"


@dataclass(frozen=True)
class Defaults:
    """What a gazetteer list gives its people: the list's country or body, and whether
    countries must be written exactly as site_builder.countries names them."""

    country: str = ""
    body: str = ""
    exact_countries: bool = False


class Entry:
    """One person's entry, with the lines of its keys for messages."""

    def __init__(self, path: Path, data: Any, node: yaml.Node | None, defaults: Defaults = Defaults()):
        """`node` None: read without lines (a fast first reading that is redone with
        them when it finds a fault)."""
        self.path, self.data, self.node, self.defaults = path, data, node, defaults
        self.line = node.start_mark.line + 1 if node is not None else 0

    def fail(self, message: str, node: yaml.Node | None = None) -> RegistryError:
        line = node.start_mark.line + 1 if node is not None else self.line
        return RegistryError(f"{self.path}:{line}: {message}")

    def person(self) -> Person:
        if not isinstance(self.data, dict):
            raise self.fail("each person must be a mapping (name, aliases, country, roles)")
        nodes = key_nodes(self.node)
        for key in self.data:
            if key not in _PERSON_KEYS:
                raise self.fail(f"unknown key '{key}' (known: {', '.join(sorted(_PERSON_KEYS))})", nodes.get(key))
        name = self.data.get("name")
        if not isinstance(name, str) or not name.strip():
            raise self.fail("a person needs a 'name' (text)")
        name = " ".join(name.split())
        aliases = self.data.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(alias, str) and alias.strip() for alias in aliases):
            raise self.fail(f"{name}: 'aliases' must be a list of names", nodes.get("aliases"))
        surname = self.data.get("surname") or ""
        if not isinstance(surname, str):
            raise self.fail(f"{name}: 'surname' must be text", nodes.get("surname"))
        country = self.country(name, self.data.get("country"), nodes.get("country"))
        if not country and not self.defaults.body:
            country = self.defaults.country
        roles = self.data.get("roles") or []
        if not isinstance(roles, list):
            raise self.fail(f"{name}: 'roles' must be a list of {{role:, country:, from:, to:}}", nodes.get("roles"))
        role_nodes = children(nodes.get("roles"), len(roles))
        return Person(
            name=name,
            aliases=tuple(" ".join(alias.split()) for alias in aliases),
            surname=" ".join(surname.split()) or _surname(name, aliases),
            country=country,
            roles=tuple(self.role(name, role, role_node) for role, role_node in zip(roles, role_nodes)),
            line=self.line,
            path=self.path,
        )

    def country(self, name: str, value: Any, node: yaml.Node | None) -> str:
        """A country as site_builder.countries names it (`name`: whose, for messages)."""
        whose = f"{name}: " if name else ""
        if value in (None, ""):
            return ""
        if not isinstance(value, str):
            raise self.fail(f"{whose}'country' must be a country name", node)
        country = canonical_country(value)
        if country is None:
            closest = closest_country(value)
            hint = f" (did you mean '{closest}'?)" if closest else ""
            raise self.fail(f"{whose}unknown country '{value}'{hint}", node)
        if self.defaults.exact_countries and country != value:
            raise self.fail(f"{whose}write the country '{country}', not '{value}'", node)
        return country

    def role(self, name: str, data: Any, node: yaml.Node) -> Role:
        here = _Located(self, node)
        if not isinstance(data, dict):
            raise here.fail(f"{name}: each role must be a mapping {{role:, country:, from:, to:}}")
        nodes = key_nodes(node)
        for key in data:
            if key not in _ROLE_KEYS:
                raise here.fail(f"{name}: unknown role key '{key}' (known: {', '.join(sorted(_ROLE_KEYS))})", nodes.get(key))
        role = data.get("role")
        if not isinstance(role, str) or not role.strip():
            raise here.fail(f"{name}: a role needs 'role' (text)")
        start = self.date(name, "from", data.get("from"), nodes.get("from") or node)
        end = self.date(name, "to", data.get("to"), nodes.get("to") or node)
        if start and end and end < start:
            raise self.fail(f"{name}: role '{role}' ends ({end}) before it starts ({start})", nodes.get("to") or node)
        country = self.country(name, data.get("country"), nodes.get("country"))
        body = data.get("body")
        if body is not None and (not isinstance(body, str) or not body.strip()):
            raise here.fail(f"{name}: 'body' must be the name of an international body", nodes.get("body"))
        if country and body:
            raise here.fail(f"{name}: role '{role}' has both a 'country' and a 'body'", nodes.get("body"))
        if not country and not body:
            country, body = self.defaults.country, self.defaults.body
        return Role(role=" ".join(role.split()), country=country, start=start, end=end,
                    body=" ".join(body.split()) if body else "")

    def date(self, name: str, key: str, value: Any, node: yaml.Node) -> dt.date | None:
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str) and _DATE.fullmatch(value.strip()):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise self.fail(f"{name}: '{key}' must be a date like 2023-03-16, not {value!r}", node)


class _Located:
    def __init__(self, entry: Entry, node: yaml.Node):
        self.entry, self.node = entry, node

    def fail(self, message: str, node: yaml.Node | None = None) -> RegistryError:
        return self.entry.fail(message, node if node is not None else self.node)


def children(node: yaml.Node | None, count: int) -> list:
    """The item nodes of a sequence node (None for each item when read without lines)."""
    return node.value if isinstance(node, yaml.SequenceNode) else [None] * count


def key_nodes(node: yaml.Node | None) -> dict[str, yaml.Node]:
    """Key → its node (for lines), in a mapping node."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {key.value: value if isinstance(value, (yaml.SequenceNode, yaml.MappingNode)) else key
            for key, value in node.value if hasattr(key, "value")}


def _surname(name: str, aliases: list[str]) -> str:
    """The surname an entry implies: the longest alias that ends the name, else a guess."""
    folded = fold_name(name)
    endings = [alias for alias in aliases
               if folded.endswith(" " + fold_name(alias)) and fold_name(alias) != folded]
    return max(endings, key=len) if endings else surname_of(name)


def with_registry(registry: Registry, articles: list) -> list:
    """The articles with each actor the registry knows named as the registry names them,
    and the role and country they held on the article's date where the article gives none.
    Articles are replaced, never changed in place (the load cache holds the originals)."""
    if not registry:
        return articles
    found: dict[str, Person | None] = {}  # names repeat across articles

    def find(name: str) -> Person | None:
        if name not in found:
            found[name] = registry.find(name)
        return found[name]

    return [_linked(find, article) for article in articles]


def _linked(find, article):
    people = [find(actor.name) for actor in article.meta.actors]
    if not any(people):
        return article  # most articles: nobody the registry knows
    from dataclasses import replace

    from .model.frontmatter import Actor
    from .slugs import term_slug

    actors, changed = {}, False
    day = article.meta.date.date()
    for actor, person in zip(article.meta.actors, people):
        if person is not None:
            role = person.role_on(day)
            linked = Actor(
                name=person.name,
                role=actor.role or (role.role if role else ""),
                country=actor.country or person.country_on(day),
            )
            changed = changed or linked != actor
            actor = linked
        if term_slug(actor.name) in actors:  # the key that makes two names one actor everywhere
            changed = True
            continue
        actors[term_slug(actor.name)] = actor
    if not changed:
        return article
    linked = tuple(actors.values())
    meta = replace(
        article.meta,
        people={**article.meta.people, "actors": linked},
        terms={**article.meta.terms, "actors": tuple(actor.name for actor in linked)},
    )
    return replace(article, meta=meta)


def order_actors(library, registry: Registry):
    """The library with its actors sorted by surname in French order, and the registry
    attached for the actor pages (roles over time)."""
    actors = library.taxonomies.get("actors")
    if actors is not None:
        library.taxonomies["actors"] = dict(sorted(actors.items(), key=lambda item: registry.sort_key(item[1].label)))
    library.registry = registry
    return library


@lru_cache(maxsize=8)
def _registry_at(path: str, stamp: tuple[int, int]) -> Registry:
    return load_registry(Path(path))


def site_registry(path: Path | None) -> Registry:
    """The site's own registry at `path`, read once for as long as the file stays the same."""
    if path is None:
        return EMPTY
    try:
        stat = path.stat()
    except OSError:
        return Registry(path=path)
    return _registry_at(str(path), (stat.st_mtime_ns, stat.st_size))


def registry_for(path: Path | None, gazetteer: bool = True, cache_dir: Path | None = None) -> Registry:
    """The people actors are linked to: the site's registry at `path` over the gazetteer
    shipped with site_builder (without it when `gazetteer` is false). Read once per
    process for as long as the files stay the same; the gazetteer is kept in `cache_dir`
    (the build's) between processes."""
    site = site_registry(path)
    if not gazetteer:
        return site
    from .gazetteer import gazetteer as shipped

    under = shipped(cache_dir=cache_dir)
    key = (id(site), id(under))
    if key not in _LAYERED:
        _LAYERED.clear()  # one pair in use at a time; the old ones go
        _LAYERED[key] = (site, under, layered(site, under))
    return _LAYERED[key][2]


_LAYERED: dict[tuple[int, int], tuple[Registry, Registry, Registry]] = {}


def layered(site: Registry, under: Registry) -> Registry:
    """The site's registry over another (the gazetteer). A site entry that names the same
    person as an entry under it (they share the name of either, or a spelling of two
    words or more) replaces it; a one-word alias under it that a site entry also uses
    (a surname) is dropped from the one under it."""
    if not under:
        return site
    if not site:
        return Registry(people=under.people, path=site.path, index=under.index)
    replaced = {id(person) for key, person in under.index.items()
                if key in site.index and _same_person(key, site.index[key], person)}
    index = {key: person for key, person in under.index.items()
             if id(person) not in replaced and key not in site.index}
    index.update(site.index)
    people = (*site.people, *(person for person in under.people if id(person) not in replaced))
    return Registry(people=people, path=site.path, index=index)


def _same_person(key: str, mine: Person, theirs: Person) -> bool:
    return " " in key or key in (fold_name(mine.name), fold_name(theirs.name))
