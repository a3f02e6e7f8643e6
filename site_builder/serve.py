"""Live preview: `site-builder serve`.

Builds the site into a private preview folder, serves it with livereload, and
rebuilds on every save:

    watch content/, theme/, seeds/, site.yaml, actors.yaml  (watchfiles: the system tells of each change)
      → wait until the saved files stay still     (editors save in several steps)
      → ingest new seeds, then an incremental build  (atomic: never a half-built site)
      → livereload tells the open tabs to reload

A save is noticed within a few hundredths of a second whatever the site's size, as
nothing is scanned; where the system's notifications cannot be used, watchfiles
polls instead. A build that fails on a user's mistake keeps the server up: every
page then shows an error page listing the `path:line: message` lines, and the
terminal prints the same lines. Builds run on the server's own event loop, so a
request waits for the build in progress and never sees a site being written;
Ctrl-C, too, takes effect once the build in progress is over.
"""

from __future__ import annotations

import asyncio
import errno
import html
import logging
import os
import signal
import sys
import threading
import time
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

import watchfiles
from livereload import Server
from livereload.handlers import StaticFileHandler
from livereload.watcher import Watcher
from tornado import web

from .build import build, refuse_unsafe_output
from .state import BuildState
from .config import SiteConfig, load_config
from .errors import ContentError, SiteError

STEP_MS = 20
"""watchfiles hands changes over once none has come for this long: a save is noticed
within one to two steps. Each step wakes its thread briefly; there is no scanning."""
LONGEST_BATCH_MS = 200
"""While changes keep coming, watchfiles hands them over at least this often, so that
_settle sees them and LONGEST_SETTLE_SECONDS holds."""
QUIET_SECONDS = 0.05
"""How long changed files must stay untouched before a rebuild: editors save in steps.
It adds straight to save-to-reload, so it is kept short."""
LONGEST_SETTLE_SECONDS = 2.0
"""Rebuild anyway after this long, e.g. for a file whose modification time is in the future."""
INGEST_ECHO_SECONDS = 2.0
"""Longest wait for the watcher to report the articles ingest has just written."""
FALLBACK_POLL_MS = 200
"""Pause between two scans where the system's notifications cannot be used."""
PORT_ATTEMPTS = 20
"""How many ports, from the one asked for, to try before giving up."""


def serve(
    config: SiteConfig,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    out: Path | None = None,
    config_path: Path | None = None,
    drafts: bool = False,
) -> int:
    """Serve a live preview of the site until Ctrl-C; return the exit status."""
    config_path = config_path or config.root / "site.yaml"
    out = (out or config.cache_dir / "preview").resolve()
    refuse_unsafe_output(config, out, _REFUSALS)
    return asyncio.run(_serve(Preview(config, config_path, out, drafts=drafts), host, port))


async def _serve(preview: Preview, host: str, port: int) -> int:
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    # Ctrl-C is handled on the loop, between builds (see _ctrl_c_held). SIGTERM keeps its
    # default: the build's worker pools stop their workers with it.
    loop.add_signal_handler(signal.SIGINT, stopping.set)
    # One line a request would bury the rebuild lines; errors in handlers still print.
    logging.getLogger("tornado.access").setLevel(logging.CRITICAL)
    port = _listen(PreviewServer(preview), host, port)
    preview.base_url = _preview_url(host, port)
    say(f"serving {preview.base_url} (preview of {preview.config_path} in {preview.out}); Ctrl-C to stop")
    watch = asyncio.create_task(_watch_and_rebuild(preview, stopping))
    watch.add_done_callback(lambda _: stopping.set())  # never serve a preview that no longer follows saves
    await stopping.wait()
    loop.remove_signal_handler(signal.SIGINT)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not break the exit
    if watch.done() and not watch.cancelled() and watch.exception():
        error = watch.exception()
        say(f"internal error: {type(error).__name__}: {error}; the preview stopped following saves", problem=True)
        return 1
    watch.cancel()
    with suppress(asyncio.CancelledError):
        await watch  # it stops the watching threads
    say("stopped")
    return 0


def say(line: str, problem: bool = False) -> None:
    """Print a status line, or a problem on stderr like the other commands do."""
    print(line, file=sys.stderr if problem else sys.stdout, flush=True)


# The build's own rule, told as serve's: inside a watched folder, each build would also
# trigger the next.
_REFUSALS = {
    "holds": "--out {out}: this folder holds the sources in {source}; choose a folder of its own",
    "inside": "--out {out}: inside the watched folder {source}; choose a folder of its own",
}


