"""The raw layer: every function of include/w2v.h declared for ctypes.

``lib()`` loads libw2v.so once (see ``_loader``) and returns it with ``argtypes`` and ``restype`` set on
every function. Functions returning ``w2v_status`` have an ``errcheck`` that raises the matching
:class:`w2v.Error` subclass with the library's ``w2v_last_error()`` message (read on the same thread,
right after the call), so callers never look at status codes. Functions the loaded library lacks
(an older build) are replaced by stubs that raise a clear error when called.

Calls through ``ctypes.CDLL`` release the GIL, so training in one Python thread lets others run.
"""

from __future__ import annotations

import ctypes
import threading
from typing import TYPE_CHECKING
from ctypes import POINTER, c_char_p, c_double, c_float, c_int32, c_int64, c_size_t, c_uint32, c_uint64, c_void_p
from typing import Any, List, Optional

from . import _loader
from .errors import Error, error_for_status

# Opaque handle types: distinct pointer types, so passing a vocab where a model is expected fails in Python.


class w2v_vocab(ctypes.Structure):
    pass


class w2v_model(ctypes.Structure):
    pass


class w2v_params(ctypes.Structure):
    pass


VocabPtr = POINTER(w2v_vocab)
ModelPtr = POINTER(w2v_model)
ParamsPtr = POINTER(w2v_params)

w2v_status = c_int32
w2v_param = c_int32
w2v_format = c_int32
w2v_analogy_method = c_int32

#: int32_t (*w2v_progress_fn)(double progress, double words_per_second, double alpha, double loss, void *user_data)
w2v_progress_fn = ctypes.CFUNCTYPE(c_int32, c_double, c_double, c_double, c_double, c_void_p)

# enum w2v_param
W2V_PARAM_DIM = 0
W2V_PARAM_WINDOW = 1
W2V_PARAM_NEGATIVE = 2
W2V_PARAM_MIN_COUNT = 3
W2V_PARAM_MAX_VOCAB = 4
W2V_PARAM_SAMPLE = 5
W2V_PARAM_ALPHA = 6
W2V_PARAM_MIN_ALPHA = 7
W2V_PARAM_EPOCHS = 8
W2V_PARAM_THREADS = 9
W2V_PARAM_SEED = 10
W2V_PARAM_ARCH = 11
W2V_PARAM_NS_EXPONENT = 12
W2V_PARAM_SHARED_NEGATIVES = 13
W2V_PARAM_HS = 14
W2V_PARAM_MAX_FINAL_VOCAB = 15

# enum w2v_param_kind
W2V_PARAM_KIND_INT = 0
W2V_PARAM_KIND_FLOAT = 1
W2V_PARAM_KIND_BOOL = 2

# enum w2v_arch
W2V_ARCH_SKIPGRAM = 0
W2V_ARCH_CBOW = 1

# enum w2v_analogy_method
W2V_ANALOGY_3COSADD = 0
W2V_ANALOGY_3COSMUL = 1

# enum w2v_format
W2V_FORMAT_AUTO = 0
W2V_FORMAT_TEXT = 1
W2V_FORMAT_BINARY = 2
W2V_FORMAT_NATIVE = 3

# enum w2v_load_flags
W2V_LOAD_DEFAULT = 0
W2V_LOAD_SKIP_WEIGHT_CHECKSUMS = 1

_STATUS = "status"  # returns w2v_status: raise on non-zero
_NONNULL = "nonnull"  # returns a pointer that is NULL only on failure: raise on NULL
_PLAIN = None

