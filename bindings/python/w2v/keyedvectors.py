"""Word vectors and queries on them: :class:`KeyedVectors`, gensim's name for ``model.wv``."""

from __future__ import annotations

import ctypes
import logging
import math
import numbers
import operator
import os
import tempfile
import warnings
from array import array
from ctypes import POINTER, byref, c_char_p, c_double, c_float, c_size_t
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

from . import _analogies, _capi, _formats
from ._compat import PathLike, c_integer, decode_word, encode_key, encode_path, encode_word, numpy
from ._handles import ModelMemory, ModelSlot
from ._lockf import VectorsLockf, write_factors
from .evaluation import AnalogyCounts, AnalogyEvaluation, Correlation, WordPairEvaluation
from .errors import InvalidArgumentError, NotFoundError

__all__ = ["KeyedVectors", "AnalogyEvaluation", "AnalogyCounts", "WordPairEvaluation", "Correlation"]

logger = logging.getLogger("w2v.keyedvectors")

Word = Union[str, bytes]


def _words(value: Union[None, Word, Iterable[Word]], name: str) -> List[bytes]:
    if value is None:
        return []
    if isinstance(value, (str, bytes)):
        return [encode_key(value)]
    try:
        return [encode_key(word) for word in value]
    except TypeError:
        raise TypeError("%s must be a word or a list of words" % name) from None


def _is_row(key: Any) -> bool:
    """A row number (gensim's int keys; NumPy integers too, bool not)."""
    return isinstance(key, numbers.Integral) and not isinstance(key, bool)


def _is_vector(key: Any) -> bool:
    """A vector among query keys: a 1-D NumPy array, or (without NumPy) a list, array or memoryview of
    floats."""
    if numpy is not None and isinstance(key, numpy.ndarray):
        return key.ndim == 1
    if isinstance(key, (array, memoryview)):
        return True
    return isinstance(key, list) and bool(key) and all(isinstance(x, float) for x in key)


def _query_keys(value: Any, default_weight: float) -> List[Tuple[Any, float, Optional[float]]]:
    """gensim's positive / negative argument as ``(key, weight, weight given or None)``: one key or
    vector, or a list of keys, vectors and ``(key, weight)`` pairs (a 2-D array is a list of vectors)."""
    if value is None:
        return []
    if isinstance(value, (str, bytes)) or _is_row(value) or _is_vector(value):
        items: List[Any] = [value]
    elif numpy is not None and isinstance(value, numpy.ndarray) and value.ndim == 2:
        items = list(value)
    else:
        try:
            items = list(value)
        except TypeError:
            raise TypeError("expected a word, a vector or a list of them, not %s" % type(value).__name__) from None
    keys = []
    for item in items:
        if isinstance(item, (str, bytes)) or _is_row(item) or _is_vector(item):
            keys.append((item, default_weight, None))
        elif isinstance(item, tuple) and len(item) == 2:
            keys.append((item[0], float(item[1]), float(item[1])))
        else:
            raise TypeError("a query key must be a word, a row number, a vector or a (key, weight) pair, not %r" % (item,))
    return keys


def word_array(words: Sequence[bytes]) -> Any:
    return (c_char_p * len(words))(*words) if words else None


