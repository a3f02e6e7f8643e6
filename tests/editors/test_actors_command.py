"""`site-builder actors`: people written differently across articles, and registry entries
learnt from what editors corrected by hand. A real site: articles and ingest state written
by ingest's own writer (emit.create), then edited as an editor edits them, in their files."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from site_builder.cli import main
from site_builder.ingest.emit import Draft, create, index_content
from site_builder.registry import load_registry

REGISTRY = """\
# Registry of people. Editors own this file.
# One entry per person: name, aliases, country, roles.

# --- Maroc ---
- name: Khalid Ait Taleb   # health minister
  roles:
    - {role: ministre de la Santé, country: Maroc, from: 2019-10-09}
- name: Nasser Bourita
  aliases:
    - Bourita
  country: Maroc
"""

DAY = dt.datetime(2024, 3, 12, 10, 15, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def draft(number: int, actors: list, title: str = "") -> Draft:
    front = {"title": title or f"Article numéro {number}", "date": DAY + dt.timedelta(days=number), "lang": "fr",
             "source": {"name": "Le Fil", "file": f"seeds/{number:03}.txt"},
             "summary": "Un résumé.", "tags": {"countries": ["Algérie"], "topics": ["Diplomatie"]},
             "actors": actors}
    return Draft(f"seeds/{number:03}.txt", f"{number:064x}", front, "Texte de l’article.\n")


ATTAF_ALGERIE = {"name": "Ahmed Attaf", "role": "ministre des Affaires étrangères", "country": "Algérie"}
ATTAF_MAROC = {"name": "Ahmed Attaf", "role": "ministre des Affaires étrangères", "country": "Maroc"}
SAIHI_AS_INGESTED = {"name": "Santé Abdelhak Saihi", "role": "ministre de la Santé", "country": "Maroc"}


def edit(path: Path, old: str, new: str) -> None:
    """What an editor does: change the article's text in place."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture()
def site(tmp_path: Path, monkeypatch) -> Path:
    """Six articles name Ahmed Attaf (five Algérie, one Maroc); in article 1 an editor
    renamed 'Santé Abdelhak Saihi' to 'Abdelhak Saihi' and set his country to Algérie, and
    set Khalid Ait Taleb's country (the registry has none); in article 2 an editor removed
    'Tassili Airlines' (ingest took it for a person); in article 5 an editor corrected the
    spelling of 'Nacer Bourita', whom the registry knows as Nasser Bourita."""
    (tmp_path / "site.yaml").write_text("language: fr\ntimezone: Africa/Algiers\n", encoding="utf-8")
    (tmp_path / "actors.yaml").write_text(REGISTRY, encoding="utf-8")
    index = index_content(tmp_path / "content")
    paths = {}
    for number in range(1, 7):
        actors = [ATTAF_MAROC if number == 4 else ATTAF_ALGERIE]
        if number == 1:
            actors += [SAIHI_AS_INGESTED, {"name": "Khalid Ait Taleb", "role": "ministre de la Santé"}]
        if number == 2:
            actors += ["Tassili Airlines"]
        if number == 5:
            actors += [{"name": "Nacer Bourita", "country": "Maroc"}]
        paths[number] = create(draft(number, actors), index)
    first = paths[1]
    edit(first, "- name: Santé Abdelhak Saihi\n  role: ministre de la Santé\n  country: Maroc",
         "- name: Abdelhak Saihi\n  role: ministre de la Santé\n  country: Algérie")
    edit(first, "- name: Khalid Ait Taleb\n  role: ministre de la Santé",
         "- name: Khalid Ait Taleb\n  role: ministre de la Santé\n  country: Maroc")
    edit(paths[2], "- Tassili Airlines\n", "")
    edit(paths[5], "- name: Nacer Bourita", "- name: Nasser Bourita")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str, capsys) -> tuple[int, list[str], str]:
    code = main(["actors", *args])
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


def line_at(place: str) -> str:
    """The text at a `file:line` the command printed."""
    file, line = place.rsplit(":", 1)
    return Path(file).read_text(encoding="utf-8").splitlines()[int(line) - 1]


