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
