"""A real headless Chromium tab on the preview: saves reload it by themselves."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from serve_helpers import ARTICLE, WAIT_SECONDS, free_port, running_preview

pytestmark = [pytest.mark.xdist_group("serve"), pytest.mark.browser]

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


@pytest.fixture
def tab(tmp_path):
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.exists()]
    assert not missing, f"{', '.join(missing)} missing: apt-get update && apt-get install -y chromium chromium-driver"
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--no-first-run", "--disable-background-networking", f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(argument)
    browser = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    browser.set_page_load_timeout(30)
    yield browser
    browser.quit()


def wait_until(condition, what: str):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        try:
            if result := condition():
                return result
        except Exception:  # the page is being replaced under us
            pass
        time.sleep(0.1)
    raise AssertionError(f"after {WAIT_SECONDS} s: {what}")


def mark_tab(tab) -> None:
    """A flag only this page load has: it is gone once livereload has reloaded the tab."""
    tab.execute_script("window.notReloaded = true")


def reloaded(tab) -> bool:
    return tab.execute_script("return window.notReloaded === undefined")


def test_saves_reload_the_open_tab_and_errors_show_in_it(site, tab):
    path = site / "content" / f"{ARTICLE}.md"
    original = path.read_text(encoding="utf-8")
    with running_preview(site, free_port()) as preview:
        tab.get(f"http://127.0.0.1:{preview.port}/articles/{ARTICLE}/")
        assert "Séisme au Maroc" in tab.find_element("css selector", "h1").text
        wait_until(lambda: tab.execute_script("return !!window.LiveReload"), "livereload.js did not load")

        mark_tab(tab)
        path.write_text(original.replace("Séisme au Maroc", "Séisme, vu du navigateur"), encoding="utf-8")
        wait_until(lambda: reloaded(tab) and "vu du navigateur" in tab.find_element("css selector", "h1").text,
                   "the tab did not reload with the new title")

        mark_tab(tab)
        path.write_text(original.replace("date: '2023-09-10T16:30:00+01:00'", "date: 'le 12 mars'"), encoding="utf-8")
        wait_until(lambda: reloaded(tab) and "pas pu être reconstruit" in tab.page_source,
                   "the tab did not show the error page")
        assert f"content/{ARTICLE}.md:3: 'date' is not a date" in tab.find_element("css selector", "main").text

        mark_tab(tab)
        path.write_text(original, encoding="utf-8")
        wait_until(lambda: reloaded(tab) and "Séisme au Maroc" in tab.find_element("css selector", "h1").text,
                   "the tab did not come back once the file was fixed")
