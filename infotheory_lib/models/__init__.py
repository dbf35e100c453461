"""Numpy models for the applied notebooks: classifiers, distillation, label smoothing.

``from infotheory_lib import models``. This layer sits above the compute
modules: every loss and measured quantity comes from
:mod:`infotheory_lib.losses` and :mod:`infotheory_lib.measures`. It imports
numpy (and the compute modules) only; scikit-learn is imported inside the
experiment functions that load its data sets. Everything is deterministic by
``seed``.
"""

from .classifier import MLPClassifier, SoftmaxRegression
from .dark_knowledge import dark_knowledge, dark_knowledge_examples, soft_target_entropy
from .distillation import distillation_gradient, distillation_loss, soft_targets
from .experiments import distillation_experiment, label_smoothing_experiment, load_digits_split
from .label_smoothing import label_smoothing_floor, smooth_labels
from .temperature_scaling import calibration_experiment, calibration_over_seeds, load_digits_three_way

__all__ = [
    "SoftmaxRegression",
    "MLPClassifier",
    "soft_targets",
    "distillation_loss",
    "distillation_gradient",
    "distillation_experiment",
    "load_digits_split",
    "smooth_labels",
    "label_smoothing_floor",
    "soft_target_entropy",
    "dark_knowledge",
    "dark_knowledge_examples",
    "label_smoothing_experiment",
    "load_digits_three_way",
    "calibration_experiment",
    "calibration_over_seeds",
]
