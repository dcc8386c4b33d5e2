"""Exceptions raised by the w2v package.

Every failed C call raises a subclass of :class:`Error` chosen by its ``w2v_status`` code; the exception
carries the code (``.code``), the status name (``.status``) and the library's message (``.message``,
from ``w2v_last_error()``). Subclasses also derive from the built-in exception a Python programmer
would catch for the same failure: an unknown word is a ``KeyError``, a bad argument a ``ValueError``,
an unreadable file an ``OSError``.
"""

from __future__ import annotations

from typing import Dict, Optional, Type

__all__ = [
    "Error",
    "InvalidArgumentError",
    "FileError",
    "FormatError",
    "NotFoundError",
    "BufferTooSmallError",
    "AbortedError",
    "OutOfMemoryError",
    "ClosedError",
    "LibraryNotFoundError",
    "error_for_status",
    "STATUS_NAMES",
]

# The w2v_status values of include/w2v.h.
W2V_OK = 0
W2V_ERR_INVALID_ARGUMENT = 1
W2V_ERR_IO = 2
W2V_ERR_FORMAT = 3
W2V_ERR_NOT_FOUND = 4
W2V_ERR_BUFFER_TOO_SMALL = 5
W2V_ERR_ABORTED = 6
W2V_ERR_OUT_OF_MEMORY = 7
W2V_COMPOSED = 8  # not a failure: a subword model composed an unknown word's vector

STATUS_NAMES: Dict[int, str] = {
    W2V_OK: "W2V_OK",
    W2V_ERR_INVALID_ARGUMENT: "W2V_ERR_INVALID_ARGUMENT",
    W2V_ERR_IO: "W2V_ERR_IO",
    W2V_ERR_FORMAT: "W2V_ERR_FORMAT",
    W2V_ERR_NOT_FOUND: "W2V_ERR_NOT_FOUND",
    W2V_ERR_BUFFER_TOO_SMALL: "W2V_ERR_BUFFER_TOO_SMALL",
    W2V_ERR_ABORTED: "W2V_ERR_ABORTED",
    W2V_ERR_OUT_OF_MEMORY: "W2V_ERR_OUT_OF_MEMORY",
    W2V_COMPOSED: "W2V_COMPOSED",
}


class Error(Exception):
    """A failure reported by libw2v (or by this package on its behalf).

    ``code`` is the ``w2v_status`` value (``None`` for errors detected in Python, such as a closed
    object), ``status`` its name, ``message`` the library's explanation.
    """

    code: Optional[int]
    message: str

    def __init__(self, message: str, *, code: Optional[int] = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    @property
    def status(self) -> Optional[str]:
        """The status name ("W2V_ERR_NOT_FOUND"), or None when no C status is involved."""
        if self.code is None:
            return None
        return STATUS_NAMES.get(self.code, "unknown status")

    def __str__(self) -> str:  # KeyError would otherwise print the repr of its argument
        return self.message

    def __reduce__(self):  # picklable despite the keyword-only code
        return (_rebuild, (type(self), self.message, self.code))


def _rebuild(cls: Type["Error"], message: str, code: Optional[int]) -> "Error":
    return cls(message, code=code)


class InvalidArgumentError(Error, ValueError):
    """W2V_ERR_INVALID_ARGUMENT: a value out of range, a wrong size or an impossible combination."""


class FileError(Error, OSError):
    """W2V_ERR_IO: a file could not be opened, read or written."""


class FormatError(Error, ValueError):
    """W2V_ERR_FORMAT: a file's content is not what its format requires."""


class NotFoundError(Error, KeyError):
    """W2V_ERR_NOT_FOUND: a word is not in the vocabulary."""


class BufferTooSmallError(Error):
    """W2V_ERR_BUFFER_TOO_SMALL: a buffer passed to the library is too small."""


class AbortedError(Error):
    """W2V_ERR_ABORTED: a callback asked the library to stop."""


class OutOfMemoryError(Error, MemoryError):
    """W2V_ERR_OUT_OF_MEMORY: the library could not allocate memory."""


class ClosedError(Error, ValueError):
    """An object was used after ``close()`` (like I/O on a closed file, a ``ValueError``)."""


class LibraryNotFoundError(Error, ImportError):
    """libw2v.so could not be found or loaded, or has an incompatible version.

    ``tried`` lists ``(place, reason)`` for every place that was looked at, in order.
    """

    def __init__(self, message: str, tried=(), *, code: Optional[int] = None) -> None:
        super().__init__(message, code=code)
        self.tried = list(tried)


_BY_CODE: Dict[int, Type[Error]] = {
    W2V_ERR_INVALID_ARGUMENT: InvalidArgumentError,
    W2V_ERR_IO: FileError,
    W2V_ERR_FORMAT: FormatError,
    W2V_ERR_NOT_FOUND: NotFoundError,
    W2V_ERR_BUFFER_TOO_SMALL: BufferTooSmallError,
    W2V_ERR_ABORTED: AbortedError,
    W2V_ERR_OUT_OF_MEMORY: OutOfMemoryError,
}


def error_for_status(code: int, message: str) -> Error:
    """The exception for a failed call's status code and message (``Error`` for an unknown code)."""
    cls = _BY_CODE.get(code, Error)
    if not message:
        message = STATUS_NAMES.get(code, "unknown status %d" % code)
    return cls(message, code=code)
