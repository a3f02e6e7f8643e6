"""One atomic file writer (files.write_atomic) for the caches and urls.yaml: a write
interrupted at its rename leaves the old file as it was and no temporary behind."""

from __future__ import annotations

import os

import pytest

from site_builder import buildkey, files
from site_builder.config import SiteConfig
from site_builder.model import permalinks


def test_a_sealed_cache_file_is_written_whole_or_not_at_all(tmp_path, monkeypatch):
    path = tmp_path / "cache.pickle"
    buildkey.write_sealed(path, b"old payload", "key")
    assert buildkey.read_sealed(path, "key") == b"old payload"
    monkeypatch.setattr(files.os, "replace", _interrupt)
    with pytest.raises(KeyboardInterrupt):
        buildkey.write_sealed(path, b"new payload", "key")
    assert buildkey.read_sealed(path, "key") == b"old payload"
    assert os.listdir(tmp_path) == ["cache.pickle"]


def test_urls_yaml_is_written_whole_or_not_at_all(tmp_path, monkeypatch):
    config = SiteConfig(root=tmp_path)
    path = permalinks.record_path(config)
    path.write_text("old\n", encoding="utf-8")
    assignment = permalinks.Assignment(record={"a": {"date": "2024-01-01"}}, changed=True)
    monkeypatch.setattr(files.os, "replace", _interrupt)
    with pytest.raises(KeyboardInterrupt):
        permalinks.save(config, assignment)
    assert path.read_text(encoding="utf-8") == "old\n"
    assert os.listdir(tmp_path) == [path.name]
    monkeypatch.undo()
    permalinks.save(config, assignment)
    assert '"a"' in path.read_text(encoding="utf-8")
    assert os.listdir(tmp_path) == [path.name]


def _interrupt(source, target):
    raise KeyboardInterrupt
