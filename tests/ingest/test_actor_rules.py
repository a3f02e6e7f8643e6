"""Ingest's actors on sentences written for each rule (issue 20): names, roles and
countries. Each test is one general rule, on text of our own."""

from __future__ import annotations

import pytest
from ingest_support import REPO

from site_builder.ingest.nlp import ArticleText, analyse_many, load_vocabulary

pytestmark = [pytest.mark.nlp, pytest.mark.xdist_group("nlp")]


def actors(*paragraphs: str):
    [analysis] = analyse_many([ArticleText(title=None, paragraphs=list(paragraphs))],
                              load_vocabulary(REPO / "topics.yaml"))
    return {actor.name: actor for actor in analysis.actors}


def test_photo_credits_charters_and_role_tails_are_not_people(nlp):
    found = actors("The Minister of Foreign Affairs and the National Community Abroad, Karim Belhadj, "
                   "met the press in Algiers on Monday. (Photo: Getty Images)",
                   "Les trois pays ont signé la Charte du Liptako-Gourma à Bamako le mois dernier.")
    assert "Karim Belhadj" in found
    assert not {"Community Abroad", "Getty Images", "Charte du Liptako-Gourma"} & set(found)


def test_a_title_before_a_name_is_not_part_of_it(nlp):
    found = actors("The delegation then met Speaker Samir Haddad and Captain Omar Diallo in the capital "
                   "on Tuesday, officials said.")
    assert "Samir Haddad" in found and "Omar Diallo" in found
    assert not any(name.startswith(("Speaker", "Captain")) for name in found)


def test_an_abbreviated_rank_is_neither_name_nor_role(nlp):
    found = actors("Two coups removed President Marc Ouedraogo and later interim leader Lt. Col. Paul-Henri "
                   "Sawadogo, with Captain Omar Diallo now in power in the country.")
    assert found["Paul-Henri Sawadogo"].role == "interim leader"


def test_a_rank_between_an_office_and_the_name_is_left_out_of_the_role(nlp):
    found = actors("Faye held talks in the palace with junta head Colonel Moussa Keita on Thursday.")
    assert found["Moussa Keita"].role == "junta head"


def test_a_plural_office_before_a_comma_is_not_the_role_of_the_one_name_after(nlp):
    found = actors("Envoys returned to Niamey to continue their talks with the leaders of the military "
                   "junta, Ibrahim Sani, a media aide to the Nigerian president said on Saturday.")
    assert found["Ibrahim Sani"].role == "media aide to the Nigerian president"


def test_an_office_ending_a_clause_is_not_the_role_of_the_subject_after_the_comma(nlp):
    found = actors("Le ministre algérien des Affaires étrangères, Karim Belhadj, est arrivé à Ankara. "
                   "Lors de son entretien avec le ministre turc, Belhadj a salué les relations bilatérales.")
    assert found["Karim Belhadj"].country != "Turquie"
    assert "ministre" in found["Karim Belhadj"].role


def test_a_portfolio_after_an_elided_article_stays_in_the_role(nlp):
    found = actors("Le ministre d’État, ministre des Affaires étrangères, de la Communauté nationale à "
                   "l’étranger et des Affaires africaines, Karim Belhadj, a tenu des entretiens à Lisbonne.")
    assert found["Karim Belhadj"].role.startswith("ministre des Affaires étrangères, de la Communauté nationale")


def test_a_domestic_story_gives_its_country_to_people_named_without_an_office(nlp):
    found = actors("Algeria's president reshuffled the government on Saturday, the presidency said. "
                   "Karim Belhadj replaces Samir Bouzid, who held the post since 2021. "
                   "Algeria's parliament must approve the Algerian budget before the end of the year in Algeria.")
    assert found["Samir Bouzid"].country == "Algérie"
    assert found["Karim Belhadj"].country == "Algérie"


def test_people_without_an_office_get_no_country_when_the_story_spans_countries(nlp):
    found = actors("Le Maroc et l'Espagne ont signé un accord à Rabat. Karim Belhadj a salué l'accord "
                   "entre le Maroc et l'Espagne.")
    assert found["Karim Belhadj"].country == ""


def test_a_junta_head_serves_the_country_of_the_sentence(nlp):
    found = actors("In Bamako, Mali's capital, Faye held talks with junta head Colonel Moussa Keita on Thursday.")
    assert found["Moussa Keita"].country == "Mali"


def test_an_abbreviated_rank_does_not_end_the_sentence_that_names_the_country(nlp):
    found = actors("In 2022, Burkina Faso saw two coups, removing President Marc Ouedraogo and later interim "
                   "leader Lt. Col. Paul-Henri Sawadogo.")
    assert found["Paul-Henri Sawadogo"].country == "Burkina Faso"


