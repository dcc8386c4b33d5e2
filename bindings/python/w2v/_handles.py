"""Ownership of C handles.

A ``w2v_model *`` is owned by a :class:`ModelMemory`, which frees it (``w2v_model_free``) when the last
Python reference to it goes away. References are held by the :class:`ModelSlot` that a ``Word2Vec`` and
its ``KeyedVectors`` share (until ``close()``), by every zero-copy ``vectors`` view taken from the model,
and, for the duration of a C call, by the calling frame. So ``close()`` frees the model at once unless
a view still looks at its memory, in which case the memory lives exactly as long as the view: nothing
ever reads freed memory, whatever the order of ``close()``, ``del`` and threads.
"""

from __future__ import annotations

import ctypes
import weakref
from typing import Any, Dict, List, Optional

from ._capi import Library, lib
from .errors import ClosedError


def _free(free_function: Any, pointer: Any) -> None:
    free_function(pointer)


class Owned:
    """Owns one C handle and frees it with the matching ``_free`` function when garbage."""

    __slots__ = ("ptr", "library", "_finalizer", "__weakref__")

    def __init__(self, library: Library, pointer: Any, free_name: str) -> None:
        self.ptr = pointer
        self.library = library
        self._finalizer = weakref.finalize(self, _free, getattr(library, free_name), pointer)


class ModelMemory(Owned):
    """Owns a ``w2v_model *``. Also knows (weakly) the ctypes arrays that zero-copy ``vectors`` views
    look through, so an operation that moves the vectors can refuse while one is alive."""

    __slots__ = ("_views",)

    def __init__(self, library: Library, pointer: Any) -> None:
        super().__init__(library, pointer, "w2v_model_free")
        self._views: List["weakref.ref[Any]"] = []

    def add_view(self, buffer: Any) -> None:
        self._views = [view for view in self._views if view() is not None] + [weakref.ref(buffer)]

    def live_views(self) -> int:
        return sum(1 for view in self._views if view() is not None)


class ModelSlot:
    """The model a ``Word2Vec`` and its ``.wv`` share, or the reason there is none (not built, closed)."""

    def __init__(self, reason: str) -> None:
        self.memory: Optional[ModelMemory] = None
        self.reason = reason
        self.cache: Dict[str, Any] = {}

    def get(self) -> ModelMemory:
        memory = self.memory
        if memory is None:
            raise ClosedError(self.reason)
        return memory

    def set(self, memory: ModelMemory) -> None:
        self.cache = {}
        self.memory = memory

    def forget(self) -> None:
        """Drops what was read from the model (its word list, its vectors view) after the model changed."""
        self.cache = {}

    def close(self) -> None:
        self.cache = {}
        self.memory = None
        self.reason = "this model is closed"

    @property
    def closed(self) -> bool:
        return self.memory is None


def new_handle(constructor: Any, pointer_type: Any, *arguments: Any) -> Any:
    """Calls a ``w2v_x_new``-style constructor (out-parameter first) and returns the new handle."""
    out = pointer_type()
    constructor(ctypes.byref(out), *arguments)
    return out


__all__ = ["Owned", "ModelMemory", "ModelSlot", "new_handle", "lib"]
