"""The first plumbing cell's warning: pins set after NumPy loaded cannot take effect (a kernel that
imports NumPy as it starts), so the cell names them and asks for a restart; run as the parameters
cell and that cell run in a fresh Python, with NumPy loaded first or not."""

import json
import os
import subprocess
import sys

import pytest
from conftest import NOTEBOOK
from notebook_outputs import code_cells, read_notebook
from test_committed_notebook import plumbing_cells

RUN = """
import json, sys, warnings
if sys.argv[1] == "numpy first":
    import numpy
namespace = {}
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    for source in json.load(sys.stdin):
        exec(source, namespace)
print(json.dumps({"warnings": [str(w.message) for w in caught],
                  "pins": namespace["PINNED_ENVIRONMENT"]}))
"""


def run_pins_cell(folder, order, environment):
    nb = read_notebook(NOTEBOOK)
    parameters, pins = code_cells(nb)[0], plumbing_cells(nb)[0]
    done = subprocess.run([sys.executable, "-c", RUN, order], cwd=folder, env=environment,
                          input=json.dumps([parameters.source, pins.source]),
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


@pytest.mark.parametrize("order", ["numpy first", "pins first"])
def test_pins_set_after_numpy_are_named_with_a_restart(tmp_path, order):
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith(("TF_", "OPENBLAS_", "TENSORFLOW_", "KERAS_"))}
    environment["TF_NUM_INTRAOP_THREADS"] = "16"  # a reader's own setting, overridden
    environment["OPENBLAS_NUM_THREADS"] = "1"  # already the pin: not late
    found = run_pins_cell(tmp_path, order, environment)
    late = sorted(name for name, value in found["pins"].items() if environment.get(name) != value)
    assert "TF_NUM_INTRAOP_THREADS" in late and "OPENBLAS_NUM_THREADS" not in late
    if order == "numpy first":
        assert found["warnings"] == [f"{', '.join(late)} set after NumPy: restart the kernel"]
    else:
        assert found["warnings"] == []
