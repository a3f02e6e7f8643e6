"""Raw page (scraped text or saved HTML) → article paragraphs and page metadata.

No NLP here: this module only decides which lines are the article and which are
site furniture (menus, log-in prompts, prices, share buttons, "Lire aussi",
copyright), and reads the title, dates, outlet and rubric the page prints.
HTML goes through trafilatura and htmldate first; the text that comes out of
them is cleaned by the same line rules as a scraped .txt page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import charset_normalizer

from ..files import FileRefused, read_regular
from ..limits import DEFAULT_LIMITS
from .dates import FoundDate, find_dates, fold, parse_iso, time_of_day

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TEXT_SUFFIXES = {".txt", ".text"}


class ExtractError(Exception):
    """A raw page that cannot become an article; the message is one line."""


@dataclass(slots=True)
class Page:
    """What a raw page says about itself, before any language processing."""

    paragraphs: list[str]
    """The article's own paragraphs, in order, free of site boilerplate."""
    title: str | None = None
    published: datetime | date | None = None
    updated: datetime | date | None = None
    source_name: str | None = None
    url: str | None = None
    section: str | None = None
    html_lang: str | None = None
    """The language the HTML declares (<html lang>), a hint for language detection."""
    authors: list[str] = field(default_factory=list)
    """Who signed the page ("Par Hasni Abidi"): the writer, not an actor of the story."""


# --------------------------------------------------------------------------- reading


def read_page(path: Path, zone: str, max_bytes: int = DEFAULT_LIMITS.seed_file_bytes) -> Page:
    """Read and clean one raw page; raise ExtractError with a one-line reason."""
    text = decode(read_seed_bytes(path, max_bytes))
    if path.suffix.lower() in HTML_SUFFIXES or _looks_like_html(text):
        page = _from_html(text, zone)
    else:
        page = _from_lines(text.splitlines(), zone)
    if not page.paragraphs:
        raise ExtractError("no article text found (only site boilerplate)")
    if _only_notices(page.paragraphs):
        raise ExtractError("no article in the page, only a notice about it (not found, removed or for subscribers)")
    return page


# A body this short that says something about the page itself is that notice, not an article.
NOTICE_PAGE_WORDS = 120


def _only_notices(paragraphs: list[str]) -> bool:
    """An error page, a removed article or a paywall stub: a short body with a notice in it."""
    words = sum(len(paragraph.split()) for paragraph in paragraphs)
    return words < NOTICE_PAGE_WORDS and any(map(is_no_article_notice, paragraphs))


def read_seed_bytes(path: Path, max_bytes: int = DEFAULT_LIMITS.seed_file_bytes) -> bytes:
    """A seed's bytes: a regular file of at most max_bytes, not blank."""
    try:
        data = read_regular(path, max_bytes)
    except FileRefused as error:
        raise ExtractError(str(error)) from None
    if not data.strip():
        raise ExtractError("empty file")
    return data


def decode(data: bytes) -> str:
    """Strict UTF-8 first, whatever the markup declares (a page saved as UTF-8 often
    keeps its original charset declaration, or has none), then the single-byte
    encodings French pages still use."""
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ExtractError("binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    match = charset_normalizer.from_bytes(
        data, cp_isolation=["utf_8", "utf_16", "cp1252", "latin_1"]
    ).best()
    if match is None or match.chaos > 0.3:
        raise ExtractError("undecodable text (not UTF-8, Windows-1252 or Latin-1)")
    return str(match)


def _looks_like_html(text: str) -> bool:
    head = text[:500].lstrip().lower()
    return head.startswith(("<!doctype html", "<html"))


# --------------------------------------------------------------------------- HTML


def _from_html(html: str, zone: str) -> Page:
    import htmldate
    import trafilatura
    from lxml import html as lxml_html

    document = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False
    )
    lines = (document.text or "").splitlines() if document else []
    page = _from_lines(lines, zone, min_words=4)
    # Already decoded: lxml must not guess the encoding again (Latin-1 without a declaration).
    tree = lxml_html.fromstring(html.encode("utf-8"), parser=_utf8_html_parser())
    sitename = document.sitename if document else None
    if sitename and re.fullmatch(r"[\w.-]+\.[a-z]{2,}", sitename):
        sitename = _footer_outlet(tree) or sitename  # a bare domain name: the footer says better
    trafilatura_title = document.title if document and not _is_site_title(document.title or "", sitename) else None
    page.title = _html_title(tree, sitename) or trafilatura_title or page.title
    page.source_name = sitename or _footer_outlet(tree) or page.source_name
    if document is not None:
        page.url = document.url or page.url
        if document.categories:
            page.section = document.categories[0]
    page.section = page.section or _rubric_above_headline(tree)
    page.html_lang = _html_lang(html)
    if document is not None and document.author:
        page.authors += [name.strip() for name in document.author.split(";") if name.strip()]
    if page.title:  # the headline often opens the extracted text as well
        page.paragraphs = [p for p in page.paragraphs if fold(p) != fold(page.title)]
    published = _with_time_from_markup(_htmldate(htmldate, html, zone, original=True), html,
                                       zone, _PUBLISHED_MARKUP)
    page.published = _better_date(published, page.published)
    if page.published is None or not _has_time(page.published):
        # No machine-readable date, none in the article's text, or a day without its time:
        # a line the page prints ("Publié le 03/02/2026 - 14:27") may say more.
        printed = Page(paragraphs=[])
        _read_dates(printed, _printed_datelines(tree), zone)
        if page.published is None or _has_time(printed.published) and printed.published.date() == page.published:
            page.published = printed.published
    updated = _htmldate(htmldate, html, zone, original=False)
    if updated == page.published or not _has_time(updated):
        updated = _markup_date(html, zone, _MODIFIED_MARKUP)
    if updated and updated != page.published and _has_time(updated):
        page.updated = updated
    return page


@lru_cache(maxsize=1)
def _utf8_html_parser():
    from lxml import html as lxml_html

    return lxml_html.HTMLParser(encoding="utf-8")


# Machine-readable dates in the markup, for the time of day htmldate leaves out.
_PUBLISHED_MARKUP = re.compile(
    r"(?:article:published_time|datePublished|<time[^>]*?datetime)[\"']?\s*(?:content=|:|=)?\s*[\"']"
    r"(?P<value>\d{4}-\d{2}-\d{2}[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)", re.I)
