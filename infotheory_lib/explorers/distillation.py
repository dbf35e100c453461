r"""Dark knowledge: a teacher's soft targets softening with the temperature (notebook 08).

A teacher trained on scikit-learn's digits gives, for one held-out image, the
soft targets :math:`p^T = \operatorname{softmax}(v / T)`. The temperature
slider softens them; the digit chooser picks a telling image (a typical one,
the most confident, one the teacher hesitates on, a look-alike, a mistake).
Diamonds show two students' :math:`q^T` at the same temperature: one trained
on the hard labels, one distilled from the teacher.
"""

from __future__ import annotations

import functools

import numpy as np

from .. import plots
from ..measures import kl_divergence
from ..models import dark_knowledge, dark_knowledge_examples, distillation_experiment, soft_target_entropy
from ..models.dark_knowledge import EXAMPLE_KINDS
from ._core import Explorer, dropdown, float_slider, register

__all__ = ["distillation_explorer"]

_T_RANGE = (0.5, 20.0)
_T_GRID = np.linspace(*_T_RANGE, 400)
_N_CLASSES = 10
#: The explorer's own (smaller, faster) run when no experiment is passed: about 2 s once, then cached.
_DEFAULT_RUN = {
    "seed": 0,
    "teacher_hidden": 128,
    "epochs": 30,
    "student_seeds": 1,
    "temperatures": (4.0,),
    "progress": False,
}


@functools.lru_cache(maxsize=1)
def _default_experiment():
    return distillation_experiment(**_DEFAULT_RUN)


def _describe(kind, label, logits):
    order = np.argsort(-np.asarray(logits), kind="stable")
    if kind == "two-way":
        other = order[1] if order[0] == label else order[0]
        return f"a {label}: {label} or {other}?"
    if kind == "look-alike":
        return f"a {label} that looks like several digits"
    if kind == "mistake":
        return f"a {label} the teacher calls {order[0]}"
    return f"a {label}: {kind}"


def _examples(experiment):
    """(chooser labels, test indices, kinds) of the telling examples of ``experiment``."""
    v, y = experiment["teacher_test_logits"], experiment["y_test"]
    picked = dark_knowledge_examples(v, y)
    labels = [_describe(kind, int(y[i]), v[i]) for i, kind in picked]
    return labels, [i for i, _ in picked], [kind for _, kind in picked]


def _readout(experiment, index, temperature):
    """The explorer's numbers for test image ``index`` at ``temperature``, from the library."""
    v = experiment["teacher_test_logits"][index]
    label = int(experiment["y_test"][index])
    d = dark_knowledge(v, label, temperature)
    students = {}
    for key in ("hard", "distilled"):
        z = experiment[f"student_{key}_test_logits"][index]
        students[key] = dark_knowledge(z, label, temperature)["soft_targets"]
    return (
        d,
        students,
        {
            "temperature": float(temperature),
            "entropy_bits": d["entropy"],
            "true_prob": d["true_prob"],
            "top_wrong_class": float(d["top_wrong_class"]),
            "top_wrong_prob": d["top_wrong_prob"],
            "kl_hard_bits": float(kl_divergence(d["soft_targets"], students["hard"])),
            "kl_distilled_bits": float(kl_divergence(d["soft_targets"], students["distilled"])),
        },
    )


def _expect_distillation(values):
    experiment = _default_experiment()
    labels, indices, _ = _examples(experiment)
    index = indices[labels.index(values["example"])]
    return _readout(experiment, index, values["temperature"])[2]


