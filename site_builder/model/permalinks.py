"""URLs that never move: the URL word (slug) of every published article is recorded in
`urls.yaml` beside site.yaml, a file committed with the content, so clones and CI agree.

- Two files claiming the same explicit `slug:` is an error naming both.
- An article keeps the URL recorded for its file; a new article never takes a URL
  recorded for another one (a derived slug gets -2, -3…; an explicit one is an error).
- A renamed file (same title and date as a recorded article whose file is gone) or a
  changed `slug:` moves the article, and its old URL redirects to the new one.
- A deleted article's URL is reported (it will answer 404) unless its entry in
  urls.yaml gets `redirect_to:` the URL word (or path) of another article.
"""

from __future__ import annotations

import functools
import json
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from ..config import SiteConfig
from ..errors import Problem
from .article import Article
from .frontmatter import key_line

FILE_NAME = "urls.yaml"
HEADER = """\
# The published URL word of every article (/{path}/<word>/), recorded by `site-builder build`.
# Commit this file with the content: an article keeps its URL for good, and a renamed
# or re-slugged one leaves a redirect (moved_to). For a deleted article, add
# "redirect_to": "<URL word of another article>" to its entry to keep its URL alive.
# (Written as JSON, one article a line, which is also YAML.)
"""


@dataclass
class Assignment:
    """The outcome: articles with their final slugs, and what to report and record."""

    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    redirects: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Article slug → old URL words that redirect to it."""
    record: dict[str, dict] = field(default_factory=dict)
    """What urls.yaml should say after this build."""
    changed: bool = False


def record_path(config: SiteConfig) -> Path:
    return config.root / FILE_NAME


def assign(config: SiteConfig, articles: list[Article]) -> Assignment:
    """Final slugs for the published articles, following urls.yaml's record."""
    path = _shown(record_path(config))
    record, lines, problems = _read(path)
    result = Assignment(problems=problems)
    if problems:
        return result
    files = {article.path: _relative(config, article.path) for article in articles}
    by_file = {entry["file"]: slug for slug, entry in record.items() if entry.get("file") and not entry.get("moved_to")}
    existing = set(files.values())
    # Recorded articles not shown: deleted, or still there but held (draft, undated).
    gone = {
        slug: entry
        for slug, entry in record.items()
        if entry.get("file") and entry["file"] not in existing and not entry.get("moved_to")
        and not (config.root / entry["file"]).is_file()
    }
    _explicit_clashes(articles, result)
    if result.problems:
        return result
    taken: dict[str, str] = {slug: entry.get("file", "") for slug, entry in record.items()}
    new_record = {slug: dict(entry) for slug, entry in record.items()}
    assigned: dict[str, Article] = {}
    # Known files first, so they keep their URLs whatever new files are called; then
    # explicit slugs, which cannot step aside; slugs from file names then take -2, -3…
    order = sorted(articles, key=lambda a: (files[a.path] not in by_file, not a.meta.slug, a.slug, a.path))
    for article in order:
        file = files[article.path]
        explicit = bool(article.meta.slug)
        old = by_file.get(file)
        if old is None:
            old = _renamed_from(article, gone)
            if old is not None:
                del gone[old]
        if old is not None and (article.slug == old or (not explicit and re.fullmatch(re.escape(article.slug) + r"-\d+", old))):
            slug = old
        else:
            slug = _free_slug(article, file, taken, assigned, explicit, old, result)
            if slug is None:
                continue
            if old is not None:  # moved: the old URL redirects to the new one
                new_record[old] = {"file": file, "moved_to": slug}
        taken[slug] = file
        assigned[slug] = article
        new_record[slug] = {"file": file, "title": article.title, "date": article.date.isoformat()}
        result.articles.append(article if slug == article.slug else replace(article, slug=slug))
    for old, entry in new_record.items():  # old URLs redirect to where their article is now
        target, seen = entry.get("moved_to"), {old}
        while target in new_record and new_record[target].get("moved_to") and target not in seen:
            seen.add(target)
            target = new_record[target]["moved_to"]
        if target in assigned:
            result.redirects[target] = result.redirects.get(target, ()) + (old,)
            entry["moved_to"] = target  # a chain of moves is recorded as one
    _gone(gone, lines, assigned, result, path)
    result.record = dict(sorted(new_record.items()))
    result.changed = result.record != record
    return result


def url_problems(config: SiteConfig, articles: list[Article]) -> list[Problem]:
    """The URL problems of these articles alone (when other files have problems)."""
    from .publishing import shown

    return assign(config, shown(articles, config)).problems


def _explicit_clashes(articles: list[Article], result: Assignment) -> None:
    """Two files that claim the same `slug:`: an error naming both."""
    first: dict[str, Article] = {}
    for article in sorted(articles, key=lambda article: article.path):
        if not article.meta.slug:
            continue
        other = first.setdefault(article.slug, article)
        if other is not article:
            result.problems.append(
                Problem(Path(article.path), _slug_line(article), f"slug '{article.slug}' is already claimed by {other.path}:{_slug_line(other)}")
            )