_MODIFIED_MARKUP = re.compile(
    r"(?:article:modified_time|dateModified)[\"']?\s*(?:content=|:)?\s*[\"']"
    r"(?P<value>\d{4}-\d{2}-\d{2}[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)", re.I)


def _markup_date(html: str, zone: str, pattern: re.Pattern[str]):
    match = pattern.search(html)
    return parse_iso(match.group("value"), zone) if match else None


def _with_time_from_markup(day, html: str, zone: str, pattern: re.Pattern[str]):
    """htmldate reads <time datetime> and JSON-LD days but drops their time."""
    if day is None or _has_time(day):
        return day
    precise = _markup_date(html, zone, pattern)
    if isinstance(precise, datetime) and precise.date() == day:
        return precise
    return day


def _html_title(tree, sitename: str | None) -> str | None:
    """og:title, else the first <h1>, else <title> without its " | Site" tail."""
    for value in tree.xpath("//meta[@property='og:title']/@content"):
        if value.strip() and not _is_site_title(_normalise_space(value), sitename):
            return _clean_title(_normalise_space(value), sitename)
    for heading in tree.xpath("//h1"):
        text = _normalise_space(heading.text_content())
        if text and not _is_site_title(text, sitename):
            return text
    for title in tree.xpath("//title"):
        text = _normalise_space(title.text_content())
        return None if _is_site_title(text, sitename) else _clean_title(text, sitename)
    return None


def _is_site_title(title: str, sitename: str | None) -> bool:
    """The site's own name, alone or with its motto ("Afrique Hebdo – L'actualité de
    l'Afrique en français"): the home page's title, not the article's."""
    if sitename and fold(title) == fold(sitename):
        return True
    if sitename and re.match(re.escape(fold(sitename)) + r"\s+[|–—:-]\s", fold(title)):
        return True
    return is_tagline(title, sitename)


def _rubric_above_headline(tree) -> str | None:
    """The rubric printed just before the <h1> ("Monde" in a Drupal field), a few words
    of its own that are neither site furniture nor a date."""
    for heading in tree.xpath("//h1"):
        for previous in heading.itersiblings(preceding=True):
            if not isinstance(previous.tag, str):
                continue  # a comment or processing instruction
            text = _normalise_space(previous.text_content())
            if not text:
                continue
            if 1 <= len(text.split()) <= 4 and text[:1].isupper() and not (
                    is_furniture(text) or _is_date_line(text) or _BYLINE.match(text)):
                return text
            return None
        return None
    return None


def _printed_datelines(tree) -> list[str]:
    """Datelines that say they are one ("Par X — mis en ligne le mardi 14 octobre 2025 à
    18h32", "Published: 2 March 2026"), wherever the page prints them: trafilatura may
    leave them out of the article's text, and htmldate's parser misses many French ones.
    Dates in elements named for one (<time>, class="date") are htmldate's to find."""
    found = []
    for element in tree.iter("p", "div", "span", "time", "small", "address", "li", "header"):
        text = _normalise_space(" ".join(element.itertext()))
        if text and len(text) <= 160 and _mentions_publication(text) and _is_date_line(text):
            found.append(text)
    return found


def _footer_outlet(tree) -> str | None:
    """The copyright holder printed anywhere on the page (footers included)."""
    for element in tree.xpath("//script|//style"):
        element.drop_tree()
    for line in reversed(tree.text_content().splitlines()):
        name = copyright_holder(_normalise_space(line))
        if name:
            return name
    return None


def _htmldate(module, html: str, zone: str, *, original: bool) -> datetime | date | None:
    found = module.find_date(
        html,
        outputformat="%Y-%m-%dT%H:%M:%S%z",
        original_date=original,
        extensive_search=False,
    )
    if not found:
        return None
    value = parse_iso(found, zone)
    if isinstance(value, datetime) and found.endswith("T00:00:00"):
        return value.date()  # htmldate pads a bare day with midnight
    return value


def _better_date(from_meta, from_text):
    """Prefer the page's machine-readable date unless only the text has a time."""
    if from_meta is None:
        return from_text
    if from_text is not None and _has_time(from_text) and not _has_time(from_meta):
        if from_text.date() == from_meta:
            return from_text
    return from_meta


def _has_time(value) -> bool:
    return isinstance(value, datetime)


def _clean_title(title: str | None, sitename: str | None) -> str | None:
    """Drop the " | Site" or " - Site" tail pages add to their <title>."""
    if not title:
        return None
    if sitename:
        for separator in (" | ", " - ", " – ", " — ", " : "):
            tail = separator + sitename
            if title.endswith(tail):
                title = title[: -len(tail)]
    else:
        title = re.sub(r"\s+[|–—-]\s+[^|–—-]{2,40}$", "", title)  # " - Horizon Orient"
    return title.strip() or None


def _html_lang(html: str) -> str | None:
    match = re.search(r"<html[^>]*\blang=[\"']?([a-zA-Z]{2})", html[:2000])
    return match.group(1).lower() if match else None


# --------------------------------------------------------------------------- text lines

