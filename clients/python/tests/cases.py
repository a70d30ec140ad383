"""One valid call of every loss lossd computes: its forward() arguments (torch tensors, in
forward()'s order) and constructor options, each exercising an option worth checking."""

import torch

N, C = 4, 5


def _float_cases(dtype, g):
    randn = lambda *shape: torch.randn(*shape, generator=g, dtype=dtype)  # noqa: E731
    rand = lambda *shape: torch.rand(*shape, generator=g, dtype=dtype)  # noqa: E731
    classes = torch.randint(0, C, (N,), generator=g)
    signs = torch.randint(0, 2, (N,), generator=g).to(dtype) * 2 - 1
    T, S = 6, 3  # CTC: input and target lengths
    return {
        "cross_entropy": ({"input": randn(N, C), "target": classes}, {"label_smoothing": 0.1, "weight": rand(C) + 0.5}),
        "nll_loss": ({"input": randn(N, C).log_softmax(1), "target": classes}, {"ignore_index": 2, "reduction": "sum"}),
        "binary_cross_entropy": ({"input": rand(N, C) * 0.9 + 0.05, "target": rand(N, C)}, {"weight": rand(C)}),
        "binary_cross_entropy_with_logits": ({"input": randn(N, C), "target": rand(N, C)}, {"pos_weight": rand(C) + 0.5}),
        "soft_margin_loss": ({"input": randn(N, C), "target": torch.sign(randn(N, C))}, {}),
        "multilabel_soft_margin_loss": ({"input": randn(N, C), "target": (rand(N, C) > 0.5).to(dtype)}, {"weight": rand(C)}),
        "l1_loss": ({"input": randn(N, C), "target": randn(N, C)}, {"reduction": "sum"}),
        "mse_loss": ({"input": randn(N, C), "target": randn(N, C)}, {}),
        "smooth_l1_loss": ({"input": randn(N, C), "target": randn(N, C)}, {"beta": 0.5}),
        "huber_loss": ({"input": randn(N, C), "target": randn(N, C)}, {"delta": 0.7}),
        "kl_div": ({"input": randn(N, C).log_softmax(1), "target": randn(N, C).softmax(1)}, {"reduction": "batchmean"}),
        "poisson_nll_loss": ({"input": randn(N, C), "target": rand(N, C) * 3}, {"full": True}),
        "gaussian_nll_loss": ({"input": randn(N, C), "target": randn(N, C), "var": rand(N, C) + 0.1}, {"full": True}),
        "multilabel_margin_loss": ({"input": randn(2, C), "target": torch.tensor([[3, 0, -1, 1, 2], [4, -1, 0, 0, 0]])}, {}),
        "multi_margin_loss": ({"input": randn(N, C), "target": classes}, {"p": 2, "margin": 0.8, "weight": rand(C) + 0.5}),
        "margin_ranking_loss": ({"input1": randn(N), "input2": randn(N), "target": signs}, {"margin": 0.2}),
        "hinge_embedding_loss": ({"input": randn(N, C), "target": torch.sign(randn(N, C))}, {"margin": 1.5}),
        "cosine_embedding_loss": ({"input1": randn(N, C), "input2": randn(N, C), "target": signs}, {"margin": 0.1}),
        "triplet_margin_loss": ({"anchor": randn(N, C), "positive": randn(N, C), "negative": randn(N, C)}, {"margin": 0.5, "swap": True}),
        "triplet_margin_with_distance_loss": ({"anchor": randn(N, C), "positive": randn(N, C), "negative": randn(N, C)}, {"margin": 2.0}),
        "ctc_loss": (
            {
                "log_probs": randn(T, 2, C).log_softmax(2),
                "targets": torch.randint(1, C, (2, S), generator=g),
                "input_lengths": torch.tensor([T, T - 1]),
                "target_lengths": torch.tensor([S, S - 1]),
            },
            {"reduction": "sum"},
        ),
    }


def every_loss(dtype=torch.float32, seed=0):
    """{functional name: (inputs, options)} for all 21 losses, floats in `dtype`."""
    return _float_cases(dtype, torch.Generator().manual_seed(seed))


def local_torch(loss, inputs, options, wanted, weights=None):
    """PyTorch's own loss and the gradients of `wanted` inputs: of the loss's sum, or of
    (loss * weights).sum() when weights are given, as loss.backward(weights) computes."""
    leaves = {name: t.detach().clone().requires_grad_(name in wanted) for name, t in inputs.items()}
    value = getattr(torch.nn, loss.module)(**options)(*leaves.values())
    (value.sum() if weights is None else (value * weights).sum()).backward()
    return value.detach(), {name: leaves[name].grad for name in wanted}


def predictions(loss):
    return [name for name, role in loss.inputs.items() if role == "prediction"]
