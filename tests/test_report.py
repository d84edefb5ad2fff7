"""The reproduction report (tools/report.py): the comparison it makes, on the run the tests
execute; and the whole command as a reader runs it, after the README's notebook command, in a
git checkout and in a download without git history, with a stand-in that makes the run differ:
it must name each difference against the committed run, not against the rewritten files. Then
what it writes (UTF-8, whatever the code page), its exit statuses, and its details.

Regressions tried (issue 34), each in tools/compare_runs.py: the pixels compared on the alpha
channel alone, and the cells' text/plain results (the tables) left out of the comparison; each
failed test_an_altered_output_and_figure_are_each_named. Comparing the figures by file size
alone passed it, since the altered figure's PNG has another size: the test does not claim that.

Regressions tried (issue 38), each caught as listed:
- the notebook and figures read from the working tree instead of the commit:
  test_a_clone_reports_the_differences_after_the_notebook_command (the report said "identical",
  status 0);
- without git history, each figure compared with the file the notebook command rewrote,
  whatever its digest: test_a_download_without_history_reports_them_too;
- the check that a download's code is the committed code left out:
  test_edited_code_in_a_download_cannot_compare_and_says_why;
- one output of the manifest changed: test_the_manifest_is_the_committed_run;
- stdout left in the console's encoding: test_the_report_is_utf8_under_a_cp1252_console;
- a crash left to Python's status 1, and an earlier report.md left in place:
  test_a_crash_of_the_report_is_not_a_result;
- the report's first lines printed before the runs:
  test_a_run_that_stops_is_reported_and_not_a_result (the kernel's output came after them);
- the BLAS entries in threadpoolctl's order, and named by prefix:
  test_blas_entries_are_in_one_order_and_told_apart;
- a cell's label cut at 60 characters: test_a_cells_label_is_cut_at_a_word.
"""

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import nbformat
import numpy as np
import pytest
from conftest import JAPANESE_NOTEBOOK, NOTEBOOK, ROOT, project_files
from notebook_outputs import cell_containing, code_cells
from PIL import Image
from test_python_support import readme_command

sys.path.insert(0, str(ROOT / "tools"))
from committed_run import MANIFEST, manifest_of  # noqa: E402
from compare_runs import cell_label, compare  # noqa: E402 - the report's own comparison
from report import blas_description  # noqa: E402

ALTERED_FIGURE = "confusion_matrix"


def altered_copy(committed, folder):
    """The committed notebook with its printed test accuracy and the baseline table's first row
    changed, and images/ with one pixel of one figure changed, in folder."""
    nb = nbformat.from_dict(committed)
    accuracy = cell_containing(nb, "test_probabilities = model.predict_on_batch(")
    for output in accuracy.outputs:
        if output.output_type == "stream":
            output.text = output.text.replace("Test accuracy: 0.9722", "Test accuracy: 0.9723")
    table = cell_containing(nb, "baselines = {")
    for output in table.outputs:
        if "text/plain" in output.get("data", {}):
            output.data["text/plain"] = output.data["text/plain"].replace("0.9889", "0.9870", 1)
    images = folder / "images"
    shutil.copytree(ROOT / "images", images)
    picture = np.asarray(Image.open(images / f"{ALTERED_FIGURE}.png").convert("RGBA")).copy()
    picture[10, 10] = 255 - picture[10, 10]
    picture[10, 10, 3] = 255
    Image.fromarray(picture).save(images / f"{ALTERED_FIGURE}.png")
    return nb, images


@pytest.mark.byte_exact
def test_the_run_the_tests_execute_is_identical_to_the_commit(executed, committed):
    assert compare(executed.nb, committed, executed.folder / "images", python="any") == []


@pytest.mark.byte_exact
def test_an_altered_output_and_figure_are_each_named(executed, committed, tmp_path):
    nb, images = altered_copy(committed, tmp_path)
    found = dict(compare(executed.nb, nb, executed.folder / "images", images, python="any"))
    assert len(found) == 3, found
    def difference_in(snippet):  # what the comparison says of the cell that holds snippet
        label = cell_label(cell_containing(committed, snippet))
        (how,) = [how for where, how in found.items() if f"({label})" in where]
        return how

    assert difference_in("test_probabilities = model.predict_on_batch(") == (
        "line 1: 'Test accuracy: 0.9722' where the commit has 'Test accuracy: 0.9723'")
    table = difference_in("baselines = {")
    assert table.startswith("line 2: ") and "0.9889" in table and "0.9870" in table
    size = Image.open(images / f"{ALTERED_FIGURE}.png").size
    assert found[f"images/{ALTERED_FIGURE}.png"].startswith(
        f"1 of {size[0] * size[1]} pixels differ, by at most ")


