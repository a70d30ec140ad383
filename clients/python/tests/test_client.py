"""lossd.Client against local PyTorch: every loss, float32 and float64, NumPy in and NumPy out."""

import support  # noqa: F401  (first: puts the source tree on sys.path)

import unittest

import numpy as np
import torch

import lossd
from cases import every_loss, local_torch, predictions
from support import assert_close


class ClientParity(support.ServiceTestCase):
    def check_every_loss(self, dtype):
        for name, (inputs, options) in every_loss(dtype).items():
            loss = next(l for l in lossd.LOSSES if l.name == name)
            with self.subTest(loss=name):
                wanted = predictions(loss)
                arrays = {k: v.numpy() for k, v in {**inputs, **options}.items() if isinstance(v, torch.Tensor)}
                result = self.client.loss(name, **arrays, **{k: v for k, v in options.items() if k not in arrays})
                expected, grads = local_torch(loss, inputs, options, wanted)
                self.assertIsInstance(result.loss, np.ndarray)
                assert_close(self, result.loss, expected, f"{name} loss")
                self.assertEqual(sorted(result.grads), sorted(wanted))
                for input_name in wanted:
                    self.assertIsInstance(result.grads[input_name], np.ndarray)
                    assert_close(self, result.grads[input_name], grads[input_name], f"{name} grad.{input_name}")
                self.assertEqual(result.warnings, [])

    def test_float32(self):
        self.check_every_loss(torch.float32)

    def test_float64(self):
        self.check_every_loss(torch.float64)

    def test_grad_output_and_a_chosen_gradient(self):
        inputs, options = every_loss()["binary_cross_entropy_with_logits"]
        weights = torch.rand(inputs["input"].shape, generator=torch.Generator().manual_seed(1))
        spec = next(l for l in lossd.LOSSES if l.name == "binary_cross_entropy_with_logits")
        result = self.client.loss(
            "BCEWithLogitsLoss", **inputs, **options, reduction="none", grad=["input", "target"], grad_output=weights
        )
        expected, grads = local_torch(spec, inputs, {**options, "reduction": "none"}, ["input", "target"], weights)
        assert_close(self, result.loss, expected, "loss")
        for name in ("input", "target"):
            assert_close(self, result.grads[name], grads[name], f"grad.{name}")

    def test_no_gradients(self):
        result = self.client.loss("mse_loss", input=np.zeros(3, np.float32), target=np.ones(3, np.float32), grad=False)
        self.assertEqual(result.grads, {})
        self.assertEqual(result.loss, np.float32(1.0))
        one = self.client.loss("mse_loss", input=np.zeros(3, np.float32), target=np.ones(3, np.float32), grad="target")
        self.assertEqual(list(one.grads), ["target"], "a single name is a list of one")

    def test_torch_in_torch_out(self):
        inputs, options = every_loss()["cross_entropy"]
        result = self.client.loss("cross_entropy", **inputs, **options)
        self.assertIsInstance(result.loss, torch.Tensor)
        self.assertIsInstance(result.grads["input"], torch.Tensor)
        self.assertEqual(result.grads["input"].dtype, torch.float32)


if __name__ == "__main__":
    unittest.main()
