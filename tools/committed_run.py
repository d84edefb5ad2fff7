"""The committed run that tools/report.py compares a fresh run with, wherever the project came
from, even after the README's notebook command rewrote the notebooks and images/ in place.

- In a git checkout of this project: the commit (HEAD), its notebooks and figures read with
  git, whatever the working tree holds.
- In a download without git history (GitHub's ZIP, a `git archive`): MANIFEST, which no notebook
  command writes: the digest of each code cell's source, every code cell's outputs (embedded
  images as their digests) and the digest of each figure in images/. A figure whose file still
  has the committed digest is compared pixel by pixel, any other by its digest alone.
- Otherwise, or where the notebook's code is not the committed code: CannotCompare, which says
  why in one line.

After committing a new run of the notebook, write the manifest anew (the tests fail until it
matches the committed notebooks and images/):

    .venv/bin/python tools/committed_run.py
"""

import json
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import nbformat
from compare_runs import digest, digested, saved_figures

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "tools" / "committed_outputs.json"


class CannotCompare(Exception):
    """No committed run to compare with; the message says why, in one line."""


class Committed(NamedTuple):
    nb: nbformat.NotebookNode  # the notebook to run: its code cells hold the committed outputs
    figures: dict  # each figure's name: its committed PNG bytes, or only its digest
    what: str  # what the run is compared with, for the report


def git(*arguments):
    """git's output (bytes) for arguments, run in the project; None if git cannot answer."""
    try:
        result = subprocess.run(["git", "-C", str(ROOT), *arguments], capture_output=True)
    except OSError:  # no git on this machine
        return None
    return result.stdout if result.returncode == 0 else None


def git_commit():
    """The commit checked out, if ROOT is the top of a git checkout (not a folder inside some
    other repository, whose commits are not this project's); else None."""
    top = git("rev-parse", "--show-toplevel")
    if top is None or Path(top.decode().strip()).resolve() != ROOT:
        return None
    head = git("rev-parse", "--short", "HEAD")
    return head.decode().strip() if head else None


def from_git(notebook, commit):
    """The committed notebook and figures, read from the commit."""
    blob = git("show", f"HEAD:{notebook.name}")
    if blob is None:
        raise CannotCompare(f"the commit {commit} has no {notebook.name}")
    nb = nbformat.reads(blob.decode(), as_version=4)
    figures = {name: git("show", f"HEAD:images/{name}.png") for name in saved_figures(nb)}
    return Committed(nb, figures, f"the commit {commit} (git), whatever the working tree holds")


def code_record(nb):
    """What the manifest keeps of a notebook: each code cell's source digest and outputs."""
    return [{"source": digest(cell.source),
             "outputs": [{**output, "data": digested(output["data"])} if "data" in output
                         else output for output in cell.outputs]}
            for cell in nb.cells if cell.cell_type == "code"]


def manifest_of(notebooks, images):
    """The manifest of committed notebooks (which must have the same code and outputs, as the
    two editions do) and of the figures in the folder images."""
    records = [code_record(nbformat.read(path, as_version=4)) for path in notebooks]
    if any(record != records[0] for record in records):
        raise ValueError("the notebooks' code cells or outputs differ: one manifest cannot "
                         "hold them")
    return {"notebooks": sorted(path.name for path in notebooks), "code cells": records[0],
            "figures": {path.stem: digest(path.read_bytes())
                        for path in sorted(Path(images).glob("*.png"))}}


def from_manifest(notebook):
    """The notebook in the working tree with the manifest's outputs in its code cells, if its
    code is the committed code, and the figures: the file's bytes where it is still the
    committed one, else the digest."""
    if not MANIFEST.exists():
        raise CannotCompare(f"no git history here and no {MANIFEST.relative_to(ROOT)}")
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    if notebook.name not in manifest["notebooks"]:
        raise CannotCompare(f"{MANIFEST.relative_to(ROOT)} has no record of {notebook.name}")
    if not notebook.exists():
        raise CannotCompare(f"no git history here and no {notebook.name}")
    nb = nbformat.read(notebook, as_version=4)
    cells = [cell for cell in nb.cells if cell.cell_type == "code"]
    records = manifest["code cells"]
    for index, (cell, record) in enumerate(zip(cells, records, strict=False), start=1):
        if digest(cell.source) != record["source"]:
            raise CannotCompare(f"code cell {index} of {notebook.name} is not the committed "
                                "code, so its run says nothing of the committed one")
        cell.outputs = [nbformat.from_dict(output) for output in record["outputs"]]
    if len(cells) != len(records):
        raise CannotCompare(f"{notebook.name} has {len(cells)} code cells where the committed "
                            f"notebook has {len(records)}")
    figures = {}
    for name, committed in manifest["figures"].items():
        path = ROOT / "images" / f"{name}.png"
        data = path.read_bytes() if path.exists() else None
        figures[name] = data if data is not None and digest(data) == committed else committed
    return Committed(nb, figures, f"{MANIFEST.relative_to(ROOT)}, the committed run's record "
                                  "(no git history here)")


def committed_run(notebook):
    """The committed run of notebook (a path in ROOT): from git, else from the manifest."""
    commit = git_commit()
    return from_git(notebook, commit) if commit else from_manifest(notebook)


if __name__ == "__main__":
    editions = sorted(ROOT.glob("*.ipynb"))
    MANIFEST.write_text(json.dumps(manifest_of(editions, ROOT / "images"), indent=1,
                                   sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {MANIFEST.relative_to(ROOT)} from {', '.join(p.name for p in editions)} "
          "and images/", file=sys.stderr)
