"""The summary ingest writes: the lead, without the wire dateline that opens it."""

from __future__ import annotations

import pytest

from site_builder.ingest.nlp import generate_title, load_model, summarise

pytestmark = [pytest.mark.nlp, pytest.mark.xdist_group("nlp")]


@pytest.mark.parametrize(
    ("lead", "start"),
    [
        # spaCy cuts "WASHINGTON, Jan 5 (Reuters)" off as a sentence of its own.
        ('WASHINGTON, Jan 5 (Reuters) - U.S. Secretary of State Marco Rubio said on Monday that Washington had '
         'held "exploratory" talks with Venezuela.', "U.S. Secretary of State Marco Rubio said"),
        ("ALGER - Le ministre des Affaires étrangères, Ahmed Attaf, a reçu lundi l'envoyée spéciale de l'ONU.",
         "Le ministre des Affaires étrangères"),
        ("Alger, 5 mai 2025 (APS) - Le président de la République a reçu lundi le ministre italien des "
         "Affaires étrangères.", "Le président de la République"),
        ("PARIS (AFP) – La France et l'Algérie ont convenu mardi de relancer leur dialogue migratoire.",
         "La France et l'Algérie"),
        ("LONDON/PARIS, March 3 (Reuters) -- Britain and France agreed on Monday to coordinate their sanctions "
         "on Russia's oil exports.", "Britain and France agreed"),
    ],
)
def test_the_wire_dateline_is_not_part_of_the_summary(nlp, lead, start):
    assert summarise(load_model()(lead)).startswith(start)


def test_a_lead_that_opens_with_a_name_and_a_dash_is_kept(nlp):
    lead = "La France - qui préside le Conseil de sécurité ce mois-ci - a convoqué une réunion d'urgence mardi."
    assert summarise(load_model()(lead)).startswith("La France - qui préside")


def test_a_generated_title_leaves_the_wire_dateline_out(nlp):
    doc = load_model()("WASHINGTON, Jan 5 (Reuters) - U.S. and Venezuelan officials held talks in Doha on Monday, "
                       "the first direct contact between the two governments in years.")
    title = generate_title(doc, ["États-Unis", "Venezuela"], [])
    assert title.startswith("U.S. and Venezuelan officials"), title
