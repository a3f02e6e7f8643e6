"""The only code that writes into content/: new articles, merges, ingest state.

Rules that keep editors' work safe:
- a new article is written to a temporary file and linked into place, which fails
  rather than overwrite a file that appeared meanwhile;
- an existing article is only rewritten by --update, through a three-way merge
  against what ingest last wrote (kept in content/.ingest/), field by field and, for
  actors, person by person;
- a content file ingest cannot read (broken YAML, a bad date …) is reported and left
  as it is, never taken for a deleted article;
- every write is atomic (temporary file + rename), so an interrupted run leaves
  either the old file or the new one, never half of one; the state is written before
  the article, marked pending, so a run killed between the two is finished or undone
  by the next one (see `_settled`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..files import FileRefused, create_new, read_regular, shown
from ..files import write_atomic as _write_atomic
from ..limits import DEFAULT_LIMITS
from ..model.frontmatter import split as split_front_matter
from ..slugs import file_slug, title_slug
from .dates import fold

STATE_DIR = ".ingest"
# Front matter keys in the order editors read them.
KEY_ORDER = ("title", "date", "updated", "date_source", "lang", "source", "author", "section",
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
    problem: str = ""
    """Why the article cannot be read ("content/x.md:3: …"): it is left as it is."""


@dataclass(slots=True)
class ContentIndex:
    """Which seeds content/ already has, and which slugs are taken."""

    content_dir: Path
    by_source: dict[str, Known] = field(default_factory=dict)
    taken_slugs: set[str] = field(default_factory=set)
    unreadable: dict[str, str] = field(default_factory=dict)
    """Content files (by slug) that cannot be read, and why, as one line."""
    content_file_bytes: int = DEFAULT_LIMITS.content_file_bytes

    def known(self, source_file: str) -> Known:
        return self.by_source.get(source_file) or Known()


class EmitError(Exception):
    """A content file that cannot be merged or written; the message is one line."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.line = line
        """Where in the file (1-based), when known."""


@dataclass(slots=True)
class ActorMerge:
    """What a person-by-person merge of `actors` did, by name."""

    added: list[str] = field(default_factory=list)
    """Newly found by ingest."""
    kept: list[str] = field(default_factory=list)
    """Edited or added by an editor: the editor's entry stays."""
    left_out: list[str] = field(default_factory=list)
    """Found again by ingest, but an editor removed them."""

    def describe(self) -> str:
        parts = [f"{label} {', '.join(names)}" for label, names in
                 (("added", self.added), ("kept", self.kept), ("left out", self.left_out)) if names]
        return "actors: " + "; ".join(parts) if parts else ""


@dataclass(slots=True)
class Merge:
    """A three-way merge's result, and which fields and actors the editor had changed."""

    front: dict[str, Any]
    edited_fields: list[str] = field(default_factory=list)
    """Keys the editor changed, added or removed ("tags.topics" for one level down)."""
    actors: ActorMerge = field(default_factory=ActorMerge)
    edited_actors: list[str] = field(default_factory=list)
    removed_actors: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Updated:
    """What `update` did to one article."""

    changed: bool
    actors: ActorMerge


# --------------------------------------------------------------------------- reading content/


def seed_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def index_content(content_dir: Path, content_file_bytes: int = DEFAULT_LIMITS.content_file_bytes) -> ContentIndex:
    """Map every seed to its article (by source.file) and to ingest's state."""
    index = ContentIndex(content_dir, content_file_bytes=content_file_bytes)
    if content_dir.is_dir():
        for path in sorted(content_dir.glob("*.md")):
            index.taken_slugs.add(path.stem)
            try:
                front, _ = read_article(path, content_file_bytes)
            except EmitError as error:
                index.unreadable[path.stem] = _located(path, error)
                continue
            source = front.get("source")
            if isinstance(source, dict) and isinstance(source.get("file"), str):
                index.by_source.setdefault(source["file"], Known()).content_path = path
    state_dir = content_dir / STATE_DIR
    if state_dir.is_dir():
        for path in sorted(state_dir.glob("*.yaml")):
            state = _yaml_or_none(path, content_file_bytes)
            if isinstance(state, dict) and isinstance(state.get("source"), str):
                known = index.by_source.setdefault(state["source"], Known())
                known.state_path, known.state = path, _settled(state, known, content_dir)
                if known.state is None:
                    continue
                slug = str(known.state.get("slug", ""))
                index.taken_slugs.add(slug)
                if known.content_path is None and slug in index.unreadable:
                    known.problem = index.unreadable[slug]
    return index


