"""Ingest isolation: no input can crash, hang or derail a run; each bad file is one line.

A hang would stop the suite, so every run here sits under an alarm: a read blocked on a
FIFO is interrupted and the test fails instead of waiting forever."""

from __future__ import annotations

import argparse
import os
import shutil
import signal
from contextlib import contextmanager
from pathlib import Path

import pytest
from ingest_support import BAD, SEED_000, SEED_003

from site_builder.files import FileRefused, read_regular
from site_builder.ingest import command, nlp as nlp_module
from site_builder.ingest.emit import split_article
from site_builder.ingest.pipeline import ingest_paths
from site_builder.limits import DEFAULT_LIMITS

pytestmark = [pytest.mark.nlp, pytest.mark.xdist_group("nlp")]

GENEROUS_SECONDS = 240
"""Far above what the runs take (seconds), far below forever."""


class Hung(Exception):
    pass


@contextmanager
def bounded_time(seconds: int = GENEROUS_SECONDS):
    def interrupt(signum, frame):
        raise Hung(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run_command(site, *arguments: str) -> int:
    parser = argparse.ArgumentParser()
    command.configure(parser)
    with bounded_time():
        return command.run(parser.parse_args(["--config", str(site.root / "site.yaml"), *arguments]))


def sources(site) -> set[str]:
    found = set()
    for path in site.content_dir.glob("*.md"):
        front, _ = split_article(path.read_text(encoding="utf-8"))
        found.add(front["source"]["file"])
    return found


def test_a_batch_of_every_bad_kind_gives_the_valid_articles_and_one_line_per_bad_file(site, nlp, capsys):
    seeds = site.root / "seeds"
    os.mkfifo(seeds / "fifo.txt")
    (seeds / "fifo-link.txt").symlink_to(seeds / "fifo.txt")
    (seeds / "zero.txt").symlink_to("/dev/zero")
    with open(seeds / "huge.txt", "wb") as handle:  # sparse: no disk used
        handle.truncate(DEFAULT_LIMITS.seed_file_bytes + 1)
    bad_name = os.fsdecode(b"caf\xe9.txt")
    shutil.copy(SEED_003, seeds / bad_name)
    for name in ("binary.txt", "empty.txt", "boilerplate_only.txt"):
        shutil.copy(BAD / name, seeds / name)
    code = run_command(site, str(seeds))
    captured = capsys.readouterr()
    assert code == 1
    assert sources(site) == {f"seeds/{SEED_000.name}", f"seeds/{SEED_003.name}"}
    errors = [line for line in captured.err.splitlines() if line.startswith("error: ")]
    assert sorted(errors) == sorted([
        f"error: {seeds}/fifo.txt: not a regular file",
        f"error: {seeds}/fifo-link.txt: not a regular file",
        f"error: {seeds}/zero.txt: not a regular file",
        f"error: {seeds}/huge.txt: too large (20 000 001 bytes; the limit is 20 000 000 bytes)",
        f"error: {seeds}/caf\\xe9.txt: file name is not valid UTF-8; rename it",
        f"error: {seeds}/binary.txt: binary file, not text",
        f"error: {seeds}/empty.txt: empty file",
        f"error: {seeds}/boilerplate_only.txt: no article text found (only site boilerplate)",
    ])
    assert "Traceback" not in captured.err + captured.out
    summary = captured.out.splitlines()[-1]
    assert summary.startswith("ingest: 2 created, 0 updated, 0 unchanged, 0 skipped, 8 failed")


def test_a_fifo_named_directly_is_refused_at_once(site, nlp):
    fifo = site.root / "seeds" / "named.txt"
    os.mkfifo(fifo)
    with bounded_time(60):
        report = ingest_paths([fifo], site)
    assert report.errors == [f"{fifo}: not a regular file"] and report.failed == 1


def test_a_seed_over_the_configured_limit_is_refused_and_the_others_go_in(site, nlp):
    from dataclasses import replace

    small = replace(site, seed_file_bytes=SEED_003.stat().st_size - 1)
    report = ingest_paths([site.root / "seeds"], small)
    size = SEED_003.stat().st_size
    assert report.errors == [f"{site.root}/seeds/{SEED_003.name}: too large ({size:,} bytes; the limit is "
                             f"{size - 1:,} bytes)".replace(",", " ")]
    assert report.created == 1 and report.failed == 1


def test_the_bounded_reader_refuses_what_is_not_a_regular_file(tmp_path):
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "folder").mkdir()
    (tmp_path / "file").write_bytes(b"12345")
    with bounded_time(30):
        for name, reason in (("fifo", "not a regular file"), ("folder", "is a directory, not a file"),
                             ("missing", "cannot read: No such file or directory")):
            with pytest.raises(FileRefused, match=f"^{reason}$"):
                read_regular(tmp_path / name, 100)
        with pytest.raises(FileRefused, match="^not a regular file$"):
            read_regular("/dev/zero", 100)
    with pytest.raises(FileRefused, match=r"^too large \(5 bytes; the limit is 4 bytes\)$"):
        read_regular(tmp_path / "file", 4)
    assert read_regular(tmp_path / "file", 5) == b"12345"


