/* Times the stages of libw2v one at a time, through the public C API (benchmarks/stages runs it):
 *   stage_speed count FILE                 counting the words of FILE (the vocabulary pass alone)
 *   stage_speed load FILE text|binary|native|native-copy   loading a model file
 *   stage_speed convert IN OUT text|binary|native          IN (any format) saved as OUT
 *   stage_speed analogy VECTORS QUESTIONS  analogy evaluation (3CosAdd, top 30,000 words)
 * Each prints "seconds S" and what it measured, one "name value" pair per line. */
#include "w2v.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int fail(const char *what) {
    fprintf(stderr, "stage_speed %s: %s\n", what, w2v_last_error());
    return 1;
}

static int format_of(const char *name, w2v_format *out) {
    if (!strcmp(name, "text")) *out = W2V_FORMAT_TEXT;
    else if (!strcmp(name, "binary")) *out = W2V_FORMAT_BINARY;
    else if (!strcmp(name, "native")) *out = W2V_FORMAT_NATIVE;
    else return 0;
    return 1;
}

static int count(const char *path) {
    w2v_vocab *vocab;
    if (w2v_vocab_new(&vocab) != W2V_OK) return fail("count");
    double start = now();
    if (w2v_vocab_add_file(vocab, path) != W2V_OK) return fail("count");
    double seconds = now() - start;
    unsigned long long words = (unsigned long long)w2v_vocab_total_words(vocab);
    printf("seconds %.3f\nwords %llu\ndistinct %zu\nwords_per_second %.0f\n", seconds, words,
           w2v_vocab_size(vocab), (double)words / seconds);
    w2v_vocab_free(vocab);
    return 0;
}

static int load(const char *path, const char *kind) {
    w2v_model *model;
    w2v_format format;
    double start = now();
    w2v_status status;
    if (!strcmp(kind, "native-copy")) status = w2v_model_load_native(&model, path, W2V_LOAD_COPY);
    else if (format_of(kind, &format)) status = w2v_model_load(&model, path, format);
    else {
        fprintf(stderr, "stage_speed load: text, binary, native or native-copy\n");
        return 2;
    }
    if (status != W2V_OK) return fail("load");
    double seconds = now() - start;
    printf("seconds %.4f\nvocabulary %zu\n", seconds, w2v_model_vocab_size(model));
    w2v_model_free(model);
    return 0;
}

static int convert(const char *in, const char *out, const char *kind) {
    w2v_model *model;
    w2v_format format;
    if (!format_of(kind, &format)) {
        fprintf(stderr, "stage_speed convert: text, binary or native\n");
        return 2;
    }
    if (w2v_model_load(&model, in, W2V_FORMAT_AUTO) != W2V_OK) return fail("convert");
    double start = now();
    if (w2v_model_save(model, out, format) != W2V_OK) return fail("convert");
    printf("seconds %.4f\n", now() - start);
    w2v_model_free(model);
    return 0;
}

static int analogy(const char *vectors, const char *questions) {
    w2v_model *model;
    if (w2v_model_load(&model, vectors, W2V_FORMAT_AUTO) != W2V_OK) return fail("analogy");
    size_t correct, seen, sc, ss, yc, ys;
    double start = now();
    if (w2v_model_evaluate_analogies(model, questions, 30000, W2V_ANALOGY_3COSADD, &correct, &seen, &sc, &ss, &yc,
                                     &ys) != W2V_OK)
        return fail("analogy");
    double seconds = now() - start;
    printf("seconds %.3f\nquestions %zu\ncorrect %zu\naccuracy %.2f\n", seconds, seen, correct,
           seen ? 100.0 * (double)correct / (double)seen : 0.0);
    w2v_model_free(model);
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 3 && !strcmp(argv[1], "count")) return count(argv[2]);
    if (argc == 4 && !strcmp(argv[1], "load")) return load(argv[2], argv[3]);
    if (argc == 5 && !strcmp(argv[1], "convert")) return convert(argv[2], argv[3], argv[4]);
    if (argc == 4 && !strcmp(argv[1], "analogy")) return analogy(argv[2], argv[3]);
    fprintf(stderr, "usage: stage_speed count FILE | load FILE text|binary|native|native-copy | "
                    "convert IN OUT text|binary|native | analogy VECTORS QUESTIONS\n");
    return 2;
}
