"""`site-builder new "Titre" [--country …] [--topic …]`: start an article.

Writes content/<slug>.md with the required fields, today's date in the site's time
zone, and `draft: true`, so that it stays out of the published site until an editor
has filled it in and removed that line.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import yaml
from slugify import slugify

from .config import SiteConfig
from .countries import canonical_country, closest_country
from .errors import SiteError
from .model import permalinks

SUMMARY = "À compléter : une à trois phrases qui disent l’essentiel."
BODY = "Texte de l’article.\n"


def new_article(config: SiteConfig, title: str, countries: list[str], topics: list[str], now: dt.datetime | None = None) -> Path:
    """Create the file and return its path; SiteError for a bad title or country."""
    title = " ".join(title.split())
    if not title:
        raise SiteError("new: the title is empty")
    names = []
    for label in countries:
        name = canonical_country(label)
        if name is None:
            suggestion = closest_country(label)
            hint = f" (did you mean '{suggestion}'?)" if suggestion else ""
            raise SiteError(f"new: unknown country '{label}'{hint}")
        names.append(name)
    moment = (now or dt.datetime.now(config.zone)).astimezone(config.zone).replace(microsecond=0)
    rest = {"draft": True, "summary": SUMMARY}
    tags = {key: values for key, values in (("countries", names), ("topics", [t.strip() for t in topics if t.strip()])) if values}
    if tags:
        rest["tags"] = tags
    dump = lambda data: yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)  # noqa: E731
    text = f"---\n{dump({'title': title})}date: {moment.isoformat()}\n{dump(rest)}---\n{BODY}"
    config.content_dir.mkdir(parents=True, exist_ok=True)
    path = _free_path(config, slugify(title, max_length=80) or "article")
    try:
        with open(path, "x", encoding="utf-8") as handle:  # never replaces a file
            handle.write(text)
    except OSError as error:
        raise SiteError(f"{path}: {error.strerror or error}") from None
    return path


def _free_path(config: SiteConfig, slug: str) -> Path:
    """content/<slug>.md, or <slug>-2.md … when a file or a recorded URL has that name."""
    recorded, _, _ = permalinks._read(permalinks.record_path(config))
    number, candidate = 1, slug
    while (config.content_dir / f"{candidate}.md").exists() or candidate in recorded:
        number += 1
        candidate = f"{slug}-{number}"
    return config.content_dir / f"{candidate}.md"


def shown(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)
