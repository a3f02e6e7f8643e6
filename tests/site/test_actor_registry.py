"""The registry of people (actors.yaml): one actor page per person whatever alias an
article uses, roles over time on the page, the index by surname in French order, and
one `actors.yaml:line: message` error per bad entry. Real sites built by the CLI."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.helpers import THEME, run_cli

from site_builder.registry import RegistryError, load_registry

REGISTRY = """\
# People of the test site.
- name: Abdelmadjid Tebboune
  aliases: [Abdelmajid Tebboune, Tebboune]
  country: Algérie
  roles:
    - {role: Premier ministre, country: Algérie, from: 2017-05-25, to: 2017-08-15}
    - {role: président de la République, country: Algérie, from: 2019-12-19}
- name: Ahmed Attaf
  aliases: [Attaf]
  country: Algérie
  roles:
    - {role: ministre des Affaires étrangères, country: Algérie, from: 2023-03-16}
- name: Ursula von der Leyen
  roles:
    - {role: présidente de la Commission européenne, from: 2019-12-01}
"""


def article(slug: str, date: str, actors: list[str]) -> tuple[str, str]:
    listed = "\n".join(f"  - {actor}" for actor in actors)
    return slug, textwrap.dedent(f"""\
        ---
        title: Article {slug}
        date: {date}
        summary: Un résumé.
        actors:
        """) + listed + "\n---\nTexte.\n"


ARTICLES = [
    article("un", "2024-01-10", ["Tebboune", "Émile Zola"]),
    article("deux", "2024-02-10", ["Abdelmajid Tebboune", "Attaf"]),
    article("trois", "2024-03-10", ["{name: Abdelmadjid Tebboune, role: chef de l'État}", "Éric Ebert"]),
    article("quatre", "2018-03-10", ["Zinedine Amrani", "Ursula von der Leyen"]),
]


def make_site(root: Path, registry: str | None = REGISTRY) -> Path:
    (root / "content").mkdir(parents=True)
    (root / "site.yaml").write_text(
        f"title: Test\nbase_url: https://example.org/\ntheme_dir: {THEME}\nsearch: false\n", encoding="utf-8")
    for slug, text in ARTICLES:
        (root / "content" / f"{slug}.md").write_text(text, encoding="utf-8")
    if registry is not None:
        (root / "actors.yaml").write_text(registry, encoding="utf-8")
    return root


def build(root: Path):
    return run_cli("build", "--config", "site.yaml", "--no-search", cwd=root)


def page(root: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((root / "_site" / path).read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = make_site(tmp_path_factory.mktemp("registry") / "site")
    result = build(root)
    assert result.returncode == 0, result.stderr
    return root


def test_one_actor_page_per_person_whatever_the_alias(built):
    actors = built / "_site" / "acteurs"
    assert (actors / "abdelmadjid-tebboune" / "index.html").exists()
    assert not (actors / "tebboune").exists()
    assert not (actors / "abdelmajid-tebboune").exists()
    assert not (actors / "attaf").exists()
    tebboune = page(built, "acteurs/abdelmadjid-tebboune/index.html")
    assert tebboune.h1.get_text(strip=True) == "Abdelmadjid Tebboune"
    linked = {a["href"].rstrip("/").rsplit("/", 1)[-1] for a in tebboune.select(".term-main a[href*='/articles/']")}
    assert linked == {"un", "deux", "trois"}


def test_the_actor_page_shows_the_roles_over_time(built):
    tebboune = page(built, "acteurs/abdelmadjid-tebboune/index.html")
    roles = [" ".join(li.get_text().split()) for li in tebboune.select("ul.term-roles li")]
    assert roles == [
        "président de la République, Algérie (depuis le 19 décembre 2019)",
        "Premier ministre, Algérie (du 25 mai 2017 au 15 août 2017)",
    ]
    # An actor outside the registry has no list of roles.
    assert not page(built, "acteurs/emile-zola/index.html").select("ul.term-roles")


def test_articles_get_the_role_held_on_their_date(built):
    deux = page(built, "articles/deux/index.html")
    text = deux.get_text(" ", strip=True)
    assert "ministre des Affaires étrangères" in text  # Attaf, from the registry, in 2024
    assert "Abdelmadjid Tebboune" in text and "Abdelmajid" not in text
    trois = page(built, "articles/trois/index.html").get_text(" ", strip=True)
    assert "chef de l’État" in trois or "chef de l'État" in trois  # the article's own role wins
    # In 2018 von der Leyen did not yet preside the Commission: no role given.
    quatre = page(built, "articles/quatre/index.html").get_text(" ", strip=True)
    assert "Commission européenne" not in quatre


def test_the_actors_index_sorts_by_surname_in_french_order(built):
    index = page(built, "acteurs/index.html")
    names = [a.select_one(".bar-label").contents[0].strip() for a in index.select("ol.term-list a")]
    # Amrani, Attaf, Ebert (É sorts with E), Tebboune, von der Leyen, Zola.
    assert names == ["Zinedine Amrani", "Ahmed Attaf", "Éric Ebert", "Abdelmadjid Tebboune",
                     "Ursula von der Leyen", "Émile Zola"]
    assert "classés par nom" in index.get_text()


def test_editing_the_registry_rebuilds_the_pages(tmp_path):
    root = make_site(tmp_path / "site")
    assert build(root).returncode == 0
    (root / "actors.yaml").write_text(REGISTRY.replace("name: Ahmed Attaf", "name: Ahmed Attaf Jr"), encoding="utf-8")
    assert build(root).returncode == 0
    assert (root / "_site" / "acteurs" / "ahmed-attaf-jr" / "index.html").exists()
    assert not (root / "_site" / "acteurs" / "ahmed-attaf").exists()


BAD = {
    "unknown country": (
        "- name: A B\n  country: Algerie du Nord\n",
        "actors.yaml:2: A B: unknown country 'Algerie du Nord'"),
    "shared alias": (
        "- name: Ahmed Attaf\n  aliases: [Attaf]\n- name: Samir Attaf\n  aliases: [attaf]\n",
        "actors.yaml:3: 'attaf' already names Ahmed Attaf (line 1); an alias must name one person"),
    "bad date": (
        "- name: A B\n  roles:\n    - {role: ministre, from: 2023-02-30}\n",
        "actors.yaml:3: A B: 'from' must be a date like 2023-03-16, not '2023-02-30'"),
    "ends before it starts": (
        "- name: A B\n  roles:\n    - role: ministre\n      from: 2023-05-01\n      to: 2022-01-01\n",
        "actors.yaml:5: A B: role 'ministre' ends (2022-01-01) before it starts (2023-05-01)"),
    "unknown key": (
        "- name: A B\n  alias: [B]\n",
        "actors.yaml:2: unknown key 'alias' (known: aliases, country, name, roles, surname)"),
    "unknown role key": (
        "- name: A B\n  roles:\n    - role: ministre\n      since: 2020-01-01\n",
        "actors.yaml:4: A B: unknown role key 'since' (known: body, country, from, role, to)"),
    "no name": ("- country: France\n", "actors.yaml:1: a person needs a 'name' (text)"),
    "not a list": ("name: A B\n", "actors.yaml:1: actors.yaml must be a list of people (- name: …)"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_entry_is_one_line_naming_the_file_and_line(tmp_path, case):
    text, expected = BAD[case]
    (tmp_path / "actors.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RegistryError) as raised:
        load_registry(tmp_path / "actors.yaml")
    assert str(raised.value) == f"{tmp_path}/{expected}"


def test_build_and_check_stop_on_a_bad_registry(tmp_path):
    root = make_site(tmp_path / "site", REGISTRY + "- name: Autre\n  aliases: [Tebboune]\n")
    for command in ("check", "build"):
        result = run_cli(command, "--config", "site.yaml", cwd=root)
        assert result.returncode == 1
        assert "actors.yaml:16: 'Tebboune' already names Abdelmadjid Tebboune (line 2)" in result.stderr
        assert "Traceback" not in result.stderr


def test_the_project_registry_loads():
    registry = load_registry(Path(__file__).resolve().parents[2] / "actors.yaml")
    assert registry.find("Abdelmajid Tebboune").name == "Abdelmadjid Tebboune"
    assert registry.find("kais saied").country == "Tunisie"
