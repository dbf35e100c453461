r"""Small numpy classifiers: softmax regression and a one-hidden-layer MLP.

Both are trained by minimising the cross-entropy of
:func:`infotheory_lib.losses.cross_entropy_loss` (hard labels, soft
probability targets, optional label smoothing) or the distillation loss of
:mod:`infotheory_lib.models.distillation`, with mini-batch Adam (or plain
gradient descent) written in numpy. Training is deterministic: the same
``seed`` gives bit-identical weights, losses and predictions.

The gradient of the cross-entropy with respect to the logits is
:math:`(\operatorname{softmax}(z) - t) / N`; it is back-propagated by hand
through the layers. Weight decay adds :math:`\tfrac{\lambda}{2}\lVert W\rVert^2`
(weights only, not biases) to the objective; the recorded loss is the
cross-entropy alone, in nats.
"""

from __future__ import annotations

import numpy as np

from .._checks import as_finite_array, check_choice, check_positive_scalar
from ..losses import cross_entropy_loss, softmax
from ._adam import adam_step
from ._params import (
    as_features,
    as_labels,
    as_targets,
    check_fraction,
    check_nonnegative_scalar,
    check_positive_int,
    check_seed,
)
from ._progress import ProgressBar
from .distillation import distillation_gradient, distillation_loss
from .label_smoothing import smooth_labels

__all__ = ["SoftmaxRegression", "MLPClassifier"]

_OPTIMIZERS = ("adam", "sgd")
_ACTIVATIONS = ("relu", "tanh")


