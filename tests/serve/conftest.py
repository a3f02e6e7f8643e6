"""Fixtures: a private copy of the sample site, and a preview server running on it."""

from __future__ import annotations

from pathlib import Path

import pytest
from serve_helpers import copy_sample, free_port, running_preview


@pytest.fixture
def site(tmp_path) -> Path:
    return copy_sample(tmp_path / "site")


@pytest.fixture
def preview(site):
    with running_preview(site, free_port()) as running:
        yield running
