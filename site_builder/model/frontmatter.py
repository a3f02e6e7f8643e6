"""Front matter: split a content file, parse its YAML, validate it into typed fields.

Every rule of ../shared/front-matter.md lives here, and every broken rule becomes a
`Problem` with the file and the line of the offending key.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
import yaml_rs
from yaml.nodes import ScalarNode

from ..config import DEFAULT_TAXONOMIES, Taxonomy
from ..countries import canonical_country, closest_country
from ..errors import Problem
from . import keys as known_keys
from ..limits import DEFAULT_LIMITS, Limits
from ..slugs import term_slug

FENCE = "---"


# Front matter records have no __slots__: they are cached by the thousand, and
# instances with a __dict__ unpickle about twice as fast.


@dataclass(frozen=True)
class Actor:
    """A person (or named body) acting in a story."""

    name: str
    role: str = ""
    country: str = ""


@dataclass(frozen=True)
class Source:
    name: str = ""
    url: str = ""
    file: str = ""


@dataclass
class FrontMatter:
    """The validated front matter of one article."""

    title: str
    date: dt.datetime
    summary: str
    updated: dt.datetime | None = None
    lang: str = ""
    source: Source = field(default_factory=Source)
    section: str = ""
    terms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Taxonomy key → the article's labels, in front matter order, one per slug."""
    people: dict[str, tuple[Actor, ...]] = field(default_factory=dict)
    """Taxonomy key (of kind person) → the article's actors with their role and country."""
    draft: bool = False
    slug: str = ""
    aliases: tuple[str, ...] = ()
    date_source: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def countries(self) -> tuple[str, ...]:
        return self.terms.get("countries", ())

    @property
    def topics(self) -> tuple[str, ...]:
        return self.terms.get("topics", ())

    @property
    def actors(self) -> tuple[Actor, ...]:
        return self.people.get("actors", ())


_KNOWN = {
    "title", "date", "updated", "lang", "source", "section", "summary", "tags",
    "draft", "slug", "aliases", "date_source",
}


def key_line(text: str, key: str) -> int:
    """The 1-based line of a top-level front matter key in a content file's text; 1 if absent."""
    lines = text.split("\n")
    for number, line in enumerate(lines[1:], start=2):
        if line.rstrip() == FENCE:
            break
        if line.startswith(f"{key}:"):
            return number
    return 1


def split(text: str, path: Path) -> tuple[str, str, list[Problem]]:
    """The YAML text and the body; the body starts after the closing fence: the first
    later line that is '---' (trailing spaces allowed). Found with str.find rather than
    by splitting the whole file into lines."""
    first_end = text.find("\n")
    if (text if first_end < 0 else text[:first_end]).strip() != FENCE:
        return "", text, [Problem(path, 1, "missing front matter: the file must start with a '---' line")]
    at = first_end  # the newline before the line looked at
    while at >= 0:
        line_end = text.find("\n", at + 1)
        line = text[at + 1 :] if line_end < 0 else text[at + 1 : line_end]
        if line.rstrip() == FENCE:
            return text[first_end + 1 : at] if at > first_end else "", "" if line_end < 0 else text[line_end + 1 :], []
        at = text.find("\n" + FENCE, line_end) if line_end >= 0 else -1
    return "", "", [Problem(path, 1, "front matter is not closed: add a '---' line after it")]


