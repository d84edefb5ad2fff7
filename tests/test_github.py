"""What GitHub runs and shows: the workflows, the issue form and the README's Windows commands,
checked here, offline, by the pinned linters of the lock (zizmor for the workflows' security,
check-jsonschema's built-in schemas for their structure) and by reading them.

Regressions tried (issue 34): an action pinned by its tag instead of its commit (zizmor and
test_every_action_is_pinned_to_a_commit), `contents: write` (test_permissions_are_read_only),
a checkout without `persist-credentials: false` (zizmor), `runs-on` misspelt `run-on`
(check-jsonschema), a Windows command with `.venv/bin` and one missing its pip step
(test_the_windows_commands_are_the_posix_ones_spelt_for_powershell), and the workflow's test
command drifting from the README's (test_the_workflows_run_the_readme_commands_as_written)."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from test_python_support import readme_command

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ISSUE_FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "reproduction.yml"
ISSUE_CONFIG = ROOT / ".github" / "ISSUE_TEMPLATE" / "config.yml"
PINNED_USE = re.compile(r"^\s*(?:- )?uses: ([\w.-]+/[\w.-]+)@([0-9a-f]{40})  # (v\d+\.\d+\.\d+)$")


def tool(name):
    """A console script of this environment (the lock's pinned linters)."""
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    assert found, f"{name} is not installed: install requirements.txt"
    return found


def steps(workflow):
    return [step for job in yaml.safe_load(workflow.read_text())["jobs"].values()
            for step in job["steps"]]


@pytest.mark.parametrize("schema, paths", [
    ("vendor.github-workflows", WORKFLOWS),
    ("vendor.github-issue-forms", [ISSUE_FORM]),
    ("vendor.github-issue-config", [ISSUE_CONFIG]),
], ids=["workflows", "issue form", "issue config"])
def test_each_file_matches_githubs_schema(schema, paths):
    assert paths
    result = subprocess.run([tool("check-jsonschema"), "--builtin-schema", schema,
                             *map(str, paths)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing_in_the_workflows():
    result = subprocess.run([tool("zizmor"), "--offline", "--no-progress",
                             str(ROOT / ".github" / "workflows")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_every_action_is_pinned_to_a_commit():
    for workflow in WORKFLOWS:
        uses = [line for line in workflow.read_text().splitlines() if "uses:" in line]
        assert uses, workflow.name
        for line in uses:
            assert PINNED_USE.match(line), f"{workflow.name}: {line.strip()}"


def test_permissions_are_read_only():
    for workflow in WORKFLOWS:
        spec = yaml.safe_load(workflow.read_text())
        assert spec["permissions"] == {"contents": "read"}, workflow.name
        assert all("permissions" not in job for job in spec["jobs"].values()), workflow.name


def test_the_workflows_run_the_readme_commands_as_written():
    runs = {workflow.stem: [step.get("run", "").strip() for step in steps(workflow)]
            for workflow in WORKFLOWS}
    assert readme_command("test-command") in runs["tests"]
    for marker in ("notebook-command", "notebook-command-windows", "test-command-windows"):
        assert readme_command(marker) in runs["reproduce"], marker
    assert any("tools/report.py" in run for run in runs["reproduce"])


def test_the_reproduce_workflow_covers_every_platform_of_the_lock():
    spec = yaml.safe_load((ROOT / ".github" / "workflows" / "reproduce.yml").read_text())
    assert spec["jobs"]["report"]["strategy"]["matrix"]["os"] == [
        "ubuntu-latest", "ubuntu-24.04-arm", "macos-14", "windows-latest"]


def powershell_steps(command):
    """A README PowerShell command's steps: the first, then each `if ($?) { ... }`."""
    first, *rest = command.split("; if ($?) { ")
    assert all(step.endswith(" }") for step in rest), command
    return [first] + [step[:-2] for step in rest]


def as_posix(step):
    """A PowerShell step spelt as the POSIX command spells it."""
    step = step.replace("py -3 ", "python3 ").replace(r".venv\Scripts\python -m pip ",
                                                      ".venv/bin/pip ")
    return step.replace(".venv\\Scripts\\", ".venv/bin/")


@pytest.mark.parametrize("marker", ["notebook-command", "test-command"])
def test_the_windows_commands_are_the_posix_ones_spelt_for_powershell(marker):
    """The same steps in the same order, check_python.py's refusal first; PowerShell 5.1 has no
    `&&`, so each step runs only if the one before succeeded (`if ($?)`)."""
    windows = readme_command(f"{marker}-windows")
    assert "&&" not in windows and "/bin/" not in windows
    posix_steps = readme_command(marker).split(" && ")
    assert [as_posix(step) for step in powershell_steps(windows)] == posix_steps
    assert posix_steps[0] == "python3 tools/check_python.py"
