"""The built sample site in headless Chromium: clean loads, accessibility, search, map, screenshots."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.helpers import REPO

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

SEED_WORD = "Tindouf"
WIDTHS = (375, 1280)


# -- which page is which --------------------------------------------------------


def _soup(out: Path, relative: str) -> BeautifulSoup:
    return BeautifulSoup((out / relative).read_text(encoding="utf-8"), "html.parser")


def _seed_article(out: Path) -> str:
    """Site-relative path of the article whose body mentions the seed word."""
    for page in sorted((out / "articles").glob("*/index.html")):
        body = _soup(out, str(page.relative_to(out))).select_one(".article-body")
        if body and SEED_WORD in body.get_text():
            return str(page.parent.relative_to(out)) + "/"
    raise AssertionError(f"no article of the sample site mentions {SEED_WORD}")


@pytest.fixture(scope="session")
def page_paths(served) -> dict[str, str]:
    """One site-relative path per page type, found from the built pages themselves."""
    article = _seed_article(served.out)
    page = _soup(served.out, article + "index.html")
    base = "/" + served.base_url.split("/", 3)[3]

    def local(selector: str) -> str:
        link = page.select_one(selector)
        assert link is not None, f"the seed article has no {selector}"
        return link["href"].removeprefix(base)

    return {
        "home": "",
        "page-2": "page/2/",
        "article": article,
        "countries": "pays/",
        "country": local("a.chip-country"),
        "topics": "sujets/",
        "topic": local("a.chip-topic"),
        "actors": "acteurs/",
        "actor": local("a.actor-name"),
        "not-found": "404.html",
    }


PAGE_TYPES = ["home", "page-2", "article", "countries", "country", "topics", "topic", "actors", "actor", "not-found"]


# -- browser helpers --------------------------------------------------------------


def _open(driver, served, path: str) -> None:
    driver.get_log("browser")  # drop what earlier pages logged
    served.requests.clear()
    driver.get(served.url(path))
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")


def _set_viewport(driver, width: int, height: int = 900, dark: bool = False) -> None:
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
    )
    driver.execute_cdp_cmd(
        "Emulation.setEmulatedMedia",
        {"features": [{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]},
    )


@pytest.fixture
def desktop(driver):
    _set_viewport(driver, 1280)
    yield driver
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def _plain(text: str) -> str:
    """Text with every kind of space made one plain space."""
    return " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())


def _severe_console_entries(driver) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def _resource_urls(driver) -> list[str]:
    return driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
        ".concat(performance.getEntriesByType('navigation').map(e => e.name));"
    )


# -- every page type loads cleanly --------------------------------------------------


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_loads_without_errors_or_outside_requests(desktop, served, page_paths, kind):
    _open(desktop, served, page_paths[kind])
    assert desktop.find_element(By.TAG_NAME, "h1").text.strip(), "page has no visible heading"
    assert desktop.execute_script("return document.documentElement.lang") == "fr"
    assert _severe_console_entries(desktop) == []
    outside = [url for url in _resource_urls(desktop) if not url.startswith(served.base_url)]
    assert outside == [], "requests leaving the site (or its /repo/ sub-path)"
    assert served.requests, "the server saw no request"
    assert served.failed_requests() == []
    # The stylesheet really applied (a missing or broken CSS file would leave the default font).
    family = desktop.execute_script("return getComputedStyle(document.querySelector('h1')).fontFamily")
    assert "Charter" in family or "serif" in family


def test_skip_link_is_first_and_moves_focus_to_content(desktop, served, page_paths):
    _open(desktop, served, page_paths["article"])
    desktop.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    focused = desktop.switch_to.active_element
    assert "skip-link" in focused.get_attribute("class")
    assert focused.is_displayed(), "the skip link stays invisible when focused"
    focused.send_keys(Keys.ENTER)
    assert desktop.execute_script("return document.activeElement.id") == "contenu"


# -- accessibility ----------------------------------------------------------------


def _axe(driver) -> list[dict]:
    """axe's violations on the open page (axe itself comes with every new document)."""
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(JSON.stringify(r.violations)))"
        ".catch(e => done(JSON.stringify([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}])));"
    )
    return json.loads(result)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violation_on_any_page_type(driver, served, page_paths, axe_source, scheme):
    problems = []
    # Chrome adds axe to each page it opens from here on: sending its 650 kB again with
    # every page through WebDriver now and then arrived cut short ("Unexpected token").
    axe = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": axe_source})
    try:
        for width in WIDTHS:
            _set_viewport(driver, width, dark=scheme == "dark")
            for kind in PAGE_TYPES:
                _open(driver, served, page_paths[kind])
                for violation in _axe(driver):
                    if violation["impact"] in {"serious", "critical"}:
                        targets = [node["target"] for node in violation["nodes"][:3]]
                        problems.append(f"{kind} @{width}px: {violation['id']} ({violation['help']}) {targets}")
    finally:
        driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": axe["identifier"]})
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    assert problems == []


