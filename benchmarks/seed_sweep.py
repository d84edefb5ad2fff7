"""Re-run the notebook for several seeds, or splits, and report how much its scores move.

    python benchmarks/seed_sweep.py                # seeds 0..9, the notebook's other defaults
    python benchmarks/seed_sweep.py --seeds 3 --epochs 5
    python benchmarks/seed_sweep.py --vary split   # split random states 0..9, the seed kept

With --vary seed (the default) each run sets SEED, which moves only the network: its test
accuracy is reported. With --vary split each run sets SPLIT_RANDOM_STATE instead, which moves
the test images under every model: the network's and the RBF SVC's accuracy on that split are
reported side by side, with their difference, a paired comparison split by split, and the
corrected resampled t-test of that difference: the splits share images, so their differences
are not independent, and Nadeau and Bengio (2003, "Inference for the generalization error",
Machine Learning 52, 239-281) inflate the variance of their mean from 1/k to 1/k + n_test/n_train
for k random splits. How many test images any two of the splits share is reported too. Each
accuracy is computed from the mistakes the notebook counts, not from its rounded print, so that
the differences and every summary are those of the counts (correct images over 540 here).

Each run is a separate papermill execution in a temporary folder, so the figures it
writes never touch images/. Progress goes to stderr; the table to stdout, as Markdown.
"""

import argparse
import re
import statistics
import sys
import tempfile
from pathlib import Path

import nbformat
import numpy as np
from measure import run_measured
from scipy import stats
from sklearn.model_selection import train_test_split

NOTEBOOK = Path(__file__).resolve().parent.parent / "digits_pca_mlp.ipynb"
ACCURACY_LINE = re.compile(r"^Test accuracy: (\d\.\d{4})$", flags=re.MULTILINE)
SIZES_LINE = re.compile(r"^train: \((\d+), \d+\), test: \((\d+), \d+\)$", flags=re.MULTILINE)
# a row of the comparison table: the model, its test accuracy to 4 decimals and its mistakes
MISTAKES_ROW = r"^{}\s+(\d\.\d{{4}})\s+(\d+)$"
VARIED = {"seed": "SEED", "split": "SPLIT_RANDOM_STATE"}  # --vary: the parameter each run sets


def positive_int(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {text}")
    return value


def non_negative_int(text):
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be an integer >= 0, got {text}")
    return value


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vary", choices=VARIED, default="seed",
                        help="what each run changes: the network's seed, or the split (seed)")
    parser.add_argument("--seeds", type=positive_int, default=10,
                        help="how many seeds, or splits (10)")
    parser.add_argument("--first-seed", type=non_negative_int, default=0,
                        help="the first seed, or split random state; the others follow it (0)")
    parser.add_argument("--epochs", type=positive_int, default=None,
                        help="override the notebook's EPOCHS (default: keep its 20)")
    return parser.parse_args(argv)


def shown_text(notebook_path):
    """What the executed notebook shows as text: its printed lines and its tables."""
    nb = nbformat.read(notebook_path, as_version=4)
    return "\n".join(output.get("text", "") or output.get("data", {}).get("text/plain", "")
                   for cell in nb.cells if cell.cell_type == "code"
                   for output in cell.get("outputs", []))


def read_accuracy(pattern, text, what):
    match = pattern.search(text)
    if not match:
        raise RuntimeError(f"the notebook showed no {what}")
    return float(match.group(1))


def exact_accuracy(model, text, n_test):
    """A model's test accuracy unrounded, from the mistakes the comparison table counts: its
    4 decimals must be the ones the table shows."""
    match = re.search(MISTAKES_ROW.format(re.escape(model)), text, flags=re.MULTILINE)
    if not match:
        raise RuntimeError(f"the notebook showed no {model} row in its comparison table")
    accuracy = 1 - int(match.group(2)) / n_test
    if f"{accuracy:.4f}" != match.group(1):
        raise RuntimeError(f"{model}: {match.group(2)} mistakes in {n_test} are not "
                           f"{match.group(1)}")
    return accuracy


def run_seed(seed, epochs, folder, vary="seed"):
    """One papermill run with the varied parameter set to seed: (the network's test accuracy,
    the RBF SVC's, wall time, peak memory, (training images, test images))."""
    output = folder / f"{vary}_{seed}.ipynb"
    command = [sys.executable, "-m", "papermill", str(NOTEBOOK), str(output),
               "--cwd", str(folder), "--kernel", "python3", "--no-progress-bar",
               "--log-level", "ERROR", "-p", VARIED[vary], str(seed),
               "-p", "IMAGES_DIR", str(folder / f"images_{vary}_{seed}")]
    if epochs is not None:
        command += ["-p", "EPOCHS", str(epochs)]
    run = run_measured(command, cwd=folder)
    if run.exit_code != 0:
        raise RuntimeError(f"{vary} {seed}: papermill exited with {run.exit_code}\n{run.output}")
    text = shown_text(output)
    sizes = tuple(map(int, SIZES_LINE.search(text).groups()))
    network = exact_accuracy("Keras MLP (this notebook)", text, sizes[1])
    if round(network, 4) != read_accuracy(ACCURACY_LINE, text, "'Test accuracy' line"):
        raise RuntimeError(f"{vary} {seed}: the comparison table is not the test accuracy shown")
    return (network, exact_accuracy("RBF SVC", text, sizes[1]), run.seconds, run.peak_mib, sizes)


