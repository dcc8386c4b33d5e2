"""Streaming corpora for ``Word2Vec(sentences=...)``: gensim's ``LineSentence``, ``Text8Corpus`` and
``PathLineSentences`` (gensim.models.word2vec), re-iterable and bounded in memory.

Words are split at ASCII whitespace, as the library's own file reader splits them, and decoded as UTF-8
with undecodable bytes kept through surrogateescape (gensim decodes strictly and raises on them).
"""

from __future__ import annotations

import os
from typing import Iterator, List, Optional, Tuple

from ._compat import PathLike, decode_word

__all__ = ["LineSentence", "Text8Corpus", "PathLineSentences", "MAX_WORDS_IN_BATCH"]

#: gensim's default ``max_sentence_length``: longer sentences come out in pieces of this many words.
MAX_WORDS_IN_BATCH = 10000

_WHITESPACE = (b" ", b"\t", b"\n", b"\r", b"\x0b", b"\x0c")


class LineSentence:
    """The sentences of a text file, re-read on every iteration (so it serves several epochs): lines
    are sentences, ASCII whitespace separates words, as the library's own file reader does. Memory
    stays bounded whatever the file: it is read in blocks, and a line longer than
    ``max_sentence_length`` words (a text8-style corpus is one line) comes out in pieces of that many
    words. ``limit`` reads only that many lines, as gensim's."""

    def __init__(self, source: PathLike, max_sentence_length: int = 10000, limit: "int | None" = None,
                 block_size: int = 1 << 20) -> None:
        if max_sentence_length < 1:
            raise ValueError("max_sentence_length must be at least 1")
        self.source = os.fspath(source)
        self.max_sentence_length = max_sentence_length
        self.limit = limit
        self.block_size = block_size

    def __iter__(self) -> Iterator[List[str]]:
        limit = self.limit
        for line, sentence in self._sentences():
            if limit is not None and line >= limit:
                return
            yield sentence

    def _sentences(self) -> Iterator[Tuple[int, List[str]]]:
        """The sentences with the number of the line each comes from (0-based)."""
        size = self.max_sentence_length
        current: List[str] = []
        line_number = 0
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
                            yield line_number, current
                            current = []
                        line_number += 1
                    for word in line.split():
                        current.append(decode_word(word))
                        if len(current) == size:
                            yield line_number, current
                            current = []
                if not block:
                    break
        if current:
            yield line_number, current


class Text8Corpus:
    """gensim's ``Text8Corpus``: the words of a file with no sentence marks (text8 is one 100 MB
    line), in sentences of ``max_sentence_length`` words (the last may be shorter); newlines are
    whitespace like any other. Read in blocks, re-read on every iteration."""

    def __init__(self, fname: PathLike, max_sentence_length: int = MAX_WORDS_IN_BATCH,
                 block_size: int = 1 << 20) -> None:
        if max_sentence_length < 1:
            raise ValueError("max_sentence_length must be at least 1")
        self.fname = os.fspath(fname)
        self.max_sentence_length = max_sentence_length
        self.block_size = block_size

    def __iter__(self) -> Iterator[List[str]]:
        size = self.max_sentence_length
        sentence: List[str] = []
        rest = b""
        with open(self.fname, "rb") as stream:
            while True:
                block = stream.read(self.block_size)
                text = rest + block
                if block:
                    cut = max(text.rfind(c) for c in _WHITESPACE)  # the last word may go on in the next block
                    text, rest = (text[:cut], text[cut:]) if cut >= 0 else (b"", text)
                sentence.extend(decode_word(word) for word in text.split())
                while len(sentence) >= size:
                    yield sentence[:size]
                    sentence = sentence[size:]
                if not block:
                    break
        if sentence:
            yield sentence


class PathLineSentences:
    """gensim's ``PathLineSentences``: :class:`LineSentence` over every file of a folder, in file-name
    order (or over one file). ``limit`` reads at most that many lines of each file."""

    def __init__(self, source: PathLike, max_sentence_length: int = MAX_WORDS_IN_BATCH,
                 limit: Optional[int] = None) -> None:
        self.source = os.fspath(source)
        self.max_sentence_length = max_sentence_length
        self.limit = limit
        if os.path.isfile(self.source):
            self.input_files = [self.source]
        elif os.path.isdir(self.source):
            self.source = os.path.join(self.source, "")
            self.input_files = sorted(os.path.join(self.source, name) for name in os.listdir(self.source))
        else:
            raise ValueError("input is neither a file nor a path")

    def __iter__(self) -> Iterator[List[str]]:
        for name in self.input_files:
            yield from LineSentence(name, self.max_sentence_length, self.limit)