class KeyedVectors:
    """The vectors of a vocabulary, with gensim's query interface.

    Obtained from a trained model (``Word2Vec(...).wv``) or a word2vec file
    (:meth:`load_word2vec_format`). A model being trained must not be queried; a trained or loaded
    one is safe to query from many threads at once. ``close()`` (or a ``with`` block) frees the model
    now rather than when it is garbage collected; the ``Word2Vec`` a ``.wv`` came from shares the same
    model, so closing either closes both.
    """

    def __init__(self, vector_size: Any, count: int = 0, dtype: Any = None, mapfile_path: Any = None) -> None:
        """``KeyedVectors(vector_size)`` as gensim's: no vectors yet; :meth:`add_vectors` (or
        :meth:`add_vector`, ``kv[keys] = vectors``) adds them. ``count`` and ``mapfile_path`` are
        accepted for gensim's sake. (The package itself passes the model it wraps.)"""
        #: gensim's ``count`` attribute of a model read from a word2vec file, which stores no counts:
        #: the ``fvocab`` file's, or gensim's made-up descending counts (None: the model's own).
        self._counts: Optional[List[Optional[int]]] = None
        #: gensim's ``datatype``: the NumPy type of ``vectors`` and of ``get_vector`` results.
        self._dtype: Any = None
        #: the dimension while no vectors were added to a ``KeyedVectors(vector_size)``, else None
        self._empty_size: Optional[int] = None
        #: True for a Word2Vec's ``wv``, whose model adding vectors would replace
        self._trained = False
        if isinstance(vector_size, ModelSlot):
            self._slot = vector_size
            return
        size = operator.index(vector_size)
        if size < 1:
            raise ValueError("vector_size must be at least 1, got %d" % size)
        self._slot = ModelSlot("this KeyedVectors has no vectors yet: add_vectors() first")
        self._empty_size = size
        self._dtype = _numpy_dtype(dtype)

    # -- construction and lifetime -------------------------------------------------------------

    @classmethod
    def load_word2vec_format(cls, fname: PathLike, fvocab: Optional[PathLike] = None, binary: Optional[bool] = None,
                             encoding: str = "utf8", unicode_errors: str = "strict", limit: Optional[int] = None,
                             datatype: Any = None, no_header: bool = False) -> "KeyedVectors":
        """Reads a file in the original word2vec text (``binary=False``) or binary format
        (``binary=True``), as gensim's. ``binary`` not given (None) detects the format from the
        content; a ``binary`` that is given is obeyed. The result can be queried and saved but not
        trained (the files hold no output weights).

        gensim's keywords: ``limit`` reads only the first ``limit`` vectors (0 or None: all); ``no_header=True`` reads a
        text file without the ``count dim`` line (GloVe's format; text only, as gensim);
        ``fvocab`` is a ``word count`` vocabulary file (word2vec's ``-save-vocab``) whose counts
        ``get_vecattr(word, "count")`` then gives (without it, gensim's made-up counts: vocabulary
        size minus the row); ``datatype`` (a NumPy float type such as ``numpy.float16``) is the type of
        ``vectors`` and ``get_vector`` results (the library keeps float32, so ``float64`` gives the
        float32 values widened). Words are UTF-8; bytes that are not come back through
        surrogateescape whatever ``unicode_errors`` says (only ``encoding="utf8"`` is read).
        Raises ``FileError`` (an ``OSError``) and ``FormatError`` (a ``ValueError``) naming the problem."""
        if encoding.lower().replace("-", "").replace("_", "") != "utf8":
            raise NotImplementedError("only UTF-8 words are read (encoding=%r)" % (encoding,))
        dtype = _numpy_dtype(datatype)
        if limit is not None:
            limit = operator.index(limit)
            if limit < 0:
                raise ValueError("limit must not be negative, got %d" % limit)
            limit = limit or None  # gensim: 0 means no limit
        if no_header and binary:
            raise NotImplementedError("no_header only available for text-format files")
        counts = _formats.read_counts(os.fsdecode(fvocab)) if fvocab is not None else None
        path = os.fsdecode(fname)
        temporary = None
        if no_header or limit is not None:
            binary = False if no_header else (_formats.detect_binary(path) if binary is None else binary)
            temporary = fname = _formats.prepared_for_load(path, bool(binary), limit, no_header)
        try:
            library = _capi.lib()
            fmt = _capi.W2V_FORMAT_AUTO if binary is None else (_capi.W2V_FORMAT_BINARY if binary else _capi.W2V_FORMAT_TEXT)
            out = _capi.ModelPtr()
            library.w2v_model_load(byref(out), encode_path(fname), fmt)
        finally:
            if temporary is not None:
                os.unlink(temporary)
        slot = ModelSlot("this model is closed")
        slot.set(ModelMemory(library, out))
        kv = cls(slot)
        kv._dtype = dtype
        if not any(library.w2v_model_count(out, i) for i in range(min(1, len(kv)))):
            words = len(kv)
            kv._counts = (_made_up_counts(words) if counts is None
                          else [counts.get(word) for word in kv.index_to_key])
        return kv

    def save(self, fname: PathLike, *args: Any, **kwargs: Any) -> None:
        """gensim's ``wv.save``: writes the vectors (for a trained model's ``wv``, the whole model) in
        libw2v's native format, checksummed, which :meth:`load` maps back. gensim's pickling options
        (``separately``, ``sep_limit``, ``ignore``, ``pickle_protocol``) are accepted and change nothing.
        Counts read from an ``fvocab`` file and ``datatype`` are not kept (the file holds the model's
        own counts; a model read from a word2vec file has none)."""
        memory = self._memory()
        memory.library.w2v_model_save(memory.ptr, encode_path(fname), _capi.W2V_FORMAT_NATIVE)

    @classmethod
    def load(cls, fname: PathLike, mmap: Optional[str] = None) -> "KeyedVectors":
        """gensim's ``KeyedVectors.load``: reads what :meth:`save` (or ``Word2Vec.save``) wrote. The
        file is always mapped copy-on-write, so ``mmap=None``, ``"r"`` and ``"c"`` behave alike (fast,
        shared pages, never written back); ``"r+"`` (write-through) is refused. A model without counts
        gets gensim's made-up ones, as from :meth:`load_word2vec_format`."""
        if mmap not in (None, "r", "c"):
            raise NotImplementedError("mmap=%r: native files are mapped copy-on-write only (None, 'r' or 'c')" % (mmap,))
        library = _capi.lib()
        out = _capi.ModelPtr()
        library.w2v_model_load_native(byref(out), encode_path(fname), _capi.W2V_LOAD_DEFAULT)
        slot = ModelSlot("this model is closed")
        slot.set(ModelMemory(library, out))
        kv = cls(slot)
        if len(kv) and not library.w2v_model_count(out, 0):
            kv._counts = _made_up_counts(len(kv))
        return kv

    def __reduce__(self) -> Any:
        """Pickling (``pickle``, ``copy.deepcopy``, multiprocessing) goes through the native format; a
        subclass (``FastTextKeyedVectors``) comes back as itself."""
        if self._empty_size is not None:
            return (type(self), (self._empty_size, 0, None if self._dtype is None else str(self._dtype)))
        return (_restore_keyed_vectors, (native_bytes(self._memory()), self._counts,
                                         None if self._dtype is None else str(self._dtype), type(self)))

    def close(self) -> None:
        """Frees the model (once no ``vectors`` view refers to its memory). Idempotent."""
        self._empty_size = None
        self._slot.close()

    @property
    def closed(self) -> bool:
        return self._slot.closed

    def __enter__(self) -> "KeyedVectors":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def _memory(self) -> ModelMemory:
        return self._slot.get()

    def __repr__(self) -> str:
        if self._slot.closed:
            return "<w2v.KeyedVectors (closed)>"
        return "<w2v.KeyedVectors %d words x %d dims>" % (len(self), self.vector_size)

    # -- vocabulary ---------------------------------------------------------------------------

    @property
    def vector_size(self) -> int:
        if self._empty_size is not None:
            return self._empty_size
        memory = self._memory()
        return int(memory.library.w2v_model_dim(memory.ptr))

    def __len__(self) -> int:
        if self._empty_size is not None:
            return 0
        memory = self._memory()
        return int(memory.library.w2v_model_vocab_size(memory.ptr))

    @property
    def index_to_key(self) -> List[str]:
        """The words by row, most frequent first (computed once per model; do not modify)."""
        if self._empty_size is not None:
            return []
        memory = self._memory()
        cache = self._slot.cache
        words = cache.get("index_to_key")
        if words is None:
            word = memory.library.w2v_model_word
            ptr = memory.ptr
            words = [decode_word(word(ptr, i)) for i in range(memory.library.w2v_model_vocab_size(ptr))]
            cache["index_to_key"] = words
        return words

    @property
    def key_to_index(self) -> Dict[str, int]:
        """word -> row (computed once per model; do not modify)."""
        if self._empty_size is not None:
            return {}
        self._memory()
        cache = self._slot.cache
        mapping = cache.get("key_to_index")
        if mapping is None:
            mapping = {word: i for i, word in enumerate(self.index_to_key)}
            cache["key_to_index"] = mapping
        return mapping

    def __contains__(self, key: object) -> bool:
        if _is_row(key):  # gensim: a row number is a key too
            return 0 <= key < len(self)  # type: ignore[operator]
        if isinstance(key, bytes):
            key = decode_word(key)
        return key in self.key_to_index

    def has_index_for(self, key: Word) -> bool:
        return key in self

    def _word_of(self, key: Any) -> Word:
        """A word given as itself or by its row number (gensim's keys)."""
        if _is_row(key):
            return self.index_to_key[self.get_index(key)]
        return key

    def get_index(self, key: Word, default: Optional[int] = None) -> int:
        """The row of ``key`` (a word, or a row number as in gensim); ``default`` when given and the
        word is unknown, else ``NotFoundError`` (a ``KeyError``)."""
        memory = self._memory()
        if _is_row(key):
            row = operator.index(key)
            if 0 <= row < len(self):
                return row
            if default is not None:
                return default
            raise NotFoundError("Key '%d' not present: the model has %d rows" % (row, len(self)))
        index = c_size_t()
        try:
            memory.library.w2v_model_index(memory.ptr, encode_key(key), byref(index))
        except NotFoundError:
            if default is not None:
                return default
            raise
        return index.value

    def get_vecattr(self, key: Word, attr: str) -> Any:
        """gensim's per-word attributes; only ``"count"``: how often the word occurred in the training
        text. For a model read from a word2vec file (which stores no counts) it is, as in gensim, the
        count of the ``fvocab`` file given to :meth:`load_word2vec_format` (None for a word it lacks)
        or else the made-up ``len(self) - index``."""
        if attr != "count":
            raise KeyError("unknown attribute %r: only 'count' is kept" % attr)
        memory = self._memory()
        index = self.get_index(key)
        if self._counts is not None:
            return self._counts[index]
        return int(memory.library.w2v_model_count(memory.ptr, index))

    # -- vectors ------------------------------------------------------------------------------

    def get_vector(self, key: Word, norm: bool = False) -> Any:
        """A copy of the word's vector: a float32 NumPy array, or a list of floats without NumPy.
        ``norm=True`` scales it to unit length. Unknown words raise ``NotFoundError`` (a ``KeyError``).
        ``key`` may also be a row number, as in gensim."""
        memory = self._memory()
        key = self._word_of(key)
        dim = int(memory.library.w2v_model_dim(memory.ptr))
        if numpy is not None:
            out = numpy.empty(dim, dtype=numpy.float32)
            memory.library.w2v_model_vector(memory.ptr, encode_key(key), out.ctypes.data_as(POINTER(c_float)), dim)
            if norm:
                length = float(numpy.linalg.norm(out))
                if length > 0:
                    out /= length
            return out if self._dtype is None else out.astype(self._dtype)
        buffer = (c_float * dim)()
        memory.library.w2v_model_vector(memory.ptr, encode_key(key), buffer, dim)
        values = list(buffer)
        if norm:
            length = math.sqrt(sum(v * v for v in values))
            if length > 0:
                values = [v / length for v in values]
        return values

    def __getitem__(self, key: Union[Word, Sequence[Word]]) -> Any:
        """``wv["word"]`` is :meth:`get_vector`; ``wv[["a", "b"]]`` stacks several (rows of a 2-D array,
        or a list of lists)."""
        if isinstance(key, (str, bytes)) or _is_row(key):
            return self.get_vector(key)
        rows = [self.get_vector(k) for k in key]
        if numpy is not None:
            return numpy.stack(rows) if rows else numpy.empty((0, self.vector_size), dtype=numpy.float32)
        return rows

    @property
    def vectors(self) -> Any:
        """All vectors, ``len(self) x vector_size`` float32, row i for ``index_to_key[i]``: a read-only,
        zero-copy view of the library's weights (a NumPy array, or a 2-D memoryview of format "f"
        without NumPy). Training changes it in place. The view keeps the model's memory alive as long
        as it exists, even after ``close()``."""
        memory = self._memory()
        cache = self._slot.cache
        view = cache.get("vectors")
        if view is None:
            view = _vectors_view(memory)
            if self._dtype is not None:  # gensim's datatype: a read-only copy of that type
                view = view.astype(self._dtype)
                view.flags.writeable = False
            cache["vectors"] = view
        return view

    @property
    def vectors_lockf(self) -> VectorsLockf:
        """gensim's ``vectors_lockf``: each row's learning-rate factor in further training (1 by
        default; 0 freezes the row, 0.5 halves its rate). A write-through view: ``wv.vectors_lockf[i] =
        0.0`` takes effect at once, and ``wv.vectors_lockf = factors`` sets them all (one per word, or
        one for every word). Kept by native saves (``Word2Vec.save``)."""
        self._memory()
        return VectorsLockf(self)

    @vectors_lockf.setter
    def vectors_lockf(self, factors: Any) -> None:
        write_factors(self._memory(), factors)

    def add_vectors(self, keys: Any, weights: Any, extras: Any = None, replace: bool = False) -> None:
        """gensim's ``add_vectors``: appends the words ``keys`` not yet present with their vectors
        (``weights``: a 2-D array or a list of vectors); a word already present keeps its vector unless
        ``replace``. Each call builds a new model from all the vectors (through a word2vec binary file
        the library reads): add in batches. Words must be non-empty, without whitespace or NUL.
        Refused on a ``Word2Vec``'s ``wv``, whose training state it would drop (use
        :meth:`vectors_for_all` for a copy)."""
        if self._trained:
            raise InvalidArgumentError("add_vectors on a Word2Vec model's wv would replace the trainable model: "
                                       "take a copy with wv.vectors_for_all(wv.index_to_key) first")
        if extras:
            raise NotImplementedError("extras: per-word attributes other than the count are not kept")
        if isinstance(keys, (str, bytes)):
            keys, weights = [keys], [weights]
        keys = [decode_word(key) if isinstance(key, bytes) else key for key in keys]
        rows = [_float_row(vector) for vector in (list(weights) if not hasattr(weights, "tolist") else weights.tolist())]
        if len(keys) != len(rows):
            raise ValueError("keys and weights must have the same length (%d and %d)" % (len(keys), len(rows)))
        dim = self.vector_size
        for key, row in zip(keys, rows):
            if not isinstance(key, str):
                raise TypeError("a key to add must be a str, not %s" % type(key).__name__)
            raw = encode_word(key)
            if not raw or raw.split() != [raw]:
                raise InvalidArgumentError("the word %r cannot be stored (empty or with whitespace)" % (key,))
            if len(row) != dim:
                raise ValueError("the vector of %r has %d numbers, the model %d dimensions" % (key, len(row), dim))
        words = list(self.index_to_key)
        index = {word: i for i, word in enumerate(words)}
        counts = [self.get_vecattr(word, "count") for word in words] if words else []
        existing = self._raw_vectors() if words else b""
        size = dim * 4
        table = [existing[i * size:(i + 1) * size] for i in range(len(words))]
        for key, row in zip(keys, rows):
            packed = _pack(row)
            if key in index:
                if replace:
                    table[index[key]] = packed
                continue
            index[key] = len(words)
            words.append(key)
            counts.append(None)
            table.append(packed)
        handle, path = tempfile.mkstemp(prefix="w2v-add-", suffix=".bin")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(b"%d %d\n" % (len(words), dim))
                for word, packed in zip(words, table):
                    out.write(encode_word(word) + b" " + packed + b"\n")
            library = _capi.lib()
            out_ptr = _capi.ModelPtr()
            library.w2v_model_load(byref(out_ptr), encode_path(path), _capi.W2V_FORMAT_BINARY)
        finally:
            os.unlink(path)
        self._slot.set(ModelMemory(library, out_ptr))
        self._slot.reason = "this model is closed"
        self._empty_size = None
        self._counts = counts

    def add_vector(self, key: str, vector: Any) -> int:
        """gensim's ``add_vector``: adds one word (a word already present keeps its vector) and returns
        its row. Rebuilds the model each time, as :meth:`add_vectors`: add in batches when you can."""
        self.add_vectors([key], [vector])
        return self.get_index(key)

    def __setitem__(self, keys: Any, weights: Any) -> None:
        """``kv[keys] = vectors``: :meth:`add_vectors` with ``replace=True``, as gensim."""
        if not isinstance(keys, list):
            keys, weights = [keys], [weights]
        self.add_vectors(keys, weights, replace=True)

    def intersect_word2vec_format(self, fname: PathLike, lockf: float = 0.0, binary: bool = False,
                                  encoding: str = "utf8", unicode_errors: str = "strict") -> None:
        """gensim's warm start from pretrained vectors: each word of this model that the word2vec file
        also has takes the file's vector, and its learning rate in further training is multiplied by
        ``lockf`` (0.0, the default, freezes those rows; 1.0 trains them as any other). No word is
        added. A file of another dimension raises ``ValueError`` (``InvalidArgumentError``)."""
        if encoding.lower().replace("-", "").replace("_", "") != "utf8":
            raise NotImplementedError("only UTF-8 words are read (encoding=%r)" % (encoding,))
        memory = self._memory()
        merged = c_size_t()
        fmt = _capi.W2V_FORMAT_BINARY if binary else _capi.W2V_FORMAT_TEXT
        memory.library.w2v_model_intersect_vectors(memory.ptr, encode_path(fname), fmt, float(lockf), byref(merged))
        self._slot.cache.pop("norms", None)  # the vectors changed in place; the view stays valid
        logger.info("merged %d vectors into %d x %d matrix from %s", merged.value, len(self), self.vector_size, fname)

    def vectors_for_all(self, keys: Iterable[Word], allow_inference: bool = True,
                        copy_vecattrs: bool = False) -> "KeyedVectors":
        """gensim's ``vectors_for_all``: a new KeyedVectors of the known words among ``keys`` (each once,
        in the given order); counts are copied with ``copy_vecattrs``, else gensim's made-up ones."""
        chosen: List[str] = []
        seen = set()
        for key in keys:
            word = decode_word(key) if isinstance(key, bytes) else key
            if word not in seen and word in self:
                seen.add(word)
                chosen.append(word)
        result = KeyedVectors(self.vector_size, dtype=self._dtype)
        if chosen:
            result.add_vectors(chosen, [self.get_vector(word) for word in chosen])
            result._counts = ([self.get_vecattr(word, "count") for word in chosen] if copy_vecattrs
                              else _made_up_counts(len(chosen)))
        return result

    def _raw_vectors(self) -> bytes:
        """All vectors as float32 bytes, row after row (a copy)."""
        memory = self._memory()
        rows = int(memory.library.w2v_model_vocab_size(memory.ptr))
        dim = int(memory.library.w2v_model_dim(memory.ptr))
        return ctypes.string_at(memory.library.w2v_model_vectors(memory.ptr), rows * dim * 4)

    # -- queries ------------------------------------------------------------------------------

    def similarity(self, w1: Word, w2: Word) -> float:
        """Cosine similarity of two words (0 when either vector is zero)."""
        memory = self._memory()
        out = c_float()
        memory.library.w2v_model_similarity(memory.ptr, encode_key(w1), encode_key(w2), byref(out))
        return float(out.value)

    def distance(self, w1: Word, w2: Word) -> float:
        """1 - cosine similarity."""
        return 1.0 - self.similarity(w1, w2)

    def _ranked(self, memory: ModelMemory, k: int, call: Any) -> List[Tuple[str, float]]:
        """Runs a top-k C query ``call(k, indices, scores, n_out)`` and pairs rows with their words."""
        indices = (c_size_t * max(k, 1))()
        scores = (c_float * max(k, 1))()
        found = c_size_t()
        call(k, indices, scores, byref(found))
        cached = self._slot.cache.get("index_to_key")
        word = memory.library.w2v_model_word
        result = []
        for j in range(found.value):
            index = indices[j]
            result.append((cached[index] if cached is not None else decode_word(word(memory.ptr, index)), float(scores[j])))
        return result

    def _top(self, memory: ModelMemory, topn: Optional[int]) -> int:
        if topn is None:
            return int(memory.library.w2v_model_vocab_size(memory.ptr))
        k = operator.index(topn)
        if k < 0:  # gensim answers [] for any topn < 1
            return 0
        # never more results than words: a huge topn must not size the result buffers
        return min(k, int(memory.library.w2v_model_vocab_size(memory.ptr)))

    def most_similar(
        self,
        positive: Any = None,
        negative: Any = None,
        topn: Optional[int] = 10,
        clip_start: int = 0,
        clip_end: Optional[int] = None,
        restrict_vocab: Optional[int] = None,
        indexer: Any = None,
    ) -> Any:
        """The ``topn`` words nearest by cosine to the mean of the unit vectors of ``positive`` minus
        those of ``negative``, best first, as ``(word, cosine)``; the query words are left out.
        ``most_similar(positive=["king", "woman"], negative=["man"])`` answers man : king :: woman : ?.
        An unknown word raises ``NotFoundError`` (a ``KeyError``).

        As gensim's: a key is a word, a row number, or a vector (a NumPy array, or without NumPy a list
        of floats), which enters the mean as it is, not scaled to unit length, and is not left out;
        ``(key, weight)`` pairs give weights other than 1 (positive) and -1 (negative); a single
        word or vector needs no list. ``restrict_vocab`` limits the candidates to that many most
        frequent words (and then overrides ``clip_start`` / ``clip_end``, the row range otherwise
        searched); ``topn`` < 1 gives ``[]``; ``topn=None`` gives the cosine of every candidate row
        instead, in row order (a float32 array, a list without NumPy); ``indexer`` (an approximate
        index with ``most_similar(vector, topn)``, as gensim's AnnoyIndexer) answers instead when
        given."""
        memory = self._memory()
        library = memory.library
        if topn is not None and operator.index(topn) < 1:
            return []
        keys = _query_keys(positive, 1.0) + _query_keys(negative, -1.0)
        plain = all(isinstance(key, (str, bytes)) and weighted is None for key, _, weighted in keys)
        if not plain or topn is None or clip_start or clip_end is not None or indexer is not None:
            return self._most_similar_to_mean(memory, keys, topn, clip_start, clip_end, restrict_vocab, indexer)
        pos = [encode_key(key) for key, weight, _ in keys if weight > 0]
        neg = [encode_key(key) for key, weight, _ in keys if weight < 0]
        k = self._top(memory, topn)
        return self._ranked(memory, k, lambda k, i, s, n: library.w2v_model_most_similar(
            memory.ptr, word_array(pos), len(pos), word_array(neg), len(neg),
            c_integer(restrict_vocab or 0, "size_t", "restrict_vocab"), k, i, s, n))

    def _most_similar_to_mean(self, memory: ModelMemory, keys: List[Tuple[Any, float, Optional[float]]],
                              topn: Optional[int], clip_start: int, clip_end: Optional[int],
                              restrict_vocab: Optional[int], indexer: Any) -> Any:
        """gensim's most_similar over any keys: the weighted mean (unit word vectors, raw vectors),
        scaled to unit length, ranked by the library's similar_by_vector; the query words left out."""
        if not keys:
            raise InvalidArgumentError("most_similar needs at least one positive or negative key")
        mean = self.get_mean_vector([key for key, _, _ in keys], [weight for _, weight, _ in keys],
                                    pre_normalize=True, post_normalize=True, ignore_missing=False)
        if indexer is not None and topn is not None:
            return indexer.most_similar(mean, topn)
        words = len(self)
        start, end = operator.index(clip_start), words if clip_end is None else min(operator.index(clip_end), words)
        if restrict_vocab:
            start, end = 0, min(c_integer(restrict_vocab, "size_t", "restrict_vocab"), words)
        if topn is None:
            return self._cosines_by_row(mean, start, end)
        if end <= start:
            return []
        excluded = {self._row(key) for key, _, _ in keys if not _is_vector(key)}
        ranked = self.similar_by_vector(mean, topn=operator.index(topn) + len(excluded) + start, restrict_vocab=end)
        index = self.key_to_index
        return [(word, score) for word, score in ranked
                if index[word] >= start and index[word] not in excluded][:operator.index(topn)]

    def _cosines_by_row(self, vector: Any, start: int, end: int) -> Any:
        """The cosine of ``vector`` with rows start..<end, in row order (gensim's ``topn=None``)."""
        cosines = [0.0] * max(end, 0)
        index = self.key_to_index
        for word, score in self.similar_by_vector(vector, topn=max(end, 0), restrict_vocab=max(end, 0)):
            cosines[index[word]] = score
        cosines = cosines[start:end]
        return numpy.array(cosines, dtype=numpy.float32) if numpy is not None else cosines

    def _row(self, key: Any) -> int:
        """The row of a word or row number (gensim's keys)."""
        return self.get_index(key)

    def most_similar_cosmul(
        self,
        positive: Union[None, Word, Iterable[Word]] = None,
        negative: Union[None, Word, Iterable[Word]] = None,
        topn: Optional[int] = 10,
        restrict_vocab: Optional[int] = None,
    ) -> List[Tuple[str, float]]:
        """gensim's ``most_similar_cosmul``: the words with the largest 3CosMul score (Levy and
        Goldberg), best first; the query words are left out. Needs at least one positive word."""
        memory = self._memory()
        pos = _words(positive, "positive")
        neg = _words(negative, "negative")
        k = self._top(memory, topn)
        return self._ranked(memory, k, lambda k, i, s, n: memory.library.w2v_model_most_similar_cosmul(
            memory.ptr, word_array(pos), len(pos), word_array(neg), len(neg), c_integer(restrict_vocab or 0, "size_t", "restrict_vocab"), k, i, s, n))

    def similar_by_word(self, word: Word, topn: Optional[int] = 10,
                        restrict_vocab: Optional[int] = None) -> Any:
        """gensim's alias of :meth:`similar_by_key`."""
        return self.most_similar(positive=[word], topn=topn, restrict_vocab=restrict_vocab)

    def similar_by_key(self, key: Word, topn: Optional[int] = 10, restrict_vocab: Optional[int] = None) -> Any:
        """``most_similar(positive=[key], ...)``."""
        return self.most_similar(positive=[key], topn=topn, restrict_vocab=restrict_vocab)

    def similar_by_vector(self, vector: Any, topn: Optional[int] = 10,
                          restrict_vocab: Optional[int] = None) -> List[Tuple[str, float]]:
        """The words whose vectors have the largest cosine with ``vector`` (``vector_size`` numbers),
        best first; nothing is excluded, so a word's own vector finds that word. ``topn`` < 1 gives
        ``[]``; ``topn=None`` the cosine of every candidate row, in row order, as gensim."""
        memory = self._memory()
        if topn is None:
            end = len(self) if not restrict_vocab else min(c_integer(restrict_vocab, "size_t", "restrict_vocab"), len(self))
            return self._cosines_by_row(vector, 0, end)
        values = [float(x) for x in (vector.tolist() if hasattr(vector, "tolist") else vector)]
        floats = (c_float * max(len(values), 1))(*values)
        k = self._top(memory, topn)
        return self._ranked(memory, k, lambda k, i, s, n: memory.library.w2v_model_similar_by_vector(
            memory.ptr, floats, len(values), c_integer(restrict_vocab or 0, "size_t", "restrict_vocab"), k, i, s, n))

    def doesnt_match(self, words: Iterable[Word]) -> str:
        """The word that goes least with the others (smallest cosine with their mean). As gensim,
        words not in the vocabulary are ignored; ``InvalidArgumentError`` when none is known."""
        memory = self._memory()
        known = [encode_word(w) for w in words if w in self]
        index = c_size_t()
        memory.library.w2v_model_doesnt_match(memory.ptr, word_array(known), len(known), byref(index))
        return decode_word(memory.library.w2v_model_word(memory.ptr, index.value))

    def n_similarity(self, ws1: Iterable[Word], ws2: Iterable[Word]) -> float:
        """Cosine between the mean vectors of two lists of words."""
        memory = self._memory()
        a = _words(ws1, "ws1")
        b = _words(ws2, "ws2")
        out = c_float()
        memory.library.w2v_model_n_similarity(memory.ptr, word_array(a), len(a), word_array(b), len(b), byref(out))
        return float(out.value)

    def distances(self, word: Word, other_words: Iterable[Word] = ()) -> Any:
        """1 - cosine between ``word`` and each of ``other_words``, in order, or every word of the
        vocabulary (in ``index_to_key`` order) when ``other_words`` is empty: a float32 NumPy array,
        or a list without NumPy."""
        memory = self._memory()
        others = _words(other_words, "other_words")
        needed = len(others) if others else int(memory.library.w2v_model_vocab_size(memory.ptr))
        key = encode_key(word)
        if numpy is not None:
            out = numpy.empty(needed, dtype=numpy.float32)
            pointer = out.ctypes.data_as(POINTER(c_float))
        else:
            out = (c_float * max(needed, 1))()
            pointer = out
        memory.library.w2v_model_distances(memory.ptr, key, word_array(others), len(others), pointer, needed, None)
        return out if numpy is not None else list(out)[:needed]

    def closer_than(self, key1: Word, key2: Word) -> List[str]:
        """gensim's ``closer_than``: every word closer to ``key1`` than ``key2`` is (by cosine
        distance), in row order, ``key1`` left out."""
        distances = self.distances(key1)
        first, second = self.get_index(key1), self.get_index(key2)
        limit = distances[second]
        words = self.index_to_key
        if numpy is not None:
            return [words[i] for i in numpy.nonzero(distances < limit)[0] if i != first]
        return [words[i] for i, distance in enumerate(distances) if distance < limit and i != first]

    def words_closer_than(self, word1: Word, word2: Word) -> List[str]:
        """Deprecated in gensim: :meth:`closer_than`."""
        warnings.warn("Call to deprecated `words_closer_than` (Use closer_than instead).", DeprecationWarning, stacklevel=2)
        return self.closer_than(word1, word2)

    def rank(self, key1: Word, key2: Word) -> int:
        """gensim's ``rank``: 1 + how many words are closer to ``key1`` than ``key2`` is."""
        return len(self.closer_than(key1, key2)) + 1

    def get_mean_vector(self, keys: Any, weights: Any = None, pre_normalize: bool = True,
                        post_normalize: bool = False, ignore_missing: bool = True) -> Any:
        """gensim's ``get_mean_vector``: the weighted mean of the vectors of ``keys`` (words, row
        numbers, or vectors taken as they are), each word's vector scaled to unit length first when
        ``pre_normalize``, divided by the sum of the absolute weights (default 1 each), scaled to unit
        length when ``post_normalize``. Unknown words are skipped, or raise ``KeyError`` when not
        ``ignore_missing``. A float32 array (a list of floats without NumPy)."""
        keys = list(keys)
        if len(keys) == 0:
            raise ValueError("cannot compute mean with no input")
        weights = [1.0] * len(keys) if weights is None else [float(w) for w in weights]
        if len(keys) != len(weights):
            raise ValueError("keys and weights array must have same number of elements")
        dim = self.vector_size
        total = [0.0] * dim
        total_weight = 0.0
        for key, weight in zip(keys, weights):
            if _is_vector(key):
                vector = [float(x) for x in (key.tolist() if hasattr(key, "tolist") else key)]
                if len(vector) != dim:
                    raise ValueError("a vector of %d numbers in a model of dimension %d" % (len(vector), dim))
            elif key in self:
                vector = self.get_vector(key, norm=pre_normalize)
                vector = vector.tolist() if hasattr(vector, "tolist") else vector
            elif not ignore_missing:
                raise NotFoundError("Key '%s' not present in vocabulary" % (key,))
            else:
                continue
            total = [t + weight * v for t, v in zip(total, vector)]
            total_weight += abs(weight)
        mean = [t / total_weight for t in total] if total_weight > 0 else total
        if post_normalize:
            length = math.sqrt(sum(x * x for x in mean))
            if length > 0:
                mean = [x / length for x in mean]
        return numpy.array(mean, dtype=numpy.float32) if numpy is not None else mean

    @property
    def norms(self) -> Any:
        """The L2 length of each row (gensim's ``norms``), once :meth:`fill_norms` has computed them;
        None before (and again after training changes the vectors)."""
        return self._slot.cache.get("norms")

    @norms.setter
    def norms(self, value: Any) -> None:
        self._slot.cache["norms"] = value

    def fill_norms(self, force: bool = False) -> None:
        """Computes :attr:`norms` if not done yet (or again when ``force``): a float32 array (a list
        of floats without NumPy)."""
        if self.norms is None or force:
            vectors = self.vectors
            if numpy is not None:
                self.norms = numpy.linalg.norm(vectors, axis=1)
            else:
                self.norms = [math.sqrt(sum(x * x for x in row)) for row in vectors.tolist()]

    def get_normed_vectors(self) -> Any:
        """Every vector scaled to unit length, as gensim's: a new ``len x vector_size`` array (a list
        of lists without NumPy); a zero vector stays zero here where gensim divides by zero."""
        self.fill_norms()
        norms = self.norms
        if numpy is not None:
            safe = numpy.where(norms > 0, norms, 1.0).astype(numpy.float32)
            return self.vectors / safe[..., numpy.newaxis]
        return [[x / n if n > 0 else 0.0 for x in row] for row, n in zip(self.vectors.tolist(), norms)]

    def init_sims(self, replace: bool = False) -> None:
        """Deprecated in gensim 4 (a DeprecationWarning, as there): :meth:`fill_norms`. The queries
        normalise by themselves. ``replace=True`` (scale the stored vectors to unit length) is refused
        with ``NotImplementedError``: the library lends its weights read-only, and has no call to
        rescale them."""
        warnings.warn("Call to deprecated `init_sims` (Use fill_norms() instead. See "
                      "https://github.com/RaRe-Technologies/gensim/wiki/Migrating-from-Gensim-3.x-to-4).",
                      DeprecationWarning, stacklevel=2)
        self.fill_norms()
        if replace:
            raise NotImplementedError("init_sims(replace=True) would rescale the library's weights in place, "
                                      "which the C API does not offer; gensim 4 deprecates it too (no longer "
                                      "needed to save memory)")

    def evaluate_word_analogies(self, analogies: PathLike, restrict_vocab: Optional[int] = 300000,
                                case_insensitive: bool = True, dummy4unknown: bool = False,
                                similarity_function: str = "most_similar") -> AnalogyEvaluation:
        """gensim's analogy evaluation on a questions-words.txt style file (``: section`` lines, then
        ``a b c expected``): for each question whose four words are among the ``restrict_vocab`` most
        frequent (None: all), is ``expected`` the best answer to a : b :: c : ? other than a, b, c?
        Returns gensim's ``(score, sections)``: one dict per section of the file, then "Total
        accuracy", each with ``section`` and the ``correct`` and ``incorrect`` questions as tuples of
        (upper-cased, when ``case_insensitive``) words; ``dummy4unknown`` counts a question with an
        unknown word as incorrect instead of skipping it. ``similarity_function`` is
        "most_similar" (3CosAdd, b - a + c, gensim's only method) or "most_similar_cosmul" (3CosMul).
        The result also has the counts as attributes (:class:`AnalogyEvaluation`).

        It asks one query per question (on a few threads); :meth:`evaluate_word_analogies_counts`
        counts the same right answers in one scan of the library when the lists are not needed."""
        queries = {"most_similar": self.most_similar, "most_similar_cosmul": self.most_similar_cosmul}
        if similarity_function not in queries:
            raise ValueError("similarity_function must be 'most_similar' or 'most_similar_cosmul', not %r"
                             % (similarity_function,))
        words = self.index_to_key
        limit = len(words) if restrict_vocab is None else operator.index(restrict_vocab)
        if limit < 0:
            raise ValueError("restrict_vocab must not be negative, got %d" % limit)
        method = queries[similarity_function]
        score, sections, oov, questions = _analogies.evaluate(
            words, encode_path(analogies), limit, case_insensitive, dummy4unknown,
            lambda positive, negative, topn: method(positive=positive, negative=negative, topn=topn, restrict_vocab=limit))
        return AnalogyEvaluation(score, sections, oov, questions)

    def evaluate_word_analogies_counts(self, analogies: PathLike, restrict_vocab: int = 300000,
                                       similarity_function: str = "most_similar") -> AnalogyCounts:
        """Analogy accuracy counted by the library in one blocked scan (``w2v_model_evaluate_analogies``),
        much faster than :meth:`evaluate_word_analogies` on a large file, without the question lists:
        for each question whose words are all among the ``restrict_vocab`` most frequent (0 = all),
        is ``d`` the word predicted from ``a``, ``b``, ``c``? Words are compared case-insensitively;
        the first five sections are semantic, the rest syntactic. Lines of another shape are a
        ``FormatError`` here (gensim skips them)."""
        methods = {"most_similar": _capi.W2V_ANALOGY_3COSADD, "most_similar_cosmul": _capi.W2V_ANALOGY_3COSMUL}
        if similarity_function not in methods:
            raise ValueError("similarity_function must be 'most_similar' or 'most_similar_cosmul', not %r"
                             % (similarity_function,))
        memory = self._memory()
        restrict = c_integer(restrict_vocab, "size_t", "restrict_vocab")
        counts = [c_size_t() for _ in range(6)]
        outs = [byref(c) for c in counts]
        memory.library.w2v_model_evaluate_analogies(
            memory.ptr, encode_path(analogies), restrict, methods[similarity_function], *outs)
        return AnalogyCounts(*[c.value for c in counts])

    def evaluate_word_pairs(self, pairs: PathLike) -> WordPairEvaluation:
        """Spearman and Pearson correlation between cosine similarity and the human scores of a
        tab-separated ``word1 word2 score`` file (``#`` lines are comments), over pairs whose words are
        both known. The result unpacks as gensim's: ``(pearson, pvalue), (spearman, pvalue), oov_ratio =
        wv.evaluate_word_pairs(path)`` (see :class:`WordPairEvaluation`)."""
        memory = self._memory()
        spearman, pearson = c_double(), c_double()
        used, skipped = c_size_t(), c_size_t()
        memory.library.w2v_model_evaluate_word_pairs(
            memory.ptr, encode_path(pairs), byref(spearman), byref(pearson), byref(used), byref(skipped)
        )
        return WordPairEvaluation(pearson.value, spearman.value, used.value, skipped.value)

    # -- files --------------------------------------------------------------------------------

    def save_word2vec_format(self, fname: PathLike, fvocab: Optional[PathLike] = None, binary: bool = False,
                             total_vec: Optional[int] = None, write_header: bool = True, prefix: str = "",
                             append: bool = False, sort_attr: str = "count") -> None:
        """Writes the vectors in the original word2vec text format (the default, as gensim's) or
        binary format (``binary=True``), most frequent word first; readable by word2vec, gensim and
        :meth:`load_word2vec_format`. A plain save is written by the library to a temporary file
        renamed into place, so a failed save leaves any old file intact.

        gensim's keywords: ``fvocab`` also writes a ``word count`` vocabulary file; ``total_vec`` is
        the count in the header line; ``write_header=False`` leaves that line out (GloVe's format);
        ``prefix`` goes before every word; ``append=True`` adds to the end of ``fname``; rows are in
        descending order of ``sort_attr`` ("count"; for another name, as gensim for an attribute it
        lacks, in row order, and ``fvocab`` cannot be written)."""
        memory = self._memory()
        words = self.index_to_key
        if sort_attr == "count":
            counts = [self.get_vecattr(word, "count") for word in words]
            order: Optional[List[int]] = sorted(range(len(words)), key=lambda i: -(counts[i] or 0))
            if order == list(range(len(words))):
                order = None
        else:
            if fvocab is not None:
                raise ValueError("Cannot store vocabulary with '%s' because that attribute does not exist" % sort_attr)
            counts, order = [], None
        raw_prefix = encode_word(prefix) if prefix else b""
        if fvocab is not None:
            with open(fvocab, "ab" if append else "wb") as vocabulary:
                for i in (order if order is not None else range(len(words))):
                    vocabulary.write(raw_prefix + encode_word(words[i]) + b" %d\n" % (counts[i] or 0))
        plain = order is None and total_vec is None and write_header and not raw_prefix and not append
        target = fname
        if not plain:  # the library writes a temporary file, whose rows are copied as asked
            handle, fname = tempfile.mkstemp(prefix="w2v-save-", dir=os.path.dirname(os.path.abspath(os.fsdecode(target))))
            os.close(handle)
        try:
            fmt = _capi.W2V_FORMAT_BINARY if binary else _capi.W2V_FORMAT_TEXT
            memory.library.w2v_model_save(memory.ptr, encode_path(fname), fmt)
            if not plain:
                count = len(words) if total_vec is None else operator.index(total_vec)
                header = b"%d %d\n" % (count, self.vector_size) if write_header else None
                _formats.rewrite_rows(os.fsdecode(fname), os.fsdecode(target), binary, order, header=header,
                                      prefix=raw_prefix, append=append)
        finally:
            if not plain:
                os.unlink(fname)


