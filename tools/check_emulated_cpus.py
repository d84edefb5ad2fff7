"""Run the notebook on other CPUs, emulated, and compare with the committed bytes.

    .venv/bin/python tools/check_emulated_cpus.py                  # x86-64 and ARM64, 2 models each
    .venv/bin/python tools/check_emulated_cpus.py x86_64 Haswell   # one architecture, its models
    .venv/bin/python tools/check_emulated_cpus.py aarch64 neoverse-n1 cortex-a53

The committed run comes from one CPU; a reader's is another. QEMU's user-mode emulator (Debian's
package qemu-user) runs the notebook's kernel on a CPU model of its choice: the CPU
identification that the libraries read to pick their kernels and block sizes (vendor, family,
model, instruction sets, cache sizes) is that model's, and the arithmetic is QEMU's exact
IEEE emulation.

- x86-64 (`qemu-x86_64`): this machine's Python and .venv, as an Intel Haswell and an AMD EPYC
  (Zen), up to the "Is a neural network worth it here?" section (QEMU 7.2 crashes inside
  libsvm's SVC fit), which covers the PCA, the training and the nine figures drawn before it.
- ARM64 (`qemu-aarch64`): Debian's arm64 CPython 3.11 and the libraries it needs, unpacked from
  their .deb files into a temporary folder (apt-get with a private package list, dpkg -x;
  nothing is installed on this machine), and the aarch64 wheels of requirements.txt, installed
  from the lock with its hashes by the pinned uv of tools/lock.py. The models are `max` (the
  newest Arm architecture QEMU knows, with SVE and SME) and `cortex-a72` (Armv8.0, without
  them), and the whole notebook runs. QEMU shows the emulated program this machine's x86
  /proc/cpuinfo, which TensorFlow reads for the CPU frequency; so the kernel runs in a mount
  namespace of its own (unshare, as root) in which /proc/cpuinfo is one such as arm64 Linux
  writes, with the model's own features.

Every output and figure must equal the committed ones byte for byte; the one line allowed to
differ is the Python version the notebook prints, in its patch number only (Debian's 3.11 is
3.11.2). The models of one architecture run side by side: about 3 to 5 minutes each on 2 cores.

Exits 0 when every model matches, 1 when one differs (naming the cell or figure), 2 when
qemu-user (or, for ARM64, apt-get and dpkg) is missing.
"""

import copy
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
from compare_runs import compare  # beside this file, as the reproduction report compares
from lock import install_resolver  # beside this file
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent

NOTEBOOK = ROOT / "digits_pca_mlp.ipynb"
MODELS = {"x86_64": ("Haswell", "EPYC"),  # Intel family 6 model 60; AMD family 23 model 1 (Zen)
          "aarch64": ("max", "cortex-a72")}
STOP_AT = {"x86_64": "### Is a neural network worth it here?", "aarch64": None}
ARM64_PACKAGES = ("python3.11", "libstdc++6")  # with what they depend on; the wheels bring the rest
QEMU_NOTICE = re.compile(r"^qemu-\w+: warning: TCG doesn't support requested feature: .*\n",
                         flags=re.MULTILINE)  # QEMU's own, as it starts each emulated thread
# arm64 Linux's names of the AT_HWCAP bits (arch/arm64/include/uapi/asm/hwcap.h), in bit order
HWCAP_NAMES = ("fp", "asimd", "evtstrm", "aes", "pmull", "sha1", "sha2", "crc32", "atomics",
               "fphp", "asimdhp", "cpuid", "asimdrdm", "jscvt", "fcma", "lrcpc", "dcpop", "sha3",
               "sm3", "sm4", "asimddp", "sha512", "sve", "asimdfhm", "dit", "uscat", "ilrcpc",
               "flagm", "ssbs", "sb", "paca", "pacg")
