"""Phrase detection: :class:`Phrases` and :class:`FrozenPhrases`, over ``w2v_phrases``, as gensim's.

>>> phrases = w2v.Phrases(sentences, min_count=5, threshold=10.0, connector_words=w2v.ENGLISH_CONNECTOR_WORDS)
>>> phrases[["i", "live", "in", "new", "york"]]
['i', 'live', 'in', 'new_york']
>>> bigram_corpus = phrases[sentences]        # lazy: each iteration re-reads ``sentences``
>>> trigrams = w2v.Phrases(bigram_corpus)     # a second pass joins phrases of up to four words

The counts live in the library (bounded by ``max_vocab_size``: beyond it the rarest entries are pruned
as word2vec prunes its vocabulary). ``scoring`` is ``"default"`` (gensim's ``original_scorer``: (count(ab) -
min_count) / (count(a) * count(b)) * the number of distinct entries), ``"npmi"`` (gensim's
``npmi_scorer``), or ``"word2phrase"`` (word2vec's word2phrase: the same formula times the number of words
of the text, both words seen at least ``min_count`` times). Differences from gensim: tokens may not
contain whitespace; ``scoring`` cannot be a function; ``save()`` writes the phrase table (the frozen form,
a text file) and ``load()`` gives a :class:`FrozenPhrases`, which applies as the saved model did but
cannot learn more.
"""

from __future__ import annotations

from ctypes import byref, c_char_p, c_double, c_int32, c_int64, c_size_t, c_uint64, create_string_buffer
from typing import Any, Dict, Iterable, Iterator, List, Optional, Tuple, Union

from . import _capi
from ._compat import PathLike, encode_path, encode_word
from ._handles import Owned, new_handle
from .errors import BufferTooSmallError, ClosedError, NotFoundError

__all__ = ["Phrases", "FrozenPhrases", "ENGLISH_CONNECTOR_WORDS"]

#: gensim's ``ENGLISH_CONNECTOR_WORDS``: words that may stand inside a phrase ("bank_of_america") but never
#: start or end one.
ENGLISH_CONNECTOR_WORDS = frozenset(" a an the for of with without at from to in on by and or ".split())

_SCORING = {
    "default": _capi.W2V_PHRASES_SCORING_ORIGINAL,
    "original": _capi.W2V_PHRASES_SCORING_ORIGINAL,
    "npmi": _capi.W2V_PHRASES_SCORING_NPMI,
    "word2phrase": _capi.W2V_PHRASES_SCORING_WORD2PHRASE,
}
_SCORING_NAMES = {
    _capi.W2V_PHRASES_SCORING_ORIGINAL: "default",
    _capi.W2V_PHRASES_SCORING_NPMI: "npmi",
    _capi.W2V_PHRASES_SCORING_WORD2PHRASE: "word2phrase",
}


def _decode(word: bytes) -> str:
    return word.decode("utf-8", "surrogateescape")


def _words(tokens: Iterable[Union[str, bytes]]) -> List[bytes]:
    return [encode_word(t) for t in tokens]


def _is_single(obj: Any) -> Tuple[bool, Any]:
    """gensim's ``is_corpus`` turned round: (True, sentence) for one sentence (a sequence of words),
    (False, corpus) for an iterable of sentences. A one-shot iterator is peeked without losing items."""
    if isinstance(obj, (str, bytes)):
        raise TypeError("a sentence is a list of words, not a %s" % type(obj).__name__)
    if isinstance(obj, (list, tuple)):
        if not obj or isinstance(obj[0], (str, bytes)):
            return True, obj
        return False, obj
    iterator = iter(obj)
    if iterator is not obj:
        try:
            first = next(iter(obj))
        except StopIteration:
            return False, obj
        return (isinstance(first, (str, bytes)), obj if not isinstance(first, (str, bytes)) else list(obj))
    # A one-shot iterator: peek and chain.
    try:
        first = next(iterator)
    except StopIteration:
        return False, []
    import itertools
    chained = itertools.chain([first], iterator)
    if isinstance(first, (str, bytes)):
        return True, list(chained)
    return False, chained


