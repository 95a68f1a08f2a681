"""The encoder as an ONNX graph, written as bytes for ONNX Runtime.

ONNX models are protocol-buffer messages. Building one with the ``onnx``
package would add it, ``protobuf`` and ``ml_dtypes`` to every process that
tags, and a second of imports at the first suggestion, to write a few dozen
node types. The messages used here are few and their format is fixed by the
ONNX standard (``onnx/onnx.proto``, field numbers below), so they are written
directly. ``test_embedding.py`` reads the bytes back with the ``onnx``
package (a development dependency), runs its checker on them, and checks that
ONNX Runtime's vectors are numpy's.
"""

from __future__ import annotations

import math
import struct

import numpy as np

# TensorProto.DataType and AttributeProto.AttributeType values.
FLOAT, INT64 = 1, 7
ATTRIBUTE_FLOAT, ATTRIBUTE_INT, ATTRIBUTE_STRING, ATTRIBUTE_INTS = 1, 2, 3, 7
IR_VERSION, OPSET = 9, 20
_DTYPES = {np.dtype(np.float32): FLOAT, np.dtype(np.int64): INT64}


# A message is a list of byte strings (and views of arrays) joined once at the
# end, so that the weights are copied once, not once for each level of
# nesting.
Message = list


def _varint(value: int) -> bytes:
    value &= (1 << 64) - 1  # negative numbers as two's complement, as protobuf does
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _key(field: int, wire: int) -> bytes:
    return _varint(field << 3 | wire)


def _int(field: int, value: int) -> Message:
    return [_key(field, 0) + _varint(value)]


def _bytes(field: int, value: bytes | str | memoryview | Message) -> Message:
    """A length-delimited field: a string, bytes, or a nested message."""
    parts = [value.encode()] if isinstance(value, str) else value if isinstance(value, list) else [value]
    return [_key(field, 2) + _varint(sum(len(part) for part in parts)), *parts]


def _float(field: int, value: float) -> Message:
    return [_key(field, 5) + struct.pack("<f", value)]


def tensor(name: str, value) -> Message:
    """TensorProto: dims (1), data_type (2), name (8), raw_data (9)."""
    array = np.asarray(value)
    if array.dtype not in _DTYPES:
        array = array.astype(np.float32)
    array = np.ascontiguousarray(array.astype(array.dtype.newbyteorder("<"), copy=False))
    dims = [part for size in array.shape for part in _int(1, size)]
    raw = memoryview(array).cast("B") if array.ndim else array.tobytes()
    return [*dims, *_int(2, _DTYPES[array.dtype.newbyteorder("=")]), *_bytes(8, name), *_bytes(9, [raw])]


def attribute(name: str, value) -> Message:
    """AttributeProto: name (1), f (2), i (3), s (4), ints (8), type (20)."""
    if isinstance(value, float):
        return [*_bytes(1, name), *_float(2, value), *_int(20, ATTRIBUTE_FLOAT)]
    if isinstance(value, bool | int):
        return [*_bytes(1, name), *_int(3, int(value)), *_int(20, ATTRIBUTE_INT)]
    if isinstance(value, str):
        return [*_bytes(1, name), *_bytes(4, value), *_int(20, ATTRIBUTE_STRING)]
    return [*_bytes(1, name), *(part for item in value for part in _int(8, item)), *_int(20, ATTRIBUTE_INTS)]


def node(op: str, inputs: list[str], outputs: list[str], **attributes) -> Message:
    """NodeProto: input (1), output (2), op_type (4), attribute (5)."""
    message = [part for name in inputs for part in _bytes(1, name)]
    message += [part for name in outputs for part in _bytes(2, name)]
    message += _bytes(4, op)
    for key, value in sorted(attributes.items()):
        message += _bytes(5, attribute(key, value))
    return message


def value_info(name: str, elem_type: int, shape: list[int | str]) -> Message:
    """ValueInfoProto: name (1), type (2: TypeProto.tensor_type (1): elem_type
    (1), shape (2: dim (1): dim_value (1) or dim_param (2)))."""
    dims = [part for size in shape for part in _bytes(1, _int(1, size) if isinstance(size, int) else _bytes(2, size))]
    return [*_bytes(1, name), *_bytes(2, _bytes(1, [*_int(1, elem_type), *_bytes(2, dims)]))]


