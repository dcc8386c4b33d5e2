/*
 * w2v-mpi: data-parallel word2vec training over MPI with libw2v (issue 15).
 *
 *   mpirun -np N w2v-mpi -train corpus.txt -output vectors.bin -binary 1 [word2vec's flags]
 *
 * Each rank trains its shard of the file's bytes (shards.c: blocks dealt round-robin, or contiguous
 * parts), counts its words, and the counts are gathered and merged; every rank then builds the same
 * model from the same seed. Training runs in global rounds: each rank trains -sync-words words of its
 * shard (w2v_model_train_file_range, to a sentence end; with -threads T, T local threads train their
 * shares of the shard at once, local.c), then the weight matrices' deltas against the
 * last sync are summed (MPI_Allreduce) and applied with the rule (sync.c): "mean" (averaging, with
 * the learning rate multiplied by N, which the prototype found to hold accuracy at 4 ranks
 * where "sum" diverged), "sum" or "touched" (Spark MLlib's), optionally with the -average-rows hottest
 * rows averaged: those train at N times the rate and the rest at the base rate (per-row learning
 * rates). The default, "auto", is "mean" for skip-gram and "sum" with the 1,024 hottest rows averaged
 * for CBOW, which held accuracy at 2, 4 and 8 ranks (docs/distributed.md). With -hot-rows K a
 * sync covers only the K most frequent rows, twice as many at every second sync and so on
 * (pWord2Vec's tiers), and every row at the end of each epoch. A rank whose shard is used up still
 * joins every round until all are, so unequal shards never deadlock. After each epoch rank 0 may save
 * a checkpoint (checkpoint.c) to resume from (-stop-after ends a run early for that; the resumed run
 * equals one never stopped); after the last the ranks compare checksums, and rank 0 saves.
 *
 * Written only against include/w2v.h and MPI; built by `make -C bindings/mpi` when mpicc exists.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "driver.h"

int rank = 0, ranks = 1;

void fail(const char *what, w2v_status status) {
    fprintf(stderr, "w2v-mpi rank %d: %s: %s (%s)\n", rank, what, w2v_last_error(), w2v_status_string(status));
    MPI_Abort(MPI_COMM_WORLD, 1);
    exit(1);
}

void fail_message(const char *message) {
    fprintf(stderr, "w2v-mpi rank %d: %s\n", rank, message);
    MPI_Abort(MPI_COMM_WORLD, 1);
    exit(1);
}

static int usage(void) {
    if (rank == 0) {
        fprintf(stderr,
                "usage: mpirun -np N w2v-mpi -train FILE -output FILE [options]\n"
                "  -size D -window W -sample S -hs 0|1 -negative K -iter E -min-count C -alpha A\n"
                "  -cbow 0|1 -seed S -binary 0|1 (or -output-format text|binary|native)\n"
                "  -threads T      local threads per rank, training its shard at once (default 1)\n"
                "  -sync-words N   words each rank trains between syncs (default 100000)\n"
                "  -rule auto|mean|sum|touched   how the ranks' changes combine (default auto: mean for\n"
                "                  skip-gram; for CBOW sum with the 1024 most frequent rows averaged)\n"
                "  -block-bytes B  shards of blocks of B bytes dealt round-robin (default 8192);\n"
                "                  0: each rank one contiguous 1/N of the file\n"
                "  -hot-rows K     sync the K most frequent rows every sync, 2K every second, ...,\n"
                "                  every row at each epoch's end (default 0: every row every sync)\n"
                "  -average-rows H with -rule sum or touched: the H most frequent rows averaged instead,\n"
                "                  trained at N times the learning rate, the rest at the base rate\n"
                "                  (default 0; 1024 for CBOW under -rule auto)\n"
                "  -checkpoint F   rank 0 saves the model (native) to F after each epoch, and F.state\n"
                "  -resume F       continue from checkpoint F (its settings; -iter may raise the epochs)\n"
                "  -stop-after E   stop (and save) once E epochs are done, to -resume later: the schedule\n"
                "                  stays -iter's, so the result equals an uninterrupted run's\n");
    }
    MPI_Finalize();
    return 2;
}

/* The run's base settings, and how a rank changes them for training. */
typedef struct run_settings {
    double first_alpha, last_alpha;
    int64_t seed, epochs;
    w2v_sync_scale rule;
    uint64_t averaged_rows;
} run_settings;

