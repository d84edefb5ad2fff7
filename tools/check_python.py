"""Refuse, in one line, a Python or a platform that cannot install requirements.txt.

    python3 tools/check_python.py                # Linux, macOS
    py -3 tools/check_python.py --find           # Windows: print the Python to use

Silent with exit code 0 on CPython 3.11, 3.12 and 3.13 on Linux x86-64 or aarch64, macOS on
Apple silicon or Windows x86-64, the platforms for which TensorFlow 2.21 publishes wheels. On any
other platform or interpreter it prints one line to stderr (what it found, what is supported,
what to use instead) and exits with 1, so the README's commands stop before they create or
install anything. The platform is checked first: another Python cannot help there. It runs
before the virtual environment exists, so it is written for any Python 3.

With --find it prints the path of the Python the next steps should use: this one if it is
supported, else the newest supported one installed (on Windows as the py launcher finds it,
`py -3.13`, then -3.12, -3.11; elsewhere python3.13, python3.12, python3.11 on PATH), and refuses
only if there is none. So the README's Windows command works as written whether `py -3`, the
newest Python installed, is 3.14 or 3.11.
"""

import platform
import subprocess
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


def refusal(implementation, version_info, system="Linux"):
    """None where requirements.txt installs, else the one line that says what to do there."""
    if implementation == "CPython" and tuple(version_info[:2]) in SUPPORTED:
        return None
    found = "{} {}.{}.{}".format(implementation, *version_info[:3])
    if system == "Windows":  # python.org's installs have no python3.13; the launcher finds them
        advice = ("Install CPython 3.13 (python.org's installer, or py install 3.13 with the "
                  "Python install manager), then run the command again as written: it finds "
                  "3.13, 3.12 or 3.11 through py -3.13, py -3.12, py -3.11")
    else:
        advice = ("Run the command again with python3.13 (or python3.12, python3.11) in place "
                  "of python3, e.g. python3.13 -m venv .venv")
    return "{} is not supported: this project needs CPython 3.11, 3.12 or 3.13 ({}). {}".format(
        found, WHY, advice)


def candidates(system):
    """How to start each supported Python, newest first."""
    versions = ["{}.{}".format(*version) for version in reversed(SUPPORTED)]
    if system == "Windows":
        return [["py", "-" + version] for version in versions]
    return [["python" + version] for version in versions]


ASK = "import platform, sys; print(platform.python_implementation(), sys.executable)"


def find_supported(system, run=subprocess.run):
    """The path of the newest supported CPython installed, or None. stdin is closed so that a
    launcher that offers to install a missing version cannot wait for an answer."""
    for command in candidates(system):
        try:
            answer = run(command + ["-c", ASK], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, universal_newlines=True, timeout=120)
        except (OSError, subprocess.SubprocessError):  # not installed, or no answer
            continue
        implementation, _, executable = answer.stdout.strip().partition(" ")
        if answer.returncode == 0 and implementation == "CPython" and executable:
            return executable
    return None


def main(arguments):
    """The exit status; with --find, the Python to use printed on stdout."""
    if arguments not in ([], ["--find"]):
        print("usage: check_python.py [--find]", file=sys.stderr)
        return 2
    system = platform.system()
    message = platform_refusal(system, platform.machine())
    if message is None:
        message = refusal(platform.python_implementation(), sys.version_info, system)
        if arguments:
            found = sys.executable if message is None else find_supported(system)
            if found:
                print(found)
                return 0
    if message:
        print(message, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
