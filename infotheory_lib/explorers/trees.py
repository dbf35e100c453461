r"""The best-question game (notebook 10): which yes/no question tells most about a hidden number?

A friend thinks of a number from 1 to 16 (:func:`infotheory_lib.trees.number_game`).
The learner picks up to four questions in order; each is answered as the
secret number would answer it, and the numbers that would have answered
otherwise drop out (:func:`~infotheory_lib.trees.answer_posterior`). The left
panel shows what every question would tell *now*, its expected information
gain :math:`I(X; A) = H(A)` (:func:`~infotheory_lib.trees.expected_information_gain`);
the right panel, what is known about the number, and the bits left. A slider
makes 7 a favourite (:math:`P(X = 7)`), which changes the best question.
"""

from __future__ import annotations

import functools

import numpy as np
from matplotlib.patches import Patch

from .. import plots
from ..measures import entropy
from ..trees import answer_posterior, expected_information_gain, first_best, number_game, play_game
from ._core import Explorer, column, dropdown, float_slider, int_slider, register, row

__all__ = ["best_question_explorer"]

NOT_ASKED = "—"
_N_ASKED = 4  # 16 equally likely numbers: four perfect yes/no questions
_P7_RANGE = (1 / 16, 0.95)
_STEP_NAMES = ("first", "second", "third", "fourth")
_ASKED_COLOR = "#E3E3E3"
_BAND = 1.2  # the right end of the gain axis (a yes/no question tells at most 1 bit)
_Y_STEP = 0.1  # the probability axis ends at a multiple of this, at least 0.3 (see _top)


def _top(posterior):
    """The top of the probability axis: room for the tallest bar and the legend, in steps of 0.1.

    It changes only when the tallest bar crosses a step, so that most updates keep the axis
    (and only blit) while the uniform prior's bars (1/16) still fill a fair share of the panel.
    """
    return max(0.3, float(np.ceil(1.25 * float(np.max(posterior)) / _Y_STEP - 1e-9)) * _Y_STEP)


class ExplorerWithGameReadout(Explorer):
    """The explorer with the game's readout line: "no question asked yet" before the first question,
    each item kept on one line (no-break spaces), and a full redraw when the probability axis moves."""

    def __init__(self, *args, limits_moved, **kwargs):
        self._limits_moved = limits_moved
        super().__init__(*args, **kwargs)

    def _redraw(self, *, full):
        super()._redraw(full=full or self._limits_moved())

    def _format_readout(self):
        asked = any(self.controls[name].value != NOT_ASKED for name in _STEP_NAMES)
        parts = [] if asked else ["<b>no question asked yet</b>"]
        spec = (
            self._spec
            if asked
            else [("best_gain", "best question now", "bits"), ("bits_left", "left", "bits")]
        )
        return self._readout_markup(parts + self._readout_parts(spec))


@functools.lru_cache(maxsize=1)
def _game():
    return number_game()


@functools.lru_cache(maxsize=1)
def _yes():
    """The answers as booleans (True = "yes"): the same game, counted without sorting strings."""
    return _game().answers == "yes"


def _prior(p7):
    """P(7) = p7; the fifteen other numbers share the rest equally."""
    prior = np.full(16, (1.0 - p7) / 15)
    prior[6] = p7
    return prior


def _asked(values):
    """The indices of the questions chosen in the dropdowns, in order ("—" skipped)."""
    questions = _game().questions
    chosen = (values[name] for name in _STEP_NAMES)
    return [questions.index(q) for q in chosen if q != NOT_ASKED]


def _state(values):
    """Steps played, the distribution of the number after them, and every question's gain now."""
    yes = _yes()
    prior = _prior(values["p7"])
    secret = values["secret"] - 1
    asked = _asked(values)
    steps = play_game(prior, yes, secret, asked)
    posterior = prior
    for q in asked:
        posterior = answer_posterior(posterior, yes[q], yes[q, secret])
    gains_now = expected_information_gain(posterior, yes)
    return steps, posterior, gains_now


