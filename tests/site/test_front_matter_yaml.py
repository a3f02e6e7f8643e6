"""The front matter loader's direct path gives exactly what PyYAML's safe loader gives:
the same data, types, shared objects and errors, for every document."""

from pathlib import Path

import pytest
import yaml

from site_builder.model.frontmatter import FrontMatterLoader, split
from tests.helpers import REPO, SAMPLE

TRICKY = {
    "plain": "title: Un titre\nsummary: >\n  Deux\n  lignes\ntags:\n  countries: [Algérie, France]",
    "typed scalars": "n: ~\nb: off\nyes_: yes\nf: .5\ni: 0x1F\no: 0o17\ns: 1:30\nt: 2001-12-14t21:59:43.10-05:00",
    "quoted date stays text": "date: 2024-03-12\nquoted: '2024-03-12'",
    "explicit tags": "a: !!str 12\nb: !!int '7'\nc: !!float 1\nd: !!binary aGVsbG8=",
    "alias": "a: &x [1, 2]\nb: *x",
    "merge key": "base: &x {k: v}\nchild:\n  <<: *x\n  c: 2",
    "recursive alias": "a: &x [*x]",
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
}


def _load(text: str, loader) -> tuple[str, object]:
    try:
        return "data", yaml.load(text, Loader=loader)
    except yaml.YAMLError as error:
        return "error", str(error)


def _same(text: str) -> None:
    ours, stock = _load(text, FrontMatterLoader), _load(text, yaml.CSafeLoader)
    # repr: types count (1 against 1.0 against True), and recursive data compares.
    assert (ours[0], repr(ours[1])) == (stock[0], repr(stock[1]))


@pytest.mark.parametrize("text", TRICKY.values(), ids=TRICKY.keys())
def test_tricky_documents_load_as_pyyaml_loads_them(text):
    _same(text)


def test_aliases_share_one_object_as_in_pyyaml():
    data = yaml.load(TRICKY["alias"], Loader=FrontMatterLoader)
    assert data["a"] is data["b"]


def test_every_front_matter_of_the_test_sites_and_fixtures_loads_the_same():
    files = [*SAMPLE.rglob("*.md"), *(REPO / "tests" / "sites" / "invalid").rglob("*.md"), *(REPO / "content").glob("*.md")]
    texts = [split(path.read_text(encoding="utf-8"), Path(path))[0] for path in files]
    assert len([text for text in texts if text]) > 10
    for text in texts:
        _same(text)
