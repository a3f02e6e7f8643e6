"""Where an article points at a country: by name, variant, adjective or demonym.

Names come from CLDR (babel, through site_builder.countries); adjectives,
demonyms, compound prefixes ("algéro-belges") and extra variants come from
site_builder/data/countries.yaml, which the build reads too. Matching runs on accent-folded text whose
character positions equal the original's, so every mention keeps its place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml
from babel import Locale

from ..countries import all_country_names, country_code, country_data, country_name
from .dates import fold

# Names that are also first names or common places elsewhere: they count only when
# a preposition or article introduces them and no capitalised word follows.
_AMBIGUOUS = {"maurice", "dominique", "grenade", "jersey", "georgia", "jordan", "chad",
              "salvador", "man", "guernesey", "guernsey", "niue", "sainte-lucie", "saint-martin"}
_INTRODUCERS = {"la", "le", "l'", "au", "en", "du", "de", "d'", "a", "the", "in", "of", "ile", "l'ile"}
# Adjectives that also live inside place names ("océan Indien", "Indian Ocean").
_NOT_AFTER = {"ocean"}
_NOT_BEFORE = {"ocean"}
# "South American", "Latin American": a region, not the United States.
_AMERICAS = {"south", "north", "latin", "central"}
# Territories that are not sovereign states: on equal salience, states come first.
_TERRITORIES = {"EH", "PS", "XK", "TW", "HK", "MO", "GI", "GL", "PR", "NC", "PF", "RE", "GP",
                "MQ", "GF", "YT", "FK", "JE", "GG", "IM", "BM", "KY", "AW", "CW"}
_WEIGHT = {"name": 1.0, "adjective": 0.75, "capital": 1.0}
_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")


@dataclass(slots=True, frozen=True)
class CountryMention:
    """One place in the text that refers to a country."""

    code: str
    start: int
    end: int
    kind: str
    """"name" ("Algérie"), "adjective" ("algérien", "algéro-belges") or "capital" ("Alger");
    a capital never makes a tag, it only adds weight to a country named elsewhere."""


@dataclass(slots=True, frozen=True)
class _Lexicon:
    names: re.Pattern[str]
    acronyms: dict[str, str]
    adjectives: dict[str, str]
    shared_adjectives: dict[str, tuple[str, ...]]
    """Adjectives of several countries ("congolais"): resolved by the country the text names."""
    prefixes: dict[str, str]
    capitals: re.Pattern[str]
    capital_codes: dict[str, str]
    compound_adjectives: re.Pattern[str]
    """Adjectives of several words ("south african", "sri lankan")."""
    spellings: dict[str, str]
    """Folded name → the name as written, to check capitals ("la réunion" ≠ La Réunion)."""


def _demonym_data() -> dict[str, dict[str, list[str]]]:
    """The variants, adjectives, prefixes and capitals of every country, from the one
    place that knows country names (site_builder/data/countries.yaml). Its `labels`
    (front matter only: too ambiguous in running text) are not read here."""
    return country_data()


@lru_cache(maxsize=1)
def institutions() -> dict[str, str]:
    """Folded institution phrase → ISO code ("département d'état" → US)."""
    text = resources.files(__package__).joinpath("institutions.yaml").read_text(encoding="utf-8")
    return {fold(key): code for key, code in yaml.safe_load(text).items()}


def french_inflections(adjective: str) -> list[str]:
    """algérien → algérien, algérienne, algériens, algériennes."""
    if adjective.endswith("e") or adjective.endswith("è") or adjective.endswith("é"):
        return [adjective, adjective + "s"]
    if adjective.endswith("en"):  # algérien, coréen, libyen: -enne
        return [adjective, adjective + "ne", adjective + "s", adjective + "nes"]
    if adjective.endswith(("s", "x")):
        return [adjective, adjective + "e", adjective + "es"]
    return [adjective, adjective + "e", adjective + "s", adjective + "es"]


def english_inflections(word: str) -> list[str]:
    if word.endswith(("an", "i", "er", "ite")):
        return [word, word + "s"]
    return [word]


@lru_cache(maxsize=4)
def _lexicon(language: str) -> tuple[_Lexicon, dict[str, str]]:
    """The matchers for one language, and folded name → ISO code."""
    names: dict[str, str] = {}
    spellings: dict[str, str] = {}
    acronyms: dict[str, str] = {}
    english = Locale("en").territories
    for french_name in all_country_names():
        code = country_code(french_name)
        if code is None:
            continue
        names[fold(french_name)] = code
        spellings[fold(french_name)] = french_name
        if language == "en" and code in english:
            names[fold(english[code])] = code
            spellings[fold(english[code])] = english[code]
    adjectives: dict[str, str] = {}
    shared: dict[str, list[str]] = {}
    prefixes: dict[str, str] = {}
    capital_codes: dict[str, str] = {}
    for code, entry in _demonym_data().items():
        for name in entry.get("names", []):
            if name.replace(".", "").isupper():
                acronyms[name] = code
            else:
                names[fold(name)] = code
                spellings[fold(name)] = name
        for adjective in entry.get("fr", []):
            for form in french_inflections(fold(adjective)):
                shared.setdefault(form, []).append(code)
        for word in entry.get("en", []):
            for form in english_inflections(fold(word)):
                shared.setdefault(form, []).append(code)
        for prefix in entry.get("prefix", []):
            prefixes[fold(prefix)] = code
        for capital in entry.get("capital", []):
            capital_codes[fold(capital)] = code
    for form, codes in shared.items():
        if len(set(codes)) == 1:
            adjectives[form] = codes[0]
    shared_adjectives = {form: tuple(dict.fromkeys(codes)) for form, codes in shared.items()
                         if len(set(codes)) > 1}
    compounds = [form for form in adjectives if " " in form] or ["(?!)"]
    lexicon = _Lexicon(_alternation(names), acronyms, adjectives, shared_adjectives, prefixes,
                       _alternation(capital_codes), capital_codes, _alternation(compounds),
                       spellings)
    return lexicon, names


def _alternation(words) -> re.Pattern[str]:
    """One regex for many folded names, longest first, spaces and hyphens alike."""
    alternatives = sorted(words, key=len, reverse=True)
    body = "|".join(re.escape(word).replace(r"\ ", r"[\s-]").replace(r"\-", r"[\s-]")
                    for word in alternatives)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)")


def find_mentions(
    text: str, language: str, person_spans: list[tuple[int, int]] = ()
) -> list[CountryMention]:
    """Every country mention in text, in order; none inside a person's name."""
    lexicon, names = _lexicon("en" if language == "en" else "fr")
    folded = fold(text)
    named = [*_name_mentions(text, folded, lexicon, names), *_acronym_mentions(text, lexicon)]
    mentions = [
        *named,
        *_adjective_mentions(folded, lexicon),
        *_shared_adjective_mentions(folded, lexicon, {m.code for m in named}),
        *_capital_mentions(text, folded, lexicon),
    ]
    mentions = [m for m in mentions if not _inside(m, person_spans)]
    return sorted(mentions, key=lambda mention: mention.start)


