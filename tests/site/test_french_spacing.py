"""French typography: « » : ; ! ? are bound to their word by a narrow no-break space,
in front matter text (escaped) and in article bodies (HTML, code left alone)."""

import random

import pytest
from markupsafe import escape

from site_builder.render.templates import french_spacing, french_spacing_html

N = "\u202f"

CASES = {
    "colon": ("Il a dit : oui", f"Il a dit{N}: oui"),
    "each mark": ("a ; b ! c ? d : e", f"a{N}; b{N}! c{N}? d{N}: e"),
    "quotes": ("« Bonjour »", f"«{N}Bonjour{N}»"),
    "empty quotes": ("« »", f"«{N}»"),
    "two spaces: the last one is bound": ("a  : b", f"a {N}: b"),
    "mark without space is left": ("https://exemple.org a:b 12:30", "https://exemple.org a:b 12:30"),
    "space after a closing mark is left": ("? » :", f"?{N}»{N}:"),
    "doubled marks": ("Quoi ?!", f"Quoi{N}?!"),
    "quote then mark": ("« ?", f"«{N}?"),
    "no-break space already there": (f"a{N}: b", f"a{N}: b"),
    "empty": ("", ""),
}


@pytest.mark.parametrize("text, expected", CASES.values(), ids=CASES.keys())
def test_text_marks_are_bound(text, expected):
    assert french_spacing(text) == expected
    assert french_spacing_html(f"<p>{text}</p>") == f"<p>{expected}</p>"


def test_text_is_escaped_before_binding():
    assert french_spacing("<b>Oui</b> & non ?") == f"&lt;b&gt;Oui&lt;/b&gt; &amp; non{N}?"


def test_code_in_bodies_is_left_alone():
    html = "<p>Voir :</p><pre><code>a ? b : c</code></pre><p>puis <code>x ; y</code> et ceci !</p>"
    assert french_spacing_html(html) == (
        f"<p>Voir{N}:</p><pre><code>a ? b : c</code></pre><p>puis <code>x ; y</code> et ceci{N}!</p>"
    )


def _bound_by_replacing(text: str) -> str:
    """The rule as first written: one str.replace per mark, in turn."""
    for mark in ":;!?»":
        text = text.replace(f" {mark}", f"{N}{mark}")
    return text.replace("« ", f"«{N}")


def test_binding_equals_replacing_each_mark_in_turn():
    rng = random.Random(7)
    alphabet = " :;!?»«a’\n<>"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24))) for _ in range(20000)]
    assert [str(french_spacing(text)) for text in texts] == [_bound_by_replacing(str(escape(text))) for text in texts]


def test_code_tags_are_found_in_any_case():
    assert french_spacing_html("<p>Voir :</p><PRE>a ? b</PRE>") == f"<p>Voir{N}:</p><PRE>a ? b</PRE>"
