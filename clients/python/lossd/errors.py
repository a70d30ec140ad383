"""What lossd's error replies become in Python.

Where PyTorch itself refuses the call (`code` LOSS_TORCH_ERROR), the exception is also an instance
of PyTorch's exception type, so code written for local torch (`except IndexError`) keeps working:
`IndexError: Target 4 is out of bounds.` is raised as `lossd.errors.IndexError`, a subclass of both
`LossdError` and the builtin `IndexError`, whose message is torch's text alone.
"""

import builtins
import json

# Codes of the errors the client raises itself, where no reply carried one.
UNREACHABLE = "CLIENT_UNREACHABLE"
TIMEOUT = "CLIENT_TIMEOUT"
BAD_REPLY = "CLIENT_BAD_REPLY"


class LossdError(Exception):
    """A call lossd refused or could not answer.

    status: the HTTP status (None when no reply arrived); code: lossd's stable error code (see
    src/server/errors.ts) or one of the client's CLIENT_* codes; message: what went wrong (PyTorch's
    own text for LOSS_TORCH_ERROR); exception: PyTorch's exception type name, for LOSS_TORCH_ERROR;
    retry_after: seconds to wait before retrying, from a 503's Retry-After header.
    """

    def __init__(self, message, *, status=None, code=None, exception=None, retry_after=None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.exception = exception
        self.retry_after = retry_after

    def __str__(self):
        if self.code == "LOSS_TORCH_ERROR":
            return self.message
        where = " ".join(str(part) for part in (self.status, self.code) if part is not None)
        return f"{where}: {self.message}" if where else self.message


_mixed = {}


def error_class(builtin):
    """LossdError mixed with a builtin exception type (cached), named as that type."""
    if builtin not in _mixed:
        _mixed[builtin] = type(builtin.__name__, (LossdError, builtin), {"__module__": __name__, "__qualname__": builtin.__name__})
    return _mixed[builtin]


def _builtin_exception(name):
    candidate = getattr(builtins, name or "", None)
    return candidate if isinstance(candidate, type) and issubclass(candidate, Exception) else None


def from_reply(status, headers, body):
    """The exception for an error reply: its JSON body, or what is known when the body is not lossd's."""
    retry_after = _seconds(headers.get("Retry-After"))
    try:
        reply = json.loads(bytes(body))
        message, code = reply["message"], reply.get("code")
    except (ValueError, KeyError, TypeError):
        text = bytes(body[:500]).decode("utf-8", "replace")
        return LossdError(f"not a lossd error reply: {text!r}", status=status, code=BAD_REPLY, retry_after=retry_after)
    exception = reply.get("exception")
    builtin = _builtin_exception(exception) if code == "LOSS_TORCH_ERROR" else None
    cls = error_class(builtin) if builtin else LossdError
    return cls(message, status=status, code=code, exception=exception, retry_after=retry_after)


def _seconds(value):
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def unreachable(url, error):
    """A transport failure: no reply arrived. A TimeoutError or ConnectionError as well."""
    timed_out = isinstance(error, TimeoutError)
    cls = error_class(TimeoutError if timed_out else ConnectionError)
    what = "no reply within the timeout" if timed_out else f"cannot reach it: {error}"
    return cls(f"lossd at {url}: {what}", code=TIMEOUT if timed_out else UNREACHABLE)
