"""The Jinja2 environment: theme templates, autoescaping, and the few helpers they use."""

from __future__ import annotations

import hashlib
import re
import shutil
from functools import lru_cache
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from babel.numbers import format_decimal
from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError, select_autoescape
from jinja2.bccache import Bucket, BytecodeCache
from jinja2.compiler import CodeGenerator
from markupsafe import Markup, escape
from markupsafe import _escape_inner  # markupsafe's own C escaping, without its Markup wrapping

from ..buildkey import read_sealed, write_sealed
from ..config import SiteConfig
from ..errors import ThemeError
from .lead import summary_opens_body
from .urls import safe_link
from .views import Urls, babel_locale

# Interface words, French by default; site.yaml `labels:` overrides any of them.
DEFAULT_LABELS = {
    "home": "Accueil",
    "skip": "Aller au contenu",
    "search": "Rechercher",
    "search_placeholder": "Rechercher un article…",
    "newer": "Plus récent",
    "older": "Plus ancien",
    "previous_page": "Page précédente",
    "next_page": "Page suivante",
    "page": "Page",
    "of": "sur",
    "published": "Publié le",
    "updated": "Mis à jour le",
    "source": "Source",
    "countries": "Pays",
    "topics": "Sujets",
    "actors": "Acteurs",
    "related": "À lire aussi",
    "articles": "articles",
    "article": "article",
    "feed": "Flux Atom",
    "timeline": "Articles par mois",
    "span_from": "de",
    "span_to": "à",
    "with_countries": "Pays souvent associés",
    "with_actors": "Principaux acteurs",
    "not_found": "Page introuvable",
    "not_found_text": "Cette page n’existe pas ou a été déplacée.",
    "redirect": "Cette page a été déplacée :",
    "held_draft": "Brouillon : cet article n’est pas publié (draft: true).",
    "held_undated": "Brouillon — date à vérifier : elle vient du fichier, pas de l’article. "
    "Il reste hors du site publié tant qu’un éditeur n’a pas fixé la date et retiré « date_source ».",
    "held_future": "Brouillon — programmé : cet article sera publié à sa date.",
    "map": "Carte des pays couverts",
    "locator": "Situation sur la carte",
    "map_caption": "Nombre d’articles par pays. Cliquez sur un pays pour lire ses articles.",
    "map_legend": "Articles",
    "main_nav": "Rubriques",
    "neighbours": "Articles voisins",
    "pagination": "Pagination",
    "lead": "À la une",
    "most_covered": "Les plus suivis",
    "see_all": "Tout voir",
    "with_countries_topic": "Pays concernés",
    "back_home": "Retour à l’accueil",
    "by_count": "classés par nombre d’articles",
    "author": "Par",
    "at": "à",
    "map_touch_hint": "Sur un petit écran, touchez un pays dans la liste sous la carte.",
    # The search box's own words (Pagefind UI's translation keys after `search_ui_`).
    "search_ui_clear_search": "Effacer",
    "search_ui_load_more": "Afficher plus de résultats",
    "search_ui_search_label": "Rechercher sur ce site",
    "search_ui_filters_label": "Affiner",
    "search_ui_zero_results": "Aucun résultat pour « [SEARCH_TERM] »",
    "search_ui_many_results": "[COUNT] résultats pour « [SEARCH_TERM] »",
    "search_ui_one_result": "Un résultat pour « [SEARCH_TERM] »",
    "search_ui_alt_search": "Aucun résultat pour « [SEARCH_TERM] ». Résultats pour « [DIFFERENT_TERM] » :",
    "search_ui_search_suggestion": "Aucun résultat pour « [SEARCH_TERM] ». Essayez plutôt :",
    "search_ui_searching": "Recherche de « [SEARCH_TERM] »…",
    "year": "Année",
    "relations": "Relations",
    "relations_with": "Relations avec…",
    "relations_of_article": "Relations bilatérales",
    "people_of": "Personnalités",
    "pair_topics": "Sujets de la relation",
    "relation_articles": "articles citant les deux pays",
    "by_name": "classés par nom",
}

# French binds « » : ; ! ? to their word with a narrow no-break space: the space typed
# before the mark (after it, for «) becomes one.
_NBSP = "\u202f"
_MARKS_AFTER_SPACE = ":;!?»"
_MARK_BEFORE_SPACE = "«"


