"""Optional NumPy, and the byte/str conventions shared by the package.

NumPy is used when it can be imported and the environment variable ``W2V_NO_NUMPY`` is unset, empty
or "0" (set it to exercise the pure-Python paths: lists and memoryviews instead of arrays).
"""

from __future__ import annotations

import ctypes
import operator
import os
from typing import Any, Optional, Union

from .errors import InvalidArgumentError, NotFoundError

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
    """A word as the library sees it: UTF-8, with undecodable bytes carried by surrogateescape.

    C strings end at the first NUL byte, so a word holding one would reach the library cut short
    ("the\\x00junk" as "the"): it is refused with ``InvalidArgumentError`` (a ``ValueError``). Lookups
    use :func:`encode_key`, for which such a word is simply not in the vocabulary."""
    if isinstance(word, str):
        raw = word.encode("utf-8", "surrogateescape")
    elif isinstance(word, (bytes, bytearray)):
        raw = bytes(word)
    else:
        raise TypeError("a word must be a str (or bytes), not %s" % type(word).__name__)
    if b"\0" in raw:
        raise InvalidArgumentError("the word %r contains a NUL byte, which no word of the library can hold" % (word,))
    return raw


def encode_key(word: Union[str, bytes]) -> bytes:
    """:func:`encode_word` for a word looked up in a vocabulary: one containing a NUL byte cannot be in
    it, so it raises ``NotFoundError`` (a ``KeyError``, as gensim raises for an unknown word)."""
    try:
        return encode_word(word)
    except InvalidArgumentError as error:
        raise NotFoundError("word %r not in vocabulary (no word can contain a NUL byte)" % (word,)) from error


def decode_word(raw: bytes) -> str:
    """The inverse of :func:`encode_word`: non-UTF-8 words round-trip through surrogateescape."""
    return raw.decode("utf-8", "surrogateescape")


def encode_path(path: PathLike) -> bytes:
    """A file path for the C library (``os.fsencode``); "" stays "" so the library reports it. A path
    with a NUL byte would name another file in C: ``InvalidArgumentError`` (a ``ValueError``, as
    ``open()`` raises)."""
    raw = os.fsencode(path)
    if b"\0" in raw:
        raise InvalidArgumentError("the path %r contains a NUL byte" % (path,))
    return raw


_RANGES = {
    "int64_t": (-(1 << 63), (1 << 63) - 1),
    "uint64_t": (0, (1 << 64) - 1),
    "size_t": (0, (1 << (8 * ctypes.sizeof(ctypes.c_size_t))) - 1),
}


def c_integer(value: Any, ctype: str, name: Optional[str] = None) -> int:
    """``value`` as a Python int for a C parameter of type ``ctype`` ("int64_t", "uint64_t" or
    "size_t"). ctypes would silently wrap an int outside the type's range (2**64 + 8 becoming 8), so
    that is ``InvalidArgumentError`` (a ``ValueError``) here; a non-integer is a ``TypeError``."""
    try:
        number = operator.index(value)
    except TypeError:
        raise TypeError("%s must be an integer, not %s" % (name or "the value", type(value).__name__)) from None
    low, high = _RANGES[ctype]
    if not low <= number <= high:
        raise InvalidArgumentError("%s%d is outside the range of the C type %s, [%d, %d]" % (
            "%s=" % name if name else "", number, ctype, low, high))
    return number
