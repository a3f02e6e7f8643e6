"""What a page's fingerprint covers without listing it as an input: an article's terms'
slugs, labels, roles and countries, which the articles that show or chart it carry (a
relation's people and topics, a country's companions and relations), and its
neighbours' places, which its `shows` carries. Each step changes one of them through
another article than the pages show, then an incremental build must end with the bytes
of a clean build in a fresh folder, and the page must show the change."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from tests.helpers import SAMPLE, copy_site, run_cli
from tests.site.test_links_and_incremental import edit, same_trees
from tests.site.test_relations import EXTRA, PAIR

# Newest of all: names the American ambassador, but not Algeria (no page of the pair shows it).
OUTSIDE = """---
title: Washington prépare une visite à Paris
date: '2024-06-01T08:00:00+02:00'
summary: L’ambassadrice américaine prépare une visite officielle.
tags:
  countries: [France, États-Unis]
  topics: [Diplomatie]
actors:
- {name: Elizabeth Moore Aubin, role: envoyée spéciale, country: États-Unis}
---
Une visite est en préparation.
"""


def _people(page: Path) -> list[list[tuple[str, str]]]:
    """Each side's people on a relation page: (name, role)."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    sides = []
    for side in soup.select("section.relation-people"):
        people = []
        for label in side.select(".bar-label"):
            note = label.select_one(".bar-note")
            people.append((label.contents[0].strip(), note.get_text(strip=True) if note else ""))
        sides.append(people)
    return sides


def _topics(page: Path) -> list[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    return [label.get_text(strip=True) for label in soup.select("section.relation-topics .bar-label")]


def test_changes_from_outside_a_page_reach_its_fingerprint(tmp_path):
    root = copy_site(SAMPLE, tmp_path / "site")
    with (root / "site.yaml").open("a", encoding="utf-8") as handle:
        handle.write("search: false\n")
    content = root / "content"
    for name, text in EXTRA.items():
        (content / name).write_text(text, encoding="utf-8")
    out = root / "_site"
    relation = out / PAIR / "index.html"
    steps = 0

    def build_and_compare() -> None:
        nonlocal steps
        steps += 1
        result = run_cli("build", "--config", str(root / "site.yaml"))
        assert result.returncode == 0, result.stderr
        assert "incremental" in result.stdout or steps == 1, result.stdout
        fresh = copy_site(root, tmp_path / f"fresh-{steps}")  # its own cache too
        result = run_cli("build", "--config", str(fresh / "site.yaml"), "--clean")
        assert result.returncode == 0, result.stderr
        assert same_trees(out, fresh / "_site") == [], f"step {steps}"

    build_and_compare()
    assert ("Elizabeth Moore Aubin", "ambassadrice") in _people(relation)[1]

    # The newest article gives the ambassador another role: the relation's page, whose
    # articles are unchanged, shows it.
    (content / "washington-paris-visite.md").write_text(OUTSIDE, encoding="utf-8")
    build_and_compare()
    assert ("Elizabeth Moore Aubin", "envoyée spéciale") in _people(relation)[1]

    # …then another country: she leaves the American side of the pair's page.
    edit(content / "washington-paris-visite.md", "country: États-Unis}", "country: France}")
    build_and_compare()
    assert "Elizabeth Moore Aubin" not in [name for side in _people(relation) for name, _ in side]

    # A topic's label is its most used spelling (five uses so far): six articles outside
    # the pair spell it otherwise, and the pair's page lists it under the new label.
    for number in range(6):
        text = OUTSIDE.replace("topics: [Diplomatie]", "topics: [ÉNERGIE]").replace(
            "2024-06-01T08", f"2024-06-0{number + 2}T08"
        )
        (content / f"washington-paris-visite-{number}.md").write_text(text, encoding="utf-8")
    build_and_compare()
    assert "ÉNERGIE" in _topics(relation) and "Énergie" not in _topics(relation)

    # The newest article leaves: the next one's page loses its newer neighbour and
    # becomes the first (its links change, its texts do not).
    for number in range(6):
        (content / f"washington-paris-visite-{number}.md").unlink()
    (content / "washington-paris-visite.md").unlink()
    build_and_compare()
    assert "Énergie" in _topics(relation)
