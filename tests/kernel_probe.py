# ruff: noqa: F821 - the names are the notebook's, defined in the kernel it runs in
# Run by the tests in the notebook's own kernel, after the notebook (conftest.executed): read the
# objects it built and the figures it drew (recorded in _figures) and print them as one JSON line.
# The prose and named-choice tests compare these facts with what the notebook's text says.
import json as _json


def _figure_facts(figure):
    axes = figure.axes
    return {
        "suptitle": figure._suptitle.get_text() if figure._suptitle else "",
        "titles": [ax.get_title() for ax in axes],
        "legends": [text.get_text() for ax in axes if ax.get_legend()
                    for text in ax.get_legend().get_texts()],
        "image_axes": sum(bool(ax.images) for ax in axes),
        # every line's points, and every heat map's cells, as drawn
        "lines": [[line.get_label(), np.asarray(line.get_xdata(), float).tolist(),
                   np.asarray(line.get_ydata(), float).tolist()]
                  for ax in axes for line in ax.get_lines()],
        # per axes, the sum of what its heat maps (QuadMesh) show
        "mesh_totals": [float(sum(np.nansum(m.get_array()) for m in ax.collections
                                  if type(m).__name__ == "QuadMesh")) for ax in axes],
    }


def _probe():
    labels = range(NUM_CLASSES)
    centres = np.array([projected[y == digit, :2].mean(axis=0) for digit in labels])
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
        "confusions": confusions_all.tolist(),
        "wrong_probabilities": wrong_pairs,
        "reconstruction_errors": {str(n): float(v) for n, v in reconstruction_errors.items()},
        "comparison": {name: [float(row["test accuracy"]), int(row["mistakes"])]
                       for name, row in comparison.iterrows()},
        "figures": {name: _figure_facts(figure) for name, figure in _figures.items()},
    }
    print(_json.dumps(facts))


_probe()
