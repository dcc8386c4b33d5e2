/* The queries of -load FILE given on the command line, in the order of the usage text; queries read
 * from stdin (interactive.c) and -classes run after them. Each prints its answer on stdout, one per
 * line: "word<TAB>score" for -similar, -analogy, -analogy-cosmul and -similar-vector (cosines; 3CosMul
 * scores for -analogy-cosmul), the odd word out for -doesnt-match, the cosine of the two lists' mean
 * vectors for -n-similarity, "word<TAB>distance" (1 - cosine) for -distances, and the counts of
 * -accuracy and -pairs. -restrict N keeps the candidates to the N most frequent words (0 = all): all by
 * default, 30000 for -accuracy (as word2vec's compute-accuracy). */
#include "cli.h"

#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The candidates of the neighbour queries: -restrict when given, else every word (0). */
static size_t query_restrict(const options *o) {
    return o->has_restrict ? o->restrict_vocab : 0;
}

/* -k, but never more than the model has words: the result arrays are allocated for it. */
static size_t result_count(const w2v_model *model, const options *o) {
    size_t words = w2v_model_vocab_size(model);
    return o->k < words ? o->k : (words ? words : 1);
}

static void print_scored(const w2v_model *model, const size_t *indices, const float *scores, size_t n) {
    for (size_t i = 0; i < n; i++) printf("%s\t%.6f\n", w2v_model_word(model, indices[i]), scores[i]);
}

/* Prints "word<TAB>score" for the -k best words: by cosine to the mean of the positive words' unit
 * vectors minus the negative ones' (most_similar), or by 3CosMul. Returns the library's status, so
 * that the interactive mode can go on after an unknown word. */
w2v_status print_neighbours(const w2v_model *model, neighbours_kind kind, const char *const *positive, size_t n_pos,
                            const char *const *negative, size_t n_neg, const options *o) {
    size_t k = result_count(model, o);
    size_t *indices = checked_malloc(k * sizeof *indices);
    float *scores = checked_malloc(k * sizeof *scores);
    size_t n = 0;
    w2v_status status =
        kind == NEIGHBOURS_COSMUL
            ? w2v_model_most_similar_cosmul(model, positive, n_pos, negative, n_neg, query_restrict(o), k, indices, scores, &n)
            : w2v_model_most_similar(model, positive, n_pos, negative, n_neg, query_restrict(o), k, indices, scores, &n);
    if (status == W2V_OK) print_scored(model, indices, scores, n);
    free(indices);
    free(scores);
    return status;
}

/* -similar-vector: the words nearest to a vector given as dim numbers. */
static void print_similar_by_vector(const w2v_model *model, const options *o) {
    word_list numbers = split_words(o->similar_vector);
    float *vector = checked_malloc(numbers.n * sizeof *vector);
    size_t k = result_count(model, o);
    size_t *indices = checked_malloc(k * sizeof *indices);
    float *scores = checked_malloc(k * sizeof *scores);
    for (size_t i = 0; i < numbers.n; i++)
        vector[i] = (float)parse_float_value("-similar-vector", numbers.words[i], -FLT_MAX, FLT_MAX);
    size_t n;
    check(w2v_model_similar_by_vector(model, vector, numbers.n, query_restrict(o), k, indices, scores, &n));
    print_scored(model, indices, scores, n);
    free(vector);
    free(indices);
    free(scores);
    free_words(&numbers);
}

static void print_doesnt_match(const w2v_model *model, const options *o) {
    word_list words = split_words(o->doesnt_match);
    size_t index;
    check(w2v_model_doesnt_match(model, words.words, words.n, &index));
    printf("%s\n", w2v_model_word(model, index));
    free_words(&words);
}

static void print_n_similarity(const w2v_model *model, const options *o) {
    word_list first = split_words(o->n_similarity[0]), second = split_words(o->n_similarity[1]);
    float cosine;
    check(w2v_model_n_similarity(model, first.words, first.n, second.words, second.n, &cosine));
    printf("%.6f\n", cosine);
    free_words(&first);
    free_words(&second);
}

