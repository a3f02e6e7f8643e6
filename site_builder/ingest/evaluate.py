"""Score ingest against hand-checked pages: `python -m site_builder.ingest.evaluate FOLDER`.

Each page `NAME.txt|.html` has `NAME.expected.yaml` beside it with the values a
careful editor would write (title, date, source, section, lang, countries, actors
with role and country, and `leaks`: strings of site furniture that must not
appear). Prints precision / recall / F1 for countries and actor names, role and
actor-country accuracy, field accuracies and boilerplate leaks.

`--gold GOLD --pages PAGES` scores a set of real articles instead, whose gold
(committed) and texts (not ours, never committed) live apart: see
`site_builder/ingest/evaluate_real.py` and tests/real/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .dates import fold
from .extract import read_page
from .nlp import TITLE_CHARS, ArticleText, analyse_many, load_vocabulary
from .pipeline import IngestSettings, Seed, make_draft
from ..registry import EMPTY, Registry, registry_for

# Furniture that must never reach an article, whatever the page.
COMMON_LEAKS = ("S'abonner", "Se connecter", "Copyright", "©", "Tous droits réservés",
                "Revenir au direct", "60 DH", "All rights reserved", "Sign in", "Subscribe",
                "Mentions légales", "Lire aussi", "Newsletter", "cookies")


@dataclass(slots=True)
class Counts:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0

    def add(self, predicted: set[str], expected: set[str]) -> None:
        self.true_positive += len(predicted & expected)
        self.false_positive += len(predicted - expected)
        self.false_negative += len(expected - predicted)

    @property
    def precision(self) -> float:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positive + self.false_negative
        return self.true_positive / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class Ratio:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += ok
        self.total += 1

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass(slots=True)
class Evaluation:
    pages: int = 0
    countries: Counts = field(default_factory=Counts)
    actors: Counts = field(default_factory=Counts)
    roles: Ratio = field(default_factory=Ratio)
    actor_countries: Ratio = field(default_factory=Ratio)
    fields: dict[str, Ratio] = field(default_factory=dict)
    leaks: list[str] = field(default_factory=list)
    mistakes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Not counted as mistakes: values the expected file leaves open."""

    def field(self, name: str) -> Ratio:
        return self.fields.setdefault(name, Ratio())

    def table(self) -> str:
        lines = [f"ingest evaluation on {self.pages} pages",
                 f"{'metric':<22}{'precision':>10}{'recall':>10}{'F1':>10}"]
        for name, counts in (("countries", self.countries), ("actor names", self.actors)):
            lines.append(f"{name:<22}{counts.precision:>10.3f}{counts.recall:>10.3f}{counts.f1:>10.3f}")
        lines.append(f"{'metric':<22}{'accuracy':>10}{'right':>10}{'total':>10}")
        rows = [("actor roles", self.roles), ("actor countries", self.actor_countries),
                *sorted(self.fields.items())]
        for name, ratio in rows:
            lines.append(f"{name:<22}{ratio.value:>10.3f}{ratio.right:>10}{ratio.total:>10}")
        lines.append(f"{'boilerplate leaks':<22}{len(self.leaks):>10}")
        return "\n".join(lines)


def normalise(text: str) -> str:
    text = fold(text).replace("’", "'")
    text = re.sub(r"^(?:le|la|les|l'|the|a|an)\s+", "", text.strip())
    return re.sub(r"\s+", " ", text)


def same_role(predicted: str, expected: str) -> bool:
    """Roles match when equal, when one contains the other, or when most words agree."""
    a, b = normalise(predicted), normalise(expected)
    if not a:
        return False
    if a == b or a in b or b in a:
        return True
    words_a, words_b = set(re.findall(r"\w+", a)), set(re.findall(r"\w+", b))
    return len(words_a & words_b) / len(words_a | words_b) >= 0.5


def fixture_pairs(folder: Path) -> list[tuple[Path, Path]]:
    pairs = []
    for expected in sorted(folder.rglob("*.expected.yaml")):
        stem = expected.name[: -len(".expected.yaml")]
        pages = [p for p in expected.parent.glob(stem + ".*") if not p.name.endswith(".yaml")]
        if pages:
            pairs.append((pages[0], expected))
    return pairs


def drafts(paths: list[Path], pages: list, settings: IngestSettings) -> list:
    """The draft ingest makes of each read page, analysed in one batch."""
    vocabulary = load_vocabulary(settings.topics_path)
    analyses = analyse_many([ArticleText(page.title, page.paragraphs, page.section, page.html_lang) for page in pages],
                            vocabulary)
    return [make_draft(Seed(path, path.name, ""), page, analysis, settings)
            for path, page, analysis in zip(paths, pages, analyses)]


def evaluate(folder: Path, settings: IngestSettings) -> Evaluation:
    result = Evaluation()
    registry = registry_for(settings.actors_path)  # the people ingest links names to
    pairs = fixture_pairs(folder)
    pages = [read_page(page, settings.timezone) for page, _ in pairs]
    for (path, expected_path), draft in zip(pairs, drafts([path for path, _ in pairs], pages, settings)):
        expected = yaml.safe_load(expected_path.read_text(encoding="utf-8"))
        _score(result, path.name, draft.front, draft.body, expected, registry)
        result.pages += 1
    return result


