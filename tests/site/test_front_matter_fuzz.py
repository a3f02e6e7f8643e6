"""A property-based front matter fuzzer (Hypothesis): whatever an editor or a hostile
file writes between the `---` lines, the outcome is one of two.

- Refused: `check` and `build` both exit 1, every line they print about it is one
  `content/fuzz.md:line: message` (no traceback, no OS error), and the last good `_site/`
  is left byte for byte as it was.
- Built: both exit 0, every feed and the sitemap are well-formed XML (feedparser finds no
  fault in the feeds), and the article's page shows its title.

Each case also runs in bounded time (Hypothesis' deadline) and memory (the process'
peak after all the cases). The documents are made of fragments known to have broken the
build once (impossible dates, YAML tags, aliases and alias bombs, control characters,
aliases over generated files, thousands of terms, javascript: links…) mixed with valid
values, so that both outcomes are reached. The cases are derandomized, the same at every
run; `FUZZ_EXPLORE=1` draws new ones.

Cases run: PARSE_EXAMPLES documents parsed, BUILD_EXAMPLES sites checked and built."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import re
import resource
import shutil
import tracemalloc
import xml.dom.minidom
from datetime import timedelta
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder import cli
from site_builder.config import load_config
from site_builder.model.load import parse_file
from site_builder.model.publishing import hold_reason
from tests.helpers import SAMPLE, THEME
from tests.site.test_invalid_content import tree_digest

# The build cases count what they saw for the last test: one worker runs them all.
pytestmark = pytest.mark.xdist_group("front-matter-fuzz")

PARSE_EXAMPLES = 200
BUILD_EXAMPLES = 120
EXPLORE = os.environ.get("FUZZ_EXPLORE") == "1"
FUZZ = dict(derandomize=not EXPLORE, database=None, suppress_health_check=[HealthCheck.too_slow,
            HealthCheck.function_scoped_fixture, HealthCheck.data_too_large])
PEAK_BYTES_PER_DOCUMENT = 64 * 2**20
"""What parsing one document may allocate at its peak (a 1 MB file needs a few)."""
PEAK_PROCESS_BYTES = 2**30
"""The test process' peak resident memory after every build (an alias bomb expanded
takes gigabytes; the builds of this small site, tens of megabytes)."""

NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# -- fragments ---------------------------------------------------------------------
# Each field is drawn from good values most of the time and from hostile ones else,
# so that about half the documents build.

WORDS = st.sampled_from([
    "Alger", "Washington", "coopération", "militaire", "Sahel", "l’ONU", "« sommet »", "R&D", "<b>gras</b>",
    "Côte d’Ivoire", "!", "?", "é", "x" * 300, "{{ site.title }}", "{% raw %}", "&amp;", "]]>",
])
# Escapes of characters XML cannot carry (removed with a warning), and of some it can.
ESCAPES = st.sampled_from(["\\x0b", "\\x01", "\\uFFFE", "\\uFFFF", "\\0", "\\x1f", "\\e", "\\x85", "\\t", "\\N", "\\x7f"])
ODD_TEXTS = st.sampled_from([
    "", "~", "[a, b]", "{a: 1}", "12", "true", "!!int abc", "!!bool maybe", "!!str 12", "!!binary aGVsbG8=",
    "|\n  deux\n  lignes", "'a\n  b'", '"\\x0b"', "*nulle", "&ancre texte",
])


def mostly(draw, good, bad, odds: int = 6):
    """A good value, or one time in `odds` a hostile one (Hypothesis shrinks towards
    small numbers, so towards the good value)."""
    return draw(bad) if draw(st.integers(1, odds)) == odds else draw(good)


@st.composite
def good_text(draw) -> str:
    """A YAML scalar holding text: plain, single- or double-quoted (with escapes)."""
    words = draw(st.lists(WORDS, min_size=1, max_size=4))
    style = draw(st.sampled_from(["plain", "single", "double"]))
    if style == "double":
        parts = [word.replace("\\", "\\\\").replace('"', '\\"') for word in words]
        parts += draw(st.lists(ESCAPES, max_size=2))
        return '"' + " ".join(draw(st.permutations(parts))) + '"'
    if style == "single":
        return "'" + " ".join(words).replace("'", "''") + "'"
    return " ".join(word for word in words if word[:1] not in "!?{[]&*|>'\"%@`") or "Mot"


@st.composite
def text_value(draw) -> str:
    return mostly(draw, good_text(), ODD_TEXTS)


GOOD_DATES = st.sampled_from([
    "2024-03-01", "2023-12-05T17:41:00+01:00", "'2024-03-01T10:00:00Z'", "2019-1-1 6:13:00", "2024-02-29",
    "1900-01-01", "'2999-12-31T23:59:59+14:00'",
])
BAD_DATES = st.sampled_from([
    "2024-02-30", "2023-02-29", "2024-13-01", "2024-03-01T25:00:00", "2024-03-01T23:59:60", "2024-03-01T10:00:00+25:00",
    "9999-12-31T23:59:59-12:00", "0001-01-01", "'0001-01-01T00:00:00+05:00'", "1899-12-31", "3000-01-01",
    "'le 12 mars'", "!!timestamp garbage", "!!str 2024-03-01", "'2024-02-30'", "20240301", "[2024-03-01]", "",
])
GOOD_COUNTRIES = st.sampled_from(["Algérie", "France", "Etats-Unis", "USA", "'Côte d’Ivoire'", "Maroc"])
BAD_COUNTRIES = st.sampled_from(["Frence", "Atlantide", "12", "''", "[x]"])
GOOD_ALIASES = st.sampled_from(["/2023/12/ancien/", "/vieux.html", "/a/b/c/", "/ok/" * 30])
BAD_ALIASES = st.sampled_from([
    "/feed.xml", "/sitemap.xml", "/robots.txt", "/404.html", "/static/style.css", "/pays/algerie/feed.xml", "/pays/",
    "/articles/fuzz/", "/pagefind/x/", "../dehors", "/a/../../b", "https://x.org/", "/" + "a" * 256 + "/",
    "/" + "b" * 300 + ".html", "/.nojekyll", "/feed.xml/x/", "''", "/vieux.html/x/",
])
URLS = st.sampled_from([
    "https://example.org/a", "http://x.org", "mailto:a@b.c", "/relatif", "javascript:alert(document.domain)",
    "JaVaScRiPt:alert(1)", "\"java\\tscript:alert(1)\"", "' javascript:alert(1)'", "\"\\x01javascript:alert(1)\"",
    "data:text/html,<script>alert(1)</script>", "vbscript:x", "''",
])


def block_list(items: list[str]) -> str:
    return "".join(f"\n- {item}" for item in items) if items else " []"


@st.composite
def sized_list(draw, items) -> str:
    """A short list, or now and then one around the limit of 50 terms or actors."""
    count = mostly(draw, st.integers(0, 5), st.sampled_from([50, 51, 200]), odds=8)
    return block_list([draw(items) for _ in range(count)])


@st.composite
def actor(draw) -> str:
    if draw(st.booleans()):
        return draw(text_value())
    role = draw(st.one_of(st.just(""), text_value().map(lambda role: f", role: {role}")))
    country = draw(st.one_of(st.just(""), GOOD_COUNTRIES.map(lambda country: f", country: {country}")))
    return "{name: " + draw(good_text()) + role + country + "}"


BENIGN_EXTRAS = st.sampled_from([
    "draft: false", "lang: en", "section: Rubrique", "slug: un-slug", "note: texte libre", "event: 2024-02-28",
    "draft: true", "date_source: file", "merge:\n  <<: {a: 1}", "big: 99999999999999999999999999999",
    "section: \"Rubrique\\x0b\"", "set: !!set {a}",
])
HOSTILE_EXTRAS = st.sampled_from([
    "event: 2024-02-30", "count: !!int abc", "when: !!timestamp garbage", "flag: !!bool maybe", "ratio: !!float x",
    "base: &x [1, 2]\ncopy: *x", "self: &s [*s]",
    "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]",
    "deep: " + "[" * 200 + "]" * 200, "deep: " + "[" * 2000 + "]" * 2000, "deep:\n" + "- " * 50_000 + "v",
    "obj: !!python/object:os.system x", "? [complexe]\n: clé", "tag: [a]", "sumary: x",
    "key: \"\\ud800\"", "draft: maybe", "lang: [xx]", "slug: ''", "1: un", "tags: [a, b]", "tags:\n  lieux: [x]",
])
BODIES = st.sampled_from([
    "Corps de l’article.\n",
    "[lien](javascript:alert(1)) et <script>alert(1)</script> et [bon](https://x.org)\n",
    ">" * 3000 + " citation\n",
    "".join(f"[r{n}]: https://x.org/{n}\n" for n in range(300)) + "[r1] fin\n",
    "- a\n" + "".join("  " * depth + "- b\n" for depth in range(1, 40)),
    "texte\x0b avec\x01 contrôle\n",
    "",
])


@st.composite
def document(draw) -> str:
    """A content file: front matter made of optional fields in any order, then a body."""
    lines = []
    for key, good, bad in (("title", text_value(), st.just(None)), ("date", GOOD_DATES, BAD_DATES),
                           ("summary", text_value(), st.just(None))):
        value = mostly(draw, good, bad, odds=8)
        if value is not None:
            lines.append(f"{key}: {value}")
    if draw(st.booleans()):
        lines.append(f"updated: {mostly(draw, GOOD_DATES, BAD_DATES)}")
    if draw(st.booleans()):
        countries = sized_list(st.builds(lambda good, bad, odd: odd and bad or good, GOOD_COUNTRIES, BAD_COUNTRIES,
                                         st.integers(1, 8).map(lambda n: n == 8)))
        lines.append("tags:\n  countries:" + draw(countries).replace("\n", "\n  ")
                     + "\n  topics:" + draw(sized_list(text_value())).replace("\n", "\n  "))
    if draw(st.booleans()):
        lines.append("actors:" + draw(sized_list(actor())))
    if draw(st.integers(0, 2)) == 0:
        lines.append("aliases:" + block_list([mostly(draw, GOOD_ALIASES, BAD_ALIASES, odds=3)]))
    if draw(st.integers(0, 2)) == 0:
        lines.append(f"source:\n  name: {draw(good_text())}\n  url: {draw(URLS)}")
    lines += draw(st.lists(BENIGN_EXTRAS, max_size=2, unique=True))
    if draw(st.integers(1, 5)) == 5:
        lines.append(draw(HOSTILE_EXTRAS))
    lines = draw(st.permutations(lines))
    body = mostly(draw, st.just("Corps de l’article.\n"), BODIES, odds=3)
    return "---\n" + "\n".join(lines) + "\n---\n" + body


# -- the properties ----------------------------------------------------------------

PROBLEM_LINE = re.compile(r"^(?:/.*/)?content/fuzz\.md:(\d+): (?!warning: )\S.*$")


def one_line_problems(lines: list[str], text: str) -> None:
    """Each line is `content/fuzz.md:N: message`, N a line of the file."""
    assert lines, "exit 1 without a problem"
    last_line = text.count("\n") + 1
    for line in lines:
        match = PROBLEM_LINE.match(line)
        assert match, f"not one `path:line: message`: {line!r}"
        assert 1 <= int(match.group(1)) <= last_line, line


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz-parse")
    (root / "content").mkdir()
    (root / "site.yaml").write_text("timezone: Africa/Algiers\n", encoding="utf-8")
    return load_config(root / "site.yaml")


@settings(max_examples=PARSE_EXAMPLES, deadline=timedelta(seconds=5), **FUZZ)
@given(text=document())
def test_any_front_matter_parses_to_one_line_problems_or_a_clean_article(config, text):
    path = config.content_dir / "fuzz.md"
    path.write_text(text, encoding="utf-8")
    tracemalloc.start()
    try:
        article, problems = parse_file(str(path), path.stat().st_size, config, Path("content"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < PEAK_BYTES_PER_DOCUMENT
    errors = [str(problem) for problem in problems if not problem.warning]
    if article is None:
        one_line_problems(errors, text)
        return
    assert not errors
    meta = article.meta
    texts = [meta.title, meta.summary, meta.section, meta.source.name, meta.source.url, *meta.countries,
             *meta.topics, *(part for actor in meta.actors for part in (actor.name, actor.role, actor.country))]
    assert not any(NOT_IN_XML.search(value) for value in texts)
    assert meta.title and meta.summary and "\n" not in meta.title
    for moment in (meta.date, meta.updated):
        assert moment is None or 1900 <= moment.year <= 2999
    assert len(meta.topics) <= 50 and len(meta.countries) <= 50 and len(meta.actors) <= 50


def run(*arguments: str) -> tuple[int, list[str]]:
    """A command in this process (a build of the small site takes a tenth of a second
    here, a second in a new one): its exit status and what it printed on stderr. Any
    exception escaping it fails the case: it would have been a traceback."""
    errors = io.StringIO()
    with contextlib.redirect_stderr(errors), contextlib.redirect_stdout(io.StringIO()):
        code = cli.main(list(arguments))
    return code, errors.getvalue().splitlines()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Two articles of the sample site, and its last good build."""
    root = tmp_path_factory.mktemp("fuzz-build")
    (root / "content").mkdir()
    for name in ("alger-washington-cooperation-militaire.md", "algerie-brics-candidature.md"):
        shutil.copy(SAMPLE / "content" / name, root / "content" / name)
    (root / "site.yaml").write_text(
        f"title: Le Fil\nbase_url: https://example.org/fil/\ntimezone: Africa/Algiers\nsearch: false\ntheme_dir: {THEME}\n",
        encoding="utf-8",
    )
    assert run("build", "--config", str(root / "site.yaml"))[0] == 0
    return {"root": root, "good": tree_digest(root / "_site"), "built": 0, "refused": 0}


