/* -train and -resume: count, train with word2vec's progress line (plus elapsed time and ETA) and a
 * closing summary, then save the vectors or the model, or the -classes listing. Every output path is
 * checked before the work starts. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The format -output is written in: -output-format, else -binary, else text (native when resuming). */
static w2v_format output_format(const options *o) {
    if (o->output_format) {
        if (!strcmp(o->output_format, "native")) return W2V_FORMAT_NATIVE;
        if (!strcmp(o->output_format, "fasttext")) return W2V_FORMAT_FASTTEXT;
        return strcmp(o->output_format, "binary") ? W2V_FORMAT_TEXT : W2V_FORMAT_BINARY;
    }
    if (o->has_binary) return o->binary ? W2V_FORMAT_BINARY : W2V_FORMAT_TEXT;
    return o->resume ? W2V_FORMAT_NATIVE : W2V_FORMAT_TEXT;
}

static double seconds_since(const struct timespec *start) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* "H:MM:SS" (hours as many as needed). */
static void format_duration(char *text, size_t size, double seconds) {
    long long whole = seconds > 0 ? (long long)(seconds + 0.5) : 0;
    snprintf(text, size, "%lld:%02lld:%02lld", whole / 3600, whole / 60 % 60, whole % 60);
}

/* What the progress callback saw last, for the summary. */
typedef struct {
    long long threads;
    int show_progress;
    struct timespec start;
    double progress, loss;
} training_report;

static int32_t report_progress(double progress, double words_per_second, double alpha, double loss, void *user_data) {
    training_report *report = user_data;
    report->progress = progress;
    report->loss = loss;
    if (!report->show_progress) return 0;
    double elapsed = seconds_since(&report->start);
    char elapsed_text[32], eta_text[32] = "?";
    format_duration(elapsed_text, sizeof elapsed_text, elapsed);
    /* The rate so far holds for the rest: the learning rate falls but the work per word does not. */
    if (progress > 0) format_duration(eta_text, sizeof eta_text, elapsed * (1 - progress) / progress);
    fprintf(stderr, "\rAlpha: %f  Progress: %.2f%%  Words/thread/sec: %.2fk  Loss: %.4f  Elapsed: %s  ETA: %s  ", alpha,
            progress * 100, words_per_second / (double)report->threads / 1000, loss, elapsed_text, eta_text);
    fflush(stderr);
    return 0;
}

static int64_t model_int_param(const w2v_model *model, w2v_param key) {
    w2v_params *params;
    int64_t value;
    check(w2v_model_get_params(&params, model));
    check(w2v_params_get_int(params, key, &value));
    w2v_params_free(params);
    return value;
}

/* Trains on -train (progress line at -debug 2, summary at 1 and 2), then writes -output: the vectors
 * or model, or with -classes the k-means classes. Frees the model. */
static void train_and_save(w2v_model *model, const options *o) {
    training_report report = {model_int_param(model, W2V_PARAM_THREADS), o->debug >= DEBUG_PROGRESS, {0, 0}, 0, 0};
    uint64_t run_words = w2v_model_epoch_words(model) * (uint64_t)model_int_param(model, W2V_PARAM_EPOCHS);
    clock_gettime(CLOCK_MONOTONIC, &report.start);
    check(w2v_model_train_file(model, o->train, o->debug > DEBUG_QUIET ? report_progress : NULL, &report));
    if (report.show_progress) fputc('\n', stderr);
    if (o->debug >= DEBUG_INFO) {
        double seconds = seconds_since(&report.start);
        double words = report.progress * (double)run_words;
        char duration[32];
        format_duration(duration, sizeof duration, seconds);
        fprintf(stderr, "Trained %.0f words in %s (%.2f s): %.0f words/s, final loss %.4f\n", words, duration, seconds,
                seconds > 0 ? words / seconds : 0, report.loss);
    }
    if (o->classes) write_classes(model, o->classes, o->output);
    else check(w2v_model_save(model, o->output, output_format(o)));
    w2v_model_free(model);
}

/* The parameter settings given on the command line, in order (those left out keep the value already
 * in `params`). */
static void set_training_flags(w2v_params *params, const options *o) {
    for (size_t i = 0; i < o->n_params; i++) {
        if (o->params[i].kind == W2V_PARAM_KIND_FLOAT) check(w2v_params_set_float(params, o->params[i].key, o->params[i].float_value));
        else check(w2v_params_set_int(params, o->params[i].key, o->params[i].int_value));
    }
}

static void check_outputs(const options *o) {
    if (o->output) check_writable("-output", o->output);
    if (o->save_vocab) check_writable("-save-vocab", o->save_vocab);
}

/* Counts -train (or reads -read-vocab), writes -save-vocab, and trains and saves when there is an
 * -output. With `phrases` (-phrases-table) the table's phrases are joined on the fly while counting and
 * training: the model learns phrase vectors as from the rewritten corpus, which is never written. */
