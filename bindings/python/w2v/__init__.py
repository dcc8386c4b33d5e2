"""w2v: word2vec training and queries through libw2v, with an interface like gensim's.

>>> import w2v
>>> model = w2v.Word2Vec(corpus_file="corpus.txt", vector_size=100, sg=1, workers=2)
>>> model.wv.most_similar(positive=["king", "woman"], negative=["man"], topn=5)
>>> model.wv.save_word2vec_format("vectors.bin", binary=True)   # text unless binary=True, as gensim
>>> wv = w2v.KeyedVectors.load_word2vec_format("vectors.bin")     # binary not given: detected

gensim's idioms work with the import changed (``from w2v import Word2Vec, KeyedVectors``,
``from w2v.word2vec import LineSentence, Text8Corpus, PathLineSentences``, ``from w2v import utils``);
bindings/python/README.md lists what differs.

The package is pure Python over ctypes; it finds libw2v.so on first use (see ``w2v._loader``:
``$W2V_LIBRARY``, the package folder, the repository build tree, the system). NumPy is used when
installed (zero-copy arrays); without it vectors are lists and memoryviews.
"""

from __future__ import annotations

from . import _capi, utils
from ._compat import HAS_NUMPY
from .corpus import LineSentence, PathLineSentences, Text8Corpus
from .errors import (
    AbortedError,
    BufferTooSmallError,
    ClosedError,
    Error,
    FileError,
    FormatError,
    InvalidArgumentError,
    LibraryNotFoundError,
    NotFoundError,
    OutOfMemoryError,
)
from .fasttext import FastText, FastTextKeyedVectors, load_facebook_model, load_facebook_vectors, save_facebook_model
from .evaluation import AnalogyCounts, AnalogyEvaluation, Correlation, WordPairEvaluation
from .keyedvectors import KeyedVectors
from .phrases import ENGLISH_CONNECTOR_WORDS, FrozenPhrases, Phrases
from .progress import CallbackAny2Vec, Progress, ProgressBar, TqdmProgressBar, TrainingResult
from .vocab import Vocab
from .word2vec import StepResult, Word2Vec, kernel_level

__version__ = "0.2.0"

__all__ = [
    "Word2Vec", "KeyedVectors", "Vocab", "FastText", "FastTextKeyedVectors", "load_facebook_model",
    "load_facebook_vectors", "save_facebook_model", "LineSentence", "Text8Corpus", "PathLineSentences", "utils",
    "Phrases", "FrozenPhrases", "ENGLISH_CONNECTOR_WORDS",
    "Progress", "ProgressBar", "TqdmProgressBar", "CallbackAny2Vec", "TrainingResult", "StepResult",
    "AnalogyEvaluation", "AnalogyCounts", "WordPairEvaluation", "Correlation",
    "Error", "InvalidArgumentError", "FileError", "FormatError", "NotFoundError", "BufferTooSmallError",
    "AbortedError", "OutOfMemoryError", "ClosedError", "LibraryNotFoundError",
    "library_path", "library_version", "load_library", "kernel_level", "HAS_NUMPY",
]


def load_library(path: "str | None" = None) -> str:
    """Loads libw2v now (from ``path``, or else from the usual places) and returns its path; raises
    ``LibraryNotFoundError`` listing every place tried. Other functions load it on first use."""
    return _capi.load_library(path).path


def library_path() -> str:
    """The path of the libw2v.so in use (loading it if needed)."""
    return _capi.lib().path


def library_version() -> str:
    """The loaded library's version, "major.minor.patch"."""
    return _capi.lib().version_string()
