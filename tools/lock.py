"""Write requirements.txt, the lock, from requirements.in, and check it.

    python3 tools/lock.py                           # after editing requirements.in
    python3 tools/lock.py --upgrade-package NAME    # one package to its newest release
    python3 tools/lock.py --check                   # CI: changes nothing, fails on a stale lock

The resolver is uv, pinned with its hashes in tools/uv-requirements.txt and installed by pip
into a throwaway environment, so every maintainer gets the same lock from the same input. Its
universal mode resolves once for every platform and Python: the lock names every package that
requirements.in pulls in on Linux, macOS and Windows, x86-64 and arm64, CPython 3.11 to 3.13,
each at == with the sha256 of every file PyPI has for that version, under the environment
markers where it applies. uv keeps the versions already in requirements.txt unless
requirements.in asks otherwise, picks one version per package for the whole Python range
where one fits (--fork-strategy fewest), and sees only files uploaded before LOCK_DATE, so a
release made later changes nothing. To take newer releases, move LOCK_DATE forward and run
with --upgrade-package NAME (or --upgrade for all), then regenerate the notebooks.

--check (CI, which reaches the registry) regenerates the lock in a temporary folder and fails if
that differs from the committed one, then resolves the committed lock, from wheels only, for
each platform of TARGETS on each supported Python, and fails if one cannot install or
would need a package that the lock does not name. Exits 0 when all holds, 1 otherwise.
"""

import difflib
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INPUT = ROOT / "requirements.in"
LOCK = ROOT / "requirements.txt"
RESOLVER = ROOT / "tools" / "uv-requirements.txt"
LOCK_DATE = "2026-12-02T00:00:00Z"  # uv sees no file uploaded after this
COMPILE = ["--universal", "--python-version", "3.11", "--generate-hashes",
           "--fork-strategy", "fewest", "--exclude-newer", LOCK_DATE, "--no-config",
           "--custom-compile-command", "python3 tools/lock.py"]
# uv's names for the supported platforms: Linux x86-64 and aarch64 (glibc 2.28 or newer),
# macOS on Apple silicon, Windows x86-64
TARGETS = ("x86_64-manylinux_2_28", "aarch64-manylinux_2_28", "aarch64-apple-darwin",
           "x86_64-pc-windows-msvc")
PYTHON_RANGE = ("3.11", "3.12", "3.13")  # 3.12 has dependencies of its own (aiohttp)


def lock_entries(text):
    """The pins of a requirements file: [(requirement without hashes, [sha256 hashes])], the
    requirement as written ("name==version ; marker"), comments and continuation lines read as
    pip reads them."""
    entries = []
    for line in text.replace("\\\n", " ").splitlines():
        line = re.sub(r"(^|\s)#.*", "", line).strip()
        if line:
            hashes = re.findall(r"--hash=sha256:([0-9a-f]{64})", line)
            requirement = re.sub(r"\s*--hash=\S+", "", line).strip()
            entries.append((requirement, hashes))
    return entries


def install_resolver(folder):
    """uv at the version and hashes of tools/uv-requirements.txt, in a new environment."""
    subprocess.run([sys.executable, "-m", "venv", folder], check=True)
    bin_folder = Path(folder) / ("Scripts" if sys.platform == "win32" else "bin")
    subprocess.run([bin_folder / "python", "-m", "pip", "install", "--quiet",
                    "--require-hashes", "-r", RESOLVER], check=True)
    return bin_folder / "uv"


def compile_lock(uv, output, *options):
    """Resolve requirements.in into output, keeping the versions output already has."""
    subprocess.run([uv, "pip", "compile", *COMPILE, *options, "--quiet",
                    INPUT.relative_to(ROOT), "-o", output], cwd=ROOT, check=True)


def lock_is_current(uv, work):
    """Regenerating the lock from requirements.in, preferring its own versions, changes
    nothing."""
    fresh = Path(work) / "requirements.txt"
    shutil.copy(LOCK, fresh)
    compile_lock(uv, fresh)
    committed, regenerated = LOCK.read_text(), fresh.read_text()
    if committed == regenerated:
        print("requirements.txt is what requirements.in gives: regenerating it changes nothing")
        return True
    print("requirements.txt is stale: regenerating it from requirements.in changes", flush=True)
    changed = [line for line in difflib.unified_diff(
        committed.splitlines(True), regenerated.splitlines(True), n=0)
        if line[:1] in "+-" and line[1:3] not in ("++", "--")]
    pins = [line for line in changed if not line[1:].lstrip().startswith(("--hash", "#"))]
    sys.stdout.writelines(pins[:40])
    print(f"({len(changed) - len(pins)} hash and comment lines besides)")
    return False


def installs_from_wheels(uv, target, python, locked):
    """The committed lock resolves for target and python from wheels alone, to versions that the
    lock pins (locked: its "name==version"s), with nothing that it leaves out."""
    result = subprocess.run(
        [uv, "pip", "compile", "--no-config", "--no-header", "--no-annotate",
         "--exclude-newer", LOCK_DATE, "--python-platform", target, "--python-version", python,
         "--only-binary", ":all:", LOCK], capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        print(f"{target}, Python {python}: the lock cannot install from wheels:\n"
              f"{result.stderr.strip()}")
        return False
    resolved = [requirement for requirement, _ in lock_entries(result.stdout)]
    unlocked = [pin for pin in resolved if pin.lower() not in locked]
    if unlocked:
        print(f"{target}, Python {python}: needs what the lock does not pin: "
              f"{', '.join(unlocked)}")
        return False
    print(f"{target}, Python {python}: {len(resolved)} wheels, every one as locked")
    return True


def main(arguments):
    with tempfile.TemporaryDirectory(prefix="lock_") as work:
        uv = install_resolver(Path(work) / "resolver")
        if arguments != ["--check"]:
            compile_lock(uv, LOCK.relative_to(ROOT), *arguments)
            print(f"wrote {LOCK.relative_to(ROOT)}: "
                  f"{len(lock_entries(LOCK.read_text()))} pins, with their hashes")
            return 0
        results = [lock_is_current(uv, work)]
        locked = {requirement.split(";")[0].strip().lower()
                  for requirement, _ in lock_entries(LOCK.read_text())}
        results += [installs_from_wheels(uv, target, python, locked)
                    for target in TARGETS for python in PYTHON_RANGE]
        return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