def parse(
    yaml_text: str,
    path: Path,
    zone: ZoneInfo,
    taxonomies: tuple[Taxonomy, ...] = DEFAULT_TAXONOMIES,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[FrontMatter | None, list[Problem]]:
    """Parse and validate; on any problem, return None and every problem found, else
    the front matter and its warnings (control characters removed).

    Each taxonomy's list is read from `tags.<key>` or a top-level `<key>` (both: merged)."""
    data = _read_plain(yaml_text)
    plain = data is not None
    try:
        data = data if plain else _load_with_pyyaml(yaml_text)
    except ValueRefused as refusal:
        return None, [Problem(path, refusal.line + 2, refusal.message)]  # +2: 1-based, after the fence
    except yaml.YAMLError as error:
        return None, [_yaml_problem(error, path)]
    if not isinstance(data, dict):
        return None, [Problem(path, 2, "front matter must be a mapping of keys to values")]
    checker = _Checker(path, data, yaml_text, zone, taxonomies, limits)
    checker.check_keys(may_repeat=not plain)
    front_matter = checker.front_matter()
    if checker.problems:
        return None, checker.problems
    return front_matter, checker.warnings


_STR = "tag:yaml.org,2002:str"
# Scalars PyYAML's safe constructors make from their text alone.
_VALUE_TAGS = frozenset(f"tag:yaml.org,2002:{kind}" for kind in ("null", "bool", "int", "float", "timestamp"))
# Explicit tags, anchors and aliases (PyYAML shares aliased objects), and directives:
# documents with any of these go to PyYAML directly. The characters are looked for
# first, as a regular expression looking at every position costs a fifth of the read.
_MARKERS = "!&*%"
_PYYAML_ONLY = re.compile(r"(?:^|[\s\[{,])[!&*]\S|(?:^|\n)%")
# Characters PyYAML refuses in a document, and yaml-rs takes.
_NON_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


class _NotPlain(Exception):
    """yaml-rs's reading of the document may differ from PyYAML's."""


class ValueRefused(yaml.YAMLError):
    """YAML that reads, but that front matter refuses: an alias (expanded, a few lines
    can fill the memory), or a value no Python type holds (2024-02-30, !!int abc)."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        """0-based, within the YAML text."""
        self.message = message


def load_yaml(yaml_text: str) -> Any:
    """The data PyYAML's safe loader gives, read by yaml-rs (Rust) when the document
    is plain: text keys, mappings, lists, text, true/false, null, and plain dates.

    PyYAML reads YAML 1.1, yaml-rs YAML 1.2, and they differ on plain scalars (`yes`,
    `010`, `1:30`, dates), tags and duplicate keys. PyYAML is the contract, so every
    value yaml-rs gives is checked to be what PyYAML would make of it, and any document
    where that cannot be told from the value alone, or that yaml-rs refuses, is read
    by PyYAML: the data, and every error, stay PyYAML's. Reading with PyYAML alone was
    a third of a cold load's parsing."""
    data = _read_plain(yaml_text)
    return data if data is not None else _load_with_pyyaml(yaml_text)


def _read_plain(yaml_text: str) -> dict | None:
    """yaml-rs's reading of a plain document, as PyYAML reads it; None when PyYAML must
    read it. yaml-rs refuses a key written twice, so a document it reads has none."""
    if not _pyyaml_only(yaml_text):
        try:
            data = yaml_rs.loads(yaml_text, parse_datetime=False, duplicate_key_policy=_DUPLICATES_REFUSED)
            if type(data) is dict:
                return _as_pyyaml(data, f"{yaml_text}\n")
        except Exception:  # refused, or read otherwise than PyYAML would (_NotPlain): PyYAML decides
            pass
    return None


def _load_with_pyyaml(yaml_text: str) -> Any:
    """PyYAML's data; ValueRefused for an alias or a value that cannot be made."""
    if "*" in yaml_text:
        _refuse_aliases(yaml_text)
    try:
        return yaml.load(yaml_text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        raise
    except Exception as error:  # noqa: BLE001 - a constructor's own error: 2024-02-30, !!bool maybe…
        raise unmade_value(yaml_text, error) from None


def _refuse_aliases(yaml_text: str) -> None:
    """An editor never needs YAML aliases, and a few lines of them expand to billions
    of values: the first one is refused before anything is built."""
    for event in yaml.parse(yaml_text, Loader=yaml.CSafeLoader):
        if isinstance(event, yaml.AliasEvent):
            raise ValueRefused(
                event.start_mark.line, f"YAML alias '*{event.anchor}' is not allowed in front matter; write the value out"
            )


def unmade_value(yaml_text: str, error: Exception) -> ValueRefused:
    """Where a value PyYAML could not make is, and why, as one line (site.yaml's
    reader uses it too)."""
    constructor = yaml.constructor.SafeConstructor()
    stack = [("", yaml.compose(yaml_text, Loader=yaml.CSafeLoader))]
    while stack:
        key, node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            stack.extend((getattr(name, "value", key), value) for name, value in reversed(node.value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((key, item) for item in reversed(node.value))
        elif node is not None:
            try:
                constructor.construct_object(node)
            except Exception as reason:  # noqa: BLE001 - the value that failed
                return ValueRefused(node.start_mark.line, _unmade_message(key, node, reason))
    return ValueRefused(0, f"invalid value: {_one_line(error)}")


def _unmade_message(key: str, node: yaml.ScalarNode, reason: Exception) -> str:
    where = f"'{key}': " if key else ""
    kind = node.tag.rsplit(":", 1)[-1]
    if kind == "timestamp":
        why = _one_line(reason) if type(reason) is ValueError else "not an ISO 8601 date"
        if "offset must be" in why:
            why = "a UTC offset is less than 24 hours"
        return f"{where}{node.value!r} is not a real date or time ({why})"
    return f"{where}{node.value!r} cannot be read as !!{kind} ({_one_line(reason) or type(reason).__name__})"


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())[:200]


_DUPLICATES_REFUSED = yaml_rs.DuplicateKeyPolicy.Error  # PyYAML keeps the last one


def _pyyaml_only(yaml_text: str) -> bool:
    """Whether the document uses what only PyYAML reads as the contract means it, or
    may nest deeper than yaml-rs can read without overflowing its stack (it crashes the
    process past some ten thousand levels, where libyaml refuses more than a thousand)."""
    if any(marker in yaml_text for marker in _MARKERS) and _PYYAML_ONLY.search(yaml_text):
        return True
    if _may_nest_deeply(yaml_text):
        return True
    return _NON_PRINTABLE.search(yaml_text) is not None


# Each block level has its own indentation column, or its own `- `/`? ` on the line,
# so a line that starts with fewer than this many spaces and indicators is at most
# this deep in block style; flow style nests one level per bracket.
_SHALLOW = 400
_DEEP_LINE = re.compile(r"^[ \t?-]{%d}" % _SHALLOW, re.M)


def _may_nest_deeply(yaml_text: str) -> bool:
    if yaml_text.count("[") + yaml_text.count("{") > _SHALLOW:
        return True
    return _DEEP_LINE.search(yaml_text) is not None


def _as_pyyaml(value: dict | list, text: str) -> dict | list:
    """yaml-rs's mapping or list as PyYAML reads it, changed in place; raises _NotPlain
    where that cannot be told. Most text starts with a character no implicit type starts
    with, and is the same for both without further look."""
    kind = type(value)
    if kind is not dict and kind is not list:
        raise _NotPlain  # numbers: 1.2 and 1.1 read `010` or `1e3` differently
    for key, item in value.items() if kind is dict else enumerate(value):
        if kind is dict and (type(key) is not str or (key[:1] in _TYPED_STARTS and _resolved_tag(key) != _STR)):
            raise _NotPlain  # merge keys, or keys PyYAML turns into numbers or dates
        if type(item) is str:
            if item[:1] in _TYPED_STARTS and _resolved_tag(item) != _STR:
                value[key] = _typed_text(item, text)
        elif item is not None and type(item) is not bool:  # 1.2's true/false/null mean the same in 1.1
            value[key] = _as_pyyaml(item, text)
    return value


def _typed_text(value: str, text: str) -> Any:
    """A text yaml-rs read, which PyYAML would read as another type if it were plain."""
    if not value:
        return value  # yaml-rs reads a plain empty scalar as null: this one was quoted
    tag = _resolved_tag(value)
    if tag in _VALUE_TAGS:
        written = _spelling(value, text)
        if written == "quoted":
            return value
        if written == "plain":
            return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, ScalarNode(tag, value))
    raise _NotPlain


def _spelling(value: str, text: str) -> str:
    """How a value that PyYAML would not read as text if it were plain (`yes`, a date)
    is written: "quoted" wherever it appears (text), "plain" wherever it appears as a
    block value ending its line (`key: value`, `- value`: PyYAML resolves its type), or
    "" when that cannot be told (both, in flow style, folded over lines, in a comment…)."""
    occurrences = text.count(value)
    if not occurrences:
        return ""
    if occurrences == text.count(f"'{value}'") + text.count(f'"{value}"'):
        return "quoted"
    if occurrences == text.count(f": {value}\n") + text.count(f"- {value}\n"):
        return "plain"
    return ""


_CONSTRUCTOR = yaml.constructor.SafeConstructor()


@lru_cache(maxsize=8192)
def _resolved_tag(value: str) -> str:
    """The tag PyYAML gives an unquoted scalar. It depends on the text alone (no path
    resolvers are ever added), and keys, countries or names recur in every file."""
    return _RESOLVER.resolve(ScalarNode, value, (True, False))


_RESOLVER = yaml.resolver.Resolver()
# The first characters of PyYAML's implicit types; "" too, as an empty scalar is null.
_TYPED_STARTS = frozenset(_RESOLVER.yaml_implicit_resolvers)


class _Checker:
    """Validates one front matter mapping, collecting every problem."""

    def __init__(
        self, path: Path, data: dict, yaml_text: str, zone: ZoneInfo, taxonomies: tuple[Taxonomy, ...],
        limits: Limits = DEFAULT_LIMITS,
    ):
        self.path = path
        self.taxonomies = taxonomies
        self.data = data
        self.yaml_text = yaml_text
        self.zone = zone
        self.limits = limits
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self._lines: dict[tuple, int] | None = None
        # Characters XML cannot carry only come from escapes ("\\x0b"): PyYAML refuses
        # them written as they are.
        self._escaped = "\\" in yaml_text

    def line(self, *keys: Any) -> int:
        """The file line of a key path like ('tags', 'countries', 2); computed on demand."""
        if self._lines is None:
            self._lines = _key_lines(self.yaml_text)
        while keys and keys not in self._lines:
            keys = keys[:-1]
        # +1 for 1-based lines, +1 for the opening fence; a missing key points at the fence.
        return self._lines[keys] + 2 if keys else 1

    def fail(self, message: str, *keys: Any) -> None:
        self.problems.append(Problem(self.path, self.line(*keys), message))

    def clean(self, text: str, *keys: Any) -> str:
        """Text without the control characters no feed (XML) can carry, with a warning."""
        if not self._escaped or not _NOT_IN_XML.search(text):
            return text
        name = ".".join(str(key) for key in keys)
        self.warnings.append(Problem(self.path, self.line(*keys), f"control characters removed from '{name}'", True))
        return _NOT_IN_XML.sub("", text)

    def within_limit(self, items: list, limit: int, setting: str, *keys: Any) -> bool:
        if len(items) <= limit:
            return True
        name = ".".join(str(key) for key in keys)
        self.fail(f"'{name}' has {len(items)} items; at most {limit} are allowed (limits: {setting} in site.yaml)", *keys)
        return False

    def check_keys(self, may_repeat: bool) -> None:
        """Keys written twice, and unknown keys that look like known ones
        (data/front_matter_keys.yaml); a taxonomy's own key is known."""
        if may_repeat:
            for key, first, again in known_keys.repeated_keys(self.yaml_text):
                self.problems.append(
                    Problem(self.path, again + 2, f"key '{key}' is written twice, on lines {first + 2} and {again + 2}: keep one")
                )
        taxonomy_keys = {taxonomy.key for taxonomy in self.taxonomies}
        for key in self.data:
            if key not in _KNOWN and key not in taxonomy_keys:
                self.misspelled(known_keys.TOP, key, (key,))

    def misspelled(self, place: str, key: Any, where: tuple, prefix: str = "", shown: str = "") -> bool:
        """An error if an unknown key looks like a known one of `place`; whether it did."""
        intended = known_keys.suggestion(place, key)
        if intended is None:
            return False
        self.fail(f"{prefix}unknown key '{shown}{key}' — did you mean '{shown}{intended}'?", *where)
        return True

    def front_matter(self) -> FrontMatter | None:
        title = self.required_text("title", one_line=True)
        date = self.required_date("date")
        summary = self.required_text("summary")
        updated = self.optional_date("updated")
        terms, people = self.taxonomy_terms()
        fm = FrontMatter(
            title=title or "",
            date=date or dt.datetime.min,
            summary=summary or "",
            updated=updated,
            lang=self.optional_text("lang"),
            source=self.source(),
            section=self.optional_text("section"),
            terms=terms,
            people=people,
            draft=self.optional_bool("draft"),
            slug=self.optional_text("slug"),
            aliases=self.text_list(("aliases",)),
            date_source=self.optional_text("date_source"),
            extra={key: value for key, value in self.data.items() if key not in _KNOWN and key not in terms},
        )
        self.check_tags_shape()
        return fm

    def required_text(self, key: str, one_line: bool = False) -> str | None:
        if key not in self.data or self.data[key] is None:
            self.fail(f"missing required field '{key}'", key)
            return None
        value = self.data[key]
        if not isinstance(value, str):
            self.fail(f"'{key}' must be text, not {_type_name(value)}", key)
            return None
        value = self.clean(value, key).strip()
        if not value:
            self.fail(f"'{key}' is empty", key)
        elif one_line and "\n" in value:
            self.fail(f"'{key}' must be on one line", key)
        return value

    def optional_text(self, key: str) -> str:
        value = self.data.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            self.fail(f"'{key}' must be text, not {_type_name(value)}", key)
            return ""
        return self.clean(value, key).strip()

    def optional_bool(self, key: str) -> bool:
        value = self.data.get(key, False)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.fail(f"'{key}' must be true or false, not {_type_name(value)}", key)
            return False
        return value

    def required_date(self, key: str) -> dt.datetime | None:
        if self.data.get(key) is None:
            self.fail(f"missing required field '{key}'", key)
            return None
        return self.optional_date(key)

    def optional_date(self, key: str) -> dt.datetime | None:
        value = self.data.get(key)
        if value is None:
            return None
        try:
            parsed = _to_datetime(value, self.zone)
        except OverflowError:  # 9999-12-31T23:59:59-12:00 is in year 10000 in Algiers
            parsed = dt.datetime.max.replace(tzinfo=self.zone)
        if parsed is None:
            self.fail(
                f"'{key}' is not a date: {value!r} (use ISO 8601, e.g. 2024-03-12 or 2024-03-12T10:15:00+01:00)",
                key,
            )
        elif not self.limits.earliest_year <= parsed.year <= self.limits.latest_year:
            self.fail(
                f"'{key}' is out of range: {_shown_date(value)} (a year from {self.limits.earliest_year} "
                f"to {self.limits.latest_year})",
                key,
            )
            return None
        return parsed

    def text_list(self, keys: tuple[str, ...]) -> tuple[str, ...]:
        value = _dig(self.data, keys)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.fail(f"'{'.'.join(keys)}' must be a list, not {_type_name(value)}", *keys)
            return ()
        limit, setting = self._list_limit(keys)
        if not self.within_limit(value, limit, setting, *keys):
            return ()
        items = []
        for index, item in enumerate(value):
            if not isinstance(item, (str, int, float)) or isinstance(item, bool) or not str(item).strip():
                self.fail(f"'{'.'.join(keys)}' item {index + 1} must be non-empty text", *keys, index)
                continue
            text = self.clean(str(item), *keys, index).strip()
            if not text:
                self.fail(f"'{'.'.join(keys)}' item {index + 1} must be non-empty text", *keys, index)
                continue
            items.append(text)
        return tuple(dict.fromkeys(items))

    def _list_limit(self, keys: tuple[str, ...]) -> tuple[int, str]:
        if keys == ("aliases",):
            return self.limits.aliases, "aliases"
        return self.limits.terms_per_taxonomy, "terms_per_taxonomy"


    def taxonomy_terms(self) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[Actor, ...]]]:
        """Every taxonomy's labels (and, for people, their details), one per slug."""
        terms: dict[str, tuple[str, ...]] = {}
        people: dict[str, tuple[Actor, ...]] = {}
        for taxonomy in self.taxonomies:
            places = [keys for keys in ((taxonomy.key,), ("tags", taxonomy.key)) if _dig(self.data, keys) is not None]
            if taxonomy.people:
                found = _unique(actor for keys in places for actor in self.actors(keys))
                people[taxonomy.key] = found
                terms[taxonomy.key] = tuple(actor.name for actor in found)
            else:
                labels = [label for keys in places for label in self.labels(taxonomy, keys)]
                terms[taxonomy.key] = _unique_labels(labels)
        return terms, people

    def labels(self, taxonomy: Taxonomy, keys: tuple[str, ...]) -> list[str]:
        """A taxonomy's labels at one place; country names in their French CLDR form."""
        if not taxonomy.countries:
            return list(self.text_list(keys))
        names = []
        for index, label in enumerate(self.text_list(keys)):
            name = canonical_country(label)
            if name is None:
                self.fail(_unknown_country(label), *keys, index)
            else:
                names.append(name)
        return names

    def check_tags_shape(self) -> None:
        tags = self.data.get("tags")
        if tags is None:
            return
        known = [taxonomy.key for taxonomy in self.taxonomies]
        if not isinstance(tags, dict):
            self.fail(f"'tags' must be a mapping with {_listed(known)}, not {_type_name(tags)}", "tags")
            return
        for key in tags:
            if key not in known and not self.misspelled(known_keys.TAGS, key, ("tags", key), shown="tags."):
                self.fail(f"unknown tag group '{key}' (expected {_listed(known)})", "tags", key)

    def source(self) -> Source:
        value = self.data.get("source")
        if value is None:
            return Source()
        if isinstance(value, str):
            return Source(name=value.strip())
        if not isinstance(value, dict):
            self.fail(f"'source' must be a mapping (name, url, file), not {_type_name(value)}", "source")
            return Source()
        for key in value:
            if key not in known_keys.known(known_keys.SOURCE):
                self.misspelled(known_keys.SOURCE, key, ("source", key), shown="source.")
        fields = {}
        for key in ("name", "url", "file"):
            item = value.get(key)
            if item is not None and not isinstance(item, str):
                self.fail(f"'source.{key}' must be text, not {_type_name(item)}", "source", key)
                continue
            fields[key] = self.clean(item or "", "source", key).strip()
        return Source(**fields)

    def actors(self, keys: tuple[str, ...]) -> list[Actor]:
        value = _dig(self.data, keys)
        if not isinstance(value, list):
            self.fail(f"'{'.'.join(keys)}' must be a list, not {_type_name(value)}", *keys)
            return []
        if not self.within_limit(value, self.limits.actors, "actors", *keys):
            return []
        actors = (self.actor(item, index, keys) for index, item in enumerate(value))
        return [actor for actor in actors if actor]

    def actor(self, item: Any, index: int, keys: tuple[str, ...]) -> Actor | None:
        if isinstance(item, str):
            item = self.clean(item, *keys, index)
        if isinstance(item, str) and item.strip():
            return Actor(name=" ".join(item.split()))
        if not isinstance(item, dict):
            self.fail(f"actor {index + 1} must be a name or a mapping (name, role, country)", *keys, index)
            return None
        name = item.get("name")
        if isinstance(name, str):
            name = self.clean(name, *keys, index, "name")
        if not isinstance(name, str) or not name.strip():
            self.fail(f"actor {index + 1} needs a 'name'", *keys, index)
            return None
        for key in item:
            if key not in known_keys.known(known_keys.ACTOR):
                self.misspelled(known_keys.ACTOR, key, (*keys, index, key), prefix=f"actor '{name.strip()}': ")
        role = item.get("role") or ""
        country = item.get("country") or ""
        if not isinstance(role, str) or not isinstance(country, str):
            self.fail(f"actor '{name}': 'role' and 'country' must be text", *keys, index)
            return None
        role = self.clean(role, *keys, index, "role")
        if country:
            canonical = canonical_country(country)
            if canonical is None:
                self.fail(f"actor '{name}': {_unknown_country(country)}", *keys, index, "country")
                return None
            country = canonical
        return Actor(name=" ".join(name.split()), role=role.strip(), country=country)


