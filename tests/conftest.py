"""Execute the notebook once per test session, in a temporary folder, and share the result."""

import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import nbformat
import pytest
from nbclient import NotebookClient
from notebook_outputs import SAVED_FIGURE

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from byte_exact import cpu_flags, unproven_reason  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "digits_pca_mlp.ipynb"
JAPANESE_NOTEBOOK = ROOT / "digits_pca_mlp.ja.ipynb"  # the same code cells, prose in Japanese
CELL_TIMEOUT_SECONDS = 600  # a hang guard, not a speed check


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "byte_exact: compares a fresh run with the committed outputs byte for byte")


def this_machine_unproven_reason():
    return unproven_reason(platform.system(), platform.machine(), cpu_flags())


def pytest_runtest_setup(item):
    """Skip byte_exact tests, before their fixtures run the notebook, where bytes are unproven."""
    reason = this_machine_unproven_reason()
    if reason and item.get_closest_marker("byte_exact"):
        pytest.skip(reason)


def project_files():
    """The project's files: what git tracks or would add, or, outside a git checkout, every
    file but those in hidden folders (.venv, .git, caches) and __pycache__."""
    listing = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, text=True,
    )
    if listing.returncode == 0:
        return sorted(listing.stdout.splitlines())
    return sorted(
        str(path.relative_to(ROOT)) for path in ROOT.rglob("*")
        if path.is_file() and not any(part.startswith(".") or part == "__pycache__"
                                      for part in path.relative_to(ROOT).parts[:-1])
    )


def tracked_state():
    """A hash of every project file's name and content, as it is in the work tree."""
    digest = hashlib.sha256()
    for name in project_files():
        path = ROOT / name
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
    return digest.hexdigest()


@pytest.fixture(scope="session", autouse=True)
def checkout_unchanged():
    """The tests must leave the checkout exactly as they found it."""
    before = tracked_state()
    yield
    assert tracked_state() == before, "the test run changed files in the checkout"


@pytest.fixture(scope="session")
def committed():
    return nbformat.read(NOTEBOOK, as_version=4)


@pytest.fixture(scope="session")
def japanese():
    return nbformat.read(JAPANESE_NOTEBOOK, as_version=4)


def hostile_environment(folder):
    """Settings another machine, or a reader's shell, may have, among them what the libraries
    read to pick their kernels. Unless the notebook pins them, the thread, oneDNN, OpenBLAS,
    backend, log and Matplotlib ones change its numbers, figures or output (README); the others
    stand for another CPU, or are there in case a library starts to read them."""
    (folder / "matplotlibrc").write_text("lines.linewidth: 5\nfont.size: 20\nfigure.dpi: 50\n")
    environment = {
        "TF_NUM_INTRAOP_THREADS": "16", "TF_NUM_INTEROP_THREADS": "16",  # a laptop's threads
        "OPENBLAS_NUM_THREADS": "16", "OMP_NUM_THREADS": "16",
        "TF_ENABLE_ONEDNN_OPTS": "1", "TENSORFLOW_USE_CUSTOM_CONTRACTION_KERNEL": "true",  # oneDNN
        "ONEDNN_MAX_CPU_ISA": "SSE41", "DNNL_MAX_CPU_ISA": "SSE41",  # its kernels for old CPUs
        "ONEDNN_DEFAULT_FPMATH_MODE": "BF16",  # and its products in bfloat16
        "OPENBLAS_L2_SIZE": "262144",  # another cache size for OpenBLAS's blocking
        "TF_XLA_FLAGS": "--tf_xla_auto_jit=2 --tf_xla_cpu_global_jit",  # XLA's code for this CPU
        "KERAS_BACKEND": "jax", "TF_CPP_MIN_LOG_LEVEL": "0",  # another backend, INFO lines on
        "MPLCONFIGDIR": str(folder),  # a reader's own Matplotlib style
    }
    if this_machine_unproven_reason() is None and platform.machine() == "x86_64":  # with AVX2:
        environment["OPENBLAS_CORETYPE"] = "Sandybridge"  # OpenBLAS's AVX kernels
        environment["NPY_DISABLE_CPU_FEATURES"] = "X86_V4 AVX512_ICL AVX512_SPR"  # no AVX-512
    elif platform.machine() in ("aarch64", "arm64"):
        environment["OPENBLAS_CORETYPE"] = "NEOVERSEN1"  # OpenBLAS's kernels for one ARM core
    return environment


def kernel_environment(overrides):
    """The tests' environment as a reader's Jupyter would pass it to the kernel: without pytest's
    marker, under which ipykernel would leave native stderr to the terminal, plus overrides."""
    environment = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
    return {**environment, **overrides}


PROBE = (Path(__file__).resolve().parent / "kernel_probe.py").read_text()


class Execution(NamedTuple):
    nb: nbformat.NotebookNode  # the first top-to-bottom run, as nbconvert would store it
    folder: Path  # where it ran; its figures are in folder / "images"
    rerun: list  # the code cells of a second Run All in the same kernel
    facts: dict  # what kernel_probe.py read from the kernel's objects after the second run


@pytest.fixture(scope="session")
def executed(tmp_path_factory):
    """The notebook run top to bottom with nbclient in a temporary folder, under a hostile
    environment; then, in the same kernel, Run All again, recording each figure, and a probe
    that reads the built objects (kernel_probe.py)."""
    folder = tmp_path_factory.mktemp("executed")
    shutil.copy(NOTEBOOK, folder / NOTEBOOK.name)
    nb = nbformat.read(folder / NOTEBOOK.name, as_version=4)
    first_run = list(nb.cells)
    second_run = [nbformat.v4.new_code_cell("_figures = {}")]
    for cell in first_run:
        if cell.cell_type == "code":
            second_run.append(nbformat.v4.new_code_cell(cell.source, metadata=cell.metadata))
            second_run += [nbformat.v4.new_code_cell(f"_figures[{name!r}] = fig")
                           for name in SAVED_FIGURE.findall(cell.source)]
    nb.cells = first_run + second_run + [nbformat.v4.new_code_cell(PROBE)]
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=CELL_TIMEOUT_SECONDS,
        record_timing=False,
        resources={"metadata": {"path": str(folder)}},
    )
    client.execute(env=kernel_environment(hostile_environment(tmp_path_factory.mktemp("mpl"))))
    probe_output = "".join(o.get("text", "") for o in nb.cells[-1].outputs)
    assert probe_output.startswith("{"), f"the probe failed: {nb.cells[-1].outputs}"
    rerun = [c for c in nb.cells[len(first_run):-1] if not c.source.startswith("_figures")]
    nb.cells = first_run
    nbformat.write(nb, folder / "executed.ipynb")
    return Execution(nb, folder, rerun, json.loads(probe_output))
