"""lossd.torch's modules against torch.nn's: every loss's value and .grad, reduced and unreduced, the
chain rule through an nn.Linear, and what each step costs in round trips."""

import support  # noqa: F401  (first: puts the source tree on sys.path)

import copy
import unittest
import warnings

import torch

import lossd
import lossd.torch
from cases import every_loss, predictions
from support import assert_close


def run(criterion, inputs, wanted, weights=None):
    """criterion(*inputs) and backward (of the loss, or of (loss * weights).sum()); the loss and .grads."""
    leaves = {name: t.detach().clone().requires_grad_(name in wanted) for name, t in inputs.items()}
    value = criterion(*leaves.values())
    (value if weights is None else (value * weights).sum()).backward()
    return value.detach(), {name: leaves[name].grad for name in wanted}


class EveryModule(unittest.TestCase):
    def check(self, reduction):
        for loss in lossd.LOSSES:
            inputs, options = every_loss(torch.float64)[loss.name]
            if reduction:
                options = {**options, "reduction": reduction}
            with self.subTest(loss=loss.module, reduction=reduction):
                reference = getattr(torch.nn, loss.module)(**options)
                value = reference(*inputs.values())
                weights = None if value.dim() == 0 else torch.rand(value.shape, generator=torch.Generator().manual_seed(2), dtype=value.dtype)
                expected, expected_grads = run(reference, inputs, predictions(loss), weights)
                got, grads = run(getattr(lossd.torch, loss.module)(**options, url=support.URL), inputs, predictions(loss), weights)
                assert_close(self, got, expected, "loss")
                for name, grad in expected_grads.items():
                    assert_close(self, grads[name], grad, f"{name}.grad")

    def test_reduced_as_each_case_asks(self):
        self.check(None)

    def test_unreduced_then_a_weighted_sum(self):
        self.check("none")


class ChainRule(unittest.TestCase):
    """nn.Linear → loss → backward(): the Linear's .grad is the all-local run's."""

    def setUp(self):
        g = torch.Generator().manual_seed(3)
        self.x = torch.randn(8, 6, generator=g)
        self.target = torch.randint(0, 4, (8,), generator=g)
        self.weights = torch.rand(8, generator=g)
        torch.manual_seed(4)
        self.local_model = torch.nn.Linear(6, 4)
        self.lossd_model = copy.deepcopy(self.local_model)
        self.client = support.RequestCounter(support.URL)

    def step(self, model, criterion, after=lambda loss: loss):
        after(criterion(model(self.x), self.target)).backward()
        return model.weight.grad, model.bias.grad

    def check(self, options, after=lambda loss: loss, round_trips=1):
        expected = self.step(self.local_model, torch.nn.CrossEntropyLoss(**options), after)
        got = self.step(self.lossd_model, lossd.torch.CrossEntropyLoss(**options, client=self.client), after)
        for name, a, e in zip(("weight.grad", "bias.grad"), got, expected):
            assert_close(self, a, e, name)
        self.assertEqual(self.client.calls, round_trips, "POST /loss calls for one step")

    def test_mean_loss_one_round_trip(self):
        self.check({"label_smoothing": 0.1})

    def test_a_scaled_loss_is_scaled_locally(self):
        # As torch.cuda.amp.GradScaler does: backward of loss × 1024, still one call.
        self.check({}, lambda loss: loss * 1024.0)

    def test_reduction_none_then_weighted_sum_sends_grad_output(self):
        self.check({"reduction": "none"}, lambda loss: (loss * self.weights).sum(), round_trips=2)

    def test_legacy_reduce_false_is_unreduced(self):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # torch.nn's own deprecation warning for reduce=
            self.check({"reduce": False}, lambda loss: (loss * self.weights).sum(), round_trips=2)

    def test_float64_model(self):
        self.x = self.x.double()
        self.local_model.double()
        self.lossd_model.double()
        self.check({"weight": torch.rand(4, dtype=torch.float64) + 0.5})


class ModuleBehaviour(unittest.TestCase):
    def test_no_grad_asks_for_no_gradient(self):
        client = support.RequestCounter(support.URL)
        x = torch.randn(3, 4, requires_grad=True)
        with torch.no_grad():
            loss = lossd.torch.MSELoss(client=client)(x, torch.zeros(3, 4))
        self.assertIsNone(loss.grad_fn)
        self.assertEqual(client.calls, 1)

    def test_target_gradient_when_the_target_requires_it(self):
        inputs, options = every_loss()["binary_cross_entropy"]
        expected = run(torch.nn.BCELoss(**options), inputs, ["input", "target"])
        got = run(lossd.torch.BCELoss(**options, url=support.URL), inputs, ["input", "target"])
        for name in ("input", "target"):
            assert_close(self, got[1][name], expected[1][name], f"{name}.grad")

    def test_a_data_input_that_requires_grad_is_refused(self):
        x = torch.randn(4, requires_grad=True)
        with self.assertRaisesRegex(ValueError, "no gradient for HingeEmbeddingLoss's target"):
            lossd.torch.HingeEmbeddingLoss(url=support.URL)(x, torch.ones(4, requires_grad=True))

    def test_torch_signature_positional_options_and_buffers(self):
        weight = torch.tensor([1.0, 2.0, 0.5])
        criterion = lossd.torch.CrossEntropyLoss(weight, None, 1, url=support.URL)  # weight, size_average, ignore_index
        self.assertEqual(criterion.options, {"ignore_index": 1})
        self.assertIs(criterion.weight, weight)
        self.assertIn("weight", dict(criterion.named_buffers()))
        with self.assertRaises(TypeError):
            lossd.torch.GaussianNLLLoss(True)  # keyword-only in torch too
        self.assertEqual(repr(lossd.torch.HuberLoss(delta=0.5, url="http://h:1")), "HuberLoss(delta=0.5, url='http://h:1')")

    def test_warnings_are_raised_as_torch_raises_them(self):
        with self.assertWarnsRegex(UserWarning, "size_average and reduce args will be deprecated"):
            lossd.torch.L1Loss(size_average=False, url=support.URL)(torch.zeros(2), torch.ones(2))

    def test_ctc_lengths_as_tuples(self):
        inputs, options = every_loss()["ctc_loss"]
        lengths = {k: tuple(inputs[k].tolist()) for k in ("input_lengths", "target_lengths")}
        expected = torch.nn.CTCLoss(**options)(*{**inputs, **lengths}.values())
        assert_close(self, lossd.torch.CTCLoss(**options, url=support.URL)(*{**inputs, **lengths}.values()), expected, "loss")

    def test_every_loss_has_its_class(self):
        self.assertEqual(sorted(lossd.torch.__all__[2:]), sorted(loss.module for loss in lossd.LOSSES))
        self.assertEqual(len(lossd.LOSSES), 21)


if __name__ == "__main__":
    unittest.main()