def test_a_counterpart_does_not_serve_the_country_of_the_one_he_is_the_counterpart_of(nlp):
    found = actors("Le ministre algérien de l'Intérieur est arrivé mardi en Mauritanie. Il a rencontré "
                   "le président mauritanien Ahmed Ould Sidi, à qui il a remis un message de son homologue "
                   "Karim Belhadj. L'Algérie et la Mauritanie ont signé trois accords. La Mauritanie est un pays "
                   "voisin, et la Mauritanie compte sur ses gisements de gaz.")
    assert found["Ahmed Ould Sidi"].country == "Mauritanie"
    assert found["Karim Belhadj"].country == "Algérie"


def test_an_office_opening_a_sentence_is_the_role_of_the_person_the_next_one_names(nlp):
    found = actors("Le ministre tunisien de la Santé a entamé lundi une visite de deux jours au Sénégal. "
                   "Il s'agit du premier déplacement à l'étranger de Karim Belhadj depuis sa nomination.")
    assert found["Karim Belhadj"].role == "ministre de la Santé"
    assert found["Karim Belhadj"].country == "Tunisie"


def test_it_is_names_the_office_of_the_sentence_before(nlp):
    found = actors("Le Niger a un nouveau ministre de la Défense depuis hier, a annoncé le porte-parole du "
                   "gouvernement. Il s'agit de Karim Belhadj, 52 ans, un ancien officier.")
    assert found["Karim Belhadj"].role == "ministre de la Défense"


def test_a_portfolio_before_a_name_is_part_of_the_role_not_of_the_name(nlp):
    found = actors("Le ministre de la Santé Karim Belhadj a inauguré mardi un hôpital à Oran.")
    assert set(found) == {"Karim Belhadj"}
    assert found["Karim Belhadj"].role == "ministre de la Santé"


def test_a_list_of_ministers_gives_each_their_portfolio(nlp):
    found = actors("Les ministres de l'Intérieur Karim Belhadj, de la Santé Samir Bouzid et des Finances "
                   "Ali Mansouri ont signé le décret lundi à Alger.")
    assert {name: actor.role for name, actor in found.items()} == {
        "Karim Belhadj": "ministre de l'Intérieur",
        "Samir Bouzid": "ministre de la Santé",
        "Ali Mansouri": "ministre des Finances",
    }


def test_an_office_given_after_the_name_with_as_or_named(nlp):
    found = actors("It said Ramdane Belhadj was appointed as foreign minister, taking over from Sabri "
                   "Mansouri. Mohamed Arkoub kept his job as energy minister, the presidency said.")
    assert found["Ramdane Belhadj"].role == "foreign minister"
    assert found["Mohamed Arkoub"].role == "energy minister"
    found = actors("Le même jour, Ali Mansouri a été nommé ministre de la Justice par décret présidentiel.")
    assert found["Ali Mansouri"].role == "ministre de la Justice"


def test_a_person_coordinated_with_a_national_takes_that_country_over_a_dateline(nlp):
    found = actors("Abuja, Nigeria | A delegation on Saturday met Niger's junta leader Moussa Sani and the "
                   "ousted President Ali Mahamane, a spokesperson said.")
    assert found["Moussa Sani"].country == "Niger"
    assert found["Ali Mahamane"].country == "Niger"


def test_a_surname_an_office_announces_is_a_person(nlp):
    found = actors("Le président Belhadj a présidé mardi le Conseil des ministres consacré au budget.")
    assert found["Belhadj"].role == "président"


def test_a_titled_surname_takes_the_full_name_the_text_gives_elsewhere(nlp):
    found = actors("Mass protests forced his predecessor Karim Belhadj to step down in 2019. "
                   "Former president Belhadj died in 2021.")
    assert "Karim Belhadj" in found and "Belhadj" not in found


def test_a_country_qualifying_someone_elses_office_is_not_the_persons(nlp):
    found = actors("Le président Karim Belhadj a reçu jeudi l'ambassadeur de France, en fin de mandat.")
    assert found["Karim Belhadj"].country != "France"


def test_the_country_a_person_is_posted_to_is_not_theirs(nlp):
    found = actors("Salah Benali a été nommé ambassadeur en Suisse par décret présidentiel.")
    assert found["Salah Benali"].role == "ambassadeur"
    assert found["Salah Benali"].country != "Suisse"


def test_an_office_after_is_the_is_the_persons_but_not_a_relation(nlp):
    found = actors("Karim Belhadj est le nouveau consul de Tunisie à Marseille. Samir Bouzid est le fils "
                   "du président Ali Mansouri.")
    assert found["Karim Belhadj"].role == "nouveau consul de Tunisie"
    assert found["Karim Belhadj"].country == "Tunisie"
    assert found["Samir Bouzid"].role == ""
