"""Run the notebook here and say how its outputs and figures compare with the committed run.

    .venv/bin/python tools/report.py              # both editions (Linux, macOS)
    .venv\\Scripts\\python tools\\report.py         # the same on Windows
    .venv/bin/python tools/report.py --english    # the English edition only, half the time
    .venv/bin/python tools/report.py --output FILE  # the report to FILE, not report.md

Each edition runs, as nbconvert would run it, on a copy in a temporary folder, so neither the
notebooks nor images/ change; its figures go to that folder's images/. Then every code cell's
outputs and every figure are compared with the committed run (tools/committed_run.py): in a
git checkout the commit itself, even where the README's notebook command rewrote the notebooks
and images/; in a download without git history, tools/committed_outputs.json. The report, in
Markdown and UTF-8, is written to report.md at the top of the project (which git ignores) and
printed to stdout once the runs are over, so the kernel's messages on stderr come before it,
never inside it. It names what it compared with, the platform, the CPU, Python, the versions
of the key libraries and the BLAS the kernel used, whether byte-identical outputs are proven on
this machine (tools/byte_exact.py's rule), and each output or figure that differs: for text,
its first differing line, both ways; for a figure, how many pixels differ and by how much. The
line that prints the Python version may differ: every supported Python gives the same numbers.

Exit status, one meaning each:
  0  every output and figure is identical to the committed run;
  1  something differs where bytes are proven (a bug: please send the report);
  2  the command line was wrong (argparse's usage error);
  3  something differs where bytes are not proven (the numbers may differ in the last bits;
     the report is still welcome);
  4  nothing could be compared: no committed run to compare with, a notebook run that stopped
     with an error, or a failure of the report itself; the report or stderr says which.
"""

import argparse
import copy
import importlib.metadata
import json
import os
import platform
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

import nbformat
from byte_exact import cpu_flags, unproven_reason
from committed_run import CannotCompare, committed_run
from compare_runs import cell_label, compare, saved_figures
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

ROOT = Path(__file__).resolve().parent.parent
EDITIONS = [ROOT / "digits_pca_mlp.ipynb", ROOT / "digits_pca_mlp.ja.ipynb"]
RUN_STOPPED = (CellExecutionError, CellTimeoutError, DeadKernelError)  # nbclient's, for a run
LIBRARIES = ["numpy", "scipy", "pandas", "scikit-learn", "matplotlib", "seaborn", "tensorflow",
             "tensorflow-cpu", "keras", "ipykernel"]
# run in the notebook's kernel after its last cell: the BLAS libraries as the pins left them
BLAS_PROBE = ("import json, threadpoolctl\n"
              "print(json.dumps(threadpoolctl.threadpool_info()))")


def cpu_description():
    """The CPU as the operating system names it: vendor, family, model and name where Linux says,
    the brand string on macOS, the processor string on Windows; with the logical core count."""
    if Path("/proc/cpuinfo").exists():
        fields = {}
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            fields.setdefault(key.strip(), value.strip())
        wanted = [("vendor_id", "{}"), ("cpu family", "family {}"), ("model", "model {}"),
                  ("model name", "{}"), ("CPU implementer", "implementer {}"),
                  ("CPU part", "part {}")]
        parts = [form.format(fields[key]) for key, form in wanted if fields.get(key)]
    elif platform.system() == "Darwin":
        parts = [subprocess.run(["sysctl", "-n", "machdep.cpu.brand_string"], text=True,
                                capture_output=True).stdout.strip()]
    else:
        parts = [platform.processor()]
    return f"{', '.join(p for p in parts if p) or 'unknown'}; {os.cpu_count()} logical cores"


def library_versions():
    """The installed versions of the libraries the notebook's numbers depend on."""
    installed = {dist.metadata["Name"].lower().replace("_", "-"): dist.version
                 for dist in importlib.metadata.distributions()}
    return ", ".join(f"{name} {installed[name]}" for name in LIBRARIES if name in installed)


def blas_location(filepath):
    """Where a loaded library's file is, told apart from its namesakes: its path from the
    site-packages folder (numpy.libs/..., scipy.libs/...), else its folder and name."""
    parts = Path(filepath or "?").parts
    if "site-packages" in parts:
        return "/".join(parts[len(parts) - parts[::-1].index("site-packages"):])
    return "/".join(parts[-2:])


def blas_description(libraries):
    """threadpoolctl's view of the BLAS and OpenMP libraries a kernel loaded, one per clause,
    in the order of their kind and location, each with the file it was loaded from."""
    described = []
    for lib in sorted(libraries, key=lambda lib: (lib.get("user_api") or "",
                                                   lib.get("internal_api") or "",
                                                   blas_location(lib.get("filepath")))):
        details = [value for value in (lib.get("architecture"),) if value]
        threads = lib.get("num_threads")
        details.append(f"{threads} thread{'' if threads == 1 else 's'}")
        described.append(f"{lib.get('internal_api')} {lib.get('version') or ''}".strip()
                         + f" ({', '.join(details)}) in {blas_location(lib.get('filepath'))}")
    return "; ".join(described) or "none found"