# --- Listening ----------------------------------------------------------------


def _listen(server: Server, host: str, port: int) -> int:
    """Listen on `port`, or the next free one; return the port used."""
    if not 1 <= port <= 65535:
        raise SiteError(f"--port {port}: a port is a number from 1 to 65535")
    for candidate in range(port, min(port + PORT_ATTEMPTS, 65536)):
        try:
            server.application(candidate, host, live_css=True)
        except OSError as error:
            if error.errno != errno.EADDRINUSE:
                raise SiteError(f"cannot listen on {host}:{candidate}: {error.strerror or error}") from None
            continue
        if candidate != port:
            say(f"port {port} is in use: serving on port {candidate} instead")
        return candidate
    raise SiteError(f"ports {port} to {candidate} on {host} are all in use; pick another with --port")


def _preview_url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


# --- Serving ------------------------------------------------------------------


class PreviewServer(Server):
    """livereload's server (reload protocol, script injection) serving the preview folder."""

    def __init__(self, preview: Preview):
        super().__init__(watcher=Watcher())  # its watcher is unused: Preview has a SourceWatcher
        self.preview = preview

    def get_web_handlers(self, script):
        options = {"path": str(self.preview.out), "default_filename": "index.html", "preview": self.preview}
        return [(r"/_review/?", ReviewHandler, {"preview": self.preview}), (r"/(.*)", PreviewHandler, options)]


class ReviewHandler(web.RequestHandler):
    """/_review/: the review queue, made afresh on each visit (never written to a site)."""

    def initialize(self, preview: Preview) -> None:
        self.preview = preview

    def get(self) -> None:
        from .review import page, review_queue

        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(page(review_queue(self.preview.site_config), self.preview.site_config))


class PreviewHandler(StaticFileHandler):
    """livereload's static file handler, confined to the preview folder.

    Anything outside it (`..`, encoded or not, absolute paths, symlinks out) is a
    plain 404, like a missing page; while the last build failed, every page shows
    the build's errors instead.
    """

    def initialize(self, path: str, default_filename: str | None = None, preview: Preview | None = None) -> None:
        super().initialize(path, default_filename)
        self.preview = preview

    def prepare(self) -> None:
        if self.preview and self.preview.problems and _is_page(self.request.path):
            self.set_status(500)
            self.set_header("Cache-Control", "no-store")
            self.finish(error_page(self.preview.problems))

    @classmethod
    def get_absolute_path(cls, root: str, path: str) -> str:
        if "\0" in path:  # no file name holds one; os.path would raise ValueError
            raise web.HTTPError(404)
        with _outside_is_missing():
            return super().get_absolute_path(root, path)

    def validate_absolute_path(self, root: str, absolute_path: str) -> str | None:
        with _outside_is_missing():
            return super().validate_absolute_path(root, absolute_path)

    def set_extra_headers(self, path: str) -> None:
        self.set_header("Cache-Control", "no-store")  # always show the latest build

    def write_error(self, status_code: int, **kwargs) -> None:
        not_found = Path(self.root) / "404.html"
        if status_code == 404 and not_found.is_file():
            self.set_header("Content-Type", "text/html; charset=UTF-8")
            self.finish(not_found.read_bytes())
        else:
            super().write_error(status_code, **kwargs)


@contextmanager
def _outside_is_missing():
    """Tornado refuses paths leading out of the folder (`..`, symlinks) with 403 Forbidden;
    answer 404 instead, so the preview does not even confirm such files exist."""
    try:
        yield
    except web.HTTPError as error:
        if error.status_code != 403:
            raise
        raise web.HTTPError(404) from None


def _is_page(url_path: str) -> bool:
    """A page rather than a stylesheet, script, image or feed."""
    name = url_path.rsplit("/", 1)[-1]
    return "." not in name or name.endswith((".html", ".htm"))


