/*
 * w2v-mpi: data-parallel word2vec training over MPI with libw2v (issue 15).
 *
 *   mpirun -np N w2v-mpi -train corpus.txt -output vectors.bin -binary 1 [word2vec's flags]
 *
 * Each rank takes 1/N of the file's bytes (the library moves both ends to word starts), counts its
 * words, and the counts are gathered and merged in rank order, which gives exactly the vocabulary of
 * counting the whole file; every rank then builds the same model from the same seed. Training runs in
 * global rounds: each rank trains -sync-words words of its range (w2v_model_train_file_range, to a
 * sentence end), then the weight matrices' deltas against the last sync are summed (MPI_Allreduce)
 * and applied with the rule: "mean" (the default: averaging, with the learning rate multiplied by N,
 * which the measurements found to hold accuracy at 4 ranks where "sum" diverged), "sum" or
 * "touched" (Spark MLlib's). A rank whose range is used up still joins every round until all are, so
 * unequal shards never deadlock. After the last round the ranks compare checksums, and rank 0 saves.
 *
 * Written only against include/w2v.h and MPI; built by `make -C bindings/mpi` when mpicc exists.
 */
#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "w2v.h"

static int rank = 0, ranks = 1;

/* Prints the library's message (rank 0 only, unless the failure is local) and aborts every rank. */
static void fail(const char *what, w2v_status status) {
    fprintf(stderr, "w2v-mpi rank %d: %s: %s (%s)\n", rank, what, w2v_last_error(), w2v_status_string(status));
    MPI_Abort(MPI_COMM_WORLD, 1);
    exit(1);
}

#define CHECK(call) do { w2v_status status_ = (call); if (status_ != W2V_OK) fail(#call, status_); } while (0)

static void usage(void) {
    if (rank == 0) {
        fprintf(stderr,
                "usage: mpirun -np N w2v-mpi -train FILE -output FILE [options]\n"
                "  -size D -window W -sample S -hs 0|1 -negative K -iter E -min-count C -alpha A\n"
                "  -cbow 0|1 -seed S -binary 0|1 (or -output-format text|binary|native)\n"
                "  -sync-words N   words each rank trains between syncs (default 100000)\n"
                "  -rule mean|sum|touched   how the ranks' changes combine (default mean)\n");
    }
}

