/* The C-ABI contract of libw2v, checked from C against include/w2v.h and the built library: every
 * entry point refuses NULL handles and pointers, bad sizes and out-of-range values with the documented
 * status and a message naming the cause (w2v_last_error), never crashing; _free(NULL) is a no-op; the
 * message is per thread and cleared by a successful call; the parameter table, the introspection calls
 * and the header's w2v_param constants agree; read-only calls accept const handles (this file compiles
 * with -std=c99 -Wall -Wextra -Wpedantic -Werror, so a const handle passed where the header wants a
 * mutable one fails the build).
 *
 * Usage: contract DIRECTORY   (a writable scratch directory). Prints one line per failed check and a
 * summary; exits 0 only when every check passed. Run by Tests/W2VTests/CABIContractTests.swift with gcc
 * and clang against the release libw2v.so.
 */
#define _POSIX_C_SOURCE 200809L

#include "w2v.h"

#include <dirent.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int checks, failures;
static const char *scratch;

static void check_at(int ok, const char *file, int line, const char *what) {
    checks++;
    if (!ok) {
        failures++;
        printf("FAIL %s:%d: %s\n", file, line, what);
    }
}

#define CHECK(condition) check_at((condition) != 0, __FILE__, __LINE__, #condition)

/* The call returns `expected` and w2v_last_error() mentions `fragment`. */
static void expect_at(w2v_status got, w2v_status expected, const char *fragment, const char *file, int line,
                      const char *call) {
    const char *message = w2v_last_error();
    checks++;
    if (got != expected || message == NULL || strstr(message, fragment) == NULL) {
        failures++;
        printf("FAIL %s:%d: %s\n    returned %s (want %s), message \"%s\" (want it to mention \"%s\")\n", file, line,
               call, w2v_status_string(got), w2v_status_string(expected), message ? message : "(NULL)", fragment);
    }
}

#define EXPECT(call, status, fragment) expect_at((call), (status), (fragment), __FILE__, __LINE__, #call)
#define EXPECT_OK(call) expect_at((call), W2V_OK, "", __FILE__, __LINE__, #call)

static char *path_in_scratch(const char *name) {
    size_t length = strlen(scratch) + strlen(name) + 2;
    char *path = malloc(length);
    if (!path) abort();
    snprintf(path, length, "%s/%s", scratch, name);
    return path;
}

static char *write_file(const char *name, const char *content) {
    char *path = path_in_scratch(name);
    FILE *file = fopen(path, "w");
    if (!file || fputs(content, file) < 0 || fclose(file) != 0) {
        printf("FAIL: cannot write %s\n", path);
        exit(2);
    }
    return path;
}

/* ---- Library ------------------------------------------------------------------------------------- */

static void *set_error_on_another_thread(void *unused) {
    (void)unused;
    /* An error here must not show on the main thread, and this thread starts with no message. */
    int clean = strcmp(w2v_last_error(), "") == 0;
    w2v_status status = w2v_vocab_new(NULL);
    int set = status == W2V_ERR_INVALID_ARGUMENT && strstr(w2v_last_error(), "out is NULL") != NULL;
    return (void *)(size_t)(clean && set);
}