ERROR_PAGE = """<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Erreur de construction — aperçu</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #fdf6f6; color: #222; }}
main {{ max-width: 60rem; margin: 3rem auto; padding: 0 1.5rem; }}
h1 {{ color: #a01818; font-size: 1.6rem; }}
ul {{ padding: 0; list-style: none; }}
li {{ margin: .5rem 0; padding: .6rem .8rem; background: #fff; border-left: 4px solid #a01818; }}
code {{ font: .95rem/1.4 ui-monospace, monospace; white-space: pre-wrap; overflow-wrap: anywhere; }}
</style>
</head>
<body>
<main>
<h1>Le site n’a pas pu être reconstruit</h1>
<p>{count} à corriger :</p>
<ul>
{items}
</ul>
<p>Corrigez puis enregistrez le fichier : cette page se rechargera d’elle-même.</p>
</main>
</body>
</html>
"""


def error_page(problems: list[str]) -> str:
    """The page shown for every URL while the site does not build (French, like the site)."""
    count = "Un problème" if len(problems) == 1 else f"{len(problems)} problèmes"
    items = "\n".join(f"<li><code>{html.escape(problem)}</code></li>" for problem in problems)
    return ERROR_PAGE.format(count=count, items=items)


# --- Watching -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Change:
    kind: str
    """Which source changed: 'content', 'theme', 'seeds' or 'config'."""
    path: Path


@dataclass(frozen=True, slots=True)
class Batch:
    """Changes the watcher handed over together, and when."""

    arrived: float
    """Wall clock, like modification times: watchfiles hands a batch over once a step
    (STEP_MS) has passed without a new change, so its last change is 1 to 2 steps older."""
    changes: list[Change]


class SourceWatcher:
    """watchfiles over the site's sources: the system tells of each change (inotify on
    Linux), so nothing is scanned and a save is noticed within STEP_MS to 2 × STEP_MS.

    Two threads run watchfiles and hand their batches to the event loop: one watches
    the source folders recursively; the other watches the folders holding site.yaml and
    the source folders, non-recursively. Editors save site.yaml by replacing it, which a
    watch on the file itself would lose after the first save; and a source folder
    created (or re-created) while serving is watched from then on, every file in it
    counting as added.
    """

    def __init__(self, sources: dict[str, Path]):
        self.sources = sources
        self._roots = {kind: os.path.abspath(path) for kind, path in sources.items()}
        self._loop = asyncio.get_running_loop()
        self._batches: asyncio.Queue[tuple[float, set | str | BaseException]] = asyncio.Queue()
        self._polling = _Polling()
        self._gone: set[str] = set()
        """Source folders whose removal was reported: a polling watcher reports it on every scan."""
        parents = {os.path.dirname(root) for root in self._roots.values()}
        self._around = _WatchThread(sorted(filter(os.path.isdir, parents)), False, self._hand_over, self._polling)
        self._folders = self._watch_folders()

    def _watch_folders(self) -> _WatchThread:
        folders = [root for kind, root in self._roots.items() if kind not in SOURCE_FILES and os.path.isdir(root)]
        return _WatchThread(folders, True, self._hand_over, self._polling)

    @property
    def lag(self) -> float:
        """How long before its batch came a change may have been made, at most (seconds)."""
        return (2 * STEP_MS + (FALLBACK_POLL_MS if self._polling.on else 0)) / 1000

    def _hand_over(self, item: set | str | BaseException) -> None:
        """From a watching thread: queue `item` for the event loop."""
        try:
            self._loop.call_soon_threadsafe(self._batches.put_nowait, (time.time(), item))
        except RuntimeError:  # the loop is closed: the server is stopping
            pass

    async def next_batch(self, timeout: float | None = None) -> Batch | None:
        """The next changes to the sources; None if none came within `timeout` seconds."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            if not self._batches.empty() or deadline is None:
                arrived, item = await self._batches.get()
            else:
                try:
                    arrived, item = await asyncio.wait_for(self._batches.get(), max(deadline - time.monotonic(), 0))
                except TimeoutError:
                    return None
            if isinstance(item, BaseException):
                raise item
            if isinstance(item, str):
                say(item, problem=True)
                continue
            if changes := self._sorted(item):
                return Batch(arrived, changes)

    def _sorted(self, raw: set) -> list[Change]:
        """The changes to sources, each with its kind; others (hidden files, scratch files,
        neighbours of site.yaml) left out."""
        changes = []
        for change_type, raw_path in raw:
            path = os.path.normpath(raw_path)
            for kind, root in self._roots.items():
                if path == root:
                    changes += self._source_itself(kind, root, change_type)
                    break
                if kind not in SOURCE_FILES and path.startswith(root + os.sep):
                    relative = path[len(root) + 1:]
                    if not _is_editor_scratch(path) and not any(part.startswith(".") for part in relative.split(os.sep)):
                        changes.append(Change(kind, Path(path)))
                    break
        return list(dict.fromkeys(changes))

    def _source_itself(self, kind: str, root: str, change_type: watchfiles.Change) -> list[Change]:
        if kind in SOURCE_FILES:
            return [Change(kind, Path(root))]
        if change_type == watchfiles.Change.deleted:
            if root in self._gone:
                return []
            self._gone.add(root)
            return [Change(kind, Path(root))]
        if change_type != watchfiles.Change.added or not os.path.isdir(root):
            return []
        self._gone.discard(root)
        # A folder that appeared: watch it too, then count every file in it (a file
        # written in between is reported twice, which is harmless).
        self._folders.stop()
        self._folders = self._watch_folders()
        return [Change(kind, Path(folder, name)) for folder, names in _visible_files(root) for name in names]

    def close(self) -> None:
        """Stop watching; returns once the threads are over (at most about a step)."""
        for thread in (self._around, self._folders):
            thread.stop()
        for thread in (self._around, self._folders):
            thread.join()


def _visible_files(root: str):
    for folder, folders, names in os.walk(root):
        folders[:] = [name for name in folders if not name.startswith(".")]
        yield folder, [name for name in names if not name.startswith(".") and not _is_editor_scratch(name)]


class _Polling:
    """Whether the system's notifications failed: from then on, every watching thread polls."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.on = False

    def start(self) -> bool:
        """Switch to polling; whether this call did (so that only one thread says so)."""
        with self._lock:
            started, self.on = not self.on, True
            return started