static void train_corpus(const options *o, const w2v_phrases *phrases) {
    w2v_params *params;
    check(w2v_params_new(&params));
    /* The original tool's defaults where they differ from the library's. */
    check(w2v_params_set_int(params, W2V_PARAM_ARCH, o->has_cbow && !o->cbow ? W2V_ARCH_SKIPGRAM : W2V_ARCH_CBOW));
    check(w2v_params_set_int(params, W2V_PARAM_THREADS, 12));
    set_training_flags(params, o);

    w2v_vocab *vocab;
    check(w2v_vocab_new(&vocab));
    /* As word2vec: with -read-vocab the counts come from that file and the training file is not counted;
     * -save-vocab writes the words that reach min-count, and without -output that is all. */
    if (o->read_vocab) check(w2v_vocab_add_counts_file(vocab, o->read_vocab));
    else if (phrases) check(w2v_vocab_add_file_phrases(vocab, o->train, phrases));
    else check(w2v_vocab_add_file(vocab, o->train));
    if (o->debug >= DEBUG_INFO && w2v_vocab_pruned_words(vocab))
        fprintf(stderr, "Pruned while counting: %llu words seen at most %llu times; counts are lower bounds\n",
                (unsigned long long)w2v_vocab_pruned_words(vocab), (unsigned long long)w2v_vocab_pruned_max_count(vocab));
    if (o->save_vocab) {
        int64_t min_count;
        check(w2v_params_get_int(params, W2V_PARAM_MIN_COUNT, &min_count));
        check(w2v_vocab_save(vocab, o->save_vocab, (uint64_t)min_count));
    }
    if (!o->output) {
        w2v_vocab_free(vocab);
        w2v_params_free(params);
        return;
    }
    w2v_model *model;
    check(w2v_model_new(&model, vocab, params));
    if (o->debug >= DEBUG_INFO) {
        fprintf(stderr, "Vocab size: %zu\nWords in train file: %llu\n", w2v_model_vocab_size(model),
                (unsigned long long)w2v_vocab_total_words(vocab));
        static const char *const kernel_names[] = {"auto", "baseline", "avx2", "avx512"};
        int64_t kernels;
        w2v_kernels level;
        check(w2v_params_get_int(params, W2V_PARAM_KERNELS, &kernels));
        check(w2v_kernels_resolve((w2v_kernels)kernels, &level));
        fprintf(stderr, "Kernels: %s\n", kernel_names[level]);
    }
    w2v_vocab_free(vocab);
    w2v_params_free(params);
    if (phrases) check(w2v_model_set_training_phrases(model, phrases));
    train_and_save(model, o);
}

/* -train FILE [-phrases-table TABLE]. */
void train(const options *o) {
    check_outputs(o);
    if (!o->phrases_table) {
        train_corpus(o, NULL);
        return;
    }
    w2v_phrases *phrases;
    check(w2v_phrases_load(&phrases, o->phrases_table));
    if (o->debug >= DEBUG_INFO) {
        fprintf(stderr, "Phrase table: %zu phrases, joined on the fly\n", w2v_phrases_size(phrases));
    }
    train_corpus(o, phrases);
    w2v_phrases_free(phrases);
}

/* Loads a native model and trains it further on -train with its own vocabulary and settings; only the
 * run settings (-iter, -threads, -alpha, -seed) may change. Other training flags are passed on too, so
 * that the library refuses one that differs from the model's, naming it. */
void resume(const options *o) {
    check_outputs(o);
    w2v_model *model;
    check(w2v_model_load(&model, o->resume, W2V_FORMAT_NATIVE));
    if (o->update_vocab) {
        w2v_vocab *vocab;
        check(w2v_vocab_new(&vocab));
        check(w2v_vocab_add_file(vocab, o->train));
        size_t added;
        check(w2v_model_update_vocab(model, vocab, &added));
        w2v_vocab_free(vocab);
        if (o->debug >= DEBUG_INFO) {
            fprintf(stderr, "Vocabulary update: %zu words added, vocab size %zu, %llu words per epoch\n", added,
                    w2v_model_vocab_size(model), (unsigned long long)w2v_model_epoch_words(model));
        }
    }
    w2v_params *params;
    check(w2v_model_get_params(&params, model));
    if (o->has_cbow) check(w2v_params_set_int(params, W2V_PARAM_ARCH, o->cbow ? W2V_ARCH_CBOW : W2V_ARCH_SKIPGRAM));
    set_training_flags(params, o);
    check(w2v_model_set_params(model, params));
    w2v_params_free(params);
    if (o->debug >= DEBUG_INFO) {
        fprintf(stderr, "Resuming %s: vocab size %zu, %lld more epochs\n", o->resume, w2v_model_vocab_size(model),
                (long long)model_int_param(model, W2V_PARAM_EPOCHS));
    }
    train_and_save(model, o);
}
