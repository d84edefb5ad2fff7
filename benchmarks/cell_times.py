"""Time each code cell of one or more notebooks, as nbclient records it, over alternating runs.

    python benchmarks/cell_times.py digits_pca_mlp.ipynb OLD.ipynb --rounds 2

Each run executes a copy of the notebook in a temporary folder with nbclient's per-cell
timings on (the metadata that the committed notebook leaves out), round after round, the
notebooks in turn. It prints, for every code cell that took 0.05 s or more in some run, its
first line and the median time of each notebook's runs, side by side; cells are matched by that
first line (and, where several cells open with the same line, by their order among them), so a
cell that only one notebook has shows a dash for the other.
"""

import argparse
import statistics
import sys
import tempfile
from collections import Counter
from datetime import datetime
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from seed_sweep import positive_int

SHOWN_FROM_SECONDS = 0.05


def existing_notebook(text):
    path = Path(text).resolve()
    if not path.is_file() or path.suffix != ".ipynb":
        raise argparse.ArgumentTypeError(f"no notebook at {text}")
    return path


def cell_seconds(notebook):
    """{(first line of each code cell, how many cells so far open with it): seconds it ran} for
    one execution of notebook."""
    nb = nbformat.read(notebook, as_version=4)
    with tempfile.TemporaryDirectory(prefix="cell_times_") as folder:
        NotebookClient(nb, kernel_name="python3", record_timing=True,
                       resources={"metadata": {"path": folder}}).execute()
    times, seen = {}, Counter()
    for cell in nb.cells:
        if cell.cell_type == "code":
            timing = cell.metadata.execution
            started = datetime.fromisoformat(timing["iopub.execute_input"].replace("Z", "+00:00"))
            ended = datetime.fromisoformat(timing["shell.execute_reply"].replace("Z", "+00:00"))
            first_line = cell.source.splitlines()[0]
            seen[first_line] += 1  # cells that open alike are told apart by their order
            times[(first_line, seen[first_line])] = (ended - started).total_seconds()
    return times


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", type=existing_notebook, nargs="+")
    parser.add_argument("--rounds", type=positive_int, default=2, help="runs of each (2)")
    args = parser.parse_args(argv)
    runs = {notebook: [] for notebook in args.notebooks}
    for round_number in range(1, args.rounds + 1):
        for notebook in args.notebooks:
            print(f"[round {round_number}/{args.rounds}] {notebook}", file=sys.stderr, flush=True)
            runs[notebook].append(cell_seconds(notebook))
    lines = list(dict.fromkeys(line for times in runs.values() for run in times for line in run))
    print("| first line of the cell | " + " | ".join(f"{n.parent.name}/{n.name} (s)"
                                                   for n in args.notebooks) + " |")
    print("|---|" + "--:|" * len(args.notebooks))
    for line in lines:
        medians = [statistics.median(run[line] for run in times) if line in times[0] else None
                   for times in runs.values()]
        if max(m for m in medians if m is not None) >= SHOWN_FROM_SECONDS:
            shown = " | ".join("-" if m is None else f"{m:.2f}" for m in medians)
            first_line, occurrence = line
            again = f" (#{occurrence})" if occurrence > 1 else ""
            print(f"| `{first_line[:70]}`{again} | {shown} |")


if __name__ == "__main__":
    main()
