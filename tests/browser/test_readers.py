"""Readers' features in headless Chromium: relations pages, faceted search, numbered
pagination, the social card, the map on a phone; no console error and no serious
axe violation on the new page types. The sample site, plus the articles that give it
an Algeria–United States relations page, is served under /repo/ with search."""

from __future__ import annotations

import functools
import http.server
import json
import struct
import threading
import urllib.request

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import SUB_PATH, Served, _RecordingHandler
from tests.browser.test_browser import _axe, _full_page_screenshot, _open, _set_viewport, _severe_console_entries
from tests.helpers import SAMPLE, copy_site, run_cli
from tests.site.test_relations import EXTRA

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

RELATION = "pays/algerie/etats-unis/"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Served:
    served_root = tmp_path_factory.mktemp("readers-served")
    requests: list = []
    handler = functools.partial(_RecordingHandler, directory=str(served_root), record=requests)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    base_url = f"{origin}/{SUB_PATH}/"
    source = copy_site(SAMPLE, tmp_path_factory.mktemp("readers") / "site")
    for name, text in EXTRA.items():
        (source / "content" / name).write_text(text, encoding="utf-8")
    with (source / "site.yaml").open("a", encoding="utf-8") as handle:
        handle.write("per_page: 2\n")
    out = served_root / SUB_PATH
    result = run_cli("build", "--config", str(source / "site.yaml"), "--out", str(out), "--base-url", base_url)
    assert result.returncode == 0, result.stderr
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Served(out=out, origin=origin, base_url=base_url, requests=requests)
    server.shutdown()
    server.server_close()


@pytest.fixture
def desktop(driver):
    _set_viewport(driver, 1280)
    yield driver
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def _clean(driver, site) -> None:
    assert _severe_console_entries(driver) == []
    assert site.failed_requests() == []


def test_relations_page_reached_from_a_country_page(desktop, site):
    _open(desktop, site, "pays/algerie/")
    link = desktop.find_element(By.CSS_SELECTOR, ".relations-list a")
    assert "États-Unis" in link.text
    link.click()
    WebDriverWait(desktop, 10).until(EC.url_to_be(site.url(RELATION)))
    assert desktop.find_element(By.TAG_NAME, "h1").text.strip() == "Algérie – États-Unis"
    assert desktop.find_elements(By.CSS_SELECTOR, ".timeline svg rect")
    assert len(desktop.find_elements(By.CSS_SELECTOR, ".relation-people")) == 2
    _clean(desktop, site)
    # And from an article page to the relation.
    _open(desktop, site, "articles/alger-washington-energie/")
    desktop.find_element(By.CSS_SELECTOR, "a.chip-relation").click()
    WebDriverWait(desktop, 10).until(EC.url_to_be(site.url(RELATION)))


def _search(driver, site, query: str) -> None:
    _open(driver, site, "")
    box = WebDriverWait(driver, 10).until(EC.element_to_be_clickable((By.CSS_SELECTOR, ".pagefind-ui__search-input")))
    box.send_keys(query)


def _results(driver) -> list[str]:
    return [link.get_attribute("href").rstrip("/").rsplit("/", 1)[1]
            for link in driver.find_elements(By.CSS_SELECTOR, ".pagefind-ui__result-link")]


def _filter(driver, group: str, value: str) -> None:
    """Tick `value` in the filter group `group` of Pagefind's panel."""
    panel = WebDriverWait(driver, 15).until(
        EC.presence_of_element_located((By.XPATH, f"//details[contains(@class,'pagefind-ui__filter-block')][.//summary[contains(., '{group}')]]")))
    if not panel.get_attribute("open"):
        panel.find_element(By.TAG_NAME, "summary").click()
    box = panel.find_element(By.XPATH, f".//label[contains(., '{value}')]/preceding-sibling::input | .//label[contains(., '{value}')]/../input")
    driver.execute_script("arguments[0].click()", box)


def test_search_narrowed_by_a_country_and_by_a_person(desktop, site, screenshots):
    _search(desktop, site, "dialogue")
    WebDriverWait(desktop, 15).until(lambda d: len(_results(d)) >= 2)
    everything = set(_results(desktop))
    # The filter names are the site's words.
    summaries = [s.text for s in desktop.find_elements(By.CSS_SELECTOR, ".pagefind-ui__filter-name")]
    assert {"Pays", "Sujets", "Acteurs", "Année"} <= {s.strip() for s in summaries}
    _filter(desktop, "Pays", "États-Unis")
    WebDriverWait(desktop, 15).until(lambda d: set(_results(d)) and set(_results(d)) < everything)
    american = set(_results(desktop))
    assert "alger-washington-dialogue" in american
    for slug in american:
        countries = [a.contents[0].strip() for a in _article_countries(site, slug)]
        assert "États-Unis" in countries, slug
    _filter(desktop, "Acteurs", "Ahmed Attaf")
    WebDriverWait(desktop, 15).until(lambda d: set(_results(d)) == {"alger-washington-dialogue"})
    desktop.save_screenshot(str(screenshots / "search-facets-1280.png"))
    _clean(desktop, site)


def _article_countries(site, slug: str):
    from bs4 import BeautifulSoup

    page = BeautifulSoup((site.out / "articles" / slug / "index.html").read_text(encoding="utf-8"), "html.parser")
    return page.select(".article-terms a.chip-country")


def test_a_person_found_by_name_though_the_body_never_says_it(desktop, site):
    _search(desktop, site, "Elizabeth Moore Aubin")
    WebDriverWait(desktop, 15).until(lambda d: {"alger-washington-energie", "alger-washington-dialogue"} <= set(_results(d)))


