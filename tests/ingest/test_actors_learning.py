"""An editor's correction, applied with `site-builder actors --apply`, changes the next
ingest: a new seed naming the same person gets the editor's name and country. Real
ingest (spaCy) on self-written seed texts, in a throwaway site."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest
from ingest_support import REPO

from site_builder.actors_command import run as actors
from site_builder.config import load_config
from site_builder.ingest.emit import split_article
from site_builder.ingest.pipeline import IngestSettings, ingest_paths

pytestmark = [pytest.mark.nlp, pytest.mark.xdist_group("nlp")]

# Ingest reads a country for the health minister from the Moroccan guest, and keeps the
# seed's transliteration of his first name.
VISIT = """\
12.03.2024 à 10 H 15

Le ministre marocain reçu par le ministre de la Santé Abdelhaq Saihi

Le ministre de la Santé Abdelhaq Saihi a reçu lundi le ministre marocain de la Santé, Khalid Ait Taleb, pour un échange sur la coopération sanitaire entre les deux pays. Les deux ministres ont évoqué la formation des médecins et la production de vaccins.

Khalid Ait Taleb a salué la qualité de l'accueil. La rencontre s'est achevée par la signature d'un mémorandum d'entente.
"""

# A later story: the same minister, the same spelling, and nothing that says his country.
CALL = """\
20.04.2024 à 09 H 30

Vaccins : un accord avec Rabat

Le ministre de la Santé Abdelhaq Saihi s'est entretenu mardi par téléphone avec son homologue marocain Khalid Ait Taleb au sujet de la production de vaccins.

Selon le ministère, les deux pays veulent produire ensemble trois vaccins d'ici 2026.
"""


def actors_in(path) -> dict:
    front, _ = split_article(path.read_text(encoding="utf-8"))
    return {(a if isinstance(a, str) else a["name"]): ({} if isinstance(a, str) else a) for a in front["actors"]}


def only_article(settings: IngestSettings, title_word: str):
    (path,) = [p for p in settings.content_dir.glob("*.md") if title_word in p.name]
    return path


@pytest.fixture()
def site(tmp_path, monkeypatch) -> IngestSettings:
    (tmp_path / "site.yaml").write_text("language: fr\ntimezone: Africa/Algiers\n", encoding="utf-8")
    shutil.copy(REPO / "topics.yaml", tmp_path / "topics.yaml")
    (tmp_path / "actors.yaml").write_text("# People. Editors own this file.\n", encoding="utf-8")
    (tmp_path / "seeds").mkdir()
    monkeypatch.chdir(tmp_path)
    return IngestSettings(root=tmp_path, content_dir=tmp_path / "content", topics_path=tmp_path / "topics.yaml",
                          timezone="Africa/Algiers", actors_path=tmp_path / "actors.yaml")


def test_an_applied_correction_names_the_person_in_the_next_ingest(site, nlp, tmp_path, capsys):
    seeds = tmp_path / "seeds"
    (seeds / "visite.txt").write_text(VISIT, encoding="utf-8")
    assert ingest_paths([seeds / "visite.txt"], site).created == 1
    visit = only_article(site, "marocain")
    written = actors_in(visit)["Abdelhaq Saihi"]
    assert written.get("country") != "Algérie"  # what the editor corrects

    # The editor corrects the name's spelling and the country, in the article's file.
    text = visit.read_text(encoding="utf-8")
    start = text.index("- name: Abdelhaq Saihi\n")
    end = text.find("\n- ", start + 1)
    entry = text[start:end]
    fixed = entry.replace("Abdelhaq Saihi", "Abdelhak Saihi")
    fixed = fixed.replace(f"country: {written['country']}", "country: Algérie") if "country" in written else fixed + "\n  country: Algérie"
    visit.write_text(text[:start] + fixed + text[end:], encoding="utf-8")

    config = load_config(tmp_path / "site.yaml")
    assert actors(config, apply=True) == 0
    out = capsys.readouterr().out
    assert "+ Abdelhak Saihi: alias 'Abdelhaq Saihi'" in out and "+ Abdelhak Saihi: country Algérie" in out
    assert "# People. Editors own this file.\n" in (tmp_path / "actors.yaml").read_text(encoding="utf-8")
    assert actors(config, apply=True) == 0 and "0 change(s) written" in capsys.readouterr().out

    # Without the registry, the new seed gives the seed's spelling and no Algeria ...
    (seeds / "appel.txt").write_text(CALL, encoding="utf-8")
    bare = replace(site, content_dir=tmp_path / "bare", actors_path=None)
    assert ingest_paths([seeds / "appel.txt"], bare).created == 1
    before = actors_in(only_article(bare, "vaccins"))
    assert "Abdelhak Saihi" not in before
    assert before.get("Abdelhaq Saihi", {}).get("country") != "Algérie"
    # ... with it, the editor's name and country.
    assert ingest_paths([seeds / "appel.txt"], site).created == 1
    after = actors_in(only_article(site, "vaccins"))
    assert "Abdelhaq Saihi" not in after
    assert after["Abdelhak Saihi"]["country"] == "Algérie"
    assert after["Abdelhak Saihi"]["role"] == "ministre de la Santé"


def test_update_names_the_person_in_articles_ingested_before(site, nlp, tmp_path, capsys):
    """Articles ingested before the correction was applied, their seeds unchanged: `ingest
    --update` links what ingest wrote again, so they name the person as the editor did; the
    article the editor corrected keeps the editor's entry."""
    seeds = tmp_path / "seeds"
    (seeds / "visite.txt").write_text(VISIT, encoding="utf-8")
    (seeds / "appel.txt").write_text(CALL, encoding="utf-8")
    assert ingest_paths([seeds], site).created == 2
    call = only_article(site, "vaccins")
    assert "Abdelhaq Saihi" in actors_in(call)
    visit = only_article(site, "marocain")
    text = visit.read_text(encoding="utf-8")
    start = text.index("- name: Abdelhaq Saihi\n")
    end = text.find("\n- ", start + 1)
    lines = [line for line in text[start:end].replace("Abdelhaq", "Abdelhak").splitlines() if "country:" not in line]
    visit.write_text(text[:start] + "\n".join([*lines, "  country: Algérie"]) + text[end:], encoding="utf-8")
    edited_visit = visit.read_text(encoding="utf-8")

    config = load_config(tmp_path / "site.yaml")
    assert actors(config, apply=True) == 0
    capsys.readouterr()
    report = ingest_paths([seeds], site)  # without --update nothing is touched
    assert (report.updated, report.unchanged) == (0, 2)
    report = ingest_paths([seeds], site, update_changed=True)
    assert (report.updated, report.failed) == (1, 0), report.lines
    assert [line.rsplit("/", 1)[-1] for line in report.lines] == [
        "vaccins-un-accord-avec-rabat.md (actors named by the registry)", "visite.txt: unchanged"]
    assert report.lines[0].startswith(f"{seeds / 'appel.txt'}: updated ")
    after = actors_in(call)
    assert "Abdelhaq Saihi" not in after and after["Abdelhak Saihi"]["country"] == "Algérie"
    assert visit.read_text(encoding="utf-8") == edited_visit

    # The site now agrees on him, and a rename is not reported as a removal.
    actors(config)
    out = capsys.readouterr().out
    assert "Abdelhak Saihi —" not in out and "Abdelhaq" not in out
    assert ingest_paths([seeds], site, update_changed=True).updated == 0  # idempotent
