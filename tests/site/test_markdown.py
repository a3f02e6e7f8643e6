"""Article bodies: markdown-it-py, CommonMark with tables and strikethrough; raw HTML and
unsafe links stay text; nesting is bounded."""

from __future__ import annotations

import subprocess
import sys
import tomllib

import pytest
from bs4 import BeautifulSoup

from site_builder.limits import Limits
from site_builder.render.markdown import render_markdown
from tests.helpers import REPO


def parsed(text: str) -> BeautifulSoup:
    return BeautifulSoup(render_markdown(text).html, "html.parser")


def test_bodies_are_rendered_by_markdown_it_py_with_one_parser_per_process():
    dependencies = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    names = {dependency.split(">")[0].split("=")[0].split("<")[0].strip() for dependency in dependencies}
    assert "markdown-it-py" in names and "markdown-it-pyrs" not in names
    # In a fresh process: markdown-it's Python parser is built once, whatever the number
    # of bodies, and the Rust port is never loaded.
    script = (
        "import sys, markdown_it\n"
        "built = []\n"
        "original = markdown_it.MarkdownIt.__init__\n"
        "def counting(self, *a, **k):\n"
        "    built.append(1); original(self, *a, **k)\n"
        "markdown_it.MarkdownIt.__init__ = counting\n"
        "from site_builder.render.markdown import render_markdown\n"
        "for n in range(50): render_markdown(f'Texte {n} *accent*')\n"
        "print(len(built), 'markdown_it_pyrs' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["1", "False"], result.stderr


def test_raw_html_is_escaped_not_passed_through():
    html = render_markdown('Texte <script>alert(1)</script> et\n\n<div onclick="x()">bloc</div>\n').html
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None and soup.find("div") is None
    assert "&lt;script&gt;" in html and "&lt;div" in html


def test_commonmark_blocks_tables_and_strikethrough():
    soup = parsed(
        "## Titre\n\n> Citation\n\n- un\n- deux\n\n1. premier\n\n| Pays | Nombre |\n|---|---|\n| Mali | 3 |\n\n"
        "~~barré~~ *accent* **fort** `code`\n\n```\n<b>brut</b>\n```\n"
    )
    assert soup.h2.get_text() == "Titre"
    assert soup.blockquote.get_text(strip=True) == "Citation"
    assert [li.get_text() for li in soup.ul.find_all("li")] == ["un", "deux"]
    assert soup.ol.li.get_text() == "premier"
    assert [td.get_text() for td in soup.table.tbody.find_all("td")] == ["Mali", "3"]
    assert soup.s.get_text() == "barré" and soup.em.get_text() == "accent" and soup.strong.get_text() == "fort"
    assert soup.pre.code.get_text() == "<b>brut</b>\n"


# What the build wrote before markdown-it-py (with markdown-it-pyrs), byte for byte.
SAME_AS_BEFORE = {
    "Ligne  \ncassée\\\nencore\n\n***\n": "<p>Ligne<br />\ncassée<br />\nencore</p>\n<hr />\n",
    "![carte](/img/carte.png \"Titre\") [lien](https://exemple.fr/a b) [l](<https://exemple.fr/a b>)\n":
        '<p><img src="/img/carte.png" alt="carte" title="Titre" /> [lien](https://exemple.fr/a b) '
        '<a href="https://exemple.fr/a%20b">l</a></p>\n',
    "<https://exemple.fr/é> <nom@exemple.fr> https://nu.fr\n":
        '<p><a href="https://exemple.fr/%C3%A9">https://exemple.fr/é</a> '
        '<a href="mailto:nom@exemple.fr">nom@exemple.fr</a> https://nu.fr</p>\n',
    "[réf] et [Réf]\n\n[réf]: https://exemple.fr/r 'titre'\n":
        '<p><a href="https://exemple.fr/r" title="titre">réf</a> et <a href="https://exemple.fr/r" title="titre">Réf</a></p>\n',
    "| a | b |\n|:-|-:|\n| 1 | 2 |\n":
        '<table>\n<thead>\n<tr>\n<th style="text-align:left">a</th>\n<th style="text-align:right">b</th>\n</tr>\n'
        '</thead>\n<tbody>\n<tr>\n<td style="text-align:left">1</td>\n<td style="text-align:right">2</td>\n</tr>\n'
        "</tbody>\n</table>\n",
    "&eacute; &#233; &copy; &nope; \"guillemets\" 'apostrophe' -- ...\n":
        "<p>é é © &amp;nope; &quot;guillemets&quot; 'apostrophe' -- ...</p>\n",
    "1) un\n2) deux\n\n- [ ] tâche\n\ntexte\n\n    code indenté\n":
        '<ol>\n<li>un</li>\n<li>deux</li>\n</ol>\n<ul>\n<li>[ ] tâche</li>\n</ul>\n<p>texte</p>\n'
        '<pre><code>code indenté\n</code></pre>\n',
}


@pytest.mark.parametrize("text", sorted(SAME_AS_BEFORE))
def test_output_is_what_the_build_wrote_before(text):
    assert render_markdown(text).html == SAME_AS_BEFORE[text]


# -- links ------------------------------------------------------------------------

UNSAFE_DESTINATIONS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "<java\tscript:alert(1)>",
    "< javascript:alert(1)>",
    "<\x01javascript:alert(1)>",
    "&#106;avascript:alert(1)",
    "java&Tab;script:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "%6Aavascript:alert(1)",
]


