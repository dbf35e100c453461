"""Speed and size of the arithmetic coder, and the neural character model against the n-grams.

What is measured
----------------
All on the course corpus (``language.load_corpus()``) split as in notebook 06
(``train_test_split_text``, 10 % held out by whole paragraphs).

1. **Speed.** ``arithmetic_encode`` and ``arithmetic_decode`` of the held-out
   text (49,593 characters) with character n-gram models of order n = 1 … 6
   (k = 0.01, back-off) fitted on the training part. Each call builds its own
   cache of quantized distributions, so the time includes asking the model
   for the distribution of every distinct context (that dominates for large
   n). The reference is ``lzma.compress(text.encode(), preset=9)`` on the
   same text, timed alternately in the same loop; ``ratio`` = ours / lzma.
   Median over ``--runs`` runs (3 by default).
2. **Size.** For the same models: bytes of the arithmetic code, the ideal
   code length L = cross-entropy × length (``code_length_bits``) in bytes,
   the quantization cost (``code_length_bits(quantized=True) - L``, in bits)
   and the coder's overhead ``8 * bytes - L`` in bits (bound: quantization
   + 1 bit + 7 bits of padding). Then the whole ``compression_table``
   (UTF-8, order-0 entropy, Huffman, gzip, bz2, lzma).
3. **Neural model.** ``NeuralCharModel()`` with its defaults trained on the
   training part (one run: wall time and held-out bits per character), next
   to n-gram models n = 1 … 5 whose add-k constant is chosen on a validation
   split of the training part, as notebook 06 does. Then its arithmetic code
   of the held-out text (bytes, encode and decode time).

How to read the output
----------------------
Times are wall-clock seconds on this machine, which is shared: expect tens
of percent of noise; the ratio to lzma, measured in the same loop, is
steadier. ``--quick`` uses the first 5,000 held-out characters, one run and
n = 1, 3, and skips the neural model (a smoke test, a few seconds).

Run ``python benchmarks/arithmetic_coding.py`` (about 2-4 minutes).
"""

from __future__ import annotations

import argparse
import lzma
import os
import platform
import statistics
import time

import numpy as np

from infotheory_lib.language import CharNGramModel, load_corpus, train_test_split_text
from infotheory_lib.models import (
    NeuralCharModel,
    arithmetic_decode,
    arithmetic_encode,
    code_length_bits,
    compression_table,
)


def timed(func, *args, **kwargs):
    start = time.perf_counter()
    out = func(*args, **kwargs)
    return out, time.perf_counter() - start


def speed_table(text, models, runs):
    raw = text.encode("utf-8")
    print(f"\n1. Speed: {len(text):,} characters, median of {runs} run(s)")
    print(f"{'model':>8} {'encode s':>9} {'decode s':>9} {'lzma s':>8} {'enc/lzma':>9} {'chars/s enc':>12}")
    for n, model in models.items():
        enc, dec, ref = [], [], []
        for _ in range(runs):
            data, t_enc = timed(arithmetic_encode, text, model)
            back, t_dec = timed(arithmetic_decode, data, model, len(text))
            _, t_ref = timed(lzma.compress, raw, preset=9)
            assert back == text, f"round trip failed for n = {n}"
            enc.append(t_enc)
            dec.append(t_dec)
            ref.append(t_ref)
        e, d, r = statistics.median(enc), statistics.median(dec), statistics.median(ref)
        print(f"{'n = ' + str(n):>8} {e:9.3f} {d:9.3f} {r:8.3f} {e / r:9.1f} {len(text) / e:12,.0f}")


def size_table(text, models):
    print(f"\n2. Size: {len(text):,} characters")
    print(f"{'model':>8} {'bytes':>8} {'L/8':>10} {'bits/char':>9} {'quant. bits':>11} {'8·bytes − L':>12}")
    for n, model in models.items():
        data = arithmetic_encode(text, model)
        ideal = float(code_length_bits(text, model))
        quant = float(code_length_bits(text, model, quantized=True)) - ideal
        print(
            f"{'n = ' + str(n):>8} {len(data):8,d} {ideal / 8:10.2f} {ideal / len(text):9.4f} "
            f"{quant:11.2e} {8 * len(data) - ideal:12.2f}"
        )
    rows = compression_table(text, {f"n = {n}": m for n, m in models.items()})
    print(f"\n{'method':<36} {'bytes':>10} {'bits/char':>9}  kind")
    for row in rows:
        kind = "file" if row["real"] else "bound"
        print(f"{row['method']:<36} {row['bytes']:10,.1f} {row['bits_per_char']:9.3f}  {kind}")


def neural_table(train, test):
    fit_text, valid_text = train_test_split_text(train, test_fraction=0.1)
    ks = [1.0, 0.1, 0.01, 0.001]
    valid = [float(CharNGramModel(5, k=k, backoff=True).fit(fit_text).bits_per_char(valid_text)) for k in ks]
    k_best = ks[int(np.argmin(valid))]
    print(f"\n3. Neural model vs n-grams (k = {k_best:g} chosen on validation, back-off), held-out bits/char")
    for n in range(1, 6):
        bpc = float(CharNGramModel(n, k=k_best, backoff=True).fit(train).bits_per_char(test))
        print(f"  n-gram n = {n}: {bpc:.3f} bits/char, perplexity {2**bpc:6.2f}")
    model = NeuralCharModel()
    model.fit(train, test, progress=False)
    bpc = float(model.bits_per_char(test))
    print(
        f"  {model!r}: {bpc:.3f} bits/char, perplexity {2**bpc:6.2f}; "
        f"{model.n_parameters_:,} parameters, trained in {model.fit_seconds_:.1f} s "
        f"({model.epochs} epochs of {len(train):,} characters)"
    )
    print(
        "  curve (epoch: train / held-out bits/char): "
        + ", ".join(
            f"{e:.2f}: {a:.2f}/{b:.2f}"
            for e, a, b in zip(
                model.history_["epoch"],
                model.history_["train_bits"],
                model.history_["held_out_bits"],
                strict=True,
            )
        )
    )
    data, t_enc = timed(arithmetic_encode, test, model)
    back, t_dec = timed(arithmetic_decode, data, model, len(test))
    assert back == test, "round trip failed for the neural model"
    print(
        f"  arithmetic code of the held-out text: {len(data):,} bytes "
        f"(L/8 = {float(code_length_bits(test, model)) / 8:,.2f}); encode {t_enc:.1f} s, decode {t_dec:.1f} s"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="5,000 characters, 1 run, n = 1 and 3, no neural model"
    )
    parser.add_argument("--runs", type=int, default=3, help="timing runs per model (default 3)")
    parser.add_argument("--skip-neural", action="store_true", help="leave out the neural model (part 3)")
    args = parser.parse_args()
    print(
        f"Python {platform.python_version()}, numpy {np.__version__}, {os.cpu_count()} CPUs, {platform.machine()}"
    )
    train, test = train_test_split_text(load_corpus())
    orders = [1, 3] if args.quick else [1, 2, 3, 4, 5, 6]
    text = test[:5000] if args.quick else test
    runs = 1 if args.quick else args.runs
    models = {n: CharNGramModel(n, k=0.01, backoff=True).fit(train) for n in orders}
    speed_table(text, models, runs)
    size_table(text, models)
    if not (args.quick or args.skip_neural):
        neural_table(train, test)


if __name__ == "__main__":
    main()
