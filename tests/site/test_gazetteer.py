"""The gazetteer shipped with site_builder (site_builder/data/gazetteer/*.yaml): every
shipped file loads, its coverage floor holds, a bad list or entry is one
`path:line: message` error, and the site's actors.yaml sits over it."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from site_builder import gazetteer
from site_builder.registry import RegistryError, fold_name, layered, load_registry, registry_for

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "gazetteer"
SHIPPED = sorted(gazetteer.FOLDER.glob("*.yaml"))
TODAY = dt.date.today()

# Offices that make their holder head of state ("président du gouvernement" and "président
# du Conseil" (Italy) head a government).
HEAD_OF_STATE = re.compile(
    r"^(?:roi|reine|emir|sultan|grand duc|chef de l etat|guide supreme|presidente?"
    r"(?! du gouvernement| du conseil(?! presidentiel| de souverainete| militaire| de transition| supreme)"
    r"| de la commission| du parlement| de l assemblee| du senat))\b"
)


def test_the_shipped_gazetteer_loads_as_one():
    """All files together: each entry valid, and no spelling names two people across files."""
    loaded = gazetteer.load_gazetteer()
    assert len(loaded.people) == sum(len(gazetteer.read_file(path)) for path in SHIPPED)


@pytest.mark.parametrize("path", SHIPPED, ids=[path.name for path in SHIPPED])
def test_each_shipped_file_is_valid(path):
    people = gazetteer.read_file(path)
    assert people, f"{path}: no people"
    assert all(person.roles for person in people), [p.name for p in people if not p.roles]


@pytest.mark.parametrize("path", SHIPPED, ids=[path.name for path in SHIPPED])
def test_the_fast_reading_equals_the_one_with_lines(path):
    """yaml-rs (first reading, no lines) and PyYAML (lines for messages) read the same people."""
    def facts(people):
        return [(p.name, p.aliases, p.surname, p.country, p.roles) for p in people]

    assert facts(gazetteer.read_file(path, fast=True)) == facts(gazetteer.read_file(path))


def test_a_surname_that_ends_two_names_names_nobody(tmp_path):
    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    more = ("- country: Tunisie\n  source: x\n  people:\n"
            "    - name: Karim Bourita\n      roles: [{role: roi, from: 2001-01-01}]\n"
            "    - name: Amina ben Attaf\n      aliases: [Amina Ben-Attaf]\n      roles: [{role: roi, from: 2001-01-01}]\n")
    (tmp_path / "more.yaml").write_text(more, encoding="utf-8")
    loaded = gazetteer.load_gazetteer(tmp_path)
    assert loaded.find("Bourita") is None  # Nasser or Karim
    assert loaded.find("Nasser Bourita").name == "Nasser Bourita"
    assert loaded.find("Attaf").name == "Ahmed Attaf"  # "ben Attaf" is another surname
    assert loaded.find("Tebboune").name == "Abdelmadjid Tebboune"


def lists_of(path: Path) -> list[dict]:
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


def current(role: dict) -> bool:
    end = role.get("to")
    return end is None or dt.date.fromisoformat(str(end)) >= TODAY


# Gaps the sources did not fill, each with its reason; a gap filled must leave this list.
# (e.g. "Ligue arabe: no one holds its office now": "successor not in the sources used").
KNOWN_GAPS: dict[str, str] = {}


@pytest.mark.parametrize("path", SHIPPED, ids=[path.name for path in SHIPPED])
def test_every_country_has_a_current_head_of_state_and_every_body_a_head(path):
    missing = []
    for entry in lists_of(path):
        roles = [role for person in entry["people"] for role in person.get("roles") or []
                 if not role.get("country") and not role.get("body") and current(role)]
        if "country" in entry:
            if not any(HEAD_OF_STATE.match(fold_name(role["role"])) for role in roles):
                missing.append(f"{entry['country']}: no current head of state")
        elif not roles:
            missing.append(f"{entry['body']}: no one holds its office now")
    listed = {entry.get("country") or entry.get("body") for entry in lists_of(path)}
    known = {gap for gap in KNOWN_GAPS if gap.split(":")[0] in listed}
    assert sorted(set(missing) - known) == []
    assert sorted(known - set(missing)) == []  # filled: take it off KNOWN_GAPS


def test_the_head_of_state_pattern():
    heads = ["président de la République", "présidente de la République", "roi", "émir",
             "président de la Transition", "président du Conseil présidentiel", "président fédéral",
             "président par intérim", "Guide suprême", "président du Conseil de souveraineté"]
    others = ["Premier ministre", "président du gouvernement", "président du Conseil",
              "président du Conseil des ministres", "ministre des Affaires étrangères", "chancelier"]
    assert [role for role in heads if not HEAD_OF_STATE.match(fold_name(role))] == []
    assert [role for role in others if HEAD_OF_STATE.match(fold_name(role))] == []


def test_a_country_role_gives_its_country_and_a_body_role_none():
    loaded = gazetteer.load_gazetteer(FIXTURE)
    faki = loaded.find("Moussa Faki")
    assert faki.name == "Moussa Faki Mahamat"
    assert faki.country_on(dt.date(2020, 5, 1)) == ""  # chairing the AU Commission
    assert faki.role_on(dt.date(2020, 5, 1)).body == "Union africaine"
    assert faki.country_on(dt.date(2010, 5, 1)) == "Tchad"  # Chad's foreign minister
    assert faki.country_on(dt.date(2026, 1, 1)) == "Tchad"  # out of office: his own country
    lamamra = loaded.find("lamamra")
    assert lamamra.country_on(dt.date(2018, 1, 1)) == ""
    assert lamamra.country_on(dt.date(2022, 1, 1)) == "Algérie"
    assert lamamra.role_on(dt.date(2022, 1, 1)).role == "ministre des Affaires étrangères"
    assert lamamra.country_on(dt.date(2005, 1, 1)) == "Algérie"  # the list's country
    assert loaded.find("mohamed vi").role_on(dt.date(2024, 1, 1)).role == "roi"


LIST = "- country: Algérie\n  source: Wikidata (CC0)\n  people:\n"
BAD = {
    "unknown country": (
        "- country: Nulle-Part\n  source: x\n  people:\n    - name: A B\n",
        "a.yaml:1: unknown country 'Nulle-Part'"),
    "country not as written": (
        LIST + "    - name: A B\n      roles:\n        - {role: roi, country: Algerie, from: 2001-01-01}\n",
        "a.yaml:6: A B: write the country 'Algérie', not 'Algerie'"),
    "bad date": (
        LIST + "    - name: A B\n      roles:\n        - {role: roi, from: 2023-02-30}\n",
        "a.yaml:6: A B: 'from' must be a date like 2023-03-16, not '2023-02-30'"),
    "year alone": (
        LIST + "    - name: A B\n      roles:\n        - {role: roi, from: 2003}\n",
        "a.yaml:6: A B: 'from' must be a date like 2023-03-16, not 2003"),
    "ends before it starts": (
        LIST + "    - name: A B\n      roles:\n        - role: roi\n          from: 2023-05-01\n          to: 2022-01-01\n",
        "a.yaml:8: A B: role 'roi' ends (2022-01-01) before it starts (2023-05-01)"),
    "no source": (
        "- country: Algérie\n  people:\n    - name: A B\n",
        "a.yaml:1: Algérie: the list needs its 'source' (where its facts come from)"),
    "country and body": (
        "- country: Algérie\n  body: Union africaine\n  source: x\n  people:\n    - name: A B\n",
        "a.yaml:1: a list names either a 'country' or a 'body'"),
    "a role with both": (
        LIST + "    - name: A B\n      roles:\n        - {role: roi, country: Maroc, body: ONU}\n",
        "a.yaml:6: A B: role 'roi' has both a 'country' and a 'body'"),
    "unknown list key": (
        LIST.replace("source:", "sources:"),
        "a.yaml:2: unknown key 'sources' (known: body, country, people, source)"),
    "no people": (
        "- country: Algérie\n  source: x\n",
        "a.yaml:1: Algérie: 'people' must be a list of people (- name: …)"),
    "one name, two people": (
        LIST + "    - name: Ahmed Attaf\n      aliases: [Attaf]\n    - name: Samir Attaf\n      aliases: [ATTAF]\n",
        "a.yaml:6: 'ATTAF' already names Ahmed Attaf (line 4); an alias must name one person"),
    "not a list": ("country: Algérie\n", "a.yaml:1: a gazetteer file is a list of lists (- country: … or - body: …, source:, people:)"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_list_is_one_line_naming_the_file_and_line(tmp_path, case):
    text, expected = BAD[case]
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RegistryError) as raised:
        gazetteer.load_gazetteer(tmp_path)
    assert str(raised.value) == f"{tmp_path}/{expected}"


def test_one_name_for_two_people_across_files_names_both_files(tmp_path):
    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    (tmp_path / "world.yaml").write_text(LIST.replace("Algérie", "France") + "    - name: Jean Attaf\n"
                                         "      aliases: [Attaf]\n", encoding="utf-8")
    with pytest.raises(RegistryError) as raised:
        gazetteer.load_gazetteer(tmp_path)
    assert str(raised.value) == (f"{tmp_path}/world.yaml:4: 'Attaf' already names Ahmed Attaf (maghreb.yaml:10); "
                                 "an alias must name one person")


SITE = """\
- name: Abdelmadjid Tebboune
  aliases: [Tebboune, Abdelmadjid Teboune]
  country: Algérie
