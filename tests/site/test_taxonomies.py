"""Taxonomies declared in site.yaml: a new one is a config entry and nothing else, and
site.yaml's mistakes are one `site.yaml:line: message` each."""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from site_builder.config import DEFAULT_TAXONOMIES, load_config
from site_builder.errors import ConfigError
from tests.helpers import SAMPLE, copy_site, run_cli

BASE_URL = "https://example.org/repo/"
REGIONS = """
taxonomies:
  regions:
    label: Régions
    singular: Région
    path: regions
    kind: place
"""
# Which sample articles get which regions (in their front matter, under tags:).
TAGGED = {
    "algerie-belgique-consultations.md": ["Maghreb", "Europe"],
    "rabat-madrid-gazoduc.md": ["Maghreb", "Europe"],
    "sahel-retrait-minusma.md": ["Sahel"],
}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def add_regions(path: Path, regions: list[str]) -> None:
    text = path.read_text(encoding="utf-8")
    assert "\ntags:\n" in text, path
    listed = "".join(f"  - {region}\n" for region in regions)
    path.write_text(text.replace("\ntags:\n", f"\ntags:\n  regions:\n{listed}", 1), encoding="utf-8")


@pytest.fixture(scope="module")
def regions_site(tmp_path_factory):
    root = copy_site(SAMPLE, tmp_path_factory.mktemp("regions") / "site")
    with (root / "site.yaml").open("a", encoding="utf-8") as handle:
        handle.write(REGIONS)
    for name, regions in TAGGED.items():
        add_regions(root / "content" / name, regions)
    out = root / "_site"
    result = run_cli("build", "--config", str(root / "site.yaml"), "--out", str(out), "--base-url", BASE_URL)
    assert result.returncode == 0, result.stderr
    return out


def test_a_new_taxonomy_gets_its_index_term_pages_and_feeds(regions_site):
    index = soup(regions_site / "regions" / "index.html")
    assert index.select_one("h1").get_text(strip=True) == "Régions"
    listed = {a.get_text(" ", strip=True).split(" ")[0] for a in index.select("main a[href*='/regions/']")}
    assert {"Maghreb", "Europe", "Sahel"} <= listed
    maghreb = soup(regions_site / "regions" / "maghreb" / "index.html")
    assert maghreb.select_one("h1").get_text(strip=True) == "Maghreb"
    linked = {a["href"] for a in maghreb.select("main a[href*='/articles/']")}
    assert linked == {"/repo/articles/algerie-belgique-consultations/", "/repo/articles/rabat-madrid-gazoduc/"}
    feed = feedparser.parse((regions_site / "regions" / "maghreb" / "feed.xml").read_bytes())
    assert not feed.bozo
    assert feed.feed.title.endswith("Maghreb")
    assert sorted(entry.link for entry in feed.entries) == [
        BASE_URL + "articles/algerie-belgique-consultations/", BASE_URL + "articles/rabat-madrid-gazoduc/"]
    # The region is one of the article's categories in every feed.
    home_feed = feedparser.parse((regions_site / "feed.xml").read_bytes())
    sahel = next(entry for entry in home_feed.entries if entry.link.endswith("/sahel-retrait-minusma/"))
    assert "Sahel" in {tag.term for tag in sahel.tags}


def test_a_new_taxonomy_is_in_the_sitemap_navigation_article_pages_and_home(regions_site):
    sitemap = BeautifulSoup((regions_site / "sitemap.xml").read_text(encoding="utf-8"), "xml")
    locations = {loc.get_text() for loc in sitemap.find_all("loc")}
    assert {BASE_URL + "regions/", BASE_URL + "regions/maghreb/", BASE_URL + "regions/sahel/"} <= locations
    home = soup(regions_site / "index.html")
    assert "/repo/regions/" in {a["href"] for a in home.select("header nav a")}
    boxes = {box.select_one(".side-title").contents[0].strip(): box for box in home.select(".side-box")}
    assert list(boxes) == ["Pays", "Sujets", "Régions"]
    assert "/repo/regions/maghreb/" in {a["href"] for a in boxes["Régions"].select("a")}
    article = soup(regions_site / "articles" / "rabat-madrid-gazoduc" / "index.html")
    section = article.select_one("#regions-title").parent
    assert section.select_one("h2").get_text(strip=True) == "Régions"
    assert [a["href"] for a in section.select("a.chip")] == ["/repo/regions/maghreb/", "/repo/regions/europe/"]
    # A region's page lists the countries found with it; a country's page its regions.
    maghreb = soup(regions_site / "regions" / "maghreb" / "index.html")
    countries = {a.select_one(".bar-label").get_text() for a in maghreb.select(".companions-countries a")}
    assert {"Algérie", "Maroc", "Espagne", "Belgique"} <= countries
    morocco = soup(regions_site / "pays" / "maroc" / "index.html")
    assert [a.select_one(".bar-label").get_text() for a in morocco.select(".companions-regions a")][:1] in (["Europe"], ["Maghreb"])


