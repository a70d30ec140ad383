"""Every lossd loss as a torch.nn.Module: `lossd.torch.CrossEntropyLoss(label_smoothing=0.1, url=...)`
takes the same arguments as `torch.nn.CrossEntropyLoss` (bound against torch's own signature) and its
forward() computes the loss on lossd through a torch.autograd.Function, so `loss.backward()` puts
lossd's gradients into `.grad` and the chain rule carries them through the layers before it.

The classes are made from the static table in lossd.catalog (importing this module needs no server).

Backward, and why: a reduced loss (0-d) asks lossd for its gradients in the forward call, and
backward multiplies them by the 0-d grad_output. That is exactly what lossd itself does with a 0-d
grad_output (gradient × g, rounded once), so one round trip per step gives the very numbers a
second call would. An unreduced loss ('none', or reduce=False) followed by anything but a plain sum
needs each element's gradient scaled by the grad_output element its loss element came from, a
mapping that depends on the loss (rows, sequences, broadcasting); lossd knows it, so its forward
call computes the value only and backward sends grad_output in a second call.
"""

import atexit
import inspect
import warnings
from typing import NamedTuple

import torch
from torch import nn
from torch.autograd.function import once_differentiable
from torch.nn import _reduction

from .catalog import DATA, LOSSES
from .client import Client

_clients = {}
atexit.register(lambda: [client.close() for client in _clients.values()])


def _shared_client(url):
    """One Client per URL, so that every module of a process shares its kept-alive connections."""
    if url not in _clients:
        _clients[url] = Client(url)
    return _clients[url]


class _Call(NamedTuple):
    client: Client
    loss: str  # the functional name
    names: tuple  # the forward() arguments, in order
    options: dict  # scalar options and tensor options (weight, pos_weight)
    unreduced: bool


def _compute(call, inputs, **kwargs):
    """One lossd call; PyTorch's warnings for it are raised as PyTorch would raise them."""
    result = call.client.loss(call.loss, **dict(zip(call.names, inputs)), **call.options, **kwargs)
    for text in result.warnings:
        warnings.warn(text, UserWarning, stacklevel=4)
    return result


class LossdFunction(torch.autograd.Function):
    """loss = lossd(inputs); its backward is lossd's gradient (see the module's docstring)."""

    @staticmethod
    def forward(ctx, call, *inputs):
        ctx.call = call
        ctx.wanted = [name for name, needs in zip(call.names, ctx.needs_input_grad[1:]) if needs]
        eager = not call.unreduced
        result = _compute(call, inputs, grad=ctx.wanted if eager else False)
        ctx.grads = result.grads if eager else None
        ctx.save_for_backward(*inputs)
        return result.loss

    @staticmethod
    @once_differentiable
    def backward(ctx, grad_output):
        if ctx.grads is not None and grad_output.dim() == 0:
            grads = {name: _scale(grad, grad_output) for name, grad in ctx.grads.items()}
        else:
            call = ctx.call
            grads = call.client.loss(call.loss, grad=ctx.wanted, grad_output=grad_output, **dict(zip(call.names, ctx.saved_tensors)), **call.options).grads
        return (None, *(grads.get(name) for name in ctx.call.names))


def _scale(grad, grad_output):
    # As lossd scales by a 0-d grad_output: the product in float64, rounded once to the gradient's dtype.
    return (grad.double() * grad_output.to(grad.device, torch.float64)).to(grad.dtype)


class LossdLoss(nn.Module):
    """The base of lossd.torch's loss modules; each subclass sets `spec` (a lossd.catalog.Loss)."""

    spec = None

    def __init__(self, *args, url=None, client=None, **kwargs):
        super().__init__()
        torch_class = getattr(nn, self.spec.module)
        # torch's own signature: the same positional order, defaults and TypeErrors.
        chosen = inspect.signature(torch_class).bind(*args, **kwargs).arguments
        self.client = client or _shared_client(url)
        self.options = {}
        for name, value in chosen.items():
            if isinstance(value, torch.Tensor):
                self.register_buffer(name, value)  # as torch.nn does, so that .to(device) moves it
            elif value is not None:
                self.options[name] = value
        forward = inspect.signature(torch_class.forward)
        self._forward = forward.replace(parameters=list(forward.parameters.values())[1:])

    def forward(self, *args, **kwargs):
        # Bound as torch binds them, then named as lossd names them (PoissonNLLLoss.forward calls
        # its input `log_input`, F.poisson_nll_loss and lossd `input`). CTC's lengths may be tuples.
        given = self._forward.bind(*args, **kwargs).arguments.values()
        inputs = {name: torch.as_tensor(value) for name, value in zip(self.spec.inputs, given)}
        options = {**self.options, **dict(self.named_buffers(recurse=False))}
        call = _Call(self.client, self.spec.name, tuple(inputs), options, _is_unreduced(self.options))
        self._refuse_gradients_lossd_does_not_compute(inputs, options)
        if torch.is_grad_enabled() and any(t.requires_grad for t in inputs.values()):
            return LossdFunction.apply(call, *inputs.values())
        return _compute(call, inputs.values(), grad=False).loss

    def _refuse_gradients_lossd_does_not_compute(self, inputs, options):
        untracked = [name for name, role in self.spec.inputs.items() if role == DATA and inputs[name].requires_grad]
        untracked += [name for name, value in options.items() if isinstance(value, torch.Tensor) and value.requires_grad]
        if untracked and torch.is_grad_enabled():
            raise ValueError(f"lossd computes no gradient for {self.spec.module}'s {', '.join(untracked)}; pass it detached")

    def extra_repr(self):
        return ", ".join([*(f"{name}={value!r}" for name, value in self.options.items()), f"url={self.client.url!r}"])


def _is_unreduced(options):
    # torch.nn's own rule: the legacy size_average/reduce, when given, decide over `reduction`.
    if options.get("size_average") is not None or options.get("reduce") is not None:
        return _reduction.legacy_get_string(options.get("size_average"), options.get("reduce"), emit_warning=False) == "none"
    return options.get("reduction", "mean") == "none"


def _module_class(loss):
    doc = f"torch.nn.{loss.module} (F.{loss.name}), computed by lossd: torch's arguments, plus url= or client=."
    return type(loss.module, (LossdLoss,), {"spec": loss, "__module__": __name__, "__qualname__": loss.module, "__doc__": doc})


globals().update({loss.module: _module_class(loss) for loss in LOSSES})
__all__ = ["LossdFunction", "LossdLoss", *(loss.module for loss in LOSSES)]
