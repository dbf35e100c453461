"""The Adam update shared by the models' training loops (classifier, char_lm, vae)."""

from __future__ import annotations

import numpy as np

B1, B2, EPS = 0.9, 0.999, 1e-8


def adam_step(params, grads, moments, step: int, learning_rate: float) -> None:
    r"""One Adam step (Kingma & Ba), in place, for every parameter array.

    .. math::
        m \leftarrow \beta_1 m + (1-\beta_1) g,\quad
        s \leftarrow \beta_2 s + (1-\beta_2) g^2,\quad
        p \leftarrow p - \eta\, \frac{m / (1-\beta_1^t)}{\sqrt{s / (1-\beta_2^t)} + \epsilon}

    Parameters
    ----------
    params, grads : iterables of ndarray
        The parameters (updated in place) and their gradients, in the same order.
    moments : iterable of (ndarray, ndarray)
        Each parameter's first and second moment estimates ``(m, s)``, updated in place.
    step : int
        :math:`t`, the number of steps taken including this one (from 1).
    learning_rate : float
        :math:`\eta`.
    """
    c1, c2 = 1.0 - B1**step, 1.0 - B2**step
    for p, g, (m, s) in zip(params, grads, moments, strict=True):
        m *= B1
        m += (1.0 - B1) * g
        s *= B2
        s += (1.0 - B2) * g * g
        p -= learning_rate * (m / c1) / (np.sqrt(s / c2) + EPS)
