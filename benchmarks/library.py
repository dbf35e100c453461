"""Speed and memory benchmark of infotheory_lib against reference implementations.

What is measured
----------------
Each row times one library function ("ours") and a reference computing the
same number on the same input:

1. ``entropy`` of 10^7 probabilities vs ``scipy.stats.entropy`` (both base 2),
   with all of its validation (finite, in [0, 1], sum 1 within 1e-9): target
   at most half of scipy's time (issue 13).
2. the same ``entropy`` vs the naive ``-np.sum(p * np.log(p))``, which checks
   nothing (informational: the price of the validation).
3. ``entropy`` of a batch of 10^5 distributions over 100 outcomes vs
   ``scipy.stats.entropy(..., axis=1)``.
4. ``cross_entropy(p, q)`` on 10^7 outcomes vs ``-sum(scipy.special.xlogy(p, q))``
   (scipy has no cross-entropy; this is its bare formula, unvalidated).
5. ``kl_divergence(p, q)`` on 10^7 outcomes vs ``scipy.stats.entropy(p, q)`` (both base 2).
6. ``mutual_information_from_samples`` on 10^6 correlated label pairs (20 x 30
   classes) vs ``sklearn.metrics.mutual_info_score`` (nats, converted for the check).
7. ``cross_entropy_loss`` on 10^5 x 100 logits with integer targets vs a naive
   numpy log-softmax (informational).

Every function is called once as a warm-up, then ours and the reference are
timed alternately with ``time.perf_counter`` (so drift in machine load hits
both alike) and the median over the runs is reported. Before timing, each
row asserts that ours and the reference agree (``np.isclose``), so a row
never compares two different computations.

A second table measures the peak memory that ``mutual_information_from_samples``
allocates during the call (``tracemalloc``, which sees numpy's buffers; the
inputs, built before tracing starts, are not counted) for two input sizes.
Peak bytes per sample that stay roughly constant as n grows show O(n) memory;
the input's own size and sklearn's peak are printed for scale.

How to read the output
----------------------
``ratio`` is ours / reference: below 1 means ours is faster. ``target`` is the
ratio the library aims for (``info`` rows have no target: they show the cost
of validation and exactness over the bare formula). ``met?`` says whether the
measured ratio is within the target.

Timings on a shared machine are noisy (a few tens of percent between runs);
the alternating order keeps the *ratio* more stable than either time.

Run ``python benchmarks/library.py`` (about 20-30 s) or add ``--quick`` for a
smoke test with small inputs and 3 runs.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
import tracemalloc

import numpy as np
import scipy
import scipy.special
import scipy.stats
import sklearn
from sklearn.metrics import mutual_info_score

from infotheory_lib import (
    cross_entropy,
    cross_entropy_loss,
    entropy,
    kl_divergence,
    mutual_information_from_samples,
)

SEED = 12345

SIZES = {
    "full": {"vector": 10**7, "pairs": 10**6, "rows": 10**5, "memory": (10**5, 10**6), "runs": 9},
    "quick": {"vector": 10**5, "pairs": 10**5, "rows": 10**4, "memory": (10**4, 10**5), "runs": 3},
}
N_CLASSES = 100  # logits columns in the cross-entropy row, outcomes per row of the entropy batch


# --------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------


def random_distribution(rng, n):
    """A random probability vector with strictly positive entries."""
    w = rng.random(n) + 1e-3
    return w / w.sum()


def correlated_labels(rng, n):
    """Integer labels x in 0..19 and y in 0..29 with y depending on x."""
    x = rng.integers(0, 20, size=n)
    y = (x + rng.integers(0, 10, size=n) + 3 * (x % 5)) % 30
    return x, y


def naive_entropy(p):
    return -np.sum(p * np.log(p))


def random_batch(rng, rows, n):
    """``rows`` random probability vectors over ``n`` outcomes, strictly positive."""
    w = rng.random((rows, n)) + 1e-3
    return w / w.sum(axis=1, keepdims=True)


def naive_cross_entropy(logits, targets):
    """Mean of -log softmax(logits)[target], the textbook way."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_norm = np.log(np.exp(shifted).sum(axis=1))
    picked = shifted[np.arange(len(targets)), targets]
    return np.mean(log_norm - picked)


# --------------------------------------------------------------------------
# Measurement
# --------------------------------------------------------------------------


def compare(ours, reference, runs):
    """Median wall time (ms) of two zero-argument callables, timed alternately."""
    ours()  # warm-up
    reference()
    times_ours, times_ref = [], []
    for _ in range(runs):
        for fn, times in ((ours, times_ours), (reference, times_ref)):
            start = time.perf_counter()
            fn()
            times.append(1e3 * (time.perf_counter() - start))
    return statistics.median(times_ours), statistics.median(times_ref)


def check_agree(case, ours, reference):
    """Refuse to time two computations that do not give the same number."""
    assert np.allclose(ours, reference, rtol=1e-9, atol=0.0), (
        f"{case}: ours={ours!r} but reference={reference!r}; not the same computation"
    )