def summary(name, values):
    spread = statistics.stdev(values) if len(values) > 1 else 0.0
    return (f"{name}: mean {statistics.mean(values):.4f} ± {spread:.4f} (sd), "
            f"min {min(values):.4f}, max {max(values):.4f}")


def corrected_resampled_t_test(differences, n_train, n_test):
    """(t, degrees of freedom, two-sided p) for the mean of paired differences over k random
    splits, with Nadeau and Bengio's variance: (1/k + n_test/n_train) times their variance."""
    k = len(differences)
    variance = (1 / k + n_test / n_train) * statistics.variance(differences)
    t = statistics.mean(differences) / variance ** 0.5
    return t, k - 1, 2 * stats.t.sf(abs(t), k - 1)


def shared_test_images(split_states, n_train, n_test):
    """How many test images each pair of these splits shares, as train_test_split draws them."""
    test_sets = [set(train_test_split(np.arange(n_train + n_test), train_size=n_train,
                                      random_state=state)[1]) for state in split_states]
    return [len(a & b) for i, a in enumerate(test_sets) for b in test_sets[i + 1:]]


def main(argv=None):
    args = parse_args(argv)
    seeds = range(args.first_seed, args.first_seed + args.seeds)
    epochs = "the notebook's EPOCHS" if args.epochs is None else f"EPOCHS={args.epochs}"
    rows = []
    with tempfile.TemporaryDirectory(prefix="seed_sweep_") as folder:
        for done, seed in enumerate(seeds, start=1):
            print(f"[{done}/{len(seeds)}] {args.vary} {seed} ...", end=" ", file=sys.stderr,
                  flush=True)
            accuracy, svc, seconds, peak_mib, sizes = run_seed(seed, args.epochs, Path(folder),
                                                               args.vary)
            print(f"test accuracy {accuracy:.4f} in {seconds:.1f} s", file=sys.stderr, flush=True)
            rows.append((seed, accuracy, svc, seconds, peak_mib))

    accuracies = [row[1] for row in rows]
    if args.vary == "seed":
        print(f"Seed sweep of {NOTEBOOK.name}: {len(rows)} papermill runs, {epochs}\n")
        print("| seed | test accuracy | wall time (s) | peak memory (MiB) |")
        print("|-----:|--------------:|--------------:|------------------:|")
        for seed, accuracy, _, seconds, peak_mib in rows:
            print(f"| {seed} | {accuracy:.4f} | {seconds:.1f} | {peak_mib:.0f} |")
        print(f"\n{summary('test accuracy', accuracies)}")
        return
    svcs = [row[2] for row in rows]
    ahead = sum(svc > accuracy for accuracy, svc in zip(accuracies, svcs, strict=True))
    behind = sum(svc < accuracy for accuracy, svc in zip(accuracies, svcs, strict=True))
    print(f"Split sweep of {NOTEBOOK.name}: {len(rows)} papermill runs, SPLIT_RANDOM_STATE "
          f"varied, the notebook's SEED, {epochs}\n")
    print("| split | network | RBF SVC | SVC - network | wall time (s) | peak memory (MiB) |")
    print("|------:|--------:|--------:|--------------:|--------------:|------------------:|")
    for split, accuracy, svc, seconds, peak_mib in rows:
        print(f"| {split} | {accuracy:.4f} | {svc:.4f} | {svc - accuracy:+.4f} | {seconds:.1f} "
              f"| {peak_mib:.0f} |")
    differences = [svc - accuracy for accuracy, svc in zip(accuracies, svcs, strict=True)]
    print(f"\n{summary('network', accuracies)}\n{summary('RBF SVC', svcs)}\n"
          f"{summary('SVC - network', differences)}\n"
          f"RBF SVC ahead on {ahead} of {len(rows)} splits, behind on {behind}, level on "
          f"{len(rows) - ahead - behind}")
    n_train, n_test = sizes
    if len(rows) > 1 and len(set(differences)) > 1:
        t, df, p = corrected_resampled_t_test(differences, n_train, n_test)
        print(f"corrected resampled t-test of SVC - network (Nadeau and Bengio 2003, variance "
              f"times 1/{len(rows)} + {n_test}/{n_train}): t = {t:.2f}, {df} df, two-sided "
              f"p = {p:.3f}")
        shared = shared_test_images(seeds, n_train, n_test)
        print(f"test sets: any two share {statistics.mean(shared):.0f} of {n_test} images on "
              f"average ({min(shared)} to {max(shared)})")


if __name__ == "__main__":
    main()
