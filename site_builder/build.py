"""The build, step by step: config → library → page plan → render → write."""

from __future__ import annotations

import fcntl
import gc
import hashlib
import multiprocessing
import os
import pickle
import sys
import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from operator import attrgetter
from pathlib import Path
from typing import Callable

from .buildkey import BuildKey, build_key, read_sealed, write_sealed
from .config import SiteConfig
from .errors import ContentError, SiteError
from .model import permalinks, publishing
from .model.library import Library, build_library
from .model.load import content_files, load_articles, settled_stat
from .registry import order_actors, registry_for, with_registry
from .render.plan import Page, Planner
from .render.worldmap import cached_geometry
from .render.templates import compile_templates, forget_rendered_parts, make_environment, render
from .state import BuildState, clear_cache_folder
from .search import index_search
from .write import OutputFolder, refuse_foreign_output

_SLUG = attrgetter("slug")
# The layout of the manifest file (what it holds is keyed by the build key).
MANIFEST_FORMAT = "manifest-2"
PARALLEL_RENDER_THRESHOLD = 600


@dataclass(slots=True)
class BuildReport:
    pages: int = 0
    rendered: int = 0
    written: int = 0
    removed: int = 0
    incremental: bool = False
    up_to_date: bool = False
    """Nothing changed since the last build: nothing was even read."""
    articles: int = 0
    seconds: float = 0.0
    warnings: list = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    """Output paths whose bytes changed, for live reload."""


class _Steps:
    """Runs each named step of the build, logging its time when asked to (`build -v`)."""

    def __init__(self, log: Callable[[str], None] | None):
        self.log = log

    def __call__(self, name: str, function, *args, **kwargs):
        if not self.log:
            return function(*args, **kwargs)
        start = time.perf_counter()
        result = function(*args, **kwargs)
        self.log(f"{name}: {(time.perf_counter() - start) * 1000:.0f} ms")
        return result


def load_library(
    config: SiteConfig,
    use_cache: bool = True,
    files: dict | None = None,
    state: BuildState | None = None,
    key: BuildKey | None = None,
) -> tuple[Library, list]:
    """Read and validate all content; raise ContentError listing every problem."""
    state = BuildState() if state is None else state
    key = build_key(config) if key is None else key
    loaded = load_articles(config, use_cache=use_cache, files=files, state=state, key=key.content)
    if loaded.problems:  # with the URL clashes among the files that did load: all in one run
        raise ContentError([*loaded.problems, *permalinks.url_problems(config, loaded.articles)])
    # The gazetteer is read only when some article names actors.
    registry = registry_for(config.actors_path, gazetteer=any(article.meta.actors for article in loaded.articles),
                            cache_dir=config.cache_dir)
    articles = with_registry(registry, loaded.articles)
    warnings = [*loaded.warnings, *publishing.future_warnings(articles, config)]
    publishing.note_held_until(config, articles)
    library = build_library(config, articles, use_cache=use_cache, state=state, key=key.content)
    warnings += library.urls.warnings if library.urls else []
    return order_actors(library, registry), warnings