#: name -> (restype, argtypes, check)
FUNCTIONS = {
    # Version.swift, Status.swift
    "w2v_version": (c_int32, [], _PLAIN),
    "w2v_version_string": (c_char_p, [], _PLAIN),
    "w2v_status_string": (c_char_p, [w2v_status], _PLAIN),
    "w2v_last_error": (c_char_p, [], _PLAIN),
    # Params.swift
    "w2v_params_new": (w2v_status, [POINTER(ParamsPtr)], _STATUS),
    "w2v_params_free": (None, [ParamsPtr], _PLAIN),
    "w2v_params_set_int": (w2v_status, [ParamsPtr, w2v_param, c_int64], _STATUS),
    "w2v_params_set_float": (w2v_status, [ParamsPtr, w2v_param, c_double], _STATUS),
    "w2v_params_get_int": (w2v_status, [ParamsPtr, w2v_param, POINTER(c_int64)], _STATUS),
    "w2v_params_get_float": (w2v_status, [ParamsPtr, w2v_param, POINTER(c_double)], _STATUS),
    "w2v_param_count": (c_size_t, [], _PLAIN),
    "w2v_param_info": (
        w2v_status,
        [w2v_param, POINTER(c_char_p), POINTER(c_int32), POINTER(c_double), POINTER(c_double), POINTER(c_double)],
        _STATUS,
    ),
    "w2v_param_lookup": (w2v_status, [c_char_p, POINTER(w2v_param)], _STATUS),
    # Vocab.swift
    "w2v_vocab_new": (w2v_status, [POINTER(VocabPtr)], _STATUS),
    "w2v_vocab_free": (None, [VocabPtr], _PLAIN),
    "w2v_vocab_add_text": (w2v_status, [VocabPtr, c_char_p, c_size_t], _STATUS),
    "w2v_vocab_add_tokens": (w2v_status, [VocabPtr, POINTER(c_char_p), c_size_t], _STATUS),
    "w2v_vocab_add_file": (w2v_status, [VocabPtr, c_char_p], _STATUS),
    "w2v_vocab_size": (c_size_t, [VocabPtr], _PLAIN),
    "w2v_vocab_total_words": (c_uint64, [VocabPtr], _PLAIN),
    "w2v_vocab_count": (w2v_status, [VocabPtr, c_char_p, POINTER(c_uint64)], _STATUS),
    "w2v_vocab_set_max_words": (w2v_status, [VocabPtr, c_size_t], _STATUS),
    "w2v_vocab_pruned_words": (c_uint64, [VocabPtr], _PLAIN),
    "w2v_vocab_pruned_max_count": (c_uint64, [VocabPtr], _PLAIN),
    # VocabFiles.swift
    "w2v_vocab_save": (w2v_status, [VocabPtr, c_char_p, c_uint64], _STATUS),
    "w2v_vocab_add_counts_file": (w2v_status, [VocabPtr, c_char_p], _STATUS),
    # Model.swift
    "w2v_model_new": (w2v_status, [POINTER(ModelPtr), VocabPtr, ParamsPtr], _STATUS),
    "w2v_model_free": (None, [ModelPtr], _PLAIN),
    "w2v_model_vocab_size": (c_size_t, [ModelPtr], _PLAIN),
    "w2v_model_dim": (c_size_t, [ModelPtr], _PLAIN),
    "w2v_model_index": (w2v_status, [ModelPtr, c_char_p, POINTER(c_size_t)], _STATUS),
    "w2v_model_word": (c_char_p, [ModelPtr, c_size_t], _NONNULL),
    "w2v_model_count": (c_uint64, [ModelPtr, c_size_t], _PLAIN),
    "w2v_model_vector": (w2v_status, [ModelPtr, c_char_p, POINTER(c_float), c_size_t], _STATUS),
    "w2v_model_vectors": (c_void_p, [ModelPtr], _NONNULL),
    # ModelVocabUpdate.swift
    "w2v_model_update_vocab": (w2v_status, [ModelPtr, VocabPtr, POINTER(c_size_t)], _STATUS),
    "w2v_model_epoch_words": (c_uint64, [ModelPtr], _PLAIN),
    # ModelQuery.swift
    "w2v_model_similarity": (w2v_status, [ModelPtr, c_char_p, c_char_p, POINTER(c_float)], _STATUS),
    # ModelQueries+Gensim.swift
    "w2v_model_most_similar": (
        w2v_status,
        [ModelPtr, POINTER(c_char_p), c_size_t, POINTER(c_char_p), c_size_t, c_size_t, c_size_t,
         POINTER(c_size_t), POINTER(c_float), POINTER(c_size_t)],
        _STATUS,
    ),
    "w2v_model_most_similar_cosmul": (
        w2v_status,
        [ModelPtr, POINTER(c_char_p), c_size_t, POINTER(c_char_p), c_size_t, c_size_t, c_size_t,
         POINTER(c_size_t), POINTER(c_float), POINTER(c_size_t)],
        _STATUS,
    ),
    "w2v_model_similar_by_vector": (
        w2v_status,
        [ModelPtr, POINTER(c_float), c_size_t, c_size_t, c_size_t, POINTER(c_size_t), POINTER(c_float),
         POINTER(c_size_t)],
        _STATUS,
    ),
    "w2v_model_doesnt_match": (w2v_status, [ModelPtr, POINTER(c_char_p), c_size_t, POINTER(c_size_t)], _STATUS),
    "w2v_model_n_similarity": (
        w2v_status, [ModelPtr, POINTER(c_char_p), c_size_t, POINTER(c_char_p), c_size_t, POINTER(c_float)], _STATUS,
    ),
    "w2v_model_distances": (
        w2v_status,
        [ModelPtr, c_char_p, POINTER(c_char_p), c_size_t, POINTER(c_float), c_size_t, POINTER(c_size_t)],
        _STATUS,
    ),
    "w2v_model_evaluate_analogies": (
        w2v_status,
        [ModelPtr, c_char_p, c_size_t, w2v_analogy_method, POINTER(c_size_t), POINTER(c_size_t),
         POINTER(c_size_t), POINTER(c_size_t), POINTER(c_size_t), POINTER(c_size_t)],
        _STATUS,
    ),
    # ModelTraining.swift
    "w2v_model_train_step": (
        w2v_status,
        [ModelPtr, POINTER(c_char_p), POINTER(c_size_t), c_size_t, c_double, POINTER(c_uint64), POINTER(c_double)],
        _STATUS,
    ),
    "w2v_model_train_step_indices": (
        w2v_status,
        [ModelPtr, POINTER(c_uint32), POINTER(c_size_t), c_size_t, c_double, POINTER(c_uint64), POINTER(c_double)],
        _STATUS,
    ),
    "w2v_model_train_file": (w2v_status, [ModelPtr, c_char_p, w2v_progress_fn, c_void_p], _STATUS),
    "w2v_model_learning_rate": (w2v_status, [ModelPtr, c_double, POINTER(c_double)], _STATUS),
    # Model files
    "w2v_model_save": (w2v_status, [ModelPtr, c_char_p, w2v_format], _STATUS),
    "w2v_model_load": (w2v_status, [POINTER(ModelPtr), c_char_p, w2v_format], _STATUS),
    "w2v_model_load_native": (w2v_status, [POINTER(ModelPtr), c_char_p, c_uint32], _STATUS),
    "w2v_model_get_params": (w2v_status, [POINTER(ParamsPtr), ModelPtr], _STATUS),
    "w2v_model_set_params": (w2v_status, [ModelPtr, ParamsPtr], _STATUS),
    # Evaluation
    "w2v_model_evaluate_word_pairs": (
        w2v_status,
        [ModelPtr, c_char_p, POINTER(c_double), POINTER(c_double), POINTER(c_size_t), POINTER(c_size_t)],
        _STATUS,
    ),
}


