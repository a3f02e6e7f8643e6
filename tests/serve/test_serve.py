"""`site-builder serve` in a subprocess, driven like an editor would: save, look, break, fix."""

from __future__ import annotations

import asyncio
import html
import importlib.util
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tornado.websocket import websocket_connect

from serve_helpers import ARTICLE, REPO, WAIT_SECONDS, free_port, running_preview

from site_builder.serve import QUIET_SECONDS

pytestmark = pytest.mark.xdist_group("serve")

PAGE = f"/articles/{ARTICLE}/"


def article(site):
    return site / "content" / f"{ARTICLE}.md"


def replace_line(path, prefix: str, new_line: str) -> None:
    """Save `path` with the line starting with `prefix` replaced, as an editor would."""
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(number for number, line in enumerate(lines) if line.startswith(prefix))
    lines[index] = new_line
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_saved_edit_is_served_and_timed(preview):
    status, body = preview.get(PAGE)
    assert status == 200 and "Séisme au Maroc" in body
    printed = len(preview.lines)

    replace_line(article(preview.root), "title:", "title: 'Titre retouché 7391'")

    preview.wait_for_page(PAGE, "Titre retouché 7391")
    timing = preview.wait_for_line(
        rf"^rebuilt in (\d+\.\d+) s, reloaded (\d+\.\d+) s after the save .*: content/{ARTICLE}\.md$", after=printed
    )
    build_seconds, save_to_reload = float(timing.group(1)), float(timing.group(2))
    assert build_seconds <= save_to_reload < WAIT_SECONDS
    # Both figures are rounded to 0.01 s.
    assert save_to_reload - build_seconds >= QUIET_SECONDS - 0.01, "the rebuild waits for the file to stay untouched"


NOTICED_SECONDS = 0.5
"""Bound on the time from a save to its rebuild starting (noticing it, then the quiet
period): the system tells of each save, so it takes a few hundredths of a second; the
bound leaves room for a busy test machine."""


def test_saves_are_picked_up_at_once_and_timed_truly(preview):
    path = article(preview.root)
    original = path.read_text(encoding="utf-8")
    for number in range(5):
        time.sleep(0.3)  # separate saves, not one save in several steps
        marker = f"Résumé minuté {number}"
        printed = len(preview.lines)
        saved = time.time()
        path.write_text(original.replace("summary: ", f"summary: {marker} ", 1), encoding="utf-8")
        while marker not in preview.get(PAGE)[1]:  # as an open tab would see it
            assert time.time() - saved < WAIT_SECONDS, f"the page did not change in {WAIT_SECONDS} s"
            time.sleep(0.01)
        seen = time.time() - saved

        timing = preview.wait_for_line(r"^rebuilt in (\d+\.\d+) s, reloaded (\d+\.\d+) s after the save", after=printed)
        build_seconds, save_to_reload = float(timing.group(1)), float(timing.group(2))
        assert save_to_reload - build_seconds < NOTICED_SECONDS, timing.group(0)
        # The figure printed is the one a reader sees: the page changes just after the
        # reload is sent (file times may lag the clock by a few milliseconds).
        assert save_to_reload <= seen + 0.02, (timing.group(0), seen)
        assert seen <= save_to_reload + 0.5, (timing.group(0), seen)


def test_site_yaml_saved_by_replacing_it_is_noticed_every_time(preview):
    """Editors often save by writing a new file and renaming it over the old one."""
    config = preview.root / "site.yaml"
    original = config.read_text(encoding="utf-8")
    for title in ("Revue remplacée une fois", "Revue remplacée deux fois"):
        replacement = preview.root / "site.yaml.nouveau"
        replacement.write_text(re.sub(r"(?m)^title: .*$", f"title: {title}", original), encoding="utf-8")
        os.replace(replacement, config)
        preview.wait_for_page("/", title)


def test_an_edit_to_the_registry_of_people_shows_up(preview):
    """actors.yaml names and describes actors on every page: saving it rebuilds the preview."""
    registry = preview.root / "actors.yaml"
    registry.write_text(
        "- name: Mohammed VI du Maroc 5150\n  aliases: [Mohammed VI]\n  country: Maroc\n", encoding="utf-8"
    )
    preview.wait_for_page(PAGE, "Mohammed VI du Maroc 5150")
    registry.write_text("- name: Sa Majesté Mohammed VI 6262\n  aliases: [Mohammed VI]\n  country: Maroc\n", encoding="utf-8")
    preview.wait_for_page(PAGE, "Sa Majesté Mohammed VI 6262")


