r"""A small neural character language model (Bengio et al. 2003), trained in numpy.

The model predicts each character from the ``k`` characters before it. Each
of them is looked up in an embedding table :math:`E` (one row of
``embedding_dim`` numbers per character), the ``k`` rows are concatenated
into :math:`x`, and one hidden layer gives the logits of the next character:

.. math::

    h = \tanh(x W_1 + b_1), \qquad z = h W_2 + b_2, \qquad
    q(\cdot \mid x_{t-k} \dots x_{t-1}) = \operatorname{softmax}(z).

Training minimises the cross-entropy
:math:`-\frac1N \sum_t \log q(x_t \mid x_{t-k} \dots x_{t-1})` of
:func:`infotheory_lib.losses.cross_entropy_loss` with mini-batch Adam. Its
gradient with respect to the logits is :math:`(\operatorname{softmax}(z) -
\mathrm{onehot}(x_t)) / B`, back-propagated by hand through the two layers
and into the embedding rows that were looked up (checked against finite
differences in ``tests/test_char_lm.py``). In bits the loss is the model's
bits per character, and :math:`2^{\mathrm{bpc}}` its perplexity.

The model has the interface of :class:`infotheory_lib.language.CharNGramModel`
(``alphabet`` with :data:`~infotheory_lib.language.UNK` last,
``next_char_distribution``, ``token_probs``, ``bits_per_char``,
``perplexity``, ``sample``), so it can drive the arithmetic coder of
:mod:`infotheory_lib.models.arithmetic_coding` too.
"""

from __future__ import annotations

import contextlib
import time

import numpy as np

from .._checks import check_bool, check_positive_int, check_positive_scalar, check_scalar, check_seed
from ..language import UNK
from ..losses import cross_entropy_loss, softmax
from ..measures import perplexity as _perplexity
from ._adam import adam_step
from ._progress import ProgressBar

__all__ = ["NeuralCharModel"]

_CHUNK = 8192  # positions per forward pass when evaluating a long text


