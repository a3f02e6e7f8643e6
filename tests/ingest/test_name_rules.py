"""Ingest's person names and roles on sentences written for each rule (issue 20).
Each test is one general rule, on text of our own."""

from __future__ import annotations

import pytest
from ingest_support import REPO

from site_builder.ingest.nlp import ArticleText, analyse_many, load_vocabulary

pytestmark = [pytest.mark.nlp, pytest.mark.xdist_group("nlp")]


def actors(*paragraphs: str):
    [analysis] = analyse_many([ArticleText(title=None, paragraphs=list(paragraphs))],
                              load_vocabulary(REPO / "topics.yaml"))
    return {actor.name: actor for actor in analysis.actors}


def test_a_nationality_noun_between_the_role_and_the_name_is_skipped(nlp):
    found = actors("Le président sortant de l’Union africaine, le Kényan Samuel Otieno, et son successeur, "
                   "le Malien Oumar Diarra, ont pris la parole à l’ouverture du sommet.")
    assert found["Samuel Otieno"].role == "président sortant de l’Union africaine"
    assert found["Oumar Diarra"].role == "successeur"


def test_a_nationality_is_not_a_verb_that_cuts_the_role(nlp):
    found = actors("Ont été invités au dîner, le ministre espagnol de l’Intérieur, Pablo Ruiz Ortega, "
                   "et les membres de sa délégation.")
    assert found["Pablo Ruiz Ortega"].role.startswith("ministre")


def test_a_role_before_and_belongs_to_the_person_before_it(nlp):
    found = actors("Il était accompagné de Karim Slimani, secrétaire d’État chargé des Affaires africaines "
                   "et Ali Benmoussa, ambassadeur d’Algérie au Niger.",
                   "Le président Dupuis et Karim Slimani ont ensuite visité le port.")
    assert found["Ali Benmoussa"].role.startswith("ambassadeur")
    assert not found["Karim Slimani"].role.endswith(" et")


def test_an_office_stated_elsewhere_wins_over_a_succession(nlp):
    found = actors("Elected after protests forced his predecessor Malik Haddad to step down, the president "
                   "promised reforms.",
                   "The new minister had served under former president Haddad for ten years.")
    assert found["Malik Haddad"].role == "former president"


def test_a_peer_is_a_role(nlp):
    found = actors("Talks in Rabat between the Moroccan foreign minister and his Egyptian peer "
                   "Samir Abdel Kader focused on trade.")
    assert "peer" in found["Samir Abdel Kader"].role


def test_places_credits_bylines_and_furniture_are_not_people(nlp):
    found = actors("AFP/Marco Bellini - Le président Ali Ndiaye a quitté l’aéroport international "
                   "Léopold Sédar Senghor lundi pour la résidence Djenane El-Kheir.",
                   "Avec notre correspondant à Bamako, Jean-Luc Morel",
                   "Le ministre Ousmane Ba est arrivé à Bamako. (Photo : Pierre Lambert)",
                   "Read More")
    assert "Ali Ndiaye" in found and "Ousmane Ba" in found
    assert not {"Marco Bellini", "Léopold Sédar Senghor", "Djenane El-Kheir", "Jean-Luc Morel",
                "Pierre Lambert", "Read More"} & set(found)


def test_one_person_spelled_two_ways_is_one_actor_under_the_first_spelling(nlp):
    found = actors("Le président Abdelmadjid Benamar a reçu le ministre Karim Dali.",
                   "Abdelmajid Benamar a ensuite rencontré Omar Dali, un homme d’affaires.")
    assert "Abdelmadjid Benamar" in found and "Abdelmajid Benamar" not in found
    assert "Karim Dali" in found and "Omar Dali" in found


def test_in_a_list_opening_with_a_name_each_role_follows_its_name(nlp):
    found = actors("Y assistaient M. Karim Tazi et M. Omar Lahlou, conseillers du roi, Samir Bennani, "
                   "président de la Chambre des représentants, Nadia Alaoui, présidente de la Chambre "
                   "des conseillers, et d’autres responsables.")
    assert found["Samir Bennani"].role == "président de la Chambre des représentants"
    assert found["Nadia Alaoui"].role == "présidente de la Chambre des conseillers"
    assert found["Karim Tazi"].role == found["Omar Lahlou"].role == "conseiller du roi"


def test_in_a_list_opening_with_a_role_each_role_precedes_its_name(nlp):
    found = actors("Parmi les absents, le Kényan Samuel Otieno, le roi du Lesotho, Letsie Moshoeshoe, "
                   "le ministre de l’Intérieur, Abdelkrim Fassi, et le ministre des Finances, Hamid Naciri.")
    assert not found["Samuel Otieno"].role
    assert found["Letsie Moshoeshoe"].role == "roi du Lesotho"
    assert found["Abdelkrim Fassi"].role == "ministre de l’Intérieur"
    assert found["Hamid Naciri"].role == "ministre des Finances"


def test_a_surname_in_capitals_and_monsieur_madame(nlp):
    found = actors("Madame Aïcha KONATE, ambassadeur du Sénégal, puis Monsieur Paul ZONGO, ambassadeur "
                   "du Togo, ont présenté leurs lettres de créance au Capitaine Moussa SAWADOGO.")
    assert {"Aïcha KONATE", "Paul ZONGO", "Moussa SAWADOGO"} <= set(found)
    assert not any(name.startswith(("Madame", "Monsieur")) for name in found)