@contextmanager
def paused_gc():
    """Hold Python's cyclic garbage collector off while loading and rendering.

    A build allocates millions of long-lived objects and almost no cyclic garbage,
    and each full collection walks the whole heap again: a third of a cold load at
    10,000 articles. Forked workers inherit the pause.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def build(
    config: SiteConfig,
    out: Path,
    *,
    use_cache: bool = True,
    search: bool | None = None,
    log: Callable[[str], None] | None = None,
    in_place: bool = False,
    waiting: Callable[[str], None] | None = None,
    state: BuildState | None = None,
) -> BuildReport:
    """Build the site into `out`. On any error, `out` is left as it was; otherwise it
    becomes the new site in one step (`in_place`: an incremental build moves changed
    files in one by one instead, see OutputFolder). A second build of the same site
    waits for the first, telling `waiting` (default: stderr) once.

    `state` is what a long-running process keeps warm between builds (see state.py);
    without `use_cache` (`build --clean`), the build starts from nothing: the cache
    folder is emptied and `state` cleared, then filled anew for the next build."""
    start = time.perf_counter()
    refuse_unsafe_output(config, out, _REFUSALS)
    state = BuildState() if state is None else state
    with _build_lock(config.cache_dir, waiting or _say_waiting), paused_gc():
        report = _build(config, out, use_cache, search, log, in_place, state)
    report.seconds = time.perf_counter() - start
    return report


@contextmanager
def _build_lock(cache_dir: Path, waiting: Callable[[str], None]):
    """Hold the site's build lock, a file in its cache folder, for the whole build: the
    cache, the manifest and the folders beside the output are one build's at a time.

    A POSIX record lock (lockf), not flock: it belongs to this process alone, so a
    render worker, forked while it is held, cannot keep it once this process is gone.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / "build.lock"
    handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    try:
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            waiting(f"{path}: another build of this site is running; waiting for it to finish")
            fcntl.lockf(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


def _say_waiting(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _build(
    config: SiteConfig, out: Path, use_cache: bool, search: bool | None, log, in_place: bool, state: BuildState
) -> BuildReport:
    manifest_path = config.cache_dir / "pages.pickle"
    refuse_foreign_output(out, lambda: _names_folder(manifest_path, out))
    if not use_cache:  # a clean build: nothing from earlier builds, caches made anew
        state.clear()
        clear_cache_folder(config.cache_dir)
        use_cache = clean = True
    else:
        clean = False
    report = BuildReport()
    step = _Steps(log)
    with_search = config.search if search is None else search
    if with_search != config.search:  # pages show the search box only when there is an index
        config = replace(config, search=with_search)
    key = step("build key", build_key, config, options=(with_search,))
    site_key = key.full
    files = step("scan sources", content_files, config.content_dir)
    sources = _source_state(files, site_key + publishing.clock_key(config) + _record_state(config), time.time_ns())
    previous = None if clean else _read_manifest(manifest_path, out)
    if previous is not None and previous.sources == sources:
        report.incremental = report.up_to_date = True
        return report  # nothing changed since the last build of this folder
    library, report.warnings = step("load content", load_library, config, use_cache, files, state, key)
    report.articles = len(library.articles)
    # While worker processes score related articles, which planning waits for, the theme
    # compiles and the world map's outlines are read, for render workers to inherit.
    env = step("load theme", _environment, config, site_key, state, use_cache)
    step("read world map", cached_geometry, config.cache_dir)
    plan = step("plan pages", _plan, library, site_key, state)
    pages = plan.pages
    report.incremental = previous is not None
    old = previous.fingerprints if previous else {}
    if old:
        step("fingerprint pages", plan.complete_fingerprints)
        todo = [page for page in pages if old.get(page.output) != plan.fingerprints[page.output]]
    else:
        todo = pages  # all new: each page's fingerprint is made where it is rendered
    output = OutputFolder(out, incremental=report.incremental, spare=config.cache_dir / "spare-site", in_place=in_place)
    if report.incremental:
        # Until this build completes, the folder no longer matches any manifest.
        manifest_path.unlink(missing_ok=True)
    try:
        # Meanwhile, the main process saves what indexing computed for the next build.
        step("render and write", _render_and_write, env, todo, plan, output, report, library.save_caches)
        step("copy static files", _copy_static, output, config, report)
        stale = sorted(set(old) - {page.output for page in pages})
        for relative in stale:
            output.remove(relative)
        report.removed = len(stale)
        articles_changed = any(path.startswith(f"{config.articles_path}/") for path in [*report.changed, *stale])
        # Only article pages are indexed: other pages' changes leave the index as it is,
        # when the output's index was made under this build key.
        indexed = previous is not None and previous.index_key == site_key
        if with_search and (articles_changed or not report.incremental or not indexed):
            output.clear("pagefind")
            step("index search", index_search, output.target, config.articles_path)
        elif not with_search and report.incremental and (out / "pagefind").exists():
            output.target  # noqa: B018 (the new tree, made now), without the index a clean build lacks
            output.clear("pagefind")
        output.commit()
        if not config.preview and library.urls and library.urls.changed:
            permalinks.save(config, library.urls)  # the URLs now published, for good
    except BaseException:
        output.abandon()
        raise
    # What the next build compares: urls.yaml as written, the held articles as noted.
    sources = _source_state(files, site_key + publishing.clock_key(config) + _record_state(config), time.time_ns())
    if use_cache:
        try:
            index_key = site_key if with_search else None
            _write_manifest(manifest_path, _Manifest(str(out.resolve()), sources, plan.fingerprints, index_key))
        except OSError as error:  # the site is published: the next build is only slower
            manifest_path.unlink(missing_ok=True)
            where = error.filename or manifest_path
            report.warnings.append(f"{where}: warning: {error.strerror or error}; the next build will be a full one")
    report.pages = len(pages)
    report.rendered = len(todo)
    report.written = output.written
    return report


def _unsafe_output(config: SiteConfig, out: Path) -> tuple[str, Path] | None:
    """Why `out` cannot be an output folder, if it cannot: ("holds", source) when a build,
    which replaces the whole folder, would delete a source; ("inside", source) when it sits
    within the content, theme or seeds, where nothing is ever written."""
    target = out.resolve()
    for source in (config.root, config.content_dir, config.theme_dir, config.seeds_dir, config.cache_dir):
        source = source.resolve()
        if target == source or target in source.parents:
            return "holds", source
    for source in (config.content_dir, config.theme_dir, config.seeds_dir):
        if source.resolve() in target.parents:
            return "inside", source
    return None


def refuse_unsafe_output(config: SiteConfig, out: Path, messages: dict[str, str]) -> None:
    """Raise SiteError when `out` cannot be an output folder: the caller's message for the
    reason ("holds" or "inside"), formatted with `out` and `source`."""
    reason = _unsafe_output(config, out)
    if reason is not None:
        kind, source = reason
        raise SiteError(messages[kind].format(out=out, source=source))


_REFUSALS = {
    "holds": "{out}: refusing to build into a folder that holds {source} (choose another --out)",
    "inside": "{out}: refusing to build inside {source} (choose another --out)",
}


def _environment(config: SiteConfig, site_key: str, state: BuildState, use_cache: bool):
    """The theme's environment, its templates compiled: kept in `state` while the build
    key stays the same (serve), and compiled templates on disk under it."""
    env = state.get("environment", site_key)
    if env is None:
        env = make_environment(config, site_key if use_cache else None)
        compile_templates(env)
        state.put("environment", site_key, env)
    forget_rendered_parts(env)
    return env


def _record_state(config: SiteConfig) -> str:
    """urls.yaml's bytes count as a source: an editor's redirect_to must rebuild."""
    try:
        return hashlib.blake2b(permalinks.record_path(config).read_bytes(), digest_size=8).hexdigest()
    except OSError:
        return ""


def _source_state(files: dict[str, tuple[int, int]], site_key: str, now_ns: int) -> str:
    """Names, sizes and times of every content file, with the site key: equal means no-op.
    A file changed too recently for its time to be trusted (see settled_stat) makes a
    state that no later scan equals."""
    digest = hashlib.blake2b(site_key.encode(), digest_size=16)
    digest.update(repr(sorted(files.items())).encode())
    if any(len(settled_stat(stat, now_ns)) > 2 for stat in files.values()):
        digest.update(os.urandom(16))
    return digest.hexdigest()


@dataclass(slots=True)
class _Plan:
    """Every page of a library, with each page's fingerprint: a page is rendered again
    when its fingerprint differs from the one the last build wrote it with."""

    library: Library
    planner: Planner
    pages: list[Page]
    key: str
    """The site key the fingerprints were made with."""
    digests: dict[str, str]
    """Slug → the article digest the fingerprints were made with."""
    labels: dict[str, str]
    """Slug → the slug, dates and terms (slug, label, and a person's role and country).
    A page showing an article prints them (links, chips, feed categories), and none of
    them is in the file's bytes alone (a label, the most used spelling, or a role, the
    newest article's, can change through other articles). A page charting articles
    (a term's or a relation's page 1) draws and ranks their terms from these alone."""
    fingerprints: dict[str, str] = field(default_factory=dict)
    """Page output → fingerprint; made on demand (a full build makes them as it renders)."""
    showing: dict[str, list[Page]] | None = None
    """Slug → the pages that show the article; built on first need."""
    shown: dict[str, bytes] = field(init=False)
    """Slug → a digest of what a page showing the article depends on (its file's digest
    and its labels), made once rather than hashed again for each of the dozen pages that
    show it or chart it."""
    site_key: bytes = field(init=False)

    def __post_init__(self) -> None:
        self.site_key = self.key.encode()
        self.shown = {slug: self._shown(slug) for slug in self.digests}

    def _shown(self, slug: str) -> bytes:
        return hashlib.blake2b(f"{self.digests[slug]}\0{self.labels[slug]}".encode(), digest_size=16).digest()

    def fingerprint(self, page: Page) -> str:
        digest = hashlib.blake2b(self.site_key, digest_size=16)
        digest.update(page.template.encode())
        digest.update(repr(page.inputs).encode())
        shown = self.shown.__getitem__
        digest.update(b"".join(map(shown, page.shows)))
        if page.charts:  # thousands of articles on a big country's page 1: looked up in C
            digest.update(b"charts\n")
            digest.update(b"".join(map(shown, map(_SLUG, page.charts))))
        return digest.hexdigest()

    def complete_fingerprints(self) -> None:
        if len(self.fingerprints) < len(self.pages):
            for page in self.pages:
                if page.output not in self.fingerprints:
                    self.fingerprints[page.output] = self.fingerprint(page)

    def refresh_texts(self) -> None:
        """Take in articles whose texts changed in place (the library is the same object,
        reused because no article changed place): only pages showing them change."""
        changed = [article for article in self.library.articles if article.digest != self.digests[article.slug]]
        if not changed:
            return
        if self.showing is None:
            self.showing = defaultdict(list)
            for page in self.pages:
                for slug in page.shows:
                    self.showing[slug].append(page)
        self.planner.views.forget([article.slug for article in changed])
        for article in changed:
            self.digests[article.slug] = article.digest
            self.shown[article.slug] = self._shown(article.slug)
        for page in {page.output: page for article in changed for page in self.showing[article.slug]}.values():
            self.fingerprints[page.output] = self.fingerprint(page)


def _plan(library: Library, key: str, state: BuildState) -> _Plan:
    """The pages of `library`. A long-running process (the preview server) reuses the
    last plan, kept in `state` under the build key, while the library is reused, i.e.
    while edits change only articles' texts: planning 15,000 pages and fingerprinting
    them costs far more than the few pages such an edit touches."""
    plan = state.get("plan", key)
    if plan is not None and plan.library is library:
        plan.refresh_texts()
        return plan
    planner = Planner(library)
    pages = planner.plan()
    if planner.problems:
        raise ContentError(planner.problems)
    digests = {article.slug: article.digest for article in library.articles}
    # What a page showing an article prints of it beyond its file's bytes: its slug (from
    # the file's name, or made unique) and its dates (the file's time, for some).
    terms = _term_labels(library)
    labels = {
        article.slug: f"{article.slug}\0{article.meta.date}\0{article.meta.updated}\0"
        + "".join([terms[id(term)] for group in library.terms_of[article.slug].values() for term in group])
        for article in library.articles
    }
    plan = _Plan(library, planner, pages, key, digests, labels)
    state.put("plan", key, plan)
    return plan


def _term_labels(library: Library) -> dict[int, str]:
    """id(term) → what pages print of a term: its taxonomy, slug, label, role and country."""
    return {
        id(term): f"{term.taxonomy}\1{term.slug}\1{term.label}\1{term.role}\1{term.country}\2"
        for terms in library.taxonomies.values()
        for term in terms.values()
    }


def _render_page(env, page: Page) -> bytes:
    if not page.template:
        return b""
    return render(env, page.template, page.context()).encode("utf-8")


# Set before forking render workers, so they inherit pages and output without pickling.
_JOB: tuple | None = None


def _render_chunk(bounds: tuple[int, int]) -> list[tuple[str, bool, str]]:
    """Render pages and write them: straight into a full build's new folder, or aside
    (staged) for an incremental build. Returns each page's output path, whether it has
    new bytes, and its fingerprint."""
    env, pages, plan, output = _JOB
    results = []
    for page in pages[bounds[0] : bounds[1]]:
        data = _render_page(env, page)
        fingerprint = plan.fingerprints.get(page.output) or plan.fingerprint(page)
        if output.incremental:
            results.append((page.output, output.stage(page.output, data), fingerprint))
        else:
            output.write(page.output, data)
            results.append((page.output, True, fingerprint))
    return results


def _render_and_write(
    env, pages: list[Page], plan: _Plan, output: OutputFolder, report: BuildReport, meanwhile: Callable[[], None]
) -> None:
    """Render every page, in worker processes when there are many, while the main process
    does `meanwhile`; an incremental build touches the live folder only once every page
    is rendered, so an error changes nothing."""
    global _JOB
    workers = min(os.cpu_count() or 1, 4)
    parallel = len(pages) >= PARALLEL_RENDER_THRESHOLD and workers > 1
    if parallel:
        pages = _by_recency(pages, plan.library)
    _JOB = (env, pages, plan, output)
    try:
        if not parallel:
            results = _render_chunk((0, len(pages)))
            meanwhile()
        else:
            results = _render_in_lanes(len(pages), workers, meanwhile)
    finally:
        _JOB = None
    for relative, changed, fingerprint in results:
        plan.fingerprints[relative] = fingerprint
        if not changed:
            continue
        if output.incremental:
            output.publish(relative)
        else:
            output.written += 1
        report.changed.append(relative)


def _by_recency(pages: list[Page], library: Library) -> list[Page]:
    """Pages in the order of the newest article each shows (an article page: its own)."""
    position = {article.slug: index for index, article in enumerate(library.articles)}
    return sorted(pages, key=lambda page: position[page.shows[0]] if page.shows else -1)


# Set before forking render workers: the chunks of pages and each lane's cursors.
_LANES: tuple | None = None


def _render_in_lanes(count: int, workers: int, meanwhile: Callable[[], None]) -> list[tuple[str, bool, str]]:
    """Render pages (in recency order) in workers that each take chunks from their own
    lane, a run of consecutive chunks: each worker then builds the views and cards of
    about its share of the articles, where chunks handed out in turn would have every
    worker build nearly all of them. A worker done with its lane takes the last chunk
    of the fullest one, so none sits idle while another still has work."""
    global _LANES
    # Small chunks, so that the last ones, stolen at the end, leave no worker idle for long.
    size = max(25, -(-count // (workers * 48)))
    chunks = [(start, min(start + size, count)) for start in range(0, count, size)]
    per_lane = -(-len(chunks) // workers)
    cursors = []
    for lane in range(workers):
        cursors += [min(lane * per_lane, len(chunks)), min((lane + 1) * per_lane, len(chunks))]
    context = multiprocessing.get_context("fork")
    _LANES = (chunks, context.Array("i", cursors))
    try:
        with context.Pool(workers) as pool:
            rendering = pool.map_async(_render_lane, range(workers), chunksize=1)
            meanwhile()
            runs = rendering.get()
    finally:
        _LANES = None
    return [item for run in runs for item in run]


def _render_lane(lane: int) -> list[tuple[str, bool, str]]:
    chunks, cursors = _LANES
    results = []
    while True:
        with cursors.get_lock():
            if cursors[2 * lane] < cursors[2 * lane + 1]:
                chunk = cursors[2 * lane]
                cursors[2 * lane] += 1
            else:
                fullest = max(range(len(cursors) // 2), key=lambda other: cursors[2 * other + 1] - cursors[2 * other])
                if cursors[2 * fullest + 1] <= cursors[2 * fullest]:
                    return results
                cursors[2 * fullest + 1] -= 1
                chunk = cursors[2 * fullest + 1]
        results += _render_chunk(chunks[chunk])


def _copy_static(output: OutputFolder, config: SiteConfig, report: BuildReport) -> None:
    source = config.theme_dir / "static"
    changed = output.copy_tree(source, "static")
    live = output.out / "static"
    if output.incremental and live.is_dir():  # files gone from the theme go from the site
        kept = {path.relative_to(source).as_posix() for path in source.rglob("*")} if source.is_dir() else set()
        for path in sorted(live.rglob("*")):
            if path.is_file() and path.relative_to(live).as_posix() not in kept:
                output.remove(f"static/{path.relative_to(live).as_posix()}")
                changed = True
    if changed:
        report.changed.append("static/")


@dataclass(frozen=True, slots=True)
class _Manifest:
    """What the last build wrote into an output folder."""

    out: str
    sources: str
    fingerprints: dict[str, str]
    index_key: str | None = None
    """The build key the search index in `out` was made under (None: no index)."""


def _read_manifest(path: Path, out: Path) -> _Manifest | None:
    """The last build's manifest, if `out` is still the folder it built."""
    if not out.is_dir():
        return None
    manifest = _load_manifest(path)
    if manifest is None or manifest.out != str(out.resolve()):
        return None
    return manifest


def _load_manifest(path: Path) -> _Manifest | None:
    payload = read_sealed(path, MANIFEST_FORMAT)
    if payload is None:
        return None
    try:
        manifest = pickle.loads(payload)
    except Exception:  # sealed by another version of this program: nothing to learn
        return None
    return manifest if isinstance(manifest, _Manifest) else None


def _names_folder(path: Path, out: Path) -> bool:
    """Whether the manifest says a build made `out` (folders built before outputs
    carried their mark)."""
    manifest = _load_manifest(path)
    return manifest is not None and manifest.out == str(out.resolve())


def _write_manifest(path: Path, manifest: _Manifest) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_sealed(path, pickle.dumps(manifest, protocol=pickle.HIGHEST_PROTOCOL), MANIFEST_FORMAT)


__all__ = ["build", "load_library", "refuse_unsafe_output", "BuildReport", "BuildState", "SiteError"]
