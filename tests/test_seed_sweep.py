"""The seed sweep script, end to end on a small budget."""

import re
import statistics
import subprocess
import sys

from conftest import ROOT

SWEEP = ROOT / "benchmarks" / "seed_sweep.py"
ROW = re.compile(r"^\| (\d+) \| (\d\.\d{4}) \| (\d+\.\d) \| (\d+) \|$", flags=re.MULTILINE)


def run_sweep(*args):
    return subprocess.run([sys.executable, str(SWEEP), *args], capture_output=True, text=True,
                          cwd=ROOT)


def assert_summary_line(output, name, values):
    """The sweep's line for name gives the mean, sd, min and max of values."""
    line = re.search(rf"^{name}: mean (\d\.\d{{4}}) ± (\d\.\d{{4}}) \(sd\), "
                     rf"min (\d\.\d{{4}}), max (\d\.\d{{4}})$", output, flags=re.MULTILINE)
    assert line, f"no summary line for {name}"
    mean, spread, lowest, highest = map(float, line.groups())
    assert abs(mean - statistics.mean(values)) <= 5e-5
    assert abs(spread - statistics.stdev(values)) <= 5e-5
    assert (lowest, highest) == (min(values), max(values))


def test_two_seed_sweep_prints_a_table_that_adds_up():
    result = run_sweep("--seeds", "2", "--first-seed", "5", "--epochs", "2")
    assert result.returncode == 0, result.stderr
    rows = ROW.findall(result.stdout)
    assert [int(seed) for seed, *_ in rows] == [5, 6]
    accuracies = [float(accuracy) for _, accuracy, _, _ in rows]
    assert all(0 <= accuracy <= 1 for accuracy in accuracies)
    assert all(float(seconds) > 0 and int(peak) > 100 for _, _, seconds, peak in rows)
    assert_summary_line(result.stdout, "test accuracy", accuracies)
    assert "[2/2] seed 6" in result.stderr  # progress while it runs


def test_bad_seed_count_is_refused_before_any_run():
    result = run_sweep("--seeds", "0")
    assert result.returncode == 2
    assert "--seeds" in result.stderr and "positive integer" in result.stderr
    assert result.stdout == ""


SPLIT_ROW = re.compile(r"^\| (\d+) \| (\d\.\d{4}) \| (\d\.\d{4}) \| ([+-]\d\.\d{4}) "
                       r"\| (\d+\.\d) \| (\d+) \|$", flags=re.MULTILINE)


def test_two_split_sweep_compares_the_network_and_the_svc_on_each_split():
    result = run_sweep("--vary", "split", "--seeds", "2", "--first-seed", "3", "--epochs", "2")
    assert result.returncode == 0, result.stderr
    rows = SPLIT_ROW.findall(result.stdout)
    assert [int(split) for split, *_ in rows] == [3, 4]
    networks = [float(network) for _, network, *_ in rows]
    svcs = [float(svc) for _, _, svc, *_ in rows]
    for network, svc, (*_, difference, _, _) in zip(networks, svcs, rows, strict=True):
        assert round(svc - network, 4) == float(difference)
    # two epochs leave the network far behind; the SVC does not depend on the epochs
    assert all(svc > 0.95 for svc in svcs) and all(0 <= network <= 1 for network in networks)
    assert_summary_line(result.stdout, "network", networks)
    assert_summary_line(result.stdout, "RBF SVC", svcs)
    ahead = sum(svc > network for network, svc in zip(networks, svcs, strict=True))
    behind = sum(svc < network for network, svc in zip(networks, svcs, strict=True))
    assert (f"RBF SVC ahead on {ahead} of 2 splits, behind on {behind}, level on "
            f"{2 - ahead - behind}") in result.stdout
    assert "[2/2] split 4" in result.stderr
