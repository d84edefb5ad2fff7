# ruff: noqa: F821 - the names are the notebook's, defined in the kernel it runs in
# Run by the tests in the notebook's own kernel, after the notebook (conftest.executed): read the
# objects it built and the figures it drew (recorded in _figures) and print them as one JSON line.
# The prose and named-choice tests compare these facts with what the notebook's text says.
import json as _json

from matplotlib.backends.backend_agg import FigureCanvasAgg


def _ticks(axis):
    return [[float(position), label.get_text()]
            for position, label in zip(axis.get_ticklocs(), axis.get_ticklabels(), strict=True)]


def _colour(artist):
    """An artist's colour as RGBA: a line's, a patch's face, or a collection's first colour (an
    error bar's legend entry is its bars' collection)."""
    colour = artist.get_color() if hasattr(artist, "get_color") else artist.get_facecolor()
    if np.ndim(colour) == 2:
        colour = colour[0]
    return list(matplotlib.colors.to_rgba(colour))


def _text_style(text, renderer):
    """How a text is drawn: its size and weight, its layer, the face of the box behind it (if
    any), and where it lands in the saved figure, in pixels from the bottom left."""
    box = text.get_bbox_patch()
    extent = text.get_window_extent(renderer=renderer)
    return {"fontsize": text.get_fontsize(), "weight": text.get_fontweight(),
            "zorder": text.get_zorder(),
            "box": list(matplotlib.colors.to_rgba(box.get_facecolor())) if box else None,
            "extent": [float(v) for v in extent.extents]}


def _axes_facts(ax, renderer):
    """What one axes draws: its texts, ticks, images, lines, scatter points and heat-map cells."""
    collections = {type(c).__name__: c for c in ax.collections}
    facts = {
        "title": ax.get_title(), "xlabel": ax.get_xlabel(), "ylabel": ax.get_ylabel(),
        "position": [float(v) for v in ax.get_position().bounds],  # in figure coordinates
        "xticks": _ticks(ax.xaxis), "yticks": _ticks(ax.yaxis),
        "legend": [t.get_text() for t in ax.get_legend().get_texts()] if ax.get_legend() else [],
        "legend_colours": [_colour(handle) for handle in ax.get_legend().legend_handles]
        if ax.get_legend() else [],
        "images": [[np.asarray(image.get_array(), float).tolist(), list(image.get_clim())]
                   for image in ax.images],
        "lines": [[line.get_label(), np.asarray(line.get_xdata(), float).tolist(),
                   np.asarray(line.get_ydata(), float).tolist(), _colour(line)]
                  for line in ax.get_lines()],
        "image_styles": [{"extent": list(image.get_extent()), "cmap": image.get_cmap().name}
                         for image in ax.images],
        "texts": [[*text.get_position(), text.get_text()] for text in ax.texts],
        "text_styles": [_text_style(text, renderer) for text in ax.texts],
    }
    if "PolyCollection" in collections:  # frames: each polygon's bounds in data coordinates
        facts["frames"] = [[*path.vertices.min(axis=0), *path.vertices.max(axis=0)]
                           for path in collections["PolyCollection"].get_paths()]
    if "PathCollection" in collections:  # a scatter: where each point is, and its colour
        points = collections["PathCollection"]
        facts["scatter"] = {"zorder": points.get_zorder(),
                            "offsets": np.asarray(points.get_offsets(), float).tolist(),
                            "values": np.asarray(points.get_array(), float).tolist(),
                            "colours": np.asarray(points.get_facecolors(), float).tolist()}
    if "QuadMesh" in collections:  # a heat map: each cell's centre and value
        mesh = collections["QuadMesh"]
        corners = mesh.get_coordinates()
        centres = (corners[:-1, :-1] + corners[1:, 1:]) / 2
        values = np.asarray(mesh.get_array(), float).ravel()
        facts["mesh"] = [[*centre, value] for centre, value in
                         zip(centres.reshape(-1, 2).tolist(), values.tolist(), strict=True)]
    return facts


def _figure_facts(figure):
    # the figure was closed once saved; a canvas of Matplotlib's PNG backend lays its texts out
    # again, at the figure's 100 dpi, as savefig did
    renderer = FigureCanvasAgg(figure).get_renderer()
    return {"suptitle": figure._suptitle.get_text() if figure._suptitle else "",
            "size": [float(v) for v in figure.bbox.size],  # pixels, as saved at 100 dpi
            "axes": [_axes_facts(ax, renderer) for ax in figure.axes]}