# run on the emulated CPU: its AT_HWCAP, and its MIDR_EL1 (vendor, part, revision), read with
# `mrs x0, midr_el1; ret` from an executable page, as arm64 Linux lets a program do
CPU_IDENTITY = """import ctypes, mmap
page = mmap.mmap(-1, mmap.PAGESIZE, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
page.write(bytes.fromhex("000038d5c0035fd6"))
read_midr = ctypes.CFUNCTYPE(ctypes.c_uint64)(ctypes.addressof(ctypes.c_char.from_buffer(page)))
print(ctypes.CDLL(None).getauxval(16), read_midr())"""


def run_on(kernel, stop_at):
    """Execute the notebook, up to the cell that holds stop_at (None: the whole notebook), in
    the kernel spec named kernel; return how it differs from the committed notebook and images/."""
    folder = Path(tempfile.mkdtemp(prefix=f"{kernel}_"))
    try:
        committed = nbformat.read(NOTEBOOK, as_version=4)
        stop = next((i for i, cell in enumerate(committed.cells) if stop_at and
                     stop_at in cell.source), len(committed.cells))
        nb = copy.deepcopy(committed)
        nb.cells = nb.cells[:stop]
        NotebookClient(nb, kernel_name=kernel, timeout=3600, startup_timeout=900,
                       record_timing=False,
                       resources={"metadata": {"path": str(folder)}}).execute()
        return [f"{where}: {how}" for where, how in
                compare(nb, committed, folder / "images", drop=QEMU_NOTICE)]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def write_kernel_spec(folder, name, argv, env=None):
    spec = Path(folder) / "kernels" / name
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [*map(str, argv), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "env": env or {}, "display_name": name, "language": "python"}))


