"""Relations pages: the sample site with extra Algeria–United States articles, built
under a sub-path base URL; pages parsed with BeautifulSoup, feeds with feedparser."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from site_builder.render.collation import french_key
from tests.helpers import BASE_URL, SAMPLE, BuiltSite, copy_site, run_cli

PAIR = Path("pays/algerie/etats-unis")

EXTRA = {
    "alger-washington-energie.md": """---
title: Alger et Washington parlent d’énergie
date: '2024-02-10T09:30:00+01:00'
summary: Le ministre algérien de l’Énergie a reçu une délégation américaine.
tags:
  countries: [Algérie, États-Unis]
  topics: [Énergie, Diplomatie]
actors:
- {name: Mohamed Arkab, role: ministre de l’Énergie, country: Algérie}
- {name: Elizabeth Moore Aubin, role: ambassadrice, country: États-Unis}
---
Les deux pays ont évoqué le gaz naturel.
""",
    "alger-washington-dialogue.md": """---
title: Dialogue stratégique entre l’Algérie et les États-Unis
date: '2024-03-02T11:00:00+01:00'
summary: Le dialogue stratégique algéro-américain s’est tenu à Alger.
tags:
  countries: [États-Unis, Algérie, Belgique]
  topics: [Diplomatie]
actors:
- {name: Ahmed Attaf, role: ministre des Affaires étrangères, country: Algérie}
- {name: Elizabeth Moore Aubin, role: ambassadrice, country: États-Unis}
---
Le dialogue a porté sur la sécurité régionale.
""",
}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def build_site(root: Path, extra_config: str = "") -> BuiltSite:
    for name, text in EXTRA.items():
        (root / "content" / name).write_text(text, encoding="utf-8")
    if extra_config:
        with (root / "site.yaml").open("a", encoding="utf-8") as handle:
            handle.write(extra_config)
    out = root / "_site"
    result = run_cli("build", "--config", str(root / "site.yaml"), "--out", str(out), "--base-url", BASE_URL)
    assert result.returncode == 0, result.stderr
    return BuiltSite(root=root, out=out, base_url=BASE_URL)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> BuiltSite:
    root = copy_site(SAMPLE, tmp_path_factory.mktemp("relations") / "site")
    return build_site(root, "search: false\n")


def test_pairs_named_together_often_enough_get_one_page_in_slug_order(site):
    assert (site.out / PAIR / "index.html").is_file()
    assert not (site.out / "pays/etats-unis/algerie").exists()
    # Named together by two articles only: below the default of three.
    assert not (site.out / "pays/chine/etats-unis").exists()
    assert not (site.out / "pays/espagne/maroc").exists()


def test_relations_page_lists_the_pairs_articles_timeline_people_and_topics(site):
    page = soup(site.out / PAIR / "index.html")
    assert page.select_one("html")["lang"] == "fr"
    heading = page.select_one("h1")
    assert heading.get_text(" ", strip=True) == "Algérie – États-Unis"
    assert [a["href"] for a in heading.select("a")] == [f"{site.base_path}pays/algerie/", f"{site.base_path}pays/etats-unis/"]
    articles = {a["href"].rstrip("/").rsplit("/", 1)[1] for a in page.select("main .cards a[href*='/articles/']")}
    assert articles == {"alger-washington-cooperation-militaire", "alger-washington-energie", "alger-washington-dialogue"}
    assert page.select_one("link[rel=canonical]")["href"] == f"{site.base_url}{PAIR}/"
    # The timeline: one bar per month with articles (December, February, March).
    bars = page.select("figure.timeline svg rect")
    assert sorted(bar.title.get_text() for bar in bars) == [
        "décembre 2023\u202f: 1 article", "février 2024\u202f: 1 article", "mars 2024\u202f: 1 article"]
    sides = page.select("section.relation-people")
    assert [s.h2.get_text(strip=True) for s in sides] == ["Personnalités — Algérie", "Personnalités — États-Unis"]
    algerians = [a.select_one(".bar-label").contents[0].strip() for a in sides[0].select("a")]
    americans = [a.select_one(".bar-label").contents[0].strip() for a in sides[1].select("a")]
    assert algerians == ["Ahmed Attaf", "Mohamed Arkab", "Mounir Zahi"]  # ties in French order
    assert americans == ["Elizabeth Moore Aubin", "Matthew Miller"]  # most articles first
    assert sides[1].select_one("a")["href"] == f"{site.base_path}acteurs/elizabeth-moore-aubin/"
    topics = [(a.select_one(".bar-label").get_text(strip=True), a.select_one(".bar-count").get_text()) for a in page.select("section.relation-topics a")]
    assert topics[0] == ("Diplomatie", "2")
    assert {"Défense", "Sécurité", "Énergie"} <= {label for label, _ in topics}


def test_relations_feed_is_valid_atom_with_the_pairs_articles(site):
    page = soup(site.out / PAIR / "index.html")
    link = page.select_one("link[rel=alternate][type='application/atom+xml'][title='Algérie – États-Unis']")
    assert link["href"] == f"{site.base_path}{PAIR}/feed.xml"
    feed = feedparser.parse((site.out / PAIR / "feed.xml").read_bytes())
    assert not feed.bozo
    assert feed.feed.title == "Le Fil diplomatique — Algérie – États-Unis"
    assert [entry.link.rsplit("/", 2)[1] for entry in feed.entries] == [
        "alger-washington-dialogue", "alger-washington-energie", "alger-washington-cooperation-militaire"]


def test_country_page_lists_its_relations_ranked(site):
    for country, other in (("algerie", "États-Unis"), ("etats-unis", "Algérie")):
        page = soup(site.out / "pays" / country / "index.html")
        section = page.select_one("section.relations-list")
        assert section.h2.get_text(strip=True) == "Relations avec…"
        links = section.select("a")
        assert [a.select_one(".bar-label").get_text() for a in links] == [other]
        assert links[0]["href"] == f"{site.base_path}{PAIR}/"
        assert links[0].select_one(".bar-count").get_text() == "3"
    assert soup(site.out / "pays/chine/index.html").select_one("section.relations-list") is None


def test_article_page_links_its_countries_relations(site):
    page = soup(site.out / "articles/alger-washington-dialogue/index.html")
    chips = page.select("a.chip-relation")
    assert [(a["href"], a.contents[0].strip()) for a in chips] == [(f"{site.base_path}{PAIR}/", "Algérie – États-Unis")]
    assert not soup(site.out / "articles/algerie-belgique-consultations/index.html").select("a.chip-relation")


def test_sitemap_lists_relations_pages(site):
    text = (site.out / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{site.base_url}{PAIR}/</loc>" in text


def test_threshold_comes_from_site_yaml_and_pages_paginate(tmp_path):
    root = copy_site(SAMPLE, tmp_path / "site")
    built = build_site(root, "search: false\nrelations_min_articles: 2\nper_page: 2\n")
    assert (built.out / "pays/chine/etats-unis/index.html").is_file()
    assert (built.out / "pays/espagne/maroc/index.html").is_file()
    second = built.out / PAIR / "page/2/index.html"
    assert second.is_file()
    page = soup(second)
    assert page.select_one("a[rel=prev]")["href"] == f"{built.base_path}{PAIR}/"
    assert page.select_one("figure.timeline") is None  # page 1 only
    ranked = [(a.select_one(".bar-label").get_text(), int(a.select_one(".bar-count").get_text()))
              for a in soup(built.out / "pays/etats-unis/index.html").select("section.relations-list a")]
    assert ranked[0] == ("Algérie", 3) and ("Chine", 2) in ranked
    assert ranked == sorted(ranked, key=lambda row: (-row[1], french_key(row[0])))


def test_bad_threshold_is_one_line_error(tmp_path):
    root = copy_site(SAMPLE, tmp_path / "site")
    with (root / "site.yaml").open("a", encoding="utf-8") as handle:
        handle.write("relations_min_articles: zero\n")
    result = run_cli("build", "--config", str(root / "site.yaml"), "--out", str(root / "_site"))
    assert result.returncode != 0
    assert "site.yaml:" in result.stderr and "relations_min_articles: must be a whole number" in result.stderr
    assert "Traceback" not in result.stderr


def test_incremental_builds_follow_relations_as_they_appear_and_change(tmp_path):
    """A relation born, an actor's role changed, an article leaving: incremental builds
    end with the same bytes as a clean build."""
    from tests.site.test_links_and_incremental import edit, same_trees

    root = copy_site(SAMPLE, tmp_path / "site")
    with (root / "site.yaml").open("a", encoding="utf-8") as handle:
        handle.write("search: false\n")
    content = root / "content"

    def build(*extra: str) -> None:
        result = run_cli("build", "--config", str(root / "site.yaml"), *extra)
        assert result.returncode == 0, result.stderr

    name, text = next(iter(EXTRA.items()))
    (content / name).write_text(text, encoding="utf-8")
    build()
    assert not (root / "_site" / PAIR).exists()  # two articles only
    for second, more in list(EXTRA.items())[1:]:
        (content / second).write_text(more, encoding="utf-8")
    build()
    assert (root / "_site" / PAIR / "index.html").is_file()
    edit(content / "alger-washington-dialogue.md", "role: ambassadrice", "role: ambassadrice des États-Unis")
    build()
    assert "ambassadrice des États-Unis" in (root / "_site" / PAIR / "index.html").read_text(encoding="utf-8")
    (content / name).unlink()
    build()
    assert not (root / "_site" / PAIR).exists()
    fresh = tmp_path / "fresh"
    build("--clean", "--out", str(fresh))
    assert same_trees(root / "_site", fresh) == []