def _pins():
    """What the plumbing's pins left in force: the environment it set, the BLAS libraries'
    kernels and threads as threadpoolctl reads them, and TensorFlow's graph rewrites."""
    import threadpoolctl

    return {"environment": {name: os.environ.get(name) for name in PINNED_ENVIRONMENT},
            "blas": [[library["internal_api"], library["architecture"], library["num_threads"]]
                     for library in threadpoolctl.threadpool_info()
                     if library["user_api"] == "blas"],
            "graph_rewrites": tf.config.optimizer.get_experimental_options(),
            "machine": platform.machine()}


def _mcnemar(only_one, only_other):
    """McNemar's exact two-sided p for two counts of discordant pairs, from the binomial
    distribution's CDF: twice the chance of a split at least as uneven, capped at 1."""
    from scipy.stats import binom

    smaller, total = min(only_one, only_other), only_one + only_other
    return 1.0 if total == 0 else float(min(1.0, 2 * binom.cdf(smaller, total, 0.5)))


def _paired():
    """For each classic model, refitted predictions against the network's, computed here: the
    test images only it gets right, those only the network gets right, the exact p and the
    Bonferroni p for the number of models tested."""
    found, network = {}, y_pred == y_test
    for name, estimator in baselines.items():
        classic = estimator.predict(X_test_pca) == y_test
        only_it, only_network = int(np.sum(classic & ~network)), int(np.sum(network & ~classic))
        p = _mcnemar(only_it, only_network)
        found[name] = [only_it, only_network, p, min(1.0, p * len(baselines))]
    return found


def _pca_svc_accuracy(n_components, fit_images, fit_labels, scored_images, scored_labels):
    """PCA and an RBF SVC fitted on one set of images, and their accuracy on another."""
    reducer = PCA(n_components=n_components, random_state=SEED).fit(fit_images)
    classifier = SVC().fit(reducer.transform(fit_images), fit_labels)
    return float(np.mean(classifier.predict(reducer.transform(scored_images)) == scored_labels))


def _other_splits():
    """The notebook's other splits, drawn here again."""
    from sklearn.model_selection import ShuffleSplit as _ShuffleSplit

    return list(_ShuffleSplit(n_splits=len(split_accuracies), train_size=TRAIN_FRACTION,
                              random_state=SEED).split(X))


def _svc_on_other_splits():
    """The model's PCA and an RBF SVC fitted and scored on each of the notebook's other splits,
    computed here, split by split."""
    return [_pca_svc_accuracy(pca.n_components, X[train], y[train], X[test], y[test])
            for train, test in _other_splits()]


def _shared_test_images():
    """How many test images each pair of the notebook's other splits shares, counted here."""
    tests = [set(test.tolist()) for _, test in _other_splits()]
    return [len(tests[i] & tests[j]) for i in range(len(tests)) for j in range(i + 1, len(tests))]


def _best_case():
    """{network's mistakes: [McNemar's p, Bonferroni's p]} if every SVC mistake were also the
    network's, so that they disagree only on images the network gets wrong; from the probe's
    own count of the SVC's mistakes and its own binomial p."""
    svc_mistakes = int(np.sum(baselines["RBF SVC"].predict(X_test_pca) != y_test))
    network_mistakes = int(np.sum(y_pred != y_test))
    found = {}
    for m in range(svc_mistakes + 1, network_mistakes + 1):
        p = _mcnemar(m - svc_mistakes, 0)
        found[str(m)] = [p, min(1.0, len(baselines) * p)]
    return found


def _cut_by_folds():
    """{components: [mean, sd, [the five folds' accuracies]]} of an RBF SVC on that many
    components, over five stratified folds of the training images taken in order, PCA fitted on
    each fold's training part; computed here, fold by fold."""
    from sklearn.model_selection import StratifiedKFold as _StratifiedKFold

    found = {}
    for n in cut_accuracy.index:
        scores = [_pca_svc_accuracy(int(n), X_train[train], y_train[train], X_train[test],
                                    y_train[test])
                  for train, test in _StratifiedKFold(5).split(X_train, y_train)]
        found[str(int(n))] = [float(np.mean(scores)), float(np.std(scores, ddof=1)), scores]
    return found


