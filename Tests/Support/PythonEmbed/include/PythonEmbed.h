#ifndef PYTHON_EMBED_TEST_SUPPORT_H
#define PYTHON_EMBED_TEST_SUPPORT_H

/* An embedded CPython (Debian's /usr python3.11) for the Swift test suite, behind a plain C interface:
 * Python.h stays inside embed.c. */

#ifdef __cplusplus
extern "C" {
#endif

/* Starts the interpreter once per process; later calls return the first result. It ignores PYTHON*
 * environment variables and the user site directory (so the system's packages, from apt, are what it
 * sees), installs no signal handlers, and presents itself as /usr/bin/python3 (sys.executable). The
 * environment is read at this point: set variables the Python code needs before calling it.
 * Returns 0, or -1 with a malloc'ed message in *error_out (when not NULL), which the caller frees. */
int test_python_initialize(char **error_out);

/* Runs `source` in a fresh module namespace on the calling thread (any thread; the GIL is taken and
 * released). On success returns 0 and, when `output` is not NULL, stores a malloc'ed copy of
 * str(result) when the code set a global named `result`, else of "". When the code raises, returns -1
 * and stores the formatted traceback instead. The caller frees *output with free(). */
int test_python_run(const char *source, char **output);

#ifdef __cplusplus
}
#endif

#endif
