"""The notebook's filter for TensorFlow's native start-up notices keeps real errors visible."""

import subprocess
import sys
import textwrap

from conftest import NOTEBOOK
from notebook_outputs import cell_containing, read_notebook

# what TensorFlow 2.21 prints on a CPU-only machine, followed by a line it must not swallow
NATIVE_WRITES = textwrap.dedent("""
    WARNING: All log messages before absl::InitializeLog() is called are written to STDERR
    I0000 00:00:1795712433.559103    2013 cudart_stub.cc:31] Could not find cuda drivers on your machine, GPU will not be used.
    E0000 00:00:1795712563.892790    2058 cuda_platform.cc:52] failed call to cuInit: INTERNAL: CUDA error
    F0000 00:00:1795712563.900000    2058 some_kernel.cc:12] Check failed: a real problem
""").lstrip()  # noqa: E501


def run_filter(body):
    """Run the notebook's import and helper cells, then body, in a plain Python process."""
    nb = read_notebook(NOTEBOOK)
    setup = [cell_containing(nb, "import contextlib").source,
             cell_containing(nb, "def filtered_native_stderr").source]
    script = "\n".join([*setup, textwrap.dedent(body)])
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)


def test_known_notices_are_dropped_and_other_lines_kept():
    result = run_filter(f"""
        with filtered_native_stderr():
            os.write(2, {NATIVE_WRITES.encode()!r})
    """)
    assert result.stderr.splitlines() == [NATIVE_WRITES.splitlines()[-1]]


def test_stderr_is_restored_after_the_block():
    result = run_filter("""
        with filtered_native_stderr():
            pass
        os.write(2, b"after the block\\n")
    """)
    assert result.stderr == "after the block\n"
