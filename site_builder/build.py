"""The build, step by step: config → library → page plan → render → write."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .config import SiteConfig
from .errors import ContentError, SiteError
from .model.library import Library, build_library
from .model.load import load_articles
from .render.plan import Page, Planner
from .render.templates import make_environment, render, theme_fingerprint
from .search import index_search
from .write import OutputFolder

# Bump when a change to this program changes its output, so caches are not reused.
OUTPUT_VERSION = "1"
PARALLEL_RENDER_THRESHOLD = 600


@dataclass(slots=True)
class BuildReport:
    pages: int = 0
    rendered: int = 0
    written: int = 0
    removed: int = 0
    incremental: bool = False
    articles: int = 0
    timings: list[tuple[str, float]] = field(default_factory=list)
    warnings: list = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    """Output paths whose bytes changed, for live reload."""


class _Steps:
    """Times each named step of the build."""

    def __init__(self, report: BuildReport, log: Callable[[str], None] | None):
        self.report = report
        self.log = log

    def __call__(self, name: str, function, *args, **kwargs):
        start = time.perf_counter()
        result = function(*args, **kwargs)
        elapsed = time.perf_counter() - start
        self.report.timings.append((name, elapsed))
        if self.log:
            self.log(f"{name}: {elapsed * 1000:.0f} ms")
        return result


def load_library(config: SiteConfig, use_cache: bool = True) -> tuple[Library, list]:
    """Read and validate all content; raise ContentError listing every problem."""
    loaded = load_articles(config, use_cache=use_cache)
    if loaded.problems:
        raise ContentError(loaded.problems)
    return build_library(config, loaded.articles), loaded.warnings


def build(
    config: SiteConfig,
    out: Path,
    *,
    use_cache: bool = True,
    search: bool | None = None,
    log: Callable[[str], None] | None = None,
) -> BuildReport:
    """Build the site into `out`. On any error, `out` is left as it was."""
    report = BuildReport()
    step = _Steps(report, log)
    library, report.warnings = step("load content", load_library, config, use_cache)
    report.articles = len(library.articles)
    planner = Planner(library)
    pages = step("plan pages", planner.plan)
    if planner.problems:
        raise ContentError(planner.problems)
    env = step("load theme", make_environment, config)
    site_key = step("fingerprint theme", _site_key, config)
    fingerprints = step("fingerprint pages", _fingerprints, pages, site_key)
    manifest_path = config.cache_dir / "pages.pickle"
    previous = _read_manifest(manifest_path, out) if use_cache else None
    report.incremental = previous is not None
    todo = [page for page in pages if previous is None or previous.get(page.output) != fingerprints[page.output]]
    rendered = step("render pages", _render_all, env, todo)
    output = OutputFolder(out, incremental=report.incremental)
    if report.incremental:
        # Until this build completes, the folder no longer matches any manifest.
        manifest_path.unlink(missing_ok=True)
    try:
        step("write files", _write_all, output, rendered, config, report)
        stale = sorted(set(previous or ()) - set(fingerprints))
        for relative in stale:
            output.remove(relative)
        report.removed = len(stale)
        if _wants_search(config, search) and (rendered or stale or not report.incremental):
            step("index search", index_search, output.target)
        output.commit()
    except BaseException:
        output.abandon()
        raise
    if use_cache:
        _write_manifest(manifest_path, out, fingerprints)
    report.pages = len(pages)
    report.rendered = len(rendered)
    return report


def _wants_search(config: SiteConfig, search: bool | None) -> bool:
    return config.search if search is None else search


def _site_key(config: SiteConfig) -> str:
    digest = hashlib.blake2b(digest_size=16)
    digest.update(OUTPUT_VERSION.encode())
    digest.update(repr(config).encode())
    digest.update(theme_fingerprint(config).encode())
    return digest.hexdigest()


def _fingerprints(pages: list[Page], site_key: str) -> dict[str, str]:
    result = {}
    for page in pages:
        digest = hashlib.blake2b(site_key.encode(), digest_size=16)
        digest.update(page.template.encode())
        digest.update(repr(page.inputs).encode())
        result[page.output] = digest.hexdigest()
    return result


def _render_page(env, page: Page) -> tuple[str, bytes]:
    if not page.template:
        return page.output, b""
    return page.output, render(env, page.template, page.context()).encode("utf-8")


# Set before forking render workers, so they inherit the pages without pickling them.
_JOB: tuple | None = None


def _render_chunk(bounds: tuple[int, int]) -> list[tuple[str, bytes]]:
    env, pages = _JOB
    return [_render_page(env, page) for page in pages[bounds[0] : bounds[1]]]


def _render_all(env, pages: list[Page]) -> list[tuple[str, bytes]]:
    workers = min(os.cpu_count() or 1, 4)
    if len(pages) < PARALLEL_RENDER_THRESHOLD or workers < 2:
        return [_render_page(env, page) for page in pages]
    global _JOB
    _JOB = (env, pages)
    size = max(50, len(pages) // (workers * 6))
    chunks = [(start, min(start + size, len(pages))) for start in range(0, len(pages), size)]
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = pool.map(_render_chunk, chunks, chunksize=1)
    finally:
        _JOB = None
    return [item for chunk in results for item in chunk]


def _write_all(output: OutputFolder, rendered, config: SiteConfig, report: BuildReport) -> None:
    for relative, data in rendered:
        before = output.written
        output.write(relative, data)
        if output.written != before:
            report.changed.append(relative)
    before = output.written
    output.copy_tree(config.theme_dir / "static", "static")
    if output.written != before:
        report.changed.append("static/")
    report.written = output.written


def _read_manifest(path: Path, out: Path) -> dict[str, str] | None:
    """The fingerprints of the pages now in `out`, if that folder is the last build's."""
    if not out.is_dir():
        return None
    try:
        with path.open("rb") as handle:
            version, folder, fingerprints = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
        return None
    if version != OUTPUT_VERSION or folder != str(out.resolve()):
        return None
    return fingerprints


def _write_manifest(path: Path, out: Path, fingerprints: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    with temporary.open("wb") as handle:
        pickle.dump((OUTPUT_VERSION, str(out.resolve()), fingerprints), handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, path)


__all__ = ["build", "load_library", "BuildReport", "SiteError"]
