"""Read content/*.md into Articles, reusing a cache of files that did not change.

Parsing is a pure function of a file's bytes, so parsed articles are cached by
(size, mtime) and checked by content hash, and a cold load runs in worker processes.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from slugify import slugify

from ..config import SiteConfig
from ..errors import Problem
from ..limits import DEFAULT_LIMITS
from ..render.markdown import render_markdown, unsafe_link_message
from ..render.urls import is_safe_url
from . import frontmatter
from .article import Article

CACHE_VERSION = 7  # 7: unknown keys that look like known ones, repeated keys
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
    # Name → (stat, parse outcome); keyed by path text: Path objects cost on warm rebuilds.
    entries = {name: cache[name] for name, stat in stats.items() if name in cache and cache[name][0] == stat}
    todo = [name for name in stats if name not in entries]
    changed = set(todo) | (set(cache) - set(stats))
    if use_cache and changed:
        cache_path.mkdir(parents=True, exist_ok=True)
    job = _ParseJob(config, _display_path(content_dir), stats, cache_path if use_cache else None, _cache_tag(config))
    saved = job.parse(todo, keep={_shard(name) for name in entries})
    entries.update(saved.entries)
    result = LoadResult()
    for name in stats:
        article, problems = entries[name][1]
        if problems:
            result.problems.extend(problem for problem in problems if not problem.warning)
            result.warnings.extend(problem for problem in problems if problem.warning)
        if article is not None:
            result.articles.append(article)
    if use_cache:
        entries = {name: entries[name] for name in stats}
        _MEMORY[cache_path] = (_cache_tag(config), entries)
        unsaved = {_shard(name) for name in changed} - saved.shards
        if unsaved:
            _write_cache(cache_path, config, entries, unsaved)
    return result


# A long-running process (the preview server) keeps the parsed articles in memory
# between builds instead of reading the cache file again.
_MEMORY: dict[Path, tuple] = {}


def _cached_entries(path: Path, config: SiteConfig) -> dict:
    remembered = _MEMORY.get(path)
    if remembered is not None and remembered[0] == _cache_tag(config):
        return remembered[1]
    return _read_cache(path, config)


def parse_file(path: str, size: int, config: SiteConfig, shown_dir: Path) -> tuple[Article | None, list[Problem]]:
    """One content file → Article, or the problems that stop it.

    `size` is the file's size when the folder was scanned; `shown_dir` is how messages
    name the file's folder (both worked out once per load)."""
    name = os.path.basename(path)
    shown = shown_dir / name
    try:
        data = _read_file(path, size)
    except OSError as error:
        return None, [Problem(shown, 0, f"cannot read: {error.strerror}")]
    try:
        text = data.decode()
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, [Problem(shown, line, "not valid UTF-8 text (save the file as UTF-8)")]
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")  # a byte order mark is not text
    yaml_text, body, problems = frontmatter.split(text, shown)
    if problems:
        return None, problems
    meta, problems = frontmatter.parse(yaml_text, shown, config.zone)
    if meta is None:
        return None, problems
    body_line = text.count("\n", 0, len(text) - len(body))  # lines before the body's first
    rendered = render_markdown(body, DEFAULT_LIMITS)
    if rendered.too_deep:
        line = body_line + rendered.too_deep
        return None, [Problem(shown, line, f"quotes and lists nested more than {DEFAULT_LIMITS.markdown_nesting} levels deep")]
    slug = _slug(meta.slug or name.removesuffix(".md"))
    digest = hashlib.blake2b(data, digest_size=12).hexdigest()
    article = Article(path=str(shown), slug=slug, meta=meta, body_html=rendered.html, digest=digest)
    warnings = [Problem(shown, body_line + line, unsafe_link_message(url), True) for line, url in rendered.unsafe_links]
    if not is_safe_url(meta.source.url):
        warnings.append(Problem(shown, _source_url_line(text), unsafe_link_message(meta.source.url), True))
    if meta.date_source == "file":
        warnings.append(
            Problem(shown, frontmatter.key_line(text, "date"), _UNDATED, True)
        )
    return article, warnings


def _source_url_line(text: str) -> int:
    """The line of `url:` under `source:` (or of `source:` itself, in flow style)."""
    source = frontmatter.key_line(text, "source")
    lines = text.split("\n", source + 4)
    for index in range(source, min(source + 3, len(lines))):  # the three lines after `source:`
        if lines[index].lstrip().startswith("url:"):
            return index + 1
    return source


_UNDATED = (
    "date taken from the file's modification time: the article is held back from the site "
    "until an editor sets the date and removes 'date_source'"
)
_PLAIN_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SLUG_LENGTH = 100


def _slug(text: str) -> str:
    """The URL word for an article. File names are most often slugs already (ingest
    writes them so), which slugify would return unchanged, more slowly."""
    if len(text) <= _SLUG_LENGTH and _PLAIN_SLUG.fullmatch(text):
        return text
    return slugify(text, max_length=_SLUG_LENGTH) or "article"