class _Base:
    """What Phrases and FrozenPhrases share: the handle, applying, the settings."""

    _owned: Any

    def _handle(self) -> Owned:
        owned = self._owned
        if owned is None:
            raise ClosedError("these phrases are closed")
        return owned

    def close(self) -> None:
        """Frees the counts or table now. Idempotent; any later use raises ``ClosedError``."""
        owned, self._owned = self._owned, None
        if owned is not None:
            owned._finalizer()

    @property
    def closed(self) -> bool:
        return self._owned is None

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def _apply(self, sentence: Iterable[Union[str, bytes]]) -> List[str]:
        owned = self._handle()
        words = _words(sentence)
        if not words:
            return []
        array = (c_char_p * len(words))(*words)
        needed = c_size_t(0)
        count = c_size_t(0)
        size = sum(len(w) + 1 for w in words)
        buffer = create_string_buffer(size)
        try:
            owned.library.w2v_phrases_apply_tokens(owned.ptr, array, len(words), buffer, size, byref(needed), byref(count))
        except BufferTooSmallError:  # a delimiter longer than one byte can make the output longer
            buffer = create_string_buffer(needed.value)
            owned.library.w2v_phrases_apply_tokens(owned.ptr, array, len(words), buffer, needed.value, byref(needed), byref(count))
        raw = buffer.raw[:needed.value]
        return [_decode(t) for t in raw.split(b"\0")[:count.value]]

    def __getitem__(self, sentence: Any) -> Any:
        """One sentence (a list of words): the list with phrases joined. A corpus (an iterable of
        sentences): a lazy, re-iterable corpus of such lists (one-shot iterators are read once)."""
        single, obj = _is_single(sentence)
        if single:
            return self._apply(obj)
        return _PhrasedCorpus(self, obj)

    def analyze_sentence(self, sentence: Iterable[Union[str, bytes]]) -> Iterator[Tuple[str, Optional[float]]]:
        """gensim's ``analyze_sentence``: each output token with its score, or None when it is not a
        phrase."""
        for token in self._apply(sentence):
            score = self._token_score(token) if self.delimiter in token else None
            yield token, score

    def _token_score(self, token: str) -> Optional[float]:
        # The scored candidate behind a joined token: split at the delimiter with its connector words,
        # trying every split (the token may join phrases of an earlier pass).
        parts = token.split(self.delimiter)
        best = None
        for i in range(1, len(parts)):
            for j in range(i, len(parts)):
                if any(p not in self.connector_words for p in parts[i:j]):
                    break
                a, b = self.delimiter.join(parts[:i]), self.delimiter.join(parts[j:])
                if a in self.connector_words or b in self.connector_words:
                    continue
                try:
                    _, score = self._score_words([a] + parts[i:j] + [b])
                except Exception:
                    continue
                if score is not None and score > self.threshold and (best is None or score > best):
                    best = score
        return best

    def _score_words(self, words: List[str]) -> Tuple[Optional[str], Optional[float]]:
        owned = self._handle()
        encoded = _words(words)
        score = c_double(0)
        try:
            owned.library.w2v_phrases_score(owned.ptr, (c_char_p * len(encoded))(*encoded), len(encoded), byref(score))
        except NotFoundError:
            return None, None
        return self.delimiter.join(words), score.value

    def score_candidate(self, word_a: str, word_b: str, in_between: List[str]) -> Tuple[Optional[str], Optional[float]]:
        """gensim's ``score_candidate``: (phrase, score) when ``word_a in_between... word_b`` scores above
        the threshold, else (None, None)."""
        phrase, score = self._score_words([word_a] + list(in_between) + [word_b])
        if score is None or not score > self.threshold:
            return None, None
        return phrase, score

    def find_phrases(self, sentences: Iterable[Iterable[Union[str, bytes]]]) -> Dict[str, float]:
        """The phrases that form in ``sentences``, with their scores (gensim's ``find_phrases``)."""
        result: Dict[str, float] = {}
        for sentence in sentences:
            for token, score in self.analyze_sentence(sentence):
                if score is not None:
                    result[token] = score
        return result

    def export_phrases(self) -> Dict[str, float]:
        """Every phrase (its words joined by the delimiter) that scores above the threshold, with its score."""
        table = self._frozen_handle()
        try:
            library = table.library
            result: Dict[str, float] = {}
            phrase = c_char_p()
            score = c_double(0)
            for i in range(library.w2v_phrases_size(table.ptr)):
                library.w2v_phrases_phrase(table.ptr, i, byref(phrase), byref(score))
                result[_decode(phrase.value or b"")] = score.value
            return result
        finally:
            if table is not self._owned:
                table._finalizer()

    def _frozen_handle(self) -> Owned:
        raise NotImplementedError

    def save(self, fname_or_handle: PathLike, format: str = "text") -> None:
        """Writes the phrase table. ``format="text"``: a header line ``w2v-phrases <phrases> <connectors>
        <delimiter> <scoring> <threshold> <min_count>``, the connector words one a line, then ``<phrase>
        <score>`` lines; ``format="native"``: the native family's checksummed binary file. ``load`` reads
        either."""
        formats = {"text": _capi.W2V_FORMAT_TEXT, "native": _capi.W2V_FORMAT_NATIVE}
        if format not in formats:
            raise ValueError("format must be 'text' or 'native', not %r" % (format,))
        owned = self._handle()
        owned.library.w2v_phrases_save_format(owned.ptr, encode_path(fname_or_handle), formats[format])

    @classmethod
    def load(cls, fname: PathLike) -> "FrozenPhrases":
        """Reads a table ``save`` wrote (text or native), as a :class:`FrozenPhrases`."""
        library = _capi.lib()
        pointer = _capi.PhrasesPtr()
        library.w2v_phrases_load(byref(pointer), encode_path(fname))
        frozen = FrozenPhrases.__new__(FrozenPhrases)
        frozen._owned = Owned(library, pointer, "w2v_phrases_free")
        frozen._read_settings()
        return frozen

    def __str__(self) -> str:
        return "%s<min_count=%s, threshold=%s, scoring=%r, delimiter=%r, connector_words=%d>" % (
            type(self).__name__, self.min_count, self.threshold, self.scoring, self.delimiter, len(self.connector_words))

    __repr__ = __str__


