"""Counting words: :class:`Vocab`, over ``w2v_vocab``."""

from __future__ import annotations

import os
import tempfile
from ctypes import byref, c_char_p, c_size_t, c_uint64, create_string_buffer
from typing import Any, Iterable, List, Optional, Tuple, Union

from . import _capi
from ._compat import PathLike, c_integer, decode_word, encode_key, encode_path, encode_word
from ._handles import Owned, new_handle
from .errors import BufferTooSmallError, ClosedError, InvalidArgumentError, NotFoundError

__all__ = ["Vocab"]


class Vocab:
    """Word counts, before min-count and size limits (a model applies those when it is built).

    The ``add_*`` methods may be mixed and repeated. ``close()`` or a ``with`` block frees the counts;
    so does garbage collection.
    """

    def __init__(self) -> None:
        library = _capi.lib()
        self._owned: Any = Owned(library, new_handle(library.w2v_vocab_new, _capi.VocabPtr), "w2v_vocab_free")

    def _handle(self) -> Owned:
        owned = self._owned
        if owned is None:
            raise ClosedError("this vocabulary is closed")
        return owned

    def close(self) -> None:
        """Frees the counts now. Idempotent; any later use raises ``ClosedError``."""
        owned, self._owned = self._owned, None
        if owned is not None:
            owned._finalizer()

    @property
    def closed(self) -> bool:
        return self._owned is None

    def __enter__(self) -> "Vocab":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def add_text(self, text: Union[str, bytes]) -> None:
        """Counts the words of raw text: ASCII whitespace separates words, a newline ends a sentence."""
        owned = self._handle()
        data = text.encode("utf-8", "surrogateescape") if isinstance(text, str) else bytes(text)
        owned.library.w2v_vocab_add_text(owned.ptr, data, len(data))

    def add_tokens(self, tokens: Iterable[Union[str, bytes]]) -> None:
        """Counts one sentence of words already split. Each must be non-empty and free of whitespace
        (else ``InvalidArgumentError`` giving its position, and nothing of the list is counted)."""
        owned = self._handle()
        words = [encode_word(t) for t in tokens]
        if words:
            owned.library.w2v_vocab_add_tokens(owned.ptr, (c_char_p * len(words))(*words), len(words))

    def add_sentences(self, sentences: Iterable[Iterable[Union[str, bytes]]]) -> int:
        """Counts every sentence of an iterable of token lists, in one pass; returns how many there were."""
        owned = self._handle()
        add = owned.library.w2v_vocab_add_tokens
        ptr = owned.ptr
        count = 0
        for sentence in sentences:
            if isinstance(sentence, (str, bytes)):
                raise TypeError("each sentence must be a list of words, not a %s" % type(sentence).__name__)
            words = [encode_word(t) for t in sentence]
            if words:
                add(ptr, (c_char_p * len(words))(*words), len(words))
            count += 1
        return count

    def add_file(self, path: PathLike) -> None:
        """Counts the words of a text file, streamed (any size, any line length)."""
        owned = self._handle()
        owned.library.w2v_vocab_add_file(owned.ptr, encode_path(path))

    def add_file_range(self, path: PathLike, begin: int, end: int) -> None:
        """Counts the words of the bytes ``begin`` to ``end`` (exclusive) of a text file, both ends moved
        forward to word starts as :meth:`w2v.distributed.ShardTrainer` trains them: shards cut at any
        offsets count every word of the file once."""
        owned = self._handle()
        owned.library.w2v_vocab_add_file_range(owned.ptr, encode_path(path), c_integer(begin, "uint64_t", "begin"),
                                               c_integer(end, "uint64_t", "end"))

    def counts_bytes(self) -> bytes:
        """The counts as bytes to send to other workers: word2vec's vocabulary format, every word, in
        first-seen order. :meth:`add_counts_bytes` reads them; adding the shards' bytes in corpus order
        gives exactly the counts (and word order) of counting the whole corpus."""
        owned = self._handle()
        needed = c_size_t()
        try:
            owned.library.w2v_vocab_counts_save(owned.ptr, None, 0, byref(needed))
        except BufferTooSmallError:
            pass
        buffer = create_string_buffer(needed.value)
        if needed.value:
            owned.library.w2v_vocab_counts_save(owned.ptr, buffer, needed.value, None)
        return buffer.raw[:needed.value]

    def add_counts_bytes(self, data: bytes) -> None:
        """Adds counts in word2vec's vocabulary format held in memory (:meth:`counts_bytes`)."""
        owned = self._handle()
        data = bytes(data)
        owned.library.w2v_vocab_counts_add(owned.ptr, data, len(data))

    def order_ties_by_bytes(self) -> None:
        """Orders words of equal count by their bytes instead of first seen first, so the vocabulary a
        model makes does not depend on the order in which shards' counts were added."""
        owned = self._handle()
        owned.library.w2v_vocab_order_ties_by_bytes(owned.ptr)

    def add_counts_file(self, path: PathLike) -> None:
        """Adds the counts of a word2vec vocabulary file (``word count`` lines, as :meth:`save` or
        word2vec's ``-save-vocab`` write) without reading the corpus again."""
        owned = self._handle()
        owned.library.w2v_vocab_add_counts_file(owned.ptr, encode_path(path))

    def save(self, path: PathLike, min_count: int = 0) -> None:
        """Writes the counts in word2vec's vocabulary format (``</s>`` with the sentence count first,
        then the words seen at least ``min_count`` times by descending count)."""
        owned = self._handle()
        owned.library.w2v_vocab_save(owned.ptr, encode_path(path), c_integer(min_count, "uint64_t", "min_count"))

    def _saved_lines(self, min_count: int) -> List[bytes]:
        """The lines :meth:`save` writes (the C API has no getter for the sentence count or the words)."""
        handle, path = tempfile.mkstemp(prefix="w2v-vocab-")
        os.close(handle)
        try:
            self.save(path, min_count=min_count)
            with open(path, "rb") as stream:
                return stream.read().splitlines()
        finally:
            os.unlink(path)

    @property
    def sentences(self) -> int:
        """Sentences counted so far (lines with words of text and files, one per ``add_tokens``),
        gensim's ``corpus_count``."""
        first = self._saved_lines(min_count=(1 << 64) - 1)[0].split()
        return int(first[1]) if len(first) == 2 and first[0] == b"</s>" else 0

    def items(self, min_count: int = 0) -> List[Tuple[str, int]]:
        """Every word counted at least ``min_count`` times with its count, most frequent first
        (gensim's ``raw_vocab`` as a list). Read through the vocabulary file :meth:`save` writes."""
        result = []
        for line in self._saved_lines(min_count)[1:]:
            word, _, count = line.rpartition(b" ")
            result.append((decode_word(word), int(count)))
        return result

    @classmethod
    def from_counts(cls, counts: Iterable[Tuple[Union[str, bytes], int]], sentences: int = 0) -> "Vocab":
        """A vocabulary from ``(word, count)`` pairs, as if a text had held each word that many
        times (and ``sentences`` sentences): through a vocabulary file and :meth:`add_counts_file`.
        Words must be non-empty, without whitespace or NUL (``InvalidArgumentError``), counts at least 1."""
        handle, path = tempfile.mkstemp(prefix="w2v-counts-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(b"</s> %d\n" % c_integer(sentences, "uint64_t", "sentences"))
                for word, count in counts:
                    raw = encode_word(word)
                    if not raw or raw.split() != [raw] or raw == b"</s>":
                        raise InvalidArgumentError("the word %r cannot be counted (empty, whitespace or </s>)" % (word,))
                    number = c_integer(count, "uint64_t", "count of %r" % (word,))
                    if number < 1:
                        raise InvalidArgumentError("the count of %r must be at least 1, got %d" % (word, number))
                    out.write(raw + b" %d\n" % number)
            vocab = cls()
            vocab.add_counts_file(path)
            return vocab
        finally:
            os.unlink(path)

    def set_max_words(self, max_words: Optional[int]) -> None:
        """Bounds counting memory (gensim's ``max_vocab_size``): beyond ``max_words`` distinct words the
        rarest are pruned, as word2vec's ReduceVocab; ``None`` or 0 means no bound. The library's
        default is word2vec's 21,000,000."""
        owned = self._handle()
        owned.library.w2v_vocab_set_max_words(owned.ptr, c_integer(max_words or 0, "size_t", "max_words"))

    @property
    def pruned_words(self) -> int:
        """How many words pruning dropped (0: every count is exact; else counts are lower bounds)."""
        owned = self._handle()
        return int(owned.library.w2v_vocab_pruned_words(owned.ptr))

    @property
    def pruned_max_count(self) -> int:
        """The highest count a word had when pruning dropped it (0 when nothing was pruned)."""
        owned = self._handle()
        return int(owned.library.w2v_vocab_pruned_max_count(owned.ptr))

    def __len__(self) -> int:
        """Distinct words counted so far."""
        owned = self._handle()
        return int(owned.library.w2v_vocab_size(owned.ptr))

    @property
    def total_words(self) -> int:
        """Words counted so far, repeats included."""
        owned = self._handle()
        return int(owned.library.w2v_vocab_total_words(owned.ptr))

    def count(self, word: Union[str, bytes]) -> int:
        """How many times ``word`` was counted (0 if never)."""
        owned = self._handle()
        out = c_uint64()
        try:
            key = encode_key(word)
        except NotFoundError:  # a word with a NUL byte: never counted
            return 0
        owned.library.w2v_vocab_count(owned.ptr, key, byref(out))
        return int(out.value)

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, (str, bytes)):
            return False
        return self.count(word) > 0

    def __repr__(self) -> str:
        if self.closed:
            return "<w2v.Vocab (closed)>"
        return "<w2v.Vocab %d distinct words, %d in all>" % (len(self), self.total_words)
