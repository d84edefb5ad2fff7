"""Supported Pythons (CPython 3.11 to 3.13) and platforms: what is refused, what is skipped,
and, for the README's Windows commands, which Python check_python.py --find picks.

Regressions tried (issue 38), each caught as listed: the Windows refusal advising python3.13
again (test_on_windows_the_refusal_advises_what_exists_there); --find printing the running
Python even where it is unsupported, and the launcher asked for 3.11 before 3.13
(test_the_windows_command_finds_a_supported_python_as_written, both readers)."""

import glob
import importlib.metadata
import os
import platform
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import conftest
import pytest
from conftest import ROOT
from notebook_outputs import TENSORFLOW_WHEELS, requirement_pins, requirements
from packaging.utils import canonicalize_name

sys.path.insert(0, str(ROOT / "tools"))
from byte_exact import cpu_flags  # noqa: E402
from check_python import find_supported, platform_refusal, refusal  # noqa: E402


def readme_command(marker, readme=ROOT / "README.md"):
    """The command in the fenced block right after <!-- marker --> in a README."""
    match = re.search(rf"<!-- {marker} -->\n```(?:bash|powershell)\n(.+)\n```", readme.read_text())
    assert match, f"{readme.name} has no {marker} block"
    return match.group(1)


def find_python(version):
    """A working interpreter for version ("3.10"): on PATH, or one that pyenv installed."""
    pyenv_root = os.environ.get("PYENV_ROOT", str(Path.home() / ".pyenv"))
    candidates = [shutil.which(f"python{version}"),
                  *sorted(glob.glob(f"{pyenv_root}/versions/{version}.*/bin/python{version}"))]
    for candidate in filter(None, candidates):
        works = subprocess.run([candidate, "-c", ""], capture_output=True)
        if works.returncode == 0:
            return candidate
    pytest.skip(f"no Python {version} on this machine")


@pytest.mark.parametrize("version", [(3, 11, 7), (3, 12, 1), (3, 13, 0), (3, 13, 9)])
def test_supported_cpython_passes(version):
    assert refusal("CPython", version) is None


@pytest.mark.parametrize(("implementation", "version"), [
    ("CPython", (3, 10, 13)), ("CPython", (3, 14, 0)), ("CPython", (3, 15, 1)),
    ("CPython", (2, 7, 18)), ("PyPy", (3, 11, 9)),
])
def test_unsupported_python_gets_one_line_that_says_what_to_do(implementation, version):
    message = refusal(implementation, version)
    assert "\n" not in message
    assert message.startswith(f"{implementation} {'.'.join(map(str, version))} is not supported")
    assert "CPython 3.11, 3.12 or 3.13" in message
    assert "python3.13 -m venv .venv" in message


@pytest.mark.parametrize("version", [(3, 14, 0), (3, 10, 11)])
def test_on_windows_the_refusal_advises_what_exists_there(version):
    """python.org's Windows installs have no python3.13: the advice is to install 3.13, which
    the command then finds through the py launcher."""
    message = refusal("CPython", version, "Windows")
    assert "\n" not in message and "CPython 3.11, 3.12 or 3.13" in message
    assert "python3" not in message
    assert "Install CPython 3.13 (python.org's installer, or py install 3.13" in message
    assert "py -3.13, py -3.12, py -3.11" in message


def stand_in_launcher(folder, installed):
    """A folder to put first on PATH whose `py` starts, for -3.x, the real Python 3.x if
    installed holds "3.x", and otherwise answers as the launcher does for a missing version."""
    folder.mkdir()
    cases = "".join(f'  -{version}) shift; exec "{find_python(version)}" "$@" ;;\n'
                    for version in installed)
    (folder / "py").write_text(f'#!/bin/sh\ncase "$1" in\n{cases}'
                               '  *) echo "No suitable Python runtime found" >&2; exit 103 ;;\n'
                               'esac\n')
    (folder / "py").chmod(0o755)
    return folder


def windows_check(python, launcher, tmp_path):
    """check_python.py --find, as the README's Windows command runs it (`py -3` being python),
    on a simulated Windows x86-64 whose launcher is the stand-in in the folder launcher."""
    simulate = ("import platform, runpy, sys; platform.system = lambda: 'Windows'; "
                "platform.machine = lambda: 'AMD64'; sys.argv = ['check_python.py', '--find']; "
                f"runpy.run_path({str(ROOT / 'tools' / 'check_python.py')!r}, "
                "run_name='__main__')")
    return subprocess.run([python, "-c", simulate], cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "PATH": f"{launcher}{os.pathsep}{os.environ['PATH']}"},
                          timeout=300)


def version_of(python):
    return subprocess.run([python, "-c", "import sys; print(sys.version_info[:2])"],
                          capture_output=True, text=True, check=True).stdout.strip()