def _located(path: Path, error: EmitError) -> str:
    return f"{shown(path)}:{error.line}: {error}" if error.line else f"{shown(path)}: {error}"


def _settled(state: dict, known: Known, content_dir: Path) -> dict | None:
    """The state as it stands once a run killed between writing the state and the
    article is finished or undone: a pending state whose article was written is the
    state; one whose article was not is the previous state (an update), or none (a
    creation, which the run redoes)."""
    if not state.get("pending"):
        return state
    path = known.content_path or content_dir / f"{state.get('slug')}.md"
    try:
        written = seed_hash(path.read_bytes()) == state.get("article_sha256")
    except OSError:
        written = False
    if written or (path.exists() and "previous" not in state):
        return {key: value for key, value in state.items() if key not in ("pending", "previous")}
    previous = state.get("previous")
    return previous if isinstance(previous, dict) else None


def read_article(path: Path, max_bytes: int = DEFAULT_LIMITS.content_file_bytes) -> tuple[dict[str, Any], str]:
    """Front matter and body of a content file; EmitError (with its line) if unreadable."""
    try:
        text = read_regular(path, max_bytes).decode("utf-8")
    except FileRefused as error:
        raise EmitError(str(error)) from None
    except UnicodeDecodeError as error:
        raise EmitError(f"not UTF-8 text (byte {error.start})") from None
    return split_article(text)


def _yaml_or_none(path: Path, max_bytes: int):
    try:
        return _load_yaml(read_regular(path, max_bytes).decode("utf-8"))
    except (FileRefused, UnicodeDecodeError, EmitError):
        return None


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_yaml(text: str, first_line: int = 1):
    """YAML as data; EmitError with the line for anything wrong, aliases included
    (an editor never needs them, and expanded they can exhaust the machine)."""
    try:
        for event in yaml.parse(text, Loader=_Loader) if "*" in text else ():
            if isinstance(event, yaml.AliasEvent):
                raise EmitError(f"YAML alias '*{event.anchor}' not allowed; write the value out",
                                first_line + event.start_mark.line)
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + mark.line if mark else 0
        raise EmitError(f"invalid YAML: {error.problem or error.context}", line) from None
    except yaml.YAMLError as error:
        raise EmitError(f"invalid YAML: {error}") from None
    except (ValueError, TypeError, OverflowError, RecursionError) as error:
        # A value YAML reads but Python cannot hold: 2024-02-30, !!int abc …
        raise EmitError(f"invalid value: {_one_line(error)}", first_line + _failing_line(text)) from None


def _failing_line(text: str) -> int:
    """The 0-based line of the first top-level value that cannot be constructed."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return 0
    for _, value in getattr(node, "value", []) if isinstance(node, yaml.MappingNode) else []:
        try:
            yaml.SafeLoader("").construct_document(value)
        except Exception:  # noqa: BLE001 - any failure locates the value
            return value.start_mark.line
    return 0


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split()) or type(error).__name__


BOM = "\ufeff"


def split_article(text: str) -> tuple[dict[str, Any], str]:
    """Front matter (as data) and body of a content file (a byte-order mark is allowed),
    cut where the build cuts it (the model's `split`: the same fences, the same line
    endings), so ingest and the build never disagree on where an article's body starts."""
    yaml_text, body, problems = split_front_matter(text.removeprefix(BOM).replace("\r\n", "\n"), Path())
    if problems:
        raise EmitError(problems[0].message, problems[0].line)
    front = _load_yaml(yaml_text, first_line=2)
    if not isinstance(front, dict):
        raise EmitError("front matter is not a mapping of keys to values", 2)
    return front, body


