"""URLs that could run a script never become links, wherever they come from, and `check`
and `build` name the file and line of each; hostile Markdown is refused or rendered in
bounded time, never a crash."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from site_builder.render.urls import IMAGE_SCHEMES, is_safe_url
from tests.helpers import SAMPLE, copy_site, run_cli


def run_bounded(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The command line, with a timeout that guards against a hang (not a speed target)."""
    return subprocess.run([sys.executable, "-m", "site_builder", *args], cwd=cwd, capture_output=True, text=True, timeout=60)

# What browsers read as a script (or a document) of its own: each case or spelling.
HOSTILE = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "java\rscript:alert(1)",
    " javascript:alert(1)",
    "\x01javascript:alert(1)",
    "\x00javascript:alert(1)",
    "javascript:alert(1) ",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "&#106avascript:alert(1)",
    "javascript&colon;alert(1)",
    "java&Tab;script:alert(1)",
    "&amp;#106;avascript:alert(1)",
    "%6Aavascript:alert(1)",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:image/svg+xml,<svg onload=alert(1)>",
    "file:///etc/passwd",
    "livescript:alert(1)",
]
SAFE = [
    "https://exemple.fr/a?b=c#d",
    "HTTP://exemple.fr/",
    "mailto:redaction@exemple.fr",
    "../autre/",
    "/absolu/",
    "//exemple.fr/protocole-relatif",
    "#ancre",
    "?page=2",
    "chemin/avec:deux-points",
]


@pytest.mark.parametrize("url", HOSTILE)
def test_hostile_urls_are_refused(url):
    assert not is_safe_url(url)


@pytest.mark.parametrize("url", SAFE)
def test_web_mail_and_relative_urls_are_allowed(url):
    assert is_safe_url(url)


def test_images_take_only_web_and_relative_urls():
    assert is_safe_url("https://exemple.fr/i.png", IMAGE_SCHEMES) and is_safe_url("i.png", IMAGE_SCHEMES)
    assert not is_safe_url("mailto:a@b.fr", IMAGE_SCHEMES)
    assert not is_safe_url("data:image/png;base64,AAAA", IMAGE_SCHEMES)


@pytest.mark.parametrize("base_url", ["javascript://x.fr/", "JaVaScRiPt://x.fr/", "java\tscript://x.fr/", " javascript://x.fr/", "data://x.fr/"])
def test_base_url_must_be_http_or_https(tmp_path, base_url):
    root = copy_site(SAMPLE, tmp_path / "site")
    config = root / "site.yaml"
    text = re.sub(r"^base_url:.*$", f"base_url: {base_url!r}".replace("'", '"'), config.read_text(encoding="utf-8"), flags=re.M)
    config.write_text(text.replace("\t", "\\t"), encoding="utf-8")
    result = run_cli("check", "--config", str(config))
    assert result.returncode == 1 and "base_url: must be an absolute http(s) URL" in result.stderr
    result = run_cli("build", "--config", str(SAMPLE / "site.yaml"), "--out", str(tmp_path / "out"), "--base-url", base_url)
    assert result.returncode != 0 and "--base-url: must be an absolute http(s) URL" in result.stderr


# -- a site with a hostile article ----------------------------------------------------

