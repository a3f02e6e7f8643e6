"""The build with the gazetteer under the site's registry: one actor page per gazetteer
person whatever spelling the articles use, with the roles over time; and nothing stale
after a gazetteer change (an incremental build equals a clean build, byte for byte).
Real sites built, pages parsed with BeautifulSoup."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from site_builder import buildkey, gazetteer
from site_builder.build import build
from site_builder.config import load_config
from tests.helpers import SAMPLE, THEME, copy_site
from tests.site.test_build_key import differences

pytestmark = pytest.mark.xdist_group("build_key")

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "gazetteer"


def write_site(root: Path, articles: dict[str, tuple[str, list[str]]]) -> Path:
    (root / "content").mkdir(parents=True)
    (root / "site.yaml").write_text(
        f"title: Test\nbase_url: https://example.org/\ntheme_dir: {THEME}\nsearch: false\n", encoding="utf-8")
    for slug, (date, actors) in articles.items():
        listed = "\n".join(f"  - {actor}" for actor in actors)
        (root / "content" / f"{slug}.md").write_text(textwrap.dedent(f"""\
            ---
            title: Article {slug}
            date: {date}
            summary: Un résumé.
            actors:
            """) + listed + "\n---\nTexte.\n", encoding="utf-8")
    return root


def page(root: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((root / "_site" / path).read_text(encoding="utf-8"), "html.parser")


def test_one_page_per_gazetteer_person_whatever_the_spelling(tmp_path, monkeypatch):
    monkeypatch.setattr(gazetteer, "FOLDER", FIXTURE)
    root = write_site(tmp_path / "site", {
        "un": ("2024-01-10", ["Abdelmajid Tebboune"]),
        "deux": ("2024-02-10", ["Tebboune", "Attaf"]),
        "trois": ("2017-06-10", ["Abdelmadjid Tebboune", "{name: Moussa Faki, country: Tchad}"]),
    })
    build(load_config(root / "site.yaml"), root / "_site", search=False)
    actors = root / "_site" / "acteurs"
    assert sorted(p.name for p in actors.iterdir() if p.is_dir()) == [
        "abdelmadjid-tebboune", "ahmed-attaf", "moussa-faki-mahamat"]
    tebboune = page(root, "acteurs/abdelmadjid-tebboune/index.html")
    linked = {a["href"].rstrip("/").rsplit("/", 1)[-1] for a in tebboune.select(".term-main a[href*='/articles/']")}
    assert linked == {"un", "deux", "trois"}
    roles = [" ".join(li.get_text().split()) for li in tebboune.select("ul.term-roles li")]
    assert roles == [
        "président de la République, Algérie (depuis le 19 décembre 2019)",
        "Premier ministre, Algérie (du 25 mai 2017 au 15 août 2017)",
    ]
    # The article gives each the role held on its date.
    trois = page(root, "articles/trois/index.html").get_text(" ", strip=True).replace("’", "'")
    assert "Premier ministre" in trois and "président de la Commission de l'Union africaine" in trois
    faki = page(root, "acteurs/moussa-faki-mahamat/index.html")
    faki_roles = [" ".join(li.get_text().split()).replace("’", "'") for li in faki.select("ul.term-roles li")]
    assert faki_roles == [
        "président de la Commission de l'Union africaine (du 14 mars 2017 au 15 février 2025)",
        "ministre des Affaires étrangères, Tchad (du 23 avril 2008 au 30 janvier 2017)",
    ]


def test_a_site_without_actors_builds_without_reading_the_gazetteer(tmp_path, monkeypatch):
    broken = tmp_path / "gazetteer"
    broken.mkdir()
    (broken / "bad.yaml").write_text("- country: Nulle-Part\n", encoding="utf-8")
    monkeypatch.setattr(gazetteer, "FOLDER", broken)
    root = write_site(tmp_path / "site", {})
    (root / "content" / "un.md").write_text("---\ntitle: Un\ndate: 2024-01-10\nsummary: S.\n---\nTexte.\n",
                                            encoding="utf-8")
    build(load_config(root / "site.yaml"), root / "_site", search=False)  # no actors: not read, no error
    assert (root / "_site" / "articles" / "un" / "index.html").is_file()


MALI = """\
- country: Mali
  source: Wikidata (CC0) Q912
  people:
    - name: Assimi Goïta
      aliases: [Assimi Goita]
      roles:
        - {role: président de la Transition, from: 2021-05-24}