@settings(max_examples=BUILD_EXAMPLES, deadline=timedelta(seconds=20), **FUZZ)
@given(text=document())
def test_any_front_matter_is_one_line_errors_and_the_old_site_or_a_correct_build(site, text):
    root = site["root"]
    (root / "content" / "fuzz.md").write_text(text, encoding="utf-8")
    check_code, check_lines = run("check", "--config", str(root / "site.yaml"))
    build_code, build_lines = run("build", "--config", str(root / "site.yaml"))
    assert (check_code, build_code) in ((0, 0), (1, 1)), (check_lines, build_lines)
    if build_code == 1:
        site["refused"] += 1
        one_line_problems([line for line in check_lines if not line.startswith("check: ") and ": warning: " not in line], text)
        one_line_problems([line for line in build_lines if ": warning: " not in line], text)
        assert tree_digest(root / "_site") == site["good"], "a refused build changed the site"
        return
    site["built"] += 1
    out = root / "_site"
    site["good"] = tree_digest(out)
    assert all(": warning: " in line for line in build_lines), build_lines
    for path in out.rglob("*.xml"):
        xml.dom.minidom.parse(str(path))  # raises on anything not well-formed
    for path in out.rglob("feed.xml"):
        assert not feedparser.parse(path.read_bytes()).bozo, path
    config = load_config(root / "site.yaml")
    article, _ = parse_file(str(root / "content" / "fuzz.md"), len(text.encode()), config, Path("content"))
    if not hold_reason(article, config, dt.datetime.now(config.zone)):  # drafts, undated or future: no page
        page = out / "articles" / article.slug / "index.html"
        heading = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find("h1").get_text()
        assert [c for c in heading if c.isalnum()] == [c for c in article.meta.title if c.isalnum()]
        for link in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all(href=True):
            assert not link["href"].strip().lower().startswith(("javascript:", "data:", "vbscript:")), link


def test_the_fuzzed_builds_reached_both_outcomes_in_bounded_memory(site):
    """Runs after the builds (file order): a fuzzer that only ever refused, or only ever
    built, would test half of the contract."""
    if site["built"] + site["refused"] == 0:
        pytest.skip("the build fuzzer did not run")
    print(f"fuzzed builds: {site['built']} built, {site['refused']} refused")  # shown with -s
    assert site["built"] >= 10 and site["refused"] >= 10, site
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 < PEAK_PROCESS_BYTES
