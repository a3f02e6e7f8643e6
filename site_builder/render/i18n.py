"""The interface words: one file of the theme per language, `theme/i18n/<language>.yaml`.

The site's `language` picks the file (`fr-FR` reads `fr-FR.yaml` if the theme has one,
else `fr.yaml`); site.yaml's `labels:` overrides any word. The theme's French file is
its reference: every other language file must give each of its words (or site.yaml
must), and a word missing is an error at build, never a French word on an English page.
"""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

import yaml

from ..config import SiteConfig
from ..errors import ThemeError

I18N_DIR = "i18n"
REFERENCE_LANGUAGE = "fr"
"""The language whose file lists every word the theme's templates use."""


def labels(config: SiteConfig) -> MappingProxyType:
    """The interface words of the site's language, with site.yaml's `labels:` over them."""
    folder = config.theme_dir / I18N_DIR
    path = language_file(folder, config.language)
    words = {**read_words(path), **config.labels}
    reference = read_words(folder / f"{REFERENCE_LANGUAGE}.yaml")
    missing = [key for key in reference if key not in words]
    if missing:
        raise ThemeError(f"{path}: missing label {missing[0]!r}" + _more(missing))
    return MappingProxyType(words)


def language_file(folder: Path, language: str) -> Path:
    """The file of a language code: the exact one ('fr-FR.yaml') or its language's ('fr.yaml')."""
    exact = folder / f"{language}.yaml"
    if exact.is_file():
        return exact
    base = language.replace("_", "-").split("-")[0]
    general = folder / f"{base}.yaml"
    if general.is_file():
        return general
    known = sorted(path.stem for path in folder.glob("*.yaml")) if folder.is_dir() else []
    raise ThemeError(
        f"{general}: no interface words for language {language!r}"
        f" (the theme has: {', '.join(known) or 'none'})"
    )


def read_words(path: Path) -> dict[str, str]:
    """One language file: a mapping of word keys to text."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ThemeError(f"{path}: cannot read: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise ThemeError(f"{path}: not UTF-8 text") from None
    try:
        words = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        problem = getattr(error, "problem", None) or "not valid YAML"
        raise ThemeError(f"{path}:{line}: {problem}") from None
    if words is None:
        return {}
    if not isinstance(words, dict):
        raise ThemeError(f"{path}: must map interface words to text")
    for key, value in words.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise ThemeError(f"{path}: {key!r}: must be text")
    return words


def _more(missing: list[str]) -> str:
    return f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
