"""What the articles say about people, and what editors corrected by hand: the data
behind `site-builder actors`.

Two readings of content/:
- disagreements: one person (same name once folded, or one registry entry) written with
  different names, countries or roles in different articles, each variant with the
  `file:line` of every article that uses it;
- corrections: each ingested article's actors compared with what ingest last wrote
  (content/.ingest/<seed>.yaml, `front`): a renamed actor, a country or role an editor set
  or changed, an actor an editor added or removed. They become proposals for the registry
  (registry_write.py applies them): a new entry, or a new alias or country for an existing one.

A file that cannot be read is a CorrectionsError, one `path:line: message` line.
"""

from __future__ import annotations

import difflib
import os
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .countries import canonical_country
from .errors import SiteError
from .files import FileRefused, read_regular, shown
from .limits import DEFAULT_LIMITS
from .model.frontmatter import _key_lines, read_data, split
from .registry import Person, Registry
from .registry import fold_name as _fold_name
from .slugs import file_slug

STATE_DIR = ".ingest"
FIELDS = ("name", "country", "role")
# Two spellings this close are one name written twice (Abdelmadjid / Abdelmajid).
_CLOSE_SPELLING = 0.85


# Names are folded again and again (10,000 articles name a few hundred people).
fold_name = lru_cache(maxsize=1 << 16)(_fold_name)


class CorrectionsError(SiteError):
    """Content or ingest state that cannot be read; `str()` is `path:line: message`."""


# --------------------------------------------------------------------------- reading


class _Lines:
    """Where each front matter key is in one file, worked out the first time a place in
    it is printed (most never are)."""

    def __init__(self, yaml_text: str):
        self.yaml_text, self.lines = yaml_text, None

    def line(self, keys: tuple) -> int:
        if self.lines is None:
            self.lines = _key_lines(self.yaml_text)
        return self.lines.get(keys, -1) + 2  # +2: the YAML starts on the file's second line


@dataclass(frozen=True)
class Mention:
    """One actor entry in one article."""

    file: str
    name: str
    role: str = ""
    country: str = ""
    keys: tuple = field(default=(), compare=False)
    """Where the entry is in the front matter: ("actors", 2)."""
    fields: tuple[str, ...] = field(default=(), compare=False)
    """The fields the entry writes out (a bare name writes none)."""
    lines: _Lines | None = field(default=None, compare=False, repr=False)

    def at(self, key: str = "") -> str:
        """`file:line` of the entry, or of one of its fields."""
        if self.lines is None:
            return self.file
        return f"{self.file}:{self.lines.line(self.keys + (key,) if key in self.fields else self.keys)}"

    def same_facts(self, other: Mention) -> bool:
        return (self.name, self.role, self.country) == (other.name, other.role, other.country)


@dataclass
class Article:
    path: Path
    file: str
    source_file: str
    mentions: list[Mention]


@dataclass
class State:
    """What ingest last wrote for one article."""

    path: Path
    article: Article
    written: list[Mention]
    removed: list[str]
    """Actors an editor removed, as the last `--update` merge recorded them."""


def read_articles(content_dir: Path) -> list[Article]:
    """Every article in content/ with its actors; CorrectionsError for one that cannot be read."""
    if not content_dir.is_dir():
        raise CorrectionsError(f"{shown(content_dir)}: no such folder (content_dir in site.yaml)")
    folder = relative(content_dir)
    names = sorted(entry.name for entry in os.scandir(content_dir) if entry.name.endswith(".md") and entry.is_file())
    return [_article(content_dir / name, shown(folder / name)) for name in names]


def _article(path: Path, file: str) -> Article:
    text = _text(path, file)
    yaml_text, _, problems = split(text.removeprefix("\ufeff").replace("\r\n", "\n"), path)
    data = None
    if not problems:
        data, _, problems = read_data(yaml_text, path)
    if problems:
        raise CorrectionsError(f"{file}:{problems[0].line}: {problems[0].message}")
    if not isinstance(data, dict):
        raise CorrectionsError(f"{file}:2: front matter is not a mapping of keys to values")
    lines = _Lines(yaml_text)
    tags = data.get("tags") if isinstance(data.get("tags"), dict) else {}
    mentions = []
    for keys, value in ((("actors",), data.get("actors")), (("tags", "actors"), tags.get("actors"))):
        mentions.extend(_mentions(value, file, keys, lines))
    source = data.get("source")
    source_file = source.get("file") if isinstance(source, dict) and isinstance(source.get("file"), str) else ""
    return Article(path, file, source_file, mentions)