class _PhrasedCorpus:
    """``phrases[corpus]``: applied lazily, sentence by sentence, on every iteration."""

    def __init__(self, phrases: _Base, corpus: Iterable[Any]) -> None:
        self.phrases = phrases
        self.corpus = corpus

    def __iter__(self) -> Iterator[List[str]]:
        for sentence in self.corpus:
            yield self.phrases._apply(sentence)

    def __len__(self) -> int:
        return len(self.corpus)  # type: ignore[arg-type]


class Phrases(_Base):
    """gensim's ``Phrases``: learns phrases from ``sentences`` (an iterable of token lists), and applies
    them with ``phrases[sentence]`` / ``phrases[corpus]``. ``add_vocab`` learns from more sentences."""

    def __init__(self, sentences: Optional[Iterable[Iterable[Union[str, bytes]]]] = None, min_count: int = 5,
                 threshold: float = 10.0, max_vocab_size: int = 40000000, delimiter: str = "_",
                 progress_per: int = 10000, scoring: str = "default",
                 connector_words: Iterable[str] = frozenset()) -> None:
        if callable(scoring):
            raise TypeError("scoring must be 'default', 'npmi' or 'word2phrase'; functions are not supported")
        if scoring not in _SCORING:
            raise ValueError("unknown scoring %r: use 'default', 'npmi' or 'word2phrase'" % (scoring,))
        if min_count < 0:
            raise ValueError("min_count must be non-negative")
        if max_vocab_size < 1:
            raise ValueError("max_vocab_size must be at least 1")
        self.min_count = min_count
        self.threshold = float(threshold)
        self.max_vocab_size = max_vocab_size
        self.delimiter = delimiter
        self.progress_per = progress_per
        self.scoring = "default" if scoring == "original" else scoring
        self.connector_words = frozenset(connector_words)
        library = _capi.lib()
        words = _words(sorted(self.connector_words))
        pointer = new_handle(library.w2v_phrases_new, _capi.PhrasesPtr, _SCORING[scoring], min_count, self.threshold,
                             encode_word(delimiter), (c_char_p * max(1, len(words)))(*words), len(words), max_vocab_size)
        self._owned: Any = Owned(library, pointer, "w2v_phrases_free")
        if sentences is not None:
            self.add_vocab(sentences)

    def add_vocab(self, sentences: Iterable[Iterable[Union[str, bytes]]]) -> None:
        """Counts the words and neighbouring pairs of more sentences."""
        owned = self._handle()
        add = owned.library.w2v_phrases_add_tokens
        ptr = owned.ptr
        for sentence in sentences:
            if isinstance(sentence, (str, bytes)):
                raise TypeError("each sentence must be a list of words, not a %s" % type(sentence).__name__)
            words = _words(sentence)
            if words:
                add(ptr, (c_char_p * len(words))(*words), len(words))

    def add_file(self, path: PathLike) -> None:
        """Counts the words and pairs of a text file, streamed (a newline ends a sentence)."""
        owned = self._handle()
        owned.library.w2v_phrases_add_file(owned.ptr, encode_path(path))

    @property
    def corpus_word_count(self) -> int:
        """Words counted, connector words included."""
        owned = self._handle()
        return int(owned.library.w2v_phrases_total_words(owned.ptr))

    @property
    def pruned_entries(self) -> int:
        """Entries pruning has dropped (0: every count is exact)."""
        owned = self._handle()
        return int(owned.library.w2v_phrases_pruned_entries(owned.ptr))

    def __len__(self) -> int:
        """Distinct words and pairs counted (gensim's ``len(phrases.vocab)``)."""
        owned = self._handle()
        return int(owned.library.w2v_phrases_size(owned.ptr))

    def count(self, entry: Union[str, bytes]) -> int:
        """How many times a word or a joined pair ("new_york") was counted."""
        owned = self._handle()
        n = c_uint64(0)
        owned.library.w2v_phrases_count(owned.ptr, encode_word(entry), byref(n))
        return n.value

    def _frozen_handle(self) -> Owned:
        owned = self._handle()
        out = _capi.PhrasesPtr()
        owned.library.w2v_phrases_freeze(owned.ptr, byref(out))
        return Owned(owned.library, out, "w2v_phrases_free")

    def freeze(self) -> "FrozenPhrases":
        """A :class:`FrozenPhrases`: only the phrases and their scores; applies the same, in less memory."""
        return FrozenPhrases(self)


