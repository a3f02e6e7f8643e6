"""Ingest links each mention to a person of the registry (the site's actors.yaml over the
gazetteer): the name, the role held on the article's date, the country of that role
(none for an international body's office), surnames joined to full names, and known
people the language model missed found by their full names. Unit cases on a fixture
gazetteer, then a real seed page ingested into a throwaway site."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from ingest_support import SEED_003

from site_builder import gazetteer
from site_builder.ingest.emit import split_article
from site_builder.ingest.linking import found_in_text, link_entries
from site_builder.registry import layered, load_registry, registry_for

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "gazetteer"
DAY = dt.date(2024, 3, 10)


@pytest.fixture()
def known(monkeypatch):
    monkeypatch.setattr(gazetteer, "FOLDER", FIXTURE)
    return registry_for(None)


def test_a_known_mention_gets_the_name_role_and_country_held_that_day(known):
    linked = link_entries(known, ["Abdelmajid Tebboune", {"name": "Attaf", "country": "Maroc"}], DAY)
    assert linked == [
        {"name": "Abdelmadjid Tebboune", "role": "président de la République", "country": "Algérie"},
        {"name": "Ahmed Attaf", "role": "ministre des Affaires étrangères", "country": "Algérie"},
    ]


def test_the_text_keeps_its_own_wording_of_the_role(known):
    linked = link_entries(known, [{"name": "Tebboune", "role": "chef de l'État"}], DAY)
    assert linked == [{"name": "Abdelmadjid Tebboune", "role": "chef de l'État", "country": "Algérie"}]


def test_an_international_office_gives_no_country(known):
    # In 2020 Moussa Faki chaired the AU Commission: no country, even if the text gave one.
    linked = link_entries(known, [{"name": "Moussa Faki", "country": "Tchad"}], dt.date(2020, 2, 9))
    assert linked == [{"name": "Moussa Faki Mahamat", "role": "président de la Commission de l'Union africaine"}]
    # In 2012 he was Chad's foreign minister.
    assert link_entries(known, ["Moussa Faki"], dt.date(2012, 1, 1)) == [
        {"name": "Moussa Faki Mahamat", "role": "ministre des Affaires étrangères", "country": "Tchad"}]


def test_outside_every_office_the_name_and_own_country_only(known):
    # Lamamra was out of office in 2020; Faki after 2025; no date known: no role either.
    assert link_entries(known, ["Lamamra"], dt.date(2020, 1, 1)) == [{"name": "Ramtane Lamamra", "country": "Algérie"}]
    assert link_entries(known, ["Moussa Faki"], dt.date(2026, 1, 1)) == [{"name": "Moussa Faki Mahamat", "country": "Tchad"}]
    assert link_entries(known, ["Tebboune"], None) == [{"name": "Abdelmadjid Tebboune", "country": "Algérie"}]


def test_with_no_date_the_only_office_and_no_country_after_an_international_one(known):
    # Attaf held one office only: it is his; Guterres's last office is the UN's.
    assert link_entries(known, ["Attaf"], None) == [
        {"name": "Ahmed Attaf", "role": "ministre des Affaires étrangères", "country": "Algérie"}]
    assert link_entries(known, [{"name": "Guterres", "country": "Portugal"}], None) == ["António Guterres"]
    # Unless the text names his other office.
    assert link_entries(known, [{"name": "Guterres", "role": "Premier ministre portugais"}], None) == [
        {"name": "António Guterres", "role": "Premier ministre portugais", "country": "Portugal"}]


def test_a_surname_joins_the_full_name_the_article_gives_first(tmp_path, known):
    (tmp_path / "actors.yaml").write_text("- name: Karim Attaf\n  aliases: [Attaf]\n", encoding="utf-8")
    site = layered(load_registry(tmp_path / "actors.yaml"), known)
    # The article names Ahmed Attaf in full: "Attaf" is him, not the site's Karim Attaf.
    linked = link_entries(site, ["Attaf", "Ahmed Attaf"], DAY)
    assert linked == [{"name": "Ahmed Attaf", "role": "ministre des Affaires étrangères", "country": "Algérie"}]
    # Without a full name in the article, the registry's surname: the site's person.
    assert link_entries(site, ["Attaf"], DAY) == ["Karim Attaf"]
    # Unknown people join their full name too.
    assert link_entries(site, ["Dupont", {"name": "Jean Dupont", "role": "maire"}], DAY) == [
        {"name": "Jean Dupont", "role": "maire"}]


def test_a_word_too_many_before_a_known_full_name(known):
    assert link_entries(known, ["Santé Ahmed Attaf"], DAY)[0]["name"] == "Ahmed Attaf"
    assert link_entries(known, ["Santé Attaf"], DAY) == ["Santé Attaf"]  # a surname alone is not enough


def test_a_name_the_text_writes_within_a_longer_mention_is_not_a_second_person(known):
    # "Ramtane Lamamra Bey": a word after the name may be its own; the text's Lamamra is that mention.
    text = "Le ministre Ramtane Lamamra Bey a parlé."
    assert link_entries(known, ["Ramtane Lamamra Bey"], DAY, text) == ["Ramtane Lamamra Bey"]


TEXT = """Le président Abdelmadjid Tebboune a reçu mardi à Alger l'ancien ministre RAMTANE LAMAMRA
et le secrétaire général de l'ONU, António Guterres. Le cortège a remonté l'avenue Nasser Bourita
jusqu'à la Fondation Mohammed VI. Tebboune a salué Moussa Faki-Mahamat."""


def test_known_people_the_model_missed_are_found_by_their_full_names(known):
    found = [person.name for person, _ in found_in_text(known, TEXT)]
    # Not Bourita nor Mohammed VI (a street, a foundation), not a surname alone.
    assert found == ["Abdelmadjid Tebboune", "Ramtane Lamamra", "António Guterres", "Moussa Faki Mahamat"]
    linked = link_entries(known, ["Tebboune"], DAY, TEXT)
    assert [entry["name"] for entry in linked] == [
        "Abdelmadjid Tebboune", "Ramtane Lamamra", "António Guterres", "Moussa Faki Mahamat"]
    assert linked[2] == {"name": "António Guterres", "role": "secrétaire général des Nations unies"}


@pytest.mark.nlp
@pytest.mark.xdist_group("nlp")
def test_ingesting_a_real_page_links_its_people_to_the_gazetteer(site, nlp, monkeypatch):
    from site_builder.ingest.pipeline import ingest_paths

    monkeypatch.setattr(gazetteer, "FOLDER", FIXTURE)
    report = ingest_paths([site.root / "seeds" / SEED_003.name], site)
    assert report.created == 1, report.errors
    [path] = site.content_dir.glob("*.md")
    front, _ = split_article(path.read_text(encoding="utf-8"))
    actors = {(a if isinstance(a, str) else a["name"]): a for a in front["actors"]}
    # The seed (5 December 2023) writes "le président Abdelmadjid Tebboune".
    assert actors["Abdelmadjid Tebboune"]["country"] == "Algérie"
    assert actors["Abdelmadjid Tebboune"]["role"].startswith("président")