class Graph:
    """Nodes and initializers, numbered as they are added."""

    def __init__(self) -> None:
        self.nodes: list[Message] = []
        self.initializers: list[Message] = []

    def const(self, name: str, value) -> str:
        self.initializers.append(tensor(name, value))
        return name

    def add(self, op: str, inputs: list[str], outputs: int | list[str] = 1, **attributes):
        names = [f"t{len(self.nodes)}_{i}" for i in range(outputs)] if isinstance(outputs, int) else outputs
        self.nodes.append(node(op, inputs, names, **attributes))
        return names[0] if len(names) == 1 else names

    def model(self, name: str, inputs: list[Message], outputs: list[Message]) -> bytes:
        """ModelProto: ir_version (1), graph (7), opset_import (8: version (2)).
        GraphProto: node (1), name (2), initializer (5), input (11), output (12)."""
        graph = [part for item in self.nodes for part in _bytes(1, item)]
        graph += _bytes(2, name)
        graph += [part for item in self.initializers for part in _bytes(5, item)]
        graph += [part for item in inputs for part in _bytes(11, item)]
        graph += [part for item in outputs for part in _bytes(12, item)]
        return b"".join([*_int(1, IR_VERSION), *_bytes(7, graph), *_bytes(8, _int(2, OPSET))])


def encoder(embedder, *, layers, heads: int, hidden: int) -> bytes:
    """The encoder of ``embedder`` (token ids, positions and mask in; each
    token's vector out), the same pass as ``Embedder._forward``: embeddings
    and their norm, then per layer masked self-attention and a tanh-GELU
    feed-forward, each with its residual and norm."""
    g = Graph()
    head = hidden // heads

    def norm(x: str, weights, name: str) -> str:
        return g.add(
            "LayerNormalization", [x, g.const(name + ".w", weights[0]), g.const(name + ".b", weights[1])], epsilon=1e-12
        )

    def dense(x: str, weight, bias, name: str) -> str:
        return g.add("Add", [g.add("MatMul", [x, g.const(name + ".w", weight)]), g.const(name + ".b", bias)])

    words = g.add("Gather", [g.const("word", embedder.word), "ids"])
    positions = g.add("Gather", [g.const("position", embedder.position), "positions"])
    x = g.add("Add", [g.add("Add", [words, positions]), g.const("token_type", embedder.token_type)])
    x = norm(x, embedder.norm, "embeddings")
    # Padding takes no part in attention: a large negative score before the softmax.
    blocked = g.add(
        "Mul", [g.add("Sub", [g.const("one", np.float32(1.0)), "mask"]), g.const("minus", np.float32(-1e9))]
    )
    blocked = g.add("Unsqueeze", [blocked, g.const("head_axes", np.array([1, 2], dtype=np.int64))])
    per_head = g.const("per_head", np.array([0, 0, heads, head], dtype=np.int64))
    whole = g.const("whole", np.array([0, 0, hidden], dtype=np.int64))
    thirds = g.const("thirds", np.array([hidden] * 3, dtype=np.int64))
    scale = g.const("scale", np.float32(1 / math.sqrt(head)))
    for index, (qkv, qkv_bias, out, out_bias, norm1, up, up_bias, down, down_bias, norm2) in enumerate(layers):
        p = f"layer{index}."
        q, k, v = g.add("Split", [dense(x, qkv, qkv_bias, p + "qkv"), thirds], 3, axis=-1)
        q = g.add("Transpose", [g.add("Reshape", [q, per_head])], perm=[0, 2, 1, 3])
        k = g.add("Transpose", [g.add("Reshape", [k, per_head])], perm=[0, 2, 3, 1])
        v = g.add("Transpose", [g.add("Reshape", [v, per_head])], perm=[0, 2, 1, 3])
        scores = g.add("Add", [g.add("Mul", [g.add("MatMul", [q, k]), scale]), blocked])
        context = g.add("MatMul", [g.add("Softmax", [scores], axis=-1), v])
        context = g.add("Reshape", [g.add("Transpose", [context], perm=[0, 2, 1, 3]), whole])
        x = norm(g.add("Add", [dense(context, out, out_bias, p + "out"), x]), norm1, p + "norm1")
        inner = g.add("Gelu", [dense(x, up, up_bias, p + "up")], approximate="tanh")
        x = norm(g.add("Add", [dense(inner, down, down_bias, p + "down"), x]), norm2, p + "norm2")
    g.add("Identity", [x], ["tokens"])
    return g.model(
        "all-MiniLM-L6-v2",
        [
            value_info("ids", INT64, ["batch", "length"]),
            value_info("positions", INT64, ["length"]),
            value_info("mask", FLOAT, ["batch", "length"]),
        ],
        [value_info("tokens", FLOAT, ["batch", "length", hidden])],
    )
