"""Read what a reader sees in an executed notebook: printed text, tables and figures."""

import re
import sys
from pathlib import Path
from typing import NamedTuple

import nbformat
import numpy as np
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from lock import lock_entries  # noqa: E402

REQUIREMENTS = ROOT / "requirements.txt"  # the lock
# the libraries whose versions the notebook prints, by their names in requirements.txt
NOTEBOOK_LIBRARIES = {"numpy", "scipy", "pandas", "scikit-learn", "matplotlib", "seaborn",
                      "tensorflow", "keras"}

EXPECTED_FIGURES = {
    "digits_sample",
    "pca_projection_2d",
    "pca_cumulative_variance",
    "training_history",
    "confusion_matrix",
    "pca_reconstructions",
    "pca_reconstruction_error",
    "pca_components",
    "misclassified_digits",
    "pca_cv_accuracy",
}
SAVED_FIGURE = re.compile(r'show_and_save\(fig, "([a-z0-9_]+)"\)')


def read_notebook(path):
    return nbformat.read(path, as_version=4)


def code_cells(nb):
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def cell_containing(nb, snippet):
    cells = [c for c in code_cells(nb) if snippet in c.source]
    assert len(cells) == 1, f"expected one code cell containing {snippet!r}, found {len(cells)}"
    return cells[0]


def cell_saving(nb, figure_name):
    """The one code cell that saves figure_name."""
    return cell_containing(nb, f'show_and_save(fig, "{figure_name}")')


def merged_outputs(cell):
    """A cell's outputs with consecutive stream outputs of one name joined, as Jupyter shows
    them: how many pieces a stream arrives in depends on when the kernel flushed, not on the
    code (a garbage collection between two prints can split them)."""
    merged = []
    for output in cell.get("outputs", []):
        if (output.output_type == "stream" and merged and merged[-1].output_type == "stream"
                and merged[-1].name == output.name):
            merged[-1] = nbformat.from_dict({**merged[-1], "text": merged[-1].text + output.text})
        else:
            merged.append(output)
    return merged


def output_text(cell):
    """Everything a cell shows as text: its streams and the text/plain of its results."""
    parts = []
    for output in merged_outputs(cell):
        if output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type in ("execute_result", "display_data"):
            parts.append(output.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)


def all_text(nb):
    return "\n".join(output_text(cell) for cell in code_cells(nb))


def search_output(nb, pattern):
    """The first match of pattern in the notebook's text output; fails if there is none."""
    match = re.search(pattern, all_text(nb), flags=re.MULTILINE)
    assert match, f"no output matches {pattern!r}"
    return match


def printed_test_accuracy(nb):
    return float(search_output(nb, r"^Test accuracy: (\d\.\d{4})$").group(1))


def kept_components(nb):
    return int(search_output(nb, r"^PCA keeps (\d+) of 64 dimensions").group(1))


def misclassified_count(nb):
    match = search_output(nb, r"^(\d+) of (\d+) test digits misclassified")
    return int(match.group(1)), int(match.group(2))


def table_rows(cell, row_pattern):
    """Rows of a DataFrame's text/plain rendering that match row_pattern, as match groups."""
    rows = [re.match(row_pattern, line.strip()) for line in output_text(cell).splitlines()]
    return [row.groups() for row in rows if row]


def reconstruction_errors(nb):
    cell = cell_containing(nb, "def reconstruction_rmse")
    return {int(n): float(rmse) for n, rmse in table_rows(cell, r"^(\d+)\s+(\d+\.\d+)$")}


def baseline_table(nb):
    cell = cell_containing(nb, "baselines = {")
    rows = table_rows(cell, r"^(\S.*?)\s+(\d\.\d+)\s+(\d+)$")
    return {name: (float(accuracy), int(mistakes)) for name, accuracy, mistakes in rows}


def paired_table(nb):
    """{classic model: (test images only it gets right, only the network gets right, McNemar's
    p, Bonferroni's p)} as the paired comparison prints them."""
    cell = cell_containing(nb, "paired = {}")
    rows = table_rows(cell, r"^(\S.*?)\s+(\d+)\s+(\d+)\s+(\d\.\d+)\s+(\d\.\d+)$")
    return {name: (int(only_it), int(only_network), float(p), float(adjusted))
            for name, only_it, only_network, p, adjusted in rows}


def other_splits_summary(nb):
    """(how many other splits, mean, sd, min, max) of the SVC's accuracy, as printed."""
    match = search_output(nb, r"^RBF SVC on (\d+) other splits: mean (\d\.\d{4}) ± (\d\.\d{4}) "
                              r"\(sd\), min (\d\.\d{4}), max (\d\.\d{4})$")
    return int(match.group(1)), *map(float, match.groups()[1:])


