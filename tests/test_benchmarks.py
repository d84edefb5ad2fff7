"""The benchmark's arguments and notebook copies, without running them (the seed sweep test runs
papermill)."""

import json
import re
import sys
import warnings

import nbformat
import pytest
from conftest import ROOT
from notebook_outputs import cell_containing, read_notebook, requirement_pins

sys.path.insert(0, str(ROOT / "benchmarks"))
import benchmark_notebook  # noqa: E402
from measure import Measurement  # noqa: E402


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


def test_reference_is_the_reconstruction_unless_another_notebook_is_named(tmp_path):
    assert benchmark_notebook.parse_args([]).reference == benchmark_notebook.RECONSTRUCTION
    other = tmp_path / "blog_post_code.ipynb"
    other.write_bytes(benchmark_notebook.RECONSTRUCTION.read_bytes())
    assert benchmark_notebook.parse_args(["--reference", str(other)]).reference == other


def test_a_missing_reference_is_refused_before_any_run(tmp_path, capsys):
    with pytest.raises(SystemExit):
        benchmark_notebook.parse_args(["--reference", str(tmp_path / "missing.ipynb")])
    assert "no notebook at" in capsys.readouterr().err


def test_a_reference_saved_without_cell_ids_is_copied_without_warnings(tmp_path):
    old_style = {"nbformat": 4, "nbformat_minor": 4, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "source": "1 + 1", "outputs": [],
         "execution_count": None}]}
    reference = tmp_path / "old.ipynb"
    reference.write_text(json.dumps(old_style))
    (tmp_path / "copy").mkdir()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        copy = benchmark_notebook.copy_notebook(reference, tmp_path / "copy", False)
    assert read_notebook(copy).cells[0].source == "1 + 1"


def test_summary_is_median_and_fastest_wall_median_cpu_and_highest_peak():
    runs = [Measurement(12.0, 13.0, 700, 0, ""), Measurement(10.0, 11.0, 790, 0, ""),
            Measurement(11.0, 15.0, 760, 0, "")]
    assert benchmark_notebook.summarise(runs) == (11.0, 10.0, 13.0, 790)


def test_the_header_names_the_installed_tensorflow_wheel():
    wheel = benchmark_notebook.tensorflow_wheel()
    name, version = wheel.split()
    assert name.replace("_", "-") in ("tensorflow-cpu", "tensorflow")
    assert version == requirement_pins().get(name.replace("_", "-"))


def test_also_and_refusal_time_their_runs_in_the_same_rounds(tmp_path):
    earlier = tmp_path / "earlier.ipynb"
    earlier.write_bytes(benchmark_notebook.COMPANION.read_bytes())
    args = benchmark_notebook.parse_args(["--also", str(earlier), "--refusal"])
    notebooks = benchmark_notebook.notebooks_to_time(args)
    assert list(notebooks) == [
        "companion, whole notebook", "companion, cut before Going further",
        f"also {earlier}, whole notebook", f"also {earlier}, cut before Going further",
        "companion via papermill, defaults",
        "companion via papermill, VARIANCE_TO_KEEP=2 (refused)",
        f"also {earlier} via papermill, defaults",
        f"also {earlier} via papermill, VARIANCE_TO_KEEP=2 (refused)",
        "reference: blog_reference.ipynb"]
    assert notebooks["companion via papermill, defaults"][2] == {}
    assert notebooks["companion via papermill, VARIANCE_TO_KEEP=2 (refused)"][2] == {
        "VARIANCE_TO_KEEP": "2"}


def test_cell_times_reports_each_cell_of_each_notebook(tmp_path, capsys):
    import cell_times

    slow = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import time"),
                                           nbformat.v4.new_code_cell("time.sleep(0.3)  # slow")])
    nbformat.write(slow, tmp_path / "slow.ipynb")
    cell_times.main([str(tmp_path / "slow.ipynb"), "--rounds", "1"])
    table = capsys.readouterr().out.splitlines()
    assert table[0] == f"| first line of the cell | {tmp_path.name}/slow.ipynb (s) |"
    ((seconds,),) = [re.findall(r"\| (\d+\.\d\d) \|$", row) for row in table if "sleep" in row]
    assert float(seconds) >= 0.3  # at least the sleep, as nbclient timed it


def latest_benchmark():
    """{notebook: its row's cells} of the first table of benchmarks/README.md's latest section:
    the measurement that the READMEs' timing rows and the notebooks' first cell quote."""
    text = (ROOT / "benchmarks" / "README.md").read_text()
    latest = text[text.index("### Latest"):]
    rows = re.findall(r"^\| ([^|]+?) \|((?: [^|]+ \|)+)$", latest.split("\n### ")[0],
                      flags=re.MULTILINE)
    return {name: [cell.strip() for cell in cells.split("|")[:-1]] for name, cells in rows
            if name not in {"notebook", "---"}}


def test_the_quoted_run_time_is_the_latest_benchmarks():
    """The READMEs' timing rows and both editions' first cell quote the latest benchmark's median
    wall time, its ratio to the post's code, the post's time and the peak memory (issue 41: say
    what was measured)."""
    table = latest_benchmark()
    wall, _, _, peak, wall_ratio, _, peak_ratio = table["companion, whole notebook"]
    post = table["the post's own code"][0]
    readme = (ROOT / "README.md").read_text()
    assert (f"| {wall} s median, {wall_ratio}× the post's own code run the same way ({post} s); "
            f"peak memory {peak} MiB, {peak_ratio}× |") in readme
    japanese_readme = (ROOT / "README.ja.md").read_text()
    assert (f"中央値 {wall} 秒。同じように実行した記事のコード（{post} 秒）の {wall_ratio} 倍で、"
            f"最大メモリは {peak} MiB（{peak_ratio} 倍）") in japanese_readme
    english = " ".join(read_notebook(ROOT / "digits_pca_mlp.ipynb").cells[0].source.split())
    assert f"A run took {wall} s on a 2-core CPU (median), {wall_ratio} times the post's" in english
    japanese = read_notebook(ROOT / "digits_pca_mlp.ja.ipynb").cells[0].source
    assert f"1 回の実行に {wall} 秒（中央値）かかり、記事のコードの {wall_ratio} 倍" in japanese