def test_numbered_pagination_goes_to_the_page_clicked(desktop, site):
    _open(desktop, site, "")
    current = desktop.find_element(By.CSS_SELECTOR, ".pagination [aria-current='page']")
    assert current.text.strip().endswith("1")
    desktop.find_element(By.XPATH, "//nav[contains(@class,'pagination')]//a[normalize-space(.)='Page 3' or substring(normalize-space(.), string-length(normalize-space(.))) = '3'][not(@aria-current)]").click()
    WebDriverWait(desktop, 10).until(EC.url_to_be(site.url("page/3/")))
    current = desktop.find_element(By.CSS_SELECTOR, ".pagination [aria-current='page']")
    assert current.get_attribute("href") == site.url("page/3/")
    last = desktop.find_elements(By.CSS_SELECTOR, ".pagination a.pager-number")[-1]
    last.click()
    WebDriverWait(desktop, 10).until(lambda d: d.current_url != site.url("page/3/"))
    assert desktop.find_elements(By.CSS_SELECTOR, "a[rel=prev]") and not desktop.find_elements(By.CSS_SELECTOR, "a[rel=next]")
    _clean(desktop, site)


def test_social_card_is_fetched_at_its_advertised_address(desktop, site):
    for path in ("", RELATION, "articles/alger-washington-energie/"):
        _open(desktop, site, path)
        address = desktop.find_element(By.CSS_SELECTOR, "meta[property='og:image']").get_attribute("content")
        assert address == site.url("static/social-card.png")
        with urllib.request.urlopen(address, timeout=10) as response:
            assert response.headers["Content-Type"] == "image/png"
            data = response.read()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", data[16:24]) == (1200, 630)


NEW_PAGES = {
    "relation": RELATION,
    "relation-page-2": RELATION + "page/2/",
    "country-with-relations": "pays/algerie/",
    "article-with-relations": "articles/alger-washington-dialogue/",
    "english": "articles/alger-washington-cooperation-militaire/",
    "home-page-3": "page/3/",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_new_pages_load_cleanly_and_pass_axe(driver, site, axe_source, scheme):
    problems = []
    axe = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": axe_source})
    try:
        for width in (375, 1280):
            _set_viewport(driver, width, dark=scheme == "dark")
            for kind, path in NEW_PAGES.items():
                _open(driver, site, path)
                problems += [f"{kind} @{width}px: console: {entry}" for entry in _severe_console_entries(driver)]
                problems += [f"{kind} @{width}px: {path} {status}" for path, status in site.failed_requests()]
                for violation in _axe(driver):
                    if violation["impact"] in {"serious", "critical"}:
                        targets = [node["target"] for node in violation["nodes"][:3]]
                        problems.append(f"{kind} @{width}px: {violation['id']} ({violation['help']}) {targets}")
                overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
                if overflow > 0:
                    problems.append(f"{kind} @{width}px scrolls sideways by {overflow}px")
    finally:
        driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": axe["identifier"]})
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    assert problems == []


@pytest.mark.parametrize("width", (375, 1280))
def test_screenshots_of_the_relations_page_and_search(driver, site, screenshots, width):
    try:
        _set_viewport(driver, width)
        _open(driver, site, RELATION)
        _full_page_screenshot(driver, screenshots / f"relation-{width}.png", width)
        _search(driver, site, "dialogue")
        WebDriverWait(driver, 15).until(lambda d: _results(d))
        _full_page_screenshot(driver, screenshots / f"search-facets-{width}.png", width)
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_the_maps_small_countries_are_tapped_at_375px(driver, site, screenshots):
    """Countries drawn as dots (Belgium, Qatar, Israel…) are too small to tap on a phone's
    map: the ranked list under it reaches every shaded country with a 44 px target."""
    try:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": 375, "height": 800, "deviceScaleFactor": 2, "mobile": True})
        driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})
        _open(driver, site, "pays/")
        assert driver.find_element(By.CSS_SELECTOR, ".map-touch-hint").is_displayed()
        on_map = {a.get_dom_attribute("data-country"): a.get_dom_attribute("href")
                  for a in driver.find_elements(By.CSS_SELECTOR, ".worldmap a")}
        dots = [a.get_dom_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, ".worldmap a:has(circle)")]
        assert {"be", "qa"} <= set(on_map) and len(dots) >= 2
        rows = {a.get_dom_attribute("href"): a for a in driver.find_elements(By.CSS_SELECTOR, ".term-list a")}
        assert set(on_map.values()) <= set(rows)
        map_box = driver.find_element(By.CSS_SELECTOR, ".worldmap").rect
        for href in on_map.values():
            box = rows[href].rect
            assert box["height"] >= 44 and box["width"] >= 44, (href, box)
            assert box["x"] >= 0 and box["x"] + box["width"] <= 375
            assert box["y"] >= map_box["y"] + map_box["height"] - 1, "the list comes under the map"
        _full_page_screenshot(driver, screenshots / "countries-375-touch.png", 375)
        for href in dots:
            _open(driver, site, "pays/")
            row = driver.find_element(By.CSS_SELECTOR, f".term-list a[href='{href}']")
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", row)
            box = row.rect
            # A real tap, at the row's centre, through the touch pipeline.
            x, y = driver.execute_script(
                "const r = arguments[0].getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2];", row)
            for kind in ("touchStart", "touchEnd"):
                points = [{"x": x, "y": y}] if kind == "touchStart" else []
                driver.execute_cdp_cmd("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})
            WebDriverWait(driver, 10).until(EC.url_to_be(site.origin + href))
            assert box["height"] >= 44
        _clean(driver, site)
    finally:
        driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": False})
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
