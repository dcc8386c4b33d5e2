"""Training: :class:`Word2Vec`, shaped like gensim's."""

from __future__ import annotations

import ctypes
import logging
import operator
import time
from array import array
from ctypes import POINTER, byref, c_double, c_size_t, c_uint32, c_uint64
from typing import Any, Dict, Iterable, Iterator, List, Mapping, NamedTuple, Optional, Sequence, Tuple, Union

from . import _capi, utils
from ._compat import PathLike, c_integer, encode_key, encode_path
from ._handles import ModelMemory, ModelSlot, Owned, new_handle
from ._scheduler import DeferredInterrupt, ProgressCallback, Reporter, train_batches
from .corpus import LineSentence, PathLineSentences, Text8Corpus  # noqa: F401 - gensim.models.word2vec's names
from .errors import AbortedError, Error, InvalidArgumentError
from .keyedvectors import KeyedVectors, native_bytes, with_native_file, word_array
from .progress import Progress, TrainingResult
from .utils import TrimRule
from .vocab import Vocab

__all__ = ["Word2Vec", "StepResult"]

logger = logging.getLogger("w2v.word2vec")

Sentences = Iterable[Sequence[str]]

# array typecode whose items are size_t
_SIZE_T = next(code for code in ("L", "Q", "I") if array(code).itemsize == ctypes.sizeof(c_size_t))

class _ParameterTable(Mapping):  # type: ignore[type-arg]
    """keyword -> (w2v_param key, "int" | "float"), read from the library's parameter table on first use:
    gensim's keywords where they differ from the library's names (``_KEYWORDS``, via
    ``w2v_param_lookup``), the library's names (``w2v_param_info``) otherwise. Bools are set as ints."""

    _KEYWORDS = {"vector_size": "dim", "keep_most_frequent": "max_vocab", "workers": "threads", "sg": "arch"}

    def __init__(self) -> None:
        self._table: Optional[Dict[str, Tuple[int, str]]] = None

    def _load(self) -> Dict[str, Tuple[int, str]]:
        if self._table is None:
            library = _capi.lib()
            table: Dict[str, Tuple[int, str]] = {}
            kinds: Dict[int, str] = {}
            for key in range(library.w2v_param_count()):
                name, kind = ctypes.c_char_p(), ctypes.c_int32()
                library.w2v_param_info(key, byref(name), byref(kind), None, None, None)
                kinds[key] = "float" if kind.value == _capi.W2V_PARAM_KIND_FLOAT else "int"
                table[(name.value or b"").decode()] = (key, kinds[key])
            for keyword, library_name in self._KEYWORDS.items():
                found = ctypes.c_int32()
                library.w2v_param_lookup(library_name.encode(), byref(found))
                table[keyword] = (found.value, kinds[found.value])
            self._table = table
        return self._table

    def __getitem__(self, keyword: str) -> Tuple[int, str]:
        return self._load()[keyword]

    def __iter__(self) -> Iterator[str]:
        return iter(self._load())

    def __len__(self) -> int:
        return len(self._load())


#: keyword -> (w2v_param key, "int" | "float"), from the library's table
_PARAMETERS = _ParameterTable()


#: the ``kernels`` parameter's values by name (w2v_kernels)
_KERNEL_LEVELS = {"auto": _capi.W2V_KERNELS_AUTO, "baseline": _capi.W2V_KERNELS_BASELINE,
                  "avx2": _capi.W2V_KERNELS_AVX2, "avx512": _capi.W2V_KERNELS_AVX512}


def _kernel_number(level: Union[int, str]) -> int:
    if isinstance(level, str):
        if level not in _KERNEL_LEVELS:
            raise ValueError("kernel level %r: expected one of %s" % (level, ", ".join(_KERNEL_LEVELS)))
        return _KERNEL_LEVELS[level]
    return level


def kernel_level(requested: Union[int, str] = "auto") -> str:
    """The training kernels' level ("baseline", "avx2" or "avx512") that ``Word2Vec(kernels=requested)``
    (a name or its number) trains with on this machine: "auto" is ``$W2V_KERNELS`` when set, else the
    best level the CPU supports. Raises ``InvalidArgumentError`` for a level the CPU lacks, as
    training would."""
    level = _capi.w2v_kernels()
    _capi.lib().w2v_kernels_resolve(_kernel_number(requested), byref(level))
    return next(name for name, value in _KERNEL_LEVELS.items() if value == level.value)


class StepResult(NamedTuple):
    """What one :meth:`Word2Vec.train_step` did."""

    #: In-vocabulary words consumed.
    words: int
    #: Mean negative log-likelihood per prediction.
    loss: float


def _refuse_unsupported(**settings: Any) -> None:
    """gensim keywords whose non-default values are training modes the library does not have yet."""
    defaults = {"null_word": 0}
    needs = {"null_word": "a null word padding CBOW windows"}
    for name, value in settings.items():
        if bool(value) != bool(defaults[name]):
            raise NotImplementedError("%s=%r: the library has no %s yet (only %s=%r)" % (
                name, value, needs[name], name, defaults[name]))


