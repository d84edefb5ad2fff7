"""Re-run the notebook for several seeds and report how much its test accuracy moves.

    python benchmarks/seed_sweep.py                # seeds 0..9, the notebook's other defaults
    python benchmarks/seed_sweep.py --seeds 3 --epochs 5

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
from measure import run_measured

NOTEBOOK = Path(__file__).resolve().parent.parent / "digits_pca_mlp.ipynb"
ACCURACY_LINE = re.compile(r"^Test accuracy: (\d\.\d{4})$", flags=re.MULTILINE)


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
    parser.add_argument("--seeds", type=positive_int, default=10, help="how many seeds (10)")
    parser.add_argument("--first-seed", type=non_negative_int, default=0,
                        help="the first seed; the others follow it (0)")
    parser.add_argument("--epochs", type=positive_int, default=None,
                        help="override the notebook's EPOCHS (default: keep its 20)")
    return parser.parse_args(argv)


def printed_accuracy(notebook_path):
    nb = nbformat.read(notebook_path, as_version=4)
    text = "".join(output.get("text", "") for cell in nb.cells if cell.cell_type == "code"
                   for output in cell.get("outputs", []) if output.get("name") == "stdout")
    match = ACCURACY_LINE.search(text)
    if not match:
        raise RuntimeError(f"{notebook_path} printed no 'Test accuracy' line")
    return float(match.group(1))


def run_seed(seed, epochs, folder):
    output = folder / f"seed_{seed}.ipynb"
    command = [sys.executable, "-m", "papermill", str(NOTEBOOK), str(output),
               "--cwd", str(folder), "--kernel", "python3", "--no-progress-bar",
               "--log-level", "ERROR", "-p", "SEED", str(seed),
               "-p", "IMAGES_DIR", str(folder / f"images_{seed}")]
    if epochs is not None:
        command += ["-p", "EPOCHS", str(epochs)]
    run = run_measured(command, cwd=folder)
    if run.exit_code != 0:
        raise RuntimeError(f"seed {seed}: papermill exited with {run.exit_code}\n{run.output}")
    return printed_accuracy(output), run.seconds, run.peak_mib


def main(argv=None):
    args = parse_args(argv)
    seeds = range(args.first_seed, args.first_seed + args.seeds)
    epochs = "the notebook's EPOCHS" if args.epochs is None else f"EPOCHS={args.epochs}"
    rows = []
    with tempfile.TemporaryDirectory(prefix="seed_sweep_") as folder:
        for done, seed in enumerate(seeds, start=1):
            print(f"[{done}/{len(seeds)}] seed {seed} ...", end=" ", file=sys.stderr, flush=True)
            accuracy, seconds, peak_mib = run_seed(seed, args.epochs, Path(folder))
            print(f"test accuracy {accuracy:.4f} in {seconds:.1f} s", file=sys.stderr, flush=True)
            rows.append((seed, accuracy, seconds, peak_mib))

    accuracies = [row[1] for row in rows]
    spread = statistics.stdev(accuracies) if len(accuracies) > 1 else 0.0
    print(f"Seed sweep of {NOTEBOOK.name}: {len(rows)} papermill runs, {epochs}\n")
    print("| seed | test accuracy | wall time (s) | peak memory (MiB) |")
    print("|-----:|--------------:|--------------:|------------------:|")
    for seed, accuracy, seconds, peak_mib in rows:
        print(f"| {seed} | {accuracy:.4f} | {seconds:.1f} | {peak_mib:.0f} |")
    print(f"\ntest accuracy: mean {statistics.mean(accuracies):.4f} ± {spread:.4f} (sd), "
          f"min {min(accuracies):.4f}, max {max(accuracies):.4f}")


if __name__ == "__main__":
    main()
