"""Streaming corpora for ``Word2Vec(sentences=...)``."""

from __future__ import annotations

import os
from typing import Iterator, List

from ._compat import PathLike, decode_word

__all__ = ["LineSentence"]

_WHITESPACE = (b" ", b"\t", b"\n", b"\r", b"\x0b", b"\x0c")


class LineSentence:
    """The sentences of a text file, re-read on every iteration (so it serves several epochs): lines
    are sentences, ASCII whitespace separates words, as the library's own file reader does. Memory
    stays bounded whatever the file: it is read in blocks, and a line longer than
    ``max_sentence_length`` words (a text8-style corpus is one line) comes out in pieces of that many
    words. ``limit`` stops after that many sentences."""

    def __init__(self, source: PathLike, max_sentence_length: int = 10000, limit: "int | None" = None,
                 block_size: int = 1 << 20) -> None:
        if max_sentence_length < 1:
            raise ValueError("max_sentence_length must be at least 1")
        self.source = os.fspath(source)
        self.max_sentence_length = max_sentence_length
        self.limit = limit
        self.block_size = block_size

    def __iter__(self) -> Iterator[List[str]]:
        emitted = 0
        limit = self.limit
        for sentence in self._sentences():
            if limit is not None and emitted >= limit:
                return
            yield sentence
            emitted += 1

    def _sentences(self) -> Iterator[List[str]]:
        size = self.max_sentence_length
        current: List[str] = []
        pending = b""
        with open(self.source, "rb") as stream:
            while True:
                block = stream.read(self.block_size)
                if not block:
                    data, pending = pending, b""
                else:
                    data = pending + block
                    cut = max(data.rfind(c) for c in _WHITESPACE)
                    if cut < 0:  # one word longer than the block: keep reading
                        pending = data
                        continue
                    data, pending = data[: cut + 1], data[cut + 1 :]
                lines = data.split(b"\n")
                for number, line in enumerate(lines):
                    if number > 0:  # a newline ended the previous sentence
                        if current:
                            yield current
                            current = []
                    for word in line.split():
                        current.append(decode_word(word))
                        if len(current) == size:
                            yield current
                            current = []
                if not block:
                    break
        if current:
            yield current
