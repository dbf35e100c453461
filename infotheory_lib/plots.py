"""Pure drawing functions shared by the static figures and the live explorers.

Every function takes an ``Axes`` and data, draws, and returns the artists it
made, so an explorer can keep them and later update only their data. None of
them calls ``plt.show()`` or creates a figure, except :func:`new_figure`.
Numbers come from the compute modules; nothing here computes information.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

# One colour for p (the data / truth) and one for q (the model) everywhere;
# Okabe–Ito colours, distinguishable with colour-vision deficiencies.
P_COLOR = "#0072B2"
Q_COLOR = "#D55E00"
ACCENT_COLOR = "#009E73"
HIGHLIGHT_COLOR = "#CC79A7"
NEUTRAL_COLOR = "#7F7F7F"

#: Readable on a projector: larger fonts than matplotlib's defaults.
STYLE = {
    "font.size": 12,
    "axes.titlesize": 13,
    "axes.labelsize": 12,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "legend.fontsize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "figure.dpi": 100,
}

UNIT_NAMES = {2: "bits", np.e: "nats"}


def unit_name(base) -> str:
    """'bits' for base 2, 'nats' for base e, else 'log-base-b units'."""
    return UNIT_NAMES.get(base, f"base-{base:g} units")


def format_value(value: float, digits: int = 3) -> str:
    """Format a readout number: ``digits`` decimals, ∞ as the symbol.

    A non-zero number that would round to zero keeps ``digits`` significant
    digits instead (a loss of 4.9e-05 is not "0.000": it never reaches 0),
    an exponent form keeping its trailing zeros so that all look alike (2.00e−16).
    """
    if np.isinf(value):
        return "∞" if value > 0 else "−∞"
    if value != 0 and abs(value) < 0.5 * 10.0**-digits:
        text = f"{value:.{digits}g}"
        if "e" in text:  # 2.00e−16 like 3.08e−18, not 2e−16
            text = f"{value:#.{digits}g}"
        return text.replace("-", "−")
    return f"{value:.{digits}f}"


def new_figure(ncols: int = 1, *, width: float = 9.0, height: float = 3.6, **subplot_kw):
    """Create a figure with ``ncols`` panels in the course style, on its own Agg canvas.

    The figure does not depend on pyplot's backend (inline, ipympl, Agg
    all give the same figure) and is not registered with pyplot, so it is
    never displayed on its own and does not pile up in
    ``plt.get_fignums()``: it is shown where the caller puts it (a cell's
    last expression, an explorer's picture) and freed with its last
    reference.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with plt.rc_context(STYLE):
        fig = Figure(figsize=(width, height), layout="constrained")
        FigureCanvasAgg(fig)
        axes = fig.subplots(1, ncols, squeeze=False, **subplot_kw)
    return fig, list(axes[0])


def style_axes(ax, *, title=None, xlabel=None, ylabel=None, xlim=None, ylim=None):
    """Set title, labels and fixed limits (fixed limits make blitting possible)."""
    with plt.rc_context(STYLE):
        if title is not None:
            ax.set_title(title)
        if xlabel is not None:
            ax.set_xlabel(xlabel)
        if ylabel is not None:
            ax.set_ylabel(ylabel)
    if xlim is not None:
        ax.set_xlim(*xlim)
    if ylim is not None:
        ax.set_ylim(*ylim)
    return ax


def draw_curve(ax, x, y, *, color=NEUTRAL_COLOR, label=None, **kwargs):
    """A line plot; returns the ``Line2D``."""
    kwargs.setdefault("lw", 2)
    (line,) = ax.plot(x, y, color=color, label=label, **kwargs)
    return line


def draw_marker(ax, x, y, *, color=P_COLOR, label=None, size=10):
    """A single highlighted point; returns the ``Line2D`` (update with ``set_data``)."""
    (marker,) = ax.plot([x], [y], "o", color=color, ms=size, zorder=5, label=label)
    return marker


def draw_guides(ax, x, y, *, color=P_COLOR):
    """Dashed lines from a point down to the x axis and across to the y axis."""
    (vertical,) = ax.plot([x, x], [0, y], ls="--", lw=1.2, color=color)
    (horizontal,) = ax.plot([0, x], [y, y], ls="--", lw=1.2, color=color)
    return vertical, horizontal


def set_guides(guides, x, y, x0=0.0, y0=0.0):
    """Move the guide lines made by :func:`draw_guides` to the point (x, y)."""
    vertical, horizontal = guides
    vertical.set_data([x, x], [y0, y])
    horizontal.set_data([x0, x], [y, y])


def draw_bars(ax, values, *, labels=None, color=P_COLOR, width=0.8, offset=0.0, label=None):
    """Vertical bars at 0..n-1 (+ offset); returns the ``BarContainer``."""
    values = np.asarray(values, dtype=float)
    x = np.arange(values.size) + offset
    bars = ax.bar(x, values, width=width, color=color, label=label, edgecolor="white", linewidth=0.5)
    if labels is not None:
        ax.set_xticks(np.arange(values.size), labels)
    return bars


def set_bar_heights(bars, heights):
    """Update the heights of a ``BarContainer`` in place."""
    for bar, h in zip(bars, heights, strict=True):
        bar.set_height(h)


def set_bar_colors(bars, colors):
    """Update the face colours of a ``BarContainer`` in place."""
    for bar, c in zip(bars, colors, strict=True):
        bar.set_facecolor(c)


def draw_reference_line(ax, y, *, label=None, color=NEUTRAL_COLOR):
    """A horizontal dotted reference line (e.g. the maximum entropy log n)."""
    return ax.axhline(y, ls=":", lw=1.8, color=color, label=label)


def draw_text(ax, x, y, text="", *, ha="left", va="top", color="black", size=12, transform="axes"):
    """A text label, in axes coordinates by default; returns the ``Text``."""
    tr = ax.transAxes if transform == "axes" else ax.transData
    return ax.text(
        x,
        y,
        text,
        ha=ha,
        va=va,
        color=color,
        fontsize=size,
        transform=tr,
        bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
    )


def draw_density(ax, x, density, *, color=P_COLOR, label=None, fill=True):
    """A probability density curve with a light fill; returns (line, fill)."""
    (line,) = ax.plot(x, density, color=color, lw=2, label=label)
    poly = ax.fill_between(x, density, color=color, alpha=0.15) if fill else None
    return line, poly


def set_fill(poly, x, y):
    """Replace the polygon of a ``fill_between`` area under ``y``."""
    verts = np.concatenate([np.column_stack([x, y]), np.column_stack([x[::-1], np.zeros_like(x)])])
    poly.set_verts([verts])


def draw_stacked_bar(ax, x, bottom_value, top_value, *, colors, labels, width=0.6):
    """Two stacked bars (e.g. H(p) below KL(p||q)); returns the two ``Rectangle``s."""
    low = ax.bar([x], [bottom_value], width=width, color=colors[0], label=labels[0])[0]
    high = ax.bar([x], [top_value], bottom=[bottom_value], width=width, color=colors[1], label=labels[1])[0]
    return low, high


def set_stacked_bar(low, high, bottom_value, top_value):
    """Update a stacked bar made by :func:`draw_stacked_bar`."""
    low.set_height(bottom_value)
    high.set_y(bottom_value)
    high.set_height(top_value)


def draw_scatter(ax, x, y, *, color=P_COLOR, size=8, alpha=0.5):
    """A scatter plot; returns the ``PathCollection`` (update with ``set_offsets``)."""
    return ax.scatter(x, y, s=size, color=color, alpha=alpha, edgecolors="none")


def static_image(fig, *, dpi=100):
    """Render ``fig`` to a PNG ``IPython.display.Image`` and close the figure.

    For the static pictures in the notebooks: a PNG shows the same on
    GitHub, nbviewer, an HTML export, the course website and in every
    notebook frontend, with or without widgets.
    """
    import io

    from IPython.display import Image

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    plt.close(fig)
    return Image(data=buf.getvalue(), format="png")


# ---- 10 · information gain and decision trees ------------------------------------------------------------

#: One colour per class (up to five classes), in the order of the class labels.
CLASS_COLORS = (P_COLOR, Q_COLOR, ACCENT_COLOR, HIGHLIGHT_COLOR, NEUTRAL_COLOR)


def new_grid(nrows: int, ncols: int, *, width: float = 12.0, height: float = 6.5, **subplot_kw):
    """Like :func:`new_figure` with ``nrows`` rows of ``ncols`` panels; returns (figure, 2-D array of axes)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with plt.rc_context(STYLE):
        fig = Figure(figsize=(width, height), layout="constrained")
        FigureCanvasAgg(fig)
        axes = fig.subplots(nrows, ncols, squeeze=False, **subplot_kw)
    return fig, axes


def draw_gain_curve(ax, thresholds, gains, *, color=P_COLOR, label=None, mark_best=True, **kwargs):
    """A split score (information gain, Gini decrease) against the threshold.

    The best threshold (the first maximum) is marked with a dot and a dashed
    vertical line. Returns ``(line, marker, vline)``; ``marker`` and
    ``vline`` are None when ``mark_best`` is False.
    """
    thresholds, gains = np.asarray(thresholds, dtype=float), np.asarray(gains, dtype=float)
    kwargs.setdefault("lw", 1.8)
    (line,) = ax.plot(thresholds, gains, color=color, label=label, **kwargs)
    if not mark_best:
        return line, None, None
    k = int(np.argmax(gains))
    marker = draw_marker(ax, thresholds[k], gains[k], color=color, size=8)
    vline = ax.axvline(thresholds[k], color=color, ls="--", lw=1.2)
    return line, marker, vline


def draw_split_histograms(ax, values, labels, threshold, *, bins=24, class_names=None, colors=CLASS_COLORS):
    """Stacked histograms of one feature, one colour per class, cut at ``threshold``.

    A vertical line marks the threshold; each side gets a box with its
    class counts (samples with ``value <= threshold`` go left, as in a
    decision tree). Returns a dict with ``"bars"`` (one ``BarContainer``
    per class), ``"line"`` and ``"texts"`` (left, right).
    """
    values, labels = np.asarray(values, dtype=float), np.asarray(labels)
    classes = np.unique(labels)
    names = class_names if class_names is not None else [str(c) for c in classes]
    edges = np.histogram_bin_edges(values, bins=bins)
    stacked = np.zeros(edges.size - 1)
    bars = []
    for c, name, color in zip(classes, names, colors, strict=False):
        counts, _ = np.histogram(values[labels == c], bins=edges)
        bars.append(
            ax.bar(
                edges[:-1],
                counts,
                width=np.diff(edges),
                bottom=stacked,
                align="edge",
                color=color,
                alpha=0.85,
                edgecolor="white",
                linewidth=0.5,
                label=name,
            )
        )
        stacked += counts
    line = ax.axvline(threshold, color="black", ls="--", lw=1.5)
    texts = []
    for side, x, ha in ((values <= threshold, 0.02, "left"), (values > threshold, 0.98, "right")):
        counts = [int(np.sum(labels[side] == c)) for c in classes]
        head = f"≤ {threshold:.4g}" if ha == "left" else f"> {threshold:.4g}"
        text = draw_text(ax, x, 0.97, f"{head}\n" + " · ".join(map(str, counts)), ha=ha, size=11)
        text.set_bbox(
            {"boxstyle": "round,pad=0.35", "facecolor": "white", "edgecolor": "#B0B0B0", "alpha": 0.9}
        )
        texts.append(text)
    ax.set_ylim(0, stacked.max() * 1.45)
    return {"bars": bars, "line": line, "texts": texts}


def draw_question_gains(ax, labels, gains, *, color=P_COLOR):
    """Horizontal bars, one per question (the first at the top); returns the ``BarContainer``.

    Update the lengths with :func:`set_bar_widths`.
    """
    gains = np.asarray(gains, dtype=float)
    y = np.arange(gains.size)[::-1]
    bars = ax.barh(y, gains, height=0.7, color=color, edgecolor="white", linewidth=0.5)
    ax.set_yticks(y, labels)
    return bars


def set_bar_widths(bars, widths):
    """Update the lengths of horizontal bars (a ``BarContainer`` from ``barh``) in place."""
    for bar, w in zip(bars, widths, strict=True):
        bar.set_width(w)


# ---- 09 · calibration and proper scoring rules -----------------------------------------------------------


#: The hatch of an under-confident bin's gap (drawn over the bar, in the gap's colour).
UNDER_CONFIDENT_HATCH = "///"


def _bin_rectangles(ax, slots, **kwargs):
    """``slots`` bar rectangles, placed later by the ``set_*`` functions (drawn from the left edge)."""
    return ax.bar(np.zeros(slots), np.zeros(slots), width=0.0, align="edge", **kwargs)


def _bin_slots(diagram, slots):
    n = len(diagram.count)
    slots = n if slots is None else int(slots)
    if slots < n:
        raise ValueError(f"slots must be at least the number of bins ({n}), got {slots}")
    return slots


def draw_reliability_diagram(ax, diagram, *, slots=None, color=P_COLOR, gap_color=Q_COLOR):
    """A reliability diagram: per confidence bin, the accuracy as a bar and its gap to the bin's mean confidence.

    ``diagram`` holds ``edges``, ``confidence``, ``accuracy`` and ``count``
    per bin (as :func:`infotheory_lib.calibration.reliability_diagram_data`
    returns them). Each non-empty bin gets a bar up to its accuracy and a
    box between its accuracy and its mean confidence (filled above the bar:
    over-confident; hatched over its top: under-confident); the dashed diagonal is
    perfect calibration, drawn over the bars. ``slots`` (default: the number of bins) bars are
    made, so an explorer can later show up to that many bins with
    :func:`set_reliability_diagram`. Returns a dict with ``"bars"``,
    ``"gaps"`` (``BarContainer``) and ``"diagonal"`` (``Line2D``).
    """
    from matplotlib.colors import to_rgba

    slots = _bin_slots(diagram, slots)
    bars = _bin_rectangles(
        ax, slots, color=color, edgecolor="white", linewidth=0.6, label="accuracy of the bin"
    )
    gaps = _bin_rectangles(
        ax,
        slots,
        facecolor=to_rgba(gap_color, 0.25),
        edgecolor=gap_color,
        linewidth=1.2,
        label="gap to mean confidence",
    )
    (diagonal,) = ax.plot(
        [0, 1], [0, 1], ls="--", lw=1.3, color="black", label="perfect calibration", zorder=3
    )
    artists = {"bars": bars, "gaps": gaps, "diagonal": diagonal}
    set_reliability_diagram(artists, diagram)
    return artists


def set_reliability_diagram(artists, diagram):
    """Move the bars made by :func:`draw_reliability_diagram` to a new ``diagram`` (empty bins are hidden)."""
    bars, gaps = artists["bars"], artists["gaps"]
    _bin_slots(diagram, len(bars))
    edges, count = np.asarray(diagram.edges, dtype=float), np.asarray(diagram.count)
    for i, (bar, gap) in enumerate(zip(bars, gaps, strict=True)):
        shown = i < count.size and count[i] > 0
        x, width = (edges[i], edges[i + 1] - edges[i]) if shown else (0.0, 0.0)
        acc = float(diagram.accuracy[i]) if shown else 0.0
        conf = float(diagram.confidence[i]) if shown else 0.0
        for rect, y, height in ((bar, 0.0, acc), (gap, min(acc, conf), abs(conf - acc))):
            rect.set_x(x)
            rect.set_width(width)
            rect.set_y(y)
            rect.set_height(height)
            rect.set_visible(shown)
        # Above the bar (over-confident) the box is filled; over the bar's top
        # (under-confident) it is hatched with no fill, so the bar keeps its colour.
        edge = gap.get_edgecolor()
        over = conf > acc
        gap.set_facecolor((edge[0], edge[1], edge[2], 0.25) if over else "none")
        gap.set_hatch(None if over else UNDER_CONFIDENT_HATCH)


def reliability_legend(ax, artists, **kwargs):
    """A legend for :func:`draw_reliability_diagram` that shows its four keys whatever bins are empty.

    The keys: the bin's accuracy, the over-confident gap (filled), the
    under-confident gap (hatched) and the diagonal of perfect calibration.

    (A legend made from the bars themselves copies the first bar, which is
    hidden when the first bin is empty.) ``ax`` is an ``Axes``, or a
    ``Figure`` for a legend outside the panels (``loc="outside lower left"``);
    ``kwargs`` go to its ``legend``.
    """
    from matplotlib.patches import Patch

    bar, gap = artists["bars"][0], artists["gaps"][0]
    edge = gap.get_edgecolor()
    handles = [
        Patch(facecolor=bar.get_facecolor(), edgecolor="white", label=artists["bars"].get_label()),
        Patch(facecolor=(*edge[:3], 0.25), edgecolor=edge, label="over-confident gap"),
        Patch(facecolor="none", edgecolor=edge, hatch=UNDER_CONFIDENT_HATCH, label="under-confident gap"),
        artists["diagonal"],
    ]
    return ax.legend(handles=handles, **kwargs)


def draw_bin_counts(ax, diagram, *, slots=None, color=NEUTRAL_COLOR, part=(0.0, 1.0), label=None):
    """The number of predictions in each confidence bin, as bars.

    ``part = (a, b)`` draws each bar over the fraction ``a`` to ``b`` of its
    bin's width (``(0, 0.5)`` and ``(0.5, 1)`` put two histograms side by
    side). Counts span orders of magnitude (most confident predictions pile
    up near 1): a ``symlog`` y-scale shows them all, set by the caller.
    Returns the ``BarContainer`` (update with :func:`set_bin_counts`).
    """
    slots = _bin_slots(diagram, slots)
    bars = _bin_rectangles(ax, slots, color=color, edgecolor="white", linewidth=0.5, label=label)
    set_bin_counts(bars, diagram, part=part)
    return bars


def set_bin_counts(bars, diagram, *, part=(0.0, 1.0)):
    """Update the bars made by :func:`draw_bin_counts` to a new ``diagram`` (same ``part``)."""
    _bin_slots(diagram, len(bars))
    lo, hi = (float(v) for v in part)
    edges, count = np.asarray(diagram.edges, dtype=float), np.asarray(diagram.count)
    for i, bar in enumerate(bars):
        shown = i < count.size
        width = edges[i + 1] - edges[i] if shown else 0.0
        bar.set_x(edges[i] + lo * width if shown else 0.0)
        bar.set_width((hi - lo) * width)
        bar.set_height(float(count[i]) if shown else 0.0)
        bar.set_visible(shown)


# ---- 08 · soft targets: knowledge distillation and label smoothing -----------------------------------------


def draw_digit(ax, image, *, title=None):
    """One 8×8 digit image (64 pixel values in [0, 1], or 8×8), dark ink on white, without ticks.

    Returns the ``AxesImage`` (update it with ``set_data``).
    """
    pixels = np.asarray(image, dtype=float)
    if pixels.size != 64:
        raise ValueError(f"image must have 64 pixels (8 × 8), got shape {pixels.shape}")
    pixels = pixels.reshape(8, 8)
    artist = ax.imshow(pixels, cmap="gray_r", vmin=0.0, vmax=1.0, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    if title is not None:
        style_axes(ax, title=title)
    return artist


def draw_class_distributions(ax, distributions, *, colors, labels=None, highlight=None, group_width=0.84):
    """Grouped bars: one group per class, one bar per distribution (e.g. soft targets at several T).

    Parameters
    ----------
    distributions : array_like, shape (k, C)
        One probability vector per row.
    colors : sequence of k colours
    labels : sequence of k str, optional
        Legend labels.
    highlight : int, optional
        A class whose tick label is drawn bold in :data:`HIGHLIGHT_COLOR` (the true class).

    Returns
    -------
    list of BarContainer
        One per distribution.
    """
    rows = np.atleast_2d(np.asarray(distributions, dtype=float))
    k, n_classes = rows.shape
    width = group_width / k
    containers = []
    for i, row in enumerate(rows):
        offset = (i - (k - 1) / 2) * width
        label = None if labels is None else labels[i]
        containers.append(draw_bars(ax, row, color=colors[i], width=width, offset=offset, label=label))
    ax.set_xticks(np.arange(n_classes), [str(c) for c in range(n_classes)])
    if highlight is not None:
        tick = ax.get_xticklabels()[int(highlight)]
        tick.set_color(HIGHLIGHT_COLOR)
        tick.set_fontweight("bold")
    return containers


def draw_class_markers(ax, probabilities, *, color=Q_COLOR, marker="D", label=None, size=7):
    """One marker per class at its probability (e.g. a student's prediction over a teacher's bars).

    Returns the ``Line2D`` (update with ``set_ydata``).
    """
    probabilities = np.asarray(probabilities, dtype=float)
    (line,) = ax.plot(
        np.arange(probabilities.size),
        probabilities,
        ls="none",
        marker=marker,
        ms=size,
        color=color,
        mec="white",
        mew=0.8,
        label=label,
        zorder=6,
    )
    return line


def draw_confidence_histograms(ax, confidences, *, labels, colors, bins=None):
    """Outlined histograms of prediction confidences :math:`\\max_c q_c`, one per model, as fractions.

    Parameters
    ----------
    confidences : sequence of 1-D array_like
        One array of confidences per model.
    labels, colors : sequences of str
        Legend label and colour of each model.
    bins : array_like, optional
        Bin edges (default: 25 bins over [0, 1]).

    Returns
    -------
    list of Polygon
        The outlines, one per model.
    """
    bins = np.linspace(0.0, 1.0, 26) if bins is None else np.asarray(bins, dtype=float)
    outlines = []
    for conf, label, color in zip(confidences, labels, colors, strict=True):
        conf = np.asarray(conf, dtype=float)
        weights = np.full(conf.shape, 1.0 / conf.size)
        _, _, patches = ax.hist(
            conf, bins=bins, weights=weights, histtype="step", lw=2.2, color=color, label=label
        )
        ax.hist(conf, bins=bins, weights=weights, histtype="stepfilled", color=color, alpha=0.12)
        outlines.extend(patches)
    return outlines


def draw_seed_bars(ax, per_seed, *, names, colors, fmt="{:.3f}", width=0.6):
    """Bars at the mean over seeds, a dot for each seed, and the mean written above each bar.

    Parameters
    ----------
    per_seed : sequence of 1-D array_like
        One array of per-seed values per bar (a single value is fine).
    names : sequence of str
        Tick labels.
    colors : sequence of colours

    Returns
    -------
    (BarContainer, list of PathCollection)
    """
    means = np.array([np.mean(np.asarray(v, dtype=float)) for v in per_seed])
    bars = ax.bar(np.arange(means.size), means, width=width, color=colors, edgecolor="white")
    dots = []
    for i, values in enumerate(per_seed):
        values = np.atleast_1d(np.asarray(values, dtype=float))
        xs = i + np.linspace(-width / 4, width / 4, values.size) if values.size > 1 else np.array([float(i)])
        dots.append(ax.scatter(xs, values, s=22, color="black", zorder=5, edgecolors="white", linewidths=0.6))
        ax.text(i, values.max(), fmt.format(means[i]) + "\n", ha="center", va="bottom", fontsize=11)
    ax.set_xticks(np.arange(means.size), names)
    return bars, dots


def draw_distillation_sweep(
    ax, temperatures, values, *, baseline=None, color=Q_COLOR, baseline_color=P_COLOR
):
    """A score of distilled students against the temperature: one dot per seed, their mean as a line.

    Parameters
    ----------
    temperatures : array_like, shape (n,)
    values : array_like, shape (n, seeds)
        One row per temperature (e.g. ``distillation_experiment(...)["sweep"]["cross_entropy"]``).
    baseline : float, optional
        A dashed horizontal line (e.g. the hard-label students' mean).

    Returns
    -------
    (PathCollection, Line2D, Line2D or None)
        The seed dots, the mean line, the baseline.
    """
    temperatures = np.asarray(temperatures, dtype=float)
    values = np.asarray(values, dtype=float)
    if values.ndim != 2 or values.shape[0] != temperatures.size:
        raise ValueError(
            f"values must have shape (n_temperatures, n_seeds) = ({temperatures.size}, …), got {values.shape}"
        )
    xs = np.repeat(temperatures, values.shape[1])
    dots = ax.scatter(
        xs, values.ravel(), s=36, color=color, alpha=0.5, edgecolors="none", label="distilled, one seed"
    )
    line = draw_curve(ax, temperatures, values.mean(axis=1), color=color, marker="o", label="distilled, mean")
    base = None
    if baseline is not None:
        base = ax.axhline(float(baseline), color=baseline_color, ls="--", lw=1.8, label="hard labels, mean")
    ax.set_xscale("log", base=2)
    ax.set_xticks(temperatures, [f"{t:g}" for t in temperatures])
    ax.minorticks_off()
    ax.legend(loc="upper center", fontsize=10)
    return dots, line, base


def draw_loss_and_floor(ax, histories, floors, *, labels, colors):
    """Training-loss curves (one per row, against the epoch) with each one's floor as a dotted line.

    Each floor is labelled with its value at the right end ("floor H(t) = 0.500"), under its line; a
    floor at 0 (no smoothing), where the curve runs along the axis, is named in the legend instead.

    Returns
    -------
    list of (Line2D, Line2D)
        The curve and the floor line of each row.
    """
    histories = np.atleast_2d(np.asarray(histories, dtype=float))
    floors = np.asarray(floors, dtype=float)
    if floors.shape != (histories.shape[0],):
        raise ValueError(
            f"floors must have one value per history ({histories.shape[0]}), got shape {floors.shape}"
        )
    epochs = np.arange(1, histories.shape[1] + 1)
    artists = []
    for history, floor, label, color in zip(histories, floors, labels, colors, strict=True):
        on_axis = floor <= 0
        curve = draw_curve(
            ax, epochs, history, color=color, label=f"{label}, floor H(t) = 0" if on_axis else label
        )
        level = ax.axhline(floor, color=color, ls=":", lw=2)
        if not on_axis:
            ax.annotate(
                f"floor H(t) = {floor:.3f}",
                (epochs[-1], floor),
                xytext=(0, -4),
                textcoords="offset points",
                ha="right",
                va="top",
                color=color,
                fontsize=10,
            )
        artists.append((curve, level))
    ax.legend(loc="upper right")
    return artists


# ---- 11 · entropy as file size: compression you can measure ---------------------------------------------


#: Colour map of a character's code length (cheap = light, expensive = dark).
CODE_LENGTH_CMAP = "viridis_r"


def _visible(symbol):
    """A symbol as a label: a space as ␣, a newline as ⏎, the unknown slot as ?."""
    return {" ": "␣", "\n": "⏎"}.get(symbol, "?" if len(symbol) != 1 else symbol)


def _piece_probability(step):
    """The probability of the coded character in one step of ``coding_intervals``."""
    edges, s = np.asarray(step["edges"]), step["index"]
    return (edges[s + 1] - edges[s]) / (step["high"] - step["low"])


def draw_coding_intervals(ax, steps, *, color=P_COLOR, other_color="#E6E6E6"):
    """The nested intervals of an arithmetic coder, one row per character, each row zoomed to full width.

    ``steps`` is :func:`infotheory_lib.models.coding_intervals`. Row ``t`` shows the current interval
    :math:`[\\mathrm{low}_t, \\mathrm{high}_t)` cut into one piece per symbol (width ∝ the model's
    probability), the piece of the coded character filled; dashed lines lead from that piece to the whole
    next row, which zooms into it. The last row is the final interval, with its width and code length.

    Returns
    -------
    list of Rectangle
        The filled pieces, one per character.
    """
    rows = len(steps) - 1
    height = 0.5
    chosen = []
    for t, step in enumerate(steps[:-1]):
        y = rows - t
        low, width = step["low"], step["high"] - step["low"]
        fractions = (np.asarray(step["edges"]) - low) / width
        for s, (a, b) in enumerate(zip(fractions[:-1], fractions[1:], strict=True)):
            hit = s == step["index"]
            rect = ax.barh(
                y,
                b - a,
                left=a,
                height=height,
                color=color if hit else other_color,
                edgecolor="white",
                lw=1.5,
            )[0]
            if hit:
                chosen.append(rect)
            if b - a > 0.035:
                ax.text(
                    (a + b) / 2,
                    y,
                    _visible(step["symbols"][s]),
                    ha="center",
                    va="center",
                    fontsize=12 if hit else 10,
                    color="white" if hit else "black",
                    fontweight="bold" if hit else "normal",
                )
        ax.text(
            -0.02,
            y,
            f"“{_visible(step['char'])}”: q = {_piece_probability(step):.3f}\n[{step['low']:.5f}, {step['high']:.5f})",
            ha="right",
            va="center",
            fontsize=10,
        )
        a, b = fractions[step["index"]], fractions[step["index"] + 1]
        below = y - 1 + height / 2 if t < rows - 1 else y - 1 + 0.15
        ax.plot([a, 0], [y - height / 2, below], ls="--", lw=1, color=color)
        ax.plot([b, 1], [y - height / 2, below], ls="--", lw=1, color=color)
    final = steps[-1]
    ax.barh(0, 1.0, left=0.0, height=0.3, color=ACCENT_COLOR)
    ax.text(
        -0.02,
        0,
        f"final\n[{final['low']:.5f}, {final['high']:.5f})",
        ha="right",
        va="center",
        fontsize=10,
    )
    ax.text(
        0.5,
        -0.45,
        f"width {final['high'] - final['low']:.5f} = $2^{{-{final['bits']:.2f}}}$: "
        f"about {final['bits']:.1f} bits name a number inside it",
        ha="center",
        va="top",
        fontsize=11,
    )
    ax.set_xlim(-0.01, 1.01)
    ax.set_ylim(-0.9, rows + 0.5)
    ax.set_yticks([])
    ax.set_xticks([])
    ax.grid(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    return chosen


def _code_length_colors(bits, vmax):
    from matplotlib import colormaps

    return colormaps[CODE_LENGTH_CMAP](np.clip(np.asarray(bits, dtype=float) / vmax, 0.0, 1.0) * 0.85 + 0.1)


def draw_char_costs(ax, text, bits, *, vmax):
    """One bar per character of ``text``: its code length in bits, coloured by cost, the character below.

    ``vmax`` fixes the colour scale (and is the natural upper y limit): a bar of ``vmax`` bits or more
    has the darkest colour. Update with :func:`set_char_costs`.

    Returns
    -------
    BarContainer
    """
    bits = np.asarray(bits, dtype=float)
    if bits.shape != (len(text),):
        raise ValueError(
            f"bits must have one value per character of text ({len(text)}), got shape {bits.shape}"
        )
    bars = ax.bar(np.arange(len(text)), bits, width=0.86, color=_code_length_colors(bits, vmax))
    ax.set_xticks(np.arange(len(text)), [_visible(ch) for ch in text], fontsize=11, fontfamily="monospace")
    ax.tick_params(axis="x", length=0, pad=3)
    ax.set_xlim(-0.6, len(text) - 0.4)
    ax.grid(False, axis="x")
    return bars


def set_char_costs(bars, bits, *, vmax):
    """Update the bars made by :func:`draw_char_costs` (heights and colours)."""
    set_bar_heights(bars, bits)
    set_bar_colors(bars, _code_length_colors(bits, vmax))


#: One colour per reference compressor, the same in every picture of notebook 11.
COMPRESSOR_COLORS = {
    "gzip -9": "black",
    "bz2 -9": ACCENT_COLOR,
    "lzma -9": Q_COLOR,
    "order-0 entropy": NEUTRAL_COLOR,
    "Huffman (order 0)": HIGHLIGHT_COLOR,
}


#: Reference lines that are bounds, not real files: dashed (real files are dotted).
COMPRESSOR_BOUNDS = ("order-0 entropy",)


def draw_compressors(ax, references):
    """Horizontal reference lines, one per compressor, labelled "name: value" for the legend.

    ``references`` maps a name (``"gzip -9"``) to its bits per character; the colour is the name's in
    :data:`COMPRESSOR_COLORS` (grey for another name). A real file's line is dotted, a bound's
    (:data:`COMPRESSOR_BOUNDS`) dashed, so that two close lines stay apart. Returns the lines.
    """
    return [
        ax.axhline(
            value,
            ls="--" if name in COMPRESSOR_BOUNDS else ":",
            lw=1.8,
            color=COMPRESSOR_COLORS.get(name, NEUTRAL_COLOR),
            label=f"{name}: {value:.2f}",
        )
        for name, value in references.items()
    ]


# ---- 13 VAE and the ELBO ----------------------------------------------------------------------------------------

#: One colour per digit 0–9 (matplotlib's tab10), for latent-space scatter plots.
DIGIT_COLORS = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
)
_MOSAIC_GAP = 0.12  # the light grey between the tiles of a digit mosaic


def new_mosaic(layout, *, width=11.0, height=8.0, **kwargs):
    """Like :func:`new_figure` with panels laid out by ``layout`` (``Figure.subplot_mosaic``); returns (figure, dict of axes)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with plt.rc_context(STYLE):
        fig = Figure(figsize=(width, height), layout="constrained")
        FigureCanvasAgg(fig)
        axes = fig.subplot_mosaic(layout, **kwargs)
    return fig, axes


def digit_mosaic(images, ncols):
    """Tile 8×8 digits (rows of 64 pixel values in [0, 1]) into one array, ``ncols`` per row, 1-pixel gaps."""
    images = np.asarray(images, dtype=float)
    if images.ndim != 2 or images.shape[1] != 64:
        raise ValueError(f"images must have shape (n, 64), got {images.shape}")
    n = images.shape[0]
    nrows = -(-n // ncols)
    out = np.full((9 * nrows - 1, 9 * ncols - 1), _MOSAIC_GAP)
    for k, image in enumerate(images):
        r, c = divmod(k, ncols)
        out[9 * r : 9 * r + 8, 9 * c : 9 * c + 8] = image.reshape(8, 8)
    return out


def draw_digit_mosaic(ax, images, *, ncols, title=None):
    """Digits side by side in one image (dark ink on white, no ticks); returns the ``AxesImage``.

    Update it with :func:`set_digit_mosaic` (same number of images).
    """
    artist = ax.imshow(
        digit_mosaic(images, ncols),
        cmap="gray_r",
        vmin=0.0,
        vmax=1.0,
        interpolation="nearest",
        aspect="equal",
    )
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    if title is not None:
        style_axes(ax, title=title)
    return artist


def set_digit_mosaic(artist, images, *, ncols):
    """New pixels for a mosaic drawn by :func:`draw_digit_mosaic`."""
    artist.set_data(digit_mosaic(images, ncols))


def draw_latent_means(ax, mu, labels, *, size=9, prior=True, legend=True, legend_kw=None):
    r"""The encoder's posterior means :math:`\mu(x)` of a 2-D latent, one dot per image coloured by its digit.

    ``prior`` draws the circles of radius 1 and 2 (one and two standard
    deviations of the prior :math:`\mathcal N(0, I)`); ``legend`` one key
    per digit. Returns a dict: ``"points"`` (``PathCollection``, update
    with :func:`set_latent_means`), ``"prior"`` (list of circles),
    ``"legend"`` (or None).
    """
    mu = np.asarray(mu, dtype=float)
    labels = np.asarray(labels)
    if mu.ndim != 2 or mu.shape[1] != 2 or mu.shape[0] != labels.size:
        raise ValueError(
            f"mu must have shape (n, 2) with one label per row, got {mu.shape} and {labels.shape}"
        )
    colors = [DIGIT_COLORS[int(c) % 10] for c in labels]
    points = ax.scatter(mu[:, 0], mu[:, 1], s=size, c=colors, alpha=0.75, edgecolors="none", zorder=3)
    circles = []
    if prior:
        from matplotlib.patches import Circle

        for radius in (1.0, 2.0):
            circle = Circle((0, 0), radius, fill=False, ls="--", lw=1.2, color="black", alpha=0.6, zorder=4)
            ax.add_patch(circle)
            circles.append(circle)
    leg = None
    if legend:
        from matplotlib.lines import Line2D

        handles = [
            Line2D([], [], ls="", marker="o", ms=6, color=DIGIT_COLORS[d], label=str(d))
            for d in np.unique(labels)
        ]
        if prior:
            handles.append(Line2D([], [], ls="--", lw=1.2, color="black", alpha=0.6, label="prior 1σ, 2σ"))
        kw = {"loc": "upper right", "fontsize": 9, "ncols": 2, "handletextpad": 0.2, "columnspacing": 0.6}
        leg = ax.legend(handles=handles, **{**kw, **(legend_kw or {})})
    return {"points": points, "prior": circles, "legend": leg}


def set_latent_means(points, mu):
    """Move the dots of :func:`draw_latent_means` to new posterior means ``mu`` (n, 2)."""
    points.set_offsets(np.asarray(mu, dtype=float))


def draw_vae_curves(ax, history, term, *, color=P_COLOR):
    """One term of −ELBO over training: ``term`` is "recon" or "kl"; train solid, held-out dashed.

    ``history`` is a fitted VAE's ``history_``. Returns the two ``Line2D``.
    """
    if term not in ("recon", "kl"):
        raise ValueError(f"term must be 'recon' or 'kl', got {term!r}")
    epochs = history["epoch"]
    train = draw_curve(ax, epochs, history[f"train_{term}"], color=color, label="training images")
    held = draw_curve(ax, epochs, history[f"held_out_{term}"], color=color, ls="--", label="held-out images")
    return [train, held]


def draw_rate_distortion(ax, kl, recon, betas, *, color=P_COLOR, floor=None):
    """Held-out KL (rate) against reconstruction (distortion), one point per β, labelled.

    ``floor``: draw the reconstruction floor as a horizontal line. Returns a
    dict: ``"curve"`` (``Line2D``), ``"labels"`` (list of ``Text``),
    ``"floor"`` (``Line2D`` or None).
    """
    kl, recon, betas = (np.asarray(a, dtype=float) for a in (kl, recon, betas))
    curve = draw_curve(ax, kl, recon, color=color, marker="o", ms=6, lw=1.5)
    # points closer than 3 % of the ranges share one label ("β=4, 8")
    near_x, near_y = 0.03 * max(np.ptp(kl), 1e-12), 0.03 * max(np.ptp(recon), 1e-12)
    groups = []
    for k, r, b in zip(kl, recon, betas, strict=True):
        if groups and abs(k - groups[-1][0]) < near_x and abs(r - groups[-1][1]) < near_y:
            groups[-1][2].append(b)
        else:
            groups.append((k, r, [b]))
    low = recon.min() + 0.05 * np.ptp(recon)  # the flat tail of the curve: labels below it, the rest above
    labels = [
        ax.annotate(
            "β=" + ", ".join(f"{b:g}" for b in bs),
            (k, r),
            xytext=(6, 4) if r > low else (6, -13),
            textcoords="offset points",
            fontsize=9,
            color=color,
        )
        for k, r, bs in groups
    ]
    line = None
    if floor is not None:
        line = ax.axhline(floor, color=NEUTRAL_COLOR, ls=":", lw=1.5)
        ax.annotate(
            "floor Σ H_b(x_i)",
            (1.0, floor),
            xycoords=("axes fraction", "data"),
            xytext=(-4, 4),
            textcoords="offset points",
            ha="right",
            fontsize=9,
            color=NEUTRAL_COLOR,
        )
    return {"curve": curve, "labels": labels, "floor": line}


# ---- 12 · a neural language model: bits per character, byte and token --------------------------------------


def draw_lm_loss_curves(ax, epochs, train_bits, held_out_bits, *, references=None, colors=None):
    """Training and held-out loss curves in bits per character, with reference levels named in the legend.

    ``references``: ``{label: bits per character}`` (e.g. the n-gram
    models' held-out bits/char), each a dotted horizontal line whose legend
    entry gives its value, in ``colors`` (a list; default grey). Returns a
    dict: ``"train"``, ``"held_out"`` (``Line2D``), ``"references"`` (list
    of ``Line2D``).
    """
    train = draw_curve(ax, epochs, train_bits, color=P_COLOR, marker="o", ms=4, label="training text")
    held = draw_curve(ax, epochs, held_out_bits, color=Q_COLOR, marker="o", ms=4, label="held-out text")
    refs = []
    for i, (label, value) in enumerate((references or {}).items()):
        color = colors[i] if colors is not None else NEUTRAL_COLOR
        refs.append(ax.axhline(value, ls=":", lw=1.8, color=color, label=f"{label}: {value:.3f}"))
    return {"train": train, "held_out": held, "references": refs}


def draw_bits_per_unit(ax, curves):
    """Bits per token against the number of BPE merges, with bits per character and per byte (flat).

    ``curves``: the dict of :func:`infotheory_lib.tokenizers.bits_per_unit_curves`.
    Returns a dict of ``Line2D``: ``"token"``, ``"char"``, ``"byte"``.
    """
    x = curves["n_merges"]
    token = draw_curve(ax, x, curves["bits_per_token"], color=Q_COLOR, label="bits per token")
    char = draw_curve(
        ax,
        [x[0], x[-1]],
        [curves["bits_per_char"]] * 2,
        color=P_COLOR,
        ls="--",
        lw=3,
        label=f"bits per character ({curves['bits_per_char']:.3f})",
    )
    byte = draw_curve(
        ax,
        [x[0], x[-1]],
        [curves["bits_per_byte"]] * 2,
        color=ACCENT_COLOR,
        ls=":",
        label=f"bits per byte ({curves['bits_per_byte']:.3f})",
    )
    return {"token": token, "char": char, "byte": byte}


def draw_unit_perplexity(ax, curves):
    """Perplexity per token (log scale) against the number of BPE merges, with per character and per byte.

    ``curves``: as in :func:`draw_bits_per_unit`. Returns a dict of
    ``Line2D``: ``"token"``, ``"char"``, ``"byte"``.
    """
    x = curves["n_merges"]
    token = draw_curve(ax, x, curves["token_perplexity"], color=Q_COLOR, label="per token")
    char = draw_curve(
        ax,
        [x[0], x[-1]],
        [curves["char_perplexity"]] * 2,
        color=P_COLOR,
        ls="--",
        lw=3,
        label=f"per character ({curves['char_perplexity']:.2f})",
    )
    byte = draw_curve(
        ax,
        [x[0], x[-1]],
        [curves["byte_perplexity"]] * 2,
        color=ACCENT_COLOR,
        ls=":",
        label=f"per byte ({curves['byte_perplexity']:.2f})",
    )
    ax.set_yscale("log", base=2)
    ax.yaxis.set_major_formatter("{x:g}")
    return {"token": token, "char": char, "byte": byte}


# ---- 14 · what processing cannot create: the data-processing and Fano inequalities ----------------------------


def fano_curve(n_classes, *, n_points=301, base=2):
    """Points ``(h, p)`` of Fano's curve h = H_b(p) + p log(K − 1) for p on [0, 1 − 1/K] (h increasing)."""
    from .bounds import fano_conditional_entropy

    p = np.linspace(0.0, 1.0 - 1.0 / n_classes, n_points)
    return fano_conditional_entropy(p, n_classes, base=base), p


def _fano_polygons(n_classes, h_right, base=2):
    h, p = fano_curve(n_classes, base=base)
    below = np.vstack([[0.0, 0.0], np.column_stack([h, p]), [h[-1], 0.0]])
    beyond = np.array([[h[-1], 0.0], [h[-1], 1.0], [h_right, 1.0], [h_right, 0.0]])
    return h, p, below, beyond


def draw_fano_region(ax, n_classes, *, h_right=None, base=2, color=Q_COLOR):
    """Fano's floor in the plane (H(Y|X), error rate), with the impossible regions shaded.

    The curve is the smallest error rate any classifier can have for each
    H(Y|X); below it (pink) no classifier can go; right of log K (grey)
    H(Y|X) cannot be. ``h_right`` is the right end of the grey band (the
    axis limit). Returns a dict of artists: ``curve``, ``impossible``,
    ``beyond``, ``log_k`` (update with :func:`set_fano_region`).
    """
    h_right = h_right if h_right is not None else np.log(n_classes) / np.log(base) * 1.2
    h, p, below, beyond = _fano_polygons(n_classes, h_right, base)
    (impossible,) = ax.fill(*below.T, color=color, alpha=0.15, lw=0, label="impossible for any classifier")
    (beyond_band,) = ax.fill(
        *beyond.T, color=NEUTRAL_COLOR, alpha=0.15, lw=0, label="H(Y|X) > log₂ K: impossible"
    )
    curve = draw_curve(ax, h, p, color=color, label="Fano's floor: H_b(Pₑ) + Pₑ log₂(K−1) = H(Y|X)")
    log_k = ax.axvline(h[-1], color=NEUTRAL_COLOR, lw=1.2, ls=":")
    return {
        "curve": curve,
        "impossible": impossible,
        "beyond": beyond_band,
        "log_k": log_k,
        "h_right": h_right,
    }


def set_fano_region(artists, n_classes, *, base=2):
    """Redraw the curve and regions of :func:`draw_fano_region` for ``n_classes``."""
    h, p, below, beyond = _fano_polygons(n_classes, artists["h_right"], base)
    artists["curve"].set_data(h, p)
    artists["impossible"].set_xy(below)
    artists["beyond"].set_xy(beyond)
    artists["log_k"].set_xdata([h[-1], h[-1]])


def draw_dpi_curve(ax, ks, mi, *, color=P_COLOR, label=None, marker="o", **kwargs):
    """An estimated I(Y; Z_k) against the number of components k (log₂ axis); returns the ``Line2D``."""
    line = draw_curve(ax, ks, mi, color=color, label=label, marker=marker, ms=6, **kwargs)
    ax.set_xscale("log", base=2)
    ax.set_xticks(list(ks), [str(k) for k in ks])
    ax.minorticks_off()
    return line


def draw_error_floor(
    ax,
    ks,
    floor,
    errors,
    *,
    colors=None,
    markers="osD^v",
    label="Fano floor (estimated)",
    fill_label="below the floor: impossible",
    dodge=0.06,
):
    """Classifiers' error rates (points) above a Fano floor (line, shaded below) against k (log₂ axis).

    ``errors`` maps a classifier's name to its error rate at each k. The
    classifiers' points are drawn side by side, ``dodge`` octaves apart
    (at k · 2^(dodge · offset)), so that equal errors do not hide each
    other; 0 draws them all at k. Returns ``(floor_line, fill, [point Line2D, ...])``.
    """
    colors = colors or (P_COLOR, ACCENT_COLOR, HIGHLIGHT_COLOR, NEUTRAL_COLOR)
    floor_line = draw_curve(ax, ks, floor, color=Q_COLOR, label=label)
    fill = ax.fill_between(ks, 0, floor, color=Q_COLOR, alpha=0.15, lw=0, label=fill_label)
    points = []
    shown = list(zip(errors.items(), colors, markers, strict=False))
    for i, ((name, err), color, marker) in enumerate(shown):
        x = np.asarray(ks, dtype=float) * 2.0 ** (dodge * (i - (len(shown) - 1) / 2))
        (pts,) = ax.plot(x, err, marker, color=color, ms=7, label=name, ls="none")
        points.append(pts)
    ax.set_xscale("log", base=2)
    ax.set_xticks(list(ks), [str(k) for k in ks])
    ax.minorticks_off()
    return floor_line, fill, points
