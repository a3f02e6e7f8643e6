"""The site served under a sub-path has no broken internal link, and incremental
builds after any edits give the same bytes as a clean build."""

from __future__ import annotations

import filecmp
import functools
import http.server
import os
import shutil
import threading
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.helpers import SAMPLE, copy_site, run_cli
from site_builder.buildkey import MAGIC, build_key, seal


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve_under(folder: Path, prefix: str):
    """Serve `folder` as http://127.0.0.1:PORT/<prefix>/ (its parent holds it under that name)."""
    root = folder.parent / "_serve_root"
    root.mkdir(exist_ok=True)
    link = root / prefix
    if not link.exists():
        link.symlink_to(folder, target_is_directory=True)
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def served_site(tmp_path_factory):
    root = copy_site(SAMPLE, tmp_path_factory.mktemp("crawl") / "site")
    # The port is only known once the server runs, so bind first, then build for it.
    out = root / "_site"
    out.mkdir()
    server = serve_under(out, "repo")
    base = f"http://127.0.0.1:{server.server_address[1]}/repo/"
    result = run_cli("build", "--config", str(root / "site.yaml"), "--base-url", base)
    assert result.returncode == 0, result.stderr
    yield base, out
    server.shutdown()


def fetch(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), response.headers.get_content_type()
    except urllib.error.HTTPError as error:
        return error.code, b"", ""


def test_crawl_from_home_finds_no_broken_internal_link(served_site):
    base, out = served_site
    host = urlsplit(base).netloc
    seen: dict[str, int] = {}
    queue = [base, f"{base}sitemap.xml", f"{base}404.html"]
    broken = []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        status, body, kind = fetch(url)
        seen[url] = status
        if status != 200:
            broken.append(url)
            continue
        if kind == "text/html":
            page = BeautifulSoup(body, "lxml")
            refs = [tag.get("href") for tag in page.find_all(["a", "link"])] + [tag.get("src") for tag in page.find_all(["script", "img"])]
        elif kind in {"application/xml", "text/xml", "application/atom+xml"} or url.endswith(".xml"):
            page = BeautifulSoup(body, "xml")
            refs = [loc.get_text() for loc in page.find_all("loc")] + [link.get("href") for link in page.find_all("link")]
        else:
            continue
        for ref in filter(None, refs):
            target = urljoin(url, ref).split("#")[0]
            parts = urlsplit(target)
            if parts.netloc == host:
                assert parts.path.startswith("/repo/"), f"{url} links outside the base path: {ref}"
                queue.append(target)
    assert not broken, broken
    pages = [url for url in seen if url.endswith("/")]
    articles = len(list((out / "articles").iterdir()))
    assert len(pages) > articles + 40
    assert f"{base}sitemap.xml" in seen and f"{base}feed.xml" in seen


def test_no_request_leaves_the_site(served_site):
    base, out = served_site
    for path in out.rglob("*.html"):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        for tag in page.find_all(["script", "img", "iframe"], src=True):
            assert not tag["src"].startswith(("http:", "https:", "//")), (path, tag)
        for tag in page.find_all("link", href=True):
            if "stylesheet" in (tag.get("rel") or []) or "preload" in (tag.get("rel") or []):
                assert tag["href"].startswith("/repo/"), (path, tag)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def same_trees(left: Path, right: Path) -> list[str]:
    """Paths that differ between two folders (missing, extra or other bytes)."""
    differences = []
    left_files = {p.relative_to(left) for p in left.rglob("*") if p.is_file()}
    right_files = {p.relative_to(right) for p in right.rglob("*") if p.is_file()}
    differences += [str(p) for p in left_files ^ right_files]
    for path in left_files & right_files:
        if not filecmp.cmp(left / path, right / path, shallow=False):
            differences.append(str(path))
    return sorted(differences)


