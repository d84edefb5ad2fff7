"""Execute the notebook once per test session, in a temporary folder, and share the result."""

import hashlib
import platform
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "digits_pca_mlp.ipynb"
CELL_TIMEOUT_SECONDS = 600  # a hang guard, not a speed check
# Where a fresh run has been shown to match the committed outputs byte for byte, with the pins
PROVEN_PLATFORMS = {("Linux", "x86_64")}


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "byte_exact: compares a fresh run with the committed outputs byte for byte")


def unproven_platform_reason(system, machine):
    """Why byte-level comparisons are skipped on this platform, or None where they hold."""
    if (system, machine) in PROVEN_PLATFORMS:
        return None
    return (f"byte-identical outputs are proven only on Linux x86_64 with the pinned versions, "
            f"not on {system} {machine}: figures and numbers may differ in the last bits here")


def pytest_runtest_setup(item):
    """Skip byte_exact tests, before their fixtures run the notebook, off the proven platforms."""
    reason = unproven_platform_reason(platform.system(), platform.machine())
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
def executed(tmp_path_factory):
    """The notebook run top to bottom with nbclient in a temporary folder.

    Returns (notebook, folder); its figures are written to folder / "images".
    """
    folder = tmp_path_factory.mktemp("executed")
    shutil.copy(NOTEBOOK, folder / NOTEBOOK.name)
    nb = nbformat.read(folder / NOTEBOOK.name, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=CELL_TIMEOUT_SECONDS,
        record_timing=False,
        resources={"metadata": {"path": str(folder)}},
    )
    client.execute()
    nbformat.write(nb, folder / "executed.ipynb")
    return nb, folder
