"""Headless tests of the best-question explorer (notebook 10), on top of the generic explorer tests:
known states of the game, every control over its whole range, and what the bars show."""

from __future__ import annotations

import warnings

import matplotlib
import numpy as np
import pytest
from matplotlib.colors import to_rgba

from infotheory_lib import binary_entropy, entropy, plots
from infotheory_lib import explorers as ex
from infotheory_lib.explorers.trees import NOT_ASKED, best_question_explorer
from infotheory_lib.trees import number_game

GAME = number_game()
Q = dict(zip(GAME.labels, GAME.questions, strict=True))  # short label -> question text
STEPS = ("first", "second", "third", "fourth")


@pytest.fixture(autouse=True, scope="module")
def agg_backend():
    matplotlib.use("Agg")


@pytest.fixture
def build():
    made = []

    def make(**kwargs):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            explorer = best_question_explorer(**kwargs)
        made.append(explorer)
        return explorer

    yield make
    for explorer in made:
        explorer.close()


def values_of(explorer):
    return {name: c.value for name, c in explorer.controls.items()}


def check_state(explorer, context):
    """No non-finite drawn bar, and the readout equals the registered reference."""
    for rect in explorer.figure.findobj(matplotlib.patches.Rectangle):
        assert np.all(np.isfinite([rect.get_x(), rect.get_y(), rect.get_width(), rect.get_height()])), context
    want = ex.get("best_question").expected_readout(values_of(explorer))
    got = explorer.readout()
    assert set(got) == set(want) == {"expected_gain", "gain", "best_gain", "bits_left"}
    for key, value in want.items():
        assert type(got[key]) is float
        np.testing.assert_allclose(got[key], value, rtol=1e-12, atol=1e-15, err_msg=f"{context}: {key}")


def gain_bars(explorer):
    """The gain bars (second bar container of the left panel), first question first."""
    ax = explorer.figure.axes[0]
    return ax.containers[1]


def test_registered_with_its_notebook_and_sweep():
    entry = ex.get("best_question")
    assert entry.factory is best_question_explorer
    assert entry.notebook == "10_decision_trees.ipynb"
    assert entry.main == "p7" and set(entry.sweep) <= {"p7", "secret"}
    assert "best_question_explorer" in ex.__all__


def test_start_uniform_nothing_asked(build):
    explorer = build()
    assert explorer.readout() == {"expected_gain": 0.0, "gain": 0.0, "best_gain": 1.0, "bits_left": 4.0}
    widths = [r.get_width() for r in gain_bars(explorer)]
    np.testing.assert_allclose(widths[GAME.labels.index("= 7?")], binary_entropy(1 / 16), rtol=1e-14)
    assert max(widths) == 1.0
    check_state(explorer, "start")


def test_asking_questions_follows_the_answers_of_the_secret(build):
    explorer = build(secret=11)
    explorer.controls["first"].value = Q["> 8?"]  # 11 > 8: yes, 8 numbers left
    assert explorer.readout() == {"expected_gain": 1.0, "gain": 1.0, "best_gain": 1.0, "bits_left": 3.0}
    explorer.controls["second"].value = Q["even?"]  # no: 9, 11, 13, 15
    explorer.controls["third"].value = Q["odd?"]  # already known: tells nothing
    assert explorer.readout() == {"expected_gain": 0.0, "gain": 0.0, "best_gain": 1.0, "bits_left": 2.0}
    right = explorer.figure.axes[1]
    heights = [r.get_height() for r in right.containers[0]]
    np.testing.assert_allclose(heights, [0.25 if n in (9, 11, 13, 15) else 0.0 for n in GAME.secrets])
    assert right.get_title() == "4 numbers left: H = 2.000 bits"
    # asked questions: empty gain bar over a grey band
    bands = explorer.figure.axes[0].containers[0]
    for label in ("> 8?", "even?", "odd?"):
        i = GAME.labels.index(label)
        assert gain_bars(explorer)[i].get_width() == 0.0 and bands[i].get_width() > 1.0
    assert bands[GAME.labels.index("prime?")].get_width() == 0.0
    explorer.controls["fourth"].value = Q["prime?"]  # 9, 11, 13, 15: 11 and 13 are prime
    assert explorer.readout()["bits_left"] == 1.0
    check_state(explorer, "four questions")


def test_a_favourite_seven_changes_the_best_question(build):
    best = {}
    for p7 in (1 / 16, 0.25, 0.5):
        explorer = build(p7=p7)
        greens = [
            i for i, r in enumerate(gain_bars(explorer)) if r.get_facecolor() == to_rgba(plots.ACCENT_COLOR)
        ]
        assert len(greens) == 1
        best[p7] = GAME.labels[greens[0]]
        assert explorer.readout()["best_gain"] == pytest.approx(gain_bars(explorer)[greens[0]].get_width())
        prior = np.full(16, (1 - p7) / 15)
        prior[6] = p7
        assert explorer.readout()["bits_left"] == pytest.approx(entropy(prior), rel=1e-14)
    assert best == {1 / 16: "> 8?", 0.25: "prime?", 0.5: "= 7?"}