static void test_library(void) {
    CHECK(w2v_version() / 10000 == W2V_VERSION_MAJOR);
    CHECK(w2v_version() == W2V_VERSION_MAJOR * 10000 + W2V_VERSION_MINOR * 100 + W2V_VERSION_PATCH);
    char expected[32];
    snprintf(expected, sizeof expected, "%d.%d.%d", W2V_VERSION_MAJOR, W2V_VERSION_MINOR, W2V_VERSION_PATCH);
    CHECK(strcmp(w2v_version_string(), expected) == 0);

    static const struct {
        w2v_status status;
        const char *name;
    } names[] = {
        {W2V_OK, "W2V_OK"},
        {W2V_ERR_INVALID_ARGUMENT, "W2V_ERR_INVALID_ARGUMENT"},
        {W2V_ERR_IO, "W2V_ERR_IO"},
        {W2V_ERR_FORMAT, "W2V_ERR_FORMAT"},
        {W2V_ERR_NOT_FOUND, "W2V_ERR_NOT_FOUND"},
        {W2V_ERR_BUFFER_TOO_SMALL, "W2V_ERR_BUFFER_TOO_SMALL"},
        {W2V_ERR_ABORTED, "W2V_ERR_ABORTED"},
        {W2V_ERR_OUT_OF_MEMORY, "W2V_ERR_OUT_OF_MEMORY"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        CHECK(strcmp(w2v_status_string(names[i].status), names[i].name) == 0);
        CHECK(w2v_status_string(names[i].status) == w2v_status_string(names[i].status)); /* static */
    }
    CHECK(strcmp(w2v_status_string((w2v_status)99), "unknown status") == 0);
    CHECK(strcmp(w2v_status_string((w2v_status)-1), "unknown status") == 0);

    /* The message: set by a failure, kept by calls that return no status, cleared by a success. */
    EXPECT(w2v_params_new(NULL), W2V_ERR_INVALID_ARGUMENT, "out is NULL");
    CHECK(w2v_model_dim(NULL) == 0);
    CHECK(w2v_last_error() != NULL);
    w2v_params *params = NULL;
    EXPECT_OK(w2v_params_new(&params));
    CHECK(params != NULL);
    CHECK(strcmp(w2v_last_error(), "") == 0);

    /* Per thread. */
    EXPECT(w2v_model_new(NULL, NULL, NULL), W2V_ERR_INVALID_ARGUMENT, "out is NULL");
    pthread_t thread;
    void *result = NULL;
    CHECK(pthread_create(&thread, NULL, set_error_on_another_thread, NULL) == 0);
    CHECK(pthread_join(thread, &result) == 0);
    CHECK(result == (void *)1);
    CHECK(strstr(w2v_last_error(), "out is NULL") != NULL);
    w2v_params_free(params);
}

/* ---- Ownership --------------------------------------------------------------------------------- */

static void test_free_null_and_null_outs(void) {
    w2v_params_free(NULL);
    w2v_vocab_free(NULL);
    w2v_model_free(NULL);
    CHECK(1); /* reached: every _free accepts NULL */

    EXPECT(w2v_params_new(NULL), W2V_ERR_INVALID_ARGUMENT, "out is NULL");
    EXPECT(w2v_vocab_new(NULL), W2V_ERR_INVALID_ARGUMENT, "out is NULL");
    w2v_vocab *vocab = NULL;
    EXPECT_OK(w2v_vocab_new(&vocab));
    EXPECT(w2v_model_new(NULL, vocab, NULL), W2V_ERR_INVALID_ARGUMENT, "out is NULL");
    w2v_model *model = (w2v_model *)&model; /* not NULL: the call must not leave garbage behind on error */
    EXPECT(w2v_model_load(&model, NULL, W2V_FORMAT_AUTO), W2V_ERR_INVALID_ARGUMENT, "path is NULL");
    CHECK(model == NULL);
    EXPECT(w2v_model_load(NULL, "x", W2V_FORMAT_AUTO), W2V_ERR_INVALID_ARGUMENT, "out is NULL");
    EXPECT(w2v_model_load_native(NULL, "x", W2V_LOAD_DEFAULT), W2V_ERR_INVALID_ARGUMENT, "out is NULL");
    EXPECT(w2v_model_get_params(NULL, NULL), W2V_ERR_INVALID_ARGUMENT, "out is NULL");
    w2v_params *params = NULL;
    EXPECT(w2v_model_get_params(&params, NULL), W2V_ERR_INVALID_ARGUMENT, "model is NULL");
    CHECK(params == NULL);
    w2v_vocab_free(vocab);
}

/* ---- Parameters -------------------------------------------------------------------------------- */

/* The header's constants with the names the library gives them: W2V_PARAM_<NAME> is key <name>. */
#define KEY(constant, name, kind) {constant, #constant, name, kind}
static const struct {
    w2v_param key;
    const char *constant, *name;
    w2v_param_kind kind;
} keys[] = {
    KEY(W2V_PARAM_DIM, "dim", W2V_PARAM_KIND_INT),
    KEY(W2V_PARAM_WINDOW, "window", W2V_PARAM_KIND_INT),
    KEY(W2V_PARAM_NEGATIVE, "negative", W2V_PARAM_KIND_INT),
    KEY(W2V_PARAM_MIN_COUNT, "min_count", W2V_PARAM_KIND_INT),
    KEY(W2V_PARAM_MAX_VOCAB, "max_vocab", W2V_PARAM_KIND_INT),
    KEY(W2V_PARAM_SAMPLE, "sample", W2V_PARAM_KIND_FLOAT),
    KEY(W2V_PARAM_ALPHA, "alpha", W2V_PARAM_KIND_FLOAT),
    KEY(W2V_PARAM_MIN_ALPHA, "min_alpha", W2V_PARAM_KIND_FLOAT),
    KEY(W2V_PARAM_EPOCHS, "epochs", W2V_PARAM_KIND_INT),
    KEY(W2V_PARAM_THREADS, "threads", W2V_PARAM_KIND_INT),
    KEY(W2V_PARAM_SEED, "seed", W2V_PARAM_KIND_INT),
    KEY(W2V_PARAM_ARCH, "arch", W2V_PARAM_KIND_INT),
    KEY(W2V_PARAM_NS_EXPONENT, "ns_exponent", W2V_PARAM_KIND_FLOAT),
    KEY(W2V_PARAM_SHARED_NEGATIVES, "shared_negatives", W2V_PARAM_KIND_BOOL),
    KEY(W2V_PARAM_HS, "hs", W2V_PARAM_KIND_BOOL),
    KEY(W2V_PARAM_MAX_FINAL_VOCAB, "max_final_vocab", W2V_PARAM_KIND_INT),
    KEY(W2V_PARAM_CBOW_MEAN, "cbow_mean", W2V_PARAM_KIND_BOOL),
    KEY(W2V_PARAM_SHRINK_WINDOWS, "shrink_windows", W2V_PARAM_KIND_BOOL),
    KEY(W2V_PARAM_SORTED_VOCAB, "sorted_vocab", W2V_PARAM_KIND_BOOL),
    KEY(W2V_PARAM_SYNC_WORDS, "sync_words", W2V_PARAM_KIND_INT),
    KEY(W2V_PARAM_MIN_N, "min_n", W2V_PARAM_KIND_INT),
    KEY(W2V_PARAM_MAX_N, "max_n", W2V_PARAM_KIND_INT),
    KEY(W2V_PARAM_BUCKET, "bucket", W2V_PARAM_KIND_INT),
    KEY(W2V_PARAM_KERNELS, "kernels", W2V_PARAM_KIND_INT),
};
#define N_KEYS (sizeof keys / sizeof keys[0])

static void test_parameters(void) {
    CHECK(w2v_param_count() == N_KEYS);
    w2v_params *params = NULL, *fresh = NULL;
    EXPECT_OK(w2v_params_new(&params));
    EXPECT_OK(w2v_params_new(&fresh));
    const w2v_params *readonly = params, *defaults = fresh;
    for (size_t i = 0; i < N_KEYS; i++) {
        char upper[64] = "W2V_PARAM_";
        for (size_t j = 0; keys[i].name[j] && j < 40; j++) {
            char c = keys[i].name[j];
            upper[10 + j] = (char)(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
            upper[11 + j] = '\0';
        }
        CHECK(strcmp(upper, keys[i].constant) == 0);
        CHECK((size_t)keys[i].key == i); /* numbered from 0 without gaps */

        const char *name = NULL;
        w2v_param_kind kind = (w2v_param_kind)-1;
        double min = NAN, max = NAN, value = NAN;
        EXPECT_OK(w2v_param_info(keys[i].key, &name, &kind, &min, &max, &value));
        CHECK(name != NULL && strcmp(name, keys[i].name) == 0);
        CHECK(kind == keys[i].kind);
        CHECK(min <= value && value <= max);
        w2v_param found = (w2v_param)-1;
        EXPECT_OK(w2v_param_lookup(keys[i].name, &found));
        CHECK(found == keys[i].key);

        /* The default is what a new set holds; the bounds are accepted, one past them refused. */
        if (kind == W2V_PARAM_KIND_FLOAT) {
            double stored = NAN;
            EXPECT_OK(w2v_params_get_float(defaults, keys[i].key, &stored));
            CHECK(stored == value);
            EXPECT_OK(w2v_params_set_float(params, keys[i].key, min));
            EXPECT_OK(w2v_params_set_float(params, keys[i].key, max));
            EXPECT(w2v_params_set_float(params, keys[i].key, max * 2 + 1), W2V_ERR_INVALID_ARGUMENT, "out of range");
            EXPECT(w2v_params_set_float(params, keys[i].key, NAN), W2V_ERR_INVALID_ARGUMENT, name);
            EXPECT(w2v_params_set_int(params, keys[i].key, 1), W2V_ERR_INVALID_ARGUMENT, "float setter");
            int64_t wrong = 0;
            EXPECT(w2v_params_get_int(readonly, keys[i].key, &wrong), W2V_ERR_INVALID_ARGUMENT, "float getter");
        } else {
            int64_t stored = -7;
            EXPECT_OK(w2v_params_get_int(defaults, keys[i].key, &stored));
            CHECK((double)stored == value);
            if (kind == W2V_PARAM_KIND_BOOL) CHECK(min == 0 && max == 1);
            EXPECT_OK(w2v_params_set_int(params, keys[i].key, (int64_t)min));
            EXPECT(w2v_params_set_int(params, keys[i].key, (int64_t)min - 1), W2V_ERR_INVALID_ARGUMENT, "out of range");
            if (max < 9e18) {
                EXPECT_OK(w2v_params_set_int(params, keys[i].key, (int64_t)max));
                EXPECT(w2v_params_set_int(params, keys[i].key, (int64_t)max + 1), W2V_ERR_INVALID_ARGUMENT, "out of range");
            } else {
                EXPECT_OK(w2v_params_set_int(params, keys[i].key, INT64_MAX));
            }
            EXPECT(w2v_params_set_float(params, keys[i].key, 1.0), W2V_ERR_INVALID_ARGUMENT, "integer setter");
            double wrong = 0;
            EXPECT(w2v_params_get_float(readonly, keys[i].key, &wrong), W2V_ERR_INVALID_ARGUMENT, "integer getter");
        }
    }
    w2v_params_free(params);
    w2v_params_free(fresh);

    /* Errors: unknown keys and names, NULL handles and outputs; nothing written on error. */
    const char *name = "untouched";
    EXPECT(w2v_param_info((w2v_param)N_KEYS, &name, NULL, NULL, NULL, NULL), W2V_ERR_INVALID_ARGUMENT,
           "unknown parameter key");
    EXPECT(w2v_param_info((w2v_param)-1, &name, NULL, NULL, NULL, NULL), W2V_ERR_INVALID_ARGUMENT,
           "unknown parameter key -1");
    CHECK(strcmp(name, "untouched") == 0);
    EXPECT_OK(w2v_param_info(W2V_PARAM_DIM, NULL, NULL, NULL, NULL, NULL));
    w2v_param key = W2V_PARAM_DIM;
    EXPECT(w2v_param_lookup("size", &key), W2V_ERR_NOT_FOUND, "no parameter is named 'size'");
    EXPECT(w2v_param_lookup("Dim", &key), W2V_ERR_NOT_FOUND, "'Dim'");
    CHECK(key == W2V_PARAM_DIM);
    EXPECT(w2v_param_lookup(NULL, &key), W2V_ERR_INVALID_ARGUMENT, "name is NULL");
    EXPECT(w2v_param_lookup("dim", NULL), W2V_ERR_INVALID_ARGUMENT, "key_out is NULL");

    int64_t value = 0;
    double real = 0;
    EXPECT(w2v_params_set_int(NULL, W2V_PARAM_DIM, 10), W2V_ERR_INVALID_ARGUMENT, "params is NULL");
    EXPECT(w2v_params_set_float(NULL, W2V_PARAM_SAMPLE, 0), W2V_ERR_INVALID_ARGUMENT, "params is NULL");
    EXPECT(w2v_params_get_int(NULL, W2V_PARAM_DIM, &value), W2V_ERR_INVALID_ARGUMENT, "params is NULL");
    EXPECT(w2v_params_get_float(NULL, W2V_PARAM_SAMPLE, &real), W2V_ERR_INVALID_ARGUMENT, "params is NULL");
    EXPECT_OK(w2v_params_new(&params));
    EXPECT(w2v_params_get_int(params, W2V_PARAM_DIM, NULL), W2V_ERR_INVALID_ARGUMENT, "out is NULL");
    EXPECT(w2v_params_get_float(params, W2V_PARAM_SAMPLE, NULL), W2V_ERR_INVALID_ARGUMENT, "out is NULL");
    EXPECT(w2v_params_set_int(params, (w2v_param)1000, 1), W2V_ERR_INVALID_ARGUMENT, "unknown parameter key 1000");
    EXPECT(w2v_params_set_int(params, W2V_PARAM_DIM, 0), W2V_ERR_INVALID_ARGUMENT, "dim = 0 is out of range [1, 10000]");
    EXPECT_OK(w2v_params_get_int(params, W2V_PARAM_DIM, &value));
    CHECK(value == 100); /* unchanged by the refused value */
    w2v_params_free(params);
}

/* ---- Vocabulary -------------------------------------------------------------------------------- */

static void test_vocabulary(void) {
    w2v_vocab *vocab = NULL;
    EXPECT_OK(w2v_vocab_new(&vocab));
    const w2v_vocab *readonly = vocab;
    EXPECT(w2v_vocab_add_text(NULL, "a", 1), W2V_ERR_INVALID_ARGUMENT, "vocab is NULL");
    EXPECT(w2v_vocab_add_text(vocab, NULL, 3), W2V_ERR_INVALID_ARGUMENT, "text is NULL");
    EXPECT_OK(w2v_vocab_add_text(vocab, NULL, 0));
    EXPECT_OK(w2v_vocab_add_text(vocab, "b a b\nc", 7));
    const char *tokens[] = {"a", NULL, "b"};
    EXPECT(w2v_vocab_add_tokens(vocab, tokens, 3), W2V_ERR_INVALID_ARGUMENT, "tokens[1] is NULL");
    const char *spaced[] = {"a", "b c"};
    EXPECT(w2v_vocab_add_tokens(vocab, spaced, 2), W2V_ERR_INVALID_ARGUMENT, "token 1 contains whitespace");
    const char *empty[] = {""};
    EXPECT(w2v_vocab_add_tokens(vocab, empty, 1), W2V_ERR_INVALID_ARGUMENT, "token 0 is empty");
    EXPECT(w2v_vocab_add_tokens(vocab, NULL, 2), W2V_ERR_INVALID_ARGUMENT, "tokens is NULL");
    EXPECT_OK(w2v_vocab_add_tokens(vocab, NULL, 0));
    CHECK(w2v_vocab_size(readonly) == 3);       /* the refused lists counted nothing */
    CHECK(w2v_vocab_total_words(readonly) == 4);
    CHECK(w2v_vocab_size(NULL) == 0);
    CHECK(w2v_vocab_total_words(NULL) == 0);
    CHECK(w2v_vocab_pruned_words(NULL) == 0 && w2v_vocab_pruned_max_count(NULL) == 0);
    CHECK(w2v_vocab_pruned_words(readonly) == 0 && w2v_vocab_pruned_max_count(readonly) == 0);
    uint64_t count = 99;
    EXPECT_OK(w2v_vocab_count(readonly, "b", &count));
    CHECK(count == 2);
    EXPECT_OK(w2v_vocab_count(readonly, "never", &count));
    CHECK(count == 0);
    EXPECT(w2v_vocab_count(readonly, NULL, &count), W2V_ERR_INVALID_ARGUMENT, "word is NULL");
    EXPECT(w2v_vocab_count(readonly, "b", NULL), W2V_ERR_INVALID_ARGUMENT, "count_out is NULL");
    EXPECT(w2v_vocab_count(NULL, "b", &count), W2V_ERR_INVALID_ARGUMENT, "vocab is NULL");
    EXPECT(w2v_vocab_set_max_words(NULL, 10), W2V_ERR_INVALID_ARGUMENT, "vocab is NULL");

    char *missing = path_in_scratch("absent.txt");
    EXPECT(w2v_vocab_add_file(vocab, missing), W2V_ERR_IO, "absent.txt");
    EXPECT(w2v_vocab_add_file(vocab, NULL), W2V_ERR_INVALID_ARGUMENT, "path is NULL");
    EXPECT(w2v_vocab_add_file(vocab, ""), W2V_ERR_INVALID_ARGUMENT, "path is empty");
    EXPECT(w2v_vocab_add_counts_file(vocab, missing), W2V_ERR_IO, "absent.txt");
    char *malformed = write_file("counts.txt", "a 3\nb three\n");
    EXPECT(w2v_vocab_add_counts_file(vocab, malformed), W2V_ERR_FORMAT, "line 2");
    CHECK(w2v_vocab_total_words(readonly) == 4); /* unchanged on error */
    char *saved = path_in_scratch("saved.vocab");
    EXPECT(w2v_vocab_save(readonly, NULL, 1), W2V_ERR_INVALID_ARGUMENT, "path is NULL");
    EXPECT(w2v_vocab_save(NULL, saved, 1), W2V_ERR_INVALID_ARGUMENT, "vocab is NULL");
    EXPECT_OK(w2v_vocab_save(readonly, saved, 1));
    w2v_vocab *again = NULL;
    EXPECT_OK(w2v_vocab_new(&again));
    EXPECT_OK(w2v_vocab_add_counts_file(again, saved));
    CHECK(w2v_vocab_size(again) == 3 && w2v_vocab_total_words(again) == 4);
    w2v_vocab_free(again);
    free(missing);
    free(malformed);
    free(saved);
    w2v_vocab_free(vocab);
}

/* ---- A model to work on ------------------------------------------------------------------------ */

static const char *const corpus_text = "king queen man woman king queen man woman\n"
                                       "king man queen woman stone stone stone\n"
                                       "a b c d a b c d a b c d\n";

static w2v_model *make_model(void) {
    w2v_vocab *vocab = NULL;
    w2v_params *params = NULL;
    w2v_model *model = NULL;
    EXPECT_OK(w2v_vocab_new(&vocab));
    EXPECT_OK(w2v_vocab_add_text(vocab, corpus_text, strlen(corpus_text)));
    EXPECT_OK(w2v_params_new(&params));
    EXPECT_OK(w2v_params_set_int(params, W2V_PARAM_DIM, 8));
    EXPECT_OK(w2v_params_set_int(params, W2V_PARAM_MIN_COUNT, 1));
    EXPECT_OK(w2v_params_set_float(params, W2V_PARAM_SAMPLE, 0));
    EXPECT_OK(w2v_model_new(&model, vocab, params));
    /* The model copied what it needs. */
    w2v_params_free(params);
    w2v_vocab_free(vocab);
    return model;
}

/* ---- Model ------------------------------------------------------------------------------------- */

static void test_model(void) {
    w2v_vocab *vocab = NULL;
    w2v_model *model = NULL;
    EXPECT_OK(w2v_vocab_new(&vocab));
    EXPECT(w2v_model_new(&model, vocab, NULL), W2V_ERR_INVALID_ARGUMENT, "the vocabulary is empty");
    CHECK(model == NULL);
    EXPECT(w2v_model_new(&model, NULL, NULL), W2V_ERR_INVALID_ARGUMENT, "vocab is NULL");
    w2v_params *params = NULL;
    EXPECT_OK(w2v_params_new(&params));
    EXPECT_OK(w2v_params_set_int(params, W2V_PARAM_NEGATIVE, 0));
    EXPECT_OK(w2v_vocab_add_text(vocab, "a a a a a", 9));
    EXPECT(w2v_model_new(&model, vocab, params), W2V_ERR_INVALID_ARGUMENT, "hs");
    w2v_params_free(params);
    w2v_vocab_free(vocab);

    model = make_model();
    const w2v_model *readonly = model;
    size_t n = w2v_model_vocab_size(readonly);
    CHECK(n == 9);
    CHECK(w2v_model_dim(readonly) == 8);
    CHECK(w2v_model_vocab_size(NULL) == 0 && w2v_model_dim(NULL) == 0);
    size_t index = 99;
    EXPECT_OK(w2v_model_index(readonly, "stone", &index));
    CHECK(index < n && strcmp(w2v_model_word(readonly, index), "stone") == 0);
    CHECK(w2v_model_count(readonly, index) == 3);
    EXPECT(w2v_model_index(readonly, "unicorn", &index), W2V_ERR_NOT_FOUND, "word 'unicorn' is not in the vocabulary");
    EXPECT(w2v_model_index(readonly, NULL, &index), W2V_ERR_INVALID_ARGUMENT, "word is NULL");
    EXPECT(w2v_model_index(readonly, "stone", NULL), W2V_ERR_INVALID_ARGUMENT, "index_out is NULL");
    EXPECT(w2v_model_index(NULL, "stone", &index), W2V_ERR_INVALID_ARGUMENT, "model is NULL");
    CHECK(w2v_model_word(readonly, n) == NULL);
    CHECK(strstr(w2v_last_error(), "index 9 is out of range: the vocabulary has 9 words") != NULL);
    CHECK(w2v_model_word(NULL, 0) == NULL);
    CHECK(strstr(w2v_last_error(), "model is NULL") != NULL);
    CHECK(w2v_model_count(readonly, n) == 0 && w2v_model_count(NULL, 0) == 0);

    float vector[9];
    EXPECT(w2v_model_vector(readonly, "stone", vector, 7), W2V_ERR_BUFFER_TOO_SMALL, "the vectors have 8");
    EXPECT_OK(w2v_model_vector(readonly, "stone", vector, 8));
    const float *all = w2v_model_vectors(readonly);
    CHECK(all != NULL && memcmp(all + index * 8, vector, 8 * sizeof(float)) == 0);
    EXPECT(w2v_model_vector(readonly, "stone", NULL, 8), W2V_ERR_INVALID_ARGUMENT, "out is NULL");
    EXPECT(w2v_model_vector(readonly, "unicorn", vector, 8), W2V_ERR_NOT_FOUND, "unicorn");
    CHECK(w2v_model_vectors(NULL) == NULL);

    w2v_params *copy = NULL;
    EXPECT_OK(w2v_model_get_params(&copy, readonly));
    int64_t dim = 0;
    EXPECT_OK(w2v_params_get_int(copy, W2V_PARAM_DIM, &dim));
    CHECK(dim == 8);
    w2v_params_free(copy);
    w2v_model_free(model);
}

/* ---- Training ---------------------------------------------------------------------------------- */

static int stop_at_once(double progress, double words_per_second, double alpha, double loss, void *user_data) {
    (void)progress; (void)words_per_second; (void)alpha; (void)loss;
    ++*(int *)user_data;
    return 1;
}

static void test_training(void) {
    w2v_model *model = make_model();
    const w2v_model *readonly = model;
    const char *tokens[] = {"king", "queen", "unknown", "man"};
    size_t lengths[] = {2, 2};
    uint64_t words = 0;
    double loss = -1;
    EXPECT_OK(w2v_model_train_step(model, tokens, lengths, 2, 0.0, &words, &loss));
    CHECK(words == 3);
    CHECK(loss > 0);
    EXPECT(w2v_model_train_step(model, tokens, lengths, 2, 1.5, NULL, NULL), W2V_ERR_INVALID_ARGUMENT, "progress 1.5");
    EXPECT(w2v_model_train_step(model, tokens, lengths, 2, NAN, NULL, NULL), W2V_ERR_INVALID_ARGUMENT, "outside [0, 1]");
    EXPECT(w2v_model_train_step(model, tokens, NULL, 2, 0, NULL, NULL), W2V_ERR_INVALID_ARGUMENT, "sentence_lengths is NULL");
    EXPECT(w2v_model_train_step(model, NULL, lengths, 2, 0, NULL, NULL), W2V_ERR_INVALID_ARGUMENT, "tokens is NULL");
    EXPECT(w2v_model_train_step(NULL, tokens, lengths, 2, 0, NULL, NULL), W2V_ERR_INVALID_ARGUMENT, "model is NULL");
    EXPECT_OK(w2v_model_train_step(model, NULL, NULL, 0, 0, NULL, NULL));
    uint32_t indices[] = {0, 1, 99};
    size_t three[] = {3};
    EXPECT(w2v_model_train_step_indices(model, indices, three, 1, 0, NULL, NULL), W2V_ERR_INVALID_ARGUMENT,
           "index 99 at position 2");
    EXPECT(w2v_model_train_step_indices(model, NULL, three, 1, 0, NULL, NULL), W2V_ERR_INVALID_ARGUMENT, "indices is NULL");

    double alpha = -1;
    EXPECT_OK(w2v_model_learning_rate(readonly, 0.0, &alpha));
    CHECK(alpha == 0.05); /* CBOW's default */
    EXPECT_OK(w2v_model_learning_rate(readonly, 1.0, &alpha));
    CHECK(fabs(alpha - 0.05 * 0.0001) < 1e-15);
    alpha = -1;
    EXPECT(w2v_model_learning_rate(readonly, 2.0, &alpha), W2V_ERR_INVALID_ARGUMENT, "progress 2.0 is outside [0, 1]");
    EXPECT(w2v_model_learning_rate(readonly, 0.5, NULL), W2V_ERR_INVALID_ARGUMENT, "alpha_out is NULL");
    EXPECT(w2v_model_learning_rate(NULL, 0.5, &alpha), W2V_ERR_INVALID_ARGUMENT, "model is NULL");
    CHECK(alpha == -1);

    /* A corpus long enough that the progress callback runs before the end. */
    char *corpus = path_in_scratch("corpus.txt");
    FILE *file = fopen(corpus, "w");
    CHECK(file != NULL);
    for (int i = 0; file && i < 2000; i++) fputs(corpus_text, file);
    if (file) fclose(file);
    /* So many epochs that the callback, polled every millisecond, is called long before the end. */
    w2v_params *run = NULL;
    EXPECT_OK(w2v_model_get_params(&run, readonly));
    EXPECT_OK(w2v_params_set_int(run, W2V_PARAM_EPOCHS, 1000));
    EXPECT_OK(w2v_model_set_params(model, run));
    int calls = 0;
    EXPECT(w2v_model_train_file(model, corpus, stop_at_once, &calls), W2V_ERR_ABORTED, "stopped by the progress callback");
    CHECK(calls == 1);
    float cosine = 2;
    EXPECT_OK(w2v_model_similarity(readonly, "king", "queen", &cosine)); /* still usable after the abort */
    CHECK(cosine >= -1.0001f && cosine <= 1.0001f);
    EXPECT_OK(w2v_params_set_int(run, W2V_PARAM_EPOCHS, 1));
    EXPECT_OK(w2v_model_set_params(model, run));
    w2v_params_free(run);
    EXPECT_OK(w2v_model_train_file(model, corpus, NULL, NULL));
    char *missing = path_in_scratch("absent.txt");
    EXPECT(w2v_model_train_file(model, missing, NULL, NULL), W2V_ERR_IO, "absent.txt");
    EXPECT(w2v_model_train_file(model, NULL, NULL, NULL), W2V_ERR_INVALID_ARGUMENT, "path is NULL");
    EXPECT(w2v_model_train_file(NULL, corpus, NULL, NULL), W2V_ERR_INVALID_ARGUMENT, "model is NULL");
    CHECK(w2v_model_epoch_words(readonly) == 27 && w2v_model_epoch_words(NULL) == 0); /* one pass = the counts */

    /* Continued training: only the run settings may change. */
    w2v_params *params = NULL;
    EXPECT_OK(w2v_model_get_params(&params, readonly));
    EXPECT_OK(w2v_params_set_int(params, W2V_PARAM_EPOCHS, 2));
    EXPECT_OK(w2v_model_set_params(model, params));
    EXPECT_OK(w2v_params_set_int(params, W2V_PARAM_DIM, 9));
    EXPECT(w2v_model_set_params(model, params), W2V_ERR_INVALID_ARGUMENT, "dim cannot change");
    EXPECT(w2v_model_set_params(model, NULL), W2V_ERR_INVALID_ARGUMENT, "params is NULL");
    EXPECT(w2v_model_set_params(NULL, params), W2V_ERR_INVALID_ARGUMENT, "model is NULL");
    w2v_params_free(params);

    /* Kernel levels: baseline always resolves to itself; every level the CPU has trains (continued
     * training may switch it); one it lacks is refused by training as by w2v_kernels_resolve. */
    w2v_kernels level = W2V_KERNELS_AUTO;
    EXPECT_OK(w2v_kernels_resolve(W2V_KERNELS_BASELINE, &level));
    CHECK(level == W2V_KERNELS_BASELINE);
    if (!getenv("W2V_KERNELS")) {
        EXPECT_OK(w2v_kernels_resolve(W2V_KERNELS_AUTO, &level));
        CHECK(level >= W2V_KERNELS_BASELINE && level <= W2V_KERNELS_AVX512);
    }
    EXPECT(w2v_kernels_resolve((w2v_kernels)7, &level), W2V_ERR_INVALID_ARGUMENT, "kernels = 7 is not a kernel level");
    EXPECT(w2v_kernels_resolve(W2V_KERNELS_BASELINE, NULL), W2V_ERR_INVALID_ARGUMENT, "level_out is NULL");
    EXPECT_OK(w2v_model_get_params(&params, readonly));
    for (int requested = W2V_KERNELS_BASELINE; requested <= W2V_KERNELS_AVX512; requested++) {
        EXPECT_OK(w2v_params_set_int(params, W2V_PARAM_KERNELS, requested));
        EXPECT_OK(w2v_model_set_params(model, params));
        w2v_kernels resolved;
        if (w2v_kernels_resolve((w2v_kernels)requested, &resolved) == W2V_OK) {
            CHECK(resolved == (w2v_kernels)requested);
            EXPECT_OK(w2v_model_train_step(model, tokens, lengths, 2, 0.5, NULL, NULL));
        } else {
            EXPECT(w2v_model_train_step(model, tokens, lengths, 2, 0.5, NULL, NULL), W2V_ERR_INVALID_ARGUMENT,
                   "does not support it");
        }
    }
    EXPECT(w2v_params_set_int(params, W2V_PARAM_KERNELS, 4), W2V_ERR_INVALID_ARGUMENT, "out of range");
    w2v_params_free(params);

    w2v_vocab *vocab = NULL;
    size_t added = 99;
    EXPECT_OK(w2v_vocab_new(&vocab));
    EXPECT(w2v_model_update_vocab(model, vocab, &added), W2V_ERR_INVALID_ARGUMENT, "no words were counted");
    EXPECT_OK(w2v_vocab_add_text(vocab, "king newword newword", 20));
    EXPECT_OK(w2v_model_update_vocab(model, vocab, &added));
    CHECK(added == 1 && w2v_model_vocab_size(readonly) == 10);
    EXPECT(w2v_model_update_vocab(model, NULL, &added), W2V_ERR_INVALID_ARGUMENT, "vocab is NULL");
    EXPECT(w2v_model_update_vocab(NULL, vocab, &added), W2V_ERR_INVALID_ARGUMENT, "model is NULL");
    w2v_vocab_free(vocab);
    free(corpus);
    free(missing);
    w2v_model_free(model);
}

/* ---- Files ------------------------------------------------------------------------------------- */

static void test_files(void) {
    w2v_model *model = make_model();
    const w2v_model *readonly = model;
    char *text = path_in_scratch("model.txt");
    char *native = path_in_scratch("model.w2v");
    EXPECT_OK(w2v_model_save(readonly, text, W2V_FORMAT_TEXT));
    EXPECT_OK(w2v_model_save(readonly, native, W2V_FORMAT_NATIVE));
    EXPECT(w2v_model_save(readonly, text, W2V_FORMAT_AUTO), W2V_ERR_INVALID_ARGUMENT, "auto is only for loading");
    EXPECT(w2v_model_save(readonly, text, (w2v_format)9), W2V_ERR_INVALID_ARGUMENT, "unknown file format 9");
    EXPECT(w2v_model_save(readonly, NULL, W2V_FORMAT_TEXT), W2V_ERR_INVALID_ARGUMENT, "path is NULL");
    EXPECT(w2v_model_save(NULL, text, W2V_FORMAT_TEXT), W2V_ERR_INVALID_ARGUMENT, "model is NULL");

    w2v_model *loaded = NULL;
    EXPECT_OK(w2v_model_load(&loaded, text, W2V_FORMAT_AUTO));
    CHECK(w2v_model_vocab_size(loaded) == w2v_model_vocab_size(readonly));
    const char *tokens[] = {"king", "queen"};
    size_t two[] = {2};
    EXPECT(w2v_model_train_step(loaded, tokens, two, 1, 0, NULL, NULL), W2V_ERR_INVALID_ARGUMENT, "");
    w2v_model_free(loaded);
    loaded = NULL;
    EXPECT_OK(w2v_model_load_native(&loaded, native, W2V_LOAD_SKIP_WEIGHT_CHECKSUMS));
    CHECK(w2v_model_dim(loaded) == 8);
    w2v_model_free(loaded);

    char *missing = path_in_scratch("absent.bin");
    loaded = (w2v_model *)&loaded;
    EXPECT(w2v_model_load(&loaded, missing, W2V_FORMAT_AUTO), W2V_ERR_IO, "absent.bin");
    CHECK(loaded == NULL);
    char *short_rows = write_file("short.txt", "2 3\nking 1 2 3\nqueen 1 2\n");
    EXPECT(w2v_model_load(&loaded, short_rows, W2V_FORMAT_TEXT), W2V_ERR_FORMAT, "queen");
    EXPECT(w2v_model_load(&loaded, text, (w2v_format)-2), W2V_ERR_INVALID_ARGUMENT, "unknown file format -2");
    EXPECT(w2v_model_load_native(&loaded, native, 6), W2V_ERR_INVALID_ARGUMENT, "unknown load flags 4");
    EXPECT(w2v_model_load_native(&loaded, text, W2V_LOAD_DEFAULT), W2V_ERR_FORMAT, "");
    free(text);
    free(native);
    free(missing);
    free(short_rows);
    w2v_model_free(model);
}

/* ---- Handles that are not what they claim ------------------------------------------------------ */

/* Each entry point checks the tag of what a handle points to: a handle of the wrong kind, a freed one
 * or a pointer to memory holding no handle is W2V_ERR_INVALID_ARGUMENT "... is not a w2v_x handle",
 * never a crash, and _free of such a pointer frees nothing. */
static void test_handle_misuse(void) {
    w2v_model *model = make_model();
    w2v_vocab *vocab = NULL;
    w2v_params *params = NULL;
    EXPECT_OK(w2v_vocab_new(&vocab));
    EXPECT_OK(w2v_vocab_add_text(vocab, "a b b", 5));
    EXPECT_OK(w2v_params_new(&params));
    /* Wrong kinds. */
    w2v_vocab *model_as_vocab = (w2v_vocab *)(void *)model;
    w2v_model *vocab_as_model = (w2v_model *)(void *)vocab;
    w2v_params *model_as_params = (w2v_params *)(void *)model;
    w2v_model *params_as_model = (w2v_model *)(void *)params;
    const char *word[] = {"king"};
    size_t index = 0, n = 0;
    uint64_t count = 0;
    int64_t value = 0;
    EXPECT(w2v_vocab_add_text(model_as_vocab, "a", 1), W2V_ERR_INVALID_ARGUMENT,
           "vocab is not a w2v_vocab handle: it is a w2v_model handle");
    EXPECT(w2v_vocab_add_tokens(model_as_vocab, word, 1), W2V_ERR_INVALID_ARGUMENT, "not a w2v_vocab handle");
    EXPECT(w2v_vocab_count(model_as_vocab, "a", &count), W2V_ERR_INVALID_ARGUMENT, "not a w2v_vocab handle");
    EXPECT(w2v_vocab_set_max_words(model_as_vocab, 5), W2V_ERR_INVALID_ARGUMENT, "not a w2v_vocab handle");
    CHECK(w2v_vocab_size(model_as_vocab) == 0 && w2v_vocab_total_words(model_as_vocab) == 0);
    EXPECT(w2v_model_index(vocab_as_model, "a", &index), W2V_ERR_INVALID_ARGUMENT,
           "model is not a w2v_model handle: it is a w2v_vocab handle");
    EXPECT(w2v_model_most_similar(vocab_as_model, word, 1, NULL, 0, 0, 1, &index, (float *)&count, &n),
           W2V_ERR_INVALID_ARGUMENT, "not a w2v_model handle");
    EXPECT(w2v_model_train_step(params_as_model, NULL, NULL, 0, 0, NULL, NULL), W2V_ERR_INVALID_ARGUMENT,
           "it is a w2v_params handle");
    EXPECT(w2v_model_new(&model, model_as_vocab, NULL), W2V_ERR_INVALID_ARGUMENT, "not a w2v_vocab handle");
    EXPECT(w2v_model_new(&model, vocab, model_as_params), W2V_ERR_INVALID_ARGUMENT, "not a w2v_params handle");
    EXPECT(w2v_model_update_vocab(model, model_as_vocab, NULL), W2V_ERR_INVALID_ARGUMENT, "not a w2v_vocab handle");
    EXPECT(w2v_params_get_int(model_as_params, W2V_PARAM_DIM, &value), W2V_ERR_INVALID_ARGUMENT,
           "params is not a w2v_params handle");
    CHECK(w2v_model_dim(vocab_as_model) == 0 && w2v_model_vectors(vocab_as_model) == NULL);
    CHECK(w2v_model_word(vocab_as_model, 0) == NULL);
    CHECK(strstr(w2v_last_error(), "not a w2v_model handle") != NULL);

    /* _free of the wrong kind frees nothing: both objects still work. */
    w2v_vocab_free(model_as_vocab);
    CHECK(strstr(w2v_last_error(), "vocab is not a w2v_vocab handle: it is a w2v_model handle") != NULL);
    w2v_model_free(vocab_as_model);
    CHECK(strstr(w2v_last_error(), "model is not a w2v_model handle") != NULL);
    w2v_params_free(model_as_params);
    CHECK(strstr(w2v_last_error(), "params is not a w2v_params handle") != NULL);
    EXPECT_OK(w2v_model_index(model, "king", &index));
    CHECK(w2v_model_dim(model) == 8);
    CHECK(w2v_vocab_size(vocab) == 2);
    EXPECT_OK(w2v_params_get_int(params, W2V_PARAM_DIM, &value));

    /* Freed handles: every use and a second free are refused. */
    w2v_vocab_free(vocab);
    EXPECT(w2v_vocab_add_text(vocab, "a", 1), W2V_ERR_INVALID_ARGUMENT,
           "vocab is not a w2v_vocab handle: it was freed by w2v_vocab_free");
    CHECK(w2v_vocab_size(vocab) == 0);
    w2v_vocab_free(vocab);
    CHECK(strstr(w2v_last_error(), "freed") != NULL);
    EXPECT(w2v_model_index((w2v_model *)(void *)vocab, "a", &index), W2V_ERR_INVALID_ARGUMENT,
           "it is a w2v_vocab handle, freed by w2v_vocab_free");
    w2v_model_free(model);
    EXPECT(w2v_model_index(model, "king", &index), W2V_ERR_INVALID_ARGUMENT, "it was freed by w2v_model_free");
    float cosine = 0;
    EXPECT(w2v_model_similarity(model, "king", "man", &cosine), W2V_ERR_INVALID_ARGUMENT, "not a w2v_model handle");
    CHECK(w2v_model_vectors(model) == NULL && w2v_model_vocab_size(model) == 0);
    w2v_model_free(model);
    CHECK(strstr(w2v_last_error(), "it was freed by w2v_model_free") != NULL);
    w2v_params_free(params);
    w2v_params_free(params);
    EXPECT(w2v_params_set_int(params, W2V_PARAM_DIM, 3), W2V_ERR_INVALID_ARGUMENT, "freed by w2v_params_free");

    /* Garbage: readable memory holding no handle, misaligned pointers, addresses nothing can have. */
    unsigned char *junk = malloc(256);
    if (!junk) abort();
    for (int fill = 0; fill < 256; fill += 51) {
        memset(junk, fill, 256);
        EXPECT(w2v_model_index((w2v_model *)(void *)junk, "a", &index), W2V_ERR_INVALID_ARGUMENT,
               "model is not a w2v_model handle: the memory it points to holds no handle");
        EXPECT(w2v_vocab_add_text((w2v_vocab *)(void *)(junk + 16), "a", 1), W2V_ERR_INVALID_ARGUMENT,
               "not a w2v_vocab handle");
        w2v_model_free((w2v_model *)(void *)junk);
        w2v_vocab_free((w2v_vocab *)(void *)junk);
        w2v_params_free((w2v_params *)(void *)junk);
        CHECK(strstr(w2v_last_error(), "params is not a w2v_params handle") != NULL);
        CHECK(junk[0] == fill && junk[255] == fill); /* not written to */
    }
    CHECK(w2v_model_dim((w2v_model *)(void *)(junk + 1)) == 0);
    EXPECT(w2v_model_index((w2v_model *)(void *)(junk + 1), "a", &index), W2V_ERR_INVALID_ARGUMENT,
           "no handle can be at address 0x");
    EXPECT(w2v_model_index((w2v_model *)(void *)(junk + 8), "a", &index), W2V_ERR_INVALID_ARGUMENT,
           "no handle can be at address 0x");
    EXPECT(w2v_model_index((w2v_model *)(void *)(uintptr_t)16, "a", &index), W2V_ERR_INVALID_ARGUMENT,
           "no handle can be at address 0x10");
    EXPECT(w2v_model_index((w2v_model *)(void *)(uintptr_t)0xfffffffffffff000u, "a", &index),
           W2V_ERR_INVALID_ARGUMENT, "not a w2v_model handle");
    w2v_model_free((w2v_model *)(void *)(uintptr_t)4096);
    w2v_vocab_free((w2v_vocab *)(void *)"a string, not a handle");
    CHECK(strstr(w2v_last_error(), "not a w2v_vocab handle") != NULL);
    const char *text = "a string, not a handle";
    EXPECT(w2v_model_save((const w2v_model *)(const void *)text, "x", W2V_FORMAT_TEXT), W2V_ERR_INVALID_ARGUMENT,
           "not a w2v_model handle");
    free(junk);
}

/* ---- Sizes no array can have -------------------------------------------------------------------- */

/* Every count and length is checked before use: SIZE_MAX and SIZE_MAX / 2 (and anything whose array
 * would not fit in the address space) are W2V_ERR_INVALID_ARGUMENT naming the argument, never a trap
 * or a read past the caller's array; the object is unchanged. */
static void test_impossible_sizes(void) {
    static const size_t huge[] = {SIZE_MAX, SIZE_MAX / 2, SIZE_MAX / 8 + 1, (size_t)1 << 62};
    w2v_vocab *vocab = NULL;
    EXPECT_OK(w2v_vocab_new(&vocab));
    EXPECT_OK(w2v_vocab_add_text(vocab, "a b", 3));
    w2v_model *model = make_model();
    const w2v_model *readonly = model;
    const char *words[] = {"king", "woman", "man"};
    const char *text = "king";
    size_t lengths[] = {1, 1};
    uint32_t rows[] = {0, 1};
    size_t indices[4], n = 99, odd = 99, needed = 99;
    float scores[4], vector[8] = {1, 0, 0, 0, 0, 0, 0, 0}, distances[16], cosine = 2;
    for (size_t i = 0; i < sizeof huge / sizeof huge[0]; i++) {
        size_t big = huge[i];
        EXPECT(w2v_vocab_add_text(vocab, text, big), W2V_ERR_INVALID_ARGUMENT, "len is");
        EXPECT(w2v_vocab_add_text(vocab, NULL, big), W2V_ERR_INVALID_ARGUMENT, "len is");
        EXPECT(w2v_vocab_add_tokens(vocab, words, big), W2V_ERR_INVALID_ARGUMENT, "n is");

        EXPECT(w2v_model_most_similar(readonly, words, big, NULL, 0, 0, 4, indices, scores, &n), W2V_ERR_INVALID_ARGUMENT,
               "n_pos is");
        EXPECT(w2v_model_most_similar(readonly, words, 1, words, big, 0, 4, indices, scores, &n), W2V_ERR_INVALID_ARGUMENT,
               "n_neg is");
        EXPECT(w2v_model_most_similar(readonly, words, 1, NULL, 0, 0, big, indices, scores, &n), W2V_ERR_INVALID_ARGUMENT,
               "k is");
        EXPECT_OK(w2v_model_most_similar(readonly, words, 1, NULL, 0, big, 4, indices, scores, &n)); /* no array */
        EXPECT(w2v_model_most_similar_cosmul(readonly, words, big, NULL, 0, 0, 4, indices, scores, &n),
               W2V_ERR_INVALID_ARGUMENT, "n_pos is");
        EXPECT(w2v_model_most_similar_cosmul(readonly, words, 1, words, big, 0, 4, indices, scores, &n),
               W2V_ERR_INVALID_ARGUMENT, "n_neg is");
        EXPECT(w2v_model_most_similar_cosmul(readonly, words, 1, NULL, 0, 0, big, indices, scores, &n),
               W2V_ERR_INVALID_ARGUMENT, "k is");
        EXPECT(w2v_model_similar_by_vector(readonly, vector, 8, 0, big, indices, scores, &n), W2V_ERR_INVALID_ARGUMENT,
               "k is");
        EXPECT(w2v_model_similar_by_vector(readonly, vector, big, 0, 4, indices, scores, &n), W2V_ERR_INVALID_ARGUMENT,
               "dim is");
        EXPECT(w2v_model_doesnt_match(readonly, words, big, &odd), W2V_ERR_INVALID_ARGUMENT, "n_words is");
        EXPECT(w2v_model_n_similarity(readonly, words, big, words, 1, &cosine), W2V_ERR_INVALID_ARGUMENT, "n1 is");
        EXPECT(w2v_model_n_similarity(readonly, words, 1, words, big, &cosine), W2V_ERR_INVALID_ARGUMENT, "n2 is");
        EXPECT(w2v_model_distances(readonly, "king", words, big, distances, 16, &needed), W2V_ERR_INVALID_ARGUMENT,
               "n_others is");
        EXPECT(w2v_model_distances(readonly, "king", NULL, 0, distances, big, &needed), W2V_ERR_INVALID_ARGUMENT,
               "len is");
        EXPECT(w2v_model_vector(readonly, "king", vector, big), W2V_ERR_INVALID_ARGUMENT, "len is");

        EXPECT(w2v_model_train_step(model, words, lengths, big, 0, NULL, NULL), W2V_ERR_INVALID_ARGUMENT, "n_sentences is");
        EXPECT(w2v_model_train_step_indices(model, rows, lengths, big, 0, NULL, NULL), W2V_ERR_INVALID_ARGUMENT,
               "n_sentences is");
        size_t one_huge[] = {big};
        EXPECT(w2v_model_train_step(model, words, one_huge, 1, 0, NULL, NULL), W2V_ERR_INVALID_ARGUMENT, "too large");
        EXPECT(w2v_model_train_step_indices(model, rows, one_huge, 1, 0, NULL, NULL), W2V_ERR_INVALID_ARGUMENT,
               "too large");
        size_t two_halves[] = {big, big};
        EXPECT(w2v_model_train_step(model, words, two_halves, 2, 0, NULL, NULL), W2V_ERR_INVALID_ARGUMENT, "too large");
    }
    CHECK(w2v_vocab_size(vocab) == 2 && w2v_vocab_total_words(vocab) == 2); /* nothing counted */
    CHECK(n == 0); /* n_out is reset before the refusal */
    /* The same calls with real sizes still work. */
    EXPECT_OK(w2v_model_train_step(model, words, lengths, 2, 0, NULL, NULL));
    EXPECT_OK(w2v_model_train_step_indices(model, rows, lengths, 2, 0, NULL, NULL));
    EXPECT_OK(w2v_model_distances(readonly, "king", words, 3, distances, 3, &needed));
    CHECK(needed == 3);
    w2v_vocab_free(vocab);
    w2v_model_free(model);
}

/* ---- Loading by copy --------------------------------------------------------------------------- */

/* W2V_LOAD_COPY reads the file into memory: the model survives its file being truncated, rewritten in
 * place and removed (a mapped model would die with SIGBUS; scripts/fault-tests shows that). */
static void test_copy_load(void) {
    w2v_model *model = make_model();
    char *native = path_in_scratch("copied.w2v");
    EXPECT_OK(w2v_model_save(model, native, W2V_FORMAT_NATIVE));
    size_t n = w2v_model_vocab_size(model), dim = w2v_model_dim(model);
    float *expected = malloc(n * dim * sizeof(float));
    if (!expected) abort();
    memcpy(expected, w2v_model_vectors(model), n * dim * sizeof(float));
    static const unsigned flags[] = {W2V_LOAD_COPY, W2V_LOAD_COPY | W2V_LOAD_SKIP_WEIGHT_CHECKSUMS};
    for (size_t f = 0; f < 2; f++) {
        EXPECT_OK(w2v_model_save(model, native, W2V_FORMAT_NATIVE));
        w2v_model *copy = NULL;
        EXPECT_OK(w2v_model_load_native(&copy, native, flags[f]));
        CHECK(truncate(native, 0) == 0);
        CHECK(memcmp(w2v_model_vectors(copy), expected, n * dim * sizeof(float)) == 0);
        /* Rewritten in place with other bytes, then removed: the copy does not notice. */
        FILE *file = fopen(native, "w");
        CHECK(file != NULL);
        for (int i = 0; file && i < 4096; i++) fputs("garbage garbage garbage\n", file);
        if (file) fclose(file);
        CHECK(unlink(native) == 0);
        CHECK(memcmp(w2v_model_vectors(copy), expected, n * dim * sizeof(float)) == 0);
        const char *tokens[] = {"king", "queen", "man", "woman"};
        size_t lengths[] = {4};
        uint64_t words = 0;
        EXPECT_OK(w2v_model_train_step(copy, tokens, lengths, 1, 0.5, &words, NULL)); /* output weights too */
        CHECK(words == 4);
        size_t indices[3], found = 0;
        float scores[3];
        EXPECT_OK(w2v_model_most_similar(copy, tokens, 1, NULL, 0, 0, 3, indices, scores, &found));
        CHECK(found == 3);
        char *again = path_in_scratch("copied-again.w2v");
        EXPECT_OK(w2v_model_save(copy, again, W2V_FORMAT_NATIVE));
        w2v_model *reloaded = NULL;
        EXPECT_OK(w2v_model_load_native(&reloaded, again, W2V_LOAD_DEFAULT));
        CHECK(memcmp(w2v_model_vectors(reloaded), w2v_model_vectors(copy), n * dim * sizeof(float)) == 0);
        w2v_model_free(reloaded);
        free(again);
        w2v_model_free(copy);
    }
    /* A copy reports a truncated file like a mapping does. */
    EXPECT_OK(w2v_model_save(model, native, W2V_FORMAT_NATIVE));
    CHECK(truncate(native, 200) == 0);
    w2v_model *none = NULL;
    EXPECT(w2v_model_load_native(&none, native, W2V_LOAD_COPY), W2V_ERR_FORMAT, "truncated");
    CHECK(none == NULL);
    free(expected);
    free(native);
    w2v_model_free(model);
}

/* ---- Paths are bytes ---------------------------------------------------------------------------- */

static int exists(const char *path) {
    struct stat info;
    return stat(path, &info) == 0;
}

static long file_size(const char *path) {
    struct stat info;
    return stat(path, &info) == 0 ? (long)info.st_size : -1;
}

/* Entries of `directory` whose name starts with `prefix`. */
static int count_entries(const char *directory, const char *prefix) {
    DIR *dir = opendir(directory);
    int n = 0;
    if (!dir) return -1;
    for (struct dirent *entry; (entry = readdir(dir)) != NULL;) {
        if (strncmp(entry->d_name, prefix, strlen(prefix)) == 0) n++;
    }
    closedir(dir);
    return n;
}

/* A Linux path is any bytes but NUL: every call reaches the system with the caller's exact bytes, so
 * paths differing only in bytes that are not UTF-8 are different files, and messages escape such
 * bytes as \xNN. */
static void test_byte_paths(void) {
    w2v_model *model = make_model();
    char *directory = path_in_scratch("bytes");
    CHECK(mkdir(directory, 0777) == 0);
    size_t length = strlen(directory) + 32;
    char *path = malloc(length);
    if (!path) abort();

    /* One file for each byte 0x80-0xff, none of them UTF-8 on its own. */
    int saved = 0, found = 0, loaded = 0;
    for (int byte = 0x80; byte <= 0xff; byte++) {
        snprintf(path, length, "%s/p-%c.txt", directory, (char)byte);
        saved += w2v_model_save(model, path, W2V_FORMAT_TEXT) == W2V_OK;
        found += exists(path);
        w2v_model *again = NULL;
        if (w2v_model_load(&again, path, W2V_FORMAT_TEXT) == W2V_OK && w2v_model_vocab_size(again) == 9) loaded++;
        w2v_model_free(again);
    }
    CHECK(saved == 128);
    CHECK(found == 128);
    CHECK(loaded == 128);
    CHECK(count_entries(directory, "p-") == 128); /* no U+FFFD-named stand-in, nothing else */

    /* x\xff and x\xfe are two files: a native model and a vocabulary, each read back as itself. */
    char *ff = malloc(length), *fe = malloc(length);
    if (!ff || !fe) abort();
    snprintf(ff, length, "%s/x\xff", directory);
    snprintf(fe, length, "%s/x\xfe", directory);
    EXPECT_OK(w2v_model_save(model, ff, W2V_FORMAT_NATIVE));
    w2v_vocab *vocab = NULL;
    EXPECT_OK(w2v_vocab_new(&vocab));
    EXPECT_OK(w2v_vocab_add_text(vocab, "one two two", 11));
    EXPECT_OK(w2v_vocab_save(vocab, fe, 1));
    CHECK(exists(ff) && exists(fe) && file_size(ff) != file_size(fe));
    w2v_model *native = NULL;
    EXPECT_OK(w2v_model_load_native(&native, ff, W2V_LOAD_DEFAULT));
    CHECK(w2v_model_vocab_size(native) == 9);
    w2v_model_free(native);
    native = NULL;
    EXPECT(w2v_model_load_native(&native, fe, W2V_LOAD_DEFAULT), W2V_ERR_FORMAT, "is not a native model");
    CHECK(strstr(w2v_last_error(), "x\\xfe") != NULL);
    w2v_vocab *counts = NULL;
    EXPECT_OK(w2v_vocab_new(&counts));
    EXPECT_OK(w2v_vocab_add_counts_file(counts, fe));
    CHECK(w2v_vocab_size(counts) == 2 && w2v_vocab_total_words(counts) == 3);
    /* Counting and training read the corpus at its exact bytes too. */
    EXPECT_OK(w2v_vocab_add_file(counts, ff));
    EXPECT_OK(w2v_model_train_file(model, fe, NULL, NULL));
    w2v_vocab_free(counts);

    /* Messages name the path, the bytes that are not UTF-8 (and control bytes) as \xNN, UTF-8 as is. */
    snprintf(path, length, "%s/absent-\xff\x01-\xc3\xa9.bin", directory);
    w2v_model *none = NULL;
    EXPECT(w2v_model_load(&none, path, W2V_FORMAT_AUTO), W2V_ERR_IO, "absent-\\xff\\x01-\xc3\xa9.bin");
    EXPECT(w2v_vocab_add_file(vocab, path), W2V_ERR_IO, "absent-\\xff\\x01");
    EXPECT(w2v_model_evaluate_word_pairs(model, path, NULL, NULL, NULL, NULL), W2V_ERR_IO, "absent-\\xff\\x01");
    snprintf(path, length, "%s/missing-\xfe/m.txt", directory);
    EXPECT(w2v_model_save(model, path, W2V_FORMAT_TEXT), W2V_ERR_IO, "missing-\\xfe/m.txt");
    CHECK(count_entries(directory, "") == 128 + 2 + 2); /* ., .., the files above: no temporaries */
    /* Removed here: a scratch cleaner that reads names as UTF-8 might miss these. */
    for (int byte = 0x80; byte <= 0xff; byte++) {
        snprintf(path, length, "%s/p-%c.txt", directory, (char)byte);
        CHECK(unlink(path) == 0);
    }
    CHECK(unlink(ff) == 0 && unlink(fe) == 0 && rmdir(directory) == 0);
    w2v_vocab_free(vocab);
    free(ff);
    free(fe);
    free(path);
    free(directory);
    w2v_model_free(model);
}

/* ---- Queries ----------------------------------------------------------------------------------- */

static void test_queries(void) {
    w2v_model *model = make_model();
    const w2v_model *readonly = model;
    const char *positive[] = {"king", "woman"};
    const char *negative[] = {"man"};
    const char *unknown[] = {"king", "unicorn"};
    size_t indices[4];
    float scores[4];
    size_t n = 99;
    float cosine = 2;
    EXPECT_OK(w2v_model_similarity(readonly, "king", "king", &cosine));
    CHECK(fabsf(cosine - 1) < 1e-5f);
    EXPECT(w2v_model_similarity(readonly, "king", "unicorn", &cosine), W2V_ERR_NOT_FOUND, "unicorn");
    EXPECT(w2v_model_similarity(readonly, "king", "queen", NULL), W2V_ERR_INVALID_ARGUMENT, "cosine_out is NULL");

    EXPECT_OK(w2v_model_most_similar(readonly, positive, 2, negative, 1, 0, 4, indices, scores, &n));
    CHECK(n == 4);
    for (size_t i = 0; i < n; i++) CHECK(indices[i] < 9 && (i == 0 || scores[i] <= scores[i - 1]));
    EXPECT_OK(w2v_model_most_similar(readonly, positive, 2, negative, 1, 2, 4, indices, scores, &n));
    CHECK(n <= 2);
    for (size_t i = 0; i < n; i++) CHECK(indices[i] < 2);
    EXPECT_OK(w2v_model_most_similar(readonly, positive, 1, NULL, 0, 0, 0, NULL, NULL, &n));
    CHECK(n == 0);
    EXPECT(w2v_model_most_similar(readonly, NULL, 0, NULL, 0, 0, 4, indices, scores, &n), W2V_ERR_INVALID_ARGUMENT,
           "at least one");
    EXPECT(w2v_model_most_similar(readonly, unknown, 2, NULL, 0, 0, 4, indices, scores, &n), W2V_ERR_NOT_FOUND,
           "unicorn");
    EXPECT(w2v_model_most_similar(readonly, positive, 2, NULL, 0, 0, 4, indices, scores, NULL),
           W2V_ERR_INVALID_ARGUMENT, "n_out is NULL");
    EXPECT(w2v_model_most_similar(readonly, positive, 2, NULL, 0, 0, 4, NULL, scores, &n), W2V_ERR_INVALID_ARGUMENT,
           "indices_out is NULL");
    EXPECT(w2v_model_most_similar(NULL, positive, 2, NULL, 0, 0, 4, indices, scores, &n), W2V_ERR_INVALID_ARGUMENT,
           "model is NULL");
    EXPECT(w2v_model_most_similar_cosmul(readonly, NULL, 0, negative, 1, 0, 4, indices, scores, &n),
           W2V_ERR_INVALID_ARGUMENT, "at least one positive word");
    EXPECT_OK(w2v_model_most_similar_cosmul(readonly, positive, 2, negative, 1, 0, 4, indices, scores, &n));
    CHECK(n == 4 && scores[0] > 0);

    float vector[8] = {1, 0, 0, 0, 0, 0, 0, 0};
    EXPECT_OK(w2v_model_similar_by_vector(readonly, vector, 8, 0, 4, indices, scores, &n));
    CHECK(n == 4);
    EXPECT(w2v_model_similar_by_vector(readonly, vector, 7, 0, 4, indices, scores, &n), W2V_ERR_INVALID_ARGUMENT,
           "dim is 7; the model's vectors have 8");
    vector[3] = NAN;
    EXPECT(w2v_model_similar_by_vector(readonly, vector, 8, 0, 4, indices, scores, &n), W2V_ERR_INVALID_ARGUMENT, "3");
    EXPECT(w2v_model_similar_by_vector(readonly, NULL, 8, 0, 4, indices, scores, &n), W2V_ERR_INVALID_ARGUMENT,
           "vector is NULL");

    size_t odd = 99;
    EXPECT_OK(w2v_model_doesnt_match(readonly, positive, 2, &odd));
    CHECK(odd < 9);
    EXPECT(w2v_model_doesnt_match(readonly, positive, 0, &odd), W2V_ERR_INVALID_ARGUMENT, "");
    EXPECT(w2v_model_doesnt_match(readonly, unknown, 2, &odd), W2V_ERR_NOT_FOUND, "unicorn");
    EXPECT(w2v_model_doesnt_match(readonly, positive, 2, NULL), W2V_ERR_INVALID_ARGUMENT, "index_out is NULL");
    EXPECT_OK(w2v_model_n_similarity(readonly, positive, 2, negative, 1, &cosine));
    CHECK(cosine >= -1.0001f && cosine <= 1.0001f);
    EXPECT(w2v_model_n_similarity(readonly, positive, 2, NULL, 0, &cosine), W2V_ERR_INVALID_ARGUMENT, "");

    float distances[10];
    size_t needed = 0;
    EXPECT(w2v_model_distances(readonly, "king", NULL, 0, distances, 8, &needed), W2V_ERR_BUFFER_TOO_SMALL,
           "9 distances are needed");
    CHECK(needed == 9);
    EXPECT(w2v_model_distances(readonly, "king", NULL, 0, NULL, 0, &needed), W2V_ERR_BUFFER_TOO_SMALL, "");
    EXPECT_OK(w2v_model_distances(readonly, "king", NULL, 0, distances, 9, NULL));
    EXPECT_OK(w2v_model_index(readonly, "king", &odd));
    CHECK(fabsf(distances[odd]) < 1e-5f);
    EXPECT_OK(w2v_model_distances(readonly, "king", negative, 1, distances, 1, &needed));
    CHECK(needed == 1 && distances[0] >= 0 && distances[0] <= 2);
    EXPECT(w2v_model_distances(readonly, "unicorn", NULL, 0, distances, 9, &needed), W2V_ERR_NOT_FOUND, "unicorn");
    w2v_model_free(model);
}

/* ---- Evaluation -------------------------------------------------------------------------------- */

static void test_evaluation(void) {
    w2v_model *model = make_model();
    const w2v_model *readonly = model;
    char *questions = write_file("questions.txt", ": s\nman king woman queen\nA B C D\n");
    size_t correct = 99, seen = 99;
    EXPECT_OK(w2v_model_evaluate_analogies(readonly, questions, 0, W2V_ANALOGY_3COSADD, &correct, &seen, NULL, NULL,
                                           NULL, NULL));
    CHECK(seen == 2 && correct <= seen);
    EXPECT_OK(w2v_model_evaluate_analogies(readonly, questions, 0, W2V_ANALOGY_3COSMUL, NULL, NULL, NULL, NULL,
                                           NULL, NULL));
    EXPECT(w2v_model_evaluate_analogies(readonly, questions, 0, (w2v_analogy_method)7, NULL, NULL, NULL, NULL, NULL,
                                        NULL),
           W2V_ERR_INVALID_ARGUMENT, "unknown analogy method 7");
    char *bad = write_file("bad-questions.txt", ": s\nman king woman\n");
    EXPECT(w2v_model_evaluate_analogies(readonly, bad, 0, W2V_ANALOGY_3COSADD, NULL, NULL, NULL, NULL, NULL, NULL),
           W2V_ERR_FORMAT, "line 2");
    char *missing = path_in_scratch("absent.txt");
    EXPECT(w2v_model_evaluate_analogies(readonly, missing, 0, W2V_ANALOGY_3COSADD, NULL, NULL, NULL, NULL, NULL,
                                        NULL),
           W2V_ERR_IO, "absent.txt");
    EXPECT(w2v_model_evaluate_analogies(NULL, questions, 0, W2V_ANALOGY_3COSADD, NULL, NULL, NULL, NULL, NULL, NULL),
           W2V_ERR_INVALID_ARGUMENT, "model is NULL");

    char *pairs = write_file("pairs.tsv", "# comment\nking\tqueen\t8.5\nman\twoman\t8.3\nking\tstone\t1.0\n");
    double spearman = 9, pearson = 9;
    size_t used = 0, skipped = 9;
    EXPECT_OK(w2v_model_evaluate_word_pairs(readonly, pairs, &spearman, &pearson, &used, &skipped));
    CHECK(used == 3 && skipped == 0 && fabs(spearman) <= 1 && fabs(pearson) <= 1);
    char *bad_pairs = write_file("bad-pairs.tsv", "king queen 8.5\nman woman high\n");
    EXPECT(w2v_model_evaluate_word_pairs(readonly, bad_pairs, NULL, NULL, NULL, NULL), W2V_ERR_FORMAT,
           "line 2: the score 'high' is not a number");
    EXPECT(w2v_model_evaluate_word_pairs(readonly, NULL, NULL, NULL, NULL, NULL), W2V_ERR_INVALID_ARGUMENT,
           "path is NULL");
    free(questions);
    free(bad);
    free(missing);
    free(pairs);
    free(bad_pairs);
    w2v_model_free(model);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s SCRATCH_DIRECTORY\n", argv[0]);
        return 2;
    }
    scratch = argv[1];
    test_library();
    test_free_null_and_null_outs();
    test_parameters();
    test_vocabulary();
    test_model();
    test_training();
    test_files();
    test_copy_load();
    test_byte_paths();
    test_impossible_sizes();
    test_handle_misuse();
    test_queries();
    test_evaluation();
    printf("%d checks, %d failed\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
