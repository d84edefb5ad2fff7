"""Run a command as a child process and measure its wall time and peak memory."""

import os
import subprocess
import time


def run_measured(command, cwd):
    """Run command in cwd; return (wall seconds, peak RSS in MiB, exit code, output).

    The peak is the largest resident set of the command or of any process it started
    and waited for (here: the Jupyter kernel), as the operating system reports it
    through wait4.
    """
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    process.stdout.close()
    return seconds, usage.ru_maxrss / 1024, process.returncode, output