def _score(result: Evaluation, name: str, front: dict, body: str, expected: dict,
           registry: Registry = EMPTY) -> None:
    _score_fields(result, name, front, expected)
    predicted_countries = {normalise(c) for c in front["tags"]["countries"]}
    wanted_countries = {normalise(c) for c in expected.get("countries") or []}
    result.countries.add(predicted_countries, wanted_countries)
    for missing in sorted(wanted_countries - predicted_countries):
        result.mistakes.append(f"{name}: missed country {missing}")
    for extra in sorted(predicted_countries - wanted_countries):
        result.mistakes.append(f"{name}: extra country {extra}")
    _score_actors(result, name, front.get("actors") or [], expected.get("actors") or [], registry)
    text = "\n".join([str(front.get("title", "")), str(front.get("summary", "")), body])
    for leak in [*COMMON_LEAKS, *(expected.get("leaks") or [])]:
        if fold(leak) in fold(text):
            result.leaks.append(f"{name}: {leak!r}")


def _score_fields(result: Evaluation, name: str, front: dict, expected: dict) -> None:
    title = expected.get("title")
    if title is None:
        generated = str(front.get("title", ""))
        ok = 0 < len(generated) <= TITLE_CHARS
    else:
        ok = normalise(str(front.get("title", ""))) == normalise(title)
    _check(result, name, "title", ok, front.get("title"), title)
    wanted_date = expected.get("date")
    if wanted_date is None:
        ok = front.get("date_source") == "file"
    else:
        ok = _same_moment(front.get("date"), wanted_date) and "date_source" not in front
    _check(result, name, "date", ok, front.get("date"), wanted_date)
    if "updated" in expected:
        _check(result, name, "updated", _same_moment(front.get("updated"), expected["updated"]),
               front.get("updated"), expected["updated"])
    _check(result, name, "lang", front.get("lang") == expected.get("lang"), front.get("lang"),
           expected.get("lang"))
    source = (front.get("source") or {}).get("name")
    wanted_source = expected.get("source")
    _check(result, name, "source", normalise(source or "") == normalise(wanted_source or ""),
           source, wanted_source)
    if "section" in expected:
        _check(result, name, "section", normalise(front.get("section") or "") ==
               normalise(expected["section"] or ""), front.get("section"), expected["section"])


def _check(result: Evaluation, name: str, what: str, ok: bool, got, wanted) -> None:
    result.field(what).add(ok)
    if not ok:
        result.mistakes.append(f"{name}: {what} is {got!r}, expected {wanted!r}")


def _same_moment(got, wanted) -> bool:
    if isinstance(wanted, dt.datetime) and isinstance(got, dt.datetime):
        return got == wanted and got.utcoffset() == wanted.utcoffset()
    return type(got) is type(wanted) and got == wanted


def _score_actors(result: Evaluation, name: str, predicted: list, expected: list,
                  registry: Registry = EMPTY) -> None:
    """Person by person: one person whatever the spelling the registry (and the gazetteer
    under it) knows them by, as ingest links them ("Netanyahu" is "Benyamin Netanyahou")."""
    found = {_person_key(registry, _field(actor, "name")): actor for actor in predicted}
    wanted = {_person_key(registry, actor["name"]): actor for actor in expected}
    result.actors.add(set(found), set(wanted))
    for key in sorted(set(wanted) - set(found)):
        result.mistakes.append(f"{name}: missed actor {wanted[key]['name']}")
    for key in sorted(set(found) - set(wanted)):
        result.mistakes.append(f"{name}: extra actor {_field(found[key], 'name')}")
    for key in set(found) & set(wanted):
        got, want = found[key], wanted[key]
        if want.get("role"):
            ok = same_role(_field(got, "role"), want["role"])
            result.roles.add(ok)
            if not ok:
                result.mistakes.append(f"{name}: role of {want['name']} is {_field(got, 'role')!r}, "
                                       f"expected {want['role']!r}")
        if not want.get("country") and _field(got, "country"):
            result.notes.append(f"{name}: {want['name']} given country {_field(got, 'country')!r}, "
                                "none expected")
        if want.get("country"):
            ok = normalise(_field(got, "country")) == normalise(want["country"])
            result.actor_countries.add(ok)
            if not ok:
                result.mistakes.append(f"{name}: country of {want['name']} is "
                                       f"{_field(got, 'country')!r}, expected {want['country']!r}")


def _person_key(registry: Registry, name: str) -> str:
    """Who a name means: the registry's name for a person it knows ("Netanyahu" and
    "Benyamin Netanyahou" are one), else the name as written."""
    person = registry.find(name)
    return normalise(person.name if person else name)


def _field(actor, key: str) -> str:
    if isinstance(actor, str):
        return actor if key == "name" else ""
    return str(actor.get(key, ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m site_builder.ingest.evaluate",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, nargs="?",
                        help="folder of pages with NAME.expected.yaml beside them")
    parser.add_argument("--gold", type=Path, help="real set: folder of NAME.expected.yaml (with --pages)")
    parser.add_argument("--pages", type=Path, help="real set: folder of the NAME.txt|.html texts")
    parser.add_argument("--topics", type=Path, default=Path("topics.yaml"))
    parser.add_argument("--timezone", default="Africa/Algiers")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every mistake")
    args = parser.parse_args(argv)
    if args.gold is not None or args.pages is not None:
        if args.gold is None or args.pages is None or args.folder is not None:
            parser.error("give --gold and --pages together, without FOLDER")
        from .evaluate_real import report
        return report(args.gold, args.pages, args.topics, args.timezone, args.verbose)
    if args.folder is None:
        parser.error("give FOLDER, or --gold and --pages")
    settings = IngestSettings(root=args.folder, content_dir=args.folder, topics_path=args.topics,
                              timezone=args.timezone)
    result = evaluate(args.folder, settings)
    print(result.table())
    if args.verbose:
        for line in [*result.mistakes, *(f"leak: {leak}" for leak in result.leaks),
                     *(f"note: {note}" for note in result.notes)]:
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