def test_the_default_taxonomies_are_todays(tmp_path):
    (tmp_path / "site.yaml").write_text("title: Test\n", encoding="utf-8")
    config = load_config(tmp_path / "site.yaml")
    assert [(t.key, t.label, t.singular, t.path, t.kind) for t in config.taxonomies][:3] == [
        ("countries", "Pays", "Pays", "pays", "place"),
        ("topics", "Sujets", "Sujet", "sujets", "topic"),
        ("actors", "Acteurs", "Acteur", "acteurs", "person"),
    ]
    assert config.taxonomies == DEFAULT_TAXONOMIES


@pytest.mark.parametrize(
    ("yaml_text", "expected"),
    [
        ("taxonomies:\n  regions:\n    label: Régions\n    path: regions\n    kind: region\n",
         "site.yaml:5: taxonomies.regions.kind: must be one of place, topic, person, organisation, not 'region'"),
        ("title: T\ntaxonomies:\n  regions:\n    label: Régions\n    paht: regions\n    kind: place\n",
         "site.yaml:5: taxonomies.regions.paht: unknown key (did you mean 'path'?)"),
        ("taxonomies:\n  regions:\n    label: Régions\n    kind: place\n",
         "site.yaml:2: taxonomies.regions: a new taxonomy needs path"),
        ("taxonomies:\n  topics: {path: pays}\n",
         "site.yaml:2: taxonomies.topics.path: another taxonomy already uses the URL word 'pays'"),
        ("taxonomies:\n  title: {label: T, path: t, kind: topic}\n",
         "site.yaml:2: taxonomies.title: a front matter field of that name exists: choose another key"),
        ("taxonomies:\n  regions: {label: R, path: Régions, kind: place}\n",
         "site.yaml:2: taxonomies.regions.path: must be lowercase letters, digits and dashes"),
    ],
)
def test_taxonomy_mistakes_are_one_line_at_their_line(tmp_path, yaml_text, expected):
    (tmp_path / "site.yaml").write_text(yaml_text, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(tmp_path / "site.yaml")
    assert str(raised.value) == f"{tmp_path}/{expected}"
    result = run_cli("check", "--config", str(tmp_path / "site.yaml"))
    assert result.returncode != 0
    assert expected in result.stderr and "Traceback" not in result.stderr


def test_a_taxonomy_list_may_be_written_at_the_top_level(tmp_path):
    root = copy_site(SAMPLE, tmp_path / "site")
    with (root / "site.yaml").open("a", encoding="utf-8") as handle:
        handle.write(REGIONS)
    path = root / "content" / "sahel-retrait-minusma.md"
    path.write_text(path.read_text(encoding="utf-8").replace("\ntags:\n", "\nregions: [Sahel]\ntags:\n", 1), encoding="utf-8")
    out = root / "_site"
    result = run_cli("build", "--config", str(root / "site.yaml"), "--out", str(out), "--no-search")
    assert result.returncode == 0, result.stderr
    assert re.search(r"/articles/sahel-retrait-minusma/", (out / "regions" / "sahel" / "index.html").read_text())


def test_a_default_taxonomy_can_be_left_out(tmp_path):
    root = copy_site(SAMPLE, tmp_path / "site")
    with (root / "site.yaml").open("a", encoding="utf-8") as handle:
        handle.write("taxonomies:\n  organisations: false\n")
    out = root / "_site"
    result = run_cli("build", "--config", str(root / "site.yaml"), "--out", str(out), "--no-search")
    assert result.returncode == 0, result.stderr
    assert not (out / "organisations").exists()
    nav = [a.get_text(strip=True) for a in soup(out / "index.html").select("nav.site-nav a")]
    assert "Organisations" not in nav and "Acteurs" in nav


def test_check_reports_every_problem_of_site_yaml_in_one_run(tmp_path):
    (tmp_path / "site.yaml").write_text(
        "title: Test\n"
        "per_pag: 3\n"
        "timezone: Mars/Olympus\n"
        "taxonomies:\n"
        "  regions: {label: Régions, path: regions, kind: region}\n"
        "  topics: {lable: Thèmes}\n"
        "search: oui\n",
        encoding="utf-8",
    )
    result = run_cli("check", "--config", str(tmp_path / "site.yaml"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    shown = str(tmp_path / "site.yaml")
    assert result.stderr.strip().splitlines() == [
        f"{shown}:2: per_pag: unknown setting (did you mean 'per_page'?)",
        f"{shown}:3: timezone: unknown time zone 'Mars/Olympus'",
        f"{shown}:5: taxonomies.regions.kind: must be one of place, topic, person, organisation, not 'region'",
        f"{shown}:6: taxonomies.topics.lable: unknown key (did you mean 'label'?)",
        f"{shown}:7: search: must be true or false",
    ]
