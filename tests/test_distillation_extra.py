"""Tests for the dark-knowledge helpers and the label-smoothing experiment (notebook 08)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from infotheory_lib import entropy, softmax
from infotheory_lib.models import (
    dark_knowledge,
    dark_knowledge_examples,
    distillation_experiment,
    label_smoothing_experiment,
    label_smoothing_floor,
    soft_target_entropy,
)

# ---------------------------------------------------------------------------
# soft_target_entropy
# ---------------------------------------------------------------------------


def test_soft_target_entropy_known_values():
    v = np.array([2.0, 1.0, 0.0])
    assert soft_target_entropy(v, 1.0) == pytest.approx(entropy(softmax(v)), rel=1e-15)
    # equal logits: uniform at every temperature
    assert soft_target_entropy([3.0, 3.0, 3.0, 3.0], 0.1) == pytest.approx(2.0, rel=1e-15)
    # two classes at T: a Bernoulli with p = sigmoid(1 / T)
    p = 1 / (1 + np.exp(-1 / 4))
    assert soft_target_entropy([1.0, 0.0], 4.0) == pytest.approx(-(p * np.log2(p) + (1 - p) * np.log2(1 - p)))
    assert soft_target_entropy(v, 2.0, base=np.e) == pytest.approx(entropy(softmax(v / 2), base=np.e))


def test_soft_target_entropy_limits_and_monotonicity():
    rng = np.random.default_rng(0)
    v = rng.normal(0.0, 3.0, 10)
    temps = np.geomspace(0.01, 1e4, 200)
    h = soft_target_entropy(v, temps)
    assert h.shape == (200,)
    assert np.all(np.diff(h) >= -1e-12), "entropy of a Gibbs distribution rises with the temperature"
    assert h[0] < 1e-6 and h[-1] == pytest.approx(np.log2(10), abs=1e-6)


def test_soft_target_entropy_batch_shape():
    v = np.arange(24.0).reshape(2, 3, 4)
    out = soft_target_entropy(v, [1.0, 5.0])
    assert out.shape == (2, 3, 2)
    assert_allclose(out[1, 2, 1], entropy(softmax(v[1, 2] / 5.0)), rtol=1e-14)
    assert soft_target_entropy(v, 5.0).shape == (2, 3)


@pytest.mark.parametrize(
    ("args", "kwargs", "exc", "match"),
    [
        (([1.0, 2.0], 0.0), {}, ValueError, "temperatures"),
        (([1.0, 2.0], [1.0, -2.0]), {}, ValueError, "temperatures"),
        (([1.0, 2.0], "hot"), {}, TypeError, "temperatures"),
        (([1.0, 2.0], [[1.0, 2.0]]), {}, ValueError, "temperatures"),
        (([1.0], 1.0), {}, ValueError, "logits"),
        (([1.0, np.inf], 1.0), {}, ValueError, "logits"),
        ((["a", "b"], 1.0), {}, TypeError, "logits"),
        (([1.0, 2.0], 1.0), {"base": 1.0}, ValueError, "base"),
    ],
)
def test_soft_target_entropy_bad_input(args, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        soft_target_entropy(*args, **kwargs)


# ---------------------------------------------------------------------------
# dark_knowledge
# ---------------------------------------------------------------------------


def test_dark_knowledge_known_values():
    v = np.array([0.0, 4.0, 1.0, 2.0])  # true class 1; 3 is the runner-up, then 2, then 0
    d = dark_knowledge(v, 1, 2.0)
    p = softmax(v / 2.0)
    assert_allclose(d["soft_targets"], p, rtol=1e-15)
    assert d["entropy"] == pytest.approx(entropy(p))
    assert d["true_prob"] == pytest.approx(p[1])
    assert d["top_wrong_class"] == 3
    assert d["top_wrong_prob"] == pytest.approx(p[3])
    share = np.where(np.arange(4) == 1, 0.0, p) / (1 - p[1])
    assert_allclose(d["wrong_share"], share, rtol=1e-13)
    assert d["wrong_share"].sum() == pytest.approx(1.0)
    # nats on request
    assert dark_knowledge(v, 1, 2.0, base=np.e)["entropy"] == pytest.approx(entropy(p, base=np.e))


def test_dark_knowledge_of_a_mistake_names_the_predicted_class():
    d = dark_knowledge([5.0, 1.0, 0.0], 2, 1.0)
    assert d["top_wrong_class"] == 0 and d["top_wrong_prob"] > 0.9


def test_wrong_share_is_exact_where_the_probabilities_underflow():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        d = dark_knowledge([1000.0, 0.0, -1.0, -1.0], 0, 1.0)
    assert d["soft_targets"][1] == 0.0  # exp(-1000) underflows ...
    e = np.exp([0.0, -1.0, -1.0])
    assert_allclose(d["wrong_share"][1:], e / e.sum(), rtol=1e-15)  # ... the relative sizes do not
    assert d["top_wrong_class"] == 1


def test_relative_sizes_soften_but_keep_their_order():
    v = np.array([9.0, 3.0, 1.0, 0.0])
    shares = [dark_knowledge(v, 0, t)["wrong_share"][1:] for t in (1.0, 4.0, 100.0)]
    for s in shares:
        assert s[0] > s[1] > s[2]
    assert shares[0][0] > shares[1][0] > shares[2][0] > 1 / 3


def test_top_wrong_class_tie_takes_the_lowest_index():
    assert dark_knowledge([1.0, 5.0, 1.0], 1, 3.0)["top_wrong_class"] == 0


@pytest.mark.parametrize(
    ("args", "exc", "match"),
    [
        (([1.0, 2.0], 0.5, 1.0), TypeError, "label"),
        (([1.0, 2.0], True, 1.0), TypeError, "label"),
        (([1.0, 2.0], 2, 1.0), ValueError, "label"),
        (([1.0, 2.0], -1, 1.0), ValueError, "label"),
        (([1.0, 2.0], 0, 0.0), ValueError, "temperature"),
        (([1.0, 2.0], 0, "4"), TypeError, "temperature"),
        (([[1.0, 2.0]], 0, 1.0), ValueError, "logits"),
        (([1.0], 0, 1.0), ValueError, "logits"),
        (([1.0, np.nan], 0, 1.0), ValueError, "logits"),
    ],
)
def test_dark_knowledge_bad_input(args, exc, match):
    with pytest.raises(exc, match=match):
        dark_knowledge(*args)


# ---------------------------------------------------------------------------
# dark_knowledge_examples
# ---------------------------------------------------------------------------


def _logits_from(probs):
    return np.log(np.asarray(probs, dtype=float))


def test_dark_knowledge_examples_picks_each_kind():
    probs = [
        [0.97, 0.01, 0.01, 0.01],  # 0: confident (the second lowest entropy)
        [0.999, 0.0005, 0.0003, 0.0002],  # 1: most confident
        [0.5, 0.45, 0.03, 0.02],  # 2: two-way
        [0.4, 0.2, 0.2, 0.2],  # 3: look-alike
        [0.9, 0.05, 0.03, 0.02],  # 4: confident (the median entropy of the five correct)
        [0.3, 0.6, 0.05, 0.05],  # 5: a mistake (label 0)
        [0.1, 0.8, 0.05, 0.05],  # 6: a worse mistake (label 0)
    ]
    labels = np.zeros(7, dtype=int)
    picked = dark_knowledge_examples(_logits_from(probs), labels)
    assert picked == [
        (4, "typical"),
        (1, "most confident"),
        (2, "two-way"),
        (3, "look-alike"),
        (5, "mistake"),
    ]


def test_dark_knowledge_examples_distinct_and_without_mistakes():
    probs = [[0.6, 0.4], [0.9, 0.1]]
    picked = dark_knowledge_examples(_logits_from(probs), np.array([0, 0]))
    indices = [i for i, _ in picked]
    assert len(indices) == len(set(indices)) == 2  # only two examples to pick from
    assert all(kind != "mistake" for _, kind in picked)


@pytest.mark.parametrize(
    ("logits", "labels", "exc", "match"),
    [
        (np.zeros(3), np.array([0]), ValueError, "teacher_logits"),
        (np.zeros((2, 3)), np.array([0, 3]), ValueError, "labels"),
        (np.zeros((2, 3)), np.array([0.0, 1.0]), TypeError, "labels"),
        (np.zeros((2, 3)), np.array([0]), ValueError, "labels"),
    ],
)
def test_dark_knowledge_examples_bad_input(logits, labels, exc, match):
    with pytest.raises(exc, match=match):
        dark_knowledge_examples(logits, labels)


# ---------------------------------------------------------------------------
# the experiments' new outputs
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tiny_distillation():
    return distillation_experiment(
        0, temperatures=(4.0,), student_seeds=1, epochs=5, teacher_hidden=16, progress=False
    )


@pytest.mark.slow
def test_distillation_experiment_returns_the_students_logits_and_the_images(tiny_distillation):
    r = tiny_distillation
    n = r["settings"]["n_test"]
    assert r["X_test"].shape == (n, 64) and 0 <= r["X_test"].min() and r["X_test"].max() <= 1
    for key, name in (
        ("student_hard_test_logits", "student_hard"),
        ("student_distilled_test_logits", "student_distilled"),
    ):
        logits = r[key]
        assert logits.shape == (n, 10)
        accuracy = np.mean(np.argmax(logits, axis=-1) == r["y_test"])
        assert accuracy == pytest.approx(r[name]["accuracy_per_seed"][0], abs=1e-15)


@pytest.fixture(scope="module")
def tiny_smoothing():
    kwargs = {"epsilons": (0.0, 0.3), "hidden": 16, "epochs": 12, "model_seeds": 2, "progress": False}
    return label_smoothing_experiment(0, **kwargs), label_smoothing_experiment(0, **kwargs)


@pytest.mark.slow
def test_label_smoothing_experiment_structure_and_determinism(tiny_smoothing):
    r, again = tiny_smoothing
    n = r["settings"]["n_test"]
    assert_array_equal(r["epsilon"], [0.0, 0.3])
    assert r["train_loss"].shape == (2, 12)
    assert r["confidence"].shape == (2, n)
    for key in ("accuracy", "cross_entropy", "mean_confidence"):
        assert r[key].shape == (2, 2)
        assert_array_equal(r[key], again[key])
    assert_array_equal(r["confidence"], again["confidence"])
    assert_allclose(r["floor"], label_smoothing_floor(10, [0.0, 0.3]))
    assert_allclose(r["max_confidence"], [1.0, 0.73])
    assert_allclose(r["mean_confidence"][:, 0], r["confidence"].mean(axis=1))
    assert np.all((r["confidence"] >= 0.1) & (r["confidence"] <= 1.0))
    assert r["seconds"] > 0


@pytest.mark.slow
def test_label_smoothing_loss_never_goes_below_its_floor_and_lowers_confidence(tiny_smoothing):
    r, _ = tiny_smoothing
    assert np.all(r["train_loss"] >= r["floor"][:, None])
    assert r["train_loss"][1, -1] - r["floor"][1] < 0.2  # and it gets close
    assert np.all(r["mean_confidence"][1] < r["mean_confidence"][0])


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"epsilons": ()}, ValueError, "epsilons"),
        ({"epsilons": (0.0, 1.5)}, ValueError, "epsilons"),
        ({"epsilons": ("a",)}, TypeError, "epsilons"),
        ({"hidden": 0}, ValueError, "hidden"),
        ({"model_seeds": 1.5}, TypeError, "model_seeds"),
        ({"seed": -1}, ValueError, "seed"),
        ({"n_train": 5000}, ValueError, "n_train"),
    ],
)
def test_label_smoothing_experiment_bad_input(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        label_smoothing_experiment(**kwargs)


# ---------------------------------------------------------------------------
# the drawing functions of notebook 08 (plots.py)
# ---------------------------------------------------------------------------


@pytest.fixture
def axes():
    import matplotlib

    matplotlib.use("Agg")
    from infotheory_lib import plots

    fig, axs = plots.new_figure(2)
    yield plots, axs
    import matplotlib.pyplot as plt

    plt.close(fig)


def test_draw_digit(axes):
    plots, (ax, _) = axes
    image = plots.draw_digit(ax, np.linspace(0, 1, 64), title="a digit")
    assert image.get_array().shape == (8, 8)
    assert image.get_array()[7, 7] == 1.0 and image.get_clim() == (0.0, 1.0)
    assert ax.get_title() == "a digit" and list(ax.get_xticks()) == []
    with pytest.raises(ValueError, match="image must have 64 pixels"):
        plots.draw_digit(ax, np.zeros(63))


def test_draw_class_distributions_groups_one_bar_per_distribution(axes):
    plots, (ax, _) = axes
    rows = softmax(np.array([[3.0, 1.0, 0.0], [1.0, 0.5, 0.0]]))
    containers = plots.draw_class_distributions(ax, rows, colors=["C0", "C1"], labels=["a", "b"], highlight=2)
    assert len(containers) == 2
    for container, row in zip(containers, rows, strict=True):
        assert_allclose([bar.get_height() for bar in container], row)
    centers = [[bar.get_x() + bar.get_width() / 2 for bar in c] for c in containers]
    assert_allclose(np.mean(centers, axis=0), [0, 1, 2])  # groups centred on the classes
    assert ax.get_xticklabels()[2].get_fontweight() == "bold"


def test_draw_class_markers_and_seed_bars(axes):
    plots, (ax, ax2) = axes
    line = plots.draw_class_markers(ax, [0.2, 0.5, 0.3])
    assert_allclose(line.get_ydata(), [0.2, 0.5, 0.3])
    bars, dots = plots.draw_seed_bars(ax2, [[0.9], [0.8, 0.7, 0.6]], names=["a", "b"], colors=["C0", "C1"])
    assert_allclose([b.get_height() for b in bars], [0.9, 0.7])
    assert [len(d.get_offsets()) for d in dots] == [1, 3]


def test_draw_confidence_histograms_show_fractions(axes):
    plots, (ax, _) = axes
    conf = [np.array([0.95, 0.99, 0.5, 0.97]), np.array([0.85, 0.86])]
    outlines = plots.draw_confidence_histograms(ax, conf, labels=["a", "b"], colors=["C0", "C1"])
    assert len(outlines) == 2
    top = max(v[:, 1].max() for v in (p.get_xy() for p in outlines))
    assert top == pytest.approx(1.0)  # both of the second model's confidences fall in one bin


def test_draw_loss_and_floor_labels_each_floor_off_its_curve(axes):
    plots, (ax, _) = axes
    histories = [[0.7, 0.2, 0.01], [1.0, 0.6, 0.55]]
    artists = plots.draw_loss_and_floor(
        ax, histories, [0.0, 0.5], labels=["ε = 0", "ε = 0.1"], colors=["C0", "C1"]
    )
    assert [level.get_ydata()[0] for _, level in artists] == [0.0, 0.5]
    # a floor at 0 is named in the legend (its curve runs along the axis), the others under their line
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["ε = 0, floor H(t) = 0", "ε = 0.1"]
    assert [t.get_text() for t in ax.texts] == ["floor H(t) = 0.500"]
    with pytest.raises(ValueError, match="floors"):
        plots.draw_loss_and_floor(ax, histories, [0.0], labels=["a"], colors=["C0"])
