"""The pictures drawn at build time, read from the built sample site: map, timelines, cards."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from site_builder.countries import country_code
from site_builder.render.worldmap import map_geometry

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

COUNT = re.compile(r"(\d[\d\u202f\xa0 ]*) articles?")


def _page(out: Path, relative: str) -> BeautifulSoup:
    return BeautifulSoup((out / relative / "index.html").read_text(encoding="utf-8"), "html.parser")


def _number(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def _list_counts(page: BeautifulSoup) -> dict[str, tuple[str, int]]:
    """href → (label, count) of the list beside the map."""
    return {
        a["href"]: (a.select_one(".bar-label").get_text(strip=True), _number(a.select_one(".bar-count").get_text()))
        for a in page.select(".term-list a")
    }


def test_map_links_every_listed_country_with_its_count(served):
    page = _page(served.out, "pays")
    listed = _list_counts(page)
    drawn = {a["href"]: a for a in page.select(".worldmap svg a")}
    drawable = map_geometry().shapes
    assert {"qa", "ss", "xk", "dz", "us"} <= set(drawable), "countries the source map lacks get a dot"
    for href, (label, count) in listed.items():
        if (country_code(label) or "").lower() not in drawable:
            continue
        assert href in drawn, f"{label} is listed but not on the map"
        link = drawn[href]
        assert link["data-country"] == country_code(label).lower()
        assert link.title.get_text().startswith(label)
        assert _number(COUNT.search(link.title.get_text()).group(1)) == count
        assert link.select("path, circle"), f"{label} has no shape"
    assert set(drawn) <= set(listed)


def test_map_shades_grow_with_counts(served):
    page = _page(served.out, "pays")
    listed = _list_counts(page)
    shades = [
        (listed[a["href"]][1], int(re.search(r"shade-(\d)", " ".join(a["class"])).group(1)))
        for a in page.select(".worldmap svg a")
    ]
    shades.sort()
    assert [shade for _, shade in shades] == sorted(shade for _, shade in shades)
    assert shades[-1][1] == 5, "the most covered country gets the darkest shade"
    uncovered = page.select(".worldmap .land path")
    assert len(uncovered) > 50, "countries without articles are still drawn"


def test_map_is_small_enough_to_inline(served):
    svg = str(_page(served.out, "pays").select_one(".worldmap svg"))
    assert len(svg.encode()) < 120_000
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_country_timeline_counts_every_article_once(served):
    for country in ("pays/algerie", "pays/etats-unis"):
        page = _page(served.out, country)
        total = _number(page.select_one(".term-meta strong").get_text())
        bars = page.select(".timeline svg rect")
        assert bars, f"{country} has no timeline"
        counted = sum(_number(COUNT.search(rect.title.get_text()).group(1)) for rect in bars)
        assert counted == total
        assert page.select(".companions-countries li"), "a country page lists the countries covered with it"
        assert page.select(".companions-actors li"), "a country page lists its main actors"
        assert page.select(".locator .locator-here"), "a country page situates the country on a small map"


def test_timeline_and_companions_only_on_first_page(served):
    paged = sorted(path.parents[2] for path in served.out.glob("*/*/page/2/index.html"))
    assert paged, "the sample has a country, topic or actor with more than one page"
    term = str(paged[0].relative_to(served.out))
    assert _page(served.out, term).select(".timeline")
    second = _page(served.out, term + "/page/2")
    assert not second.select(".timeline") and not second.select(".companions") and not second.select(".locator")


def test_topic_page_shows_its_main_countries(served):
    page = _page(served.out, "sujets/diplomatie")
    countries = page.select(".companions-countries a")
    assert countries and all(a["href"].startswith(served.base_url.split("/", 3)[3].join("//")) or a["href"].startswith("/") for a in countries)
    counts = [_number(a.select_one(".bar-count").get_text()) for a in countries]
    assert counts == sorted(counts, reverse=True)


def test_article_shows_actor_cards_and_at_most_five_related(served):
    for path in sorted((served.out / "articles").glob("*/index.html")):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        related = page.select(".related-list li")
        assert len(related) <= 5
        for card in page.select(".actor-card"):
            name = card.select_one("a.actor-name")
            assert name and name["href"].startswith("/repo/acteurs/")
            assert name.get_text(strip=True)
    seed = _page(served.out, "articles/alger-washington-cooperation-militaire")
    cards = seed.select(".actor-card")
    assert cards
    first = cards[0]
    assert first.select_one(".actor-role").get_text(strip=True)
    assert first.select_one(".actor-country a")["href"].startswith("/repo/pays/")
    assert 1 <= len(seed.select(".related-list li")) <= 5


def test_pages_load_nothing_from_other_hosts(served):
    for path in sorted(served.out.rglob("*.html")):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag in page.select("script[src], link[href], img[src], iframe, source[src]"):
            address = tag.get("src") or tag.get("href")
            if tag.name == "link" and {"canonical", "alternate"} & set(tag.get("rel", [])):
                continue
            assert address.startswith("/repo/"), f"{path.relative_to(served.out)} loads {address}"


@pytest.mark.parametrize(
    "code, latitude, longitude",
    [("bh", 26.03, 50.55), ("sg", 1.35, 103.82), ("lu", 49.8, 6.13), ("jm", 18.1, -77.3), ("mu", -20.3, 57.6)],
)
def test_places_without_outline_are_projected_like_the_map(code, latitude, longitude):
    """The projection that places Qatar or Kosovo puts small drawn countries on their own dot."""
    from site_builder.render.worldmap import robinson_point

    x, y = robinson_point(latitude, longitude)
    dot_x, dot_y = map_geometry().shapes[code].dot
    assert abs(x - dot_x) <= 3 and abs(y - dot_y) <= 3


def test_home_shows_the_map_as_a_picture_file(served):
    home = _page(served.out, "")
    picture = home.select_one(".side-map img")
    assert picture is not None and home.select_one(".side-map")["href"] == "/repo/pays/"
    assert picture["src"] == "/repo/pays/carte.svg"
    svg = BeautifulSoup((served.out / "pays" / "carte.svg").read_text(encoding="utf-8"), "xml")
    shaded = svg.select("g[class^='shade-']")
    assert len(shaded) == len(_page(served.out, "pays").select(".worldmap svg a"))
