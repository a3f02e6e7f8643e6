"""Pelican 4.12 settings closest to site_builder's output (see bench/README.md).

Mapping: countries and topics -> Pelican tags (one namespace, /tag/<slug>/),
actors -> Pelican authors (/acteurs/<slug>/), the outlet rubric -> category
(category pages are not written: we have none). Each tag and author gets a
paginated list (20 per page) and an Atom feed of its 20 latest articles.
"""

AUTHOR = "Rédaction"
SITENAME = "Banc d’essai"
SITEURL = "https://bench.example.org"
PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"
TIMEZONE = "Africa/Algiers"
DEFAULT_LANG = "fr"
DEFAULT_DATE_FORMAT = "%d/%m/%Y %H:%M"
RELATIVE_URLS = False
SLUGIFY_SOURCE = "basename"
MARKDOWN = {"extension_configs": {"markdown.extensions.extra": {}}, "output_format": "html5"}

ARTICLE_URL = "articles/{slug}/"
ARTICLE_SAVE_AS = "articles/{slug}/index.html"
PAGE_SAVE_AS = ""
PAGE_URL = ""
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
AUTHOR_URL = "acteurs/{slug}/"
AUTHOR_SAVE_AS = "acteurs/{slug}/index.html"
CATEGORY_URL = ""
CATEGORY_SAVE_AS = ""
DIRECT_TEMPLATES = ["index"]
TAGS_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""

DEFAULT_PAGINATION = 20
PAGINATED_TEMPLATES = {"index": None, "tag": None, "author": None, "category": None}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

FEED_DOMAIN = SITEURL
FEED_MAX_ITEMS = 20
FEED_ALL_ATOM = "feed.xml"
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TAG_FEED_ATOM = "tag/{slug}/feed.xml"
AUTHOR_FEED_ATOM = "acteurs/{slug}/feed.xml"
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None

# Content cache, used by the no-op and one-edit rebuilds (the full build deletes it).
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = "cache"
CONTENT_CACHING_LAYER = "reader"
DELETE_OUTPUT_DIRECTORY = False
