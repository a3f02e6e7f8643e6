"""Raw pages → article paragraphs and page metadata, without NLP."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from site_builder.ingest.extract import ExtractError, copyright_holder, is_furniture, read_page

from ingest_support import BAD, PAGES, SEED_000, SEED_003

ALGIERS = dt.timezone(dt.timedelta(hours=1))


def read(path: Path):
    return read_page(path, "Africa/Algiers")


def test_scraped_seed_003_metadata():
    page = read(SEED_003)
    assert page.title == "Alger et Washington conviennent d’une coopération militaire"
    assert page.published == dt.datetime(2023, 12, 5, 17, 41, tzinfo=ALGIERS)
    assert page.updated == dt.datetime(2023, 12, 5, 17, 46, tzinfo=ALGIERS)
    assert page.section == "Relations internationales"
    assert page.source_name == "Le Desk"


def test_scraped_seed_003_body_is_the_article_and_nothing_else():
    page = read(SEED_003)
    body = "\n".join(page.paragraphs)
    assert page.paragraphs[0].startswith("Les États-Unis d’Amérique et l’Algérie ont tenu")
    assert page.paragraphs[-1].endswith("selon la même source.")
    assert len(page.paragraphs) == 8
    for furniture in ("S'abonner", "60 DH", "Copyright", "Revenir au direct", "Se connecter",
                      "Temps de lecture", "Relations internationales", "Découvrez l'offre"):
        assert furniture not in body


def test_clean_seed_000_has_no_title_and_no_date():
    page = read(SEED_000)
    assert page.title is None and page.published is None and page.source_name is None
    assert page.paragraphs[0].startswith("L'Algérie et la Belgique ont mis l'accent")


@pytest.mark.parametrize("name", ["05_messager_cp1252.txt", "06_journal_fleuve_latin1.txt"])
def test_single_byte_encodings_are_decoded(name):
    path = PAGES / name
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    page = read(path)
    expected = yaml.safe_load(path.with_name(name.rsplit(".", 1)[0] + ".expected.yaml").read_text("utf-8"))
    assert page.title == expected["title"]
    assert "é" in page.paragraphs[0] and "Ã" not in "".join(page.paragraphs)


def test_html_page_metadata_from_meta_and_json_ld():
    page = read(PAGES / "03_observateur_maghreb.html")
    assert page.title == "Le Maroc et l'Espagne relancent leur coopération migratoire"
    assert page.source_name == "L'Observateur du Maghreb"
    assert page.section == "Maghreb"
    assert page.published == dt.datetime(2024, 3, 12, 10, 15, tzinfo=ALGIERS)
    assert page.updated == dt.datetime(2024, 3, 12, 12, 40, tzinfo=ALGIERS)
    body = "\n".join(page.paragraphs)
    assert "Les plus lus" not in body and "Partager" not in body and "Bruxelles durcit" not in body


def test_html_time_element_keeps_its_time_and_offset():
    page = read(PAGES / "08_horizon_orient.html")
    assert page.published == dt.datetime(2023, 5, 10, 16, 30, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    assert page.source_name == "Horizon Orient"  # from the footer's copyright line


def test_html_without_any_date():
    assert read(PAGES / "16_doha_soudan_nodate.html").published is None


def test_related_teasers_after_the_article_are_dropped():
    page = read(PAGES / "18_alger_moscou.txt")
    body = "\n".join(page.paragraphs)
    assert "Sonatrach" not in body and "Pékin" not in body
    assert page.paragraphs[-1].startswith("Interrogé sur la guerre en Ukraine")


BAD_CASES = yaml.safe_load((BAD / "expected.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("name", "message"), sorted(BAD_CASES.items()))
def test_bad_input_gives_its_reason(name, message):
    with pytest.raises(ExtractError) as error:
        read(BAD / name)
    assert str(error.value) == message


def test_unreadable_path(tmp_path):
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "nowhere.txt")
    with pytest.raises(ExtractError, match="^cannot read: No such file or directory$"):
        read(link)


def test_article_sentences_that_start_like_menu_items_are_kept(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(
        "Accueil\nPartager\n"
        "Faut-il craindre une nouvelle crise entre Alger et Rabat ?\n\n"
        "Accueillant son homologue mardi, le ministre a plaidé pour un apaisement durable entre les deux pays voisins.\n\n"
        "Partager les ressources en eau du bassin reste la principale difficulté, selon plusieurs diplomates de la région.\n\n"
        "Fermer la frontière n'est pas une option, a-t-il ajouté devant la presse à l'issue de la rencontre.\n",
        encoding="utf-8")
    result = read(page)
    assert result.title == "Faut-il craindre une nouvelle crise entre Alger et Rabat ?"
    assert [p.split()[0] for p in result.paragraphs] == ["Accueillant", "Partager", "Fermer"]


def test_a_short_sentence_with_a_date_stays_in_the_body(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(
        "Publié le 3 janvier 2024 à 09h00\n"
        "Un sommet régional se prépare à Alger pour le début de l'année prochaine\n\n"
        "Les ministres des Affaires étrangères de la région se réuniront à Alger pour préparer le sommet.\n\n"
        "Le sommet se tiendra le 4 décembre 2024 à Alger.\n\n"
        "Une dizaine de délégations sont attendues, selon le ministère algérien des Affaires étrangères.\n",
        encoding="utf-8")
    result = read(page)
    assert result.published == dt.datetime(2024, 1, 3, 9, 0, tzinfo=ALGIERS)
    assert "Le sommet se tiendra le 4 décembre 2024 à Alger." in result.paragraphs
    assert len(result.paragraphs) == 3


def test_hard_wrapped_dump_reads_like_the_original(tmp_path):
    import textwrap

    original = PAGES / "01_sahel_matin_scraped.txt"
    wrapped_lines = []
    for line in original.read_text(encoding="utf-8").splitlines():
        wrapped_lines.extend(textwrap.wrap(line, 72) if len(line) > 72 else [line])
    wrapped = tmp_path / "wrapped.txt"
    wrapped.write_text("\n".join(wrapped_lines), encoding="utf-8")
    plain, rewrapped = read(original), read(wrapped)
    assert rewrapped.title == plain.title and rewrapped.section == plain.section
    assert rewrapped.paragraphs == plain.paragraphs


_NO_DATE_ARTICLE = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>Tunis et Rome relancent le dialogue migratoire | La Presse du Sud</title></head><body>
<nav><a href="/">Accueil</a> | <a href="/monde">Monde</a></nav>
{before}
<h1>Tunis et Rome relancent le dialogue migratoire</h1>
<p>La présidente du Conseil italien, Giorgia Meloni, a été reçue lundi à Carthage par le président
Kaïs Saïed pour une nouvelle séance de travail sur la gestion des flux migratoires.</p>
<p>Les deux dirigeants ont passé en revue l'application du mémorandum signé en 2023 avec l'Union
européenne, selon un communiqué de la présidence tunisienne publié dans la soirée.</p>
<p>Le ministre italien de l'Intérieur accompagnait la délégation et a annoncé un nouveau programme
de retours volontaires financé par Rome.</p>
{after}
<footer>© La Presse du Sud 2025 — Tous droits réservés.</footer></body></html>"""


