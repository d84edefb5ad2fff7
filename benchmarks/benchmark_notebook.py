"""Time the companion notebook against a reference notebook, both run by nbconvert.

    python benchmarks/benchmark_notebook.py            # 3 rounds, alternating the notebooks
    python benchmarks/benchmark_notebook.py --rounds 5
    python benchmarks/benchmark_notebook.py --reference ../shared/blog_post_code.ipynb

Three notebooks are timed, in turn, round after round: the companion, the companion cut
before its "Going further" part (the post's own scope: data, PCA, model, evaluation), and a
reference. The reference is the post's pipeline as this project reconstructs it
(blog_reference.ipynb) unless --reference names another notebook, such as a copy of the
post's own code. Each run is `jupyter nbconvert --to notebook --execute` on a copy in a
temporary folder, so nothing in the checkout changes. Wall time includes starting the
kernel and importing TensorFlow; peak memory is the largest resident set of any process in
the run (the kernel). CPU time (user + system) is reported too: it moves less than wall time
when other work shares the machine. The last columns divide each by the reference's.

    python benchmarks/benchmark_notebook.py --also OLD.ipynb   # another version, same rounds
    python benchmarks/benchmark_notebook.py --refusal          # a bad parameter's cost too

--also times another version of the companion (an earlier commit's, say) whole and cut, in the
same rounds, so that before and after are measured side by side. --refusal adds two papermill
runs of each companion: one with its defaults, and one with VARIANCE_TO_KEEP=2, which its
parameter check refuses; the second must fail with that message.
"""

import argparse
import importlib.metadata
import re
import statistics
import sys
import tempfile
import warnings
from pathlib import Path

import nbformat
from measure import run_measured
from seed_sweep import positive_int

HERE = Path(__file__).resolve().parent
COMPANION = HERE.parent / "digits_pca_mlp.ipynb"
RECONSTRUCTION = HERE / "blog_reference.ipynb"
GOING_FURTHER = "## Going further"


def existing_notebook(text):
    path = Path(text).resolve()
    if not path.is_file() or path.suffix != ".ipynb":
        raise argparse.ArgumentTypeError(f"no notebook at {text}")
    return path


def copy_notebook(notebook, folder, cut_before_going_further):
    with warnings.catch_warnings():  # a reference saved without cell ids gets them on the copy
        warnings.simplefilter("ignore", nbformat.validator.MissingIDFieldWarning)
        nb = nbformat.read(notebook, as_version=4)
    if cut_before_going_further:
        starts = [cell.source.startswith(GOING_FURTHER) for cell in nb.cells]
        if starts.count(True) != 1:
            raise RuntimeError(f"{notebook.name} has no single '{GOING_FURTHER}' heading")
        nb.cells = nb.cells[:starts.index(True)]
    copy = folder / notebook.name
    nbformat.write(nb, copy)
    return copy


REFUSED = ("VARIANCE_TO_KEEP", "2")  # a share above 1, which the parameter check refuses
# the check's message, as this notebook and the one before issue 32 word it
REFUSAL = re.compile(r"ValueError: VARIANCE_TO_KEEP must be (a number )?in \(0, 1\], got 2")


def run_once(notebook, cut_before_going_further, folder, papermill=None):
    """One measured run in folder: nbconvert, or papermill with parameters (a dict, maybe
    empty) where papermill is given. A papermill run with the refused value must fail, with the
    check's message; every other run must succeed."""
    copy = copy_notebook(notebook, folder, cut_before_going_further)
    if papermill is None:
        command = [sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
                   "--output", "executed.ipynb", "--ExecutePreprocessor.kernel_name=python3",
                   str(copy)]
    else:
        command = [sys.executable, "-m", "papermill", str(copy), "executed.ipynb", "--kernel",
                   "python3", "--no-progress-bar", "-p", "IMAGES_DIR", "images"]
        for name, value in papermill.items():
            command += ["-p", name, value]
    run = run_measured(command, cwd=folder)
    refused = papermill is not None and tuple(papermill.items()) == (REFUSED,)
    if refused and (run.exit_code == 0 or not REFUSAL.search(run.output)):
        raise RuntimeError(f"{notebook.name}: the bad parameter was not refused\n{run.output}")
    if not refused and run.exit_code != 0:
        raise RuntimeError(f"{notebook.name}: the run exited with {run.exit_code}\n{run.output}")
    return run