@pytest.mark.parametrize("destination", UNSAFE_DESTINATIONS)
def test_unsafe_links_images_and_references_are_text_and_reported(destination):
    text = f"Début\n[lien]({destination}) et ![image]({destination})\n\n[réf][r] ![ri][r]\n\n[r]: {destination}\n"
    body = render_markdown(text)
    soup = BeautifulSoup(body.html, "html.parser")
    assert soup.find("a") is None and soup.find("img") is None
    assert "[lien](" in soup.get_text() and "![image](" in soup.get_text()
    assert [line for line, _ in body.unsafe_links] == [2, 2, 4, 4]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "vbscript:x", "data:text/html,x"])
def test_unsafe_autolinks_are_text(url):
    body = render_markdown(f"un\ndeux <{url}>\n")
    soup = BeautifulSoup(body.html, "html.parser")
    assert soup.find("a") is None and f"<{url}>" in soup.get_text()
    assert body.unsafe_links == ((2, url),)


def test_safe_links_stay_links_and_images_take_only_web_urls():
    soup = parsed(
        "[a](https://a.fr/) [b](HTTP://b.fr/) [c](mailto:c@c.fr) [d](../d/) [e](#e) [f](?q=1) <https://g.fr> <h@h.fr>\n\n"
        "![i](https://i.fr/i.png) ![j](j.png) ![k](//k.fr/k.png) ![m](mailto:m@m.fr)\n"
    )
    hrefs = [a["href"] for a in soup.find_all("a")]
    assert hrefs == ["https://a.fr/", "HTTP://b.fr/", "mailto:c@c.fr", "../d/", "#e", "?q=1", "https://g.fr", "mailto:h@h.fr"]
    assert [img["src"] for img in soup.find_all("img")] == ["https://i.fr/i.png", "j.png", "//k.fr/k.png"]
    assert "![m](mailto:m@m.fr)" in soup.get_text()


# -- bounds -----------------------------------------------------------------------


def nested_quotes(depth: int) -> str:
    return "Début\n\n" + "> " * depth + "fond\n"


def nested_lists(depth: int) -> str:
    return "Début\n\n" + "".join("  " * level + "- niveau\n" for level in range(depth))


@pytest.mark.parametrize("make", [nested_quotes, nested_lists])
def test_nesting_up_to_the_limit_renders_and_past_it_is_refused_with_its_line(make):
    deepest = render_markdown(make(20))
    assert not deepest.too_deep
    soup = BeautifulSoup(deepest.html, "html.parser")
    assert len(soup.find_all("blockquote")) + len(soup.find_all("ul")) == 20
    assert render_markdown(make(21)).too_deep == (3 if make is nested_quotes else 23)
    assert render_markdown(make(6), Limits(markdown_nesting=5)).too_deep


def test_one_line_of_a_hundred_thousand_quote_marks_is_refused_at_its_line():
    body = render_markdown("Un\n\n" + ">" * 100_000 + "\n")
    assert body.too_deep == 3 and body.html == ""


def test_mixed_quotes_and_one_line_lists_are_counted_together():
    assert render_markdown("> - > - " * 5 + "x\n").too_deep == 0
    assert render_markdown("> - > - " * 6 + "x\n").too_deep == 1
    assert render_markdown("- " * 50_000 + "x\n").too_deep == 1