def _html_page(tmp_path: Path, before: str = "", after: str = "") -> Path:
    page = tmp_path / "page.html"
    page.write_text(_NO_DATE_ARTICLE.format(before=before, after=after), encoding="utf-8")
    return page


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        # htmldate (without its extensive search, which takes dates from anywhere) finds no
        # date here, and trafilatura leaves the line out of the article's text.
        ('<div class="meta">Par Samia Ben Salah — mis en ligne le mardi 14 octobre 2025 à 18h32</div>', "",
         dt.datetime(2025, 10, 14, 18, 32, tzinfo=ALGIERS)),
        ("", "<p>Publié le 3 février 2026 à 07h45</p>", dt.datetime(2026, 2, 3, 7, 45, tzinfo=ALGIERS)),
        # htmldate finds the day in this line but leaves its time out.
        ('<div class="node__meta"><p class="submitted">Publié le 03/02/2026 - 14:27</p>'
         '<div class="field__item">par Ghania Oukazi</div></div>', "", dt.datetime(2026, 2, 3, 14, 27, tzinfo=ALGIERS)),
    ],
    ids=["dateline above the headline", "publication line below the article", "printed time of the markup's day"],
)
def test_html_date_printed_outside_the_markup(tmp_path, before, after, expected):
    assert read(_html_page(tmp_path, before=before, after=after)).published == expected