def test_incremental_builds_match_a_clean_build(tmp_path):
    site = copy_site(SAMPLE, tmp_path / "site")
    content = site / "content"

    def build(*extra):
        result = run_cli("build", "--config", str(site / "site.yaml"), "--no-search", *extra)
        assert result.returncode == 0, result.stderr
        return result.stdout

    build()
    assert "up to date" in build()  # no-op: nothing is read or written
    steps = [
        lambda: edit(content / "rabat-madrid-gazoduc.md", "Rabat et Madrid relancent", "Rabat et Madrid accélèrent"),
        lambda: edit(content / "tunis-bruxelles-migration.md", "- Italie", "- Libye"),
        lambda: (content / "sahel-retrait-minusma.md").unlink(),
        lambda: shutil.copy(content / "inde-canada-crise.md", content / "inde-canada-suite.md"),
        lambda: edit(content / "inde-canada-suite.md", "2023-09-22T10:00:00+01:00", "2024-02-01T10:00:00+01:00"),
        lambda: edit(content / "bresil-g20-presidence.md", "draft", "draft") if False else edit(
            content / "bresil-g20-presidence.md", "title:", "draft: true\ntitle:"),
        lambda: edit(content / "japon-coree-sommet.md", "role: Premier ministre", "role: chef du gouvernement"),
    ]
    for step in steps:
        step()
        output = build()
        assert "incremental" in output
        assert [path.name for path in site.glob("._site.*")] == []  # nothing staged is left
    fresh = tmp_path / "fresh"
    result = run_cli("build", "--config", str(site / "site.yaml"), "--no-search", "--clean", "--out", str(fresh))
    assert result.returncode == 0, result.stderr
    assert same_trees(site / "_site", fresh) == []
    assert not (site / "_site" / "articles" / "sahel-retrait-minusma").exists()
    assert not (site / "_site" / "articles" / "bresil-g20-presidence").exists()


def test_one_article_edit_rerenders_only_what_depends_on_it(tmp_path):
    site = copy_site(SAMPLE, tmp_path / "site")
    run_cli("build", "--config", str(site / "site.yaml"), "--no-search")
    edit(site / "content" / "senegal-gaz-production.md", "Les recettes attendues", "Les recettes espérées")
    result = run_cli("build", "--config", str(site / "site.yaml"), "--no-search")
    rendered = int(result.stdout.split(" rendered")[0].rsplit(", ", 1)[1])
    total = int(result.stdout.split(" pages")[0].rsplit(", ", 1)[1])
    assert 0 < rendered < total / 4, result.stdout


def test_warm_rebuilds_in_one_process_match_a_clean_build(tmp_path):
    """The preview server rebuilds in one long-running process, reusing what it can."""
    from site_builder.build import BuildState, build
    from site_builder.config import load_config

    site = copy_site(SAMPLE, tmp_path / "site")
    content = site / "content"
    config = load_config(site / "site.yaml")
    out = site / "_site"
    warm = BuildState()
    build(config, out, search=False, state=warm)
    steps = [
        # Texts only: the server reuses its library and page plan.
        lambda: edit(content / "rabat-madrid-gazoduc.md", "Le tracé longerait", "Le tracé suivrait"),
        lambda: edit(content / "rabat-madrid-gazoduc.md", "title: Rabat et Madrid", "title: Madrid et Rabat"),
        lambda: edit(content / "inde-canada-crise.md", "summary: New Delhi", "summary: Delhi"),
        # Places in the library: tags, roles, dates, aliases.
        lambda: edit(content / "senegal-gaz-production.md", "- Énergie", "- Climat"),
        lambda: edit(content / "japon-coree-sommet.md", "role: Premier ministre", "role: chef du gouvernement"),
        lambda: edit(content / "inde-canada-crise.md", "Les deux pays", "Les deux capitales"),
        lambda: edit(content / "inde-canada-crise.md", "date: '2023-09-22T10:00:00+01:00'",
                     "date: '2023-09-22T10:00:00+01:00'\nupdated: '2023-10-02T08:00:00+01:00'"),
        lambda: edit(content / "rabat-madrid-gazoduc.md", "summary:", "aliases: [/ancien/gazoduc/]\nsummary:"),
        # Two of three spellings now say 'Abiy AHMED': the actor's label flips on every
        # page that names him, including pages listing neither edited article.
        lambda: edit(content / "ethiopie-somaliland-accord.md", "name: Abiy Ahmed", "name: Abiy AHMED"),
        lambda: edit(content / "egypte-ethiopie-barrage.md", "name: Abiy Ahmed", "name: Abiy AHMED"),
        # Texts again, after the plan was made anew.
        lambda: edit(content / "egypte-ethiopie-barrage.md", "title: Le Caire", "title: Nil, Le Caire"),
    ]
    for number, step in enumerate(steps):
        step()
        report = build(config, out, search=False, state=warm)
        assert report.incremental and report.rendered > 0
        # A clean build of a copy (--clean empties the site's own cache).
        copy = copy_site(site, tmp_path / f"copy-{number}")
        fresh = tmp_path / f"fresh-{number}"
        result = run_cli("build", "--config", str(copy / "site.yaml"), "--no-search", "--clean", "--out", str(fresh))
        assert result.returncode == 0, result.stderr
        assert same_trees(out, fresh) == [], f"after step {number}"
    assert (out / "ancien" / "gazoduc" / "index.html").is_file()


