"""Numpy models for the applied notebooks: classifiers, distillation, label smoothing.

``from infotheory_lib import models``. This layer sits above the compute
modules: every loss and measured quantity comes from
:mod:`infotheory_lib.losses` and :mod:`infotheory_lib.measures`. It imports
numpy (and the compute modules) only; scikit-learn is imported inside the
experiment functions that load its data sets. Everything is deterministic by
``seed``.
"""

from .arithmetic_coding import (  # H8: arithmetic coding driven by a language model (issue 12)
    arithmetic_decode,
    arithmetic_encode,
    char_code_length_bits,  # 11
    code_length_bits,
    coder_table,  # 11
    coding_intervals,  # 11
    compression_table,
    huffman_code_length_bits,
    order0_entropy,
    quantize_probabilities,
)
from .char_lm import NeuralCharModel  # H8: neural character language model (issue 12)
from .classifier import MLPClassifier, SoftmaxRegression
from .dark_knowledge import dark_knowledge, dark_knowledge_examples, soft_target_entropy
from .data_processing import prefix_information_curve  # 14 data processing and Fano
from .distillation import distillation_gradient, distillation_loss, soft_targets
from .experiments import distillation_experiment, label_smoothing_experiment, load_digits_split
from .label_smoothing import label_smoothing_floor, smooth_labels
from .temperature_scaling import (
    calibration_experiment,
    calibration_over_seeds,
    ece_if_calibrated,
    load_digits_three_way,
)
from .vae import DEFAULT_BETAS, VAE, vae_beta_grid  # 13 VAE / ELBO

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
    "ece_if_calibrated",
    # H8 (issue 12): arithmetic coding and a neural character model
    "arithmetic_encode",
    "arithmetic_decode",
    "code_length_bits",
    "quantize_probabilities",
    "order0_entropy",
    "huffman_code_length_bits",
    "compression_table",
    "NeuralCharModel",
    # 13 VAE / ELBO
    "VAE",
    "vae_beta_grid",
    "DEFAULT_BETAS",
    # 14 data processing and Fano
    "prefix_information_curve",
    # 11 compression
    "char_code_length_bits",
    "coding_intervals",
    "coder_table",
]
