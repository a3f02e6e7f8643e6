"""The front matter loader (yaml-rs, checked against PyYAML) gives exactly what PyYAML's
safe loader gives: the same data, types and errors, for every document without aliases
(refused, as are values no Python type holds)."""

from pathlib import Path

import pytest
import yaml

from site_builder.model import frontmatter
from site_builder.model.frontmatter import load_yaml, split
from tests.helpers import REPO, SAMPLE

TRICKY = {
    "plain": "title: Un titre\nsummary: >\n  Deux\n  lignes\ntags:\n  countries: [Algérie, France]",
    "typed scalars": "n: ~\nb: off\nyes_: yes\nf: .5\ni: 0x1F\no: 0o17\ns: 1:30\nt: 2001-12-14t21:59:43.10-05:00",
    "quoted date stays text": "date: 2024-03-12\nquoted: '2024-03-12'",
    "explicit tags": "a: !!str 12\nb: !!int '7'\nc: !!float 1\nd: !!binary aGVsbG8=",
    "number and bool keys": "1: one\n2.5: two\nyes: 3",
    "duplicate keys": "a: 1\na: 2",
    "top-level list": "- a\n- b",
    "top-level text": "just text",
    "empty": "",
    "unknown tag": "x: !custom 1",
    "unhashable key": "x: {[1]: 2}",
    "bad structure": "a: b: c",
    "str tag on a list": "x: !!str [1]",
    "tab indentation": "a:\n\tb: 1",
    # Where YAML 1.2 (yaml-rs) and 1.1 (PyYAML) read plain scalars differently.
    "yaml 1.1 booleans": "a: yes\nb: No\nc: on\nd: OFF\ne: y\nf: 'yes'\ng: tRue\nh: TRUE",
    "yaml 1.1 numbers": "a: 010\nb: 0o10\nc: 1e3\nd: 1_000\ne: 12:30:00\nf: +12\ng: 0b101\nh: .NaN",
    "nulls": "a: ~\nb: null\nc: NULL\nd:\ne: ''\nf: \"\"",
    "dates plain and quoted": "date: 2019-01-01T06:13:00+01:00\nupdated: '2019-01-01T06:13:00+01:00'",
    "plain and quoted dates apart": "date: 2019-01-01T06:13:00+01:00\nupdated: '2019-01-02'\nlist:\n- 2019-01-03",
    "one date plain and quoted": "a: 2019-01-01\nb: \"2019-01-01\"",
    "dates in lists": "a:\n- 2019-01-01\n- '2019-01-02'\nb: [2019-01-03]",
    "date in a block scalar": "a: |-\n  2019-01-01\nb: 2019-01-01",
    "date with a comment": "a: 2019-01-01 # le jour\nb: 2019-1-1 6:13:00",
    "loose timestamp": "date: 2019-1-1 6:13:00",
    "timestamp folded over lines": "a: 2001-12-14\n  21:59:43.10 -5\nb: '2001-12-14\n  21:59:43.10 -5'",
    "quoted inside another text": "a: \"x '2019-01-01' y\"\nb: 2019-01-01\nc: 'yes'\nd: \"it's 'yes'\"",
    "value tag": "a: =",
    "merge key alone": "<<: {b: 1}\nc: 2",
    "key spelled like a bool": "on: 1\n'off': 2",
    "complex key": "? [a]\n: b",
    "set and omap": "a: !!set {x}\nb: !!omap [{x: 1}]",
    "explicit timestamp": "a: !!timestamp 2019-01-01",
    "control character": "a: b\x07c",
    "two documents": "--- a\n--- b",
    "directive": "%YAML 1.1\n---\na: b",
    "unclosed flow": "a: [1, 2",
    "deep nesting": "a: " + "[" * 300 + "]" * 300,
    "big numbers": "a: 99999999999999999999999999999\nb: 1e999\nc: 0x" + "f" * 40,
    "escapes": "a: \"\\x00\"\nb: \"a\\\nb\"\nc: \"\\ud800\"",
    "keys without values": "? a\n? b",
    "french exclamation and emphasis": "title: Alerte !\nsummary: Un *mot* & un autre !\nb: R&D",
}


def _outcome(read, text: str) -> tuple[str, object]:
    try:
        return "data", read(text)
    except yaml.YAMLError as error:
        return "error", str(error)


def _same(text: str) -> None:
    ours = _outcome(load_yaml, text)
    stock = _outcome(lambda text: yaml.load(text, Loader=yaml.CSafeLoader), text)
    # repr: types count (1 against 1.0 against True), and recursive data compares.
    assert (ours[0], repr(ours[1])) == (stock[0], repr(stock[1]))


@pytest.mark.parametrize("text", TRICKY.values(), ids=TRICKY.keys())
def test_tricky_documents_load_as_pyyaml_loads_them(text):
    _same(text)


