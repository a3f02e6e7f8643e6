"""Ingest with a registry of people: a mention matching an alias gets the registry's
name, the country the person served and, when the text gives none, the role held on the
article's date. Real seed pages ingested into a throwaway site."""

from __future__ import annotations

from dataclasses import replace

import pytest
from ingest_support import SEED_003

from site_builder.ingest.emit import split_article
from site_builder.ingest.pipeline import ingest_paths
from site_builder.ingest.linking import link_entries
from site_builder.registry import RegistryError, load_registry

pytestmark = [pytest.mark.nlp, pytest.mark.xdist_group("nlp")]

# The seed is dated 5 December 2023.
REGISTRY = """\
- name: Matthew A. Miller
  aliases: [Matthew Miller, Miller]
  country: États-Unis
- name: Mounir Zahi
  country: Algérie
  roles:
    - {role: inspecteur des forces terrestres, country: Algérie, from: 2010-01-01, to: 2020-01-01}
- name: Elizabeth Moore Aubin
  aliases: [Aubin]
  country: États-Unis
  roles:
    - {role: ambassadrice des États-Unis en Algérie, country: États-Unis, from: 2022-02-01}
"""


def actors_of(site) -> list:
    paths = list(site.content_dir.glob("*.md"))
    assert len(paths) == 1
    front, _ = split_article(paths[0].read_text(encoding="utf-8"))
    return front["actors"]


def by_name(actors: list) -> dict:
    return {(a if isinstance(a, str) else a["name"]): a for a in actors}


def test_ingest_names_actors_as_the_registry_does(site, nlp):
    (site.root / "actors.yaml").write_text(REGISTRY, encoding="utf-8")
    settings = replace(site, actors_path=site.root / "actors.yaml")
    report = ingest_paths([site.root / "seeds" / SEED_003.name], settings)
    assert report.created == 1, report.errors
    actors = by_name(actors_of(settings))
    assert "Matthew Miller" not in actors
    assert actors["Matthew A. Miller"]["country"] == "États-Unis"
    assert actors["Matthew A. Miller"]["role"]  # the text's own role is kept
    # The registry's role ended before the article's date: the text's role stays.
    assert actors["Mounir Zahi"]["role"] == "général major"


def test_without_a_registry_the_text_names_them(site, nlp):
    report = ingest_paths([site.root / "seeds" / SEED_003.name], site)
    assert report.created == 1
    assert "Matthew Miller" in by_name(actors_of(site))


def test_a_bad_registry_stops_ingest_with_one_line(site):
    (site.root / "actors.yaml").write_text("- name: X Y\n  country: Nulle-Part\n", encoding="utf-8")
    settings = replace(site, actors_path=site.root / "actors.yaml")
    with pytest.raises(RegistryError, match=r"actors\.yaml:2: X Y: unknown country 'Nulle-Part'"):
        ingest_paths([site.root / "seeds"], settings)
    assert not site.content_dir.exists() or not list(site.content_dir.glob("*.md"))


def test_linking_gives_the_role_held_on_the_date_and_merges_one_person(tmp_path):
    import datetime as dt

    (tmp_path / "actors.yaml").write_text(REGISTRY, encoding="utf-8")
    registry = load_registry(tmp_path / "actors.yaml")
    entries = ["Aubin", {"name": "Mounir Zahi", "country": "Maroc"}, "Elizabeth Moore Aubin", "Jean Dupont"]
    linked = link_entries(registry, entries, dt.date(2023, 12, 5))
    assert linked == [
        {"name": "Elizabeth Moore Aubin", "role": "ambassadrice des États-Unis en Algérie", "country": "États-Unis"},
        {"name": "Mounir Zahi", "country": "Algérie"},  # the registry's country wins; no role in 2023
        "Jean Dupont",
    ]
    early = link_entries(registry, ["Mounir Zahi"], dt.date(2015, 6, 1))
    assert early == [{"name": "Mounir Zahi", "role": "inspecteur des forces terrestres", "country": "Algérie"}]


def test_the_site_configuration_points_ingest_at_its_registry(site, nlp):
    from site_builder.config import load_config
    from site_builder.ingest.pipeline import IngestSettings

    (site.root / "actors.yaml").write_text(REGISTRY, encoding="utf-8")
    settings = IngestSettings.from_config(load_config(site.root / "site.yaml"))
    assert settings.actors_path == site.root / "actors.yaml"
    report = ingest_paths([site.root / "seeds" / SEED_003.name], settings)
    assert report.created == 1, report.errors
    assert "Matthew A. Miller" in by_name(actors_of(settings))