def _mentions(value: Any, file: str, keys: tuple = (), lines: _Lines | None = None) -> list[Mention]:
    """Actor entries as mentions; entries `check` refuses (no name …) are left to it."""
    mentions = []
    for index, item in enumerate(value if isinstance(value, list) else []):
        entry = _entry(item)
        if entry is None:
            continue
        name, role, country = entry
        fields = tuple(key for key in FIELDS if isinstance(item, dict) and key in item)
        mentions.append(Mention(file, name, role, country, (*keys, index), fields, lines))
    return mentions


def _entry(item: Any) -> tuple[str, str, str] | None:
    """(name, role, country) of an actor entry (a name or a mapping), or None."""
    if isinstance(item, str):
        item = {"name": item}
    if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
        return None
    role, country = item.get("role") or "", item.get("country") or ""
    if not isinstance(role, str) or not isinstance(country, str):
        return None
    country = " ".join(country.split())
    return " ".join(item["name"].split()), " ".join(role.split()), canonical_country(country) or country


def read_states(content_dir: Path, articles: list[Article]) -> list[State]:
    """What ingest last wrote for each ingested article. An ingested article (one with
    `source.file`) without its state, or a state that cannot be read, is a CorrectionsError;
    a state whose article is gone (deleted by an editor) is passed over."""
    by_source = {article.source_file: article for article in articles if article.source_file}
    folder = content_dir / STATE_DIR
    shown_folder = relative(folder)
    states, seen = [], set()
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
        file = shown(shown_folder / path.name)
        data = _state_data(path, file)
        article = by_source.get(data["source"])
        if article is None:
            continue
        seen.add(data["source"])
        written = _mentions(data["front"].get("actors"), file)
        listed = data.get("removed_actors")
        removed = [name for name in listed if isinstance(name, str)] if isinstance(listed, list) else []
        states.append(State(path, article, written, removed))
    for source, article in by_source.items():
        if source not in seen:
            expected = shown(shown_folder / f"{file_slug(source)}.yaml")
            raise CorrectionsError(
                f"{article.file}:1: no ingest state for {source} ({expected} is missing): "
                "`site-builder ingest --update` writes it again"
            )
    return states


def _state_data(path: Path, file: str) -> dict:
    text = _text(path, file)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise CorrectionsError(f"{file}:{mark.line + 1 if mark else 1}: ingest state is not valid YAML") from None
    if not isinstance(data, dict) or not isinstance(data.get("source"), str) or not isinstance(data.get("front"), dict):
        raise CorrectionsError(f"{file}:1: not an ingest state (no 'source' or 'front'): ingest writes it again when it is deleted")
    return data


