"""Subword vectors: :class:`FastText`, shaped like gensim's ``gensim.models.fasttext``.

A word's vector is the mean of its own row and the rows of its character n-grams (``min_n`` to
``max_n`` characters of ``<word>``, hashed into ``bucket`` rows as fastText hashes them), so any string
has a vector: ``model.wv["unseen"]`` composes it from its n-grams. Models move both ways with the
fastText tool and gensim through fastText's ``.bin`` (:func:`load_facebook_model`,
:func:`save_facebook_model`).

Memory: the bucket rows dominate, ``bucket x vector_size`` floats (2,000,000 x 100 = 800 MB at the
defaults); a smaller ``bucket`` saves memory at the cost of more n-grams sharing a row.
"""

from __future__ import annotations

from ctypes import POINTER, c_float
from typing import Any, Optional

from . import _capi
from ._compat import PathLike, c_integer, encode_path
from .errors import InvalidArgumentError
from ._handles import ModelMemory, ModelSlot, Owned, new_handle
from .keyedvectors import KeyedVectors, numpy
from .word2vec import Word2Vec

__all__ = ["FastText", "FastTextKeyedVectors", "load_facebook_model", "load_facebook_vectors", "save_facebook_model"]


class FastTextKeyedVectors(KeyedVectors):
    """The vectors of a :class:`FastText` model, as gensim's ``FastTextKeyedVectors``: ``wv[word]``
    answers for any string (an unknown one is composed from its character n-grams), ``word in wv`` is
    True for any string while the model has n-gram buckets, and ``key_to_index`` /
    :meth:`has_index_for` tell the vocabulary's words. ``most_similar`` accepts unknown words.
    ``vectors`` holds the vocabulary words' composed vectors (a copy, made on each access)."""

    def __contains__(self, key: object) -> bool:
        if isinstance(key, (str, bytes)) and self.bucket > 0:
            return True
        return super().__contains__(key)

    def has_index_for(self, key: Any) -> bool:
        """Whether ``key`` is a vocabulary word (``in`` is True for every string of a subword model)."""
        return super().__contains__(key)

    @property
    def bucket(self) -> int:
        """The number of n-gram rows (0 for a model without subwords)."""
        return _parameter(self._memory(), "bucket") if _parameter(self._memory(), "max_n") > 0 else 0

    @property
    def min_n(self) -> int:
        return _parameter(self._memory(), "min_n")

    @property
    def max_n(self) -> int:
        return _parameter(self._memory(), "max_n")

    @property
    def vectors(self) -> Any:
        """The vocabulary words' composed vectors, ``len(self) x vector_size`` float32 (a new copy)."""
        memory = self._memory()
        rows, dim = len(self), self.vector_size
        if numpy is not None:
            out = numpy.empty((rows, dim), dtype=numpy.float32)
            memory.library.w2v_model_copy_vectors(memory.ptr, out.ctypes.data_as(POINTER(c_float)), rows * dim)
            return out
        buffer = (c_float * (rows * dim))()
        memory.library.w2v_model_copy_vectors(memory.ptr, buffer, rows * dim)
        return memoryview(buffer).cast("B").cast("f", (rows, dim))

    @classmethod
    def load(cls, fname: PathLike, mmap: Optional[str] = None) -> "FastTextKeyedVectors":  # type: ignore[override]
        """A native model file's vectors, or a fastText ``.bin``'s (detected by its magic number)."""
        return load_facebook_vectors(fname) if _is_fasttext(fname) else _as_fasttext_vectors(KeyedVectors.load(fname, mmap))


