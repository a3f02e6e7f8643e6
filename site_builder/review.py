"""The review queue: ingested articles whose machine-made fields no editor has touched
yet, each with what ingest was least sure of. `site-builder review` prints it; the
preview serves it at /_review/ (never part of the published site).

What ingest wrote is kept in content/.ingest/<seed>.yaml (`front`); a field whose value
in the article is still the one ingest wrote is untouched.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from slugify import slugify

from .config import SiteConfig
from .model import frontmatter, permalinks

STATE_DIR = ".ingest"

# What each doubt says, in the terminal (English) and in the preview (French).
MESSAGES = {
    "date": ("date taken from the file, not from the article: set it and remove 'date_source'",
             "date prise dans le fichier, pas dans l’article : la fixer et retirer « date_source »"),
    "title": ("title made by ingest from the first words of the text",
              "titre fabriqué par ingest à partir des premiers mots du texte"),
    "actor_country": ("actor '{name}' has no country", "l’acteur « {name} » n’a pas de pays"),
    "actor_role": ("actor '{name}' has no role", "l’acteur « {name} » n’a pas de rôle"),
    "summary": ("summary cut mid-sentence", "résumé coupé au milieu d’une phrase"),
}


@dataclass
class Doubt:
    line: int
    kind: str
    name: str = ""

    def message(self, french: bool = False) -> str:
        return MESSAGES[self.kind][1 if french else 0].format(name=self.name)


@dataclass
class Entry:
    path: str
    title: str
    slug: str
    untouched: list[str]
    doubts: list[Doubt] = field(default_factory=list)


def review_queue(config: SiteConfig) -> list[Entry]:
    """Every ingested article with machine-made fields no editor has touched, the most
    doubtful first."""
    folder = config.content_dir / STATE_DIR
    recorded, _, _ = permalinks._read(permalinks.record_path(config))
    urls = {entry.get("file"): slug for slug, entry in recorded.items() if not entry.get("moved_to")}
    entries = []
    for state_file in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
        entry = _entry(config, state_file, urls)
        if entry is not None:
            entries.append(entry)
    entries.sort(key=lambda entry: (-len(entry.doubts), entry.path))
    return entries


def _entry(config: SiteConfig, state_file: Path, urls: dict) -> Entry | None:
    try:
        state = yaml.safe_load(state_file.read_text(encoding="utf-8"))
        machine = state["front"]
        path = config.content_dir / f"{state['slug']}.md"
        text = path.read_text(encoding="utf-8").removeprefix("\ufeff").replace("\r\n", "\n")
    except (OSError, yaml.YAMLError, KeyError, TypeError):
        return None  # no article (deleted), or a state ingest will rebuild
    yaml_text, body, problems = frontmatter.split(text, path)
    try:
        current = frontmatter.load_yaml(yaml_text) if not problems else None
    except yaml.YAMLError:
        current = None
    if not isinstance(current, dict) or not isinstance(machine, dict):
        return None  # `check` reports it
    untouched = [key for key in machine if key in current and current[key] == machine[key]]
    if not untouched:
        return None
    lines = frontmatter._key_lines(yaml_text)
    line = lambda *keys: lines.get(keys, -1) + 2 if keys in lines else 1  # noqa: E731
    doubts = []
    if "date" in untouched and current.get("date_source") == "file":
        doubts.append(Doubt(line("date"), "date"))
    if "title" in untouched and _from_lead(str(current.get("title", "")), body):
        doubts.append(Doubt(line("title"), "title"))
    for index, actor in enumerate(current.get("actors") or []):
        if actor not in (machine.get("actors") or []):
            continue  # an editor wrote or changed it
        name = actor if isinstance(actor, str) else str(actor.get("name", ""))
        facts = actor if isinstance(actor, dict) else {}
        if not facts.get("country"):
            doubts.append(Doubt(line("actors", index), "actor_country", name))
        if not facts.get("role"):
            doubts.append(Doubt(line("actors", index), "actor_role", name))
    if "summary" in untouched and not _ends_a_sentence(str(current.get("summary", ""))):
        doubts.append(Doubt(line("summary"), "summary"))
    shown = _shown(path)
    relative = path.resolve().relative_to(config.root).as_posix() if path.resolve().is_relative_to(config.root) else str(path)
    slug = urls.get(relative) or slugify(str(current.get("slug") or path.stem), max_length=100)
    return Entry(shown, str(current.get("title", "")), slug, untouched, doubts)


_WORD = re.compile(r"\w+")


def _from_lead(title: str, body: str) -> bool:
    """A title ingest made from the lead: its first words are the text's first words."""
    title_words = _WORD.findall(title.lower())[:6]
    return len(title_words) >= 3 and _WORD.findall(body.lower())[: len(title_words)] == title_words


def _ends_a_sentence(text: str) -> bool:
    return bool(re.search(r"[.!?…»\"”)]\s*$", text.strip()))


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def terminal_lines(entries: list[Entry]) -> list[str]:
    """`path:line: doubt` lines, each article introduced by its title."""
    lines = []
    for entry in entries:
        lines.append(f"{entry.path}: {entry.title} (untouched: {', '.join(entry.untouched)})")
        lines.extend(f"{entry.path}:{doubt.line}: {doubt.message()}" for doubt in entry.doubts)
    return lines


def page(entries: list[Entry], config: SiteConfig) -> str:
    """The preview's /_review/ page, in French."""
    escape = html.escape
    items = []
    for entry in entries:
        doubts = "".join(
            f"<li><code>{escape(entry.path)}:{doubt.line}</code> — {escape(doubt.message(french=True))}</li>" for doubt in entry.doubts
        ) or "<li>Aucun doute particulier : relire les champs non retouchés.</li>"
        url = f"/{config.articles_path}/{entry.slug}/"
        items.append(
            f'<li class="review-entry"><h2><a href="{escape(url)}">{escape(entry.title)}</a></h2>'
            f"<p><code>{escape(entry.path)}</code> · champs non retouchés : {escape(', '.join(entry.untouched))}</p>"
            f'<ul class="doubts">{doubts}</ul></li>'
        )
    listing = f'<ol class="review">{"".join(items)}</ol>' if items else "<p>Rien à relire : chaque article a été revu.</p>"
    return (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>À relire — aperçu</title>'
        "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}"
        "h2{font-size:1.1rem;margin:.2rem 0}.review-entry{margin-bottom:1.2rem}"
        ".doubts li{color:#78350f}code{background:#f3f4f6;padding:0 .2rem}</style></head>"
        f"<body><h1>À relire ({len(entries)})</h1>"
        "<p>Articles dont un éditeur n’a pas encore retouché les champs écrits par ingest, "
        "avec ce dont ingest était le moins sûr.</p>"
        f"{listing}</body></html>"
    )


def run(config: SiteConfig) -> int:
    entries = review_queue(config)
    for line in terminal_lines(entries):
        print(line)
    print(f"review: {len(entries)} article(s) to review")
    return 0
