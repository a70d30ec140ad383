"""The safetensors format, as lossd reads and writes it: an 8-byte little-endian header length, a
JSON header (space-padded to 8 bytes) naming each tensor's dtype, shape and byte range, then the
data section. NumPy only; no copy of a contiguous little-endian array on the way out."""

import json
import struct

import numpy as np

# The dtypes lossd reads and writes, by their safetensors codes.
DTYPES = {
    "F32": np.dtype("<f4"),
    "F64": np.dtype("<f8"),
    "I64": np.dtype("<i8"),
    "I32": np.dtype("<i4"),
    "U8": np.dtype("u1"),
}
CODES = {dtype.newbyteorder("="): code for code, dtype in DTYPES.items()}


def code_of(array):
    """The safetensors code of `array`'s dtype, or a TypeError naming what lossd accepts."""
    code = CODES.get(array.dtype.newbyteorder("="))
    if code is None:
        names = ", ".join(str(d.newbyteorder("=")) for d in DTYPES.values())
        raise TypeError(f"lossd carries {names} tensors, not {array.dtype}")
    return code


def encode(tensors, metadata):
    """A safetensors body as a list of byte buffers (header, then each tensor's data) and its length.

    The tensors' data are views of the arrays, not copies, when they are already contiguous and
    little-endian; http.client sends the list as it is.
    """
    header = {"__metadata__": metadata}
    blobs = []
    offset = 0
    for name, array in tensors.items():
        code = code_of(array)
        data = np.ascontiguousarray(array, dtype=DTYPES[code]).reshape(-1).view(np.uint8)
        header[name] = {"dtype": code, "shape": list(array.shape), "data_offsets": [offset, offset + data.size]}
        blobs.append(memoryview(data))
        offset += data.size
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    parts = [struct.pack("<Q", len(text)) + text, *blobs]
    return parts, 8 + len(text) + offset


def decode(body):
    """The tensors (NumPy arrays viewing `body`, writable when it is a bytearray) and the metadata."""
    (length,) = struct.unpack_from("<Q", body, 0)
    header = json.loads(bytes(body[8 : 8 + length]))
    metadata = header.pop("__metadata__", {})
    tensors = {}
    for name, entry in header.items():
        dtype = DTYPES[entry["dtype"]]
        start, end = entry["data_offsets"]
        array = np.frombuffer(body, dtype, count=(end - start) // dtype.itemsize, offset=8 + length + start)
        # A tensor after one of an odd number of 4-byte elements may sit unaligned for its dtype,
        # which torch.from_numpy refuses; a big-endian host needs native order. Both copy.
        if not array.flags.aligned or not array.dtype.isnative:
            array = array.astype(dtype.newbyteorder("="))
        tensors[name] = array.reshape(entry["shape"])
    return tensors, metadata
