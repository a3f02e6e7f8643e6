"""The organisations an article names (the UN, the African Union, ECOWAS …), each as
one label, from the list in ../data/organisations.yaml and spaCy's entities.

Conservative by design: only organisations of the list are found. Full names match
whatever their case and accents; acronyms only as written, as whole words, and not in
lines written in capitals (headings). An acronym that may mean something else (one or
two letters, or listed under `confirm`) counts only when spaCy finds it as an
organisation, or the article also writes one of the organisation's full names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from .dates import fold

DATA = "organisations.yaml"
MAX_ORGANISATIONS = 12
# Characters either side of an acronym that tell a line written in capitals.
_CONTEXT = 25


@dataclass(frozen=True, slots=True)
class Organisation:
    label: str
    names: tuple[str, ...]
    """Folded full names."""
    acronyms: tuple[str, ...]
    confirm: frozenset[str]
    """Acronyms that count only when confirmed."""


class OrganisationsError(Exception):
    """The organisations file is malformed; the message is one `path:line: message`."""


@lru_cache(maxsize=1)
def organisations() -> tuple[Organisation, ...]:
    text = resources.files("site_builder").joinpath("data", DATA).read_text(encoding="utf-8")
    return parse_organisations(text, f"site_builder/data/{DATA}")


def parse_organisations(text: str, shown: str) -> tuple[Organisation, ...]:
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    data = yaml.safe_load(text)
    if not isinstance(data, list) or not isinstance(node, yaml.SequenceNode):
        raise OrganisationsError(f"{shown}:1: expected a list of organisations")
    found = []
    for item, entry in zip(node.value, data):
        line = item.start_mark.line + 1
        if not isinstance(entry, dict) or not isinstance(entry.get("label"), str):
            raise OrganisationsError(f"{shown}:{line}: each organisation needs a 'label'")
        unknown = set(entry) - {"label", "names", "acronyms", "confirm"}
        if unknown:
            raise OrganisationsError(f"{shown}:{line}: unknown key {sorted(unknown)[0]!r}")
        lists = {key: entry.get(key) or [] for key in ("names", "acronyms", "confirm")}
        if not all(isinstance(value, list) and all(isinstance(v, str) for v in value) for value in lists.values()):
            raise OrganisationsError(f"{shown}:{line}: names, acronyms and confirm must be lists of text")
        names = tuple(dict.fromkeys(fold(name) for name in [entry["label"], *lists["names"]] if not name.isupper()))
        acronyms = tuple(dict.fromkeys([*lists["acronyms"], *(n for n in [entry["label"]] if n.isupper())]))
        confirm = frozenset(lists["confirm"]) | {acronym for acronym in acronyms if len(acronym) <= 2}
        found.append(Organisation(entry["label"], names, acronyms, confirm))
    return tuple(found)


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, Organisation], dict[str, Organisation]]:
    """One pattern for every folded name, one for every acronym; what each stands for."""
    by_name = {name: org for org in organisations() for name in org.names}
    by_acronym = {acronym: org for org in organisations() for acronym in org.acronyms}
    names = sorted(by_name, key=len, reverse=True)  # the longest first: 'conseil de securite …' before 'onu'
    acronyms = sorted(by_acronym, key=len, reverse=True)
    name_pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w-])")
    acronym_pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, acronyms)) + r")(?![\w])")
    return name_pattern, acronym_pattern, by_name, by_acronym


def _apostrophes(text: str) -> str:
    return text.replace("’", "'")


def find_organisations(text: str, org_entities: list[str] = ()) -> list[str]:
    """The labels of the organisations `text` names, first named first.

    `org_entities`: the texts of spaCy's ORG entities, which confirm short acronyms."""
    text = _apostrophes(text)
    name_pattern, acronym_pattern, by_name, by_acronym = _patterns()
    first: dict[str, int] = {}
    named: set[str] = set()
    for match in name_pattern.finditer(fold(text)):
        org = by_name[match.group()]
        named.add(org.label)
        first[org.label] = min(first.get(org.label, match.start()), match.start())
    confirmed = {_apostrophes(entity).strip() for entity in org_entities}
    confirmed |= {entity.split("'", 1)[1] for entity in confirmed if "'" in entity}  # « l'ONU »
    for match in acronym_pattern.finditer(text):
        acronym = match.group()
        org = by_acronym[acronym]
        if _in_capitals(text, match.start(), match.end()):
            continue
        if acronym in org.confirm and acronym not in confirmed and org.label not in named:
            continue
        first[org.label] = min(first.get(org.label, match.start()), match.start())
    return sorted(first, key=first.__getitem__)[:MAX_ORGANISATIONS]


def _in_capitals(text: str, start: int, end: int) -> bool:
    """Whether the words around an acronym are written in capitals too (a heading)."""
    around = text[max(0, start - _CONTEXT) : start] + text[end : end + _CONTEXT]
    letters = [char for char in around if char.isalpha()]
    return len(letters) >= 6 and sum(char.isupper() for char in letters) > 0.8 * len(letters)


def is_organisation(name: str) -> bool:
    """Whether a name (say, one taken for a person's) is an organisation of the list."""
    _, _, by_name, by_acronym = _patterns()
    clean = _apostrophes(" ".join(name.split()))
    return fold(clean) in by_name or clean in by_acronym or any(fold(clean) == fold(org.label) for org in organisations())