STATUS = {"identical": 0, "differs where proven": 1, "usage": 2, "differs, not proven": 3,
          "could not compare": 4}
# makes the run differ as another machine's might: the first pixel of load_digits() one grey
# level brighter, in every Python started with this folder on PYTHONPATH (the kernel included)
STAND_IN = """
import importlib.abc
import importlib.util
import sys


class Brighter(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name != "sklearn.datasets":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        run = spec.loader.exec_module

        def exec_module(module):
            run(module)
            load_digits = module.load_digits

            def brighter(*args, **kwargs):
                digits = load_digits(*args, **kwargs)
                BODY
                return digits

            module.load_digits = brighter

        spec.loader.exec_module = exec_module
        return spec


sys.meta_path.insert(0, Brighter())
"""
BRIGHTER = "digits.data[0, 0] += 1; digits.images[0, 0, 0] += 1"


def stand_in(folder, body=BRIGHTER):
    """A folder to put on PYTHONPATH whose sitecustomize changes load_digits() by body."""
    folder.mkdir()
    (folder / "sitecustomize.py").write_text(STAND_IN.replace("BODY", body))
    return folder


def environment(**changes):
    return {**{k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}, **changes}


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    """The project as it stands, committed in a git repository of its own: a reader's clone."""
    folder = tmp_path_factory.mktemp("clone")
    for name in project_files():
        if not (ROOT / name).is_file():  # a .venv symlink, which .venv/ does not ignore
            continue
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, folder / name)
    git = ["git", "-c", "user.name=test", "-c", "user.email=test@example.org", "-C", str(folder)]
    for step in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "the project"]):
        subprocess.run(git + step, check=True)
    return folder


def archive_copy(clone, folder):
    """What GitHub's ZIP or `git archive` gives: the committed files, no git history."""
    tar = subprocess.run(["git", "-C", str(clone), "archive", "--format=tar", "HEAD"],
                         capture_output=True, check=True).stdout
    # tarfile's safe "data" filter, where this Python has it (3.11.4 and later)
    safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
    with tarfile.open(fileobj=io.BytesIO(tar)) as archive:
        archive.extractall(folder, **safe)
    return folder


def notebook_command(project, editions, standin):
    """The README's notebook command in project, from its nbconvert step on (the install steps
    would install what this environment has), for the given editions."""
    command = readme_command("notebook-command").split(" && ")[-1]
    command = command.replace(".venv/bin/", f"{Path(sys.executable).parent}/")
    command = command.replace(f" {NOTEBOOK.name} {JAPANESE_NOTEBOOK.name}",
                              "".join(f" {name}" for name in editions))
    subprocess.run(["bash", "-c", command], cwd=project, check=True, capture_output=True,
                   env=environment(PYTHONPATH=str(standin)))


def files_of(project):
    return {path: hashlib.sha256(path.read_bytes()).hexdigest()
            for path in [*project.glob("*.ipynb"), *(project / "images").iterdir()]}


def run_report(project, *options, terminal=False, **env):
    """tools/report.py run as a reader runs it in project: (exit status, stdout, stderr), the
    output decoded as UTF-8, strictly. terminal: stdout and stderr in one stream, each line
    written at once, as a terminal shows them (stdout then holds both, stderr is empty)."""
    if terminal:
        env["PYTHONUNBUFFERED"] = "1"
    result = subprocess.run([sys.executable, "tools/report.py", *options], cwd=project,
                            stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT if terminal else subprocess.PIPE,
                            env=environment(**env), timeout=1200)
    return (result.returncode, result.stdout.decode("utf-8"),
            (result.stderr or b"").decode("utf-8"))


def differing_cells(report):
    return [line for line in report.splitlines() if line.startswith("- code cell ")]


def expected_status(report):
    proven = "- bytes proven here: yes" in report
    return STATUS["differs where proven" if proven else "differs, not proven"]


@pytest.fixture(scope="module")
def clone_report(clone, tmp_path_factory):
    """In the clone: the stand-in, the README's notebook command (both editions, rewriting them
    and images/), then the report (English edition): (its status, stdout, the rewritten files)."""
    standin = stand_in(tmp_path_factory.mktemp("clone_standin") / "standin")
    notebook_command(clone, [NOTEBOOK.name, JAPANESE_NOTEBOOK.name], standin)
    rewritten = files_of(clone)
    status, report, stderr = run_report(clone, "--english", PYTHONPATH=str(standin))
    assert files_of(clone) == rewritten, "the report changed the checkout"
    return status, report, stderr