- name: Samir Bourita
  aliases: [Bourita]
  country: Maroc
"""


def test_the_site_registry_sits_over_the_gazetteer(tmp_path):
    (tmp_path / "actors.yaml").write_text(SITE, encoding="utf-8")
    both = layered(load_registry(tmp_path / "actors.yaml"), gazetteer.load_gazetteer(FIXTURE))
    tebboune = both.find("Abdelmajid Tebboune")
    assert tebboune is None  # the site's entry replaced the gazetteer's, aliases and all
    assert both.find("Tebboune").path.name == "actors.yaml"
    assert both.find("Tebboune").roles == ()
    # A surname the site gives to someone else is no longer the gazetteer's…
    assert both.find("Bourita").name == "Samir Bourita"
    # …but the gazetteer's person stays, under their full name.
    assert both.find("Nasser Bourita").role_on(dt.date(2024, 1, 1)).role == "ministre des Affaires étrangères"
    assert both.find("Ahmed Attaf").country == "Algérie"
    names = [person.name for person in both.people]
    assert names.count("Abdelmadjid Tebboune") == 1 and "Nasser Bourita" in names


def test_registry_for_layers_the_shipped_gazetteer(tmp_path, monkeypatch):
    monkeypatch.setattr(gazetteer, "FOLDER", FIXTURE)
    (tmp_path / "actors.yaml").write_text(SITE, encoding="utf-8")
    assert registry_for(tmp_path / "actors.yaml").find("Moussa Faki").name == "Moussa Faki Mahamat"
    assert registry_for(tmp_path / "actors.yaml", gazetteer=False).find("Moussa Faki") is None
    assert registry_for(None).find("Lamamra").name == "Ramtane Lamamra"  # no site registry: the gazetteer alone
    assert registry_for(tmp_path / "actors.yaml") is registry_for(tmp_path / "actors.yaml")  # read once


def test_the_build_keeps_the_gazetteer_it_read_in_its_cache(tmp_path, monkeypatch):
    folder, cache = tmp_path / "gazetteer", tmp_path / ".cache"
    shutil.copytree(FIXTURE, folder)
    first = gazetteer._cached(folder, cache)
    assert (cache / "gazetteer.pickle").is_file()

    def unread(*_):
        raise AssertionError("read again")

    monkeypatch.setattr(gazetteer, "load_gazetteer", unread)
    again = gazetteer._cached(folder, cache)  # from the cache
    assert [p.name for p in again.people] == [p.name for p in first.people]
    assert again.find("Abdelmajid Tebboune").role_on(dt.date(2024, 1, 1)).role == "président de la République"
    monkeypatch.undo()
    # Another gazetteer (the same size, other bytes): read anew.
    maghreb = folder / "maghreb.yaml"
    maghreb.write_text(maghreb.read_text(encoding="utf-8").replace("Ahmed Attaf", "Ahmed Attif"), encoding="utf-8")
    assert gazetteer._cached(folder, cache).find("Attaf").name == "Ahmed Attif"
    # A damaged cache is read anew too.
    (cache / "gazetteer.pickle").write_bytes(b"sbcache1" + b"\0" * 40)
    assert gazetteer._cached(folder, cache).find("Attaf").name == "Ahmed Attif"