def _bind_marks(text: str) -> str:
    """Each space followed by one of : ; ! ? » or following «, made narrow and unbreakable.

    Found with one-character searches, which run at memory speed, where searching for
    " :" and the like (str.replace) crawled over an article's body at a nanosecond a
    character, once per mark: 30 us a page, a quarter of its render time. The spaces
    are told from the text as written: binding one never makes or unmakes another."""
    spaces = set()
    for mark in _MARKS_AFTER_SPACE:
        at = text.find(mark)
        while at != -1:
            if at and text[at - 1] == " ":
                spaces.add(at - 1)
            at = text.find(mark, at + 1)
    at = text.find(_MARK_BEFORE_SPACE)
    while at != -1:
        if text[at + 1 : at + 2] == " ":
            spaces.add(at + 1)
        at = text.find(_MARK_BEFORE_SPACE, at + 1)
    if not spaces:
        return text
    parts = []
    start = 0
    for space in sorted(spaces):
        parts.append(text[start:space])
        start = space + 1
    parts.append(text[start:])
    return _NBSP.join(parts)


@lru_cache(maxsize=65536)
def french_spacing(text: str) -> Markup:
    """Escape, then bind « » : ; ! ? to their word with a narrow no-break space."""
    escaped = str(escape(text))
    return Markup(_bind_marks(escaped))


_TAG = re.compile(r"(<[^>]*>)")
_VERBATIM = re.compile(r"<(/?)(pre|code)\b", re.I)


def french_spacing_html(html: str) -> Markup:
    """french_spacing for HTML this program produced (escaped text, so no space precedes a
    punctuation mark inside a tag); code is left alone."""
    html = str(html)
    if _VERBATIM.search(html):  # one pass, where two `in` tests took 6 us a body
        return _french_spacing_outside_code(html)
    return Markup(_bind_marks(html))


def _french_spacing_outside_code(html: str) -> Markup:
    parts = _TAG.split(html)
    verbatim = 0
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            match = _VERBATIM.match(part)
            if match:
                verbatim += -1 if match.group(1) else 1
        elif verbatim <= 0 and part:
            parts[index] = _bind_marks(part)
    return Markup("".join(parts))


@dataclass(frozen=True, slots=True)
class SiteView:
    """What templates know of the site itself."""

    title: str
    description: str
    language: str
    base_url: str
    base_path: str
    search: bool
    taxonomies: tuple


def labels(config: SiteConfig) -> MappingProxyType:
    """The interface words: the defaults, with site.yaml's `labels:` over them."""
    return MappingProxyType({**DEFAULT_LABELS, **config.labels})


@lru_cache(maxsize=4096)
def french_number(value: int, locale: str = "fr") -> str:
    """12345 → '12 345' (narrow no-break space, as French writes it)."""
    if 0 <= value < 1000:
        return str(value)
    return format_decimal(value, locale=babel_locale(locale))


@lru_cache(maxsize=16384)
def initials(name: str) -> str:
    """'Ahmed Attaf' → 'AA'; at most two letters, for an actor's badge."""
    letters = [word[0] for word in re.split(r"[\s\-]+", name) if word[:1].isalpha()]
    if len(letters) > 2:
        letters = [letters[0], letters[-1]]
    return "".join(letters).upper()


_OG_LOCALES = {"fr": "fr_FR", "en": "en_US", "ar": "ar_AR", "es": "es_ES", "de": "de_DE", "it": "it_IT", "pt": "pt_PT"}


def og_locale(lang: str) -> str:
    """'en' → 'en_US', as Open Graph writes locales; 'fr-BE' → 'fr_BE'."""
    language, _, region = lang.replace("_", "-").partition("-")
    if region:
        return f"{language.lower()}_{region.upper()}"
    return _OG_LOCALES.get(language.lower(), "fr_FR" if not language else f"{language.lower()}_{language.upper()}")


# Pagefind's search box shows filter values as HTML, and Pagefind decodes entities in
# them however deeply they are escaped: the characters that make markup or entities are
# written as look-alikes that cannot.
_FILTER_LOOKALIKES = str.maketrans({"<": "‹", ">": "›", "&": "＆"})


def filter_value(value: str) -> str:
    """A Pagefind filter value that shows as itself and never becomes markup:
    '<img onerror=…>' shows as '‹img onerror=…›'."""
    return str(value).translate(_FILTER_LOOKALIKES)


