"""Ingest on the held-out synthetic pages of issue 21, guarded by pinned floors.

tests/fixtures/generalize holds twelve pages (and three bad inputs) written before any
of issue 21's fixes and never tuned on: site taglines, headlines printed twice,
standfirsts, hard-wrapped e-mails and wires, comment forms, consent banners, captions
with credits, teasers, a caption mid-article, a press release, a blog. Their gold is
fact-only, in the real set's format (`python -m site_builder.ingest.evaluate --gold
tests/fixtures/generalize/gold --pages tests/fixtures/generalize/pages -v`).
Raise the floors when ingest gets better; never lower them to make a change pass.
"""

from __future__ import annotations

import argparse
import shutil

import pytest
from ingest_support import REPO

from site_builder.ingest import command
from site_builder.ingest.evaluate_real import evaluate_real
from site_builder.ingest.pipeline import IngestSettings

pytestmark = [pytest.mark.nlp, pytest.mark.xdist_group("nlp")]

HELD_OUT = REPO / "tests" / "fixtures" / "generalize"
# Measured before the fixes: title 0.833, date 1.0, body 0.833, furniture 3 lines,
# countries F1 0.928, bad inputs refused 0 of 3. After: title 1.0 (11 of 12 until the
# issuer rule, drawn from a real page, also fixed g11), date 1.0, body 1.0, furniture 0,
# countries F1 1.0, bad inputs refused 3 of 3.
FLOORS = {"title": 1.0, "date": 1.0, "body": 1.0, "countries F1": 0.98}


@pytest.fixture(scope="module")
def held_out(nlp):
    settings = IngestSettings(root=HELD_OUT, content_dir=HELD_OUT, topics_path=REPO / "topics.yaml")
    outcome = evaluate_real(HELD_OUT / "gold", HELD_OUT / "pages", settings)
    print("\n" + outcome.table())
    return outcome


def test_the_held_out_set_is_whole(held_out):
    assert held_out.pages == 12 and not held_out.skipped and not held_out.refused


def test_quality_floors_on_the_held_out_pages(held_out):
    measured = {"title": held_out.title.value, "date": held_out.date.value, "body": held_out.body.value,
                "countries F1": held_out.countries.f1}
    below = {name: value for name, value in measured.items() if value < FLOORS[name]}
    assert not below, f"below the floor: {below}\n" + "\n".join(held_out.mistakes)


def test_no_furniture_line_in_the_held_out_bodies(held_out):
    assert held_out.furniture_lines == 0 and held_out.measured_pages == 12, held_out.mistakes


def test_notice_pages_are_refused_one_line_each_nothing_written(tmp_path, nlp, capsys):
    (tmp_path / "site.yaml").write_text("language: fr\ntimezone: Africa/Algiers\n", encoding="utf-8")
    shutil.copy(REPO / "topics.yaml", tmp_path / "topics.yaml")
    seeds = tmp_path / "seeds"
    shutil.copytree(HELD_OUT / "bad", seeds)
    shutil.copy(HELD_OUT / "pages" / "g07_notitle_night.txt", seeds)
    parser = argparse.ArgumentParser()
    command.configure(parser)
    code = command.run(parser.parse_args(["--config", str(tmp_path / "site.yaml"), str(seeds)]))
    captured = capsys.readouterr()
    errors = [line for line in captured.err.splitlines() if line.startswith("error: ")]
    assert code == 1
    assert sorted(errors) == [f"error: {seeds / name}: no article in the page, only a notice about it "
                              "(not found, removed or for subscribers)"
                              for name in ("b1_gone.txt", "b2_paywall.txt", "b3_error.html")]
    written = list((tmp_path / "content").glob("*.md"))
    assert len(written) == 1 and "Port-Soudan" in written[0].read_text(encoding="utf-8")
