"""Bad input raises an error that names the argument; valid input never warns.

API contract (one policy, ``infotheory_lib._checks``): a wrong *type* raises
``TypeError`` (a str, None, a list or a complex where a number is required,
a bool where a number is required, a float such as ``2.0`` where an integer
is required, anything but True/False for a flag); a value *out of range*
raises ``ValueError`` (NaN, inf, zero or a negative number where a positive
one is required, a distribution that does not sum to 1, an unknown choice).
Either way the message names the argument. Every public function of the
compute modules (measures, losses, gaussian, estimators) is covered for its
array arguments; every public function with a scalar argument (those and
coding, language, calibration, trees, models) for its scalar arguments.
"""

from __future__ import annotations

import math
import re
import warnings
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

import infotheory_lib as itl
from infotheory_lib import coding, language, models, trees

nan, inf = np.nan, np.inf


def names(*args):
    """A regex that matches only if every argument name appears as a word."""
    return "(?s)" + "".join(rf"(?=.*\b{re.escape(a)}\b)" for a in args)


# ---------------------------------------------------------------------------
# One valid call per function, and the kind of each array argument.
#   dist   : probability vector(s) along the last axis (sum to 1)
#   joint  : joint table (sums to 1 over the last two axes)
#   probs  : probabilities in [0, 1], elementwise
#   real   : finite real numbers
#   sigma  : finite numbers > 0
#   labels : a 1-D sequence of discrete labels
#   nll    : a mean negative log-likelihood (>= 0, inf allowed)
# ---------------------------------------------------------------------------

SPECS = {
    "surprise": (itl.surprise, {"p": [0.5, 0.25]}, {"p": "probs"}),
    "entropy": (itl.entropy, {"p": [0.5, 0.5]}, {"p": "dist"}),
    "binary_entropy": (itl.binary_entropy, {"p": [0.1, 0.5]}, {"p": "probs"}),
    "joint_entropy": (itl.joint_entropy, {"joint": [[0.25, 0.25], [0.25, 0.25]]}, {"joint": "joint"}),
    "conditional_entropy": (
        itl.conditional_entropy,
        {"joint": [[0.25, 0.25], [0.25, 0.25]]},
        {"joint": "joint"},
    ),
    "mutual_information": (
        itl.mutual_information,
        {"joint": [[0.25, 0.25], [0.25, 0.25]]},
        {"joint": "joint"},
    ),
    "cross_entropy": (itl.cross_entropy, {"p": [0.5, 0.5], "q": [0.25, 0.75]}, {"p": "dist", "q": "dist"}),
    "kl_divergence": (itl.kl_divergence, {"p": [0.5, 0.5], "q": [0.25, 0.75]}, {"p": "dist", "q": "dist"}),
    "js_divergence": (itl.js_divergence, {"p": [0.5, 0.5], "q": [0.25, 0.75]}, {"p": "dist", "q": "dist"}),
    "distribution_perplexity": (itl.distribution_perplexity, {"p": [0.5, 0.5]}, {"p": "dist"}),
    "perplexity": (itl.perplexity, {"token_probs": [0.5, 0.25]}, {"token_probs": "probs"}),
    "perplexity_from_nll": (itl.perplexity_from_nll, {"mean_nll": [1.0, 2.0]}, {"mean_nll": "nll"}),
    "softmax": (itl.softmax, {"logits": [1.0, 2.0]}, {"logits": "real"}),
    "log_softmax": (itl.log_softmax, {"logits": [1.0, 2.0]}, {"logits": "real"}),
    "cross_entropy_loss": (
        itl.cross_entropy_loss,
        {"logits": [[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]], "target": np.array([0, 2])},
        {"logits": "real"},
    ),
    "cross_entropy_loss(prob target)": (
        itl.cross_entropy_loss,
        {"logits": [[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]], "target": [[0.2, 0.3, 0.5], [1.0, 0.0, 0.0]]},
        {"target": "dist"},
    ),
    "binary_cross_entropy": (
        itl.binary_cross_entropy,
        {"y_true": [1.0, 0.0], "y_prob": [0.9, 0.2]},
        {"y_true": "probs", "y_prob": "probs"},
    ),
    "binary_cross_entropy_with_logits": (
        itl.binary_cross_entropy_with_logits,
        {"y_true": [1.0, 0.0], "logits": [2.0, -1.0]},
        {"y_true": "probs", "logits": "real"},
    ),
    "gaussian_entropy": (itl.gaussian_entropy, {"sigma": [1.0, 2.0]}, {"sigma": "sigma"}),
    "kl_normal": (
        itl.kl_normal,
        {"mu_p": [0.0, 1.0], "sigma_p": [1.0, 2.0], "mu_q": [0.5, 0.0], "sigma_q": [1.0, 1.0]},
        {"mu_p": "real", "sigma_p": "sigma", "mu_q": "real", "sigma_q": "sigma"},
    ),
    "kl_gaussian": (
        itl.kl_gaussian,
        {"mu": [0.5, -0.3, 0.1], "log_var": [-0.5, 0.2, -0.1]},
        {"mu": "real", "log_var": "real"},
    ),
    "entropy_from_samples": (itl.entropy_from_samples, {"samples": [1, 2, 2, 3]}, {"samples": "labels"}),
    "mutual_information_from_samples": (
        itl.mutual_information_from_samples,
        {"x": [1, 2, 2, 3], "y": ["a", "b", "b", "a"]},
        {"x": "labels", "y": "labels"},
    ),
    "ksg_mutual_information": (
        itl.ksg_mutual_information,
        {"x": np.linspace(0.0, 1.0, 12), "y": np.linspace(0.0, 1.0, 12) ** 2},
        {"x": "real", "y": "real"},
    ),
}