def test_a_warm_text_edit_renders_only_the_pages_showing_the_article(tmp_path):
    from site_builder.build import build
    from site_builder.config import load_config

    site = copy_site(SAMPLE, tmp_path / "site")
    config = load_config(site / "site.yaml")
    out = site / "_site"
    first = build(config, out, search=False)
    edit(site / "content" / "senegal-gaz-production.md", "Les recettes attendues", "Les recettes espérées")
    report = build(config, out, search=False)
    article = "articles/senegal-gaz-production/index.html"
    assert report.changed == [article]  # only its page prints the body
    edit(site / "content" / "senegal-gaz-production.md", "title: Le Sénégal", "title: Dakar, le Sénégal")
    report = build(config, out, search=False)
    # Its own page, its neighbours and the articles listing it as related, its lists and feeds.
    assert article in report.changed
    assert any(path.startswith("page/") for path in report.changed)  # the home page listing it
    assert "pays/senegal/index.html" in report.changed and "pays/senegal/feed.xml" in report.changed
    assert 5 < report.rendered < first.pages / 4
    assert "sitemap.xml" not in report.changed and "pays/index.html" not in report.changed
    # A new country: its page and the lists counting it, not every page of the site.
    edit(site / "content" / "senegal-gaz-production.md", "  countries:\n", "  countries:\n  - Islande\n")
    report = build(config, out, search=False)
    assert "pays/islande/index.html" in report.changed and "pays/index.html" in report.changed
    assert report.rendered < first.pages / 4, report.rendered


def test_a_build_clears_what_a_killed_build_left_beside_the_output(tmp_path):
    site = copy_site(SAMPLE, tmp_path / "site")
    leftovers = [site / "._site.new-x1", site / "._site.staged-x2", site / "._site.old-x3"]
    for folder in leftovers:
        (folder / "articles").mkdir(parents=True)
    result = run_cli("build", "--config", str(site / "site.yaml"), "--no-search")
    assert result.returncode == 0, result.stderr
    assert not any(folder.exists() for folder in leftovers)
    assert sorted(p.name for p in site.iterdir() if p.name.startswith("._site")) == []