def _text(path: Path, file: str) -> str:
    try:
        return read_regular(path, DEFAULT_LIMITS.content_file_bytes).decode("utf-8")
    except FileRefused as error:
        raise CorrectionsError(f"{file}: {error}") from None
    except UnicodeDecodeError as error:
        raise CorrectionsError(f"{file}: not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise CorrectionsError(f"{file}: cannot read: {error.strerror or error}") from None


def relative(path: Path) -> Path:
    """A path relative to the current folder when it is under it (as the user types it)."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


# --------------------------------------------------------------------------- corrections


@dataclass
class Answer:
    """One fact an editor gave about a person, with where."""

    value: str
    where: str


@dataclass
class Correction:
    """What editors said about one person, across articles."""

    name: str
    """The name editors show (for a registry person: the registry's name)."""
    person: Person | None = None
    aliases: dict[str, list[str]] = field(default_factory=dict)
    """Old spelling → where an editor renamed it."""
    countries: list[Answer] = field(default_factory=list)
    roles: list[Answer] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    """Where an editor added this person by hand."""
    names: list[Answer] = field(default_factory=list)
    """The spellings editors chose, with where (a new person is named by the most used)."""


@dataclass
class Removal:
    name: str
    where: list[str]


@dataclass
class Corrections:
    people: list[Correction]
    removals: list[Removal]


def corrections(states: list[State], registry: Registry) -> Corrections:
    """Editors' changes, person by person, from every article's state."""
    people: dict[str, Correction] = {}
    removals: dict[str, Removal] = {}

    def correction(name: str, old: str = "") -> Correction:
        person = registry.find(name) or (registry.find(old) if old else None)
        key = fold_name(person.name) if person else fold_name(name)
        return people.setdefault(key, Correction(person.name if person else name, person))

    for state in states:
        written = {fold_name(mention.name): mention for mention in state.written}
        current = {fold_name(mention.name): mention for mention in state.article.mentions}
        gone = [mention for key, mention in written.items() if key not in current]
        for key, mention in current.items():
            before = written.get(key)
            if before is not None and before.same_facts(mention):
                continue  # as ingest wrote it
            if before is None:
                before = _renamed_from(mention, gone)
                if before is not None:
                    gone.remove(before)
            target = correction(mention.name, before.name if before else "")
            target.names.append(Answer(mention.name, mention.at("name")))
            if before is None:
                target.added.append(mention.at())
            elif fold_name(before.name) != key:
                target.aliases.setdefault(before.name, []).append(mention.at("name"))
            if mention.country and (before is None or mention.country != before.country):
                target.countries.append(Answer(mention.country, mention.at("country")))
            if mention.role and (before is None or mention.role != before.role):
                target.roles.append(Answer(mention.role, mention.at("role")))
        removed = {fold_name(m.name): m.name for m in gone}
        removed.update({fold_name(name): name for name in state.removed
                        if fold_name(name) not in current and not _named_now(name, registry, current)})
        for key, name in removed.items():
            removals.setdefault(key, Removal(name, [])).where.append(state.article.file)
    return Corrections(_merged(people), sorted(removals.values(), key=lambda r: (-len(r.where), r.name)))


def _named_now(name: str, registry: Registry, current: dict[str, Mention]) -> bool:
    """A name a merge recorded as removed that the article now holds under the name the
    registry gives it (a rename, not a removal)."""
    person = registry.find(name)
    return person is not None and fold_name(person.name) in current


def _merged(people: dict[str, Correction]) -> list[Correction]:
    """One correction per person: what editors said about a spelling another editor
    renamed away (in another article) is said about the person it was renamed to."""
    for key, correction in list(people.items()):
        if key not in people:
            continue
        for alias in list(correction.aliases):
            other = people.get(fold_name(alias))
            if other is None or other is correction or other.person is not None:
                continue
            del people[fold_name(alias)]
            for name in other.names:
                correction.aliases.setdefault(name.value, []).append(name.where)
            for alias_of_other, where in other.aliases.items():
                correction.aliases.setdefault(alias_of_other, []).extend(where)
            correction.countries += other.countries
            correction.roles += other.roles
            correction.added += other.added
    return list(people.values())


def _renamed_from(mention: Mention, gone: list[Mention]) -> Mention | None:
    """The actor ingest wrote that an editor renamed into `mention`, if one looks like it:
    one name inside the other ("Santé Abdelhak Saihi" → "Abdelhak Saihi"), the same
    surname with each other word spelt alike (Abdelmajid / Abdelmadjid), or a close
    spelling of the whole name (a typo fixed)."""
    words = fold_name(mention.name).split()
    best, best_score = None, 0.0
    for candidate in gone:
        other = fold_name(candidate.name).split()
        score = _likeness(words, other)
        if score > best_score:
            best, best_score = candidate, score
    return best


def _likeness(words: list[str], other: list[str]) -> float:
    shorter, longer = sorted((words, other), key=len)
    if len(shorter) >= 2 and any(longer[i:i + len(shorter)] == shorter for i in range(len(longer) - len(shorter) + 1)):
        return 1.0
    if len(words) == len(other) >= 2 and words[-1] == other[-1] and _spelt_alike(words[:-1], other[:-1]):
        return 0.95
    ratio = difflib.SequenceMatcher(None, " ".join(words), " ".join(other)).ratio()
    return ratio if ratio >= _CLOSE_SPELLING else 0.0


# --------------------------------------------------------------------------- proposals


@dataclass
class Change:
    """One change to the registry, with its evidence."""

    kind: str
    """new (a person), alias, country, role."""
    person: str
    value: str
    where: list[str]
    previous: str = ""
    """For a country that replaces another."""


@dataclass
class Proposal:
    """The registry changes for one person: a new entry, or additions to an existing one."""

    name: str
    person: Person | None
    changes: list[Change] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    """Answers not applied, one line each (two countries for one person …)."""

    @property
    def new(self) -> bool:
        return self.person is None

    def value(self, kind: str) -> str:
        return next((change.value for change in self.changes if change.kind == kind), "")

    def aliases(self) -> list[str]:
        return [change.value for change in self.changes if change.kind == "alias"]


def proposals(found: Corrections, registry: Registry) -> list[Proposal]:
    """Registry changes from editors' corrections; what the registry already says is not
    proposed again, and conflicting answers are listed instead of applied."""
    result, spellings = [], {}
    for correction in found.people:
        proposal = _proposal(correction, registry)
        _refuse_shared_spellings(proposal, spellings)
        if proposal.changes or proposal.conflicts:
            result.append(proposal)
    return sorted(result, key=lambda p: (not p.changes, p.name.casefold()))


def _proposal(correction: Correction, registry: Registry) -> Proposal:
    person = correction.person
    name = person.name if person else _most_used(correction.names) or correction.name
    proposal = Proposal(name, person)
    known = {fold_name(spelling) for spelling in ((person.name, *person.aliases) if person else (name,))}
    chosen = {answer.value: [] for answer in correction.names} if person else {}
    for answer in correction.names if person else ():
        chosen[answer.value].append(answer.where)
    for alias, where in [*correction.aliases.items(), *chosen.items()]:
        other = registry.find(alias)
        if other is not None and other is not person:
            proposal.conflicts.append(f"'{alias}' already names {other.name} in the registry; renamed to {name} in {', '.join(where)}")
        elif fold_name(alias) not in known:
            known.add(fold_name(alias))
            proposal.changes.append(Change("alias", name, alias, where))
    unknown = [answer for answer in correction.countries if canonical_country(answer.value) is None]
    for answer in unknown:
        proposal.conflicts.append(f"unknown country '{answer.value}' in {answer.where} (`site-builder check` says more); not applied")
    country = _one_answer(proposal, "country", [answer for answer in correction.countries if answer not in unknown])
    if country is not None:
        current = person.country if person else ""
        where = _where(correction.countries, country.value)
        if current and country.value != current:
            proposal.conflicts.append(f"the registry says {current}; country {country.value} written in {', '.join(where)}; not applied")
        elif person is not None and any(not held.country for held in person.roles):
            proposal.conflicts.append(
                f"the registry gives no country (an office without one: international?); "
                f"country {country.value} written in {', '.join(where)}; not applied"
            )
        elif country.value != current:
            proposal.changes.append(Change("country", name, country.value, where))
    role = _one_answer(proposal, "role", correction.roles)
    if role is not None and person is not None:
        if fold_name(role.value) not in {fold_name(held.role) for held in person.roles}:
            proposal.conflicts.append(
                f"role '{role.value}' set in {', '.join(_where(correction.roles, role.value))}: "
                "add it to the entry's roles with its dates"
            )
    elif role is not None:
        proposal.changes.append(Change("role", name, role.value, _where(correction.roles, role.value)))
    if person is None and proposal.changes:
        evidence = sorted({where for answer in correction.names for where in [answer.where.rsplit(":", 1)[0]]})
        proposal.changes.insert(0, Change("new", name, name, evidence))
    return proposal


def _one_answer(proposal: Proposal, kind: str, answers: list[Answer]) -> Answer | None:
    """The one value editors gave, or None (none given, or several: a conflict)."""
    values = list(dict.fromkeys(answer.value for answer in answers))
    if len(values) > 1:
        shown_values = "; ".join(f"{value} ({', '.join(_where(answers, value))})" for value in values)
        proposal.conflicts.append(f"editors disagree on the {kind}: {shown_values}; not applied")
    return answers[0] if len(values) == 1 else None


def _where(answers: list[Answer], value: str) -> list[str]:
    return [answer.where for answer in answers if answer.value == value]


def _most_used(answers: list[Answer]) -> str:
    counts = Counter(answer.value for answer in answers)
    return max(counts, key=lambda value: (counts[value], -[a.value for a in answers].index(value))) if counts else ""


def _refuse_shared_spellings(proposal: Proposal, spellings: dict[str, str]) -> None:
    """Two proposals cannot give one spelling to two people: the later one's is a conflict."""
    for change in list(proposal.changes):
        if change.kind not in ("new", "alias"):
            continue
        key = fold_name(change.value)
        if spellings.setdefault(key, proposal.name) != proposal.name:
            proposal.changes.remove(change)
            proposal.conflicts.append(f"'{change.value}' is proposed for {spellings[key]} too; not applied")
    if proposal.new and not any(change.kind == "new" for change in proposal.changes):
        proposal.changes.clear()


# --------------------------------------------------------------------------- disagreements


@dataclass
class Disagreement:
    """One person written differently across articles."""

    name: str
    articles: int
    variants: dict[str, dict[str, list[Mention]]]
    """Field (name, country, role) → value → the mentions that write it."""
    registry_country: str = ""
    """What the registry says, for a person it holds."""


def disagreements(articles: list[Article], registry: Registry, planned: list[Proposal] = ()) -> list[Disagreement]:
    """People whose name, country or role differ between articles, the most written first.
    One person: one registry entry (any alias), one proposed entry, else one folded name."""
    renamed = {fold_name(alias): proposal.name for proposal in planned for alias in proposal.aliases()}
    groups: dict[str, tuple[str, list[Mention]]] = {}
    find = lru_cache(maxsize=None)(registry.find)
    for article in articles:
        for mention in article.mentions:
            person = find(mention.name)
            name = person.name if person else renamed.get(fold_name(mention.name), mention.name)
            groups.setdefault(fold_name(name), (name, []))[1].append(mention)
    found = []
    for name, mentions in _transliterations_joined(groups, find):
        # A registry person's articles may use any alias: the build shows the registry's name.
        keys = FIELDS[1:] if find(name) else FIELDS
        variants = {key: _variants(mentions, key) for key in keys}
        variants = {key: values for key, values in variants.items() if len(values) > 1}
        if variants:
            files = {mention.file for mention in mentions}
            person = find(name)
            found.append(Disagreement(name, len(files), variants, person.country if person else ""))
    return sorted(found, key=lambda d: (-d.articles, d.name.casefold()))


def _transliterations_joined(groups: dict[str, tuple[str, list[Mention]]], find) -> list[tuple[str, list[Mention]]]:
    """Groups whose names are one name transliterated two ways (Abdelmadjid Tebboune /
    Abdelmajid Tebboune: the same surname, and each other word spelt alike) are one person
    for the listing, under the most written spelling. The registry's people stay apart."""
    by_surname: dict[tuple[str, int], list[str]] = {}
    for key in groups:
        words = key.split()
        if len(words) >= 2 and not find(groups[key][0]):
            by_surname.setdefault((words[-1], len(words)), []).append(key)
    joined = {key: key for key in groups}
    for keys in by_surname.values():
        for index, key in enumerate(keys):
            for other in keys[:index]:
                if joined[other] == other and _spelt_alike(key.split()[:-1], other.split()[:-1]):
                    joined[key] = other
                    break
    members: dict[str, list[str]] = {}
    for key in groups:
        members.setdefault(joined[key], []).append(key)
    result = []
    for keys in members.values():
        name = groups[max(keys, key=lambda key: len(groups[key][1]))][0]
        result.append((name, [mention for key in keys for mention in groups[key][1]]))
    return result


def _spelt_alike(words: list[str], other: list[str]) -> bool:
    """Word by word, the same spelt two ways (Abdelmadjid / Abdelmajid), or an initial and
    the word it stands for (A. / Abdelhak)."""
    return all(_word_alike(a, b) for a, b in zip(words, other))


def _word_alike(a: str, b: str) -> bool:
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.8


def _variants(mentions: list[Mention], key: str) -> dict[str, list[Mention]]:
    """Value → where, for one field; values that fold alike are one, and a role that is
    the start of another ("président" / "président de la République") is not a disagreement."""
    by_fold: dict[str, tuple[str, list[Mention]]] = {}
    for mention in mentions:
        value = getattr(mention, key)
        if value:
            by_fold.setdefault(fold_name(value), (value, []))[1].append(mention)
    if key == "role":
        folded = list(by_fold)
        for short in folded:
            if any(long != short and (long + " ").startswith(short + " ") for long in folded):
                del by_fold[short]
    return {value: where for value, where in sorted(by_fold.values(), key=lambda item: -len(item[1]))}