# -- search -------------------------------------------------------------------------


def test_search_for_seed_word_finds_the_seed_article(desktop, served, page_paths):
    _open(desktop, served, page_paths["country"])
    box = WebDriverWait(desktop, 10).until(
        EC.element_to_be_clickable((By.CSS_SELECTOR, ".pagefind-ui__search-input"))
    )
    assert box.get_attribute("placeholder"), "the search box has no placeholder"
    box.send_keys(SEED_WORD)
    links = WebDriverWait(desktop, 15).until(
        EC.presence_of_all_elements_located((By.CSS_SELECTOR, ".pagefind-ui__result-link"))
    )
    expected = served.url(page_paths["article"])
    hrefs = [link.get_attribute("href") for link in links]
    assert expected in hrefs, f"{expected} not among {hrefs}"
    result = links[hrefs.index(expected)].find_element(By.XPATH, "ancestor::li[1]")
    seed = _soup(served.out, page_paths["article"] + "index.html")
    assert seed.select_one("h1").get_text(strip=True) == links[hrefs.index(expected)].text.strip()
    date = result.find_element(By.CSS_SELECTOR, ".search-date").text
    assert date == seed.select_one("time[data-pagefind-meta]").get_text(strip=True)
    summary = seed.select_one("[data-pagefind-meta='summary']").get_text(" ", strip=True)
    assert _plain(summary) in _plain(result.text)
    assert served.failed_requests() == []
    assert _severe_console_entries(desktop) == []
    desktop.save_screenshot(str(REPO / "test-artifacts" / "screenshots" / "search-1280.png"))
    links[hrefs.index(expected)].click()
    WebDriverWait(desktop, 10).until(EC.url_to_be(expected))


# -- the map ------------------------------------------------------------------------


def test_clicking_a_country_on_the_map_opens_its_page(desktop, served, page_paths):
    _open(desktop, served, page_paths["countries"])
    # The largest covered country whose centre lies on itself, so a real click lands on it.
    code = desktop.execute_script(
        "const links = [...document.querySelectorAll('.worldmap a')].map(a => [a, a.getBoundingClientRect()]);"
        "links.sort((x, y) => y[1].width * y[1].height - x[1].width * x[1].height);"
        "for (const [a, box] of links) {"
        "  const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);"
        "  if (hit && hit.closest('a') === a) return a.dataset.country; }"
        "return null;"
    )
    assert code, "the map has no linked country"
    country = desktop.find_element(By.CSS_SELECTOR, f'.worldmap a[data-country="{code}"]')
    href = served.origin + country.get_dom_attribute("href")  # an SVG link's href is not a plain string
    label = re.sub(r"\s*:.*$", "", country.get_attribute("aria-label"))
    assert href.startswith(served.url("pays/"))
    country.click()
    WebDriverWait(desktop, 10).until(EC.url_to_be(href))
    assert desktop.find_element(By.TAG_NAME, "h1").text.strip() == label
    assert desktop.find_elements(By.CSS_SELECTOR, ".timeline svg rect"), "the country page has no timeline"


def test_map_lists_every_country_beside_it(desktop, served, page_paths):
    _open(desktop, served, page_paths["countries"])
    on_map = {a.get_dom_attribute("href") for a in desktop.find_elements(By.CSS_SELECTOR, ".worldmap a")}
    in_list = {a.get_dom_attribute("href") for a in desktop.find_elements(By.CSS_SELECTOR, ".term-list a")}
    assert on_map and on_map <= in_list
    map_box = desktop.find_element(By.CSS_SELECTOR, ".worldmap").rect
    list_box = desktop.find_element(By.CSS_SELECTOR, ".term-list").rect
    assert list_box["x"] >= map_box["x"] + map_box["width"] - 1, "at 1280 px the list sits beside the map"