def _read_file(path: str, size: int) -> bytes:
    """A file's bytes in three system calls, where Python's file objects make seven
    (fstat, ioctl, lseek…); a cold build reads 10,000 files. Asking for the size the
    scan saw, plus one byte to find the end, rather than for a large buffer, spares an
    mmap, mremap and munmap of that buffer per file; a file grown since reads on."""
    handle = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        chunks = []
        wanted = size + 1
        while True:
            chunks.append(os.read(handle, wanted))
            if len(chunks[-1]) < wanted:  # a regular file reads short only at its end
                return b"".join(chunks)
            wanted = _READ_SIZE
    finally:
        os.close(handle)


_READ_SIZE = 1 << 20


def _display_path(path: Path) -> Path:
    """Relative to the working folder when inside it, as people type paths."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


@dataclass(slots=True)
class _Parsed:
    entries: dict = field(default_factory=dict)
    shards: set[int] = field(default_factory=set)
    """Cache shards already saved by the parse, so not to be written again."""


@dataclass(slots=True)
class _ParseJob:
    """Parses files shard by shard, in worker processes when there are many. A shard
    whose files are all parsed anew (every shard, in a cold build) is saved by the
    process that parsed it: the main process neither pickles it twice nor writes it,
    and reads a worker's saved shard back from the file (in the page cache) rather than
    receiving it through a pipe, a copy in 64 KiB pieces that cost it a tenth of the
    time it waited for the workers."""

    config: SiteConfig
    shown_dir: Path
    stats: dict[str, tuple[int, int]]
    cache_path: Path | None
    tag: tuple

    def parse(self, names: list[str], keep: set[int]) -> _Parsed:
        """`keep`: shards that also hold cached entries, saved later with them."""
        by_shard: dict[int, list[str]] = {}
        for name in names:
            by_shard.setdefault(_shard(name), []).append(name)
        tasks = [(number, batch, self.cache_path is not None and number not in keep) for number, batch in by_shard.items()]
        parsed = _Parsed()
        for number, save, data in self._run(tasks):
            names = by_shard[number]
            parsed.entries.update(pickle.loads(data) if data is not None else self._read_back(number, names))
            if save:
                parsed.shards.add(number)
        return parsed

    def _run(self, tasks: list[tuple[int, list[str], bool]]):
        workers = min(os.cpu_count() or 1, 4)
        if sum(len(batch) for _, batch, _ in tasks) < PARALLEL_THRESHOLD or workers < 2:
            yield from map(self.parse_shard, tasks)
            return
        global _PARSE_JOB
        _PARSE_JOB = self
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                yield from pool.imap_unordered(_parse_shard_in_worker, tasks)
        finally:
            _PARSE_JOB = None

    def _read_back(self, number: int, names: list[str]) -> dict:
        """The entries of `names` from the shard a worker saved, or parsed here again if
        another build replaced that file meanwhile."""
        shard = _shard_entries(self.cache_path, number, self.tag)
        if all(name in shard and shard[name][0] == self.stats[name] for name in names):
            return {name: shard[name] for name in names}
        return self._parse_names(names)

    def _parse_names(self, names: list[str]) -> dict:
        return {name: (self.stats[name], parse_file(name, self.stats[name][1], self.config, self.shown_dir)) for name in names}

    def parse_shard(self, task: tuple[int, list[str], bool]) -> tuple[int, bool, bytes]:
        number, names, save = task
        data = pickle.dumps(self._parse_names(names), protocol=pickle.HIGHEST_PROTOCOL)
        if save:
            _save_shard(self.cache_path, number, self.tag, data)
        return number, save, data


# Set before forking parse workers, which inherit it instead of receiving a pickled
# copy of the configuration and file list with every task.
_PARSE_JOB: _ParseJob | None = None


def _parse_shard_in_worker(task: tuple[int, list[str], bool]) -> tuple[int, bool, bytes | None]:
    number, saved, data = _PARSE_JOB.parse_shard(task)
    return number, saved, None if saved else data


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
    tag = _cache_tag(config)
    for number in range(SHARDS):
        entries.update(_shard_entries(folder, number, tag))
    return entries


def _shard_entries(folder: Path, number: int, tag: tuple) -> dict:
    """A saved shard's entries; none if its file is missing, damaged or has another tag."""
    try:
        with (folder / f"{number:02d}.pickle").open("rb") as handle:
            if pickle.load(handle) != tag:
                return {}
            entries = pickle.loads(handle.read())  # in one piece: faster than through the file object
    except (OSError, *_UNREADABLE):
        return {}
    return entries if type(entries) is dict else {}


# What unpickling a damaged or outdated cache file raises.
_UNREADABLE = (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError)


def _write_cache(folder: Path, config: SiteConfig, entries: dict, numbers: set[int]) -> None:
    shards: dict[int, dict] = {number: {} for number in numbers}
    for key, entry in entries.items():
        number = _shard(key)
        if number in shards:
            shards[number][key] = entry
    for number, shard in shards.items():
        _save_shard(folder, number, _cache_tag(config), pickle.dumps(shard, protocol=pickle.HIGHEST_PROTOCOL))


def _save_shard(folder: Path, number: int, tag: tuple, shard: bytes) -> None:
    """One shard file: the cache tag, then the pickled {name: (stat, outcome)}."""
    path = folder / f"{number:02d}.pickle"
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    with temporary.open("wb") as handle:
        pickle.dump(tag, handle, protocol=pickle.HIGHEST_PROTOCOL)
        handle.write(shard)
    os.replace(temporary, path)
