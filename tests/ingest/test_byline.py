"""Ingest keeps the byline it reads as `author`, and the built page shows it."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from site_builder.ingest.emit import render, split_article
from site_builder.ingest.extract import read_page
from site_builder.ingest.nlp import Analysis
from site_builder.ingest.pipeline import IngestSettings, Seed, make_draft
from tests.helpers import SAMPLE, copy_site, run_cli

BODY = ("Le chancelier allemand et le président français ont plaidé mercredi à Berlin pour un réarmement "
        "européen coordonné face à la menace.\n\nLa haute représentante de l'Union européenne a salué une "
        "initiative bienvenue, selon un communiqué publié dans la soirée à Bruxelles.\n")


def draft_of(tmp_path: Path, text: str) -> dict:
    seed = tmp_path / "page.txt"
    seed.write_text(text, encoding="utf-8")
    page = read_page(seed, "Africa/Algiers")
    analysis = Analysis(lang="fr", summary="Un résumé.", countries=["Allemagne", "France"], topics=["Défense"], actors=[])
    settings = IngestSettings(root=tmp_path, content_dir=tmp_path / "content", topics_path=tmp_path / "topics.yaml")
    return make_draft(Seed(seed, "page.txt", "0" * 64), page, analysis, settings).front


def test_byline_becomes_author_and_reaches_the_page(tmp_path):
    front = draft_of(tmp_path, "Monde\nBerlin et Paris veulent relancer la défense européenne\nPar Samia Ben Salah\n\n" + BODY)
    assert front["author"] == "Samia Ben Salah"
    # The page gives no date: ingest took the file's and holds the article until an
    # editor confirms it, as one does here.
    assert front.pop("date_source") == "file"
    text = render(front, "Un paragraphe.\n")
    assert list(split_article(text)[0]).index("author") == list(split_article(text)[0]).index("source") + 1
    # The emitted file builds, and its page shows the byline.
    root = copy_site(SAMPLE, tmp_path / "site")
    (root / "content" / "signe.md").write_text(text, encoding="utf-8")
    with (root / "site.yaml").open("a", encoding="utf-8") as handle:
        handle.write("search: false\n")
    result = run_cli("build", "--config", str(root / "site.yaml"), "--out", str(root / "_site"))
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((root / "_site/articles/signe/index.html").read_text(encoding="utf-8"), "lxml")
    assert page.select_one(".byline .author").get_text(" ", strip=True) == "Par Samia Ben Salah"


def test_no_byline_no_author(tmp_path):
    front = draft_of(tmp_path, "Monde\nBerlin et Paris veulent relancer la défense européenne\n\n" + BODY)
    assert "author" not in front
