/* Fault tests of libw2v's files, driven by scripts/fault-tests (which mounts the small file systems and
 * switches users; this program only uses the library and checks): a full disk, a read-only file
 * system, permission-denied targets, kill -9 during saves, and a file truncated under a loaded model.
 *
 * Usage: faults CASE DIRECTORY [ARGS]
 *   full-disk DIR          DIR is an empty, small file system (a 1 MiB tmpfs)
 *   prepare DIR            saves the "old" file of every format into DIR (before it is made read-only
 *                          or unwritable)
 *   unwritable DIR REASON  saves into DIR fail with W2V_ERR_IO naming REASON; the old files are intact
 *   unreadable DIR         the old files in DIR cannot be read by this user: loads fail naming why
 *   kill-loop DIR N        N times: a child saves native models, killed with SIGKILL at a random moment
 *   truncate DIR           a copy-loaded model survives its file truncated; a mapped one gets SIGBUS
 * Prints one line per failed check and a summary; exits 0 only when every check passed.
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE

#include "w2v.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int checks, failures;

static void check_at(int ok, int line, const char *what) {
    checks++;
    if (!ok) {
        failures++;
        printf("FAIL faults.c:%d: %s\n", line, what);
        fflush(stdout);
    }
}

#define CHECK(condition) check_at((condition) != 0, __LINE__, #condition)

/* The call returns `expected` and w2v_last_error() mentions `fragment`. */
static void expect_at(w2v_status got, w2v_status expected, const char *fragment, int line, const char *call) {
    const char *message = w2v_last_error();
    checks++;
    if (got != expected || strstr(message, fragment) == NULL) {
        failures++;
        printf("FAIL faults.c:%d: %s\n    returned %s (want %s), message \"%s\" (want it to mention \"%s\")\n", line, call,
               w2v_status_string(got), w2v_status_string(expected), message, fragment);
        fflush(stdout);
    }
}

#define EXPECT(call, status, fragment) expect_at((call), (status), (fragment), __LINE__, #call)
#define EXPECT_OK(call) expect_at((call), W2V_OK, "", __LINE__, #call)

static char *join(const char *directory, const char *name) {
    size_t length = strlen(directory) + strlen(name) + 2;
    char *path = malloc(length);
    if (!path) abort();
    snprintf(path, length, "%s/%s", directory, name);
    return path;
}

/* A model of `words` distinct words ("w0", "w1", ...; w0 the most frequent) and dimension `dim`, whose
 * vectors depend on `seed`, with its counts in *vocab_out when that is not NULL. */
static w2v_model *make_model(size_t words, int dim, int seed, w2v_vocab **vocab_out) {
    w2v_vocab *vocab = NULL;
    w2v_params *params = NULL;
    w2v_model *model = NULL;
    if (w2v_vocab_new(&vocab) != W2V_OK || w2v_params_new(&params) != W2V_OK) abort();
    char word[32];
    for (size_t i = 0; i < words; i++) {
        int n = snprintf(word, sizeof word, "w%zu%s", i, i == 0 ? " w0 w0" : " ");
        if (w2v_vocab_add_text(vocab, word, (size_t)n) != W2V_OK) abort();
    }
    if (w2v_params_set_int(params, W2V_PARAM_DIM, dim) != W2V_OK ||
        w2v_params_set_int(params, W2V_PARAM_MIN_COUNT, 1) != W2V_OK ||
        w2v_params_set_int(params, W2V_PARAM_SEED, seed) != W2V_OK ||
        w2v_model_new(&model, vocab, params) != W2V_OK) {
        printf("cannot make a model: %s\n", w2v_last_error());
        exit(2);
    }
    w2v_params_free(params);
    if (vocab_out) *vocab_out = vocab;
    else w2v_vocab_free(vocab);
    return model;
}

/* The four formats a save can write: three of a model, one of a vocabulary. */
enum { TEXT, BINARY, NATIVE, VOCABULARY, FORMATS };
static const char *const names[FORMATS] = {"old.txt", "old.bin", "old.w2v", "old.vocab"};

