"""Execute the notebook once per test session, in a temporary folder, and share the result."""

import hashlib
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "digits_pca_mlp.ipynb"
CELL_TIMEOUT_SECONDS = 600  # a hang guard, not a speed check


def tracked_state():
    """Hash of every file git knows of or would add, as it is in the work tree."""
    listing = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split()
    digest = hashlib.sha256()
    for name in sorted(listing):
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