/* -distances WORD "W1 W2 ...": "Wi<TAB>distance" in the order given; an empty list means every word
 * of the vocabulary, in row order. */
static void print_distances(const w2v_model *model, const options *o) {
    word_list others = split_words(o->distances);
    size_t needed = others.n ? others.n : w2v_model_vocab_size(model);
    float *distances = checked_malloc(needed * sizeof *distances);
    check(w2v_model_distances(model, o->distances_word, others.words, others.n, distances, needed, &needed));
    for (size_t i = 0; i < needed; i++)
        printf("%s\t%.6f\n", others.n ? others.words[i] : w2v_model_word(model, i), distances[i]);
    free(distances);
    free_words(&others);
}

static void print_accuracy(const w2v_model *model, const options *o) {
    size_t correct, seen, sem_correct, sem_seen, syn_correct, syn_seen;
    w2v_analogy_method method = o->method && !strcmp(o->method, "cosmul") ? W2V_ANALOGY_3COSMUL : W2V_ANALOGY_3COSADD;
    size_t restrict_vocab = o->has_restrict ? o->restrict_vocab : 30000; /* word2vec's compute-accuracy */
    check(w2v_model_evaluate_analogies(model, o->accuracy, restrict_vocab, method, &correct, &seen,
                                       &sem_correct, &sem_seen, &syn_correct, &syn_seen));
    printf("semantic\t%zu/%zu\t%.2f%%\n", sem_correct, sem_seen, sem_seen ? 100.0 * sem_correct / sem_seen : 0.0);
    printf("syntactic\t%zu/%zu\t%.2f%%\n", syn_correct, syn_seen, syn_seen ? 100.0 * syn_correct / syn_seen : 0.0);
    printf("total\t%zu/%zu\t%.2f%%\n", correct, seen, seen ? 100.0 * correct / seen : 0.0);
}

static void print_pairs(const w2v_model *model, const options *o) {
    double spearman, pearson;
    size_t used, skipped;
    check(w2v_model_evaluate_word_pairs(model, o->pairs, &spearman, &pearson, &used, &skipped));
    printf("spearman\t%.4f\npearson\t%.4f\npairs used\t%zu\npairs skipped\t%zu\n", spearman, pearson, used, skipped);
}

void query(const options *o) {
    if (o->classes) check_writable("-output", o->output);
    w2v_model *model;
    check(w2v_model_load(&model, o->load, W2V_FORMAT_AUTO));
    if (o->vocab_size) printf("%zu\n", w2v_model_vocab_size(model));
    if (o->similar) check(print_neighbours(model, NEIGHBOURS_COSINE, &o->similar, 1, NULL, 0, o));
    if (o->analogy[0]) {
        /* A is to B as C is to ?: B - A + C. */
        const char *positive[2] = {o->analogy[1], o->analogy[2]};
        check(print_neighbours(model, NEIGHBOURS_COSINE, positive, 2, &o->analogy[0], 1, o));
    }
    if (o->analogy_cosmul[0]) {
        const char *positive[2] = {o->analogy_cosmul[1], o->analogy_cosmul[2]};
        check(print_neighbours(model, NEIGHBOURS_COSMUL, positive, 2, &o->analogy_cosmul[0], 1, o));
    }
    if (o->similar_vector) print_similar_by_vector(model, o);
    if (o->doesnt_match) print_doesnt_match(model, o);
    if (o->n_similarity[0]) print_n_similarity(model, o);
    if (o->distances) print_distances(model, o);
    if (o->accuracy) print_accuracy(model, o);
    if (o->pairs) print_pairs(model, o);
    if (o->interactive_similar) interactive_similar(model, o);
    if (o->interactive_analogy) interactive_analogy(model, NEIGHBOURS_COSINE, o);
    if (o->interactive_analogy_cosmul) interactive_analogy(model, NEIGHBOURS_COSMUL, o);
    if (o->classes) write_classes(model, o->classes, o->output);
    w2v_model_free(model);
}
