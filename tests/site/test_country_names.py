"""One place knows country names: data/countries.yaml, read by the build (front matter
validation) and by ingest (tagging) alike."""

from __future__ import annotations

import pytest

from site_builder.countries import canonical_country, country_data, country_name
from site_builder.ingest.dates import fold
from site_builder.ingest.places import _lexicon, find_mentions

VARIANTS = [
    (code, variant, kind)
    for code, entry in country_data().items()
    for kind in ("names", "labels")
    for variant in entry.get(kind, [])
]


@pytest.mark.parametrize(("code", "variant", "kind"), VARIANTS)
def test_every_variant_is_accepted_by_the_build_as_its_country(code, variant, kind):
    assert canonical_country(variant) == country_name(code)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_ingest_reads_the_same_names_and_not_the_front_matter_only_labels(language):
    lexicon, names = _lexicon(language)
    for code, variant, kind in VARIANTS:
        known = names.get(fold(variant)) == code or lexicon.acronyms.get(variant) == code
        if kind == "names":
            assert known, variant
    # "Hollande" is a label (a president's name, in running text): never a tag.
    assert find_mentions("François Hollande a reçu Mark Rutte.", "fr") == []
    assert [m.code for m in find_mentions("La Cisjordanie et la RDC.", "fr")] == ["PS", "CD"]