def arm64_sysroot(folder):
    """Debian's arm64 CPython 3.11 and its libraries, unpacked into folder/root: apt-get
    downloads them with a package list of its own, dpkg -x unpacks them, nothing is installed."""
    apt = Path(folder) / "apt"
    for sub in ("lists/partial", "archives/partial", "state"):
        (apt / sub).mkdir(parents=True)
    (apt / "state" / "status").touch()  # as if nothing were installed: every dependency comes
    options = [f"-oDir::State={apt}/state", f"-oDir::State::Lists={apt}/lists",
               f"-oDir::State::status={apt}/state/status", f"-oDir::Cache={apt}/cache",
               f"-oDir::Cache::archives={apt}/archives", "-oAPT::Architecture=arm64",
               "-oAPT::Architectures::=arm64", "-oAPT::Sandbox::User=root", "-oDebug::NoLocking=1",
               "-qq"]
    subprocess.run(["apt-get", *options, "update"], check=True)
    subprocess.run(["apt-get", *options, "install", "--download-only", "--yes",
                    "--no-install-recommends", *ARM64_PACKAGES], check=True,
                   env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    root = Path(folder) / "root"
    for deb in sorted((apt / "archives").glob("*.deb")):
        subprocess.run(["dpkg", "-x", deb, root], check=True)
    return root


def arm64_wheels(folder, root):
    """The aarch64 wheels of requirements.txt, with their hashes, for Debian's Python."""
    python = root / "usr" / "bin" / "python3.11"
    version = subprocess.run(["qemu-aarch64", "-L", root, python, "-c",
                              "import platform; print(platform.python_version())"],
                             capture_output=True, text=True, check=True).stdout.strip()
    uv = install_resolver(Path(folder) / "resolver")
    site = Path(folder) / "site-packages"
    subprocess.run([uv, "pip", "install", "--no-config", "--quiet", "--target", site,
                    "--cache-dir", Path(folder) / "uv-cache",  # 2 GB, gone with the folder
                    "--python-platform", "aarch64-manylinux_2_28", "--python-version", version,
                    "--only-binary", ":all:", "--require-hashes", "-r", ROOT / "requirements.txt"],
                   check=True)
    return python, version, site


def arm64_cpuinfo(model, root, python):
    """/proc/cpuinfo as arm64 Linux writes it on this model, from the emulated CPU's own
    features and identification registers."""
    hwcap, midr = map(int, subprocess.run(
        ["qemu-aarch64", "-cpu", model, "-L", root, python, "-c", CPU_IDENTITY],
        capture_output=True, text=True, check=True).stdout.split())
    features = " ".join(name for bit, name in enumerate(HWCAP_NAMES) if hwcap >> bit & 1)
    return "".join(
        f"processor\t: {cpu}\nBogoMIPS\t: 50.00\nFeatures\t: {features}\n"
        f"CPU implementer\t: {midr >> 24:#04x}\nCPU architecture: 8\n"
        f"CPU variant\t: {midr >> 20 & 0xf:#x}\nCPU part\t: {midr >> 4 & 0xfff:#05x}\n"
        f"CPU revision\t: {midr & 0xf}\n\n"
        for cpu in range(os.cpu_count() or 1))


def prepare(architecture, qemu, models, folder):
    """Kernel specs in folder, one per model, named emulated_MODEL."""
    if architecture == "x86_64":
        for model in models:
            write_kernel_spec(folder, f"emulated_{model.lower()}",
                              [qemu, "-cpu", model, sys.executable])
        return
    root = arm64_sysroot(folder)
    python, version, site = arm64_wheels(folder, root)
    print(f"Debian's arm64 Python {version}, the lock's aarch64 wheels", flush=True)
    # the kernel's own mount namespace, in which /proc/cpuinfo is the model's
    mount_and_run = 'mount --bind "$0" /proc/cpuinfo && exec "$@"'
    unshare = ["unshare", "--mount"] + ([] if os.geteuid() == 0 else ["--map-root-user"])
    for model in models:
        cpuinfo = Path(folder) / f"cpuinfo_{model}"
        cpuinfo.write_text(arm64_cpuinfo(model, root, python))
        write_kernel_spec(folder, f"emulated_{model.lower()}",
                          [*unshare, "sh", "-c", mount_and_run, cpuinfo,
                           qemu, "-cpu", model, "-L", root, python],
                          env={"PYTHONPATH": str(site)})


def missing_tools(architecture):
    needed = [f"qemu-{architecture}"] + (["apt-get", "dpkg", "unshare"]
                                         if architecture == "aarch64" else [])
    return [tool for tool in needed if not shutil.which(tool)]


def check(architecture, models):
    """Run every model of one architecture side by side; 0, 1 or 2 as main() says."""
    missing = missing_tools(architecture)
    if missing:
        print(f"{', '.join(missing)} not found: install Debian's qemu-user "
              "(apt-get install qemu-user)", file=sys.stderr)
        return 2
    qemu = shutil.which(f"qemu-{architecture}")
    version = subprocess.run([qemu, "--version"], capture_output=True, text=True).stdout
    print(f"{version.splitlines()[0]}; CPU models: {', '.join(models)}", flush=True)
    with tempfile.TemporaryDirectory(prefix=f"emulated_{architecture}_") as folder:
        prepare(architecture, qemu, models, folder)
        os.environ["JUPYTER_PATH"] = folder  # where Jupyter finds the kernel specs
        kernels = [f"emulated_{model.lower()}" for model in models]
        with ThreadPoolExecutor(max_workers=len(models)) as pool:
            results = dict(zip(models, pool.map(run_on, kernels,
                                                [STOP_AT[architecture]] * len(models)),
                               strict=True))
    scope = f"up to '{STOP_AT[architecture]}'" if STOP_AT[architecture] else "in the notebook"
    for model, differences in results.items():
        if differences:
            print(f"qemu-{architecture} -cpu {model}: differs from the committed run in",
                  *differences, sep="\n  ")
        else:
            print(f"qemu-{architecture} -cpu {model}: every output and figure {scope} equals "
                  "the committed bytes")
    return 1 if any(results.values()) else 0


def main(arguments):
    if arguments and arguments[0] in MODELS:
        return check(arguments[0], arguments[1:] or list(MODELS[arguments[0]]))
    if arguments:
        sys.exit(f"usage: check_emulated_cpus.py [{' | '.join(MODELS)} [MODEL ...]]")
    return max(check(architecture, list(models)) for architecture, models in MODELS.items())


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
