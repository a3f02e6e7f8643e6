"""`site-builder new` starts a draft article an editor can fill in; `--version`."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import yaml

from tests.helpers import SAMPLE, copy_site, run_cli


def _front(path):
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def test_new_writes_a_valid_draft_with_todays_date_in_the_site_zone(tmp_path):
    root = copy_site(SAMPLE, tmp_path / "site")
    result = run_cli("new", "Alger et Rome signent un accord", "--country", "italie", "--topic", "Énergie", cwd=root)
    assert result.returncode == 0, result.stderr
    path = root / "content" / "alger-et-rome-signent-un-accord.md"
    assert result.stdout.strip() == (
        "created content/alger-et-rome-signent-un-accord.md: a draft; write its summary and text, "
        "then remove 'draft: true' to publish it"
    )
    front = _front(path)
    assert front["title"] == "Alger et Rome signent un accord"
    assert front["draft"] is True
    assert front["tags"] == {"countries": ["Italie"], "topics": ["Énergie"]}
    today = dt.datetime.now(ZoneInfo("Africa/Algiers")).date()
    assert front["date"].date() == today and front["date"].utcoffset() == dt.timedelta(hours=1)

    # Valid content, left out of the site while a draft; the same title again gets -2.
    assert run_cli("check", "--config", "site.yaml", cwd=root).returncode == 0
    result = run_cli("build", "--config", "site.yaml", "--no-search", cwd=root)
    assert result.returncode == 0, result.stderr
    assert not (root / "_site" / "articles" / "alger-et-rome-signent-un-accord").exists()
    assert run_cli("new", "Alger et Rome signent un accord", cwd=root).returncode == 0
    assert (root / "content" / "alger-et-rome-signent-un-accord-2.md").exists()

    # Filled in and undrafted, it is published.
    text = path.read_text(encoding="utf-8").replace("draft: true\n", "")
    path.write_text(text, encoding="utf-8")
    assert run_cli("build", "--config", "site.yaml", "--no-search", cwd=root).returncode == 0
    assert (root / "_site" / "articles" / "alger-et-rome-signent-un-accord" / "index.html").exists()


def test_new_refuses_an_unknown_country(tmp_path):
    root = copy_site(SAMPLE, tmp_path / "site")
    result = run_cli("new", "Un titre", "--country", "Frence", cwd=root)
    assert result.returncode == 1
    assert result.stderr.strip() == "new: unknown country 'Frence' (did you mean 'France'?)"
    assert not (root / "content" / "un-titre.md").exists()


def test_version():
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == "site-builder 0.1.0"
