/* Times loading a word2vec file and answering most_similar queries through the public C API.
 * usage: query_speed VECTORS [QUERIES]
 * Prints: load seconds, single queries per second (k = 10, one word each, spread over the vocabulary;
 * one query at a time, as a user's loop asks them), and a hash of every answer (indices and score bits),
 * so that two builds can be checked to answer the same. */
#include "w2v.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* FNV-1a over bytes. */
static uint64_t hash_bytes(uint64_t h, const void *bytes, size_t n) {
    const unsigned char *p = bytes;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 1099511628211u;
    return h;
}

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
    if (w2v_model_most_similar(model, &first, 1, NULL, 0, 0, 10, indices, scores, &n) != W2V_OK) {
        fprintf(stderr, "query_speed: %s\n", w2v_last_error());
        return 1;
    }
    double warm = now() - start;
    uint64_t answers = 14695981039346656037u;
    start = now();
    for (int q = 0; q < queries; q++) {
        const char *word = w2v_model_word(model, (size_t)q * 7919 % vocab);
        if (w2v_model_most_similar(model, &word, 1, NULL, 0, 0, 10, indices, scores, &n) != W2V_OK) {
            fprintf(stderr, "query_speed: %s\n", w2v_last_error());
            return 1;
        }
        answers = hash_bytes(answers, indices, n * sizeof indices[0]);
        answers = hash_bytes(answers, scores, n * sizeof scores[0]);
    }
    double elapsed = now() - start;
    printf("vocabulary %zu x %zu\nload_seconds %.3f\nfirst_query_seconds %.4f\nqueries_per_second %.0f\nanswers_hash %016llx\n",
           vocab, w2v_model_dim(model), load, warm, queries / elapsed, (unsigned long long)answers);
    w2v_model_free(model);
    return 0;
}
