"""Runs `site-builder <args>` with the file system's changes counted, for the publishing
tests: each call that changes a name or a file (os.mkdir, link, rename, replace,
unlink, rmdir, an os.open for writing, the folder swap) is one step.

Environment:
  HARNESS_TRACE=file      write the steps' names there, one a line, when the build ends
  HARNESS_KILL_AT=N       SIGKILL this process just before step N (1-based)
  HARNESS_FAIL_AT=N       make the Nth os.write fail with HARNESS_ERRNO (e.g. ENOSPC),
                          as a full disk does: an OSError naming no file
"""

from __future__ import annotations

import errno
import os
import signal
import sys

STEPS = ("mkdir", "link", "rename", "replace", "unlink", "rmdir")

trace: list[str] = []
kill_at = int(os.environ.get("HARNESS_KILL_AT", "0"))
fail_at = int(os.environ.get("HARNESS_FAIL_AT", "0"))
writes = 0


def _step(name: str) -> None:
    trace.append(name)
    if len(trace) == kill_at:
        os.kill(os.getpid(), signal.SIGKILL)


def _counted(name: str, real):
    def counted(*args, **kwargs):
        _step(name)
        return real(*args, **kwargs)

    return counted


def _open(real):
    def counted(path, flags, *args, **kwargs):
        if flags & (os.O_WRONLY | os.O_RDWR):
            _step("open")
        return real(path, flags, *args, **kwargs)

    return counted


def _write(real):
    def failing(handle, data):
        global writes
        writes += 1
        if writes == fail_at:
            code = getattr(errno, os.environ.get("HARNESS_ERRNO", "ENOSPC"))
            raise OSError(code, os.strerror(code))
        return real(handle, data)

    return failing


def main() -> int:
    for name in STEPS:
        setattr(os, name, _counted(name, getattr(os, name)))
    os.open = _open(os.open)
    os.write = _write(os.write)
    from site_builder import cli, write

    if hasattr(write, "_exchange"):
        write._exchange = _counted("exchange", write._exchange)
    try:
        return cli.main(sys.argv[1:])
    finally:
        if os.environ.get("HARNESS_TRACE"):
            with open(os.environ["HARNESS_TRACE"], "w") as handle:
                handle.write("".join(f"{name}\n" for name in trace))


if __name__ == "__main__":
    sys.exit(main())
