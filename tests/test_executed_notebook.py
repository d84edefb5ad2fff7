"""Run the notebook top to bottom (see conftest.executed) and check what it shows."""

import platform
import re
import statistics

import pytest
from conftest import ROOT
from notebook_outputs import (
    EXPECTED_FIGURES,
    all_text,
    assert_versions_are_the_pins,
    baseline_table,
    best_case_table,
    cell_saving,
    code_cells,
    cut_table,
    environment_report,
    kept_components,
    merged_outputs,
    misclassified_count,
    other_splits_summary,
    output_text,
    paired_table,
    printed_test_accuracy,
    reconstruction_errors,
    search_output,
    shared_test_images,
    tiles,
    without_python_version,
)
from PIL import Image
from test_prose_numbers import fold_differences, summary_of

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_every_code_cell_ran_without_error(executed):
    nb = executed.nb
    cells = code_cells(nb)
    assert [cell.execution_count for cell in cells] == list(range(1, len(cells) + 1))
    assert [o for c in cells for o in c.outputs if o.output_type == "error"] == []


def test_no_stderr_warnings_or_progress_bars(executed):
    nb = executed.nb
    stderr = [o.text for c in code_cells(nb) for o in c.outputs
              if o.output_type == "stream" and o.name == "stderr"]
    assert stderr == []
    text = all_text(nb)
    assert not re.search(r"warn", text, flags=re.IGNORECASE), "a warning reached the output"
    assert not re.search(r"\d+/\d+ \S*━|ms/step|\bETA\b", text), "a progress bar reached the output"


def test_pca_keeps_21_components_for_90_percent(executed):
    nb = executed.nb
    assert kept_components(nb) == 21
    # the curve drawn from all 1797 images marks the same number
    assert int(search_output(nb, r"^(\d+) components keep \d+\.\d+%").group(1)) == 21


def test_test_accuracy_is_far_above_chance(executed):
    nb = executed.nb
    # a model that learned nothing scores about 0.1 on ten balanced classes
    assert printed_test_accuracy(nb) >= 0.95


def test_classification_report_agrees_with_accuracy(executed):
    nb = executed.nb
    report_accuracy = float(search_output(nb, r"^\s+accuracy\s+(\d\.\d{4})\s+540$").group(1))
    assert report_accuracy == printed_test_accuracy(nb)


def test_every_figure_is_written_as_a_valid_png(executed):
    folder = executed.folder
    written = {path.stem: path for path in (folder / "images").iterdir()}
    assert set(written) == EXPECTED_FIGURES
    for name, path in written.items():
        assert path.read_bytes().startswith(PNG_SIGNATURE), f"{name} is not a PNG"
        with Image.open(path) as image:
            image.verify()
        with Image.open(path) as image:
            width, height = image.size
            assert width > 300 and height > 100, f"{name} is only {width}x{height}"
            # no version stamp or timestamp that would change the bytes between runs
            assert not {"Software", "Creation Time", "date:create"} & set(image.info), name


def test_notebook_writes_nothing_but_its_figures(executed):
    folder = executed.folder
    # the notebook copy and the fixture's executed.ipynb were put there by the test itself
    assert {path.name for path in folder.iterdir()} == {
        "digits_pca_mlp.ipynb", "executed.ipynb", "images"}
    assert all(path.suffix == ".png" for path in (folder / "images").iterdir())


@pytest.mark.byte_exact
def test_figures_in_images_match_a_fresh_run(executed):
    """images/ holds exactly what the notebook writes: same names, same bytes."""
    folder = executed.folder
    stored = {path.name for path in (ROOT / "images").iterdir()}
    assert stored == {f"{name}.png" for name in EXPECTED_FIGURES}
    for name in sorted(stored):
        fresh = (folder / "images" / name).read_bytes()
        assert fresh == (ROOT / "images" / name).read_bytes(), (
            f"images/{name} differs from a fresh run: regenerate it (README)")


@pytest.mark.byte_exact
def test_rerun_reproduces_the_committed_outputs(executed, committed):
    """Same code and pinned versions: the same printed numbers and the same inline figures,
    whichever supported Python runs it. Only the line naming the Python version may differ."""
    fresh = executed.nb
    fresh_cells, stored_cells = code_cells(fresh), code_cells(committed)
    assert [c.source for c in fresh_cells] == [c.source for c in stored_cells]
    for fresh_cell, stored_cell in zip(fresh_cells, stored_cells, strict=True):
        where = fresh_cell.source.splitlines()[0]
        fresh_text, stored_text = output_text(fresh_cell), output_text(stored_cell)
        assert without_python_version(fresh_text) == without_python_version(stored_text), where
        assert inline_images(fresh_cell) == inline_images(stored_cell), where


def test_a_second_run_all_in_the_same_kernel_gives_the_same_outputs(executed):
    """Nothing shown depends on time, load or what an earlier run left in the kernel: the
    model summary's layer names included."""
    first = code_cells(executed.nb)
    assert len(executed.rerun) == len(first)
    for once, again in zip(first, executed.rerun, strict=True):
        where = once.source.splitlines()[0]
        assert [o.output_type for o in merged_outputs(again)] == [
            o.output_type for o in merged_outputs(once)], where
        assert output_text(again) == output_text(once), where
        assert inline_images(again) == inline_images(once), where


def test_environment_report_names_this_python_and_the_pins(executed):
    nb = executed.nb
    python_version, packages = environment_report(nb)
    assert python_version == platform.python_version()  # the kernel runs the tests' Python
    assert_versions_are_the_pins(packages)


