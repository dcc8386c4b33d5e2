/* How the tool fails: "w2v: " and a message on stderr, then exit status 1 for a failure while working
 * or 2 for a command line refused before any work. */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void fail(const char *message) {
    fprintf(stderr, "w2v: %s\n", message);
    exit(EXIT_FAILED);
}

void fail_usage(const char *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    fputs("w2v: ", stderr);
    vfprintf(stderr, format, arguments);
    fputs(" (w2v -h for help)\n", stderr);
    va_end(arguments);
    exit(EXIT_USAGE);
}

void check(w2v_status status) {
    if (status != W2V_OK) fail(w2v_last_error());
}

void *checked_malloc(size_t size) {
    void *memory = malloc(size ? size : 1);
    if (!memory) fail("out of memory");
    return memory;
}
