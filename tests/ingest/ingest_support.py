"""Paths and helpers shared by the ingest tests."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "ingest"
# Twelve pages written after the fixtures above, from outlets and layouts ingest had not
# met (wire stories, opinion pieces, Drupal, cookie banners): measured on their own, as
# the pages ingest is still weakest on.
NEWER_FIXTURES = REPO / "tests" / "fixtures" / "ingest_new"
PAGES = FIXTURES / "pages"
BAD = FIXTURES / "bad"
SEEDS = REPO / "seeds"
SEED_003 = SEEDS / "003_040840458dc960f6.txt"
SEED_000 = SEEDS / "000_0b5a6dbfa79b4976.txt"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under folder (hidden ones included) and its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