def inline_images(cell):
    return [o.data["image/png"] for o in cell.outputs if "image/png" in o.get("data", {})]


def test_reconstruction_error_falls_with_more_components(executed):
    nb = executed.nb
    errors = reconstruction_errors(nb)
    assert list(errors) == [2, 5, 10, 21, 40]
    values = list(errors.values())
    assert all(later < earlier for earlier, later in zip(values, values[1:], strict=False))
    assert 0 < values[-1] < values[0] < 16  # grey levels run from 0 to 16


def test_mistakes_gallery_shows_every_misclassified_digit(executed):
    nb = executed.nb
    n_wrong, n_test = misclassified_count(nb)
    assert n_test == 540
    assert n_wrong == round((1 - printed_test_accuracy(nb)) * n_test)
    assert n_wrong > 0
    (gallery,) = executed.facts["figures"]["misclassified_digits"]["axes"]
    assert len(tiles(gallery["images"][0][0])) == n_wrong
    assert "image/png" in cell_saving(nb, "misclassified_digits").outputs[0].data


def test_baseline_table_has_one_row_per_model(executed):
    nb = executed.nb
    table = baseline_table(nb)
    assert set(table) == {
        "Keras MLP (this notebook)", "logistic regression", "RBF SVC", "5-nearest neighbours",
    }
    n_wrong, n_test = misclassified_count(nb)
    for name, (accuracy, mistakes) in table.items():
        assert 0 <= accuracy <= 1, name
        assert round(1 - mistakes / n_test, 4) == accuracy, name
    assert table["Keras MLP (this notebook)"] == (printed_test_accuracy(nb), n_wrong)


CLASSIC_MODELS = {"logistic regression", "RBF SVC", "5-nearest neighbours"}


def test_paired_table_counts_the_images_only_one_model_gets_right(executed):
    """Each classic model against the network on the same test images, as the kernel probe
    counts them afresh from each model's predictions, with McNemar's exact p from the binomial
    distribution itself.

    Regressions tried (issue 29), each made in both editions' code cell, both regenerated with the
    README's notebook command, then the notebook-reading modules run: the two discordant counts
    swapped between the table's columns, and McNemar's p taken from the two models' mistakes
    (the unpaired counts, 6 against 15) instead of the images only one of them gets right; each
    failed this test and no other notebook-reading test (the second also ruff's, for its long
    line)."""
    nb = executed.nb
    table, expected = paired_table(nb), executed.facts["paired"]
    assert set(table) == set(expected) == CLASSIC_MODELS
    mistakes = {name: wrong for name, (_, wrong) in baseline_table(nb).items()}
    for name, (only_it, only_network, p, adjusted) in table.items():
        counted_it, counted_network, exact_p, bonferroni_p = expected[name]
        assert (only_it, only_network) == (counted_it, counted_network), name
        assert (p, adjusted) == (round(exact_p, 3), round(bonferroni_p, 3)), name
        # what one model gets right and the other wrong is all that separates their mistakes
        assert only_it - only_network == mistakes["Keras MLP (this notebook)"] - mistakes[name]


def test_svc_spread_over_other_splits_is_the_svc_refitted_on_each(executed):
    count, mean, sd, lowest, highest = other_splits_summary(executed.nb)
    accuracies = executed.facts["other_splits"]
    assert count == len(accuracies) == 10
    assert [mean, sd, lowest, highest] == summary_of(accuracies)
    shared = executed.facts["shared_test_images"]
    assert len(shared) == 10 * 9 // 2  # every pair of the ten test sets
    assert shared_test_images(executed.nb) == (round(statistics.mean(shared)), min(shared),
                                               max(shared))


def test_best_case_is_the_most_lopsided_split_for_each_count_of_mistakes(executed):
    """If every SVC mistake were also the network's, a network with m mistakes disagrees with
    it on m minus the SVC's mistakes images, all of them the SVC's: the probe's own binomial p
    for each m from one more than the SVC's mistakes to the network's own.

    Regression tried (issue 33): the SVC's mistakes read from 5-nearest neighbours' row (11)
    instead of the SVC's (6), in the English edition's code: this test failed, and
    test_rerun_reproduces_the_committed_outputs with it."""
    table, expected = best_case_table(executed.nb), executed.facts["best_case"]
    assert table == {int(m): (round(p, 3), round(adjusted, 3))
                     for m, (p, adjusted) in expected.items()}
    svc_mistakes = executed.facts["comparison"]["RBF SVC"][1]
    assert list(table) == list(range(svc_mistakes + 1, executed.facts["n_wrong"] + 1))


def test_cut_table_is_cross_validated_on_the_training_images(executed):
    """The table's means and sds, and each count against the kept one on the same folds: the
    mean of the fold-by-fold differences, their standard error, the folds above and below,
    all from the probe's own folds."""
    table = cut_table(executed.nb)
    facts = executed.facts
    kept = facts["n_components"]
    assert list(table) == [2, 5, 10, 15, kept, 30, facts["n_pixels"]]
    for n, (mean, sd, _) in facts["cut"].items():
        difference, standard_error, above, below = fold_differences(facts, n)
        assert table[int(n)] == (round(mean, 4), round(sd, 4), round(difference, 4),
                                 round(standard_error, 4), above, below), n


def test_parameter_check_examples_name_the_parameter(executed):
    nb = executed.nb
    for name in ("VARIANCE_TO_KEEP", "EPOCHS", "BATCH_SIZE"):
        search_output(nb, rf"^ValueError: {name} must be ")
