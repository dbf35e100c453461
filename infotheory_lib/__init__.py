"""infotheory_lib: an exact, tested library of information measures for ML.

Import is light (numpy and scipy only); the drawing and widget layers live
in :mod:`infotheory_lib.plots` and :mod:`infotheory_lib.explorers` and are
imported only when asked for.
"""

from .bounds import fano_error_lower_bound
from .calibration import (
    best_report,
    brier_score,
    calibration_scores,
    ece_from_confidences,
    expected_calibration_error,
    expected_score,
    fit_temperature,
    reliability_diagram_data,
    reliability_from_confidences,
    temperature_nll,
)
from .estimators import (
    binned_mutual_information,
    entropy_from_samples,
    infonce_bound,
    ksg_mutual_information,
    mixed_mutual_information,
    mutual_information_from_samples,
)
from .gaussian import (
    gaussian_entropy,
    gaussian_mutual_information,
    gaussian_pmi_matrix,
    kl_gaussian,
    kl_normal,
    kl_to_gaussians,
    normal_logpdf,
    normal_pdf,
)
from .losses import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy_loss,
    log_softmax,
    softmax,
)
from .measures import (
    binary_entropy,
    conditional_entropy,
    cross_entropy,
    distribution_perplexity,
    entropy,
    joint_entropy,
    js_divergence,
    kl_divergence,
    mutual_information,
    perplexity,
    perplexity_from_nll,
    pointwise_kl,
    surprise,
)
from .notebook import detect_frontend, setup_notebook
from .trees import (
    best_split,
    expected_information_gain,
    gini_impurity,
    impurity_decrease,
    information_gain,
)

__version__ = "0.1.0"

__all__ = [
    "surprise",
    "entropy",
    "binary_entropy",
    "joint_entropy",
    "conditional_entropy",
    "mutual_information",
    "cross_entropy",
    "kl_divergence",
    "pointwise_kl",
    "js_divergence",
    "distribution_perplexity",
    "perplexity",
    "perplexity_from_nll",
    "softmax",
    "log_softmax",
    "cross_entropy_loss",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "gaussian_entropy",
    "kl_normal",
    "kl_gaussian",
    "gaussian_mutual_information",
    "normal_pdf",
    "normal_logpdf",
    "entropy_from_samples",
    "mutual_information_from_samples",
    "binned_mutual_information",
    "ksg_mutual_information",
    "mixed_mutual_information",
    "fano_error_lower_bound",
    "kl_to_gaussians",
    "gaussian_pmi_matrix",
    "infonce_bound",
    "expected_calibration_error",
    "reliability_diagram_data",
    "brier_score",
    "fit_temperature",
    "expected_score",
    "best_report",
    "reliability_from_confidences",
    "ece_from_confidences",
    "calibration_scores",
    "temperature_nll",
    "information_gain",
    "impurity_decrease",
    "gini_impurity",
    "best_split",
    "expected_information_gain",
    "setup_notebook",
    "detect_frontend",
    "__version__",
]