def test_a_clone_reports_the_differences_after_the_notebook_command(clone, clone_report):
    changed = subprocess.run(["git", "-C", str(clone), "status", "--short"], capture_output=True,
                             text=True, check=True).stdout
    assert f" M {NOTEBOOK.name}" in changed and " M images/digits_sample.png" in changed
    status, report, stderr = clone_report
    assert status == expected_status(report), stderr[-3000:]
    assert (clone / "report.md").read_text(encoding="utf-8") == report  # the file README names
    assert "- compared with: the commit " in report
    # the stand-in's brighter pixel is in the first digit drawn, and the training moves on it
    assert re.search(r"^- images/digits_sample\.png: \d+ of \d+ pixels differ", report, re.M)
    assert "- code cell " in report and "where the commit has 'Test accuracy: 0.9722'" in report
    assert "**Result: differs from the committed run" in report


def test_a_download_without_history_reports_them_too(clone, clone_report, tmp_path):
    """The same in a `git archive` copy (one edition, for time): every code cell named as in the
    clone, each rewritten figure by its digest, the figures still committed pixel by pixel."""
    project = archive_copy(clone, tmp_path / "download")
    assert not (project / ".git").exists()
    standin = stand_in(tmp_path / "standin")
    notebook_command(project, [NOTEBOOK.name], standin)
    status, report, stderr = run_report(project, "--english", PYTHONPATH=str(standin))
    assert status == expected_status(report), stderr[-3000:]
    assert f"- compared with: {MANIFEST.relative_to(ROOT)}, the committed run's record" in report
    assert differing_cells(report) == differing_cells(clone_report[1]) != []
    assert ("- images/digits_sample.png: other bytes than the committed figure (its sha256)"
            in report)
    unchanged = [line for line in clone_report[1].splitlines()
                 if line.startswith("- images/") and line.endswith(": identical")]
    assert unchanged and all(line in report for line in unchanged)


def test_the_manifest_is_the_committed_run():
    """tools/committed_outputs.json records exactly the committed notebooks and images/, so a
    download without git history compares with what a clone compares with."""
    recorded = json.loads(MANIFEST.read_text(encoding="utf-8"))
    assert recorded == manifest_of([NOTEBOOK, JAPANESE_NOTEBOOK], ROOT / "images"), (
        "tools/committed_outputs.json is out of date: run .venv/bin/python tools/committed_run.py")
    assert MANIFEST.stat().st_size < 64_000  # digests, not pictures


def test_a_download_without_its_record_cannot_compare_and_says_why(clone, tmp_path):
    project = archive_copy(clone, tmp_path / "download")
    (project / MANIFEST.relative_to(ROOT)).unlink()
    status, report, _ = run_report(project, "--english")
    assert status == STATUS["could not compare"]
    assert report.splitlines()[-1] == (
        "**Result: could not compare: no git history here and no "
        f"{MANIFEST.relative_to(ROOT)}.**")
    assert "identical" not in report and "### " not in report  # nothing was run


def test_edited_code_in_a_download_cannot_compare_and_says_why(clone, tmp_path):
    project = archive_copy(clone, tmp_path / "download")
    nb = nbformat.read(project / NOTEBOOK.name, as_version=4)
    cell = cell_containing(nb, "digits = load_digits()")
    cell.source = cell.source.replace("digits = load_digits()", "digits = load_digits(n_class=9)")
    nbformat.write(nb, project / NOTEBOOK.name)
    status, report, _ = run_report(project, "--english")
    number = code_cells(nb).index(cell) + 1
    assert status == STATUS["could not compare"]
    assert report.splitlines()[-1] == (
        f"**Result: could not compare: code cell {number} of {NOTEBOOK.name} is not the "
        "committed code, so its run says nothing of the committed one.**")


def test_a_run_that_stops_is_reported_and_not_a_result(clone, tmp_path):
    """A run that stops with an error: where and why in the report, the traceback on stderr,
    status 4; and the report comes as one block after everything the kernel printed."""
    standin = stand_in(tmp_path / "standin", 'raise RuntimeError("no digits on this machine")')
    status, shown, _ = run_report(clone, "--english", terminal=True, PYTHONPATH=str(standin))
    assert status == STATUS["could not compare"], shown[-3000:]
    before, heading, report = shown.partition("## Reproduction report\n")
    assert heading and shown.count(heading) == 1, shown[-3000:]
    # what the kernel and the run wrote, the error's traceback included, comes before the report
    assert "no digits on this machine" in before, before[-3000:]
    assert all(line == "" or line.startswith(("- ", "### ", "**Result: "))
               for line in report.splitlines()), report
    nb = nbformat.read(NOTEBOOK, as_version=4)
    number = code_cells(nb).index(cell_containing(nb, "digits = load_digits()")) + 1
    assert (f"- the run stopped in code cell {number} (" in report
            and "): RuntimeError: no digits on this machine" in report)
    assert report.endswith("**Result: could not compare: a run stopped with an error (above, "
                           "and its traceback on stderr).**\n")