def shared_test_images(nb):
    """(mean, fewest, most) test images that two of the notebook's other splits share, as
    printed."""
    match = search_output(nb, r"^any two of their test sets share (\d+) of (\d+) images on average "
                              r"\((\d+) to (\d+)\)$")
    return tuple(int(match.group(i)) for i in (1, 3, 4))


def best_case_table(nb):
    """{network's mistakes: (McNemar's p, Bonferroni's p)} of the best case, as the table shows it
    (one column per count of mistakes)."""
    header, mcnemar, bonferroni = output_text(cell_containing(nb, "best_case = ")).splitlines()
    assert header.startswith("network's mistakes") and mcnemar.startswith("McNemar p")
    assert bonferroni.startswith("Bonferroni p")
    counts, mcnemar, bonferroni = (line.split()[2:] for line in (header, mcnemar, bonferroni))
    return {int(m): (float(p), float(adjusted))
            for m, p, adjusted in zip(counts, mcnemar, bonferroni, strict=True)}


def cut_table(nb):
    """{components: (cross-validated accuracy, sd over the folds, mean difference from the kept
    count fold by fold, its standard error, folds above it, folds below it)} as the table shows
    them."""
    cell = cell_containing(nb, "fold_scores = {")
    rows = table_rows(cell, r"^(\d+)\s+(\d\.\d+)\s+(\d\.\d+)\s+(-?\d\.\d+)\s+(\d\.\d+)\s+(\d+)"
                            r"\s+(\d+)$")
    return {int(n): (float(mean), float(sd), float(difference), float(error), int(above),
                     int(below)) for n, mean, sd, difference, error, above, below in rows}


PYTHON_VERSION_LINE = re.compile(r"^Python (\d+\.\d+\.\d+\S*)$", flags=re.MULTILINE)
REPORTED_PACKAGE = re.compile(r"([a-z][a-z0-9-]*) (\d+\.\d+\.\d+\S*?)(?=,|$)", flags=re.MULTILINE)


def environment_report(nb):
    """The versions the imports cell prints: (Python version, {package: version})."""
    text = output_text(cell_containing(nb, "platform.python_version()"))
    python_lines = PYTHON_VERSION_LINE.findall(text)
    assert len(python_lines) == 1, f"expected one 'Python x.y.z' line in {text!r}"
    packages = dict(REPORTED_PACKAGE.findall(PYTHON_VERSION_LINE.sub("", text)))
    return python_lines[0], packages


def without_python_version(text):
    """A cell's text with the one line that may differ between interpreters taken out."""
    return PYTHON_VERSION_LINE.sub("Python <version>", text)


def parsed_requirements(text):
    """[(Requirement, sha256 hashes)] of a requirements file's text (tools/lock.lock_entries)."""
    return [(Requirement(requirement), hashes) for requirement, hashes in lock_entries(text)]


def pinned_version(requirement):
    (specifier,) = requirement.specifier
    return specifier.version


def requirements():
    """requirements.txt, the lock, as packaging Requirements without their hashes; every one
    must be an exact == pin."""
    parsed = [requirement for requirement, _ in parsed_requirements(REQUIREMENTS.read_text())]
    for requirement in parsed:
        assert [s.operator for s in requirement.specifier] == ["=="], f"not a pin: {requirement}"
    return parsed


def requirement_pins(environment=None):
    """{name: version} of the pins whose environment markers hold here (or in environment)."""
    return {r.name.lower(): pinned_version(r) for r in requirements()
            if r.marker is None or r.marker.evaluate(environment)}


# the distributions that install the module `tensorflow`: the CPU-only wheel or the full one
TENSORFLOW_WHEELS = ("tensorflow-cpu", "tensorflow")


def assert_versions_are_the_pins(packages):
    assert set(packages) == NOTEBOOK_LIBRARIES
    pins = requirement_pins()
    (tensorflow,) = [pins[name] for name in TENSORFLOW_WHEELS if name in pins]
    pins["tensorflow"] = tensorflow
    assert packages == {name: pins.get(name) for name in packages}, "reported versions vs pins"


def runs(mask):
    """[(start, stop)] of each run of True in a 1-D boolean array."""
    edges = np.diff(np.concatenate([[0], np.asarray(mask, int), [0]]))
    return list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True))


class Tile(NamedTuple):
    top: int  # the first row and column of its pixels in the picture
    left: int
    pixels: np.ndarray


def tiles(picture):
    """The tiles of a picture that shows a grid of images with blank (NaN) gaps between them,
    read from the picture alone, in reading order: each block of painted pixels that the
    blank rows and columns cut out."""
    picture = np.asarray(picture, float)
    painted = ~np.isnan(picture)
    found = []
    for top, bottom in runs(painted.any(axis=1)):
        for left, right in runs(painted.any(axis=0)):
            block = picture[top:bottom, left:right]
            if not np.isnan(block).all():
                assert not np.isnan(block).any(), f"a tile at {top, left} is partly blank"
                found.append(Tile(int(top), int(left), block))
    return found
