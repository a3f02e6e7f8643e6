"""Read content/*.md into Articles, reusing a cache of files that did not change.

Parsing is a pure function of a file's bytes and of the build key's content part
(program, dependencies, configuration), so parsed articles are cached by (size, mtime)
under that key, in sealed shard files, and a cold load runs in worker processes.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from ..buildkey import build_key, read_sealed, write_sealed
from ..config import SiteConfig
from ..errors import Problem
from ..files import shown as printable
from ..limits import DEFAULT_LIMITS
from ..render.markdown import render_markdown, unsafe_link_message
from ..render.urls import is_safe_url
from ..slugs import article_slug
from ..state import BuildState
from . import frontmatter
from .article import Article

PARALLEL_THRESHOLD = 400


@dataclass(slots=True)
class LoadResult:
    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def load_articles(
    config: SiteConfig,
    use_cache: bool = True,
    files: dict | None = None,
    state: BuildState | None = None,
    key: str | None = None,
) -> LoadResult:
    """Every content file, parsed and validated, with every problem found.

    `files` is what `content_files` returned, when the caller has just scanned; `key`
    the build key's content part (see buildkey), which the cache is kept under; `state`
    what a long-running process keeps between builds."""
    state = BuildState() if state is None else state
    key = build_key(config).content if key is None else key
    content_dir = config.content_dir
    if not content_dir.is_dir():
        return LoadResult(problems=[Problem(content_dir, 0, "content folder not found")])
    stats = content_files(content_dir) if files is None else files
    unnamed = [name for name in stats if not _utf8(name)]
    if unnamed:
        stats = {name: stat for name, stat in stats.items() if name not in unnamed}
    cache_path = config.cache_dir / "articles"
    cache = _cached_entries(cache_path, key, state) if use_cache else {}
    # Name → (stat, parse outcome); keyed by path text: Path objects cost on warm rebuilds.
    entries = {name: cache[name] for name, stat in stats.items() if name in cache and cache[name][0] == stat}
    todo = [name for name in stats if name not in entries]
    changed = set(todo) | (set(cache) - set(stats))
    if use_cache and changed:
        cache_path.mkdir(parents=True, exist_ok=True)
    job = _ParseJob(config, _display_path(content_dir), stats, cache_path if use_cache else None, key)
    saved = job.parse(todo, keep={_shard(name) for name in entries})
    entries.update(saved.entries)
    result = LoadResult()
    shown_dir = _display_path(content_dir)
    for name in unnamed:  # its name could be written in no link or message as text
        result.problems.append(Problem(Path(printable(shown_dir / os.path.basename(name))), 0, "file name is not valid UTF-8; rename it"))
    for name in stats:
        article, problems = entries[name][1]
        if problems:
            result.problems.extend(problem for problem in problems if not problem.warning)
            result.warnings.extend(problem for problem in problems if problem.warning)
        if article is not None:
            result.articles.append(article)
    if use_cache:
        entries = {name: entries[name] for name in stats}
        state.put("articles", key, entries)
        unsaved = {_shard(name) for name in changed} - saved.shards
        if unsaved:
            _write_cache(cache_path, key, entries, unsaved)
    return result


def _cached_entries(path: Path, key: str, state: BuildState) -> dict:
    """A long-running process (the preview server) keeps the parsed articles in memory
    between builds instead of reading the cache files again."""
    remembered = state.get("articles", key)
    if remembered is not None:
        return remembered
    return _read_cache(path, key)


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
    limits = getattr(config, "limits", DEFAULT_LIMITS)
    meta, front_warnings = frontmatter.parse(yaml_text, shown, config.zone, config.taxonomies, limits)
    if meta is None:
        return None, front_warnings
    body_line = text.count("\n", 0, len(text) - len(body))  # lines before the body's first
    rendered = render_markdown(body, limits)
    if rendered.too_deep:
        line = body_line + rendered.too_deep
        return None, [Problem(shown, line, f"quotes and lists nested more than {limits.markdown_nesting} levels deep")]
    slug = article_slug(meta.slug or name.removesuffix(".md"))
    digest = hashlib.blake2b(data, digest_size=12).hexdigest()
    article = Article(path=str(shown), slug=slug, meta=meta, body_html=rendered.html, digest=digest)
    warnings = front_warnings + [Problem(shown, body_line + line, unsafe_link_message(url), True) for line, url in rendered.unsafe_links]
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


def _utf8(name: str) -> bool:
    """Whether a file name read from the disk is UTF-8 (other bytes come as surrogates)."""
    try:
        name.encode()
    except UnicodeEncodeError:
        return False
    return True


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
    tag: str
    """The build key's content part: every shard is sealed under it."""

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
        if all(name in shard and shard[name][0][:2] == self.stats[name] for name in names):
            return {name: shard[name] for name in names}
        return self._parse_names(names)

    def _parse_names(self, names: list[str]) -> dict:
        now = time.time_ns()
        return {
            name: (settled_stat(self.stats[name], now), parse_file(name, self.stats[name][1], self.config, self.shown_dir))
            for name in names
        }

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


# A file changed this recently may change again without its modification time moving
# (filesystems keep times in steps of a few milliseconds): its (time, size) is not
# trusted to name its bytes.
RACY_NS = 2_000_000_000


def settled_stat(stat: tuple[int, int], now_ns: int) -> tuple:
    """`stat` as a cache may keep it: marked so that it never matches again when the
    file was changed within RACY_NS of `now_ns`, when it was read."""
    return stat if now_ns - stat[0] >= RACY_NS else (*stat, "racy")


def content_files(folder: Path) -> dict[str, tuple[int, int]]:
    """Path text → (modification time, size) of every *.md file, in name order."""
    if not folder.is_dir():
        return {}
    prefix = str(folder) + os.sep
    with os.scandir(folder) as entries:
        found = [(entry.name, entry.stat()) for entry in entries if entry.name.endswith(".md") and entry.is_file()]
    return {prefix + name: (stat.st_mtime_ns, stat.st_size) for name, stat in sorted(found)}


# The cache is split into shards by file name, so that saving one article rewrites
# one small shard rather than the parsed form of the whole site.
SHARDS = 64


def _shard(key: str) -> int:
    return zlib.crc32(key.encode()) % SHARDS


def _read_cache(folder: Path, tag: str) -> dict:
    entries: dict = {}
    for number in range(SHARDS):
        entries.update(_shard_entries(folder, number, tag))
    return entries


def _shard_entries(folder: Path, number: int, tag: str) -> dict:
    """A saved shard's entries; none if its file is missing, damaged or has another key."""
    payload = read_sealed(folder / f"{number:02d}.pickle", tag, view=True)  # 48 MB at 10,000 articles: not copied
    if payload is None:
        return {}
    try:
        entries = pickle.loads(payload)
    except _UNREADABLE:
        return {}
    return entries if type(entries) is dict else {}


# What unpickling a damaged or outdated cache file raises.
_UNREADABLE = (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError)


def _write_cache(folder: Path, tag: str, entries: dict, numbers: set[int]) -> None:
    shards: dict[int, dict] = {number: {} for number in numbers}
    for key, entry in entries.items():
        number = _shard(key)
        if number in shards:
            shards[number][key] = entry
    for number, shard in shards.items():
        _save_shard(folder, number, tag, pickle.dumps(shard, protocol=pickle.HIGHEST_PROTOCOL))


def _save_shard(folder: Path, number: int, tag: str, shard: bytes) -> None:
    """One shard file: the pickled {name: (stat, outcome)}, sealed under the key."""
    write_sealed(folder / f"{number:02d}.pickle", shard, tag)
