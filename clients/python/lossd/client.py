"""lossd.Client: one POST /loss per call, safetensors both ways."""

import json
import os
import re
import sys
from dataclasses import dataclass, field

import numpy as np

from . import _safetensors, errors
from ._transport import Transport

DEFAULT_URL = "http://127.0.0.1:3000"
# Above the server's own deadlines (REQUEST_TIMEOUT_MS 60 s, BODY_TIMEOUT_MS 30 s), so that its
# 504 or 408 arrives before the client gives up.
DEFAULT_TIMEOUT = 120.0
SAFETENSORS = "application/vnd.safetensors"

# The server takes `cross_entropy` and `CrossEntropyLoss`; these are how PyTorch code spells them.
_TORCH_PREFIX = re.compile(r"^(?:torch\.nn\.functional\.|torch\.nn\.|nn\.functional\.|nn\.|F\.)")


@dataclass
class LossResult:
    """The loss, the gradients by input name, and the warnings PyTorch would print for the call.

    NumPy arrays, or torch tensors (on the device of the first torch tensor given) when the call
    was given torch tensors.
    """

    loss: object
    grads: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)


class Client:
    """A lossd service. `url` defaults to $LOSSD_URL, else http://127.0.0.1:3000; `timeout` is in seconds."""

    def __init__(self, url=None, timeout=DEFAULT_TIMEOUT):
        self.url = url or os.environ.get("LOSSD_URL") or DEFAULT_URL
        self.timeout = timeout
        self._transport = Transport(self.url, timeout)

    def loss(self, loss, /, *, grad=None, grad_output=None, **arguments):
        """torch.nn.<Loss>(**options)(**inputs) and its backward, computed by lossd.

        loss: "cross_entropy", "CrossEntropyLoss", "nn.CrossEntropyLoss", "F.cross_entropy" or
        the torch class or function itself. arguments: the forward() arguments by PyTorch's names
        (input=, target=, ...) and the constructor's options (reduction=, weight=, ...): arrays,
        torch tensors and lists are tensors, anything else an option. grad: True (lossd's default:
        every prediction), False, or a list of input names. grad_output: as in
        loss.backward(grad_output), the loss's shape.
        """
        tensors, options = _split(arguments)
        if grad_output is not None:
            tensors["grad_output"] = grad_output
        metadata = {"loss": loss_name(loss), "options": json.dumps(options, default=_option_json)}
        if grad is not None:
            metadata["grad"] = json.dumps(grad if isinstance(grad, bool) else [grad] if isinstance(grad, str) else list(grad))
        body, length = _safetensors.encode({name: as_array(value) for name, value in tensors.items()}, metadata)
        headers = {"Content-Type": SAFETENSORS, "Accept": SAFETENSORS}
        status, reply_headers, reply = self._transport.request("POST", "/loss", body, headers, length)
        if status >= 400:
            raise errors.from_reply(status, reply_headers, reply)
        if not (reply_headers.get("Content-Type") or "").startswith(SAFETENSORS):
            raise errors.LossdError(f"expected a safetensors reply, got {reply_headers.get('Content-Type')}", status=status, code=errors.BAD_REPLY)
        result = _result(*_safetensors.decode(reply))
        like = _first_torch_tensor(tensors.values())
        return result if like is None else _to_torch(result, like.device)

    def losses(self):
        """GET /losses: every loss lossd computes, with its inputs (name, role) and option names."""
        status, headers, reply = self._transport.request("GET", "/losses")
        if status >= 400:
            raise errors.from_reply(status, headers, reply)
        return json.loads(bytes(reply))["losses"]

    def close(self):
        self._transport.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return f"lossd.Client({self.url!r})"


def loss_name(loss):
    """The name to send: PyTorch's spellings reduced to the two the server takes."""
    name = loss if isinstance(loss, str) else getattr(loss, "__name__", None)
    if not isinstance(name, str):
        raise TypeError(f"a loss is named by a string, a torch.nn class or a torch.nn.functional function, not {loss!r}")
    return _TORCH_PREFIX.sub("", name)


def _split(arguments):
    """Tensors (arrays, torch tensors, lists) and options (the rest); None is PyTorch's 'not given'."""
    tensors, options = {}, {}
    for name, value in arguments.items():
        if value is None:
            continue
        (tensors if _is_tensor_like(value) else options)[name] = value
    return tensors, options


def _is_tensor_like(value):
    return isinstance(value, (np.ndarray, list, tuple)) or _first_torch_tensor([value]) is not None


def _first_torch_tensor(values):
    # torch is only ever imported by the caller: if it is not loaded, nothing here is a tensor.
    torch = sys.modules.get("torch")
    return next((v for v in values if isinstance(v, torch.Tensor)), None) if torch else None


def as_array(value):
    """A NumPy array for the wire; lists become what torch.tensor() makes (float32, int64)."""
    if _first_torch_tensor([value]) is not None:
        return value.detach().cpu().numpy()
    if isinstance(value, np.ndarray):
        return value
    array = np.asarray(value)
    if array.dtype == np.float64:
        return array.astype(np.float32)
    if array.dtype.kind in "iu":
        return array.astype(np.int64)
    return array


def _option_json(value):
    if isinstance(value, np.generic):
        return value.item()
    if callable(value):
        # A callable cannot travel; its name does, and lossd answers with why it is refused.
        return getattr(value, "__qualname__", repr(value))
    raise TypeError(f"lossd options are JSON values or tensors, not {type(value).__name__}")


def _result(tensors, metadata):
    grads = {name[len("grad.") :]: array for name, array in tensors.items() if name.startswith("grad.")}
    return LossResult(tensors["loss"], grads, json.loads(metadata.get("warnings", "[]")))


def _to_torch(result, device):
    torch = sys.modules["torch"]
    convert = lambda array: torch.from_numpy(array).to(device)  # noqa: E731
    return LossResult(convert(result.loss), {name: convert(a) for name, a in result.grads.items()}, result.warnings)