def test_a_source_folder_moved_away_and_back_is_watched_again(preview):
    content = preview.root / "content"
    content.rename(preview.root / "ailleurs")
    printed = len(preview.lines)
    preview.wait_for_line(r"content", after=printed)  # the build complains, however it words it
    (preview.root / "ailleurs").rename(content)
    preview.wait_for_page(PAGE, "Séisme au Maroc")

    replace_line(article(preview.root), "title:", "title: 'Revenu et suivi 3141'")
    preview.wait_for_page(PAGE, "Revenu et suivi 3141")


def _user_namespaces_work() -> bool:
    if not shutil.which("unshare"):
        return False
    return subprocess.run(["unshare", "--user", "--map-root-user", "true"], capture_output=True).returncode == 0


NO_INOTIFY_WATCHES = ("unshare", "--user", "--map-root-user", "sh", "-c",
                      'echo 0 > /proc/sys/user/max_inotify_watches && exec "$@"', "sh")
"""Runs a command in a user namespace allowed no inotify watch, like a machine whose limit is reached."""


@pytest.mark.skipif(not _user_namespaces_work(), reason="this machine forbids user namespaces (unshare --user)")
def test_where_the_system_cannot_notify_it_polls(site):
    with running_preview(site, free_port(), wrapper=NO_INOTIFY_WATCHES) as running:
        running.wait_for_line(r"^cannot watch the sources with the system's notifications \(.+\): polling every")
        replace_line(article(site), "title:", "title: 'Vu en scrutant 2718'")
        running.wait_for_page(PAGE, "Vu en scrutant 2718")
        (site / "content" / "nouvel-article.md").write_text(
            "---\ntitle: Arrivé sans notification\ndate: 2024-02-01\nsummary: Il vient d’arriver.\n---\nCorps.\n",
            encoding="utf-8",
        )
        running.wait_for_page("/articles/nouvel-article/", "Arrivé sans notification")
        assert not any("Traceback" in line for line in running.lines)


def test_an_added_article_appears_and_a_removed_one_disappears(preview):
    content = preview.root / "content"
    (content / "nouvel-article.md").write_text(
        "---\ntitle: Un article tout neuf\ndate: 2024-02-01\nsummary: Il vient d’arriver.\n"
        "tags:\n  countries: [France]\n---\nCorps.\n",
        encoding="utf-8",
    )
    preview.wait_for_page("/articles/nouvel-article/", "Un article tout neuf")

    article(preview.root).unlink()
    preview.wait_for_page(PAGE, 'class="not-found"', status=404)


def test_the_open_tab_gets_the_livereload_script_and_a_reload_message(preview):
    _, body = preview.get(PAGE)
    assert "livereload.js" in body.split("</head>")[0]

    message = asyncio.run(_reload_message_after(preview, lambda: replace_line(
        article(preview.root), "title:", "title: 'Rechargement 5120'")))

    assert message["command"] == "reload"
    preview.wait_for_page(PAGE, "Rechargement 5120")


