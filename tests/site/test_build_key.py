"""Nothing stale, ever: after any change, an incremental build equals a clean build.

Each test builds a site, changes one thing (content, configuration, command-line
override, theme partial or static file, the program, a dependency's version), builds
again with the caches of the first build, and compares the whole output tree, byte for
byte, with a clean build of the changed site made in a fresh folder with no cache.
"""

from __future__ import annotations

import filecmp
import functools
import http.server
import random
import shutil
import threading
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from site_builder import buildkey
from site_builder.build import BuildState, build
from site_builder.config import load_config
from site_builder.model import load
from tests.helpers import SAMPLE, THEME, copy_site, run_cli

pytestmark = pytest.mark.xdist_group("build_key")


def site_with_theme(folder: Path) -> Path:
    """A copy of the sample site with its own copy of the theme, which tests edit."""
    site = copy_site(SAMPLE, folder)
    shutil.copytree(THEME, site / "theme")
    config = site / "site.yaml"
    lines = [line for line in config.read_text(encoding="utf-8").splitlines() if not line.startswith("theme_dir:")]
    config.write_text("\n".join(lines) + "\ntheme_dir: theme\n", encoding="utf-8")
    return site


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def differences(left: Path, right: Path) -> list[str]:
    """Paths that differ between two whole trees: missing, extra, or other bytes."""
    left_files = {p.relative_to(left) for p in left.rglob("*") if p.is_file()}
    right_files = {p.relative_to(right) for p in right.rglob("*") if p.is_file()}
    found = [str(p) for p in left_files ^ right_files]
    found += [str(p) for p in left_files & right_files if not filecmp.cmp(left / p, right / p, shallow=False)]
    return sorted(found)


def clean_build_of(site: Path, folder: Path, *options: str) -> Path:
    """The site as it is now, copied into `folder` and built there from nothing, in a
    new process."""
    copy = folder / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns(".cache", "_site", "._site*"))
    out = folder / "out"
    result = run_cli("build", "--config", str(copy / "site.yaml"), "--no-search", "--clean", "--out", str(out), *options)
    assert result.returncode == 0, result.stderr
    return out


def cli_build(site: Path, *options: str) -> str:
    result = run_cli("build", "--config", str(site / "site.yaml"), "--no-search", *options)
    assert result.returncode == 0, result.stderr
    return result.stdout


# One change each; every one left stale output on a build key that missed it.
CHANGES = {
    "content": lambda site: edit(site / "content" / "senegal-gaz-production.md", "Les recettes attendues", "Les recettes espérées"),
    "front matter": lambda site: edit(site / "content" / "senegal-gaz-production.md", "- Énergie", "- Climat"),
    "site title": lambda site: edit(site / "site.yaml", "title: Le Fil diplomatique", "title: La Lettre du monde"),
    "site base_url": lambda site: edit(site / "site.yaml", "base_url: https://example.github.io/repo/", "base_url: https://example.org/"),
    "labels": lambda site: (site / "site.yaml").write_text(
        (site / "site.yaml").read_text(encoding="utf-8") + "labels:\n  feed: Flux des articles\n", encoding="utf-8"
    ),
    "interface word": lambda site: edit(site / "theme" / "i18n" / "fr.yaml", 'feed: "Flux Atom"', 'feed: "Flux des articles"'),
    "footer partial": lambda site: edit(site / "theme" / "templates" / "partials" / "footer.html", '<p class="footer-brand">', '<p class="footer-brand">Rédaction : '),
    "page template": lambda site: edit(site / "theme" / "templates" / "article.html", "</article>", "<p>Fin.</p></article>"),
    "static file": lambda site: (site / "theme" / "static" / "style.css").write_text(
        (site / "theme" / "static" / "style.css").read_text(encoding="utf-8") + "\n.x { color: red; }\n", encoding="utf-8"
    ),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_an_incremental_build_after_a_change_equals_a_clean_build(tmp_path, change):
    site = site_with_theme(tmp_path / "site")
    cli_build(site)
    before = {p.relative_to(site / "_site"): p.read_bytes() for p in (site / "_site").rglob("*") if p.is_file()}
    CHANGES[change](site)
    output = cli_build(site)
    assert "up to date" not in output
    fresh = clean_build_of(site, tmp_path / "fresh")
    assert differences(site / "_site", fresh) == []
    after = {p.relative_to(site / "_site"): p.read_bytes() for p in (site / "_site").rglob("*") if p.is_file()}
    assert after != before  # the change shows: the comparison could fail


def test_a_static_file_gone_from_the_theme_goes_from_the_site(tmp_path):
    site = site_with_theme(tmp_path / "site")
    (site / "theme" / "static" / "old.css").write_text("p { color: blue; }\n", encoding="utf-8")
    cli_build(site)
    assert (site / "_site" / "static" / "old.css").is_file()
    (site / "theme" / "static" / "old.css").unlink()
    cli_build(site)
    assert differences(site / "_site", clean_build_of(site, tmp_path / "fresh")) == []


def test_the_search_index_follows_search_being_turned_off_and_on(tmp_path):
    """An incremental build without search has no index, as a clean one; turned back on,
    the index is made anew even though no article page changed."""
    site = site_with_theme(tmp_path / "site")
    run = lambda *options: run_cli("build", "--config", str(site / "site.yaml"), *options)  # noqa: E731
    assert run().returncode == 0
    assert (site / "_site" / "pagefind").is_dir()
    CHANGES["content"](site)
    assert run("--no-search").returncode == 0
    assert differences(site / "_site", clean_build_of(site, tmp_path / "fresh")) == []
    assert run().returncode == 0
    assert (site / "_site" / "pagefind" / "pagefind-ui.js").is_file()
    copy = tmp_path / "search" / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns(".cache", "_site"))
    assert run_cli("build", "--config", str(copy / "site.yaml"), "--clean").returncode == 0
    # The index of the edited text, not the first build's.
    assert indexed_pages(site / "_site") == indexed_pages(copy / "_site")