"""


def program_with(folder: Path, gazetteer_files: dict[str, str]) -> Path:
    """A copy of the package whose gazetteer is the fixture's plus `gazetteer_files`."""
    shutil.copytree(buildkey.PROGRAM_ROOT, folder, ignore=shutil.ignore_patterns("__pycache__"))
    data = folder / "data" / "gazetteer"
    shutil.rmtree(data, ignore_errors=True)
    shutil.copytree(FIXTURE, data)
    for name, text in gazetteer_files.items():
        (data / name).write_text(text, encoding="utf-8")
    return folder


def use_program(monkeypatch, program: Path) -> None:
    monkeypatch.setattr(buildkey, "PROGRAM_ROOT", program)
    monkeypatch.setattr(gazetteer, "FOLDER", program / "data" / "gazetteer")


def test_an_incremental_build_after_a_gazetteer_change_equals_a_clean_build(tmp_path, monkeypatch):
    site = copy_site(SAMPLE, tmp_path / "site")
    use_program(monkeypatch, program_with(tmp_path / "before", {}))
    build(load_config(site / "site.yaml"), site / "_site", search=False)
    goita = site / "_site" / "acteurs" / "assimi-goita" / "index.html"
    before = goita.read_bytes()
    assert not page(site, "acteurs/assimi-goita/index.html").select("ul.term-roles")

    # A new program version whose gazetteer knows Assimi Goïta.
    use_program(monkeypatch, program_with(tmp_path / "after", {"mali.yaml": MALI}))
    build(load_config(site / "site.yaml"), site / "_site", search=False)
    fresh = copy_site(SAMPLE, tmp_path / "fresh")
    build(load_config(fresh / "site.yaml"), fresh / "_site", use_cache=False, search=False)
    assert differences(site / "_site", fresh / "_site") == []
    assert goita.read_bytes() != before  # the change shows: the comparison could fail
    roles = [" ".join(li.get_text().split()) for li in page(site, "acteurs/assimi-goita/index.html").select("ul.term-roles li")]
    assert roles == ["président de la Transition, Mali (depuis le 24 mai 2021)"]


def test_the_shipped_gazetteer_makes_one_page_per_person(tmp_path):
    """A real site built by the CLI with the gazetteer as shipped (no actors.yaml)."""
    from tests.helpers import run_cli

    root = write_site(tmp_path / "site", {
        "un": ("2024-01-10", ["Benjamin Netanyahu"]),
        "deux": ("2010-02-10", ["Netanyahou"]),
        "trois": ("2023-03-10", ["Benyamin Netanyahou", "Recep Tayyip Erdogan"]),
    })
    result = run_cli("build", "--config", "site.yaml", "--no-search", cwd=root)
    assert result.returncode == 0, result.stderr
    pages = sorted(p.name for p in (root / "_site" / "acteurs").iterdir() if p.is_dir())
    assert pages == ["benyamin-netanyahou", "recep-tayyip-erdogan"]
    netanyahou = page(root, "acteurs/benyamin-netanyahou/index.html")
    linked = {a["href"].rstrip("/").rsplit("/", 1)[-1] for a in netanyahou.select(".term-main a[href*='/articles/']")}
    assert linked == {"un", "deux", "trois"}
    roles = [" ".join(li.get_text().split()) for li in netanyahou.select("ul.term-roles li")]
    assert len(roles) >= 2 and all(", Israël (" in role for role in roles), roles
    assert roles[0].startswith("Premier ministre, Israël (depuis le")
    erdogan = page(root, "acteurs/recep-tayyip-erdogan/index.html")
    assert erdogan.h1.get_text(strip=True) == "Recep Tayyip Erdoğan"
    # The article of 2023 gives each the office held that day.
    trois = page(root, "articles/trois/index.html").get_text(" ", strip=True)
    assert "président de la République" in trois and "Premier ministre" in trois
