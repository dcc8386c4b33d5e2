"""Runs every ``test_*.py`` in this folder with unittest discovery.

The Swift test suite (Tests/PythonBindingTests) calls :func:`run_as_json` in its embedded interpreter,
once with NumPy and once with ``W2V_NO_NUMPY=1``. By hand::

    W2V_LIBRARY=.build/release/libw2v.so python3 bindings/python/tests/run_tests.py [--no-numpy]

(``python3 -m unittest discover bindings/python/tests`` runs the same tests.)
"""

from __future__ import annotations

import io
import json
import os
import sys
import unittest

TESTS = os.path.dirname(os.path.abspath(__file__))
PACKAGE_ROOT = os.path.dirname(TESTS)


def _forget_modules() -> None:
    """Drops w2v and the test modules, so a second run re-imports them (and re-reads W2V_NO_NUMPY)."""
    for name in list(sys.modules):
        if name == "w2v" or name.startswith("w2v.") or name.startswith("test_") or name == "support":
            del sys.modules[name]


def run(no_numpy: bool = False, verbosity: int = 2, stream=None) -> unittest.TestResult:
    if no_numpy:
        os.environ["W2V_NO_NUMPY"] = "1"
    else:
        os.environ.pop("W2V_NO_NUMPY", None)
    for path in (PACKAGE_ROOT, TESTS):
        if path not in sys.path:
            sys.path.insert(0, path)
    _forget_modules()
    sys.dont_write_bytecode = True
    suite = unittest.TestLoader().discover(TESTS, pattern="test_*.py", top_level_dir=TESTS)
    runner = unittest.TextTestRunner(stream=stream if stream is not None else sys.stderr, verbosity=verbosity)
    return runner.run(suite)


def run_as_json(no_numpy: bool = False) -> str:
    """Runs the tests and returns a JSON summary: counts, each failure's test id and traceback, the log."""
    log = io.StringIO()
    result = run(no_numpy=no_numpy, stream=log)
    import w2v

    try:
        import numpy

        numpy_version = numpy.__version__ if w2v.HAS_NUMPY else None
    except ImportError:
        numpy_version = None
    try:
        library = w2v.library_path()
    except w2v.Error as error:
        library = "not loaded: %s" % error
    problems = [{"kind": "failure", "test": test.id(), "traceback": text} for test, text in result.failures]
    problems += [{"kind": "error", "test": test.id(), "traceback": text} for test, text in result.errors]
    problems += [{"kind": "unexpected success", "test": test.id(), "traceback": ""} for test in result.unexpectedSuccesses]
    return json.dumps({
        "run": result.testsRun,
        "skipped": [{"test": test.id(), "reason": reason} for test, reason in result.skipped],
        "problems": problems,
        "log": log.getvalue(),
        "python": sys.version.split()[0],
        "numpy": numpy_version,
        "library": library,
    })


if __name__ == "__main__":
    outcome = run(no_numpy="--no-numpy" in sys.argv[1:])
    sys.exit(0 if outcome.wasSuccessful() and outcome.testsRun > 0 else 1)
