"""The writer: rendering, three-way merge, atomic and never-clobbering writes."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from site_builder.ingest import emit
from site_builder.ingest.emit import ContentIndex, Draft, EmitError, merge_fields, render, split_article

BASE = {"title": "Titre machine", "summary": "Résumé machine.", "lang": "fr",
        "tags": {"countries": ["Algérie"], "topics": ["Défense"]}, "actors": ["Matthew Miller"]}


def test_render_then_split_gives_back_the_same_data():
    front = {**BASE, "date": dt.datetime(2023, 12, 5, 17, 41, tzinfo=dt.timezone(dt.timedelta(hours=1)))}
    text = render(front, "Corps.\n")
    assert text.startswith("---\ntitle: Titre machine\ndate: 2023-12-05T17:41:00+01:00\n")
    assert split_article(text) == (front, "Corps.\n")


def test_merge_keeps_every_field_the_editor_changed():
    ours = {**BASE, "title": "Titre de l'éditeur", "draft": True,
            "tags": {"countries": ["Algérie"], "topics": ["Diplomatie"]}}
    theirs = {**BASE, "summary": "Nouveau résumé.", "title": "Nouveau titre machine",
              "tags": {"countries": ["Algérie", "Maroc"], "topics": ["Défense", "Sécurité"]},
              "actors": ["Matthew Miller", "Saïd Chanegriha"]}
    merged = merge_fields(BASE, ours, theirs)
    assert merged["title"] == "Titre de l'éditeur"          # editor's
    assert merged["draft"] is True                           # editor's own key
    assert merged["tags"]["topics"] == ["Diplomatie"]        # editor's
    assert merged["tags"]["countries"] == ["Algérie", "Maroc"]  # re-derived
    assert merged["summary"] == "Nouveau résumé."            # re-derived
    assert merged["actors"] == ["Matthew Miller", "Saïd Chanegriha"]  # re-derived
    assert merged["lang"] == "fr"


def test_merge_respects_a_field_the_editor_removed():
    ours = {key: value for key, value in BASE.items() if key != "actors"}
    merged = merge_fields(BASE, ours, {**BASE, "actors": ["Someone Else"]})
    assert "actors" not in merged


def draft(title: str = "Un titre") -> Draft:
    return Draft("seeds/x.txt", "abc", {"title": title, "summary": "S."}, "Corps.\n")


def test_create_never_overwrites_an_existing_file(tmp_path):
    index = ContentIndex(tmp_path)
    (tmp_path / "un-titre.md").write_text("travail de l'éditeur", encoding="utf-8")
    with pytest.raises(EmitError, match="exists already"):
        emit._write_new(tmp_path / "un-titre.md", "machine")
    assert (tmp_path / "un-titre.md").read_text(encoding="utf-8") == "travail de l'éditeur"
    index.taken_slugs.add("un-titre")
    path = emit.create(draft(), index)
    assert path.name == "un-titre-2.md"
    assert (tmp_path / "un-titre.md").read_text(encoding="utf-8") == "travail de l'éditeur"


def test_colliding_titles_get_numbered_slugs_in_order(tmp_path):
    index = ContentIndex(tmp_path)
    names = [emit.create(draft("Même titre"), index).name for _ in range(3)]
    assert names == ["meme-titre.md", "meme-titre-2.md", "meme-titre-3.md"]


def test_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "article.md"
    target.write_text("ancien", encoding="utf-8")

    def crash(*args):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        emit.write_atomic(target, "nouveau contenu")
    assert target.read_text(encoding="utf-8") == "ancien"
    assert [p.name for p in tmp_path.iterdir()] == ["article.md"]


def test_written_files_are_readable_by_others(tmp_path):
    path = emit.create(draft(), ContentIndex(tmp_path))
    assert path.stat().st_mode & 0o044 == 0o044


def test_temporaries_of_a_killed_run_are_removed(tmp_path):
    (tmp_path / emit.STATE_DIR).mkdir()
    stale = [tmp_path / ".ingest-abc.tmp", tmp_path / emit.STATE_DIR / ".ingest-def.tmp"]
    for path in stale:
        path.write_text("half", encoding="utf-8")
    (tmp_path / "article.md").write_text("kept", encoding="utf-8")
    emit.remove_stale_temporaries(tmp_path)
    assert not any(path.exists() for path in stale)
    assert (tmp_path / "article.md").read_text(encoding="utf-8") == "kept"


# --------------------------------------------------------------------------- unreadable content files


@pytest.mark.parametrize("front, line, message", [
    # The build's own reader and messages: ingest and `check` say the same thing.
    ("title: T\ndate: 2024-02-30\n", 3, "'date': '2024-02-30' is not a real date or time (day is out of range for month)"),
    ("title: T\ncount: !!int abc\n", 3, "'count': 'abc' cannot be read as !!int"),
    ("title: T\nsummary: [a, b\n", 4, "invalid YAML:"),
    ("a: &x [1]\nb: *x\n", 3, "YAML alias '*x' is not allowed in front matter; write the value out"),
    ("- a\n- b\n", 2, "front matter is not a mapping of keys to values"),
])
def test_a_front_matter_ingest_cannot_read_is_one_line_with_its_line(front, line, message):
    with pytest.raises(EmitError) as caught:
        split_article(f"---\n{front}---\nCorps.\n")
    assert caught.value.line == line and str(caught.value).startswith(message)


def test_a_byte_order_mark_is_read_as_nothing():
    assert split_article("\ufeff---\ntitle: T\n---\nCorps.\n") == ({"title": "T"}, "Corps.\n")


def test_the_index_lists_unreadable_content_files_without_stopping(tmp_path):
    (tmp_path / "bad-date.md").write_text("---\ntitle: T\ndate: 2024-02-30\n---\nCorps.\n", encoding="utf-8")
    (tmp_path / "good.md").write_text("---\ntitle: T\nsource: {file: seeds/a.txt}\n---\nCorps.\n",
                                      encoding="utf-8")
    index = emit.index_content(tmp_path)
    assert index.unreadable == {"bad-date": f"{tmp_path}/bad-date.md:3: 'date': '2024-02-30' is not a real date or time (day is out of range for month)"}
    assert index.known("seeds/a.txt").content_path == tmp_path / "good.md"


# --------------------------------------------------------------------------- actors, person by person


def test_actors_merge_person_by_person():
    base = {"actors": [{"name": "Ahmed Attaf", "role": "ministre"}, "Antony Blinken", "Matthew Miller",
                       {"name": "Nasser Bourita", "role": "ministre"}]}
    ours = {"actors": [{"name": "Ahmed Attaf", "role": "ministre des Affaires étrangères", "country": "Algérie"},
                       "Matthew Miller", {"name": "Nasser Bourita", "role": "ministre"}, "Jean Dupont"]}
    theirs = {"actors": [{"name": "Ahmed Attaf", "role": "ministre"}, "Antony Blinken",
                         {"name": "Matthew Miller", "role": "porte-parole"}, "Saïd Chanegriha"]}
    merge = emit.merge_front(base, ours, theirs)
    assert merge.front["actors"] == [
        {"name": "Ahmed Attaf", "role": "ministre des Affaires étrangères", "country": "Algérie"},  # edited: kept
        {"name": "Matthew Miller", "role": "porte-parole"},  # untouched: re-derived
        "Jean Dupont",                                        # the editor's own: kept
        "Saïd Chanegriha",                                    # newly found: added
    ]  # Antony Blinken, removed by the editor, stays out; Nasser Bourita is no longer found
    assert merge.actors.describe() == "actors: added Saïd Chanegriha; kept Ahmed Attaf, Jean Dupont; left out Antony Blinken"
    assert merge.edited_fields == ["actors"]
    assert merge.edited_actors == ["Ahmed Attaf", "Jean Dupont"]
    assert merge.removed_actors == ["Antony Blinken"]


def test_untouched_actors_are_taken_anew_as_a_whole():
    base = {"actors": ["A B", "C D"]}
    merge = emit.merge_front(base, dict(base), {"actors": ["C D", "E F"]})
    assert merge.front["actors"] == ["C D", "E F"] and not merge.edited_fields and not merge.actors.describe()


def test_ingest_cuts_an_article_where_the_build_does():
    """One front matter split for build and ingest: a closing fence with trailing spaces,
    Windows line endings, and a '----' rule in the body (not a fence) read alike."""
    from site_builder.ingest.emit import split_article
    from site_builder.model.frontmatter import split

    text = "---\r\ntitle: Un titre\r\n---  \r\nCorps.\r\n\r\n----\r\nSuite.\r\n"
    front, body = split_article(text)
    yaml_text, built_body, problems = split(text.replace("\r\n", "\n"), Path("x.md"))
    assert problems == [] and front == {"title": "Un titre"}
    assert body == built_body == "Corps.\n\n----\nSuite.\n"


# --------------------------------------------------------------------------- one content model


@pytest.mark.parametrize("front", [
    "title: T\ndate: 2024-02-30\n",
    "title: T\ncount: !!int abc\n",
    "title: T\nsummary: [a, b\n",
    "a: &x [1]\nb: *x\n",
])
def test_ingest_and_the_build_refuse_front_matter_with_the_same_line(tmp_path, front):
    from zoneinfo import ZoneInfo

    from site_builder.model.frontmatter import parse

    path = tmp_path / "a.md"
    with pytest.raises(EmitError) as caught:
        split_article(f"---\n{front}---\nCorps.\n")
    _, problems = parse(front, path, ZoneInfo("UTC"))
    assert [(caught.value.line, str(caught.value))] == [(problems[0].line, problems[0].message)]


def test_ingest_finds_actors_of_the_builds_own_type():
    from site_builder.ingest import actors, nlp
    from site_builder.model import frontmatter

    assert actors.Actor is frontmatter.Actor and nlp.Actor is frontmatter.Actor
