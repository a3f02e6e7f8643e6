"""Whole runs: idempotence, editors' work kept, --update merges, bad inputs, --jobs."""

from __future__ import annotations

import argparse
import io
import shutil

import pytest
from ingest_support import BAD, PAGES, snapshot

from site_builder.ingest import command
from site_builder.ingest.emit import render, split_article
from site_builder.ingest.pipeline import ingest_paths

pytestmark = [pytest.mark.nlp, pytest.mark.xdist_group("nlp")]


def article_for(site, seed_name: str):
    for path in site.content_dir.glob("*.md"):
        front, body = split_article(path.read_text(encoding="utf-8"))
        if front["source"]["file"].endswith(seed_name):
            return path, front, body
    raise AssertionError(seed_name)


def test_second_run_changes_nothing(site, nlp):
    first = ingest_paths([site.root / "seeds"], site)
    assert (first.created, first.failed) == (2, 0)
    before = snapshot(site.content_dir)
    assert any(name.startswith(".ingest/") for name in before)
    second = ingest_paths([site.root / "seeds"], site)
    assert (second.created, second.unchanged, second.updated, second.analysed) == (0, 2, 0, 0)
    assert snapshot(site.content_dir) == before


def test_an_edited_article_is_never_overwritten(site, nlp):
    ingest_paths([site.root / "seeds"], site)
    path, front, body = article_for(site, "003_040840458dc960f6.txt")
    path.write_text(render({**front, "title": "Titre corrigé"}, body), encoding="utf-8")
    edited = path.read_bytes()
    seed = site.root / "seeds" / "003_040840458dc960f6.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nUne phrase ajoutée au bout de l'article par la source.\n",
                    encoding="utf-8")
    report = ingest_paths([site.root / "seeds"], site)  # without --update
    assert (report.skipped, report.created, report.updated) == (1, 0, 0)
    assert "--update" in report.notes[0]
    assert path.read_bytes() == edited


def test_update_merges_field_by_field(site, nlp):
    ingest_paths([site.root / "seeds"], site)
    path, front, body = article_for(site, "003_040840458dc960f6.txt")
    machine = dict(front)
    edited = {**front, "title": "Titre de l'éditeur",
              "tags": {**front["tags"], "topics": ["Diplomatie"]}, "draft": True}
    path.write_text(render(edited, body), encoding="utf-8")
    seed = site.root / "seeds" / "003_040840458dc960f6.txt"
    text = seed.read_text(encoding="utf-8").replace(
        "Le gouvernement algérien a accueilli le dernier dialogue",
        "La Tunisie a salué cette coopération. Le gouvernement algérien a accueilli le dernier dialogue")
    seed.write_text(text, encoding="utf-8")
    report = ingest_paths([site.root / "seeds"], site, update_changed=True)
    assert (report.updated, report.unchanged, report.failed) == (1, 1, 0)
    merged, new_body = split_article(path.read_text(encoding="utf-8"))
    assert merged["title"] == "Titre de l'éditeur"                 # editor's change kept
    assert merged["tags"]["topics"] == ["Diplomatie"]              # editor's change kept
    assert merged["draft"] is True                                 # editor's own field kept
    assert "Tunisie" in merged["tags"]["countries"]                # machine field re-derived
    assert "Tunisie" not in machine["tags"]["countries"]
    assert "La Tunisie a salué" in new_body                        # untouched body re-derived
    assert merged["date"] == machine["date"] and merged["actors"] == machine["actors"]
    again = ingest_paths([site.root / "seeds"], site, update_changed=True)
    assert (again.updated, again.unchanged) == (0, 2)


def test_update_keeps_an_edited_body(site, nlp):
    ingest_paths([site.root / "seeds"], site)
    path, front, body = article_for(site, "000_0b5a6dbfa79b4976.txt")
    path.write_text(render(front, "Corps réécrit par l'éditeur.\n"), encoding="utf-8")
    seed = site.root / "seeds" / "000_0b5a6dbfa79b4976.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + " Le Niger a été évoqué.", encoding="utf-8")
    ingest_paths([site.root / "seeds"], site, update_changed=True)
    merged, new_body = split_article(path.read_text(encoding="utf-8"))
    assert new_body == "Corps réécrit par l'éditeur.\n"
    assert "Niger" in merged["tags"]["countries"]


