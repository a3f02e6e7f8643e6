"""The finish of the reader's pages: the lead said once, bylines and sources, structured
data, French order, numbered pagination, related articles above a floor, the social
card and English articles. Built from the sample site plus a few articles made for it."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from site_builder.render.collation import french_key
from site_builder.render.lead import summary_opens_body
from site_builder.render.plan import numbered_pages
from tests.helpers import BASE_URL, SAMPLE, THEME, BuiltSite, copy_site, run_cli

EXTRA = {
    "lead-in-body.md": """---
title: Le Caire et Addis-Abeba reprennent les discussions sur le barrage
date: '2024-02-20T08:15:00+01:00'
author: Nadia Benali
source: {name: Le Quotidien, url: 'https://example.org/barrage'}
summary: L’Égypte et l’Éthiopie ont repris leurs discussions sur le grand barrage.
tags:
  countries: [Égypte, Éthiopie]
  topics: [Eau]
---
L’Égypte et l’Éthiopie ont repris leurs discussions sur le grand barrage. Les deux délégations se sont retrouvées au Caire.

Un accord n’est pas attendu avant l’été.
""",
    "english-article.md": """---
title: Algiers and Rome sign a gas agreement
date: '2024-02-21T08:15:00+01:00'
lang: en
source: {name: Wire, url: 'javascript:alert(1)'}
summary: Algeria and Italy signed a new gas supply agreement.
tags:
  countries: [Algérie, Italie]
  topics: [Énergie]
---
The agreement covers the next ten years of supply.
""",
    "no-source.md": """---
title: Une note sans source
date: '2024-02-22T08:15:00+01:00'
summary: Une note de la rédaction.
tags:
  countries: [Islande]
  topics: [Volcanologie]
