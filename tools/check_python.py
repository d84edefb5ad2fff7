"""Refuse, in one line, a Python or a platform that cannot install requirements.txt.

    python3 tools/check_python.py

Silent with exit code 0 on CPython 3.11, 3.12 and 3.13 on Linux x86-64 or aarch64, macOS on
Apple silicon or Windows x86-64, the platforms for which TensorFlow 2.21 publishes wheels. On any
other platform or interpreter it prints one line to stderr (what it found, what is supported,
what to use instead) and exits with 1, so the README's commands stop before they create or
install anything. The platform is checked first: another Python cannot help there. It runs
before the virtual environment exists, so it is written for any Python 3.
"""

import platform
import sys

SUPPORTED = ((3, 11), (3, 12), (3, 13))
WHY = "TensorFlow 2.21 has wheels up to Python 3.13, numpy 2.4 needs 3.11 or newer"
# (platform.system(), platform.machine()) where the lock installs, as the README names them
SUPPORTED_PLATFORMS = {("Linux", "x86_64"): "Linux x86-64", ("Linux", "aarch64"): "Linux aarch64",
                       ("Darwin", "arm64"): "macOS on Apple silicon",
                       ("Windows", "AMD64"): "Windows x86-64"}
SYSTEM_NAMES = {"Darwin": "macOS"}


def platform_refusal(system, machine):
    """None where requirements.txt installs, else the one line that says what to use instead."""
    if (system, machine) in SUPPORTED_PLATFORMS:
        return None
    supported = list(SUPPORTED_PLATFORMS.values())
    return ("{} {} is not supported: TensorFlow 2.21, which this project pins, publishes wheels "
            "only for {} and {} (its last for Intel Macs is 2.16.2). Use one of those, or run "
            "the notebook on Colab or Binder".format(
                SYSTEM_NAMES.get(system, system), machine or "(unknown machine)",
                ", ".join(supported[:-1]), supported[-1]))


def refusal(implementation, version_info):
    """None where requirements.txt installs, else the one line that says what to do."""
    if implementation == "CPython" and tuple(version_info[:2]) in SUPPORTED:
        return None
    found = "{} {}.{}.{}".format(implementation, *version_info[:3])
    return ("{} is not supported: this project needs CPython 3.11, 3.12 or 3.13 ({}). "
            "Run the command again with python3.13 (or python3.12, python3.11) in place of "
            "python3, e.g. python3.13 -m venv .venv".format(found, WHY))


if __name__ == "__main__":
    message = (platform_refusal(platform.system(), platform.machine())
               or refusal(platform.python_implementation(), sys.version_info))
    if message:
        sys.exit(message)
