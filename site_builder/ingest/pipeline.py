"""Seeds → drafts → content/: the ingest run, usable from the CLI, tests and benchmarks.

Steps, in order:
1. list the seed files and hash them; seeds content/ already has (same hash) are
   done without loading anything;
2. extract and analyse the rest in batches (nlp.pipe), in worker processes
   with --jobs (forked after the model is loaded, so it loads once per run);
3. write, in the main process and in seed order, so slugs are deterministic.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Callable, Iterable
from zoneinfo import ZoneInfo

from .dates import as_fixed_offset, fold
from ..files import shown
from ..limits import DEFAULT_LIMITS
from ..registry import registry_for
from .linking import link_entries
from .emit import (ContentIndex, Draft, EmitError, adopt, create, index_content, remove_stale_temporaries,
                   seed_hash, update)
from .extract import HTML_SUFFIXES, TEXT_SUFFIXES, ExtractError, Page, read_page, read_seed_bytes
from .nlp import Analysis, ArticleText, Vocabulary, analyse_many, load_model, load_vocabulary

BATCH = 8


@dataclass(slots=True, frozen=True)
class IngestSettings:
    """What ingest needs from the site configuration."""

    root: Path
    """Seeds' source.file paths are written relative to this folder."""
    content_dir: Path
    topics_path: Path
    timezone: str = "Africa/Algiers"
    actors_path: Path | None = None
    """The site's registry of people (actors.yaml), which names the actors it knows."""
    language: str = "fr"
    seed_file_bytes: int = DEFAULT_LIMITS.seed_file_bytes
    content_file_bytes: int = DEFAULT_LIMITS.content_file_bytes

    @classmethod
    def from_config(cls, config, content_dir: Path | None = None) -> IngestSettings:
        limits = getattr(config, "limits", DEFAULT_LIMITS)
        return cls(root=config.root, content_dir=content_dir or config.content_dir,
                   topics_path=config.topics_path, timezone=config.timezone,
                   actors_path=getattr(config, "actors_path", None),
                   language=config.language, seed_file_bytes=limits.seed_file_bytes,
                   content_file_bytes=limits.content_file_bytes)


@dataclass(slots=True)
class IngestReport:
    """Counts and one-line problems of one run."""

    created: int = 0
    unchanged: int = 0
    updated: int = 0
    skipped: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    """One line per file that failed: "seeds/x.txt: not a regular file"."""
    notes: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    """One line per file that did not fail: created, updated or unchanged."""
    analysed: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def summary(self) -> str:
        # Below a few dozen articles the rate mostly measures loading the model.
        rate = f", {self.analysed / self.seconds:.1f} articles/s" if self.analysed >= 20 and self.seconds else ""
        return (f"ingest: {self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
                f"{self.skipped} skipped, {self.failed} failed ({self.seconds:.1f}s{rate})")


@dataclass(slots=True, frozen=True)
class Seed:
    path: Path
    source_file: str
    digest: str


@dataclass(slots=True)
class Outcome:
    """A worker's result for one seed: a draft or a one-line error."""

    seed: Seed
    draft: Draft | None = None
    error: str = ""


# --------------------------------------------------------------------------- finding seeds


