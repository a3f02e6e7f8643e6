"""Publishing is all or nothing: at every instant the output folder is the whole old site
or the whole new one, whatever kills the build or fails under it; builds of one site
take turns; a build never replaces a folder it did not make.

The kill tests run real builds of the sample site in subprocesses and SIGKILL them: at
chosen steps of their file system work (through tests/site/build_harness.py, which counts
the steps: every rename, and others drawn at random) and at random moments. After each
kill the output must be byte for byte the old site or the new one, and the next build
must succeed and equal a clean build. KILLS_PER_MODE steps and TIMED_KILLS_PER_MODE
moments, for full and incremental builds each: 18 kills in all.
"""

from __future__ import annotations

import fcntl
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import SAMPLE, copy_site, run_cli

HARNESS = Path(__file__).with_name("build_harness.py")
KILLS_PER_MODE = 6
TIMED_KILLS_PER_MODE = 3
SEED = 16


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file's bytes and every folder (None) under `folder`, by relative path."""
    if not folder.exists():
        return {}
    found: dict[str, bytes | None] = {}
    for path in folder.rglob("*"):
        found[path.relative_to(folder).as_posix()] = None if path.is_dir() else path.read_bytes()
    return found


def differences(left: dict, right: dict) -> list[str]:
    return sorted(name for name in left.keys() | right.keys() if left.get(name, 0) != right.get(name, 0))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def build_args(site: Path, *extra: str) -> list[str]:
    return ["build", "--config", str(site / "site.yaml"), "--no-search", *extra]


def harness(site: Path, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(HARNESS), *build_args(site, *extra)],
        capture_output=True, text=True, timeout=120, env={**os.environ, **(env or {})},
    )


def leftovers(site: Path) -> list[str]:
    return sorted(path.name for path in site.parent.iterdir() if path.name.startswith("._site"))


@pytest.fixture(scope="module")
def states(tmp_path_factory):
    """The site as a build finds it (old output, edited sources), and the old and new trees.

    Before the last edits, one incremental build ran, so the cache holds what such a build
    leaves there for the next one.
    """
    base = tmp_path_factory.mktemp("atomic")
    site = copy_site(SAMPLE, base / "work" / "site")
    content = site / "content"
    assert run_cli(*build_args(site)).returncode == 0
    edit(content / "senegal-gaz-production.md", "Les recettes attendues", "Les recettes espérées")
    assert run_cli(*build_args(site)).returncode == 0
    old = tree(site / "_site")
    # Titles shown on many pages, an article gone, one new: pages change, go and come.
    edit(content / "rabat-madrid-gazoduc.md", "title: Rabat et Madrid", "title: Madrid et Rabat")
    (content / "sahel-retrait-minusma.md").unlink()
    shutil.copy(content / "inde-canada-crise.md", content / "inde-canada-suite.md")
    saved = base / "saved"
    shutil.copytree(site.parent, saved, symlinks=True)
    clean = base / "clean"
    result = run_cli(*build_args(site, "--clean", "--out", str(clean)))
    assert result.returncode == 0, result.stderr
    new = tree(clean)
    assert differences(old, new)
    return site, saved, old, new


def restore(site: Path, saved: Path) -> None:
    """Put the site back where the manifest expects it, as the build found it."""
    shutil.rmtree(site.parent)
    shutil.copytree(saved, site.parent, symlinks=True)


def check_after_kill(site: Path, old: dict, new: dict, what: str) -> None:
    now = tree(site / "_site")
    assert now in (old, new), f"{what}: neither old nor new: {differences(now, old)[:5]} / {differences(now, new)[:5]}"
    result = run_cli(*build_args(site))
    assert result.returncode == 0, f"{what}: {result.stderr}"
    assert differences(tree(site / "_site"), new) == [], what
    assert leftovers(site / "_site") == [], what