def test_a_deleted_article_is_not_brought_back(site, nlp):
    ingest_paths([site.root / "seeds"], site)
    path, _, _ = article_for(site, "000_0b5a6dbfa79b4976.txt")
    path.unlink()
    report = ingest_paths([site.root / "seeds"], site)
    assert report.skipped == 1 and not path.exists()


def run_command(site, *arguments: str) -> int:
    parser = argparse.ArgumentParser()
    command.configure(parser)
    return command.run(parser.parse_args(["--config", str(site.root / "site.yaml"), *arguments]))


def test_bad_inputs_one_line_each_others_processed_exit_non_zero(site, nlp, capsys):
    seeds = site.root / "seeds"
    for bad in ("empty.txt", "binary.txt", "undecodable.txt", "boilerplate_only.txt", "blank.txt"):
        shutil.copy(BAD / bad, seeds / bad)
    (seeds / "unreadable.txt").symlink_to(seeds / "missing-target.txt")
    code = run_command(site, str(seeds), str(site.root / "no-such-folder"))
    captured = capsys.readouterr()
    assert code == 1
    errors = [line for line in captured.err.splitlines() if line.startswith("error: ")]
    expected = {
        f"error: {seeds / 'empty.txt'}: empty file",
        f"error: {seeds / 'blank.txt'}: empty file",
        f"error: {seeds / 'binary.txt'}: binary file, not text",
        f"error: {seeds / 'undecodable.txt'}: undecodable text (not UTF-8, Windows-1252 or Latin-1)",
        f"error: {seeds / 'boilerplate_only.txt'}: no article text found (only site boilerplate)",
        f"error: {seeds / 'unreadable.txt'}: cannot read: No such file or directory",
        f"error: {site.root / 'no-such-folder'}: no such file or directory",
    }
    assert set(errors) == expected and len(errors) == len(expected)
    assert "Traceback" not in captured.err + captured.out
    assert len(list(site.content_dir.glob("*.md"))) == 2  # the good seeds still went in
    assert captured.out.splitlines()[-1].startswith("ingest: 2 created, 0 updated, 0 unchanged, 0 skipped, 7 failed")


def test_command_exit_zero_and_summary(site, nlp, capsys):
    seeds = site.root / "seeds"
    assert run_command(site) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1].startswith("ingest: 2 created")
    written = {path.name for path in site.content_dir.glob("*.md")}
    created = sorted(out[:-1])
    assert created[1] == (f"{seeds / '003_040840458dc960f6.txt'}: created "
                          f"{site.content_dir / 'alger-et-washington-conviennent-dune-cooperation-militaire.md'}")
    assert created[0].startswith(f"{seeds / '000_0b5a6dbfa79b4976.txt'}: created {site.content_dir}/")
    assert {line.rsplit("/", 1)[1] for line in created} == written
    assert run_command(site) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1].startswith("ingest: 0 created, 0 updated, 2 unchanged")
    assert sorted(out[:-1]) == [f"{seeds / '000_0b5a6dbfa79b4976.txt'}: unchanged",
                                f"{seeds / '003_040840458dc960f6.txt'}: unchanged"]


def test_two_jobs_write_the_same_articles_as_one(site, nlp, tmp_path):
    pages = sorted(p for p in PAGES.iterdir() if not p.name.endswith(".yaml"))[:10]
    for page in pages:
        shutil.copy(page, site.root / "seeds" / page.name)
    ingest_paths([site.root / "seeds"], site, jobs=1)
    one = snapshot(site.content_dir)
    shutil.rmtree(site.content_dir)
    report = ingest_paths([site.root / "seeds"], site, jobs=2)
    assert report.created == 12 and report.ok
    two = snapshot(site.content_dir)
    assert two.keys() == one.keys()
    # date_source: file articles carry the copies' mtime, equal in both runs
    assert two == one