SEARCH_UI_PREFIX = "search_ui_"


def search_words(words) -> dict[str, str]:
    """The interface words for Pagefind's search box, as its `translations` option."""
    found = {key[len(SEARCH_UI_PREFIX):]: value for key, value in words.items() if key.startswith(SEARCH_UI_PREFIX)}
    return {"placeholder": words["search_placeholder"], **found}


def escape_output(value) -> str:
    """markupsafe.escape for a template's output, where the result is only joined into
    the page: plain text and markup, nearly every value a page prints, skip building a
    Markup object (a fifth of a page's render time went to that)."""
    kind = type(value)
    if kind is str:
        return _escape_inner(value)
    if kind is Markup:
        return value
    if kind is int or kind is float:  # digits, signs, dots: nothing to escape (charts print thousands)
        return str(value)
    return escape(value)


class _OutputCodeGenerator(CodeGenerator):
    """Jinja's code generator, writing autoescaped outputs through `escape_output`."""

    def _output_child_pre(self, node, frame, finalize) -> None:
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            self.write("environment.escape_output(")
            if finalize.src is not None:
                self.write(finalize.src)
        else:
            super()._output_child_pre(node, frame, finalize)


class _Environment(Environment):
    code_generator_class = _OutputCodeGenerator
    escape_output = staticmethod(escape_output)

    def make_globals(self, d):
        """A template's globals as one plain dict, not Jinja's ChainMap: each render copies
        them into its context, and copying a ChainMap runs in Python (30 us a page). The
        globals are all set before any template loads, and never changed after."""
        return {**self.globals, **(d or {})}


class SealedBytecodeCache(BytecodeCache):
    """Compiled templates on disk, each keyed by the build key as well as by its name and
    source: Jinja folds filter calls on constants (`'feed.xml'|url`, a partial) into the
    compiled code, and those depend on the configuration, the theme and this program.
    Each file is sealed (see buildkey): a damaged one is compiled again, never loaded."""

    def __init__(self, folder: Path, key: str):
        self.folder = folder
        self.key = key

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return hashlib.blake2b(f"{self.key}\0{name}\0{filename}".encode(), digest_size=16).hexdigest()

    def load_bytecode(self, bucket: Bucket) -> None:
        payload = read_sealed(self.folder / f"{bucket.key}.cache", self.key)
        if payload is not None:
            bucket.bytecode_from_string(payload)

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_sealed(self.folder / f"{bucket.key}.cache", bucket.bytecode_to_string(), self.key)
        except OSError:
            pass  # a read-only cache only costs time


