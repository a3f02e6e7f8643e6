"""The preview shows what the published site holds back: an undated article always,
with its banner; drafts only with `serve --drafts`, with a "Brouillon" banner."""

from __future__ import annotations

from bs4 import BeautifulSoup
from serve_helpers import free_port, running_preview

UNDATED = "---\ntitle: Article sans date\ndate: 2026-11-23\ndate_source: file\nsummary: Un résumé.\n---\nCorps.\n"
DRAFT = "---\ntitle: Article en cours\ndate: 2024-01-10\ndraft: true\nsummary: Un résumé.\n---\nCorps.\n"


def _banner(body: str) -> str | None:
    banner = BeautifulSoup(body, "html.parser").select_one("article .held-banner")
    return banner.get_text(" ", strip=True) if banner else None


def test_preview_shows_undated_article_with_banner_but_not_drafts(site):
    (site / "content" / "sans-date.md").write_text(UNDATED, encoding="utf-8")
    (site / "content" / "en-cours.md").write_text(DRAFT, encoding="utf-8")
    with running_preview(site, free_port()) as preview:
        status, body = preview.get("/articles/sans-date/")
        assert status == 200
        assert _banner(body).startswith("Brouillon — date à vérifier")
        assert preview.get("/articles/en-cours/")[0] == 404
        status, body = preview.get("/articles/maroc-seisme-aide/")
        assert status == 200 and _banner(body) is None


def test_preview_with_drafts_shows_them_with_a_brouillon_banner(site):
    (site / "content" / "en-cours.md").write_text(DRAFT, encoding="utf-8")
    with running_preview(site, free_port(), "--drafts") as preview:
        status, body = preview.get("/articles/en-cours/")
        assert status == 200
        assert _banner(body) == "Brouillon : cet article n’est pas publié (draft: true)."
