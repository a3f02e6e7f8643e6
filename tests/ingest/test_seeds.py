"""The issue's expectations for the two real seeds, end to end through the pipeline."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from ingest_support import SEED_000, SEED_003

from site_builder.ingest.emit import split_article
from site_builder.ingest.pipeline import ingest_paths

pytestmark = [pytest.mark.nlp, pytest.mark.xdist_group("nlp")]

ALGIERS = dt.timezone(dt.timedelta(hours=1))


@pytest.fixture()
def articles(site, nlp):
    report = ingest_paths([site.root / "seeds"], site)
    assert report.created == 2 and report.ok, report.errors
    by_seed = {}
    for path in site.content_dir.glob("*.md"):
        front, body = split_article(path.read_text(encoding="utf-8"))
        by_seed[front["source"]["file"]] = (front, body, path)
    return by_seed


def test_seed_003(articles):
    front, body, path = articles["seeds/" + SEED_003.name]
    assert path.name == "alger-et-washington-conviennent-dune-cooperation-militaire.md"
    assert front["title"] == "Alger et Washington conviennent d’une coopération militaire"
    assert front["date"] == dt.datetime(2023, 12, 5, 17, 41, tzinfo=ALGIERS)
    assert front["updated"] == dt.datetime(2023, 12, 5, 17, 46, tzinfo=ALGIERS)
    assert front["lang"] == "fr" and "date_source" not in front
    assert front["source"] == {"name": "Le Desk", "file": "seeds/003_040840458dc960f6.txt"}
    assert front["section"] == "Relations internationales"
    assert set(front["tags"]["countries"]) == {"Algérie", "États-Unis", "Maroc", "Sahara occidental"}
    assert front["tags"]["countries"] == ["Algérie", "États-Unis", "Maroc", "Sahara occidental"]
    assert {"Défense", "Sécurité"} <= set(front["tags"]["topics"])
    actors = {actor["name"]: (actor.get("role"), actor.get("country")) for actor in front["actors"]}
    assert actors == {
        "Mounir Zahi": ("général major", "Algérie"),
        "Jennifer Zakriski": ("sous-secrétaire à la Défense par intérim pour les affaires africaines", "États-Unis"),
        "Elizabeth Moore Aubin": ("ambassadrice des États-Unis en Algérie", "États-Unis"),
        "Abdelhamid Izeghlouche": ("Chargé d’Affaires de l'ambassade d'Algérie aux États-Unis", "Algérie"),
        "Matthew Miller": ("porte-parole du département d'État", "États-Unis"),
        "Michael Langley": ("commandant de l'AFRICOM", "États-Unis"),
        "Abdelmadjid Tebboune": ("président", "Algérie"),
        "Saïd Chanegriha": ("chef d'état-major de l'armée", "Algérie"),
    }
    text = path.read_text(encoding="utf-8")
    for furniture in ("S'abonner", "60 DH", "Copyright", "Revenir au direct"):
        assert furniture not in text
    assert body.strip().endswith("selon la même source.")


def test_seed_000(articles):
    front, body, _ = articles["seeds/" + SEED_000.name]
    assert front["date_source"] == "file"
    assert isinstance(front["date"], dt.datetime) and front["date"].utcoffset() == dt.timedelta(hours=1)
    assert set(front["tags"]["countries"]) == {"Algérie", "Belgique", "Yémen", "Libye", "Mali", "Sahara occidental"}
    assert front["tags"]["countries"][:2] == ["Algérie", "Belgique"]
    assert "Union européenne" not in front["tags"]["countries"]
    actors = {actor["name"]: actor.get("role") for actor in front["actors"]}
    assert actors == {
        "Abdelhamid Senouci Bereksi": "secrétaire général",
        "Dirk Achten": "secrétaire général",
        "Alain Le Roy": "secrétaire général du service européen pour l'Action extérieure",
        "Federica Mogherini": "Haute représentante",
    }
    title = front["title"]
    assert 0 < len(title) <= 90 and "Algérie" in title and "Belgique" in title
    summary = front["summary"]
    assert 1 <= len(summary.split()) <= 60 and summary.startswith("L'Algérie et la Belgique")


def test_front_matter_is_plain_yaml_with_iso_dates(articles):
    _, _, path = articles["seeds/" + SEED_003.name]
    text = path.read_text(encoding="utf-8")
    assert "\ndate: 2023-12-05T17:41:00+01:00\n" in text
    assert "  countries: [Algérie, États-Unis, " in text
    front = yaml.safe_load(text.split("---\n")[1])
    assert list(front)[:5] == ["title", "date", "updated", "lang", "source"]
