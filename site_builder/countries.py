"""Country names: the French CLDR names (babel) and the variants that mean them.

One place decides what a country label means, for the build (front matter
validation) and for ingest (tagging) alike.
"""

from __future__ import annotations

import difflib
from functools import lru_cache

from babel import Locale
from .slugs import match_key

# CLDR "territories" that are groupings or placeholders, not countries.
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"}

# Common ways of writing a country that CLDR's French and English names miss.
# Keys are compared after folding case and accents (see `_key`).
_EXTRA_ALIASES: dict[str, str] = {
    "USA": "US",
    "US": "US",
    "U.S.": "US",
    "U.S.A.": "US",
    "EU": "",  # the European Union is not a country; listed so it never fuzzy-matches
    "États-Unis d'Amérique": "US",
    "Etats Unis d'Amerique": "US",
    "America": "US",
    "UK": "GB",
    "U.K.": "GB",
    "Grande-Bretagne": "GB",
    "Great Britain": "GB",
    "Angleterre": "GB",
    "Britain": "GB",
    "Palestine": "PS",
    "État de Palestine": "PS",
    "Territoires palestiniens occupés": "PS",
    "RDC": "CD",
    "RD Congo": "CD",
    "République démocratique du Congo": "CD",
    "Democratic Republic of the Congo": "CD",
    "DRC": "CD",
    "République du Congo": "CG",
    "Congo": "CG",
    "Birmanie": "MM",
    "Myanmar": "MM",
    "Burma": "MM",
    "Côte d'Ivoire": "CI",
    "Cote d'Ivoire": "CI",
    "Ivory Coast": "CI",
    "Russie": "RU",
    "Fédération de Russie": "RU",
    "Russian Federation": "RU",
    "Syrie": "SY",
    "République arabe syrienne": "SY",
    "Iran": "IR",
    "République islamique d'Iran": "IR",
    "Corée du Sud": "KR",
    "South Korea": "KR",
    "République de Corée": "KR",
    "Corée du Nord": "KP",
    "North Korea": "KP",
    "RPDC": "KP",
    "Chine": "CN",
    "République populaire de Chine": "CN",
    "Taiwan": "TW",
    "Émirats": "AE",
    "EAU": "AE",
    "UAE": "AE",
    "Émirats arabes unis": "AE",
    "Pays-Bas": "NL",
    "Hollande": "NL",
    "Netherlands": "NL",
    "Tchéquie": "CZ",
    "République tchèque": "CZ",
    "Czech Republic": "CZ",
    "Macédoine": "MK",
    "Macédoine du Nord": "MK",
    "Vatican": "VA",
    "Saint-Siège": "VA",
    "Sahara Occidental": "EH",
    "Western Sahara": "EH",
    "Turquie": "TR",
    "Türkiye": "TR",
    "Turkey": "TR",
    "Cap-Vert": "CV",
    "Cabo Verde": "CV",
    "Eswatini": "SZ",
    "Swaziland": "SZ",
    "Timor oriental": "TL",
    "East Timor": "TL",
    "Laos": "LA",
    "Viet Nam": "VN",
    "Vietnam": "VN",
    "Bolivie": "BO",
    "Venezuela": "VE",
    "Moldavie": "MD",
    "Tanzanie": "TZ",
    "Kosovo": "XK",
    "Gaza": "PS",
    "Cisjordanie": "PS",
}


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
    """Folded label → ISO code, from French and English CLDR names plus extras."""
    names = _french_names()
    index: dict[str, str] = {}
    english = Locale("en").territories
    for code in names:
        if code in english:
            index[_key(english[code])] = code
    for label, code in _EXTRA_ALIASES.items():
        index[_key(label)] = code
    for code, name in names.items():
        index[_key(name)] = code
    # Drop the entries kept only to block fuzzy matches.
    return {key: code for key, code in index.items() if code}


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
