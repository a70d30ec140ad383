"""lossd from Python: PyTorch 1.13's torch.nn losses and their gradients, computed by a lossd service.

    import lossd
    result = lossd.Client("http://127.0.0.1:3000").loss("cross_entropy", input=logits, target=labels)
    result.loss, result.grads["input"], result.warnings

    criterion = lossd.torch.CrossEntropyLoss(label_smoothing=0.1)   # a torch.nn.Module
    criterion(model(x), y).backward()

lossd.torch is imported on first use, so that NumPy alone is enough for the Client.
"""

import importlib

from .catalog import LOSSES
from .client import Client, LossResult
from .errors import LossdError

__all__ = ["Client", "LossResult", "LossdError", "LOSSES", "torch"]
__version__ = "0.1.0"


def __getattr__(name):
    if name == "torch":
        return importlib.import_module(".torch", __name__)
    raise AttributeError(f"module 'lossd' has no attribute {name!r}")
