"""The gazetteer shipped with site_builder: people the digest names most, as data.

`site_builder/data/gazetteer/*.yaml` lists heads of state and of government, foreign
ministers and the heads of international bodies since 2000, with their offices and
dates (format: the comment at the top of each file). It is read into the registry's
own types (registry.Person, registry.Role) and sits under the site's `actors.yaml`:
a site entry naming the same person replaces the gazetteer's (registry.layered).

A bad list or entry is one `path:line: message` error (registry.RegistryError).
"""

from __future__ import annotations

import hashlib
import pickle
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
import yaml_rs

from .registry import _PARTICLES, Defaults, Entry, Index, Person, Registry, RegistryError, children, key_nodes, read_yaml

FOLDER = Path(__file__).resolve().parent / "data" / "gazetteer"

_LIST_KEYS = {"country", "body", "source", "people"}


def load_gazetteer(folder: Path | None = None) -> Registry:
    """Every `*.yaml` of `folder` (by default the one shipped), validated, as one
    registry (no folder: an empty one).

    Read first with yaml-rs, without lines (twenty times faster than PyYAML: every
    build with actors and every ingest reads the gazetteer); any fault makes a second
    reading with PyYAML and lines, which reports it as `path:line: message`."""
    folder = FOLDER if folder is None else folder
    paths = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    try:
        return _load(paths, fast=True)
    except RegistryError:
        return _load(paths, fast=False)


def _load(paths: list[Path], fast: bool) -> Registry:
    index = Index()
    for path in paths:
        for person in read_file(path, fast):
            index.add(person)
    return Registry(people=tuple(index.people), path=None, index=_unambiguous(index.names))


def _unambiguous(names: dict[str, Person]) -> dict[str, Person]:
    """The index without the one-word aliases that another person's name also ends with,
    as a word of its own: "Bashir" names nobody when the gazetteer has Omar el-Béchir
    (alias Bashir) and Salaheddine al-Bashir (alias Salah Bashir). A surname after a
    particle is not such a word ("ben Moubarak", "al-Bashir")."""
    endings: dict[str, set[int]] = {}
    for key, person in names.items():
        words = key.split()
        if len(words) > 1 and words[-2] not in _PARTICLES:
            endings.setdefault(words[-1], set()).add(id(person))
    return {key: person for key, person in names.items()
            if " " in key or not endings.get(key, set()) - {id(person)}}


def read_file(path: Path, fast: bool = False) -> list:
    """The people of one gazetteer file, validated (`fast`: without lines)."""
    if fast:
        data, node = _read_fast(path), None
    else:
        data, node = read_yaml(path)
    if data is None:
        return []
    if not isinstance(data, list) or node is not None and not isinstance(node, yaml.SequenceNode):
        raise RegistryError(f"{path}:1: a gazetteer file is a list of lists (- country: … or - body: …, source:, people:)")
    people = []
    for item, item_node in zip(data, children(node, len(data))):
        people += _List(path, item, item_node).people()
    return people


def _read_fast(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
        return yaml_rs.loads(text, parse_datetime=False, duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error)
    except Exception:  # noqa: BLE001 - unreadable, refused, or read otherwise: PyYAML decides, with lines
        raise RegistryError(f"{path}: read again with lines") from None


class _List:
    """One country's or body's list: its source and its people."""

    def __init__(self, path: Path, data: Any, node: yaml.Node | None):
        self.path, self.data, self.node = path, data, node

    def fail(self, message: str, node: yaml.Node | None = None) -> RegistryError:
        node = node or self.node
        return RegistryError(f"{self.path}:{node.start_mark.line + 1 if node else 0}: {message}")

    def people(self) -> list:
        if not isinstance(self.data, dict):
            raise self.fail("each list must be a mapping (country: or body:, source:, people:)")
        nodes = key_nodes(self.node)
        for key in self.data:
            if key not in _LIST_KEYS:
                raise self.fail(f"unknown key '{key}' (known: {', '.join(sorted(_LIST_KEYS))})", nodes.get(key))
        defaults = self.defaults(nodes)
        label = defaults.country or defaults.body
        source = self.data.get("source")
        if not isinstance(source, str) or not source.strip():
            raise self.fail(f"{label}: the list needs its 'source' (where its facts come from)")
        people = self.data.get("people")
        if not isinstance(people, list) or not people:
            raise self.fail(f"{label}: 'people' must be a list of people (- name: …)", nodes.get("people"))
        return [Entry(self.path, person, person_node, defaults).person()
                for person, person_node in zip(people, children(nodes.get("people"), len(people)))]

    def defaults(self, nodes: dict) -> Defaults:
        country, body = self.data.get("country"), self.data.get("body")
        if (country is None) == (body is None):
            raise self.fail("a list names either a 'country' or a 'body'")
        if body is not None:
            if not isinstance(body, str) or not body.strip():
                raise self.fail("'body' must be the name of an international body", nodes.get("body"))
            return Defaults(body=" ".join(body.split()), exact_countries=True)
        entry = Entry(self.path, {}, self.node, Defaults(exact_countries=True))
        return Defaults(country=entry.country("", country, nodes.get("country")), exact_countries=True)


@lru_cache(maxsize=4)
def _gazetteer_at(folder: str, stamp: tuple, cache_dir: str) -> Registry:
    if not cache_dir:
        return load_gazetteer(Path(folder))
    return _cached(Path(folder), Path(cache_dir))


def gazetteer(folder: Path | None = None, cache_dir: Path | None = None) -> Registry:
    """The gazetteer (at `folder`, by default the one shipped), read once per process for
    as long as its files stay the same; with `cache_dir` (the build's), kept there between
    processes as read, sealed with the program and the files it was read from."""
    folder = FOLDER if folder is None else folder
    return _gazetteer_at(str(folder), _stamp(folder), str(cache_dir) if cache_dir else "")


def _stamp(folder: Path) -> tuple:
    try:
        return tuple((entry.name, entry.stat().st_mtime_ns, entry.stat().st_size)
                     for entry in sorted(folder.glob("*.yaml")))
    except OSError:
        return ()


def _cached(folder: Path, cache_dir: Path) -> Registry:
    """The gazetteer from the cache folder when it was read there by this very program
    from these very files, else read and kept there (a read-only cache only costs time)."""
    from .buildkey import program_digest, read_sealed, write_sealed

    digest = hashlib.blake2b(program_digest().encode(), digest_size=16)
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
        digest.update(f"{path.name}\0".encode())
        digest.update(path.read_bytes())
    key, path = digest.hexdigest(), cache_dir / "gazetteer.pickle"
    payload = read_sealed(path, key)
    if payload is not None:
        try:
            registry = pickle.loads(payload)
        except Exception:  # noqa: BLE001 - sealed by this program, so never expected
            registry = None
        if isinstance(registry, Registry):
            return registry
    registry = load_gazetteer(folder)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        write_sealed(path, pickle.dumps(registry, protocol=pickle.HIGHEST_PROTOCOL), key)
    except OSError:
        pass
    return registry