class _NumpyClassifier:
    """Shared training loop; subclasses define the parameters, forward and backward passes."""

    def __init__(self, *, learning_rate, epochs, batch_size, optimizer, weight_decay, label_smoothing, seed):
        self.learning_rate = check_positive_scalar(learning_rate, "learning_rate")
        self.epochs = check_positive_int(epochs, "epochs")
        self.batch_size = None if batch_size is None else check_positive_int(batch_size, "batch_size")
        check_choice(optimizer, "optimizer", _OPTIMIZERS)
        self.optimizer = optimizer
        self.weight_decay = check_nonnegative_scalar(weight_decay, "weight_decay")
        self.label_smoothing = check_fraction(label_smoothing, "label_smoothing")
        self.seed = check_seed(seed)
        self.params_ = None
        self.history_ = []

    # --- to be defined by subclasses -------------------------------------------------------------
    def _init_params(self, n_features, n_classes, rng):  # pragma: no cover - abstract
        raise NotImplementedError

    def _forward(self, X, params):  # pragma: no cover - abstract
        raise NotImplementedError

    def _backward(self, X, cache, grad_logits, params):  # pragma: no cover - abstract
        raise NotImplementedError

    # --- training ----------------------------------------------------------------------------------
    def fit(self, X, target, *, callback=None, progress=False):
        r"""Train on ``X`` by minimising the cross-entropy against ``target``.

        Parameters
        ----------
        X : array_like, shape (n_samples, n_features)
            Finite features (scale them to about unit size first).
        target : array_like
            Integer class labels, shape (n_samples,), or soft targets: one
            probability vector per sample, shape (n_samples, n_classes)
            (for example a teacher's :func:`~infotheory_lib.models.soft_targets`).
            The number of classes is ``max(label) + 1`` or the rows' length.
        callback : callable, optional
            Called as ``callback(epoch, loss)`` after every epoch, ``loss``
            being the training cross-entropy in nats.
        progress : bool or "auto", default False
            ``True`` prints a one-line text progress bar; ``"auto"`` prints
            it only if training lasts more than 2 seconds.

        Returns
        -------
        self
        """
        X = as_features(X)
        t = as_targets(target, "target", n_samples=X.shape[0])
        n_classes = int(t.max()) + 1 if t.ndim == 1 else t.shape[1]
        eps = self.label_smoothing
        if t.ndim == 1:
            rows = smooth_labels(t, n_classes, epsilon=eps)
        else:
            rows = (1.0 - eps) * t + eps / n_classes

        def grad(logits, idx):
            return (softmax(logits) - rows[idx]) / len(idx)

        def loss(logits):
            return cross_entropy_loss(logits, t, label_smoothing=eps)

        return self._train(X, n_classes, grad, loss, callback, progress)

    def fit_distillation(
        self, X, labels, teacher_logits, *, temperature, alpha, callback=None, progress=False
    ):
        r"""Train as a student on a teacher's logits, minimising the distillation loss.

        The objective is :func:`~infotheory_lib.models.distillation_loss`:
        :math:`\alpha\,H(y, q) + (1 - \alpha)\,T^2\,D_{KL}(p^T \| q^T)`. The
        model's ``label_smoothing`` is not used here.

        Parameters
        ----------
        X : array_like, shape (n_samples, n_features)
        labels : array_like of int, shape (n_samples,)
            The hard labels.
        teacher_logits : array_like, shape (n_samples, n_classes)
            The teacher's logits on ``X``.
        temperature : float > 0
        alpha : float in [0, 1]
            Weight of the hard-label term.
        callback, progress
            As in :meth:`fit`; the loss passed to ``callback`` is the
            distillation loss in nats.
        """
        X = as_features(X)
        v = as_finite_array(teacher_logits, "teacher_logits")
        if v.ndim != 2 or v.shape[0] != X.shape[0]:
            raise ValueError(
                f"teacher_logits must have shape (n_samples, n_classes) with n_samples = {X.shape[0]}, "
                f"got {v.shape}"
            )
        y = as_labels(labels, "labels", n_samples=X.shape[0], n_classes=v.shape[1])
        temperature = check_positive_scalar(temperature, "temperature")
        alpha = check_fraction(alpha, "alpha")

        def grad(logits, idx):
            return distillation_gradient(logits, v[idx], y[idx], temperature=temperature, alpha=alpha)

        def loss(logits):
            return distillation_loss(logits, v, y, temperature=temperature, alpha=alpha)

        return self._train(X, v.shape[1], grad, loss, callback, progress)

    def _train(self, X, n_classes, grad_fn, loss_fn, callback, progress):
        if callback is not None and not callable(callback):
            raise TypeError(f"callback must be callable, got {callback!r}")
        if progress not in (True, False, "auto"):
            raise ValueError(f"progress must be True, False or 'auto'; got {progress!r}")
        rng = np.random.default_rng(self.seed)
        params = self._init_params(X.shape[1], n_classes, rng)
        m = [np.zeros_like(p) for p in params]
        s = [np.zeros_like(p) for p in params]
        n = X.shape[0]
        batch = n if self.batch_size is None else min(self.batch_size, n)
        bar = None
        if progress:
            bar = ProgressBar(self.epochs, type(self).__name__, delay=2.0 if progress == "auto" else 0.0)
        self.history_ = []
        step = 0
        lr = self.learning_rate
        for epoch in range(self.epochs):
            order = rng.permutation(n) if batch < n else np.arange(n)
            for start in range(0, n, batch):
                idx = order[start : start + batch]
                logits, cache = self._forward(X[idx], params)
                grads = self._backward(X[idx], cache, grad_fn(logits, idx), params)
                if self.weight_decay:
                    for g, p in zip(grads[::2], params[::2], strict=True):  # weights, not biases
                        g += self.weight_decay * p
                step += 1
                if self.optimizer == "adam":
                    adam_step(params, grads, zip(m, s, strict=True), step, lr)
                else:
                    for p, g in zip(params, grads, strict=True):
                        p -= lr * g
            loss = float(loss_fn(self._forward(X, params)[0]))
            self.history_.append(loss)
            if callback is not None:
                callback(epoch, loss)
            if bar is not None:
                bar.update(info=f"loss {loss:.4f}")
        if bar is not None:
            bar.close()
        self.params_ = params
        self.n_classes_ = n_classes
        self.n_features_ = X.shape[1]
        return self

    # --- prediction --------------------------------------------------------------------------------
    def _check_fitted(self, X):
        if self.params_ is None:
            raise RuntimeError(f"this {type(self).__name__} is not fitted yet; call fit first")
        X = as_features(X)
        if X.shape[1] != self.n_features_:
            raise ValueError(f"X has {X.shape[1]} features, but the model was fitted on {self.n_features_}")
        return X

    def predict_logits(self, X):
        """The logits, shape (n_samples, n_classes)."""
        return self._forward(self._check_fitted(X), self.params_)[0]

    def predict_proba(self, X, *, temperature=1.0):
        """Class probabilities ``softmax(logits / temperature)``, shape (n_samples, n_classes)."""
        return softmax(self.predict_logits(X), temperature=temperature)

    def predict(self, X):
        """The most probable class of each sample."""
        return np.argmax(self.predict_logits(X), axis=-1)

    def accuracy(self, X, labels):
        """Fraction of samples whose most probable class is the label."""
        X = self._check_fitted(X)
        y = as_labels(labels, "labels", n_samples=X.shape[0], n_classes=self.n_classes_)
        return float(np.mean(self.predict(X) == y))

    def log_loss(self, X, labels):
        """Mean cross-entropy (negative log-likelihood) of the labels, in nats."""
        X = self._check_fitted(X)
        y = as_labels(labels, "labels", n_samples=X.shape[0], n_classes=self.n_classes_)
        return float(cross_entropy_loss(self.predict_logits(X), y))