---
Rien d’autre.
""",
}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def ld(page: BeautifulSoup) -> dict:
    return json.loads(page.select_one("script[type='application/ld+json']").string)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> BuiltSite:
    root = copy_site(SAMPLE, tmp_path_factory.mktemp("finish") / "site")
    for name, text in EXTRA.items():
        (root / "content" / name).write_text(text, encoding="utf-8")
    with (root / "site.yaml").open("a", encoding="utf-8") as handle:
        handle.write("search: false\nper_page: 2\n")
    out = root / "_site"
    result = run_cli("build", "--config", str(root / "site.yaml"), "--out", str(out), "--base-url", BASE_URL)
    assert result.returncode == 0, result.stderr
    return BuiltSite(root=root, out=out, base_url=BASE_URL)


def article(site: BuiltSite, slug: str) -> BeautifulSoup:
    return soup(site.out / "articles" / slug / "index.html")


def test_lead_is_said_once_when_the_summary_opens_the_body(site):
    page = article(site, "lead-in-body")
    assert page.select_one(".article-summary") is None
    body = page.select_one(".article-body")
    assert "opens-with-lead" in body["class"]
    assert page.get_text().count("ont repris leurs discussions sur le grand barrage") == 1 + 0
    # Search results still get the summary.
    assert page.select_one("meta[data-pagefind-meta='summary[content]']")["content"].startswith("L’Égypte")
    # Otherwise the standfirst stays.
    other = article(site, "alger-washington-cooperation-militaire")
    assert other.select_one(".article-summary") is not None
    assert "opens-with-lead" not in other.select_one(".article-body")["class"]


def test_summary_opens_body_rules():
    assert summary_opens_body("Un deux.", "<p>Un  deux. Trois.</p><p>Quatre</p>")
    assert summary_opens_body("L'accord", "<p>L’<em>accord</em> est signé.</p>")
    assert not summary_opens_body("Quatre", "<p>Un deux.</p><p>Quatre</p>")
    assert not summary_opens_body("Un", "<h2>Titre</h2>")


def test_byline_and_source_link_and_json_ld_author(site):
    page = article(site, "lead-in-body")
    assert page.select_one(".byline .author").get_text(" ", strip=True) == "Par Nadia Benali"
    link = page.select_one(".byline .source a")
    assert link["href"] == "https://example.org/barrage" and link.get_text() == "Le Quotidien"
    data = ld(page)
    assert data["author"] == {"@type": "Person", "name": "Nadia Benali"}
    assert data["publisher"]["name"] == "Le Fil diplomatique"
    assert data["isBasedOn"] == {"@type": "NewsArticle", "url": "https://example.org/barrage",
                                 "publisher": {"@type": "Organization", "name": "Le Quotidien"}}
    assert data["image"] == f"{site.base_url}static/social-card.png"


def test_unsafe_source_url_is_not_a_link(site):
    page = article(site, "english-article")
    source = page.select_one(".byline .source")
    assert source.get_text(" ", strip=True).endswith("Wire") and source.a is None
    assert "javascript" not in json.dumps(ld(page))


def test_no_source_means_no_author_rather_than_the_site(site):
    data = ld(article(site, "no-source"))
    assert "author" not in data and "isBasedOn" not in data
    data = ld(article(site, "alger-washington-cooperation-militaire"))
    assert data["author"] == {"@type": "Organization", "name": "Agence de test"}


def test_english_article_says_en_and_interface_stays_french(site):
    page = article(site, "english-article")
    assert page.select_one("html")["lang"] == "fr"
    assert page.select_one("article.article")["lang"] == "en"
    assert page.select_one("meta[property='og:locale']")["content"] == "en_US"
    assert ld(page)["inLanguage"] == "en"
    assert page.select_one(".byline")["lang"] == "fr"
    assert page.select_one(".article-terms")["lang"] == "fr"
    french = article(site, "lead-in-body")
    assert french.select_one("meta[property='og:locale']")["content"] == "fr_FR"
    assert not french.select_one(".byline").has_attr("lang")


def test_every_page_has_the_social_card_at_an_absolute_address(site):
    card = THEME / "static" / "social-card.png"
    data = card.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1200, 630)
    assert (site.out / "static" / "social-card.png").read_bytes() == data
    for path in ("index.html", "pays/index.html", "pays/algerie/index.html", "articles/no-source/index.html"):
        page = soup(site.out / path)
        assert page.select_one("meta[property='og:image']")["content"] == f"{site.base_url}static/social-card.png", path
        assert page.select_one("meta[property='og:image:alt']")["content"]
        assert page.select_one("meta[name='twitter:card']")["content"] == "summary_large_image"


def test_countries_index_ranks_ties_in_french_order(site):
    page = soup(site.out / "pays" / "index.html")
    rows = [(a.select_one(".bar-label").get_text(strip=True), int(a.select_one(".bar-count").get_text()))
            for a in page.select(".term-list a")]
    for count in {count for _, count in rows}:
        names = [name for name, n in rows if n == count]
        assert names == sorted(names, key=french_key), names
    ones = [name for name, n in rows if n == 1]
    # Accented names sort with their letter, not after Z.
    assert any(name.startswith("É") for name in ones) and not ones[-1].startswith("É")


def test_french_key_orders_accents_and_case_with_their_letter():
    names = ["Yémen", "États-Unis", "Égypte", "Espagne", "russie", "Émirats arabes unis", "Œcuménie", "Eau"]
    assert sorted(names, key=french_key) == ["Eau", "Égypte", "Émirats arabes unis", "Espagne", "États-Unis",
                                             "Œcuménie", "russie", "Yémen"]


def test_numbered_pages_logic():
    urls = [f"/p{n}/" for n in range(1, 10)]
    assert [n for n, _ in numbered_pages(1, 9, urls)] == [1, 2, 3, 0, 9]
    assert [n for n, _ in numbered_pages(5, 9, urls)] == list(range(1, 10))  # one-page gaps are shown
    assert [n for n, _ in numbered_pages(5, 12, [f"/p{n}/" for n in range(1, 13)])] == [1, 2, 3, 4, 5, 6, 7, 0, 12]
    assert [n for n, _ in numbered_pages(9, 9, urls)] == [1, 0, 7, 8, 9]
    assert numbered_pages(2, 3, urls[:3]) == [(1, "/p1/"), (2, "/p2/"), (3, "/p3/")]


def test_numbered_pagination_marks_the_current_page(site):
    total = len(list((site.out / "page").iterdir())) + 1
    assert total > 11
    page = soup(site.out / "page" / "8" / "index.html")
    nav = page.select_one("nav.pagination")
    numbers = [a.get_text(" ", strip=True).replace("Page ", "") for a in nav.select("a.pager-number")]
    assert numbers == ["1", "6", "7", "8", "9", "10", str(total)]
    assert [gap.get_text() for gap in nav.select(".pager-gap")] == ["…", "…"]
    current = nav.select("[aria-current]")
    assert len(current) == 1 and current[0]["aria-current"] == "page" and current[0]["href"] == f"{site.base_path}page/8/"
    assert nav.select("a.pager-number")[0]["href"] == site.base_path


def _terms(page: BeautifulSoup) -> tuple[set, set]:
    """An article page's countries and topics, and its actors."""
    chips = {a["href"] for a in page.select(".article-terms a.chip-country, .article-terms a.chip-topic")}
    actors = {a["href"] for a in page.select(".article-terms a.actor-name")}
    return chips, actors