def test_every_article_passes_the_builds_front_matter_rules(site, nlp):
    """The contract test: what ingest writes, the build's own validator accepts."""
    from zoneinfo import ZoneInfo

    from site_builder.model.frontmatter import parse, split

    pages = sorted(p for p in PAGES.iterdir() if not p.name.endswith(".yaml"))
    for page in pages:
        shutil.copy(page, site.root / "seeds" / page.name)
    report = ingest_paths([site.root / "seeds"], site)
    assert report.created == len(pages) + 2 and report.ok
    for path in sorted(site.content_dir.glob("*.md")):
        yaml_text, _, problems = split(path.read_text(encoding="utf-8"), path)
        front, more = parse(yaml_text, path, ZoneInfo("Africa/Algiers"))
        assert not problems and not more, [str(p) for p in problems + more]
        assert front is not None and 0 < len(front.summary.split()) <= 60


def test_the_author_of_a_signed_piece_is_not_one_of_its_actors(site, nlp):
    (site.root / "seeds" / "tribune.txt").write_text(
        "Tribune\nAlgérie-France : sortir de la diplomatie des humeurs\nPar Hasni Abidi\n"
        "18 novembre 2025 | 08:30\n\n"
        "Lorsque le ministre de l'Europe et des Affaires étrangères, Jean-Noël Barrot, s'est rendu à Alger en "
        "avril dernier, il a obtenu la relance de la coopération sécuritaire et migratoire entre les deux pays.\n\n"
        "Par ailleurs, le président Abdelmadjid Tebboune a fait savoir qu'il ne traiterait qu'avec son homologue "
        "français, ce qui fait dépendre la relation de l'humeur de deux hommes.\n\n"
        "Hasni Abidi est politologue et directeur du Centre d'études et de recherche sur le monde arabe à Genève.\n",
        encoding="utf-8")
    ingest_paths([site.root / "seeds"], site)
    _, front, _ = article_for(site, "tribune.txt")
    names = [actor if isinstance(actor, str) else actor["name"] for actor in front["actors"]]
    assert "Jean-Noël Barrot" in names and "Abdelmadjid Tebboune" in names
    assert "Hasni Abidi" not in names


# --------------------------------------------------------------------------- editors' files ingest cannot read


ANCHOR = "Le gouvernement algérien a accueilli le dernier dialogue"


def change_seed(site, name: str, addition: str):
    """A sentence added inside the article (after its end, it would be page furniture)."""
    seed = site.root / "seeds" / name
    text = seed.read_text(encoding="utf-8")
    assert ANCHOR in text
    seed.write_text(text.replace(ANCHOR, addition.strip() + " " + ANCHOR), encoding="utf-8")


def test_an_article_with_broken_yaml_is_reported_and_left_as_it_is(site, nlp):
    ingest_paths([site.root / "seeds"], site)
    path, _, _ = article_for(site, "003_040840458dc960f6.txt")
    text = path.read_text(encoding="utf-8").replace("\nlang: fr\n", "\nlang: [fr\n", 1)
    path.write_text(text, encoding="utf-8")
    line = text.split("\n").index("lang: [fr") + 1
    change_seed(site, "003_040840458dc960f6.txt", "\nUne phrase ajoutée au bout par la source.\n")
    report = ingest_paths([site.root / "seeds"], site, update_changed=True)
    assert len(report.notes) == 1
    assert report.notes[0].startswith(f"{path}:{line + 1}: invalid YAML: ")
    assert report.notes[0].endswith("; left as it is") and "deleted" not in report.notes[0]
    assert (report.created, report.updated, report.skipped) == (0, 0, 1)
    assert path.read_text(encoding="utf-8") == text