def indexed_pages(site: Path) -> dict[str, bytes]:
    """The search index's page fragments (each page's text, metadata and filter values),
    by name. Pagefind writes fragments the same for the same pages, but not its filter
    and word indexes, whose entry order changes from run to run even from one input
    (Pagefind issue #638): two clean builds differ there, so only fragments are compared."""
    return {path.name: path.read_bytes() for path in (site / "pagefind" / "fragment").iterdir()}


def test_a_new_base_url_on_the_command_line_reaches_every_page(tmp_path):
    """`build --base-url` after a build for another URL: the stylesheet, favicon, feed
    link and footer (folded into compiled templates) follow the new URL."""
    site = site_with_theme(tmp_path / "site")
    cli_build(site)
    cli_build(site, "--base-url", "https://owner.github.io/other/")
    fresh = clean_build_of(site, tmp_path / "fresh", "--base-url", "https://owner.github.io/other/")
    assert differences(site / "_site", fresh) == []
    home = BeautifulSoup((site / "_site" / "index.html").read_text(encoding="utf-8"), "lxml")
    assert home.find("link", href=lambda href: href and "style.css" in href)["href"].startswith("/other/static/style.css")
    assert home.select_one("footer a[href$='feed.xml']")["href"] == "/other/feed.xml"


def test_a_clean_build_ignores_a_compiled_template_made_for_another_footer(tmp_path):
    """`--clean` starts from nothing: it empties the cache folder too."""
    site = site_with_theme(tmp_path / "site")
    cli_build(site)
    compiled = list((site / ".cache" / "templates").rglob("*.cache"))
    assert compiled
    CHANGES["footer partial"](site)
    cli_build(site, "--clean")
    assert all(not path.exists() for path in compiled)
    footer = BeautifulSoup((site / "_site" / "index.html").read_text(encoding="utf-8"), "lxml").select_one(".footer-brand")
    assert footer.get_text().startswith("Rédaction")


def test_the_build_key_covers_program_dependencies_configuration_and_theme(tmp_path, monkeypatch):
    site = site_with_theme(tmp_path / "site")
    config = load_config(site / "site.yaml")
    key = buildkey.build_key(config)
    assert buildkey.build_key(config) == key
    assert buildkey.build_key(config.with_base_url("https://example.org/x/")).full != key.full
    assert buildkey.build_key(config, options=(False,)).full != key.full
    CHANGES["static file"](site)
    themed = buildkey.build_key(config)
    assert themed.full != key.full and themed.content == key.content  # the theme leaves parsing alone
    same, program = tmp_path / "same", tmp_path / "program"
    for copy in (same, program):
        shutil.copytree(buildkey.PROGRAM_ROOT, copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert buildkey.program_digest(same) == buildkey.program_digest()
    (program / "render" / "markdown.py").write_text("# another version\n", encoding="utf-8")
    monkeypatch.setattr(buildkey, "PROGRAM_ROOT", program)
    assert buildkey.build_key(config).content != themed.content
    monkeypatch.undo()
    monkeypatch.setattr(buildkey, "dependency_version", lambda name: "99.0" if name == "markdown-it-py" else "1")
    assert buildkey.build_key(config).content != themed.content


def test_dependency_versions_are_the_ones_importlib_metadata_reports():
    from importlib import metadata

    for name in buildkey.OUTPUT_DEPENDENCIES:
        try:
            expected = metadata.version(name)
        except metadata.PackageNotFoundError:
            expected = "-"
        assert buildkey.dependency_version(name) == expected, name
    assert buildkey.dependency_version("jinja2") != "-"


def _marked_bodies(monkeypatch, mark: str) -> None:
    """Simulate a program whose Markdown output differs: every body ends with `mark`."""
    real = load.render_markdown

    def render(body, limits):
        rendered = real(body, limits)
        return type(rendered)(rendered.html + mark, rendered.unsafe_links, rendered.too_deep)

    monkeypatch.setattr(load, "render_markdown", render)


def _in_process_clean_build(site: Path, folder: Path) -> Path:
    copy = folder / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns(".cache", "_site", "._site*"))
    out = folder / "out"
    build(load_config(copy / "site.yaml"), out, use_cache=False, search=False)
    return out


