"""Time the companion notebook against the blog post's own pipeline, both run by nbconvert.

    python benchmarks/benchmark_notebook.py            # 3 rounds, alternating the notebooks
    python benchmarks/benchmark_notebook.py --rounds 5

Three notebooks are timed: the companion, the companion cut before its "Going further"
part (the post's own scope: data, PCA, model, evaluation), and the post's pipeline
(blog_reference.ipynb). Each run is `jupyter nbconvert --to notebook --execute` on a copy
in a temporary folder, so nothing in the checkout changes. Wall time includes starting
the kernel and importing TensorFlow; peak memory is the largest resident set of any
process in the run (the kernel).
"""

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

import nbformat
from measure import run_measured
from seed_sweep import positive_int

HERE = Path(__file__).resolve().parent
COMPANION = HERE.parent / "digits_pca_mlp.ipynb"
GOING_FURTHER = "## Going further"
NOTEBOOKS = {
    "companion, whole notebook": (COMPANION, False),
    "companion, cut before Going further": (COMPANION, True),
    "blog post's pipeline (blog_reference.ipynb)": (HERE / "blog_reference.ipynb", False),
}


def copy_notebook(notebook, folder, cut_before_going_further):
    nb = nbformat.read(notebook, as_version=4)
    if cut_before_going_further:
        starts = [cell.source.startswith(GOING_FURTHER) for cell in nb.cells]
        if starts.count(True) != 1:
            raise RuntimeError(f"{notebook.name} has no single '{GOING_FURTHER}' heading")
        nb.cells = nb.cells[:starts.index(True)]
    copy = folder / notebook.name
    nbformat.write(nb, copy)
    return copy


def run_once(notebook, cut_before_going_further, folder):
    copy = copy_notebook(notebook, folder, cut_before_going_further)
    command = [sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
               "--output", "executed.ipynb", "--ExecutePreprocessor.kernel_name=python3",
               str(copy)]
    seconds, peak_mib, exit_code, log = run_measured(command, cwd=folder)
    if exit_code != 0:
        raise RuntimeError(f"{notebook.name}: nbconvert exited with {exit_code}\n{log}")
    return seconds, peak_mib


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=positive_int, default=3, help="runs of each (3)")
    args = parser.parse_args(argv)

    results = {label: [] for label in NOTEBOOKS}
    for round_number in range(1, args.rounds + 1):
        for label, (notebook, cut) in NOTEBOOKS.items():
            with tempfile.TemporaryDirectory(prefix="nb_bench_") as folder:
                seconds, peak_mib = run_once(notebook, cut, Path(folder))
            results[label].append((seconds, peak_mib))
            print(f"[round {round_number}/{args.rounds}] {label}: {seconds:.1f} s, "
                  f"{peak_mib:.0f} MiB", file=sys.stderr, flush=True)

    print(f"nbconvert --execute, {args.rounds} alternating rounds, Python "
          f"{sys.version.split()[0]}\n")
    print("| notebook | median wall (s) | min wall (s) | peak memory (MiB) |")
    print("|---|--:|--:|--:|")
    for label, runs in results.items():
        walls = [seconds for seconds, _ in runs]
        print(f"| {label} | {statistics.median(walls):.1f} | {min(walls):.1f} | "
              f"{max(peak for _, peak in runs):.0f} |")


if __name__ == "__main__":
    main()
