"""The only code that writes into content/: new articles, merges, ingest state.

Rules that keep editors' work safe:
- a new article is written to a temporary file and linked into place, which fails
  rather than overwrite a file that appeared meanwhile;
- an existing article is only rewritten by --update, through a three-way merge
  against what ingest last wrote (kept in content/.ingest/), field by field;
- every write is atomic (temporary file + rename), so an interrupted run leaves
  either the old file or the new one, never half of one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from slugify import slugify

STATE_DIR = ".ingest"
SLUG_LENGTH = 80
# Front matter keys in the order editors read them.
KEY_ORDER = ("title", "date", "updated", "date_source", "lang", "source", "section",
             "summary", "tags", "actors")


@dataclass(slots=True)
class Draft:
    """One article as ingest derives it from one seed."""

    source_file: str
    """The seed's path relative to the site root, as written in source.file."""
    source_hash: str
    front: dict[str, Any]
    body: str


@dataclass(slots=True)
class Known:
    """What content/ already holds for one seed."""

    content_path: Path | None = None
    state_path: Path | None = None
    state: dict[str, Any] | None = None


@dataclass(slots=True)
class ContentIndex:
    """Which seeds content/ already has, and which slugs are taken."""

    content_dir: Path
    by_source: dict[str, Known] = field(default_factory=dict)
    taken_slugs: set[str] = field(default_factory=set)

    def known(self, source_file: str) -> Known:
        return self.by_source.get(source_file) or Known()


class EmitError(Exception):
    """A content file that cannot be merged or written; the message is one line."""


# --------------------------------------------------------------------------- reading content/


def seed_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def index_content(content_dir: Path) -> ContentIndex:
    """Map every seed to its article (by source.file) and to ingest's state."""
    index = ContentIndex(content_dir)
    if content_dir.is_dir():
        for path in sorted(content_dir.glob("*.md")):
            index.taken_slugs.add(path.stem)
            front = _front_matter_or_none(path)
            source = front.get("source") if isinstance(front, dict) else None
            if isinstance(source, dict) and isinstance(source.get("file"), str):
                index.by_source.setdefault(source["file"], Known()).content_path = path
    state_dir = content_dir / STATE_DIR
    if state_dir.is_dir():
        for path in sorted(state_dir.glob("*.yaml")):
            state = _yaml_or_none(path)
            if isinstance(state, dict) and isinstance(state.get("source"), str):
                known = index.by_source.setdefault(state["source"], Known())
                known.state_path, known.state = path, state
                index.taken_slugs.add(str(state.get("slug", "")))
    return index


def _front_matter_or_none(path: Path) -> dict | None:
    try:
        front, _ = split_article(path.read_text(encoding="utf-8"))
        return front
    except (OSError, UnicodeDecodeError, EmitError):
        return None