class _WatchThread:
    """watchfiles.watch() over `paths` in a thread, handing each batch of changes over.

    Where the system's notifications cannot be used (e.g. its limit of watches is
    reached), it says so and polls instead, with watchfiles' own polling.
    """

    def __init__(self, paths: list[str], recursive: bool, hand_over: Callable, polling: _Polling):
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(paths, recursive, hand_over, polling), daemon=True,
                                        name="watchfiles")
        if paths:
            self._thread.start()

    def _run(self, paths: list[str], recursive: bool, hand_over: Callable, polling: _Polling) -> None:
        # Ctrl-C is for the main thread, which holds it during builds (see _ctrl_c_held).
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        while not self._stopped.is_set():
            # None lets watchfiles decide: notifications, unless WATCHFILES_FORCE_POLLING says otherwise.
            force_polling = True if polling.on else None
            try:
                for batch in watchfiles.watch(*paths, watch_filter=None, debounce=LONGEST_BATCH_MS, step=STEP_MS,
                                              stop_event=self._stopped, recursive=recursive,
                                              force_polling=force_polling, poll_delay_ms=FALLBACK_POLL_MS):
                    hand_over(batch)
                return
            except FileNotFoundError as error:  # a folder removed just now: watched again once it is back
                hand_over(f"{_shown(Path(error.filename or paths[0]))}: not watched: {error.strerror or error}")
                return
            except (OSError, RuntimeError) as error:  # WatchfilesRustInternalError is a RuntimeError
                if force_polling:
                    hand_over(error)
                    return
                if polling.start():
                    # watchfiles' message goes on to list the paths and the error's debug form
                    reason = str(error).split(" about [")[0].rstrip(".")
                    hand_over(f"cannot watch the sources with the system's notifications ({reason}): "
                              f"polling every {FALLBACK_POLL_MS / 1000:g} s instead")

    def stop(self) -> None:
        self._stopped.set()

    def join(self) -> None:
        if self._thread.is_alive():
            self._thread.join(timeout=5)


def _is_editor_scratch(path: str) -> bool:
    """Backup and lock files editors leave beside the file being edited."""
    name = os.path.basename(path)
    return name.endswith("~") or name.startswith("#") or name == "4913"


SOURCE_FILES = {"config", "registry"}
"""Sources that are single files (watched through their folder, as editors save some
files by replacing them); the others are folders, watched recursively."""


def _watched_sources(config: SiteConfig, config_path: Path) -> dict[str, Path]:
    return {
        "content": config.content_dir,
        "theme": config.theme_dir,
        "seeds": config.seeds_dir,
        "config": config_path,
        "registry": config.actors_path,  # the build key covers it: a rebuild is all it needs
    }


