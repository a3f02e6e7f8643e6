"""One key for a term everywhere: names that slug alike are one actor in the front
matter, the library and the article page, and each card keeps its own actor's role."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from tests.helpers import SAMPLE, copy_site, run_cli

ARTICLE = """---
title: Dakar reçoit ses voisins
date: 2024-02-01T10:00:00+00:00
summary: Un sommet régional à Dakar.
tags:
  countries: [Sénégal, Gambie]
actors:
- name: Macky Sall
  role: président du Sénégal
  country: Sénégal
- name: Macky SALL
  role: ancien président
- name: Adama Barrow
  role: président de la Gambie
  country: Gambie
- Ousmane Sonko
- name: Amadou Ba
  role: Premier ministre
---
Texte.
"""


def build(root: Path) -> Path:
    out = root / "_site"
    result = run_cli("build", "--config", str(root / "site.yaml"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def test_actors_that_slug_alike_are_one_card_and_no_role_shifts(tmp_path):
    root = copy_site(SAMPLE, tmp_path / "site")
    (root / "content" / "dakar-sommet.md").write_text(ARTICLE, encoding="utf-8")
    out = build(root)
    page = BeautifulSoup((out / "articles" / "dakar-sommet" / "index.html").read_text(encoding="utf-8"), "lxml")
    cards = page.select(".actor-card")
    seen = []
    for card in cards:
        role = card.select_one(".actor-role")
        country = card.select_one(".actor-country")
        seen.append((
            card.select_one(".actor-name").get_text(strip=True),
            card.select_one(".actor-name")["href"].rstrip("/").rsplit("/", 1)[1],
            role.get_text(strip=True) if role else "",
            country.get_text(strip=True) if country else "",
        ))
    assert seen == [
        ("Macky Sall", "macky-sall", "président du Sénégal", "Sénégal"),
        ("Adama Barrow", "adama-barrow", "président de la Gambie", "Gambie"),
        # The gazetteer fills what the article leaves empty: on 2024-02-01 Sonko held no
        # office in it (his country only), Amadou Ba was Senegal's Premier ministre.
        ("Ousmane Sonko", "ousmane-sonko", "", "Sénégal"),
        ("Amadou Ba", "amadou-ba", "Premier ministre", "Sénégal"),
    ]
    # The actor's own page gives the role of the first spelling, not the second's.
    term = BeautifulSoup((out / "acteurs" / "macky-sall" / "index.html").read_text(encoding="utf-8"), "lxml")
    assert term.select_one(".term-role").get_text(strip=True) == "président du Sénégal, Sénégal"
