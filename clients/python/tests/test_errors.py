"""lossd's refusals as Python exceptions: PyTorch's own type and text where PyTorch refuses the call
(compared with local torch), a LossdError with status and code otherwise, 503 with Retry-After."""

import support  # noqa: F401  (first: puts the source tree on sys.path)

import socket
import unittest
import urllib.parse

import numpy as np
import torch
import torch.nn.functional as F

import lossd
import lossd.torch

x = torch.randn(2, 3, generator=torch.Generator().manual_seed(5))
# Calls PyTorch refuses, one per exception type lossd reports.
REFUSED = {
    "IndexError": ("cross_entropy", dict(input=x, target=torch.tensor([0, 4]))),
    "RuntimeError": ("cross_entropy", dict(input=x, target=torch.tensor([0, 1], dtype=torch.int32))),
    "ValueError": ("nll_loss", dict(input=x, target=torch.tensor([0, 1, 1]))),
    "ValueError (option)": ("kl_div", dict(input=x, target=x, reduction="bogus")),
    "RuntimeError (ctc)": (
        "ctc_loss",
        dict(log_probs=torch.randn(5, 2, 4).log_softmax(2), targets=torch.tensor([[1, 2], [1, 1]]), input_lengths=torch.tensor([5, 5, 5]), target_lengths=torch.tensor([2, 2])),
    ),
}


def local_refusal(name, arguments):
    try:
        getattr(F, name)(**arguments)
    except Exception as error:  # noqa: BLE001  (whatever torch raises is what lossd must match)
        return error
    raise AssertionError(f"local torch accepted {name}")


class TorchRefusals(support.ServiceTestCase):
    def test_torch_type_and_text(self):
        for case, (name, arguments) in REFUSED.items():
            expected = local_refusal(name, arguments)
            with self.subTest(case=case), self.assertRaises(type(expected)) as caught:
                self.client.loss(name, **arguments)
            error = caught.exception
            self.assertIsInstance(error, lossd.LossdError)
            self.assertEqual(str(error), str(expected))
            self.assertEqual((error.status, error.code, error.exception), (400, "LOSS_TORCH_ERROR", type(expected).__name__))

    def test_index_error_from_a_module_and_its_name_in_tracebacks(self):
        with self.assertRaisesRegex(IndexError, r"^Target 4 is out of bounds\.$") as caught:
            lossd.torch.CrossEntropyLoss(url=support.URL)(x.clone().requires_grad_(), torch.tensor([0, 4]))
        self.assertEqual(f"{type(caught.exception).__module__}.{type(caught.exception).__qualname__}", "lossd.errors.IndexError")

    def test_lossd_refusals_that_are_not_torch_s(self):
        with self.assertRaises(lossd.LossdError) as caught:
            self.client.loss("cross_entropy_loss", input=np.zeros((2, 3), np.float32), target=np.zeros(2, np.int64))
        error = caught.exception
        self.assertNotIsInstance(error, (IndexError, ValueError, RuntimeError))
        self.assertEqual((error.status, error.code), (400, "LOSS_INVALID_REQUEST"))
        self.assertRegex(str(error), r'^400 LOSS_INVALID_REQUEST: unknown loss "cross_entropy_loss": did you mean CrossEntropyLoss, cross_entropy')

        a = np.zeros((2, 3), np.float32)
        with self.assertRaisesRegex(lossd.LossdError, "LOSS_UNSUPPORTED_CALL") as caught:
            self.client.loss("triplet_margin_with_distance_loss", anchor=a, positive=a, negative=a, distance_function=torch.dist)
        self.assertEqual(caught.exception.code, "LOSS_UNSUPPORTED_CALL")

    def test_a_dtype_the_wire_cannot_carry_fails_before_sending(self):
        with self.assertRaisesRegex(TypeError, "lossd carries float32, float64, int64, int32, uint8 tensors, not bool"):
            self.client.loss("mse_loss", input=np.zeros(2, np.float32), target=np.zeros(2, bool))


class Transport(unittest.TestCase):
    def test_overloaded_503_carries_retry_after(self):
        # Slow uploads hold every large-request slot (headers sent, body not): the next large
        # request queues, then gets 503 once QUEUE_TIMEOUT_MS has passed.
        url = urllib.parse.urlsplit(support.URL)
        held = [socket.create_connection((url.hostname, url.port)) for _ in range(8)]
        try:
            for s in held:
                s.sendall(b"POST /loss HTTP/1.1\r\nHost: x\r\nContent-Type: application/vnd.safetensors\r\nContent-Length: 100000\r\n\r\n")
            large = np.zeros(40_000, np.float32)
            with self.assertRaises(lossd.LossdError) as caught:
                support.client().loss("mse_loss", input=large, target=large)
        finally:
            for s in held:
                s.close()
        error = caught.exception
        self.assertEqual((error.status, error.code), (503, "LOSS_OVERLOADED"))
        self.assertGreater(error.retry_after, 0)

    def test_unreachable(self):
        with self.assertRaises(ConnectionError) as caught:
            lossd.Client("http://127.0.0.1:9").loss("mse_loss", input=[1.0], target=[2.0])
        self.assertIsInstance(caught.exception, lossd.LossdError)
        self.assertEqual((caught.exception.status, caught.exception.code), (None, "CLIENT_UNREACHABLE"))

    def test_a_connection_closed_while_idle_is_replaced(self):
        client = support.client()
        self.addCleanup(client.close)
        client.loss("mse_loss", input=[1.0], target=[2.0])
        client._transport._connection().sock.shutdown(socket.SHUT_RDWR)  # as a server's idle timeout would
        self.assertEqual(float(client.loss("mse_loss", input=[1.0], target=[3.0]).loss), 4.0)


if __name__ == "__main__":
    unittest.main()
