"""What GitHub runs and shows: the workflows, the issue form and the README's Windows commands,
checked here, offline, by the pinned linters of the lock (zizmor for the workflows' security,
check-jsonschema's built-in schemas for their structure) and by reading them.

Regressions tried (issue 34): an action pinned by its tag instead of its commit (zizmor and
test_every_action_is_pinned_to_a_commit), `contents: write` (test_permissions_are_read_only),
a checkout without `persist-credentials: false` (zizmor), `runs-on` misspelt `run-on`
(check-jsonschema), a Windows command with `.venv/bin` and one missing its pip step
(test_the_windows_commands_are_the_posix_ones_spelt_for_powershell), and the workflow's test
command drifting from the README's (test_the_workflows_run_the_readme_commands_as_written).

Regressions tried (issue 38), each caught as listed: `macos-14` back in the matrix
(test_no_runner_label_is_past_its_retirement); a label missing from the table
(test_no_runner_label_is_past_its_retirement, naming it); the schedule and the concurrency
removed (test_every_workflow_runs_weekly_and_one_at_a_time); the report step passing status 4,
and failing on 3 (test_the_report_step_passes_only_identical_and_unproven_differences);
`PY_PYTHON3` set again (test_no_job_chooses_the_python_the_readers_launcher_would_not); the form
requiring the report (test_the_form_takes_an_error_in_place_of_a_report)."""

import datetime
import os
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
        "ubuntu-latest", "ubuntu-24.04-arm", "macos-15", "windows-latest"]


def runner_labels(workflow):
    """Every runner label a workflow asks for: each job's runs-on, a matrix's values spelt out."""
    labels = set()
    for job in yaml.safe_load(workflow.read_text())["jobs"].values():
        runs_on = job["runs-on"]
        variable = re.fullmatch(r"\$\{\{ matrix\.(\w+) \}\}", runs_on)
        if variable:
            matrix = job["strategy"]["matrix"]
            labels |= set(matrix.get(variable[1], []))
            labels |= {row[variable[1]] for row in matrix.get("include", [])
                       if variable[1] in row}
        else:
            labels.add(runs_on)
    return labels


def retirement_table():
    """REPRODUCIBILITY.md's runner labels: {label: its retirement date, or None}."""
    text = (ROOT / "REPRODUCIBILITY.md").read_text()
    section = text.split("### Runner labels", 1)[1].split("\n## ", 1)[0]
    table = {}
    for label, retired in re.findall(r"^\| `([\w.-]+)` \| ([^|]*) \|", section, re.MULTILINE):
        date = re.match(r"\d{4}-\d{2}-\d{2}$", retired.strip())
        table[label] = datetime.date.fromisoformat(date[0]) if date else None
    assert table, "REPRODUCIBILITY.md has no table of runner labels"
    return table


def past_retirement(labels, table, today):
    """The labels in use that the table lacks or that are retired by today, each with why."""
    problems = []
    for label in sorted(labels):
        if label not in table:
            problems.append(f"{label}: not in REPRODUCIBILITY.md's table of runner labels")
        elif table[label] is not None and table[label] <= today:
            problems.append(f"{label}: retired on {table[label]}")
    return problems


def test_no_runner_label_is_past_its_retirement():
    """By today's date, so that the weekly run notices the day a label retires."""
    in_use = set().union(*map(runner_labels, WORKFLOWS))
    assert past_retirement(in_use, retirement_table(), datetime.date.today()) == []
    assert any(label.startswith("macos-") for label in in_use)  # macOS is still covered


def test_the_retirement_check_would_have_caught_macos_14():
    table = retirement_table()
    assert past_retirement({"macos-14"}, table, datetime.date(2026, 11, 1)) == []
    assert past_retirement({"macos-14"}, table, datetime.date(2026, 11, 2)) == [
        "macos-14: retired on 2026-11-02"]
    assert past_retirement({"macos-99"}, table, datetime.date(2026, 11, 1)) == [
        "macos-99: not in REPRODUCIBILITY.md's table of runner labels"]


def test_every_workflow_runs_weekly_and_one_at_a_time():
    for workflow in WORKFLOWS:
        spec = yaml.safe_load(workflow.read_text())
        triggers = spec[True]  # YAML 1.1 reads the key `on` as true
        (schedule,) = triggers["schedule"]
        minute, hour, day, month, weekday = schedule["cron"].split()
        assert (day, month) == ("*", "*") and weekday.isdigit(), schedule  # once a week
        assert spec["concurrency"] == {"group": "${{ github.workflow }}-${{ github.ref }}",
                                       "cancel-in-progress": True}, workflow.name


@pytest.mark.parametrize(("status", "passes"), [(0, True), (1, False), (2, False), (3, True),
                                                (4, False)])
def test_the_report_step_passes_only_identical_and_unproven_differences(tmp_path, status,
                                                                         passes):
    """The workflow's report step, run by bash as GitHub runs it, with a stand-in report.py
    that writes a report and exits with status."""
    (step,) = [step["run"] for step in steps(ROOT / ".github" / "workflows" / "reproduce.yml")
               if "tools/report.py" in step.get("run", "")]
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    python = tmp_path / ".venv" / "bin" / "python"
    python.write_text(f"#!/bin/sh\necho '## Reproduction report' > report.md\nexit {status}\n")
    python.chmod(0o755)
    summary = tmp_path / "summary.md"
    result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step],
                            cwd=tmp_path, capture_output=True, text=True,
                            env={**os.environ, "GITHUB_STEP_SUMMARY": str(summary)})
    assert (result.returncode == 0) == passes, (status, result.returncode, result.stderr)
    assert result.returncode in (0, status)
    assert summary.read_text() == "## Reproduction report\n"  # shown, whatever the status


def test_no_job_chooses_the_python_the_readers_launcher_would_not():
    """CI runs the Windows commands exactly as a reader does: no PY_PYTHON or PY_PYTHON3, which
    the README does not ask readers to set."""
    assert "PY_PYTHON" not in (ROOT / "README.md").read_text()
    for workflow in WORKFLOWS:
        assert "PY_PYTHON" not in workflow.read_text(), workflow.name


def test_the_form_takes_an_error_in_place_of_a_report():
    form = yaml.safe_load(ISSUE_FORM.read_text())
    (field,) = [item for item in form["body"] if item.get("id") == "report"]
    assert field["validations"]["required"] is False
    assert "or the error your install or run ended with" in field["attributes"]["label"]
    intro = form["body"][0]["attributes"]["value"]
    assert "tools/report.py" in intro and "`report.md`" in intro  # the file the README names


def powershell_steps(command):
    """A README PowerShell command's steps: the first, then each `if ($?) { ... }`."""
    first, *rest = command.split("; if ($?) { ")
    assert all(step.endswith(" }") for step in rest), command
    return [first] + [step[:-2] for step in rest]


def as_posix(step):
    """A PowerShell step spelt as the POSIX command spells it: the Python that
    check_python.py --find printed ($py) is the POSIX command's python3."""
    step = step.replace("$py = py -3 tools/check_python.py --find",
                        "python3 tools/check_python.py").replace("& $py ", "python3 ")
    step = step.replace(r".venv\Scripts\python -m pip ", ".venv/bin/pip ")
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