# Documents PyYAML reads that front matter refuses: aliases (a few lines of them
# expand to billions of values), and values no Python type holds.
REFUSED = {
    "alias": ("a: &x [1, 2]\nb: *x", 1, "YAML alias '*x' is not allowed in front matter; write the value out"),
    "merge key": ("base: &x {k: v}\nchild:\n  <<: *x\n  c: 2", 2, "YAML alias '*x' is not allowed in front matter; write the value out"),
    "recursive alias": ("a: &x [*x]", 0, "YAML alias '*x' is not allowed in front matter; write the value out"),
    "impossible date": ("a: 1\nb: [2024-02-30]", 1, "'b': '2024-02-30' is not a real date or time (day is out of range for month)"),
    "bool tag": ("a:\n  b: !!bool maybe", 1, "'b': 'maybe' cannot be read as !!bool ('maybe')"),
}


@pytest.mark.parametrize("text, line, message", REFUSED.values(), ids=REFUSED.keys())
def test_aliases_and_impossible_values_are_refused_at_their_line(text, line, message):
    with pytest.raises(frontmatter.ValueRefused) as refused:
        load_yaml(text)
    assert (refused.value.line, refused.value.message) == (line, message)


def test_every_front_matter_of_the_test_sites_and_fixtures_loads_the_same():
    files = [*SAMPLE.rglob("*.md"), *(REPO / "tests" / "sites" / "invalid").rglob("*.md"), *(REPO / "content").glob("*.md")]
    texts = [split(path.read_text(encoding="utf-8"), Path(path))[0] for path in files]
    assert len([text for text in texts if text]) > 10
    for text in texts:
        _same(text)


def _read_by_pyyaml(text: str, monkeypatch) -> bool:
    """Whether load_yaml hands `text` to PyYAML (rather than keeping yaml-rs's reading)."""
    calls = []
    real = yaml.load
    monkeypatch.setattr(frontmatter.yaml, "load", lambda *args, **kwargs: calls.append(1) or real(*args, **kwargs))
    load_yaml(text)
    monkeypatch.undo()
    return bool(calls)


def test_plain_front_matter_is_read_by_yaml_rs_alone(monkeypatch):
    text = split((SAMPLE / "content").glob("*.md").__next__().read_text(encoding="utf-8"), Path("x.md"))[0]
    assert "date:" in text and "tags:" in text
    assert not _read_by_pyyaml(text, monkeypatch)
    for name in ("plain and quoted dates apart", "plain", "nulls"):
        assert not _read_by_pyyaml(TRICKY[name], monkeypatch)


@pytest.mark.parametrize("name", ["yaml 1.1 numbers", "explicit tags", "dates plain and quoted", "date in a block scalar", "duplicate keys"])
def test_documents_read_differently_by_yaml_1_2_go_to_pyyaml(name, monkeypatch):
    assert _read_by_pyyaml(TRICKY[name], monkeypatch)


# Scalars YAML 1.1 and 1.2 read differently, or that look alike once quoted.
_SPELLINGS = [
    "yes", "No", "on", "y", "true", "False", "~", "null", "", "010", "0o10", "0x1F", "1e3", "1.5", ".inf", "1_000",
    "1:30", "12:30:00", "2019-01-01", "2019-01-01T06:13:00+01:00", "2019-1-1 6:13:00", "=", "<<", "Alger",
    "Côte d’Ivoire", "un « titre » !", "R&D", "a *mot*", "x: y", "- z", "#tag", "it's",
]


def _scalar(random, value: str) -> str:
    style = random.choice(["plain", "single", "double"])
    if style == "single" or (style == "plain" and (value[:1] in "-#&*!" or ": " in value)):
        return "'" + value.replace("'", "''") + "'"
    if style == "double":
        return '"' + value + '"'
    return value


def _document(random) -> str:
    lines = []
    for number in range(random.randint(1, 5)):
        key = random.choice(["title", "date", "tags", "n", "yes", "1", "<<", f"k{number}"])
        shape = random.choice(["scalar", "scalar", "block list", "flow list", "mapping"])
        values = [_scalar(random, random.choice(_SPELLINGS)) for _ in range(random.randint(1, 3))]
        if shape == "scalar":
            lines.append(f"{key}: {values[0]}")
        elif shape == "block list":
            lines += [f"{key}:"] + [f"- {value}" for value in values]
        elif shape == "flow list":
            lines.append(f"{key}: [{', '.join(values)}]")
        else:
            lines += [f"{key}:"] + [f"  {inner}: {value}" for inner, value in zip(["a", "b", "c"], values)]
    return "\n".join(lines)


def test_random_documents_load_as_pyyaml_loads_them():
    import random as randoms

    random = randoms.Random(6)
    for _ in range(3000):
        _same(_document(random))
