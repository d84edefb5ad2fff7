"""Every figure checked against the objects it claims to show, through what it draws.

kernel_probe.py reads, in the notebook's own kernel after the second Run All, what each figure
draws (image arrays, scatter points and their colours, heat-map cells and their annotations,
lines, titles, texts and where they stand, ticks, legends) and the notebook objects the figure
claims to show. These tests compare the two, so that a figure drawn from the wrong object, in the
wrong order or the wrong orientation fails, however the code that draws it is written. The
sample of the first 40 digits is one small plot per image, as in the post; the three other grids
of small images are one picture each: their tiles are found in the picture itself (the blank
gaps cut it up), and each title belongs to the tile it stands above.

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

With the grids drawn as one picture each (draw_tiles), each made in both editions' code cells, then
this module run; each failed only as listed:

- the sample grid drawing `digits.images[1:41]` under the titles `y[:40]`, every tile shifted by
  one: test_sample_grid_is_the_first_40_images_titled_with_their_labels (1575 of 2560 pixels);
- the gallery's titles with the true and the predicted digit swapped:
  test_gallery_shows_each_mistake_once_in_order;
- the scatter writing `(digit + 1) % NUM_CLASSES` at each digit's centre, every label on the
  wrong cloud: test_scatter_labels_each_digit_at_the_centre_of_its_cloud.

With the cross-validated cut (issue 29), made the same way: the kept count's line drawn at
`n_components + 1` under the label of `n_components`: caught by
test_cut_curve_is_the_cross_validated_accuracy_with_the_kept_count_marked only.

And in the Japanese prose alone: そのうち 7 個は made 8 個は, a number the same cell already
has, caught by test_every_number_is_the_english_editions; RMSprop made Adam, (ReLU) made (tanh),
and 学習データだけで made すべてのデータで, each caught by
test_named_choices_are_the_ones_that_ran[Japanese].
"""

from typing import NamedTuple

import numpy as np
import pytest
from notebook_outputs import tiles


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


class Grid(NamedTuple):
    tiles: list  # notebook_outputs.Tile, in reading order
    titles: list  # the text above each tile (None for none), in the same order
    row_labels: list  # the text left of each row of tiles, top row first
    clim: list  # the colour scale's limits, one for the whole picture
    cmap: str
    styles: list  # each text's style (kernel_probe._text_style)
    size: list  # the figure's width and height in pixels


def spans(tile, x, y):
    """Whether data point (x, y) lies on tile, pixel edges included."""
    rows, columns = tile.pixels.shape
    return (tile.top - 0.5 <= y <= tile.top + rows - 0.5
            and tile.left - 0.5 <= x <= tile.left + columns - 0.5)


def grid(figure):
    """A figure that draws a grid of images as one picture on one Axes, read from what it
    draws: the picture's tiles, and which tile or row each text labels, by where it stands."""
    (ax,) = figure["axes"]
    ((picture, clim),) = ax["images"]
    (style,) = ax["image_styles"]
    height, width = np.asarray(picture).shape
    # data coordinates are pixel indices, top row first, so a text's position names its tile
    assert style["extent"] == [-0.5, width - 0.5, height - 0.5, -0.5]
    found = tiles(picture)
    titles, row_labels = [[] for _ in found], {}
    for x, y, text in ax["texts"]:
        assert not any(spans(tile, x, y) for tile in found), f"{text!r} stands on a tile"
        if x < -0.5:  # left of the picture: the label of the row it is level with
            (top,) = {tile.top for tile in found if spans(tile, tile.left, y)}
            row_labels[top] = text
        else:  # above a tile and centred on it: that tile's title
            below = [i for i, tile in enumerate(found) if y <= tile.top - 0.5
                     and abs(x - (tile.left + (tile.pixels.shape[1] - 1) / 2)) <= 0.5]
            assert below, f"{text!r} stands above no tile"
            titles[min(below, key=lambda i: found[i].top)].append(text)
    assert all(len(texts) <= 1 for texts in titles), "a tile with two titles"
    return Grid(found, [texts[0] if texts else None for texts in titles],
                [row_labels[top] for top in sorted(row_labels)], clim, style["cmap"],
                ax["text_styles"], figure["size"])


def pixels(found):
    return np.stack([tile.pixels for tile in found])


def each_on_its_own_range(images):
    """Images each stretched over the colour scale from its own lowest to its highest value,
    as imshow draws a lone image."""
    images = np.asarray(images, float)
    low = images.min(axis=(1, 2), keepdims=True)
    return (images - low) / (images.max(axis=(1, 2), keepdims=True) - low)


