"""Shared fixtures: the sample site, copied and built once per test session."""

from __future__ import annotations

import pytest

from tests.helpers import BASE_URL, SAMPLE, BuiltSite, copy_site, run_cli


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> BuiltSite:
    """The sample site built once under a sub-path base URL, with search."""
    root = copy_site(SAMPLE, tmp_path_factory.mktemp("sample") / "site")
    out = root / "_site"
    result = run_cli("build", "--config", str(root / "site.yaml"), "--out", str(out), "--base-url", BASE_URL)
    assert result.returncode == 0, result.stderr
    return BuiltSite(root=root, out=out, base_url=BASE_URL)
