"""What the client puts on the wire and takes off it: safetensors both ways, dtypes, names, options,
warnings."""

import support  # noqa: F401  (first: puts the source tree on sys.path)

import unittest
import warnings

import numpy as np
import torch
import torch.nn.functional as F

import lossd
from lossd import _safetensors
from lossd.client import as_array
from support import assert_close


class Safetensors(unittest.TestCase):
    def round_trip(self, tensors):
        parts, length = _safetensors.encode(tensors, {"loss": "x"})
        body = bytearray(b"".join(bytes(p) for p in parts))
        self.assertEqual(len(body), length)
        return body, *_safetensors.decode(body)

    def test_every_dtype_shape_and_layout(self):
        tensors = {
            "f32": np.arange(6, dtype=np.float32).reshape(2, 3).T,  # not contiguous
            "f64": np.array(2.5),  # 0-d
            "i64": np.array([-1, 2**40], np.int64),
            "i32": np.array([7], ">i4"),  # big-endian
            "u8": np.array([255, 0], np.uint8),
            "empty": np.zeros((0, 3), np.float32),
        }
        body, decoded, metadata = self.round_trip(tensors)
        self.assertEqual(metadata, {"loss": "x"})
        (header_length,) = np.frombuffer(body[:8], "<u8")
        self.assertEqual(header_length % 8, 0, "header padded to 8 bytes")
        for name, array in tensors.items():
            np.testing.assert_array_equal(decoded[name], array, err_msg=name)
            self.assertEqual(decoded[name].dtype, array.dtype.newbyteorder("="), name)
        self.assertTrue(decoded["f32"].flags.writeable, "arrays over a bytearray body are writable (torch.from_numpy)")

    def test_unaligned_tensors_are_copied_aligned(self):
        _, decoded, _ = self.round_trip({"a": np.ones(3, np.float32), "b": np.full(2, 0.1)})
        self.assertTrue(decoded["b"].flags.aligned)
        torch.from_numpy(decoded["b"])
        np.testing.assert_array_equal(decoded["b"], [0.1, 0.1])

    def test_lists_become_what_torch_tensor_makes(self):
        self.assertEqual(as_array([[1.5, 2.0]]).dtype, np.float32)
        self.assertEqual(as_array([0, 2]).dtype, np.int64)
        self.assertEqual(as_array(torch.ones(2, dtype=torch.float64, requires_grad=True)).dtype, np.float64)


class Calls(support.ServiceTestCase):
    logits = np.array([[2.0, 0.5, -1.0], [0.1, 0.2, 3.0]], np.float32)

    def test_pytorch_spellings_of_a_loss(self):
        expected = F.cross_entropy(torch.from_numpy(self.logits), torch.tensor([0, 2]))
        for name in ("cross_entropy", "CrossEntropyLoss", "nn.CrossEntropyLoss", "torch.nn.CrossEntropyLoss", "F.cross_entropy",
                     "torch.nn.functional.cross_entropy", torch.nn.CrossEntropyLoss, F.cross_entropy):
            with self.subTest(name=name):
                assert_close(self, self.client.loss(name, input=self.logits, target=[0, 2]).loss, expected, str(name))

    def test_numpy_scalars_as_options(self):
        a, b = np.array([0.3, -0.2], np.float32), np.array([0.1, 0.4], np.float32)
        result = self.client.loss("margin_ranking_loss", input1=a, input2=b, target=np.array([1.0, -1.0], np.float32), margin=np.float32(0.5))
        expected = F.margin_ranking_loss(torch.from_numpy(a), torch.from_numpy(b), torch.tensor([1.0, -1.0]), margin=0.5)
        assert_close(self, result.loss, expected, "loss")

    def test_warnings_are_torch_s(self):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            F.l1_loss(torch.zeros(2), torch.ones(2), size_average=False)
        result = self.client.loss("l1_loss", input=np.zeros(2, np.float32), target=np.ones(2, np.float32), size_average=False)
        self.assertEqual(result.warnings, [str(w.message) for w in caught])
        self.assertEqual(len(result.warnings), 1)

    def test_losses_lists_every_loss(self):
        self.assertEqual([entry["name"] for entry in self.client.losses()], [loss.name for loss in lossd.LOSSES])


if __name__ == "__main__":
    unittest.main()