async def _settle(watcher: SourceWatcher, batch: Batch) -> tuple[list[Change], float]:
    """Wait until the changed files have not been touched for QUIET_SECONDS, taking in
    the changes reported meanwhile; return them all and when the last save happened.

    The last change is known from modification times, which also catch a file saved
    again within a batch (watchfiles reports it once), and from when the batch came,
    which also covers removed files and files moved in with an old modification time.
    The save time (wall clock, to measure save-to-reload) is the earliest it can have
    been, so the latency printed is never less than the true one.
    """
    noticed = time.time()
    changes = list(batch.changes)
    while True:
        last_save = max((saved for saved in map(_modified, changes) if saved is not None), default=float("-inf"))
        last_change = max(last_save, batch.arrived - STEP_MS / 1000)
        wait = min(last_change + QUIET_SECONDS, noticed + LONGEST_SETTLE_SECONDS) - time.time()
        more = await watcher.next_batch(timeout=max(wait, 0))
        if more is not None:
            batch = more
            changes += more.changes
        elif wait <= 0:
            changes = list(dict.fromkeys(changes))
            return changes, min(max(last_save, batch.arrived - watcher.lag), time.time())


def _modified(change: Change) -> float | None:
    try:
        return change.path.stat().st_mtime
    except OSError:
        return None


@contextmanager
def _ctrl_c_held():
    """Hold Ctrl-C until the build in progress is over.

    A terminal sends Ctrl-C to the whole process group, the build's forked workers
    included, and a worker interrupted mid-task can hang its pool. Workers inherit
    this mask, so they never see it; this process gets it right after the build
    (the watching threads block it for good, so it waits for this one).
    """
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


async def _watch_and_rebuild(preview: Preview, stopping: asyncio.Event) -> None:
    preview.watch()  # before the first build, so that no save made during it is missed
    try:
        with _ctrl_c_held():
            preview.rebuild([], saved_at=time.time())
        while not stopping.is_set():
            changes, saved_at = await _settle(preview.watcher, await preview.watcher.next_batch())
            if stopping.is_set():
                break
            await preview.update(changes, saved_at)
    finally:
        preview.watcher.close()


# --- Building -----------------------------------------------------------------