# -- screenshots and responsive layout ----------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_screenshots_and_no_horizontal_scroll(driver, served, page_paths, screenshots, width):
    try:
        for kind in ("home", "article", "country", "countries", "topic", "actor", "not-found"):
            _set_viewport(driver, width)
            _open(driver, served, page_paths[kind])
            overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{kind} scrolls sideways by {overflow}px at {width}px"
            _full_page_screenshot(driver, screenshots / f"{kind}-{width}.png", width)
        _set_viewport(driver, width, dark=True)
        _open(driver, served, page_paths["article"])
        _full_page_screenshot(driver, screenshots / f"article-{width}-dark.png", width)
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


def _full_page_screenshot(driver, path: Path, width: int) -> None:
    import base64

    height = driver.execute_script("return document.documentElement.scrollHeight")
    time.sleep(0.05)
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {"format": "png", "captureBeyondViewport": True, "clip": {"x": 0, "y": 0, "width": width, "height": min(height, 6000), "scale": 1}},
    )
    path.write_bytes(base64.b64decode(shot["data"]))
    assert path.stat().st_size > 5000


def test_search_stems_french_words(desktop, served, page_paths):
    """A plural finds the singular in the seed title: Pagefind's French stemming is on."""
    title = _soup(served.out, page_paths["article"] + "index.html").select_one("h1").get_text(" ", strip=True)
    word = max(re.findall(r"\w+", title), key=len)
    variant = word[:-1] if word.endswith("s") else word + "s"
    _open(desktop, served, page_paths["home"])
    box = WebDriverWait(desktop, 10).until(
        EC.element_to_be_clickable((By.CSS_SELECTOR, ".pagefind-ui__search-input"))
    )
    box.send_keys(variant)
    WebDriverWait(desktop, 15).until(
        lambda d: served.url(page_paths["article"])
        in [link.get_attribute("href") for link in d.find_elements(By.CSS_SELECTOR, ".pagefind-ui__result-link")]
    )


def test_map_countries_take_keyboard_focus_visibly(desktop, served, page_paths):
    _open(desktop, served, page_paths["countries"])
    first = desktop.find_element(By.CSS_SELECTOR, ".worldmap a")
    desktop.execute_script("arguments[0].focus()", first)
    assert desktop.switch_to.active_element == first
    shape = first.find_element(By.CSS_SELECTOR, "path, circle")
    assert shape.value_of_css_property("stroke-width") in {"2px", "2"}, "a focused country gets an outline"


def test_search_results_show_hostile_text_as_text(desktop, served, page_paths):
    """Titles and summaries holding <script> appear literally in results; nothing runs."""
    hostile = [
        path.parent for path in sorted((served.out / "articles").glob("*/index.html"))
        if "<script>" in (_soup(served.out, str(path.relative_to(served.out))).select_one("h1").get_text())
    ]
    assert hostile, "the sample site keeps an article with markup in its title"
    page = _soup(served.out, str(hostile[0].relative_to(served.out)) + "/index.html")
    title = page.select_one("h1").get_text()
    summary = page.select_one("[data-pagefind-meta='summary']").get_text()
    word = max(re.findall(r"\w+", re.sub(r"<[^>]*>", " ", title)), key=len)
    _open(desktop, served, page_paths["home"])
    desktop.execute_script("window.__alerted = false; window.alert = () => { window.__alerted = true; };")
    desktop.find_element(By.CSS_SELECTOR, ".pagefind-ui__search-input").send_keys(word)
    links = WebDriverWait(desktop, 15).until(
        EC.presence_of_all_elements_located((By.CSS_SELECTOR, ".pagefind-ui__result-link"))
    )
    results = desktop.find_element(By.CSS_SELECTOR, ".pagefind-ui__results").text
    assert "<script>" in summary and _plain(summary) in _plain(results), "the summary is shown as text"
    assert not desktop.find_elements(By.CSS_SELECTOR, ".pagefind-ui__results script")
    assert desktop.execute_script("return window.__alerted") is False
    assert links
