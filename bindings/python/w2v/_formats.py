"""word2vec text and binary files around the library's reader and writer: what gensim's
``load_word2vec_format`` / ``save_word2vec_format`` keywords ask for and the C API does not take.

The library reads and writes whole files (``w2v_model_load`` / ``w2v_model_save``). For ``limit`` and
``no_header`` on load, :func:`prepared_for_load` writes a temporary file with a header and at most
``limit`` rows for the library to read; for ``write_header=False``, ``prefix``, ``append``,
``total_vec`` and a row order other than the model's on save, :func:`rewrite_rows` copies the rows of
a file the library wrote, changed as asked. Rows are streamed, never all held in memory.
"""

from __future__ import annotations

import os
import struct
import tempfile
from typing import BinaryIO, Iterator, List, Optional, Sequence, Tuple

from .errors import FormatError

__all__ = ["detect_binary", "prepared_for_load", "read_counts", "rewrite_rows", "header_of"]

_FLOAT = struct.calcsize("f")


def header_of(stream: BinaryIO, name: str) -> Tuple[int, int]:
    """Reads the ``count dim`` header line."""
    line = stream.readline()
    fields = line.split()
    try:
        count, dim = (int(x) for x in fields)
    except ValueError:
        raise FormatError("%s: line 1: expected a header 'count dimension', found %r" % (name, line[:80])) from None
    if count < 0 or dim <= 0:
        raise FormatError("%s: line 1: bad header %r" % (name, line[:80]))
    return count, dim


def _is_text_row(line: bytes, dim: int) -> bool:
    fields = line.split()
    if len(fields) != dim + 1:
        return False
    try:
        for field in fields[1:]:
            float(field)
    except ValueError:
        return False
    return True


def detect_binary(path: str) -> bool:
    """Whether a word2vec file with a header is binary: its first row is not ``word`` and ``dim``
    numbers on one line."""
    with open(path, "rb") as stream:
        _, dim = header_of(stream, path)
        first = stream.readline(64 + 64 * dim)
    return not _is_text_row(first, dim)


def _text_rows(stream: BinaryIO, limit: Optional[int]) -> Iterator[bytes]:
    taken = 0
    for line in stream:
        if limit is not None and taken >= limit:
            return
        if not line.endswith(b"\n"):
            line += b"\n"
        yield line
        taken += 1


def _binary_rows(stream: BinaryIO, dim: int, limit: int, name: str) -> Iterator[Tuple[bytes, bytes]]:
    """(word, dim float32 bytes) of the first ``limit`` rows of a binary body (gensim's reader: the
    word runs to a space; a newline before a word, as word2vec writes after each vector, is skipped)."""
    size = dim * _FLOAT
    for row in range(limit):
        word = bytearray()
        while True:
            byte = stream.read(1)
            if not byte:
                raise FormatError("%s: row %d: the file ends inside a word (expected %d rows)" % (name, row + 1, limit))
            if byte == b" ":
                break
            if byte == b"\n" and not word:
                continue
            word += byte
        vector = stream.read(size)
        if len(vector) != size:
            raise FormatError("%s: row %d: expected %d bytes of vector, found %d" % (name, row + 1, size, len(vector)))
        yield bytes(word), vector


def prepared_for_load(path: str, binary: bool, limit: Optional[int], no_header: bool) -> str:
    """A temporary copy of ``path`` that the library can read whole: a header, then at most ``limit``
    rows (``no_header``: a headerless text file, as GloVe's, whose size is counted here). The caller
    removes it."""
    name = os.fsdecode(path)
    if no_header:
        with open(path, "rb") as stream:
            count = 0
            dim = 0
            for line in _text_rows(stream, limit):
                if count == 0:
                    dim = len(line.split()) - 1
                count += 1
        if count == 0 or dim <= 0:
            raise FormatError("%s: no vector found (no_header=True expects 'word x1 x2 ...' lines)" % name)
    else:
        with open(path, "rb") as stream:
            count, dim = header_of(stream, name)
    if limit is not None:
        count = min(count, limit)
    handle, temporary = tempfile.mkstemp(prefix="w2v-load-", suffix=".bin" if binary else ".txt")
    try:
        with os.fdopen(handle, "wb") as out, open(path, "rb") as stream:
            out.write(b"%d %d\n" % (count, dim))
            if binary:
                header_of(stream, name)
                for word, vector in _binary_rows(stream, dim, count, name):
                    out.write(word + b" " + vector + b"\n")
            else:
                if not no_header:
                    stream.readline()
                for line in _text_rows(stream, count):
                    out.write(line)
    except BaseException:
        os.unlink(temporary)
        raise
    return temporary


def read_counts(path: str) -> dict:
    """word -> count from a vocabulary file (``word count`` lines, word2vec's ``-save-vocab``), as
    gensim reads ``fvocab``."""
    counts = {}
    with open(path, "rb") as stream:
        for number, line in enumerate(stream, start=1):
            fields = line.split()
            if not fields:
                continue
            if len(fields) != 2:
                raise FormatError("%s: line %d: expected 'word count', found %r" % (os.fsdecode(path), number, line[:80]))
            try:
                counts[fields[0].decode("utf-8", "surrogateescape")] = int(fields[1])
            except ValueError:
                raise FormatError("%s: line %d: the count %r is not an integer" % (os.fsdecode(path), number, fields[1])) from None
    return counts


def rewrite_rows(source: str, target: str, binary: bool, order: Optional[Sequence[int]], *, header: Optional[bytes],
                 prefix: bytes, append: bool) -> None:
    """Copies the rows of ``source`` (a file the library wrote: header, then one row per word in
    index order) to ``target``: in the given ``order`` of rows (None: as they are), each word after
    ``prefix``, under ``header`` (None: no header line), appended when ``append``."""
    with open(source, "rb") as stream:
        count, dim = header_of(stream, source)
        offsets: List[int] = []
        if order is not None:
            position = stream.tell()
            if binary:
                for _ in _binary_rows(stream, dim, count, source):
                    offsets.append(position)
                    position = stream.tell()
            else:
                for line in stream:
                    offsets.append(position)
                    position += len(line)
            stream.seek(offsets[0] if offsets else position)
        with open(target, "ab" if append else "wb") as out:
            if header is not None:
                out.write(header)

            def rows() -> Iterator[Tuple[bytes, bytes]]:
                if order is None:
                    if binary:
                        for word, vector in _binary_rows(stream, dim, count, source):
                            yield word, b" " + vector + b"\n"
                    else:
                        for line in stream:
                            word, _, rest = line.partition(b" ")
                            yield word, b" " + rest
                    return
                for index in order:
                    stream.seek(offsets[index])
                    if binary:
                        word, vector = next(_binary_rows(stream, dim, 1, source))
                        yield word, b" " + vector + b"\n"
                    else:
                        word, _, rest = stream.readline().partition(b" ")
                        yield word, b" " + rest

            for word, rest in rows():
                out.write(prefix + word + rest)
