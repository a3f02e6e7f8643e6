"""The built sample site: its page set, article pages, lists, escaping and dates."""

from __future__ import annotations

import json
import re
from pathlib import Path

import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup

from tests.helpers import SAMPLE, run_cli

ARTICLES = sorted(path.stem for path in (SAMPLE / "content").glob("*.md") if path.stem != "brouillon-non-publie")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def slug_of(link) -> str:
    return link["href"].rstrip("/").rsplit("/", 1)[1]


def test_every_article_has_a_page_named_after_its_file(sample_site):
    pages = sorted(p.parent.name for p in (sample_site.out / "articles").glob("*/index.html"))
    assert pages == ARTICLES


def test_site_files_exist(sample_site):
    for name in ["index.html", "feed.xml", "sitemap.xml", "robots.txt", "404.html", ".nojekyll",
                 "pays/index.html", "sujets/index.html", "acteurs/index.html", "static/style.css"]:
        assert (sample_site.out / name).is_file(), name
    robots = (sample_site.out / "robots.txt").read_text()
    assert f"Sitemap: {sample_site.base_url}sitemap.xml" in robots


def test_draft_is_left_out_everywhere(sample_site):
    for path in sample_site.out.rglob("*"):
        if path.suffix in {".html", ".xml"}:
            text = path.read_text(encoding="utf-8")
            assert "Brouillon" not in text and "brouillon" not in text, path
    assert not (sample_site.out / "pays" / "islande").exists()


def test_home_is_newest_first_grouped_by_french_month(sample_site):
    page = soup(sample_site.out / "index.html")
    headings = [h.get_text(strip=True) for h in page.select(".month-heading")]
    assert headings[:2] == ["Janvier 2024", "Décembre 2023"]
    times = [t["datetime"] for t in page.select("main time[datetime]")]
    assert times == sorted(times, reverse=True) and len(times) == 5
    first = page.select_one("main time[datetime]")
    assert first.get_text() == "15 janvier 2024"
    titles = [a.get_text(strip=True) for a in page.select("main a[href*='/articles/']")]
    assert titles[0] == "Alger et Bruxelles tiennent leurs consultations politiques"
    chips = [a.get_text() for a in page.select("main .chip-country")]
    assert chips[:4] == ["Algérie", "Belgique", "Libye", "Mali"]