/* Sums `count` values over the ranks in place, in chunks an int count can describe. */
static void allreduce_floats(float *values, size_t count) {
    const size_t chunk = (size_t)1 << 28;
    for (size_t at = 0; at < count; at += chunk) {
        size_t n = count - at < chunk ? count - at : chunk;
        MPI_Allreduce(MPI_IN_PLACE, values + at, (int)n, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
    }
}

/* Counts this rank's bytes, gathers every rank's counts and merges them in rank order. */
static w2v_vocab *merged_counts(const char *path, uint64_t begin, uint64_t end) {
    w2v_vocab *mine = NULL, *merged = NULL;
    CHECK(w2v_vocab_new(&mine));
    CHECK(w2v_vocab_add_file_range(mine, path, begin, end));
    size_t size = 0;
    w2v_status status = w2v_vocab_counts_save(mine, NULL, 0, &size);
    if (status != W2V_OK && status != W2V_ERR_BUFFER_TOO_SMALL) fail("w2v_vocab_counts_save", status);
    if (size > INT32_MAX) { fprintf(stderr, "w2v-mpi: a shard's counts exceed 2 GB\n"); MPI_Abort(MPI_COMM_WORLD, 1); }
    char *bytes = malloc(size ? size : 1);
    CHECK(w2v_vocab_counts_save(mine, bytes, size, NULL));
    w2v_vocab_free(mine);
    int length = (int)size;
    int *lengths = malloc(sizeof(int) * (size_t)ranks), *offsets = malloc(sizeof(int) * (size_t)ranks);
    MPI_Allgather(&length, 1, MPI_INT, lengths, 1, MPI_INT, MPI_COMM_WORLD);
    size_t total = 0;
    for (int r = 0; r < ranks; r++) {
        if (total + (size_t)lengths[r] > INT32_MAX) { fprintf(stderr, "w2v-mpi: the counts exceed 2 GB\n"); MPI_Abort(MPI_COMM_WORLD, 1); }
        offsets[r] = (int)total;
        total += (size_t)lengths[r];
    }
    char *all = malloc(total ? total : 1);
    MPI_Allgatherv(bytes, length, MPI_CHAR, all, lengths, offsets, MPI_CHAR, MPI_COMM_WORLD);
    CHECK(w2v_vocab_new(&merged));
    for (int r = 0; r < ranks; r++) CHECK(w2v_vocab_counts_add(merged, all + offsets[r], (size_t)lengths[r]));
    free(all); free(bytes); free(lengths); free(offsets);
    return merged;
}

/* Fails unless every rank holds the same weights (checksum of each matrix). */
static void check_identical(w2v_model *model, const char *when) {
    for (int m = W2V_MATRIX_INPUT; m <= W2V_MATRIX_HS; m++) {
        size_t rows = 0, columns = 0;
        CHECK(w2v_model_matrix_shape(model, m, &rows, &columns));
        if (rows == 0) continue;
        uint64_t mine = 0, low = 0, high = 0;
        CHECK(w2v_model_matrix_checksum(model, m, &mine));
        MPI_Allreduce(&mine, &low, 1, MPI_UINT64_T, MPI_MIN, MPI_COMM_WORLD);
        MPI_Allreduce(&mine, &high, 1, MPI_UINT64_T, MPI_MAX, MPI_COMM_WORLD);
        if (low != high) {
            if (rank == 0) fprintf(stderr, "w2v-mpi: the ranks' weights differ %s (matrix %d)\n", when, m);
            MPI_Abort(MPI_COMM_WORLD, 1);
        }
    }
}

/* Sums every matrix's delta over the ranks and applies it with the rule. Returns the bytes sent. */
static uint64_t sync_weights(w2v_model *model, w2v_sync_scale rule) {
    uint64_t sent = 0;
    for (int m = W2V_MATRIX_INPUT; m <= W2V_MATRIX_HS; m++) {
        size_t rows = 0, columns = 0;
        CHECK(w2v_model_matrix_shape(model, m, &rows, &columns));
        if (rows == 0) continue;
        size_t count = rows * columns;
        float *deltas = malloc(sizeof(float) * count);
        uint32_t *touched = NULL;
        if (!deltas) { fprintf(stderr, "w2v-mpi: out of memory\n"); MPI_Abort(MPI_COMM_WORLD, 1); }
        CHECK(w2v_sync_delta(model, m, 0, rows, deltas, count));
        if (rule == W2V_SYNC_TOUCHED) {
            touched = malloc(sizeof(uint32_t) * rows);
            CHECK(w2v_sync_touched(model, m, 0, rows, touched, rows));
            MPI_Allreduce(MPI_IN_PLACE, touched, (int)rows, MPI_UINT32_T, MPI_SUM, MPI_COMM_WORLD);
            sent += sizeof(uint32_t) * rows;
        }
        allreduce_floats(deltas, count);
        sent += sizeof(float) * count;
        CHECK(w2v_sync_apply(model, m, 0, rows, deltas, count, rule, (uint32_t)ranks, touched, touched ? rows : 0));
        free(deltas);
        free(touched);
    }
    return sent;
}

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &ranks);
    const char *train = NULL, *output = NULL, *rule_name = "mean";
    w2v_format format = W2V_FORMAT_TEXT;
    uint64_t sync_words = 100000;
    w2v_params *params = NULL;
    CHECK(w2v_params_new(&params));
    for (int i = 1; i < argc; i++) {
        const char *flag = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (!value) { usage(); MPI_Finalize(); return 2; }
        i++;
        if (!strcmp(flag, "-train")) train = value;
        else if (!strcmp(flag, "-output")) output = value;
        else if (!strcmp(flag, "-binary")) format = atoi(value) ? W2V_FORMAT_BINARY : W2V_FORMAT_TEXT;
        else if (!strcmp(flag, "-output-format")) {
            if (!strcmp(value, "binary")) format = W2V_FORMAT_BINARY;
            else if (!strcmp(value, "native")) format = W2V_FORMAT_NATIVE;
            else if (!strcmp(value, "text")) format = W2V_FORMAT_TEXT;
            else { usage(); MPI_Finalize(); return 2; }
        }
        else if (!strcmp(flag, "-sync-words")) sync_words = strtoull(value, NULL, 10);
        else if (!strcmp(flag, "-rule")) rule_name = value;
        else {
            /* word2vec's numeric flags map to the library's parameter names. */
            static const char *const names[][2] = {
                {"-size", "dim"}, {"-window", "window"}, {"-sample", "sample"}, {"-hs", "hs"},
                {"-negative", "negative"}, {"-iter", "epochs"}, {"-min-count", "min_count"},
                {"-alpha", "alpha"}, {"-cbow", "arch"}, {"-seed", "seed"}, {"-threads", "threads"},
            };
            const char *name = NULL;
            for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
                if (!strcmp(flag, names[k][0])) name = names[k][1];
            if (!name) { usage(); MPI_Finalize(); return 2; }
            w2v_param key;
            w2v_param_kind kind;
            CHECK(w2v_param_lookup(name, &key));
            CHECK(w2v_param_info(key, NULL, &kind, NULL, NULL, NULL));
            if (kind == W2V_PARAM_KIND_FLOAT) CHECK(w2v_params_set_float(params, key, atof(value)));
            else CHECK(w2v_params_set_int(params, key, strtoll(value, NULL, 10)));
        }
    }
    w2v_sync_scale rule = !strcmp(rule_name, "sum") ? W2V_SYNC_SUM : !strcmp(rule_name, "touched") ? W2V_SYNC_TOUCHED : W2V_SYNC_MEAN;
    if (!train || !output || sync_words == 0 || (strcmp(rule_name, "sum") && strcmp(rule_name, "touched") && strcmp(rule_name, "mean"))) {
        usage();
        MPI_Finalize();
        return 2;
    }
    struct stat info;
    if (stat(train, &info) != 0) { if (rank == 0) perror(train); MPI_Finalize(); return 1; }
    uint64_t size = (uint64_t)info.st_size;
    uint64_t begin = size * (uint64_t)rank / (uint64_t)ranks, end = size * (uint64_t)(rank + 1) / (uint64_t)ranks;
    double started = MPI_Wtime();

    w2v_vocab *vocab = merged_counts(train, begin, end);
    w2v_model *model = NULL;
    CHECK(w2v_model_new(&model, vocab, params));
    w2v_vocab_free(vocab);
    if (rule == W2V_SYNC_MEAN && ranks > 1) {
        /* Averaging divides each rank's step by N: take N times the learning rate. */
        double first = 0, last = 0;
        w2v_params *scaled = NULL;
        CHECK(w2v_model_learning_rate(model, 0, &first));
        CHECK(w2v_model_learning_rate(model, 1, &last));
        CHECK(w2v_model_get_params(&scaled, model));
        CHECK(w2v_params_set_float(scaled, W2V_PARAM_ALPHA, first * ranks));
        CHECK(w2v_params_set_float(scaled, W2V_PARAM_MIN_ALPHA, last * ranks));
        CHECK(w2v_model_set_params(model, scaled));
        w2v_params_free(scaled);
    }
    check_identical(model, "after building the model");
    CHECK(w2v_sync_take_base(model));

    int64_t epochs = 0;
    CHECK(w2v_params_get_int(params, W2V_PARAM_EPOCHS, &epochs));
    double total = (double)(w2v_model_epoch_words(model) ? w2v_model_epoch_words(model) : 1) * (double)epochs;
    double done = 0;
    uint64_t rounds = 0, sent = 0;
    for (int64_t epoch = 0; epoch < epochs; epoch++) {
        uint64_t offset = begin;
        for (;;) {
            uint64_t words = 0, resume = offset;
            if (offset < end) {
                double from = done / total, to = (done + (double)ranks * (double)sync_words) / total;
                CHECK(w2v_model_train_file_range(model, train, offset, end, from < 1 ? from : 1, to < 1 ? to : 1,
                                                 sync_words, &resume, &words, NULL));
                offset = resume;
            }
            double state[2] = {(double)words, offset < end ? 1.0 : 0.0};
            MPI_Allreduce(MPI_IN_PLACE, state, 2, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
            done += state[0];
            sent += sync_weights(model, rule);
            rounds++;
            if (rank == 0) {
                fprintf(stderr, "\rw2v-mpi: epoch %lld/%lld, %.1f%%, round %llu", (long long)epoch + 1, (long long)epochs,
                        100.0 * (done < total ? done : total) / total, (unsigned long long)rounds);
            }
            if (state[1] == 0) break;
        }
    }
    check_identical(model, "after the last sync");
    double seconds = MPI_Wtime() - started;
    if (rank == 0) {
        fprintf(stderr, "\nw2v-mpi: %d ranks, rule %s, %llu rounds, %.0f words, %.1f s, %.1f MB sent per rank (%.2f MB per sync)\n",
                ranks, rule_name, (unsigned long long)rounds, done, seconds, (double)sent / 1e6,
                rounds ? (double)sent / 1e6 / (double)rounds : 0.0);
        CHECK(w2v_model_save(model, output, format));
    }
    MPI_Barrier(MPI_COMM_WORLD);
    w2v_model_free(model);
    w2v_params_free(params);
    MPI_Finalize();
    return 0;
}
