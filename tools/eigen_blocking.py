"""Can a CPU's cache sizes change a sum in the network's matrix products? Replays Eigen's
blocking heuristic and micro-kernel choice and answers for every product the MLP runs.

    python3 tools/eigen_blocking.py

With TENSORFLOW_USE_CUSTOM_CONTRACTION_KERNEL=false and one intra-op thread, TensorFlow's
MatMul is Eigen's single-threaded tensor contraction: computeProductBlockingSizes picks the depth
(kc), row (mc) and column (nc) blocks from the L1, L2 and L3 sizes it reads from the CPU, then
gebp_kernel runs each block through micro-kernels chosen by the row's and column's place in it.
This is a transcription of evaluateProductBlockingSizesHeuristic (one thread) as the
tensorflow-cpu 2.21.0 wheel ships it (include/Eigen/src/Core/products/GeneralBlockPanelKernel.h),
for float on a build for AVX without FMA, as the wheel is (TensorFlow's start-up notice asks to
"rebuild" for AVX2 and FMA): register tile mr = 16 rows, nr = 4 columns.

For each product it derives, over a grid of cache sizes, which depth blocks each output element's
sum is cut into and which micro-kernel adds it up (the 2- and 1-packet row kernels, the
half-packet and scalar row kernels, 4-column or 1-column), and prints whether that ever changes.
Exits 1 if it does.
"""

import itertools
import sys

MR, NR, FLOAT = 16, 4, 4  # register tile of Eigen's float gebp on AVX without FMA; bytes
ACTUAL_L2 = 1572864  # Eigen's fixed 1.5 MB stand-in for the L2 share of a core
KIB = 1024


def blocking(k, m, n, l1, l2, l3):
    """(kc, mc, nc) as evaluateProductBlockingSizesHeuristic returns them for one thread."""
    if max(k, m, n) < 48:
        return k, m, n
    k_div, k_sub = MR * FLOAT + NR * FLOAT, MR * NR * FLOAT
    max_kc = max(((l1 - k_sub) // k_div) & ~7, 1)
    old_k = k
    if k > max_kc:
        k = max_kc if k % max_kc == 0 else (
            max_kc - 8 * ((max_kc - 1 - k % max_kc) // (8 * (k // max_kc + 1))))
    remaining_l1 = l1 - k_sub - m * k * FLOAT
    if remaining_l1 >= NR * FLOAT * k:
        max_nc = remaining_l1 // (k * FLOAT)
    else:
        max_nc = (3 * ACTUAL_L2) // (2 * 2 * max_kc * FLOAT)
    nc = min(ACTUAL_L2 // (2 * k * FLOAT), max_nc) & ~(NR - 1)
    if n > nc:
        n = nc if n % nc == 0 else nc - NR * ((nc - n % nc) // (NR * (n // nc + 1)))
    elif old_k == k:
        problem, actual_lm, max_mc = k * n * FLOAT, ACTUAL_L2, m
        if problem <= 1024:
            actual_lm = l1
        elif l3 != 0 and problem <= 32768:
            actual_lm, max_mc = l2, min(576, max_mc)
        mc = min(actual_lm // (3 * k * FLOAT), max_mc)
        if mc > MR:
            mc -= mc % MR
        elif mc == 0:
            return k, m, n
        m = mc if m % mc == 0 else mc - MR * ((mc - m % mc) // (MR * (m // mc + 1)))
    return k, m, n


def row_kernel(rows, row):
    """gebp_kernel's micro-kernel for a row of a block of `rows` rows (8 floats a packet)."""
    two_packets = rows // 16 * 16
    one_packet = two_packets + (rows - two_packets) // 8 * 8
    half_packet = one_packet + (rows - one_packet) // 4 * 4
    if row < two_packets:
        return "2 packets"
    if row < one_packet:
        return "1 packet"  # adds even and odd depths in two accumulators
    return "half packet" if row < half_packet else "scalar"


def sums(k, m, n, l1, l2, l3):
    """How every output element's sum is made: its depth blocks, its row and column kernels."""
    kc, mc, nc = blocking(k, m, n, l1, l2, l3)
    mc, nc = min(m, mc), min(n, nc)
    depth_blocks = tuple(range(0, k, kc))
    rows = tuple(row_kernel(min(mc, m - i // mc * mc), i % mc) for i in range(m))
    columns = tuple((j % nc) < min(nc, n - j // nc * nc) // NR * NR for j in range(n))
    return depth_blocks, rows, columns


def products():
    """(k, m, n) of every MatMul in training, validation and prediction, in Eigen's column-major
    terms (TensorFlow's row-major output is swapped: m = units, n = batch rows)."""
    layers = [(21, 256), (256, 256), (256, 128), (128, 10)]  # (inputs, units)
    batches = (64, 41, 32, 28)  # training, last of 1257 rows, prediction, last of 540 rows
    found = set()
    for batch, (inputs, units) in itertools.product(batches, layers):
        found.add((inputs, units, batch))  # forward
        found.add((batch, units, inputs))  # gradient of the kernel: inputs^T x gradient
        found.add((units, inputs, batch))  # gradient of the inputs: gradient x kernel^T
    for inputs, units in layers:  # predict_on_batch: all 540 test rows at once, forward only
        found.add((inputs, units, 540))
    return sorted(found)


def main():
    caches = list(itertools.product(
        [32 * KIB, 48 * KIB, 64 * KIB, 80 * KIB, 128 * KIB, 192 * KIB],  # L1 data
        [s * KIB for s in (256, 512, 1024, 1280, 2048, 3072, 4096)],  # L2
        [s * KIB * KIB for s in (0, 2, 8, 32, 96)]))  # L3
    changing, every_product = 0, products()
    for k, m, n in every_product:
        ways = {sums(k, m, n, *cache) for cache in caches}
        blocks = sorted({blocking(k, m, n, *cache) for cache in caches})
        changing += len(ways) > 1
        verdict = "the same sums" if len(ways) == 1 else "SUMS CHANGE"
        print(f"k={k:3} m={m:3} n={n:3}: {verdict} for all {len(caches)} caches; "
              f"blocks (kc, mc, nc) seen: {blocks}")
    print(f"longest sum a 32 KiB L1 keeps in one depth block: {((32 * KIB - 256) // 80) & ~7}")
    print(f"{changing} of {len(every_product)} products add up differently on some cache sizes")
    return 1 if changing else 0


if __name__ == "__main__":
    sys.exit(main())
