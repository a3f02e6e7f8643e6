"""Ingest's actors linked to the people the registry knows (the site's actors.yaml over
the gazetteer shipped with site_builder, see registry.registry_for).

A mention that names a known person, by name or alias, gets the registry's name, the
country they served on the article's date (none while they hold an international
body's office; their own country outside all their offices) and, when the text gave no
role, the role they held that day. A surname alone joins the full name the article
gives elsewhere, else the registry's surname alias. Known people the language model
missed are found by their full names in the text.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from importlib import resources

import yaml

from ..registry import Person, Registry, fold_name

_WORD = re.compile(r"\w+")
# The longest spelling phrase-matched, in words.
_LONGEST = 6


@lru_cache(maxsize=1)
def _not_people_before() -> frozenset[str]:
    """Words that make the name after them a place or an institution ("avenue Habib
    Bourguiba", "Fondation Mohammed VI"): linking.yaml."""
    text = resources.files(__package__).joinpath("linking.yaml").read_text(encoding="utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return frozenset(fold_name(word) for word in data["not_people_before"])


def link_entries(registry: Registry, entries: list, day: dt.date | None, text: str = "") -> list:
    """Ingest's actor entries (a name, or {name, role, country}) linked to the registry,
    with the known people `text` names in full that the entries missed. Two mentions of
    one person become one entry."""
    entries = [{"name": entry} if isinstance(entry, str) else dict(entry) for entry in entries]
    entries = _surnames_joined(entries)
    if registry:
        entries = [_linked(registry, entry, day) for entry in entries]
        if text:
            named = [f" {fold_name(entry['name'])} " for entry in entries]
            entries += [_entry(person, day) for person, spelling in found_in_text(registry, text)
                        if not any(f" {spelling} " in mention or f" {fold_name(person.name)} " == mention
                                   for mention in named)]
    merged: dict[str, dict] = {}
    for entry in entries:
        known = merged.setdefault(entry["name"], entry)
        for key in ("role", "country"):
            if entry.get(key) and not known.get(key):
                known[key] = entry[key]
    return [entry if len(entry) > 1 else entry["name"] for entry in merged.values()]


def _surnames_joined(entries: list[dict]) -> list[dict]:
    """A surname alone ("Attaf") renamed to the full name the article gives elsewhere
    ("Ahmed Attaf"), when one full name only ends with it."""
    endings: dict[str, set[str]] = {}
    for entry in entries:
        words = fold_name(entry["name"]).split()
        for start in range(1, len(words)):
            endings.setdefault(" ".join(words[start:]), set()).add(entry["name"])
    joined = []
    for entry in entries:
        full = endings.get(fold_name(entry["name"]), ())
        if len(full) == 1:
            entry = {**entry, "name": next(iter(full))}
        joined.append(entry)
    return joined


def _linked(registry: Registry, entry: dict, day: dt.date | None) -> dict:
    person = registry.find(entry["name"]) or _named_within(registry, entry["name"])
    if person is None:
        return entry
    linked = _entry(person, day, entry.get("role", ""))
    if entry.get("role"):
        linked["role"] = entry["role"]  # the text's own wording of the office
    if "country" not in linked and entry.get("country") and not _in_body_office(person, day, entry.get("role", "")):
        linked["country"] = entry["country"]
    return linked


def _named_within(registry: Registry, name: str) -> Person | None:
    """The known person whose full name (two words or more) ends a longer mention:
    "Santé Abdelmadjid Tebboune", "Burkina Faso Ibrahim Traoré", words too many before
    the name. (A word after it may be the name's own, misspelt: "Ali Bongo Odimba".)"""
    words = fold_name(name).split()
    for start in range(1, len(words) - 1):
        person = registry.full_spellings().get(" ".join(words[start:]))
        if person is not None:
            return person
    return None


def _entry(person: Person, day: dt.date | None, text_role: str = "") -> dict:
    """A known person's entry on `day`: their name, the role held and the country served
    (`text_role`: the office the text gives them, which tells which when no date is known)."""
    entry = {"name": person.name}
    held = _held(person, day, text_role)
    if held is not None:
        entry["role"] = held.role
    if not _in_body_office(person, day, text_role):
        country = (held.country if held else "") or person.country
        if country:
            entry["country"] = country
    return entry


def _held(person: Person, day: dt.date | None, text_role: str = ""):
    """The role held on `day`; with no date known, the office the text names (its words
    hold the registry's, or the other way round), else the only office the registry knows
    the person in, if they held one only."""
    if day is not None:
        return person.role_on(day)
    named = [role for role in person.roles if text_role and _same_office(role.role, text_role)]
    if named:
        return max(named, key=lambda role: role.start or dt.date.min)
    return person.roles[0] if len(person.roles) == 1 else None


_GLUE = {"de", "du", "des", "la", "le", "les", "l", "d", "et", "of", "the", "and"}


def _same_office(registry_role: str, text_role: str) -> bool:
    """'Premier ministre néerlandais' names the office 'Premier ministre'."""
    mine, theirs = set(_WORD.findall(fold_name(registry_role))), set(_WORD.findall(fold_name(text_role)))
    return bool(mine - _GLUE) and (mine - _GLUE <= theirs or bool(theirs - _GLUE) and theirs - _GLUE <= mine)


def _in_body_office(person: Person, day: dt.date | None, text_role: str = "") -> bool:
    """Whether the person serves an international body on `day` (then they have no
    country); with no date known, whether the office the text names or else their last
    office is a body's."""
    held = _held(person, day, text_role)
    if held is None and day is None and person.roles:
        held = max(person.roles, key=lambda role: role.start or dt.date.min)
    return held is not None and bool(held.body)


def found_in_text(registry: Registry, text: str) -> list[tuple[Person, str]]:
    """Known people `text` names by a full name or an alias of two words or more (whole
    words, case and accents aside), with the (folded) spelling first used, in order of
    first mention; a name after a word such as "avenue" or "Fondation" names a place or
    an institution, not the person."""
    words = _WORD.findall(fold_name(text))
    spellings = registry.full_spellings()
    found: dict[int, tuple[Person, str]] = {}
    not_people = _not_people_before()
    at = 0
    while at < len(words):
        for length in range(min(_LONGEST, len(words) - at), 1, -1):
            spelling = " ".join(words[at:at + length])
            person = spellings.get(spelling)
            if person is not None:
                if at == 0 or words[at - 1] not in not_people:
                    found.setdefault(id(person), (person, spelling))
                at += length - 1
                break
        at += 1
    return list(found.values())
