"""Read what a reader sees in an executed notebook: printed text, tables and figures."""

import re

import nbformat

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


def output_text(cell):
    """Everything a cell shows as text: its streams and the text/plain of its results."""
    parts = []
    for output in cell.get("outputs", []):
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
    rows = table_rows(cell, r"^(\S.*?)\s+(\d\.\d+)\s+(\S+ s|over 10 s)$")
    return {name: (float(accuracy), fit_time) for name, accuracy, fit_time in rows}


def figure_axes_count(cell):
    """N in the '<Figure size WxH with N Axes>' line a displayed figure prints."""
    match = re.search(r"<Figure size \S+ with (\d+) Axes>", output_text(cell))
    assert match, "the cell shows no figure"
    return int(match.group(1))