def _readout(steps, posterior, gains_now):
    last = steps[-1] if steps else None
    return {
        "expected_gain": last.expected_gain if last else 0.0,
        "gain": last.gain if last else 0.0,
        "best_gain": last.best_gain if last else float(np.max(gains_now)),
        "bits_left": float(entropy(posterior)),
    }


def _expect_best_question(values):
    """The readout for the control values, recomputed with the trees and measures functions."""
    return _readout(*_state(values))


@register(
    "best_question",
    notebook="10_decision_trees.ipynb",
    sweep={"p7": _P7_RANGE, "secret": (1, 16)},
    expected_readout=_expect_best_question,
)
def best_question_explorer(secret=11, p7=1 / 16, questions=()):
    r"""Guess a number from 1 to 16: the expected information gain of every yes/no question.

    Controls: ``secret`` (the friend's number, 1–16), ``p7`` (how often the
    friend picks 7: :math:`P(X = 7)`, the other numbers equally likely) and
    four dropdowns ``first`` … ``fourth``: the questions asked, in order
    (``"—"``: not asked). Each question is answered as ``secret`` would.

    Left: what each question would tell now, :math:`I(X; A) = H(A)` bits
    under the current distribution of the number; the best in green, the
    questions already asked in grey (their answer is known: 0 bits). Right:
    the distribution of the number after the answers, the secret in pink,
    and the questions asked with what each was expected to tell and what
    its answer told, :math:`-\log_2 P(A = a)`.

    Readout: the last question's expected gain, what its answer told, the
    best question's expected gain at that step, and the bits left
    :math:`H(X \mid \text{answers})`.

    Parameters
    ----------
    secret : int, default 11
    p7 : float, default 1/16 (uniform)
    questions : sequence of str, default ()
        Up to four questions (texts of :func:`~infotheory_lib.trees.number_game`) asked at the start.
    """
    game = _game()
    if len(questions) > _N_ASKED:
        raise ValueError(f"questions: at most {_N_ASKED} questions, got {len(questions)}")
    unknown = [q for q in questions if q not in game.questions]
    if unknown:
        raise ValueError(f"questions: {unknown[0]!r} is not one of the game's questions {game.questions}")
    n_q = len(game.questions)
    fig, (ax_q, ax_x) = plots.new_figure(2, width=10.5, height=4.6, width_ratios=[1.0, 1.25])

    # a light band behind each question already asked, drawn under its (now empty) gain bar
    asked_bands = plots.draw_question_gains(ax_q, game.labels, np.zeros(n_q), color=_ASKED_COLOR)
    q_bars = plots.draw_question_gains(ax_q, game.labels, np.zeros(n_q))
    best_text = ax_q.text(0.0, 0.0, "", va="center", ha="left", fontsize=11, color=plots.ACCENT_COLOR)
    # every question's gain written at its bar's end (0.000 too: a zero-gain bar has no length)
    gain_texts = [
        ax_q.text(0.0, n_q - 1 - q, "", va="center", ha="left", fontsize=10, color="black")
        for q in range(n_q)
    ]
    ax_q.legend(  # in a free row above the questions
        handles=[Patch(color=plots.ACCENT_COLOR, label="best now"), Patch(color=_ASKED_COLOR, label="asked")],
        loc="upper right",
        ncol=2,
        fontsize=10,
    )
    plots.style_axes(
        ax_q,
        title="What each question would tell now",
        xlabel="expected gain I(X; A) = H(A)  (bits)",
        ylabel="question",
        xlim=(0, _BAND),
        ylim=(-0.6, n_q + 0.5),
    )
    ax_q.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    ax_q.grid(axis="y", visible=False)

    x_bars = plots.draw_bars(ax_x, np.zeros(16), labels=[str(n) for n in game.secrets])
    ax_x.tick_params(axis="x", labelsize=10)
    x_title = ax_x.set_title("")
    ax_x.legend(
        handles=[
            Patch(color=plots.HIGHLIGHT_COLOR, label="the secret"),
            Patch(color=plots.P_COLOR, label="others"),
        ],
        loc="upper right",
        ncol=2,
        fontsize=10,
    )
    plots.style_axes(ax_x, xlabel="the number", ylabel="probability", ylim=(0, 1.2))
    ax_x.yaxis.set_major_formatter("{x:.2f}")  # as wide at every top (the layout is measured once)
    # the secret: a pink tick label (redrawn when it changes) and a pink triangle at the foot of its bar,
    # seen even when its bar is too short to see (P(7) = 0.95 and the secret is another number)
    (secret_mark,) = ax_x.plot(
        [secret - 1],
        [0.03],  # just above the axis line
        ls="none",
        marker="^",
        ms=9,
        color=plots.HIGHLIGHT_COLOR,
        mec="white",
        mew=0.8,
        clip_on=False,
        zorder=5,
        transform=ax_x.get_xaxis_transform(),  # x in data, y in axes fraction
    )

    options = [NOT_ASKED, *game.questions]
    start = list(questions) + [NOT_ASKED] * (_N_ASKED - len(questions))
    controls = {
        "p7": float_slider("P(number = 7)", p7, *_P7_RANGE, 0.005, ".3f"),  # first: the main control
        "secret": int_slider("secret number", secret, 1, 16),
    }
    for name, value in zip(_STEP_NAMES, start, strict=True):
        controls[name] = dropdown(f"{name} question", options, value)
    box = column(
        [
            row([controls["p7"], controls["secret"]]),
            row([controls[n] for n in _STEP_NAMES[:2]]),
            row([controls[n] for n in _STEP_NAMES[2:]]),
        ]
    )

    def update(v):
        steps, posterior, gains_now = _state(v)
        asked = {s.question for s in steps}
        best = first_best(gains_now)
        plots.set_bar_widths(asked_bands, [_BAND if q in asked else 0.0 for q in range(n_q)])
        plots.set_bar_widths(q_bars, gains_now)
        if gains_now[best] <= 0.0:  # every answer is known: nothing to mark as best
            best = -1
            best_text.set_position((0.02, n_q - 0.6))
            best_text.set_text("no question tells anything now")
        else:
            best_text.set_position((gains_now[best] + 0.02, n_q - 1 - best))
            best_text.set_text(f"{gains_now[best]:.3f}")
        plots.set_bar_colors(q_bars, [plots.ACCENT_COLOR if q == best else plots.P_COLOR for q in range(n_q)])
        for q, text in enumerate(gain_texts):
            shown = q != best and q not in asked  # the best has its green label; asked ones their band
            text.set_position((gains_now[q] + 0.02, n_q - 1 - q))
            text.set_text(f"{gains_now[q]:.3f}" if shown else "")
        plots.set_bar_heights(x_bars, posterior)
        top = _top(posterior)
        if ax_x.get_ylim()[1] != top:
            ax_x.set_ylim(0, top)
            limits["moved"] = True
        secret_mark.set_xdata([v["secret"] - 1])
        for i, tick in enumerate(ax_x.get_xticklabels()):
            is_secret = i == v["secret"] - 1
            tick.set_color(plots.HIGHLIGHT_COLOR if is_secret else "black")
            tick.set_fontweight("bold" if is_secret else "normal")
        plots.set_bar_colors(
            x_bars, [plots.HIGHLIGHT_COLOR if i == v["secret"] - 1 else plots.P_COLOR for i in range(16)]
        )
        left = int(np.count_nonzero(posterior))
        h = float(entropy(posterior))
        x_title.set_text(f"{left} number{'s' if left > 1 else ''} left: H = {h:.3f} bits")
        return _readout(steps, posterior, gains_now)

    limits = {"moved": False}

    def limits_moved():
        moved, limits["moved"] = limits["moved"], False
        return moved

    return ExplorerWithGameReadout(
        fig,
        controls,
        update=update,
        limits_moved=limits_moved,
        full_redraw={"secret"},  # its tick label is drawn with the axes
        dynamic=[*asked_bands, *q_bars, best_text, *gain_texts, *x_bars, secret_mark, x_title],
        readout_spec=[
            ("expected_gain", "last question: expected", "bits"),
            ("gain", "its answer told", "bits"),
            ("best_gain", "best question then", "bits"),
            ("bits_left", "left", "bits"),
        ],
        controls_box=box,
    )
