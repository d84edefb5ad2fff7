"""Say whether the committed outputs are proven to come out byte for byte on this machine.

    python3 tools/byte_exact.py

Silent with exit code 0 on Linux x86-64 with a CPU that has AVX2 and FMA, and on Linux aarch64:
there the notebook pins TensorFlow to Eigen's compiled kernels and one thread, OpenBLAS to one
set of kernels (AVX2 on x86-64, generic ARMv8 on ARM64) and one thread, and a fresh run has been
shown to match the committed notebook and images/ (on aarch64 under QEMU's emulated CPUs,
tools/check_emulated_cpus.py, whose ARM arithmetic the architecture defines bit for bit).
Elsewhere it prints why not, in one line, and exits with 1. The tests skip their byte-level
checks on the same condition, and .ci/run skips its regenerate-and-compare step.
"""

import platform
import sys
from pathlib import Path

REQUIRED_CPU_FLAGS = ("avx2", "fma")


def cpu_flags(cpuinfo=Path("/proc/cpuinfo")):
    """The instruction-set flags of the first CPU listed in cpuinfo (Linux); empty elsewhere."""
    try:
        text = cpuinfo.read_text()
    except OSError:
        return set()
    for line in text.splitlines():
        if line.startswith("flags"):
            return set(line.partition(":")[2].split())
    return set()


def unproven_reason(system, machine, flags):
    """None where byte-identical outputs are proven, else one line that says what is missing."""
    proven = ("byte-identical outputs are proven only on Linux x86_64 CPUs with AVX2 and FMA "
              "and on Linux aarch64")
    may_differ = "numbers and figures may differ in the last bits here"
    if (system, machine) == ("Linux", "aarch64"):
        return None
    if (system, machine) != ("Linux", "x86_64"):
        return f"{proven}, not on {system} {machine}: {may_differ}"
    missing = [flag.upper() for flag in REQUIRED_CPU_FLAGS if flag not in flags]
    if missing:
        return f"{proven}; this CPU lacks {' and '.join(missing)}: {may_differ}"
    return None


if __name__ == "__main__":
    reason = unproven_reason(platform.system(), platform.machine(), cpu_flags())
    if reason:
        print(reason)
        sys.exit(1)