def test_a_new_program_version_renders_anew(tmp_path, monkeypatch):
    """A program whose files changed (here: the digest's input, a copy of the package
    with markdown.py edited) never reuses parsed articles or pages of the old one."""
    site = site_with_theme(tmp_path / "site")
    config = load_config(site / "site.yaml")
    build(config, site / "_site", search=False)
    program = tmp_path / "program"
    shutil.copytree(buildkey.PROGRAM_ROOT, program, ignore=shutil.ignore_patterns("__pycache__"))
    with (program / "render" / "markdown.py").open("a", encoding="utf-8") as handle:
        handle.write("\n# version 2: bodies end with a mark\n")
    monkeypatch.setattr(buildkey, "PROGRAM_ROOT", program)
    _marked_bodies(monkeypatch, "<!-- v2 -->")
    report = build(config, site / "_site", search=False)
    assert not report.up_to_date
    fresh = _in_process_clean_build(site, tmp_path / "fresh")
    assert differences(site / "_site", fresh) == []
    assert "<!-- v2 -->" in (site / "_site" / "articles" / "senegal-gaz-production" / "index.html").read_text(encoding="utf-8")


def test_an_upgraded_dependency_renders_anew(tmp_path, monkeypatch):
    site = site_with_theme(tmp_path / "site")
    config = load_config(site / "site.yaml")
    build(config, site / "_site", search=False)
    real = buildkey.dependency_version
    monkeypatch.setattr(buildkey, "dependency_version", lambda name: "99.0" if name == "markdown-it-py" else real(name))
    _marked_bodies(monkeypatch, "<!-- markdown-it-py 99 -->")
    report = build(config, site / "_site", search=False)
    assert not report.up_to_date
    fresh = _in_process_clean_build(site, tmp_path / "fresh")
    assert differences(site / "_site", fresh) == []
    assert "markdown-it-py 99" in (site / "_site" / "articles" / "senegal-gaz-production" / "index.html").read_text(encoding="utf-8")


def test_warm_rebuilds_in_one_process_follow_every_kind_of_change(tmp_path):
    """The preview server's case: one BuildState across builds, each change in turn,
    the output equal to a clean build after every step."""
    site = site_with_theme(tmp_path / "site")
    state = BuildState()
    build(load_config(site / "site.yaml"), site / "_site", search=False, state=state)
    for number, change in enumerate(sorted(CHANGES)):
        CHANGES[change](site)
        config = load_config(site / "site.yaml")
        build(config, site / "_site", search=False, state=state)
        fresh = clean_build_of(site, tmp_path / f"fresh-{number}")
        assert differences(site / "_site", fresh) == [], change


# Corruption: every byte of a cache file may be wrong; the build must notice.


def _cache_files(site: Path) -> list[Path]:
    cache = site / ".cache"
    return sorted(
        path for path in cache.rglob("*")
        if path.is_file() and path.name != "build.lock" and "spare-site" not in path.relative_to(cache).parts[:1]
    )


