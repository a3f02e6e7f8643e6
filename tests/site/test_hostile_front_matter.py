"""Hostile and broken front matter (issue 16): impossible dates, YAML tags and aliases,
control characters, aliases over generated files, too many terms, undecodable file
names, an unknown language. Each is one `path:line: message` from both `check` and
`build`, exit 1 and the last good site untouched, or, for control characters, a build
whose feeds are well-formed with a warning per field."""

from __future__ import annotations

import os
import shutil
import xml.dom.minidom
from pathlib import Path

import feedparser
import pytest

from site_builder.config import load_config
from site_builder.errors import ConfigError
from tests.helpers import SAMPLE, copy_site, run_cli
from tests.site.test_invalid_content import tree_digest

HEAD = "---\ntitle: Titre\ndate: 2024-03-01\nsummary: Résumé.\n"
"""Lines 1 to 4 of every case: the key under test is on line 5."""

# Case → (the rest of the front matter, the one line both commands print).
CASES = {
    "feb-30": ("updated: 2024-02-30\n", "5: 'updated': '2024-02-30' is not a real date or time (day is out of range for month)"),
    "feb-29": ("updated: 2023-02-29\n", "5: 'updated': '2023-02-29' is not a real date or time (day is out of range for month)"),
    "month-13": ("updated: 2024-13-01\n", "5: 'updated': '2024-13-01' is not a real date or time (month must be in 1..12)"),
    "hour-25": ("updated: 2024-03-01T25:00:00\n", "5: 'updated': '2024-03-01T25:00:00' is not a real date or time (hour must be in 0..23)"),
    "second-60": ("updated: 2024-03-01T23:59:60\n", "5: 'updated': '2024-03-01T23:59:60' is not a real date or time (second must be in 0..59)"),
    "offset-25": ("updated: 2024-03-01T10:00:00+25:00\n", "5: 'updated': '2024-03-01T10:00:00+25:00' is not a real date or time (a UTC offset is less than 24 hours)"),
    "custom-key": ("event: 2024-02-30\n", "5: 'event': '2024-02-30' is not a real date or time (day is out of range for month)"),
    "in-a-list": ("events:\n- 2024-03-01\n- 2024-02-30\n", "7: 'events': '2024-02-30' is not a real date or time (day is out of range for month)"),
    "year-10000": ("updated: 9999-12-31T23:59:59-12:00\n", "5: 'updated' is out of range: 9999-12-31T23:59:59-12:00 (a year from 1900 to 2999)"),
    "year-1": ("updated: 0001-01-01\ntags:\n  countries: [Algérie]\n", "5: 'updated' is out of range: 0001-01-01 (a year from 1900 to 2999)"),
    "quoted-year-1": ("updated: '0001-01-01T00:00:00+05:00'\n", "5: 'updated' is out of range: '0001-01-01T00:00:00+05:00' (a year from 1900 to 2999)"),
    "tag-int": ("count: !!int abc\n", "5: 'count': 'abc' cannot be read as !!int (invalid literal for int() with base 10: 'abc')"),
    "tag-float": ("ratio: !!float x\n", "5: 'ratio': 'x' cannot be read as !!float (could not convert string to float: 'x')"),
    "tag-bool": ("flag: !!bool maybe\n", "5: 'flag': 'maybe' cannot be read as !!bool ('maybe')"),
    "tag-timestamp": ("when: !!timestamp garbage\n", "5: 'when': 'garbage' is not a real date or time (not an ISO 8601 date)"),
    "alias": ("first: &same [a, b]\nsecond: *same\n", "6: YAML alias '*same' is not allowed in front matter; write the value out"),
    "alias-bomb": (
        "a: &a [x, x, x, x, x, x, x, x, x]\n"
        + "".join(f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi"))
        + "tags:\n  topics: *i\n",
        "6: YAML alias '*a' is not allowed in front matter; write the value out",
    ),
    # yaml-rs overflows its stack (a segmentation fault) on deeply nested block lists.
    "deep-block-list": ("x:\n" + "- " * 100_000 + "v\n", "6: invalid YAML: while increasing block level: exceeded maximum nesting depth"),
    "deep-complex-keys": ("x:\n  " + "? " * 100_000 + "v\n", "6: invalid YAML: while increasing block level: exceeded maximum nesting depth"),
    "deep-flow-lines": ("x: " + "[\n" * 5000 + "]" * 5000 + "\n", "1004: invalid YAML: while increasing flow level: exceeded maximum nesting depth"),
    "too-many-topics": (
        "tags:\n  topics: [" + ", ".join(f"Sujet {n}" for n in range(51)) + "]\n",
        "6: 'tags.topics' has 51 items; at most 50 are allowed (limits: terms_per_taxonomy in site.yaml)",
    ),
    "too-many-actors": (
        "actors:\n" + "".join(f"- Personne {n}\n" for n in range(51)),
        "5: 'actors' has 51 items; at most 50 are allowed (limits: actors in site.yaml)",
    ),
    "alias-on-feed": ("aliases: [/feed.xml]\n", "5: alias '/feed.xml' would need a folder where the site has the file /feed.xml"),
    "alias-on-sitemap": ("aliases:\n- /sitemap.xml\n", "5: alias '/sitemap.xml' would need a folder where the site has the file /sitemap.xml"),
    "alias-on-term-feed": (
        "aliases: [/pays/algerie/feed.xml]\n",
        "5: alias '/pays/algerie/feed.xml' would need a folder where the site has the file /pays/algerie/feed.xml",
    ),
    "alias-on-style": ("aliases: [/static/style.css]\n", "5: alias '/static/style.css' is inside /static/, which the build writes itself"),
    "alias-too-long": (
        f"aliases: [/{'a' * 256}.html]\n",
        f"5: alias '/{'a' * 256}.html' has a part longer than 255 characters, too long for a file name",
    ),
}


@pytest.fixture(scope="module")
def good_site(tmp_path_factory):
    root = copy_site(SAMPLE, tmp_path_factory.mktemp("hostile") / "site")
    result = run_cli("build", "--config", "site.yaml", "--no-search", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


def assert_refused(site: Path, expected: list[str]) -> None:
    before = tree_digest(site / "_site")
    for command in (["check"], ["build", "--no-search"]):
        result = run_cli(*command, "--config", "site.yaml", cwd=site)
        assert "Traceback" not in result.stderr, result.stderr
        assert result.returncode == 1, (command, result.stderr)
        lines = [line for line in result.stderr.splitlines() if not line.startswith("check: ")]
        assert lines == expected, command
    assert tree_digest(site / "_site") == before


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_front_matter_is_one_line_and_the_site_is_kept(good_site, case):
    rest, message = CASES[case]
    path = good_site / "content" / f"zz-{case}.md"
    path.write_text(HEAD + rest + "---\nCorps.\n", encoding="utf-8")
    try:
        assert_refused(good_site, [f"content/zz-{case}.md:{message}"])
    finally:
        path.unlink()


def test_control_characters_are_removed_with_a_warning_and_feeds_stay_well_formed(good_site):
    path = good_site / "content" / "zz-controls.md"
    path.write_text(
        '---\ntitle: "Sommet\\x0b de\\x01 Tindouf\\uFFFE"\ndate: 2024-03-01\n'
        'summary: "Un ré\\x0bsumé\\x1f."\ntags:\n  countries: [Algérie]\n  topics: ["Dé\\x02fense"]\n'
        'actors: ["Mounir\\x01 Zahi", {name: "Jean\\x0b Dupont", role: "mi\\x0bnistre"}]\n---\nCorps.\n',
        encoding="utf-8",
    )
    try:
        result = run_cli("build", "--config", "site.yaml", "--no-search", cwd=good_site)
        assert result.returncode == 0, result.stderr
        warnings = [line for line in result.stderr.splitlines() if "control characters" in line]
        assert warnings == [
            "content/zz-controls.md:2: warning: control characters removed from 'title'",
            "content/zz-controls.md:4: warning: control characters removed from 'summary'",
            "content/zz-controls.md:7: warning: control characters removed from 'tags.topics.0'",
            "content/zz-controls.md:8: warning: control characters removed from 'actors.0'",
            "content/zz-controls.md:8: warning: control characters removed from 'actors.1.name'",
            "content/zz-controls.md:8: warning: control characters removed from 'actors.1.role'",
        ]
        feeds = sorted((good_site / "_site").rglob("*.xml"))
        assert len(feeds) > 10
        for feed in feeds:
            xml.dom.minidom.parse(str(feed))  # raises on anything not well-formed
        parsed = feedparser.parse((good_site / "_site" / "pays" / "algerie" / "feed.xml").read_bytes())
        assert not parsed.bozo, parsed.get("bozo_exception")
        entry = next(entry for entry in parsed.entries if entry.title.startswith("Sommet"))
        assert entry.title == "Sommet de Tindouf"
        assert entry.summary == "Un résumé."
        page = (good_site / "_site" / "articles" / "zz-controls" / "index.html").read_text(encoding="utf-8")
        assert "Mounir Zahi" in page and "Jean Dupont" in page and "\x0b" not in page
    finally:
        path.unlink()
        run_cli("build", "--config", "site.yaml", "--no-search", cwd=good_site)


def test_limits_are_configurable_in_site_yaml(good_site, tmp_path):
    site = copy_site(good_site, tmp_path / "site")
    with (site / "site.yaml").open("a", encoding="utf-8") as handle:
        handle.write("limits:\n  terms_per_taxonomy: 3\n  actors: 1\n")
    for path in (site / "content").glob("*.md"):
        path.unlink()
    (site / "content" / "within.md").write_text(
        HEAD + "tags:\n  topics: [Un, Deux, Trois]\nactors: [Jean Dupont]\n---\nCorps.\n", encoding="utf-8"
    )
    assert run_cli("build", "--config", "site.yaml", "--no-search", cwd=site).returncode == 0
    (site / "content" / "zz-limits.md").write_text(
        HEAD + "tags:\n  topics: [Un, Deux, Trois, Quatre]\nactors: [Jean Dupont, Marie Curie]\n---\nCorps.\n",
        encoding="utf-8",
    )
    assert_refused(site, [
        "content/zz-limits.md:6: 'tags.topics' has 4 items; at most 3 are allowed (limits: terms_per_taxonomy in site.yaml)",
        "content/zz-limits.md:7: 'actors' has 2 items; at most 1 are allowed (limits: actors in site.yaml)",
    ])


def test_a_content_file_name_that_is_not_utf8_is_one_line(good_site):
    name = os.fsdecode(b"caf\xe9.md")
    path = good_site / "content" / name
    shutil.copy(good_site / "content" / "algerie-brics-candidature.md", path)
    try:
        assert_refused(good_site, ["content/caf\\xe9.md: file name is not valid UTF-8; rename it"])
    finally:
        path.unlink()


@pytest.mark.parametrize("language", ["xx", "fr-XX", "../fr", ""])
def test_an_unknown_language_is_a_config_error(tmp_path, language):
    config = tmp_path / "site.yaml"
    config.write_text(f"title: T\nlanguage: '{language}'\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(config)
    assert str(caught.value) == f"{config}:2: language: unknown language {language!r} (a code such as fr, en or fr-FR)"
    result = run_cli("build", "--config", str(config))
    assert result.returncode == 1 and result.stderr.strip() == str(caught.value)


def test_a_language_with_a_region_builds(good_site, tmp_path):
    site = copy_site(good_site, tmp_path / "site")
    text = (site / "site.yaml").read_text(encoding="utf-8").replace("language: fr\n", "language: fr-FR\n")
    (site / "site.yaml").write_text(text, encoding="utf-8")
    result = run_cli("build", "--config", "site.yaml", "--no-search", cwd=site)
    assert result.returncode == 0, result.stderr
    assert "décembre 2023" in (site / "_site" / "index.html").read_text(encoding="utf-8").lower()


@pytest.mark.parametrize("text, expected", [
    ("title: 2024-02-30\n", "1: 'title': '2024-02-30' is not a real date or time (day is out of range for month)"),
    ("title: T\nper_page: !!int abc\n", "2: 'per_page': 'abc' cannot be read as !!int (invalid literal for int() with base 10: 'abc')"),
    ("title: T\nlabels:\n  home: !!bool maybe\n", "3: 'home': 'maybe' cannot be read as !!bool ('maybe')"),
])
def test_an_impossible_value_in_site_yaml_is_one_line(tmp_path, text, expected):
    config = tmp_path / "site.yaml"
    config.write_text(text, encoding="utf-8")
    for command in ("check", "build"):
        result = run_cli(command, "--config", str(config))
        assert result.returncode == 1 and result.stderr.strip() == f"{config}:{expected}", result.stderr


def test_an_impossible_value_in_actors_yaml_is_one_line(tmp_path):
    site = copy_site(SAMPLE, tmp_path / "site")
    (site / "actors.yaml").write_text("- name: Jean Dupont\n- name: !!int abc\n", encoding="utf-8")
    for command in ("check", "build"):
        result = run_cli(command, "--config", "site.yaml", cwd=site)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert result.stderr.strip().endswith(
            "actors.yaml:2: 'name': 'abc' cannot be read as !!int (invalid literal for int() with base 10: 'abc')"
        ), result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