static w2v_status save(int format, const w2v_model *model, const w2v_vocab *vocab, const char *path) {
    switch (format) {
    case TEXT: return w2v_model_save(model, path, W2V_FORMAT_TEXT);
    case BINARY: return w2v_model_save(model, path, W2V_FORMAT_BINARY);
    case NATIVE: return w2v_model_save(model, path, W2V_FORMAT_NATIVE);
    default: return w2v_vocab_save(vocab, path, 1);
    }
}

/* A whole file in memory (NULL when it cannot be read). */
typedef struct {
    unsigned char *bytes;
    size_t size;
} contents;

static contents read_all(const char *path) {
    contents result = {NULL, 0};
    FILE *file = fopen(path, "rb");
    if (!file) return result;
    size_t capacity = 1 << 16;
    result.bytes = malloc(capacity);
    for (size_t n; result.bytes && (n = fread(result.bytes + result.size, 1, capacity - result.size, file)) > 0;) {
        result.size += n;
        if (result.size == capacity) result.bytes = realloc(result.bytes, capacity *= 2);
    }
    fclose(file);
    return result;
}

static int same(contents a, contents b) {
    return a.bytes && b.bytes && a.size == b.size && memcmp(a.bytes, b.bytes, a.size) == 0;
}

/* Names in `directory` other than . and .. that are not in `expected` (NULL-terminated): printed. */
static int unexpected_entries(const char *directory, const char *const *expected) {
    DIR *dir = opendir(directory);
    int n = 0;
    if (!dir) return -1;
    for (struct dirent *entry; (entry = readdir(dir)) != NULL;) {
        if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) continue;
        int known = 0;
        for (size_t i = 0; expected[i]; i++) known |= strcmp(entry->d_name, expected[i]) == 0;
        if (!known) {
            printf("    unexpected entry in %s: %s\n", directory, entry->d_name);
            n++;
        }
    }
    closedir(dir);
    return n;
}

static const char *const old_files[] = {"old.txt", "old.bin", "old.w2v", "old.vocab", NULL};

/* The "old" files every case starts from: a small model (12 words, dim 8, seed 1). */
static void save_old_files(const char *directory) {
    w2v_vocab *vocab = NULL;
    w2v_model *model = make_model(12, 8, 1, &vocab);
    for (int f = 0; f < FORMATS; f++) {
        char *path = join(directory, names[f]);
        EXPECT_OK(save(f, model, vocab, path));
        free(path);
    }
    w2v_model_free(model);
    w2v_vocab_free(vocab);
}

/* The old files still read back as before (`before`), and load. */
static void check_old_files(const char *directory, contents *before) {
    for (int f = 0; f < FORMATS; f++) {
        char *path = join(directory, names[f]);
        CHECK(same(before[f], read_all(path)));
        if (f == VOCABULARY) {
            w2v_vocab *vocab = NULL;
            EXPECT_OK(w2v_vocab_new(&vocab));
            EXPECT_OK(w2v_vocab_add_counts_file(vocab, path));
            CHECK(w2v_vocab_size(vocab) == 12);
            w2v_vocab_free(vocab);
        } else {
            w2v_model *model = NULL;
            EXPECT_OK(w2v_model_load(&model, path, W2V_FORMAT_AUTO));
            CHECK(w2v_model_vocab_size(model) == 12);
            w2v_model_free(model);
        }
        free(path);
    }
}

static void read_old_files(const char *directory, contents *out) {
    for (int f = 0; f < FORMATS; f++) {
        char *path = join(directory, names[f]);
        out[f] = read_all(path);
        CHECK(out[f].bytes != NULL && out[f].size > 0);
        free(path);
    }
}

static unsigned long long free_bytes(const char *directory) {
    struct statvfs info;
    if (statvfs(directory, &info) != 0) return 0;
    return (unsigned long long)info.f_bavail * info.f_frsize;
}

/* ---- A full disk ---------------------------------------------------------------------------------- */