def make_environment(config: SiteConfig, key: str | None = None) -> Environment:
    """The theme's environment; `key`, the build key, keeps compiled templates on disk
    under it (without one, templates are compiled in memory only)."""
    templates = config.theme_dir / "templates"
    if not templates.is_dir():
        raise ThemeError(f"{templates}: theme templates folder not found")
    bytecode_cache = None
    if key is not None:
        # One folder per build key; those of other keys are of no more use.
        compiled = config.cache_dir / "templates" / key[:32]
        for stale in [*config.cache_dir.glob("templates-*"), *config.cache_dir.glob("templates/*")]:
            if stale != compiled:
                shutil.rmtree(stale, ignore_errors=True)
        bytecode_cache = SealedBytecodeCache(compiled, key)
    env = _Environment(
        loader=FileSystemLoader(str(templates)),
        # Compiled templates, keyed by the build key: a fresh process skips compiling them.
        bytecode_cache=bytecode_cache,
        autoescape=select_autoescape(["html", "xml"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # One environment per build: never re-check template files between renders,
        # and keep every template in a plain dict (a theme has a dozen), not an LRU cache
        # that locks on each of the 40,000 lookups a big build makes.
        auto_reload=False,
        cache_size=-1,
    )
    urls = Urls(config)
    statics = static_hashes(config.theme_dir / "static")

    def asset(name: str) -> str:
        version = statics.get(name)
        return urls.page(f"static/{name}") + (f"?v={version}" if version else "")

    env.globals.update(
        site=SiteView(
            title=config.title,
            description=config.description,
            language=config.language,
            base_url=config.base_url,
            base_path=config.base_path,
            search=config.search,
            taxonomies=tuple(
                (taxonomy, urls.page(urls.taxonomy(taxonomy.key))) for taxonomy in config.taxonomies
            ),
        ),
        t=labels(config),
    )
    # Helpers are filters rather than functions: Jinja calls a filter directly, a
    # function through its context, and a build makes some 200,000 of these calls.
    rendered = _RenderedOnce(env)
    env.filters["url"] = urls.page
    env.filters["asset"] = asset
    env.filters["card"] = rendered.card
    env.filters["partial"] = rendered.partial
    # JSON in template order, through json's shared default encoder: Jinja's default
    # (sorted keys) makes a new encoder for each call.
    env.policies["json.dumps_kwargs"] = {}
    env.filters["fr"] = french_spacing
    env.filters["initials"] = initials
    env.filters["number"] = lambda value: french_number(value, config.language)
    env.filters["link"] = safe_link  # a URL from content or configuration: '' unless it may be a link
    env.filters["opens_body"] = summary_opens_body  # the summary is the body's first paragraph
    env.filters["og_locale"] = og_locale
    env.filters["search_words"] = search_words
    env.filters["filter_value"] = filter_value
    env.filters["safe_html"] = Markup  # only for HTML this program produced (Markdown output)
    env.filters["fr_html"] = french_spacing_html  # the same, with French spacing in its text
    return env


class _RenderedOnce:
    """What a build renders once and shows on many pages: an article's card (the same on
    the home page and each of its countries, topics and actors) and the layout's parts
    that depend only on the site and a few values (the masthead for each current
    section, the footer). Emptied before each build: its views and pages are new."""

    def __init__(self, env: Environment):
        self.env = env
        self.cards: dict[int, tuple[object, Markup]] = {}
        self.parts: dict[tuple, Markup] = {}

    def card(self, item) -> Markup:
        # Keyed by the view's identity (kept alive in the entry): views are rebuilt
        # every build, so an edited article never meets its old card.
        entry = self.cards.get(id(item))
        if entry is None:
            macro = self.env.get_template("partials/card.html").module.card
            entry = self.cards[id(item)] = (item, Markup(macro(item)))
        return entry[1]

    def partial(self, name: str, **values) -> Markup:
        key = (name, tuple(sorted(values.items())))
        part = self.parts.get(key)
        if part is None:
            part = self.parts[key] = Markup(self.env.get_template(name).render(values))
        return part

    def clear(self) -> None:
        self.cards.clear()
        self.parts.clear()


def forget_rendered_parts(env: Environment) -> None:
    """Drop the cards and layout parts of the last build (the two template filters are
    methods of one _RenderedOnce)."""
    env.filters["card"].__self__.clear()


def static_hashes(folder: Path) -> dict[str, str]:
    """Static file name → short content hash, for cache-busting asset URLs."""
    if not folder.is_dir():
        return {}
    return {
        path.relative_to(folder).as_posix(): hashlib.blake2b(path.read_bytes(), digest_size=4).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


TEMPLATE_SUFFIXES = (".html", ".xml", ".txt", ".svg")


def compile_templates(env: Environment) -> None:
    """Compile every template of the theme now, once, rather than in each render worker."""
    for name in env.list_templates(filter_func=lambda name: name.endswith(TEMPLATE_SUFFIXES)):
        try:
            env.get_template(name)
        except TemplateError as error:
            raise _theme_error(error, name) from None


def render(env: Environment, template: str, context: dict) -> str:
    try:
        return env.get_template(template).render(context)
    except TemplateError as error:
        raise _theme_error(error, template) from None


def _theme_error(error: TemplateError, template: str) -> ThemeError:
    where = getattr(error, "filename", None)
    line = getattr(error, "lineno", None)
    if not where or not line:
        where, line = _failing_template_line(error) or (where or template, line)
    return ThemeError(f"{where}:{line or 0}: template error: {error.message}")


def _failing_template_line(error: TemplateError) -> tuple[str, int] | None:
    """Where a template failed while rendering (an undefined name, say): Jinja rewrites
    the traceback so that template frames carry the template's file and line."""
    found = None
    trace = error.__traceback__
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if filename.endswith(TEMPLATE_SUFFIXES):
            found = (filename, trace.tb_lineno)
        trace = trace.tb_next
    return found
