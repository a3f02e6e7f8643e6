"""Reading seeds' bytes: strict UTF-8 first, whatever the markup declares."""

from __future__ import annotations

import pytest

from site_builder.ingest.extract import read_page

BODY = ("<p>Le ministre algérien des Affaires étrangères a présenté mardi une vision stratégique pour "
        "la coopération régionale avec ses voisins du Sahel, selon un communiqué.</p>"
        "<p>Cette démarche vise à renforcer la sécurité aux frontières et le commerce entre les pays "
        "de la région, a précisé le ministère dans la soirée.</p>")


@pytest.mark.parametrize("declaration", ["", '<meta charset="iso-8859-1">',
                                         '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'])
def test_a_utf8_page_is_read_as_utf8_whatever_it_declares(tmp_path, declaration):
    page = tmp_path / "page.html"
    page.write_bytes((f"<!doctype html><html><head>{declaration}<title>Une approche stratégique</title></head>"
                      f"<body><article><h1>Une approche stratégique</h1>{BODY}</article></body></html>").encode("utf-8"))
    read = read_page(page, "Africa/Algiers")
    assert read.title == "Une approche stratégique"
    assert "vision stratégique" in read.paragraphs[0]


def test_a_latin1_page_is_still_read(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes((f'<!doctype html><html><head><meta charset="iso-8859-1"><title>Une approche stratégique</title>'
                      f"</head><body><article><h1>Une approche stratégique</h1>{BODY}</article></body></html>").encode("latin-1"))
    assert read_page(page, "Africa/Algiers").title == "Une approche stratégique"
