"""Ingest on layouts it was not tuned on (issue 21): one rule about page structure or
language per test, each on a page written for it (tests/fixtures/ingest_rules), with
words unlike the held-out set's (tests/fixtures/generalize)."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from ingest_support import REPO

from site_builder.ingest.extract import ExtractError, is_caption, is_furniture, page_phrases, read_page
from site_builder.ingest.nlp import _drop_incidental

RULES = REPO / "tests" / "fixtures" / "ingest_rules"
ALGIERS = dt.timezone(dt.timedelta(hours=1))


def read(name: str):
    return read_page(RULES / name, "Africa/Algiers")


def test_the_site_tagline_is_no_headline_and_the_labelled_publication_line_wins():
    # Rule: "<Site> – <motto>" is the site's name; a "Publié le" line beats the day the header prints.
    page = read("tagline_and_dated_header.txt")
    assert page.title == "Les palmeraies de Tozeur reçoivent un plan d'irrigation de trois ans"
    assert page.published == dt.datetime(2025, 12, 2, 7, 50, tzinfo=ALGIERS)


def test_a_headline_printed_twice_wins_over_captions_and_credit_lines():
    # Rule: a headline is printed twice (or its <title> reprints it); captions and credits are captions.
    page = read("headline_printed_twice.txt")
    assert page.title == "Fishing fleets return to Walvis Bay after a six-week strike"
    assert page.paragraphs[0].startswith("Trawlers left Walvis Bay")
    assert not any("file photo" in p or "Shikongo" in p for p in page.paragraphs)


def test_the_headline_above_a_longer_standfirst_is_the_headline():
    # Rule: a title-shaped line right above a much longer one is the headline, the other its standfirst.
    page = read("headline_then_standfirst.txt")
    assert page.title == "Chamonix ferme deux téléphériques pour l'hiver"
    assert page.published == dt.date(2025, 11, 4)


def test_hard_wrapped_text_is_unwrapped_headline_included():
    # Rule: a line ending on a small word ("de") goes on; wrapped lines join by line length.
    page = read("hard_wrapped_note.txt")
    assert page.title == "Les coopératives laitières du plateau signent une charte de qualité commune"
    assert len(page.paragraphs) == 3
    assert page.paragraphs[0].startswith("Les vingt-deux coopératives") and page.paragraphs[0].endswith("région.")
    assert page.paragraphs[-1].endswith("années 2010.")


def test_english_furniture_inside_and_after_the_body_goes():
    # Rule: captions end with their credit; teasers, counters, prompts, forms and banners are the site's.
    page = read("furniture_inside.txt")
    assert page.title == "City council approves new cycle lanes along the river"
    assert [p[:30] for p in page.paragraphs] == [
        "The city council approved on W", "The work will start in the spr", "Shop owners on Mill Street, wh"]


def test_french_furniture_inside_and_after_the_body_goes():
    page = read("meubles_dans_le_corps.txt")
    assert len(page.paragraphs) == 3
    assert page.paragraphs[-1].endswith("selon la directrice de l'établissement.")
    body = "\n".join(page.paragraphs)
    for furniture in ("Image :", "marché de Noël", "un ami", "J'aime", "e-mail", "traceurs", "Tout accepter", "lettre"):
        assert furniture not in body


def test_a_caption_with_its_credit_does_not_end_the_story():
    # Rule: "© <credit>" after a sentence is a picture's credit, not the page's copyright footer.
    page = read("caption_mid_article.txt")
    assert page.paragraphs[-1].startswith("Sweden said it would study")
    assert len(page.paragraphs) == 4
    assert page.source_name != "Nordic Wire / Mari Kask"


@pytest.mark.parametrize("name", ["gone.txt", "stub.txt"])
def test_a_page_with_only_a_notice_is_refused(name):
    # Rule: a short body that speaks of the page itself (gone, for subscribers) is no article.
    with pytest.raises(ExtractError, match=r"^no article in the page, only a notice about it"):
        read(name)


def test_a_crawler_stamp_is_no_part_of_the_headline_and_gives_the_day():
    page = read("crawler_stamp.txt")
    assert page.title == "Les apiculteurs du Gers réclament une aide après une récolte très faible"
    assert page.published == dt.date(2025, 9, 18)


def test_an_html_title_that_is_the_sites_motto_gives_way_to_the_h1():
    page = read("site_title.html")
    assert page.title == "Les pêcheurs de la lagune obtiennent une zone de repos biologique"
    assert page.published == dt.datetime(2025, 10, 9, 12, 10, tzinfo=ALGIERS)


@pytest.mark.parametrize(("sentence", "kept"), [
    ("Dans la nuit de samedi à dimanche, un incendie a détruit un entrepôt", "de samedi à dimanche"),
    ("The referendum was held on Sunday, March 9 across the country", "on Sunday, March 9"),
    ("Le conseil a voté, ce lundi 3 mars, un budget en hausse", "ce lundi 3 mars"),
])
def test_generated_titles_keep_a_weekday_the_phrase_needs(sentence, kept):
    assert kept in _drop_incidental(sentence)


def test_generated_titles_drop_a_weekday_said_in_passing():
    assert _drop_incidental("Le préfet a reçu mardi les maires du canton") == "Le préfet a reçu les maires du canton"
    assert _drop_incidental("The mayor met on Friday the union leaders") == "The mayor met the union leaders"


def test_caption_and_furniture_rules_spare_running_text():
    assert is_caption("Harvest workers near Kano. Picture: Daily Field")
    assert is_caption("Le port de Sfax (Photo AFP)")
    assert not is_caption("Le ministre a présenté son rapport (150 pages) devant les députés.")
    assert is_furniture("Like 12") and is_furniture("Réactions (4)")
    assert not is_furniture("Le 14 janvier 2026")
    assert not is_furniture("Like many coastal towns, Walvis Bay depends on fishing and on its port.")


def test_phrase_lists_are_data_for_each_language():
    for language in ("fr", "en"):
        assert (REPO / "site_builder" / "ingest" / f"page_phrases.{language}.yaml").is_file()
    phrases = page_phrases()
    assert "check also" in phrases.teasers and "a lire aussi" in phrases.teasers
    assert "de" in phrases.small_words and "the" in phrases.small_words


def test_text_wrapped_wide_without_blank_lines_is_unwrapped():
    # Rule: most long lines end near one column, mid-sentence: the dump is wrapped there.
    page = read("wrapped_wide_no_blank_lines.txt")
    assert page.title == "Les bibliothèques de quartier de Lausanne prolongent leurs horaires d'ouverture le soir"
    assert len(page.paragraphs) == 3
    assert page.paragraphs[0].endswith("avant leur fermeture actuelle.")
    assert page.paragraphs[1].startswith("L'essai coûtera") and page.paragraphs[2].startswith("Les syndicats")


def test_a_printed_publication_line_beats_the_days_a_page_prints_elsewhere():
    # Rule: the "Publié le : <date> - <heure>" line is the publication, not the top bar's day or a ticker's.
    page = read("printed_publication_line.html")
    assert page.published == dt.datetime(2025, 11, 3, 8, 20, tzinfo=ALGIERS)


def test_a_dated_dateline_opening_the_article_gives_its_day_and_stays_out_of_the_summary(tmp_path, nlp):
    # Rule: "<OUTLET>-<date>: " opening the first paragraph is a dateline: the page's day, not its lead.
    from site_builder.ingest.nlp import summarise

    page = tmp_path / "page.txt"
    page.write_text("Le Veilleur\nLe port de Sète accueille un nouveau terminal à conteneurs\n"
                    "VEILLEUR-12 mai 2025: Le port de Sète a inauguré lundi un terminal à conteneurs qui doit "
                    "doubler ses capacités d'ici à deux ans.\nLe chantier a duré trois ans et coûté quatre-vingts "
                    "millions d'euros, financés par la région et par l'Union européenne.\n", encoding="utf-8")
    read_back = read_page(page, "Africa/Algiers")
    assert read_back.published == dt.date(2025, 5, 12)
    assert summarise(nlp(" ".join(read_back.paragraphs))).startswith("Le port de Sète a inauguré")


def test_a_publishers_disclaimer_after_a_release_is_no_paragraph(tmp_path):
    # Rule: the disclaimers of page_phrases.<lang>.yaml mark a line as the publisher's, however long.
    page = tmp_path / "release.txt"
    page.write_text("Ministry of Water\nAs announced by the ministry's spokesperson:\n"
                    "The ministry has approved the construction of three desalination plants on the coast, "
                    "which will supply drinking water to four hundred thousand people by 2028.\n"
                    "/Public Release. This material from the originating organization might be of a point-in-time "
                    "nature. The site does not take institutional positions on any matter at all.\n", encoding="utf-8")
    paragraphs = read_page(page, "Africa/Algiers").paragraphs
    assert paragraphs[0].startswith("As announced by the ministry's spokesperson: The ministry has approved")
    assert len(paragraphs) == 1


def test_a_box_of_links_inside_the_article_does_not_end_it():
    # Rule: "Sur le même sujet" followed by its links, then running text again: a box, not the end.
    page = read("box_inside_article.txt")
    assert len(page.paragraphs) == 4
    assert page.paragraphs[-1].endswith("chargé des transports.")
    assert not any("autocars" in p or "gare de Gap" in p or "Ariège" in p for p in page.paragraphs)


def test_a_short_wrapped_mail_joins_lines_that_go_on_in_lower_case():
    # Rule: a line stopping mid-sentence, followed by one in lower case, goes on there.
    page = read("short_wrapped_mail.txt")
    assert [p[:30] for p in page.paragraphs] == ["Les vendanges du domaine se so", "Le volume récolté est inférieu"]
    assert page.paragraphs[0].endswith("du mois d'août.")


def test_a_summary_keeps_a_long_first_sentence_whole(nlp):
    # Rule: a summary is 1-3 whole sentences, never cut mid-sentence.
    from site_builder.ingest.nlp import SUMMARY_WORDS, summarise

    long_sentence = ("Le conseil municipal a adopté mardi soir, après une séance de plus de six heures marquée par "
                     "des échanges vifs entre la majorité et l'opposition, un plan de rénovation des écoles "
                     "primaires qui prévoit la réfection des toitures, l'isolation des façades, le remplacement "
                     "des chaudières au fioul par des pompes à chaleur et la création de cours végétalisées dans "
                     "onze établissements de la ville d'ici à la fin de l'année 2027.")
    assert len(long_sentence.split()) > SUMMARY_WORDS
    summary = summarise(nlp(long_sentence + " Le coût est estimé à douze millions d'euros."))
    assert summary == long_sentence


def test_a_dateline_below_the_standfirst_is_the_page_date():
    # Rule: a dateline among the article's first lines (below a standfirst) is the header's.
    page = read("dateline_below_standfirst.txt")
    assert page.published == dt.datetime(2026, 3, 27, 16, 45, tzinfo=ALGIERS)


def test_a_wrapped_headline_going_on_in_lower_case_is_joined():
    page = read("wrapped_headline_lower_case.txt")
    assert page.title == ("Les gardes forestiers des Vosges recensent une hausse des cerfs sur trois ans, "
                          "selon leur dernier comptage")
    assert len(page.paragraphs) == 2


def test_a_sentence_starting_like_a_heading_does_not_end_the_story():
    # Rule: an end heading ("Commentaires") is a short line; a sentence opening with the word is text.
    page = read("sentence_starting_like_a_heading.txt")
    assert len(page.paragraphs) == 3
    assert page.paragraphs[-1].endswith("selon le consortium chargé du projet.")
    assert not any("👍" in p or "Jean-Marc" in p for p in page.paragraphs)


def test_agency_photo_credit_lines_are_captions():
    assert is_caption("AFP PHOTO / Jane Moreau") and is_caption("Anadolu Agency / Emre Kaya")
    assert is_caption("Fishermen unload their catch in Mombasa. REUTERS/Otieno Were/File Photo")
    assert is_caption("Le port de Bizerte au petit matin. Photo © Tunis Hebdo")
    assert not is_caption("Mali / Niger")
    assert not is_caption("Il a publié une photo/vidéo de la rencontre sur son compte.")


def test_a_first_line_above_a_menu_is_the_masthead():
    # Rule: a long first line followed by a menu (lines of one or two words) is the site's masthead.
    assert read("masthead_then_menu.txt").title == "Le ferry de Belle-Île passe à la propulsion hybride"


def test_a_weekday_dropped_takes_its_article_along():
    assert _drop_incidental("Le maire a été reçu le lundi par le préfet") == "Le maire a été reçu par le préfet"


def test_a_short_story_using_a_notice_phrase_is_kept(tmp_path):
    page = tmp_path / "brief.txt"
    page.write_text("Le marché du samedi change de place\nLe marché du samedi a été déplacé place de la mairie "
                    "pendant les travaux de la halle, qui dureront jusqu'à la fin du mois de juin.\n", encoding="utf-8")
    assert read_page(page, "Africa/Algiers").paragraphs[0].startswith("Le marché du samedi a été déplacé")


def test_the_issuer_of_a_release_is_not_its_headline():
    # Rule: a bare capitalised name of an issuing body ("Ministry of …") signs the release.
    page = read("press_release_issuer.txt")
    assert page.title == "New quotas for the sardine season agreed with coastal communities"
    assert page.published == dt.date(2025, 8, 14)


def test_a_breadcrumb_is_not_the_headline():
    assert read("breadcrumb_first.txt").title == "Lake Victoria ferry service resumes after safety refit"
