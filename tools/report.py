"""Run the notebook here and say how its outputs and figures compare with the committed ones.

    .venv/bin/python tools/report.py              # both editions (Linux, macOS)
    .venv\\Scripts\\python tools\\report.py         # the same on Windows
    .venv/bin/python tools/report.py --english    # the English edition only, half the time

Each edition runs, as nbconvert would run it, on a copy in a temporary folder, so nothing in
the checkout changes; its figures go to that folder's images/. Then every code cell's outputs
and every figure are compared with the committed notebook and images/. The report, printed to
stdout in Markdown to paste into an issue, names the platform, the CPU, Python, the versions of
the key libraries and the BLAS the kernel used, whether byte-identical outputs are proven on
this machine (tools/byte_exact.py's rule), and each output or figure that differs: for text,
its first differing line, both ways; for a figure, how many pixels differ and by how much. The
line that prints the Python version may differ: every supported Python gives the same numbers.

Exit status: 0 when every output and figure is identical; 1 when something differs where bytes
are proven (a bug: please send the report); 2 when something differs where bytes are not
proven (the numbers may differ in the last bits; the report is still welcome).
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
from pathlib import Path

import nbformat
from byte_exact import cpu_flags, unproven_reason
from compare_runs import compare, saved_figures
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
EDITIONS = [ROOT / "digits_pca_mlp.ipynb", ROOT / "digits_pca_mlp.ja.ipynb"]
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


def blas_description(libraries):
    """threadpoolctl's view of the BLAS and OpenMP libraries a kernel loaded, one per clause."""
    described = []
    for lib in libraries:
        details = [value for value in (lib.get("architecture"),) if value]
        threads = lib.get("num_threads")
        details.append(f"{threads} thread{'' if threads == 1 else 's'}")
        described.append(f"{lib.get('internal_api')} {lib.get('version') or ''}".strip()
                         + f" ({', '.join(details)}) in {lib.get('prefix')}")
    return "; ".join(described) or "none found"


def run_edition(committed, folder):
    """Execute a copy of the committed notebook in folder; return (the executed copy, the BLAS
    libraries its kernel had loaded)."""
    nb = copy.deepcopy(committed)
    nb.cells.append(nbformat.v4.new_code_cell(BLAS_PROBE))
    NotebookClient(nb, kernel_name="python3", timeout=600, record_timing=False,
                   resources={"metadata": {"path": str(folder)}}).execute()
    probe = nb.cells.pop()
    text = "".join(output.get("text", "") for output in probe.outputs)
    return nb, json.loads(text.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--english", action="store_true",
                        help="run the English edition only (the Japanese one has the same code)")
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(errors="backslashreplace")  # a console that cannot show "±" (Windows)
    editions = EDITIONS[:1] if args.english else EDITIONS
    unproven = unproven_reason(platform.system(), platform.machine(), cpu_flags())
    print("## Reproduction report\n")
    print(f"- platform: {platform.platform()} ({platform.system()} {platform.machine()})")
    print(f"- CPU: {cpu_description()}")
    print(f"- Python: {platform.python_version()} ({platform.python_implementation()})")
    print(f"- libraries: {library_versions()}")
    print(f"- bytes proven here: {'yes' if unproven is None else 'no, ' + unproven}")
    differs = False
    for notebook in editions:
        committed = nbformat.read(notebook, as_version=4)
        with tempfile.TemporaryDirectory(prefix="report_") as folder:
            nb, blas = run_edition(committed, Path(folder))
            found = compare(nb, committed, Path(folder) / "images", python="any")
        cells = sum(cell.cell_type == "code" for cell in nb.cells)
        figures = saved_figures(nb)
        print(f"\n### {notebook.name}\n")
        print(f"- BLAS in the kernel: {blas_description(blas)}")
        different = {where for where, _ in found}
        print(f"- code cells: {cells - sum(w.startswith('code cell') for w in different)} of "
              f"{cells} with identical outputs")
        for name in figures:
            where = f"images/{name}.png"
            print(f"- {where}: " + next((how for w, how in found if w == where), "identical"))
        for where, how in found:
            if where.startswith("code cell"):
                print(f"- {where}: {how}")
        differs = differs or bool(found)
    verdict = ("identical to the committed run" if not differs else
               "differs from the committed run" + ("" if unproven is None else
                                                   ", where bytes are not proven"))
    print(f"\n**Result: {verdict}.**")
    return 0 if not differs else (1 if unproven is None else 2)


if __name__ == "__main__":
    sys.exit(main())
