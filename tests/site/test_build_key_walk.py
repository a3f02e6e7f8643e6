"""A seeded random walk of changes; after each, incremental builds equal a clean build.

Each step applies one random change (content files added, edited, deleted or renamed;
front matter edits; site.yaml edits; theme edits; a new program version), then builds
the site twice with the caches of the earlier steps, as a new `build` process does (a
new BuildState) and as `serve` does (one BuildState for the whole walk, files published
in place, its own cache), and compares both output trees, byte for byte, with a clean
build of a copy of the site in a fresh folder with no cache.

SITE_BUILDER_WALK_STEPS (default 12) and SITE_BUILDER_WALK_SEED (default 2026) make a
longer or another walk: `SITE_BUILDER_WALK_STEPS=200 pytest tests/site/test_build_key_walk.py`.
"""

from __future__ import annotations

import os
import random
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from site_builder import buildkey
from site_builder.build import BuildState, build
from site_builder.config import load_config
from site_builder.model import load
from tests.site.test_build_key import differences, site_with_theme

pytestmark = pytest.mark.xdist_group("build_key")

STEPS = int(os.environ.get("SITE_BUILDER_WALK_STEPS", "12"))
SEED = int(os.environ.get("SITE_BUILDER_WALK_SEED", "2026"))


class Walk:
    """The site under change, and the changes it can take."""

    def __init__(self, site: Path, rng: random.Random, scratch: Path, monkeypatch):
        self.site = site
        self.rng = rng
        self.scratch = scratch
        self.monkeypatch = monkeypatch
        self.settings = yaml.safe_load((site / "site.yaml").read_text(encoding="utf-8"))
        self.version = 0
        self.added = 0

    # Content.

    def articles(self) -> list[Path]:
        return sorted((self.site / "content").glob("*.md"))

    def pick(self) -> Path:
        return self.rng.choice(self.articles())

    def front(self, path: Path) -> tuple[str, str]:
        text = path.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        return front, body

    def write(self, path: Path, front: str, body: str) -> None:
        path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")

    def set_key(self, path: Path, key: str, value: str) -> None:
        front, body = self.front(path)
        lines = [line for line in front.splitlines() if not line.startswith(f"{key}:")]
        self.write(path, "\n".join([lines[0], f"{key}: {value}", *lines[1:]]) + "\n", body)

    def edit_body(self) -> str:
        path = self.pick()
        front, body = self.front(path)
        self.write(path, front, body + f"\nUn paragraphe de plus : n° {self.rng.randrange(1000)}.\n")
        return f"body of {path.name}"

    def edit_title(self) -> str:
        path = self.pick()
        self.set_key(path, "title", f"Titre changé {self.rng.randrange(1000)}")
        return f"title of {path.name}"

    def edit_date(self) -> str:
        path = self.pick()
        day = f"2023-{self.rng.randrange(1, 13):02d}-{self.rng.randrange(1, 29):02d}"
        self.set_key(path, "date", f"'{day}T09:00:00+01:00'")
        return f"date of {path.name}"

    def edit_tags(self) -> str:
        path = self.pick()
        front, body = self.front(path)
        country = self.rng.choice(["Islande", "Chili", "Sénégal", "Japon"])
        if "  countries:\n" in front:
            front = front.replace("  countries:\n", f"  countries:\n  - {country}\n", 1)
        else:
            front += f"tags:\n  countries:\n  - {country}\n"
        self.write(path, front, body)
        return f"tags of {path.name}"

    def edit_actors(self) -> str:
        path = self.pick()
        front, body = self.front(path)
        name = self.rng.choice(["Ahmed Attaf", "Ursula von der Leyen", "Lula da Silva"])
        if "\nactors:\n" in "\n" + front:
            front = re.sub(r"(^|\n)actors:\n", rf"\1actors:\n- name: {name}\n", front, count=1)
        else:
            front += f"actors:\n- name: {name}\n"
        self.write(path, front, body)
        return f"actors of {path.name}"

    def edit_slug(self) -> str:
        path = self.pick()
        self.set_key(path, "slug", f"autre-adresse-{self.rng.randrange(100)}")
        return f"slug of {path.name}"

    def edit_aliases(self) -> str:
        path = self.pick()
        self.set_key(path, "aliases", f"[/ancien/{path.stem}-{self.rng.randrange(100)}/]")
        return f"aliases of {path.name}"

    def toggle_draft(self) -> str:
        path = self.pick()
        front, body = self.front(path)
        if "draft: true\n" in front:
            front = front.replace("draft: true\n", "")
        else:
            front += "draft: true\n"
        self.write(path, front, body)
        return f"draft flag of {path.name}"

    def add(self) -> str:
        source = self.pick()
        self.added += 1
        target = source.with_name(f"nouvel-article-{self.added}.md")
        shutil.copyfile(source, target)
        self.set_key(target, "title", f"Nouvel article {self.added}")
        return f"added {target.name}"

    def delete(self) -> str:
        if len(self.articles()) < 10:
            return self.add()
        path = self.pick()
        path.unlink()
        return f"deleted {path.name}"

    def rename(self) -> str:
        path = self.pick()
        self.added += 1
        path.rename(path.with_name(f"renomme-{self.added}.md"))
        return f"renamed {path.name}"

    # Configuration.

    def save_settings(self) -> None:
        text = yaml.safe_dump(self.settings, allow_unicode=True, sort_keys=False)
        (self.site / "site.yaml").write_text(text, encoding="utf-8")

    def edit_setting(self) -> str:
        choices = {
            "base_url": ["https://example.github.io/repo/", "https://example.org/", "https://example.net/a/b/"],
            "title": ["Le Fil diplomatique", "La Lettre du monde"],
            "per_page": [5, 7, 20],
            "timezone": ["Africa/Algiers", "Europe/Paris", "America/New_York"],
            "labels": [{}, {"feed": "Flux des articles", "home": "Une"}],
            "taxonomies": [{}, {"topics": {"path": "themes", "label": "Thèmes"}}, {"countries": {"path": "etats"}}],
        }
        key = self.rng.choice(sorted(choices))
        self.settings[key] = self.rng.choice(choices[key])
        self.save_settings()
        return f"site.yaml {key} = {self.settings[key]!r}"

    # Theme.

    def edit_theme(self) -> str:
        theme = self.site / "theme"
        mark = self.rng.randrange(1000)
        kind = self.rng.choice(["page", "partial", "macro", "static"])
        if kind == "page":
            path = theme / "templates" / "article.html"
            path.write_text(path.read_text(encoding="utf-8").replace("</article>", f"<p>Fin {mark}.</p></article>", 1), encoding="utf-8")
        elif kind == "partial":
            path = theme / "templates" / "partials" / "footer.html"
            path.write_text(path.read_text(encoding="utf-8").replace("</footer>", f"<!-- {mark} --></footer>", 1), encoding="utf-8")
        elif kind == "macro":
            path = theme / "templates" / "partials" / "card.html"
            path.write_text(path.read_text(encoding="utf-8") + f"\n{{# {mark} #}}\n", encoding="utf-8")
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace("</article>", f"<!-- carte {mark} --></article>", 1), encoding="utf-8")
        else:
            path = theme / "static" / "style.css"
            path.write_text(path.read_text(encoding="utf-8") + f"\n.x{mark} {{ color: red; }}\n", encoding="utf-8")
        return f"theme {kind}"

    # The program.

    def new_program(self) -> str:
        """A new version of the program: a copy of the package with one file changed is
        what the build key reads, and Markdown bodies come out marked with the version."""
        self.version += 1
        program = self.scratch / f"program-{self.version}"
        shutil.copytree(buildkey.PROGRAM_ROOT, program, ignore=shutil.ignore_patterns("__pycache__"))
        with (program / "render" / "markdown.py").open("a", encoding="utf-8") as handle:
            handle.write(f"\n# version {self.version}\n")
        self.monkeypatch.setattr(buildkey, "PROGRAM_ROOT", program)
        real = _REAL_RENDER
        version = self.version

        def render(body, limits):
            rendered = real(body, limits)
            return type(rendered)(rendered.html + f"<!-- v{version} -->", rendered.unsafe_links, rendered.too_deep)

        self.monkeypatch.setattr(load, "render_markdown", render)
        return f"program version {self.version}"

    def step(self) -> str:
        change = self.rng.choice([
            self.edit_body, self.edit_body, self.edit_title, self.edit_date, self.edit_tags, self.edit_actors,
            self.edit_slug, self.edit_aliases, self.toggle_draft, self.add, self.delete, self.rename,
            self.edit_setting, self.edit_setting, self.edit_theme, self.edit_theme, self.new_program,
        ])
        return change()


_REAL_RENDER = load.render_markdown


def clean_build(site: Path, folder: Path) -> Path:
    copy = folder / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns(".cache", "_site", "_preview", "._*"))
    out = folder / "out"
    build(load_config(copy / "site.yaml"), out, use_cache=False, search=False)
    return out


def test_a_random_walk_of_changes_never_leaves_a_stale_page(tmp_path, monkeypatch):
    site = site_with_theme(tmp_path / "site")
    walk = Walk(site, random.Random(SEED), tmp_path, monkeypatch)
    warm = BuildState()

    def build_both() -> None:
        config = load_config(site / "site.yaml")
        build(config, site / "_site", search=False)  # a new process
        preview = replace(config, cache_dir=config.cache_dir / "preview-cache")
        build(preview, site / "_preview", search=False, in_place=True, state=warm)  # serve

    build_both()
    done = []
    for number in range(STEPS):
        done.append(walk.step())
        build_both()
        fresh = clean_build(site, tmp_path / f"fresh-{number}")
        for built in (site / "_site", site / "_preview"):
            stale = differences(built, fresh)
            assert stale == [], f"{built.name} after steps {done}: differs in {stale}"
        shutil.rmtree(tmp_path / f"fresh-{number}")
