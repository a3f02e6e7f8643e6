"""People who act in a story: full name, role as the text words it, country.

spaCy's French model finds most names (PER entities); rules add the ones it
misses (after an honorific or a title: "M. Senouci Bereksi", "l'ambassadrice
Aubin") and read roles from the appositions news writing uses:
"le porte-parole du département d'État, Matthew Miller", "Matthew Miller,
porte-parole du département d'État,", "la sous-secrétaire américaine à la
Défense Jennifer Zakriski". Later surname-only mentions merge into the full name.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import resources

import yaml
from spacy.tokens import Doc, Span, Token

from ..countries import country_name
from ..model.frontmatter import Actor
from .dates import fold, fold_word
from .places import CountryMention, find_mentions, institutions, is_capital, is_country_word, is_shared_adjective

HONORIFICS = {"m.", "mme", "mmes", "mm.", "mlle", "mr", "mr.", "mrs", "mrs.", "ms", "ms.",
              "dr", "dr.", "pr", "pr.", "me", "sir", "dame", "m", "mm", "lord", "lady", "sayyed",
              "monsieur", "madame", "mademoiselle", "messieurs", "mesdames"}
_DETERMINERS = {"le", "la", "l'", "les", "the", "a", "an", "son", "sa", "ses", "leur", "its",
                "his", "her", "their", "un", "une", "ce", "cette", "notamment"}
# The nouns that head a role. Multi-word heads are matched first.
_HEADS = """
président présidente vice-président vice-présidente ministre sous-ministre secrétaire
sous-secrétaire porte-parole ambassadeur ambassadrice consul consule chargé chargée
général générale colonel lieutenant-colonel commandant capitaine amiral maréchal chef cheffe
directeur directrice conseiller conseillère représentant représentante envoyé envoyée
émissaire médiateur médiatrice commissaire député députée sénateur sénatrice maire
gouverneur gouverneure wali roi reine prince princesse émir cheikh souverain monarque
chancelier chancelière pdg patron patronne dirigeant dirigeante homologue responsable
coordinateur coordinatrice rapporteur rapporteure procureur procureure juge avocat avocate
expert experte analyste chercheur chercheuse professeur professeure politologue
journaliste militant militante opposant opposante candidat candidate fondateur fondatrice
délégué déléguée pape patriarche imam évêque archevêque cardinal président-directeur
premier-ministre administrateur administratrice haut-commissaire directeur-général
président-fondateur leader successeur prédécesseur épouse époux veuve inspecteur inspectrice historien historienne écrivain écrivaine
économiste sociologue universitaire diplomate spécialiste politiste géopolitologue cheffe
secrétaire-général secretary-general foreign-minister premier counterpart
president vice-president minister secretary spokesman spokeswoman spokesperson ambassador
envoy general admiral commander chief head director adviser advisor representative
commissioner senator congressman congresswoman governor mayor king queen emir chancellor
analyst professor researcher official chairman chairwoman chair ceo undersecretary
under-secretary lieutenant colonel sheikh crown-prince speaker captain aide peer
successor predecessor wife husband widow
""".split()
_MULTIWORD_HEADS = [
    ("chargé", "d'", "affaires"), ("chargée", "d'", "affaires"), ("chef", "d'", "état-major"),
    ("chef", "de", "la", "diplomatie"), ("premier", "ministre"), ("première", "ministre"),
    ("prime", "minister"), ("secretary", "of", "state"), ("haut", "représentant"),
    ("haute", "représentante"), ("high", "representative"), ("secrétaire", "d'", "état"),
    ("homme", "d'", "affaires"), ("femme", "d'", "affaires"), ("home", "secretary"),
    ("chef", "de", "l'", "état"), ("chef", "du", "gouvernement"), ("crown", "prince"),
    ("prince", "héritier"),
]
_PREMODIFIERS = {"haut", "haute", "premier", "première", "ancien", "ancienne", "ex", "nouveau",
                 "nouvelle", "vice", "futur", "future", "actuel", "actuelle", "deputy", "acting",
                 "former", "senior", "foreign", "defense", "defence", "interior", "finance",
                 "prime", "top", "chief", "army", "us", "u.s.", "junta", "military", "transitional", "interim",
                 "ousted", "deposed", "déchu", "déchue", "renversé", "renversée", "défunt", "défunte", "late"}
# Bare military ranks: a fuller role just before ("commandant de l'AFRICOM, le général") wins.
_RANKS = {"général", "générale", "colonel", "amiral", "capitaine", "commandant", "general",
          "admiral", "lieutenant", "maréchal", "prince", "princesse", "cheikh", "sheikh", "captain"}
# Offices whose holder belongs to the country the sentence is about.
_NATIONAL_OFFICES = {fold(word) for word in (
    "président", "présidente", "premier", "première", "roi", "reine", "émir", "chef", "cheffe",
    "général", "ministre", "president", "king", "queen", "emir", "prime", "minister",
    "monarque", "souverain", "prince", "colonel", "amiral", "ambassadeur", "ambassadrice",
    "homologue", "counterpart", "secretary", "premier", "gouverneur", "governor", "junta", "head",
    "leader", "chief", "captain", "capitaine", "commandant", "lieutenant")}
_FEMININE = {"ambassadeur": "ambassadrice", "directeur": "directrice", "président": "présidente",
             "conseiller": "conseillère", "représentant": "représentante", "sénateur": "sénatrice",
             "chancelier": "chancelière", "envoyé": "envoyée", "délégué": "déléguée",
             "chargé": "chargée", "médiateur": "médiatrice", "coordinateur": "coordinatrice"}
_NAME_PARTICLES = {"de", "du", "des", "le", "la", "ben", "bin", "ibn", "el", "al", "von", "van",
                   "der", "den", "di", "da", "dos", "ould", "abou", "bou", "ter", "mac", "bint"}
# Words that make a capitalised sequence an organisation or a place, not a person.
_NOT_NAME_WORDS = set(fold(word) for word in """
union nations unies conseil ministère département affaires défense état états front sahara
armée république gouvernement commission organisation banque fonds parti assemblée cour
tribunal agence service centre office forces force garde police mission accord sommet
conférence ligue golfe mer océan nord sud est ouest proche-orient moyen-orient maghreb sahel
afrique europe asie amérique post times news press journal daily tribune gazette herald
reuters afp aps bloomberg facebook twitter lundi mardi mercredi jeudi vendredi samedi
dimanche monday tuesday wednesday thursday friday saturday sunday janvier février mars avril
mai juin juillet août septembre octobre novembre décembre january february march april may
june july august september october november december palais maison blanche white house
département department ministry council university université institut institute
fondation foundation groupe group compagnie company société croissant rouge cross
action extérieure communiqué rappelons lire aussi selon d'après intérim nationale national
committee comité relations senate sénat congress congrès parliament parlement chamber chambre
administration authority autorité board programme program forum alliance coalition movement
mouvement command commandement army foreign affairs eye principles
standards trust corridor energy énergie petroleum oil gas holding holdings airways airlines
pipeline gazoduc project projet
abroad community communauté étranger images photo photos crisis crise charte charter humanitarian
humanitaire excellence excellences excellency excellencies majesté majesty altesse highness his her
their our its republic cooperation coopération expatriates expatriés monument statue mausolée mosquée cathédrale drone drones aéroport airport stade stadium
""".split())
_STOP_TEXT = {";", ":", "(", ")", "«", "»", "\"", "“", "”", ".", "!", "?", "—", "–", "\n"}
# Roles in international bodies carry no country of their own.
_INTERNATIONAL = re.compile(
    r"\b(?:onu|nations unies|un|united nations|ue|union europeenne|european|europeen|europeenne|"
    r"commission|otan|nato|fmi|imf|banque mondiale|world bank|omc|wto|oms|who|cedeao|ecowas|"
    r"union africaine|african union|ua|au|ligue arabe|arab league|international|internationale|"
    r"mondial|mondiale|global|unesco|unicef|hcr|unhcr|pam|cicr|icrc|osce|opep|opec)\b"
)
_SENTENCE_BREAK = re.compile(r"[.!?…]\s*[»\"”]?\s+(?=[A-ZÀ-Ý«])")
_PLACE_PREPOSITIONS = {"in", "at", "to", "from", "into", "near", "à", "a", "en", "au", "aux",
                       "dans", "vers", "depuis", "près", "pres", "sur", "par", "pour"}
_ENGLISH_GLUE = {"of", "for", "the", "and", "on", "in", "to", "at", "'s"}
# Words that cannot open an English apposition: "X, with Captain Y now in power".
_ENGLISH_NOT_ROLE = {"who", "said", "says", "with", "in", "at", "on", "for", "from", "after", "before",
                     "while", "as", "to", "by", "and", "but", "which", "whose", "whom", "now", "then"}


@dataclass(slots=True)
class _Mention:
    tokens: list[str]
    start: int
    """Token index of the name's first token."""
    end: int
    role: str = ""
    role_start: int = -1
    role_end: int = -1
    role_head: str = ""
    person: int = -1


@dataclass(slots=True)
class _Person:
    tokens: list[str]
    mentions: list[_Mention] = field(default_factory=list)


def find_actors(doc: Doc, mentions: list[CountryMention], language: str,
                dominant: str = "", overwhelming: str = "") -> list[Actor]:
    """Every person acting in the story, in order of first mention, once each.

    dominant: the country the article is plainly about, for office holders
    ("le président X") whose sentence names no country; overwhelming: the one it
    is all about (a domestic story), for everyone else without an international role.
    """
    return actors_with_evidence(doc, mentions, language, dominant, overwhelming)[0]


def actors_with_evidence(doc: Doc, mentions: list[CountryMention], language: str,
                         dominant: str = "", overwhelming: str = "") -> tuple[list[Actor], dict[int, str]]:
    """The actors, and for each (by index) the kind of evidence its country rests on:
    "role" (the person's own office names it), "before" (a nationality just before the
    office), "sentence", "dominant", "overwhelming" (guesses from the sentence or the
    article), or the later passes' "coordinated", "pair", "host", "counterpart"."""
    names = _cached_name_mentions(doc, language)
    for mention in names:
        _read_role(doc, mention, names, language)
    _name_the_unnamed_office(doc, names, language)
    people = _merge(names, doc)
    evidence: dict[int, str] = {}
    home = _home_country(_text(doc), mentions)
    actors = [_actor(doc, person, names, mentions, language, dominant, overwhelming, evidence, home)
              for person in people]
    named = [m for m in mentions if m.kind != "capital"]
    _inherit_coordinated_countries(doc, people, actors, evidence)
    _pair_counterparts(doc, people, actors, named, evidence)
    _tell_hosts_from_guests(doc, people, actors, named, language, evidence)
    _counterparts_differ(doc, people, actors, named, language, evidence)
    return actors, evidence