def list_seed_files(paths: Iterable[Path], report: IngestReport) -> list[Path]:
    """Files named directly, and the article files inside named folders.

    Anything in a folder that is not a folder is listed, FIFOs and devices included,
    so that reading refuses it with a line rather than skipping it in silence."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(
                child for child in path.rglob("*")
                if not child.is_dir() and not any(part.startswith(".") for part in child.relative_to(path).parts)
                and (child.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES or not child.suffix)
            ))
        elif path.exists() or path.is_symlink():
            files.append(path)
        else:
            _fail(report, f"{shown(path)}: no such file or directory")
    return files


def _source_file(path: Path, root: Path) -> str:
    resolved = path.resolve()
    try:
        return resolved.relative_to(root.resolve()).as_posix()
    except ValueError:
        return resolved.as_posix()


def _fail(report: IngestReport, message: str) -> None:
    report.failed += 1
    report.errors.append(message)


# --------------------------------------------------------------------------- the run


def ingest_paths(paths: Iterable[Path], settings: IngestSettings, *, jobs: int = 1,
                 update_changed: bool = False,
                 progress: Callable[[int], None] | None = None,
                 on_total: Callable[[int], None] | None = None) -> IngestReport:
    """Ingest seed files and folders into settings.content_dir; never raises on bad input."""
    started = time.perf_counter()
    report = IngestReport()
    registry_for(settings.actors_path)  # a bad registry stops ingest before any work
    remove_stale_temporaries(settings.content_dir)
    index = index_content(settings.content_dir, settings.content_file_bytes)
    todo: list[Seed] = []
    for path in list_seed_files(paths, report):
        seed = _seed_or_error(path, settings, report)
        if seed is None or (update_changed and _relinked(seed, index, settings, report)):
            continue
        if _needs_work(seed, index, update_changed, report):
            todo.append(seed)
    if todo:
        vocabulary = load_vocabulary(settings.topics_path)
        if on_total:
            on_total(len(todo))
        for outcome in _analyse_all(todo, settings, vocabulary, jobs, progress):
            try:
                _emit(outcome, index, report)
            except Exception as error:  # a bug must not cost the other seeds  # noqa: BLE001
                _fail(report, f"{shown(outcome.seed.path)}: internal error while writing: {_one_line(error)}")
        report.analysed = len(todo)
    report.seconds = time.perf_counter() - started
    return report


def ingest_site(paths: Iterable[Path] | None, config, *, content_dir: Path | None = None,
                jobs: int = 1, update: bool = False) -> IngestReport:
    """ingest_paths for a SiteConfig (site.yaml): paths default to its seeds folder."""
    settings = IngestSettings.from_config(config, content_dir)
    return ingest_paths(list(paths) if paths else [config.seeds_dir], settings, jobs=jobs,
                        update_changed=update)


def _seed_or_error(path: Path, settings: IngestSettings, report: IngestReport) -> Seed | None:
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        # Its name could be written in no article's source.file (YAML is UTF-8).
        _fail(report, f"{shown(path)}: file name is not valid UTF-8; rename it")
        return None
    try:
        data = read_seed_bytes(path, settings.seed_file_bytes)
    except ExtractError as error:
        _fail(report, f"{shown(path)}: {error}")
        return None
    return Seed(path, _source_file(path, settings.root), seed_hash(data))


def _needs_work(seed: Seed, index: ContentIndex, update_changed: bool, report: IngestReport) -> bool:
    known = index.known(seed.source_file)
    if known.problem:
        report.skipped += 1  # an editor's file ingest cannot read: theirs to fix, never ours
        report.notes.append(f"{known.problem}; left as it is")
        return False
    if known.content_path is None and known.state is None:
        return True  # never ingested
    if known.content_path is None:
        report.skipped += 1  # an editor deleted the article: do not bring it back
        report.notes.append(f"{shown(seed.path)}: its article was deleted from content/; not recreated")
        return False
    if known.state is None:
        return True  # its state was lost: rebuilt from the seed (see emit.adopt)
    if known.state.get("sha256") == seed.digest:
        report.unchanged += 1
        report.lines.append(f"{shown(seed.path)}: unchanged")
        return False
    if not update_changed:
        report.skipped += 1
        report.notes.append(f"{shown(seed.path)}: changed since ingest wrote {known.content_path.name}; "
                            "run with --update to merge")
        return False
    return True


def _relinked(seed: Seed, index: ContentIndex, settings: IngestSettings, report: IngestReport) -> bool:
    """--update on a seed that has not changed: when the registry now names its actors
    otherwise (an editor's answer applied with `site-builder actors --apply`), what ingest
    wrote is linked again and merged into the article like any update (an editor's own
    entries stay). No analysis: the actors ingest found are in its state."""
    known = index.known(seed.source_file)
    state = known.state
    if known.problem or known.content_path is None or not state or state.get("sha256") != seed.digest:
        return False
    front = state.get("front")
    if not isinstance(front, dict) or not isinstance(front.get("actors"), list) or not isinstance(front.get("date"), (date, datetime)):
        return False
    actors = link_entries(registry_for(settings.actors_path), front["actors"], _linking_day(front))
    if actors == front["actors"]:
        return False
    draft = Draft(seed.source_file, seed.digest, {**front, "actors": actors}, str(state.get("body") or ""))
    try:
        result = update(draft, known, index)
    except EmitError as error:
        _fail(report, str(error))
        return True
    _report_update(report, shown(seed.path), known, result.changed, updated=" (actors named by the registry)")
    return True


def _report_update(report: IngestReport, seed: str, known, changed: bool, updated: str = "", unchanged: str = "") -> None:
    """One line for an article --update merged into: updated, or left as it was."""
    if changed:
        report.updated += 1
        report.lines.append(f"{seed}: updated {shown(known.content_path)}{updated}")
    else:
        report.unchanged += 1
        report.lines.append(f"{seed}: unchanged{unchanged}")


def _emit(outcome: Outcome, index: ContentIndex, report: IngestReport) -> None:
    if outcome.draft is None:
        _fail(report, outcome.error)
        return
    known = index.known(outcome.seed.source_file)
    seed = shown(outcome.seed.path)
    try:
        if known.content_path is not None and known.state is not None:
            result = update(outcome.draft, known, index)
            actors = f" ({result.actors.describe()})" if result.actors.describe() else ""
            _report_update(report, seed, known, result.changed, updated=actors, unchanged=actors)
        elif known.content_path is not None:
            adopt(outcome.draft, known, index)
            report.unchanged += 1
            report.lines.append(f"{seed}: unchanged")
            report.notes.append(f"{shown(known.content_path)}: its ingest state was missing; rebuilt from {seed}")
        else:
            path = create(outcome.draft, index)
            report.created += 1
            report.lines.append(f"{seed}: created {shown(path)}")
    except EmitError as error:
        _fail(report, str(error))
    except OSError as error:
        _fail(report, f"{seed}: cannot write into {shown(index.content_dir)}: {error.strerror or error}")


def _one_line(error: BaseException) -> str:
    return f"{type(error).__name__}: {' '.join(str(error).split())}"


# --------------------------------------------------------------------------- workers

_WORKER: dict = {}


def _analyse_all(seeds: list[Seed], settings: IngestSettings, vocabulary: Vocabulary,
                 jobs: int, progress) -> Iterable[Outcome]:
    load_model()  # once, before forking: workers share it
    chunks = [seeds[i : i + BATCH] for i in range(0, len(seeds), BATCH)]
    if jobs <= 1 or len(chunks) == 1 or "fork" not in multiprocessing.get_all_start_methods():
        for chunk in chunks:
            yield from _analyse_chunk(chunk, settings, vocabulary)
            if progress:
                progress(len(chunk))
        return
    _WORKER.update(settings=settings, vocabulary=vocabulary)
    context = multiprocessing.get_context("fork")
    with context.Pool(jobs) as pool:
        for outcomes in pool.imap(_worker_chunk, chunks):
            yield from outcomes
            if progress:
                progress(len(outcomes))


def _worker_chunk(chunk: list[Seed]) -> list[Outcome]:
    return _analyse_chunk(chunk, _WORKER["settings"], _WORKER["vocabulary"])


def _analyse_chunk(chunk: list[Seed], settings: IngestSettings, vocabulary: Vocabulary) -> list[Outcome]:
    outcomes: list[Outcome] = []
    pages: list[tuple[Outcome, Page]] = []
    for seed in chunk:
        outcome = Outcome(seed)
        outcomes.append(outcome)
        try:
            pages.append((outcome, read_page(seed.path, settings.timezone, settings.seed_file_bytes)))
        except ExtractError as error:
            outcome.error = f"{shown(seed.path)}: {error}"
        except Exception as error:  # a bug must not cost the other seeds  # noqa: BLE001
            outcome.error = f"{shown(seed.path)}: internal error while reading: {_one_line(error)}"
    try:
        _analyse_pages(pages, settings, vocabulary)
    except Exception:  # noqa: BLE001 - one page broke the batch: analyse each on its own
        for one in pages:
            try:
                _analyse_pages([one], settings, vocabulary)
            except Exception as error:  # noqa: BLE001
                one[0].error = f"{shown(one[0].seed.path)}: internal error while analysing: {_one_line(error)}"
    return outcomes


def _analyse_pages(pages: list[tuple[Outcome, Page]], settings: IngestSettings, vocabulary: Vocabulary) -> None:
    texts = [ArticleText(page.title, page.paragraphs, page.section, page.html_lang) for _, page in pages]
    analyses = analyse_many(texts, vocabulary)
    drafts = [make_draft(outcome.seed, page, analysis, settings)
              for (outcome, page), analysis in zip(pages, analyses)]
    for (outcome, _), draft in zip(pages, drafts):
        outcome.draft = draft


# --------------------------------------------------------------------------- drafts


def make_draft(seed: Seed, page: Page, analysis: Analysis, settings: IngestSettings) -> Draft:
    """The front matter of the contract, filled from the page and its analysis."""
    front: dict = {"title": page.title or analysis.generated_title or seed.path.stem}
    if page.published is not None:
        front["date"] = as_fixed_offset(page.published)
        if page.updated is not None and page.updated != page.published:
            front["updated"] = as_fixed_offset(page.updated)
    else:
        front["date"] = _file_time(seed.path, settings.timezone)
        front["date_source"] = "file"
    front["lang"] = analysis.lang
    source = {"name": page.source_name, "url": page.url, "file": seed.source_file}
    front["source"] = {key: value for key, value in source.items() if value}
    if page.authors:
        front["author"] = ", ".join(dict.fromkeys(page.authors))  # the byline
    if page.section:
        front["section"] = page.section
    front["summary"] = analysis.summary
    front["tags"] = {"countries": analysis.countries, "topics": analysis.topics}
    if analysis.organisations:
        front["tags"]["organisations"] = analysis.organisations
    signers = {fold(name) for name in page.authors}
    entries = [_actor_entry(actor) for actor in analysis.actors if fold(actor.name) not in signers]
    text = "\n".join([page.title or "", *page.paragraphs])
    front["actors"] = link_entries(registry_for(settings.actors_path), entries, _linking_day(front), text)
    return Draft(seed.source_file, seed.digest, front, markdown_body(page.paragraphs))


def _linking_day(front: dict) -> date | None:
    """The day whose offices an article's people are given: its date, unless that is only
    the seed file's time (which says nothing of when the article was written)."""
    return None if front.get("date_source") == "file" else _day(front["date"])


def _day(moment) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


def _actor_entry(actor):
    entry = {"name": actor.name}
    if actor.role:
        entry["role"] = actor.role
    if actor.country:
        entry["country"] = actor.country
    return entry if len(entry) > 1 else actor.name


def _file_time(path: Path, zone: str) -> datetime:
    moment = datetime.fromtimestamp(os.stat(path).st_mtime, ZoneInfo(zone)).replace(microsecond=0)
    return as_fixed_offset(moment)


_MARKDOWN_START = re.compile(r"^(?:[#>*+=-]|\d+[.)]\s)")


def markdown_body(paragraphs: list[str]) -> str:
    """Paragraphs as Markdown, escaping what would turn plain text into lists or headings."""
    return "\n\n".join("\\" + p if _MARKDOWN_START.match(p) else p for p in paragraphs) + "\n"