def test_a_country_or_capital_before_a_name_is_not_part_of_it(nlp):
    found = actors("La secrétaire d’État a rencontré le président de transition du Mali Oumar Keita, "
                   "puis a quitté la capitale éthiopienne Addis Abeba. Jean Mba (Congo Brazzaville) "
                   "était présent.")
    assert "Oumar Keita" in found and "Jean Mba" in found
    assert not {"Mali Oumar Keita", "Addis Abeba", "Congo Brazzaville"} & set(found)


def test_a_first_name_before_an_entity_joins_it(nlp):
    found = actors("Le roi a reçu mardi plusieurs responsables.",
                   "Fouad Ali El Himma et Omar Azziman, conseillers du roi, étaient présents. The US "
                   "envoy to the Middle East Amos Hochstein arrived on Tuesday.")
    assert "Fouad Ali El Himma" in found and "Ali El Himma" not in found
    assert "Amos Hochstein" in found and "Middle East Amos Hochstein" not in found


def test_a_first_name_that_is_also_a_country_names_a_person(nlp):
    found = actors("Son épouse Dominique Kaboré l’accompagnait. La présidente du Conseil italien, "
                   "Georgia Rinaldi, est arrivée à Tunis.")
    assert found["Dominique Kaboré"].role == "épouse"
    assert "Georgia Rinaldi" in found


def test_a_name_joined_to_al_by_a_hyphen_is_whole(nlp):
    found = actors("In line with the orientations of King Hassan and His brother President of the Arab "
                   "Republic of Egypt, Abdel Fattah Al-Sissi, the talks went on.")
    assert "Abdel Fattah Al-Sissi" in found
    assert not {"Abdel Fattah", "Arab Republic"} & set(found)


def test_a_name_announced_by_a_nationality_or_followed_by_a_role_is_a_person(nlp):
    found = actors("« Nous attendons une date », annonçait ce lundi Tété Mabiala, le ministre angolais "
                   "des Affaires étrangères. Parmi les absents, le Soudanais, Omar El Bakri.",
                   "À Tizi Ouzou, le ministre de l’Intérieur a inauguré une école. Their Excellencies, "
                   "the presidents of the three countries, met.")
    assert found["Tété Mabiala"].role.startswith("ministre")
    assert "Omar El Bakri" in found
    assert not {"Tizi Ouzou", "À Tizi Ouzou", "Their Excellencies"} & set(found)


def test_portfolios_after_a_comma_stay_in_the_role(nlp):
    found = actors("Pour sa part, Sidi Ould Brahim, ministre mauritanien des Affaires étrangères, de la "
                   "Coopération et des Mauritaniens de l’étranger, a salué la visite.")
    assert found["Sidi Ould Brahim"].role.endswith("de la Coopération et des Mauritaniens de l’étranger")
    found = actors("Bourita held talks in Cairo on Tuesday with Minister of Foreign Affairs, Immigration "
                   "and Egyptians Abroad Affairs, Samir Abdel Kader. The two ministers reviewed ways.")
    assert found["Samir Abdel Kader"].role.startswith("Minister of Foreign Affairs")


def test_the_head_of_a_national_diplomacy_is_a_role(nlp):
    found = actors("The head of Algerian diplomacy, Karim Belhadj, arrived in Rome on Monday for talks.")
    assert found["Karim Belhadj"].role == "head of Algerian diplomacy"


def test_a_portfolio_after_a_is_not_the_first_name(nlp):
    found = actors("La réunion s’est tenue en présence du ministre délégué à l'Intérieur Karim Tahiri, "
                   "qui a signé l’accord.")
    assert found["Karim Tahiri"].role == "ministre délégué à l'Intérieur"


def test_an_initial_and_a_surname_join_the_full_name(nlp):
    found = actors("À l'issue de la session, A. Benkirane a souligné que la réunion était une réussite. "
                   "Le chef du gouvernement, Aziz Benkirane, a présidé les travaux.")
    assert "Aziz Benkirane" in found and "A. Benkirane" not in found


def test_two_known_names_run_together_are_two_people(nlp):
    found = actors("La présidente de la Commission, Ursula von der Leyen, et la cheffe du gouvernement "
                   "italien, Giorgia Meloni, sont arrivées. « Nous voulons une approche globale », a "
                   "expliqué Ursula von der Leyen Giorgia Meloni après la rencontre.")
    assert {"Ursula von der Leyen", "Giorgia Meloni"} <= set(found)
    assert "Ursula von der Leyen Giorgia Meloni" not in found


def test_english_titles_with_a_hyphen_or_a_possessive(nlp):
    found = actors("U.N. Secretary-General Antonio Lopes said on Monday that the deal was good. "
                   "The ministry's spokesperson, Maria Petrova, told reporters it was ready.")
    assert found["Antonio Lopes"].role == "U.N. Secretary-General"
    assert found["Maria Petrova"].role == "ministry's spokesperson"


def test_a_byline_line_is_not_a_person(nlp):
    found = actors("Le président Ali Ndiaye a parlé lundi devant les députés.",
                   "Par Nadia Benali",
                   "Reporting by John Smith; Editing by Mary Jones",
                   "Par ailleurs, le ministre Omar Diallo a signé le décret.")
    assert {"Ali Ndiaye", "Omar Diallo"} <= set(found)
    assert not {"Nadia Benali", "John Smith", "Mary Jones"} & set(found)


def test_a_role_written_against_the_next_name_is_that_persons(nlp):
    found = actors("Aux côtés de Karim Saoudi, le ministre Omar Ba a été reçu par le chef de l’État.")
    assert found["Omar Ba"].role == "ministre"
    assert found["Karim Saoudi"].role != "ministre"