def test_an_article_with_a_byte_order_mark_is_still_merged(site, nlp):
    ingest_paths([site.root / "seeds"], site)
    path, front, body = article_for(site, "003_040840458dc960f6.txt")
    path.write_text("\ufeff" + render({**front, "title": "Titre de l'éditeur"}, body), encoding="utf-8")
    again = ingest_paths([site.root / "seeds"], site)
    assert (again.unchanged, again.skipped, again.notes) == (2, 0, [])
    change_seed(site, "003_040840458dc960f6.txt", "\nLa Tunisie a salué cette coopération militaire.\n")
    report = ingest_paths([site.root / "seeds"], site, update_changed=True)
    assert report.updated == 1, report.notes + report.errors
    text = path.read_text(encoding="utf-8")
    merged, new_body = split_article(text)
    assert text.startswith("\ufeff---\n") and merged["title"] == "Titre de l'éditeur"
    assert "La Tunisie a salué" in new_body


def test_one_bad_date_in_content_does_not_block_new_ingests(site, nlp):
    site.content_dir.mkdir()
    broken = site.content_dir / "a-la-main.md"
    broken.write_text("---\ntitle: Écrit à la main\ndate: 2024-02-30\n---\nCorps.\n", encoding="utf-8")
    report = ingest_paths([site.root / "seeds"], site)
    assert report.created == 2 and report.ok
    assert broken.read_text(encoding="utf-8") == "---\ntitle: Écrit à la main\ndate: 2024-02-30\n---\nCorps.\n"


# --------------------------------------------------------------------------- a run killed between two writes


class Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs."""


def kill_after_the_article(monkeypatch):
    """Kill the run at its first state write after an article was written."""
    from site_builder.ingest import emit

    written = []
    write_new, save_state = emit._write_new, emit._save_state

    def write_article(*args):
        write_new(*args)
        written.append(True)

    def save(*args):
        if written:
            raise Killed()
        return save_state(*args)

    monkeypatch.setattr(emit, "_write_new", write_article)
    monkeypatch.setattr(emit, "_save_state", save)


def test_a_kill_between_article_and_state_does_not_stop_later_merges(site, nlp, monkeypatch):
    with monkeypatch.context() as patch:
        kill_after_the_article(patch)
        with pytest.raises(Killed):
            ingest_paths([site.root / "seeds" / "003_040840458dc960f6.txt"], site)
    path, _, _ = article_for(site, "003_040840458dc960f6.txt")
    again = ingest_paths([site.root / "seeds"], site)
    assert (again.created, again.failed) == (1, 0)  # the other seed; the killed one is complete
    assert len(list(site.content_dir.glob("*.md"))) == 2
    change_seed(site, "003_040840458dc960f6.txt", "\nLa Tunisie a salué cette coopération militaire.\n")
    report = ingest_paths([site.root / "seeds"], site, update_changed=True)
    assert report.updated == 1
    assert "La Tunisie a salué" in split_article(path.read_text(encoding="utf-8"))[1]


def test_a_kill_before_the_article_is_written_is_redone(site, nlp, monkeypatch):
    from site_builder.ingest import emit

    def killed(*args):
        raise Killed()

    with monkeypatch.context() as patch:
        patch.setattr(emit, "_write_new", killed)
        with pytest.raises(Killed):
            ingest_paths([site.root / "seeds" / "003_040840458dc960f6.txt"], site)
    report = ingest_paths([site.root / "seeds"], site)
    assert (report.created, report.skipped, report.failed) == (2, 0, 0)
    assert [p.name for p in site.content_dir.glob("*.md")].count(
        "alger-et-washington-conviennent-dune-cooperation-militaire.md") == 1


def test_a_kill_before_an_update_reaches_the_article_is_merged_again(site, nlp, monkeypatch):
    from site_builder.ingest import emit

    ingest_paths([site.root / "seeds"], site)
    path, _, _ = article_for(site, "003_040840458dc960f6.txt")
    change_seed(site, "003_040840458dc960f6.txt", "\nLa Tunisie a salué cette coopération militaire.\n")
    with monkeypatch.context() as patch:
        patch.setattr(emit, "write_atomic", lambda *args: (_ for _ in ()).throw(Killed()))
        with pytest.raises(Killed):
            ingest_paths([site.root / "seeds"], site, update_changed=True)
    report = ingest_paths([site.root / "seeds"], site, update_changed=True)
    assert report.updated == 1
    assert "La Tunisie a salué" in split_article(path.read_text(encoding="utf-8"))[1]


def test_a_lost_state_is_rebuilt_from_the_article_and_its_seed(site, nlp):
    from site_builder.ingest.emit import STATE_DIR

    ingest_paths([site.root / "seeds"], site)
    path, _, _ = article_for(site, "003_040840458dc960f6.txt")
    for state in (site.content_dir / STATE_DIR).glob("*003*.yaml"):
        state.unlink()
    report = ingest_paths([site.root / "seeds"], site)
    assert report.notes == [f"{path}: its ingest state was missing; rebuilt from "
                            f"{site.root / 'seeds' / '003_040840458dc960f6.txt'}"]
    change_seed(site, "003_040840458dc960f6.txt", "\nLa Tunisie a salué cette coopération militaire.\n")
    assert ingest_paths([site.root / "seeds"], site, update_changed=True).updated == 1
    assert "La Tunisie a salué" in split_article(path.read_text(encoding="utf-8"))[1]


# --------------------------------------------------------------------------- actors, person by person


def test_update_merges_actors_person_by_person_and_says_so(site, nlp, capsys):
    import yaml

    from site_builder.ingest.emit import STATE_DIR

    ingest_paths([site.root / "seeds"], site)
    path, front, body = article_for(site, "003_040840458dc960f6.txt")
    actors = [actor for actor in front["actors"] if actor["name"] != "Matthew Miller"]  # removed
    actors = [{**actor, "role": "chef d'état-major"} if actor["name"] == "Saïd Chanegriha" else actor
              for actor in actors]  # edited
    path.write_text(render({**front, "actors": actors}, body), encoding="utf-8")
    change_seed(site, "003_040840458dc960f6.txt",
                "\nLe ministre tunisien des Affaires étrangères, Nabil Ammar, a salué cette coopération.\n")
    assert run_command(site, "--update") == 0
    merged, _ = split_article(path.read_text(encoding="utf-8"))
    by_name = {actor["name"] if isinstance(actor, dict) else actor: actor for actor in merged["actors"]}
    assert "Nabil Ammar" in by_name                                    # newly found: added
    assert "Matthew Miller" not in by_name                             # removed by the editor: stays out
    assert by_name["Saïd Chanegriha"]["role"] == "chef d'état-major"   # edited: the editor's
    assert by_name["Michael Langley"] == next(a for a in front["actors"] if a["name"] == "Michael Langley")
    out = capsys.readouterr().out
    assert (f"{site.root / 'seeds' / '003_040840458dc960f6.txt'}: updated {path} "
            "(actors: added Nabil Ammar; kept Saïd Chanegriha; left out Matthew Miller)") in out.splitlines()
    state = yaml.safe_load(next((site.content_dir / STATE_DIR).glob("*003*.yaml")).read_text(encoding="utf-8"))
    assert (state["edited_fields"], state["edited_actors"], state["removed_actors"]) == (
        ["actors"], ["Saïd Chanegriha"], ["Matthew Miller"])


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_shows_a_progress_bar_even_for_one_article(site, nlp, monkeypatch, capsys):
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    (site.root / "seeds" / "000_0b5a6dbfa79b4976.txt").unlink()
    assert run_command(site) == 0
    assert "ingest: analysing 1 article" in terminal.getvalue()
    assert "Traceback" not in terminal.getvalue()


def test_a_pipe_shows_no_progress_bar(site, nlp, capsys):
    assert run_command(site) == 0
    captured = capsys.readouterr()
    assert "analysing" not in captured.err + captured.out and captured.err == ""