class SoftmaxRegression(_NumpyClassifier):
    r"""Multinomial logistic regression: :math:`z = X W + b`, :math:`q = \operatorname{softmax}(z)`.

    Parameters
    ----------
    learning_rate : float > 0, default 0.05
    epochs : int >= 1, default 100
        Passes over the training set.
    batch_size : int >= 1 or None, default None
        Mini-batch size; ``None`` is full-batch.
    optimizer : {"adam", "sgd"}, default "adam"
    weight_decay : float >= 0, default 0.0
        L2 penalty on the weights.
    label_smoothing : float in [0, 1], default 0.0
        Train against :math:`(1 - \varepsilon)\,t + \varepsilon / C`.
    seed : int >= 0, default 0
        Seeds the initial weights and the mini-batch order.

    Attributes
    ----------
    params_ : list of ndarray
        ``[W, b]`` after :meth:`fit`.
    history_ : list of float
        The training loss (nats) after every epoch.
    """

    def __init__(
        self,
        *,
        learning_rate=0.05,
        epochs=100,
        batch_size=None,
        optimizer="adam",
        weight_decay=0.0,
        label_smoothing=0.0,
        seed=0,
    ):
        super().__init__(
            learning_rate=learning_rate,
            epochs=epochs,
            batch_size=batch_size,
            optimizer=optimizer,
            weight_decay=weight_decay,
            label_smoothing=label_smoothing,
            seed=seed,
        )

    def _init_params(self, n_features, n_classes, rng):
        return [rng.normal(0.0, 0.01, (n_features, n_classes)), np.zeros(n_classes)]

    def _forward(self, X, params):
        W, b = params
        return X @ W + b, None

    def _backward(self, X, cache, g, params):
        return [X.T @ g, g.sum(axis=0)]


class MLPClassifier(_NumpyClassifier):
    r"""A one-hidden-layer perceptron: :math:`z = \sigma(X W_1 + b_1)\, W_2 + b_2`.

    Parameters
    ----------
    hidden : int >= 1, default 32
        Units in the hidden layer.
    activation : {"relu", "tanh"}, default "relu"
    learning_rate : float > 0, default 0.01
    epochs : int >= 1, default 50
    batch_size : int >= 1 or None, default 64
    optimizer, weight_decay, label_smoothing, seed
        As in :class:`SoftmaxRegression`. Weights start from He (relu) or
        Glorot (tanh) normal initialisation drawn from ``seed``.

    Attributes
    ----------
    params_ : list of ndarray
        ``[W1, b1, W2, b2]`` after :meth:`fit`.
    history_ : list of float
        The training loss (nats) after every epoch.
    """

    def __init__(
        self,
        *,
        hidden=32,
        activation="relu",
        learning_rate=0.01,
        epochs=50,
        batch_size=64,
        optimizer="adam",
        weight_decay=0.0,
        label_smoothing=0.0,
        seed=0,
    ):
        self.hidden = check_positive_int(hidden, "hidden")
        check_choice(activation, "activation", _ACTIVATIONS)
        self.activation = activation
        super().__init__(
            learning_rate=learning_rate,
            epochs=epochs,
            batch_size=batch_size,
            optimizer=optimizer,
            weight_decay=weight_decay,
            label_smoothing=label_smoothing,
            seed=seed,
        )

    def _init_params(self, n_features, n_classes, rng):
        if self.activation == "relu":
            scale1 = np.sqrt(2.0 / n_features)
        else:
            scale1 = np.sqrt(2.0 / (n_features + self.hidden))
        scale2 = np.sqrt(2.0 / (self.hidden + n_classes))
        return [
            rng.normal(0.0, scale1, (n_features, self.hidden)),
            np.zeros(self.hidden),
            rng.normal(0.0, scale2, (self.hidden, n_classes)),
            np.zeros(n_classes),
        ]

    def _forward(self, X, params):
        W1, b1, W2, b2 = params
        pre = X @ W1 + b1
        h = np.maximum(pre, 0.0) if self.activation == "relu" else np.tanh(pre)
        return h @ W2 + b2, h

    def _backward(self, X, h, g, params):
        _, _, W2, _ = params
        gh = g @ W2.T
        if self.activation == "relu":
            gh *= h > 0
        else:
            gh *= 1.0 - h * h
        return [X.T @ gh, gh.sum(axis=0), h.T @ g, g.sum(axis=0)]