def _vectors_view(memory: ModelMemory) -> Any:
    library = memory.library
    rows = int(library.w2v_model_vocab_size(memory.ptr))
    dim = int(library.w2v_model_dim(memory.ptr))
    address = library.w2v_model_vectors(memory.ptr)
    floats = (c_float * (rows * dim)).from_address(address)
    floats._w2v_owner = memory  # type: ignore[attr-defined]  # the view below keeps `floats` alive, which keeps the model alive
    memory.add_view(floats)
    if numpy is not None:
        array = numpy.frombuffer(floats, dtype=numpy.float32).reshape(rows, dim)
        array.flags.writeable = False
        return array
    return memoryview(floats).cast("B").cast("f", (rows, dim)).toreadonly()




def _numpy_dtype(datatype: Any) -> Any:
    """gensim's ``datatype``: None or float32 keep the library's float32 (no copy); another NumPy
    float type needs NumPy."""
    if datatype is None:
        return None
    if numpy is None:
        if datatype in ("float32", "f4", "f"):
            return None
        raise ValueError("datatype=%r needs NumPy (without it vectors are float32 lists)" % (datatype,))
    dtype = numpy.dtype(datatype)
    if dtype.kind != "f":
        raise ValueError("datatype must be a floating-point type, not %s" % dtype)
    return None if dtype == numpy.float32 else dtype


