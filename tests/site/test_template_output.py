"""Our Jinja environment writes outputs through its own escaping: it must print exactly
what stock Jinja with autoescaping prints, for every kind of value a template outputs."""

import jinja2
import pytest
from markupsafe import Markup

from site_builder.build import build
from site_builder.config import load_config
from site_builder.render import templates
from site_builder.render.templates import make_environment

from tests.helpers import SAMPLE, copy_site


class _Html:
    def __html__(self):
        return "<b>made by __html__</b>"


class _Text(str):
    pass


VALUES = {
    "plain text": "plain",
    "text to escape": "Tom & Jerry <script>alert('x')</script> \"quoted\"",
    "markup": Markup("<em>already markup</em> & co"),
    "str subclass": _Text("<a str subclass>"),
    "__html__ object": _Html(),
    "int": 12345,
    "float": 3.5,
    "None": None,
    "bool": True,
    "tuple": ("tuple", "<of>"),
    "list": ["list", "&"],
}

SOURCE = """{% macro shown(value) %}[{{ value }}]{% endmacro %}
{{ value }}|{{ value|string }}|{{ shown(value) }}|{% set held %}{{ value }}{% endset %}{{ held }}
{% filter upper %}{{ value }}{% endfilter %}|{{ value ~ "&" }}|{% autoescape false %}{{ value }}{% endautoescape %}"""


@pytest.fixture(scope="module")
def environments(tmp_path_factory):
    """Ours, and the same environment with Jinja's own code generator."""
    root = copy_site(SAMPLE, tmp_path_factory.mktemp("escaping") / "site")
    ours = make_environment(load_config(root / "site.yaml"))
    stock = ours.overlay()
    stock.code_generator_class = jinja2.compiler.CodeGenerator
    return ours, stock


@pytest.mark.parametrize("value", VALUES.values(), ids=VALUES.keys())
def test_outputs_are_escaped_as_stock_jinja_escapes_them(environments, value):
    ours, stock = environments
    printed = ours.from_string(SOURCE).render(value=value)
    assert printed == stock.from_string(SOURCE).render(value=value)
    assert "<script>" not in printed.split("\n")[0]


def test_our_generator_is_the_one_compiling_templates(environments):
    ours, stock = environments
    assert "escape_output(" in ours.compile("{{ value }}", raw=True)
    assert "escape_output(" not in stock.compile("{{ value }}", raw=True)


def test_undefined_values_still_fail_loudly(environments):
    ours, _ = environments
    with pytest.raises(jinja2.UndefinedError):
        ours.from_string("{{ missing }}").render()


def test_the_sample_site_is_the_same_as_stock_jinja_builds_it(sample_site, tmp_path, monkeypatch):
    """The whole sample site, rendered by Jinja's own code generator, has the same bytes
    in every page as the one our generator built (the search index aside)."""
    root = copy_site(SAMPLE, tmp_path / "site")
    monkeypatch.setattr(templates._Environment, "code_generator_class", jinja2.compiler.CodeGenerator)
    config = load_config(root / "site.yaml").with_base_url(sample_site.base_url)
    build(config, tmp_path / "out")
    ours = {path.relative_to(sample_site.out): path for path in sample_site.out.rglob("*") if path.is_file()}
    stock = {path.relative_to(tmp_path / "out"): path for path in (tmp_path / "out").rglob("*") if path.is_file()}
    ours = {name: path for name, path in ours.items() if name.parts[0] != "pagefind"}
    stock = {name: path for name, path in stock.items() if name.parts[0] != "pagefind"}
    assert set(ours) == set(stock)
    assert len(ours) > 30
    different = [str(name) for name in ours if ours[name].read_bytes() != stock[name].read_bytes()]
    assert different == []