def test_html_bare_date_in_a_teaser_is_not_the_articles_date(tmp_path):
    teaser = "<aside><p>Alger et Paris renouent, mardi 12 mars 2024</p></aside>"
    assert read(_html_page(tmp_path, after=teaser)).published is None


_WIRE_STORY = """World | Americas
US and Venezuela hold first direct talks in years
January 5, 2026 9:41 PM GMT+1

{lead} Secretary of State Marco Rubio said on Monday that Washington had held talks with Caracas.

The talks took place in Doha and were facilitated by Qatar, a State Department spokesperson said on Tuesday.
{footer}"""


@pytest.mark.parametrize(
    ("lead", "footer", "source"),
    [
        ("WASHINGTON, Jan 5 (Reuters) -", "", "Reuters"),
        ("Alger, 5 mai 2025 (APS) -", "", "APS"),
        ("WASHINGTON -", "", None),  # a dateline without an agency says nothing of the source
        ("WASHINGTON, Jan 5 (Reuters) -", "© 2026 Le Courrier du Sud. Tous droits réservés.", "Le Courrier du Sud"),
    ],
)
def test_a_wire_storys_agency_is_its_source_when_the_page_names_none(tmp_path, lead, footer, source):
    page = tmp_path / "page.txt"
    page.write_text(_WIRE_STORY.format(lead=lead, footer=footer), encoding="utf-8")
    assert read(page).source_name == source


_BODY = ("Le chancelier allemand et le président français ont plaidé mercredi à Berlin pour un réarmement "
         "européen coordonné face à la menace.\n\nLa haute représentante de l'Union européenne a salué une "
         "initiative bienvenue, selon un communiqué publié dans la soirée à Bruxelles.\n")