def native_bytes(memory: ModelMemory) -> bytes:
    """The model as a native file's bytes (for pickling)."""
    handle, path = tempfile.mkstemp(prefix="w2v-pickle-")
    os.close(handle)
    try:
        memory.library.w2v_model_save(memory.ptr, encode_path(path), _capi.W2V_FORMAT_NATIVE)
        with open(path, "rb") as stream:
            return stream.read()
    finally:
        os.unlink(path)


def with_native_file(data: bytes, load: Any) -> Any:
    """``load(path)`` of a temporary native file holding ``data``; the file is removed after (a mapping
    of an unlinked file stays valid)."""
    handle, path = tempfile.mkstemp(prefix="w2v-unpickle-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        return load(path)
    finally:
        os.unlink(path)


def _restore_keyed_vectors(data: bytes, counts: Optional[List[Optional[int]]], dtype: Optional[str],
                           cls: type = KeyedVectors) -> KeyedVectors:
    # `cls`: the pickled vectors' class (pickles written before it was recorded are KeyedVectors').
    kv = with_native_file(data, cls.load)
    kv._counts = counts
    kv._dtype = None if dtype is None else _numpy_dtype(dtype)
    return kv


def _made_up_counts(words: int) -> List[Optional[int]]:
    """gensim's counts for vectors read without any: ``words - row``, most frequent first."""
    return list(range(words, 0, -1))


def _float_row(vector: Any) -> List[float]:
    return [float(x) for x in (vector.tolist() if hasattr(vector, "tolist") else vector)]


def _pack(row: List[float]) -> bytes:
    """float32 bytes of a row (native byte order, as word2vec binary files on this machine)."""
    return array("f", row).tobytes()
