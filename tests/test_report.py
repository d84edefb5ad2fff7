"""The reproduction report (tools/report.py): the comparison it makes, on the run the tests
execute, and the whole command in a scratch copy of the project whose committed outputs and
figures were altered on purpose: it must name each alteration, and leave the copy as it was.

Regressions tried (issue 34), each in tools/compare_runs.py: the pixels compared on the alpha
channel alone, and the cells' text/plain results (the tables) left out of the comparison; each
failed test_an_altered_output_and_figure_are_each_named. Comparing the figures by file size
alone passed it, since the altered figure's PNG has another size: the test does not claim that."""

import shutil
import subprocess
import sys

import nbformat
import numpy as np
import pytest
from conftest import NOTEBOOK, ROOT
from notebook_outputs import cell_containing
from PIL import Image

sys.path.insert(0, str(ROOT / "tools"))
from compare_runs import compare  # noqa: E402 - the report's own comparison

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
        first_line = cell_containing(committed, snippet).source.splitlines()[0]
        (how,) = [how for where, how in found.items() if f"({first_line[:60]})" in where]
        return how

    assert difference_in("test_probabilities = model.predict_on_batch(") == (
        "line 1: 'Test accuracy: 0.9722' where the commit has 'Test accuracy: 0.9723'")
    table = difference_in("baselines = {")
    assert table.startswith("line 2: ") and "0.9889" in table and "0.9870" in table
    size = Image.open(images / f"{ALTERED_FIGURE}.png").size
    assert found[f"images/{ALTERED_FIGURE}.png"].startswith(
        f"1 of {size[0] * size[1]} pixels differ, by at most ")


def test_the_report_command_names_what_differs_and_changes_nothing(committed, tmp_path):
    """The whole command, as a reader runs it, in a scratch copy of the project."""
    scratch = tmp_path / "project"
    for folder in ("tools", "tests"):
        shutil.copytree(ROOT / folder, scratch / folder,
                        ignore=shutil.ignore_patterns("__pycache__"))
    nb, _ = altered_copy(committed, scratch)
    nbformat.write(nb, scratch / NOTEBOOK.name)
    before = {path: path.read_bytes() for path in [scratch / NOTEBOOK.name,
                                                    *(scratch / "images").iterdir()]}
    result = subprocess.run([sys.executable, str(scratch / "tools" / "report.py"), "--english"],
                            capture_output=True, text=True, cwd=tmp_path)
    report = result.stdout
    for heading in ("- platform: ", "- CPU: ", "- Python: ", "- libraries: numpy ",
                    "- bytes proven here: ", "- BLAS in the kernel: "):
        assert heading in report, heading
    assert f"- images/{ALTERED_FIGURE}.png: 1 of " in report
    assert "'Test accuracy: 0.9722' where the commit has 'Test accuracy: 0.9723'" in report
    assert "**Result: differs from the committed run" in report
    proven = "- bytes proven here: yes" in report
    assert result.returncode == (1 if proven else 2), result.stderr[-2000:]
    if proven:  # every other figure came out the same
        assert report.count(": identical\n") == len(list((ROOT / "images").iterdir())) - 1
    assert {path: path.read_bytes() for path in before} == before  # the copy is as it was
