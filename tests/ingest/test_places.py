"""Country mentions: names, variants, adjectives, demonyms, compounds."""

from __future__ import annotations

from site_builder.countries import country_name
from site_builder.ingest.places import find_mentions, ranked_countries


def countries(text: str, language: str = "fr") -> list[str]:
    return ranked_countries(find_mentions(text, language), [])


def test_variants_and_adjectives():
    assert countries("Les Etats-Unis et la sous-secrétaire américaine") == ["États-Unis"]
    assert countries("les États-Unis d’Amérique") == ["États-Unis"]
    assert countries("Le rôle de l'Algérie a été salué par la partie belge.") == ["Algérie", "Belgique"]


def test_compounds_and_prefixes():
    assert set(countries("les consultations politiques algéro-belges")) == {"Algérie", "Belgique"}
    assert countries("l'Accord de paix et de réconciliation intermalienne") == ["Mali"]
    assert countries("le conflit israélo-palestinien") == ["Israël", "Territoires palestiniens"]
    assert countries("la diaspora latino-américaine") == []


def test_cities_organisations_and_people_are_not_countries():
    assert countries("Alger et Washington ont signé à Bruxelles, sous l'égide de l'ONU, de l'UE et de l'UA.") == []
    assert countries("la réunion de Maurice Papon") == []
    assert countries("dans le détroit de Gibraltar et le golfe de Guinée") == []
    assert countries("La réunion s'est tenue mardi.") == []


def test_capitals_weigh_only_for_countries_already_named():
    text = "Alger et Washington. Les États-Unis et l'Algérie, l'Algérie et les États-Unis."
    assert countries(text) == ["Algérie", "États-Unis"]


def test_english_names():
    found = countries("Turkey, Malaysia and Bolivia back South Africa; the US and the UK do not.", "en")
    assert set(found) == {"Turquie", "Malaisie", "Bolivie", "Afrique du Sud", "États-Unis", "Royaume-Uni"}


def test_mentions_keep_their_place_in_the_text():
    text = "Réunion à Alger : l’Algérie et le Maroc."
    mention = [m for m in find_mentions(text, "fr") if m.kind == "name"][0]
    assert text[mention.start : mention.end] == "Algérie" and country_name(mention.code) == "Algérie"


def test_a_region_adjective_is_not_a_country():
    found = countries("South American and Latin American exporters, and North American buyers, met South "
                      "African officials in Pretoria.", "en")
    assert set(found) == {"Afrique du Sud"}
    assert countries("The American envoy met them.", "en") == ["États-Unis"]
    assert countries("Fighting reached the central Algerian city of Djelfa.", "en") == ["Algérie"]
