"""Refuse, in one line, a Python that cannot install requirements.txt.

    python3 tools/check_python.py

Silent with exit code 0 on CPython 3.11, 3.12 and 3.13. On any other interpreter it prints
one line to stderr (the version it found, the supported ones, the command to use instead)
and exits with 1, so the README's commands stop before they create or install anything.
It runs before the virtual environment exists, so it is written for any Python 3.
"""

import platform
import sys

SUPPORTED = ((3, 11), (3, 12), (3, 13))
WHY = "TensorFlow 2.21 has wheels up to Python 3.13, numpy 2.4 needs 3.11 or newer"


def refusal(implementation, version_info):
    """None where requirements.txt installs, else the one line that says what to do."""
    if implementation == "CPython" and tuple(version_info[:2]) in SUPPORTED:
        return None
    found = "{} {}.{}.{}".format(implementation, *version_info[:3])
    return ("{} is not supported: this project needs CPython 3.11, 3.12 or 3.13 ({}). "
            "Run the command again with python3.13 (or python3.12, python3.11) in place of "
            "python3, e.g. python3.13 -m venv .venv".format(found, WHY))


if __name__ == "__main__":
    message = refusal(platform.python_implementation(), sys.version_info)
    if message:
        sys.exit(message)
