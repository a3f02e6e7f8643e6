"""Full-text search: a Pagefind index over the built pages, for a search box with no server."""

from __future__ import annotations

import subprocess
from pathlib import Path

from .errors import SiteError


def index_search(site: Path, articles_path: str | None = None) -> None:
    """Index the pages of `site` into `site/pagefind/` (French stemming comes from lang="fr").

    Only article pages carry `data-pagefind-body`, so only they are indexed; given
    `articles_path` (the URL word of articles), Pagefind reads only those files, which
    saves it parsing every list page (about a third of the time on a large site).
    """
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise SiteError("search: the pagefind-bin package is not installed (run `make build`)") from None
    pattern = f"{articles_path}/**/*.html" if articles_path else "**/*.html"
    result = subprocess.run(
        [str(get_executable()), "--site", str(site), "--output-subdir", "pagefind", "--glob", pattern, "--quiet"],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise SiteError(f"search: pagefind failed: {detail[-1] if detail else result.returncode}")