def name_spans(doc: Doc, language: str) -> list[tuple[int, int]]:
    """Character spans of every person's name, so 'Jordan Bardella' tags no country."""
    return [(doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1]))
            for m in _cached_name_mentions(doc, language) if len(m.tokens) >= 2]


def _cached_name_mentions(doc: Doc, language: str) -> list[_Mention]:
    """Name mentions are found once per doc: country tagging and actors both need them."""
    key = f"ingest_names_{language}"
    if key not in doc.user_data:
        doc.user_data[key] = _name_mentions(doc, language)
    return [replace(mention) for mention in doc.user_data[key]]


# --------------------------------------------------------------------------- names


def _name_mentions(doc: Doc, language: str) -> list[_Mention]:
    found: list[_Mention] = []
    for ent in doc.ents:
        if ent.label_ == "PER":
            found.extend(_clean_entity(doc, ent))
    for token in doc:
        if _is_honorific(token) or _head_at(doc, token.i) is not None:
            after = token.i + (_head_length(doc, token.i) if not _is_honorific(token) else 1)
            found.extend(_names_from(doc, after))
    found.extend(_names_after_roles(doc, language))
    found = [_without_leading_place(doc, _without_portfolio(doc, mention)) for mention in found]
    found.sort(key=lambda mention: (mention.start, -(mention.end - mention.start)))
    kept = [mention for mention in _drop_overlaps(found) if not _not_a_person(doc, mention)]
    return _split_run_together(doc, kept)