/* The learning rates and the random seed a rank trains with (`training`: the rate its rule needs,
 * sync.c, and the seed plus its rank, so that ranks do not sample the same negatives), or the base
 * ones, which a checkpoint and the saved model hold. */
static void apply_settings(w2v_model *model, const run_settings *run, bool training) {
    double factor = training ? rate_factor(run->rule, run->averaged_rows) : 1.0;
    w2v_params *params = NULL;
    CHECK(w2v_model_get_params(&params, model));
    CHECK(w2v_params_set_float(params, W2V_PARAM_ALPHA, run->first_alpha * factor));
    CHECK(w2v_params_set_float(params, W2V_PARAM_MIN_ALPHA, run->last_alpha * factor));
    CHECK(w2v_params_set_int(params, W2V_PARAM_SEED, run->seed + (training ? rank : 0)));
    if (run->epochs > 0) CHECK(w2v_params_set_int(params, W2V_PARAM_EPOCHS, run->epochs));
    CHECK(w2v_model_set_params(model, params));
    w2v_params_free(params);
    set_row_rates(model, run->rule, run->averaged_rows, training);
}

/* The rule -rule names; "auto" picks by architecture what held accuracy at 2, 4 and 8 ranks
 * (docs/distributed.md): skip-gram averages every row ("mean"); CBOW sums but averages the 1,024
 * hottest rows (averaging every row at N times the learning rate makes a rank's steps on the rare
 * rows only it touches N times too large, which costs CBOW more). -average-rows defaults to 0 but
 * for that. */
