"""Actor roles read from single sentences, where the evaluation's aggregate floors would
hide one regression among a hundred roles."""

from __future__ import annotations

import pytest
from ingest_support import REPO

from site_builder.ingest.nlp import ArticleText, analyse_many, load_vocabulary

pytestmark = [pytest.mark.nlp, pytest.mark.xdist_group("nlp")]


def actors(paragraph: str):
    [analysis] = analyse_many([ArticleText(title=None, paragraphs=[paragraph])], load_vocabulary(REPO / "topics.yaml"))
    return analysis.actors


def roles(paragraph: str) -> dict[str, str]:
    return {actor.name: actor.role for actor in actors(paragraph)}


def countries(paragraph: str) -> dict[str, str]:
    return {actor.name: actor.country for actor in actors(paragraph)}


def test_the_opening_an_english_sentence_is_not_part_of_the_role(nlp):
    found = roles("The army chief, General Abdel Fattah al-Burhan, sent a delegation to the talks in Nairobi, "
                  "where Kenyan President William Ruto opened a new round of negotiations on Sunday.")
    assert found["Abdel Fattah al-Burhan"] == "army chief"
    assert found["William Ruto"] == "President"


def test_capitalised_words_before_an_english_role_stay_in_it(nlp):
    found = roles("The talks were confirmed on Monday by Kremlin spokesman Dmitry Peskov, who said the two "
                  "delegations would meet again in Istanbul before the end of the month.")
    assert found["Dmitry Peskov"] == "Kremlin spokesman"


def test_a_long_french_title_with_a_noun_tagged_as_a_verb(nlp):
    # The tagger reads "étranger" in "à l'étranger" as a verb, which used to end the role there.
    found = roles("ALGER - Le ministre d'Etat, ministre des Affaires étrangères et de la Communauté nationale "
                  "à l'étranger et des Affaires africaines, Ahmed Attaf, a reçu lundi à Alger l'envoyée spéciale "
                  "des Nations unies pour la Libye, Hanna Tetteh.")
    assert found["Ahmed Attaf"] == ("ministre des Affaires étrangères et de la Communauté nationale à l'étranger "
                                    "et des Affaires africaines")


def test_a_committee_is_not_a_person(nlp):
    found = roles("Senator Jim Risch, the Republican chairman of the Foreign Relations Committee, said on Tuesday "
                  "that the bill would close loopholes used to evade the sanctions.")
    assert "Foreign Relations Committee" not in found
    assert found["Jim Risch"] == "Senator"


def test_a_title_listing_portfolios_after_commas(nlp):
    found = roles("Le ministre d'Etat, ministre des Affaires étrangères, de la Communauté nationale à l'étranger "
                  "et des Affaires africaines, Ahmed Attaf, a reçu lundi à Alger son homologue italien.")
    assert found["Ahmed Attaf"] == ("ministre des Affaires étrangères, de la Communauté nationale à l'étranger "
                                    "et des Affaires africaines")


def test_a_comma_before_an_incidental_phrase_still_ends_the_role(nlp):
    found = roles("Le chef de la diplomatie, de retour de Paris, Ahmed Benali a présidé jeudi la réunion du "
                  "comité de suivi à Alger.")
    assert not found.get("Ahmed Benali", "").startswith("chef de la diplomatie, de retour")


def test_a_portfolio_or_a_company_is_not_a_person(nlp):
    found = roles("Nigeria's Minister of Foreign Affairs, Yusuf Tuggar, said on Monday that Kosmos Energy and the "
                  "SoutH2 Corridor project would be discussed with Middle East Eye and other partners.")
    assert found["Yusuf Tuggar"] == "Minister of Foreign Affairs"
    assert not {"Foreign Affairs", "Kosmos Energy", "SoutH2 Corridor", "Middle East Eye"} & set(found)


def test_a_movement_in_the_role_gives_the_country(nlp):
    found = countries("Le ministre marocain des Affaires étrangères, Nasser Bourita, a reçu l'envoyé de l'ONU à Rabat. "
                      "Celui-ci doit rencontrer jeudi le secrétaire général du Polisario, Brahim Ghali, dans les "
                      "camps de Tindouf, puis le secrétaire général du Hezbollah, Naïm Qassem, à Beyrouth.")
    assert found["Nasser Bourita"] == "Maroc"
    assert found["Brahim Ghali"] == "Sahara occidental"
    assert found["Naïm Qassem"] == "Liban"


def test_a_guest_is_not_from_the_country_of_the_counterpart_who_receives_him(nlp):
    found = countries("Le président de la République, Bassirou Diomaye Faye, a été accueilli mardi à Nouakchott par "
                      "son homologue mauritanien, Mohamed Ould Cheikh El Ghazouani. La Mauritanie et le Sénégal "
                      "exploitent ensemble un champ gazier, a rappelé la présidence mauritanienne. Nouakchott "
                      "et la Mauritanie attendent beaucoup de cette visite, selon la presse mauritanienne.")
    assert found["Mohamed Ould Cheikh El Ghazouani"] == "Mauritanie"
    assert found["Bassirou Diomaye Faye"] == "Sénégal"


def test_people_named_together_keep_one_country(nlp):
    found = countries("Blinken met Israeli Prime Minister Benjamin Netanyahu and Defense Minister Yoav Gallant "
                      "in Tel Aviv on Monday.")
    assert found["Yoav Gallant"] == "Israël"


def test_a_host_receiving_a_minister_of_his_own_country_keeps_it(nlp):
    found = countries("Le Premier ministre, Nadir Larbaoui, a reçu lundi à Alger le ministre algérien de l'Énergie, "
                      "Mohamed Arkab. La France et l'Algérie ont par ailleurs relancé leur dialogue sur l'énergie. "
                      "L'Algérie reste le premier fournisseur de gaz de la région, selon Alger.")
    assert found["Nadir Larbaoui"] == "Algérie"


def test_compass_words_are_surnames_too(nlp):
    found = roles("Retired colonels Allen West and Oliver North testified before the committee on Tuesday about "
                  "the arms sales to the region.")
    assert {"Allen West", "Oliver North"} <= set(found)


def test_a_capital_is_not_a_person(nlp):
    found = roles('Riyadh and Abu Dhabi said on Monday they would support a new round of talks. The UAE\'s '
                  'Minister of State Khalifa Shaheen Al Marar told reporters in Abu Dhabi that his country "stands '
                  'with the Sudanese people and supports every credible path to a ceasefire".')
    assert "Abu Dhabi" not in found


def test_an_office_word_in_the_name_of_a_body_is_not_the_role(nlp):
    found = roles("Le président de la Chambre des représentants, Aguila Saleh, a rejeté jeudi la proposition "
                  "de l'ONU sur le calendrier des élections.")
    assert found["Aguila Saleh"] == "président de la Chambre des représentants"
    found = roles("Bourita a confirmé qu'une visite d'État du président Emmanuel Macron était à l'étude au Maroc.")
    assert found["Emmanuel Macron"] == "président"
