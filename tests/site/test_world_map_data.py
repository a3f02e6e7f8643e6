"""The world map's outlines shipped with the package are those worked out from the
installed pygal-maps-world, and a build takes them without working them out again."""

from __future__ import annotations

import json

import pytest

from site_builder.render import worldmap


def test_the_shipped_outlines_are_current():
    shipped = json.loads(worldmap.SHIPPED.read_text(encoding="utf-8"))
    assert shipped == worldmap.shipped_form(worldmap.map_geometry()), (
        "run `python -m site_builder.render.worldmap` to write the outlines anew"
    )


def test_a_build_reads_the_shipped_outlines_without_working_them_out(tmp_path, monkeypatch):
    worldmap.cached_geometry.cache_clear()
    expected = worldmap.map_geometry()
    monkeypatch.setattr(worldmap, "map_geometry", lambda: pytest.fail("outlines worked out again"))
    assert worldmap.cached_geometry(tmp_path / "cache") == expected
    assert not (tmp_path / "cache").exists()
    worldmap.cached_geometry.cache_clear()


def test_outlines_for_another_source_are_worked_out_and_kept(tmp_path, monkeypatch):
    worldmap.cached_geometry.cache_clear()
    expected = worldmap.map_geometry()
    monkeypatch.setattr(worldmap, "GEOMETRY_VERSION", -1)  # as if the source or the code had changed
    assert worldmap.cached_geometry(tmp_path / "cache") == expected
    assert (tmp_path / "cache" / "worldmap.pickle").is_file()
    worldmap.cached_geometry.cache_clear()
