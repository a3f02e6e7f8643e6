"""`site-builder ingest [PATH ...] [--content DIR] [--jobs N] [--update] [--config FILE]`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .nlp import VocabularyError
from .pipeline import IngestReport, IngestSettings, ingest_paths

def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path,
                        help="seed files or folders (default: the seeds folder of site.yaml)")
    parser.add_argument("--content", type=Path, help="content folder (default: from site.yaml)")
    parser.add_argument("--jobs", type=int, default=1, metavar="N",
                        help="worker processes for analysis (default: 1)")
    parser.add_argument("--update", action="store_true",
                        help="merge changed seeds into their articles, keeping editors' changes")
    parser.add_argument("--config", type=Path, default=Path("site.yaml"),
                        help="site configuration (default: site.yaml)")


def _one_blas_thread_per_process() -> None:
    """spaCy's small matrices gain nothing from BLAS threads, and forked --jobs workers
    each spinning several threads on a 2-core machine halve throughput. Must run
    before numpy is first imported (it is imported with the model)."""
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")


def _never_fail_to_print() -> None:
    """A character the terminal cannot show is escaped rather than raising mid-report."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def run(args: argparse.Namespace) -> int:
    _one_blas_thread_per_process()
    _never_fail_to_print()
    from ..config import load_config
    from ..errors import SiteError

    try:
        config = load_config(args.config)
    except SiteError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.jobs < 1:
        print("error: --jobs must be at least 1", file=sys.stderr)
        return 2
    settings = IngestSettings.from_config(config, args.content)
    paths = args.paths or [config.seeds_dir]
    try:
        report = _run_with_progress(paths, settings, args.jobs, args.update)
    except VocabularyError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except Exception as error:  # noqa: BLE001 - a bug: one line, never a traceback
        print(f"error: ingest stopped by an internal error: {type(error).__name__}: {error}", file=sys.stderr)
        return 2
    for line in report.lines:
        print(line)
    for line in report.notes:
        print(f"note: {line}", file=sys.stderr)
    for line in report.errors:
        print(f"error: {line}", file=sys.stderr)
    print(report.summary())
    return 0 if report.ok else 1


def _run_with_progress(paths, settings: IngestSettings, jobs: int, update: bool) -> IngestReport:
    from rich.progress import Progress

    from rich.console import Console

    # Only on a terminal: a log or a pipe gets the lines and the summary alone.
    with Progress(console=Console(stderr=True), transient=True, disable=not sys.stderr.isatty()) as bar:
        task = None

        def on_total(total: int) -> None:
            nonlocal task
            task = bar.add_task(f"ingest: analysing {total} article{'s' if total > 1 else ''}", total=total)

        def advance(count: int) -> None:
            if task is not None:
                bar.advance(task, count)

        return ingest_paths(paths, settings, jobs=jobs, update_changed=update,
                            progress=advance, on_total=on_total)
