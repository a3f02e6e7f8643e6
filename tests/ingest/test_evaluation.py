"""Ingest quality on the hand-written fixture pages, guarded by pinned floors.

Run `python -m site_builder.ingest.evaluate tests/fixtures/ingest -v` to see the
table and every mistake. Raise the floors when ingest gets better; never lower
them to make a change pass.
"""

from __future__ import annotations

import pytest
from ingest_support import FIXTURES, REPO

from site_builder.ingest.evaluate import evaluate, fixture_pairs, same_role
from site_builder.ingest.pipeline import IngestSettings

pytestmark = [pytest.mark.nlp, pytest.mark.xdist_group("nlp")]

FLOORS = {
    "country F1": 0.98,
    "actor name F1": 0.98,
    "role accuracy": 0.98,
    "actor country accuracy": 0.94,
}


@pytest.fixture(scope="module")
def result(nlp):
    settings = IngestSettings(root=FIXTURES, content_dir=FIXTURES, topics_path=REPO / "topics.yaml")
    outcome = evaluate(FIXTURES, settings)
    print("\n" + outcome.table())
    return outcome


def test_there_are_enough_fixtures():
    pairs = fixture_pairs(FIXTURES)
    assert len(pairs) >= 20
    assert {page.suffix for page, _ in pairs} == {".txt", ".html"}


def test_quality_floors(result):
    measured = {
        "country F1": result.countries.f1,
        "actor name F1": result.actors.f1,
        "role accuracy": result.roles.value,
        "actor country accuracy": result.actor_countries.value,
    }
    below = {name: value for name, value in measured.items() if value < FLOORS[name]}
    assert not below, f"below the floor: {below}\n" + "\n".join(result.mistakes)


def test_no_boilerplate_leaks(result):
    assert result.leaks == []


def test_page_fields(result):
    for name in ("title", "date", "updated", "source", "section", "lang"):
        assert result.fields[name].value >= 0.95, (name, result.mistakes)


def test_role_comparison_is_strict_enough():
    assert same_role("ambassadrice des États-Unis en Algérie", "ambassadrice des États-Unis en Algérie")
    assert same_role("Chargé d’Affaires de l'ambassade d'Algérie", "chargé d'affaires de l'ambassade d'Algérie")
    assert not same_role("général", "porte-parole du département d'État")
    assert not same_role("", "président")