def _yaml_or_none(path: Path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None


def split_article(text: str) -> tuple[dict[str, Any], str]:
    """Front matter (as data) and body of a content file."""
    match = re.match(r"---\n(.*?\n)---\n?(.*)\Z", text, re.S)
    if not match:
        raise EmitError("no front matter between '---' lines")
    try:
        front = yaml.safe_load(match.group(1))
    except yaml.YAMLError as error:
        raise EmitError(f"front matter is not valid YAML ({getattr(error, 'problem', error)})") from None
    if not isinstance(front, dict):
        raise EmitError("front matter is not a mapping of keys to values")
    return front, match.group(2)


# --------------------------------------------------------------------------- rendering


class _FlowList(list):
    """A list YAML prints on one line: [Algérie, États-Unis]."""


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # libyaml when available: 10x faster
    pass


def _represent_datetime(dumper: yaml.SafeDumper, value: dt.datetime):
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


def _represent_flow_list(dumper: yaml.SafeDumper, value: _FlowList):
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


_Dumper.add_representer(dt.datetime, _represent_datetime)
_Dumper.add_representer(_FlowList, _represent_flow_list)


def render(front: dict[str, Any], body: str) -> str:
    """The text of a content file: front matter in the contract's order, then the body."""
    ordered = {key: front[key] for key in KEY_ORDER if key in front}
    ordered.update({key: value for key, value in front.items() if key not in ordered})
    tags = ordered.get("tags")
    if isinstance(tags, dict):
        ordered["tags"] = {key: _FlowList(value) if isinstance(value, list) else value
                           for key, value in tags.items()}
    text = yaml.dump(ordered, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=False)
    return f"---\n{text}---\n{body.rstrip()}\n"


def _render_state(draft: Draft, slug: str) -> str:
    state = {"source": draft.source_file, "sha256": draft.source_hash, "slug": slug,
             "front": draft.front, "body": draft.body}
    return yaml.dump(state, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


# --------------------------------------------------------------------------- writing


def unique_slug(title: str, index: ContentIndex) -> str:
    """A slug from the title, made unique with -2, -3 ... in a fixed order."""
    base = slugify(title, max_length=SLUG_LENGTH, word_boundary=True) or "article"
    slug, number = base, 2
    while slug in index.taken_slugs:
        slug = f"{base}-{number}"
        number += 1
    index.taken_slugs.add(slug)
    return slug


def create(draft: Draft, index: ContentIndex) -> Path:
    """Write a new article; never replaces a file that exists."""
    index.content_dir.mkdir(parents=True, exist_ok=True)
    slug = unique_slug(draft.front["title"], index)
    path = index.content_dir / f"{slug}.md"
    _write_new(path, render(draft.front, draft.body))
    _save_state(draft, slug, index)
    return path


def update(draft: Draft, known: Known, index: ContentIndex) -> bool:
    """Three-way merge of a changed seed into its article; True if the file changed."""
    assert known.content_path is not None and known.state is not None
    try:
        current_text = known.content_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise EmitError(f"{known.content_path}: cannot read: {error}") from None
    try:
        ours, our_body = split_article(current_text)
    except EmitError as error:
        raise EmitError(f"{known.content_path}: cannot merge: {error}") from None
    base = known.state.get("front") or {}
    base_body = known.state.get("body") or ""
    front = merge_fields(base, ours, draft.front)
    body = our_body if _normal(our_body) != _normal(base_body) else draft.body
    new_text = render(front, body)
    slug = str(known.state.get("slug") or known.content_path.stem)
    changed = new_text != current_text
    if changed:
        write_atomic(known.content_path, new_text)
    _save_state(draft, slug, index)
    return changed


def merge_fields(base: dict, ours: dict, theirs: dict) -> dict:
    """Keep each field the editor changed since ingest last wrote; take the rest anew.

    `tags` is merged one level down, so an editor's topics survive while the
    countries are re-derived (and the other way round).
    """
    merged: dict[str, Any] = {}
    for key in [*theirs, *[k for k in ours if k not in theirs]]:
        if key == "tags" and all(isinstance(d.get(key, {}), dict) for d in (base, ours, theirs)):
            merged[key] = merge_fields(base.get(key, {}), ours.get(key, {}), theirs.get(key, {}))
            continue
        editor_changed = key in ours and (key not in base or ours[key] != base[key])
        editor_removed = key in base and key not in ours
        if editor_changed:
            merged[key] = ours[key]
        elif editor_removed:
            continue
        elif key in theirs:
            merged[key] = theirs[key]
    return merged


def _normal(body: str) -> str:
    return body.strip()


def _save_state(draft: Draft, slug: str, index: ContentIndex) -> None:
    state_dir = index.content_dir / STATE_DIR
    state_dir.mkdir(parents=True, exist_ok=True)
    name = slugify(draft.source_file, separator="-", lowercase=False) or "seed"
    write_atomic(state_dir / f"{name}.yaml", _render_state(draft, slug))


def _temporary(folder: Path, text: str) -> Path:
    descriptor, name = tempfile.mkstemp(prefix=".ingest-", suffix=".tmp", dir=folder)
    try:
        os.chmod(name, 0o644)  # mkstemp's 0600 would hide articles from other readers
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)  # no fsync: atomicity against interruption comes from the rename
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def write_atomic(path: Path, text: str) -> None:
    """Replace path's content all at once (readers see old or new, never half)."""
    temporary = _temporary(path.parent, text)
    try:
        os.replace(temporary, path)
    except BaseException:  # Ctrl-C included: leave no temporary behind
        temporary.unlink(missing_ok=True)
        raise


def remove_stale_temporaries(content_dir: Path) -> None:
    """Temporaries of a run that was killed outright (kill -9) before it could clean up."""
    for folder in (content_dir, content_dir / STATE_DIR):
        if folder.is_dir():
            for stale in folder.glob(".ingest-*.tmp"):
                stale.unlink(missing_ok=True)


def _write_new(path: Path, text: str) -> None:
    """Create path atomically; raise EmitError if it exists (never clobber)."""
    temporary = _temporary(path.parent, text)
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise EmitError(f"{path}: exists already; not overwritten") from None
    finally:
        temporary.unlink(missing_ok=True)