class FastText(Word2Vec):
    """fastText's skip-gram and CBOW on words' character n-grams, trained by libw2v, with gensim's
    ``FastText`` interface: ``Word2Vec``'s arguments plus ``min_n`` (3), ``max_n`` (6) and ``bucket``
    (2,000,000), as gensim's and fastText's defaults. ``max_n=0`` trains a plain word2vec model.
    ``wv`` is a :class:`FastTextKeyedVectors`."""

    def __init__(self, sentences: Any = None, corpus_file: Optional[PathLike] = None, *,
                 min_n: int = 3, max_n: int = 6, bucket: int = 2000000, **kwargs: Any) -> None:
        progress, trim_rule = kwargs.pop("progress", None), kwargs.pop("trim_rule", None)
        super().__init__(None, None, **kwargs)
        for name, value in (("max_n", max_n), ("min_n", min_n), ("bucket", bucket)):
            try:
                self._restore({name: c_integer(value, "int64_t")})
            except InvalidArgumentError as error:
                raise InvalidArgumentError("%s=%r: %s" % (name, value, error.message), code=error.code) from None
        if sentences is not None and corpus_file is not None:
            raise ValueError("give sentences or corpus_file, not both")
        if sentences is not None or corpus_file is not None:
            self.build_vocab(sentences, corpus_file=corpus_file, trim_rule=trim_rule)
            self.train(sentences, corpus_file=corpus_file, progress=progress, callbacks=self.callbacks)

    def _init_state(self, batch_words: int, callbacks: Any) -> None:
        super()._init_state(batch_words, callbacks)
        self.wv = _as_fasttext_vectors(self.wv)

    min_n = property(lambda self: self._get("min_n"), doc="Shortest character n-gram.")
    max_n = property(lambda self: self._get("max_n"), doc="Longest character n-gram (0: no subwords).")
    bucket = property(lambda self: self._get("bucket"), doc="Number of n-gram rows.")

    def save_facebook_model(self, path: PathLike) -> None:
        save_facebook_model(self, path)


def _parameter(memory: ModelMemory, name: str) -> int:
    from ctypes import byref, c_int64

    from .word2vec import _PARAMETERS

    library = memory.library
    params = Owned(library, new_handle(library.w2v_model_get_params, _capi.ParamsPtr, memory.ptr), "w2v_params_free")
    value = c_int64()
    library.w2v_params_get_int(params.ptr, _PARAMETERS[name][0], byref(value))
    return int(value.value)


def _as_fasttext_vectors(wv: KeyedVectors) -> FastTextKeyedVectors:
    wv.__class__ = FastTextKeyedVectors
    return wv  # type: ignore[return-value]


def _is_fasttext(fname: PathLike) -> bool:
    with open(fname, "rb") as f:
        return f.read(4) == (793712314).to_bytes(4, "little")


def _load_fasttext_memory(path: PathLike) -> ModelMemory:
    library = _capi.lib()
    return ModelMemory(library, new_handle(library.w2v_model_load, _capi.ModelPtr, encode_path(path), _capi.W2V_FORMAT_FASTTEXT))


def load_facebook_model(path: PathLike, encoding: str = "utf-8") -> FastText:
    """gensim's ``load_facebook_model``: a fastText ``.bin`` (from the fastText tool, gensim or
    :func:`save_facebook_model`) as a :class:`FastText` model that answers for any word and, when
    trained with negative sampling, trains further. A quantized ``.ftz`` or a supervised model raises
    ``FormatError``."""
    memory = _load_fasttext_memory(path)
    library = memory.library
    model = FastText.__new__(FastText)
    model._init_state(10000, ())
    model._params = Owned(library, new_handle(library.w2v_model_get_params, _capi.ParamsPtr, memory.ptr), "w2v_params_free")
    model._slot.set(memory)
    model._slot.reason = "this model is closed"
    return model


def load_facebook_vectors(path: PathLike, encoding: str = "utf-8") -> FastTextKeyedVectors:
    """gensim's ``load_facebook_vectors``: the :class:`FastTextKeyedVectors` of a fastText ``.bin``."""
    slot = ModelSlot("this model is closed")
    slot.set(_load_fasttext_memory(path))
    return _as_fasttext_vectors(KeyedVectors(slot))


def save_facebook_model(model: Word2Vec, path: PathLike, encoding: str = "utf-8") -> None:
    """gensim's ``save_facebook_model``: writes fastText's ``.bin``, which the fastText tool and gensim
    read (the words, their counts, the word and n-gram rows, negative sampling's output rows)."""
    memory = model._slot.get()
    memory.library.w2v_model_save(memory.ptr, encode_path(path), _capi.W2V_FORMAT_FASTTEXT)