def _damaged(data: bytes, how: str, rng: random.Random) -> bytes:
    if how == "flip" and data:
        flipped = bytearray(data)
        flipped[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        return bytes(flipped)
    if how == "last byte" and data:
        return data[:-1] + bytes([data[-1] ^ 0xFF])
    if how == "half":
        return data[: len(data) // 2]
    if how == "one byte short":
        return data[:-1]
    return b""


DAMAGES = ("flip", "last byte", "half", "one byte short", "empty")


def test_a_damaged_cache_file_is_discarded_never_used(tmp_path):
    """Flip a bit in, truncate or empty the cache files (compiled templates, parsed
    articles, related articles, manifest, the spare folder's list, world map): all of
    them at once, then one of each kind alone; each time the next build exits 0 and its
    output equals a clean build's."""
    site = site_with_theme(tmp_path / "site")
    cli_build(site)
    CHANGES["content"](site)
    cli_build(site)  # a second, incremental build: the spare folder's list exists too
    fresh = clean_build_of(site, tmp_path / "fresh")
    files = _cache_files(site)
    by_kind: dict[str, list[Path]] = {}
    for path in files:
        by_kind.setdefault(path.relative_to(site / ".cache").parts[0], []).append(path)
    assert {"articles", "templates", "related.pickle", "pages.pickle", "spare-site.mends"} <= set(by_kind), by_kind
    rng = random.Random(17)
    pristine = {path: path.read_bytes() for path in files}
    rounds = [(how, files) for how in DAMAGES]
    rounds += [(how, [rng.choice(paths)]) for paths in by_kind.values() for how in ("flip", "half")]
    for how, damaged in rounds:
        for path, data in pristine.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        for path in damaged:
            path.write_bytes(_damaged(pristine[path], how, rng))
        # A new modification time on a source: the build cannot stop at "up to date".
        (site / "content" / "senegal-gaz-production.md").touch()
        result = run_cli("build", "--config", str(site / "site.yaml"), "--no-search")
        assert result.returncode == 0, (how, damaged, result.stderr)
        assert "Traceback" not in result.stderr
        assert differences(site / "_site", fresh) == [], (how, damaged)


def test_sealed_files_refuse_any_single_bit_flip(tmp_path):
    payload = bytes(range(256)) * 4
    path = tmp_path / "entry"
    buildkey.write_sealed(path, payload, "key")
    assert buildkey.read_sealed(path, "key") == payload
    assert buildkey.read_sealed(path, "another key") is None
    data = path.read_bytes()
    for at in range(len(data)):
        for bit in (0, 7):
            damaged = bytearray(data)
            damaged[at] ^= 1 << bit
            assert buildkey.unseal(bytes(damaged), "key") is None, at
    for length in range(len(data)):
        assert buildkey.unseal(data[:length], "key") is None


# A crawl under a new sub-path after an incremental build.


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _broken_links(out: Path, prefix: str) -> tuple[list[str], int]:
    """Crawl the site served as http://127.0.0.1:PORT/<prefix>/: broken links, pages seen."""
    root = out.parent / "_serve_root"
    root.mkdir(exist_ok=True)
    (root / prefix).symlink_to(out, target_is_directory=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host = f"127.0.0.1:{server.server_address[1]}"
    base = f"http://{host}/{prefix}/"
    seen, broken, queue = set(), [], [base, f"{base}404.html"]
    try:
        while queue:
            url = queue.pop()
            if url in seen:
                continue
            seen.add(url)
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    body, kind = response.read(), response.headers.get_content_type()
            except urllib.error.HTTPError:
                broken.append(url)
                continue
            if kind != "text/html":
                continue
            page = BeautifulSoup(body, "lxml")
            refs = [tag.get("href") for tag in page.find_all(["a", "link"])] + [tag.get("src") for tag in page.find_all(["script", "img"])]
            for ref in filter(None, refs):
                target = urljoin(url, ref).split("#")[0]
                if urlsplit(target).netloc == host:
                    queue.append(target)
    finally:
        server.shutdown()
    return broken, len(seen)


def test_a_crawl_under_a_new_sub_path_finds_no_broken_link(tmp_path):
    site = site_with_theme(tmp_path / "site")
    for base in ("http://127.0.0.1/repo/", "http://127.0.0.1/other/"):  # with search: pages link its UI
        result = run_cli("build", "--config", str(site / "site.yaml"), "--base-url", base)
        assert result.returncode == 0, result.stderr
    broken, seen = _broken_links(site / "_site", "other")
    assert broken == []
    assert seen > 100


def test_a_build_without_search_links_no_search_bundle(tmp_path):
    """`--no-search` makes no index, so no page may load one (a dead script and stylesheet
    on every page otherwise); turned back on, every page links it again."""
    site = site_with_theme(tmp_path / "site")
    run = lambda *options: run_cli("build", "--config", str(site / "site.yaml"), *options)  # noqa: E731
    assert run("--no-search").returncode == 0
    pages = sorted((site / "_site").rglob("*.html"))
    assert not (site / "_site" / "pagefind").exists()
    assert [page for page in pages if "pagefind/" in page.read_text(encoding="utf-8")] == []
    assert run().returncode == 0
    home = (site / "_site" / "index.html").read_text(encoding="utf-8")
    assert "pagefind/pagefind-ui.js" in home and (site / "_site" / "pagefind" / "pagefind-ui.js").is_file()