WITH_BASE = [
    "surprise",
    "entropy",
    "binary_entropy",
    "joint_entropy",
    "conditional_entropy",
    "mutual_information",
    "cross_entropy",
    "kl_divergence",
    "js_divergence",
    "perplexity_from_nll",
    "cross_entropy_loss",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "gaussian_entropy",
    "kl_normal",
    "entropy_from_samples",
    "mutual_information_from_samples",
    "ksg_mutual_information",
]

WITH_AXIS = [
    "entropy",
    "cross_entropy",
    "kl_divergence",
    "js_divergence",
    "distribution_perplexity",
    "perplexity",
    "softmax",
    "log_softmax",
    "kl_gaussian",
]

WITH_REDUCTION = ["cross_entropy_loss", "binary_cross_entropy", "binary_cross_entropy_with_logits"]

WITH_NORMALIZE = ["entropy", "cross_entropy", "kl_divergence", "js_divergence"]


def _set_first(value, new):
    arr = np.array(value, dtype=float)
    arr.flat[0] = new
    return arr


def _shift_mass(value, new):
    """Set the first entry to ``new`` and keep the sum (so only the range is wrong)."""
    arr = np.array(value, dtype=float)
    arr.flat[1] += arr.flat[0] - new
    arr.flat[0] = new
    return arr


def _strings(value):
    return np.full(np.shape(value), "a").tolist()


def bad_values(kind, value):
    """(label, bad value, expected exception) for an argument of this kind."""
    if kind == "labels":
        return [
            ("empty", [], ValueError),
            ("string", "abc", TypeError),
            ("None", None, TypeError),
            ("2-D array", np.array([[1, 2], [3, 4]]), ValueError),
            ("rows of labels", [[1, 2], [3, 4]], ValueError),
            ("ragged unhashable labels", [[1, 2], [3]], TypeError),
            ("masked", np.ma.array([1, 2, 2], mask=[0, 0, 1]), TypeError),
            ("nan label", [1.0, nan, 2.0, 1.0], ValueError),
            ("complex labels", [1 + 1j, 2, 2, 1], TypeError),
        ]
    common = [
        ("empty", [], ValueError),
        ("string", "abc", TypeError),
        ("None", None, TypeError),
    ]
    numeric = [
        ("strings", _strings(value), TypeError),
        ("complex", np.asarray(value) + 1j, TypeError),
        ("nan", _set_first(value, nan), ValueError),
        ("-inf", _set_first(value, -inf), ValueError),
    ]
    out = common + numeric
    if kind != "nll":  # a mean NLL of +inf is valid: a token had probability 0
        out.append(("+inf", _set_first(value, inf), ValueError))
    if kind in ("dist", "joint"):
        out += [
            ("negative", _shift_mass(value, -0.1), ValueError),
            ("above one", _shift_mass(value, 1.5), ValueError),
            ("sum 0.6", np.asarray(value, dtype=float) * 0.6, ValueError),
            ("sum 1.1", np.asarray(value, dtype=float) * 1.1, ValueError),
        ]
    if kind == "probs":
        out += [
            ("negative", _set_first(value, -0.1), ValueError),
            ("above one", _set_first(value, 1.5), ValueError),
        ]
    if kind == "sigma":
        out += [
            ("zero", _set_first(value, 0.0), ValueError),
            ("negative", _set_first(value, -1.0), ValueError),
        ]
    if kind == "nll":
        out += [("negative", _set_first(value, -1.0), ValueError)]
    if kind == "joint":
        out += [("1-D", [0.5, 0.5], ValueError)]
    return out


def _bad_argument_cases():
    for fname, (func, valid, kinds) in SPECS.items():
        for arg, kind in kinds.items():
            for label, bad, exc in bad_values(kind, valid[arg]):
                yield pytest.param(func, {**valid, arg: bad}, exc, arg, id=f"{fname}-{arg}-{label}")


@pytest.mark.parametrize(("func", "kwargs", "exc", "arg"), list(_bad_argument_cases()))
def test_bad_argument_raises_naming_it(func, kwargs, exc, arg):
    with pytest.raises(exc, match=names(arg)):
        func(**kwargs)


@pytest.mark.parametrize("fname", list(SPECS))
def test_valid_calls_of_the_table_succeed(fname):
    # guards the table above: each bad case differs from a call that works
    func, valid, _ = SPECS[fname]
    result = func(**valid)
    assert not np.any(np.isnan(result))


# ---------------------------------------------------------------------------
# base
# ---------------------------------------------------------------------------

BAD_BASE_VALUES = [0, 0.0, -1, -2.5, 1, 1.0, inf, -inf, nan]
BAD_BASE_TYPES = ["2", None, True, np.True_, [2], np.array([2.0]), 2 + 0j]


@pytest.mark.parametrize("base", BAD_BASE_VALUES, ids=repr)
@pytest.mark.parametrize("fname", WITH_BASE)
def test_base_out_of_range_is_a_value_error(fname, base):
    func, valid, _ = SPECS[fname]
    with pytest.raises(ValueError, match=names("base")):
        func(**valid, base=base)


@pytest.mark.parametrize("base", BAD_BASE_TYPES, ids=repr)
@pytest.mark.parametrize("fname", WITH_BASE)
def test_base_of_a_wrong_type_is_a_type_error(fname, base):
    func, valid, _ = SPECS[fname]
    with pytest.raises(TypeError, match=names("base")):
        func(**valid, base=base)


