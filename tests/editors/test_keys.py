"""Checked front matter keys: a misspelled key is an error naming the intended one, a
repeated key names both lines, any other unknown key reaches the templates and `check`
notes it once."""

from __future__ import annotations

from bs4 import BeautifulSoup

from site_builder.model import keys
from tests.helpers import SAMPLE, THEME, copy_site, run_cli

ARTICLE = """---
title: Un article
date: 2024-01-10
summary: Un résumé.
{extra}---
Corps.
"""


def _site(tmp_path):
    return copy_site(SAMPLE, tmp_path / "site")


def test_issue_examples_are_errors_naming_the_intended_key():
    assert keys.suggestion("top", "tag") == "tags"
    assert keys.suggestion("top", "sumary") == "summary"
    assert keys.suggestion("top", "acteurs") == "actors"
    assert keys.suggestion("top", "pays") == "tags.countries"
    assert keys.suggestion("top", "resume") == "summary"
    assert keys.suggestion("top", "Résumé") == "summary"
    assert keys.suggestion("actor", "pays") == "country"
    # Keys of templates' own that look like no key stay free.
    for free in ("auteur", "image", "credit", "author", "illustration"):
        assert keys.suggestion("top", free) is None, free


def test_unknown_key_reaches_templates_and_check_notes_it_once(tmp_path):
    root = _site(tmp_path)
    for name in ("a", "b"):
        (root / "content" / f"{name}.md").write_text(ARTICLE.format(extra="auteur: Marie Curie\n"), encoding="utf-8")
    template = THEME / "templates" / "article.html"
    custom_theme = tmp_path / "theme"
    import shutil

    shutil.copytree(THEME, custom_theme)
    page = custom_theme / "templates" / "article.html"
    text = page.read_text(encoding="utf-8")
    marker = "{% block main %}"
    assert marker in text, "the article template has a main block"
    page.write_text(text.replace(marker, marker + '<p id="auteur">{{ article.extra.get("auteur", "") }}</p>', 1), encoding="utf-8")
    config = root / "site.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(f"theme_dir: {THEME}", f"theme_dir: {custom_theme}"), encoding="utf-8")
    assert template.exists()

    result = run_cli("check", "--config", "site.yaml", cwd=root)
    assert result.returncode == 0, result.stderr
    notes = [line for line in result.stderr.splitlines() if line.startswith("note:")]
    assert notes == [
        "note: key 'auteur' is not a front matter key; it is kept for the templates as "
        "article.extra['auteur'] (2 files: content/a.md:5, content/b.md:5)"
    ]
    assert "warning" not in result.stdout

    result = run_cli("build", "--config", "site.yaml", "--no-search", cwd=root)
    assert result.returncode == 0, result.stderr
    soup = BeautifulSoup((root / "_site" / "articles" / "a" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.find(id="auteur").get_text() == "Marie Curie"


def test_every_misspelling_in_every_file_in_one_run(tmp_path):
    root = _site(tmp_path)
    (root / "content" / "x.md").write_text(ARTICLE.format(extra="tag:\n  topics: [Défense]\n"), encoding="utf-8")
    (root / "content" / "y.md").write_text(
        ARTICLE.format(extra="actors:\n  - name: Jean Dupont\n    pays: France\n    fonction: ministre\n"), encoding="utf-8"
    )
    result = run_cli("check", "--config", "site.yaml", cwd=root)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("content/")]
    assert lines == [
        "content/x.md:5: unknown key 'tag' — did you mean 'tags'?",
        "content/y.md:7: actor 'Jean Dupont': unknown key 'pays' — did you mean 'country'?",
        "content/y.md:8: actor 'Jean Dupont': unknown key 'fonction' — did you mean 'role'?",
    ]


def test_repeated_key_in_a_list_item_is_not_mistaken():
    text = "actors:\n  - name: A\n    role: x\n  - name: B\n    role: y\nsummary: >-\n  title: not a key\ntitle: T\n"
    assert keys.repeated_keys(text) == []
    assert keys.repeated_keys("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n") == [("c", 2, 3), ("a", 0, 4)]


def test_reference_in_the_repository_documents_every_known_key():
    from tests.helpers import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "(docs/front-matter.md)" in readme
    reference = (REPO / "docs" / "front-matter.md").read_text(encoding="utf-8")
    for place, prefix in (("top", ""), ("tags", "tags."), ("source", "")):
        for key in keys.known(place):
            assert f"`{prefix}{key}`" in reference or f"{key}`" in reference, key