/* Fills `directory`'s file system with `filler` until `leave` bytes are free (about). */
static void fill(const char *filler, unsigned long long leave, const char *directory) {
    int fd = open(filler, O_WRONLY | O_CREAT | O_APPEND, 0644);
    CHECK(fd >= 0);
    static char block[4096];
    memset(block, 'f', sizeof block);
    while (fd >= 0 && free_bytes(directory) > leave) {
        if (write(fd, block, sizeof block) != (ssize_t)sizeof block) break;
    }
    if (fd >= 0) close(fd);
}

static void full_disk(const char *directory) {
    save_old_files(directory);
    contents before[FORMATS];
    read_old_files(directory, before);
    /* A model whose every file, its vocabulary's too, is larger than what is left: 20,000 words. */
    w2v_vocab *vocab = NULL;
    w2v_model *model = make_model(20000, 16, 2, &vocab);
    char *filler = join(directory, "filler");
    static const char *const expected[] = {"old.txt", "old.bin", "old.w2v", "old.vocab", "filler", NULL};
    /* First with 100 KiB left (a save fails after writing part of its file), then with nothing left. */
    static const unsigned long long left[] = {100 * 1024, 0};
    for (int round = 0; round < 2; round++) {
        fill(filler, left[round], directory);
        unsigned long long available = free_bytes(directory);
        printf("full disk: %llu bytes free\n", available);
        for (int f = 0; f < FORMATS; f++) {
            char *path = join(directory, names[f]);
            EXPECT(save(f, model, vocab, path), W2V_ERR_IO, "No space left on device");
            CHECK(strstr(w2v_last_error(), names[f]) != NULL); /* the message names the target */
            free(path);
            /* Nothing kept: not a temporary file, not a byte of space. */
            CHECK(unexpected_entries(directory, expected) == 0);
            CHECK(free_bytes(directory) == available);
        }
        check_old_files(directory, before);
    }
    /* Room again: the same saves succeed and replace the old files. */
    CHECK(unlink(filler) == 0);
    w2v_model_free(model);
    w2v_vocab_free(vocab);
    model = make_model(300, 16, 2, &vocab);
    for (int f = 0; f < FORMATS; f++) {
        char *path = join(directory, names[f]);
        EXPECT_OK(save(f, model, vocab, path));
        CHECK(!same(before[f], read_all(path)));
        free(path);
    }
    CHECK(unexpected_entries(directory, old_files) == 0);
    free(filler);
    w2v_model_free(model);
    w2v_vocab_free(vocab);
}

/* ---- Read-only and permission-denied targets ------------------------------------------------------ */

/* `directory` holds the old files and cannot be written (a read-only mount, or a directory this user
 * may not write): every save fails naming `reason`, loads work, nothing changes. */
static void unwritable(const char *directory, const char *reason) {
    contents before[FORMATS];
    read_old_files(directory, before);
    w2v_vocab *vocab = NULL;
    w2v_model *model = make_model(50, 8, 3, &vocab);
    for (int f = 0; f < FORMATS; f++) {
        char *path = join(directory, names[f]);
        EXPECT(save(f, model, vocab, path), W2V_ERR_IO, reason);
        CHECK(strstr(w2v_last_error(), names[f]) != NULL);
        free(path);
        char *fresh = join(directory, "new-file");
        EXPECT(save(f, model, vocab, fresh), W2V_ERR_IO, reason);
        CHECK(access(fresh, F_OK) != 0);
        free(fresh);
    }
    CHECK(unexpected_entries(directory, old_files) == 0);
    check_old_files(directory, before);
    w2v_model_free(model);
    w2v_vocab_free(vocab);
}

/* `directory` holds the old files, and this user may not read them (made mode 000 by the script):
 * every load and count fails naming the cause. */
