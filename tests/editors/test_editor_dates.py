"""Dates an editor can trust: an undated article (`date_source: file`) and, by default,
one dated more than a day ahead are held back from the published site; check says so."""

from __future__ import annotations

import datetime as dt
import os
import time

from bs4 import BeautifulSoup

from tests.helpers import SAMPLE, copy_site, run_cli

UNDATED = """---
title: Article sans date
date: 2026-11-23T02:00:24+01:00
date_source: file
summary: Un résumé.
---
Corps.
"""

FUTURE = """---
title: Article du futur
date: {date}
summary: Un résumé.
---
Corps.
"""


def _home_titles(root) -> set[str]:
    soup = BeautifulSoup((root / "_site" / "index.html").read_text(encoding="utf-8"), "html.parser")
    return {link.get_text(" ", strip=True) for link in soup.select("a")}


def test_undated_article_is_held_until_an_editor_confirms_the_date(tmp_path):
    root = copy_site(SAMPLE, tmp_path / "site")
    path = root / "content" / "sans-date.md"
    path.write_text(UNDATED, encoding="utf-8")

    result = run_cli("check", "--config", "site.yaml", cwd=root)
    assert result.returncode == 0, result.stderr
    assert (
        "content/sans-date.md:3: warning: date taken from the file's modification time: the article is held "
        "back from the site until an editor sets the date and removes 'date_source'"
    ) in result.stderr.splitlines()
    result = run_cli("build", "--config", "site.yaml", "--no-search", cwd=root)
    assert result.returncode == 0, result.stderr
    assert not (root / "_site" / "articles" / "sans-date").exists()
    assert "Article sans date" not in _home_titles(root)
    assert "sans-date" not in (root / "_site" / "sitemap.xml").read_text(encoding="utf-8")

    # The editor confirms the date: the article is published, with no banner.
    path.write_text(UNDATED.replace("date_source: file\n", ""), encoding="utf-8")
    result = run_cli("build", "--config", "site.yaml", "--no-search", cwd=root)
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((root / "_site" / "articles" / "sans-date" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.select_one("h1").get_text() == "Article sans date"
    assert page.select_one(".held-banner") is None


def test_future_date_is_a_warning_and_held_unless_site_yaml_publishes_it(tmp_path):
    root = copy_site(SAMPLE, tmp_path / "site")
    when = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=30)).replace(microsecond=0, second=0)
    (root / "content" / "futur.md").write_text(FUTURE.format(date=when.isoformat()), encoding="utf-8")
    shown = when.astimezone(dt.timezone(dt.timedelta(hours=1))).strftime("%Y-%m-%d %H:%M")  # Africa/Algiers

    result = run_cli("build", "--config", "site.yaml", "--no-search", cwd=root)
    assert result.returncode == 0, result.stderr
    assert f"content/futur.md:3: warning: date {shown} is more than a day ahead: held back until then" in result.stderr
    assert not (root / "_site" / "articles" / "futur").exists()

    config = root / "site.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "publish_future: true\n", encoding="utf-8")
    result = run_cli("check", "--config", "site.yaml", cwd=root)
    assert f"content/futur.md:3: warning: date {shown} is more than a day ahead: published now (publish_future: true)" in result.stderr
    result = run_cli("build", "--config", "site.yaml", "--no-search", cwd=root)
    assert result.returncode == 0, result.stderr
    assert (root / "_site" / "articles" / "futur" / "index.html").exists()


def test_later_today_is_held_without_a_warning(tmp_path):
    root = copy_site(SAMPLE, tmp_path / "site")
    soon = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=12)).replace(microsecond=0)
    (root / "content" / "bientot.md").write_text(FUTURE.format(date=soon.isoformat()), encoding="utf-8")
    result = run_cli("build", "--config", "site.yaml", "--no-search", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "bientot.md" not in result.stderr
    assert not (root / "_site" / "articles" / "bientot").exists()


def test_a_held_article_is_published_by_the_first_build_after_its_date(tmp_path):
    root = copy_site(SAMPLE, tmp_path / "site")
    when = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=3)).replace(microsecond=0)
    path = root / "content" / "futur.md"
    path.write_text(FUTURE.format(date=when.isoformat()), encoding="utf-8")
    settled = time.time() - 60  # a file saved this instant never makes a no-op build
    os.utime(path, (settled, settled))
    run_cli("build", "--config", "site.yaml", "--no-search", cwd=root)
    assert "up to date" in run_cli("build", "--config", "site.yaml", "--no-search", cwd=root).stdout
    marker = root / ".cache" / "held-until"
    due = dt.datetime.fromisoformat(marker.read_text(encoding="utf-8"))
    assert due == when
    # Time passes: the marker says it is due, so the next build does not stop at "up to date".
    marker.write_text((dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1)).isoformat(), encoding="utf-8")
    assert "up to date" not in run_cli("build", "--config", "site.yaml", "--no-search", cwd=root).stdout