def test_lists_the_person_whose_country_differs_with_every_place(site, capsys):
    code, out, _ = run(capsys=capsys)
    assert code == 1
    heading = next(i for i, line in enumerate(out) if line.startswith("Ahmed Attaf"))
    assert out[heading] == "Ahmed Attaf — 6 article(s); country: Algérie (5), Maroc (1)"
    algeria = out[heading + 1]
    morocco = out[heading + 2]
    assert algeria.startswith("  country Algérie: ") and morocco.startswith("  country Maroc: ")
    places = algeria.split(": ", 1)[1].split(", ")
    assert len(places) == 5
    assert all(line_at(place).strip() == "country: Algérie" for place in places)
    (place,) = morocco.split(": ", 1)[1].split(", ")
    assert place.startswith("content/article-numero-4.md:") and line_at(place).strip() == "country: Maroc"


def test_proposes_what_editors_corrected(site, capsys):
    code, out, _ = run(capsys=capsys)
    assert code == 1
    changes = [line for line in out if line.startswith("  + ")]
    texts = [line.split(" — ")[0] for line in changes]
    assert texts == [
        "  + Abdelhak Saihi: new entry",
        "  + Abdelhak Saihi: alias 'Santé Abdelhak Saihi'",
        "  + Abdelhak Saihi: country Algérie",
        "  + Khalid Ait Taleb: country Maroc",
        "  + Nasser Bourita: alias 'Nacer Bourita'",
    ]
    # The role ingest wrote and the editor kept is not an editor's answer.
    assert not any("role" in text for text in texts)
    evidence = {text: line.split(" — ")[1] for text, line in zip(texts, changes)}
    assert line_at(evidence["  + Abdelhak Saihi: alias 'Santé Abdelhak Saihi'"]) == "- name: Abdelhak Saihi"
    assert line_at(evidence["  + Khalid Ait Taleb: country Maroc"]).strip() == "country: Maroc"
    # A removed actor is listed, never proposed as a person.
    assert "  - Tassili Airlines — content/article-numero-2.md" in out
    assert not any("Tassili" in line for line in changes)


def test_apply_writes_the_registry_keeping_comments_and_a_second_run_proposes_nothing(site, capsys):
    before = (site / "actors.yaml").read_text(encoding="utf-8")
    code, out, err = run("--apply", capsys=capsys)
    assert (code, err) == (0, "")
    assert out[-1] == "actors: 5 change(s) written to actors.yaml"
    after = (site / "actors.yaml").read_text(encoding="utf-8")
    # Every line of the editors' file is still there, in order (comments included).
    remaining = iter(after.splitlines())
    assert all(any(line == other for other in remaining) for line in before.splitlines())
    assert "- name: Khalid Ait Taleb   # health minister\n  country: Maroc\n  roles:" in after
    registry = load_registry(site / "actors.yaml")
    saihi = registry.find("Santé Abdelhak Saihi")
    assert saihi is not None and saihi.name == "Abdelhak Saihi" and saihi.country == "Algérie"
    assert saihi.roles == ()  # no role an editor did not give, no invented dates
    assert registry.find("Khalid Ait Taleb").country == "Maroc"
    assert "  aliases:\n    - Bourita\n    - Nacer Bourita\n  country: Maroc\n" in after
    assert registry.find("Nacer Bourita").name == "Nasser Bourita"
    assert registry.find("Tassili Airlines") is None

    code, out, _ = run("--apply", capsys=capsys)
    assert code == 0 and out[-1] == "actors: 0 change(s) written to actors.yaml"
    assert (site / "actors.yaml").read_text(encoding="utf-8") == after
    code, out, _ = run(capsys=capsys)
    assert not [line for line in out if line.startswith("  + ")]
    assert "0 change(s) proposed" in out[-1]


def test_conflicting_answers_are_listed_not_applied(site, capsys):
    index = index_content(site / "content")
    other = create(draft(7, [{"name": "Santé Abdelhak Saihi", "country": "Maroc"}], "Autre article"), index)
    edit(other, "- name: Santé Abdelhak Saihi\n  country: Maroc", "- name: Abdelhak Saihi\n  country: Tunisie")
    code, out, _ = run("--apply", capsys=capsys)
    assert code == 1
    conflict = next(line for line in out if line.startswith("  ! Abdelhak Saihi: editors disagree on the country"))
    assert "Algérie (content/article-numero-1.md:" in conflict and "Tunisie (content/autre-article.md:" in conflict
    saihi = load_registry(site / "actors.yaml").find("Abdelhak Saihi")
    assert saihi is not None and saihi.country == ""  # the alias is learnt, the country left to an editor