def run_edition(notebook, folder):
    """Execute a copy of notebook in folder; return (the executed copy, the BLAS libraries its
    kernel had loaded). A run that stops raises nbclient's error, the executed copy as far as it
    got in its .nb."""
    nb = copy.deepcopy(notebook)
    nb.cells.append(nbformat.v4.new_code_cell(BLAS_PROBE))
    client = NotebookClient(nb, kernel_name="python3", timeout=600, record_timing=False,
                            resources={"metadata": {"path": str(folder)}})
    try:
        client.execute()
    except RUN_STOPPED as error:
        error.nb = nb
        raise
    probe = nb.cells.pop()
    text = "".join(output.get("text", "") for output in probe.outputs)
    return nb, json.loads(text.strip().splitlines()[-1])


def stopped_at(nb, error):
    """Where and how a run stopped, in one line: the code cell with an error output, if any."""
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    for index, cell in enumerate(code, start=1):
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                where = (f"code cell {index} ({cell_label(cell)})" if index <= len(code) - 1
                         else "the BLAS probe after the last cell")
                return f"{where}: {output.ename}: {output.evalue}"
    return f"{type(error).__name__}: {str(error).strip().splitlines()[-1] if str(error) else ''}"


def edition_report(notebook, committed):
    """Run one edition and compare it with its committed run: (report lines, outcome), the
    outcome "identical", "differs" or "stopped"."""
    lines = [f"\n### {notebook.name}\n", f"- compared with: {committed.what}"]
    with tempfile.TemporaryDirectory(prefix="report_") as folder:
        try:
            nb, blas = run_edition(committed.nb, Path(folder))
        except RUN_STOPPED as error:
            print(error, file=sys.stderr)  # the whole traceback, as nbconvert would show it
            return lines + [f"- the run stopped in {stopped_at(error.nb, error)}"], "stopped"
        found = compare(nb, committed.nb, Path(folder) / "images", committed.figures,
                        python="any")
    cells = sum(cell.cell_type == "code" for cell in nb.cells)
    different = {where for where, _ in found}
    lines.append(f"- BLAS in the kernel: {blas_description(blas)}")
    lines.append(f"- code cells: {cells - sum(w.startswith('code cell') for w in different)} of "
                 f"{cells} with identical outputs")
    for name in saved_figures(nb):
        where = f"images/{name}.png"
        lines.append(f"- {where}: " + next((how for w, how in found if w == where), "identical"))
    lines += [f"- {where}: {how}" for where, how in found if where.startswith("code cell")]
    return lines, "differs" if found else "identical"


def report(editions):
    """The whole report, as lines, and the exit status (the module's docstring)."""
    unproven = unproven_reason(platform.system(), platform.machine(), cpu_flags())
    lines = ["## Reproduction report\n",
             f"- platform: {platform.platform()} ({platform.system()} {platform.machine()})",
             f"- CPU: {cpu_description()}",
             f"- Python: {platform.python_version()} ({platform.python_implementation()})",
             f"- libraries: {library_versions()}",
             f"- bytes proven here: {'yes' if unproven is None else 'no, ' + unproven}"]
    try:  # every edition's committed run first: if one is missing, nothing is run
        committed = [committed_run(notebook) for notebook in editions]
    except CannotCompare as why:
        return lines + [f"\n**Result: could not compare: {why}.**"], 4
    outcomes = set()
    for notebook, run in zip(editions, committed, strict=True):
        edition_lines, outcome = edition_report(notebook, run)
        lines += edition_lines
        outcomes.add(outcome)
    if "stopped" in outcomes:
        return lines + ["\n**Result: could not compare: a run stopped with an error "
                        "(above, and its traceback on stderr).**"], 4
    if "differs" not in outcomes:
        return lines + ["\n**Result: identical to the committed run.**"], 0
    if unproven is None:
        return lines + ["\n**Result: differs from the committed run.**"], 1
    return lines + ["\n**Result: differs from the committed run, where bytes are not "
                    "proven.**"], 3


def output_file(value):
    """argparse's type for --output: a file in a folder that exists."""
    path = Path(value)
    if not path.parent.is_dir():
        raise argparse.ArgumentTypeError(f"no folder {str(path.parent)!r} to write {path.name} in")
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{value!r} is a folder, not a file")
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--english", action="store_true",
                        help="run the English edition only (the Japanese one has the same code)")
    parser.add_argument("--output", type=output_file, metavar="FILE", default=ROOT / "report.md",
                        help="where to write the report, in UTF-8 (default: report.md at the "
                             "top of the project)")
    args = parser.parse_args(argv)
    args.output.unlink(missing_ok=True)  # a run that fails leaves no earlier report to pass for it
    lines, status = report(EDITIONS[:1] if args.english else EDITIONS)
    text = "\n".join(lines) + "\n"
    args.output.write_text(text, encoding="utf-8")
    # UTF-8 whatever the console or the file it is redirected to would choose (cp1252 on
    # Windows): "±" and Keras's table characters come out as themselves, never as escapes
    sys.stdout.reconfigure(encoding="utf-8", errors="strict")
    sys.stdout.write(text)
    sys.stdout.flush()
    return status


def crash_status():
    """A failure of the report itself: its traceback on stderr, and status 4, which no result
    has."""
    traceback.print_exc()
    print("report.py: could not compare: the report itself failed (the traceback above)",
          file=sys.stderr)
    return 4


if __name__ == "__main__":
    try:
        status = main()
    except Exception:  # reported, with its traceback, as status 4
        status = crash_status()
    sys.exit(status)