def peak_bytes(fn):
    """Peak bytes allocated (as seen by tracemalloc) while ``fn()`` runs."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def speed_rows(sizes):
    """Build the inputs, check agreement, time each case; return table rows."""
    rng = np.random.default_rng(SEED)
    runs = sizes["runs"]
    n_vec, n_pairs, n_rows = sizes["vector"], sizes["pairs"], sizes["rows"]
    p = random_distribution(rng, n_vec)
    q = random_distribution(rng, n_vec)
    x, y = correlated_labels(rng, n_pairs)
    logits = 3.0 * rng.standard_normal((n_rows, N_CLASSES))
    targets = rng.integers(0, N_CLASSES, size=n_rows)
    batch = random_batch(rng, n_rows, N_CLASSES)

    cases = [
        # (case, ours, reference, ours converted to the reference's unit, target)
        (
            f"entropy, n={n_vec:.0e}, vs scipy.stats.entropy",
            lambda: entropy(p, base=2),
            lambda: scipy.stats.entropy(p, base=2),
            lambda value: value,
            0.5,
        ),
        (
            f"entropy, n={n_vec:.0e}, vs naive -sum(p log p)",
            lambda: entropy(p, base=2),
            lambda: naive_entropy(p),
            lambda value: value * np.log(2),  # bits -> nats
            None,
        ),
        (
            f"entropy, {n_rows:.0e} x {N_CLASSES}, vs scipy.stats.entropy(axis=1)",
            lambda: entropy(batch, base=2),
            lambda: scipy.stats.entropy(batch, base=2, axis=1),
            lambda value: value,
            0.5,
        ),
        (
            f"cross_entropy, n={n_vec:.0e}, vs -sum(scipy.special.xlogy(p, q))",
            lambda: cross_entropy(p, q, base=np.e),
            lambda: -np.sum(scipy.special.xlogy(p, q)),
            lambda value: value,
            1.0,
        ),
        (
            f"kl_divergence, n={n_vec:.0e}, vs scipy.stats.entropy(p, q)",
            lambda: kl_divergence(p, q, base=2),
            lambda: scipy.stats.entropy(p, q, base=2),
            lambda value: value,
            0.5,
        ),
        (
            f"mutual_information_from_samples, n={n_pairs:.0e}, vs sklearn mutual_info_score",
            lambda: mutual_information_from_samples(x, y, base=2),
            lambda: mutual_info_score(x, y),
            lambda value: value * np.log(2),  # bits -> nats
            0.5,
        ),
        (
            f"cross_entropy_loss, {n_rows:.0e} x {N_CLASSES}, vs naive log-softmax",
            lambda: cross_entropy_loss(logits, targets),
            lambda: naive_cross_entropy(logits, targets),
            lambda value: value,
            None,
        ),
    ]

    rows = []
    for case, ours, reference, to_reference_unit, target in cases:
        check_agree(case, to_reference_unit(ours()), reference())
        ours_ms, ref_ms = compare(ours, reference, runs)
        rows.append((case, ours_ms, ref_ms, target))
    return rows


def memory_rows(sizes):
    """Peak memory of mutual_information_from_samples for each n."""
    rng = np.random.default_rng(SEED)
    rows = []
    for n in sizes["memory"]:
        x, y = correlated_labels(rng, n)
        input_bytes = x.nbytes + y.nbytes
        ours = peak_bytes(lambda x=x, y=y: mutual_information_from_samples(x, y))
        reference = peak_bytes(lambda x=x, y=y: mutual_info_score(x, y))
        rows.append((n, input_bytes, ours, reference))
    return rows


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------


def markdown_table(header, rows):
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    lines = [
        "| " + " | ".join(str(cell).ljust(w) for cell, w in zip(line, widths, strict=True)) + " |"
        for line in (header, *rows)
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def format_speed(rows):
    header = ("case", "ours (ms, median)", "reference (ms, median)", "ratio ours/reference", "target", "met?")
    table = []
    for case, ours_ms, ref_ms, target in rows:
        ratio = ours_ms / ref_ms
        if target is None:
            target_text, met = "info", "-"
        else:
            target_text, met = f"<= {target:g}", "yes" if ratio <= target else "no"
        table.append((case, f"{ours_ms:.2f}", f"{ref_ms:.2f}", f"{ratio:.2f}", target_text, met))
    return markdown_table(header, table)


def format_memory(rows):
    header = (
        "n",
        "input (bytes/sample)",
        "ours peak (bytes/sample)",
        "ours peak / input",
        "sklearn peak (bytes/sample)",
    )
    table = [
        (
            f"{n:.0e}",
            f"{input_bytes / n:.1f}",
            f"{ours / n:.1f}",
            f"{ours / input_bytes:.2f}",
            f"{reference / n:.1f}",
        )
        for n, input_bytes, ours, reference in rows
    ]
    return markdown_table(header, table)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small inputs and 3 runs (smoke test)")
    args = parser.parse_args(argv)
    mode = "quick" if args.quick else "full"
    sizes = SIZES[mode]

    print(
        f"infotheory_lib benchmark ({mode}): median of {sizes['runs']} runs after 1 warm-up; "
        f"numpy {np.__version__}, scipy {scipy.__version__}, scikit-learn {sklearn.__version__}, "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs"
    )
    print()
    print(format_speed(speed_rows(sizes)))
    print()
    print(
        "Peak extra memory of mutual_information_from_samples during the call "
        "(tracemalloc; constant bytes/sample = O(n)):"
    )
    print()
    print(format_memory(memory_rows(sizes)))


if __name__ == "__main__":
    main()
