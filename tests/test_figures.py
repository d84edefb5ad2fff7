"""Every figure checked against the objects it claims to show, through what it draws.

kernel_probe.py reads, in the notebook's own kernel after the second Run All, what each figure
draws (image arrays, scatter points and their colours, heat-map cells and their annotations,
lines, titles, ticks, legends) and the notebook objects the figure claims to show. These tests
compare the two, so that a figure drawn from the wrong object, in the wrong order or the wrong
orientation fails, however the code that draws it is written.

Regressions tried, each written the way a careful author would (ruff passes), made in the same
code cell of both editions, both editions regenerated with the README's notebook command, then
the notebook-reading tests run (this module, test_prose_numbers, test_japanese_edition,
test_executed_notebook, test_committed_notebook); every one failed, and only as listed:

- the confusion-matrix heat map drawn from the transposed matrix (`sns.heatmap(` then
  `confusions.T, annot=True, ...` on the next line): test_heat_map_cell_i_j_counts_true_i_read_as_j;
- the 2-D scatter coloured by the previous image's label (`c=np.roll(y, 1)` through a named
  variable): test_scatter_puts_every_image_at_its_scores_in_its_digits_colour;
- the reconstruction figure drawing the first training digits and their rebuilds under its title
  about test digits: test_reconstructions_are_test_digits_and_their_rebuilds;
- the variance threshold line drawn at `VARIANCE_TO_KEEP - 0.05` under the label of
  `VARIANCE_TO_KEEP`: test_variance_curve_and_its_reference_lines;
- the mistakes gallery sorted by prediction alone (a stable `argsort`):
  test_gallery_shows_each_mistake_once_in_order;
- logistic regression without its scaler (the unused imports removed):
  test_every_number_in_the_prose_is_checked;
- a stratified split: test_every_number_in_the_prose_is_checked and
  test_prose_quotes_the_numbers_the_code_printed;
- batch size 32: test_every_number_in_the_prose_is_checked,
  test_prose_quotes_the_numbers_the_code_printed and test_parameters_cell_holds_the_blog_defaults.

And in the Japanese prose alone: そのうち 7 個は made 8 個は, a number the same cell already
has, caught by test_every_number_is_the_english_editions; RMSprop made Adam, (ReLU) made (tanh),
and 学習データだけで made すべてのデータで, each caught by
test_named_choices_are_the_ones_that_ran[Japanese].
"""

import numpy as np
import pytest


@pytest.fixture(scope="module")
def facts(executed):
    return executed.facts


@pytest.fixture(scope="module")
def figures(executed):
    return executed.facts["figures"]


@pytest.fixture(scope="module")
def objects(executed):
    return {name: np.asarray(value) if isinstance(value, list) else value
            for name, value in executed.facts["objects"].items()}


def drawn_images(figure):
    """The image each image-bearing axes shows, in the figure's order of axes."""
    return [np.asarray(ax["images"][0][0]) for ax in figure["axes"] if ax["images"]]


def lines_by_label(axes):
    return {label: (np.asarray(xs), np.asarray(ys)) for label, xs, ys, _ in axes["lines"]}


def tick_labels(ticks):
    return [label for _, label in ticks]


def test_sample_grid_is_the_first_40_images_titled_with_their_labels(figures, objects):
    sample = figures["digits_sample"]
    images = drawn_images(sample)
    assert len(images) == 40 and "first 40 digits" in sample["suptitle"]
    np.testing.assert_array_equal(np.stack(images), objects["first_images"])
    titles = [ax["title"] for ax in sample["axes"]]
    assert titles == [str(label) for label in objects["labels"][:40]]


def test_scatter_puts_every_image_at_its_scores_in_its_digits_colour(figures, objects):
    (plot, colour_bar) = figures["pca_projection_2d"]["axes"]
    scatter = plot["scatter"]
    np.testing.assert_array_equal(scatter["offsets"], objects["projected_2d"])
    labels = objects["labels"]
    np.testing.assert_array_equal(scatter["values"], labels)  # the colour scale's input
    colours = np.asarray(scatter["colours"])
    # as drawn: one colour per digit, ten different colours
    per_digit = [np.unique(colours[labels == digit], axis=0) for digit in range(10)]
    assert all(len(colour) == 1 for colour in per_digit)
    assert len(np.unique(np.concatenate(per_digit), axis=0)) == 10
    bar_ticks = colour_bar["yticks"] or colour_bar["xticks"]
    assert [(position, label) for position, label in bar_ticks] == [
        (float(digit), str(digit)) for digit in range(10)]
    assert (plot["xlabel"], plot["ylabel"]) == ("principal component 1", "principal component 2")


def test_variance_curve_and_its_reference_lines(figures, facts):
    (axes,) = figures["pca_cumulative_variance"]["axes"]
    lines = lines_by_label(axes)
    xs, ys = lines["cumulative explained variance"]
    np.testing.assert_array_equal(xs, np.arange(1, facts["n_pixels"] + 1))
    np.testing.assert_array_equal(ys, facts["cumulative_variance"])
    share, kept = facts["parameters"]["VARIANCE_TO_KEEP"], facts["components_needed"]
    threshold_label = f"{share:.0%} of the variance"
    assert threshold_label in axes["legend"]
    # the horizontal line sits at the share its label names, the vertical one at its count
    assert lines[threshold_label][1].tolist() == [share, share]
    assert lines[f"{kept} components"][0].tolist() == [kept, kept]
    assert facts["cumulative_variance"][kept - 1] > share >= facts["cumulative_variance"][kept - 2]