@pytest.mark.parametrize(("running", "installed", "picked"), [
    ("3.10", ["3.11", "3.13"], "3.13"),  # py -3 is too new (3.14) or too old: the newest found
    ("3.10", ["3.11"], "3.11"),  # a reader with only 3.11 besides
    ("3.11", [], "3.11"),  # py -3 is 3.11 itself: no launcher needed
])
def test_the_windows_command_finds_a_supported_python_as_written(tmp_path, running, installed,
                                                                 picked):
    """3.14 cannot be installed here; 3.10 stands for it, refused the same way."""
    launcher = stand_in_launcher(tmp_path / "launcher", installed)
    result = windows_check(find_python(running), launcher, tmp_path)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert version_of(result.stdout.strip()) == str(tuple(map(int, picked.split("."))))


def test_without_a_supported_python_the_windows_command_stops_with_the_windows_advice(tmp_path):
    launcher = stand_in_launcher(tmp_path / "launcher", [])
    result = windows_check(find_python("3.10"), launcher, tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("CPython 3.10.") and len(result.stderr.splitlines()) == 1
    assert "py install 3.13" in result.stderr and "python3.13" not in result.stderr


def test_the_launcher_is_asked_newest_first_and_cannot_wait_for_an_answer():
    asked = []

    def launcher(command, **options):
        asked.append(command[:2])
        assert options["stdin"] is subprocess.DEVNULL and options["timeout"]
        found = command[1] == "-3.12"
        return SimpleNamespace(returncode=0 if found else 103,
                               stdout="CPython C:\\Python312\\python.exe\n" if found else "")

    assert find_supported("Windows", launcher) == "C:\\Python312\\python.exe"
    assert asked == [["py", "-3.13"], ["py", "-3.12"]]


@pytest.fixture(scope="module")
def python310_as_python3(tmp_path_factory):
    """A folder to put first on PATH, in which python3 is a real Python 3.10."""
    python310 = find_python("3.10")
    folder = tmp_path_factory.mktemp("python310")
    (folder / "python3").write_text(f'#!/bin/sh\nexec "{python310}" "$@"\n')
    (folder / "python3").chmod(0o755)
    return folder


@pytest.mark.parametrize("marker", ["notebook-command", "test-command"])
def test_readme_command_refuses_python_310_before_installing(tmp_path, python310_as_python3,
                                                            marker):
    for name in ("README.md", "requirements.txt", "tools"):
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy
        copy(ROOT / name, tmp_path / name)
    path = f"{python310_as_python3}{os.pathsep}{os.environ['PATH']}"
    result = subprocess.run(["bash", "-c", readme_command(marker)], cwd=tmp_path,
                            capture_output=True, text=True, env={**os.environ, "PATH": path},
                            timeout=300)  # a hang guard: the check answers at once
    assert result.returncode != 0
    assert result.stdout == ""
    assert result.stderr.startswith("CPython 3.10.")
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert not (tmp_path / ".venv").exists(), "it created the virtual environment anyway"


def test_byte_level_tests_are_marked():
    marked = set()
    for module in ("test_executed_notebook", "test_committed_notebook"):
        tests = vars(__import__(module))
        marked |= {name for name, test in tests.items() if name.startswith("test_")
                   and any(m.name == "byte_exact" for m in getattr(test, "pytestmark", []))}
    assert marked == {"test_figures_in_images_match_a_fresh_run",
                      "test_rerun_reproduces_the_committed_outputs"}


def byte_exact_item():
    marker = SimpleNamespace(name="byte_exact")
    return SimpleNamespace(get_closest_marker=lambda name: marker if name == marker.name else None)


def simulate_machine(monkeypatch, system, machine, flags):
    monkeypatch.setattr(conftest.platform, "system", lambda: system)
    monkeypatch.setattr(conftest.platform, "machine", lambda: machine)
    monkeypatch.setattr(conftest, "cpu_flags", lambda: set(flags))


AVX2_CPU = {"sse4_2", "avx", "avx2", "fma"}


@pytest.mark.parametrize(("system", "machine", "flags", "missing"), [
    ("Darwin", "arm64", set(), "not on Darwin arm64"),
    ("Windows", "AMD64", AVX2_CPU, "not on Windows AMD64"),
    ("Darwin", "x86_64", AVX2_CPU, "not on Darwin x86_64"),
    ("Linux", "x86_64", {"sse4_2", "avx"}, "this CPU lacks AVX2 and FMA"),
    ("Linux", "x86_64", {"sse4_2", "avx", "avx2"}, "this CPU lacks FMA"),
])
def test_byte_level_tests_skip_elsewhere_and_say_why(monkeypatch, system, machine, flags,
                                                     missing):
    simulate_machine(monkeypatch, system, machine, flags)
    with pytest.raises(pytest.skip.Exception) as skipped:
        conftest.pytest_runtest_setup(byte_exact_item())
    assert missing in str(skipped.value)
    assert ("proven only on Linux x86_64 CPUs with AVX2 and FMA and on Linux aarch64"
            in str(skipped.value))
    # every other test still runs there
    conftest.pytest_runtest_setup(SimpleNamespace(get_closest_marker=lambda name: None))


@pytest.mark.parametrize(("machine", "flags"), [
    ("x86_64", AVX2_CPU | {"avx512f"}),
    ("aarch64", {"fp", "asimd", "sve"}), ("aarch64", {"fp", "asimd"}),  # ARM64, with SVE or not
])
def test_byte_level_tests_run_on_linux_x86_64_with_avx2_and_fma_and_on_aarch64(monkeypatch,
                                                                                machine, flags):
    simulate_machine(monkeypatch, "Linux", machine, flags)
    conftest.pytest_runtest_setup(byte_exact_item())  # no skip


def test_cpu_flags_are_read_from_cpuinfo(tmp_path):
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text("processor\t: 0\nvendor_id\t: AuthenticAMD\n"
                       "flags\t\t: fpu sse2 avx avx2 fma\n\nprocessor\t: 1\n")
    assert cpu_flags(cpuinfo) == {"fpu", "sse2", "avx", "avx2", "fma"}
    assert cpu_flags(tmp_path / "missing") == set()


def test_byte_exact_tool_answers_for_this_machine():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "byte_exact.py")],
                            capture_output=True, text=True)
    reason = conftest.this_machine_unproven_reason()
    assert result.returncode == (0 if reason is None else 1)
    assert result.stdout.strip() == (reason or "")


