"""Read content/*.md into Articles, reusing a cache of files that did not change.

Parsing is a pure function of a file's bytes, so parsed articles are cached by
(size, mtime) and checked by content hash, and a cold load runs in worker processes.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import zlib
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from slugify import slugify

from ..config import SiteConfig
from ..errors import Problem
from ..render.markdown import render_markdown
from . import frontmatter
from .article import Article

CACHE_VERSION = 4
PARALLEL_THRESHOLD = 400


@dataclass(slots=True)
class LoadResult:
    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def load_articles(config: SiteConfig, use_cache: bool = True, files: dict | None = None) -> LoadResult:
    """Every content file, parsed and validated, with every problem found.

    `files` is what `content_files` returned, when the caller has just scanned."""
    content_dir = config.content_dir
    if not content_dir.is_dir():
        return LoadResult(problems=[Problem(content_dir, 0, "content folder not found")])
    stats = content_files(content_dir) if files is None else files
    cache_path = config.cache_dir / "articles"
    cache = _cached_entries(cache_path, config) if use_cache else {}
    # Keyed by path text: a warm rebuild goes through every file, and Path objects cost.
    fresh: dict[str, tuple[Article | None, list[Problem]]] = {}
    todo = []
    for name, stat in stats.items():
        cached = cache.get(name)
        if cached is not None and cached[0] == stat:
            fresh[name] = cached[1]
        else:
            todo.append(name)
    fresh.update(_parse_all(todo, _display_path(content_dir), config))
    result = LoadResult()
    for name in stats:
        article, problems = fresh[name]
        if problems:
            result.problems.extend(problem for problem in problems if not problem.warning)
            result.warnings.extend(problem for problem in problems if problem.warning)
        if article is not None:
            result.articles.append(article)
    if use_cache:
        entries = {name: (stat, fresh[name]) for name, stat in stats.items()}
        _MEMORY[cache_path] = (_cache_tag(config), entries)
        changed = set(todo) | (set(cache) - set(entries))
        if changed:
            _write_cache(cache_path, config, entries, changed)
    return result


# A long-running process (the preview server) keeps the parsed articles in memory
# between builds instead of reading the cache file again.
_MEMORY: dict[Path, tuple] = {}


def _cached_entries(path: Path, config: SiteConfig) -> dict:
    remembered = _MEMORY.get(path)
    if remembered is not None and remembered[0] == _cache_tag(config):
        return remembered[1]
    return _read_cache(path, config)


def parse_file(path: Path, config: SiteConfig, shown_dir: Path) -> tuple[Article | None, list[Problem]]:
    """One content file → Article, or the problems that stop it.

    `shown_dir` is how messages name the file's folder (worked out once per load)."""
    shown = shown_dir / path.name
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, [Problem(shown, 0, f"cannot read: {error.strerror}")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, [Problem(shown, line, "not valid UTF-8 text (save the file as UTF-8)")]
    text = text.replace("\r\n", "\n")
    yaml_text, body, problems = frontmatter.split(text, shown)
    if problems:
        return None, problems
    meta, problems = frontmatter.parse(yaml_text, shown, config.zone)
    if meta is None:
        return None, problems
    slug = slugify(meta.slug or path.stem, max_length=100) or "article"
    digest = hashlib.blake2b(data, digest_size=12).hexdigest()
    article = Article(path=str(shown), slug=slug, meta=meta, body_html=render_markdown(body), digest=digest)
    warnings = []
    if meta.date_source == "file":
        warnings.append(
            Problem(shown, frontmatter.key_line(text, "date"), "date taken from the file's modification time: check it", True)
        )
    return article, warnings


def _display_path(path: Path) -> Path:
    """Relative to the working folder when inside it, as people type paths."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def _parse_all(names: list[str], shown_dir: Path, config: SiteConfig):
    """(name, parse outcome) of each file, in worker processes when there are many."""
    paths = [Path(name) for name in names]
    if len(paths) < PARALLEL_THRESHOLD or (os.cpu_count() or 1) < 2:
        for name, path in zip(names, paths):
            yield name, parse_file(path, config, shown_dir)
        return
    workers = min(os.cpu_count() or 1, 4)
    chunk = max(1, len(paths) // (workers * 8))
    with ProcessPoolExecutor(workers) as pool:
        yield from zip(names, pool.map(parse_file, paths, [config] * len(paths), [shown_dir] * len(paths), chunksize=chunk))


def content_files(folder: Path) -> dict[str, tuple[int, int]]:
    """Path text → (modification time, size) of every *.md file, in name order."""
    if not folder.is_dir():
        return {}
    prefix = str(folder) + os.sep
    with os.scandir(folder) as entries:
        found = [(entry.name, entry.stat()) for entry in entries if entry.name.endswith(".md") and entry.is_file()]
    return {prefix + name: (stat.st_mtime_ns, stat.st_size) for name, stat in sorted(found)}


def _cache_tag(config: SiteConfig) -> tuple:
    # Parsed articles depend on the time zone (naive dates) and on this code's version.
    return (CACHE_VERSION, config.timezone, str(Path.cwd()))


# The cache is split into shards by file name, so that saving one article rewrites
# one small shard rather than the parsed form of the whole site.
SHARDS = 64


def _shard(key: str) -> int:
    return zlib.crc32(key.encode()) % SHARDS


def _read_cache(folder: Path, config: SiteConfig) -> dict:
    entries: dict = {}
    for number in range(SHARDS):
        try:
            with (folder / f"{number:02d}.pickle").open("rb") as handle:
                tag, shard = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError):
            continue
        if tag == _cache_tag(config):
            entries.update(shard)
    return entries


def _write_cache(folder: Path, config: SiteConfig, entries: dict, changed: set[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    shards: dict[int, dict] = {number: {} for number in {_shard(key) for key in changed}}
    for key, entry in entries.items():
        number = _shard(key)
        if number in shards:
            shards[number][key] = entry
    for number, shard in shards.items():
        path = folder / f"{number:02d}.pickle"
        temporary = path.with_suffix(".tmp")
        with temporary.open("wb") as handle:
            pickle.dump((_cache_tag(config), shard), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
