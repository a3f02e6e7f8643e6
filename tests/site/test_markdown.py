"""Article bodies: CommonMark with tables and strikethrough; raw HTML and script links stay text."""

from bs4 import BeautifulSoup

from site_builder.render.markdown import render_markdown


def parsed(text: str) -> BeautifulSoup:
    return BeautifulSoup(render_markdown(text), "html.parser")


def test_raw_html_is_escaped_not_passed_through():
    html = render_markdown('Texte <script>alert(1)</script> et\n\n<div onclick="x()">bloc</div>\n')
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None and soup.find("div") is None
    assert "&lt;script&gt;" in html and "&lt;div" in html


def test_dangerous_link_schemes_are_not_links():
    soup = parsed("[a](javascript:alert(1)) [b](vbscript:x) [c](file:///etc/passwd) [d](https://exemple.fr/)")
    assert [a["href"] for a in soup.find_all("a")] == ["https://exemple.fr/"]


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
