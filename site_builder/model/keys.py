"""Front matter keys: which are known where, which unknown ones are mistakes, which are
written twice. The known keys and their synonyms are data: ../data/front_matter_keys.yaml.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import yaml

KEYS_FILE = Path(__file__).resolve().parent.parent / "data" / "front_matter_keys.yaml"

TOP, TAGS, SOURCE, ACTOR = "top", "tags", "source", "actor"


@lru_cache(maxsize=1)
def _vocabulary() -> dict[str, dict[str, tuple[str, ...]]]:
    data = yaml.load(KEYS_FILE.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return {place: {key: tuple(words or ()) for key, words in keys.items()} for place, keys in data.items()}


def known(place: str) -> frozenset[str]:
    """The keys allowed in `place` (top, tags, source, actor); dotted ones are hints only."""
    return _known(place)


@lru_cache(maxsize=8)
def _known(place: str) -> frozenset[str]:
    return frozenset(key for key in _vocabulary()[place] if "." not in key)


def suggestion(place: str, key: str) -> str | None:
    """The known key an unknown `key` most likely meant, or None when it looks like none."""
    return _suggestion(place, str(key))


@lru_cache(maxsize=4096)
def _suggestion(place: str, key: str) -> str | None:
    word = _normal(key)
    if not word:
        return None
    keys = _vocabulary()[place]
    for intended, synonyms in keys.items():  # a synonym, or a key in its other form
        if word == _normal(intended) or word in {_normal(synonym) for synonym in synonyms}:
            return intended
    for intended, synonyms in keys.items():  # singular or plural of one of them
        for candidate in (intended.rsplit(".", 1)[-1], *synonyms):
            if _same_but_number(word, _normal(candidate)):
                return intended
    best = None
    for intended in keys:  # a typo of the key itself (not of a synonym: `auteur` is no `acteur`)
        candidate = _normal(intended.rsplit(".", 1)[-1])
        distance = _distance(word, candidate)
        if distance <= _allowed_distance(candidate) and (best is None or distance < best[0]):
            best = (distance, intended)
    return best[1] if best else None


def _normal(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.strip().lower())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"[-\s]+", "_", plain)


def _same_but_number(word: str, candidate: str) -> bool:
    for ending in ("s", "x", "es"):
        if word + ending == candidate or candidate + ending == word:
            return True
    return False


def _allowed_distance(candidate: str) -> int:
    """Short words are one letter from many others: `tag` is close to `tags`, not to `lang`."""
    if len(candidate) <= 3:
        return 0
    return 1 if len(candidate) <= 5 else 2


def _distance(a: str, b: str) -> int:
    """Edit distance with transpositions (optimal string alignment)."""
    if abs(len(a) - len(b)) > 2:
        return 3
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def repeated_keys(yaml_text: str) -> list[tuple[str, int, int]]:
    """(key, first line, repeated line) of every key written twice in one mapping; lines
    are 0-based within the YAML text."""
    try:
        root = yaml.compose(yaml_text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return []
    found: list[tuple[str, int, int]] = []
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            first: dict[str, int] = {}
            for key, child in node.value:
                name = str(key.value)
                if name in first:
                    found.append((name, first[name], key.start_mark.line))
                else:
                    first[name] = key.start_mark.line
                stack.append(child)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return sorted(found, key=lambda item: item[2])
