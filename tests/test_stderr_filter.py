"""The notebook's filter for TensorFlow's native notices, run in a real kernel as JupyterLab
runs it: registered once by the plumbing cell, it acts on every later cell, drops only the
known notices, and leaves real problems (other native lines, Python errors) visible."""

import textwrap

import nbformat
import pytest
from conftest import CELL_TIMEOUT_SECONDS, NOTEBOOK
from nbclient import NotebookClient
from notebook_outputs import cell_containing, read_notebook

# what TensorFlow 2.21 prints on a CPU-only machine, then a line that must get through
NATIVE_WRITES = textwrap.dedent("""
    WARNING: All log messages before absl::InitializeLog() is called are written to STDERR
    I0000 00:00:1795712433.559103    2013 cudart_stub.cc:31] Could not find cuda drivers on your machine, GPU will not be used.
    E0000 00:00:1795712563.892790    2058 cuda_platform.cc:52] failed call to cuInit: INTERNAL: CUDA error
    F0000 00:00:1795712563.900000    2058 some_kernel.cc:12] Check failed: a real problem
""").lstrip()  # noqa: E501
REAL_PROBLEM = NATIVE_WRITES.splitlines()[-1] + "\n"


def native_write(text):
    """A cell that writes text straight to file descriptor 2, as C++ code does."""
    return f"import os\nos.write(2, {text.encode()!r})"


@pytest.fixture(scope="module")
def filtered_run(tmp_path_factory):
    """The notebook's plumbing cell, then cells that write to stderr in every way there is."""
    plumbing = cell_containing(read_notebook(NOTEBOOK), "class NativeStderrFilter").source
    sources = {
        "plumbing": plumbing,
        "native": native_write(NATIVE_WRITES),
        "python error": 'raise RuntimeError("a real Python error")',
        "python stderr": 'import sys\nprint("a Python-level line", file=sys.stderr)',
        "later native": "x = 1\n" + native_write(NATIVE_WRITES.splitlines()[0] + "\nlater line\n"),
        "plumbing again": plumbing,
        "after re-run": native_write(NATIVE_WRITES),
    }
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(source) for source in sources.values()])
    folder = tmp_path_factory.mktemp("filter")
    NotebookClient(nb, kernel_name="python3", timeout=CELL_TIMEOUT_SECONDS, allow_errors=True,
                   resources={"metadata": {"path": str(folder)}}).execute()
    return dict(zip(sources, nb.cells, strict=True))


def stderr_of(cell):
    return "".join(o.text for o in cell.outputs if o.output_type == "stream" and o.name == "stderr")


def test_plumbing_cell_itself_shows_nothing(filtered_run):
    assert filtered_run["plumbing"].outputs == []


def test_known_notices_are_dropped_and_other_native_lines_kept(filtered_run):
    assert stderr_of(filtered_run["native"]) == REAL_PROBLEM


def test_python_exceptions_show_as_usual(filtered_run):
    errors = [o for o in filtered_run["python error"].outputs if o.output_type == "error"]
    assert [(e.ename, e.evalue) for e in errors] == [("RuntimeError", "a real Python error")]
    assert any("RuntimeError" in line for line in errors[0].traceback)


def test_python_stderr_is_untouched(filtered_run):
    assert stderr_of(filtered_run["python stderr"]) == "a Python-level line\n"


def test_filter_still_works_cells_later_after_an_error(filtered_run):
    assert stderr_of(filtered_run["later native"]) == "later line\n"


def test_running_the_plumbing_cell_again_filters_once(filtered_run):
    assert stderr_of(filtered_run["plumbing again"]) == ""
    assert stderr_of(filtered_run["after re-run"]) == REAL_PROBLEM