def test_base_result_is_the_nats_divided_by_the_log_of_the_base():
    p = [0.1, 0.2, 0.7]
    nats = itl.entropy(p, base=np.e)
    for base in (2, 10, 0.5, Decimal("10"), Fraction(1, 3), np.array(2.0)):
        # math.log, as the library: numpy 1.26's SIMD log of 10.0 is 1 ulp off the correctly rounded value
        assert itl.entropy(p, base=base) == nats / math.log(float(base))
    assert itl.entropy(p, base=np.e) == -np.sum(np.array(p) * np.log(p))  # e: unchanged nats


@pytest.mark.parametrize("base", [2, np.e, 10, 0.5, 1.5, 1e-300, 1e300, np.float32(2.0), 3])
@pytest.mark.parametrize("fname", WITH_BASE)
def test_any_finite_positive_base_other_than_one_is_allowed(fname, base):
    func, valid, _ = SPECS[fname]
    result = func(**valid, base=base)
    assert not np.any(np.isnan(result))
    if fname != "perplexity_from_nll":  # base 1e300 ** 2 overflows: an infinite perplexity
        assert np.all(np.isfinite(result))


# ---------------------------------------------------------------------------
# axis, reduction, shapes
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("axis", "exc"), [(5, ValueError), (-3, ValueError), (1.0, TypeError), ("0", TypeError)]
)
@pytest.mark.parametrize("fname", WITH_AXIS)
def test_bad_axis(fname, axis, exc):
    func, valid, _ = SPECS[fname]
    with pytest.raises(exc, match=names("axis")):
        func(**valid, axis=axis)


@pytest.mark.parametrize("reduction", ["avg", "MEAN", "", None, 1, "elementwise_mean"])
@pytest.mark.parametrize("fname", WITH_REDUCTION)
def test_bad_reduction(fname, reduction):
    func, valid, _ = SPECS[fname]
    with pytest.raises(ValueError, match=names("reduction")):
        func(**valid, reduction=reduction)


@pytest.mark.parametrize(
    ("func", "kwargs", "arg_names"),
    [
        (itl.cross_entropy, {"p": [[0.5, 0.5]] * 2, "q": [[0.5, 0.5]] * 3}, ("p", "q")),
        (itl.kl_divergence, {"p": [[0.5, 0.5]] * 2, "q": [[0.5, 0.5]] * 3}, ("p", "q")),
        (itl.js_divergence, {"p": [[0.5, 0.5]] * 2, "q": [[0.5, 0.5]] * 3}, ("p", "q")),
        (itl.cross_entropy, {"p": [0.5, 0.5], "q": [0.2, 0.3, 0.5]}, ("p", "q")),  # outcome counts differ
        (itl.kl_divergence, {"p": [0.2, 0.3, 0.5], "q": [0.5, 0.5]}, ("p", "q")),
        (itl.js_divergence, {"p": [0.5, 0.5], "q": [0.2, 0.3, 0.5]}, ("p", "q")),
        (itl.binary_cross_entropy, {"y_true": [1.0, 0.0, 1.0], "y_prob": [0.5, 0.5]}, ("y_true", "y_prob")),
        (
            itl.binary_cross_entropy_with_logits,
            {"y_true": [1.0, 0.0, 1.0], "logits": [0.5, 0.5]},
            ("y_true", "logits"),
        ),
        (
            itl.kl_normal,
            {"mu_p": [0.0, 0.0], "sigma_p": [1.0, 1.0, 1.0], "mu_q": 0.0, "sigma_q": 1.0},
            ("mu_p", "sigma_p"),
        ),
        (itl.kl_gaussian, {"mu": [0.0, 0.0], "log_var": [0.0, 0.0, 0.0]}, ("mu", "log_var")),
        (itl.mutual_information_from_samples, {"x": [1, 2, 3], "y": [1, 2]}, ("x", "y")),
        (itl.ksg_mutual_information, {"x": np.arange(10.0), "y": np.arange(5.0)}, ("x", "y")),
    ],
)
def test_incompatible_shapes_name_both_arguments(func, kwargs, arg_names):
    with pytest.raises(ValueError, match=names(*arg_names)):
        func(**kwargs)


@pytest.mark.parametrize(
    ("func", "kwargs", "arg"),
    [
        (itl.entropy, {"p": 0.5}, "p"),  # a scalar has no outcome axis
        (itl.distribution_perplexity, {"p": 1.0}, "p"),
        (itl.perplexity, {"token_probs": 0.5}, "token_probs"),
        (itl.softmax, {"logits": 1.0}, "logits"),
        (itl.log_softmax, {"logits": 1.0}, "logits"),
        (itl.cross_entropy_loss, {"logits": 1.0, "target": 0}, "logits"),
        (itl.kl_gaussian, {"mu": 0.0, "log_var": 0.0}, "mu"),
        (itl.joint_entropy, {"joint": [[]]}, "joint"),
        (itl.entropy, {"p": np.zeros((3, 0))}, "p"),
        (itl.entropy_from_samples, {"samples": 5}, "samples"),
        (itl.ksg_mutual_information, {"x": np.zeros((10, 2, 2)), "y": np.arange(10.0)}, "x"),
    ],
)
def test_missing_outcome_axis_or_wrong_rank(func, kwargs, arg):
    with pytest.raises(ValueError, match=names(arg)):
        func(**kwargs)


def test_ragged_input_is_an_error_naming_the_argument():
    with pytest.raises(ValueError, match=names("p")):
        itl.entropy([[0.5, 0.5], [1.0]])
    with pytest.raises(ValueError, match=names("q")):
        itl.kl_divergence([0.5, 0.5], [[0.5, 0.5], [1.0]])


