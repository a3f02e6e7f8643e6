"""Faceted search: what Pagefind recorded for each article (its fragments, read back),
and the search box's words. The sample site is built with search under a sub-path."""

from __future__ import annotations

import gzip
import json

from bs4 import BeautifulSoup

SIGNATURE = b"pagefind_dcd"


def fragments(out) -> dict[str, dict]:
    """Article slug → the record Pagefind keeps for it (url, filters, meta, content)."""
    found = {}
    for path in (out / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(SIGNATURE)
        record = json.loads(data[len(SIGNATURE):])
        found[record["url"].rstrip("/").rsplit("/", 1)[1]] = record
    return found


def test_articles_are_filed_by_country_topic_person_and_year(sample_site):
    records = fragments(sample_site.out)
    record = records["alger-washington-cooperation-militaire"]
    filters = {key: sorted(value) for key, value in record["filters"].items()}
    assert filters == {
        "Pays": sorted(["Algérie", "Maroc", "Sahara occidental", "États-Unis"]),
        "Sujets": ["Défense", "Sécurité"],
        "Acteurs": ["Matthew Miller", "Mounir Zahi"],
        "Année": ["2023"],
    }
    years = {year for r in records.values() for year in r["filters"]["Année"]}
    assert years == {"2023", "2024"}
    assert all(r["filters"]["Pays"] for r in records.values())


def test_names_of_countries_topics_and_people_are_indexed_with_the_article(sample_site):
    record = fragments(sample_site.out)["alger-washington-cooperation-militaire"]
    body = (sample_site.root / "content" / "alger-washington-cooperation-militaire.md").read_text(encoding="utf-8").split("---", 2)[2]
    for name in ("Matthew Miller", "Sahara occidental", "Sécurité"):
        assert name not in body  # only the front matter names it
        assert name in record["content"]


def test_search_box_words_are_the_sites_and_in_french(sample_site):
    page = BeautifulSoup((sample_site.out / "index.html").read_text(encoding="utf-8"), "lxml")
    words = json.loads(page.select_one("#search")["data-words"])
    assert words["placeholder"] == "Rechercher un article…"
    assert words["filters_label"] == "Affiner"
    assert words["zero_results"] == "Aucun résultat pour «\u202f[SEARCH_TERM]\u202f»"
    assert set(words) >= {"clear_search", "load_more", "search_label", "many_results", "one_result", "searching"}


def test_labels_in_site_yaml_change_the_search_words_and_filter_names(tmp_path):
    from tests.helpers import SAMPLE, copy_site, run_cli

    root = copy_site(SAMPLE, tmp_path / "site")
    with (root / "site.yaml").open("a", encoding="utf-8") as handle:
        handle.write("labels: {search_ui_filters_label: Filtrer, year: Millésime}\n")
    result = run_cli("build", "--config", str(root / "site.yaml"), "--out", str(root / "_site"))
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((root / "_site/index.html").read_text(encoding="utf-8"), "lxml")
    assert json.loads(page.select_one("#search")["data-words"])["filters_label"] == "Filtrer"
    record = fragments(root / "_site")["alger-washington-cooperation-militaire"]
    assert record["filters"]["Millésime"] == ["2023"] and "Année" not in record["filters"]


def test_filter_values_cannot_become_markup():
    from site_builder.render.templates import filter_value

    assert filter_value("Côte d’Ivoire") == "Côte d’Ivoire"
    value = filter_value('Jean <img src=x onerror="alert(1)"> &lt;b&gt; Dupont')
    assert not set("<>&") & set(value)
    assert value == 'Jean ‹img src=x onerror="alert(1)"› ＆lt;b＆gt; Dupont'