# Lines that are site furniture wherever they appear; matched on the folded line start.
_FURNITURE_STARTS = tuple(
    fold(phrase.strip())
    for phrase in """
    s'abonner|abonnez-vous|je m'abonne|abonnement|abonné|déjà abonné|devenez abonné
    se connecter|connectez-vous|connexion|mot de passe|créer un compte|s'inscrire
    inscrivez-vous|inscription|newsletter|recevez notre|découvrir les offres|découvrez l'offre
    découvrez nos offres|offre spéciale|offre de lancement|en continu|les dernières informations
    revenir au direct|retour au direct|voir le direct|partager|partagez|facebook|twitter|linkedin
    whatsapp|imprimer|envoyer par|copier le lien|temps de lecture|lecture :|publicité
    sponsorisé|contenu sponsorisé|cookies|nous utilisons des cookies|accepter|paramétrer
    mentions légales|politique de confidentialité|conditions générales|cgu|cgv|plan du site
    qui sommes-nous|nous contacter|contactez-nous|tous droits réservés|copyright|reproduction
    lire aussi|à lire aussi|a lire aussi|lire également|à lire également|voir aussi|sur le même sujet
    dans la même rubrique|les plus lus|les plus partagés|articles similaires|articles liés
    commentaires|réagir|laisser un commentaire|votre commentaire|logo|menu|rechercher
    fermer|suivez-nous|suivez nous|télécharger l'application|cet article est réservé
    il vous reste|la suite est réservée|pour lire la suite|écouter cet article|photo :|photo:
    crédit photo|crédits :|légende :|© |©️|(c) |mot de passe oublié|accueil|retour en haut
    subscribe|sign in|sign up|log in|login|register|already a subscriber|create an account
    share this|share on|read more|related|most read|most popular|advertisement|sponsored
    all rights reserved|privacy policy|terms of use|terms and conditions|cookie
    skip to|follow us|listen to this article|min read|image:|photograph:|getty images
    this article is for subscribers|you have reached|continue reading
    cet article vous a plu|vous avez aimé cet article|vous aimez cet article|did you enjoy this
    lisez aussi|lire la suite|voir également|sur le même thème|à voir aussi|a voir aussi|crédit :|credit:
    photo d'illustration|(photo|(crédit|source :|source:
    publié|publie le|mis à jour|mise à jour|modifié|mis en ligne|posted|published|updated
    offrir cet article|offrir l'article|ajouter à mes favoris|sauvegarder|écouter|gift this article
    save article|print this|email this|à la une|en savoir plus|voir plus|afficher plus|show more
    votre navigateur|your browser|ce site utilise|this site uses|this website uses|we use cookies
    this article is available in|cet article est disponible en|the views expressed in this article
    les opinions exprimées dans cet article|en poursuivant votre navigation|by continuing to browse
    by continuing to use|item 1 of|purchase licensing rights
    """.replace("\n", "|").split("|")
    if phrase.strip()
)

# A price or subscription-length line: "60 DH", "1 mois", "9,99 €/mois", "$1 a week".
_PRICE = re.compile(
    r"^(?:[$€£]\s*)?\d+(?:[.,]\d+)?\s*(?:dh|mad|da|dzd|€|eur|euros?|\$|usd|£|fcfa|cfa|dinars?|dirhams?)?"
    r"\s*(?:/|par|per|a|an)?\s*(?:mois|an|ans|semaine|jours?|month|year|week|days?)?\s*$",
    re.I,
)
# Markers after which the rest of the page is no longer the article.
_END_MARKERS = tuple(
    fold(marker)
    for marker in (
        "©", "copyright", "tous droits réservés", "all rights reserved", "sur le même sujet",
        "dans la même rubrique", "les plus lus", "articles similaires", "articles liés",
        "most read", "related articles", "more from", "commentaires", "revenir au direct",
        "à propos de l'auteur", "about the author",
        "reproduction et diffusion", "reproduction interdite",
    )
)
# "Lire aussi" style lines: the line goes, and the headline after it if it stands alone.
_TEASER_MARKERS = tuple(
    fold(marker)
    for marker in ("lire aussi", "à lire aussi", "lire également", "à lire également",
                   "voir aussi", "read more", "see also", "read also", "lisez aussi",
                   "voir également", "à voir aussi", "sur le même thème")
)
_BYLINE = re.compile(r"^(?:par|by|de notre envoy[ée]e?(?: spéciale?)?)\b\s*(?P<who>.*)$", re.I)
_LOGO = re.compile(r"^(?:logo(?:\s+du\s+site|\s+de)?)\s+(?P<name>.+)$", re.I)
_TERMINAL = re.compile(r"[.!?…»\"”)]\s*$")
# A sentence end: a full stop (or ! ? …), possibly inside closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?…][\s»\"”)]*$")
_READING_TIME = re.compile(r"^(?:\d+\s*(?:min|minutes?|mn)\b|temps de lecture|lecture\s*:)", re.I)
# "il y a 2 heures", "2 hours ago", "Updated 5 mins ago": when a live page was loaded, not a date.
_RELATIVE_TIME = re.compile(
    r"^(?:(?:mis a jour |publie |updated |posted )?il y a (?:\d+|une?)\s*"
    r"(?:s|sec\w*|min\w*|h|heures?|jours?|semaines?|mois|ans?)"
    r"|(?:updated |posted |published )?(?:\d+|an?)\s*"
    r"(?:s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?|weeks?|months?|years?) ago)\W*$"
)
_CREDITS = re.compile(r"^(?:reporting|writing|editing|additional reporting) by\b|^avec (?:afp|reuters|ap)\b", re.I)


def _from_lines(raw_lines: list[str], zone: str, min_words: int = 10) -> Page:
    """min_words: the shortest sentence taken for a paragraph; lower for text that
    trafilatura already cleaned of site furniture."""
    lines = _join_dangling(_unwrap([_normalise_space(line) for line in raw_lines]))
    lines = [line for line in lines if line]
    stamped = _crawler_stamp(lines)
    first, last, boxed = _article_span(lines, min_words)
    body_indices = [i for i in _body_indices(lines, first, last) if i not in boxed] if first is not None else []
    header = lines[:first] if first is not None else lines
    page = Page(paragraphs=[lines[i] for i in body_indices])
    if first is not None and first > 0 and _introduces(lines[first - 1]) and page.paragraphs:
        page.paragraphs[0] = f"{lines[first - 1]} {page.paragraphs[0]}"
        header = lines[:first - 1]
    page.source_name = _outlet(lines) or _wire_agency(page.paragraphs)
    page.authors = _authors(lines)
    _read_header(page, header, zone)
    if page.title is None:
        _headline_among_first_paragraphs(page)
    if page.published is None and page.paragraphs:
        page.published = _opening_dateline_date(page.paragraphs[0], zone)
    if page.published is None and first is not None:
        # "Headline" / "Standfirst." / "18 novembre 2025 | 08:30": a dateline below the standfirst
        _read_dates(page, [line for line in lines[first:first + 6] if _is_date_line(line)], zone)
    if page.published is None:
        _read_dates(page, lines[last + 1 :] if last is not None else [], zone)
    if page.published is None and stamped is not None:
        page.published = stamped
    return page


def _introduces(line: str) -> bool:
    """A short line ending with a colon right above the body opens it ("As stated by the
    spokesperson:", "Voici le communiqué :")."""
    return line.endswith(":") and 4 <= len(line.split()) <= 20 and not (
        is_furniture(line) or _is_date_line(line) or _BYLINE.match(line))