# ---------------------------------------------------------------------------
# normalize
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("fname", WITH_NORMALIZE)
def test_normalize_fixes_sums(fname):
    func, valid, kinds = SPECS[fname]
    for factor in (0.37, 3.7, 1e-200, 1e200):
        weights = {k: np.asarray(v, dtype=float) * factor for k, v in valid.items()}
        for arg in kinds:
            if factor < 1:  # entries in range, wrong sum: the message suggests normalize=True
                with pytest.raises(ValueError, match=names(arg) + ".*normalize=True"):
                    func(**{**valid, arg: weights[arg]})
            else:  # entries above 1
                with pytest.raises(ValueError, match=names(arg)):
                    func(**{**valid, arg: weights[arg]})
        np.testing.assert_allclose(func(**weights, normalize=True), func(**valid), rtol=1e-14, atol=0)


@pytest.mark.parametrize("fname", WITH_NORMALIZE)
@pytest.mark.parametrize(
    ("label", "bad"),
    [
        ("all zero", [0.0, 0.0]),
        ("negative", [-1.0, 3.0]),
        ("nan", [nan, 1.0]),
        ("inf", [inf, 1.0]),
        ("batch row all zero", [[1.0, 1.0], [0.0, 0.0]]),
    ],
)
def test_normalize_still_rejects_bad_weights(fname, label, bad):
    func, valid, kinds = SPECS[fname]
    for arg in kinds:
        with pytest.raises(ValueError, match=names(arg)):
            func(**{**valid, arg: bad}, normalize=True)


def test_sum_tolerance_is_1e_9():
    itl.entropy([0.5, 0.5 + 5e-10])  # within tolerance: accepted
    with pytest.raises(ValueError, match=names("p")):
        itl.entropy([0.5, 0.5 + 5e-9])


# ---------------------------------------------------------------------------
# function-specific parameters
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "exc"),
    [
        (np.array([0, 3]), ValueError),  # class index out of range (3 classes)
        (np.array([-1, 0]), ValueError),
        (np.array([0]), ValueError),  # one index per sample
        (np.array([[0, 1]]), ValueError),
        ([0.0, 1.0], ValueError),  # float targets must be probability rows shaped like logits
        ([[0.5, 0.5], [0.5, 0.5]], ValueError),
        ([True, False], TypeError),
        (["a", "b"], TypeError),
        ("ab", TypeError),
        (None, TypeError),
        ([], ValueError),
    ],
    ids=repr,
)
def test_cross_entropy_loss_bad_target(target, exc):
    with pytest.raises(exc, match=names("target")):
        itl.cross_entropy_loss([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]], target)


def test_cross_entropy_loss_class_index_message_gives_valid_range():
    with pytest.raises(ValueError, match=r"target.*\b3\b.*3 classes"):
        itl.cross_entropy_loss([[1.0, 2.0, 3.0]], [3])


@pytest.mark.parametrize(
    ("label_smoothing", "exc"),
    [
        (-0.1, ValueError),
        (1.1, ValueError),
        (nan, ValueError),
        (inf, ValueError),
        ("0.1", TypeError),
        (None, TypeError),
        (True, TypeError),
        ([0.1], TypeError),
    ],
    ids=repr,
)
def test_cross_entropy_loss_bad_label_smoothing(label_smoothing, exc):
    with pytest.raises(exc, match=names("label_smoothing")):
        itl.cross_entropy_loss([[1.0, 2.0]], np.array([0]), label_smoothing=label_smoothing)


@pytest.mark.parametrize(
    ("temperature", "exc"),
    [
        (0, ValueError),
        (0.0, ValueError),
        (-1.0, ValueError),
        (inf, ValueError),
        (nan, ValueError),
        ("1", TypeError),
        (None, TypeError),
        (True, TypeError),
    ],
    ids=repr,
)
@pytest.mark.parametrize("func", [itl.softmax, itl.log_softmax])
def test_bad_temperature(func, temperature, exc):
    with pytest.raises(exc, match=names("temperature")):
        func([1.0, 2.0], temperature=temperature)


@pytest.mark.parametrize("correction", ["mm", "Miller-Madow", "miller_madow", "", True, 1, "none"], ids=repr)
def test_bad_correction(correction):
    with pytest.raises(ValueError, match=names("correction")):
        itl.entropy_from_samples([1, 2, 2], correction=correction)


@pytest.mark.parametrize("k", [10, 20])
def test_ksg_needs_more_samples_than_k(k):
    with pytest.raises(ValueError, match=names("k")):
        itl.ksg_mutual_information(np.arange(10.0), np.arange(10.0) ** 2, k=k)


# ---------------------------------------------------------------------------
# valid input never warns (and never gives NaN)
# ---------------------------------------------------------------------------