def test_the_report_is_utf8_under_a_cp1252_console(tmp_path):
    """Under a Windows code page, on stdout and in --output's file: UTF-8, "±" and Keras's table
    characters as themselves."""
    text = "- code cell 16 (model.summary()): line 2: '┃ Layer (type)' where the commit has '±'"
    driver = ("import sys; sys.path.insert(0, 'tools'); import report; "
              f"report.report = lambda editions: ([{text!r}], 0); "
              f"sys.exit(report.main(['--output', {str(tmp_path / 'report.md')!r}]))")
    result = subprocess.run([sys.executable, "-c", driver], cwd=ROOT, capture_output=True,
                            env=environment(PYTHONIOENCODING="cp1252"))
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    assert result.stdout == (text + "\n").encode("utf-8")
    assert (tmp_path / "report.md").read_bytes() == (text + "\n").encode("utf-8")


def test_usage_errors_are_argparses_and_come_before_any_run(tmp_path):
    for options, message in [(["--bogus"], "unrecognized arguments: --bogus"),
                             (["--output", str(tmp_path / "no" / "r.md")], "no folder ")]:
        status, report, stderr = run_report(ROOT, *options)
        assert status == STATUS["usage"] and report == "", options
        assert message in stderr and stderr.startswith("usage: report.py"), stderr


def test_a_crash_of_the_report_is_not_a_result(tmp_path):
    """A failure inside the report itself: its traceback on stderr, status 4, never 1; and no
    earlier report left in the file to pass for this run's."""
    standin = tmp_path / "standin"
    standin.mkdir()
    (standin / "sitecustomize.py").write_text(
        "import platform\n\n\ndef broken(*args, **kwargs):\n"
        "    raise OSError('platform unreadable')\n\n\nplatform.platform = broken\n")
    earlier = tmp_path / "report.md"
    earlier.write_text("## Reproduction report\n\n**Result: identical to the committed run.**\n")
    status, report, stderr = run_report(ROOT, "--english", "--output", str(earlier),
                                        PYTHONPATH=str(standin))
    assert status == STATUS["could not compare"] and report == ""
    assert not earlier.exists()
    assert "OSError: platform unreadable" in stderr
    assert stderr.rstrip().endswith(
        "report.py: could not compare: the report itself failed (the traceback above)")


def test_blas_entries_are_in_one_order_and_told_apart():
    site = "/home/reader/.venv/lib/python3.11/site-packages"
    libraries = [
        {"user_api": "openmp", "internal_api": "openmp", "num_threads": 2,
         "filepath": f"{site}/scikit_learn.libs/libgomp-e985bcbb.so.1.0.0", "version": None},
        {"user_api": "blas", "internal_api": "openblas", "num_threads": 1, "version": "0.3.30",
         "prefix": "libscipy_openblas", "architecture": "Haswell",
         "filepath": f"{site}/scipy.libs/libscipy_openblas-6cdc3b4a.so"},
        {"user_api": "blas", "internal_api": "openblas", "num_threads": 1, "version": "0.3.30",
         "prefix": "libscipy_openblas", "architecture": "Haswell",
         "filepath": f"{site}/numpy.libs/libscipy_openblas64_-32a4b2a6.so"},
    ]
    described = blas_description(libraries)
    assert blas_description(libraries[::-1]) == described
    assert described == (
        "openblas 0.3.30 (Haswell, 1 thread) in numpy.libs/libscipy_openblas64_-32a4b2a6.so; "
        "openblas 0.3.30 (Haswell, 1 thread) in scipy.libs/libscipy_openblas-6cdc3b4a.so; "
        "openmp (2 threads) in scikit_learn.libs/libgomp-e985bcbb.so.1.0.0")


def test_a_cells_label_is_cut_at_a_word(committed):
    cut = 0
    for cell in code_cells(committed):
        line, label = cell.source.splitlines()[0], cell_label(cell)
        if label == line:
            continue
        cut += 1
        kept = label.removesuffix(" …")
        assert label.endswith(" …") and len(kept) <= 60, label
        # what is kept ends a word: the line goes on with a space or a sign, not a letter
        assert line.startswith(kept) and re.match(r"[^\w.]", line[len(kept)]), (label, line)
    assert cut, "no label was long enough to be cut: the test says nothing"