def _free_slug(
    article: Article, file: str, taken: dict, assigned: dict, explicit: bool, old: str | None, result: Assignment
) -> str | None:
    """The article's wanted slug if no other article has or had it; else -2, -3… for a
    slug from a file name, and an error for an explicit one."""
    slug = article.slug

    def free(word: str) -> bool:
        return word not in assigned and (word not in taken or taken[word] == file or word == old)

    if free(slug):
        return slug
    if explicit:
        owner = taken.get(slug) or assigned[slug].path
        result.problems.append(
            Problem(
                Path(article.path),
                _slug_line(article),
                f"slug '{slug}' is the published URL of {owner}; choose another (or remove its entry from {FILE_NAME})",
            )
        )
        return None
    number = 2
    while not free(f"{slug}-{number}"):
        number += 1
    return f"{slug}-{number}"


def _renamed_from(article: Article, gone: dict[str, dict]) -> str | None:
    """The recorded slug of a vanished file this article was renamed from: same title
    and date."""
    for slug, entry in gone.items():
        if entry.get("title") == article.title and entry.get("date") == article.date.isoformat():
            return slug
    return None


def _gone(gone: dict, lines: dict, assigned: dict, result: Assignment, path: Path) -> None:
    for slug, entry in sorted(gone.items()):
        target = str(entry.get("redirect_to") or "").strip().strip("/").split("/")[-1]
        if target and target in assigned:
            result.redirects[target] = result.redirects.get(target, ()) + (slug,)
        elif target:
            result.problems.append(
                Problem(path, lines.get(slug, 0), f"'{slug}': redirect_to '{entry['redirect_to']}' is no published article")
            )
        else:
            result.warnings.append(
                Problem(
                    path,
                    lines.get(slug, 0),
                    f"{entry['file']} was deleted: its URL '{slug}' will answer 404 "
                    f"(add \"redirect_to\": \"<another article>\" to its entry to keep it alive)",
                    True,
                )
            )


def _shown(path: Path) -> Path:
    """Relative to the working folder when inside it, as content files are named."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def _relative(config: SiteConfig, path: str) -> str:
    """A content file as the record names it: relative to site.yaml's folder. Folders
    are resolved once (all articles share one)."""
    folder, name = os.path.split(path)
    return f"{_relative_folder(config.root, folder)}{name}"


@functools.lru_cache(maxsize=64)
def _relative_folder(root: Path, folder: str) -> str:
    resolved = Path(folder or ".").resolve()
    try:
        relative = resolved.relative_to(root).as_posix()
    except ValueError:
        relative = resolved.as_posix()
    return "" if relative == "." else f"{relative}/"


def _slug_line(article: Article) -> int:
    try:
        return key_line(Path(article.path).read_text(encoding="utf-8"), "slug")
    except OSError:
        return 0


def _read(path: Path) -> tuple[dict[str, dict], dict[str, int], list[Problem]]:
    """The record, the line of each entry, and what is wrong with the file.

    The build writes it as JSON (one entry a line), which is YAML too and reads in a
    hundredth of the time at 10,000 articles; a hand-edited YAML entry is read as YAML."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, {}, []
    except (OSError, UnicodeDecodeError) as error:
        return {}, {}, [Problem(path, 0, f"cannot read: {error}")]
    lines = _EntryLines(text)
    try:
        data = json.loads(_COMMENT.sub("", text) or "{}")
    except ValueError:
        try:
            data = yaml.load(text, Loader=yaml.CSafeLoader) or {}
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            return {}, {}, [Problem(path, mark.line + 1 if mark else 0, f"invalid YAML: {getattr(error, 'problem', error)}")]
    if not isinstance(data, dict) or not all(isinstance(entry, dict) for entry in data.values()):
        return {}, {}, [Problem(path, 1, "must map each URL word to its entry (file, title, date, moved_to, redirect_to)")]
    return {str(slug): entry for slug, entry in data.items()}, lines, []


_COMMENT = re.compile(r"^\s*#.*$", re.MULTILINE)
_ENTRY = re.compile(r'^"?([a-z0-9-]+)"?\s*:', re.MULTILINE)


class _EntryLines(dict):
    """URL word → the line of its entry, worked out on first need (a report)."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def get(self, slug: str, default: int = 0) -> int:
        if not self and self.text:
            for number, line in enumerate(self.text.split("\n"), start=1):
                match = _ENTRY.match(line)
                if match:
                    self.setdefault(match.group(1), number)
            self.text = ""
        return super().get(slug, default)


def save(config: SiteConfig, assignment: Assignment) -> None:
    """Write urls.yaml if the record changed (atomically)."""
    if not assignment.changed:
        return
    path = record_path(config)
    entries = [f"{json.dumps(slug)}: {json.dumps(entry, ensure_ascii=False)}" for slug, entry in assignment.record.items()]
    text = HEADER.format(path=config.articles_path) + "{\n" + ",\n".join(entries) + ("\n}\n" if entries else "}\n")
    temporary = path.with_name(f".{FILE_NAME}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