VALID_EDGE_CASES = [
    ("surprise 0 and 1", lambda: itl.surprise([0.0, 1.0, 0.5]), [inf, 0.0, 1.0]),
    ("surprise scalar 0", lambda: itl.surprise(0.0), inf),
    ("entropy with zeros", lambda: itl.entropy([0.0, 1.0, 0.0]), 0.0),
    ("entropy batch with zero rows entries", lambda: itl.entropy([[1.0, 0.0], [0.0, 1.0]]), [0.0, 0.0]),
    ("entropy normalize counts", lambda: itl.entropy([0, 2, 2], normalize=True), 1.0),
    ("entropy normalize overflowing sum", lambda: itl.entropy([1e308] * 4, normalize=True), 2.0),
    ("binned MI huge finite values", lambda: itl.binned_mutual_information([-10.0, 1e19], [0.0, 1.0]), 1.0),
    ("binary entropy 0 and 1", lambda: itl.binary_entropy([0.0, 1.0]), [0.0, 0.0]),
    ("binary entropy subnormal", lambda: itl.binary_entropy(5e-324), None),
    ("cross entropy q = 0 < p", lambda: itl.cross_entropy([0.5, 0.5], [1.0, 0.0]), inf),
    ("cross entropy zeros in both", lambda: itl.cross_entropy([1.0, 0.0], [1.0, 0.0]), 0.0),
    ("kl q = 0 < p", lambda: itl.kl_divergence([0.5, 0.5], [1.0, 0.0]), inf),
    ("kl zeros in p", lambda: itl.kl_divergence([0.0, 1.0], [0.5, 0.5]), 1.0),
    ("kl zeros in both", lambda: itl.kl_divergence([1.0, 0.0], [1.0, 0.0]), 0.0),
    ("kl subnormal q", lambda: itl.kl_divergence([0.5, 0.5], [1.0, 5e-324]), None),
    (
        "kl batch mixing inf rows",
        lambda: itl.kl_divergence([[0.5, 0.5], [0.5, 0.5]], [[1.0, 0.0], [0.5, 0.5]]),
        [inf, 0.0],
    ),
    ("js disjoint", lambda: itl.js_divergence([1.0, 0.0], [0.0, 1.0]), 1.0),
    ("js zeros in both", lambda: itl.js_divergence([1.0, 0.0], [1.0, 0.0]), 0.0),
    ("mi zero row", lambda: itl.mutual_information([[0.5, 0.5], [0.0, 0.0]]), 0.0),
    ("mi zero column", lambda: itl.mutual_information([[0.5, 0.0], [0.5, 0.0]]), 0.0),
    ("mi tiny cells", lambda: itl.mutual_information([[0.5 - 1e-300, 1e-300], [1e-300, 0.5 - 1e-300]]), None),
    ("conditional entropy zero row", lambda: itl.conditional_entropy([[0.5, 0.5], [0.0, 0.0]]), 1.0),
    ("joint entropy zeros", lambda: itl.joint_entropy([[1.0, 0.0], [0.0, 0.0]]), 0.0),
    ("distribution perplexity one-hot", lambda: itl.distribution_perplexity([0.0, 1.0]), 1.0),
    ("perplexity zero prob", lambda: itl.perplexity([0.5, 0.0]), inf),
    ("perplexity_from_nll overflow", lambda: itl.perplexity_from_nll(1e6), inf),
    ("perplexity_from_nll inf", lambda: itl.perplexity_from_nll(inf), inf),
    ("softmax huge logits", lambda: itl.softmax([1e308, -1e308, 0.0]), [1.0, 0.0, 0.0]),
    ("log_softmax huge logits", lambda: itl.log_softmax([1e4, -1e4]), [0.0, -2e4]),
    ("softmax tiny temperature", lambda: itl.softmax([1.0, 2.0], temperature=1e-300), [0.0, 1.0]),
    ("softmax huge temperature", lambda: itl.softmax([1.0, 2.0], temperature=1e300), [0.5, 0.5]),
    ("ce loss huge logits", lambda: itl.cross_entropy_loss([[1e308, -1e308]], np.array([1])), inf),
    ("ce loss prob target with zeros", lambda: itl.cross_entropy_loss([[1e308, -1e308]], [[1.0, 0.0]]), 0.0),
    (
        "ce loss label smoothing 1",
        lambda: itl.cross_entropy_loss([[0.0, 0.0]], np.array([0]), label_smoothing=1.0),
        np.log(2.0),
    ),
    (
        "bce p = 0 and 1",
        lambda: itl.binary_cross_entropy([1.0, 0.0, 1.0, 0.0], [0.0, 1.0, 1.0, 0.0], reduction="none"),
        [inf, inf, 0.0, 0.0],
    ),
    ("bce soft label at 0", lambda: itl.binary_cross_entropy(0.5, 0.0), inf),
    (
        "bce logits huge",
        lambda: itl.binary_cross_entropy_with_logits([1.0, 0.0], [1e308, -1e308], reduction="none"),
        [0.0, 0.0],
    ),
    ("bce logits huge wrong", lambda: itl.binary_cross_entropy_with_logits(1.0, -1e308), 1e308),
    ("gaussian entropy tiny sigma", lambda: itl.gaussian_entropy(5e-324), None),
    ("gaussian entropy huge sigma", lambda: itl.gaussian_entropy(1e308), None),
    ("kl_normal identical", lambda: itl.kl_normal(3.0, 2.0, 3.0, 2.0), 0.0),
    ("kl_normal extreme ratio", lambda: itl.kl_normal(0.0, 1e-300, 0.0, 1e300), None),
    ("kl_normal overflow", lambda: itl.kl_normal(0.0, 1e200, 0.0, 1e-200), inf),
    ("kl_gaussian huge log_var", lambda: itl.kl_gaussian([0.0], [800.0]), inf),
    ("kl_gaussian very negative log_var", lambda: itl.kl_gaussian([0.0], [-800.0]), 0.5 * 799.0),
    ("kl_gaussian zero", lambda: itl.kl_gaussian([0.0, 0.0], [0.0, 0.0]), 0.0),
    ("entropy_from_samples one label", lambda: itl.entropy_from_samples(["a"]), 0.0),
    ("mi from samples constant", lambda: itl.mutual_information_from_samples([1, 1, 1], [1, 2, 3]), 0.0),
    (
        "ksg with ties",
        lambda: itl.ksg_mutual_information(np.repeat([0.0, 1.0], 10), np.repeat([0.0, 1.0], 10)),
        None,
    ),
]


