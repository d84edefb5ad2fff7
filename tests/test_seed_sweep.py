"""The seed sweep script, end to end on a small budget.

Regression tried (issue 39): the split sweep returning the accuracies rounded to 4 decimals, as
printed, so that it subtracts rounded values: test_two_split_sweep_compares_the_network_and_the_svc_
on_each_split, whose splits 3 and 4 then differ by 0.0166 and 0.0129 instead of 0.0167 and 0.0130.
"""

import math
import re
import statistics
import subprocess
import sys

import numpy as np
from conftest import ROOT
from scipy import stats
from sklearn.model_selection import train_test_split

SWEEP = ROOT / "benchmarks" / "seed_sweep.py"
ROW = re.compile(r"^\| (\d+) \| (\d\.\d{4}) \| (\d+\.\d) \| (\d+) \|$", flags=re.MULTILINE)


def counted(accuracy, n_test=540):
    """A test accuracy printed to 4 decimals, as the count of correct images over n_test that it
    rounds (on 540 images, counts are 0.00185 apart: one count rounds to each printed value)."""
    exact = round(accuracy * n_test) / n_test
    assert round(exact, 4) == accuracy, f"{accuracy} is no count over {n_test}"
    return exact


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
    assert (lowest, highest) == (round(min(values), 4), round(max(values), 4))


def test_two_seed_sweep_prints_a_table_that_adds_up():
    result = run_sweep("--seeds", "2", "--first-seed", "5", "--epochs", "2")
    assert result.returncode == 0, result.stderr
    rows = ROW.findall(result.stdout)
    assert [int(seed) for seed, *_ in rows] == [5, 6]
    accuracies = [counted(float(accuracy)) for _, accuracy, _, _ in rows]
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
    networks = [counted(float(network)) for _, network, *_ in rows]
    svcs = [counted(float(svc)) for _, _, svc, *_ in rows]
    # each difference is one of counts over 540, not of the rounded accuracies printed
    differences = [svc - network for network, svc in zip(networks, svcs, strict=True)]
    assert [round(d, 4) for d in differences] == [float(row[3]) for row in rows]
    # two epochs leave the network far behind; the SVC does not depend on the epochs
    assert all(svc > 0.95 for svc in svcs) and all(0 <= network <= 1 for network in networks)
    assert_summary_line(result.stdout, "network", networks)
    assert_summary_line(result.stdout, "RBF SVC", svcs)
    ahead = sum(svc > network for network, svc in zip(networks, svcs, strict=True))
    behind = sum(svc < network for network, svc in zip(networks, svcs, strict=True))
    assert (f"RBF SVC ahead on {ahead} of 2 splits, behind on {behind}, level on "
            f"{2 - ahead - behind}") in result.stdout
    assert "[2/2] split 4" in result.stderr
    assert_summary_line(result.stdout, "SVC - network", differences)
    assert_corrected_t_test(result.stdout, differences)
    assert_shared_test_images(result.stdout, [3, 4])


def corrected_t_test(differences, n_train=1257, n_test=540):
    """(t, two-sided p): Nadeau and Bengio's corrected resampled t-test for the mean of paired
    differences over k random splits of n_train training and n_test test images (by default the
    notebook's 70/30 split of 1797), recomputed here from its definition."""
    k = len(differences)
    standard_error = math.sqrt((1 / k + n_test / n_train) * statistics.variance(differences))
    t = statistics.mean(differences) / standard_error
    return t, 2 * stats.t.cdf(-abs(t), k - 1)


T_TEST_LINE = re.compile(r"^corrected resampled t-test of SVC - network \(Nadeau and Bengio "
                         r"2003, variance times 1/(\d+) \+ (\d+)/(\d+)\): t = (-?\d+\.\d\d), "
                         r"(\d+) df, two-sided p = (\d\.\d{3})$", flags=re.MULTILINE)


def assert_corrected_t_test(output, differences):
    """The sweep's t-test line: k splits, 540 test and 1257 training images, and the t and p
    recomputed here; returns (t, degrees of freedom, p) as printed."""
    line = T_TEST_LINE.search(output)
    assert line, "no t-test line"
    k, n_test, n_train, t, df, p = line.groups()
    assert (int(k), int(n_test), int(n_train), int(df)) == (len(differences), 540, 1257,
                                                            len(differences) - 1)
    expected_t, expected_p = corrected_t_test(differences)
    assert (float(t), float(p)) == (round(expected_t, 2), round(expected_p, 3))
    return float(t), int(df), float(p)


def assert_shared_test_images(output, split_states):
    """The sweep's line on how many test images two of its splits share, recounted here from
    the splits as the notebook draws them; returns (mean, fewest, most)."""
    test_sets = [set(train_test_split(np.arange(1797), train_size=0.7, random_state=state)[1])
                 for state in split_states]
    shared = [len(a & b) for i, a in enumerate(test_sets) for b in test_sets[i + 1:]]
    assert (f"test sets: any two share {statistics.mean(shared):.0f} of 540 images on average "
            f"({min(shared)} to {max(shared)})") in output
    return statistics.mean(shared), min(shared), max(shared)