@register(
    "distillation",
    notebook="08_distillation_and_label_smoothing.ipynb",
    sweep={"temperature": _T_RANGE},
    expected_readout=_expect_distillation,
)
def distillation_explorer(temperature=4.0, example="look-alike", *, experiment=None):
    r"""Dark knowledge: the teacher's soft targets :math:`\operatorname{softmax}(v / T)` for one held-out digit.

    Controls: ``temperature`` :math:`T` (0.5–20) and ``example`` (a few
    telling held-out digits chosen by
    :func:`~infotheory_lib.models.dark_knowledge_examples`). Left: the
    image. Middle: the teacher's :math:`p^T` over the 10 classes (true class
    in pink), with the hard-label and the distilled student's :math:`q^T`
    as markers. Right: :math:`H(p^T)` against :math:`T` for this image, up
    to :math:`\log_2 10` (uniform). Readout: :math:`H(p^T)` in bits, the
    top wrong class's probability, and
    :math:`D_{KL}(p^T \,\Vert\, q^T)` in bits for each student.

    Parameters
    ----------
    temperature : float, default 4.0
    example : str, default "look-alike"
        The kind of example shown first: "typical", "most confident",
        "two-way", "look-alike" or "mistake" (or a chooser label).
    experiment : dict, optional
        A result of :func:`~infotheory_lib.models.distillation_experiment`
        whose teacher, first students and held-out images to show. By
        default a smaller run of its own (a 128-unit teacher trained for 30
        epochs, one student of each kind; about 2 s the first time, then
        cached).
    """
    if experiment is None:
        experiment = _default_experiment()
    missing = [
        k
        for k in (
            "teacher_test_logits",
            "student_hard_test_logits",
            "student_distilled_test_logits",
            "X_test",
            "y_test",
        )
        if k not in experiment
    ]
    if missing:
        raise ValueError(
            f"experiment lacks {', '.join(missing)}: pass a result of models.distillation_experiment"
        )
    labels, indices, kinds = _examples(experiment)
    if example in kinds:
        example = labels[kinds.index(example)]
    elif example not in labels:
        raise ValueError(f"example must be one of {', '.join(map(repr, EXAMPLE_KINDS))}; got {example!r}")

    fig, (ax_img, ax_bars, ax_h) = plots.new_figure(
        3, width=11.5, height=4.0, gridspec_kw={"width_ratios": [1.0, 3.0, 2.0]}
    )
    first = indices[labels.index(example)]
    image = plots.draw_digit(ax_img, experiment["X_test"][first])
    ax_img.set_ylabel("8 × 8 pixels")

    zeros = np.zeros(_N_CLASSES)
    (bars,) = plots.draw_class_distributions(
        ax_bars, [zeros], colors=[plots.P_COLOR], labels=["teacher p$^T$"]
    )
    hard = plots.draw_class_markers(
        ax_bars, zeros, color=plots.NEUTRAL_COLOR, marker="s", label="student, hard labels q$^T$", size=6
    )
    distilled = plots.draw_class_markers(
        ax_bars, zeros, color=plots.Q_COLOR, label="student, distilled q$^T$"
    )
    hard.set_clip_on(False)  # a marker at 1.0 is drawn whole
    distilled.set_clip_on(False)
    # The legend under the panels and the numbers in the title: nothing over the bars.
    fig.legend(handles=[bars, hard, distilled], loc="outside lower center", ncol=3, fontsize=10)
    plots.style_axes(
        ax_bars,
        title="\n",  # two lines, set in update()
        xlabel="class",
        ylabel="probability",
        xlim=(-0.6, _N_CLASSES - 0.4),
        ylim=(0, 1.08),
    )
    bars_title = ax_bars.title
    ax_bars.set_yticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])

    h_max = float(np.log2(_N_CLASSES))
    curve = plots.draw_curve(ax_h, _T_GRID, np.zeros_like(_T_GRID), color=plots.P_COLOR)
    plots.draw_reference_line(ax_h, h_max, label=f"uniform: log₂ 10 = {h_max:.2f} bits")
    marker = plots.draw_marker(ax_h, 4.0, 0.0)
    marker.set_clip_on(False)  # whole at T = 0.5 and T = 20
    ax_h.legend(loc="lower right", fontsize=10)
    plots.style_axes(
        ax_h,
        title="Entropy of the soft targets",
        xlabel="temperature T",
        ylabel="H(p$^T$) (bits)",
        xlim=_T_RANGE,
        ylim=(0, h_max * 1.08),
    )

    controls = {
        "temperature": float_slider("temperature T", temperature, *_T_RANGE, 0.1, ".1f"),
        "example": dropdown("test digit", labels, example, width="420px"),
    }

    def show_example(label):
        index = indices[labels.index(label)]
        y = int(experiment["y_test"][index])
        image.set_data(np.asarray(experiment["X_test"][index], dtype=float).reshape(8, 8))
        plots.style_axes(ax_img, title=f"test image, label {y}")
        for k, tick in enumerate(ax_bars.get_xticklabels()):
            tick.set_color(plots.HIGHLIGHT_COLOR if k == y else "black")
            tick.set_fontweight("bold" if k == y else "normal")
        curve.set_ydata(soft_target_entropy(experiment["teacher_test_logits"][index], _T_GRID))
        return index, y

    state = {"example": None}

    def update(v):
        if state["example"] != v["example"]:
            state["example"] = v["example"]
            state["index"], state["label"] = show_example(v["example"])
        d, students, numbers = _readout(experiment, state["index"], v["temperature"])
        plots.set_bar_heights(bars, d["soft_targets"])
        plots.set_bar_colors(
            bars, [plots.HIGHLIGHT_COLOR if c == state["label"] else plots.P_COLOR for c in range(_N_CLASSES)]
        )
        hard.set_ydata(students["hard"])
        distilled.set_ydata(students["distilled"])
        marker.set_data([v["temperature"]], [d["entropy"]])
        bars_title.set_text(
            f"Soft targets softmax(v / T) at T = {v['temperature']:.1f}\n"
            f"H(pᵀ) = {plots.format_value(d['entropy'], 2)} bits, top wrong class {d['top_wrong_class']}"
            f" (p = {plots.format_value(d['top_wrong_prob'])})"
        )
        return numbers

    update({"temperature": temperature, "example": example})  # the static parts before the layout settles
    return Explorer(
        fig,
        controls,
        update=update,
        dynamic=[*bars, hard, distilled, bars_title, marker],
        readout_spec=[
            # no-break spaces (\u00a0) inside a label: the line wraps between items only
            ("entropy_bits", "H(pᵀ)", "bits"),
            ("true_prob", "pᵀ(true\u00a0class)", ""),
            ("top_wrong_prob", "pᵀ(top\u00a0wrong\u00a0class)", ""),
            ("kl_hard_bits", "D_KL(pᵀ‖q_hard)", "bits"),
            ("kl_distilled_bits", "D_KL(pᵀ‖q_distilled)", "bits"),
        ],
        full_redraw={"example"},
    )
