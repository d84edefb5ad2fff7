"""Compare a fresh run of the notebook with the committed one: every code cell's outputs and
every figure in images/. Used by tools/report.py (a reader's machine) and
tools/check_emulated_cpus.py (emulated CPUs); the tests compare the same way
(tests/notebook_outputs.py, whose readers this module uses).
"""

import hashlib
import io
import json
import re
import sys
from collections.abc import Mapping
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from notebook_outputs import PYTHON_VERSION_LINE, SAVED_FIGURE, merged_outputs  # noqa: E402


def outputs_of(cell, drop=None, python="patch"):
    """A code cell's outputs as Jupyter shows them (streams joined), as (kind, text or data)
    pairs: text that matches drop left out, and the printed Python version masked, in its patch
    number (python="patch") or whole (python="any")."""
    def masked(line):
        return re.sub(r"\.\d+$", ".x", line[0]) if python == "patch" else "Python x.y.z"

    kept = []
    for output in merged_outputs(cell):
        if output.output_type == "stream":
            text = output.text if drop is None else drop.sub("", output.text)
            output = nbformat.from_dict({**output, "text": PYTHON_VERSION_LINE.sub(masked, text)})
            if not output.text:
                continue
        kept.append(output)
    return [(output.get("name", output.output_type),
             output.text if output.output_type == "stream"
             else json.dumps(digested(output.get("data", {})), sort_keys=True))
            for output in merged_outputs({"outputs": kept})]  # streams a notice parted, rejoined


def digest(data):
    """The sha256 of bytes or of text (UTF-8), as "sha256:" and its hex digits."""
    raw = data.encode() if isinstance(data, str) else data
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def digested(data):
    """An output's data with each embedded image (base64 text) replaced by its digest: two
    images are the same exactly when their digests are, and tools/committed_outputs.json keeps
    only the digests."""
    return {kind: digest(value) if kind.startswith("image/") and not value.startswith("sha256:")
            else value for kind, value in data.items()}


def cell_label(cell, width=60):
    """A code cell's first line, cut at the last word boundary within width characters."""
    line = cell.source.splitlines()[0] if cell.source else ""
    if len(line) <= width:
        return line
    cut = line[:width].rsplit(" ", 1)[0].rstrip(" ,([{=")
    return cut + " …"


def first_difference(fresh, committed, **masking):
    """How a fresh cell's outputs first differ from the committed cell's, in one line: for text,
    the first line that differs, both ways; for an image, that it differs; None if they agree."""
    mine, theirs = outputs_of(fresh, **masking), outputs_of(committed, **masking)
    for index in range(max(len(mine), len(theirs))):
        here = mine[index] if index < len(mine) else ("nothing", "")
        there = theirs[index] if index < len(theirs) else ("nothing", "")
        if here == there:
            continue
        if here[0] != there[0]:
            return f"shows {here[0]} where the commit has {there[0]}"
        if "image/png" in there[1] and json.loads(there[1]).get("image/png") != json.loads(
                here[1]).get("image/png"):
            return "its image differs"
        here_lines, there_lines = shown_lines(here[1]), shown_lines(there[1])
        for number in range(max(len(here_lines), len(there_lines))):
            line, committed_line = (lines[number] if number < len(lines) else ""
                                    for lines in (here_lines, there_lines))
            if line != committed_line:
                return (f"line {number + 1}: {line.strip()[:200]!r} where the commit has "
                        f"{committed_line.strip()[:200]!r}")
        return "its outputs differ"
    return None


def shown_lines(text):
    """The lines a stream shows, or the text/plain lines of a displayed result."""
    if text.startswith("{"):
        text = json.loads(text).get("text/plain", "")
    return text.splitlines()


def image_difference(fresh, committed):
    """None if a fresh PNG file is the committed figure's bytes; else how they differ, in one
    line. committed is the committed PNG (a path or its bytes), its digest ("sha256:..."), where
    only that is at hand, or None where the commit has no such figure."""
    if not fresh.exists():
        return "not written by this run"
    if isinstance(committed, Path):
        committed = committed.read_bytes() if committed.exists() else None
    if committed is None:
        return "not in the commit"
    if isinstance(committed, str):
        return None if digest(fresh.read_bytes()) == committed else (
            "other bytes than the committed figure (its sha256); the committed PNG is not "
            "here to count the pixels that differ")
    if fresh.read_bytes() == committed:
        return None
    import numpy as np
    from PIL import Image

    here, there = (np.asarray(Image.open(source).convert("RGBA"), dtype=int)
                   for source in (fresh, io.BytesIO(committed)))
    if here.shape != there.shape:
        return f"{here.shape[1]}x{here.shape[0]} pixels where the commit has " \
               f"{there.shape[1]}x{there.shape[0]}"
    gap = np.abs(here - there).max(axis=-1)
    return (f"{int((gap > 0).sum())} of {gap.size} pixels differ, by at most {int(gap.max())} "
            f"of 255" if gap.any() else "the same pixels in other bytes (metadata)")


def compare(fresh_nb, committed_nb, fresh_images, committed_images=ROOT / "images",
            **masking):
    """Every difference between a fresh run and the committed one: [(where, how)], for each code
    cell (by its position among the code cells and its first line) and each figure the fresh
    run's cells save. committed_images is the folder of the committed figures, or a mapping of
    each figure's name to what image_difference takes."""
    found = []
    fresh_cells = [c for c in fresh_nb.cells if c.cell_type == "code"]
    committed_cells = [c for c in committed_nb.cells if c.cell_type == "code"]
    # a run stopped early (tools/check_emulated_cpus.py) has fewer cells: those are compared
    for index, (fresh, committed) in enumerate(zip(fresh_cells, committed_cells, strict=False),
                                               start=1):
        how = first_difference(fresh, committed, **masking)
        if how:
            found.append((f"code cell {index} ({cell_label(committed)})", how))
    for name in saved_figures(fresh_nb):
        committed = (committed_images.get(name) if isinstance(committed_images, Mapping)
                     else Path(committed_images) / f"{name}.png")
        how = image_difference(Path(fresh_images) / f"{name}.png", committed)
        if how:
            found.append((f"images/{name}.png", how))
    return found


def saved_figures(nb):
    """The names of the figures a notebook's code cells save, in order."""
    return sorted({name for cell in nb.cells if cell.cell_type == "code"
                   for name in SAVED_FIGURE.findall(cell.source)})