static void unreadable(const char *directory) {
    w2v_model *model = NULL;
    w2v_vocab *vocab = NULL;
    EXPECT_OK(w2v_vocab_new(&vocab));
    for (int f = 0; f < FORMATS; f++) {
        char *path = join(directory, names[f]);
        if (f == VOCABULARY) {
            EXPECT(w2v_vocab_add_counts_file(vocab, path), W2V_ERR_IO, "Permission denied");
        } else {
            EXPECT(w2v_model_load(&model, path, W2V_FORMAT_AUTO), W2V_ERR_IO, "Permission denied");
            CHECK(model == NULL);
        }
        CHECK(strstr(w2v_last_error(), names[f]) != NULL);
        EXPECT(w2v_vocab_add_file(vocab, path), W2V_ERR_IO, "Permission denied");
        free(path);
    }
    char *native = join(directory, "old.w2v");
    EXPECT(w2v_model_load_native(&model, native, W2V_LOAD_COPY), W2V_ERR_IO, "Permission denied");
    free(native);
    CHECK(w2v_vocab_size(vocab) == 0);
    w2v_vocab_free(vocab);
}

/* ---- kill -9 during saves ------------------------------------------------------------------------ */

/* A child saves models A and B in turn to one path, for ever; it is killed at a random moment. After
 * each kill the file is A or B whole (loads with every checksum verified, and its vectors are A's or
 * B's), and no temporary file is left (the saves use O_TMPFILE; a named temporary may exist only
 * between its linkat and rename, microseconds, and the next save removes it). */
static void kill_loop(const char *directory, int iterations) {
    w2v_model *a = make_model(3000, 50, 4, NULL), *b = make_model(3000, 50, 5, NULL);
    size_t floats = 3000 * 50;
    char *target = join(directory, "model.w2v");
    EXPECT_OK(w2v_model_save(a, target, W2V_FORMAT_NATIVE));
    static const char *const expected[] = {"model.w2v", NULL};
    int as = 0, bs = 0, orphans = 0;
    unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid();
    srand(seed);
    /* Kills land anywhere in the first three saves of the child: before, during and between them. */
    struct timespec started, now;
    clock_gettime(CLOCK_MONOTONIC, &started);
    for (int i = 0; i < 3; i++) EXPECT_OK(w2v_model_save(i % 2 ? a : b, target, W2V_FORMAT_NATIVE));
    clock_gettime(CLOCK_MONOTONIC, &now);
    long save_us = ((long)(now.tv_sec - started.tv_sec) * 1000000L + (now.tv_nsec - started.tv_nsec) / 1000) / 3;
    long window_us = 3 * save_us + 1000;
    printf("kill loop: seed %u, a save takes %ld us, kills within %ld us\n", seed, save_us, window_us);
    clock_gettime(CLOCK_MONOTONIC, &started);
    for (int i = 0; i < iterations; i++) {
        fflush(stdout);
        pid_t child = fork();
        if (child == 0) {
            for (unsigned n = 0;; n++) {
                if (w2v_model_save(n % 2 ? b : a, target, W2V_FORMAT_NATIVE) != W2V_OK) _exit(3);
            }
        }
        CHECK(child > 0);
        long wait_us = (long)((double)rand() / ((double)RAND_MAX + 1) * (double)window_us);
        struct timespec delay = {wait_us / 1000000L, (wait_us % 1000000L) * 1000L};
        nanosleep(&delay, NULL);
        CHECK(kill(child, SIGKILL) == 0);
        int status = 0;
        CHECK(waitpid(child, &status, 0) == child);
        CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
        w2v_model *loaded = NULL;
        EXPECT_OK(w2v_model_load_native(&loaded, target, W2V_LOAD_DEFAULT));
        const float *vectors = w2v_model_vectors(loaded);
        int is_a = vectors && memcmp(vectors, w2v_model_vectors(a), floats * sizeof(float)) == 0;
        int is_b = vectors && memcmp(vectors, w2v_model_vectors(b), floats * sizeof(float)) == 0;
        CHECK(is_a || is_b);
        as += is_a;
        bs += is_b;
        w2v_model_free(loaded);
        if (unexpected_entries(directory, expected) != 0) orphans++;
    }
    clock_gettime(CLOCK_MONOTONIC, &now);
    /* One more save removes any temporary a kill left between its linkat and rename. */
    EXPECT_OK(w2v_model_save(a, target, W2V_FORMAT_NATIVE));
    CHECK(unexpected_entries(directory, expected) == 0);
    printf("kill loop: %d kills in %.1f s: target was A %d times, B %d times; a temporary was seen after %d "
           "kills (removed by the next save)\n",
           iterations, (double)(now.tv_sec - started.tv_sec) + (now.tv_nsec - started.tv_nsec) / 1e9, as, bs,
           orphans);
    /* Whether kills caught both models being written depends on timing (a busy machine, a sanitizer),
     * so it is reported, not checked: the checks above hold whatever the kills hit. */
    if (as == 0 || bs == 0) printf("kill loop: note: every kill found model %s; raise the iterations for more coverage\n", as ? "A" : "B");
    CHECK(orphans <= iterations / 10);
    free(target);
    w2v_model_free(a);
    w2v_model_free(b);
}

