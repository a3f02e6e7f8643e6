"""Score ingest on real articles: `python -m site_builder.ingest.evaluate --gold G --pages P -v`.

The gold (`G/NAME.expected.yaml`, committed) holds facts only: the page's address
and outlet, `title` and `date` as printed (null when the page prints none),
`first_words` and `last_words` of the article body (five words each; `last_words`
is null when the stored text is cut, `cut: true`), `countries` and `actors`
(people: name, role as worded, country when the article makes it clear). The
texts (`P/NAME.html|.txt`) are third-party and never committed: a gold file whose
text is absent is skipped with a note.

Per field:
- title right: equal after normalisation; when the page prints no headline, right
  when ingest took no line as the headline and generated a title that fits, made
  of the lead's words in order from the article's first word (a "A–B : " prefix
  of country names aside). Generated titles that drop words from inside the lead
  (the generator drops weekdays and asides, which can break a phrase: "ce à
  Rabat") are counted apart, as "generated titles, no word dropped".
- date right: the printed moment with its offset (a time printed without a zone:
  that wall-clock time; a printed day without a time: that day); when none is
  printed, right when ingest fell back to the file.
- body complete: `first_words` inside the body's first paragraph and, unless the
  text is cut, `last_words` ending its last paragraph (words compared folded,
  punctuation and spacing ignored).
- furniture lines: paragraphs of the body before the one holding `first_words`
  plus those after the one holding `last_words`, summed over pages (only pages
  whose first and, when scored, last words were found are measured).
- countries and person names: precision, recall, F1. Two spellings of a person the
  registry knows (the gazetteer: "Netanyahu", "Benyamin Netanyahou") are one person;
  "person names, spelt as printed" counts them apart. A country in the gold's
  `countries_implied` (one the article points to only by a city or region, such as
  Gaza or Genève) is neither required nor counted wrong.
- of matched persons: role right (where the gold gives one), actor country right
  (where the gold gives one) and wrong-not-empty (a country given that is not the
  gold's, of the same persons).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .dates import fold
from ..countries import canonical_country
from .evaluate import Counts, Ratio, _field, _person_key, drafts, normalise, same_role
from .extract import ExtractError, read_page
from .nlp import TITLE_CHARS
from .pipeline import IngestSettings
from ..registry import EMPTY, Registry, registry_for

PAGE_SUFFIXES = (".html", ".htm", ".txt")


@dataclass(slots=True)
class RealEvaluation:
    pages: int = 0
    skipped: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    title: Ratio = field(default_factory=Ratio)
    date: Ratio = field(default_factory=Ratio)
    body: Ratio = field(default_factory=Ratio)
    furniture_lines: int = 0
    furniture_pages: int = 0
    measured_pages: int = 0
    countries: Counts = field(default_factory=Counts)
    persons: Counts = field(default_factory=Counts)
    """Person names, one person whatever the spelling the registry knows them by."""
    persons_as_printed: Counts = field(default_factory=Counts)
    """Person names as the article prints them (case and accents aside)."""
    roles: Ratio = field(default_factory=Ratio)
    actor_countries: Ratio = field(default_factory=Ratio)
    actor_countries_wrong: Ratio = field(default_factory=Ratio)
    generated_titles: Ratio = field(default_factory=Ratio)
    """Of the generated titles drawn from the lead: those keeping every word between their first and last."""
    mistakes: list[str] = field(default_factory=list)

    def table(self) -> str:
        lines = [f"real-article evaluation on {self.pages} pages"
                 f" ({len(self.skipped)} skipped: text absent; {len(self.refused)} refused by ingest)",
                 f"{'field':<34}{'value':>8}{'right':>8}{'total':>8}"]
        for name, ratio in (("title right", self.title), ("date right", self.date),
                            ("body complete", self.body), ("role right (matched persons)", self.roles),
                            ("actor country right", self.actor_countries),
                            ("actor country wrong, not empty", self.actor_countries_wrong),
                            ("generated titles, no word dropped", self.generated_titles)):
            lines.append(f"{name:<34}{ratio.value:>8.3f}{ratio.right:>8}{ratio.total:>8}")
        lines.append(f"{'furniture lines in bodies':<34}{self.furniture_lines:>8}"
                     f"{self.furniture_pages:>8}{self.measured_pages:>8}  (lines, pages with any, pages measured)")
        lines.append(f"{'':<34}{'P':>8}{'R':>8}{'F1':>8}")
        for name, counts in (("countries", self.countries), ("person names", self.persons),
                             ("person names, spelt as printed", self.persons_as_printed)):
            lines.append(f"{name:<34}{counts.precision:>8.3f}{counts.recall:>8.3f}{counts.f1:>8.3f}")
        return "\n".join(lines)


def real_pairs(gold: Path, pages: Path) -> tuple[list[tuple[Path, Path]], list[str]]:
    """(text, gold) for every gold file whose text is present, and the names of those skipped."""
    pairs, skipped = [], []
    for expected in sorted(gold.glob("*.expected.yaml")):
        stem = expected.name[: -len(".expected.yaml")]
        texts = [pages / (stem + suffix) for suffix in PAGE_SUFFIXES if (pages / (stem + suffix)).is_file()]
        if texts:
            pairs.append((texts[0], expected))
        else:
            skipped.append(stem)
    return pairs, skipped


def evaluate_real(gold: Path, pages: Path, settings: IngestSettings) -> RealEvaluation:
    result = RealEvaluation()
    registry = registry_for(settings.actors_path)  # the people ingest links names to
    pairs, result.skipped = real_pairs(gold, pages)
    read, kept = [], []
    for path, expected_path in pairs:
        expected = yaml.safe_load(expected_path.read_text(encoding="utf-8"))
        try:
            read.append(read_page(path, settings.timezone))
        except ExtractError as error:
            result.refused.append(f"{path.name}: {error}")
            _score_refused(result, path.stem, expected)
            continue
        kept.append((path, expected))
    for (path, expected), page, draft in zip(kept, read, drafts([p for p, _ in kept], read, settings)):
        score_page(result, path.stem, page.title, draft.front, draft.body, expected, registry)
    result.pages = len(pairs)
    return result


def score_page(result: RealEvaluation, name: str, page_title: str, front: dict, body: str, expected: dict,
               registry: Registry = EMPTY) -> None:
    _score_title(result, name, page_title, str(front.get("title", "")), body, expected)
    _score_date(result, name, front, expected.get("date"))
    _score_body(result, name, body, expected)
    wanted = {normalise(c): c for c in expected.get("countries") or []}
    implied = {normalise(c) for c in expected.get("countries_implied") or []}
    found = {normalise(c): c for c in front.get("tags", {}).get("countries") or [] if normalise(c) not in implied}
    result.countries.add(set(found), set(wanted))
    result.mistakes += [f"{name}: missed country {wanted[k]}" for k in sorted(set(wanted) - set(found))]
    result.mistakes += [f"{name}: extra country {found[k]}" for k in sorted(set(found) - set(wanted))]
    _score_persons(result, name, front.get("actors") or [], expected.get("actors") or [], registry)


def _score_refused(result: RealEvaluation, name: str, expected: dict) -> None:
    for ratio in (result.title, result.date, result.body):
        ratio.add(False)
    result.countries.add(set(), {normalise(c) for c in expected.get("countries") or []})
    result.persons.add(set(), {normalise(a["name"]) for a in expected.get("actors") or []})
    result.persons_as_printed.add(set(), {normalise(a["name"]) for a in expected.get("actors") or []})
    result.mistakes.append(f"{name}: refused by ingest")


def _score_title(result: RealEvaluation, name: str, page_title: str, title: str, body: str,
                 expected: dict) -> None:
    wanted = expected.get("title")
    if wanted is None:
        ok = not page_title and 0 < len(title) <= TITLE_CHARS
        ok = ok and _generated_from_lead(result, name, title, body, expected.get("first_words") or "")
    else:
        ok = normalise(title) == normalise(wanted)
    result.title.add(ok)
    if not ok:
        result.mistakes.append(f"{name}: title is {title!r}"
                               f"{' (taken from the page)' if page_title else ''}, expected {wanted!r}")


def _generated_from_lead(result: RealEvaluation, name: str, title: str, body: str, first_words: str) -> bool:
    """A generated title is the article's lead: its words, in order, from the article's first word.

    The generator may drop asides (weekdays, parentheses) and prefix the countries
    ("Maroc–Espagne : "); words it drops from inside are counted apart, as a note.
    """
    prefix = re.match(r"(.{1,80}?) : ", title)
    if prefix and all(canonical_country(part) for part in prefix.group(1).split("–")):
        title = title[prefix.end():]
    said, text = words(title.rstrip("…. ")), words(body)
    start = _holds(text, words(first_words))
    if not said or start < 0:
        return False
    positions, at = [], start
    for word in said:
        while at < len(text) and text[at] != word:
            at += 1
        if at == len(text):
            return False
        positions.append(at)
        at += 1
    if positions[0] != start:
        return False
    result.generated_titles.add(positions[-1] - positions[0] == len(positions) - 1)
    if positions[-1] - positions[0] != len(positions) - 1:
        result.mistakes.append(f"{name}: note: the generated title {title!r} drops words from inside the lead")
    return True


def _score_date(result: RealEvaluation, name: str, front: dict, wanted) -> None:
    got = front.get("date")
    from_file = front.get("date_source") == "file"
    if wanted is None:
        ok = from_file
    elif isinstance(wanted, dt.datetime) and wanted.tzinfo is None:
        # A time printed without a zone: compared as printed.
        ok = not from_file and isinstance(got, dt.datetime) and got.replace(tzinfo=None) == wanted
    elif isinstance(wanted, dt.datetime):
        ok = not from_file and isinstance(got, dt.datetime) and got == wanted and got.utcoffset() == wanted.utcoffset()
    else:
        day = got.date() if isinstance(got, dt.datetime) else got
        ok = not from_file and day == wanted
    result.date.add(ok)
    if not ok:
        result.mistakes.append(f"{name}: date is {got!r}{' (file time)' if from_file else ''}, expected {wanted!r}")


def words(text: str) -> list[str]:
    """Folded words, with punctuation, spacing and apostrophes ignored."""
    return re.findall(r"\w+", fold(text))


def _holds(paragraph: list[str], wanted: list[str]) -> int:
    """Where `wanted` starts in `paragraph`, or -1."""
    for start in range(len(paragraph) - len(wanted) + 1):
        if paragraph[start:start + len(wanted)] == wanted:
            return start
    return -1


def _score_body(result: RealEvaluation, name: str, body: str, expected: dict) -> None:
    paragraphs = [words(p) for p in re.split(r"\n\s*\n", body) if p.strip()]
    first, last = words(expected.get("first_words") or ""), words(expected.get("last_words") or "")
    first_at = next((i for i, p in enumerate(paragraphs) if _holds(p, first) >= 0), None)
    last_at = None
    if last:
        last_at = next((i for i in range(len(paragraphs) - 1, -1, -1) if _holds(paragraphs[i], last) >= 0), None)
    start_ok = first_at == 0
    end_ok = not last or (last_at == len(paragraphs) - 1 and paragraphs[-1][-len(last):] == last)
    result.body.add(start_ok and end_ok)
    if not start_ok:
        where = "missing" if first_at is None else f"in paragraph {first_at + 1}"
        result.mistakes.append(f"{name}: body start: first words {where}")
    if not end_ok:
        where = "missing" if last_at is None else f"in paragraph {last_at + 1} of {len(paragraphs)}"
        result.mistakes.append(f"{name}: body end: last words {where}")
    if first_at is None or (last and last_at is None):
        return
    extra = first_at + (len(paragraphs) - 1 - last_at if last else 0)
    result.measured_pages += 1
    result.furniture_lines += extra
    result.furniture_pages += extra > 0
    if extra:
        result.mistakes.append(f"{name}: {extra} furniture line(s) in the body")


def _score_persons(result: RealEvaluation, name: str, predicted: list, expected: list,
                   registry: Registry = EMPTY) -> None:
    result.persons_as_printed.add({normalise(_field(actor, "name")) for actor in predicted},
                                  {normalise(actor["name"]) for actor in expected})
    found = {_person_key(registry, _field(actor, "name")): actor for actor in predicted}
    wanted = {_person_key(registry, actor["name"]): actor for actor in expected}
    result.persons.add(set(found), set(wanted))
    result.mistakes += [f"{name}: missed person {wanted[k]['name']}" for k in sorted(set(wanted) - set(found))]
    result.mistakes += [f"{name}: extra person {_field(found[k], 'name')}" for k in sorted(set(found) - set(wanted))]
    for key in sorted(set(found) & set(wanted)):
        got, want = found[key], wanted[key]
        if want.get("role"):
            ok = same_role(_field(got, "role"), want["role"])
            result.roles.add(ok)
            if not ok:
                result.mistakes.append(f"{name}: role of {want['name']} is {_field(got, 'role')!r}, "
                                       f"expected {want['role']!r}")
        if want.get("country"):
            country = _field(got, "country")
            ok = normalise(country) == normalise(want["country"])
            result.actor_countries.add(ok)
            result.actor_countries_wrong.add(bool(country) and not ok)
            if not ok:
                result.mistakes.append(f"{name}: country of {want['name']} is {country!r}, "
                                       f"expected {want['country']!r}")


def report(gold: Path, pages: Path, topics: Path, timezone: str, verbose: bool) -> int:
    settings = IngestSettings(root=pages, content_dir=pages, topics_path=topics, timezone=timezone)
    result = evaluate_real(gold, pages, settings)
    print(result.table())
    for stem in result.skipped:
        print(f"note: skipped {stem}: no text in {pages}")
    if verbose:
        for line in [*result.refused, *result.mistakes]:
            print(line)
    return 0
