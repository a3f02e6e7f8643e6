"""Driving `site-builder serve` in a subprocess over a private copy of the sample site."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "tests" / "sites" / "sample"
THEME = REPO / "theme"
WAIT_SECONDS = 15.0
"""Longest wait for the server to notice a save, rebuild and serve the result."""
ARTICLE = "maroc-seisme-aide"
"""A sample article whose page the tests watch."""


@dataclass
class PreviewProcess:
    """A running `site-builder serve` and everything it printed."""

    root: Path
    process: subprocess.Popen
    lines: list[str] = field(default_factory=list)
    port: int = 0
    finished: bool = False
    """Whether the server has exited and all its output was read."""
    _seen: threading.Condition = field(default_factory=threading.Condition)

    def read_output(self) -> None:
        for line in self.process.stdout:
            with self._seen:
                self.lines.append(line.rstrip("\n"))
                self._seen.notify_all()
        with self._seen:
            self.finished = True
            self._seen.notify_all()

    def wait_for_line(self, pattern: str, after: int = 0, timeout: float = WAIT_SECONDS) -> re.Match:
        """The first printed line (from line number `after` on) matching `pattern`."""
        deadline = time.monotonic() + timeout
        with self._seen:
            while True:
                for line in self.lines[after:]:
                    if match := re.search(pattern, line):
                        return match
                left = deadline - time.monotonic()
                if left <= 0 or self.finished:
                    raise AssertionError(f"no line matching {pattern!r} in:\n" + "\n".join(self.lines))
                self._seen.wait(min(left, 0.2))

    def get(self, path: str) -> tuple[int, str]:
        """GET `path` exactly as written (http.client does not normalise `..`)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=WAIT_SECONDS)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            connection.close()

    def wait_for_page(self, path: str, expected: str, status: int = 200) -> str:
        """Poll `path` until it answers `status` with `expected` in its body."""
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            got, body = self.get(path)
            if got == status and expected in body:
                return body
            if time.monotonic() > deadline:
                raise AssertionError(f"{path} answered {got} without {expected!r} after {WAIT_SECONDS} s:\n{body[:2000]}")
            time.sleep(0.1)

    def stop(self) -> int:
        """Ctrl-C, as an editor would; the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        status = self.process.wait(timeout=WAIT_SECONDS)
        with self._seen:
            self._seen.wait_for(lambda: self.finished, timeout=WAIT_SECONDS)
        return status


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def copy_sample(target: Path) -> Path:
    """A writable copy of the sample site with its own copy of the theme."""
    shutil.copytree(SAMPLE, target, ignore=shutil.ignore_patterns(".cache", "_site"))
    shutil.copytree(THEME, target / "theme")
    config = target / "site.yaml"
    lines = [line for line in config.read_text(encoding="utf-8").splitlines() if not line.startswith("theme_dir:")]
    config.write_text("\n".join(lines) + "\ntheme_dir: theme\n", encoding="utf-8")
    return target


def start_preview(root: Path, port: int, *extra: str, wrapper: tuple[str, ...] = ()) -> PreviewProcess:
    """Start the server (through `wrapper`, a command that execs its arguments) and wait
    until it has listened and built the site."""
    command = [*wrapper, sys.executable, "-m", "site_builder", "serve", "--config", str(root / "site.yaml"), "--port", str(port), *extra]
    process = subprocess.Popen(
        command,
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        bufsize=1,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    preview = PreviewProcess(root=root, process=process)
    threading.Thread(target=preview.read_output, daemon=True).start()
    try:
        preview.port = int(preview.wait_for_line(r"^serving http://127\.0\.0\.1:(\d+)/", timeout=60).group(1))
        preview.wait_for_line(r"^built ", timeout=60)
    except BaseException:
        shut_down(preview)
        raise
    return preview


@contextmanager
def running_preview(root: Path, port: int, *extra: str, wrapper: tuple[str, ...] = ()) -> Iterator[PreviewProcess]:
    preview = start_preview(root, port, *extra, wrapper=wrapper)
    try:
        yield preview
    finally:
        shut_down(preview)


def shut_down(preview: PreviewProcess) -> None:
    try:
        preview.stop()
    except subprocess.TimeoutExpired:
        preview.process.kill()
        preview.process.wait()