def tensorflow_wheel():
    """Which distribution installed TensorFlow here: requirements.txt pins tensorflow-cpu on
    Linux and Windows x86-64 and tensorflow elsewhere (README), and the timings depend on it."""
    installers = importlib.metadata.packages_distributions().get("tensorflow", ["none"])
    return ", ".join(f"{name} {importlib.metadata.version(name)}" for name in installers)


def summarise(runs):
    """(median wall, fastest wall, median CPU, highest peak) of a list of Measurements."""
    walls = [run.seconds for run in runs]
    return (statistics.median(walls), min(walls),
            statistics.median(run.cpu_seconds for run in runs), max(run.peak_mib for run in runs))


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=positive_int, default=3, help="runs of each (3)")
    parser.add_argument("--reference", type=existing_notebook, default=RECONSTRUCTION,
                        help="the notebook to compare with (benchmarks/blog_reference.ipynb)")
    parser.add_argument("--also", type=existing_notebook, action="append", default=[],
                        metavar="NOTEBOOK", help="another version of the companion to time")
    parser.add_argument("--refusal", action="store_true",
                        help="also time papermill runs: the defaults, and a refused parameter")
    return parser.parse_args(argv)


def notebooks_to_time(args):
    """{label: (notebook, cut before Going further, papermill parameters or None)}, in the
    order each round runs them; the reference last."""
    notebooks = {}
    companions = [("companion", COMPANION)] + [(f"also {path}", path) for path in args.also]
    for label, notebook in companions:
        notebooks[f"{label}, whole notebook"] = (notebook, False, None)
        notebooks[f"{label}, cut before Going further"] = (notebook, True, None)
    for label, notebook in companions if args.refusal else []:
        notebooks[f"{label} via papermill, defaults"] = (notebook, False, {})
        notebooks[f"{label} via papermill, {REFUSED[0]}={REFUSED[1]} (refused)"] = (
            notebook, False, dict([REFUSED]))
    notebooks[f"reference: {args.reference.name}"] = (args.reference, False, None)
    return notebooks


def main(argv=None):
    args = parse_args(argv)
    reference = f"reference: {args.reference.name}"
    notebooks = notebooks_to_time(args)
    results = {label: [] for label in notebooks}
    for round_number in range(1, args.rounds + 1):
        for label, (notebook, cut, papermill) in notebooks.items():
            with tempfile.TemporaryDirectory(prefix="nb_bench_") as folder:
                run = run_once(notebook, cut, Path(folder), papermill)
            results[label].append(run)
            print(f"[round {round_number}/{args.rounds}] {label}: {run.seconds:.1f} s, "
                  f"CPU {run.cpu_seconds:.1f} s, {run.peak_mib:.0f} MiB", file=sys.stderr,
                  flush=True)

    reference_median, _, reference_cpu, reference_peak = summarise(results[reference])
    print(f"nbconvert --execute, {args.rounds} alternating rounds, Python "
          f"{sys.version.split()[0]}, {tensorflow_wheel()}, reference {args.reference}\n")
    print("| notebook | median wall (s) | min wall (s) | median CPU (s) | peak memory (MiB) "
          "| wall / reference | CPU / reference | peak / reference |")
    print("|---|--:|--:|--:|--:|--:|--:|--:|")
    for label, runs in results.items():
        median, fastest, cpu, peak = summarise(runs)
        print(f"| {label} | {median:.1f} | {fastest:.1f} | {cpu:.1f} | {peak:.0f} | "
              f"{median / reference_median:.2f} | {cpu / reference_cpu:.2f} | "
              f"{peak / reference_peak:.2f} |")


if __name__ == "__main__":
    main()