def _check_reiterable(sentences: Any) -> None:
    try:
        iterator = iter(sentences)
    except TypeError:
        raise TypeError("sentences must be an iterable of token lists, not %s" % type(sentences).__name__) from None
    if iterator is sentences:
        raise TypeError(
            "sentences must be re-iterable (a list, or an object whose __iter__ starts a new pass, such as "
            "w2v.LineSentence): it is read once to build the vocabulary and once per epoch, and a generator "
            "or iterator can be read only once"
        )


class Word2Vec:
    """word2vec (skip-gram or CBOW with negative sampling) trained by libw2v, with gensim's interface.

    Given ``corpus_file`` (a text file, lines are sentences) or ``sentences`` (a re-iterable of token
    lists, streamed in batches, never held whole), the constructor builds the vocabulary and trains;
    without either, call :meth:`build_vocab` and :meth:`train` (or :meth:`train_step`) yourself.

    Parameters follow gensim's names and word2vec's defaults; ``alpha=None`` means 0.025 for
    skip-gram and 0.05 for CBOW, ``min_alpha=None`` 0.0001 x alpha. ``max_vocab_size`` bounds the
    memory of counting as gensim's (the rarest words are pruned beyond that many distinct words;
    ``None`` keeps the library's bound, word2vec's 21 million); ``max_final_vocab`` raises the effective
    min-count until at most that many words remain, as gensim; ``keep_most_frequent`` keeps exactly the
    N most frequent words. ``workers`` threads train ``corpus_file``
    inside the library; with ``sentences`` they run ``train_step`` on batches in parallel. ``hs=1``
    adds hierarchical softmax (alone with ``negative=0``); ``shared_negatives`` (skip-gram,
    default: the library's, on) draws one set of noise words per center word. ``kernels`` ("auto",
    "baseline", "avx2", "avx512" or 0-3) forces the instruction set of the training kernels (see
    :func:`w2v.kernel_level`).
    ``progress`` is called with a :class:`w2v.Progress` at least every 1% and about every second
    (``True`` draws a text bar on stderr) and stops training by returning True; ``callbacks`` are
    gensim-style :class:`w2v.CallbackAny2Vec` objects. An exception raised by either stops training
    and propagates once the library has returned, leaving the model consistent.

    Settings are checked when the object is made: an out-of-range value raises
    ``InvalidArgumentError`` (a ``ValueError``) naming the keyword and the valid range.
    """

    def __init__(
        self,
        sentences: Optional[Sentences] = None,
        corpus_file: Optional[PathLike] = None,
        vector_size: int = 100,
        alpha: Optional[float] = None,
        window: int = 5,
        min_count: int = 5,
        max_vocab_size: Optional[int] = None,
        sample: float = 1e-3,
        seed: int = 1,
        workers: int = 1,
        min_alpha: Optional[float] = None,
        sg: int = 0,
        hs: int = 0,
        negative: int = 5,
        ns_exponent: float = 0.75,
        epochs: int = 5,
        *,
        callbacks: Iterable[Any] = (),
        progress: Union[None, bool, ProgressCallback] = None,
        batch_words: int = 10000,
        max_final_vocab: Optional[int] = None,
        keep_most_frequent: Optional[int] = None,
        shared_negatives: Optional[bool] = None,
        trim_rule: Optional[TrimRule] = None,
        compute_loss: bool = False,
        sorted_vocab: int = 1,
        cbow_mean: int = 1,
        shrink_windows: bool = True,
        sync_words: int = 0,
        kernels: Union[int, str] = "auto",
        null_word: int = 0,
        hashfxn: Any = None,
        comment: Optional[str] = None,
    ) -> None:
        _refuse_unsupported(null_word=null_word)
        if sg not in (0, 1, True, False):
            raise InvalidArgumentError("sg must be 0 (CBOW) or 1 (skip-gram), got %r" % (sg,))
        if batch_words < 1:
            raise InvalidArgumentError("batch_words must be at least 1, got %r" % (batch_words,))
        self._init_state(batch_words, callbacks)
        self.compute_loss = bool(compute_loss)  # accepted: the library always measures the loss
        self.comment = comment
        if max_vocab_size is not None:
            c_integer(max_vocab_size, "size_t", "max_vocab_size")  # not negative, not past SIZE_MAX
        self.max_vocab_size: Optional[int] = max_vocab_size
        settings = {
            "vector_size": vector_size, "window": window, "negative": negative, "min_count": min_count,
            "keep_most_frequent": keep_most_frequent, "sample": sample,
            "alpha": alpha, "min_alpha": min_alpha, "epochs": epochs, "workers": workers, "seed": seed,
            "sg": _capi.W2V_ARCH_SKIPGRAM if sg else _capi.W2V_ARCH_CBOW, "ns_exponent": ns_exponent,
            "shared_negatives": None if shared_negatives is None else int(bool(shared_negatives)),
            # left at the library's defaults unless asked for, so older libraries of the same major work
            "hs": 1 if hs else None, "max_final_vocab": max_final_vocab,
            "cbow_mean": None if cbow_mean == 1 else int(bool(cbow_mean)),
            "shrink_windows": None if shrink_windows else 0,
            "sorted_vocab": None if sorted_vocab else 0,
            "sync_words": sync_words or None,
            "kernels": _kernel_number(kernels) or None,
        }
        self._params: Optional[Owned] = self._make_params(settings)
        if sentences is not None and corpus_file is not None:
            raise ValueError("give sentences or corpus_file, not both")
        if sentences is not None or corpus_file is not None:
            self.build_vocab(sentences, corpus_file=corpus_file, trim_rule=trim_rule)
            self.train(sentences, corpus_file=corpus_file, progress=progress, callbacks=self.callbacks)

    def _init_state(self, batch_words: int, callbacks: Iterable[Any]) -> None:
        self._slot = ModelSlot("the model has no vocabulary yet: call build_vocab() first")
        self.wv = KeyedVectors(self._slot)
        self.wv._trained = True
        self.batch_words = int(batch_words)
        self.callbacks = tuple(callbacks or ())
        self.corpus_count = 0
        self.corpus_total_words = 0
        self.max_vocab_size = None
        self.last_training: Optional[TrainingResult] = None
        self._latest_loss = 0.0
        self.compute_loss = False
        self.comment: Optional[str] = None
        self._training: Optional[Reporter] = None  # the reporter of the training call under way

    # -- native files -------------------------------------------------------------------------

    def save(self, fname: PathLike) -> None:
        """Saves the whole model in libw2v's native format: vocabulary with counts, input and output
        weights, every parameter and the training position, with checksums. :meth:`load` reads it
        back, ready to query or to train further (with one thread, a model saved, loaded and trained
        on ends bit-identical to one never saved). Word2vec tools cannot read it: use
        :meth:`save_word2vec_format` for them."""
        memory = self._slot.get()
        memory.library.w2v_model_save(memory.ptr, encode_path(fname), _capi.W2V_FORMAT_NATIVE)

    @classmethod
    def load(cls, fname: PathLike, verify_checksums: bool = True) -> "Word2Vec":
        """Reads a model written by :meth:`save`. The file is mapped, not copied: loading is fast and
        processes share its pages; training copies the pages it changes and never writes the file
        (which must not be overwritten in place while the model lives; :meth:`save` replaces files by
        renaming, which is safe). ``verify_checksums=False`` skips checking the weights (the header,
        parameters and vocabulary are always checked). ``FormatError`` names what is wrong."""
        library = _capi.lib()
        flags = _capi.W2V_LOAD_DEFAULT if verify_checksums else _capi.W2V_LOAD_SKIP_WEIGHT_CHECKSUMS
        memory = ModelMemory(library, new_handle(library.w2v_model_load_native, _capi.ModelPtr, encode_path(fname), flags))
        params = Owned(library, new_handle(library.w2v_model_get_params, _capi.ParamsPtr, memory.ptr), "w2v_params_free")
        model = cls.__new__(cls)
        model._init_state(10000, ())
        model._params = params
        model._slot.set(memory)
        model._slot.reason = "this model is closed"
        return model

    def __reduce__(self) -> Any:
        """Pickling (``pickle``, ``copy.deepcopy``, multiprocessing, scikit-learn pipelines): the model
        through the native format, or the settings alone before :meth:`build_vocab`; the counters,
        ``batch_words`` and the last loss too, not the callbacks (which need not pickle). A subclass
        (``FastText``) comes back as itself."""
        if self._params is None:
            raise self._closed_error()
        state = {"corpus_count": self.corpus_count, "corpus_total_words": self.corpus_total_words,
                 "batch_words": self.batch_words, "max_vocab_size": self.max_vocab_size,
                 "_latest_loss": self._latest_loss, "last_training": self.last_training,
                 "compute_loss": self.compute_loss, "comment": self.comment}
        memory = self._slot.memory
        if memory is not None:
            return (_restore_word2vec, (native_bytes(memory), None, state, type(self)))
        return (_restore_word2vec, (None, {name: self._get(name) for name in _PARAMETERS}, state, type(self)))

    # -- parameters ---------------------------------------------------------------------------

    @staticmethod
    def _make_params(settings: Dict[str, Any]) -> Owned:
        library = _capi.lib()
        params = Owned(library, new_handle(library.w2v_params_new, _capi.ParamsPtr), "w2v_params_free")
        for name, value in settings.items():
            if value is None:
                continue
            key, kind = _PARAMETERS[name]
            try:
                if kind == "int":
                    number: Any = c_integer(value, "int64_t")
                    library.w2v_params_set_int(params.ptr, key, number)
                else:
                    number = float(value)
                    library.w2v_params_set_float(params.ptr, key, number)
            except OverflowError:  # an int too large for a double
                raise InvalidArgumentError("%s=%r is too large for a C double" % (name, value)) from None
            except TypeError:
                raise TypeError("%s must be %s, not %s" % (
                    name, "an integer" if kind == "int" else "a number", type(value).__name__)) from None
            except InvalidArgumentError as error:
                raise InvalidArgumentError("%s=%r: %s" % (name, value, error.message), code=error.code) from None
        return params

    def _get(self, name: str) -> Any:
        params = self._params
        if params is None:
            raise self._closed_error()
        key, kind = _PARAMETERS[name]
        if kind == "int":
            out_i = ctypes.c_int64()
            params.library.w2v_params_get_int(params.ptr, key, byref(out_i))
            return int(out_i.value)
        out_f = c_double()
        params.library.w2v_params_get_float(params.ptr, key, byref(out_f))
        return float(out_f.value)

    def _closed_error(self) -> Exception:
        from .errors import ClosedError

        return ClosedError("this model is closed")

    vector_size = property(lambda self: self._get("vector_size"), doc="Dimension of the vectors.")
    window = property(lambda self: self._get("window"))
    negative = property(lambda self: self._get("negative"))
    min_count = property(lambda self: self._get("min_count"))
    keep_most_frequent = property(lambda self: self._get("keep_most_frequent") or None)
    sample = property(lambda self: self._get("sample"))
    alpha = property(lambda self: self._get("alpha"), doc="Starting learning rate (effective value).")
    min_alpha = property(lambda self: self._get("min_alpha"), doc="Final learning rate (effective value).")
    epochs = property(lambda self: self._get("epochs"))
    workers = property(lambda self: self._get("workers"))
    seed = property(lambda self: self._get("seed"))
    sg = property(lambda self: 1 if self._get("sg") == _capi.W2V_ARCH_SKIPGRAM else 0,
                  doc="1 for skip-gram, 0 for CBOW.")
    ns_exponent = property(lambda self: self._get("ns_exponent"))
    hs = property(lambda self: self._get("hs"), doc="1 for hierarchical softmax (alone with negative=0).")
    max_final_vocab = property(lambda self: self._get("max_final_vocab") or None)
    shared_negatives = property(lambda self: bool(self._get("shared_negatives")))
    cbow_mean = property(lambda self: self._get("cbow_mean"),
                         doc="1: CBOW's hidden layer is the mean of the context vectors; 0: their sum.")
    shrink_windows = property(lambda self: bool(self._get("shrink_windows")),
                              doc="True: each window is drawn in 1..window; False: always the full window.")
    sorted_vocab = property(lambda self: self._get("sorted_vocab"),
                            doc="1: the vocabulary's rows by descending count; 0: in first-seen order.")
    sync_words = property(lambda self: self._get("sync_words"),
                          doc="0: Hogwild threads; N > 0: reproducible threads on replicas, combined every N words.")
    kernels = property(lambda self: self._get("kernels"),
                       doc="The kernels parameter: 0 automatic, 1 baseline, 2 avx2, 3 avx512 (see kernel_level).")
    # gensim's settings that the library has in one form only (see _refuse_unsupported)
    null_word = property(lambda self: 0, doc="0: no null word (always).")

    def predict_output_word(self, context_words_list: Any, topn: int = 10) -> Optional[List[Tuple[str, float]]]:
        """gensim's ``predict_output_word``: the ``topn`` words most probable at the center of the
        context words, with their probabilities (softmax of the negative-sampling output layer over the
        mean of the context vectors, or their sum with ``cbow_mean=0``). Unknown context words are
        dropped; with none left the answer is None (and a warning), as gensim. ``RuntimeError`` for a
        model without negative-sampling weights (``negative=0``), as gensim."""
        wv = self.wv
        memory = self._slot.get()
        words = [encode_key(word) for word in context_words_list if word in wv]
        if not words:
            logger.warning("All the input context words are out-of-vocabulary for the current model.")
            return None
        k = wv._top(memory, topn)
        try:
            return wv._ranked(memory, k, lambda k, i, s, n: memory.library.w2v_model_predict_output_word(
                memory.ptr, word_array(words), len(words), k, i, s, n))
        except InvalidArgumentError as error:
            raise RuntimeError("predict_output_word needs the negative-sampling output weights (negative > 0): %s"
                               % error) from error

    # -- lifetime -----------------------------------------------------------------------------

    def close(self) -> None:
        """Frees the model and its settings (the model's memory lives on while a ``wv.vectors`` view
        refers to it). Idempotent; later use raises ``ClosedError``. Also closes ``self.wv``."""
        self._slot.close()
        params, self._params = self._params, None
        if params is not None:
            params._finalizer()

    @property
    def closed(self) -> bool:
        return self._params is None

    def __enter__(self) -> "Word2Vec":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        if self.closed:
            return "<w2v.Word2Vec (closed)>"
        words = len(self.wv) if not self._slot.closed else 0
        return "<w2v.Word2Vec %s, %d words, vector_size=%d, window=%d, alpha=%g>" % (
            "skip-gram" if self.sg else "CBOW", words, self.vector_size, self.window, self.alpha)

    # -- vocabulary ---------------------------------------------------------------------------

    def build_vocab(
        self,
        corpus_iterable: Optional[Sentences] = None,
        corpus_file: Optional[PathLike] = None,
        update: bool = False,
        progress_per: int = 10000,
        keep_raw_vocab: bool = False,
        trim_rule: Optional[TrimRule] = None,
        *,
        vocab: Optional[Vocab] = None,
    ) -> None:
        """Counts the words of ``corpus_iterable`` (one pass), ``corpus_file`` or an existing
        :class:`Vocab`, then creates the model: min-count and the size limit are applied, words are
        ordered by frequency and the vectors initialised from the seed. Replaces any earlier model.
        ``corpus_count`` becomes the number of sentences counted (for ``corpus_file``, its lines
        with words; gensim's reader also splits lines longer than 10,000 words).

        ``trim_rule(word, count, min_count)`` is gensim's: it answers ``w2v.utils.RULE_DISCARD``,
        ``RULE_KEEP`` (kept even below min_count) or ``RULE_DEFAULT`` for each counted word.
        ``progress_per`` and ``keep_raw_vocab`` are accepted for gensim's sake and change nothing
        (:meth:`Vocab.items` gives the raw counts).

        With ``update=True`` (gensim's online training) the counted text grows the existing model
        instead: known words keep their vectors and add the new counts, words the new text holds at
        least ``min_count`` times are added after them with fresh vectors, and the next :meth:`train`
        measures its progress in passes over the new text. Train on that text next. The vectors move to
        new memory, so a ``wv.vectors`` view taken before must be deleted first (``InvalidArgumentError``
        otherwise; take ``numpy.array(wv.vectors)`` to keep a copy)."""
        params = self._params
        if params is None:
            raise self._closed_error()
        given = [x is not None for x in (corpus_iterable, corpus_file, vocab)]
        if sum(given) != 1:
            raise ValueError("build_vocab needs exactly one of corpus_iterable, corpus_file and vocab")
        if update and self._slot.closed:
            raise InvalidArgumentError("build_vocab(update=True) needs a model with a vocabulary: call build_vocab() first")
        own = vocab is None
        counter = Vocab() if vocab is None else vocab
        try:
            if own and self.max_vocab_size is not None:
                counter.set_max_words(self.max_vocab_size)
            sentences = None
            if corpus_iterable is not None:
                _check_reiterable(corpus_iterable)
                sentences = counter.add_sentences(corpus_iterable)
            elif corpus_file is not None:
                counter.add_file(corpus_file)
                sentences = counter.sentences
            total_words = counter.total_words
            distinct = len(counter)
            logger.info("collected %i word types from a corpus of %i raw words and %s sentences", distinct,
                        total_words, sentences if sentences is not None else "?")
            if trim_rule is not None:
                counter, params = self._trimmed(counter, trim_rule, update, own)
                own = True
            library = params.library
            handle = counter._handle()
            if update:
                self._update_vocab(counter)
            else:
                pointer = new_handle(library.w2v_model_new, _capi.ModelPtr, handle.ptr, params.ptr)
        finally:
            if own:
                counter.close()
        if sentences is not None:
            self.corpus_count = sentences
        self.corpus_total_words = total_words
        if not update:
            self._slot.set(ModelMemory(library, pointer))
            self._slot.reason = "this model is closed"
        if logger.isEnabledFor(logging.INFO):
            kept = len(self.wv)
            logger.info("%s: min_count=%d retains %i unique words (%.2f%% of original %i, drops %i)",
                        "updated vocabulary" if update else "new vocabulary", self.min_count, kept,
                        100.0 * kept / distinct if distinct else 0.0, distinct, max(distinct - kept, 0))
            logger.info("estimated required memory for %i words and %i dimensions: %i bytes", kept,
                        self.vector_size, self.estimate_memory()["total"])

    def _trimmed(self, counter: Vocab, trim_rule: TrimRule, update: bool, close_counter: bool) -> Tuple[Vocab, Owned]:
        """gensim's trim_rule over counted words: a new Vocab of the words kept, and the parameters to
        build the model with. The library applies min_count itself, so when the rule keeps a word
        below it the model is built with min_count lowered to the smallest kept count (this object's
        ``min_count`` stays as given)."""
        params = self._params
        assert params is not None
        min_count = self.min_count
        try:
            kept = [(word, count) for word, count in counter.items()
                    if utils.keep_vocab_item(word, count, min_count, trim_rule)]
            sentences = counter.sentences
        finally:
            if close_counter:
                counter.close()
        trimmed = Vocab.from_counts(kept, sentences=sentences)
        lowest = min((count for _, count in kept), default=min_count)
        if lowest >= min_count:
            return trimmed, params
        if update:
            trimmed.close()
            raise NotImplementedError(
                "build_vocab(update=True, trim_rule=...) cannot keep a word below the model's min_count (%d): "
                "the library applies that min_count to new words" % min_count)
        settings = {name: self._get(name) for name in _PARAMETERS}
        settings["min_count"] = lowest
        for name in ("keep_most_frequent", "max_final_vocab"):  # 0 means unset; the table refuses 0 for some
            settings[name] = settings[name] or None
        return trimmed, self._make_params(settings)

    def build_vocab_from_freq(self, word_freq: Dict[str, int], keep_raw_vocab: bool = False,
                              corpus_count: Optional[int] = None, trim_rule: Optional[TrimRule] = None,
                              update: bool = False) -> None:
        """gensim's ``build_vocab_from_freq``: builds the model (or grows it, ``update=True``) from a
        ``{word: count}`` mapping instead of a text; ``corpus_count`` is the sentences it stands for."""
        vocab = Vocab.from_counts(sorted(word_freq.items(), key=lambda item: -item[1]), sentences=corpus_count or 0)
        try:
            self.build_vocab(vocab=vocab, update=update, keep_raw_vocab=keep_raw_vocab, trim_rule=trim_rule)
        finally:
            vocab.close()
        self.corpus_count = int(corpus_count or 0)

    def estimate_memory(self, vocab_size: Optional[int] = None, report: Optional[Dict[str, int]] = None) -> Dict[str, int]:
        """gensim's ``estimate_memory``: bytes of the weights for ``vocab_size`` words (default: the
        model's): ``vectors`` (input), ``syn1neg`` (negative sampling output) and ``syn1``
        (hierarchical softmax, one row per inner node), and their ``total``. Unlike gensim's, no
        per-word guess for the vocabulary itself is added."""
        words = len(self.wv) if vocab_size is None else operator.index(vocab_size)
        row = self.vector_size * 4
        report = dict(report or {})
        report["vectors"] = words * row
        if self.negative:
            report["syn1neg"] = words * row
        if self.hs:
            report["syn1"] = max(words - 1, 0) * row
        report["total"] = sum(value for name, value in report.items() if name != "total")
        return report

    def _update_vocab(self, counter: Vocab) -> None:
        memory = self._slot.get()
        self._slot.forget()  # our own vectors view and word list
        views = memory.live_views()
        if views:
            raise InvalidArgumentError(
                "build_vocab(update=True) moves the vectors, and %d wv.vectors view(s) still look at them: "
                "delete them first (numpy.array(wv.vectors) keeps a copy)" % views)
        memory.library.w2v_model_update_vocab(memory.ptr, counter._handle().ptr, None)

    def _corpus_words(self) -> int:
        """In-vocabulary words in one pass over the text being trained on (the counted text's, or the
        latest update's): the unit of progress, as gensim's corpus_total_words."""
        memory = self._slot.get()
        return int(memory.library.w2v_model_epoch_words(memory.ptr))

    # -- training -----------------------------------------------------------------------------

    def train(
        self,
        corpus_iterable: Optional[Sentences] = None,
        corpus_file: Optional[PathLike] = None,
        *,
        total_examples: Optional[int] = None,
        total_words: Optional[int] = None,
        epochs: Optional[int] = None,
        start_alpha: Optional[float] = None,
        end_alpha: Optional[float] = None,
        progress: Union[None, bool, ProgressCallback] = None,
        callbacks: Optional[Iterable[Any]] = None,
        report_delay: float = 1.0,
        compute_loss: Optional[bool] = None,
        queue_factor: int = 2,
    ) -> TrainingResult:
        """Trains ``epochs`` passes (default: the model's) over ``corpus_iterable`` or ``corpus_file``,
        the learning rate falling linearly from alpha to min_alpha over the whole run. Returns a
        :class:`w2v.TrainingResult`; ``.stopped`` is True when a callback asked to stop. An exception
        raised by a callback stops training and is re-raised here. ``epochs``, ``start_alpha`` and
        ``end_alpha`` (gensim's names) change the model's settings for this and later calls.

        Progress (and so the learning rate) is measured against one pass over the text last counted
        by :meth:`build_vocab` (``corpus_total_words``' in-vocabulary part). For ``corpus_iterable``,
        gensim's ``total_examples`` (sentences per pass) or ``total_words`` (words per pass) measure it
        instead; with ``corpus_file`` the library counts progress itself and they are not needed.

        Progress goes to the ``w2v.word2vec`` logger at INFO, as gensim's does: a line about every
        ``report_delay`` seconds, one per epoch and the totals (``logging.basicConfig(level=logging.INFO)``
        shows them). ``compute_loss`` and ``queue_factor`` are accepted for gensim's sake."""
        if (corpus_iterable is None) == (corpus_file is None):
            raise ValueError("train needs exactly one of corpus_iterable and corpus_file")
        memory = self._slot.get()
        for name, value in (("total_examples", total_examples), ("total_words", total_words)):
            if value is not None and operator.index(value) < 1:
                raise InvalidArgumentError("%s must be at least 1, got %r" % (name, value))
        self._continue_with(epochs=epochs, alpha=start_alpha, min_alpha=end_alpha)
        epochs = self.epochs
        reporter = Reporter(self, progress, self.callbacks if callbacks is None else callbacks, epochs,
                            report_delay=float(report_delay))
        logger.info("training model with %i workers on %i vocabulary and %i features, using sg=%s hs=%s "
                    "sample=%s negative=%s window=%s epochs=%s", self.workers, len(self.wv), self.vector_size,
                    self.sg, self.hs, self.sample, self.negative, self.window, epochs)
        self._training = reporter
        try:
            if corpus_file is not None:
                result = self._train_file(memory, corpus_file, reporter)
            else:
                _check_reiterable(corpus_iterable)
                result = self._train_iterable(memory, corpus_iterable, epochs, reporter,  # type: ignore[arg-type]
                                              total_examples, total_words)
        finally:
            self._training = None
        logger.info("training on %i effective words took %.1fs, %.0f effective words/s, loss %.4f%s", result.words,
                    result.seconds, result.words_per_second, result.loss, " (stopped early)" if result.stopped else "")
        self.last_training = result
        self._latest_loss = result.loss
        self.wv.norms = None  # the vectors changed
        return result

    def _continue_with(self, **changes: Any) -> None:
        """Applies training settings that may change between calls (epochs, alpha, min_alpha, workers,
        seed) to this object's parameters and to the model (``w2v_model_set_params``)."""
        changes = {name: value for name, value in changes.items() if value is not None and value != self._get(name)}
        if not changes:
            return
        params = self._params
        assert params is not None
        before = {name: self._get(name) for name in changes}
        library = params.library
        for name, value in changes.items():
            key, kind = _PARAMETERS[name]
            try:
                if kind == "int":
                    library.w2v_params_set_int(params.ptr, key, c_integer(value, "int64_t"))
                else:
                    library.w2v_params_set_float(params.ptr, key, float(value))
            except OverflowError:  # an int too large for a double
                self._restore(before)
                raise InvalidArgumentError("%s=%r is too large for a C double" % (name, value)) from None
            except InvalidArgumentError as error:
                self._restore(before)
                raise InvalidArgumentError("%s=%r: %s" % (name, value, error.message), code=error.code) from None
        memory = self._slot.memory
        if memory is not None:
            try:
                library.w2v_model_set_params(memory.ptr, params.ptr)
            except Error:
                self._restore(before)
                raise

    def _restore(self, values: Dict[str, Any]) -> None:
        params = self._params
        assert params is not None
        for name, value in values.items():
            key, kind = _PARAMETERS[name]
            if kind == "int":
                params.library.w2v_params_set_int(params.ptr, key, value)
            else:
                params.library.w2v_params_set_float(params.ptr, key, value)

    def _train_file(self, memory: ModelMemory, corpus_file: PathLike, reporter: Reporter) -> TrainingResult:
        epochs = reporter.epochs

        interrupt = DeferredInterrupt()

        def trampoline(progress: float, words_per_second: float, alpha: float, loss: float, user_data: Any) -> int:
            # Runs on the thread that called train, while the library waits; never lets an exception
            # escape into C (ctypes would print and drop it): it is kept and re-raised afterwards.
            try:
                if interrupt.pending:  # Ctrl-C: stop now, raise KeyboardInterrupt after the call
                    reporter.error = KeyboardInterrupt()
                    return 1
                reporter.epoch_events_for(progress)
                return 1 if reporter.report(Progress(progress, words_per_second, alpha, loss)) or interrupt.pending else 0
            except BaseException as error:  # noqa: B902
                reporter.error = error
                return 1

        callback = _capi.w2v_progress_fn(trampoline)  # kept alive by this frame for the whole call
        started = time.perf_counter()
        reporter.begin()
        reporter.epoch_begin()
        with interrupt:
            try:
                memory.library.w2v_model_train_file(memory.ptr, encode_path(corpus_file), callback, None)
            except AbortedError:
                if reporter.error is None and not reporter.stopped and not interrupt.pending:
                    raise
        if interrupt.pending and reporter.error is None:
            reporter.error = KeyboardInterrupt()
        reporter.reraise()
        seconds = time.perf_counter() - started
        last = reporter.last
        fraction = last.progress if last is not None else 0.0
        words = int(round(fraction * epochs * self._corpus_words()))
        if not reporter.stopped:
            while reporter.epochs_ended < epochs:
                reporter.epoch_end()
        reporter.end()
        reporter.reraise()
        return TrainingResult(words, seconds, words / seconds if seconds > 0 else 0.0,
                              last.loss if last is not None else 0.0, reporter.stopped)

    def _batches(self, sentences: Sentences) -> Iterator[Tuple[array, array]]:
        """Sentences as row indices (unknown words dropped), in batches of about ``batch_words``."""
        get = self.wv.key_to_index.get
        limit = self.batch_words
        indices = array("I")
        lengths = array(_SIZE_T)
        for sentence in sentences:
            if isinstance(sentence, (str, bytes)):
                raise TypeError("each sentence must be a list of words, not a %s" % type(sentence).__name__)
            rows = [i for i in map(get, sentence) if i is not None]
            indices.extend(rows)
            lengths.append(len(rows))
            if len(indices) >= limit:
                yield indices, lengths
                indices = array("I")
                lengths = array(_SIZE_T)
        if lengths:
            yield indices, lengths

    @staticmethod
    def _step(memory: ModelMemory, indices: array, lengths: array, progress: float) -> Tuple[int, float]:
        words = c_uint64()
        loss = c_double()
        memory.library.w2v_model_train_step_indices(
            memory.ptr,
            ctypes.cast(indices.buffer_info()[0], POINTER(c_uint32)),
            ctypes.cast(lengths.buffer_info()[0], POINTER(c_size_t)),
            len(lengths), progress, byref(words), byref(loss))
        return int(words.value), float(loss.value)

    def _train_iterable(self, memory: ModelMemory, sentences: Sentences, epochs: int, reporter: Reporter,
                        total_examples: Optional[int], total_words: Optional[int]) -> TrainingResult:
        # Progress in sentences when the caller gave their number, else in words.
        by_sentences = total_examples is not None
        per_pass = total_examples if by_sentences else (total_words or self._corpus_words())

        def learning_rate(progress: float) -> float:
            alpha = c_double()  # the library's schedule, as train_step applies it
            memory.library.w2v_model_learning_rate(memory.ptr, progress, byref(alpha))
            return alpha.value

        return train_batches(
            lambda indices, lengths, progress: self._step(memory, indices, lengths, progress),
            lambda: self._batches(sentences), epochs=epochs, total=per_pass * epochs, by_sentences=by_sentences,
            workers=self.workers, learning_rate=learning_rate, reporter=reporter)

    def train_step(self, sentences: Sentences, progress: float = 0.0) -> StepResult:
        """One SGD pass over a batch of token lists at the learning rate for ``progress`` in [0, 1]
        (0 -> alpha, 1 -> min_alpha). Unknown words are dropped. For hosts that schedule their own
        training; several threads may call it at once on one model (nothing else may use it then)."""
        memory = self._slot.get()
        indices = array("I")
        lengths = array(_SIZE_T)
        for chunk, chunk_lengths in self._batches(sentences):
            indices.extend(chunk)
            lengths.extend(chunk_lengths)
        words, loss = self._step(memory, indices, lengths, float(progress))
        self._latest_loss = loss
        self.wv.norms = None  # the vectors changed
        return StepResult(words, loss)

    def get_latest_training_loss(self) -> float:
        """The training loss: during :meth:`train` (from a callback) that of the latest progress
        report, afterwards that at the end of the last training call; 0.0 before any training.

        gensim's name, not quite gensim's meaning: gensim returns the sum of the losses of every
        prediction since ``train`` began, accumulated in float32 (so it stops growing on a large
        corpus), and tutorials take differences between epochs. Here it is the mean negative
        log-likelihood per prediction over the latest stretch of training, computed in double:
        comparable between epochs, corpora and settings as it is, and never stuck. ``compute_loss``
        is accepted and not needed: the library always measures it."""
        reporter = self._training
        if reporter is not None:
            return reporter.last.loss if reporter.last is not None else self._latest_loss
        return self._latest_loss

    # -- shortcuts to wv ----------------------------------------------------------------------

    def save_word2vec_format(self, fname: PathLike, fvocab: Optional[PathLike] = None, binary: bool = False,
                             **options: Any) -> None:
        """Same as ``self.wv.save_word2vec_format`` (text unless ``binary=True``, as gensim)."""
        self.wv.save_word2vec_format(fname, fvocab=fvocab, binary=binary, **options)


def _restore_word2vec(data: Optional[bytes], settings: Optional[Dict[str, Any]], state: Dict[str, Any],
                      cls: type = Word2Vec) -> Word2Vec:
    # `cls`: the pickled model's class (pickles written before it was recorded are Word2Vec's).
    if data is not None:
        model = with_native_file(data, cls.load)
    else:
        model = cls.__new__(cls)
        model._init_state(state["batch_words"], ())
        assert settings is not None
        for name in ("keep_most_frequent", "max_final_vocab"):  # 0 means unset
            settings[name] = settings[name] or None
        model._params = Word2Vec._make_params(settings)
    for name, value in state.items():
        setattr(model, name, value)
    return model
