"""Profile our build with pyinstrument on a benchmark corpus (where does the time go?).

    .venv/bin/python bench/profile.py --n 10000            # full, no-op and one-edit builds
    .venv/bin/python bench/profile.py --n 1000 --scenarios full

Uses the benchmark's own virtualenv (bench/work/venv, which has pyinstrument) with the
project's packages on PYTHONPATH, so nothing is installed into the project's .venv.
Reports go to bench/work/profile-N-SCENARIO.{txt,html}. Only the main process is
profiled: time spent in worker processes shows up as waiting on them.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--scenarios", default="full,noop,edit")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--ref", help="profile a snapshot of this commit (e.g. HEAD) instead of the working tree")
    args = parser.parse_args(argv)
    if args.ref:
        bench.use_snapshot(args.ref)
    problems = bench.ensure_reference_tools()
    pyinstrument = bench.VENV / "bin" / "pyinstrument"
    if problems or not pyinstrument.exists():
        print(*(problems or [f"{pyinstrument} is missing: {bench.VENV}/bin/pip install pyinstrument"]), sep="\n")
        return 1
    corpus, manifest = bench.corpus_for(args.n, args.seed, print)
    site = bench.WORK / f"profile-{args.n}"
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(corpus / "ours", site)
    config = (site / "site.yaml").read_text(encoding="utf-8")
    config = re.sub(r"^theme_dir: .*$", f"theme_dir: {bench.OURS['root'] / 'theme'}", config, flags=re.M)
    (site / "site.yaml").write_text(config, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(bench.OURS["root"]), sysconfig.get_paths()["purelib"]])}
    article = site / "content" / f"{manifest['edit_slug']}.md"
    for scenario in args.scenarios.split(","):
        if scenario == "full":
            shutil.rmtree(site / "_site", ignore_errors=True)
            shutil.rmtree(site / ".cache", ignore_errors=True)
        elif scenario == "edit":
            text = article.read_text(encoding="utf-8").rstrip("\n")
            article.write_text(text + "\n\nUne précision ajoutée pour le profil.\n", encoding="utf-8")
        report = bench.WORK / f"profile-{args.n}-{scenario}"
        for renderer, ext in (("text", "txt"), ("html", "html")):
            if renderer == "html" and scenario != "full":
                continue
            if renderer == "html":  # the full build was just done: rebuild it from scratch again
                shutil.rmtree(site / "_site", ignore_errors=True)
                shutil.rmtree(site / ".cache", ignore_errors=True)
            cmd = [str(pyinstrument), "-r", renderer, "-o", f"{report}.{ext}", "-m", "site_builder",
                   "build", "--config", "site.yaml", "--out", "_site", "-v"]
            result = subprocess.run(cmd, cwd=site, env=env, capture_output=True, text=True)
            print(f"{scenario}: {result.stderr.strip() or result.stdout.strip()}")
            print(f"  -> {report}.{ext}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