@pytest.mark.parametrize(("sys_platform", "platform_machine", "wheel"), [
    ("linux", "x86_64", "tensorflow-cpu"), ("win32", "AMD64", "tensorflow-cpu"),
    ("linux", "aarch64", "tensorflow"), ("darwin", "arm64", "tensorflow"),
    ("darwin", "x86_64", "tensorflow"),
])
def test_exactly_one_tensorflow_wheel_is_pinned_for_each_platform(sys_platform, platform_machine,
                                                                  wheel):
    environment = {"sys_platform": sys_platform, "platform_machine": platform_machine}
    pins = requirement_pins(environment)
    assert [name for name in TENSORFLOW_WHEELS if name in pins] == [wheel]
    assert len({r.name for r in requirements() if r.name in TENSORFLOW_WHEELS}) == 2
    assert len({str(next(iter(r.specifier))) for r in requirements()
                if r.name in TENSORFLOW_WHEELS}) == 1  # the same version either way


def test_linux_x86_64_installs_the_cpu_only_wheel():
    if (platform.system(), platform.machine()) != ("Linux", "x86_64"):
        pytest.skip(f"the CPU-only wheel is pinned for Linux x86_64, not {platform.machine()}")
    installers = importlib.metadata.packages_distributions()["tensorflow"]
    assert [canonicalize_name(name) for name in installers] == ["tensorflow-cpu"]


@pytest.mark.parametrize(("system", "machine"), [
    ("Linux", "x86_64"), ("Linux", "aarch64"), ("Darwin", "arm64"), ("Windows", "AMD64")])
def test_supported_platforms_pass(system, machine):
    assert platform_refusal(system, machine) is None


@pytest.mark.parametrize(("system", "machine", "named"), [
    ("Darwin", "x86_64", "macOS x86_64"),  # an Intel Mac: TensorFlow's last wheel is 2.16.2
    ("Linux", "armv7l", "Linux armv7l"),  # a 32-bit Raspberry Pi OS
    ("Windows", "ARM64", "Windows ARM64"),
])
def test_unsupported_platform_gets_one_line_that_says_what_to_use(system, machine, named):
    message = platform_refusal(system, machine)
    assert "\n" not in message
    assert message.startswith(f"{named} is not supported")
    assert ("Linux x86-64, Linux aarch64, macOS on Apple silicon and Windows x86-64"
            in message)
    assert message.endswith("or run the notebook on Colab or Binder")


def test_the_check_refuses_an_intel_mac_before_the_python(tmp_path):
    """The script itself, as both README commands run it, on an Intel Mac simulated through
    the platform module, with a supported Python: one line on stderr, exit code 1."""
    simulate = ("import platform, runpy; platform.system = lambda: 'Darwin'; "
                "platform.machine = lambda: 'x86_64'; "
                f"runpy.run_path({str(ROOT / 'tools' / 'check_python.py')!r}, run_name='__main__')")
    result = subprocess.run([sys.executable, "-c", simulate], cwd=tmp_path, capture_output=True,
                            text=True)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("macOS x86_64 is not supported")
    assert len(result.stderr.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []  # nothing created
