"""Issue 40: every story cell runs as a learner would copy it, after the earlier story cells
alone. The plumbing cells are left out, stood in by their pinned environment variables and by the
two helpers that the first one's title line names (show_and_save, check_parameters); whatever else
the plumbing imports or binds stays out of the story's namespace, so a story cell that leans on
it fails here with a NameError."""

import ast
import textwrap

import nbformat
import pytest
from compare_runs import outputs_of
from conftest import CELL_TIMEOUT_SECONDS, NOTEBOOK, kernel_environment
from nbclient import NotebookClient
from notebook_outputs import code_cells, read_notebook
from test_committed_notebook import plumbing_cells

NAMED_HELPERS = ("show_and_save", "check_parameters")


def stand_in(plumbing):
    """A cell that defines the named helpers from the plumbing's own code, inside a function,
    so that the modules they use (Path, tempfile, pyplot, display) stay its locals, and then
    makes the plumbing's own top-level calls of them (the parameter check)."""
    tree = ast.parse(plumbing.source)
    imports = [ast.get_source_segment(plumbing.source, node) for node in tree.body
               if isinstance(node, ast.Import | ast.ImportFrom)]
    helpers = [ast.get_source_segment(plumbing.source, node) for node in tree.body
               if isinstance(node, ast.FunctionDef) and node.name in NAMED_HELPERS]
    calls = [ast.get_source_segment(plumbing.source, node) for node in tree.body
             if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
             and getattr(node.value.func, "id", None) in NAMED_HELPERS]
    assert len(helpers) == len(NAMED_HELPERS) and calls
    body = "\n".join(imports + helpers + [f"return {', '.join(NAMED_HELPERS)}"])
    return "\n".join([f"def _stand_in():\n{textwrap.indent(body, '    ')}\n",
                      f"{', '.join(NAMED_HELPERS)} = _stand_in()", "del _stand_in", *calls])


@pytest.fixture(scope="module")
def story_alone(tmp_path_factory, executed):
    """The committed notebook without its plumbing cells, run top to bottom in a fresh kernel
    whose environment holds the pins that the plumbing sets (as the main run's probe read them)
    and a Matplotlib folder of its own."""
    committed = read_notebook(NOTEBOOK)
    plumbing = plumbing_cells(committed)
    folder = tmp_path_factory.mktemp("story_alone")
    nb = nbformat.v4.new_notebook(metadata=committed.metadata)
    nb.cells = [nbformat.v4.new_code_cell(stand_in(cell) if cell is plumbing[0] else cell.source,
                                          metadata={} if cell is plumbing[0] else cell.metadata)
                for cell in code_cells(committed) if cell is not plumbing[1]]
    pins = {name: value for name, value in executed.facts["pins"]["environment"].items()
            if value is not None}
    pins["MPLCONFIGDIR"] = str(tmp_path_factory.mktemp("mpl_story"))  # no reader's style
    NotebookClient(nb, kernel_name="python3", timeout=CELL_TIMEOUT_SECONDS,
                   resources={"metadata": {"path": str(folder)}}).execute(
        env=kernel_environment(pins))  # raises on the first cell that fails, naming it
    return nb, folder


def shown(cell):
    """What a cell shows a reader, as the reproduction report compares it (the line naming the
    Python version masked), standard error left out: without the plumbing's filter, TensorFlow's
    native notices land there."""
    return [output for output in outputs_of(cell, python="any") if output[0] != "stderr"]


def test_the_stand_in_binds_only_the_named_helpers(tmp_path):
    nb = read_notebook(NOTEBOOK)
    namespace = {}
    exec(code_cells(nb)[0].source, namespace)  # the parameters, which the check reads
    namespace["IMAGES_DIR"] = str(tmp_path / "images")
    parameters = set(namespace)
    exec(stand_in(plumbing_cells(nb)[0]), namespace)
    assert set(namespace) - parameters == set(NAMED_HELPERS)


def story(nb):
    """The story's code cells: the plumbing, or its stand-in, left out."""
    return [cell for cell in code_cells(nb) if "plumbing" not in cell.metadata.get("tags", [])
            and not cell.source.startswith("def _stand_in():")]


def test_every_story_cell_runs_after_the_earlier_story_cells_alone(story_alone):
    """The fixture's run stops on the first cell that fails (nbclient raises, naming it); here,
    every story cell is in that run, in the committed order, and printed or drew something where
    the committed one did."""
    nb, _ = story_alone
    committed = story(read_notebook(NOTEBOOK))
    assert [cell.source for cell in story(nb)] == [cell.source for cell in committed]
    for ran, stored in zip(story(nb), committed, strict=True):
        assert bool(shown(ran)) == bool(shown(stored)), ran.source[:80]


@pytest.mark.byte_exact
def test_without_the_plumbing_the_story_shows_what_the_committed_run_shows(story_alone):
    """With the pins in the environment, the story alone prints the committed numbers and tables
    and draws the committed figures, byte for byte: the plumbing adds nothing else to them."""
    nb, folder = story_alone
    for ran, stored in zip(story(nb), story(read_notebook(NOTEBOOK)), strict=True):
        assert shown(ran) == shown(stored), ran.source[:80]
    for saved in sorted((NOTEBOOK.parent / "images").glob("*.png")):
        assert (folder / "images" / saved.name).read_bytes() == saved.read_bytes(), saved.name