LONG_PARAGRAPHS = [
    "Le président algérien Abdelmadjid Tebboune a reçu mardi à Alger le ministre malien des Affaires "
    "étrangères pour évoquer la sécurité au Sahel et la coopération économique entre les deux voisins.",
    *["La frontière commune reste au cœur des discussions, selon un communiqué publié à l'issue de la "
      f"rencontre, qui mentionne aussi le commerce et les routes du désert (point {i})." for i in range(60)],
    "À Niamey, le Niger a suivi ces échanges avec attention, a indiqué un diplomate nigérien.",
]


def test_a_text_longer_than_the_models_limit_is_analysed_in_pieces(site, nlp, monkeypatch):
    """A seed over spaCy's max_length no longer fails its batch: the model's limit is
    lowered here so a text of 12 kB stands for one of 2 MB."""
    text = "\n\n".join(LONG_PARAGRAPHS)
    monkeypatch.setattr(nlp, "max_length", 3000)
    assert len(text) > 3 * nlp.max_length
    (site.root / "seeds" / "long.txt").write_text("Alger et Bamako parlent du Sahel\n\n" + text + "\n",
                                                 encoding="utf-8")
    report = ingest_paths([site.root / "seeds"], site)
    assert report.ok and report.created == 3, report.errors
    for path in site.content_dir.glob("*.md"):
        front, body = split_article(path.read_text(encoding="utf-8"))
        if front["source"]["file"] == "seeds/long.txt":
            break
    assert front["summary"].startswith("Le président algérien Abdelmadjid Tebboune a reçu")
    assert {"Algérie", "Mali"} <= set(front["tags"]["countries"])
    assert "Niger" in front["tags"]["countries"]  # named only in the last piece
    assert body.count("\n\n") == len(LONG_PARAGRAPHS) - 1


def test_pieces_join_back_into_the_text():
    text = "\n\n".join(LONG_PARAGRAPHS)
    pieces = nlp_module.text_pieces(text, 1000)
    assert "".join(pieces) == text and max(map(len, pieces)) <= 1000
    assert all(piece.endswith("\n\n") for piece in pieces[:-1])  # cut at paragraph breaks
    one_paragraph = "mot " * 1000
    pieces = nlp_module.text_pieces(one_paragraph, 1000)
    assert "".join(pieces) == one_paragraph and all(piece.endswith(" ") for piece in pieces)


def test_a_seed_that_breaks_analysis_costs_only_itself(site, nlp, monkeypatch):
    original = nlp_module._analyse

    def analyse(doc, article, vocabulary):
        if "BOUM" in doc.text:
            raise RuntimeError("the model choked")
        return original(doc, article, vocabulary)

    monkeypatch.setattr(nlp_module, "_analyse", analyse)
    (site.root / "seeds" / "boum.txt").write_text(
        "Un titre\n\n" + LONG_PARAGRAPHS[0] + " BOUM.\n", encoding="utf-8")
    report = ingest_paths([site.root / "seeds"], site)
    assert report.created == 2 and report.failed == 1
    assert report.errors == [f"{site.root}/seeds/boum.txt: internal error while analysing: "
                             "RuntimeError: the model choked"]
