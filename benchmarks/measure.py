"""Run a command as a child process and measure its wall time, CPU time and peak memory."""

import os
import subprocess
import time
from typing import NamedTuple


class Measurement(NamedTuple):
    seconds: float  # wall time
    cpu_seconds: float  # user + system time of the command and the processes it waited for
    peak_mib: float
    exit_code: int
    output: str


def run_measured(command, cwd):
    """Run command in cwd and measure it.

    The peak is the largest resident set of the command or of any process it started
    and waited for (here: the Jupyter kernel), as the operating system reports it
    through wait4; so is the CPU time. CPU time moves less than wall time when other
    work shares the machine, so it helps to tell a real change from noise.
    """
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    process.stdout.close()
    return Measurement(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                       process.returncode, output)