def _one_blas_thread():
    """Limit BLAS to one thread while training, if threadpoolctl (a scikit-learn dependency) is there.

    The matrices here are small (a batch of 256 rows): a second BLAS thread
    gains little on an idle machine and, on a busy one, makes each step
    several times slower (threads wait for each other).
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl comes with scikit-learn
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def _check_text(text, name="text", *, allow_empty=False):
    if not isinstance(text, str):
        raise TypeError(f"{name} must be a str, got {type(text).__name__}")
    if not text and not allow_empty:
        raise ValueError(f"{name} is empty")
    return text


class NeuralCharModel:
    r"""Character language model: embeddings of the previous ``k`` characters, one tanh layer, softmax.

    Parameters
    ----------
    context_length : int >= 1, default 8
        ``k``, the number of previous characters the model sees (an n-gram
        model of order ``n = k + 1`` sees as many).
    embedding_dim : int >= 1, default 16
        Numbers per character in the embedding table.
    hidden : int >= 1, default 128
        Units of the tanh layer.
    learning_rate : float > 0, default 0.005
        Adam's step size.
    epochs : int >= 1, default 2
        Passes over the training text.
    batch_size : int >= 1, default 256
        Positions per gradient step.
    n_evals : int >= 1, default 8
        Number of points (after the start) at which the loss curves are
        measured, evenly spaced over training.
    seed : int >= 0, default 0
        Seeds the initial weights, the mini-batch order and the training
        positions the training loss is measured on. Same seed, same model.

    Attributes
    ----------
    alphabet : tuple of str
        Set by :meth:`fit`: the training characters, sorted, then
        :data:`~infotheory_lib.language.UNK` (every other character).
    vocab_size : int
        ``V = len(alphabet)``.
    params_ : dict of str to ndarray
        ``"embedding"`` (V + 1, embedding_dim) — the extra last row is the
        start-of-text marker that pads the context of the first characters —
        ``"W1"`` (k · embedding_dim, hidden), ``"b1"`` (hidden,),
        ``"W2"`` (hidden, V), ``"b2"`` (V,).
    n_parameters_ : int
        Total number of weights.
    history_ : dict of str to ndarray
        The loss curves: ``"step"`` (gradient steps taken), ``"epoch"``
        (passes over the training text, fractional), ``"train_bits"`` (bits
        per character on a fixed sample of up to 20,000 training
        positions), ``"held_out_bits"`` (on all of ``held_out``; NaN if
        none was given). The first point is the untrained model
        (about :math:`\log_2 V` bits).
    fit_seconds_ : float
        Wall time of :meth:`fit`.

    Notes
    -----
    Conventions as in :class:`~infotheory_lib.language.CharNGramModel`:
    characters not seen in training map to UNK (in the context and as the
    predicted character); the first ``k`` characters of a text see
    start-of-text markers in place of the missing context, so
    ``token_probs(text)[i]`` is the probability of ``text[i]`` in
    ``next_char_distribution(text[:i])``. Training never sees UNK as a
    target, so the model gives it a small (but nonzero) probability.

    Examples
    --------
    >>> model = NeuralCharModel(2, hidden=16, epochs=100, batch_size=4)
    >>> model = model.fit("abcabcabcabc", progress=False)
    >>> model.alphabet
    ('a', 'b', 'c', '<unk>')
    >>> model.sample(9, prompt="ab", temperature=0.2)
    'cabcabcab'
    """

    def __init__(
        self,
        context_length=8,
        *,
        embedding_dim=16,
        hidden=128,
        learning_rate=0.005,
        epochs=2,
        batch_size=256,
        n_evals=8,
        seed=0,
    ):
        self.context_length = check_positive_int(context_length, "context_length")
        self.embedding_dim = check_positive_int(embedding_dim, "embedding_dim")
        self.hidden = check_positive_int(hidden, "hidden")
        self.learning_rate = check_positive_scalar(learning_rate, "learning_rate")
        self.epochs = check_positive_int(epochs, "epochs")
        self.batch_size = check_positive_int(batch_size, "batch_size")
        self.n_evals = check_positive_int(n_evals, "n_evals")
        self.seed = check_seed(seed)
        self.params_ = None

    def __repr__(self):
        return (
            f"NeuralCharModel(context_length={self.context_length}, embedding_dim={self.embedding_dim}, "
            f"hidden={self.hidden})"
        )

    # ------------------------------------------------------------------
    # Characters to ids
    # ------------------------------------------------------------------

    def _require_fit(self):
        if self.params_ is None:
            raise RuntimeError("this NeuralCharModel is not fitted yet; call fit(text) first")

    def _ids(self, text):
        """Vocabulary ids of the characters of ``text`` (unseen characters: UNK)."""
        cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
        pos = np.minimum(np.searchsorted(self._vocab_cps, cps), self._vocab_cps.size - 1)
        return np.where(self._vocab_cps[pos] == cps, pos, self._unk).astype(np.intp)

    def _windows(self, ids):
        """The ``k`` context ids of every position, shape (len(ids), k), start markers first."""
        k = self.context_length
        padded = np.concatenate([np.full(k, self._bos, dtype=np.intp), ids])
        return np.lib.stride_tricks.sliding_window_view(padded, k)[: ids.size]

    def _context_window(self, context):
        """The ``k`` ids the model sees after ``context``: its last k characters, start markers first."""
        k = self.context_length
        ids = self._ids(context[max(0, len(context) - k) :])
        return np.concatenate([np.full(k - ids.size, self._bos, dtype=np.intp), ids])

    # ------------------------------------------------------------------
    # Forward and backward passes
    # ------------------------------------------------------------------

    def _forward(self, params, X):
        x = params["embedding"][X].reshape(X.shape[0], -1)
        h = np.tanh(x @ params["W1"] + params["b1"])
        return h @ params["W2"] + params["b2"], (x, h)

    def _backward(self, params, X, cache, g):
        """Gradients of the loss from ``g`` = d loss / d logits, shape (B, V)."""
        x, h = cache
        d = self.embedding_dim
        gh = (g @ params["W2"].T) * (1.0 - h * h)
        gx = gh @ params["W1"].T  # (B, k * d): one embedding row per context slot
        rows = self.vocab_size + 1
        # Scatter-add each slot's gradient into its character's embedding row.
        flat = (X.reshape(-1, 1) * d + np.arange(d)).ravel()
        g_emb = np.bincount(flat, weights=gx.ravel(), minlength=rows * d).reshape(rows, d)
        return {"embedding": g_emb, "W1": x.T @ gh, "b1": gh.sum(axis=0), "W2": h.T @ g, "b2": g.sum(axis=0)}

    def _logit_gradient(self, logits, y):
        """d mean cross-entropy / d logits = (softmax(z) - onehot(y)) / B."""
        g = softmax(logits)
        g[np.arange(y.size), y] -= 1.0
        g /= y.size
        return g

    def _mean_bits(self, params, X, y):
        """Mean cross-entropy in bits over positions (X, y), in chunks."""
        total = 0.0
        for start in range(0, y.size, _CHUNK):
            logits, _ = self._forward(params, X[start : start + _CHUNK])
            total += float(cross_entropy_loss(logits, y[start : start + _CHUNK], reduction="sum", base=2))
        return total / y.size

    def loss_and_gradients(self, text):
        r"""Mean cross-entropy on ``text`` (nats) and its gradient for every parameter.

        .. math:: \ell = -\frac1N \sum_{t=1}^{N} \ln q(x_t \mid x_{t-k} \dots x_{t-1})

        At the current parameters :attr:`params_` (after :meth:`fit`). The
        training step uses exactly these gradients (on mini-batches).

        Parameters
        ----------
        text : str
            Non-empty.

        Returns
        -------
        loss : float
            In nats.
        grads : dict of str to ndarray
            Same keys and shapes as :attr:`params_`.
        """
        self._require_fit()
        _check_text(text)
        y = self._ids(text)
        X = self._windows(y)
        logits, cache = self._forward(self.params_, X)
        loss = float(cross_entropy_loss(logits, y))
        return loss, self._backward(self.params_, X, cache, self._logit_gradient(logits, y))

    # ------------------------------------------------------------------
    # Training
    # ------------------------------------------------------------------

    def fit(self, text, held_out=None, *, progress="auto", callback=None):
        """Train on ``text``; record the loss curves on it and on ``held_out``.

        Parameters
        ----------
        text : str
            The training text (at least 2 characters); it fixes the alphabet.
        held_out : str, optional
            Text to measure the held-out loss on while training.
        progress : bool or "auto", default "auto"
            ``True`` prints a one-line text progress bar, ``"auto"`` only if
            training lasts more than 2 seconds.
        callback : callable, optional
            Called as ``callback(step, train_bits, held_out_bits)`` at each
            point of the loss curves.

        Returns
        -------
        self
        """
        _check_text(text)
        if len(text) < 2:
            raise ValueError(f"text must have at least 2 characters, got {len(text)}")
        if held_out is not None:
            _check_text(held_out, "held_out")
        if progress != "auto":
            check_bool(progress, "progress")
        if callback is not None and not callable(callback):
            raise TypeError(f"callback must be callable, got {callback!r}")
        start_time = time.perf_counter()
        cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
        self._vocab_cps = np.unique(cps)
        self.alphabet = tuple(chr(c) for c in self._vocab_cps.tolist()) + (UNK,)
        self.vocab_size = V = len(self.alphabet)
        self._unk, self._bos = V - 1, V
        k, d, H = self.context_length, self.embedding_dim, self.hidden

        rng = np.random.default_rng(self.seed)
        params = {
            "embedding": rng.normal(0.0, 1.0, (V + 1, d)),
            "W1": rng.normal(0.0, np.sqrt(1.0 / (k * d)), (k * d, H)),
            "b1": np.zeros(H),
            "W2": np.zeros((H, V)),  # the untrained model is the uniform guess: log2 V bits
            "b2": np.zeros(V),
        }
        self.params_ = params
        self.n_parameters_ = int(sum(p.size for p in params.values()))

        y = self._ids(text)
        X = self._windows(y)
        n = y.size
        sample = np.sort(rng.choice(n, size=min(n, 20_000), replace=False))
        X_train_eval, y_train_eval = X[sample], y[sample]
        if held_out is not None:
            y_held = self._ids(held_out)
            X_held = self._windows(y_held)

        batch = min(self.batch_size, n)
        steps_per_epoch = -(-n // batch)
        total_steps = self.epochs * steps_per_epoch
        history = {"step": [], "epoch": [], "train_bits": [], "held_out_bits": []}

        def evaluate(step):
            train_bits = self._mean_bits(params, X_train_eval, y_train_eval)
            held_bits = self._mean_bits(params, X_held, y_held) if held_out is not None else float("nan")
            history["step"].append(step)
            history["epoch"].append(step / steps_per_epoch)
            history["train_bits"].append(train_bits)
            history["held_out_bits"].append(held_bits)
            if callback is not None:
                callback(step, train_bits, held_bits)
            return held_bits if held_out is not None else train_bits

        with _one_blas_thread():
            self._train(params, X, y, evaluate, total_steps, batch, rng, progress, held_out is not None)
        self.history_ = {
            key: np.asarray(val, dtype=np.int64 if key == "step" else np.float64)
            for key, val in history.items()
        }
        self.fit_seconds_ = time.perf_counter() - start_time
        return self

    def _train(self, params, X, y, evaluate, total_steps, batch, rng, progress, has_held_out):
        """The Adam loop over mini-batches; ``evaluate(step)`` records a point of the curves."""
        n = y.size
        eval_at = set(np.unique(np.linspace(0, total_steps, self.n_evals + 1).round().astype(int)).tolist())
        bar = None
        if progress:
            bar = ProgressBar(total_steps, "NeuralCharModel", delay=2.0 if progress == "auto" else 0.0)
        moments = {name: (np.zeros_like(p), np.zeros_like(p)) for name, p in params.items()}
        lr = self.learning_rate
        last = evaluate(0)
        step = 0
        for _ in range(self.epochs):
            order = rng.permutation(n)
            for begin in range(0, n, batch):
                idx = order[begin : begin + batch]
                Xb, yb = X[idx], y[idx]
                logits, cache = self._forward(params, Xb)
                grads = self._backward(params, Xb, cache, self._logit_gradient(logits, yb))
                step += 1
                adam_step(params.values(), [grads[n] for n in params], [moments[n] for n in params], step, lr)
                if step in eval_at:
                    last = evaluate(step)
                if bar is not None:
                    bar.update(info=f"{'held-out' if has_held_out else 'train'} {last:.3f} bits/char")
        if bar is not None:
            bar.close()

    # ------------------------------------------------------------------
    # Probabilities
    # ------------------------------------------------------------------

    def next_char_distribution(self, context=""):
        """The model's distribution of the next character after ``context``.

        Parameters
        ----------
        context : str
            The text so far; only its last ``context_length`` characters
            matter (fewer: the start of a text).

        Returns
        -------
        alphabet : tuple of str
            The vocabulary, sorted, with UNK last.
        probs : ndarray of float64, shape (V,)
            Sums to 1.
        """
        self._require_fit()
        _check_text(context, "context", allow_empty=True)
        logits, _ = self._forward(self.params_, self._context_window(context)[None, :])
        return self.alphabet, softmax(logits[0])

    def token_probs(self, text):
        r"""Probability the model gave each character of ``text``.

        Element ``i`` is :math:`q(x_i \mid x_{i-k} \dots x_{i-1})`, equal (to
        rounding) to the probability of ``text[i]`` in
        ``next_char_distribution(text[:i])``.

        Returns
        -------
        ndarray of float64, shape (len(text),)
        """
        self._require_fit()
        _check_text(text)
        y = self._ids(text)
        X = self._windows(y)
        out = np.empty(y.size)
        for start in range(0, y.size, _CHUNK):
            logits, _ = self._forward(self.params_, X[start : start + _CHUNK])
            probs = softmax(logits)
            out[start : start + _CHUNK] = probs[np.arange(probs.shape[0]), y[start : start + _CHUNK]]
        return out

    def bits_per_char(self, text):
        r"""Cross-entropy of the model on ``text`` in bits per character.

        .. math:: \mathrm{bpc} = -\frac1N \sum_{t=1}^{N} \log_2 q(x_t \mid x_{t-k} \dots x_{t-1})

        Computed with :func:`infotheory_lib.losses.cross_entropy_loss` (``base=2``).
        """
        self._require_fit()
        _check_text(text)
        y = self._ids(text)
        return np.float64(self._mean_bits(self.params_, self._windows(y), y))

    def perplexity(self, text):
        r"""Perplexity on ``text``: :math:`\exp(-\frac1N \sum_t \ln q(x_t \mid \dots)) = 2^{\mathrm{bpc}}`.

        Computed by :func:`infotheory_lib.measures.perplexity` from :meth:`token_probs`.
        """
        return _perplexity(self.token_probs(text))

    # ------------------------------------------------------------------
    # Generation
    # ------------------------------------------------------------------

    def sample(self, length, *, seed=0, prompt="", temperature=1.0):
        """Generate ``length`` characters after ``prompt``.

        Each character is drawn from ``softmax(logits / temperature)`` given
        the text so far, restricted to the training characters (UNK left
        out, the rest renormalised).

        Parameters
        ----------
        length : int >= 0
        seed : int >= 0
            Seed of ``numpy.random.default_rng``; the same seed gives the same text.
        prompt : str
            Text to continue; not included in the result.
        temperature : float > 0, default 1.0
            Below 1 sharpens the distribution (safer, more repetitive text),
            above 1 flattens it.

        Returns
        -------
        str
        """
        self._require_fit()
        length = check_scalar(length, "length", integer=True, low=0)
        seed = check_seed(seed)
        _check_text(prompt, "prompt", allow_empty=True)
        temperature = check_positive_scalar(temperature, "temperature")
        rng = np.random.default_rng(seed)
        window = self._context_window(prompt).tolist()
        chars = self.alphabet[:-1]
        out = []
        for u in rng.random(length):
            logits, _ = self._forward(self.params_, np.array([window], dtype=np.intp))
            cdf = np.cumsum(softmax(logits[0], temperature=temperature)[:-1])
            idx = min(int(np.searchsorted(cdf, u * cdf[-1], side="right")), len(chars) - 1)
            out.append(chars[idx])
            window = window[1:] + [idx]
        return "".join(out)
