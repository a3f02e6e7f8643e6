"""The review queue: `site-builder review` in the terminal and /_review/ in a running
preview list the ingested articles no editor has finished, with ingest's doubts."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup
from serve_helpers import free_port, running_preview

REPO = Path(__file__).resolve().parents[2]
BELGIUM = "l-algerie-et-la-belgique-ont-mis-l-accent-sur-la-necessite-d-entretenir-la"
WASHINGTON = "alger-et-washington-conviennent-dune-cooperation-militaire"


def _with_ingested(site: Path) -> Path:
    """The sample site plus the repository's two ingested articles and their state."""
    for name in (BELGIUM, WASHINGTON):
        shutil.copy(REPO / "content" / f"{name}.md", site / "content" / f"{name}.md")
    shutil.copytree(REPO / "content" / ".ingest", site / "content" / ".ingest")
    return site


def _review(site: Path) -> list[str]:
    result = subprocess.run([sys.executable, "-m", "site_builder", "review"], cwd=site, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_review_lists_untouched_articles_with_their_doubts(site):
    _with_ingested(site)
    lines = _review(site)
    belgium = f"content/{BELGIUM}.md"
    assert f"{belgium}:3: date taken from the file, not from the article: set it and remove 'date_source'" in lines
    assert f"{belgium}:2: title made by ingest from the first words of the text" in lines
    assert f"{belgium}:19: actor 'Alain Le Roy' has no country" in lines
    assert lines[-1] == "review: 2 article(s) to review"

    # The editor fixes an actor and confirms the date: those doubts go.
    path = site / "content" / f"{BELGIUM}.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace("date_source: file\n", "").replace(
        "- name: Alain Le Roy\n", "- name: Alain Le Roy\n  country: France\n"
    )
    path.write_text(text, encoding="utf-8")
    lines = _review(site)
    assert not any("date taken from the file" in line or "Alain Le Roy" in line for line in lines)
    assert any("actor 'Dirk Achten' has no country" in line for line in lines)


def test_preview_serves_the_review_queue_and_never_writes_it(site):
    _with_ingested(site)
    with running_preview(site, free_port()) as preview:
        status, body = preview.get("/_review/")
        assert status == 200
        soup = BeautifulSoup(body, "html.parser")
        assert soup.h1.get_text() == "À relire (2)"
        entries = soup.select("li.review-entry")
        first = entries[0]
        link = first.select_one("h2 a")
        assert link["href"] == f"/articles/{BELGIUM}/"
        assert f"content/{BELGIUM}.md" in first.get_text()
        doubts = [li.get_text(" ", strip=True) for li in first.select("ul.doubts li")]
        assert f"content/{BELGIUM}.md:3 — date prise dans le fichier, pas dans l’article : la fixer et retirer « date_source »" in doubts
        # The link leads to the article's preview, with its banner.
        status, article = preview.get(link["href"])
        assert status == 200 and "Brouillon — date à vérifier" in article
    assert not list((site / ".cache").rglob("_review*"))
    assert not (site / "_site").exists() or not (site / "_site" / "_review").exists()
