"""Each invalid content file: its exact message from check and build, exit 1, and the
last good site left exactly as it was."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
import yaml

from tests.helpers import SAMPLE, THEME, copy_site, run_cli

INVALID = SAMPLE.parent / "invalid"
EXPECTED = yaml.safe_load((INVALID / "expected.yaml").read_text(encoding="utf-8"))


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def good_site(tmp_path_factory):
    root = copy_site(SAMPLE, tmp_path_factory.mktemp("invalid") / "site")
    result = run_cli("build", "--config", "site.yaml", "--no-search", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_invalid_file_is_reported_and_site_kept(good_site, case):
    before = tree_digest(good_site / "_site")
    shutil.copy(INVALID / case, good_site / "content" / case)
    try:
        for command in (["check"], ["build", "--no-search"], ["build", "--clean", "--no-search"]):
            result = run_cli(*command, "--config", "site.yaml", cwd=good_site)
            assert result.returncode == 1, command
            problem_lines = [line for line in result.stderr.splitlines() if line.startswith("content/")]
            assert problem_lines == EXPECTED[case], command
            assert "Traceback" not in result.stderr
        assert tree_digest(good_site / "_site") == before
    finally:
        (good_site / "content" / case).unlink()


def test_every_problem_in_every_file_is_listed(good_site, tmp_path):
    for case in EXPECTED:
        shutil.copy(INVALID / case, good_site / "content" / case)
    try:
        result = run_cli("check", "--config", "site.yaml", cwd=good_site)
    finally:
        for case in EXPECTED:
            (good_site / "content" / case).unlink()
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("content/")]
    assert sorted(lines) == sorted(line for lines in EXPECTED.values() for line in lines)
    assert result.stderr.splitlines()[-1] == f"check: {len(lines)} problem(s) in content"


def test_bad_config_is_one_line(tmp_path):
    (tmp_path / "site.yaml").write_text("title: T\nper_page: zéro\nbogus: 1\n", encoding="utf-8")
    result = run_cli("build", "--config", str(tmp_path / "site.yaml"))
    assert result.returncode == 1
    # Every problem of site.yaml, one line each, in line order.
    first, second = result.stderr.strip().splitlines()
    assert first == f"{tmp_path / 'site.yaml'}:2: per_page: must be a whole number of at least 1"
    assert second.startswith(f"{tmp_path / 'site.yaml'}:3: bogus: unknown setting (known: ") and "per_page" in second


def test_check_passes_on_the_sample(good_site):
    result = run_cli("check", "--config", "site.yaml", cwd=good_site)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("check: 30 articles OK")


def test_non_utf8_content_names_file_and_line(good_site):
    path = good_site / "content" / "latin1.md"
    path.write_bytes("---\ntitle: Été\ndate: 2024-01-01\nsummary: s\n---\n".encode("latin-1"))
    try:
        result = run_cli("check", "--config", "site.yaml", cwd=good_site)
    finally:
        path.unlink()
    assert "content/latin1.md:2: not valid UTF-8 text (save the file as UTF-8)" in result.stderr.splitlines()


@pytest.mark.parametrize("out", [".", "content", "content/site", "seeds/x", ".cache"])
def test_build_refuses_an_output_folder_holding_sources(good_site, out):
    before = sorted(path.name for path in good_site.iterdir())
    result = run_cli("build", "--config", "site.yaml", "--out", out, cwd=good_site)
    assert result.returncode == 1
    assert result.stderr.startswith(f"{out}: refusing to build")
    assert len(result.stderr.strip().splitlines()) == 1
    assert sorted(path.name for path in good_site.iterdir()) == before
    assert len(list((good_site / "content").glob("*.md"))) == 31


def test_a_cache_folder_that_cannot_be_made_is_one_line_and_keeps_the_site(tmp_path):
    site = copy_site(SAMPLE, tmp_path / "site")
    assert run_cli("build", "--config", "site.yaml", "--no-search", cwd=site).returncode == 0
    before = tree_digest(site / "_site")
    config = site / "site.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("cache_dir: .cache", "cache_dir: site.yaml/cache"),
                      encoding="utf-8")
    result = run_cli("build", "--config", "site.yaml", "--no-search", cwd=site)
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"{site / 'site.yaml' / 'cache'}") and line.endswith(": Not a directory"), line
    assert tree_digest(site / "_site") == before


def test_a_template_failing_while_rendering_is_named_with_its_line(good_site, tmp_path):
    """An undefined name is only found when a page renders: the message still names the
    template and the line that uses it (here a theme still calling `url()`, which is a
    filter), and the last good site is kept."""
    theme = tmp_path / "theme"
    shutil.copytree(THEME, theme)
    base = theme / "templates" / "base.html"
    lines = base.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(index for index, line in enumerate(lines, start=1) if "'feed.xml'|url" in line)
    lines[number - 1] = lines[number - 1].replace("{{ 'feed.xml'|url }}", "{{ url('feed.xml') }}")
    base.write_text("".join(lines), encoding="utf-8")
    config = good_site / "site-broken-theme.yaml"
    text = (good_site / "site.yaml").read_text(encoding="utf-8")
    config.write_text("\n".join(line for line in text.splitlines() if not line.startswith("theme_dir:")) + f"\ntheme_dir: {theme}\n", encoding="utf-8")
    before = tree_digest(good_site / "_site")
    try:
        result = run_cli("build", "--config", config.name, "--no-search", cwd=good_site)
    finally:
        config.unlink()
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [f"{base}:{number}: template error: 'url' is undefined"]
    assert tree_digest(good_site / "_site") == before