static w2v_sync_scale choose_rule(const w2v_model *model, const char **name, uint64_t *averaged_rows) {
    if (!strcmp(*name, "auto")) {
        w2v_params *params = NULL;
        int64_t arch = 0;
        CHECK(w2v_model_get_params(&params, model));
        CHECK(w2v_params_get_int(params, W2V_PARAM_ARCH, &arch));
        w2v_params_free(params);
        *name = arch == W2V_ARCH_CBOW ? "sum" : "mean";
        if (arch == W2V_ARCH_CBOW && *averaged_rows == UINT64_MAX) *averaged_rows = 1024;
    }
    if (*averaged_rows == UINT64_MAX) *averaged_rows = 0;
    return !strcmp(*name, "sum") ? W2V_SYNC_SUM : !strcmp(*name, "touched") ? W2V_SYNC_TOUCHED : W2V_SYNC_MEAN;
}

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &ranks);
    const char *train = NULL, *output = NULL, *rule_name = "auto", *checkpoint = NULL, *resume = NULL;
    w2v_format format = W2V_FORMAT_TEXT;
    uint64_t sync_words = 100000, block_bytes = 8192, hot_rows = 0, averaged_rows = UINT64_MAX;
    int64_t epochs_flag = 0, stop_after = INT64_MAX, threads = 1;
    int model_flags = 0;
    w2v_params *params = NULL;
    CHECK(w2v_params_new(&params));
    for (int i = 1; i < argc; i++) {
        const char *flag = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (!value) return usage();
        i++;
        if (!strcmp(flag, "-train")) train = value;
        else if (!strcmp(flag, "-output")) output = value;
        else if (!strcmp(flag, "-binary")) format = atoi(value) ? W2V_FORMAT_BINARY : W2V_FORMAT_TEXT;
        else if (!strcmp(flag, "-output-format")) {
            if (!strcmp(value, "binary")) format = W2V_FORMAT_BINARY;
            else if (!strcmp(value, "native")) format = W2V_FORMAT_NATIVE;
            else if (!strcmp(value, "text")) format = W2V_FORMAT_TEXT;
            else return usage();
        }
        else if (!strcmp(flag, "-sync-words")) sync_words = strtoull(value, NULL, 10);
        else if (!strcmp(flag, "-rule")) rule_name = value;
        else if (!strcmp(flag, "-block-bytes")) block_bytes = strtoull(value, NULL, 10);
        else if (!strcmp(flag, "-hot-rows")) hot_rows = strtoull(value, NULL, 10);
        else if (!strcmp(flag, "-average-rows")) averaged_rows = strtoull(value, NULL, 10);
        else if (!strcmp(flag, "-stop-after")) stop_after = strtoll(value, NULL, 10);
        else if (!strcmp(flag, "-threads")) threads = strtoll(value, NULL, 10);
        else if (!strcmp(flag, "-checkpoint")) checkpoint = value;
        else if (!strcmp(flag, "-resume")) resume = value;
        else {
            /* word2vec's numeric flags map to the library's parameter names. */
            static const char *const names[][2] = {
                {"-size", "dim"}, {"-window", "window"}, {"-sample", "sample"}, {"-hs", "hs"},
                {"-negative", "negative"}, {"-iter", "epochs"}, {"-min-count", "min_count"},
                {"-alpha", "alpha"}, {"-cbow", "arch"}, {"-seed", "seed"},
            };
            const char *name = NULL;
            for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
                if (!strcmp(flag, names[k][0])) name = names[k][1];
            if (!name) return usage();
            w2v_param key;
            w2v_param_kind kind;
            CHECK(w2v_param_lookup(name, &key));
            CHECK(w2v_param_info(key, NULL, &kind, NULL, NULL, NULL));
            if (kind == W2V_PARAM_KIND_FLOAT) CHECK(w2v_params_set_float(params, key, atof(value)));
            else CHECK(w2v_params_set_int(params, key, strtoll(value, NULL, 10)));
            if (key == W2V_PARAM_EPOCHS) epochs_flag = strtoll(value, NULL, 10);
            else model_flags++;
        }
    }
    if (!train || !output || sync_words == 0 || stop_after < 1 || threads < 1 || threads > 256 ||
        (strcmp(rule_name, "auto") && strcmp(rule_name, "sum") && strcmp(rule_name, "touched") && strcmp(rule_name, "mean")))
        return usage();
    if (resume && model_flags > 0) {
        if (rank == 0) fprintf(stderr, "w2v-mpi: with -resume the checkpoint's settings are used; only -iter may be given\n");
        return usage();
    }
    struct stat info;
    if (stat(train, &info) != 0) { if (rank == 0) perror(train); MPI_Finalize(); return 1; }
    shard_plan plan = {(uint64_t)info.st_size, block_bytes, rank, ranks, (int)threads};
    local_thread local[threads];
    local_check_cores((int)threads);
    double started = MPI_Wtime();

    w2v_model *model = NULL;
    int64_t epochs_done = 0;
    if (resume) {
        model = checkpoint_load(resume, &epochs_done);
    } else {
        w2v_vocab *vocab = merged_counts(train, &plan);
        CHECK(w2v_model_new(&model, vocab, params));
        w2v_vocab_free(vocab);
    }
    w2v_sync_scale rule = choose_rule(model, &rule_name, &averaged_rows);
    run_settings run = {.rule = rule, .averaged_rows = averaged_rows};
    w2v_params *base = NULL;
    CHECK(w2v_model_learning_rate(model, 0, &run.first_alpha));
    CHECK(w2v_model_learning_rate(model, 1, &run.last_alpha));
    CHECK(w2v_model_get_params(&base, model));
    CHECK(w2v_params_get_int(base, W2V_PARAM_SEED, &run.seed));
    CHECK(w2v_params_get_int(base, W2V_PARAM_EPOCHS, &run.epochs));
    w2v_params_free(base);
    if (epochs_flag > 0) run.epochs = epochs_flag;
    int64_t epochs = run.epochs;
    check_identical(model, resume ? "after loading the checkpoint" : "after building the model");
    apply_settings(model, &run, true);
    CHECK(w2v_sync_take_base(model));

    double epoch_words = (double)(w2v_model_epoch_words(model) ? w2v_model_epoch_words(model) : 1);
    double total = epoch_words * (double)epochs;
    double done = epoch_words * (double)epochs_done;
    sync_traffic traffic = {0};
    if (rank == 0 && resume) fprintf(stderr, "w2v-mpi: resuming %s after epoch %lld of %lld\n", resume, (long long)epochs_done, (long long)epochs);
    for (int64_t epoch = epochs_done; epoch < epochs && epoch < stop_after; epoch++) {
        sync_traffic this_epoch = {0};
        double trained_this_epoch = 0;
        bool more = true;
        local_start_epoch(local, model, train, &plan);
        for (;;) {
            uint64_t trained = local_train_round(local, sync_words, done, total, &more);
            double state[2] = {(double)trained, more ? 1.0 : 0.0};
            MPI_Allreduce(MPI_IN_PLACE, state, 2, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
            done += state[0];
            trained_this_epoch += state[0];
            bool last_round = state[1] == 0;
            sync_weights(model, rule, sync_rows(hot_rows, this_epoch.syncs + 1, last_round), averaged_rows, &this_epoch);
            if (rank == 0) {
                fprintf(stderr, "\rw2v-mpi: epoch %lld/%lld, %.1f%%, sync %llu", (long long)epoch + 1, (long long)epochs,
                        100.0 * (done < total ? done : total) / total, (unsigned long long)this_epoch.syncs);
            }
            if (last_round) break;
        }
        /* Every rank makes as many training calls per epoch as the busiest (the others make empty
         * ones): the calls number the random streams, so every rank's count equals rank 0's, which a
         * checkpoint saves and a resume gives every rank, and a resumed run trains exactly as one that
         * was never stopped. */
        uint64_t calls = local_calls(local), most_calls = calls;
        MPI_Allreduce(MPI_IN_PLACE, &most_calls, 1, MPI_UINT64_T, MPI_MAX, MPI_COMM_WORLD);
        for (double now = clamp_progress(done / total); calls < most_calls; calls++)
            CHECK(w2v_model_train_file_range(model, train, 0, 0, now, now, 1, NULL, NULL, NULL));
        if (rank == 0) {
            fprintf(stderr, "\nw2v-mpi: epoch %lld: %.0f words trained (the vocabulary counts %.0f), %llu syncs (%llu full), "
                    "%.2f MB sent per rank (%.3f MB per sync; smallest %.3f MB, largest %.3f MB)\n",
                    (long long)epoch + 1, trained_this_epoch, epoch_words, (unsigned long long)this_epoch.syncs,
                    (unsigned long long)this_epoch.full_syncs, (double)this_epoch.bytes / 1e6,
                    (double)this_epoch.bytes / 1e6 / (double)this_epoch.syncs, (double)this_epoch.smallest / 1e6,
                    (double)this_epoch.largest / 1e6);
        }
        traffic.bytes += this_epoch.bytes;
        traffic.syncs += this_epoch.syncs;
        traffic.full_syncs += this_epoch.full_syncs;
        if (checkpoint) {
            /* The base settings, so that a resume at any rank count scales them anew. */
            apply_settings(model, &run, false);
            checkpoint_save(model, checkpoint, epoch + 1);
            apply_settings(model, &run, true);
        }
    }
    check_identical(model, "after the last sync");
    double seconds = MPI_Wtime() - started;
    if (rank == 0) {
        fprintf(stderr, "w2v-mpi: %d ranks, rule %s, %s, hot rows %llu, averaged rows %llu, %lld threads per rank, %llu syncs (%llu full), "
                "%.0f words trained, %.1f s, %.1f MB sent per rank (%.3f MB per sync)\n",
                ranks, rule_name, block_bytes ? "interleaved blocks" : "contiguous shards", (unsigned long long)hot_rows, (unsigned long long)averaged_rows,
                (long long)threads,
                (unsigned long long)traffic.syncs, (unsigned long long)traffic.full_syncs, done - epoch_words * (double)epochs_done, seconds,
                (double)traffic.bytes / 1e6, traffic.syncs ? (double)traffic.bytes / 1e6 / (double)traffic.syncs : 0.0);
        apply_settings(model, &run, false);
        CHECK(w2v_model_save(model, output, format));
    }
    MPI_Barrier(MPI_COMM_WORLD);
    w2v_model_free(model);
    w2v_params_free(params);
    MPI_Finalize();
    return 0;
}
