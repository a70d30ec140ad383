"""What every test module shares: the service under test, and the tolerance of the comparisons.

Imported first by each test module: it also puts clients/python on sys.path, so that the tests run
the source tree (`python -m unittest discover clients/python/tests`) with or without an install.
"""

import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir))

import numpy as np  # noqa: E402

import lossd  # noqa: E402

URL = os.environ.get("LOSSD_URL")
if not URL:
    raise RuntimeError("LOSSD_URL is not set: these tests run against a lossd service (npm test starts one, see test/clients/python.test.ts)")


def client():
    return lossd.Client(URL)


class ServiceTestCase(unittest.TestCase):
    """A test case with one Client for the whole class (kept-alive connection), closed after it."""

    @classmethod
    def setUpClass(cls):
        cls.client = client()

    @classmethod
    def tearDownClass(cls):
        cls.client.close()


class RequestCounter(lossd.Client):
    """A Client that counts its POST /loss calls, to show how many round trips a step costs."""

    calls = 0

    def loss(self, *args, **kwargs):
        self.calls += 1
        return super().loss(*args, **kwargs)


def assert_close(test: unittest.TestCase, actual, expected, what=""):
    """The conformance checker's rule (test/helpers/goldens.ts): float64 |a−e| ≤ 1e-12·max(1, max|e|)
    + 1e-9·|e|; float32 2e-5 and 1e-4. Same dtype and shape; non-finite values must match exactly."""
    actual, expected = _numpy(actual), _numpy(expected)
    test.assertEqual(actual.dtype, expected.dtype, f"{what}: dtype")
    test.assertEqual(actual.shape, expected.shape, f"{what}: shape")
    atol, rtol = (2e-5, 1e-4) if expected.dtype == np.float32 else (1e-12, 1e-9)
    finite = np.isfinite(expected)
    scale = max(1.0, float(np.abs(expected[finite]).max(initial=0.0)))
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol * scale, err_msg=what)


def _numpy(value):
    return value.detach().cpu().numpy() if hasattr(value, "detach") else np.asarray(value)
