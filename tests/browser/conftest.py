"""A real headless Chromium against the sample site, served under a sub-path.

Session fixtures: one HTTP server on 127.0.0.1 serving a folder whose `repo/` is
the built site (so every URL lives under /repo/, as on GitHub Pages project sites),
one build with search, one browser. The server records every request's status so
tests can prove no request failed.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.helpers import REPO, SAMPLE, copy_site, run_cli

HERE = Path(__file__).resolve().parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
SUB_PATH = "repo"


@dataclass
class Served:
    """The built site, where it is served, and what the server answered."""

    out: Path
    origin: str
    """'http://127.0.0.1:PORT'"""
    base_url: str
    """'http://127.0.0.1:PORT/repo/'"""
    requests: list[tuple[str, int]] = field(default_factory=list)

    def url(self, path: str = "") -> str:
        return self.base_url + path.lstrip("/")

    def failed_requests(self) -> list[tuple[str, int]]:
        return [(path, status) for path, status in self.requests if status >= 400]


class _RecordingHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".pagefind": "application/octet-stream",
        ".pf_meta": "application/octet-stream",
        ".pf_index": "application/octet-stream",
        ".pf_fragment": "application/octet-stream",
    }

    def __init__(self, *args, record: list, **kwargs):
        self._record = record
        super().__init__(*args, **kwargs)

    def log_request(self, code="-", size="-"):
        self._record.append((self.path, int(code) if str(code).isdigit() else 0))

    def log_message(self, format, *args):  # keep test output quiet
        pass


@pytest.fixture(scope="session")
def served(tmp_path_factory) -> Served:
    served_root = tmp_path_factory.mktemp("served")
    requests: list[tuple[str, int]] = []
    handler = functools.partial(_RecordingHandler, directory=str(served_root), record=requests)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    base_url = f"{origin}/{SUB_PATH}/"
    source = copy_site(SAMPLE, tmp_path_factory.mktemp("sample") / "site")
    out = served_root / SUB_PATH
    result = run_cli("build", "--config", str(source / "site.yaml"), "--out", str(out), "--base-url", base_url)
    assert result.returncode == 0, result.stderr
    assert (out / "pagefind" / "pagefind-ui.js").is_file(), "the build made no search index"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Served(out=out, origin=origin, base_url=base_url, requests=requests)
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's browser bundle, installed from npm into tests/browser/node_modules on first use."""
    if not AXE.is_file():
        npm = shutil.which("npm")
        assert npm, "npm is needed to install axe-core for the accessibility tests"
        subprocess.run(
            [npm, "ci", "--prefix", str(HERE), "--no-audit", "--no-fund"],
            check=True,
            capture_output=True,
            timeout=300,
        )
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def driver(tmp_path_factory):
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.exists()]
    assert not missing, f"{', '.join(missing)} missing: apt-get update && apt-get install -y chromium chromium-driver"
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
        "--lang=fr-FR",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    browser.set_page_load_timeout(30)
    browser.set_script_timeout(30)
    yield browser
    browser.quit()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
