"""The notebook's filter for TensorFlow's native notices, run in real kernels as JupyterLab runs
them (ipykernel watching file descriptor 2, whose reading the filter takes over): it drops only
the known notices, passes every other line on while its cell still runs, leaves the Jupyter log
every byte, loses nothing when the kernel dies, never blocks a large write, is harmless to run
again, and steps aside, visibly where it matters, in a kernel it does not know."""

import queue
import textwrap
import time

import nbformat
import pytest
from conftest import CELL_TIMEOUT_SECONDS, NOTEBOOK, kernel_environment
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from notebook_outputs import cell_containing, read_notebook

# what TensorFlow 2.21 prints on a CPU-only machine (on macOS, where it may find no CPU frequency,
# the two lines about that), then a line that must get through
NATIVE_WRITES = textwrap.dedent("""
    WARNING: All log messages before absl::InitializeLog() is called are written to STDERR
    I0000 00:00:1795712433.559103    2013 cudart_stub.cc:31] Could not find cuda drivers on your machine, GPU will not be used.
    E0000 00:00:1795712563.892790    2058 cuda_platform.cc:52] failed call to cuInit: INTERNAL: CUDA error
    W0000 00:00:1795712600.104500    2101 root_dataset.cc:364] Optimization loop failed: CANCELLED: Operation was cancelled
    2026-12-02 17:02:10.984456: W external/local_xla/xla/tsl/platform/profile_utils/cpu_utils.cc:145] Failed to get CPU frequency: 0 Hz
    W0000 00:00:1795712601.731010    2101 op_level_cost_estimator.cc:743] Invalid device specifications for CPU: type: "CPU" model: "0" num_cores: 12
    F0000 00:00:1795712563.900000    2058 some_kernel.cc:12] Check failed: a real problem
""").lstrip()  # noqa: E501
REAL_PROBLEM = NATIVE_WRITES.splitlines()[-1] + "\n"
PLUMBING = cell_containing(read_notebook(NOTEBOOK), "class NativeStderrFilter").source  # 2 of 2


def native_write(text):
    """Code that writes text straight to file descriptor 2, as C++ code does."""
    return f"import os\nos.write(2, {text.encode()!r})"


@pytest.fixture(scope="module")
def filtered_run(tmp_path_factory):
    """The notebook's plumbing cell, then cells that write to stderr in every way there is."""
    sources = {
        "plumbing": PLUMBING,
        "native": native_write(NATIVE_WRITES),
        "python error": 'raise RuntimeError("a real Python error")',
        "python stderr": 'import sys\nprint("a Python-level line", file=sys.stderr)',
        "later native": "x = 1\n" + native_write(NATIVE_WRITES.splitlines()[0] + "\nlater line\n"),
        "one MiB": "import os\nos.write(2, (b'x' * 1023 + b'\\n') * 1024)",
        "plumbing again": "old_filter = native_stderr_filter\n" + PLUMBING,
        "threads": "import threading\nprint(native_stderr_filter is old_filter, sum(\n"
                   "    t.name == 'native stderr filter' and t.is_alive()\n"
                   "    for t in threading.enumerate()))",
        "after re-run": native_write(NATIVE_WRITES),
        "no line end": native_write("the last words, without a line end"),
    }
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(source) for source in sources.values()])
    folder = tmp_path_factory.mktemp("filter")
    NotebookClient(nb, kernel_name="python3", timeout=CELL_TIMEOUT_SECONDS, allow_errors=True,
                   resources={"metadata": {"path": str(folder)}}).execute(
        env=kernel_environment({}))
    return dict(zip(sources, nb.cells, strict=True))


def stderr_of(cell):
    return "".join(o.text for o in cell.outputs if o.output_type == "stream" and o.name == "stderr")


def test_plumbing_cell_itself_shows_nothing(filtered_run):
    assert filtered_run["plumbing"].outputs == []


def test_known_notices_are_dropped_and_other_native_lines_kept(filtered_run):
    # the autotuner's notice, which appears only now and then under load, is among the dropped
    assert "Optimization loop failed" in NATIVE_WRITES
    assert stderr_of(filtered_run["native"]) == REAL_PROBLEM


def test_python_exceptions_show_as_usual(filtered_run):
    errors = [o for o in filtered_run["python error"].outputs if o.output_type == "error"]
    assert [(e.ename, e.evalue) for e in errors] == [("RuntimeError", "a real Python error")]
    assert any("RuntimeError" in line for line in errors[0].traceback)


def test_python_stderr_is_untouched(filtered_run):
    assert stderr_of(filtered_run["python stderr"]) == "a Python-level line\n"


def test_filter_still_works_cells_later_after_an_error(filtered_run):
    assert stderr_of(filtered_run["later native"]) == "later line\n"


def test_a_one_mib_write_completes_and_arrives_whole(filtered_run):
    assert stderr_of(filtered_run["one MiB"]) == ("x" * 1023 + "\n") * 1024


def test_a_line_without_its_end_shows_in_its_own_cell(filtered_run):
    """Passed on after 0.2 s without its end, and waited for as the cell ends."""
    assert stderr_of(filtered_run["no line end"]) == "the last words, without a line end"


def test_running_the_plumbing_cell_again_keeps_one_filter_and_filters_once(filtered_run):
    assert stderr_of(filtered_run["plumbing again"]) == ""
    assert filtered_run["threads"].outputs[0].text == "True 1\n"
    assert stderr_of(filtered_run["after re-run"]) == REAL_PROBLEM