def _headline_among_first_paragraphs(page: Page) -> None:
    """A page that opens with its standfirst prints its headline after it: a headline-shaped
    line of six words or more standing second or third, between paragraphs."""
    for index in (1, 2):
        if index + 1 >= len(page.paragraphs):
            return
        line = page.paragraphs[index]
        if len(line.split()) >= 6 and _is_title_like(line, page.source_name) and not _TERMINAL.search(line):
            page.title = line
            del page.paragraphs[index]
            return


def _opening_dateline_date(paragraph: str, zone: str):
    """The date a dateline opening the first paragraph gives, when the page prints none."""
    end = opening_dateline_end(paragraph)
    return find_dates(paragraph[:end], zone)[0].value if end else None


def opening_dateline_end(paragraph: str) -> int:
    """Where a dated dateline opening a paragraph ends ("DIA-16 mars 2023: ", "Dakar, le
    3 mai 2024 – "): the first colon or dash within 70 characters after a date; 0 if none."""
    head = paragraph[:70]
    for match in re.finditer(r"\s*(?:[:–—]|\s-\s)\s*", head):
        if find_dates(head[: match.start()], "UTC"):
            return match.end()
    return 0


# " date 2024-05-31 Headline…": the day a crawler saved the page, put before its text.
_CRAWLER_STAMP = re.compile(r"^date\s+(?P<day>(?:19|20)\d{2}-\d{2}(?:-\d{2})?)\b\s*", re.I)


def _crawler_stamp(lines: list[str]) -> date | None:
    """Take a crawler's stamp off the first line (in place); its day, if it gives one, is
    the page's date when the page prints none itself (a month alone is no date)."""
    match = _CRAWLER_STAMP.match(lines[0]) if lines else None
    if match is None:
        return None
    rest = lines[0][match.end():]
    if rest:
        lines[0] = rest
    else:
        del lines[0]
    parts = [int(part) for part in match["day"].split("-")]
    try:
        return date(*parts) if len(parts) == 3 else None
    except ValueError:
        return None


def _join_dangling(lines: list[str]) -> list[str]:
    """A line that ends on a small word ("de", "the") never ends its sentence or its
    headline: it goes on on the next line (a headline wrapped in an archive or an e-mail)."""
    small = page_phrases().small_words
    joined: list[str] = []
    for line in lines:
        previous = joined[-1] if joined else ""
        last_word = fold(previous.rsplit(" ", 1)[-1]) if previous else ""
        if line and previous and len(previous.split()) >= 3 and (last_word in small or last_word.endswith("'")):
            joined[-1] = f"{previous} {line}"
        else:
            joined.append(line)
    return joined


def _unwrap(lines: list[str]) -> list[str]:
    """Join paragraphs of a dump hard-wrapped at a fixed width (most long lines end
    within a few characters of the same column, mid-sentence): a line that reaches
    that column without ending its sentence continues on the next one; where blank
    lines separate the paragraphs, any long line does (a wrap may fall after a full stop)."""
    width = _wrap_width(lines)
    if width is None:
        return _join_lowercase_continuations(lines)
    blank_separated = sum(1 for a, b in zip(lines, lines[1:]) if a and not b) >= 2
    joined: list[str] = []
    raw_previous = ""
    for line in lines:
        previous = joined[-1] if joined else ""
        ends_sentence = _SENTENCE_END.search(previous) and not re.search(r"\b(?:M|MM|Mr|Dr|St)\.$", previous)
        meta = [text for text in (previous, line) if is_furniture(text) or _is_date_line(text)
                or _BYLINE.match(text)]
        wrapped = (len(raw_previous) >= width - 20 and not ends_sentence
                   or blank_separated and len(raw_previous) >= 0.6 * width
                   or line[:1].islower() and len(raw_previous) >= 30 and not _TERMINAL.search(previous))
        if line and previous and wrapped and not meta:
            joined[-1] = f"{previous} {line}"
        else:
            joined.append(line)
        raw_previous = line
    return joined


def _join_lowercase_continuations(lines: list[str]) -> list[str]:
    """Without a wrapping column: a line of running text that stops mid-sentence and is
    followed by one starting in lower case goes on there (a short wrapped e-mail)."""
    joined: list[str] = []
    for line in lines:
        previous = joined[-1] if joined else ""
        if (line[:1].islower() and len(previous) >= 30 and not _TERMINAL.search(previous)
                and not any(is_furniture(text) or _is_date_line(text) for text in (previous, line))):
            joined[-1] = f"{previous} {line}"
        else:
            joined.append(line)
    return joined


def _wrap_width(lines: list[str]) -> int | None:
    """The column a dump is wrapped at: most long lines end near it (one stray longer
    line aside), and most of those end mid-sentence. None for a dump that is not wrapped."""
    long = sorted(len(line) for line in lines if len(line) > 40)
    if len(long) < 5:
        return None
    width = long[int(0.9 * (len(long) - 1))]
    near = [line for line in lines if width - 15 <= len(line) <= width + 3]
    if width > 200 or len(near) < 0.6 * len(long):
        return None
    mid_sentence = sum(1 for line in near if not _SENTENCE_END.search(line))
    return width if mid_sentence >= 0.5 * len(near) else None


def _normalise_space(line: str) -> str:
    return re.sub(r"[ \t\u00a0\u202f]+", " ", line).strip()


# Notices that mark a line as the site's wherever they stand in it, long or short.
_NOTICES_ANYWHERE = ("n'engagent que leurs auteurs", "n'engage que son auteur", "cookies tiers",
                     "tous droits réservés", "all rights reserved")
# Furniture that comes as whole sentences (paywalls, cookie banners, legal lines).
_LONG_FURNITURE = re.compile(
    "|".join(re.escape(fold(phrase)) for phrase in (
        "nous utilisons des cookies", "cet article est réservé", "il vous reste", "abonnez-vous",
        "cet article vous a plu", "vous avez aimé cet article", "reproduction et diffusion",
        "reproduction interdite", "copyright", "©",
        "this material may not be", "recevez notre newsletter", "inscrivez-vous", "sign up for",
        "subscribe to", "pour lire la suite", "la suite est réservée", "déjà abonné",
        "utilise des cookies", "uses cookies", "use cookies", "purchase licensing rights",
        "this article is available in", "cet article est disponible en", "the views expressed in this article",
        "les opinions exprimées dans", *_NOTICES_ANYWHERE,
    ))
)
_FURNITURE_ANYWHERE = re.compile("|".join(re.escape(fold(phrase)) for phrase in _NOTICES_ANYWHERE))
# Captions and author notes, however long.
_CAPTION = re.compile(r"^(?:\(?photo\s*:|\(?credit|legende\s*:|a propos de l'auteur|about the author"
                      r"|item \d+ of \d+|\[\d+/\d+\])")