def test_a_short_line_after_the_dateline_is_not_the_title(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("Monde - Europe\nBerlin et Paris veulent relancer l'Europe de la défense\n"
                    "mercredi 9 avril 2025, 16h12\nL'Écho de l'Est\n\n" + _BODY, encoding="utf-8")
    result = read(page)
    assert result.title == "Berlin et Paris veulent relancer l'Europe de la défense"
    assert result.section == "Monde - Europe"


def test_a_short_headline_after_the_dateline_is_still_the_title(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("Monde\nPublié le 9 avril 2025 à 16h12\nBerlin et Paris s'accordent\n\n" + _BODY,
                    encoding="utf-8")
    assert read(page).title == "Berlin et Paris s'accordent"


def test_cookie_notices_captions_and_relative_times_are_not_the_article(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(
        "S'abonner\nVotre navigateur bloque les cookies tiers. Certaines fonctionnalités peuvent ne pas s'afficher.\n"
        "LIBAN\nDésarmement du Hezbollah : Washington presse Beyrouth, Aoun demande du temps\nOLJ / AFP\n"
        "il y a 2 heures\n12 février 2026 à 09h40\n"
        "[1/2] Le président libanais Joseph Aoun reçoit l'émissaire américaine à Baabda, le 12 février 2026. "
        "REUTERS/Stringer Purchase Licensing Rights\n\n" + _BODY, encoding="utf-8")
    result = read(page)
    assert result.title == "Désarmement du Hezbollah : Washington presse Beyrouth, Aoun demande du temps"
    assert result.section == "LIBAN"
    assert result.published == dt.datetime(2026, 2, 12, 9, 40, tzinfo=ALGIERS)
    assert result.paragraphs[0].startswith("Le chancelier allemand")


@pytest.mark.parametrize("line", ["il y a 2 heures", "Updated 2 hours ago", "3 hours ago", "Il y a 3 jours",
                                  "il y a une heure", "Il y a 2 semaines", "an hour ago", "2 weeks ago",
                                  "This article is available in French on Middle East Eye French edition.",
                                  "Les tribunes publiées par Jeune Afrique n'engagent que leurs auteurs.",
                                  "This website uses cookies to give you the best experience on our website, "
                                  "read our policy to learn more about how we use them."])
def test_lines_of_the_site_not_the_story(line):
    assert is_furniture(line)


def test_a_sentence_that_opens_with_il_y_a_is_the_story():
    assert not is_furniture("Il y a deux ans, le président a signé un accord historique avec son homologue.")


def test_html_rubric_just_above_the_headline(tmp_path):
    page = _html_page(tmp_path, before='<div class="field--name-field-rubrique"><a href="/monde">Monde</a></div>')
    assert read(page).section == "Monde"


def test_html_dateline_above_the_headline_is_not_the_rubric(tmp_path):
    page = _html_page(tmp_path, before='<div class="meta">Publié le 3 mars 2025</div>')
    assert read(page).section is None


def test_rubric_above_the_dateline_and_headline(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("Accueil\nMonde\n03/03/2025 14:05\nNiger : l'Algérie et le Niger conviennent de rouvrir le poste "
                    "frontalier d'Assamaka\n\n" + _BODY, encoding="utf-8")
    assert read(page).section == "Monde"


@pytest.mark.parametrize(
    ("line", "outlet"),
    [
        ("© 2026 Premium Times Services Limited. All rights reserved.", "Premium Times"),
        ("Copyright © 2025 Gulf News Media Group LLC", "Gulf News"),
        ("© Algérie Presse Service 2025", "Algérie Presse Service"),
    ],
)
def test_the_company_behind_an_outlet_is_not_its_name(line, outlet):
    assert copyright_holder(line) == outlet


@pytest.mark.parametrize("line", [
    "Both parties subscribe to the two-state solution.",
    "Why countries sign up for China's Belt and Road",
    "« Il vous reste trois jours », a-t-il averti.",
    "Meta uses cookies to track users, the regulator said.",
    "By continuing to arm Ukraine, the West prolongs the war.",
])
def test_story_lines_that_share_words_with_site_notices(line):
    assert not is_furniture(line)


def test_a_comment_before_the_headline_is_not_the_rubric(tmp_path):
    page = _html_page(tmp_path, before="<!-- titre -->")
    assert read(page).section is None


def test_a_byline_above_the_headline_is_not_the_rubric(tmp_path):
    page = _html_page(tmp_path, before="<p>Par Hasni Abidi</p>")
    assert read(page).section is None


def test_a_short_headline_below_a_tagline_and_a_rubric(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("Le quotidien national d'information de référence\nMonde\nTebboune reçoit Attaf\n\n" + _BODY,
                    encoding="utf-8")
    assert read(page).title == "Tebboune reçoit Attaf"


def test_a_sentence_opening_with_par_signs_nothing(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("Monde\nAlger et Washington renforcent leur dialogue stratégique\nPar Samia Ben Salah\n\n" + _BODY
                    + "\nPar ailleurs, Ahmed Attaf et Antony Blinken.\n", encoding="utf-8")
    assert read(page).authors == ["Samia Ben Salah"]