@pytest.mark.parametrize("mode", ["incremental", "full"])
def test_a_build_killed_at_any_step_leaves_the_old_site_or_the_new_one(states, mode):
    site, saved, old, new = states
    extra = ("--clean",) if mode == "full" else ()
    restore(site, saved)
    trace_file = site.parent.parent / f"trace-{mode}"
    result = harness(site, *extra, env={"HARNESS_TRACE": str(trace_file)})
    assert result.returncode == 0 and mode in result.stdout, result.stderr
    assert tree(site / "_site") == new
    steps = trace_file.read_text().split()
    # Every rename is a moment a publication can be torn: kill just before some of them,
    # and before steps drawn from the whole build.
    chooser = random.Random(f"{SEED}-{mode}")
    renames = [n for n, name in enumerate(steps, 1) if name in ("rename", "replace", "exchange")]
    points = set(chooser.sample(renames, min(len(renames), KILLS_PER_MODE // 2)))
    others = [n for n in range(1, len(steps) + 1) if n not in points]
    points |= set(chooser.sample(others, KILLS_PER_MODE - len(points)))
    for point in sorted(points):
        restore(site, saved)
        result = harness(site, *extra, env={"HARNESS_KILL_AT": str(point)})
        assert result.returncode in (-signal.SIGKILL, 0), result.stderr
        check_after_kill(site, old, new, f"{mode} build killed before step {point} ({steps[point - 1]}) of {len(steps)}")


@pytest.mark.parametrize("mode", ["incremental", "full"])
def test_a_build_killed_at_random_moments_leaves_the_old_site_or_the_new_one(states, mode):
    site, saved, old, new = states
    extra = ("--clean",) if mode == "full" else ()
    restore(site, saved)
    started = time.perf_counter()
    assert run_cli(*build_args(site, *extra)).returncode == 0
    duration = time.perf_counter() - started
    chooser = random.Random(f"{SEED}-timed-{mode}")
    for _ in range(TIMED_KILLS_PER_MODE):
        restore(site, saved)
        # Most of a small build's time is Python starting: kill in its second half.
        delay = chooser.uniform(0.4 * duration, 1.1 * duration)
        command = [sys.executable, "-m", "site_builder", *build_args(site, *extra)]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        check_after_kill(site, old, new, f"{mode} build killed after {delay:.3f} s")


def test_eight_builds_at_once_all_succeed_and_the_site_is_right(states):
    site, saved, old, new = states
    restore(site, saved)
    processes = [
        subprocess.Popen([sys.executable, "-m", "site_builder", *build_args(site, *(("--clean",) if n % 2 else ()))],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for n in range(8)
    ]
    results = [(process.wait(timeout=240), *process.communicate()) for process in processes]
    for code, _, stderr in results:
        assert code == 0, stderr
        # Nothing but the waiting line, and urls.yaml's note of the deleted article.
        assert all("waiting" in line or "sahel-retrait-minusma.md was deleted" in line for line in stderr.splitlines()), stderr
    assert differences(tree(site / "_site"), new) == []
    assert leftovers(site / "_site") == []


def test_a_second_build_says_it_waits_for_the_first(states):
    site, saved, old, new = states
    restore(site, saved)
    lock = site / ".cache" / "build.lock"
    handle = os.open(lock, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.lockf(handle, fcntl.LOCK_EX)  # a build of this site is running
        process = subprocess.Popen([sys.executable, "-m", "site_builder", *build_args(site)],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        waiting = process.stderr.readline()  # the build's first line, or '' if it ended
        assert waiting == f"{lock}: another build of this site is running; waiting for it to finish\n"
        time.sleep(0.5)
        assert process.poll() is None  # it waits
        assert tree(site / "_site") == old
    finally:
        os.close(handle)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr
    assert all("sahel-retrait-minusma.md was deleted" in line for line in stderr.splitlines()), stderr
    assert tree(site / "_site") == new


def test_out_refuses_a_folder_it_did_not_build_and_deletes_nothing(tmp_path):
    site = copy_site(SAMPLE, tmp_path / "site")
    foreign = tmp_path / "documents"
    (foreign / "photos").mkdir(parents=True)
    (foreign / "notes.txt").write_text("mes notes")
    (foreign / "photos" / "a.jpg").write_bytes(b"\xff\xd8")
    before = tree(foreign)
    result = run_cli(*build_args(site, "--out", str(foreign)))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{foreign}: refusing to replace a folder that site-builder did not build "
        "(it is not empty and has no .site-builder file); choose another --out, or empty it"
    ]
    assert tree(foreign) == before
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []
    # A file is not a folder either.
    result = run_cli(*build_args(site, "--out", str(foreign / "notes.txt")))
    assert result.returncode == 1 and len(result.stderr.splitlines()) == 1 and "not a folder" in result.stderr
    assert tree(foreign) == before


def test_out_replaces_an_empty_folder_and_its_own_outputs(tmp_path):
    site = copy_site(SAMPLE, tmp_path / "site")
    out = tmp_path / "public"
    out.mkdir()
    assert run_cli(*build_args(site, "--out", str(out))).returncode == 0  # empty: fine
    assert (out / ".site-builder").is_file()
    result = run_cli(*build_args(site, "--out", str(out), "--clean"))  # its own: replaced
    assert result.returncode == 0, result.stderr
    # A site built before outputs carried their mark: the build cache names it.
    (out / ".site-builder").unlink()
    edit(site / "content" / "rabat-madrid-gazoduc.md", "title: Rabat et Madrid", "title: Madrid et Rabat")
    result = run_cli(*build_args(site, "--out", str(out)))
    assert result.returncode == 0, result.stderr
    assert (out / ".site-builder").is_file()


@pytest.mark.parametrize("mode, error, text", [("incremental", "ENOSPC", "No space left on device"),
                                               ("full", "ENOSPC", "No space left on device"),
                                               ("incremental", "EROFS", "Read-only file system")])
def test_a_disk_error_names_the_file_and_leaves_the_old_site(states, mode, error, text):
    site, saved, old, new = states
    restore(site, saved)
    extra = ("--clean",) if mode == "full" else ()
    result = harness(site, *extra, env={"HARNESS_FAIL_AT": "3", "HARNESS_ERRNO": error})
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    path, message = lines[0].rsplit(": ", 1)
    assert message == text and Path(path).is_absolute() and path.startswith(str(site)), lines
    assert tree(site / "_site") == old
    assert leftovers(site / "_site") == []
    result = run_cli(*build_args(site))
    assert result.returncode == 0, result.stderr
    assert tree(site / "_site") == new


def test_a_file_size_limit_names_the_file_and_leaves_the_old_site(states):
    """A real error from the kernel: under RLIMIT_FSIZE, a write past the limit fails
    with EFBIG (Python ignores the SIGXFSZ that would otherwise end the process)."""
    site, saved, old, new = states
    restore(site, saved)
    largest = max(len(data) for data in new.values() if data)

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (largest - 1, largest - 1))

    result = subprocess.run([sys.executable, "-m", "site_builder", *build_args(site, "--clean")],
                            capture_output=True, text=True, timeout=120, preexec_fn=limit)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].endswith(": File too large"), result.stderr
    assert Path(lines[0].rsplit(": ", 1)[0]).name in {Path(name).name for name in new}
    assert tree(site / "_site") == old
