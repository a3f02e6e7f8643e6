"""URLs that never move: urls.yaml records every published URL; a new article never
takes one, a renamed file or changed slug leaves a redirect, a deleted one is reported."""

from __future__ import annotations

import yaml
from bs4 import BeautifulSoup

from tests.helpers import SAMPLE, copy_site, run_cli

ARTICLE = "---\ntitle: {title}\ndate: 2024-02-01\n{slug}summary: Un résumé.\n---\n{body}\n"


def _write(root, name, title, slug="", body="Corps."):
    line = f"slug: {slug}\n" if slug else ""
    (root / "content" / name).write_text(ARTICLE.format(title=title, slug=line, body=body), encoding="utf-8")


def _build(root):
    result = run_cli("build", "--config", "site.yaml", "--no-search", cwd=root)
    assert result.returncode == 0, result.stderr
    return result


def _h1(root, slug) -> str:
    page = root / "_site" / "articles" / slug / "index.html"
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("h1").get_text()


def _redirect_target(root, slug) -> str:
    page = root / "_site" / "articles" / slug / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return soup.select_one("a")["href"]


def _site(tmp_path):
    root = copy_site(SAMPLE, tmp_path / "site")
    _write(root, "etats-unis.md", "Les États-Unis")
    _build(root)
    return root


def test_build_records_urls_and_a_new_file_never_takes_one(tmp_path):
    root = _site(tmp_path)
    record = yaml.safe_load((root / "urls.yaml").read_text(encoding="utf-8"))
    assert record["etats-unis"]["file"] == "content/etats-unis.md"
    assert len(record) == 31  # the sample's 30 articles and this one

    # A new file whose explicit slug is an existing URL: an error, the site kept.
    _write(root, "autre.md", "Autre article", slug="etats-unis")
    result = run_cli("build", "--config", "site.yaml", "--no-search", cwd=root)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "content/autre.md:4: slug 'etats-unis' is the published URL of content/etats-unis.md; "
        "choose another (or remove its entry from urls.yaml)"
    ]
    assert _h1(root, "etats-unis") == "Les États-Unis"

    # A new file whose name slugs alike ('a' file sorting first): it steps aside.
    (root / "content" / "autre.md").unlink()
    _write(root, "Etats-Unis.md", "Un nouveau venu")
    _build(root)
    assert _h1(root, "etats-unis") == "Les États-Unis"
    assert _h1(root, "etats-unis-2") == "Un nouveau venu"


def test_two_files_claiming_one_slug_name_both(tmp_path):
    root = copy_site(SAMPLE, tmp_path / "site")
    _write(root, "a.md", "A", slug="meme")
    _write(root, "b.md", "B", slug="meme")
    result = run_cli("check", "--config", "site.yaml", cwd=root)
    assert result.returncode == 1
    assert "content/b.md:4: slug 'meme' is already claimed by content/a.md:4" in result.stderr.splitlines()


def test_renamed_file_and_changed_slug_redirect_from_the_old_url(tmp_path):
    root = _site(tmp_path)
    (root / "content" / "etats-unis.md").rename(root / "content" / "usa.md")
    _build(root)
    assert _h1(root, "usa") == "Les États-Unis"
    assert _redirect_target(root, "etats-unis").endswith("/articles/usa/")

    text = (root / "content" / "usa.md").read_text(encoding="utf-8")
    (root / "content" / "usa.md").write_text(text.replace("summary:", "slug: amerique\nsummary:"), encoding="utf-8")
    _build(root)
    assert _h1(root, "amerique") == "Les États-Unis"
    assert _redirect_target(root, "usa").endswith("/articles/amerique/")
    assert _redirect_target(root, "etats-unis").endswith("/articles/amerique/")
    record = yaml.safe_load((root / "urls.yaml").read_text(encoding="utf-8"))
    assert record["etats-unis"]["moved_to"] == "amerique" and record["usa"]["moved_to"] == "amerique"


def test_deleted_article_is_reported_and_redirect_to_keeps_its_url(tmp_path):
    root = _site(tmp_path)
    (root / "content" / "etats-unis.md").unlink()
    result = run_cli("check", "--config", "site.yaml", cwd=root)
    assert result.returncode == 0, result.stderr
    lines = (root / "urls.yaml").read_text().splitlines()
    line = next(number for number, text in enumerate(lines, 1) if text.startswith('"etats-unis": {'))
    assert (
        f"urls.yaml:{line}: warning: content/etats-unis.md was deleted: its URL 'etats-unis' will answer 404 "
        '(add "redirect_to": "<another article>" to its entry to keep it alive)'
    ) in result.stderr.splitlines()

    target = next(slug for slug, entry in yaml.safe_load((root / "urls.yaml").read_text()).items() if slug != "etats-unis")
    text = (root / "urls.yaml").read_text(encoding="utf-8")
    edited = text.replace('"etats-unis": {', f'"etats-unis": {{"redirect_to": "{target}", ')
    assert edited != text
    (root / "urls.yaml").write_text(edited, encoding="utf-8")
    result = _build(root)
    assert "etats-unis" not in result.stderr
    assert _redirect_target(root, "etats-unis").endswith(f"/articles/{target}/")


def test_a_hand_written_yaml_record_is_read(tmp_path):
    root = _site(tmp_path)
    (root / "content" / "etats-unis.md").unlink()
    record = yaml.safe_load((root / "urls.yaml").read_text(encoding="utf-8"))
    target = next(slug for slug in record if slug != "etats-unis")
    record["etats-unis"]["redirect_to"] = f"/articles/{target}/"
    (root / "urls.yaml").write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    result = _build(root)
    assert "etats-unis" not in result.stderr
    assert _redirect_target(root, "etats-unis").endswith(f"/articles/{target}/")


def test_slug_clash_is_reported_with_other_files_problems_in_one_run(tmp_path):
    root = copy_site(SAMPLE, tmp_path / "site")
    _write(root, "a.md", "A", slug="meme")
    _write(root, "b.md", "B", slug="meme")
    (root / "content" / "c.md").write_text("---\ntitle: C\ntag: [x]\n---\n", encoding="utf-8")
    for command in (["check"], ["build", "--no-search"]):
        result = run_cli(*command, "--config", "site.yaml", cwd=root)
        assert result.returncode == 1
        lines = [line for line in result.stderr.splitlines() if line.startswith("content/")]
        assert "content/b.md:4: slug 'meme' is already claimed by content/a.md:4" in lines, command
        assert "content/c.md:3: unknown key 'tag' — did you mean 'tags'?" in lines, command


def test_a_published_article_made_a_draft_keeps_its_url_reserved_and_is_not_called_deleted(tmp_path):
    root = _site(tmp_path)
    path = root / "content" / "etats-unis.md"
    path.write_text(path.read_text(encoding="utf-8").replace("summary:", "draft: true\nsummary:"), encoding="utf-8")
    result = _build(root)
    assert "deleted" not in result.stderr
    _write(root, "Etats-Unis.md", "Un nouveau venu")
    _build(root)
    assert _h1(root, "etats-unis-2") == "Un nouveau venu"
    path.write_text(path.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    _build(root)
    assert _h1(root, "etats-unis") == "Les États-Unis"