def _name_mentions(text, folded, lexicon: _Lexicon, names: dict[str, str]):
    for match in lexicon.names.finditer(folded):
        key = match.group(0)
        key = key if key in names else _respell(key, names)
        code = names.get(key)
        if code is None or not _capitalised_like(text[match.start() : match.end()],
                                                 lexicon.spellings.get(key, "")):
            continue
        if _names_a_body_of_water(folded, match.start()):
            continue
        if key in _AMBIGUOUS and not _plainly_a_country(text, folded, match):
            continue
        yield CountryMention(code, match.start(), match.end(), "name")


def _capital_mentions(text, folded, lexicon: _Lexicon):
    for match in lexicon.capitals.finditer(folded):
        code = lexicon.capital_codes.get(match.group(0))
        if code and text[match.start()].isupper():
            yield CountryMention(code, match.start(), match.end(), "capital")


def _capitalised_like(written: str, name: str) -> bool:
    """Every word the country's name capitalises is capitalised in the text too."""
    written_words = re.split(r"[\s-]+", written)
    name_words = re.split(r"[\s-]+", name)
    if not written[:1].isupper():
        return False
    return all(w[:1].isupper() for w, n in zip(written_words, name_words) if n[:1].isupper())


_WATER = re.compile(r"(?:detroit|golfe|mer|canal|baie|ocean|strait|gulf|sea|bay|lac|lake)"
                    r"\s+(?:de\s+la\s+|de\s+l'|du\s+|de\s+|d'|of\s+the\s+|of\s+)?$")


def _names_a_body_of_water(folded: str, start: int) -> bool:
    """'détroit de Gibraltar', 'golfe de Guinée' are seas, not countries."""
    return bool(_WATER.search(folded[max(0, start - 30) : start]))


def _respell(key: str, names: dict[str, str]) -> str:
    """'etats unis' written without its hyphen → the listed 'etats-unis'."""
    squashed = re.sub(r"[\s-]", "", key)
    for name in names:
        if re.sub(r"[\s-]", "", name) == squashed:
            return name
    return key


def _plainly_a_country(text: str, folded: str, match: re.Match[str]) -> bool:
    before = folded[: match.start()].split()
    after = text[match.end() :].split()
    introduced = bool(before) and before[-1] in _INTRODUCERS
    followed_by_name = bool(after) and after[0][:1].isupper()
    return introduced and not followed_by_name


def _acronym_mentions(text: str, lexicon: _Lexicon):
    for acronym, code in lexicon.acronyms.items():
        for match in re.finditer(rf"(?<![\w.]){re.escape(acronym)}(?![\w])", text):
            yield CountryMention(code, match.start(), match.end(), "name")


