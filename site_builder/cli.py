"""Command line: `site-builder ingest | build | serve | check | new | review | actors`.

Parses arguments, calls one module, turns every user error into one line on
stderr and an exit status; never a traceback for a user's mistake.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path

from .config import SiteConfig, load_config
from .errors import SiteError


def _add_config(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, default=Path("site.yaml"), help="site configuration (default: site.yaml)")


def _config(args: argparse.Namespace) -> SiteConfig:
    config = load_config(args.config)
    if getattr(args, "base_url", None):
        config = config.with_base_url(args.base_url)
    return config


def run_build(args: argparse.Namespace) -> int:
    from .build import build

    config = _config(args)
    out = args.out or config.root / "_site"
    log = (lambda line: print(f"  {line}", file=sys.stderr)) if args.verbose else None
    report = build(config, out, use_cache=not args.clean, search=False if args.no_search else None, log=log)
    for warning in report.warnings:
        print(warning, file=sys.stderr)
    total = report.seconds
    if report.up_to_date:
        print(f"built {out}: up to date, nothing changed since the last build ({total:.2f} s)")
        return 0
    mode = "incremental" if report.incremental else "full"
    print(
        f"built {out}: {report.articles} articles, {report.pages} pages, "
        f"{report.rendered} rendered, {report.written} files written, {report.removed} removed "
        f"({mode}, {total:.2f} s)"
    )
    return 0


def run_check(args: argparse.Namespace) -> int:
    from .check import check

    problems, warnings, count = check(_config(args))
    for line in [*problems, *warnings]:
        print(line, file=sys.stderr)
    if problems:
        print(f"check: {len(problems)} problem(s) in content", file=sys.stderr)
        return 1
    warned = [line for line in warnings if not str(line).startswith("note: ")]
    print(f"check: {count} articles OK" + (f", {len(warned)} warning(s)" if warned else ""))
    return 0


def run_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    return serve(_config(args), host=args.host, port=args.port, out=args.out, config_path=args.config, drafts=args.drafts)


def run_new(args: argparse.Namespace) -> int:
    from .new import new_article, shown

    path = new_article(_config(args), args.title, args.country or [], args.topic or [])
    print(f"created {shown(path)}: a draft; write its summary and text, then remove 'draft: true' to publish it")
    return 0


def run_review(args: argparse.Namespace) -> int:
    from .review import run

    return run(_config(args))


def run_actors(args: argparse.Namespace) -> int:
    from .actors_command import run

    try:
        config = _config(args)
    except SiteError as error:
        print(error, file=sys.stderr)
        return 2
    return run(config, apply=args.apply)


def run_ingest(args: argparse.Namespace) -> int:
    from .ingest.command import run

    return run(args)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("site_builder")
    except PackageNotFoundError:
        return "unknown (not installed)"


def make_parser(with_ingest: bool = True) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="site-builder", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser("build", help="render content/ into a static site")
    _add_config(build)
    build.add_argument("--out", type=Path, help="output folder (default: _site next to site.yaml)")
    build.add_argument("--base-url", help="override base_url, e.g. https://owner.github.io/repo/")
    build.add_argument("--clean", action="store_true", help="empty the build cache (.cache/) and rebuild everything from nothing")
    build.add_argument("--no-search", action="store_true", help="skip the Pagefind search index")
    build.add_argument("-v", "--verbose", action="store_true", help="print each step's time")
    build.set_defaults(handler=run_build)

    check = commands.add_parser("check", help="validate all content and print every problem")
    _add_config(check)
    check.set_defaults(handler=run_check)

    serve = commands.add_parser("serve", help="live preview with reload on save")
    _add_config(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000; the next free one if taken)")
    serve.add_argument("--out", type=Path, help="preview folder (default: .cache/preview)")
    serve.add_argument("--drafts", action="store_true", help="also show drafts and held articles, with a banner")
    serve.set_defaults(handler=run_serve)

    new = commands.add_parser("new", help="start an article: content/<slug>.md, a draft with today's date")
    _add_config(new)
    new.add_argument("title", help="the article's title, e.g. \"Alger et Rome signent un accord\"")
    new.add_argument("--country", action="append", help="a country tag (repeat for several)")
    new.add_argument("--topic", action="append", help="a topic tag (repeat for several)")
    new.set_defaults(handler=run_new)

    review = commands.add_parser("review", help="list ingested articles no editor has reviewed, with ingest's doubts")
    _add_config(review)
    review.set_defaults(handler=run_review)

    actors = commands.add_parser(
        "actors", help="people written differently across articles; registry entries from editors' corrections"
    )
    _add_config(actors)
    actors.add_argument("--apply", action="store_true", help="write the proposed entries into the registry (actors.yaml)")
    actors.set_defaults(handler=run_actors)

    ingest = commands.add_parser("ingest", help="turn raw articles in seeds/ into content/*.md")
    ingest.set_defaults(handler=run_ingest)
    if with_ingest:
        # Ingest loads the NLP stack; other commands should not pay for importing it.
        from .ingest.command import configure

        configure(ingest)
    return parser


# Commands after which the process can end without freeing its heap object by object:
# they hold no open resources, and tearing down a 10,000-article model takes a second.
_FAST_EXIT = {"build", "check"}


def run() -> None:
    """The program's entry point (console script and `python -m site_builder`)."""
    fast_exit = len(sys.argv) > 1 and sys.argv[1] in _FAST_EXIT
    if fast_exit:
        # Both commands pause the garbage collector while they load and would resume it
        # when done: its first collection then walks every object they made, 0.15 s at
        # 10,000 articles, in a process about to end without freeing them.
        gc.disable()
    code = main()
    if fast_exit:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)
    sys.exit(code)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = make_parser(with_ingest=argv[:1] == ["ingest"]).parse_args(argv)
    try:
        return args.handler(args)
    except SiteError as error:
        print(error, file=sys.stderr)
        return 1
    except OSError as error:
        # A folder the build needs that cannot be made or written (cache, output).
        where = error.filename or "site-builder"
        print(f"{where}: {error.strerror or error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    run()