def _split_run_together(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """'a expliqué Ursula von der Leyen Giorgia Meloni': a run of words that is two full
    names the article writes elsewhere, one after the other, is two people."""
    known = {tuple(fold(t) for t in m.tokens) for m in mentions if len(m.tokens) >= 2}
    result = []
    for mention in mentions:
        result.extend(_halves(doc, mention, known) if len(mention.tokens) >= 4 else [mention])
    return result


def _halves(doc: Doc, mention: _Mention, known: set[tuple[str, ...]]) -> list[_Mention]:
    for index in range(mention.start + 2, mention.end - 1):
        left, right = _name_words(doc, mention.start, index), _name_words(doc, index, mention.end)
        if tuple(fold(t) for t in left) in known and tuple(fold(t) for t in right) in known:
            return [_Mention(left, mention.start, index), _Mention(right, index, mention.end)]
    return [mention]


@lru_cache(maxsize=1)
def _person_phrases() -> dict[str, frozenset[str]]:
    """person_phrases.yaml, each list folded."""
    text = resources.files(__package__).joinpath("person_phrases.yaml").read_text(encoding="utf-8")
    return {key: frozenset(fold(str(item)) for item in items) for key, items in yaml.safe_load(text).items()}


def _not_a_person(doc: Doc, mention: _Mention) -> bool:
    """A place's or a machine's name ("l'aéroport Félix Houphouët-Boigny"), a photo credit
    ("AFP/Jean Dupont"), the article's byline ("Avec notre correspondant, Jean Dupont") or
    page furniture ("Read More")."""
    phrases = _person_phrases()
    if fold(" ".join(mention.tokens)) in phrases["not_people"]:
        return True
    before = mention.start - 1
    while before >= 0 and doc[before].text in {":", "("}:
        before -= 1
    if before >= 0 and fold(doc[before].text) in phrases["credit_markers"]:
        return True
    before = mention.start - 1
    while before >= 0 and mention.start - before <= 2 and doc[before].pos_ == "ADJ" and doc[before].is_lower:
        before -= 1  # "l'aéroport international Félix Houphouët-Boigny"
    if before >= 0 and fold(doc[before].text) in phrases["place_nouns"]:
        return True
    text = _text(doc)
    line_start = text.rfind("\n", 0, doc[mention.start].idx) + 1
    sentence_start = max(line_start, _sentence(doc, mention.start).start_char)
    opening = fold(text[sentence_start : doc[mention.start].idx].lstrip())
    return any(opening.startswith(opener) for opener in phrases["byline_openers"]) \
        or _byline_line(doc, mention, line_start)


def _byline_line(doc: Doc, mention: _Mention, line_start: int) -> bool:
    """The name is on a short line without a verb that opens with "Par", "By",
    "Reporting by"…: the article's byline."""
    text = _text(doc)
    line_end = text.find("\n", line_start)
    line_end = len(text) if line_end < 0 else line_end
    if line_end - line_start > 100:
        return False
    line = text[line_start:line_end].strip()
    folded = fold(line)
    if not any(folded.startswith(opener + " ") and line[len(opener) + 1 : len(opener) + 2].isupper()
               for opener in _person_phrases()["byline_lines"]):
        return False
    tokens = [t for t in doc if line_start <= t.idx < line_end]
    return not any(t.pos_ in {"VERB", "AUX"} and "Fin" in t.morph.get("VerbForm") for t in tokens)


_OF = {"de", "du", "des", "d'", "d’"}


def _without_portfolio(doc: Doc, mention: _Mention) -> _Mention:
    """'ministre de la Santé Karim Belhadj': the portfolio's word is not the name's first."""
    if len(mention.tokens) < 3 or _portfolio_of(doc, mention.start) is None:
        return mention
    return _Mention(mention.tokens[1:], mention.start + 1, mention.end)


def _portfolio_of(doc: Doc, start: int) -> int | None:
    """When the token at `start` is a portfolio ('Santé' after 'ministre de la', or after
    ', de la' in a list of ministers), the index of its preposition."""
    index = start - 1
    while index >= 0 and doc[index].lower_ in {"la", "le", "l'", "l’", "les"}:
        index -= 1
    if index >= 1 and doc[index].lower_ in {"à", "au", "aux"} and _is_head_word(doc[index - 1]):
        return index  # "ministre délégué à l'Intérieur Cherki Drais"
    if index < 1 or doc[index].lower_ not in _OF:
        return None
    before = doc[index - 1]
    if _is_head_word(before) or fold(before.text) in {"ministere", "ministeres"} or before.text == "," \
            or before.lower_ in {"et", "and"}:
        return index
    return None


def _names_after_roles(doc: Doc, language: str) -> list[_Mention]:
    """Names the model missed but a role announces: 'le gouverneur de la Banque centrale,
    Marouane Abassi,' or 'le vice-ministre de la Défense Iounous-Bek Evkourov'."""
    mentions = []
    index = 0
    while index < len(doc):
        end = index
        while end < len(doc) and _name_token(doc, end):
            end += 1
        if end == index:
            index += 1
            continue
        start = index
        while start < end and (not _valid_name(_name_words(doc, start, end))
                               or doc[start].pos_ in {"ADP", "CCONJ", "SCONJ", "ADV", "PRON"}
                               or end - start > 2 and _portfolio_of(doc, start) is not None):
            start += 1  # "ministre délégué à l'Intérieur Cherki Drais": not "Intérieur Cherki"
        if end - start >= 2 and (_announced_by_role(doc, start, language)
                                 or _followed_by_role(doc, start, end, language)):
            mentions.append(_Mention(_name_words(doc, start, end), start, end))
        index = end
    return mentions


def _announced_by_role(doc: Doc, start: int, language: str) -> bool:
    end = start
    while end > 0 and (doc[end - 1].text == "," or _is_honorific(doc[end - 1])
                       or doc[end - 1].lower_ in _DETERMINERS):
        end -= 1
    if end == 0 or doc[end - 1].lower_ in _PLACE_PREPOSITIONS:
        return False  # "in Tel Aviv", "à Addis-Abeba": a place, not a person
    if _before_nationality(doc, end) != end:
        return True  # "le Soudanais, Omar El Bechir"
    run_start = _run_start(doc, end, [], language)
    return _rightmost_head(doc, run_start, end) is not None


def _followed_by_role(doc: Doc, start: int, end: int, language: str) -> bool:
    """'annonçait Tété Antonio, le ministre angolais des Affaires étrangères': a role in
    apposition after a capitalised run makes it a name (not after a preposition of place:
    "À Tizi Ouzou, le ministre")."""
    if start > 0 and doc[start - 1].lower_ in _PLACE_PREPOSITIONS:
        return False
    return _right_role(doc, _Mention(_name_words(doc, start, end), start, end), language) is not None


def _clean_entity(doc: Doc, ent: Span) -> list[_Mention]:
    """Strip honorifics and titles NER leaves in, split "A et B"."""
    start = ent.start
    while start < ent.end and (_is_honorific(doc[start]) or _is_head_word(doc[start])
                               or doc[start].lower_ in _DETERMINERS or _demonym_word(doc[start].text)):
        start += 1  # "le Malien Oumar Diarra": the nationality is not the first name
    if start == ent.start:
        start = _name_start_before(doc, start)
    pieces, current = [], []
    for token in doc[start : ent.end]:
        if token.lower_ in {"et", "and", ","} or _spaced_dash(token):
            pieces.append(current)
            current = []
        else:
            current.append(token)
    pieces.append(current)
    mentions = []
    for piece in pieces:
        if not piece:
            continue
        start, end = piece[0].i, piece[-1].i + 1
        while end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ \
                and doc[end + 1].text[:1].isupper():
            end += 2  # "Okonjo" "-" "Iweala": NER stops at the hyphen
        if end + 2 < len(doc) and doc[end].lower_ in {"al", "el"} and doc[end + 1].text == "-" \
                and not doc[end].whitespace_ and doc[end + 2].text[:1].isupper():
            end += 3  # "Abdel Fattah" "Al" "-" "Sissi"
        tokens = _name_words(doc, start, end)
        if _valid_name(tokens):
            mentions.append(_Mention(tokens, start, end))
    return mentions


def _name_start_before(doc: Doc, start: int) -> int:
    """'Fouad Ali El Himma' where NER found 'Ali El Himma': one first name just before an
    entity, tagged a proper noun and part of no other entity, joins it; not after an
    article or another capitalised word ("the Middle East Amos Hochstein")."""
    if start == 0:
        return start
    token = doc[start - 1]
    if token.pos_ != "PROPN" or token.ent_type_ or not _name_token(doc, start - 1) \
            or not _valid_name([token.text]) or _is_honorific(token) or _demonym_word(token.text):
        return start
    before = doc[start - 2] if start >= 2 else None
    if before is not None and (before.lower_ in _DETERMINERS or before.text[:1].isupper() and before.is_alpha):
        return start
    return start - 1


def _without_leading_place(doc: Doc, mention: _Mention) -> _Mention:
    """'du Burkina Faso Ibrahim Traoré': a country or a capital written just before a
    name is not part of it (two words of name at least must remain)."""
    start, end = mention.start, mention.end
    for length in (3, 2, 1):
        words = doc[start : start + length].text
        if end - (start + length) >= 2 and (is_country_word(words) or _is_capital(words)):
            return _Mention(_name_words(doc, start + length, end), start + length, end)
    return mention


def _is_capital(words: str) -> bool:
    """A capital however its words are joined ("Addis Abeba", "Addis-Abeba")."""
    return is_capital(words) or is_capital(words.replace(" ", "-"))


def _spaced_dash(token: Token) -> bool:
    """The dash of "AFP/Jean Dupont - Khalifa Haftar": two names, not one hyphenated."""
    return token.text in {"-", "–", "—"} and token.i > 0 and bool(token.doc[token.i - 1].whitespace_) \
        and bool(token.whitespace_)


def _name_words(doc: Doc, start: int, end: int) -> list[str]:
    """The words of a name as written: hyphenated parts stay one word; a possessive's
    apostrophe ("Tebboune'") is not part of it."""
    words = doc[start:end].text.replace(" - ", "-").split()
    return [word.rstrip("'’") or word for word in words]


def _names_from(doc: Doc, index: int) -> list[_Mention]:
    """Capitalised name(s) starting at index: "Abdelhamid Senouci Bereksi et Dirk Achten"."""
    mentions = []
    while index < len(doc):
        end = index
        while end < len(doc) and _name_token(doc, end) and end - index < 5:
            end += 1
        tokens = _name_words(doc, index, end) if end > index else []
        if not tokens or not _valid_name(tokens):
            break
        mentions.append(_Mention(tokens, index, end))
        if end + 1 < len(doc) and doc[end].lower_ in {"et", "and"}:
            index = end + 1
            if index < len(doc) and _is_honorific(doc[index]):
                index += 1
            continue
        break
    return mentions


def _name_token(doc: Doc, index: int) -> bool:
    text = doc[index].text
    if text == "-" and index > 0 and not doc[index - 1].whitespace_ and index + 1 < len(doc):
        return doc[index + 1].text[:1].isupper()  # Amir-Abdollahian, al-Burhane
    if text.lower() in {"al", "el"} and index + 1 < len(doc) and doc[index + 1].text == "-":
        return True
    if text[:1].isupper() and text.lower() not in HONORIFICS and text.isalpha() | ("-" in text):
        if len(text) > 1 and text.isupper() and not _roman(text):
            return _surname_in_capitals(doc, index)
        return True
    if text.lower() in _NAME_PARTICLES and index + 1 < len(doc):
        following = doc[index + 1].text
        if following.lower() in _NAME_PARTICLES and index + 2 < len(doc):
            following = doc[index + 2].text  # "von der Leyen", "de la Cruz"
        return following[:1].isupper()
    if "-" in text and text.split("-")[-1][:1].isupper():  # al-Sissi
        return True
    return _roman(text)


def _surname_in_capitals(doc: Doc, index: int) -> bool:
    """'Selma MANSOURI': a word in capitals after a first name is a surname (alone, or
    first, a word in capitals is an acronym)."""
    before = doc[index - 1].text if index > 0 else ""
    return len(doc[index].text) > 2 and before[:1].isupper() and not before.isupper() and before.isalpha()


def _roman(text: str) -> bool:
    return bool(re.fullmatch(r"[IVX]{1,4}", text))


def _valid_name(tokens: list[str]) -> bool:
    if not tokens or tokens[-1].lower() in _NAME_PARTICLES or tokens[0].lower() in _NAME_PARTICLES:
        return False
    if len([t for t in tokens if t.lower() not in _NAME_PARTICLES]) > 6 or is_country_word(" ".join(tokens)) \
            or _is_capital(" ".join(tokens)) or len(tokens) > 1 and _is_capital(tokens[-1]):
        return False  # "Addis Abeba", "Congo Brazzaville": places
    for token in tokens:
        folded = fold(token)
        if folded in _NOT_NAME_WORDS or is_country_word(token) and not (
                token is tokens[0] and len(tokens) > 1 and folded in _person_phrases()["given_names_like_countries"]):
            return False
        if _head_key(token) in _HEAD_SET and (token is tokens[0] or _head_key(token) not in _NAME_HEADS):
            return False  # "Président X" is not a name; "Macky Cheikh Sall" may be
        if not re.search(r"[^\W\d_]", token) or len(token) == 1:
            return False  # "À Tizi Ouzou": a lone letter is no word of a name
        if not token[:1].isupper() and folded not in _NAME_PARTICLES and not re.match(r"(?:al|el)-", folded):
            return False  # "who did not", "within weeks": not names
    return True


def _drop_overlaps(mentions: list[_Mention]) -> list[_Mention]:
    kept: list[_Mention] = []
    for mention in mentions:
        if kept and mention.start < kept[-1].end:
            if mention.end - mention.start > kept[-1].end - kept[-1].start:
                kept[-1] = mention
            continue
        kept.append(mention)
    return kept


# Honorifics and military ranks written abbreviated ("M.", "Lt. Col."), taken with their dot.
_ABBREVIATED = {"m", "mm", "lt", "col", "gen", "capt", "maj", "brig", "sgt", "cdt"}


def _is_honorific(token: Token) -> bool:
    text = token.lower_
    if text in _ABBREVIATED:
        return token.i + 1 < len(token.doc) and token.nbor(1).text == "."
    if text.endswith(".") and text[:-1] in _ABBREVIATED:
        return True
    return text in HONORIFICS and text not in {"me"} or (text == "me" and token.text == "Me")


# --------------------------------------------------------------------------- roles

_HEAD_SET = {fold(head) for head in _HEADS}
# Titles that are also parts of names ("Mohamed Ould Cheikh El Ghazouani").
_NAME_HEADS = {"cheikh", "sheikh", "prince", "emir"}
_fold_word = fold_word
_FOLDED_MULTIWORD_HEADS: dict[str, list[tuple[str, ...]]] = {}
for _words in _MULTIWORD_HEADS:
    _FOLDED_MULTIWORD_HEADS.setdefault(fold(_words[0]), []).append(tuple(fold(w) for w in _words))


def _is_head_word(token: Token) -> bool:
    return _head_key(token.text) in _HEAD_SET


def _head_key(text: str) -> str:
    """Folded and singular: 'Secrétaires' → 'secretaire', 'généraux' → 'general'."""
    folded = _fold_word(text)
    if folded in _HEAD_SET:
        return folded
    for prefix in ("vice-", "sous-", "ex-", "co-", "deputy-"):
        if folded.startswith(prefix) and folded[len(prefix):] in _HEAD_SET:
            return folded[len(prefix):]
    if folded.endswith("aux") and folded[:-3] + "al" in _HEAD_SET:
        return folded[:-3] + "al"
    if folded.endswith(("s", "x")) and folded[:-1] in _HEAD_SET:
        return folded[:-1]
    return folded


def _head_at(doc: Doc, index: int) -> tuple[int, int] | None:
    """(start, end) of a role head starting at index, multi-word heads first."""
    first = _fold_word(doc[index].text)
    for words in _FOLDED_MULTIWORD_HEADS.get(first, ()):
        end = index + len(words)
        if end <= len(doc) and all(_fold_word(doc[index + k].text) == word
                                   for k, word in enumerate(words)):
            return index, end
    if _is_head_word(doc[index]):
        if first in {"premier", "premiere"} and index + 1 < len(doc) and doc[index + 1].text[:1].islower():
            return None  # "premier déplacement": an ordinal; "Premier Li Qiang" is an office
        return index, index + 1
    return None


def _head_length(doc: Doc, index: int) -> int:
    head = _head_at(doc, index)
    return head[1] - head[0] if head else 1


def _read_role(doc: Doc, mention: _Mention, names: list[_Mention], language: str) -> None:
    left = _left_role(doc, mention, names, language)
    right = _right_role(doc, mention, language)
    if left and right and fold(left[2]) in _RANKS and left[1] - left[0] == 1:
        left = None  # "le général X, chef de la junte,": the office says more than the rank
    if left and _role_of_the_name_before(doc, left, names):
        left = None
    if right and _role_of_the_name_after(doc, right, mention, names):
        right = None
    right = right or _coordinated_apposition(doc, mention, names, language)
    role = left or right or _shared_role(doc, mention, names) or _named_as(doc, mention) \
        or _copula_role(doc, mention)
    if role:
        mention.role_start, mention.role_end, mention.role_head = role
        mention.role = doc[role[0] : role[1]].text
    else:
        _listed_portfolio(doc, mention, names)


def _role_of_the_name_before(doc: Doc, role: tuple[int, int, str], names: list[_Mention]) -> bool:
    """'A, conseiller du roi, B, président de la Chambre, C': in a list that opens with a
    name, a role between two names is the apposition of the name before it; in one that
    opens with a role ("le roi du Maroc, A, le président X, B") it introduces the next."""
    if role[1] >= len(doc) or doc[role[1]].text != ",":
        return False  # "A, le ministre B": a role written against the name is B's
    index = role[0] - 1
    while index >= 0 and doc[index].lower_ in _DETERMINERS | {"l’"}:
        index -= 1
    if index < 1 or doc[index].text != "," or not any(m.end == index for m in names):
        return False
    return _list_opens_with_name(doc, index, names)


def _role_of_the_name_after(doc: Doc, role: tuple[int, int, str], mention: _Mention,
                            names: list[_Mention]) -> bool:
    """'le Sud-Africain A, le roi du Maroc, B': the list opens with what describes A, so
    the role between the two names introduces B."""
    after = role[1]
    if after >= len(doc) or doc[after].text != ",":
        return False
    if not any(m.start == after + 1 for m in names):
        return False
    return not _list_opens_with_name(doc, mention.end, names)


def _list_opens_with_name(doc: Doc, comma: int, names: list[_Mention]) -> bool:
    """Walking back from the comma at `comma` over a list of names and roles joined by
    commas (or "et"): True when its first item is a bare name, not a role or a name
    described before it ("le Sud-Africain A", "le président A")."""
    by_end = {m.end: m for m in names}
    index, opens_with_name = comma, True
    for _ in range(40):
        mention = by_end.get(index)
        if mention is not None:
            start = mention.start
            while start > 0 and (_is_honorific(doc[start - 1]) or doc[start - 1].text == "."):
                start -= 1
            described = mention.role and mention.role_end <= mention.start and \
                not (mention.role_end < mention.start and doc[mention.role_end].text == ",")
            if _before_nationality(doc, start) != start or described:
                return False
            item_start, opens_with_name = start, True
        else:
            run = _run_start(doc, index, names, "fr")
            if run == index or _rightmost_head(doc, run, index) is None:
                break
            item_start, opens_with_name = run, False
        before = item_start - 1
        while before >= 0 and doc[before].lower_ in _DETERMINERS | {"l’"}:
            before -= 1
        if before < 1 or doc[before].text != "," and doc[before].lower_ not in {"et", "and"}:
            break
        index = before
    return opens_with_name


def _coordinated_apposition(doc: Doc, mention: _Mention, names: list[_Mention],
                            language: str) -> tuple[int, int, str] | None:
    """'A et B, conseillers du roi,': a plural role after two coordinated names is A's too."""
    index = mention.end
    if index >= len(doc) or doc[index].lower_ not in {"et", "and"}:
        return None
    following = next((m for m in names if m.start in {index + 1, index + 2}), None)
    if following is None:
        return None
    role = _right_role(doc, following, language)
    head = next((_head_at(doc, i) for i in range(role[0], role[1]) if _head_at(doc, i)), None) if role else None
    return role if head and _plural_head(doc, head) else None


def _listed_portfolio(doc: Doc, mention: _Mention, names: list[_Mention]) -> None:
    """'les ministres de l'Intérieur X, de la Santé Y et des Finances Z': Y is the
    ministre de la Santé, Z the ministre des Finances."""
    portfolio = mention.start - 1
    if portfolio < 0 or not doc[portfolio].text[:1].isupper():
        return
    preposition = _portfolio_of(doc, portfolio)
    if preposition is None or doc[preposition - 1].text not in {",", "et", "and"}:
        return
    earlier = [m for m in names if m.end <= preposition - 1 and m.role
               and _sentence(doc, m.start).start == _sentence(doc, mention.start).start]
    plural = [m for m in earlier if _fold_word(m.role_head) != _head_key(m.role_head)]
    if not plural:
        return  # only a plural office ("les ministres") is shared out this way
    head = plural[-1].role_head
    mention.role_start, mention.role_end, mention.role_head = preposition, mention.start, _singular_word(head)
    mention.role = f"{_singular_word(head)} {doc[preposition : mention.start].text}"


def _left_role(doc: Doc, mention: _Mention, names, language) -> tuple[int, int, str] | None:
    end = mention.start
    while end > 0 and (_is_honorific(doc[end - 1]) or doc[end - 1].text in {",", "."}
                       and _is_honorific_before(doc, end - 1) or doc[end - 1].text == ","):
        end -= 1
    while end > 0 and doc[end - 1].lower_ in _DETERMINERS:
        end -= 1
    if end > 0 and doc[end - 1].lower_ in _COORDINATORS:
        return None  # "X, chargé du Maghreb, et Y": what comes before "et" is X's
    end = _before_nationality(doc, end)
    run_start = _run_start(doc, end, names, language)
    head = _rightmost_head(doc, run_start, end)
    if head is None:
        return None
    # "l'envoyé personnel du secrétaire général de l'ONU, X" is the envoy; but in
    # "un envoyé du général X", X is the general: chains only hold across a comma.
    apposed = end < mention.start and doc[end].text == ","
    if apposed and _plural_head(doc, head) and not _coordinated(doc, mention):
        return None  # "the leaders of the junta, X, an aide to the president": X is not one of them
    if apposed and _after_preposition(doc, run_start) and not _apposition_closed(doc, mention):
        return None  # "avec le ministre turc, X a salué": the role ends the clause before X
    start = _extend_chain(doc, run_start, head) if apposed else head[0]
    if doc[head[0]].lower_ in _RANKS and head[1] == end:
        fuller = _apposed_role(doc, start, names, language)
        if fuller:
            return fuller
        office = _rightmost_head(doc, run_start, head[0])
        if office and office[1] == head[0] and doc[office[0]].lower_ not in _RANKS:
            # "junta head Colonel X": the office is the role, the rank only a title.
            start, end, head = office[0], office[1], office
    return _with_premodifiers(doc, run_start, start, language), end, doc[head[0]].text


_COORDINATORS = {"et", "and", "ou", "or"}


def _before_nationality(doc: Doc, end: int) -> int:
    """'le président sortant de l'UA, l'Angolais Joao Lourenço': a nationality written as
    a noun between the role and the name is skipped (with its article and a comma)."""
    if end == 0 or not doc[end - 1].text[:1].isupper() or not _demonym_word(doc[end - 1].text):
        return end
    index = end - 1
    if index == 0 or doc[index - 1].lower_ not in _DETERMINERS | {"l’"}:
        return end
    index -= 1
    while index > 0 and doc[index - 1].text == ",":
        index -= 1
    return index


def _name_the_unnamed_office(doc: Doc, names: list[_Mention], language: str) -> None:
    """'Le ministre algérien des Affaires étrangères a entamé une visite … Il s'agit de la
    première sortie d'Ahmed Attaf': an office that opens a sentence without a name is the
    role of the first person the next sentence names, when nothing else gives them one."""
    sentences = _whole_sentences(doc) if "ingest_sentences" not in doc.user_data else doc.user_data["ingest_sentences"]
    for sentence, following in zip(sentences, sentences[1:]):
        named = [m for m in names if following.start <= m.start < following.end]
        office = _opening_office(doc, sentence, language)
        if office is None and named and _it_is(doc, following):
            office = _office_in(doc, sentence)  # "… un nouveau ministre des AE. Il s'agit d'X"
        if office is None or any(sentence.start <= m.start < sentence.end for m in names):
            continue
        if not named:
            continue
        first = named[0]
        if any(m.role for m in names if fold(m.tokens[-1]) == fold(first.tokens[-1])):
            continue
        first.role_start, first.role_end, first.role_head = office
        first.role = doc[office[0] : office[1]].text


def _it_is(doc: Doc, sentence: Span) -> bool:
    """The sentence names who an office just mentioned is: "Il s'agit de X"."""
    return bool(re.match(r"(?:il|elle) s['’]agit d", fold(sentence.text)))


def _office_in(doc: Doc, sentence: Span) -> tuple[int, int, str] | None:
    """The first office a sentence names (head and its complements)."""
    for index in range(sentence.start, sentence.end):
        head = _head_at(doc, index)
        if head and not _adjectival_general(doc, index) and fold(doc[index].text) not in _COUNTERPART:
            end = head[1]
            while end < sentence.end and end - head[0] < 14:
                token = doc[end]
                if token.text in _STOP_TEXT or token.text == "," or token.pos_ in {"VERB", "AUX"} \
                        and not _participle(token) or token.lower_ in {"depuis", "since"}:
                    break
                end += 1
            return head[0], end, doc[head[0]].text
    return None


def _opening_office(doc: Doc, sentence: Span, language: str) -> tuple[int, int, str] | None:
    """'Le ministre algérien des Affaires étrangères' opening a sentence as its subject."""
    index = sentence.start
    if index >= len(doc) or doc[index].lower_ not in {"le", "la", "l'", "l’", "the"}:
        return None
    head = _head_at(doc, index + 1)
    if head is None or fold(doc[head[0]].text) in _COUNTERPART:
        return None
    end = head[1]
    while end < sentence.end and end - head[0] < 14:
        token = doc[end]
        if token.text in _STOP_TEXT or token.text == "," or token.pos_ in {"VERB", "AUX"} and not _participle(token):
            break
        end += 1
    if end >= sentence.end or doc[end].pos_ not in {"VERB", "AUX"}:
        return None  # not the subject of a verb: "Le ministre, X, …" or a title
    return head[0], end, doc[head[0]].text


# "X was appointed as foreign minister", "X kept his job as energy minister", "X a été
# nommé ministre de la Santé": the office the sentence gives the person after the name.
_AS = {"as", "comme", "nommé", "nommée", "désigné", "désignée", "reconduit", "reconduite", "appointed",
       "named", "élu", "élue", "elected", "devient", "becomes", "became"}
_AS_GAP = {"was", "is", "has", "had", "been", "be", "will", "would", "remain", "remains", "kept", "keeps",
           "keep", "his", "her", "their", "its", "job", "post", "role", "position", "serve", "serves", "served",
           "a", "été", "est", "sera", "officially", "formally", "also", "then", "reste", "demeure", "au",
           "poste", "de", "d'", "d’", "newly", "re-appointed", "reappointed", "appointed", "named", "nommé",
           "nommée", "désigné", "désignée"}


def _named_as(doc: Doc, mention: _Mention) -> tuple[int, int, str] | None:
    index, gap = mention.end, 0
    while index < len(doc) and gap < 6 and fold(doc[index].text) not in {fold(w) for w in _AS}:
        if doc[index].lower_ not in _AS_GAP:
            return None
        index, gap = index + 1, gap + 1
    if index >= len(doc) or gap >= 6:
        return None
    index += 1
    while index < len(doc) and doc[index].lower_ in _AS_GAP | _DETERMINERS | {"as", "comme"}:
        index += 1
    return _office_within(doc, index, 4, lambda token: token.is_alpha and token.text not in _STOP_TEXT)


def _office_within(doc: Doc, start: int, words: int, may_precede) -> tuple[int, int, str] | None:
    """The office whose head is among the `words` tokens from `start`, each token before
    it passing `may_precede`: its span (portfolio included) and its head word."""
    for index in range(start, min(start + words, len(doc))):
        head = _head_at(doc, index)
        if head:
            return start, _complement_end(doc, head[1]), doc[head[0]].text
        if not may_precede(doc[index]):
            return None
    return None


_COPULA = {"est", "était", "is", "was", "devient", "became", "becomes"}
_COPULA_DETERMINERS = {"le", "la", "l'", "l’", "the", "un", "une", "a", "an"}


def _copula_role(doc: Doc, mention: _Mention) -> tuple[int, int, str] | None:
    """'X est le nouveau consul de Tunisie', 'X is the new foreign minister': an office
    right after the verb (a determiner and premodifiers only between them)."""
    index = mention.end
    if index >= len(doc) or doc[index].lower_ not in _COPULA:
        return None
    index += 1
    if index >= len(doc) or doc[index].lower_ not in _COPULA_DETERMINERS:
        return None
    index += 1
    return _office_within(doc, index, 3, _premodifies)


def _premodifies(token) -> bool:
    return token.lower_ in _PREMODIFIERS or token.lower_ in {"new", "current", "actuel", "actuelle"} \
        or _demonym_word(token.text)


def _complement_end(doc: Doc, end: int) -> int:
    """Past an office's portfolio: 'ministre| de la Santé', 'minister| of Foreign Affairs'."""
    index = end
    while index < len(doc) and doc[index].lower_ in {"de", "du", "des", "d'", "d’", "of", "for"}:
        probe = index + 1
        while probe < len(doc) and doc[probe].lower_ in {"la", "le", "l'", "l’", "les", "the"}:
            probe += 1
        if probe >= len(doc) or not doc[probe].text[:1].isupper():
            break
        probe += 1
        while probe < len(doc) and (doc[probe].text[:1].isupper() and doc[probe].is_alpha
                                    or doc[probe].pos_ == "ADJ" and doc[probe].is_lower):
            probe += 1
        index = probe
    return index


def _plural_head(doc: Doc, head: tuple[int, int]) -> bool:
    word = doc[head[1] - 1].text
    return _fold_word(word) != _head_key(word)


def _coordinated(doc: Doc, mention: _Mention) -> bool:
    """'MM. A et B', 'A and B': one of several people a plural role names."""
    before = mention.start - 1
    while before >= 0 and (_is_honorific(doc[before]) or doc[before].text == "."):
        before -= 1
    after = mention.end
    return (after < len(doc) and doc[after].lower_ in {"et", "and"}) or \
        (before >= 0 and doc[before].lower_ in {"et", "and"}) or \
        (before >= 0 and doc[before].lower_ in {"mm", "mm.", "mmes"})


_CLAUSE_PREPOSITIONS = {"avec", "with", "à", "a", "au", "aux", "par", "pour", "chez", "auprès", "envers",
                        "contre", "by", "to", "from", "against", "than", "que"}


def _after_preposition(doc: Doc, run_start: int) -> bool:
    """The role is a complement of what comes before it ('avec le ministre turc')."""
    index = run_start - 1
    while index >= 0 and doc[index].lower_ in _DETERMINERS:
        index -= 1
    return index >= 0 and doc[index].lower_ in _CLAUSE_PREPOSITIONS


def _apposition_closed(doc: Doc, mention: _Mention) -> bool:
    """A name in apposition inside a clause is closed by a comma, a conjunction or the end."""
    after = mention.end
    return after >= len(doc) or doc[after].text in {",", ".", ";", ")", "»", "”"} or \
        doc[after].lower_ in {"et", "and", "qui", "who"}


def _shared_role(doc: Doc, mention: _Mention, names: list[_Mention]) -> tuple[int, int, str] | None:
    """'MM. A et B': B shares the role written before A."""
    index = mention.start
    if index > 0 and _is_honorific(doc[index - 1]):
        index -= 1
    if index == 0 or doc[index - 1].lower_ not in {"et", "and"}:
        return None
    for other in names:
        if other.end == index - 1 and other.role:
            return other.role_start, other.role_end, other.role_head
    return None


def _is_honorific_before(doc: Doc, index: int) -> bool:
    return index > 0 and doc[index].text == "." and doc[index - 1].lower_ in _ABBREVIATED


def _run_start(doc: Doc, end: int, names, language) -> int:
    """How far left a role can reach: no verb, no other person, no sentence break."""
    name_tokens = {i for m in names if len(m.tokens) >= 2 for i in range(m.start, m.end)}
    index = end
    while index > 0 and end - index < 24:
        token = doc[index - 1]
        if token.text == "," and _portfolio_after(doc, index, end):
            index -= 1
            continue
        if token.text in _STOP_TEXT or token.text == "," or token.i in name_tokens:
            break
        if token.is_sent_start and index - 1 != 0 and not _is_head_word(token):
            index -= 1
            break
        if language != "en" and _finite_verb(doc, token):
            break
        if language == "en" and not (token.text[:1].isupper() or token.lower_ in _ENGLISH_GLUE
                                     or _is_head_word(token) or token.lower_ in _PREMODIFIERS
                                     or _possessive(doc, token.i) or _english_complement(doc, token)
                                     or token.text == "-" and not token.whitespace_):
            break
        index -= 1
    return index


def _english_complement(doc: Doc, token: Token) -> bool:
    """'head of Algerian diplomacy': a lower-case noun after "of" and a nationality."""
    return token.is_alpha and token.i >= 2 and _demonym_word(doc[token.i - 1].text) \
        and doc[token.i - 2].lower_ in {"of", "for"}


def _portfolio_after(doc: Doc, index: int, end: int) -> bool:
    """True when the words from `index` to `end`, just after a comma, name one more
    portfolio of the office before it ("ministre des Affaires étrangères, de la
    Communauté nationale à l'étranger et des Affaires africaines"): a preposition, then
    a capitalised institution, and no office of their own."""
    if index < end and _english_portfolios(doc, index, end):
        return True
    if index >= end or doc[index].lower_ not in {"de", "des", "du", "d'", "d’", "et"}:
        return False
    after = index + 1
    if after < end and doc[after].lower_ in {"la", "le", "l'", "l’", "les", "des"}:
        after += 1
    return after < end and doc[after].text[:1].isupper() and _rightmost_head(doc, index, end) is None


def _english_portfolios(doc: Doc, index: int, end: int) -> bool:
    """'Minister of Foreign Affairs, African Cooperation and Moroccan Expatriates': the
    last portfolios of a list, capitalised words ending with "and …", no office."""
    words = doc[index:end]
    return doc[index].text[:1].isupper() and any(t.lower_ == "and" for t in words) \
        and all(t.text[:1].isupper() or t.lower_ in {"and", "of", "the", "for"} for t in words) \
        and _rightmost_head(doc, index, end) is None


def _right_portfolio_end(doc: Doc, comma: int) -> int | None:
    """Where one more portfolio after the comma at `comma` ends ("ministre des Affaires
    étrangères, de la Coopération et des Mauritaniens de l'étranger,"), if one follows."""
    end = comma + 1
    while end < len(doc) and end - comma < 14 and doc[end].text != "," and doc[end].text not in _STOP_TEXT \
            and not (doc[end].pos_ in {"VERB", "AUX"} and _finite_verb(doc, doc[end])):
        end += 1
    return end if end > comma + 1 and _portfolio_after(doc, comma + 1, end) else None


def _finite_verb(doc: Doc, token: Token) -> bool:
    """A verb that ends a role's reach to the left. Not a word the tagger took for a verb
    right after a determiner: "à l'étranger" in "ministre des Affaires étrangères et de la
    Communauté nationale à l'étranger"."""
    if token.pos_ not in {"VERB", "AUX"} or _participle(token) or _is_head_word(token) \
            or _demonym_word(token.text):
        return False  # "le ministre espagnol": a nationality the tagger read as a verb
    # After an elided article ("à l’étranger", tagged l’/NOUN étranger/VERB) it is a noun.
    return not (token.i > 0 and (doc[token.i - 1].pos_ == "DET" or doc[token.i - 1].lower_ in {"l'", "l’"}))


def _participle(token: Token) -> bool:
    return "Part" in token.morph.get("VerbForm")


def _rightmost_head(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    for index in range(end - 1, start - 1, -1):
        head = _head_at(doc, index)
        if head and head[1] <= end and not _adjectival_general(doc, index) \
                and not _in_institution_name(doc, index, start):
            return head
    return None


def _in_institution_name(doc: Doc, index: int, start: int) -> bool:
    """'représentants' in 'président de la Chambre des représentants', 'ministres' in
    'Conseil des ministres': an office word in the name of a body, not a role's head."""
    return (index - 2 >= start and doc[index - 1].lower_ in {"des", "du", "de"}
            and fold(doc[index - 2].text) in _BODIES)


_BODIES = {"chambre", "conseil", "assemblee", "senat", "cour", "comite", "commission", "conference",
           "parlement", "congres", "college", "bureau", "union", "ligue", "association", "federation",
           "syndicat", "ordre", "corps", "conseils", "chambres", "cabinet"}


def _adjectival_general(doc: Doc, index: int) -> bool:
    """'secrétaire général', 'général major': only the first word heads the role."""
    word = _head_key(doc[index].text)
    before = index - 2 if index > 1 and doc[index - 1].text == "-" else index - 1  # "Secretary-General"
    return word in {"general", "generale", "major"} and before >= 0 and \
        _is_head_word(doc[before])


def _extend_chain(doc: Doc, run_start: int, head: tuple[int, int]) -> int:
    """'envoyé personnel du secrétaire général' starts at 'envoyé', not 'secrétaire'."""
    start = head[0]
    index = start - 1
    while index >= run_start and doc[index].lower_ in _DETERMINERS:
        index -= 1
    if index >= run_start and doc[index].lower_ in {"de", "du", "des", "d'", "d’", "of"}:
        probe = index - 1
        while probe >= run_start and (doc[probe].pos_ == "ADJ" or doc[probe].lower_ in _DETERMINERS):
            probe -= 1
        if probe >= run_start:
            earlier = _head_at(doc, probe)
            if earlier and not _adjectival_general(doc, probe):
                return _extend_chain(doc, run_start, earlier)
    return start


def _with_premodifiers(doc: Doc, run_start: int, start: int, language: str = "fr") -> int:
    """'Haute représentante', 'Algerian Foreign Minister', 'Kremlin spokesman'; not the
    capitalised 'The' that opens a sentence ("The army chief, General X,")."""
    while start > run_start and _premodifier(doc, start - 1, language):
        start -= 1
    if start > 0 and _possessive(doc, start) and doc[start - 1].is_alpha | doc[start - 1].text.endswith(("'", "’")):
        start -= 1  # "The ministry's spokesperson": the owner, not a dangling "s"
    return start


def _premodifier(doc: Doc, index: int, language: str) -> bool:
    token = doc[index]
    if token.lower_ in _DETERMINERS:
        return False
    return (token.lower_ in _PREMODIFIERS
            or _is_head_word(token)  # "ministre délégué"
            or _demonym_word(token.text)
            or language == "en" and (token.text[:1].isupper() or _possessive(doc, index)))


def _possessive(doc: Doc, index: int) -> bool:
    """The "'s" of "Pakistan's army chief", however the tokenizer cut it."""
    text = doc[index].text
    return text in {"'s", "’s"} or text == "s" and index > 0 and doc[index - 1].text.endswith(("'", "’"))


def _apposed_role(doc: Doc, rank_start: int, names, language) -> tuple[int, int, str] | None:
    """'le commandant de l'AFRICOM, le général X': the role before the comma."""
    index = rank_start
    while index > 0 and doc[index - 1].lower_ in _DETERMINERS:
        index -= 1
    if index == 0 or doc[index - 1].text != ",":
        return None
    end = index - 1
    run_start = _run_start(doc, end, names, language)
    head = _rightmost_head(doc, run_start, end)
    if head is None:
        return None
    start = _extend_chain(doc, run_start, head)
    return _with_premodifiers(doc, run_start, start, language), end, doc[head[0]].text


def _right_role(doc: Doc, mention: _Mention, language) -> tuple[int, int, str] | None:
    """'Matthew Miller, porte-parole du département d'État, a déclaré'."""
    index = mention.end
    if index >= len(doc) or doc[index].text != ",":
        return None
    index += 1
    while index < len(doc) and doc[index].lower_ in _DETERMINERS:
        index += 1
    start = index
    head = None
    while index < len(doc) and index - start < 5:
        head = _head_at(doc, index)
        if head:
            break
        token = doc[index]
        if not (token.text[:1].isupper() or token.lower_ in _PREMODIFIERS or token.text in {"'s", "’s"}
                or _demonym_word(token.text) or token.pos_ == "ADJ"
                or language == "en" and token.is_alpha and token.lower_ not in _ENGLISH_NOT_ROLE):
            return None
        index += 1
    if head is None:
        return None
    end = head[1]
    while end < len(doc) and end - start < 30:
        token = doc[end]
        if token.text == "," and end - start < 16:
            more = _right_portfolio_end(doc, end)
            if more is not None:
                end = more
                continue
        if token.text in _STOP_TEXT or token.text == "," or token.lower_ in {"qui", "who", "said"} \
                or end - start >= 16:
            break
        if token.ent_iob_ == "B" and token.ent_type_ == "PER" and _valid_name(_name_words(doc, end, _entity_end(doc, end))):
            if doc[end - 1].lower_ in _COORDINATORS:
                end -= 1  # "A, secrétaire d'État chargé du Maghreb et B, ambassadeur"
                break
            return None  # "A, le ministre Omar Ba a été reçu": the role is Omar Ba's
        if language != "en" and token.pos_ in {"VERB", "AUX"} and not _participle(token):
            break
        end += 1
    return start, end, doc[head[0]].text


def _entity_end(doc: Doc, start: int) -> int:
    end = start + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return end


@lru_cache(maxsize=1 << 14)
def _demonym_word(text: str) -> bool:
    return any(m.kind == "adjective" for m in find_mentions(text, "fr")) or \
        any(m.kind == "adjective" for m in find_mentions(text, "en"))


# --------------------------------------------------------------------------- people


def _merge(names: list[_Mention], doc: Doc | None = None) -> list[_Person]:
    """One person per full name; "Senouci Bereksi" and "Aubin" join their full names."""
    people: list[_Person] = []
    full_first = sorted(names, key=lambda mention: (-_words_spelled(mention.tokens), mention.start))
    for mention in full_first:
        person = _find_person(people, mention.tokens)
        if person is None and (len(mention.tokens) >= 2 or _titled_surname(mention)):
            person = _Person(mention.tokens)
            people.append(person)
        if person is not None:
            person.mentions.append(mention)
    for person in people:
        person.mentions.sort(key=lambda mention: mention.start)
        if len(person.tokens) == 1 and doc is not None:
            person.tokens = _full_name_in_text(doc, person.tokens)
    people.sort(key=lambda person: person.mentions[0].start)
    for number, person in enumerate(people):
        for mention in person.mentions:
            mention.person = number
    return people


def _full_name_in_text(doc: Doc, tokens: list[str]) -> list[str]:
    """'former president Bouteflika', where the text also writes 'his predecessor
    Abdelaziz Bouteflika' (a name the model missed): the full name."""
    surname = re.escape(tokens[0])
    for match in re.finditer(rf"((?:[A-ZÀ-Ý][\w’'-]+ ){{1,2}}){surname}\b", _text(doc)):
        given = match.group(1).split()
        while given and (not _valid_name(given) or _head_key(given[0]) in _HEAD_SET or fold(given[0]) in HONORIFICS):
            given = given[1:]
        if given and _valid_name([*given, tokens[0]]):
            return [*given, tokens[0]]
    return tokens


def _titled_surname(mention: _Mention) -> bool:
    """'le président Tebboune', 'former president Bouteflika': a surname an office
    announces names a person even when the article never gives the full name."""
    return bool(mention.role) and mention.role_end == mention.start and \
        fold(mention.role.split()[-1]) == fold(mention.role_head) and \
        fold(mention.role_head) not in _COUNTERPART and len(mention.tokens[0]) > 3


def _find_person(people: list[_Person], tokens: list[str]) -> _Person | None:
    """The person whose full name is, or ends with, these tokens; else the one whose full
    name is these tokens spelled another way ("Abdelmajid Tebboune" after "Abdelmadjid
    Tebboune"): the first spelling the article gives stays."""
    folded = [fold(t) for t in tokens]
    for person in people:
        full = [fold(t) for t in person.tokens]
        if full[-len(folded) :] == folded:
            return person
    if len(folded) >= 2 and _initial(tokens[0]):
        for person in people:  # "A. Akhannouch" after "Aziz Akhannouch"
            full = [fold(t) for t in person.tokens]
            if len(full) >= len(folded) and full[-len(folded) + 1 :] == folded[1:] \
                    and full[-len(folded)].startswith(folded[0][0]):
                return person
    if len(folded) < 2:
        return None
    return next((person for person in people if _spelled_alike(folded, [fold(t) for t in person.tokens])), None)


def _initial(word: str) -> bool:
    return bool(re.fullmatch(r"[A-ZÀ-Ý]\.", word))


def _words_spelled(tokens: list[str]) -> int:
    """How many words of a name are written out (an initial is not)."""
    return sum(not _initial(token) for token in tokens)


def _spelled_alike(one: list[str], other: list[str]) -> bool:
    """Two full names of as many words, one word the same and every other word nearly
    ("Khalifa Haftar" / "Jalifa Haftar", "Fayez al-Sarraj" / "Fayez al-Sirraj")."""
    if len(one) != len(other) or one == other:
        return False
    pairs = list(zip(one, other))
    return any(a == b for a, b in pairs) and \
        all(a == b or SequenceMatcher(None, a, b).ratio() >= 0.75 for a, b in pairs)


_SUCCESSION = {"successeur", "predecesseur", "successor", "predecessor"}


def _telling_role(with_role: list[_Mention]) -> _Mention:
    """The first mention whose role is an office: "his predecessor X … former president X"
    says more as "former president"."""
    return next((m for m in with_role if _head_key(m.role_head) not in _SUCCESSION), with_role[0])


def _actor(doc: Doc, person: _Person, names, countries, language, dominant: str,
           overwhelming: str, evidence: dict[int, str] | None = None, home: str = "") -> Actor:
    """The person as an actor; `evidence` records what its country rests on. `home`: the
    country a national agency's dateline or signature says the article is written from."""
    with_role = [m for m in person.mentions if m.role]
    role, country, kind = "", "", ""
    beside = _country_beside_name(doc, person, countries)
    if with_role:
        first = _telling_role(with_role)
        role, code = _split_role(doc, first, language)
        role = _feminine(role, first.role_head, [m.role_head for m in with_role])
        code = code or _adjective_in_span(doc, first, countries)
        country, kind = (country_name(code), "role") if code else ("", "")
        if not country:
            country, kind = _owners_country(doc, first, names, countries), "owner"
        if not country:
            country, kind = _country_just_before(doc, first, countries), "before"
        # "le président congolais": a foreigner whose country the text leaves open.
        international = bool(_INTERNATIONAL.search(fold(role))) or not country and _unresolved_nationality(role)
        national_office = any(_head_key(word) in _NATIONAL_OFFICES for word in role.split()[:3])
        ambiguous = False
        if not country and not international and national_office:
            country = _sentence_country(doc, first, names, countries)
            ambiguous = country is None  # the sentence's country may be anyone's: no guess
            kind = "sentence" if country else "dominant"
            if not country and home and fold(first.role_head) not in _COUNTERPART:
                country, kind = home, "home"  # "ALGER (APS) – Le président de la République, X"
            country = country or ("" if ambiguous else dominant)
        if not country and not international and not ambiguous:
            country, kind = _domestic(overwhelming, home), "overwhelming"  # the opposant, the candidat
    else:
        country, kind = _domestic(overwhelming, home), "overwhelming"  # named without an office
    if beside:
        country, kind = beside, "beside"
    if country and evidence is not None:
        evidence[person.mentions[0].person] = kind
    return Actor(name=" ".join(person.tokens), role=role, country=country)


_GUESSES = {"sentence", "dominant", "overwhelming", "home"}


def _domestic(overwhelming: str, home: str) -> str:
    """The country of a domestic story's people named without a national office: not when
    the article is written from another country ("CAIRO – … Source : MAP")."""
    return overwhelming if not home or home == overwhelming else ""


_DATELINE = re.compile(r"\s*([^\W\d_](?:[^\W\d_]|['’ .-]){1,28}?)\s*(?:,[^\n()–—:]{0,32}?)?\s*"
                       r"(?:\(([^()\n]{2,12})\))?\s*[-–—:]\s")


def _in_dateline(text: str, country: CountryMention) -> bool:
    """The city of a dateline ("ADDIS-ABEBA, 3 mars (TAP) –") says where the article is
    written from (`_home_country`), not where its sentence is set."""
    paragraph = text.rfind("\n\n", 0, country.start)
    paragraph = 0 if paragraph < 0 else paragraph + 2
    match = _DATELINE.match(text, paragraph)
    return bool(match) and country.kind == "capital" and country.end <= match.end(1)


def _home_country(text: str, countries: list[CountryMention]) -> str:
    """The country the article is written from, by a national news agency's signature or a
    dateline: "ALGER, 3 mars (APS) –", "Cairo – … Source : Agence Marocaine de Presse".
    The agency says more than the city (its reporters follow their leaders abroad)."""
    agencies = _agencies_in(text)
    dateline = ""
    for paragraph in text.split("\n\n")[:3]:
        offset = text.find(paragraph)
        match = _DATELINE.match(paragraph)
        if match:
            cities = [c for c in countries if c.kind == "capital"
                      and offset + match.start(1) <= c.start and c.end <= offset + match.end(1)]
            dateline = country_name(cities[0].code) if cities else ""
            if match.group(2):
                agencies |= _agencies_named(match.group(2), dateline)
            break
    if len(agencies) > 1:
        agencies = {code for code in agencies if country_name(code) == dateline}
    if len(agencies) == 1:
        return country_name(next(iter(agencies)))
    return dateline


@lru_cache(maxsize=1)
def _agency_table() -> tuple[dict[str, set[str]], dict[str, str]]:
    """country_evidence.yaml's agencies: acronym → codes, folded full name → code."""
    raw = yaml.safe_load(resources.files(__package__).joinpath("country_evidence.yaml").read_text(encoding="utf-8"))
    acronyms: dict[str, set[str]] = {}
    names: dict[str, str] = {}
    for agency in raw["agencies"]:
        for acronym in agency["acronyms"]:
            acronyms.setdefault(acronym, set()).add(agency["country"])
        for name in agency["names"]:
            names[fold(name)] = agency["country"]
    return acronyms, names


def _agencies_named(acronym: str, dateline: str) -> set[str]:
    codes = _agency_table()[0].get(acronym.strip(), set())
    return codes if len(codes) == 1 else {code for code in codes if country_name(code) == dateline}


def _agencies_in(text: str) -> set[str]:
    """The national agencies an article names as its source: '(MAP)', "l'agence APS",
    "Source : TAP", '© APS', or a full name anywhere."""
    acronyms, names = _agency_table()
    folded = fold(text)
    found = {code for name, code in names.items() if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", folded)}
    for acronym, codes in acronyms.items():
        pattern = (rf"\({acronym}\)|(?i:agence)\W+(?:[^\W\d_]+\W+){{0,4}}?{acronym}\b|"
                   rf"(?i:source)\s*:\s*{acronym}\b|©\s*{acronym}\b")
        if re.search(pattern, text):
            found |= codes
    return found


def _weak(evidence: dict[int, str], number: int) -> bool:
    """The person's country is only a guess from the sentence or the article."""
    return evidence.get(number) in _GUESSES


def _adjective_in_span(doc: Doc, mention: _Mention, countries: list[CountryMention]) -> str:
    """A nationality the whole article resolves ("congolais" where the RDC is named)."""
    start = doc[mention.role_start].idx
    end = doc[mention.role_end - 1].idx + len(doc[mention.role_end - 1])
    for country in countries:
        if country.kind == "adjective" and start <= country.start < end:
            return country.code
    return ""


def _unresolved_nationality(role: str) -> bool:
    """True when the role carries an adjective of several countries ("congolais")."""
    return any(is_shared_adjective(word) for word in re.findall(r"[^\W\d_]+", role))


def _inherit_coordinated_countries(doc: Doc, people: list[_Person], actors: list[Actor],
                                   evidence: dict[int, str]) -> None:
    """'Israeli Prime Minister X and Defense Minister Y': Y shares X's country (over a
    guess from the sentence: "Niger's junta leader X and the ousted President Y")."""
    owner = {m.end: i for i, p in enumerate(people) for m in p.mentions}
    for number, person in enumerate(people):
        if actors[number].country and not _weak(evidence, number):
            continue
        for mention in person.mentions:
            start = mention.role_start if mention.role and mention.role_end <= mention.start else mention.start
            index = start
            while index > 0 and (doc[index - 1].lower_ in _DETERMINERS or doc[index - 1].lower_ in _PREMODIFIERS):
                index -= 1
            if index >= 2 and doc[index - 1].lower_ in {"et", "and"} and owner.get(index - 1) is not None:
                other = owner[index - 1]
                if actors[other].country and (not _weak(evidence, other) or not actors[number].country):
                    actors[number] = replace(actors[number], country=actors[other].country)
                    evidence[number] = "coordinated"
                break


def _split_role(doc: Doc, mention: _Mention, language: str = "fr") -> tuple[str, str]:
    """The role as written minus the country adjective that only says whose it is, and the country.

    'sous-secrétaire américaine à la Défense' → ('sous-secrétaire à la Défense', US);
    'Algerian Foreign Minister' → ('Foreign Minister', DZ);
    'ambassadeur des États-Unis en Algérie' → (unchanged, US: the country after "des").
    """
    text = mention.role
    if _is_plural_role(list(doc[mention.role_start : mention.role_end])):
        text = _singular(list(doc[mention.role_start : mention.role_end]))
    code = _institution_country(text) or ""
    mentions = [m for m in find_mentions(text, language) if m.kind != "capital"]
    head_end = _head_end(text, mention.role_head)
    for found in mentions:
        if found.kind != "adjective":
            continue
        code = code or found.code
        at_start = not text[: found.start].strip()
        after_head = head_end is not None and not text[head_end : found.start].strip()
        if at_start or after_head:
            text = (text[: found.start] + text[found.end :]).replace("  ", " ")
            break
    code = code or _owner_country(text, mentions) or ""
    text = re.sub(r"^(?:[A-Z][\w.]*['’]s|U\.S\.|US|UN's)\s+", lambda m: "" if _owner_country(
        m.group(0), find_mentions(m.group(0), "en")) else m.group(0), text)
    return text.strip(" ,"), code


def _head_end(text: str, head: str) -> int | None:
    match = re.search(re.escape(head), text)
    return match.end() if match else None


def _owner_country(text: str, mentions: list[CountryMention]) -> str | None:
    """'ambassadeur des États-Unis en Algérie' → US: a country after de/des/du, or "X's"."""
    for found in mentions:
        if found.kind != "name":
            continue
        if not text[: found.start].strip():
            return found.code  # "US Secretary of State"
        before = fold(text[: found.start]).split()
        if before and before[-1] in {"la", "the"}:
            before = before[:-1]  # "président de la Côte d'Ivoire", "President of the Gambia"
        before = before[-1:]
        if before and (before[0] in {"de", "des", "du", "of", "l'"} or before[0].endswith("d'")):
            return found.code
        if text[found.end : found.end + 2] in {"'s", "’s"}:
            return found.code
    return None


def _institution_country(role: str) -> str | None:
    folded = fold(role)
    for phrase, code in institutions().items():
        if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", folded):
            return code
    return None


def _is_plural_role(tokens: list[Token]) -> bool:
    heads = [t for t in tokens if _is_head_word(t)]
    return bool(heads) and "Plur" in heads[0].morph.get("Number") and heads[0].lower_.endswith(("s", "x"))


def _singular(tokens: list[Token]) -> str:
    """'secrétaires généraux' → 'secrétaire général' (the head and its adjectives only)."""
    words, done = [], False
    for token in tokens:
        if not done and (token.pos_ in {"NOUN", "ADJ", "PROPN"} or _is_head_word(token)):
            words.append(_singular_word(token.text) + token.whitespace_)
        else:
            done = True
            words.append(token.text_with_ws)
    return "".join(words).strip()


def _singular_word(word: str) -> str:
    if word.endswith("aux") and len(word) > 4:
        return word[:-3] + "al"
    if word.endswith(("s", "x")) and len(word) > 3:
        return word[:-1]
    return word


def _feminine(role: str, head: str, heads: list[str]) -> str:
    """'ambassadeur ...' becomes 'ambassadrice ...' when the text later says 'l'ambassadrice'."""
    feminine = _FEMININE.get(head.lower())
    if feminine and any(h.lower() == feminine for h in heads) and role.lower().startswith(head.lower()):
        return feminine + role[len(head) :]
    return role


def _country_beside_name(doc: Doc, person: _Person, countries: list[CountryMention]) -> str:
    """The country a list prints beside a name: 'Alpha Condé (Guinée)', 'le Sud-Africain
    Jacob Zuma', 'l'Algérien, Abdelaziz Bouteflika'. Stronger than any office nearby."""
    text = _text(doc)
    for mention in person.mentions:
        start = doc[mention.start].idx
        end = doc[mention.end - 1].idx + len(doc[mention.end - 1])
        closing = re.match(r"\s*\(([^()]{2,40})\)", text[end:end + 44])
        if closing:
            inside = [c for c in countries if end + closing.start(1) <= c.start and c.end <= end + closing.end(1)]
            if len(inside) == 1 and not text[end + closing.start(1):inside[0].start].strip() \
                    and not text[inside[0].end:end + closing.end(1)].strip():
                return country_name(inside[0].code)
        for country in countries:
            if country.kind != "adjective" or not start - 3 <= country.end <= start:
                continue
            if text[country.end:start].strip() not in {"", ","}:
                continue
            article = fold(text[max(0, country.start - 5):country.start]).split()
            elided = re.match(r"l['’]", text[country.start:country.start + 2], re.I)
            if elided or article and (article[-1] in {"le", "la", "the"} or article[-1].endswith(("l'", "l’"))):
                return country_name(country.code)
    return ""


_POSSESSIVES = {"son", "sa", "ses", "leur", "leurs", "his", "her", "its", "their"}


def _owners_country(doc: Doc, mention: _Mention, names, countries) -> str:
    """'Le Premier ministre espagnol, accompagné de son ministre des Affaires étrangères X':
    an office the sentence gives someone else ('son ministre', 'his spokesman') serves the
    country of the last office before it that names one. Never a counterpart's."""
    if mention.role_end > mention.start and mention.role_start > mention.start:
        return ""  # a role after the name: "X, son conseiller, …" reads the same, but rarely
    index = mention.role_start - 1
    if index < 0 or doc[index].lower_ not in _POSSESSIVES or fold(mention.role_head) in _COUNTERPART:
        return ""
    sentence = _sentence(doc, mention.start)
    role_starts = {m.role_start: m for m in names if m.role and m.person != mention.person}
    for country in reversed(countries):
        if not doc[sentence.start].idx <= country.start < doc[index].idx:
            continue
        owner = next((m for start, m in role_starts.items()
                      if doc[start].idx <= country.start < doc[m.role_end - 1].idx + len(doc[m.role_end - 1])), None)
        if owner is not None or _in_other_office(doc, country.start, sentence):
            return country_name(country.code)
        return ""  # the country nearest before is not an office's: whose "son" is unclear
    return ""


def _country_just_before(doc: Doc, mention: _Mention, countries) -> str:
    """'côté algérien par l'historien X', 'la partie belge, représentée par le ministre X'."""
    start = mention.role_start
    window_start = doc[max(_sentence(doc, start).start, start - 4)].idx
    for country in reversed(countries):
        if country.kind == "adjective" and window_start <= country.start < doc[start].idx:
            return country_name(country.code)
    return ""


def _sentence_country(doc: Doc, mention: _Mention, names, countries) -> str | None:
    """The country (or capital) named last before the person in the sentence, when it is
    a place the sentence is set in ("Au Soudan, … le général X").

    Not a nationality the sentence attaches to something or someone else ("les forces
    françaises", "le président américain Donald Trump", "Algerian officials"), not where
    someone travels ("en visite en Mauritanie, le ministre X"), and not one of two
    countries named together ("entre le Maroc et la Mauritanie", "U.S.-Algerian"): None
    then, for "no guess at all, not even the article's country". Nothing after the
    person: "X a annoncé le retrait du Niger".
    """
    sentence = _sentence(doc, mention.start)
    person_start = doc[mention.start].idx
    text = _text(doc)
    taken = [(doc[m.role_start].idx, doc[m.role_end - 1].idx + len(doc[m.role_end - 1]))
             for m in names if m.role and m.person != mention.person]
    own = (doc[mention.role_start].idx, doc[mention.role_end - 1].idx + len(doc[mention.role_end - 1]))
    # spaCy sometimes runs two sentences together after a closing quote: stop at ". X".
    boundary = max((m.end() for m in _SENTENCE_BREAK.finditer(text, 0, person_start)
                    if not _abbreviation_before(text, m.start())), default=0)
    start = max(boundary, _context_start(doc, sentence))
    before = [c for c in countries if start <= c.start < person_start and not _in_dateline(text, c)
              and (c.kind != "adjective" or _place_adjective(text, c))
              and not any(a <= c.start < b for a, b in taken)
              and not (own[0] <= c.start < own[1]) and not _in_other_office(doc, c.start, sentence)]
    if not before:
        return ""
    chosen = before[-1]
    if _coordinated_country(text, chosen, countries):
        return None
    if _travelled_to(text, chosen.start) and not _foreign_traveller(doc, mention, names, chosen, sentence):
        return None
    return country_name(chosen.code)


def _foreign_traveller(doc: Doc, mention: _Mention, names, destination: CountryMention, sentence: Span) -> bool:
    """'Le président français X, lors de sa visite en Algérie, avec le président Y': someone
    named before the destination, whose own office names another country, is the one who
    travels; the person after it is the host, of the country travelled to."""
    for other in names:
        if other.person == mention.person or not other.role or not sentence.start <= other.start:
            continue
        if doc[other.start].idx >= destination.start:
            break
        code = _split_role(doc, other)[1]
        if code and code != destination.code:
            return True
    return False


@lru_cache(maxsize=1)
def _evidence_words() -> dict[str, frozenset[str]]:
    """country_evidence.yaml: the word lists country inference reads."""
    raw = yaml.safe_load(resources.files(__package__).joinpath("country_evidence.yaml").read_text(encoding="utf-8"))
    return {key: frozenset(fold(word) for word in raw[key]) for key in ("travel_words", "place_nouns")}


def _place_adjective(text: str, country: CountryMention) -> bool:
    """'the Malian capital', 'la capitale malienne': a nationality naming a place."""
    before = re.findall(r"[^\W\d_]+", fold(text[max(0, country.start - 20):country.start]))
    after = re.findall(r"[^\W\d_]+", fold(text[country.end:country.end + 20]))
    places = _evidence_words()["place_nouns"]
    return bool(before and before[-1] in places or after and after[0] in places)


def _travelled_to(text: str, start: int) -> bool:
    """The country at `start` is where someone goes: a travel word, then a preposition
    of place ("sa visite en Mauritanie", "en mission à Tunis", "arrived in Niamey")."""
    window = fold(text[max(0, start - 60):start])
    match = re.search(r"([^\W\d_]+)\W+(?:[^\W\d_]+\W+){0,3}?(?:en|au|aux|a|dans|in|to|at)\s+"
                      r"(?:l['’]\s*|la\s+|le\s+|les\s+|the\s+)?$", window)
    if match is None:
        return False
    words = re.findall(r"[^\W\d_]+", window[match.start():])
    return any(word in _evidence_words()["travel_words"] for word in words)


_COUNTRY_GLUE = {"et", "and", "ou", "or", "de", "du", "des", "la", "le", "l", "les", "the", "entre", "between"}


def _coordinated_country(text: str, chosen: CountryMention, countries: list[CountryMention]) -> bool:
    """`chosen` is named together with another country: "le Maroc et la Mauritanie",
    "U.S.-Algerian", "Rabat and Nouakchott"."""
    for other in countries:
        if other is chosen or other.code == chosen.code:
            continue
        first, second = sorted((chosen, other), key=lambda c: c.start)
        between = text[first.end:second.start]
        if len(between) > 12:
            continue
        words = re.findall(r"[^\W\d_]+", fold(between))
        if all(word in _COUNTRY_GLUE for word in words) and (words or between.strip() in {"-", "–", "/", ","}):
            return True
    return False


def _abbreviation_before(text: str, dot: int) -> bool:
    """The dot at `dot` ends an abbreviated title ("Lt. Col. X", "M. X"), not a sentence."""
    word = re.search(r"(\w+)$", text[max(0, dot - 8):dot])
    return bool(word) and word.group(1).lower() in _ABBREVIATED | {"dr", "pr", "mr", "mrs", "ms", "st"}


def _in_other_office(doc: Doc, start: int, sentence: Span) -> bool:
    """The country at character `start` qualifies an office ("l'ambassadeur de France",
    "le ministre turc"), someone else's: it says nothing of the person."""
    starts = [token.idx for token in doc[sentence.start : sentence.end]]
    index = sentence.start + bisect_right(starts, start) - 1
    for back in range(index - 1, max(sentence.start, index - 6) - 1, -1):
        token = doc[back]
        if _is_head_word(token):
            return True
        if not (token.lower_ in _OF | {"la", "le", "l'", "l’", "les", "the", "of"} or token.pos_ == "ADJ"
                or fold(token.text) in _STATE_WORDS):
            return False
    return False


# The words of a state's formal name: "le président de la République de Côte d'Ivoire".
_STATE_WORDS = {"republique", "republic", "royaume", "kingdom", "etat", "state", "federation", "sultanat",
                "sultanate", "emirat", "emirates", "principaute", "democratique", "democratic", "populaire",
                "islamique", "islamic", "arabe", "arab", "federale", "federal", "unie", "united"}


def _text(doc: Doc) -> str:
    """doc.text, built once (spaCy joins every token on each access)."""
    if "ingest_text" not in doc.user_data:
        doc.user_data["ingest_text"] = doc.text
    return doc.user_data["ingest_text"]


def _sentence(doc: Doc, index: int) -> Span:
    """The sentence holding token index (Token.sent rescans the whole doc each time)."""
    sentences = doc.user_data.get("ingest_sentences")
    if sentences is None:
        sentences = doc.user_data["ingest_sentences"] = _whole_sentences(doc)
    starts = [sentence.start for sentence in sentences]
    return sentences[bisect_right(starts, index) - 1]


def _whole_sentences(doc: Doc) -> list[Span]:
    """spaCy's sentences, joined again where one was cut after an abbreviated title
    ("interim leader Lt. | Col. | Paul-Henri Damiba")."""
    merged: list[Span] = []
    for sentence in doc.sents:
        if merged and _abbreviation_before(_text(doc), merged[-1].end_char - 1) and doc[merged[-1].end - 1].text.endswith("."):
            merged[-1] = doc[merged[-1].start : sentence.end]
        else:
            merged.append(sentence)
    return merged


def _context_start(doc: Doc, sentence: Span) -> int:
    """A sentence's start, moved back over a dateline ("WASHINGTON (AP) —") before it."""
    paragraph_start = _text(doc).rfind("\n\n", 0, sentence.start_char)
    paragraph_start = 0 if paragraph_start < 0 else paragraph_start + 2
    if 0 < sentence.start_char - paragraph_start <= 60:
        return paragraph_start
    return sentence.start_char


# A sentence where a guest is received by a host: "X a été accueilli à Nouakchott par Y".
# (Not "X a reçu Y" or "X met Y": a prime minister receives his own ministers too.)
_HOSTED = re.compile(r"\b(?:accueilli|re[çc]u)e?s?\b[^.;]{0,80}?\bpar\b|\b(?:received|welcomed|hosted)\s+by\b", re.I)
_COUNTERPART = {"homologue", "counterpart"}


def _tell_hosts_from_guests(doc: Doc, people, actors: list[Actor], countries, language: str,
                            evidence: dict[int, str]) -> None:
    """'Le président de la République, X, a été accueilli à Nouakchott par son homologue
    mauritanien, Y': X's office names no country, so X was given the article's main one;
    when that is the country Y's role names, and Y is X's counterpart or X's host in that
    sentence, X is from the article's next country (or from none it names). Not when X and
    Y are named together ("Netanyahu and Defense Minister Gallant")."""
    order = _countries_in_order(countries)
    explicit = [_explicit_country(doc, person, countries, language) for person in people]
    for number, person in enumerate(people):
        if not actors[number].country or explicit[number]:
            continue
        for other, other_person in enumerate(people):
            if other == number or explicit[other] != actors[number].country:
                continue
            if any(_meet(doc, mine, theirs, people) for mine in person.mentions if mine.role
                   for theirs in other_person.mentions):
                rest = [name for name in order if name != explicit[other]]
                actors[number] = replace(actors[number], country=rest[0] if rest else "")
                evidence[number] = "host"
                break


def _counterparts_differ(doc: Doc, people, actors: list[Actor], countries, language: str,
                         evidence: dict[int, str]) -> None:
    """'il a remis au président X un message de son homologue Y': a counterpart whose role
    names no country does not serve the country of the person he is the counterpart of.
    Y takes the article's other main country, or none."""
    order = _countries_in_order(countries)
    for number, person in enumerate(people):
        mine = next((m for m in person.mentions if m.role), None)
        if mine is None or fold(mine.role_head) not in _COUNTERPART or not actors[number].country:
            continue
        if _explicit_country(doc, person, countries, language):
            continue
        sentence = _sentence(doc, mine.start)
        others = [other for other, p in enumerate(people) if other != number
                  and any(sentence.start <= m.start < mine.start for m in p.mentions)]
        if others and actors[others[-1]].country == actors[number].country:
            rest = [name for name in order[:2] if name != actors[number].country]
            actors[number] = replace(actors[number], country=rest[0] if rest else "")
            evidence[number] = "counterpart"


def _meet(doc: Doc, mine: _Mention, theirs: _Mention, people) -> bool:
    """`theirs` is the counterpart or the host of `mine`: named after it in its sentence,
    with no third person between them ("X s'est entretenu avec son homologue Y, puis avec
    le chef du gouvernement Z": Y is X's counterpart, not Z's)."""
    sentence = _sentence(doc, mine.start)
    if not mine.end <= theirs.start < sentence.end:
        return False
    if any(mine.end <= m.start < theirs.start for p in people for m in p.mentions if m.person != mine.person):
        return False
    if fold(theirs.role_head or "") not in _COUNTERPART and not _HOSTED.search(sentence.text):
        return False
    first, second = sorted((mine, theirs), key=lambda m: m.start)
    second_start = second.role_start if second.role and second.role_start < second.start else second.start
    between = doc[first.end : second_start].text.strip(" ,")
    return fold(between) not in {"et", "and", "et le", "et la", "and the"}


def _explicit_country(doc: Doc, person: _Person, countries, language: str) -> str:
    """The country a person's own role names ("son homologue mauritanien"), if any."""
    with_role = [m for m in person.mentions if m.role]
    if not with_role:
        return ""
    code = _split_role(doc, with_role[0], language)[1] or _adjective_in_span(doc, with_role[0], countries)
    return country_name(code) if code else ""


def _countries_in_order(countries: list[CountryMention]) -> list[str]:
    """The countries' names, each once, in the order the text first names them."""
    return list(dict.fromkeys(country_name(country.code) for country in countries))


def _pair_counterparts(doc: Doc, people, actors: list[Actor], countries, evidence: dict[int, str]) -> None:
    """'X et la sous-secrétaire américaine Y ont mené les délégations des deux pays'."""
    main = _countries_in_order(countries)
    if len(main) < 2:
        return
    for sentence in doc.sents:
        if not re.search(r"deux (?:pays|délégations|parties)|both countries|two countries",
                         sentence.text):
            continue
        inside = [i for i, p in enumerate(people)
                  if any(sentence.start <= m.start < sentence.end for m in p.mentions)]
        if len(inside) != 2:
            continue
        known = [i for i in inside if actors[i].country]
        unknown = [i for i in inside if not actors[i].country]
        if len(known) == 1 and len(unknown) == 1 and actors[known[0]].country in main[:2]:
            other = [name for name in main[:2] if name != actors[known[0]].country]
            actors[unknown[0]] = replace(actors[unknown[0]], country=other[0])
            evidence[unknown[0]] = "pair"