def test_home_is_paginated_with_working_neighbours(sample_site):
    total = -(-len(ARTICLES) // 5)
    assert (sample_site.out / "page" / str(total) / "index.html").is_file()
    assert not (sample_site.out / "page" / str(total + 1)).exists()
    second = soup(sample_site.out / "page" / "2" / "index.html")
    assert second.select_one("a[rel=prev]")["href"] == sample_site.base_path
    assert second.select_one("a[rel=next]")["href"] == f"{sample_site.base_path}page/3/"


def test_article_page_has_everything(sample_site):
    page = soup(sample_site.out / "articles" / "alger-washington-cooperation-militaire" / "index.html")
    assert page.select_one("h1").get_text(strip=True) == "Alger et Washington conviennent d’une coopération militaire"
    assert page.select_one("html")["lang"] == "fr"
    canonical = f"{sample_site.base_url}articles/alger-washington-cooperation-militaire/"
    assert page.select_one("link[rel=canonical]")["href"] == canonical
    assert page.select_one("meta[property='og:url']")["content"] == canonical
    data = json.loads(page.select_one("script[type='application/ld+json']").string)
    assert data["@type"] == "NewsArticle" and data["datePublished"] == "2023-12-05T17:41:00+01:00"
    countries = list(dict.fromkeys(slug_of(a) for a in page.select("main a.chip-country")))
    assert countries == ["algerie", "etats-unis", "maroc", "sahara-occidental"]
    actors = list(dict.fromkeys(slug_of(a) for a in page.select("main a[href*='/acteurs/']")))
    assert actors == ["mounir-zahi", "matthew-miller"]
    assert "général major" in page.select_one("main a[href$='/acteurs/mounir-zahi/']").find_parent("li").get_text()
    assert page.select_one("a[rel=prev]") and page.select_one("a[rel=next]")
    assert "Tindouf" in page.select_one("main").get_text()


def test_country_variants_and_accents_make_one_page(sample_site):
    # 'Etats-Unis', 'États-Unis' and 'USA' are all used in the sample.
    pays = sorted(p.name for p in (sample_site.out / "pays").iterdir() if p.is_dir())
    assert "etats-unis" in pays and "usa" not in pays and "cote-d-ivoire" in pays
    page = soup(sample_site.out / "pays" / "etats-unis" / "index.html")
    assert page.select_one("h1").get_text(strip=True) == "États-Unis"
    listed = {a["href"].rstrip("/").rsplit("/", 1)[1] for a in page.select(".card-title a")}
    assert "mexique-etats-unis-migration" in listed or (sample_site.out / "pays/etats-unis/page/2").exists()


def test_taxonomy_indexes_list_every_term_with_counts(sample_site):
    page = soup(sample_site.out / "pays" / "index.html")
    text = page.get_text(" ", strip=True)
    assert "Algérie" in text and "Côte d’Ivoire" in text
    links = {a["href"] for a in page.select("a")}
    assert f"{sample_site.base_path}pays/algerie/" in links
    assert (sample_site.out / "acteurs" / "abiy-ahmed" / "index.html").is_file()
    actor = soup(sample_site.out / "acteurs" / "abiy-ahmed" / "index.html")
    assert "Premier ministre" in actor.get_text()


def test_hostile_text_is_escaped_everywhere(sample_site):
    for path in sample_site.out.rglob("*.html"):
        page = soup(path)
        for script in page.find_all("script"):
            if script.get("type") == "application/ld+json":
                # Data, not code: it may quote the text, but can never close its element.
                assert "<" not in script.string and json.loads(script.string), path
            else:
                assert "alert(" not in (script.string or ""), path
        assert not page.select("img[onerror], b"), path
    article = soup(sample_site.out / "articles" / "xss-test-article" / "index.html")
    assert article.select_one("h1").get_text() == "Un titre <script>alert('titre')</script> piégé"
    assert "<script>alert('corps')</script>" in article.select_one("main").get_text()
    data = json.loads(article.select_one("script[type='application/ld+json']").string)
    assert data["headline"] == "Un titre <script>alert('titre')</script> piégé"
    feed = (sample_site.out / "feed.xml").read_text(encoding="utf-8")
    assert "<script>" not in feed and "&lt;script&gt;" in feed


def test_feeds_are_valid_atom_with_absolute_urls(sample_site):
    feeds = [sample_site.out / "feed.xml", *sample_site.out.glob("*/*/feed.xml")]
    assert len(feeds) > 50
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
        assert parsed.entries, path
        for entry in parsed.entries:
            assert entry.link.startswith(sample_site.base_url), entry.link
    main = feedparser.parse((sample_site.out / "feed.xml").read_bytes())
    assert main.entries[0].title == "Alger et Bruxelles tiennent leurs consultations politiques"
    algeria = feedparser.parse((sample_site.out / "pays/algerie/feed.xml").read_bytes())
    assert {e.title for e in algeria.entries} >= {"L’Algérie renonce à sa candidature aux BRICS"}


def test_sitemap_lists_every_page_absolutely(sample_site):
    page = BeautifulSoup((sample_site.out / "sitemap.xml").read_text(encoding="utf-8"), "xml")
    locations = [loc.get_text() for loc in page.find_all("loc")]
    assert all(loc.startswith(sample_site.base_url) for loc in locations)
    for slug in ARTICLES:
        assert f"{sample_site.base_url}articles/{slug}/" in locations


def test_dates_without_zone_use_the_site_zone(tmp_path):
    from site_builder.config import load_config
    from site_builder.model.load import load_articles

    (tmp_path / "content").mkdir()
    (tmp_path / "site.yaml").write_text("timezone: America/Montreal\n")
    (tmp_path / "content" / "a.md").write_text(
        "---\ntitle: A\ndate: 2099-03-12 10:15\nsummary: Futur.\n---\nx\n", encoding="utf-8"
    )
    loaded = load_articles(load_config(tmp_path / "site.yaml"), use_cache=False)
    (article,) = loaded.articles
    assert article.date.isoformat() == "2099-03-12T10:15:00-04:00"


def test_same_slug_files_get_distinct_stable_urls(tmp_path):
    from site_builder.config import load_config
    from site_builder.errors import ContentError
    from site_builder.model.library import build_library
    from site_builder.model.load import load_articles

    (tmp_path / "content").mkdir()
    (tmp_path / "site.yaml").write_text("title: T\n")
    config = load_config(tmp_path / "site.yaml")
    # File names that slug alike: the second in name order steps aside.
    for name in ["Été-à-Alger.md", "ete-a-alger.md", "escape.md"]:
        target = tmp_path / "content" / name
        target.write_text(f"---\ntitle: {name}\ndate: 2024-01-01\nsummary: S.\n---\n", encoding="utf-8")
    library = build_library(config, load_articles(config, False).articles, use_cache=False)
    slugs = sorted(article.slug for article in library.articles)
    assert slugs == ["escape", "ete-a-alger", "ete-a-alger-2"]
    # Explicit slugs that slug alike (and one that tries to leave the folder): an error for the second.
    for name in ["Été-à-Alger.md", "ete-a-alger.md", "../../escape.md"]:
        target = tmp_path / "content" / Path(name).name
        target.write_text(f"---\ntitle: {name}\ndate: 2024-01-01\nsummary: S.\nslug: {name}\n---\n", encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        build_library(config, load_articles(config, False).articles, use_cache=False)
    (problem,) = raised.value.problems
    assert problem.path.name == "Été-à-Alger.md" and problem.line == 5
    assert problem.message == f"slug 'ete-a-alger-md' is already claimed by {tmp_path / 'content' / 'ete-a-alger.md'}:5"


def test_expected_invalid_messages_file_is_complete():
    expected = yaml.safe_load((SAMPLE.parent / "invalid" / "expected.yaml").read_text(encoding="utf-8"))
    cases = {path.name for path in (SAMPLE.parent / "invalid").glob("*.md")}
    assert set(expected) == cases


def test_aliases_redirect_to_the_article_under_the_base_path(sample_site):
    target = f"{sample_site.base_path}articles/alger-washington-cooperation-militaire/"
    for output in ["2023/12/05/alger-washington/index.html", "ancienne-adresse.html"]:
        page = soup(sample_site.out / output)
        assert page.select_one("meta[http-equiv=refresh]")["content"] == f"0; url={target}"
        assert page.select_one("a")["href"] == target


def test_unsafe_alias_is_an_error(tmp_path):
    from tests.helpers import copy_site

    site = copy_site(SAMPLE, tmp_path / "site")
    path = site / "content" / "inde-canada-crise.md"
    path.write_text(path.read_text(encoding="utf-8").replace("source:", "aliases: [../../etc/passwd]\nsource:", 1), encoding="utf-8")
    result = run_cli("build", "--config", "site.yaml", "--no-search", cwd=site)
    assert result.returncode == 1
    assert result.stderr.strip() == "content/inde-canada-crise.md:4: alias '../../etc/passwd' is not a safe site path"
    assert not (site / "_site").exists()


def test_topics_differing_in_case_or_accents_are_one_term(tmp_path):
    from site_builder.config import load_config
    from site_builder.model.library import build_library
    from site_builder.model.load import load_articles

    (tmp_path / "content").mkdir()
    (tmp_path / "site.yaml").write_text("title: T\n")
    for name, topic, country in [("a", "defense", "USA"), ("b", "Défense", "Etats-Unis"), ("c", "Défense", "United States")]:
        (tmp_path / "content" / f"{name}.md").write_text(
            f"---\ntitle: {name}\ndate: 2024-01-0{ord(name) - 96}\nsummary: S.\n"
            f"tags:\n  topics: [{topic}]\n  countries: [{country}]\n---\n",
            encoding="utf-8",
        )
    config = load_config(tmp_path / "site.yaml")
    library = build_library(config, load_articles(config, use_cache=False).articles, use_cache=False)
    (topic,) = library.taxonomies["topics"].values()
    assert (topic.slug, topic.label, len(topic.articles)) == ("defense", "Défense", 3)
    (country,) = library.taxonomies["countries"].values()
    assert (country.slug, country.label, len(country.articles)) == ("etats-unis", "États-Unis", 3)


def test_country_variants_normalise_and_words_do_not():
    from site_builder.countries import canonical_country, closest_country

    for label in ["Etats-Unis", "États-Unis", "USA", "US", "United States", "États-Unis d'Amérique"]:
        assert canonical_country(label) == "États-Unis", label
    assert canonical_country("Cote d'Ivoire") == canonical_country("Côte d’Ivoire") == "Côte d’Ivoire"
    assert canonical_country("UK") == "Royaume-Uni"
    for word in ["et", "la", "de", "il", "UE", "ONU", "Amérique", "Afrique"]:
        assert canonical_country(word) is None, word
    assert closest_country("Frence") == "France" and closest_country("Atlantide") is None


def test_the_masthead_marks_the_current_section(sample_site):
    """The masthead is rendered once per section and reused: each page still gets its own."""

    def current(relative: str) -> list[tuple[str, str]]:
        nav = soup(sample_site.out / relative).select_one("nav.site-nav")
        return [(a.get_text(strip=True), a["aria-current"]) for a in nav.select("a[aria-current]")]

    assert current("index.html") == [("Accueil", "page")]
    assert current("page/2/index.html") == [("Accueil", "page")]
    assert current("pays/index.html") == [("Pays", "page")]
    assert current("pays/algerie/index.html") == [("Pays", "true")]
    assert current("sujets/index.html") == [("Sujets", "page")]
    assert current("acteurs/abiy-ahmed/index.html") == [("Acteurs", "true")]
    assert current("articles/rabat-madrid-gazoduc/index.html") == []
    footer = soup(sample_site.out / "articles" / "rabat-madrid-gazoduc" / "index.html").select_one("footer.site-footer")
    assert [a.get_text(strip=True) for a in footer.select("a")] == ["Pays", "Sujets", "Acteurs", "Organisations", "Flux Atom"]


@pytest.mark.parametrize(
    "name",
    ["2019-01-01-visite-a-alger", "abc", "123", "a" * 100, "a" * 101, "Visite", "été", "a--b", "-a", "a-", "a_b", "a b", "x.md"],
)
def test_article_slugs_are_what_slugify_makes(name):
    from slugify import slugify

    from site_builder.slugs import article_slug as _slug

    assert _slug(name) == (slugify(name, max_length=100) or "article")


def test_a_byte_order_mark_is_not_part_of_the_front_matter(tmp_path):
    from site_builder.config import load_config
    from site_builder.model.load import load_articles

    (tmp_path / "content").mkdir()
    (tmp_path / "site.yaml").write_text("title: T\n")
    (tmp_path / "content" / "a.md").write_bytes("\ufeff---\r\ntitle: Été\r\ndate: 2024-01-01\r\nsummary: S.\r\n---\r\nCorps\r\n".encode())
    (article,) = load_articles(load_config(tmp_path / "site.yaml"), use_cache=False).articles
    assert (article.title, article.body_html) == ("Été", "<p>Corps</p>\n")


@pytest.mark.parametrize("seen", [0, 1, 4999, 5000, 5001, 3 << 20])
def test_a_file_reads_whole_whatever_size_the_scan_saw(tmp_path, seen):
    from site_builder.model.load import _read_file

    for size in (0, 5000, (1 << 20) + 7, 3 << 20):
        path = tmp_path / f"{size}.md"
        data = bytes(index % 251 for index in range(size))
        path.write_bytes(data)
        assert _read_file(str(path), seen) == data
