"""Country names: the French CLDR names (babel) and the variants that mean them.

One place decides what a country label means, for the build (front matter
validation) and for ingest (tagging) alike: this module, with its data in
data/countries.yaml (variants, adjectives, compound prefixes, capitals).
"""

from __future__ import annotations

import difflib
from functools import lru_cache
from importlib import resources

import yaml
from babel import Locale
from .slugs import match_key

# CLDR "territories" that are groupings or placeholders, not countries.
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"}

DATA = "countries.yaml"


@lru_cache(maxsize=1)
def country_data() -> dict[str, dict[str, list[str]]]:
    """ISO code → its names, labels, adjectives, prefixes and capitals (data/countries.yaml)."""
    text = resources.files(__package__).joinpath("data", DATA).read_text(encoding="utf-8")
    return yaml.load(text, Loader=yaml.CSafeLoader)  # libyaml: read by every command, 10x faster


@lru_cache(maxsize=65536)
def _key(label: str) -> str:
    """Fold case, accents, apostrophes and punctuation: 'Etats-Unis' == 'États-Unis'."""
    return match_key(label)


@lru_cache(maxsize=None)
def _french_names() -> dict[str, str]:
    """ISO code → French CLDR name, for every real country or territory."""
    territories = Locale("fr").territories
    return {
        code: name
        for code, name in territories.items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    }


@lru_cache(maxsize=None)
def _alias_index() -> dict[str, str]:
    """Folded label → ISO code, from French and English CLDR names, and the names and
    labels of data/countries.yaml."""
    names = _french_names()
    index: dict[str, str] = {}
    english = Locale("en").territories
    for code in names:
        if code in english:
            index[_key(english[code])] = code
    for code, entry in country_data().items():
        for label in [*entry.get("names", []), *entry.get("labels", [])]:
            index[_key(label)] = code
    for code, name in names.items():
        index[_key(name)] = code
    return index


def country_code(label: str) -> str | None:
    """The ISO 3166 code a label means, or None if it is no known country."""
    text = label.strip()
    if len(text) == 2:
        # Only an upper-case code ('FR', 'US'): 'et', 'la', 'de' are words, not countries.
        if not text.isupper():
            return None
        return text if text in _french_names() else _alias_index().get(_key(text))
    return _alias_index().get(_key(label))


def country_name(code: str) -> str:
    """The French CLDR name of an ISO code."""
    return _french_names()[code]


def canonical_country(label: str) -> str | None:
    """The French CLDR name a label means ('USA' → 'États-Unis'), or None."""
    code = country_code(label)
    return country_name(code) if code else None


def all_country_names() -> list[str]:
    """Every French country name, sorted."""
    return sorted(_french_names().values())


def closest_country(label: str) -> str | None:
    """The known French country name that looks most like an unknown label."""
    names = {_key(name): name for name in _french_names().values()}
    matches = difflib.get_close_matches(_key(label), list(names), n=1, cutoff=0.8)
    return names[matches[0]] if matches else None
