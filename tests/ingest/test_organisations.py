"""Organisations: found by ingest from pages written for it (acronyms, full names,
English names), each as one label, never as a person, and given pages and feeds."""

from __future__ import annotations

import shutil
from pathlib import Path

import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup

from site_builder.ingest.organisations import OrganisationsError, find_organisations, is_organisation, parse_organisations
from tests.helpers import SAMPLE, copy_site, run_cli

REPO = Path(__file__).resolve().parents[2]
PAGES = REPO / "tests" / "fixtures" / "organisations"


@pytest.mark.parametrize(
    ("text", "entities", "expected"),
    [
        ("Le secrétaire général de l’ONU a salué la CEDEAO. Les Nations unies et l'Union européenne aussi.", [],
         ["ONU", "CEDEAO", "Union européenne"]),
        ("L'Organisation des Nations unies et la Communauté économique des États de l'Afrique de l'Ouest.", [],
         ["ONU", "CEDEAO"]),
        ("The United Nations, ECOWAS and NATO met the International Monetary Fund.", [], ["ONU", "CEDEAO", "OTAN", "FMI"]),
        ("la Banque mondiale, la Ligue des États arabes, le Front Polisario et Sonatrach; l’OPEP+", [],
         ["Banque mondiale", "Ligue arabe", "Front Polisario", "Sonatrach", "OPEP"]),
        # Short or ambiguous acronyms need spaCy, or a full name, to vouch for them.
        ("Le UE et le UN du texte.", [], []),
        ("Selon l'UE, la hausse continue.", ["l'UE"], ["Union européenne"]),
        ("The EU, as the European Union says.", [], ["Union européenne"]),
        ("US CPI rose 3% in March.", [], []),
        # Capitals in a heading are not acronyms.
        ("LA REUNION DE L'ONU AU SAHEL ENTRE LES DEUX", [], []),
        ("Les nations unies", [], ["ONU"]),
    ],
)
def test_organisations_are_found_and_normalised(text, entities, expected):
    assert find_organisations(text, entities) == expected


def test_an_organisation_is_never_a_person():
    assert all(map(is_organisation, ["Sonatrach", "ONU", "Nations Unies", "Front Polisario", "ECOWAS", "OTAN"]))
    assert not any(map(is_organisation, ["Macky Sall", "António Guterres", "Union"]))


def test_a_malformed_organisations_file_is_one_line_with_its_line():
    with pytest.raises(OrganisationsError, match=r"^orgs.yaml:3: unknown key 'acronym'$"):
        parse_organisations("- label: ONU\n  names: [Nations unies]\n- label: UE\n  acronym: [EU]\n", "orgs.yaml")


@pytest.mark.nlp
def test_ingested_organisations_get_pages_and_feeds(tmp_path):
    root = copy_site(SAMPLE, tmp_path / "site")
    shutil.copy(REPO / "topics.yaml", root / "topics.yaml")
    shutil.copytree(PAGES, root / "seeds")
    result = run_cli("ingest", "seeds", "--config", "site.yaml", cwd=root)
    assert result.returncode == 0, result.stderr
    found = {}
    for path in (root / "content").glob("*.md"):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
        source = front.get("source") or {}
        if isinstance(source, dict) and source.get("file", "").startswith("seeds/"):
            found[Path(source["file"]).stem] = front
    assert found["onu-cedeao-niger"]["tags"]["organisations"] == ["ONU", "CEDEAO", "Union africaine", "FMI"]
    assert found["polisario-sonatrach"]["tags"]["organisations"] == [
        "Front Polisario", "ONU", "Sonatrach", "Union européenne", "OPEP"]
    assert found["nato-english"]["tags"]["organisations"] == ["OTAN", "Union européenne", "ONU", "FMI", "OMS"]
    for front in found.values():
        names = [actor["name"] for actor in front.get("actors", [])]
        assert not any(map(is_organisation, names)), names

    out = root / "_site"
    result = run_cli("build", "--config", "site.yaml", "--out", str(out), "--no-search", cwd=root)
    assert result.returncode == 0, result.stderr
    index = BeautifulSoup((out / "organisations" / "index.html").read_text(encoding="utf-8"), "lxml")
    assert index.select_one("h1").get_text(strip=True) == "Organisations"
    onu = BeautifulSoup((out / "organisations" / "onu" / "index.html").read_text(encoding="utf-8"), "lxml")
    assert onu.select_one("h1").get_text(strip=True) == "ONU"
    assert len({a["href"] for a in onu.select("main .card-title a")}) == 3
    feed = feedparser.parse((out / "organisations" / "cedeao" / "feed.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) == 1
    assert "CEDEAO" in {tag.term for tag in feed.entries[0].tags}
    slug = next(p.stem for p in (root / "content").glob("niamey-*.md"))
    article = BeautifulSoup((out / "articles" / slug / "index.html").read_text(encoding="utf-8"), "lxml")
    chips = article.select_one("#organisations-title").parent.select("a.chip-organisation")
    assert [chip.contents[0].strip() for chip in chips] == ["ONU", "CEDEAO", "Union africaine", "FMI"]
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "/organisations/front-polisario/" in sitemap