async def _reload_message_after(preview, edit) -> dict:
    """Speak livereload's protocol as livereload.js does, save, and return the next message."""
    socket_ = await websocket_connect(f"ws://127.0.0.1:{preview.port}/livereload")
    try:
        hello = {"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}
        await socket_.write_message(json.dumps(hello))
        assert json.loads(await socket_.read_message())["command"] == "hello"
        await socket_.write_message(json.dumps({"command": "info", "url": f"http://127.0.0.1:{preview.port}{PAGE}"}))
        # The server answers hello messages in order: once this one is answered, it has the tab.
        await socket_.write_message(json.dumps(hello))
        await socket_.read_message()
        edit()
        return json.loads(await asyncio.wait_for(socket_.read_message(), WAIT_SECONDS))
    finally:
        socket_.close()


def test_broken_front_matter_shows_an_error_page_until_it_is_fixed(preview):
    original = article(preview.root).read_text(encoding="utf-8")
    printed = len(preview.lines)

    replace_line(article(preview.root), "  - Espagne", "  - Esp<b>agne")

    problem = preview.wait_for_line(rf"^content/{ARTICLE}\.md:\d+: .*", after=printed).group(0)
    assert "unknown country 'Esp<b>agne'" in problem
    for page in (PAGE, "/", "/articles/niger-junte-ecowas/", "/page/2/"):
        body = preview.wait_for_page(page, html.escape(problem), status=500)
        assert "Le site n’a pas pu être reconstruit" in body
        assert "<b>" not in body
    status, _ = preview.get("/static/style.css")
    assert status == 200, "stylesheets are still served while the site is broken"
    assert preview.process.poll() is None
    assert not any("Traceback" in line for line in preview.lines)

    printed = len(preview.lines)
    other = preview.root / "content" / "niger-junte-ecowas.md"
    other.write_text(other.read_text(encoding="utf-8") + "\nUn paragraphe de plus.\n", encoding="utf-8")
    preview.wait_for_line(r"^still 1 problem, printed above: content/niger-junte-ecowas\.md$", after=printed)

    printed = len(preview.lines)
    article(preview.root).write_text(original, encoding="utf-8")

    preview.wait_for_page(PAGE, "Séisme au Maroc")
    preview.wait_for_page("/", "page-home")
    preview.wait_for_line(rf"^rebuilt in .*: content/{ARTICLE}\.md$", after=printed)


def test_a_broken_site_yaml_shows_its_line(preview):
    config = preview.root / "site.yaml"
    original = config.read_text(encoding="utf-8")
    printed = len(preview.lines)

    config.write_text(original.replace("per_page: 5", "per_page: cinq"), encoding="utf-8")

    problem = preview.wait_for_line(r"site\.yaml:\d+: per_page: must be a whole number", after=printed).group(0)
    preview.wait_for_page(PAGE, html.escape(problem), status=500)
    config.write_text(original, encoding="utf-8")
    preview.wait_for_page(PAGE, "Séisme au Maroc")


def test_a_save_in_several_steps_is_built_once_whole(preview):
    path = article(preview.root)
    text = path.read_text(encoding="utf-8").replace("Séisme au Maroc", "Séisme en deux temps")
    half = text.index("tags:")
    printed = len(preview.lines)

    with path.open("w", encoding="utf-8") as file:  # the first half alone has no closing '---'
        file.write(text[:half])
        file.flush()
        time.sleep(0.03)
        file.write(text[half:])

    preview.wait_for_page(PAGE, "Séisme en deux temps")
    preview.wait_for_line(rf"^rebuilt in .*: content/{ARTICLE}\.md$", after=printed)
    assert not any(line.startswith("content/") for line in preview.lines[printed:])


def test_a_theme_change_shows_up(preview):
    stylesheet = preview.root / "theme" / "static" / "style.css"
    message = asyncio.run(_reload_message_after(preview, lambda: stylesheet.write_text(
        stylesheet.read_text(encoding="utf-8") + "\n/* marque 4242 */\n", encoding="utf-8")))
    assert message["command"] == "reload" and message["path"].endswith("style.css"), "a stylesheet is swapped live"
    preview.wait_for_page("/static/style.css", "marque 4242")

    template = preview.root / "theme" / "templates" / "base.html"
    template.write_text(template.read_text(encoding="utf-8").replace("</body>", "<!-- gabarit 8686 --></body>"), encoding="utf-8")
    preview.wait_for_page(PAGE, "gabarit 8686")


OUTSIDE = [
    "/../site.yaml",
    "/%2e%2e/site.yaml",
    "/..%2fsite.yaml",
    "/%2E%2E%2Fsite.yaml",
    "/static/../../site.yaml",
    "/articles/%2e%2e/%2e%2e/site.yaml",
    "/../pyproject.toml",
    "/%2e%2e/pyproject.toml",
    f"/{REPO}/pyproject.toml",
    f"//{REPO}/pyproject.toml",
    "/leak.yaml",
    "/site.yaml%00.html",
]
"""Requests for files outside the preview folder `site/preview`: each would reach a real file."""


def test_nothing_outside_the_build_folder_is_served(site):
    out = site / "preview"
    (site / "pyproject.toml").write_text("secret = true\n", encoding="utf-8")
    with running_preview(site, free_port(), "--out", str(out)) as running:
        (out / "leak.yaml").symlink_to(site / "site.yaml")
        assert running.get("/")[0] == 200

        answers = {path: running.get(path) for path in OUTSIDE}
        missing_status, missing_page = running.get("/articles/nulle-part/")

    served = {path: status for path, (status, body) in answers.items() if status != 404}
    assert not served, f"not 404: {served}"
    leaked = [path for path, (_, body) in answers.items() if any(word in body for word in ("theme_dir", "secret", "[project]"))]
    assert not leaked
    assert missing_status == 404 and 'class="not-found"' in missing_page, "a missing page is the site's own 404"


def test_an_output_folder_holding_the_sources_is_refused(site):
    result = subprocess.run(
        [sys.executable, "-m", "site_builder", "serve", "--config", "site.yaml", "--port", str(free_port()), "--out", "."],
        cwd=site, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.strip().startswith("--out ") and "holds the sources" in result.stderr
    assert "Traceback" not in result.stderr
    assert (site / "content" / f"{ARTICLE}.md").is_file()


@pytest.mark.parametrize(("arguments", "message"), [
    (["--port", "70000"], "--port 70000: a port is a number from 1 to 65535"),
    (["--host", "192.0.2.1"], "cannot listen on 192.0.2.1:"),  # an address this machine does not have
])
def test_where_it_cannot_listen_it_says_so_in_one_line(site, arguments, message):
    result = subprocess.run(
        [sys.executable, "-m", "site_builder", "serve", "--config", "site.yaml", *arguments],
        cwd=site, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.startswith(message) and len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_a_port_in_use_moves_to_the_next_free_one(site):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        with running_preview(site, port) as running:
            assert running.port != port
            assert running.wait_for_line(rf"^port {port} is in use: serving on port {running.port} instead$")
            assert running.get(PAGE)[0] == 200


def test_ctrl_c_stops_cleanly(preview):
    status, _ = preview.get(PAGE)
    assert status == 200

    assert preview.stop() == 0

    assert preview.lines[-1] == "stopped"
    assert not any("Traceback" in line or "KeyboardInterrupt" in line for line in preview.lines)


def test_ctrl_c_during_a_build_with_worker_processes_stops_after_it(site):
    """A terminal's Ctrl-C reaches the whole process group, the build's workers included."""
    write_articles(site / "content", 450)  # enough for the build to parse in worker processes
    command = [sys.executable, "-m", "site_builder", "serve", "--config", "site.yaml", "--port", str(free_port())]
    process = subprocess.Popen(command, cwd=site, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True)
    try:
        assert process.stdout.readline().startswith("serving ")
        wait_for_children(process.pid)
        deadline = time.monotonic() + 30
        while process.poll() is None and time.monotonic() < deadline:  # an impatient editor
            os.killpg(process.pid, signal.SIGINT)
            time.sleep(0.02)
        status = process.wait(timeout=60)
        output = process.stdout.read()
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert status == 0, output
    assert output.splitlines()[-1] == "stopped"
    assert output.startswith("built "), "the build under way finishes first"
    assert "Traceback" not in output


def write_articles(folder, count: int) -> None:
    for number in range(count):
        (folder / f"genere-{number:04d}.md").write_text(
            f"---\ntitle: Article généré {number}\ndate: 2024-01-{number % 28 + 1:02d}\n"
            f"summary: Résumé {number}.\ntags:\n  countries: [France]\n---\nCorps {number}.\n",
            encoding="utf-8",
        )


def children(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:  # the process is gone
        return []


def wait_for_children(pid: int) -> None:
    """Until the process has started worker processes (bounded)."""
    deadline = time.monotonic() + 60
    while not children(pid):
        assert time.monotonic() < deadline, "the build started no worker process"
        time.sleep(0.01)


def _ingest_available() -> bool:
    return importlib.util.find_spec("site_builder.ingest.pipeline") is not None


@pytest.mark.nlp
@pytest.mark.skipif(not _ingest_available(), reason="this installation has no ingest (site_builder.ingest.pipeline)")
def test_a_new_seed_is_ingested_and_appears(site):
    shutil.copy(REPO / "topics.yaml", site / "topics.yaml")
    (site / "seeds").mkdir()
    with running_preview(site, free_port()) as running:
        printed = len(running.lines)
        seed = REPO / "seeds" / "003_040840458dc960f6.txt"
        # Moved in with its old modification time, as `mv` or `cp -p` would.
        shutil.copy2(seed, site / "seeds" / seed.name)

        running.wait_for_line(r"^ingest: 1 created", after=printed, timeout=120)
        written = running.wait_for_line(r"^rebuilt in .*: (content/\S+\.md)", after=printed, timeout=60).group(1)
        slug = written.removeprefix("content/").removesuffix(".md")
        running.wait_for_page(f"/articles/{slug}/", "Washington")


def test_the_preview_has_search_and_reindexes_an_edited_article(preview):
    """The preview serves Pagefind's bundle, and an edited article is found by its new words."""
    import gzip

    status, _ = preview.get("/pagefind/pagefind-ui.js")
    assert status == 200
    status, entry = preview.get("/pagefind/pagefind-entry.json")
    assert status == 200 and json.loads(entry)["languages"]
    printed = len(preview.lines)
    replace_line(article(preview.root), "title:", "title: 'Zyzzyvaquatre au Maroc'")
    preview.wait_for_page(PAGE, "Zyzzyvaquatre")
    preview.wait_for_line(r"^rebuilt in", after=printed)
    fragments = (preview.root / ".cache" / "preview" / "pagefind" / "fragment").glob("*.pf_fragment")
    assert any(b"Zyzzyvaquatre" in gzip.decompress(path.read_bytes()) for path in fragments)