_FURNITURE_PATTERN = re.compile(
    "^(?:" + "|".join(re.escape(phrase) for phrase in sorted(_FURNITURE_STARTS, key=len, reverse=True))
    + r")(?![^\W\d_])"
)


@dataclass(frozen=True, slots=True)
class PagePhrases:
    """What pages print around an article, per kind, from page_phrases.<lang>.yaml
    (every language merged: a page's language is not known yet when it is read)."""

    furniture_starts: tuple[str, ...]
    teasers: tuple[str, ...]
    taglines: tuple[str, ...]
    credits: tuple[str, ...]
    no_article: tuple[str, ...]
    disclaimers: tuple[str, ...]
    issuers: tuple[str, ...]
    small_words: frozenset[str]
    weekday_parts: tuple[str, ...]


PHRASE_LANGUAGES = ("fr", "en")


@lru_cache(maxsize=1)
def page_phrases() -> PagePhrases:
    import yaml

    merged: dict[str, list[str]] = {}
    for language in PHRASE_LANGUAGES:
        path = Path(__file__).with_name(f"page_phrases.{language}.yaml")
        for kind, phrases in yaml.safe_load(path.read_text(encoding="utf-8")).items():
            merged.setdefault(kind, []).extend(fold(str(phrase)).strip() for phrase in phrases)
    return PagePhrases(
        furniture_starts=tuple(merged["furniture_starts"]), teasers=tuple(merged["teasers"]),
        taglines=tuple(merged["taglines"]), credits=tuple(merged["credits"]),
        no_article=tuple(merged["no_article"]), disclaimers=tuple(merged["disclaimers"]),
        issuers=tuple(merged["issuers"]),
        small_words=frozenset(merged["small_words"]),
        weekday_parts=tuple(merged["weekday_parts"]))


def _starts_with_phrase(folded: str, phrases: tuple[str, ...]) -> bool:
    """The line starts with one of the phrases, as whole words."""
    return bool(_phrase_start_pattern(phrases).match(folded))


@lru_cache(maxsize=16)
def _phrase_start_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(sorted(map(re.escape, phrases), key=len, reverse=True))
    return re.compile(rf"(?:{alternatives})(?![^\W_])")


def _phrase_furniture(folded: str, words: int) -> bool:
    """Comment forms, consent banners, newsletter prompts, send-to-a-friend links: a short
    line starting with one of their phrases; a long one only with a phrase of 2+ words."""
    phrases = page_phrases().furniture_starts
    if words >= 15:
        phrases = _multiword(phrases)
    return _starts_with_phrase(folded, phrases)


