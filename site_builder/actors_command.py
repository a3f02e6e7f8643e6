"""`site-builder actors [--apply]`: people written differently across articles, and the
registry entries editors' corrections call for.

Exit status: 0 when there is nothing to look at (or `--apply` wrote everything it
proposed), 1 when disagreements, proposals or conflicting answers are listed (with
`--apply`: when conflicting answers were left out), 2 when a file cannot be read
(content, ingest state, actors.yaml) or the registry would not load after the changes.
"""

from __future__ import annotations

import sys

from rich.console import Console
from rich.markup import escape

from .config import SiteConfig
from .corrections import (Corrections, Disagreement, Proposal, corrections, disagreements, proposals,
                          read_articles, read_states, relative)
from .errors import SiteError
from .files import shown as _shown
from .registry import load_registry
from .registry_write import apply as write
from .registry_write import editable

# How many places are shown for a field's most written value before "… and N more".
PLACES = 6


def run(config: SiteConfig, apply: bool = False, out=None) -> int:
    console = Console(file=out or sys.stdout, highlight=False, soft_wrap=True)
    try:
        return _run(config, apply, console)
    except SiteError as error:
        print(error, file=sys.stderr)
        return 2
    except OSError as error:  # actors.yaml's folder cannot be written
        print(f"{_where(error.filename or config.actors_path)}: {error.strerror or error}", file=sys.stderr)
        return 2


def _run(config: SiteConfig, apply: bool, console: Console) -> int:
    registry = load_registry(config.actors_path)
    articles = read_articles(config.content_dir)
    found = corrections(read_states(config.content_dir, articles), registry)
    planned = proposals(found, registry)
    editable(config.actors_path, planned)
    differing = disagreements(articles, registry, planned)
    _print_disagreements(console, differing)
    registry_file = escape(_where(config.actors_path))
    _print_proposals(console, planned, found, registry_file)
    conflicts = sum(len(proposal.conflicts) for proposal in planned)
    changes = sum(len(proposal.changes) for proposal in planned)
    if not apply:
        console.print(
            f"actors: {len(differing)} people written differently across articles, "
            f"{changes} change(s) proposed for {registry_file}"
            + (f", {conflicts} left to an editor" if conflicts else "")
            + ("; `site-builder actors --apply` writes them" if changes else "")
        )
        return 1 if differing or changes or conflicts else 0
    written = write(config.actors_path, planned)
    console.print(
        f"actors: {written} change(s) written to {registry_file}"
        + (f"; {conflicts} left to an editor (listed above)" if conflicts else "")
    )
    return 1 if conflicts else 0


def _print_disagreements(console: Console, differing: list[Disagreement]) -> None:
    if not differing:
        return
    console.print("[bold]People written differently across articles[/bold] (the most written first)")
    for item in differing:
        summary = "; ".join(
            f"{key}: " + ", ".join(f"{value} ({len(where)})" for value, where in values.items())
            for key, values in item.variants.items()
        )
        registry = f" (registry: {item.registry_country})" if item.registry_country and "country" in item.variants else ""
        console.print(f"[bold]{escape(item.name)}[/bold] — {item.articles} article(s); {escape(summary)}{escape(registry)}")
        for key, values in item.variants.items():
            for rank, (value, mentions) in enumerate(values.items()):
                # The most written value is shortened; the odd ones out are what an editor fixes.
                shown_mentions = mentions[:PLACES] if rank == 0 else mentions
                where = [mention.at(key) for mention in shown_mentions]
                more = len(mentions) - len(shown_mentions)
                places = ", ".join(where) + (f" … and {more} more" if more else "")
                console.print(f"  {key} {escape(value)}: {escape(places)}")
    console.print()


def _print_proposals(console: Console, planned: list[Proposal], found: Corrections, registry: str) -> None:
    if planned:
        console.print(f"[bold]From editors' corrections[/bold] (changes to {registry})")
    for proposal in planned:
        for change in proposal.changes:
            console.print(f"  [green]+[/green] {escape(_change_line(change, proposal))} [dim]— {escape(', '.join(change.where))}[/dim]")
        for conflict in proposal.conflicts:
            console.print(f"  [yellow]![/yellow] {escape(proposal.name)}: {escape(conflict)}")
    if found.removals:
        console.print("[bold]Removed by editors[/bold] (never proposed: may not be a person)")
        for removal in found.removals:
            console.print(f"  [dim]-[/dim] {escape(removal.name)} [dim]— {escape(', '.join(removal.where))}[/dim]")
    if planned or found.removals:
        console.print()


def _change_line(change, proposal: Proposal) -> str:
    if change.kind == "new":
        return f"{change.person}: new entry"
    if change.kind == "alias":
        return f"{change.person}: alias '{change.value}'"
    if change.kind == "country":
        was = f" (was {change.previous})" if change.previous else ""
        return f"{change.person}: country {change.value}{was}"
    return f"{change.person}: role '{change.value}' (no dates)"


def _where(path) -> str:
    """A path as the user would type it: relative to the current folder when under it."""
    return _shown(relative(path))