class Kernel:
    """A kernel started as Jupyter starts one, its own stderr (the Jupyter log) in a file."""

    def __init__(self, folder, overrides=None):
        self.log = folder / "kernel_stderr.txt"
        self.manager = KernelManager(kernel_name="python3")
        with open(self.log, "wb") as log:
            self.manager.start_kernel(env=kernel_environment(overrides or {}), stderr=log,
                                      cwd=str(folder))
        self.client = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=60)

    def run(self, code, timeout=60):
        """Run code; return [(seconds after the request, iopub message)] up to idle, or up to
        the kernel's death, and whether it finished."""
        start = time.monotonic()
        msg_id = self.client.execute(code)
        messages = []
        while time.monotonic() - start < timeout:
            try:
                message = self.client.get_iopub_msg(timeout=0.5)
            except queue.Empty:  # nothing yet: is the kernel still alive?
                if not self.manager.is_alive():
                    return messages, False
                continue
            if message["parent_header"].get("msg_id") != msg_id:
                continue
            messages.append((time.monotonic() - start, message))
            if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
                return messages, True
        raise AssertionError(f"no answer in {timeout} s")

    def stop(self):
        self.client.stop_channels()
        if self.manager.is_alive():
            self.manager.shutdown_kernel()


def stderr_messages(messages):
    return [(seconds, m["content"]["text"]) for seconds, m in messages
            if m["msg_type"] == "stream" and m["content"]["name"] == "stderr"]


@pytest.fixture
def kernel(tmp_path):
    started = Kernel(tmp_path)
    _, finished = started.run(PLUMBING)
    assert finished
    yield started
    started.stop()


def test_a_kept_line_arrives_while_its_cell_still_runs(kernel):
    messages, _ = kernel.run(native_write("an unknown native line\n") + "\nimport time\n"
                             "time.sleep(3)")
    arrivals = stderr_messages(messages)
    cell_end = messages[-1][0]
    assert [text for _, text in arrivals] == ["an unknown native line\n"]
    assert cell_end >= 3
    assert arrivals[0][0] < cell_end - 2, f"arrived at {arrivals[0][0]:.2f} s of {cell_end:.2f}"


def test_the_jupyter_log_still_gets_every_byte(kernel):
    """The notices are kept out of the notebook only: the log has them, as without the filter."""
    messages, _ = kernel.run(native_write(NATIVE_WRITES))
    assert [text for _, text in stderr_messages(messages)] == [REAL_PROBLEM]
    assert NATIVE_WRITES in kernel.log.read_text()


def test_a_dying_kernel_keeps_its_last_words(kernel):
    last_words = "F0000 00:00:1795712563.900000 2058 kernel.cc:7] Check failed: the real reason"
    messages, finished = kernel.run(native_write(last_words + "\n") + "\nimport time\n"
                                    "time.sleep(0.5)\nos.abort()")
    assert not finished, "the kernel should have died"
    assert last_words in kernel.log.read_text()  # the Jupyter log, as without the plumbing
    assert [text for _, text in stderr_messages(messages)] == [last_words + "\n"]  # the notebook


def test_shutdown_stops_the_filter_cleanly(kernel):
    kernel.run(native_write("written just before shutdown\n"))
    kernel.stop()
    assert not kernel.manager.is_alive()
    log = kernel.log.read_text()
    assert "written just before shutdown" in log
    assert "Traceback" not in log and "Exception" not in log


def test_without_the_filter_the_notices_reach_the_notebook(tmp_path):
    """What the filter is for: this kernel shows native output in the notebook, notices and all."""
    bare = Kernel(tmp_path)
    try:
        messages, _ = bare.run(native_write(NATIVE_WRITES))
    finally:
        bare.stop()
    assert "".join(text for _, text in stderr_messages(messages)) == NATIVE_WRITES


def test_a_kernel_that_leaves_fd_2_alone_gets_no_filter(tmp_path):
    """As on Windows, or where ipykernel does not capture fd 2 (here: pytest's marker set),
    native output goes to the log only: the cell has nothing to filter and does nothing."""
    plain = Kernel(tmp_path, {"PYTEST_CURRENT_TEST": "as on a kernel without fd capture"})
    try:
        plumbing, _ = plain.run(PLUMBING)
        native, _ = plain.run(native_write(NATIVE_WRITES) + "\nprint('native_stderr_filter' in "
                              "globals())")
    finally:
        plain.stop()
    assert stderr_messages(plumbing) == stderr_messages(native) == []
    assert [m["content"]["text"] for _, m in native if m["msg_type"] == "stream"] == ["False\n"]
    assert NATIVE_WRITES in plain.log.read_text()


def test_a_kernel_it_does_not_know_gets_a_warning_and_keeps_its_own_reader(tmp_path):
    """An ipykernel that captures fd 2 without the attributes the filter reads: the cell warns,
    changes nothing, and the kernel's own reader still shows every native line."""
    other = Kernel(tmp_path)
    try:
        other.run("import sys\ndel sys.stderr.watch_fd_thread")
        plumbing, _ = other.run(PLUMBING)
        native, _ = other.run(native_write(NATIVE_WRITES))
    finally:
        other.stop()
    warning = "".join(text for _, text in stderr_messages(plumbing))
    assert ("UserWarning: TensorFlow's native notices will show: 'OutStream' object has no "
            "attribute 'watch_fd_thread'") in warning
    assert "".join(text for _, text in stderr_messages(native)) == NATIVE_WRITES