@dataclass
class Preview:
    """The preview's configuration, its build folder and the last build's problems."""

    site_config: SiteConfig
    config_path: Path
    out: Path
    base_url: str = "http://127.0.0.1:8000/"
    problems: list[str] = field(default_factory=list)
    """The last build's error lines; empty when the preview is up to date."""
    config_problems: list[str] = field(default_factory=list)
    """What is wrong with site.yaml since its last save; nothing is built until it is fixed."""
    warned: set[str] = field(default_factory=set)
    """Warnings already printed, so each rebuild shows only new ones."""
    watcher: SourceWatcher | None = field(init=False, default=None)
    state: BuildState = field(init=False, default_factory=BuildState)
    """What the preview keeps warm between its builds (each entry under its build key)."""
    drafts: bool = False
    """`serve --drafts`: drafts and every held article are shown, with a banner."""

    def watch(self) -> None:
        """Start watching the sources (on the running event loop, which gets the changes)."""
        self.watcher = SourceWatcher(_watched_sources(self.site_config, self.config_path))

    @property
    def config(self) -> SiteConfig:
        """site.yaml, served from the root whatever base_url says, with its own build cache.

        The build cache is tied to one output folder: sharing `make build`'s would make
        each of them rebuild everything after the other.
        """
        config = self.site_config.with_base_url(self.base_url)
        preview = "drafts" if self.drafts else "serve"
        return replace(config, cache_dir=config.cache_dir / "preview-cache", preview=preview)

    async def update(self, changes: list[Change], saved_at: float) -> None:
        """Reload site.yaml and ingest new seeds as `changes` require, then rebuild."""
        kinds = {change.kind for change in changes}
        if "config" in kinds:
            self.config_problems = self._reload_config()
        if "seeds" in kinds and not self.config_problems:
            with _ctrl_c_held():
                wrote = self._ingest([change.path for change in changes if change.kind == "seeds"])
            # Build with the articles ingest just wrote, once the watcher has reported them:
            # built without them, each would be reported afterwards as a change of its own.
            if wrote and (batch := await self.watcher.next_batch(timeout=INGEST_ECHO_SECONDS)):
                changes = changes + (await _settle(self.watcher, batch))[0]
        with _ctrl_c_held():
            self.rebuild(changes, saved_at)

    def rebuild(self, changes: list[Change], saved_at: float) -> None:
        """Bring the preview up to date after `changes` and reload the open tabs."""
        started = time.perf_counter()
        problems, changed_files = self.config_problems, 0
        if not problems:
            problems, changed_files = self._build()
        elapsed = time.perf_counter() - started
        reloaded = changed_files > 0 or problems != self.problems
        self.problems = problems
        if reloaded:
            _reload_browsers(changes)
        self._report(changes, elapsed, saved_at, changed_files, reloaded)

    def _reload_config(self) -> list[str]:
        try:
            config = load_config(self.config_path)
        except SiteError as error:
            return str(error).splitlines()
        sources = _watched_sources(config, self.config_path)
        self.site_config = config
        if sources != self.watcher.sources:
            self.watcher.close()
            self.watch()
        return []

    def _build(self) -> tuple[list[str], int]:
        """Build; return the problems found, or none and the number of files changed."""
        try:
            # In place: the preview publishes changed files one by one, not by swapping in
            # a whole new tree. Nobody deploys it; each save must reload fast, and the first
            # incremental build after a full one links the whole tree (seconds at 10,000
            # articles); a preview killed while publishing leaves no manifest, so the next
            # serve rebuilds it whole.
            # Search as the site has it (site.yaml `search`): Pagefind indexes again only
            # when article pages changed.
            report = build(self.config, self.out, in_place=True, state=self.state)
        except ContentError as error:
            return [str(problem) for problem in error.problems], 0
        except SiteError as error:
            return str(error).splitlines(), 0
        except OSError as error:
            return [f"{error.filename or self.out}: {error.strerror or error}"], 0
        except Exception as error:  # a bug, not the editor's mistake: keep the preview alive
            return [f"internal error: {type(error).__name__}: {error} (`site-builder build` shows where)"], 0
        for warning in map(str, report.warnings):
            if warning not in self.warned:
                say(warning, problem=True)
                self.warned.add(warning)
        return [], len(report.changed)

    def _ingest(self, seeds: list[Path]) -> bool:
        """Turn new raw articles in seeds/ into content files (ingest never overwrites one);
        whether any content file was written."""
        present = [path for path in seeds if path.is_file()]
        if not present:
            return False
        try:
            from .ingest.nlp import VocabularyError
            from .ingest.pipeline import IngestSettings, ingest_paths
        except ImportError:
            say(f"{_shown(present[0])}: not ingested: this installation has no ingest", problem=True)
            return False
        say(f"ingesting {_describe([Change('seeds', path) for path in present])}")
        try:
            report = ingest_paths(present, IngestSettings.from_config(self.site_config))
        except VocabularyError as error:
            say(str(error), problem=True)
            return False
        for line in [*report.notes, *report.errors]:
            say(line, problem=True)
        say(report.summary())
        return report.created + report.updated > 0

    def _report(self, changes: list[Change], elapsed: float, saved_at: float, changed_files: int, reloaded: bool) -> None:
        """One line a rebuild, or the problems' lines (the same ones the error page shows)."""
        what = _describe(changes)
        if self.problems and not reloaded:
            count = "1 problem" if len(self.problems) == 1 else f"{len(self.problems)} problems"
            say(f"still {count}, printed above: {what}", problem=True)
        elif self.problems:
            for problem in self.problems:
                say(problem, problem=True)
        elif not changes:
            say(f"built {self.out} in {elapsed:.2f} s")
        elif reloaded:
            latency = time.time() - saved_at
            say(f"rebuilt in {elapsed:.2f} s, reloaded {latency:.2f} s after the save ({changed_files} files changed): {what}")
        else:
            say(f"no page changed ({elapsed:.2f} s): {what}")


def _reload_browsers(changes: list[Change]) -> None:
    """Ask the open tabs to reload; a stylesheet alone is swapped without reloading the page."""
    from livereload.handlers import LiveReloadHandler

    paths = {str(change.path) for change in changes}
    only_css = bool(paths) and all(path.endswith(".css") for path in paths)
    LiveReloadHandler.reload_waiters(paths.pop() if only_css and len(paths) == 1 else "*")


def _describe(changes: list[Change]) -> str:
    shown = sorted({_shown(change.path) for change in changes})
    if len(shown) <= 3:
        return ", ".join(shown)
    return f"{', '.join(shown[:2])} and {len(shown) - 2} more"


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


__all__ = ["serve", "error_page", "PreviewHandler", "SourceWatcher"]