def _unique(actors) -> tuple[Actor, ...]:
    """One actor per slug, the first kept: names that slug alike are one actor
    everywhere (front matter, library, article page)."""
    found: dict[str, Actor] = {}
    for actor in actors:
        found.setdefault(term_slug(actor.name), actor)
    return tuple(found.values())


def _unique_labels(labels: list[str]) -> tuple[str, ...]:
    """One label per slug, the first kept."""
    found: dict[str, str] = {}
    for label in labels:
        found.setdefault(term_slug(label), label)
    return tuple(found.values())


def _listed(keys: list[str]) -> str:
    return ", ".join(f"'{key}'" for key in keys)


def _yaml_problem(error: yaml.YAMLError, path: Path) -> Problem:
    """One line for a YAML syntax error, at the line where the reader can fix it."""
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    context = getattr(error, "context", None)
    mark = getattr(error, "problem_mark", None)
    if "end of stream" in problem and getattr(error, "context_mark", None):
        # An unclosed quote or bracket: point at where it was opened, not at the end.
        mark = error.context_mark
    line = mark.line + 2 if mark else 1  # +1 for 1-based lines, +1 for the opening fence
    message = f"{context}: {problem}" if context else problem
    return Problem(path, line, f"invalid YAML: {message}")


# What XML 1.0 cannot carry (C0 controls but tab and line ends, lone surrogates,
# U+FFFE/U+FFFF), and the C1 controls and DEL, which are invisible.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def _shown_date(value: Any) -> str:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else repr(value)


