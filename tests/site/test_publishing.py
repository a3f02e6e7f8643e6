"""The GitHub Pages workflow and the CI entry point."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from tests.helpers import REPO, run_cli

WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"


def test_pages_workflow_is_valid_against_the_workflow_schema():
    checker = Path(sys.executable).with_name("check-jsonschema")
    result = subprocess.run(
        [str(checker), "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pages_workflow_builds_with_the_configured_base_url_and_deploys():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    build_steps = workflow["jobs"]["build"]["steps"]
    uses = [step.get("uses", "").split("@")[0] for step in build_steps]
    assert uses[:3] == ["actions/checkout", "actions/configure-pages", "actions/setup-python"]
    assert "actions/upload-pages-artifact" in uses
    run = next(step["run"] for step in build_steps if "run" in step)
    assert "make build" in run and "steps.pages.outputs.base_url" in run
    upload = next(step for step in build_steps if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "_site"
    deploy = workflow["jobs"]["deploy"]["steps"][0]["uses"]
    assert deploy.startswith("actions/deploy-pages")
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


def test_ci_runs_the_readme_test_command():
    assert "make test" in (REPO / ".ci" / "run").read_text()
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert readme.index("make build") < readme.index("make test")


def test_every_command_has_help():
    for command in ["build", "check", "serve", "ingest"]:
        result = run_cli(command, "--help")
        assert result.returncode == 0 and "usage: site-builder" in result.stdout, command
