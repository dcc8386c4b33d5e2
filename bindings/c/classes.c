/* -classes K: word classes by k-means on the word vectors, as the original word2vec tool computes them
 * (word2vec.c, "Run K-means on the word vectors"), written as "word class" lines in vocabulary order.
 *
 * The algorithm, kept as the original has it so that its class files and ours agree:
 *   - word i starts in class i mod K (no randomness, so the classes depend only on the vectors);
 *   - 10 rounds of: each centroid = the sum of its words' vectors divided by (its word count + 1) (the
 *     original starts every count at 1), then scaled to unit length; each word moves to the class whose
 *     centroid has the largest dot product with the word's raw (not normalised) vector, the first such
 *     class on ties.
 * Single-precision sums in word order, as the original's `real`, so a run is deterministic.
 * Two differences at the edges, where the original's result is an accident: a class left without words
 * (a zero centroid, which the original turns into NaNs by 0/0) is never chosen rather than never chosen
 * by luck of NaN comparisons, and the best class is the true maximum where the original starts its
 * search at -10 (so a word whose every dot product is below -10 lands in class 0 there). */
#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { KMEANS_ROUNDS = 10 };

/* Moves each centroid to its words' mean (count + 1, as the original) scaled to unit length; returns
 * in `usable[c]` whether class c has a direction at all. */
static void update_centroids(const float *vectors, size_t n_words, size_t dim, const int *assigned, size_t classes,
                             float *centroids, int *members, int *usable) {
    memset(centroids, 0, classes * dim * sizeof *centroids);
    for (size_t c = 0; c < classes; c++) members[c] = 1;
    for (size_t w = 0; w < n_words; w++) {
        float *centroid = centroids + (size_t)assigned[w] * dim;
        for (size_t d = 0; d < dim; d++) centroid[d] += vectors[w * dim + d];
        members[assigned[w]]++;
    }
    for (size_t c = 0; c < classes; c++) {
        float *centroid = centroids + c * dim;
        float squares = 0;
        for (size_t d = 0; d < dim; d++) {
            centroid[d] /= (float)members[c];
            squares += centroid[d] * centroid[d];
        }
        float length = (float)sqrt(squares);
        usable[c] = length > 0 && isfinite(length);
        if (usable[c])
            for (size_t d = 0; d < dim; d++) centroid[d] /= length;
    }
}

/* The class of the usable centroid with the largest dot product with `vector` (the first on ties). */
static int closest_class(const float *vector, size_t dim, const float *centroids, const int *usable, size_t classes) {
    int best = -1;
    float best_dot = 0;
    for (size_t c = 0; c < classes; c++) {
        if (!usable[c]) continue;
        float dot = 0;
        for (size_t d = 0; d < dim; d++) dot += centroids[c * dim + d] * vector[d];
        if (best < 0 || dot > best_dot) {
            best = (int)c;
            best_dot = dot;
        }
    }
    return best < 0 ? 0 : best; /* no usable centroid (every vector zero): class 0, as the original */
}

/* The class of each of the model's words after the original's k-means. */
static int *kmeans(const w2v_model *model, size_t classes) {
    size_t n_words = w2v_model_vocab_size(model), dim = w2v_model_dim(model);
    const float *vectors = w2v_model_vectors(model);
    int *assigned = checked_malloc(n_words * sizeof *assigned);
    float *centroids = checked_malloc(classes * dim * sizeof *centroids);
    int *members = checked_malloc(classes * sizeof *members);
    int *usable = checked_malloc(classes * sizeof *usable);
    for (size_t w = 0; w < n_words; w++) assigned[w] = (int)(w % classes);
    for (int round = 0; round < KMEANS_ROUNDS; round++) {
        update_centroids(vectors, n_words, dim, assigned, classes, centroids, members, usable);
        for (size_t w = 0; w < n_words; w++)
            assigned[w] = closest_class(vectors + w * dim, dim, centroids, usable, classes);
    }
    free(centroids);
    free(members);
    free(usable);
    return assigned;
}

typedef struct {
    const w2v_model *model;
    const int *assigned;
} class_listing;

static void write_listing(FILE *stream, const void *context) {
    const class_listing *listing = context;
    for (size_t w = 0; w < w2v_model_vocab_size(listing->model); w++)
        fprintf(stream, "%s %d\n", w2v_model_word(listing->model, w), listing->assigned[w]);
}

void write_classes(const w2v_model *model, size_t classes, const char *path) {
    size_t n_words = w2v_model_vocab_size(model);
    if (classes > n_words) {
        fprintf(stderr, "w2v: -classes %zu is more than the model's %zu words\n", classes, n_words);
        exit(EXIT_FAILED);
    }
    class_listing listing = {model, kmeans(model, classes)};
    write_file_atomically(path, write_listing, &listing);
    free((void *)listing.assigned);
}
