"""Fixtures for the ingest tests: the spaCy model once per session, throwaway sites."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest_support import REPO, SEED_000, SEED_003

from site_builder.ingest.pipeline import IngestSettings


@pytest.fixture(scope="session")
def nlp():
    """The French pipeline, loaded once for every test that needs it."""
    from site_builder.ingest.nlp import load_model

    return load_model()


@pytest.fixture()
def site(tmp_path: Path) -> IngestSettings:
    """A site folder with site.yaml, topics.yaml, an empty content/ and both seeds."""
    (tmp_path / "site.yaml").write_text("language: fr\ntimezone: Africa/Algiers\n", encoding="utf-8")
    shutil.copy(REPO / "topics.yaml", tmp_path / "topics.yaml")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED_003, seeds / SEED_003.name)
    shutil.copy(SEED_000, seeds / SEED_000.name)
    return IngestSettings(root=tmp_path, content_dir=tmp_path / "content",
                          topics_path=tmp_path / "topics.yaml", timezone="Africa/Algiers")