def assert_readable(drawn, smallest_font):
    """Every text inside the figure, none on another, none smaller than smallest_font."""
    width, height = drawn.size
    boxes = [style["extent"] for style in drawn.styles]
    for x0, y0, x1, y1 in boxes:
        assert 0 <= x0 <= x1 <= width and 0 <= y0 <= y1 <= height, "a text outside the figure"
    for i, (ax0, ay0, ax1, ay1) in enumerate(boxes):
        for bx0, by0, bx1, by1 in boxes[i + 1:]:
            assert ax1 <= bx0 or bx1 <= ax0 or ay1 <= by0 or by1 <= ay0, "two texts overlap"
    assert min(style["fontsize"] for style in drawn.styles) >= smallest_font


def lines_by_label(axes):
    return {label: (np.asarray(xs), np.asarray(ys)) for label, xs, ys, _ in axes["lines"]}




def tick_labels(ticks):
    return [label for _, label in ticks]




def test_sample_grid_is_the_first_40_images_titled_with_their_labels(figures, objects):
    """Drawn as the post draws it, one small plot per image (issue 32: with no helper of its
    own, so that the first digits come early in the notebook)."""
    sample = figures["digits_sample"]
    assert len(sample["axes"]) == 40 and "first 40 digits" in sample["suptitle"]
    for ax, image, label in zip(sample["axes"], objects["first_images"], objects["labels"],
                                strict=False):
        ((drawn, clim),) = ax["images"]
        np.testing.assert_array_equal(drawn, image)
        # every tile on the post's one grey scale, the pixels' full range 0 to 16 (issue 40), in
        # the post's binary map
        assert clim == [0, 16]
        assert ax["image_styles"][0]["cmap"] == "binary"
        assert ax["title"] == str(label)
        assert ax["xticks"] == [] and ax["yticks"] == []  # each framed by its spines alone
    # the axes fill the figure row by row, in reading order
    positions = [(-round(ax["position"][1], 6), round(ax["position"][0], 6))
                 for ax in sample["axes"]]
    assert positions == sorted(positions)


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




def test_scatter_labels_each_digit_at_the_centre_of_its_cloud(figures):
    (plot, _) = figures["pca_projection_2d"]["axes"]
    scatter = plot["scatter"]
    points, digits = np.asarray(scatter["offsets"]), np.asarray(scatter["values"])
    labels = {text: (x, y) for x, y, text in plot["texts"]}
    assert len(plot["texts"]) == len(labels) == 10, "one label per digit"
    # each label where the drawn points of its own digit have their median, on both axes
    for digit in range(10):
        np.testing.assert_array_equal(labels[str(digit)],
                                      np.median(points[digits == digit], axis=0))
    # legible on top of the points: above them, bold, on a nearly opaque white disc
    for style in plot["text_styles"]:
        assert style["zorder"] > scatter["zorder"] and style["weight"] == "bold"
        assert style["fontsize"] >= 12
        *colour, alpha = style["box"]
        assert colour == [1.0, 1.0, 1.0] and alpha >= 0.8


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
    drawn = grid(figure)
    assert len(drawn.tiles) == 20 and drawn.titles == [None] * 20
    # two rows of ten, the originals above, both on the digits' own grey scale, 0 to 16
    tops = [tile.top for tile in drawn.tiles]
    assert tops == [tops[0]] * 10 + [tops[10]] * 10 and tops[10] > tops[0]
    assert (drawn.clim, drawn.cmap) == ([0.0, 1.0], "binary")
    grey_levels = pixels(drawn.tiles) * 16
    np.testing.assert_array_equal(grey_levels[:10], objects["X_test"][:10].reshape(10, 8, 8))
    np.testing.assert_allclose(grey_levels[10:],
                               objects["first_test_reconstructed"].reshape(10, 8, 8),
                               rtol=0, atol=1e-9)
    assert drawn.row_labels == ["original", f"{facts['n_components']} comp."]
    assert_readable(drawn, smallest_font=12)


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