@lru_cache(maxsize=4)
def _multiword(phrases: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(phrase for phrase in phrases if " " in phrase)


def is_teaser(line: str) -> bool:
    """A line announcing another article ("À lire aussi : …", "Check also: …"), however long."""
    folded = fold(line)
    return _starts_with_phrase(folded, page_phrases().teasers) and bool(
        re.match(r"^[^:|»>\n]{0,25}(?:[:|»>]|\s[-–—]\s)", folded) or len(line.split()) <= 3
        or not _TERMINAL.search(line))  # "Check also Qatar pushes for …": a headline, not a sentence


# "Like 24", "Réactions (3)", "J'aime 12 · Je soutiens 4": labels with their counts.
_COUNTERS = re.compile(r"^(?:[^\W\d]+(?:['’ ][^\W\d]+){0,3}\s*\(?\d+\)?\s*[·|•,]?\s*)+$")


@lru_cache(maxsize=1)
def _credit_patterns() -> tuple[re.Pattern[str], ...]:
    words = "|".join(sorted(map(re.escape, page_phrases().credits), key=len, reverse=True))
    agencies = "|".join(map(re.escape, _AGENCIES))
    return (
        # "… Picture: Agence camerounaise de presse", "Image : Présidence / Kwame Mensah"
        re.compile(rf"(?:^|[.!?»\s])(?:{words})\s*(?::|©|/)\s*[^.:]{{1,80}}$", re.I),
        # "… in Rabat on Monday. REUTERS/Youssef Boudlal/File Photo"
        re.compile(rf"[.!?]\s+(?:{agencies})(?:\s+photo)?\s*/\s*[^\W\d][^.]{{1,60}}$", re.I),
        # "(AFP file photo)", "(Photo AFP)", "[File: Name/AFP]"
        re.compile(rf"[(\[][^()\[\]]*\b(?:{words}|file)\b[^()\[\]]*[)\]]$", re.I),
        # "AA / Ibrahim Coulibaly", "AFP/John Doe": an agency and a photographer
        re.compile(rf"^(?:{agencies})(?:\s+(?:photo|agency|images?))?\s*/\s*[^\W\d][\w.'’-]*"
                   rf"(?:\s+[^\W\d][\w.'’-]*){{0,3}}$", re.I),
        # "Les deux dirigeants à Ankara. © Présidence turque": a sentence, then its credit
        re.compile(r"[.!?]\s*(?:©|\(c\))\s*[^.]{1,60}$"),
    )


@lru_cache(maxsize=1 << 15)
def is_caption(line: str) -> bool:
    """A picture's caption or credit: a line that ends with the picture's credit."""
    if len(line) > 400:
        return False
    return any(pattern.search(line) for pattern in _credit_patterns())


def is_tagline(line: str, outlet: str | None = None) -> bool:
    """The site's name and motto ("Le Courrier du Sahel – L'actualité du Sahel en français"):
    the outlet's name, or a tagline word, on one side of a spaced separator."""
    parts = re.split(r"\s+[|–—-]\s+", line, maxsplit=1)
    if len(parts) != 2:
        return False
    folded_parts = [fold(part) for part in parts]
    if outlet and fold(outlet) in folded_parts:
        return True
    return any(map(_has_tagline_word, parts))


def _has_tagline_word(text: str) -> bool:
    return bool(_tagline_pattern().search(fold(text)))


@lru_cache(maxsize=1)
def _tagline_pattern() -> re.Pattern[str]:
    words = "|".join(sorted(map(re.escape, page_phrases().taglines), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)")


def is_no_article_notice(line: str) -> bool:
    """A notice about the page itself: not found, removed, for subscribers only. It names
    what it speaks of ("L'article que vous recherchez n'existe plus"), unlike a story's
    sentence ("Le marché a été déplacé place de la mairie")."""
    folded = fold(line)
    return any(phrase in folded for phrase in page_phrases().no_article) and bool(_SELF_REFERENCE.search(folded))


_SELF_REFERENCE = re.compile(r"\b(?:page|article|contenu|content|lien|link|adresse|address|url|story)s?\b")


@lru_cache(maxsize=1 << 15)
def is_furniture(line: str) -> bool:
    """True for a line that belongs to the site, not to any article.

    Short lines are matched on how they start ("Partager", "Lire aussi : ...");
    a line of running text only when it is a known paywall, cookie or legal
    sentence, so "Accueillant son homologue..." or "Fermer la frontière..." stay.
    """
    folded = fold(line)
    words = len(line.split())
    if _phrase_furniture(folded, words) or is_teaser(line) or is_caption(line):
        return True
    if any(phrase in folded[:200] for phrase in page_phrases().disclaimers):
        return True
    if words >= 15:
        return bool(_LONG_FURNITURE.search(folded[:120]) or _CAPTION.match(folded))
    if _COUNTERS.match(line) and words <= 12 and not find_dates(line, "UTC"):
        return True
    if _FURNITURE_PATTERN.match(folded) or _PRICE.match(folded) or _FURNITURE_ANYWHERE.search(folded):
        return True
    if _READING_TIME.match(folded) or _RELATIVE_TIME.match(folded) or _CREDITS.match(line) or folded.startswith(("tags :", "tags:", "mots-cles")):
        return True
    if len(line) < 200 and ("©" in line or "copyright" in folded or "droits reserves" in folded):
        return True
    return False


def _is_end_marker(line: str) -> bool:
    folded = fold(line)
    if is_caption(line):
        return False  # a picture's credit inside the article: the story goes on
    if folded.startswith(_LEGAL_END_MARKERS) or (len(line) < 200 and "©" in line):
        return True
    # A heading ("Commentaires", "Sur le même sujet") is short; a sentence that starts
    # with the same word ("Commentaires et critiques se sont multipliés…") is the story's.
    return folded.startswith(_END_MARKERS) and len(line.split()) <= 8


_LEGAL_END_MARKERS = tuple(fold(marker) for marker in (
    "©", "copyright", "tous droits réservés", "all rights reserved", "reproduction et diffusion",
    "reproduction interdite"))


def _is_body_line(line: str, min_words: int = 10) -> bool:
    """A real paragraph: a sentence or more of running text."""
    if is_furniture(line) or _is_date_line(line):
        return False
    words = len(line.split())
    if words >= 30:
        return True
    if re.search(r"[?!][\s»\"”)]*$", line) and not re.search(r"[.!?…]\s+\S", line):
        return words >= 25  # a one-sentence question is more often a headline
    return words >= min_words and bool(_SENTENCE_END.search(line))


def _is_date_line(line: str) -> bool:
    """A dateline of the page ("Publié le 12 mars 2024 à 10h15 • Par X"), not a sentence
    that happens to mention a date ("Le sommet s'est tenu le 4 décembre 2023 à Alger.")."""
    if len(line) > 160 or not find_dates(line, "UTC"):
        return False
    words = [w for w in re.findall(r"[^\W\d_]{3,}", fold(line)) if w not in _date_line_words()]
    return len(words) <= (1 if _SENTENCE_END.search(line) else 4)  # datelines don't end with "."


@lru_cache(maxsize=1)
def _date_line_words() -> frozenset[str]:
    """Labels, month and day names that fill a dateline without making it a sentence."""
    from babel.dates import get_day_names, get_month_names

    words = set("""publie publiee mis mise jour ligne modifie actualise updated published posted
        temps lecture minutes min read par les des the and gmt utc heure heures last""".split())
    for locale in ("fr", "en"):
        for width in ("wide", "abbreviated"):
            words.update(fold(n).rstrip(".") for n in get_month_names(width, locale=locale).values())
            words.update(fold(n).rstrip(".") for n in get_day_names(width, locale=locale).values())
    return frozenset(words)


def _article_span(lines: list[str], min_words: int = 10) -> tuple[int | None, int | None, set[int]]:
    """Indices of the first and last body paragraphs, stopping at end markers, and the
    lines of boxes of links set inside the article (left out of it)."""
    first = last = None
    boxed: set[int] = set()
    index = 0
    while index < len(lines):
        line = lines[index]
        if first is not None and _is_end_marker(line):
            resumes = _story_resumes_after(lines, index) if fold(line).startswith(_BOX_MARKERS) else None
            if resumes is None:
                break
            boxed.update(range(index, resumes))
            index = resumes
            continue
        if _is_body_line(line, min_words):
            first = index if first is None else first
            last = index
        index += 1
    return first, last, boxed


# Headings of a box of links ("Sur le même sujet") that a page may set inside the article.
_BOX_MARKERS = tuple(fold(marker) for marker in (
    "sur le même sujet", "dans la même rubrique", "les plus lus", "articles similaires", "articles liés",
    "most read", "related articles", "more from"))


def _story_resumes_after(lines: list[str], marker: int) -> int | None:
    """Where the story goes on after a box of links set inside it: within the four lines
    after the box's heading, two paragraphs of running text (20 words or more) in a row."""
    for start in range(marker + 1, min(marker + 6, len(lines) - 1)):
        pair = lines[start:start + 2]
        if all(_is_body_line(line) and len(line.split()) >= 20 for line in pair):
            return start
    return None


def _body_indices(lines: list[str], first: int, last: int) -> list[int]:
    kept: list[int] = []
    skip_next = False
    for index in range(first, last + 1):
        line = lines[index]
        if skip_next:
            skip_next = False
            if not _is_body_line(line):
                continue
        if fold(line).startswith(_TEASER_MARKERS) or is_teaser(line):
            skip_next = len(line.split()) <= 3  # the headline sits on the next line
            continue
        if _is_body_line(line) or _is_inner_line(line):
            kept.append(index)
    return kept


def _is_inner_line(line: str) -> bool:
    """A short line inside the article: a quote or a sub-heading, not furniture."""
    if is_furniture(line) or _is_date_line(line) or _BYLINE.match(line):
        return False
    return len(line.split()) >= 4 and bool(re.search(r"[^\W\d_]{2}", line))  # "👍 12 ❤️ 3" is no text


# --------------------------------------------------------------------------- header


def _read_header(page: Page, header: list[str], zone: str) -> None:
    _read_dates(page, header, zone)
    title_index = _title_index(header, page.source_name)
    if title_index is not None:
        page.title = header[title_index]
        page.section = _section(header, title_index)


def _read_dates(page: Page, lines: list[str], zone: str) -> None:
    """The first publication date and the first update date printed in these lines; a
    line labelled as the publication ("Publié le : …") before any bare date (the day the
    site's header prints, a date in a teaser)."""
    labelled = [line for line in lines if _mentions_publication(line)]
    for line in labelled + [line for line in lines if not _mentions_publication(line)]:
        if len(line) > 160 or is_furniture(line) and not _mentions_publication(line):
            continue
        for found in find_dates(line, zone):
            _keep_date(page, found)
    if page.published is None and page.updated is not None:
        page.published, page.updated = page.updated, None  # only an update date: use it
    if isinstance(page.published, date) and not isinstance(page.published, datetime):
        page.published = _time_on_its_own_line(page.published, lines, zone) or page.published


def _time_on_its_own_line(day: date, lines: list[str], zone: str) -> datetime | None:
    """'August 18, 2023' then 'Published 18:10 CET' on the next line."""
    for line in lines:
        if len(line) <= 60 and _mentions_publication(line) and not find_dates(line, zone):
            moment = time_of_day(line, day, zone)
            if moment:
                return moment
    return None


def _mentions_publication(line: str) -> bool:
    return bool(re.search(r"publi|mis a jour|mise a jour|mis en ligne|modifi|updated|posted", fold(line)))


def _keep_date(page: Page, found: FoundDate) -> None:
    if found.is_update:
        page.updated = page.updated or found.value
    elif page.published is None:
        page.published = found.value


def _authors(lines: list[str]) -> list[str]:
    """The names of the page's bylines: whole lines of a few words ("Par Hasni Abidi",
    "By Aidan Lewis and Nafisa Eltahir"), not sentences that open with "Par"."""
    return [name for line in lines if len(line.split()) <= 8 and not _SENTENCE_END.search(line)
            and (byline := _BYLINE.match(line)) and byline["who"][:1].isupper()
            for name in _signers(byline["who"])]


def _signers(who: str) -> list[str]:
    """'Aidan Lewis and Nafisa Eltahir', 'la rédaction, avec AFP' → the people's names."""
    names = re.split(r"\s*(?:,|\bet\b|\band\b|\bavec\b|\bwith\b|\||—|–)\s*", who)
    return [name for name in names if 2 <= len(name.split()) <= 4 and all(w[:1].isupper() for w in name.split())]


def _title_index(header: list[str], outlet: str | None) -> int | None:
    """The headline among the header's lines, by the page's structure:
    1. a headline-shaped line the page prints twice (a reprint, or a line another one
       starts with, counts) is the headline: captions and standfirsts are printed once;
    2. else the page's first line, when it is headline-shaped and long enough not to be
       the site's name (a page saved from its headline down);
    3. else the headline-shaped line nearest the body, unless a shorter one stands just
       above it (the headline above its standfirst), or it is a short line just below a
       longer headline with only datelines, bylines and furniture between (the outlet,
       the author or the agency: "… Aoun demande du temps" / "OLJ / AFP")."""
    candidates = [index for index in range(len(header) - 1, -1, -1)
                  if _is_title_like(header[index], outlet)]
    if not candidates:
        return None
    printed_twice = _printed_twice(header, candidates)
    if printed_twice is not None:
        return printed_twice
    if (candidates[-1] == 0 and len(header[0].split()) >= 6 and not _has_tagline_word(header[0])
            and not _menu_follows(header, 0)):
        return 0
    nearest = candidates[0]
    above = _headline_above_standfirst(header, nearest, candidates)
    if above is not None:
        return above
    if len(header[nearest].split()) <= 4:
        for index in range(nearest - 1, max(nearest - 5, -1), -1):
            line = header[index]
            if index in candidates and len(line.split()) >= 6:
                return index
            if not (_is_date_line(line) or is_furniture(line) or _BYLINE.match(line)):
                break
    return nearest


def _printed_twice(header: list[str], candidates: list[int]) -> int | None:
    """The first headline-shaped line printed again further on (or begun again: a
    shortened reprint), at least five words long."""
    keys = {index: fold(header[index]).rstrip(" .…") for index in candidates}
    for index in sorted(candidates):
        key = keys[index]
        if len(key.split()) < 5:
            continue
        for other in range(len(header)):
            if other == index:
                continue
            text = fold(header[other]).rstrip(" .…")
            shorter = min(len(text), len(key))
            if text == key or (len(text.split()) >= 5 and shorter >= 0.5 * len(key)
                               and key.startswith(text) and (len(text) == len(key) or not key[len(text)].isalnum())):
                # "Headline - Site" and "Headline": the print without the site's name
                tail = key[len(text):]
                return other if _SITE_TAIL.fullmatch(tail) and other in candidates else index
    return None


# What a page's <title> adds after the headline: " - DIA", " | Le Journal".
_SITE_TAIL = re.compile(r"\s+[|–—-]\s+\S+(?:\s\S+){0,3}")


# "Home > World > Africa > …": a path through the site, two separators or more.
_BREADCRUMB = re.compile(r"^[^>›»]{1,40}\s[>›»]\s[^>›»]{1,40}\s[>›»]\s")


def _is_issuer(line: str) -> bool:
    """The bare name of the body that issues a release ("Department of State", "Ministère
    de l'Europe et des Affaires étrangères"): capitalised, no article, no colon, short."""
    return (line[:1].isupper() and ":" not in line and len(line.split()) <= 8
            and _starts_with_phrase(fold(line), page_phrases().issuers))


def _menu_follows(header: list[str], index: int) -> bool:
    """Three lines of one or two words after a line: a menu, under the site's masthead."""
    following = header[index + 1:index + 4]
    return len(following) == 3 and all(len(line.split()) <= 2 for line in following)


def _headline_above_standfirst(header: list[str], nearest: int, candidates: list[int]) -> int | None:
    """A headline printed right above a much longer line: that line is its standfirst."""
    previous = nearest - 1
    if previous not in candidates:
        return None
    headline, standfirst = len(header[previous].split()), len(header[nearest].split())
    if standfirst >= 15 and standfirst >= 1.5 * headline and headline >= 4:
        return previous
    return None


def _is_title_like(line: str, outlet: str | None = None) -> bool:
    if is_furniture(line) or _is_date_line(line) or _BYLINE.match(line) or _LOGO.match(line):
        return False
    if outlet and fold(line) == fold(outlet) or is_tagline(line, outlet) or is_caption(line):
        return False
    if re.search(r"\S@\S|https?://|www\.", line):
        return False  # an address, an e-mail header
    if _is_issuer(line) or _BREADCRUMB.search(line):
        return False
    words = len(line.split())
    return 3 <= words <= 30 and len(line) <= 220 and not line.endswith((".", ":", ","))


def _section(header: list[str], title_index: int) -> str | None:
    """The outlet's rubric: a short label printed just above the headline."""
    index = title_index - 1
    while index >= 0 and (is_furniture(header[index]) or _is_date_line(header[index])) and title_index - index <= 2:
        index -= 1  # "World" / "Subscribe now" (or a dateline) / headline: not the rubric
    if index < 0:
        return None
    line = header[index]
    words = len(line.split())
    if (
        1 <= words <= 4
        and not is_furniture(line)
        and not _is_date_line(line)
        and not _BYLINE.match(line)
        and line[:1].isupper()
        and not _TERMINAL.search(line)
    ):
        return line
    return None


# --------------------------------------------------------------------------- outlet


# News agencies whose name a wire story's dateline carries.
_AGENCIES = ("AFP", "AP", "APS", "Reuters", "MAP", "TAP", "ANSA", "dpa", "DPA", "Xinhua", "Anadolu", "AA",
             "Sputnik", "Belga", "ATS", "EFE", "Efe", "WAFA", "QNA", "SPA", "MENA", "IRNA", "KUNA")
# A wire dateline opening a story: "WASHINGTON, Jan 5 (Reuters) - ", "ALGER - ",
# "Alger, 5 mai 2025 (APS) - ". The place is in capitals, or an agency follows it.
WIRE_DATELINE = re.compile(
    r"""^(?:(?:[A-ZÀ-Ý][A-ZÀ-Ý'’ ./-]{2,30}(?:,[^()\n–—-]{1,30})?(?:\s*\((?P<note>[^()\n]{2,25})\))?
        |[A-ZÀ-Ý][\w'’ .-]{2,30}(?:,[^()\n–—-]{1,30})?\s*\((?P<agency>""" + "|".join(_AGENCIES) + r""")\))
        \s*(?:--|[-–—])\s+
        |[A-ZÀ-Ý][\w'’ .-]{2,30}(?:,[^|\n]{1,30})?\s*\|\s*(?P<piped>""" + "|".join(_AGENCIES + ("Xinhua",)) + r""")\s*\|\s*
        )(?=[\w"“«])""",
    re.X,
)


def _wire_agency(paragraphs: list[str]) -> str | None:
    """'Reuters' from a first paragraph opening "WASHINGTON, Jan 5 (Reuters) - "."""
    match = WIRE_DATELINE.match(paragraphs[0]) if paragraphs else None
    if match is None:
        return None
    return match["agency"] or match["piped"] or (match["note"] if match["note"] in _AGENCIES else None)


def _outlet(lines: list[str]) -> str | None:
    """The outlet's name from its logo line, else from its copyright line."""
    for line in lines[:40]:
        logo = _LOGO.match(line)
        if logo:
            return _spelled_as_in_text(logo.group("name").strip(), lines) or _title_case(
                logo.group("name")
            )
    for line in reversed(lines):
        name = copyright_holder(line)
        if name:
            return name
    return None


_LEGAL_WORDS = re.compile(
    r"©️?|\(c\)|copyright|tous droits réservés|tous droits reserves|all rights reserved|all content|"
    r"reproduction[^—–|·•]*|mentions légales|politique de confidentialité|privacy policy|"
    r"\b(?:19|20)\d{2}\b(?:\s*[-–]\s*(?:19|20)\d{2})?",
    re.I,
)
# The company behind an outlet, as a copyright line names it: "Premium Times Services Limited".
_COMPANY_SUFFIX = re.compile(r"(?:\s+(?:ltd|limited|inc|llc|plc|sarl|sas|s\.a\.|gmbh|media group|services)\.?)+$", re.I)


def copyright_holder(line: str) -> str | None:
    """'© 2024 Sahel Matin. Tous droits réservés.' → 'Sahel Matin'."""
    folded = fold(line)
    if len(line) > 200 or not re.search(r"©|\(c\)|copyright|droits reserves|all rights reserved", folded):
        return None
    if is_caption(line):
        return None  # a picture's credit, not the site's copyright
    remainder = _LEGAL_WORDS.sub("|", line)
    for chunk in re.split(r"\s*(?:[|—–·•]|\s-\s|,|\.(?:\s|$))\s*", remainder):
        chunk = _COMPANY_SUFFIX.sub("", chunk.strip(" -.,|"))
        if re.search(r"[^\W\d_]", chunk) and len(chunk.split()) <= 6:
            return chunk
    return None


def _spelled_as_in_text(token: str, lines: list[str]) -> str | None:
    """'ledesk' → 'Le Desk' when the page writes "du Desk" somewhere."""
    compact = re.sub(r"\W", "", fold(token))
    text = " ".join(lines)
    for match in re.finditer(r"\b(?:(du|des|le|la|les|l')\s*)?((?:[A-Z][\w'’-]*\s?){1,3})", text):
        article, name = match.group(1), match.group(2).strip()
        candidates = [name]
        if article:
            candidates.insert(0, {"du": "Le", "des": "Les", "le": "Le", "la": "La",
                                  "les": "Les", "l'": "L'"}[article.lower()] + " " + name)
        for candidate in candidates:
            if re.sub(r"\W", "", fold(candidate)) == compact:
                return candidate
    return None


def _title_case(name: str) -> str:
    return " ".join(word.capitalize() for word in name.split())