def test_parallel_parse_related_and_render_match_one_process(tmp_path, monkeypatch):
    """Big sites parse, score related articles and render in worker processes (the
    renderers each taking their own lane of pages); the sample site is small enough
    to build in one process, so force the workers on and compare the two builds."""
    from site_builder import build as build_module
    from site_builder.config import load_config
    from site_builder.model import library, load

    site = copy_site(SAMPLE, tmp_path / "site")
    single = tmp_path / "single"
    result = run_cli("build", "--config", str(site / "site.yaml"), "--no-search", "--clean", "--out", str(single))
    assert result.returncode == 0, result.stderr
    monkeypatch.setattr(load, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(library, "_PARALLEL_RELATED", 1)
    monkeypatch.setattr(build_module, "PARALLEL_RENDER_THRESHOLD", 1)
    rendered_in_lanes = []
    real_lanes = build_module._render_in_lanes

    def spy(count, workers, meanwhile):
        rendered_in_lanes.append((count, workers))
        return real_lanes(count, workers, meanwhile)

    monkeypatch.setattr(build_module, "_render_in_lanes", spy)
    parallel = tmp_path / "parallel"
    report = build_module.build(load_config(site / "site.yaml"), parallel, use_cache=False, search=False)
    assert report.rendered == report.pages > 200
    if (os.cpu_count() or 1) > 1:
        assert rendered_in_lanes == [(report.pages, min(os.cpu_count(), 4))]
    assert same_trees(single, parallel) == []


def test_related_articles_are_saved_and_reused_while_the_structure_is_the_same(tmp_path, monkeypatch):
    """A build saves the related articles it scored (while its pages render); a later
    build in a new process reuses them after a text edit, and scores anew after a tag edit."""
    import pickle

    from site_builder.build import build
    from site_builder.config import load_config
    from site_builder.model import library

    site = copy_site(SAMPLE, tmp_path / "site")
    config = load_config(site / "site.yaml")
    out = site / "_site"
    saved = config.cache_dir / "related.pickle"
    build(config, out, search=False)
    structure, related = pickle.loads(saved.read_bytes()[len(MAGIC) + 32 :])
    assert structure and sum(map(len, related.values())) > 20

    def as_a_new_process():
        pass  # each build() call keeps its warm state in a new BuildState

    def no_scoring(*args):
        raise AssertionError("related articles scored again")

    with monkeypatch.context() as patched:
        patched.setattr(library, "_related_slugs", no_scoring)
        edit(site / "content" / "rabat-madrid-gazoduc.md", "Le tracé longerait", "Le tracé suivrait")
        as_a_new_process()
        assert build(config, out, search=False).rendered > 0
    edit(site / "content" / "senegal-gaz-production.md", "- Énergie", "- Climat")
    as_a_new_process()
    build(config, out, search=False)
    new_structure, _ = pickle.loads(saved.read_bytes()[len(MAGIC) + 32 :])
    assert new_structure != structure


def test_parse_workers_save_the_cache_the_next_build_reads(tmp_path, monkeypatch):
    """A cold load in worker processes has each worker save the cache shards it parsed
    (the main process saves none); the next load reads every article back without
    parsing, and a deleted file's entry leaves its shard."""
    from site_builder.config import load_config
    from site_builder.model import load

    site = copy_site(SAMPLE, tmp_path / "site")
    config = load_config(site / "site.yaml")
    monkeypatch.setattr(load, "PARALLEL_THRESHOLD", 1)
    expected = load.load_articles(config, use_cache=False).articles
    summary = lambda articles: [(a.path, a.slug, a.digest, a.meta, a.body_html) for a in articles]  # noqa: E731

    saved_by_main = []
    write_cache = load._write_cache
    monkeypatch.setattr(load, "_write_cache", lambda *args: saved_by_main.append(args))
    cold = load.load_articles(config)
    assert saved_by_main == []
    names = list(load.content_files(config.content_dir))
    shard_files = sorted(path.name for path in (config.cache_dir / "articles").glob("*.pickle"))
    assert shard_files == sorted({f"{load._shard(name):02d}.pickle" for name in names})

    def no_parsing(*args):
        raise AssertionError("a warm load parsed a file")

    monkeypatch.setattr(load, "parse_file", no_parsing)
    warm = load.load_articles(config)
    assert summary(cold.articles) == summary(warm.articles) == summary(expected)

    monkeypatch.setattr(load, "_write_cache", write_cache)
    victim = names[0]
    Path(victim).unlink()
    after = load.load_articles(config)
    assert len(after.articles) == len(expected) - 1
    assert victim not in load._read_cache(config.cache_dir / "articles", build_key(config).content)


def test_a_shard_file_gone_before_the_main_process_reads_it_is_parsed_again(tmp_path, monkeypatch):
    """Parse workers save their shards and the main process reads them back from the
    files; a file another build replaced meanwhile is parsed again, nothing is lost."""
    from site_builder.config import load_config
    from site_builder.model import load

    site = copy_site(SAMPLE, tmp_path / "site")
    config = load_config(site / "site.yaml")
    monkeypatch.setattr(load, "PARALLEL_THRESHOLD", 1)
    expected = load.load_articles(config, use_cache=False).articles
    read_back = []
    real = load._shard_entries
    monkeypatch.setattr(load, "_shard_entries", lambda *args: read_back.append(args[1]) or ({} if len(read_back) == 1 else real(*args)))
    loaded = load.load_articles(config).articles
    assert len(read_back) > 1  # every shard came back through its file, the first one failing
    assert [(a.slug, a.digest, a.meta, a.body_html) for a in loaded] == [(a.slug, a.digest, a.meta, a.body_html) for a in expected]


def test_damaged_cache_shards_only_cost_a_new_parse(tmp_path):
    """Garbage, a truncated file, or the right tag over something else than entries: each
    shard is parsed again, every article is there."""
    import pickle

    from site_builder.config import load_config
    from site_builder.model import load

    site = copy_site(SAMPLE, tmp_path / "site")
    config = load_config(site / "site.yaml")
    expected = load.load_articles(config).articles
    shards = sorted((config.cache_dir / "articles").glob("*.pickle"))
    assert shards
    key = build_key(config).content
    damages = [b"not a pickle", shards[0].read_bytes()[:-20], seal(pickle.dumps(["not", "entries"]), key)]
    for index, shard in enumerate(shards):
        shard.write_bytes(damages[index % len(damages)])
    loaded = load.load_articles(config).articles
    assert [(a.slug, a.digest, a.meta, a.body_html) for a in loaded] == [(a.slug, a.digest, a.meta, a.body_html) for a in expected]
