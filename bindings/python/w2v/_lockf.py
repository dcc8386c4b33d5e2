"""gensim's ``wv.vectors_lockf``: the learning-rate factor of each word's vector, kept by the library
(``w2v_model_set_row_learning_rate``), so training and the native format see every change."""

from __future__ import annotations

from array import array
from ctypes import byref, c_float, c_size_t
from typing import Any, Iterator

from ._compat import numpy
from ._handles import ModelMemory


def read_factors(memory: ModelMemory) -> "array[float]":
    """Every row's factor (1 where none was set), in row order."""
    n = int(memory.library.w2v_model_vocab_size(memory.ptr))
    factors = array("f", bytes(4 * n))
    needed = c_size_t()
    pointer = (c_float * max(1, n)).from_buffer(factors) if n else None
    memory.library.w2v_model_get_row_learning_rate(memory.ptr, pointer, n, byref(needed))
    return factors


def write_factors(memory: ModelMemory, values: Any) -> None:
    """Sets one factor per row, or one for every row (a length-1 sequence, gensim's default); the library
    refuses other lengths and negative, NaN or infinite factors (``InvalidArgumentError``)."""
    if numpy is not None and isinstance(values, numpy.ndarray):
        values = values.astype(numpy.float32).ravel().tolist()
    elif isinstance(values, (int, float)):
        values = [values]
    factors = array("f", [float(v) for v in values])
    buffer = (c_float * max(1, len(factors))).from_buffer(factors) if len(factors) else None
    memory.library.w2v_model_set_row_learning_rate(memory.ptr, buffer, len(factors))


class VectorsLockf:
    """A write-through view of the factors: ``wv.vectors_lockf[i] = 0.0`` freezes row i in further
    training, as in gensim (where the array must first be made full-size; here it always is). Reading
    gives floats (NumPy: ``numpy.asarray(wv.vectors_lockf)``). Each write sets all factors through the
    library, so change many rows with one slice or array assignment, or assign
    ``wv.vectors_lockf = array``."""

    def __init__(self, owner: Any) -> None:
        self._owner = owner  # the KeyedVectors: its model is looked up at each use, as it may be closed

    @property
    def _memory(self) -> ModelMemory:
        return self._owner._memory()

    def __len__(self) -> int:
        return len(self._owner)

    def _values(self) -> Any:
        factors = read_factors(self._memory)
        return numpy.frombuffer(factors, dtype=numpy.float32).copy() if numpy is not None else factors

    def __getitem__(self, key: Any) -> Any:
        value = self._values()[key]
        return float(value) if isinstance(value, float) or (numpy is not None and numpy.ndim(value) == 0) else value

    def __setitem__(self, key: Any, value: Any) -> None:
        values = self._values()
        if numpy is None and isinstance(key, slice) and not isinstance(value, array):
            count = len(range(*key.indices(len(values))))
            value = array("f", [float(value)] * count) if isinstance(value, (int, float)) else array("f", value)
        values[key] = value
        write_factors(self._memory, values)

    def __iter__(self) -> Iterator[float]:
        return iter(read_factors(self._memory))

    def __array__(self, dtype: Any = None, copy: Any = None) -> Any:
        values = self._values()
        return values if dtype is None else values.astype(dtype)

    def tolist(self) -> list:
        return list(read_factors(self._memory))

    def __repr__(self) -> str:
        return "VectorsLockf(%r)" % (self.tolist()[:10] + (["..."] if len(self) > 10 else []),)
