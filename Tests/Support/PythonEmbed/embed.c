/* `swift build` compiles every target of the package, this one included, also where only the
 * library is wanted: without Python's headers (Debian's libpython3-dev) the functions below compile to
 * stubs that say so, and only the Python binding tests fail. */
#if !__has_include(<Python.h>)

#include <stdlib.h>
#include <string.h>

#include "PythonEmbed.h"

static const char missing[] = "PythonEmbed (test support) was built without Python.h: install libpython3-dev and pkg-config "
                              "(pkg-config python3-embed must work), then rebuild";

static char *copy_missing(void) {
    char *text = malloc(sizeof missing);
    if (text) memcpy(text, missing, sizeof missing);
    return text;
}

int test_python_initialize(char **error_out) {
    if (error_out) *error_out = copy_missing();
    return -1;
}

int test_python_run(const char *source, char **output) {
    (void)source;
    if (output) *output = copy_missing();
    return -1;
}

#else

#define PY_SSIZE_T_CLEAN
#include <Python.h> /* first, as Python asks */

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "PythonEmbed.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int init_status = -1;
static char *init_error = NULL;

static char *copy(const char *text) {
    char *result = strdup(text ? text : "");
    return result;
}

static void initialize(void) {
    PyConfig config;
    PyConfig_InitPythonConfig(&config);
    config.install_signal_handlers = 0;
    config.use_environment = 0;
    config.user_site_directory = 0;
    config.parse_argv = 0;
    PyStatus status = PyConfig_SetString(&config, &config.program_name, L"/usr/bin/python3");
    if (!PyStatus_Exception(status)) status = Py_InitializeFromConfig(&config);
    PyConfig_Clear(&config);
    if (PyStatus_Exception(status)) {
        const char *message = status.err_msg ? status.err_msg : "Py_InitializeFromConfig failed";
        const char *where = status.func ? status.func : "";
        size_t size = strlen(message) + strlen(where) + 4;
        init_error = malloc(size);
        if (init_error) snprintf(init_error, size, "%s: %s", where, message);
        return;
    }
    /* Release the GIL taken by initialisation: every run takes it with PyGILState_Ensure, from any thread. */
    PyEval_SaveThread();
    init_status = 0;
}

int test_python_initialize(char **error_out) {
    pthread_once(&once, initialize);
    if (init_status != 0 && error_out) *error_out = copy(init_error ? init_error : "Python failed to start");
    return init_status;
}

/* The formatted traceback of the pending exception (which is cleared), malloc'ed. */
static char *format_exception(void) {
    PyObject *type = NULL, *value = NULL, *trace = NULL;
    PyErr_Fetch(&type, &value, &trace);
    if (!type) return copy("unknown error");
    PyErr_NormalizeException(&type, &value, &trace);
    if (trace && value) PyException_SetTraceback(value, trace);
    char *result = NULL;
    PyObject *module = PyImport_ImportModule("traceback");
    PyObject *lines = module ? PyObject_CallMethod(module, "format_exception", "OOO", type,
                                                   value ? value : Py_None, trace ? trace : Py_None) : NULL;
    PyObject *empty = lines ? PyUnicode_FromString("") : NULL;
    PyObject *text = empty ? PyUnicode_Join(empty, lines) : NULL;
    if (text) {
        result = copy(PyUnicode_AsUTF8(text));
    } else {
        PyErr_Clear();
        PyObject *fallback = value ? PyObject_Str(value) : NULL;
        result = copy(fallback ? PyUnicode_AsUTF8(fallback) : "an exception that could not be formatted");
        Py_XDECREF(fallback);
        PyErr_Clear();
    }
    Py_XDECREF(text);
    Py_XDECREF(empty);
    Py_XDECREF(lines);
    Py_XDECREF(module);
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(trace);
    return result;
}

int test_python_run(const char *source, char **output) {
    if (output) *output = NULL;
    char *error = NULL;
    if (test_python_initialize(&error) != 0) {
        if (output) *output = error; else free(error);
        return -1;
    }
    if (!source) {
        if (output) *output = copy("source is NULL");
        return -1;
    }
    PyGILState_STATE gil = PyGILState_Ensure();
    int status = -1;
    char *text = NULL;
    PyObject *globals = PyDict_New();
    PyObject *builtins = globals ? PyEval_GetBuiltins() : NULL; /* borrowed */
    PyObject *name = PyUnicode_FromString("__embedded_test__");
    if (builtins && name && PyDict_SetItemString(globals, "__builtins__", builtins) == 0 &&
        PyDict_SetItemString(globals, "__name__", name) == 0) {
        PyObject *value = PyRun_String(source, Py_file_input, globals, globals);
        if (value) {
            Py_DECREF(value);
            PyObject *result = PyDict_GetItemString(globals, "result"); /* borrowed */
            PyObject *string = result ? PyObject_Str(result) : NULL;
            if (!result) {
                text = copy("");
                status = 0;
            } else if (string) {
                text = copy(PyUnicode_AsUTF8(string));
                status = text ? 0 : -1;
            }
            Py_XDECREF(string);
        }
    }
    if (status != 0 && !text) text = format_exception();
    Py_XDECREF(name);
    Py_XDECREF(globals);
    PyGILState_Release(gil);
    if (output) *output = text; else free(text);
    return status;
}

#endif