# --------------------------------------------------------------------------- rendering


class _FlowList(list):
    """A list YAML prints on one line: [Algérie, États-Unis]."""


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # libyaml when available: 10x faster
    def ignore_aliases(self, data) -> bool:
        return True  # a value written twice is written out twice: readers refuse aliases


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


def _state(draft: Draft, slug: str, article_text: str, merge: Merge | None = None) -> dict[str, Any]:
    """What ingest keeps about one article: the seed's hash, what it wrote (the base of
    the next merge), and which fields and actors an editor had changed, for later
    tools (the review queue) to read."""
    merge = merge or Merge(draft.front)
    return {"source": draft.source_file, "sha256": draft.source_hash, "slug": slug,
            "article_sha256": seed_hash(article_text.encode("utf-8")),
            "edited_fields": merge.edited_fields, "edited_actors": merge.edited_actors,
            "removed_actors": merge.removed_actors,
            "front": draft.front, "body": draft.body}


def _render_state(state: dict[str, Any]) -> str:
    return yaml.dump(state, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


# --------------------------------------------------------------------------- writing


def unique_slug(title: str, index: ContentIndex) -> str:
    """A slug from the title, made unique with -2, -3 ... in a fixed order."""
    base = title_slug(title)
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
    text = render(draft.front, draft.body)
    state = _state(draft, slug, text)
    state_path = _save_state({**state, "pending": True}, index)
    try:
        _write_new(path, text)
    except BaseException:
        state_path.unlink(missing_ok=True)
        raise
    _save_state(state, index)
    return path


def adopt(draft: Draft, known: Known, index: ContentIndex) -> Merge:
    """Give an article that has lost its state (written by a run killed before it, or by
    an older ingest) a state again, taking the seed's analysis as what ingest wrote: the
    article is not touched, and whatever differs from the analysis counts as an editor's."""
    assert known.content_path is not None
    current_text, ours, _ = _read_ours(known.content_path, index)
    merge = merge_front(draft.front, ours, draft.front)
    _save_state(_state(draft, known.content_path.stem, current_text, merge), index)
    return merge


def update(draft: Draft, known: Known, index: ContentIndex) -> Updated:
    """Three-way merge of a changed seed into its article."""
    assert known.content_path is not None and known.state is not None
    current_text, ours, our_body = _read_ours(known.content_path, index)
    base = known.state.get("front") or {}
    base_body = known.state.get("body") or ""
    merge = merge_front(base, ours, draft.front)
    body = our_body if _normal(our_body) != _normal(base_body) else draft.body
    new_text = render(merge.front, body)
    if current_text.startswith(BOM):
        new_text = BOM + new_text  # the editor's file keeps its form
    slug = str(known.state.get("slug") or known.content_path.stem)
    state = _state(draft, slug, new_text, merge)
    changed = new_text != current_text
    if changed:
        previous = {key: value for key, value in known.state.items() if key not in ("pending", "previous")}
        _save_state({**state, "pending": True, "previous": previous}, index)
        write_atomic(known.content_path, new_text)
    _save_state(state, index)
    return Updated(changed, merge.actors)


def _read_ours(path: Path, index: ContentIndex) -> tuple[str, dict[str, Any], str]:
    try:
        current_text = read_regular(path, index.content_file_bytes).decode("utf-8")
        ours, our_body = split_article(current_text)
    except FileRefused as error:
        raise EmitError(f"{shown(path)}: {error}; left as it is") from None
    except UnicodeDecodeError as error:
        raise EmitError(f"{shown(path)}: not UTF-8 text (byte {error.start}); left as it is") from None
    except EmitError as error:
        raise EmitError(f"{_located(path, error)}; left as it is") from None
    return current_text, ours, our_body


def merge_fields(base: dict, ours: dict, theirs: dict) -> dict:
    """merge_front's merged front matter."""
    return merge_front(base, ours, theirs).front


def merge_front(base: dict, ours: dict, theirs: dict) -> Merge:
    """Keep each field the editor changed since ingest last wrote; take the rest anew.

    `tags` is merged one level down, so an editor's topics survive while the
    countries are re-derived (and the other way round); `actors` person by person.
    """
    result = Merge({})
    _merge_into(result, base, ours, theirs, prefix="")
    return result


def _merge_into(result: Merge, base: dict, ours: dict, theirs: dict, prefix: str) -> dict:
    merged = result.front if not prefix else {}
    for key in [*theirs, *[k for k in ours if k not in theirs]]:
        values = [d.get(key) for d in (base, ours, theirs)]
        if not prefix and key == "tags" and all(isinstance(d.get(key, {}), dict) for d in (base, ours, theirs)):
            merged[key] = _merge_into(result, *(d.get(key, {}) for d in (base, ours, theirs)), prefix="tags.")
            continue
        editor_changed = key in ours and (key not in base or ours[key] != base[key])
        editor_removed = key in base and key not in ours
        if editor_changed or editor_removed:
            result.edited_fields.append(prefix + str(key))
        if not prefix and key == "actors" and editor_changed and all(isinstance(v, list) for v in values):
            merged[key] = _merge_actors(result, *values)
        elif editor_changed:
            merged[key] = ours[key]
        elif editor_removed:
            continue
        elif key in theirs:
            merged[key] = theirs[key]
    return merged


def _actor_key(entry: Any) -> str:
    name = entry.get("name") if isinstance(entry, dict) else entry
    return fold(" ".join(str(name).split())).lower()


def _actor_name(entry: Any) -> str:
    return str(entry.get("name") if isinstance(entry, dict) else entry)


def _merge_actors(result: Merge, base: list, ours: list, theirs: list) -> list:
    """Person by person: an actor the editor edited or added keeps the editor's entry,
    one the editor removed stays out, one ingest newly found comes in, and one ingest
    no longer finds goes unless an editor touched it."""
    base_by, ours_by, theirs_by = ({_actor_key(a): a for a in entries} for entries in (base, ours, theirs))
    merged = []
    for key, entry in ours_by.items():
        if key in base_by and entry == base_by[key]:  # machine-made, untouched
            if key in theirs_by:
                merged.append(theirs_by[key])
            continue
        merged.append(entry)
        result.edited_actors.append(_actor_name(entry))
        result.actors.kept.append(_actor_name(entry))
    for key, entry in theirs_by.items():
        if key in ours_by:
            continue
        if key in base_by:
            result.actors.left_out.append(_actor_name(entry))
        else:
            merged.append(entry)
            result.actors.added.append(_actor_name(entry))
    result.removed_actors.extend(_actor_name(entry) for key, entry in base_by.items() if key not in ours_by)
    return merged


def _normal(body: str) -> str:
    return body.strip()


def state_path(source_file: str, content_dir: Path) -> Path:
    name = file_slug(source_file)
    return content_dir / STATE_DIR / f"{name}.yaml"


def _save_state(state: dict[str, Any], index: ContentIndex) -> Path:
    path = state_path(state["source"], index.content_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, _render_state(state))
    return path


TEMPORARY_PREFIX = ".ingest-"


def write_atomic(path: Path, text: str) -> None:
    """Replace path's content all at once (readers see old or new, never half)."""
    _write_atomic(path, text, prefix=TEMPORARY_PREFIX)


def remove_stale_temporaries(content_dir: Path) -> None:
    """Temporaries of a run that was killed outright (kill -9) before it could clean up."""
    for folder in (content_dir, content_dir / STATE_DIR):
        if folder.is_dir():
            for stale in folder.glob(f"{TEMPORARY_PREFIX}*.tmp"):
                stale.unlink(missing_ok=True)


def _write_new(path: Path, text: str) -> None:
    """Create path atomically; raise EmitError if it exists (never clobber)."""
    try:
        create_new(path, text, prefix=TEMPORARY_PREFIX)
    except FileExistsError:
        raise EmitError(f"{shown(path)}: exists already; not overwritten") from None
