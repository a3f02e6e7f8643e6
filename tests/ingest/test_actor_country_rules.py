"""Ingest's actor countries on sentences written for each rule (issue 20). Precision
first: a country the text does not plainly give a person stays empty (an editor fills it
in one edit), since a wrong one is published. Each test is one general rule, on text of
our own; names and places are made up or common."""

from __future__ import annotations

import pytest
from ingest_support import REPO

from site_builder.ingest.nlp import ArticleText, analyse_many, load_vocabulary

pytestmark = [pytest.mark.nlp, pytest.mark.xdist_group("nlp")]


def actors(*paragraphs: str):
    [analysis] = analyse_many([ArticleText(title=None, paragraphs=list(paragraphs))],
                              load_vocabulary(REPO / "topics.yaml"))
    return {actor.name: actor for actor in analysis.actors}


def test_a_counterpart_is_the_counterpart_of_the_one_before_him_not_of_a_third_person(nlp):
    found = actors("Le chef de la diplomatie tunisienne Karim Belhadj est arrivé à Nouakchott. "
                   "Outre son homologue mauritanien Ahmed Ould Sidi, Belhadj s'est entretenu avec le "
                   "Premier ministre, Moussa Ould Cheikh, au siège du gouvernement mauritanien.",
                   "La Mauritanie et la Tunisie ont signé trois accords. La Mauritanie accueillera la "
                   "prochaine session de la commission mixte en Mauritanie.")
    assert found["Ahmed Ould Sidi"].country == "Mauritanie"
    assert found["Moussa Ould Cheikh"].country != "Tunisie"


def test_a_nationality_attached_to_something_else_is_not_the_persons(nlp):
    found = actors("Le ministre a dit avoir trouvé chez les officiels algériens le même désir que "
                   "celui exprimé par le roi Hassan Benjelloun pour la construction du Maghreb.")
    assert found["Hassan Benjelloun"].country == ""


def test_a_country_named_after_the_person_says_nothing_of_them(nlp):
    found = actors("Lors de la conférence, le président Paul Martin a annoncé le retrait des soldats "
                   "du Niger avant la fin de l'année.")
    assert found["Paul Martin"].country == ""


def test_one_of_two_countries_named_together_is_no_ones_country(nlp):
    found = actors("La commission mixte examinera les relations entre le Maroc et la Mauritanie, "
                   "conformément aux orientations du roi Hassan Benjelloun.",
                   "Le Maroc et la Mauritanie ont aussi parlé du Sahel.")
    assert found["Hassan Benjelloun"].country == ""


def test_where_someone_travels_is_not_their_country(nlp):
    found = actors("Pour son deuxième déplacement officiel en Mauritanie, le ministre des Affaires "
                   "étrangères, Karim Belhadj, a rencontré les dirigeants du pays.",
                   "La Mauritanie a salué cette visite. La Mauritanie et ses voisins préparent un sommet "
                   "en Mauritanie.")
    assert found["Karim Belhadj"].country == ""


def test_the_host_of_a_foreign_visitor_is_of_the_country_visited(nlp):
    found = actors("Le Premier ministre italien Marco Rossi s'est rendu mardi à Tunis pour s'entretenir "
                   "avec le président Karim Belhadj de la question migratoire.")
    assert found["Marco Rossi"].country == "Italie"
    assert found["Karim Belhadj"].country == "Tunisie"


def test_a_country_after_de_la_in_the_persons_office_is_theirs(nlp):
    found = actors("Le président de la Côte d'Ivoire, Jean Kouassi, effectue sa première sortie officielle.")
    assert found["Jean Kouassi"].country == "Côte d’Ivoire"


def test_a_states_formal_name_in_someone_elses_office_is_not_the_persons(nlp):
    found = actors("A Dakar, le président de la République de Côte d'Ivoire aura des entretiens avec son "
                   "homologue, Abdou Ndiaye.")
    assert found["Abdou Ndiaye"].country == "Sénégal"


def test_his_minister_serves_the_country_of_the_office_he_belongs_to(nlp):
    found = actors("Le Premier ministre portugais, accompagné de son ministre de l'Économie Rui Costa, "
                   "se rendra ensuite à Rabat. La visite au Maroc clôt une année de brouille avec le Maroc.",
                   "Le Maroc attend beaucoup de cette visite au Maroc.")
    assert found["Rui Costa"].country == "Portugal"


def test_his_counterpart_does_not_serve_the_country_of_the_office_before(nlp):
    found = actors("Le ministre portugais des Affaires étrangères a reçu son homologue Karim Belhadj.")
    assert found["Karim Belhadj"].country != "Portugal"


def test_a_country_printed_beside_a_name_is_the_persons(nlp):
    found = actors("Parmi les présents, le président de la Commission, Jean Kouassi (Bénin), Paul Nkurunziza "
                   "(Burundi) et le chef du gouvernement libyen, Ali Mensah (Ghana).",
                   "Parmi les absents, le Sud-Africain Thabo Ndlovu, le sénégalais, Abdou Ndiaye, et "
                   "l'Algérien, Karim Belhadj.")
    assert found["Paul Nkurunziza"].country == "Burundi"
    assert found["Ali Mensah"].country == "Ghana"
    assert found["Thabo Ndlovu"].country == "Afrique du Sud"
    assert found["Abdou Ndiaye"].country == "Sénégal"
    assert found["Karim Belhadj"].country == "Algérie"


def test_a_national_agencys_dateline_gives_its_country_to_offices_named_without_one(nlp):
    found = actors("ADDIS-ABEBA, 3 mars (TAP) – Le président de la République, Karim Belhadj, a pris part "
                   "dimanche au sommet de l'Union africaine, où il a rencontré le Premier ministre "
                   "éthiopien, Abebe Kebede.",
                   "L'Éthiopie accueille le sommet. L'Éthiopie a salué la présence de nombreux chefs d'État "
                   "en Éthiopie.")
    assert found["Karim Belhadj"].country == "Tunisie"
    assert found["Abebe Kebede"].country == "Éthiopie"


def test_an_agency_signature_outweighs_the_city_of_the_dateline(nlp):
    found = actors("Le Caire - Sa Majesté le Roi Hassan Benjelloun a adressé un message au président "
                   "égyptien, que lui a remis le ministre Karim Alaoui, en visite au Caire.",
                   "Source : Agence Marocaine de Presse")
    assert found["Hassan Benjelloun"].country == "Maroc"


def test_an_acronym_two_agencies_share_needs_a_dateline_to_tell_them_apart(nlp):
    found = actors("Le président de la République, Karim Belhadj, a reçu lundi les lettres de créance de "
                   "six ambassadeurs, a rapporté l'agence APS.",
                   "La cérémonie s'est tenue au palais présidentiel.")
    assert found["Karim Belhadj"].country == ""