class Library:
    """The loaded libw2v.so: each C function is an attribute, declared from :data:`FUNCTIONS`."""

    def __init__(self, cdll: ctypes.CDLL, path: str) -> None:
        self.cdll = cdll
        self.path = path
        self.missing: List[str] = []
        last_error = self._declare("w2v_last_error", *FUNCTIONS["w2v_last_error"])

        def check_status(result: int, function: Any, arguments: Any) -> int:
            if result != 0:
                raise error_for_status(result, last_error().decode("utf-8", "replace"))
            return result

        def check_nonnull(result: Any, function: Any, arguments: Any) -> Any:
            if result is None:
                raise error_for_status(1, last_error().decode("utf-8", "replace"))
            return result

        for name, (restype, argtypes, check) in FUNCTIONS.items():
            function = self._declare(name, restype, argtypes, check)
            if function is None:
                continue
            if check == _STATUS:
                function.errcheck = check_status
            elif check == _NONNULL:
                function.errcheck = check_nonnull

    def _declare(self, name: str, restype: Any, argtypes: Any, check: Any = None) -> Any:
        try:
            function = getattr(self.cdll, name)
        except AttributeError:
            self.missing.append(name)
            version = self.cdll.w2v_version()

            def missing(*arguments: Any, _name: str = name) -> Any:
                raise Error(
                    "%s is not in %s (libw2v %d.%d.%d): rebuild the library"
                    % (_name, self.path, version // 10000, version // 100 % 100, version % 100)
                )

            setattr(self, name, missing)
            return None
        function.restype = restype
        function.argtypes = argtypes
        setattr(self, name, function)
        return function

    if TYPE_CHECKING:  # the C functions are set as attributes at load time

        def __getattr__(self, name: str) -> Any: ...

    def has(self, name: str) -> bool:
        """Whether the loaded library exports ``name``."""
        return name not in self.missing

    def version(self) -> int:
        return int(self.w2v_version())

    def version_string(self) -> str:
        return self.w2v_version_string().decode()


_lock = threading.Lock()
_library: Optional[Library] = None


def lib() -> Library:
    """The loaded library, loading it on first use (thread-safe)."""
    global _library
    if _library is None:
        with _lock:
            if _library is None:
                cdll, path = _loader.load(_loader.candidates())
                _library = Library(cdll, path)
    return _library


def load_library(path: Optional[str] = None) -> Library:
    """Loads libw2v now, from ``path`` when given (else from the usual places), and uses it from then on."""
    global _library
    places = [("the path given to w2v.load_library", str(path))] if path is not None else _loader.candidates()
    cdll, found = _loader.load(places)
    with _lock:
        _library = Library(cdll, found)
    return _library