ARTICLE = """\
---
title: Liens piégés
date: 2024-03-01T10:00:00+01:00
summary: Un article dont les liens ne doivent jamais devenir des liens.
source:
  name: Agence piégée
  url: "JaVaScRiPt:alert('source')"
tags:
  countries: [France]
  topics: [Sécurité]
---
Premier paragraphe avec [un lien sûr](https://exemple.fr/).

Un [lien piégé](javascript:alert(1)) et une ![image](data:text/html,x),
puis <vbscript:msgbox(1)> et un [autre](<java\tscript:alert(2)>).

[réf]: &#106;avascript:alert(3)

Une [référence][réf].
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = copy_site(SAMPLE, tmp_path_factory.mktemp("hostile") / "site")
    (root / "content" / "liens-pieges.md").write_text(ARTICLE, encoding="utf-8")
    return root


EXPECTED_WARNINGS = [
    ("content/liens-pieges.md:7", "JaVaScRiPt:alert('source')"),
    ("content/liens-pieges.md:14", "javascript:alert(1)"),
    ("content/liens-pieges.md:14", "data:text/html,x"),
    ("content/liens-pieges.md:15", "vbscript:msgbox(1)"),
    ("content/liens-pieges.md:15", "java%09script:alert(2)"),
    ("content/liens-pieges.md:19", "javascript:alert(3)"),
]


def _unsafe_warnings(stderr: str) -> list[tuple[str, str]]:
    found = []
    for line in stderr.splitlines():
        match = re.match(r"(\S+:\d+): warning: unsafe link (.*) shown as text: only http:, https:, mailto: and relative", line)
        if match:
            found.append((match.group(1), ast.literal_eval(match.group(2))))  # printed as a Python literal
    return sorted(found)


def test_check_and_build_warn_with_file_and_line_and_print_no_unsafe_link(hostile_site):
    result = run_cli("check", "--config", "site.yaml", cwd=hostile_site)
    assert result.returncode == 0, result.stderr
    assert _unsafe_warnings(result.stderr) == sorted(EXPECTED_WARNINGS)
    result = run_cli("build", "--config", "site.yaml", "--no-search", cwd=hostile_site)
    assert result.returncode == 0, result.stderr
    assert _unsafe_warnings(result.stderr) == sorted(EXPECTED_WARNINGS)
    page = hostile_site / "_site" / "articles" / "liens-pieges" / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    body = soup.select_one(".article-body")
    assert [a["href"] for a in body.find_all("a")] == ["https://exemple.fr/"]
    assert body.find("img") is None
    assert "[lien piégé](javascript:alert(1))" in body.get_text()
    source = soup.find(string=re.compile("Agence piégée"))
    assert source is not None and source.find_parent("a") is None
    assert not [a for a in soup.find_all("a", href=True) if "script" in a["href"].lower()]


# -- bounded Markdown --------------------------------------------------------------

FRONT = "---\ntitle: Borne\ndate: 2024-03-01T10:00:00+01:00\nsummary: Un corps hostile.\n---\n"


def test_hostile_bodies_are_refused_with_their_line_or_built_in_bounded_time(tmp_path):
    root = copy_site(SAMPLE, tmp_path / "site")
    content = root / "content"
    (content / "chevrons.md").write_text(FRONT + "Un paragraphe.\n\n" + ">" * 100_000 + "\n", encoding="utf-8")
    (content / "listes.md").write_text(FRONT + "".join("  " * n + "- x\n" for n in range(200)), encoding="utf-8")
    (content / "citations.md").write_text(FRONT + "".join("> " * n + "x\n\n" for n in range(40)), encoding="utf-8")
    for command in (["check"], ["build", "--no-search"]):
        result = run_bounded(*command, "--config", "site.yaml", cwd=root)
        assert result.returncode == 1, (command, result.returncode, result.stderr[-500:])
        assert "Traceback" not in result.stderr
        problems = sorted(line for line in result.stderr.splitlines() if line.startswith("content/"))
        assert problems == [
            "content/chevrons.md:8: quotes and lists nested more than 20 levels deep",
            "content/citations.md:48: quotes and lists nested more than 20 levels deep",
            "content/listes.md:26: quotes and lists nested more than 20 levels deep",
        ]


def test_thirty_two_thousand_reference_definitions_build_in_bounded_time(tmp_path):
    root = copy_site(SAMPLE, tmp_path / "site")
    definitions = "".join(f"[r{n}]: https://exemple.fr/{n}\n" for n in range(32_000))
    (root / "content" / "references.md").write_text(FRONT + "Voir [r31999].\n\n" + definitions, encoding="utf-8")
    result = run_bounded("build", "--config", "site.yaml", "--no-search", cwd=root)
    assert result.returncode == 0, result.stderr
    page = (root / "_site" / "articles" / "references" / "index.html").read_text(encoding="utf-8")
    links = BeautifulSoup(page, "html.parser").select(".article-body a")
    assert [a["href"] for a in links] == ["https://exemple.fr/31999"]