def _unknown_country(label: str) -> str:
    suggestion = closest_country(label)
    hint = f" (did you mean '{suggestion}'?)" if suggestion else ""
    return f"unknown country '{label}'{hint}"


def _to_datetime(value: Any, zone: ZoneInfo) -> dt.datetime | None:
    """A YAML date, date-time or ISO string as an aware date-time in the site's zone."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone)
    return moment.astimezone(zone)


def _dig(data: dict, keys: tuple[str, ...]) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _type_name(value: Any) -> str:
    names = {dict: "a mapping", list: "a list", bool: "true/false", int: "a number", float: "a number"}
    return names.get(type(value), type(value).__name__)


def _key_lines(yaml_text: str) -> dict[tuple, int]:
    """Key path → 0-based line within the YAML text, for every key and list item."""
    lines: dict[tuple, int] = {}

    def walk(node: yaml.Node, path: tuple) -> None:
        lines.setdefault(path, node.start_mark.line)
        if isinstance(node, yaml.MappingNode):
            for key, child in node.value:
                child_path = path + (key.value,)
                lines[child_path] = key.start_mark.line
                walk(child, child_path)
        elif isinstance(node, yaml.SequenceNode):
            for index, child in enumerate(node.value):
                walk(child, path + (index,))

    try:
        root = yaml.compose(yaml_text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return {}
    if root is not None:
        walk(root, ())
    return lines
