"""Optional NumPy, and the byte/str conventions shared by the package.

NumPy is used when it can be imported and the environment variable ``W2V_NO_NUMPY`` is unset, empty
or "0" (set it to exercise the pure-Python paths: lists and memoryviews instead of arrays).
"""

from __future__ import annotations

import os
from typing import Any, Union

numpy: Any
if os.environ.get("W2V_NO_NUMPY", "") not in ("", "0"):
    numpy = None
else:
    try:
        import numpy  # type: ignore[import-not-found, no-redef]
    except ImportError:  # pragma: no cover - depends on the machine
        numpy = None

HAS_NUMPY = numpy is not None

PathLike = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]


def encode_word(word: Union[str, bytes]) -> bytes:
    """A word as the library sees it: UTF-8, with undecodable bytes carried by surrogateescape."""
    if isinstance(word, str):
        return word.encode("utf-8", "surrogateescape")
    if isinstance(word, (bytes, bytearray)):
        return bytes(word)
    raise TypeError("a word must be a str (or bytes), not %s" % type(word).__name__)


def decode_word(raw: bytes) -> str:
    """The inverse of :func:`encode_word`: non-UTF-8 words round-trip through surrogateescape."""
    return raw.decode("utf-8", "surrogateescape")


def encode_path(path: PathLike) -> bytes:
    """A file path for the C library (``os.fsencode``); "" stays "" so the library reports it."""
    return os.fsencode(path)
