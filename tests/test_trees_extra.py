"""Tests for the notebook-10 additions to infotheory_lib.trees: the gain of every threshold of a
feature (against scikit-learn and a loop), and the best-question game (Bayes update, play, the table)."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.datasets import load_breast_cancer, load_wine
from sklearn.tree import DecisionTreeClassifier

from infotheory_lib import (
    best_split,
    binary_entropy,
    entropy,
    expected_information_gain,
    gini_impurity,
    impurity_decrease,
    information_gain,
)
from infotheory_lib.trees import (
    GameStep,
    ThresholdScan,
    answer_posterior,
    first_best,
    number_game,
    play_game,
    threshold_scan,
)

LN2 = np.log(2.0)

# ---------------------------------------------------------------------------
# threshold_scan
# ---------------------------------------------------------------------------


def test_threshold_scan_small_example_by_hand():
    scan = threshold_scan([1.0, 2.0, 3.0, 4.0], [0, 0, 1, 1])
    assert isinstance(scan, ThresholdScan)
    assert_array_equal(scan.thresholds, [1.5, 2.5, 3.5])
    # the middle cut separates the classes (H(Y) = 1 bit); an outer cut leaves 1 of 3 on one side
    outer = 1.0 - 0.75 * binary_entropy(1 / 3)
    assert_allclose(scan.gains, [outer, 1.0, outer], rtol=1e-14)
    gini = threshold_scan([1.0, 2.0, 3.0, 4.0], [0, 0, 1, 1], criterion="gini")
    assert_allclose(gini.gains, [0.5 - 0.75 * (4 / 9), 0.5, 0.5 - 0.75 * (4 / 9)], rtol=1e-14)


def test_threshold_scan_ties_unsorted_input_and_string_labels():
    x = [3.0, 1.0, 3.0, 2.0, 1.0]
    y = ["b", "a", "b", "a", "b"]
    scan = threshold_scan(x, y)
    assert_array_equal(scan.thresholds, [1.5, 2.5])  # only between distinct values
    for t, gain in zip(scan.thresholds, scan.gains, strict=True):
        assert gain == pytest.approx(information_gain(y, np.asarray(x) <= t), abs=1e-15)


@pytest.mark.parametrize("criterion", ["entropy", "gini"])
def test_threshold_scan_equals_impurity_decrease_at_every_threshold(criterion):
    rng = np.random.default_rng(3)
    x = rng.integers(0, 12, size=150).astype(float)
    y = (x + rng.integers(0, 6, size=150)) % 3
    scan = threshold_scan(x, y, criterion=criterion)
    assert_array_equal(scan.thresholds, np.unique(x)[:-1] + 0.5)
    expected = [impurity_decrease(y, x <= t, criterion=criterion) for t in scan.thresholds]
    assert_allclose(scan.gains, expected, rtol=1e-12, atol=1e-15)
    assert np.all(scan.gains >= 0)


@pytest.mark.parametrize("loader", [load_wine, load_breast_cancer])
@pytest.mark.parametrize("criterion", ["entropy", "gini"])
def test_the_maximum_of_the_scans_is_the_best_split_and_sklearn_root(loader, criterion):
    X, y = loader(return_X_y=True)
    X32 = X.astype(np.float32)
    scans = [threshold_scan(X32[:, j], y, criterion=criterion) for j in range(X.shape[1])]
    feature = int(np.argmax([s.gains.max() for s in scans]))
    k = int(np.argmax(scans[feature].gains))
    split = best_split(X32, y, criterion=criterion)
    assert (feature, scans[feature].thresholds[k], scans[feature].gains[k]) == tuple(split)
    tree = DecisionTreeClassifier(criterion=criterion, max_depth=1, random_state=0).fit(X, y).tree_
    assert (tree.feature[0], tree.threshold[0]) == (feature, scans[feature].thresholds[k])
    n = tree.n_node_samples
    decrease = tree.impurity[0] - (n[1] * tree.impurity[1] + n[2] * tree.impurity[2]) / n[0]
    assert scans[feature].gains[k] == pytest.approx(decrease, rel=1e-12)


def test_threshold_scan_units_and_normalised_curves():
    X, y = load_wine(return_X_y=True)
    bits = threshold_scan(X[:, 6], y)
    nats = threshold_scan(X[:, 6], y, base=np.e)
    assert_allclose(nats.gains, bits.gains * LN2, rtol=1e-13)
    assert bits.gains.max() <= entropy(np.bincount(y), normalize=True)
    gini = threshold_scan(X[:, 6], y, criterion="gini", base=np.e)  # base is ignored for Gini
    assert gini.gains.max() <= gini_impurity(np.bincount(y), normalize=True)


def test_threshold_scan_of_a_constant_feature_is_empty():
    scan = threshold_scan([2.0, 2.0, 2.0], [0, 1, 1])
    assert scan.thresholds.shape == scan.gains.shape == (0,)


@pytest.mark.parametrize(
    ("call", "error", "word"),
    [
        (lambda: threshold_scan([[1.0, 2.0]], [0, 1]), ValueError, "x"),
        (lambda: threshold_scan([1.0, np.nan], [0, 1]), ValueError, "x"),
        (lambda: threshold_scan(["a", "b"], [0, 1]), TypeError, "x"),
        (lambda: threshold_scan([1.0, 2.0], [0, 1, 1]), ValueError, "y"),
        (lambda: threshold_scan([1.0, 2.0], [[0, 1]]), ValueError, "y"),
        (lambda: threshold_scan([1.0, 2.0], [0, 1], criterion="mse"), ValueError, "criterion"),
        (lambda: threshold_scan([1.0, 2.0], [0, 1], base=1), ValueError, "base"),
    ],
)
def test_threshold_scan_bad_input_names_the_argument(call, error, word):
    with pytest.raises(error, match=word):
        call()


# ---------------------------------------------------------------------------
# the game: Bayes update, play, the table
# ---------------------------------------------------------------------------


def test_answer_posterior_is_bayes_rule():
    prior = [0.5, 0.25, 0.125, 0.125]
    flies = ["no", "no", "yes", "yes"]
    assert_allclose(answer_posterior(prior, flies, "yes"), [0, 0, 0.5, 0.5])
    assert_allclose(answer_posterior(prior, flies, "no"), [2 / 3, 1 / 3, 0, 0])
    assert_allclose(answer_posterior(None, [1, 2, 1, 3], 1), [0.5, 0, 0.5, 0])
    # the entropy drops by the surprise of the answer exactly when the prior is uniform
    posterior = answer_posterior(None, [True] * 3 + [False] * 5, True)
    assert entropy(posterior) == pytest.approx(3.0 - (-np.log2(3 / 8)), abs=1e-14)


def test_play_a_given_sequence_of_questions():
    answers = np.array([["no"] * 4 + ["yes"] * 4, ["no", "yes"] * 4, ["yes"] + ["no"] * 7])
    steps = play_game(None, answers, 5, [0, 2, 0, 1])
    assert [s.question for s in steps] == [0, 2, 0, 1]
    assert [s.answer for s in steps] == ["yes", "no", "yes", "yes"]
    first, second, again, last = steps
    assert isinstance(first, GameStep)
    assert (first.expected_gain, first.gain, first.bits_left) == (1.0, 1.0, 2.0)
    assert first.best_gain == 1.0 and first.best_question == 0  # ties go to the lower index
    # "is it secret 0?" after secret 0 was ruled out: its answer is known, it tells nothing
    assert (second.expected_gain, second.gain, second.bits_left) == (0.0, 0.0, 2.0)
    assert (again.expected_gain, again.gain) == (0.0, 0.0)  # asking twice tells nothing
    assert (last.expected_gain, last.gain, last.bits_left) == (1.0, 1.0, 1.0)
    assert play_game(None, answers, 5, []) == []


def test_an_unlikely_answer_tells_more_than_expected():
    answers = np.array([[s == 0 for s in range(8)]])
    lucky = play_game(None, answers, 0, [0])[0]
    unlucky = play_game(None, answers, 3, [0])[0]
    assert lucky.expected_gain == unlucky.expected_gain == pytest.approx(binary_entropy(1 / 8), abs=1e-15)
    assert lucky.gain == pytest.approx(3.0, abs=1e-15) and lucky.bits_left == 0.0
    assert unlucky.gain == pytest.approx(np.log2(8 / 7), abs=1e-15)
    # averaged over the secrets, the gain is the expected gain
    gains = [play_game(None, answers, s, [0])[0].gain for s in range(8)]
    assert np.mean(gains) == pytest.approx(lucky.expected_gain, rel=1e-14)


def test_number_game_table():
    game = number_game()
    assert_array_equal(game.secrets, np.arange(1, 17))
    assert game.answers.shape == (len(game.questions), 16) == (len(game.labels), 16)
    assert set(np.unique(game.answers)) == {"yes", "no"}
    assert len({tuple(column) for column in game.answers.T}) == 16  # every secret told apart
    row = dict(zip(game.labels, game.answers, strict=True))
    assert list(game.secrets[row["prime?"] == "yes"]) == [2, 3, 5, 7, 11, 13]
    assert list(game.secrets[row["square?"] == "yes"]) == [1, 4, 9, 16]
    assert_array_equal(row["odd?"] == "yes", row["even?"] == "no")
    gains = expected_information_gain(None, game.answers)
    assert gains[game.labels.index("> 8?")] == 1.0
    assert gains[game.labels.index("= 7?")] == pytest.approx(binary_entropy(1 / 16), abs=1e-15)


def test_greedy_play_finds_every_number_in_four_questions_with_a_uniform_prior():
    game = number_game()
    for secret in range(16):
        steps = play_game(None, game.answers, secret)
        assert len(steps) == 4, secret
        assert all(s.expected_gain == s.best_gain == 1.0 == s.gain for s in steps)
        assert steps[-1].bits_left == 0.0


@pytest.mark.parametrize("p7", [0.2, 0.5, 0.9])
def test_greedy_play_with_a_skewed_prior(p7):
    game = number_game()
    prior = np.full(16, (1 - p7) / 15)
    prior[6] = p7
    lengths = [len(play_game(prior, game.answers, s)) for s in range(16)]
    assert all(play_game(prior, game.answers, s)[-1].bits_left == 0.0 for s in range(16))
    mean = float(np.dot(prior, lengths))
    # yes/no questions need at least H(X) of them on average (Shannon's source coding bound)
    assert entropy(prior) <= mean < entropy(prior) + 1
    first = play_game(prior, game.answers, 6)[0]
    best = game.labels[first.question]
    assert best == {0.2: "prime?", 0.5: "= 7?", 0.9: "= 7?"}[p7]


def test_greedy_stops_when_nothing_is_left_to_learn_and_at_max_questions():
    answers = np.array([["a", "a", "b", "b"]])  # cannot tell 0 from 1
    steps = play_game(None, answers, 0)
    assert len(steps) == 1 and steps[0].bits_left == 1.0
    assert play_game(None, number_game().answers, 3, max_questions=2)[-1].bits_left == 2.0
    assert play_game(None, answers, 0, max_questions=0) == []


def test_play_game_in_nats():
    game = number_game()
    steps = play_game(None, game.answers, 0, base=np.e)
    assert steps[0].expected_gain == pytest.approx(LN2, rel=1e-14)
    assert sum(s.gain for s in steps) == pytest.approx(np.log(16), rel=1e-14)


def test_play_game_does_not_modify_its_inputs():
    game = number_game()
    answers = game.answers.copy()
    prior = np.full(16, 1 / 16)
    play_game(prior, answers, 2)
    assert_array_equal(answers, game.answers)
    assert_array_equal(prior, np.full(16, 1 / 16))


@pytest.mark.parametrize(
    ("call", "error", "word"),
    [
        (lambda: answer_posterior(None, ["no", "yes"], "maybe"), ValueError, "answer"),
        (lambda: answer_posterior([1.0, 0.0], ["no", "yes"], "yes"), ValueError, "answer"),
        (lambda: answer_posterior([0.5, 0.6], ["no", "yes"], "yes"), ValueError, "prior"),
        (lambda: answer_posterior([0.5, 0.5], ["no", "yes", "no"], "no"), ValueError, "prior"),
        (lambda: answer_posterior(None, "yes", "yes"), TypeError, "answers"),
        (lambda: answer_posterior(None, [["yes"]], "yes"), ValueError, "answers"),
        (lambda: play_game(None, ["yes", "no"], 0), ValueError, "answers"),
        (lambda: play_game(None, None, 0), TypeError, "answers"),
        (lambda: play_game(None, [["yes", "no"]], 2), ValueError, "secret"),
        (lambda: play_game(None, [["yes", "no"]], 1.0), TypeError, "secret"),
        (lambda: play_game(None, [["yes", "no"]], True), TypeError, "secret"),
        (lambda: play_game([1.0, 0.0], [["yes", "no"]], 1), ValueError, "secret"),
        (lambda: play_game(None, [["yes", "no"]], 0, [1]), ValueError, "questions"),
        (lambda: play_game(None, [["yes", "no"]], 0, "best"), ValueError, "questions"),
        (lambda: play_game(None, [["yes", "no"]], 0, max_questions=-1), ValueError, "max_questions"),
        (lambda: play_game(None, [["yes", "no"]], 0, max_questions=2.5), TypeError, "max_questions"),
        (lambda: play_game(None, [["yes", "no"]], 0, base=-2), ValueError, "base"),
    ],
)
def test_game_bad_input_names_the_argument(call, error, word):
    with pytest.raises(error, match=word):
        call()


def test_a_question_every_remaining_secret_answers_alike_gains_exactly_zero():
    # after "> 4?" and "prime?" (secret 7) the numbers left are 5, 7, 11 and 13: none is a multiple of 3, so
    # the answer is certain. The posterior sums to 1 + 2e-16 here; the answer's probability still reads 1.
    game = number_game()
    yes = game.answers == "yes"
    p7 = 0.5856830800995927
    prior = np.full(16, (1 - p7) / 15)
    prior[6] = p7
    q = [game.labels.index(label) for label in ("> 4?", "prime?", "multiple of 3?")]
    steps = play_game(prior, yes, 6, q)
    assert steps[-1].gain == 0.0 and steps[-1].expected_gain == 0.0
    assert steps[-1].bits_left == pytest.approx(steps[-2].bits_left, rel=1e-15)


def test_first_best_breaks_round_off_ties_towards_the_first():
    assert first_best([0.5, 1.0 - 1e-16, 1.0]) == 1
    assert first_best([0.2, 0.9, 0.3]) == 1
    assert first_best([0.0, 0.0]) == 0
    with pytest.raises(ValueError, match="gains"):
        first_best([])
    with pytest.raises(ValueError, match="gains"):
        first_best([0.1, np.nan])


@pytest.mark.parametrize("p7", np.linspace(1 / 16, 0.16, 40))
def test_greedy_play_asks_the_first_of_exactly_tied_questions(p7):
    # "> 8?", "even?" and "odd?" split any prior that only favours 7 exactly alike (7 is odd and <= 8);
    # round-off must not choose among them
    game = number_game()
    prior = np.full(16, (1 - p7) / 15)
    prior[6] = p7
    assert play_game(prior, game.answers, 0, max_questions=1)[0].question == 0