@pytest.mark.parametrize(
    ("label", "call", "expected"), VALID_EDGE_CASES, ids=[c[0] for c in VALID_EDGE_CASES]
)
def test_valid_edge_cases_do_not_warn(label, call, expected):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # independent of the pytest configuration
        with np.errstate(divide="warn", over="warn", invalid="warn"):  # whatever the caller set
            result = call()
    assert not np.any(np.isnan(result)), f"{label}: NaN in {result!r}"
    if expected is not None:
        np.testing.assert_allclose(result, expected, rtol=1e-14, atol=0)
    else:
        assert np.all(np.isfinite(result))


def test_inputs_are_not_modified():
    p = np.array([0.5, 0.5, 0.0])
    q = np.array([0.25, 0.75, 0.0])
    z = np.array([[1.0, 2.0, 3.0]])
    joint = np.array([[0.25, 0.25], [0.5, 0.0]])
    copies = [a.copy() for a in (p, q, z, joint)]
    itl.kl_divergence(p, q)
    itl.js_divergence(p, q, normalize=True)
    itl.cross_entropy(p, q, normalize=True)
    itl.softmax(z, temperature=0.5)
    itl.cross_entropy_loss(z, np.array([1]), label_smoothing=0.1)
    itl.mutual_information(joint)
    itl.conditional_entropy(joint)
    for original, copy in zip((p, q, z, joint), copies, strict=True):
        np.testing.assert_array_equal(original, copy)


# ---------------------------------------------------------------------------
# Scalar arguments: one policy for every public function
# ---------------------------------------------------------------------------

_X = np.linspace(0.0, 1.0, 12)
_LABELS14 = [0, 1, 2] * 4  # notebook 14: labels paired with _X
_PROBS = np.array([[0.7, 0.3], [0.4, 0.6]])
_GAME = ([0.5, 0.5], [[0, 1]])

#: Wrong types for each kind of scalar argument (TypeError).
BAD_TYPES = {
    "real": ["1", None, True, np.False_, [1.0], np.array([1.0, 2.0]), 1j],
    "int": ["3", 2.0, np.float64(3.0), 2.5, None, True, [3], np.array([3])],
    "flag": ["no", "True", 0, 1, None, 1.0, [True]],
    "pair": [None, 3.0, "ab", ("a", 1.0), (1.0, None)],
}

#: Out-of-range values for each range (ValueError).
BAD_VALUES = {
    "positive": [0, 0.0, -1.0, nan, inf, -inf],
    "nonnegative": [-0.1, -1, nan, inf],
    "fraction": [-0.1, 1.5, nan, inf],
    "open_fraction": [0.0, 1.0, -0.5, nan],
    "correlation": [1.0, -1.0, 2.0, nan, inf],
    "count": [0, -1],
    "index": [-1],
    "grid": [1, 0],
    "flag": [],
    "pair": [(1.0,), (1.0, 2.0, 3.0), (2.0, 1.0), (1.0, 1.0), (nan, 1.0), (1.0, inf)],
    "positive_pair": [(1.0,), (2.0, 1.0), (0.0, 1.0), (-1.0, 1.0), (nan, 1.0), (1.0, inf)],
}