def _adjective_mentions(folded: str, lexicon: _Lexicon):
    compound_spans = []
    for match in lexicon.compound_adjectives.finditer(folded):
        code = lexicon.adjectives.get(re.sub(r"[\s-]+", " ", match.group(0)))
        if code:
            compound_spans.append((match.start(), match.end()))
            yield CountryMention(code, match.start(), match.end(), "adjective")
    for match in _WORD.finditer(folded):
        if any(a <= match.start() < b for a, b in compound_spans):
            continue
        codes = _adjective_codes(match.group(0), lexicon)
        if not codes or _names_a_region(folded, match):
            continue
        for code in codes:
            yield CountryMention(code, match.start(), match.end(), "adjective")


def _shared_adjective_mentions(folded: str, lexicon: _Lexicon, named: set[str]):
    """'congolais' is Congo-Kinshasa in an article about the RDC, Congo-Brazzaville in one
    about Brazzaville's Congo, and nothing when the article names neither."""
    for match in _WORD.finditer(folded):
        codes = [code for code in lexicon.shared_adjectives.get(match.group(0), ()) if code in named]
        if len(codes) == 1:
            yield CountryMention(codes[0], match.start(), match.end(), "adjective")


def _adjective_codes(word: str, lexicon: _Lexicon) -> list[str]:
    """'algero-belges' → [DZ, BE]; 'intermalienne' → [ML]; unknown parts → []."""
    word = word.replace("'", "-")
    if word in lexicon.adjectives:
        return [lexicon.adjectives[word]]
    parts = word.split("-")
    if len(parts) == 1:
        for prefix in ("inter", "intra"):
            if word.startswith(prefix) and word[len(prefix) :] in lexicon.adjectives:
                return [lexicon.adjectives[word[len(prefix) :]]]
        return []
    codes: list[str] = []
    for index, part in enumerate(parts):
        if index < len(parts) - 1 and part in lexicon.prefixes:
            codes.append(lexicon.prefixes[part])
        elif index == len(parts) - 1 and part in lexicon.adjectives:
            codes.append(lexicon.adjectives[part])
        elif part in ("inter", "intra", "l", "d") and index == 0:
            continue
        else:
            return []  # "latino-américain" is not about the United States
    return codes


def _names_a_region(folded: str, match: re.Match[str]) -> bool:
    before = folded[: match.start()].split()[-1:]
    after = folded[match.end() :].split()[:1]
    if before and before[0] in _AMERICAS and match.group(0).startswith("americ"):
        return True
    return bool(before and before[0] in _NOT_AFTER) or bool(after and after[0] in _NOT_BEFORE)


def is_country_word(word: str) -> bool:
    """True for a country name or adjective: 'Maroc', 'algérien', 'Belgian'."""
    folded = fold(word)
    for language in ("fr", "en"):
        lexicon, names = _lexicon(language)
        if folded in names or folded in lexicon.adjectives or folded in lexicon.shared_adjectives \
                or word in lexicon.acronyms:
            return True
    return False


def is_capital(words: str) -> bool:
    """True for a capital city's name: 'Abu Dhabi', 'Alger', 'Nouakchott'."""
    folded = fold(words)
    return any(folded in _lexicon(language)[0].capital_codes for language in ("fr", "en"))


def is_shared_adjective(word: str) -> bool:
    """'congolais': an adjective of more than one country."""
    folded = fold(word)
    return any(folded in _lexicon(language)[0].shared_adjectives for language in ("fr", "en"))


def _inside(mention: CountryMention, spans) -> bool:
    return any(start <= mention.start and mention.end <= end for start, end in spans)


def ranked_countries(mentions: list[CountryMention], title_mentions: list[CountryMention]) -> list[str]:
    """French CLDR names, most talked-about first (title mentions weigh more)."""
    scores = country_scores(mentions, title_mentions)
    return [country_name(code) for code in scores]


def country_scores(mentions: list[CountryMention],
                   title_mentions: list[CountryMention]) -> dict[str, float]:
    """ISO code → salience, highest first; capitals only add to countries named elsewhere."""
    tagged = {mention.code for mention in [*mentions, *title_mentions] if mention.kind != "capital"}
    score: dict[str, float] = {}
    first: dict[str, int] = {}
    for mention in title_mentions:
        if mention.code in tagged:
            score[mention.code] = score.get(mention.code, 0) + 3
            first.setdefault(mention.code, -1)
    for mention in mentions:
        if mention.code in tagged:
            score[mention.code] = score.get(mention.code, 0) + _WEIGHT[mention.kind]
            first.setdefault(mention.code, mention.start)
    ordered = sorted(score, key=lambda code: (-score[code], code in _TERRITORIES, first[code]))
    return {code: score[code] for code in ordered}