def test_training_curves_are_the_quantities_their_legends_name(figures, facts):
    history = facts["history"]
    epochs = np.arange(1, facts["parameters"]["EPOCHS"] + 1)
    panels = figures["training_history"]["axes"]
    assert [ax["title"] for ax in panels] == ["Loss per epoch", "Accuracy per epoch"]
    for ax, metric in zip(panels, ["loss", "accuracy"], strict=True):
        assert (ax["xlabel"], ax["ylabel"]) == ("epoch", metric)
        # each legend entry names the curve drawn in its colour, and that curve's last point
        curves = {tuple(colour): (np.asarray(xs), np.asarray(ys))
                  for _, xs, ys, colour in ax["lines"] if xs}  # not the legend's empty samples
        legend = dict(zip(ax["legend"], map(tuple, ax["legend_colours"]), strict=True))
        assert len(curves) == len(legend) == 2
        for name, key in [("training", metric), ("validation", f"val_{metric}")]:
            (colour,) = [c for text, c in legend.items() if text.startswith(f"{name} (")]
            assert f"{name} ({history[key][-1]:.4f})" in legend, (name, list(legend))
            xs, ys = curves[colour]
            np.testing.assert_array_equal(xs, epochs)
            # the values as the table shows them, to 4 decimals: bits below differ by CPU
            np.testing.assert_array_equal(ys, np.round(history[key], 4))


def test_heat_map_cell_i_j_counts_true_i_read_as_j(figures, facts):
    heat_map = figures["confusion_matrix"]["axes"][0]
    assert heat_map["title"] == f"Confusion matrix, {facts['n_test']} test digits"
    assert (heat_map["ylabel"], heat_map["xlabel"]) == ("true digit", "predicted digit")
    confusions = np.asarray(facts["confusions"])
    assert tick_labels(heat_map["yticks"]) == [str(d) for d in range(10)]
    assert tick_labels(heat_map["xticks"]) == [str(d) for d in range(10)]
    # the digit each row and column of cells stands for: the tick label that sits on it
    true_digit = {position: int(label) for position, label in heat_map["yticks"]}
    predicted_digit = {position: int(label) for position, label in heat_map["xticks"]}
    drawn = np.full_like(confusions, -1)
    for x, y, count in heat_map["mesh"]:
        drawn[true_digit[y], predicted_digit[x]] = count
    np.testing.assert_array_equal(drawn, confusions)
    # and every annotation shows the count of the cell it sits on
    written = {(true_digit[y], predicted_digit[x]): int(text) for x, y, text in heat_map["texts"]}
    assert written == {(i, j): int(confusions[i, j]) for i in range(10) for j in range(10)}


def test_reconstructions_are_test_digits_and_their_rebuilds(figures, objects, facts):
    figure = figures["pca_reconstructions"]
    assert figure["suptitle"] == "Test digits and their reconstructions from the kept components"
    images = drawn_images(figure)
    assert len(images) == 20
    originals, rebuilt = np.stack(images[:10]), np.stack(images[10:])
    np.testing.assert_array_equal(originals, objects["X_test"][:10].reshape(10, 8, 8))
    np.testing.assert_allclose(rebuilt, objects["first_test_reconstructed"].reshape(10, 8, 8))
    row_labels = [ax["ylabel"] for ax in figure["axes"] if ax["ylabel"]]
    assert row_labels == ["original", f"{facts['n_components']} comp."]
    # both rows on the same grey scale, the digits' own 0 to 16
    assert {tuple(ax["images"][0][1]) for ax in figure["axes"]} == {(0.0, 16.0)}


def test_reconstruction_error_curve_marks_the_kept_count(figures, objects, facts):
    (axes,) = figures["pca_reconstruction_error"]["axes"]
    errors = facts["reconstruction_errors"]
    counts = [int(n) for n in errors]
    kept = facts["n_components"]
    lines = lines_by_label(axes)
    marker = f"kept: {kept} components"
    assert marker in axes["legend"] and lines[marker][0].tolist() == [kept, kept]
    ((xs, ys),) = [value for label, value in lines.items() if label != marker]
    np.testing.assert_array_equal(xs, counts)
    np.testing.assert_array_equal(ys, list(errors.values()))
    # the point at the kept count is the model's own PCA's error, computed afresh
    assert ys[counts.index(kept)] == pytest.approx(objects["kept_rmse"], rel=1e-12)


def test_component_panels_are_the_first_components_in_order(figures, objects):
    figure = figures["pca_components"]
    images = drawn_images(figure)
    shown = len(images)
    assert figure["suptitle"] == f"The first {shown} principal components as 8x8 images"
    np.testing.assert_array_equal(np.stack(images),
                                  objects["components"][:shown].reshape(shown, 8, 8))
    assert [ax["title"] for ax in figure["axes"]] == [f"PC {i}" for i in range(1, shown + 1)]
    for ax, component in zip(figure["axes"], objects["components"], strict=False):
        limit = np.abs(component).max()  # red and blue equally far from white
        assert ax["images"][0][1] == [-limit, limit]


def test_gallery_shows_each_mistake_once_in_order(figures, objects, facts):
    gallery = figures["misclassified_digits"]
    y_test, y_pred = objects["y_test"], objects["y_pred"]
    wrong = np.flatnonzero(y_test != y_pred)
    # the prose's order: by true label, then by prediction, then as the test set lists them
    expected = sorted(wrong, key=lambda i: (y_test[i], y_pred[i], i))
    assert gallery["suptitle"] == f"All {len(wrong)} misclassified test digits"
    images = drawn_images(gallery)
    assert len(images) == len(wrong) == facts["n_wrong"]
    np.testing.assert_array_equal(np.stack(images), objects["X_test"][expected].reshape(-1, 8, 8))
    titles = [ax["title"] for ax in gallery["axes"]]
    assert titles == [f"true {y_test[i]}, pred {y_pred[i]}\n"
                      f"p = {objects['predicted_probability'][i]:.2f}" for i in expected]