def test_an_editors_role_for_a_new_person_has_no_dates(site, capsys):
    edit(site / "content" / "article-numero-3.md", "actors:\n", "actors:\n- name: Lounes Magramane\n  role: secrétaire général\n")
    run("--apply", capsys=capsys)
    text = (site / "actors.yaml").read_text(encoding="utf-8")
    assert "- name: Lounes Magramane\n  roles:\n    - {role: secrétaire général}\n" in text
    (role,) = load_registry(site / "actors.yaml").find("Lounes Magramane").roles
    assert (role.role, role.start, role.end) == ("secrétaire général", None, None)


def test_a_bad_registry_is_one_line_and_exit_2(site, capsys):
    (site / "actors.yaml").write_text(REGISTRY + "- name: X Y\n  country: Nulle-Part\n", encoding="utf-8")
    before = (site / "actors.yaml").read_bytes()
    code, out, err = run("--apply", capsys=capsys)
    assert code == 2 and out == []
    assert re.fullmatch(r".*actors\.yaml:13: X Y: unknown country 'Nulle-Part'.*\n", err)
    assert (site / "actors.yaml").read_bytes() == before


def test_an_unreadable_article_is_one_line_and_exit_2(site, capsys):
    (site / "content" / "casse.md").write_text("---\ntitle: Cassé\ndate: [\n---\nTexte\n", encoding="utf-8")
    code, out, err = run(capsys=capsys)
    assert code == 2 and out == []
    assert err.count("\n") == 1 and err.startswith("content/casse.md:")


def test_a_missing_state_is_one_line_and_exit_2(site, capsys):
    state = next((site / "content" / ".ingest").glob("seeds-003*.yaml"))
    state.unlink()
    code, _, err = run(capsys=capsys)
    assert code == 2
    assert err.startswith("content/article-numero-3.md:1: no ingest state for seeds/003.txt") and err.count("\n") == 1


def test_a_site_without_disagreements_or_corrections_exits_0(tmp_path, monkeypatch, capsys):
    (tmp_path / "site.yaml").write_text("language: fr\n", encoding="utf-8")
    index = index_content(tmp_path / "content")
    create(draft(1, [ATTAF_ALGERIE]), index)
    create(draft(2, [ATTAF_ALGERIE]), index)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys=capsys)
    assert code == 0
    assert out == ["actors: 0 people written differently across articles, 0 change(s) proposed for actors.yaml"]


# --------------------------------------------------------------------------- editing actors.yaml as text

from site_builder.corrections import Change, Proposal  # noqa: E402
from site_builder.registry_write import edited  # noqa: E402


def proposal_for(registry_path: Path, name: str, aliases=(), country: str = "") -> Proposal:
    person = load_registry(registry_path).find(name)
    changes = [Change("alias", name, alias, []) for alias in aliases]
    changes += [Change("country", name, country, [])] if country else []
    return Proposal(name, person, changes)


@pytest.mark.parametrize("entry, expected", [
    ("- name: Ahmed Attaf\n  aliases:\n    - Attaf   # surname\n  roles: []\n",
     "- name: Ahmed Attaf\n  aliases:\n    - Attaf   # surname\n    - \"Ahmed Attaf: ministre\"\n  country: Algérie\n  roles: []\n"),
    ("- name: Ahmed Attaf\n  aliases: [Attaf]   # surname\n",
     "- name: Ahmed Attaf\n  aliases: [Attaf, \"Ahmed Attaf: ministre\"]   # surname\n  country: Algérie\n"),
    ("- {name: Ahmed Attaf}\n",
     "- {name: Ahmed Attaf, aliases: [\"Ahmed Attaf: ministre\"], country: Algérie}\n"),
    ("- name: Ahmed Attaf\n  country: Maroc  # wrong\n",
     "- name: Ahmed Attaf\n  aliases: [\"Ahmed Attaf: ministre\"]\n  country: Algérie  # wrong\n"),
])
def test_an_entry_is_edited_in_place_in_its_own_style(tmp_path, entry, expected):
    path = tmp_path / "actors.yaml"
    head = "# People.\n- name: Nasser Bourita\n  country: Maroc\n\n# Algérie\n"
    tail = "# end\n- name: Kaïs Saïed\n"
    path.write_text(head + entry + tail, encoding="utf-8")
    proposal = proposal_for(path, "Ahmed Attaf", ["Ahmed Attaf: ministre"], "Algérie")
    text = edited(path.read_text(encoding="utf-8"), [proposal], path)
    assert text == head + expected + tail
    path.write_text(text, encoding="utf-8")
    person = load_registry(path).find("Ahmed Attaf: ministre")
    assert person.name == "Ahmed Attaf" and person.country == "Algérie"


