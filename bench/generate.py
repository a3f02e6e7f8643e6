"""Deterministic generator of synthetic corpora for the benchmark.

    python bench/generate.py corpus --n 1000 --out bench/work/corpus-1000 [--seed 6]
    python bench/generate.py seeds --n 200 --out bench/work/seeds-200

`corpus` writes one folder per tool, all holding the same articles:

    OUT/ours/site.yaml, OUT/ours/content/*.md       our front matter contract
    OUT/hugo/hugo.toml, OUT/hugo/layouts/, OUT/hugo/content/articles/*.md
    OUT/pelican/pelicanconf.py, OUT/pelican/theme/, OUT/pelican/content/*.md
    OUT/manifest.json                               what was generated, with which seed

`seeds` writes raw scraped-page variants of the repository's `seeds/*.txt` (new
names, altered dates and a unique closing line) for the ingest throughput figure.

Only the standard library, PyYAML and Babel are needed (both are in the project's
virtualenv and in the benchmark's own).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import prose  # noqa: E402

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
GENERATOR_VERSION = 3
TZ = dt.timezone(dt.timedelta(hours=1))  # Africa/Algiers has no DST

# 90 countries, most-covered first (the order is the Zipf rank), with the grammar
# needed to write about them: f/m (singular with article), pl (plural), none (no article).
COUNTRIES: list[tuple[str, str]] = [
    ("DZ", "f"), ("FR", "f"), ("US", "pl"), ("MA", "m"), ("TN", "f"), ("RU", "f"),
    ("CN", "f"), ("UA", "f"), ("ML", "m"), ("LY", "f"), ("EG", "f"), ("BE", "f"),
    ("DE", "f"), ("ES", "f"), ("IT", "f"), ("TR", "f"), ("SA", "f"), ("QA", "m"),
    ("IR", "m"), ("NE", "m"), ("EH", "m"), ("MR", "f"), ("SN", "m"), ("GB", "m"),
    ("SY", "f"), ("IL", "none"), ("PS", "pl"), ("LB", "m"), ("AE", "pl"), ("IQ", "m"),
    ("TD", "m"), ("BF", "m"), ("NG", "m"), ("CI", "f"), ("ET", "f"), ("SD", "m"),
    ("JP", "m"), ("IN", "f"), ("BR", "m"), ("CA", "m"), ("PT", "m"), ("CH", "f"),
    ("NL", "pl"), ("YE", "m"), ("JO", "f"), ("KW", "m"), ("OM", "none"), ("PK", "m"),
    ("AF", "m"), ("KR", "f"), ("KP", "f"), ("ZA", "f"), ("KE", "m"), ("CM", "m"),
    ("GN", "f"), ("GA", "m"), ("CD", "m"), ("CG", "m"), ("SO", "f"), ("SS", "m"),
    ("RW", "m"), ("AO", "m"), ("MZ", "m"), ("MG", "none"), ("AT", "f"), ("PL", "f"),
    ("GR", "f"), ("SE", "f"), ("NO", "f"), ("FI", "f"), ("HU", "f"), ("RO", "f"),
    ("RS", "f"), ("MX", "m"), ("AR", "f"), ("CO", "f"), ("VE", "m"), ("CU", "none"),
    ("CL", "m"), ("ID", "f"), ("VN", "m"), ("TH", "f"), ("MY", "f"), ("PH", "pl"),
    ("AU", "f"), ("AZ", "m"), ("AM", "f"), ("GE", "f"), ("KZ", "m"), ("DK", "m"),
]
assert len(COUNTRIES) == 90 and len({c for c, _ in COUNTRIES}) == 90
N_TOPICS = 23
N_ACTORS = 400
DATE_FROM = dt.datetime(2019, 1, 1, 6, 0, tzinfo=TZ)
DATE_TO = dt.datetime(2026, 10, 31, 22, 0, tzinfo=TZ)


# --------------------------------------------------------------------------- grammar

@dataclass(frozen=True, slots=True)
class Country:
    code: str
    name: str
    gender: str  # f, m, pl, none

    @property
    def vowel(self) -> bool:
        return _fold(self.name[0]) in "aeiouy" or self.name.startswith("H")

    def le(self) -> str:
        """'l’Algérie', 'le Maroc', 'la France', 'les États-Unis', 'Cuba'."""
        if self.gender == "none":
            return self.name
        if self.gender == "pl":
            return f"les {self.name}"
        if self.vowel:
            return f"l’{self.name}"
        return ("la " if self.gender == "f" else "le ") + self.name

    def de(self) -> str:
        """'de l’Algérie', 'du Maroc', 'des États-Unis', 'd’Israël'."""
        if self.gender == "none":
            return ("d’" if self.vowel else "de ") + self.name
        if self.gender == "pl":
            return f"des {self.name}"
        if self.vowel:
            return f"de l’{self.name}"
        return ("de la " if self.gender == "f" else "du ") + self.name

    def en(self) -> str:
        """'en Algérie', 'au Maroc', 'aux États-Unis', 'à Cuba', 'en Iran'."""
        if self.gender == "none":
            return ("en " if self.name == "Israël" else "à ") + self.name
        if self.gender == "pl":
            return f"aux {self.name}"
        if self.gender == "f" or self.vowel:
            return f"en {self.name}"
        return f"au {self.name}"


@dataclass(frozen=True, slots=True)
class Actor:
    name: str
    role: str
    country: Country


@dataclass(slots=True)
class Article:
    slug: str
    title: str
    date: dt.datetime
    summary: str
    body: str
    countries: list[Country]
    topics: list[str]
    actors: list[Actor]
    source: str
    section: str
    words: int = 0
    extra: dict = field(default_factory=dict)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def slugify(text: str) -> str:
    text = _fold(text.replace("’", "-").replace("'", "-"))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------- sampling

def zipf_weights(n: int, s: float = 1.0) -> list[float]:
    return [1.0 / (rank ** s) for rank in range(1, n + 1)]


def sample_distinct(rng: random.Random, items: list, weights: list[float], k: int) -> list:
    chosen: list = []
    while len(chosen) < k:
        item = rng.choices(items, weights)[0]
        if item not in chosen:
            chosen.append(item)
    return chosen


def load_countries() -> list[Country]:
    from babel import Locale

    names = Locale("fr").territories
    return [Country(code, names[code], gender) for code, gender in COUNTRIES]


def make_actors(rng: random.Random, countries: list[Country]) -> list[Actor]:
    weights = zipf_weights(len(countries), 0.9)
    seen: set[str] = set()
    actors: list[Actor] = []
    while len(actors) < N_ACTORS:
        name = f"{rng.choice(prose.FIRST_NAMES)} {rng.choice(prose.LAST_NAMES)}"
        if rng.random() < 0.15:
            name = f"{rng.choice(prose.FIRST_NAMES)} {name}"
        if name in seen:
            continue
        seen.add(name)
        country = rng.choices(countries, weights)[0]
        actors.append(Actor(name, rng.choice(prose.ROLES), country))
    return actors


# --------------------------------------------------------------------------- prose

class Writer:
    """Fills the handwritten sentence templates for one article."""

    def __init__(self, rng: random.Random, countries: list[Country], actors: list[Actor]):
        self.rng = rng
        self.countries = countries
        self.actors = actors
        self.used: set[str] = set()

    def pick(self, pool: list[str]) -> str:
        """A template not used yet in this article (when the pool still has one)."""
        fresh = [t for t in pool if t not in self.used]
        if self.countries[0].gender == "pl":  # "{Le1} veut ...": avoid a plural subject
            fresh = [t for t in fresh if "{Le1} " not in t or "{Le1} et" in t] or fresh
        template = self.rng.choice(fresh or pool)
        self.used.add(template)
        return template

    def slots(self) -> dict[str, str]:
        rng = self.rng
        c = self.countries + self.countries[:1] * (3 - len(self.countries))
        a = self.actors + self.actors[:1] * (2 - len(self.actors))
        values = {
            "org": rng.choice(prose.ORGS),
            "ville": rng.choice(prose.CITIES),
            "mois": rng.choice(prose.MONTHS),
            "annee": str(rng.randint(2008, 2027)),
            "nombre": str(rng.choice([12, 25, 40, 150, 300, 1200, 2500, 15000])),
            "pct": str(rng.randint(3, 45)),
            "lien": self.link(),
        }
        for i, country in enumerate(c[:3], 1):
            values[f"le{i}"] = country.le()
            values[f"Le{i}"] = _cap(country.le())
            values[f"de{i}"] = country.de()
            values[f"en{i}"] = country.en()
        for i, actor in enumerate(a[:2], 1):
            values[f"a{i}"] = actor.name
            values[f"r{i}"] = actor.role
        return values

    def fill(self, template: str) -> str:
        return template.format(**self.slots())

    def link(self) -> str:
        text = self.rng.choice(prose.LINK_TEXTS)
        return f"[{text}](https://exemple.org/documents/{self.rng.randint(1000, 99999)})"

    def sentence(self, family: str) -> str:
        pool = prose.BODY[family] if self.rng.random() < 0.7 else prose.GENERIC
        return self.fill(self.pick(pool))

    def paragraph(self, family: str) -> str:
        return " ".join(self.sentence(family) for _ in range(self.rng.randint(2, 4)))

    def quote(self) -> str:
        actor = self.rng.choice(self.actors)
        text = self.rng.choice(prose.QUOTES)
        return f"> « {text} », a déclaré {actor.name}, {actor.role}."

    def bullet_list(self) -> str:
        items = self.rng.sample(prose.LIST_ITEMS, self.rng.randint(3, 5))
        intro = self.rng.choice(prose.LIST_INTROS)
        return intro + "\n\n" + "\n".join(f"- {self.fill(item)}" for item in items)


def write_article(rng: random.Random, index: int, countries: list[Country], topics: list[str],
                  actors: list[Actor], date: dt.datetime) -> Article:
    family = prose.FAMILIES[topics[0]]
    w = Writer(rng, countries, actors)
    title = w.fill(w.pick(prose.TITLES[family]))
    lead = w.fill(w.pick(prose.LEADS[family]))
    second = w.sentence(family)
    blocks = [f"{lead} {second}"]
    target = max(250, int(rng.gauss(530, 110)))
    words = len(blocks[0].split())
    extras = {"quote": rng.random() < 0.4, "list": rng.random() < 0.3,
              "link": rng.random() < 0.45, "subhead": rng.random() < 0.35}
    while words < target:
        roll = rng.random()
        if extras["quote"] and roll < 0.2:
            block, extras["quote"] = w.quote(), False
        elif extras["list"] and roll < 0.35:
            block, extras["list"] = w.bullet_list(), False
        elif extras["link"] and roll < 0.5:
            block = w.paragraph(family) + " " + w.fill(rng.choice(prose.LINK_SENTENCES))
            extras["link"] = False
        elif extras["subhead"] and len(blocks) > 2 and roll < 0.6:
            block, extras["subhead"] = "## " + rng.choice(prose.SUBHEADS), False
        else:
            fam = family if rng.random() < 0.75 else prose.FAMILIES[rng.choice(topics)]
            block = w.paragraph(fam)
        blocks.append(block)
        words += len(block.split())
    summary = lead
    if rng.random() < 0.4:
        summary += " " + rng.choice(prose.SUMMARY_TAILS)
    slug = f"{date:%Y-%m-%d}-{slugify(title)[:60].strip('-')}-{index:05d}"
    return Article(slug=slug, title=title, date=date, summary=summary,
                   body="\n\n".join(blocks) + "\n", countries=countries, topics=topics,
                   actors=actors, source=rng.choice(prose.SOURCES),
                   section=rng.choice(prose.SECTIONS), words=words)


def make_corpus(n: int, seed: int) -> list[Article]:
    rng = random.Random(seed)
    countries = load_countries()
    topics = prose.TOPICS[:N_TOPICS]
    actors = make_actors(rng, countries)
    cw = zipf_weights(len(countries), 1.0)
    tw = zipf_weights(len(topics), 1.0)
    aw = zipf_weights(len(actors), 1.05)
    span = (DATE_TO - DATE_FROM).total_seconds()
    offsets = sorted(rng.random() * span for _ in range(n))
    articles = []
    for i, off in enumerate(offsets):
        date = (DATE_FROM + dt.timedelta(seconds=off)).replace(second=0, microsecond=0)
        a_countries = sample_distinct(rng, countries, cw, rng.choice([2, 2, 3, 3, 3, 4]))
        a_topics = sample_distinct(rng, topics, tw, rng.choice([1, 2, 2, 3]))
        a_actors = sample_distinct(rng, actors, aw, rng.choice([1, 2, 2, 3, 4]))
        articles.append(write_article(rng, i, a_countries, a_topics, a_actors, date))
    return articles


# --------------------------------------------------------------------------- writers

def _dump(data: dict) -> str:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    # An unquoted ISO 8601 date-time, as an editor would type it.
    return re.sub(r"^date: '([^']+)'$", r"date: \1", text, count=1, flags=re.M)


def ours_text(a: Article) -> str:
    front = {
        "title": a.title,
        "date": a.date.isoformat(),
        "lang": "fr",
        "source": {"name": a.source},
        "section": a.section,
        "summary": a.summary,
        "tags": {"countries": [c.name for c in a.countries], "topics": a.topics},
        "actors": [{"name": x.name, "role": x.role, "country": x.country.name} for x in a.actors],
    }
    return f"---\n{_dump(front)}---\n{a.body}"


def hugo_text(a: Article) -> str:
    front = {
        "title": a.title,
        "date": a.date.isoformat(),
        "slug": a.slug,
        "summary": a.summary,
        "countries": [c.name for c in a.countries],
        "topics": a.topics,
        "actors": [x.name for x in a.actors],
        "params": {"source": a.source, "section": a.section,
                   "roles": [f"{x.name}, {x.role} ({x.country.name})" for x in a.actors]},
    }
    return f"---\n{_dump(front)}---\n{a.body}"


def pelican_text(a: Article) -> str:
    def one_line(text: str) -> str:
        return " ".join(text.split())

    tags = [c.name for c in a.countries] + a.topics
    lines = [
        f"Title: {one_line(a.title)}",
        f"Date: {a.date:%Y-%m-%d %H:%M}",
        f"Slug: {a.slug}",
        f"Category: {a.section}",
        f"Tags: {', '.join(tags)}",
        f"Authors: {'; '.join(x.name for x in a.actors)}",
        f"Summary: {one_line(a.summary)}",
        f"Source: {a.source}",
    ]
    return "\n".join(lines) + "\n\n" + a.body


def site_yaml(title: str) -> str:
    config = {
        "title": title,
        "description": "Corpus synthétique pour le banc d’essai",
        "base_url": "https://bench.example.org/",
        "language": "fr",
        "timezone": "Africa/Algiers",
        "content_dir": "content",
        "theme_dir": str(REPO / "theme"),
        "per_page": 20,
        "cache_dir": ".cache",
        "search": False,
    }
    return _dump(config)


def write_tree(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def write_corpus(out: Path, n: int, seed: int) -> dict:
    articles = make_corpus(n, seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "ours").mkdir(parents=True)
    write_tree(out / "ours", {"site.yaml": site_yaml(f"Banc d’essai ({n} articles)")})
    write_tree(out / "ours", {f"content/{a.slug}.md": ours_text(a) for a in articles})
    shutil.copytree(BENCH / "hugo", out / "hugo")
    write_tree(out / "hugo", {f"content/articles/{a.slug}.md": hugo_text(a) for a in articles})
    shutil.copytree(BENCH / "pelican", out / "pelican")
    write_tree(out / "pelican", {f"content/{a.slug}.md": pelican_text(a) for a in articles})
    words = [a.words for a in articles]
    manifest = {
        "generator_version": GENERATOR_VERSION,
        "n": n,
        "seed": seed,
        "avg_words": round(sum(words) / len(words), 1),
        "countries_used": len({c.name for a in articles for c in a.countries}),
        "topics_used": len({t for a in articles for t in a.topics}),
        "actors_used": len({x.name for a in articles for x in a.actors}),
        "first_date": min(a.date for a in articles).isoformat(),
        "last_date": max(a.date for a in articles).isoformat(),
        "edit_slug": articles[len(articles) // 2].slug,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return manifest


# --------------------------------------------------------------------------- raw seeds

_DATE_LINE = re.compile(r"^\d{2}\.\d{2}\.\d{4} à \d{1,2} H \d{2}", re.M)


def write_seeds(out: Path, n: int, seed: int, source: Path = REPO / "seeds") -> list[Path]:
    """Variants of the raw pages in `source`: new names, shifted dates, a unique last line."""
    rng = random.Random(seed)
    originals = sorted(source.glob("*.txt"))
    if not originals:
        raise SystemExit(f"no raw pages in {source}")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    written = []
    for i in range(n):
        original = originals[i % len(originals)]
        text = original.read_text(encoding="utf-8")
        day = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randint(0, 2800))
        stamp = f"{day:%d.%m.%Y} à {rng.randint(6, 22)} H {rng.randint(0, 59):02d}"
        text = _DATE_LINE.sub(stamp, text, count=1)
        city = rng.choice(prose.CITIES)
        text = text.rstrip("\n") + (
            f"\n\nUne nouvelle réunion est prévue à {city} en {rng.choice(prose.MONTHS)} "
            f"(variante {i:05d}).\n")
        path = out / f"{i:05d}_{original.stem.split('_', 1)[-1]}_{rng.getrandbits(32):08x}.txt"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


# --------------------------------------------------------------------------- CLI

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    corpus = sub.add_parser("corpus", help="synthetic articles for ours, Hugo and Pelican")
    corpus.add_argument("--n", type=int, required=True)
    corpus.add_argument("--out", type=Path, required=True)
    corpus.add_argument("--seed", type=int, default=6)
    seeds = sub.add_parser("seeds", help="raw page variants for the ingest figure")
    seeds.add_argument("--n", type=int, required=True)
    seeds.add_argument("--out", type=Path, required=True)
    seeds.add_argument("--seed", type=int, default=6)
    args = parser.parse_args(argv)
    if args.command == "corpus":
        manifest = write_corpus(args.out, args.n, args.seed)
        print(json.dumps(manifest, ensure_ascii=False))
    else:
        paths = write_seeds(args.out, args.n, args.seed)
        print(f"{len(paths)} raw pages in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
