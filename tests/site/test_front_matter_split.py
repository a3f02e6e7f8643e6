"""Splitting a content file into its YAML front matter and its body."""

from pathlib import Path

import pytest

from site_builder.model.frontmatter import split

MISSING = "missing front matter: the file must start with a '---' line"
UNCLOSED = "front matter is not closed: add a '---' line after it"

CASES = {
    "usual": ("---\ntitle: T\ndate: 2024-01-01\n---\nBody\n\nMore\n", ("title: T\ndate: 2024-01-01", "Body\n\nMore\n", None)),
    "fences with trailing spaces": ("--- \na: 1\n---  \nbody\n", ("a: 1", "body\n", None)),
    "empty front matter": ("---\n---\nbody", ("", "body", None)),
    "closing fence ends the file": ("---\na: 1\n---", ("a: 1", "", None)),
    "closing fence then newline": ("---\na: 1\n---\n", ("a: 1", "", None)),
    "blank front matter lines": ("---\n\n---\n\n", ("", "\n", None)),
    "dashes inside a line are not a fence": ("---\na: x---\n---x\nb: 2\n---\nbody", ("a: x---\n---x\nb: 2", "body", None)),
    "an indented fence is YAML": ("---\na: |\n  ---\n---\nbody", ("a: |\n  ---", "body", None)),
    "a later fence in the body stays in the body": ("---\na: 1\n---\nx\n---\ny", ("a: 1", "x\n---\ny", None)),
    "no opening fence": ("title: T\n---\n", ("", "title: T\n---\n", MISSING)),
    "empty file": ("", ("", "", MISSING)),
    "blank first line": ("\n---\na: 1\n---\n", ("", "\n---\na: 1\n---\n", MISSING)),
    "never closed": ("---\na: 1\nbody\n", ("", "", UNCLOSED)),
    "only the opening fence": ("---", ("", "", UNCLOSED)),
}


@pytest.mark.parametrize("text, expected", CASES.values(), ids=CASES.keys())
def test_split(text, expected):
    yaml_text, body, problems = split(text, Path("a.md"))
    assert (yaml_text, body, problems[0].message if problems else None) == expected
    assert all(problem.line == 1 for problem in problems)
