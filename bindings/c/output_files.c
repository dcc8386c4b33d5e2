/* Output paths: checked before any work (so that an unwritable -output fails at once instead of after
 * the whole training), and files the tool writes itself (the -classes listing) replaced atomically, as
 * the library saves, so an existing file is never truncated before the new one is complete. */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fdopen, fsync, fchmod, lstat */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A file beside `path` (same directory, so rename replaces atomically): "<path><suffix>XXXXXX". */
static char *sibling_template(const char *path, const char *suffix) {
    size_t length = strlen(path) + strlen(suffix) + sizeof "XXXXXX";
    char *name = checked_malloc(length);
    snprintf(name, length, "%s%sXXXXXX", path, suffix);
    return name;
}

static void fail_path(const char *flag, const char *path, const char *reason) {
    fprintf(stderr, "w2v: cannot write %s '%s': %s\n", flag, path, reason);
    exit(EXIT_FAILED);
}

/* The library saves through a temporary file beside `path` and a rename, so what must hold is that
 * such a file can be created there and that `path`, if it exists, is what a save replaces: a regular
 * file or a symbolic link (replaced, not followed). Both are tested directly: a probe file is created
 * and removed at once; `path` itself is not touched. */
void check_writable(const char *flag, const char *path) {
    if (!path[0]) fail_path(flag, path, "empty path");
    struct stat status;
    if (lstat(path, &status) == 0) {
        if (!S_ISREG(status.st_mode) && !S_ISLNK(status.st_mode)) fail_path(flag, path, "not a regular file");
    } else if (errno != ENOENT) {
        fail_path(flag, path, strerror(errno));
    }
    char *probe = sibling_template(path, ".w2v-probe-");
    int descriptor = mkstemp(probe);
    if (descriptor < 0) {
        size_t length = strlen("no file can be created in its directory: ") + strlen(strerror(errno)) + 1;
        char *reason = checked_malloc(length);
        snprintf(reason, length, "no file can be created in its directory: %s", strerror(errno));
        fail_path(flag, path, reason);
    }
    close(descriptor);
    unlink(probe);
    free(probe);
}

/* Writes a file through `write` into a temporary file beside `path`, flushed to disk, then renamed
 * over `path`; on failure the temporary file is removed and `path` is left as it was. */
void write_file_atomically(const char *path, void (*write)(FILE *stream, const void *context), const void *context) {
    char *temporary = sibling_template(path, ".w2v-tmp-");
    int descriptor = mkstemp(temporary);
    if (descriptor < 0) fail_path("-output", path, strerror(errno));
    /* mkstemp makes the file 0600; give it the mode a plain fopen would (0666 less the umask). */
    mode_t mask = umask(0);
    umask(mask);
    FILE *stream = fchmod(descriptor, 0666 & ~mask) == 0 ? fdopen(descriptor, "w") : NULL;
    int failed = !stream;
    if (stream) {
        write(stream, context);
        failed = fflush(stream) != 0 || ferror(stream) || fsync(fileno(stream)) != 0;
        failed |= fclose(stream) != 0;
    } else {
        close(descriptor);
    }
    if (failed || rename(temporary, path) != 0) {
        int error = errno;
        unlink(temporary);
        fail_path("-output", path, strerror(error));
    }
    free(temporary);
}