def test_a_likely_answer_tells_less_than_expected(build):
    explorer = build(secret=7, p7=0.95, questions=(Q["= 7?"],))
    readout = explorer.readout()
    assert readout["expected_gain"] == pytest.approx(binary_entropy(0.95), rel=1e-14)
    assert readout["gain"] == pytest.approx(-np.log2(0.95), rel=1e-14)
    assert readout["bits_left"] == 0.0
    assert explorer.figure.axes[0].texts[0].get_text() == "no question tells anything now"
    assert not any(r.get_facecolor() == to_rgba(plots.ACCENT_COLOR) for r in gain_bars(explorer))


@pytest.mark.slow
def test_every_control_over_its_whole_range(build):
    explorer = build()
    rng = np.random.default_rng(0)
    options = list(explorer.controls["first"].options)
    assert options == [NOT_ASKED, *GAME.questions]
    sequences = {
        "secret": [1, 16, *rng.integers(1, 17, 6).tolist()],
        "p7": [
            explorer.controls["p7"].min,
            explorer.controls["p7"].max,
            *rng.uniform(0.0625, 0.95, 6).tolist(),
        ],
        **{step: options + [options[i] for i in rng.integers(0, len(options), 4)] for step in STEPS},
    }
    for name, values in sequences.items():
        for value in values:
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                explorer.controls[name].value = value
            check_state(explorer, f"{name}={value!r} with {values_of(explorer)}")
    for _ in range(15):  # random combinations
        for name, values in sequences.items():
            explorer.controls[name].value = values[rng.integers(len(values))]
        check_state(explorer, f"combination {values_of(explorer)}")


@pytest.mark.slow
def test_rapid_changes_end_where_a_fresh_explorer_starts(build):
    explorer = build()
    for value in (0.3, 0.7, 0.2):
        explorer.controls["p7"].value = value
    explorer.controls["secret"].value = 4
    explorer.controls["first"].value = Q["square?"]
    explorer.controls["second"].value = Q["> 12?"]
    fresh = build(secret=4, p7=0.2, questions=(Q["square?"], Q["> 12?"]))
    explorer.figure.canvas.draw()
    fresh.figure.canvas.draw()
    assert explorer.readout() == fresh.readout()
    a = np.asarray(explorer.figure.canvas.buffer_rgba())
    b = np.asarray(fresh.figure.canvas.buffer_rgba())
    assert np.array_equal(a, b)


@pytest.mark.parametrize(
    ("kwargs", "word"),
    [
        ({"questions": ("Is it blue?",)}, "questions"),
        ({"questions": (GAME.questions[0],) * 5}, "questions"),
    ],
)
def test_bad_starting_questions_name_the_argument(kwargs, word):
    with pytest.raises(ValueError, match=word):
        best_question_explorer(**kwargs)


def test_the_best_bar_does_not_flicker_between_tied_questions(build):
    explorer = build()
    for p7 in np.linspace(1 / 16, 0.16, 25):
        explorer.controls["p7"].value = float(p7)
        greens = [
            i for i, r in enumerate(gain_bars(explorer)) if r.get_facecolor() == to_rgba(plots.ACCENT_COLOR)
        ]
        assert greens == [GAME.labels.index("> 8?")], p7


def test_readout_line_says_no_question_asked_yet_and_keeps_items_whole(build):
    explorer = build()
    line = explorer.widget.children[-1].value  # the HTML readout under the figure
    assert "no question asked yet" in line and "last question" not in line
    assert "4.000\u00a0bits" in line  # never "4.000" at a line's end and "bits" alone below
    assert explorer.readout()["expected_gain"] == 0.0  # the numbers stay finite
    explorer.controls["first"].value = Q["> 8?"]
    line = explorer.widget.children[-1].value
    assert "no question asked yet" not in line and "last question: expected" in line


def test_probability_axis_fits_the_bars_and_the_secret_is_marked(build):
    explorer = build(secret=3, p7=1 / 16)
    ax = explorer.figure.axes[1]
    assert ax.get_ylim() == (0.0, 0.3)  # uniform: 1/16 bars fill a fair share of the panel
    explorer.controls["p7"].value = 0.95
    top = ax.get_ylim()[1]
    assert 0.95 < top <= 1.2 + 1e-12
    ticks = ax.get_xticklabels()
    assert to_rgba(ticks[2].get_color()) == to_rgba(plots.HIGHLIGHT_COLOR)
    assert to_rgba(ticks[6].get_color()) != to_rgba(plots.HIGHLIGHT_COLOR)
    marks = [line for line in ax.lines if line.get_marker() == "^"]
    assert len(marks) == 1 and list(marks[0].get_xdata()) == [2]


def test_every_question_not_asked_shows_its_gain(build):
    explorer = build(secret=11, questions=(Q["> 8?"], Q["even?"]))
    texts = [t.get_text() for t in explorer.figure.axes[0].texts[1:]]
    assert texts[GAME.labels.index("odd?")] == "0.000"  # known by now: a zero-length bar, still labelled
    assert texts[GAME.labels.index("> 8?")] == ""  # asked: its grey band says so
    assert sum(t == "" for t in texts) == 3  # the two asked and the best (labelled in green)
