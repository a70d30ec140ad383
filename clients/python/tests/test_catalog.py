"""lossd.catalog's static table is what the service lists (GET /losses), and lines up with torch.nn."""

import support  # noqa: F401  (first: puts the source tree on sys.path)

import inspect
import unittest

import torch

import lossd


class Catalog(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with support.client() as client:
            cls.served = client.losses()

    def test_the_static_table_is_what_the_service_lists(self):
        served = [(e["name"], e["module"], {i["name"]: i["role"] for i in e["inputs"]}) for e in self.served]
        self.assertEqual([tuple(loss) for loss in lossd.LOSSES], served, "regenerate lossd/catalog.py from GET /losses")

    def test_torch_signatures_take_what_lossd_takes(self):
        for entry, loss in zip(self.served, lossd.LOSSES):
            torch_class = getattr(torch.nn, loss.module)
            with self.subTest(loss=loss.module):
                self.assertEqual(set(entry["options"]), set(inspect.signature(torch_class).parameters), "options")
                forward = list(inspect.signature(torch_class.forward).parameters)[1:]
                self.assertEqual(len(forward), len(loss.inputs), "forward() arguments")


if __name__ == "__main__":
    unittest.main()
