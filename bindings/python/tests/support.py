"""Shared helpers of the binding's tests: the generated corpus, a trained model, the repository paths.

The corpus comes from the repository's scripts/make-demo-corpus (loaded as a module, so no
subprocess and no second interpreter is needed): countries and capitals, verbs and past tenses, each
pair with private context words, so a model that trains correctly learns capital - country and
past - verb as consistent offsets.
"""

from __future__ import annotations

import ctypes
import importlib.machinery
import importlib.util
import os
import shutil
import sys
import tempfile
import unittest
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

TESTS = Path(__file__).resolve().parent
PACKAGE_ROOT = TESTS.parent
REPOSITORY = PACKAGE_ROOT.parent.parent

# The tests exercise the package beside them, also when another copy is installed: test modules
# import support before w2v.
if str(PACKAGE_ROOT) not in sys.path:
    sys.path.insert(0, str(PACKAGE_ROOT))

import w2v  # noqa: E402
from w2v import _capi  # noqa: E402

#: The settings every test model uses unless it says otherwise: small and fast, one thread, seeded.
SETTINGS: Dict[str, Any] = dict(vector_size=40, window=5, min_count=2, sg=1, negative=5, sample=1e-3,
                                epochs=5, workers=1, seed=1)
SENTENCES = 20000

try:
    import numpy
except ImportError:
    numpy = None
HAS_NUMPY = w2v.HAS_NUMPY


def requires_numpy(test: Any) -> Any:
    return unittest.skipUnless(HAS_NUMPY, "NumPy is absent (or W2V_NO_NUMPY is set)")(test)


def without_numpy(test: Any) -> Any:
    return unittest.skipIf(HAS_NUMPY, "tests the path without NumPy")(test)


def requires_function(name: str) -> Any:
    """Skips when the loaded libw2v.so lacks a C function (a library older than the package)."""
    return unittest.skipUnless(_capi.lib().has(name), "%s is not in %s" % (name, _capi.lib().path))


def _demo_corpus_module() -> Any:
    path = REPOSITORY / "scripts" / "make-demo-corpus"
    if not path.is_file():
        raise unittest.SkipTest("scripts/make-demo-corpus not found (tests run from the repository)")
    loader = importlib.machinery.SourceFileLoader("make_demo_corpus", str(path))
    spec = importlib.util.spec_from_loader("make_demo_corpus", loader)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    loader.exec_module(module)
    return module


class Corpus:
    """A generated corpus in a temporary folder: ``corpus.txt``, ``questions.txt``, the planted pairs."""

    def __init__(self, sentences: int = SENTENCES, seed: int = 7) -> None:
        generator = _demo_corpus_module()
        rng, lang = generator.build(seed)
        self.directory = Path(tempfile.mkdtemp(prefix="w2v-python-tests-"))
        self.path = self.directory / "corpus.txt"
        self.lines: List[str] = [generator.sentence(rng, lang) for _ in range(sentences)]
        self.path.write_text("\n".join(self.lines) + "\n")
        self.questions = self.directory / "questions.txt"
        self.questions.write_text(generator.questions(lang))
        self.countries: List[str] = lang["country"]
        self.capitals: List[str] = lang["capital"]
        self.verbs: List[str] = lang["verb"]
        self.pasts: List[str] = lang["past"]
        self.filler: List[str] = lang["filler"]
        self._models: Dict[str, w2v.Word2Vec] = {}

    def sentences(self) -> List[List[str]]:
        return [line.split() for line in self.lines]

    def file(self, name: str) -> str:
        return str(self.directory / name)

    def write(self, name: str, text: str) -> str:
        """Writes ``text`` to a file of the corpus folder (a test's own input) and returns its path."""
        path = self.file(name)
        with open(path, "w") as stream:
            stream.write(text)
        return path

    def model(self, **overrides: Any) -> w2v.Word2Vec:
        """A model trained on the corpus file with SETTINGS (+ overrides), cached per settings."""
        key = repr(sorted(overrides.items()))
        model = self._models.get(key)
        if model is None or model.closed:
            model = w2v.Word2Vec(corpus_file=str(self.path), **{**SETTINGS, **overrides})
            self._models[key] = model
        return model

    def close(self) -> None:
        for model in self._models.values():
            model.close()
        self._models.clear()
        shutil.rmtree(self.directory, ignore_errors=True)


class ModuleFixture:
    """A test module's shared object, made by ``factory`` when the module's tests start (``set_up``) and
    closed when they end (``tear_down``); meanwhile its attributes read through this proxy. Use
    :func:`module_fixture` or :func:`module_corpus`."""

    def __init__(self, factory: Callable[[], Any]) -> None:
        self._factory = factory
        self._value: Any = None

    def set_up(self) -> None:
        self._value = self._factory()

    def tear_down(self) -> None:
        value, self._value = self._value, None
        if value is not None:
            value.close()

    def __getattr__(self, name: str) -> Any:
        value = self.__dict__.get("_value")
        if value is None:
            raise AttributeError("%s: the module's fixture is not set up (setUpModule has not run)" % name)
        return getattr(value, name)


def module_fixture(factory: Callable[[], Any]) -> Tuple[Any, Callable[[], None], Callable[[], None]]:
    """``shared, setUpModule, tearDownModule = support.module_fixture(factory)``: one object (with a
    ``close()``) for all the tests of a module, made once before them and closed after them."""
    fixture = ModuleFixture(factory)
    return fixture, fixture.set_up, fixture.tear_down


def module_corpus(sentences: int = SENTENCES, seed: int = 7) -> Tuple[Any, Callable[[], None], Callable[[], None]]:
    """``corpus, setUpModule, tearDownModule = support.module_corpus(...)``: a :class:`Corpus` shared by
    a module's tests (its cached models too), removed when they end."""
    return module_fixture(lambda: Corpus(sentences=sentences, seed=seed))


def analogy_hits(wv: w2v.KeyedVectors, a: List[str], b: List[str], pairs: int = 12) -> int:
    """How many of a[i] : b[i] :: a[j] : b[j] (i = 0, j = 1..pairs-1) the model answers first."""
    hits = 0
    for j in range(1, pairs):
        best = wv.most_similar(positive=[b[0], a[j]], negative=[a[0]], topn=1)
        hits += best[0][0] == b[j]
    return hits


def c_vector(wv: w2v.KeyedVectors, word: str) -> List[float]:
    """A word's vector read straight through the C API (w2v_model_vector), as floats."""
    memory = wv._memory()
    dim = memory.library.w2v_model_dim(memory.ptr)
    out = (ctypes.c_float * dim)()
    memory.library.w2v_model_vector(memory.ptr, word.encode(), out, dim)
    return list(out)


def as_list(vector: Any) -> List[float]:
    return [float(x) for x in (vector.tolist() if hasattr(vector, "tolist") else vector)]


def running_embedded() -> bool:
    """True inside the Swift test suite's embedded interpreter (no real argv[0], no `python3 -m`)."""
    return not sys.argv or not sys.argv[0]


def python_executable() -> Optional[str]:
    """An interpreter to run ``python3 -m w2v`` in a subprocess, or None."""
    executable = sys.executable
    if executable and os.path.basename(executable).startswith("python") and os.access(executable, os.X_OK):
        return executable
    return shutil.which("python3")