/* ---- A file truncated under a loaded model ------------------------------------------------------ */

static double touch_everything(const w2v_model *model) {
    size_t n = w2v_model_vocab_size(model) * w2v_model_dim(model);
    const float *vectors = w2v_model_vectors(model);
    double sum = 0;
    for (size_t i = 0; i < n; i++) sum += vectors[i];
    return sum;
}

static void truncate_under_model(const char *directory) {
    w2v_model *model = make_model(3000, 50, 6, NULL);
    char *target = join(directory, "truncated.w2v");
    double expected = touch_everything(model);
    /* Copied: survives truncation and keeps training. */
    EXPECT_OK(w2v_model_save(model, target, W2V_FORMAT_NATIVE));
    w2v_model *copy = NULL;
    EXPECT_OK(w2v_model_load_native(&copy, target, W2V_LOAD_COPY));
    CHECK(truncate(target, 0) == 0);
    CHECK(touch_everything(copy) == expected);
    const char *tokens[] = {"w0", "w1", "w2", "w3"};
    size_t lengths[] = {4};
    EXPECT_OK(w2v_model_train_step(copy, tokens, lengths, 1, 0.5, NULL, NULL));
    w2v_model_free(copy);
    /* Mapped (the default): the documented hazard, SIGBUS once a lost page is touched, shown in a child. */
    EXPECT_OK(w2v_model_save(model, target, W2V_FORMAT_NATIVE));
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        w2v_model *mapped = NULL;
        if (w2v_model_load_native(&mapped, target, W2V_LOAD_SKIP_WEIGHT_CHECKSUMS) != W2V_OK) _exit(3);
        if (truncate(target, 0) != 0) _exit(4);
        (void)touch_everything(mapped);
        _exit(0);
    }
    int status = 0;
    CHECK(waitpid(child, &status, 0) == child);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGBUS);
    printf("truncate: a copy-loaded model kept working; a mapped one got %s\n",
           WIFSIGNALED(status) ? strsignal(WTERMSIG(status)) : "no signal");
    free(target);
    w2v_model_free(model);
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s full-disk|prepare|unwritable|unreadable|kill-loop|truncate DIRECTORY [ARGS]\n",
                argv[0]);
        return 2;
    }
    const char *what = argv[1], *directory = argv[2];
    if (strcmp(what, "full-disk") == 0) full_disk(directory);
    else if (strcmp(what, "prepare") == 0) save_old_files(directory);
    else if (strcmp(what, "unwritable") == 0 && argc == 4) unwritable(directory, argv[3]);
    else if (strcmp(what, "unreadable") == 0) unreadable(directory);
    else if (strcmp(what, "kill-loop") == 0 && argc == 4) kill_loop(directory, atoi(argv[3]));
    else if (strcmp(what, "truncate") == 0) truncate_under_model(directory);
    else {
        fprintf(stderr, "unknown case %s\n", what);
        return 2;
    }
    printf("%s: %d checks, %d failed\n", what, checks, failures);
    return failures == 0 ? 0 : 1;
}
