"""Interface words come from the theme, one file per language (theme/i18n/<lang>.yaml):
the sample site built with `language: en` shows no French interface word, dates in
English and lang="en"; a word missing from a language file stops the build."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from babel.dates import get_month_names
from bs4 import BeautifulSoup

from tests.helpers import SAMPLE, THEME, copy_site, run_cli

# The default taxonomies' names are the site's (site.yaml), not the theme's.
ENGLISH_TAXONOMIES = """
taxonomies:
  countries: {label: Countries, singular: Country}
  topics: {label: Topics, singular: Topic}
  actors: {label: People, singular: Person}
"""


def english_site(folder: Path, theme: Path = THEME) -> Path:
    site = copy_site(SAMPLE, folder)
    config = site / "site.yaml"
    text = config.read_text(encoding="utf-8").replace("language: fr\n", "language: en\n")
    text = re.sub(r"(?m)^theme_dir:.*$", f"theme_dir: {theme}", text)
    config.write_text(text + ENGLISH_TAXONOMIES, encoding="utf-8")
    return site


def words(language: str) -> dict[str, str]:
    return yaml.safe_load((THEME / "i18n" / f"{language}.yaml").read_text(encoding="utf-8"))


def plain(text: str) -> str:
    return re.sub(r"[\s\u202f\xa0]+", " ", text)


def page_strings(soup: BeautifulSoup) -> list[str]:
    """Every text node and attribute value of a page, and the search box's words."""
    found = [str(node) for node in soup.find_all(string=True)]
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            found.extend(value if isinstance(value, list) else [value])
            if name == "data-words":
                found.extend(json.loads(value).values())
    return [plain(text) for text in found]


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("english")
    site = english_site(folder / "site")
    out = folder / "out"
    result = run_cli("build", "--config", str(site / "site.yaml"), "--clean", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def test_the_english_file_gives_every_word_of_the_french_one():
    assert list(words("en")) == list(words("fr"))


def test_an_english_build_shows_no_french_interface_word(english):
    french, english_words = words("fr"), words("en")
    content = plain(" ".join(path.read_text(encoding="utf-8") for path in (SAMPLE / "content").glob("*.md")))
    # French words that differ from the English ones and that no article itself contains.
    forbidden = {plain(text) for key, text in french.items() if text != english_words[key] and plain(text) not in content}
    assert {"Aller au contenu", "Page suivante", "Plus ancien", "Flux Atom", "Effacer", "Affiner", "Année"} <= forbidden
    pages = sorted(english.rglob("*.html"))
    assert len(pages) > 20
    seen = set()
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        if soup.html.get("http-equiv") is None and soup.find("meta", attrs={"http-equiv": "refresh"}) is None:
            assert soup.html["lang"] == "en", page
        strings = page_strings(soup)
        for text in strings:
            hits = [word for word in forbidden if word in text]
            assert not hits, (page.relative_to(english), hits, text[:200])
        seen.update(strings)
    shown = " ".join(seen)
    for word in ("Skip to content", "Next page", "Older", "Atom feed", "Search articles…", "Filters", "Countries"):
        assert word in shown


def test_dates_and_months_are_written_in_english(english):
    french_months = {name.lower() for name in get_month_names("wide", locale="fr").values()}
    english_months = set(get_month_names("wide", locale="en").values())
    dates = []
    for page in english.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        dates += [node.get_text() for node in soup.select("time")]
        dates += [node.get_text() for node in soup.select(".timeline-ticks span")]
    assert dates
    assert not [date for date in dates if set(date.lower().split()) & french_months]
    assert any(set(date.split()) & english_months for date in dates)


def test_timeline_bars_are_titled_as_english_writes_them(english):
    soup = BeautifulSoup((english / "pays" / "algerie" / "index.html").read_text(encoding="utf-8"), "lxml")
    titles = [title.get_text() for title in soup.select("svg rect title")]
    assert titles
    for title in titles:
        assert re.fullmatch(r"[A-Z][a-z]+ \d{4}: \d+ articles?", title), title


def test_the_search_filters_are_named_in_english(english):
    filters = set()
    for path in (english / "pagefind" / "fragment").glob("*.pf_fragment"):
        import gzip

        data = gzip.decompress(path.read_bytes())
        filters |= set(json.loads(data[data.index(b"{"):])["filters"])
    assert filters >= {"Countries", "Topics", "People", "Year"}
    assert not filters & {"Pays", "Sujets", "Acteurs", "Année"}


def built(site: Path, out: Path):
    return run_cli("build", "--config", str(site / "site.yaml"), "--no-search", "--clean", "--out", str(out))


def test_a_word_missing_from_the_language_file_stops_the_build(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(THEME, theme)
    english_file = theme / "i18n" / "en.yaml"
    english_file.write_text(english_file.read_text(encoding="utf-8").replace('next_page: "Next page"\n', ""), encoding="utf-8")
    site = english_site(tmp_path / "site", theme)
    result = built(site, tmp_path / "out")
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [f"{english_file}: missing label 'next_page'"]
    # site.yaml's labels give it: the build goes through, with the site's word.
    with (site / "site.yaml").open("a", encoding="utf-8") as handle:
        handle.write("labels:\n  next_page: Onwards\n")
    result = built(site, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "Onwards" in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def test_a_language_the_theme_has_no_words_for_stops_the_build(tmp_path):
    site = english_site(tmp_path / "site")
    config = site / "site.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("language: en\n", "language: de\n"), encoding="utf-8")
    result = built(site, tmp_path / "out")
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        f"{THEME / 'i18n' / 'de.yaml'}: no interface words for language 'de' (the theme has: en, fr)"
    ]


def test_a_persons_role_dates_are_written_in_the_interface_language():
    import datetime as dt

    from site_builder.render.views import role_period

    start, end = dt.date(2019, 12, 19), dt.date(2021, 5, 3)
    assert role_period(start, None, "en", words("en")) == "since December 19, 2019"
    assert role_period(start, end, "en", words("en")) == "from December 19, 2019 to May 3, 2021"
    assert role_period(None, end, "en", words("en")) == "until May 3, 2021"
    assert role_period(start, None, "fr", words("fr")) == "depuis le 19 décembre 2019"


def test_a_broken_language_file_is_one_line_with_its_line(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(THEME, theme)
    english_file = theme / "i18n" / "en.yaml"
    english_file.write_text('home: "Home"\nskip: [unclosed\n', encoding="utf-8")
    result = built(english_site(tmp_path / "site", theme), tmp_path / "out")
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{english_file}:3: "), lines
