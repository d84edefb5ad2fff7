"""Run the notebook on other CPUs, emulated, and compare with the committed bytes.

    .venv/bin/python tools/check_emulated_cpus.py            # Haswell (Intel) and EPYC (AMD Zen)
    .venv/bin/python tools/check_emulated_cpus.py Haswell

The committed run comes from one CPU; a reader's is another. QEMU's user-mode emulator
(`qemu-x86_64`, Debian's package qemu-user) runs the notebook's kernel on a CPU model of its
choice: the CPUID that the libraries read to pick their kernels and block sizes (vendor, family,
model, instruction sets, cache sizes) is that model's, and the arithmetic is QEMU's exact IEEE
emulation. Each model runs the English edition in a temporary folder up to the "Is a neural
network worth it here?" section (QEMU 7.2 crashes inside libsvm's SVC fit), which covers the
PCA, the training and all nine figures, and its outputs and figures must equal the committed
ones byte for byte. About 6 minutes per model on 2 cores; the models run side by side.

Exits 0 when every model matches, 1 when one differs (naming the cell or figure), 2 when
qemu-x86_64 is missing.
"""

import copy
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from notebook_outputs import merged_outputs  # noqa: E402 - the tests' reading of a cell

NOTEBOOK = ROOT / "digits_pca_mlp.ipynb"
STOP_AT = "### Is a neural network worth it here?"
MODELS = ("Haswell", "EPYC")  # Intel family 6 model 60; AMD family 23 model 1 (Zen): AVX2, FMA


QEMU_NOTICE = re.compile(r"^qemu-x86_64: warning: TCG doesn't support requested feature: .*\n",
                         flags=re.MULTILINE)  # QEMU's own, as it starts each emulated thread


def outputs_of(cell):
    """A code cell's outputs as Jupyter shows them (tests/notebook_outputs.merged_outputs), less
    the emulator's own notices, as (kind, text or data) pairs."""
    kept = []
    for output in merged_outputs(cell):
        if output.output_type == "stream":
            output = nbformat.from_dict({**output, "text": QEMU_NOTICE.sub("", output.text)})
            if not output.text:
                continue
        kept.append(output)
    return [(output.get("name", output.output_type),
             output.text if output.output_type == "stream"
             else json.dumps(output.get("data", {}), sort_keys=True))
            for output in merged_outputs({"outputs": kept})]  # streams a notice parted, rejoined


def first_difference(cell, stored):
    """The first output that differs, shortened: what the emulated run shows instead."""
    fresh, committed = outputs_of(cell), outputs_of(stored)
    for index in range(max(len(fresh), len(committed))):
        mine = fresh[index] if index < len(fresh) else ("nothing", "")
        theirs = committed[index] if index < len(committed) else ("nothing", "")
        if mine != theirs:
            return (f"{mine[0]} {mine[1][:300]!r} where the commit has "
                    f"{theirs[0]} {theirs[1][:80]!r}")
    return "the same"


def run_on(model):
    """Execute the notebook up to STOP_AT in a kernel that QEMU runs as `model` (the kernel spec
    main() wrote); return how it differs from the committed notebook and images/."""
    folder = Path(tempfile.mkdtemp(prefix=f"emulated_{model}_"))
    try:
        committed = nbformat.read(NOTEBOOK, as_version=4)
        stop = next(i for i, cell in enumerate(committed.cells) if STOP_AT in cell.source)
        nb = copy.deepcopy(committed)
        nb.cells = nb.cells[:stop]
        NotebookClient(nb, kernel_name=f"emulated_{model.lower()}", timeout=3600,
                       startup_timeout=900, record_timing=False,
                       resources={"metadata": {"path": str(folder)}}).execute()
        differences = [
            f"cell {index} ({cell.source.splitlines()[0][:50]}): "
            f"shows {first_difference(cell, stored)}"
            for index, (cell, stored) in enumerate(zip(nb.cells, committed.cells[:stop],
                                                       strict=True))
            if cell.cell_type == "code" and outputs_of(cell) != outputs_of(stored)]
        for image in sorted((ROOT / "images").glob("*.png")):
            fresh = folder / "images" / image.name
            if not fresh.exists() or fresh.read_bytes() != image.read_bytes():
                differences.append(f"images/{image.name}")
        return differences
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def write_kernel_specs(folder, qemu, models):
    """One Jupyter kernel spec per CPU model: this Python, run by qemu-x86_64 -cpu MODEL."""
    for model in models:
        spec = Path(folder) / "kernels" / f"emulated_{model.lower()}"
        spec.mkdir(parents=True)
        (spec / "kernel.json").write_text(json.dumps({
            "argv": [qemu, "-cpu", model, sys.executable, "-m", "ipykernel_launcher",
                     "-f", "{connection_file}"],
            "display_name": f"Python under qemu -cpu {model}", "language": "python"}))


def main(models):
    qemu = shutil.which("qemu-x86_64")
    if not qemu:
        print("qemu-x86_64 not found: install Debian's qemu-user (apt-get install qemu-user)",
              file=sys.stderr)
        return 2
    version = subprocess.run([qemu, "--version"], capture_output=True, text=True).stdout
    print(f"{version.splitlines()[0]}; CPU models: {', '.join(models)}", flush=True)
    with tempfile.TemporaryDirectory(prefix="emulated_kernels_") as specs:
        write_kernel_specs(specs, qemu, models)
        os.environ["JUPYTER_PATH"] = specs  # where Jupyter finds the kernel specs
        with ThreadPoolExecutor(max_workers=len(models)) as pool:
            results = dict(zip(models, pool.map(run_on, models), strict=True))
    for model, differences in results.items():
        if differences:
            print(f"qemu -cpu {model}: differs from the committed run in", *differences,
                  sep="\n  ")
        else:
            print(f"qemu -cpu {model}: every output and figure up to '{STOP_AT}' equals the "
                  "committed bytes")
    return 1 if any(results.values()) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or list(MODELS)))
