"""The benchmark's notebook copies, without running them (the seed sweep test runs papermill)."""

import sys

import pytest
from conftest import ROOT
from notebook_outputs import cell_containing, read_notebook

sys.path.insert(0, str(ROOT / "benchmarks"))
import benchmark_notebook  # noqa: E402


def test_cut_copy_keeps_the_post_scope_and_drops_going_further(tmp_path):
    copy = benchmark_notebook.copy_notebook(benchmark_notebook.COMPANION, tmp_path, True)
    nb = read_notebook(copy)
    cell_containing(nb, 'show_and_save(fig, "confusion_matrix")')
    with pytest.raises(AssertionError, match="found 0"):
        cell_containing(nb, 'show_and_save(fig, "pca_reconstructions")')
    assert not any(cell.source.startswith("## Going further") for cell in nb.cells)


def test_whole_copy_is_the_notebook_unchanged(tmp_path):
    copy = benchmark_notebook.copy_notebook(benchmark_notebook.COMPANION, tmp_path, False)
    assert read_notebook(copy) == read_notebook(benchmark_notebook.COMPANION)
