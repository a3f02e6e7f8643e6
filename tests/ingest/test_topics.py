"""Topics from the repository's topics.yaml, in French and English stories."""

from __future__ import annotations

import pytest
from ingest_support import REPO

from site_builder.ingest.nlp import find_topics, load_model, load_vocabulary

pytestmark = [pytest.mark.nlp, pytest.mark.xdist_group("nlp")]


def topics(text: str) -> list[str]:
    return find_topics(load_model()(text), load_vocabulary(REPO / "topics.yaml"))


def test_english_talks_between_foreign_ministers_are_diplomacy(nlp):
    found = topics("The foreign ministers of both countries held talks in Doha on Monday. The State Department "
                   "said the talks would resume next week, and the Venezuelan foreign minister confirmed it.")
    assert found[0] == "Diplomatie"


def test_fighting_and_ceasefire_talks_are_conflict_and_peace(nlp):
    found = topics("Kenya opened talks on a ceasefire in Sudan, where fighting between the army and the Rapid "
                   "Support Forces has gone on for three years. Renewed fighting was reported near El Fasher.")
    assert found[0] == "Conflits et paix"