def test_new_entries_quote_what_plain_yaml_would_misread(tmp_path):
    path = tmp_path / "actors.yaml"
    path.write_text("# People.\n", encoding="utf-8")
    names = ["Yes", "O'Neil: junior", "2023-03-16", "[Sic] Ali", "Ali # not a comment"]
    planned = [Proposal(name, None, [Change("new", name, name, []), Change("country", name, "Algérie", []),
                                     Change("role", name, "ministre, délégué: {x}", [])]) for name in names]
    path.write_text(edited(path.read_text(encoding="utf-8"), planned, path), encoding="utf-8")
    registry = load_registry(path)
    for name in names:
        person = registry.find(name)
        assert person is not None and person.name == name, name
        assert person.roles[0].role == "ministre, délégué: {x}" and person.roles[0].country == "Algérie"


def test_cli_exit_status_0_1_2(tmp_path):
    """The installed command (`site-builder`, as the Makefile runs it), else `python -m site_builder`."""
    import subprocess
    import sys

    from helpers import run_cli as run_module

    script = Path(sys.executable).parent / "site-builder"

    def run_cli(*args, cwd):
        if not script.exists():
            return run_module(*args, cwd=cwd)
        return subprocess.run([str(script), *args], cwd=cwd, capture_output=True, text=True, timeout=300)

    (tmp_path / "site.yaml").write_text("language: fr\n", encoding="utf-8")
    index = index_content(tmp_path / "content")
    create(draft(1, [ATTAF_ALGERIE]), index)
    path = create(draft(2, [ATTAF_ALGERIE]), index)
    usage = run_cli("actors", "--help", cwd=tmp_path)
    assert usage.returncode == 0 and "usage: site-builder actors" in usage.stdout and "--apply" in usage.stdout
    clean = run_cli("actors", cwd=tmp_path)
    assert (clean.returncode, clean.stderr) == (0, ""), clean.stderr

    edit(path, "country: Algérie", "country: Maroc")
    found = run_cli("actors", cwd=tmp_path)
    assert found.returncode == 1
    assert "Ahmed Attaf — 2 article(s); country: Algérie (1), Maroc (1)" in found.stdout

    (tmp_path / "actors.yaml").write_text("- name: Ahmed Attaf\n  pays: Algérie\n", encoding="utf-8")
    bad = run_cli("actors", "--apply", cwd=tmp_path)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert re.fullmatch(r"\S*actors\.yaml:2: unknown key 'pays' \(known: [^\n]*\)\n", bad.stderr), bad.stderr


def test_a_person_the_file_does_not_hold_is_left_to_an_editor(tmp_path):
    """A registry may hold people from elsewhere (a shipped gazetteer): their changes are
    listed, and the file is not edited at someone else's entry."""
    from site_builder.registry import Person
    from site_builder.registry_write import editable

    path = tmp_path / "actors.yaml"
    path.write_text("# People.\n- name: Nasser Bourita\n  country: Maroc\n", encoding="utf-8")
    elsewhere = Person(name="Emmanuel Macron", country="France", line=2)
    proposal = Proposal("Emmanuel Macron", elsewhere, [Change("alias", "Emmanuel Macron", "E. Macron", [])])
    editable(path, [proposal])
    assert proposal.changes == []
    assert proposal.conflicts == [f"not an entry of {path} (alias E. Macron): add one by hand"]


def test_no_country_is_added_to_an_international_official(site, capsys):
    (site / "actors.yaml").write_text(
        REGISTRY + "- name: António Guterres\n  roles:\n    - {role: secrétaire général des Nations unies, from: 2017-01-01}\n",
        encoding="utf-8")
    edit(site / "content" / "article-numero-3.md", "actors:\n", "actors:\n- name: António Guterres\n  country: Portugal\n")
    code, out, _ = run("--apply", capsys=capsys)
    assert code == 1
    assert any(line.startswith("  ! António Guterres: the registry gives no country") for line in out)
    assert load_registry(site / "actors.yaml").find("António Guterres").country == ""


