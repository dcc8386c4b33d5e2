/* A program that uses an installed libw2v as any C program would: built by scripts/test-install with
 * `cc consumer.c $(pkg-config --cflags --libs w2v)` and with CMake's find_package(w2v).
 *
 *   consumer CORPUS A B C D     trains skip-gram on CORPUS, then answers A : B :: C : ? (3CosAdd over the
 *                               unit vectors) and exits 0 when the answer is D, the planted one.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <w2v.h>

static int fail(const char *what) {
    fprintf(stderr, "consumer: %s: %s\n", what, w2v_last_error());
    return 1;
}

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: consumer CORPUS A B C D\n");
        return 2;
    }
    if (w2v_version() / 10000 != W2V_VERSION_MAJOR) {
        fprintf(stderr, "consumer: libw2v %s, built against major version %d\n", w2v_version_string(),
                W2V_VERSION_MAJOR);
        return 1;
    }
    printf("libw2v %s\n", w2v_version_string());

    w2v_vocab *vocab = NULL;
    w2v_params *params = NULL;
    w2v_model *model = NULL;
    if (w2v_vocab_new(&vocab) != W2V_OK) return fail("vocab_new");
    if (w2v_vocab_add_file(vocab, argv[1]) != W2V_OK) return fail("vocab_add_file");
    if (w2v_params_new(&params) != W2V_OK) return fail("params_new");
    if (w2v_params_set_int(params, W2V_PARAM_ARCH, W2V_ARCH_SKIPGRAM) != W2V_OK ||
        w2v_params_set_int(params, W2V_PARAM_DIM, 50) != W2V_OK ||
        w2v_params_set_int(params, W2V_PARAM_EPOCHS, 3) != W2V_OK ||
        w2v_params_set_int(params, W2V_PARAM_MIN_COUNT, 2) != W2V_OK ||
        w2v_params_set_int(params, W2V_PARAM_THREADS, 2) != W2V_OK)
        return fail("params_set_int");
    if (w2v_model_new(&model, vocab, params) != W2V_OK) return fail("model_new");
    if (w2v_model_train_file(model, argv[1], NULL, NULL) != W2V_OK) return fail("model_train_file");

    size_t dim = w2v_model_dim(model), words = w2v_model_vocab_size(model);
    const float *vectors = w2v_model_vectors(model);
    size_t query[3];
    for (int i = 0; i < 3; i++)
        if (w2v_model_index(model, argv[2 + i], &query[i]) != W2V_OK) return fail(argv[2 + i]);
    float cosine;
    if (w2v_model_similarity(model, argv[2], argv[3], &cosine) != W2V_OK) return fail("model_similarity");
    printf("%zu words, %zu dimensions; similarity(%s, %s) = %.4f\n", words, dim, argv[2], argv[3], cosine);

    /* b - a + c over unit vectors, then the nearest other word by cosine */
    double *target = calloc(dim, sizeof *target);
    if (target == NULL) return 1;
    const double sign[3] = {-1.0, 1.0, 1.0};
    for (int q = 0; q < 3; q++) {
        const float *row = vectors + query[q] * dim;
        double norm = 0;
        for (size_t j = 0; j < dim; j++) norm += (double)row[j] * row[j];
        norm = sqrt(norm);
        for (size_t j = 0; j < dim; j++) target[j] += sign[q] * row[j] / norm;
    }
    size_t best = words;
    double best_score = -2;
    for (size_t i = 0; i < words; i++) {
        if (i == query[0] || i == query[1] || i == query[2]) continue;
        const float *row = vectors + i * dim;
        double dot = 0, norm = 0, target_norm = 0;
        for (size_t j = 0; j < dim; j++) {
            dot += target[j] * row[j];
            norm += (double)row[j] * row[j];
            target_norm += target[j] * target[j];
        }
        double score = dot / (sqrt(norm) * sqrt(target_norm) + 1e-12);
        if (score > best_score) { best_score = score; best = i; }
    }
    free(target);
    const char *answer = best < words ? w2v_model_word(model, best) : "(none)";
    printf("%s : %s :: %s : %s (%.4f)\n", argv[2], argv[3], argv[4], answer, best_score);
    int ok = best < words && strcmp(answer, argv[5]) == 0;
    w2v_model_free(model);
    w2v_params_free(params);
    w2v_vocab_free(vocab);
    if (!ok) fprintf(stderr, "consumer: expected %s\n", argv[5]);
    return ok ? 0 : 1;
}
