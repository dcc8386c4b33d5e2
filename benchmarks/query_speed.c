/* Times loading a word2vec file and answering most_similar queries through the public C API.
 * usage: query_speed VECTORS [QUERIES]
 * Prints: load seconds, single queries per second (k = 10, one word each, spread over the vocabulary),
 * and the same from 2 threads at once would need pthreads: kept single-threaded for a clean figure. */
#include "w2v.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: query_speed VECTORS [QUERIES]\n");
        return 2;
    }
    int queries = argc > 2 ? atoi(argv[2]) : 2000;
    double start = now();
    w2v_model *model;
    if (w2v_model_load(&model, argv[1], W2V_FORMAT_AUTO) != W2V_OK) {
        fprintf(stderr, "query_speed: %s\n", w2v_last_error());
        return 1;
    }
    double load = now() - start;
    size_t vocab = w2v_model_vocab_size(model);
    size_t indices[10], n;
    float scores[10];
    /* The first query builds the normalised view; time it apart. */
    start = now();
    const char *first = w2v_model_word(model, 0);
    if (w2v_model_most_similar(model, &first, 1, NULL, 0, 10, indices, scores, &n) != W2V_OK) {
        fprintf(stderr, "query_speed: %s\n", w2v_last_error());
        return 1;
    }
    double warm = now() - start;
    start = now();
    for (int q = 0; q < queries; q++) {
        const char *word = w2v_model_word(model, (size_t)q * 7919 % vocab);
        if (w2v_model_most_similar(model, &word, 1, NULL, 0, 10, indices, scores, &n) != W2V_OK) {
            fprintf(stderr, "query_speed: %s\n", w2v_last_error());
            return 1;
        }
    }
    double elapsed = now() - start;
    printf("vocabulary %zu x %zu\nload_seconds %.3f\nfirst_query_seconds %.4f\nqueries_per_second %.0f\n", vocab,
           w2v_model_dim(model), load, warm, queries / elapsed);
    w2v_model_free(model);
    return 0;
}
