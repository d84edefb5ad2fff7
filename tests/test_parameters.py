"""Run the notebook through papermill with other parameters, good and bad."""

import papermill
import pytest
from conftest import JAPANESE_NOTEBOOK, NOTEBOOK
from notebook_outputs import (
    EXPECTED_FIGURES,
    cell_containing,
    kept_components,
    output_text,
    printed_test_accuracy,
    read_notebook,
    search_output,
)
from test_docs import documented_papermill_parameters


def run_papermill(folder, notebook=NOTEBOOK, **parameters):
    output = folder / "out.ipynb"
    papermill.execute_notebook(
        str(notebook), str(output), parameters=parameters, cwd=str(folder),
        kernel_name="python3", progress_bar=False, log_output=False,
    )
    return read_notebook(output)


@pytest.fixture
def blocked_folder(tmp_path):
    """A folder path that cannot be created: its parent is a regular file."""
    (tmp_path / "a_file").write_text("not a folder")
    return str(tmp_path / "a_file" / "images")


BAD_VALUES = [
    ("VARIANCE_TO_KEEP", 0, "(0, 1]"),
    ("VARIANCE_TO_KEEP", 1.5, "(0, 1]"),
    ("VARIANCE_TO_KEEP", "most", "(0, 1]"),
    ("EPOCHS", 0, "integer >= 1"),
    ("EPOCHS", 2.5, "integer"),
    ("BATCH_SIZE", -64, "integer >= 1"),
    ("BATCH_SIZE", "64", "integer"),
    ("TRAIN_FRACTION", 0.05, "[0.1, 0.9]"),
    ("TRAIN_FRACTION", 1, "[0.1, 0.9]"),
    ("IMAGES_DIR", "<blocked>", "cannot be created or written"),
]


# every bad value on the English edition; one on the Japanese edition, whose code cells, the
# parameters cell and its checks included, are the English ones (test_japanese_edition.py)
CASES = [(NOTEBOOK, *case) for case in BAD_VALUES] + [(JAPANESE_NOTEBOOK, *BAD_VALUES[1])]


@pytest.mark.parametrize(("notebook", "name", "value", "accepted"), CASES,
                         ids=[f"{nb.suffixes[0]}-{name}={value!r}" for nb, name, value, _ in CASES])
def test_bad_parameter_stops_the_run_before_any_work(tmp_path, blocked_folder, notebook, name,
                                                     value, accepted):
    value = blocked_folder if value == "<blocked>" else value
    parameters = {name: value}
    if name != "IMAGES_DIR":
        parameters["IMAGES_DIR"] = str(tmp_path / "images")
    with pytest.raises(papermill.PapermillExecutionError) as failure:
        run_papermill(tmp_path, notebook, **parameters)
    assert failure.value.ename == "ValueError"
    assert name in failure.value.evalue
    assert accepted in failure.value.evalue
    # it stopped at the checks: TensorFlow was never imported, the data never loaded
    stopped = read_notebook(tmp_path / "out.ipynb")
    assert cell_containing(stopped, "import tensorflow as tf").execution_count is None
    assert cell_containing(stopped, "digits = load_digits()").execution_count is None


def test_the_documented_example_changes_the_run(tmp_path):
    """The papermill example that the README and both editions show, run as they show it."""
    parameters = documented_papermill_parameters()
    nb = run_papermill(tmp_path, **parameters)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1
    values = {}
    exec(injected[0].source, {}, values)  # noqa: S102 - the assignments papermill wrote
    assert values == parameters
    epochs_shown = output_text(cell_containing(nb, "history = model.fit(")).splitlines()
    assert [int(line.split()[0]) for line in epochs_shown[2:]] == list(
        range(1, parameters["EPOCHS"] + 1))
    kept, share = search_output(nb, r"^PCA keeps (\d+) of 64 dimensions \((\S+)%").groups()
    assert float(share) / 100 >= parameters["VARIANCE_TO_KEEP"]
    assert int(kept) < 21  # less variance than the default 90% needs fewer components
    assert 0.5 < printed_test_accuracy(nb) <= 1  # well above chance even so
    # the figures went to the example's own folder, relative to where papermill ran
    assert {path.stem for path in (tmp_path / parameters["IMAGES_DIR"]).iterdir()} == (
        EXPECTED_FIGURES)


def test_keeping_all_the_variance_keeps_all_64_components(tmp_path):
    nb = run_papermill(tmp_path, VARIANCE_TO_KEEP=1, EPOCHS=1, IMAGES_DIR=str(tmp_path / "img"))
    assert kept_components(nb) == 64
    assert search_output(nb, r"^64 components keep 100\.00%$")