class FrozenPhrases(_Base):
    """gensim's ``FrozenPhrases``: the phrases of a :class:`Phrases` (``FrozenPhrases(phrases)`` or
    ``phrases.freeze()``) with their scores, applied as the model was. Cannot learn more."""

    def __init__(self, phrases_model: Phrases) -> None:
        self.min_count = phrases_model.min_count
        self.threshold = phrases_model.threshold
        self.delimiter = phrases_model.delimiter
        self.scoring = phrases_model.scoring
        self.connector_words = phrases_model.connector_words
        self._owned: Any = phrases_model._frozen_handle()

    def _frozen_handle(self) -> Owned:
        return self._handle()

    def __len__(self) -> int:
        owned = self._handle()
        return int(owned.library.w2v_phrases_size(owned.ptr))

    @property
    def phrasegrams(self) -> Dict[str, float]:
        """gensim's ``phrasegrams``: phrase -> score."""
        return self.export_phrases()

    def _read_settings(self) -> None:
        """The settings and connector words of the loaded table, from the library."""
        owned = self._handle()
        library = owned.library
        scoring, min_count, threshold = c_int32(), c_int64(), c_double()
        delimiter = create_string_buffer(17)
        library.w2v_phrases_settings(owned.ptr, byref(scoring), byref(min_count), byref(threshold), delimiter)
        word = c_char_p()
        connectors = []
        for i in range(library.w2v_phrases_connector_count(owned.ptr)):
            library.w2v_phrases_connector(owned.ptr, i, byref(word))
            connectors.append(_decode(word.value or b""))
        self.connector_words = frozenset(connectors)
        self.delimiter = _decode(delimiter.value)
        self.scoring = _SCORING_NAMES[scoring.value]
        self.threshold = threshold.value
        self.min_count = int(min_count.value)