def test_related_articles_share_an_actor_or_two_countries_or_topics(site):
    pages = {path.parent.name: soup(path) for path in (site.out / "articles").glob("*/index.html")}
    terms = {slug: _terms(page) for slug, page in pages.items()}
    shown = 0
    for slug, page in pages.items():
        items = page.select("aside.related li a")
        assert len(items) <= 5
        chips, actors = terms[slug]
        for item in items:
            other_chips, other_actors = terms[item["href"].rstrip("/").rsplit("/", 1)[1]]
            assert len(chips & other_chips) >= 2 or actors & other_actors, (slug, item["href"])
            shown += 1
    assert shown  # the floor leaves some
    # Islande and Volcanologie: nothing in common with any other article.
    assert pages["no-source"].select_one("aside.related") is None


def test_time_of_day_and_same_day_update_are_shown(site):
    page = article(site, "alger-washington-cooperation-militaire")  # 17:41, no update
    assert page.select_one(".byline .time-of-day").get_text(" ", strip=True) == "à 17 h 41"
    assert page.select_one(".byline .updated") is None
    lead = article(site, "lead-in-body")  # 08:15
    assert lead.select_one(".byline .time-of-day").get_text(" ", strip=True) == "à 8 h 15"


def test_a_date_without_time_shows_none_and_an_update_the_same_day_shows_its_time(tmp_path):
    root = copy_site(SAMPLE, tmp_path / "site")
    (root / "content" / "jour.md").write_text(
        "---\ntitle: Un jour\ndate: 2024-03-01\nsummary: Un résumé.\n---\nTexte.\n", encoding="utf-8")
    (root / "content" / "retouche.md").write_text(
        "---\ntitle: Une retouche\ndate: '2024-03-02T09:00:00+01:00'\nupdated: '2024-03-02T18:30:00+01:00'\n"
        "summary: Un résumé.\n---\nTexte.\n", encoding="utf-8")
    with (root / "site.yaml").open("a", encoding="utf-8") as handle:
        handle.write("search: false\n")
    result = run_cli("build", "--config", str(root / "site.yaml"), "--out", str(root / "_site"))
    assert result.returncode == 0, result.stderr
    day = soup(root / "_site/articles/jour/index.html")
    assert day.select_one(".byline .time-of-day") is None
    assert day.select_one(".byline time").get_text() == "1 mars 2024"
    touched = soup(root / "_site/articles/retouche/index.html")
    assert touched.select_one(".byline .updated").get_text(" ", strip=True) == "Mis à jour le 2 mars 2024 à 18 h 30"