def test_apply_keeps_windows_line_endings_and_creates_a_missing_registry(site, capsys):
    crlf = REGISTRY.replace("\n", "\r\n").encode("utf-8")
    (site / "actors.yaml").write_bytes(crlf)
    assert run("--apply", capsys=capsys)[0] == 0
    data = (site / "actors.yaml").read_bytes()
    assert data.startswith(crlf.split(b"- name: Khalid")[0]) and b"\n" not in data.replace(b"\r\n", b"")
    assert load_registry(site / "actors.yaml").find("Santé Abdelhak Saihi").name == "Abdelhak Saihi"

    (site / "actors.yaml").unlink()
    assert run("--apply", capsys=capsys)[0] == 0
    registry = load_registry(site / "actors.yaml")
    assert registry.find("Santé Abdelhak Saihi").country == "Algérie"
    assert (site / "actors.yaml").read_text(encoding="utf-8").startswith("# Registry of people")


def test_two_transliterations_of_one_name_are_listed_as_one_person(tmp_path, monkeypatch, capsys):
    (tmp_path / "site.yaml").write_text("language: fr\n", encoding="utf-8")
    index = index_content(tmp_path / "content")
    spellings = ["Abdelmadjid Tebboune", "Abdelmadjid Tebboune", "Abdelmajid Tebboune", "Abdelkader Tebboune"]
    for number, name in enumerate(spellings, start=1):
        create(draft(number, [{"name": name, "country": "Algérie"}]), index)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys=capsys)
    assert code == 1
    assert "Abdelmadjid Tebboune — 3 article(s); name: Abdelmadjid Tebboune (2), Abdelmajid Tebboune (1)" in out
    assert not any(line.startswith("Abdelkader") for line in out)  # another first name: another person


def test_an_unknown_country_is_listed_not_proposed(site, capsys):
    edit(site / "content" / "article-numero-3.md", "actors:\n", "actors:\n- name: Lounes Magramane\n  country: Atlantide\n")
    code, out, _ = run("--apply", capsys=capsys)
    assert code == 1
    assert any(line.startswith("  ! Lounes Magramane: unknown country 'Atlantide' in content/article-numero-3.md:") for line in out)
    assert load_registry(site / "actors.yaml").find("Lounes Magramane") is None


def test_apply_refuses_a_registry_that_would_not_load_and_leaves_the_file(tmp_path):
    from site_builder.errors import SiteError
    from site_builder.registry_write import apply

    path = tmp_path / "actors.yaml"
    path.write_text(REGISTRY, encoding="utf-8")
    before = path.read_bytes()
    bad = Proposal("Lounes Magramane", None, [Change("new", "Lounes Magramane", "Lounes Magramane", []),
                                              Change("country", "Lounes Magramane", "Atlantide", [])])
    with pytest.raises(SiteError) as refused:
        apply(path, [bad])
    message = str(refused.value)
    assert "\n" not in message
    assert re.fullmatch(rf"{re.escape(str(path))}:\d+: Lounes Magramane: unknown country 'Atlantide'.* left unchanged\)", message)
    assert path.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name != "actors.yaml"]  # no temporary left


def test_renames_chain_across_articles_and_another_person_is_not_a_rename(site, capsys):
    """'Santé Abdelhak Saihi' renamed in article 1; in article 7 an editor renamed the
    ingested 'A. Saihi Santé' to 'Santé Abdelhak Saihi' (what article 1 renamed away) and
    replaced 'Abdelkader Attaf' by 'Ahmed Attaf' (two people: not a rename)."""
    index = index_content(site / "content")
    other = create(draft(7, [{"name": "Santé A. Saihi", "country": "Algérie"}, "Abdelkader Attaf"], "Autre article"), index)
    edit(other, "- name: Santé A. Saihi", "- name: Santé Abdelhak Saihi")
    edit(other, "- Abdelkader Attaf", "- Ahmed Attaf")
    code, out, _ = run(capsys=capsys)
    assert code == 1
    aliases = [line.split(" — ")[0] for line in out if line.startswith("  + Abdelhak Saihi: alias")]
    assert aliases == ["  + Abdelhak Saihi: alias 'Santé Abdelhak Saihi'", "  + Abdelhak Saihi: alias 'Santé A. Saihi'"]
    assert "  - Abdelkader Attaf — content/autre-article.md" in out
    assert not any("alias 'Abdelkader Attaf'" in line for line in out)


def test_a_registry_persons_disagreement_says_what_the_registry_says(site, capsys):
    (site / "actors.yaml").write_text(REGISTRY + "- name: Ahmed Attaf\n  aliases: [Attaf]\n  country: Algérie\n", encoding="utf-8")
    code, out, _ = run(capsys=capsys)
    assert "Ahmed Attaf — 6 article(s); country: Algérie (5), Maroc (1) (registry: Algérie)" in out