# (id, call with the argument set to the value, argument name, type kind, range, a valid value)
SCALAR_ARGS = [
    # measures: flags (base is covered above)
    ("entropy normalize", lambda v: itl.entropy([2.0, 2.0], normalize=v), "normalize", "flag", "flag", True),
    (
        "cross_entropy normalize",
        lambda v: itl.cross_entropy([1.0, 1.0], [1.0, 3.0], normalize=v),
        "normalize",
        "flag",
        "flag",
        True,
    ),
    (
        "kl normalize",
        lambda v: itl.kl_divergence([1.0, 1.0], [1.0, 3.0], normalize=v),
        "normalize",
        "flag",
        "flag",
        True,
    ),
    (
        "js normalize",
        lambda v: itl.js_divergence([1.0, 1.0], [1.0, 3.0], normalize=v),
        "normalize",
        "flag",
        "flag",
        True,
    ),
    # losses
    (
        "softmax temperature",
        lambda v: itl.softmax([1.0, 2.0], temperature=v),
        "temperature",
        "real",
        "positive",
        0.5,
    ),
    (
        "log_softmax temperature",
        lambda v: itl.log_softmax([1.0, 2.0], temperature=v),
        "temperature",
        "real",
        "positive",
        2,
    ),
    (
        "cross_entropy_loss label_smoothing",
        lambda v: itl.cross_entropy_loss([[1.0, 2.0]], np.array([0]), label_smoothing=v),
        "label_smoothing",
        "real",
        "fraction",
        0.1,
    ),
    # gaussian
    (
        "gaussian_pmi_matrix rho",
        lambda v: itl.gaussian_pmi_matrix([0.0], [0.0], v),
        "rho",
        "real",
        "correlation",
        0.5,
    ),
    (
        "kl_to_gaussians base",
        lambda v: itl.kl_to_gaussians(_X, 0 * _X, 0.0, 1.0, base=v),
        "base",
        "real",
        "positive",
        2,
    ),
    ("infonce_bound base", lambda v: itl.infonce_bound(np.eye(3), base=v), "base", "real", "positive", 2),
    # estimators
    ("binned MI bins", lambda v: itl.binned_mutual_information(_X, _X, bins=v), "bins", "int", "count", 3),
    (
        "binned MI value_range",
        lambda v: itl.binned_mutual_information(_X, _X, value_range=v),
        "value_range",
        "pair",
        "pair",
        (0, 1),
    ),
    (
        "binned MI base",
        lambda v: itl.binned_mutual_information(_X, _X, base=v),
        "base",
        "real",
        "positive",
        2,
    ),
    ("ksg k", lambda v: itl.ksg_mutual_information(_X, _X**2, k=v), "k", "int", "count", 2),
    ("ksg seed", lambda v: itl.ksg_mutual_information(_X, _X**2, seed=v), "seed", "int", "index", 1),
    # ---- 14 ----
    ("mixed MI k", lambda v: itl.mixed_mutual_information(_X, _LABELS14, k=v), "k", "int", "count", 2),
    (
        "mixed MI seed",
        lambda v: itl.mixed_mutual_information(_X, _LABELS14, seed=v),
        "seed",
        "int",
        "index",
        1,
    ),
    (
        "mixed MI base",
        lambda v: itl.mixed_mutual_information(_X, _LABELS14, base=v),
        "base",
        "real",
        "positive",
        2,
    ),
    (
        "mixed MI standardize",
        lambda v: itl.mixed_mutual_information(_X, _LABELS14, standardize=v),
        "standardize",
        "flag",
        "flag",
        False,
    ),
    ("fano n_classes", lambda v: itl.fano_error_lower_bound(0.5, v), "n_classes", "int", "grid", 3),
    ("fano base", lambda v: itl.fano_error_lower_bound(0.5, 10, base=v), "base", "real", "positive", 2),
    (
        "prefix_information_curve k",
        lambda v: models.prefix_information_curve(np.c_[_X, _X**2], _LABELS14, [1, 2], k=v, progress=False),
        "k",
        "int",
        "count",
        2,
    ),
    (
        "prefix_information_curve standardize",
        lambda v: models.prefix_information_curve(
            np.c_[_X, _X**2], _LABELS14, [1], standardize=v, progress=False
        ),
        "standardize",
        "flag",
        "flag",
        True,
    ),
    # coding
    (
        "huffman_code normalize",
        lambda v: coding.huffman_code([2, 1, 1], normalize=v),
        "normalize",
        "flag",
        "flag",
        True,
    ),
    (
        "shannon_code normalize",
        lambda v: coding.shannon_code([2, 1, 1], normalize=v),
        "normalize",
        "flag",
        "flag",
        True,
    ),
    (
        "shannon_code_lengths normalize",
        lambda v: coding.shannon_code_lengths([2, 1, 1], normalize=v),
        "normalize",
        "flag",
        "flag",
        True,
    ),
    (
        "expected_length normalize",
        lambda v: coding.expected_length([2, 1, 1], [1, 2, 2], normalize=v),
        "normalize",
        "flag",
        "flag",
        True,
    ),
    # language
    ("CharNGramModel n", lambda v: language.CharNGramModel(v), "n", "int", "count", 2),
    ("CharNGramModel k", lambda v: language.CharNGramModel(2, k=v), "k", "real", "nonnegative", 0.5),
    (
        "CharNGramModel backoff",
        lambda v: language.CharNGramModel(2, backoff=v),
        "backoff",
        "flag",
        "flag",
        True,
    ),
    ("sample length", lambda v: language.CharNGramModel(1).fit("ab").sample(v), "length", "int", "index", 3),
    (
        "sample seed",
        lambda v: language.CharNGramModel(1).fit("ab").sample(3, seed=v),
        "seed",
        "int",
        "index",
        3,
    ),
    ("load_corpus lowercase", lambda v: language.load_corpus(lowercase=v), "lowercase", "flag", "flag", True),
    (
        "train_test_split_text test_fraction",
        lambda v: language.train_test_split_text("a\n\nb\n\nc", v),
        "test_fraction",
        "real",
        "open_fraction",
        0.3,
    ),
    # calibration
    (
        "ece n_bins",
        lambda v: itl.expected_calibration_error(_PROBS, [0, 1], n_bins=v),
        "n_bins",
        "int",
        "count",
        3,
    ),
    (
        "reliability n_bins",
        lambda v: itl.reliability_diagram_data(_PROBS, [0, 1], n_bins=v),
        "n_bins",
        "int",
        "count",
        3,
    ),
    (
        "fit_temperature bounds",
        lambda v: itl.fit_temperature(_PROBS, [0, 1], bounds=v),
        "bounds",
        "pair",
        "positive_pair",
        (0.5, 2),
    ),
    ("expected_score base", lambda v: itl.expected_score(0.5, 0.5, base=v), "base", "real", "positive", 2),
    ("best_report n_grid", lambda v: itl.best_report(0.5, n_grid=v), "n_grid", "int", "grid", 11),
    # trees
    (
        "gini normalize",
        lambda v: itl.gini_impurity([2, 1, 1], normalize=v),
        "normalize",
        "flag",
        "flag",
        True,
    ),
    (
        "information_gain base",
        lambda v: itl.information_gain([0, 1], [True, False], base=v),
        "base",
        "real",
        "positive",
        2,
    ),
    (
        "best_split base",
        lambda v: itl.best_split([[1.0], [2.0]], [0, 1], base=v),
        "base",
        "real",
        "positive",
        2,
    ),
    (
        "eig base",
        lambda v: itl.expected_information_gain(None, [0, 1], base=v),
        "base",
        "real",
        "positive",
        2,
    ),
    ("play_game secret", lambda v: trees.play_game(*_GAME, v), "secret", "int", "index", 1),
    (
        "play_game max_questions",
        lambda v: trees.play_game(*_GAME, 0, max_questions=v),
        "max_questions",
        "int",
        "index",
        1,
    ),
    # models
    (
        "SoftmaxRegression learning_rate",
        lambda v: models.SoftmaxRegression(learning_rate=v),
        "learning_rate",
        "real",
        "positive",
        0.1,
    ),
    ("SoftmaxRegression epochs", lambda v: models.SoftmaxRegression(epochs=v), "epochs", "int", "count", 3),
    (
        "SoftmaxRegression batch_size",
        lambda v: models.SoftmaxRegression(batch_size=v),
        "batch_size",
        "int",
        "count",
        8,
    ),
    (
        "SoftmaxRegression weight_decay",
        lambda v: models.SoftmaxRegression(weight_decay=v),
        "weight_decay",
        "real",
        "nonnegative",
        0.0,
    ),
    (
        "SoftmaxRegression label_smoothing",
        lambda v: models.SoftmaxRegression(label_smoothing=v),
        "label_smoothing",
        "real",
        "fraction",
        0.1,
    ),
    ("SoftmaxRegression seed", lambda v: models.SoftmaxRegression(seed=v), "seed", "int", "index", 1),
    ("MLPClassifier hidden", lambda v: models.MLPClassifier(hidden=v), "hidden", "int", "count", 4),
    (
        "soft_targets temperature",
        lambda v: models.soft_targets([1.0, 2.0], v),
        "temperature",
        "real",
        "positive",
        2.0,
    ),
    (
        "distillation_loss alpha",
        lambda v: models.distillation_loss(_PROBS, _PROBS, [0, 1], temperature=2.0, alpha=v),
        "alpha",
        "real",
        "fraction",
        0.5,
    ),
    (
        "distillation_loss temperature",
        lambda v: models.distillation_loss(_PROBS, _PROBS, [0, 1], temperature=v, alpha=0.5),
        "temperature",
        "real",
        "positive",
        2.0,
    ),
    (
        "smooth_labels n_classes",
        lambda v: models.smooth_labels([0, 1], v, epsilon=0.1),
        "n_classes",
        "int",
        "count",
        3,
    ),
    (
        "smooth_labels epsilon",
        lambda v: models.smooth_labels([0, 1], 2, epsilon=v),
        "epsilon",
        "real",
        "fraction",
        0.1,
    ),
    (
        "label_smoothing_floor base",
        lambda v: models.label_smoothing_floor(3, 0.1, base=v),
        "base",
        "real",
        "positive",
        2,
    ),
    ("dark_knowledge label", lambda v: models.dark_knowledge([1.0, 2.0], v, 1.0), "label", "int", "index", 1),
    (
        "dark_knowledge temperature",
        lambda v: models.dark_knowledge([1.0, 2.0], 0, v),
        "temperature",
        "real",
        "positive",
        2,
    ),
]