def _probe():
    labels = range(NUM_CLASSES)
    # the centres of the digits' clouds that the prose reads: where the scatter writes each label
    drawn = {int(text.get_text()): text.get_position()
             for text in _figures["pca_projection_2d"].axes[0].texts}
    centres = np.array([drawn[digit] for digit in labels])
    confusions_all = confusion_matrix(y_test, y_pred, labels=list(labels))
    missed = confusions_all.sum(axis=1) - np.diag(confusions_all)
    val_accuracy = np.round(history.history["val_accuracy"], 4)
    settled = val_accuracy == val_accuracy[-1]  # as the table prints it
    settled_from = 1 if settled.all() else len(settled) - int(np.argmin(settled[::-1])) + 1
    wrong_pairs = {}
    for index in wrong:
        pair = f"{y_test[index]}->{y_pred[index]}"
        wrong_pairs.setdefault(pair, []).append(float(test_probabilities[index, y_pred[index]]))
    facts = {
        "n_images": int(X.shape[0]), "n_pixels": int(X.shape[1]),
        "image_shape": list(digits.images.shape[1:]),
        "pixel_min": float(X.min()), "pixel_max": float(X.max()),
        "n_classes": int(NUM_CLASSES), "knn_k": baselines["5-nearest neighbours"].n_neighbors,
        "parameters": {"SEED": SEED, "VARIANCE_TO_KEEP": VARIANCE_TO_KEEP, "EPOCHS": EPOCHS,
                       "TRAIN_FRACTION": TRAIN_FRACTION, "BATCH_SIZE": BATCH_SIZE,
                       "SPLIT_RANDOM_STATE": SPLIT_RANDOM_STATE},
        "first_rows_in_order": int(next(
            (row for row in range(4) if not (y[10 * row:10 * row + 10] == np.arange(10)).all()),
            4)),
        "lowest_digit": int(np.argmin(centres[:, 1])),
        "rightmost_digits": np.argsort(-centres[:, 0])[:2].tolist(),
        "leftmost_digit": int(np.argmin(centres[:, 0])),
        "central_digits": sorted(np.argsort(np.hypot(*centres.T))[:2].tolist()),
        "cumulative_variance": cumulative_variance.tolist(),
        "components_needed": int(components_needed),
        "blank_in_every_image": int((X == 0).all(axis=0).sum()),
        "n_train": int(len(X_train)), "n_test": int(len(X_test)),
        "pca_fitted_on_training_split": bool(
            pca.n_samples_ == len(X_train) and np.allclose(pca.mean_, X_train.mean(axis=0))),
        "n_components": int(n_components),
        "layers": [[type(layer).__name__, layer.units, layer.activation.__name__,
                    int(layer.count_params())] for layer in model.layers],
        "input_dim": int(model.input_shape[-1]),
        "total_params": int(model.count_params()),
        "optimizer": type(model.optimizer).__name__,
        "loss": model.loss if isinstance(model.loss, str) else type(model.loss).__name__,
        "epochs_run": len(history.history["loss"]),
        "history": {key: [float(v) for v in values] for key, values in history.history.items()},
        "first_perfect_epoch": int(np.argmax(np.round(history.history["accuracy"], 4) == 1) + 1),
        "val_accuracy_settled_from": settled_from,
        "test_accuracy": float(test_accuracy),
        "n_wrong": int((y_pred != y_test).sum()),
        "diagonal": int(np.trace(confusions_all)),
        "test_per_digit": np.bincount(y_test, minlength=NUM_CLASSES).tolist(),
        "missed_per_digit": missed.tolist(),
        "recall_per_digit": (np.diag(confusions_all) / confusions_all.sum(axis=1)).tolist(),
        "macro_recall": float(np.mean(np.diag(confusions_all) / confusions_all.sum(axis=1))),
        "kept_variance_share": float(pca.explained_variance_ratio_.sum()),
        "confusions": confusions_all.tolist(),
        "wrong_probabilities": wrong_pairs,
        "reconstruction_errors": {str(n): float(v) for n, v in reconstruction_errors.items()},
        "comparison": {name: [float(row["test accuracy"]), int(row["mistakes"])]
                       for name, row in comparison.iterrows()},
        "paired": _paired(),
        "n_baselines": len(baselines),
        "svc_parameters": {key: baselines["RBF SVC"].get_params()[key] for key in ("C", "gamma")},
        "other_splits": _svc_on_other_splits(),
        "shared_test_images": _shared_test_images(),
        "best_case": _best_case(),
        "n_folds": len(next(iter(fold_scores.values()))),
        "cut": _cut_by_folds(),
        "refusals": refusals,  # the parameter check's messages that the last section prints
        "figures": {name: _figure_facts(figure) for name, figure in _figures.items()},
        "pins": _pins(),
        # the objects the figures claim to show, as the notebook built them
        "objects": {
            "first_images": digits.images[:40].tolist(), "labels": y.tolist(),
            "projected_2d": projected[:, :2].tolist(),
            "X_test": X_test.tolist(), "y_test": y_test.tolist(), "y_pred": y_pred.tolist(),
            "predicted_probability": test_probabilities[np.arange(len(y_pred)), y_pred].tolist(),
            "first_test_reconstructed": pca.inverse_transform(pca.transform(X_test[:10])).tolist(),
            "components": pca.components_.tolist(),
            "kept_rmse": float(np.sqrt(np.mean((X_test - pca.inverse_transform(X_test_pca)) ** 2))),
        },
    }
    print(_json.dumps(facts))


_probe()