def test_cut_figure_shows_each_fold_and_each_folds_difference_from_the_kept_count(figures, facts):
    """Issue 39: the folds are paired, so the figure draws what they compare. Left, each fold's
    accuracy for every count (grey) and their mean; right, from 10 components on, each fold's
    accuracy minus that fold's with the kept count, and the mean of those differences."""
    left, right = figures["pca_cv_accuracy"]["axes"]
    cut = facts["cut"]
    counts = [int(n) for n in cut]
    folds = np.array([scores for _, _, scores in cut.values()])  # counts x folds, the probe's
    kept, share = facts["n_components"], facts["parameters"]["VARIANCE_TO_KEEP"]
    marker = f"kept: {kept} components ({share:.0%} of the variance)"
    n_folds = facts["n_folds"]
    assert left["legend"] == [f"mean over the {n_folds} folds", marker]
    assert right["legend"] == ["mean difference", marker]
    for ax in (left, right):
        (marker_xs,) = [xs for label, xs, _, _ in ax["lines"] if label == marker]
        assert marker_xs == [kept, kept] and ax["xlabel"] == "number of components"
    curves = {label: (xs, ys) for label, xs, ys, _ in left["lines"] if not label.startswith("_")}
    np.testing.assert_allclose(curves[f"mean over the {n_folds} folds"][1],
                               [mean for mean, _, _ in cut.values()], rtol=0, atol=1e-12)
    grey = [ys for label, xs, ys, _ in left["lines"] if label.startswith("_")]
    assert all(xs == counts for label, xs, _, _ in left["lines"] if label != marker)
    np.testing.assert_allclose(sorted(map(tuple, grey)), sorted(map(tuple, folds.T)), atol=1e-12)
    # right: one dot per fold and count from 10 on, each the fold's score minus the kept count's
    shown = [n for n in counts if n >= 10]
    differences = folds[[counts.index(n) for n in shown]] - folds[counts.index(kept)]
    dots = [ys for label, xs, ys, _ in right["lines"] if label.startswith("_") and len(xs) > 2]
    assert all(xs == shown for label, xs, _, _ in right["lines"]
               if label.startswith("_") and len(xs) > 2)
    np.testing.assert_allclose(sorted(map(tuple, dots)), sorted(map(tuple, differences.T)),
                               atol=1e-12)
    ((xs, means),) = [(xs, ys) for label, xs, ys, _ in right["lines"] if label == "mean difference"]
    assert xs == shown
    np.testing.assert_allclose(means, differences.mean(axis=1), atol=1e-12)
    (zero,) = [ys for label, xs, ys, _ in right["lines"] if len(xs) == 2 and label != marker]
    assert zero == [0, 0]
    assert "each fold" in left["title"] and f"minus {kept} components" in right["title"]
    assert left["ylabel"] == "cross-validated accuracy"


def test_component_panels_are_the_first_components_in_order(figures, objects):
    figure = figures["pca_components"]
    drawn = grid(figure)
    shown = len(drawn.tiles)
    assert figure["suptitle"] == f"The first {shown} principal components as 8x8 images"
    assert drawn.titles == [f"PC {i}" for i in range(1, shown + 1)]
    # each component on its own scale, red and blue equally far from white: the middle of the
    # colour scale stands for a weight of 0, its ends for the component's largest magnitude
    assert (drawn.clim, drawn.cmap) == ([0.0, 1.0], "RdBu_r")
    components = objects["components"][:shown].reshape(shown, 8, 8)
    largest = np.abs(components).max(axis=(1, 2), keepdims=True)
    np.testing.assert_allclose((pixels(drawn.tiles) * 2 - 1) * largest, components,
                               rtol=0, atol=1e-12)
    assert_readable(drawn, smallest_font=12)


def test_gallery_shows_each_mistake_once_in_order(figures, objects, facts):
    gallery = figures["misclassified_digits"]
    y_test, y_pred = objects["y_test"], objects["y_pred"]
    wrong = np.flatnonzero(y_test != y_pred)
    # the prose's order: by true label, then by prediction, then as the test set lists them
    expected = sorted(wrong, key=lambda i: (y_test[i], y_pred[i], i))
    assert gallery["suptitle"] == f"All {len(wrong)} misclassified test digits"
    drawn = grid(gallery)
    assert len(drawn.tiles) == len(wrong) == facts["n_wrong"]
    assert (drawn.clim, drawn.cmap) == ([0.0, 1.0], "binary")
    np.testing.assert_array_equal(pixels(drawn.tiles), each_on_its_own_range(
        objects["X_test"][expected].reshape(-1, 8, 8)))
    assert drawn.titles == [f"true {y_test[i]}, pred {y_pred[i]}\n"
                            f"p = {objects['predicted_probability'][i]:.2f}" for i in expected]
    assert_readable(drawn, smallest_font=9)


def test_every_grid_frames_each_tile(figures):
    for name in ("pca_reconstructions", "pca_components", "misclassified_digits"):
        (ax,) = figures[name]["axes"]
        drawn = grid(figures[name])
        # each frame runs along the outer edges of one tile's pixels
        assert sorted(map(tuple, ax["frames"])) == sorted(
            (tile.left - 0.5, tile.top - 0.5, tile.left + tile.pixels.shape[1] - 0.5,
             tile.top + tile.pixels.shape[0] - 0.5) for tile in drawn.tiles), name