#: Values of a bad type for the kind that mean something for this argument.
ALSO_VALID = {"SoftmaxRegression batch_size": [None]}  # None: full-batch training


def _scalar_cases(table):
    for case_id, call, arg, kind, value_range, _valid in SCALAR_ARGS:
        values = BAD_TYPES[kind] if table == "type" else BAD_VALUES[value_range]
        values = [v for v in values if not any(v is ok for ok in ALSO_VALID.get(case_id, []))]
        if table == "value" and arg == "base":
            values = [*values, 1]
        if table == "value" and value_range == "index" and arg in ("secret", "label"):
            values = [*values, 2]  # one past the last index (2 secrets, 2 classes)
        for value in values:
            yield pytest.param(call, arg, value, id=f"{case_id}={value!r}")


@pytest.mark.parametrize(("call", "arg", "value"), list(_scalar_cases("type")))
def test_scalar_argument_of_a_wrong_type_is_a_type_error_naming_it(call, arg, value):
    with pytest.raises(TypeError, match=names(arg)):
        call(value)


@pytest.mark.parametrize(("call", "arg", "value"), list(_scalar_cases("value")))
def test_scalar_argument_out_of_range_is_a_value_error_naming_it(call, arg, value):
    with pytest.raises(ValueError, match=names(arg)):
        call(value)


@pytest.mark.parametrize(("call", "valid"), [pytest.param(c[1], c[5], id=c[0]) for c in SCALAR_ARGS])
def test_scalar_table_valid_values_are_accepted(call, valid):
    # guards the table above: the same call with a valid value works
    call(valid)


def test_scalar_message_says_what_is_required_and_what_was_given():
    with pytest.raises(TypeError, match=r"^k must be an integer >= 1, got float 2\.0$"):
        itl.ksg_mutual_information(_X, _X**2, k=2.0)
    with pytest.raises(TypeError, match=r"^bins must be an integer >= 1, got str '3'$"):
        itl.binned_mutual_information(_X, _X, bins="3")
    with pytest.raises(ValueError, match=r"^temperature must be a finite number > 0, got -1\.0$"):
        itl.softmax([1.0, 2.0], temperature=-1.0)
    with pytest.raises(ValueError, match=r"^base must be a finite number > 0 and != 1, got 1$"):
        itl.entropy([0.5, 0.5], base=1)
    with pytest.raises(TypeError, match=r"^normalize must be True or False, got str 'no'$"):
        itl.entropy([2, 1, 1], normalize="no")


def test_integral_values_of_integer_types_are_accepted():
    assert itl.ksg_mutual_information(_X, _X**2, k=np.int64(2)) == itl.ksg_mutual_information(_X, _X**2, k=2)
    assert language.CharNGramModel(np.uint8(3)).n == 3
    assert (
        itl.softmax([1.0, 2.0], temperature=np.array(2.0))[0] == itl.softmax([1.0, 2.0], temperature=2.0)[0]
    )
