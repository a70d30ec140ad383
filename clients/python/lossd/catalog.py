"""The losses lossd computes, as GET /losses lists them: a static copy, so that importing
lossd.torch needs no server (tests/test_catalog.py fails when the two differ).

Roles: a PREDICTION gets its gradient by default; a DIFFERENTIABLE input (a float target) on
request; a DATA input (class indices, lengths, ±1 labels) never.
"""

from typing import NamedTuple

PREDICTION = "prediction"
DIFFERENTIABLE = "differentiable"
DATA = "data"


class Loss(NamedTuple):
    name: str  # torch.nn.functional's name
    module: str  # torch.nn's class name
    inputs: dict  # forward() argument name -> role, in forward()'s order


LOSSES = (
    Loss("cross_entropy", "CrossEntropyLoss", {"input": PREDICTION, "target": DIFFERENTIABLE}),
    Loss("nll_loss", "NLLLoss", {"input": PREDICTION, "target": DATA}),
    Loss("binary_cross_entropy", "BCELoss", {"input": PREDICTION, "target": DIFFERENTIABLE}),
    Loss("binary_cross_entropy_with_logits", "BCEWithLogitsLoss", {"input": PREDICTION, "target": DIFFERENTIABLE}),
    Loss("soft_margin_loss", "SoftMarginLoss", {"input": PREDICTION, "target": DIFFERENTIABLE}),
    Loss("multilabel_soft_margin_loss", "MultiLabelSoftMarginLoss", {"input": PREDICTION, "target": DIFFERENTIABLE}),
    Loss("l1_loss", "L1Loss", {"input": PREDICTION, "target": DIFFERENTIABLE}),
    Loss("mse_loss", "MSELoss", {"input": PREDICTION, "target": DIFFERENTIABLE}),
    Loss("smooth_l1_loss", "SmoothL1Loss", {"input": PREDICTION, "target": DIFFERENTIABLE}),
    Loss("huber_loss", "HuberLoss", {"input": PREDICTION, "target": DIFFERENTIABLE}),
    Loss("kl_div", "KLDivLoss", {"input": PREDICTION, "target": DIFFERENTIABLE}),
    Loss("poisson_nll_loss", "PoissonNLLLoss", {"input": PREDICTION, "target": DIFFERENTIABLE}),
    Loss("gaussian_nll_loss", "GaussianNLLLoss", {"input": PREDICTION, "target": DIFFERENTIABLE, "var": PREDICTION}),
    Loss("multilabel_margin_loss", "MultiLabelMarginLoss", {"input": PREDICTION, "target": DATA}),
    Loss("multi_margin_loss", "MultiMarginLoss", {"input": PREDICTION, "target": DATA}),
    Loss("margin_ranking_loss", "MarginRankingLoss", {"input1": PREDICTION, "input2": PREDICTION, "target": DIFFERENTIABLE}),
    Loss("hinge_embedding_loss", "HingeEmbeddingLoss", {"input": PREDICTION, "target": DATA}),
    Loss("cosine_embedding_loss", "CosineEmbeddingLoss", {"input1": PREDICTION, "input2": PREDICTION, "target": DATA}),
    Loss("triplet_margin_loss", "TripletMarginLoss", {"anchor": PREDICTION, "positive": PREDICTION, "negative": PREDICTION}),
    Loss("triplet_margin_with_distance_loss", "TripletMarginWithDistanceLoss", {"anchor": PREDICTION, "positive": PREDICTION, "negative": PREDICTION}),
    Loss("ctc_loss", "CTCLoss", {"log_probs": PREDICTION, "targets": DATA, "input_lengths": DATA, "target_lengths": DATA}),
)

BY_MODULE = {loss.module: loss for loss in LOSSES}
