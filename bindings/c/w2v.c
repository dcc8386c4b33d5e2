/* w2v: a command-line front end to libw2v in the style of the original word2vec tool, written only
 * against include/w2v.h.
 *
 *   w2v -train FILE -output FILE [-size N] [-window N] [-sample F] [-negative N] [-threads N]
 *       [-iter N] [-min-count N] [-alpha F] [-binary 0|1] [-output-format text|binary|native]
 *       [-cbow 0|1] [-hs 0|1] [-seed N] [-quiet]
 *       [-save-vocab FILE] [-read-vocab FILE]
 *   w2v -resume MODEL -train FILE -output FILE [-iter N] [-threads N] [-alpha F] [-seed N]
 *       [-output-format native|text|binary] [-quiet]
 *   w2v -load FILE -similar WORD [-k N]
 *   w2v -load FILE -analogy A B C [-k N]
 *   w2v -load FILE -vocab-size
 *   w2v -load FILE -accuracy questions-words.txt [-restrict N]
 *   w2v -load FILE -pairs wordsim353.tsv
 *
 * -output-format native saves the whole model (vocabulary with counts, all weights, parameters, training
 * position) so that -resume can train it further: -resume loads such a model and trains -iter more epochs
 * (default: the model's own) on -train FILE, keeping the model's vocabulary and settings; it saves in the
 * native format unless -output-format says otherwise. -binary 1 is -output-format binary.
 *
 * Any failure prints "w2v: " and the library's message to stderr and exits with status 1.
 */
#include "w2v.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void fail(const char *message) {
    fprintf(stderr, "w2v: %s\n", message);
    exit(1);
}

static void check(w2v_status status) {
    if (status != W2V_OK) fail(w2v_last_error());
}

static void usage(void) {
    fputs("usage:\n"
          "  w2v -train FILE -output FILE [-size N] [-window N] [-sample F] [-negative N] [-threads N]\n"
          "      [-iter N] [-min-count N] [-alpha F] [-binary 0|1] [-output-format text|binary|native]\n"
          "      [-cbow 0|1] [-seed N] [-quiet]\n"
          "      [-save-vocab FILE] [-read-vocab FILE]   (-save-vocab without -output only counts)\n"
          "  w2v -resume MODEL -train FILE -output FILE [-iter N] [-threads N] [-alpha F] [-seed N]\n"
          "      [-output-format native|text|binary] [-quiet]\n"
          "  w2v -load FILE -similar WORD [-k N]\n"
          "  w2v -load FILE -analogy A B C [-k N]\n"
          "  w2v -load FILE -vocab-size\n"
          "  w2v -load FILE -accuracy QUESTIONS [-restrict N]\n"
          "  w2v -load FILE -pairs PAIRS.tsv\n",
          stderr);
    exit(2);
}

/* The command line, parsed. NULL / -1 mean "not given". */
typedef struct {
    const char *train, *output, *load, *resume, *similar, *accuracy, *pairs, *output_format;
    const char *save_vocab, *read_vocab;
    const char *analogy[3];
    long long size, window, negative, threads, iter, min_count, binary, cbow, hs, seed, k, restrict_vocab;
    double sample, alpha;
    int vocab_size, quiet;
} options;

static long long parse_int(const char *flag, const char *text) {
    char *end;
    errno = 0;
    long long value = strtoll(text, &end, 10);
    if (errno || end == text || *end) {
        fprintf(stderr, "w2v: %s expects an integer, got '%s'\n", flag, text);
        exit(1);
    }
    return value;
}

static double parse_float(const char *flag, const char *text) {
    char *end;
    errno = 0;
    double value = strtod(text, &end);
    if (errno || end == text || *end) {
        fprintf(stderr, "w2v: %s expects a number, got '%s'\n", flag, text);
        exit(1);
    }
    return value;
}

static options parse(int argc, char **argv) {
    options o;
    memset(&o, 0, sizeof o);
    o.size = o.window = o.negative = o.threads = o.iter = o.min_count = o.binary = o.cbow = o.hs = o.seed = -1;
    o.k = 10;
    o.restrict_vocab = 30000;
    o.sample = o.alpha = -1;
    for (int i = 1; i < argc; i++) {
        const char *flag = argv[i];
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
#define TAKES_VALUE                                                      \
    do {                                                                 \
        if (!value) {                                                    \
            fprintf(stderr, "w2v: %s needs a value\n", flag);          \
            exit(1);                                                     \
        }                                                                \
        i++;                                                             \
    } while (0)
        if (!strcmp(flag, "-train")) { TAKES_VALUE; o.train = value; }
        else if (!strcmp(flag, "-output")) { TAKES_VALUE; o.output = value; }
        else if (!strcmp(flag, "-load")) { TAKES_VALUE; o.load = value; }
        else if (!strcmp(flag, "-resume")) { TAKES_VALUE; o.resume = value; }
        else if (!strcmp(flag, "-output-format")) { TAKES_VALUE; o.output_format = value; }
        else if (!strcmp(flag, "-similar")) { TAKES_VALUE; o.similar = value; }
        else if (!strcmp(flag, "-accuracy")) { TAKES_VALUE; o.accuracy = value; }
        else if (!strcmp(flag, "-pairs")) { TAKES_VALUE; o.pairs = value; }
        else if (!strcmp(flag, "-save-vocab")) { TAKES_VALUE; o.save_vocab = value; }
        else if (!strcmp(flag, "-read-vocab")) { TAKES_VALUE; o.read_vocab = value; }
        else if (!strcmp(flag, "-analogy")) {
            if (i + 3 >= argc) fail("-analogy needs three words: A B C (A is to B as C is to ?)");
            o.analogy[0] = argv[i + 1];
            o.analogy[1] = argv[i + 2];
            o.analogy[2] = argv[i + 3];
            i += 3;
        }
        else if (!strcmp(flag, "-vocab-size")) o.vocab_size = 1;
        else if (!strcmp(flag, "-quiet")) o.quiet = 1;
        else if (!strcmp(flag, "-size")) { TAKES_VALUE; o.size = parse_int(flag, value); }
        else if (!strcmp(flag, "-window")) { TAKES_VALUE; o.window = parse_int(flag, value); }
        else if (!strcmp(flag, "-negative")) { TAKES_VALUE; o.negative = parse_int(flag, value); }
        else if (!strcmp(flag, "-hs")) { TAKES_VALUE; o.hs = parse_int(flag, value); }
        else if (!strcmp(flag, "-threads")) { TAKES_VALUE; o.threads = parse_int(flag, value); }
        else if (!strcmp(flag, "-iter")) { TAKES_VALUE; o.iter = parse_int(flag, value); }
        else if (!strcmp(flag, "-min-count")) { TAKES_VALUE; o.min_count = parse_int(flag, value); }
        else if (!strcmp(flag, "-binary")) { TAKES_VALUE; o.binary = parse_int(flag, value); }
        else if (!strcmp(flag, "-cbow")) { TAKES_VALUE; o.cbow = parse_int(flag, value); }
        else if (!strcmp(flag, "-seed")) { TAKES_VALUE; o.seed = parse_int(flag, value); }
        else if (!strcmp(flag, "-k")) { TAKES_VALUE; o.k = parse_int(flag, value); }
        else if (!strcmp(flag, "-restrict")) { TAKES_VALUE; o.restrict_vocab = parse_int(flag, value); }
        else if (!strcmp(flag, "-sample")) { TAKES_VALUE; o.sample = parse_float(flag, value); }
        else if (!strcmp(flag, "-alpha")) { TAKES_VALUE; o.alpha = parse_float(flag, value); }
        else if (!strcmp(flag, "-classes") || !strcmp(flag, "-debug")) {
            fprintf(stderr, "w2v: %s is not supported yet\n", flag);
            exit(1);
        }
        else {
            fprintf(stderr, "w2v: unknown flag '%s'\n", flag);
            usage();
        }
#undef TAKES_VALUE
    }
    if (o.k < 1) fail("-k must be at least 1");
    if (o.restrict_vocab < 0) fail("-restrict must not be negative");
    if (o.binary > 1 || o.cbow > 1 || o.hs > 1) fail("-binary, -cbow and -hs take 0 or 1");
    if (o.output_format && strcmp(o.output_format, "text") && strcmp(o.output_format, "binary") &&
        strcmp(o.output_format, "native"))
        fail("-output-format takes text, binary or native");
    if (o.output_format && o.binary >= 0) fail("give -binary or -output-format, not both");
    return o;
}

/* The format -output is written in: -output-format, else -binary, else text (native when resuming). */
static w2v_format output_format(const options *o) {
    if (o->output_format) {
        if (!strcmp(o->output_format, "native")) return W2V_FORMAT_NATIVE;
        return strcmp(o->output_format, "binary") ? W2V_FORMAT_TEXT : W2V_FORMAT_BINARY;
    }
    if (o->binary >= 0) return o->binary == 1 ? W2V_FORMAT_BINARY : W2V_FORMAT_TEXT;
    return o->resume ? W2V_FORMAT_NATIVE : W2V_FORMAT_TEXT;
}

static int report_progress(double progress, double words_per_second, double alpha, double loss, void *user_data) {
    long long threads = *(const long long *)user_data;
    fprintf(stderr, "\rAlpha: %f  Progress: %.2f%%  Words/thread/sec: %.2fk  Loss: %.4f  ", alpha, progress * 100,
            words_per_second / (double)threads / 1000, loss);
    fflush(stderr);
    return 0;
}

static void set_int(w2v_params *params, w2v_param key, long long value) {
    if (value >= 0) check(w2v_params_set_int(params, key, value));
}

/* The training flags given on the command line (those left out keep the value already in `params`). */
static void set_training_flags(w2v_params *params, const options *o) {
    set_int(params, W2V_PARAM_DIM, o->size);
    set_int(params, W2V_PARAM_WINDOW, o->window);
    set_int(params, W2V_PARAM_NEGATIVE, o->negative);
    set_int(params, W2V_PARAM_HS, o->hs);
    set_int(params, W2V_PARAM_EPOCHS, o->iter);
    set_int(params, W2V_PARAM_MIN_COUNT, o->min_count);
    set_int(params, W2V_PARAM_SEED, o->seed);
    if (o->sample >= 0) check(w2v_params_set_float(params, W2V_PARAM_SAMPLE, o->sample));
    if (o->alpha >= 0) check(w2v_params_set_float(params, W2V_PARAM_ALPHA, o->alpha));
}

/* Trains on -train with a progress line unless -quiet, saves to -output, frees the model. */
static void train_and_save(w2v_model *model, const options *o, long long threads) {
    check(w2v_model_train_file(model, o->train, o->quiet ? NULL : report_progress, &threads));
    if (!o->quiet) fputc('\n', stderr);
    check(w2v_model_save(model, o->output, output_format(o)));
    w2v_model_free(model);
}

static void train(const options *o) {
    if (!o->output && !o->save_vocab) fail("-train needs -output FILE (or -save-vocab FILE to only count)");
    w2v_params *params;
    check(w2v_params_new(&params));
    /* The original tool's defaults where they differ from the library's. */
    set_int(params, W2V_PARAM_ARCH, o->cbow == 0 ? W2V_ARCH_SKIPGRAM : W2V_ARCH_CBOW);
    set_int(params, W2V_PARAM_THREADS, o->threads >= 0 ? o->threads : 12);
    set_training_flags(params, o);
    long long threads;
    int64_t value;
    check(w2v_params_get_int(params, W2V_PARAM_THREADS, &value));
    threads = value;

    w2v_vocab *vocab;
    check(w2v_vocab_new(&vocab));
    /* As word2vec: with -read-vocab the counts come from that file and the training file is not counted;
     * -save-vocab writes the words that reach min-count, and without -output that is all. */
    if (o->read_vocab) check(w2v_vocab_add_counts_file(vocab, o->read_vocab));
    else check(w2v_vocab_add_file(vocab, o->train));
    if (!o->quiet && w2v_vocab_pruned_words(vocab))
        fprintf(stderr, "Pruned while counting: %llu words seen at most %llu times; counts are lower bounds\n",
                (unsigned long long)w2v_vocab_pruned_words(vocab), (unsigned long long)w2v_vocab_pruned_max_count(vocab));
    if (o->save_vocab) {
        check(w2v_params_get_int(params, W2V_PARAM_MIN_COUNT, &value));
        check(w2v_vocab_save(vocab, o->save_vocab, (uint64_t)value));
    }
    if (!o->output) {
        w2v_vocab_free(vocab);
        w2v_params_free(params);
        return;
    }
    w2v_model *model;
    check(w2v_model_new(&model, vocab, params));
    if (!o->quiet) {
        fprintf(stderr, "Vocab size: %zu\nWords in train file: %llu\n", w2v_model_vocab_size(model),
                (unsigned long long)w2v_vocab_total_words(vocab));
    }
    w2v_vocab_free(vocab);
    w2v_params_free(params);
    train_and_save(model, o, threads);
}

/* Loads a native model and trains it further on -train with its own vocabulary and settings; only the
 * run settings (-iter, -threads, -alpha, -seed) may change. Other training flags are passed on too, so
 * that the library refuses one that differs from the model's, naming it. */
static void resume(const options *o) {
    if (!o->train) fail("-resume needs -train FILE: the text to train on");
    if (!o->output) fail("-resume needs -output FILE");
    w2v_model *model;
    check(w2v_model_load(&model, o->resume, W2V_FORMAT_NATIVE));
    w2v_params *params;
    check(w2v_model_get_params(&params, model));
    if (o->cbow >= 0) set_int(params, W2V_PARAM_ARCH, o->cbow == 0 ? W2V_ARCH_SKIPGRAM : W2V_ARCH_CBOW);
    set_int(params, W2V_PARAM_THREADS, o->threads);
    set_training_flags(params, o);
    check(w2v_model_set_params(model, params));
    int64_t value;
    check(w2v_params_get_int(params, W2V_PARAM_THREADS, &value));
    long long threads = value;
    check(w2v_params_get_int(params, W2V_PARAM_EPOCHS, &value));
    w2v_params_free(params);
    if (!o->quiet) {
        fprintf(stderr, "Resuming %s: vocab size %zu, %lld more epochs\n", o->resume, w2v_model_vocab_size(model),
                (long long)value);
    }
    train_and_save(model, o, threads);
}

static void print_neighbours(w2v_model *model, const char *const *positive, size_t n_pos,
                             const char *const *negative, size_t n_neg, size_t k) {
    size_t *indices = malloc(k * sizeof *indices);
    float *scores = malloc(k * sizeof *scores);
    if (!indices || !scores) fail("out of memory");
    size_t n;
    check(w2v_model_most_similar(model, positive, n_pos, negative, n_neg, k, indices, scores, &n));
    for (size_t i = 0; i < n; i++) printf("%s\t%.6f\n", w2v_model_word(model, indices[i]), scores[i]);
    free(indices);
    free(scores);
}

static void query(const options *o) {
    w2v_model *model;
    check(w2v_model_load(&model, o->load, W2V_FORMAT_AUTO));
    if (o->vocab_size) printf("%zu\n", w2v_model_vocab_size(model));
    if (o->similar) print_neighbours(model, &o->similar, 1, NULL, 0, (size_t)o->k);
    if (o->analogy[0]) {
        /* A is to B as C is to ?: B - A + C. */
        const char *positive[2] = {o->analogy[1], o->analogy[2]};
        print_neighbours(model, positive, 2, &o->analogy[0], 1, (size_t)o->k);
    }
    if (o->accuracy) {
        size_t correct, seen, sem_correct, sem_seen, syn_correct, syn_seen;
        check(w2v_model_evaluate_analogies(model, o->accuracy, (size_t)o->restrict_vocab, &correct, &seen,
                                           &sem_correct, &sem_seen, &syn_correct, &syn_seen));
        printf("semantic\t%zu/%zu\t%.2f%%\n", sem_correct, sem_seen, sem_seen ? 100.0 * sem_correct / sem_seen : 0.0);
        printf("syntactic\t%zu/%zu\t%.2f%%\n", syn_correct, syn_seen, syn_seen ? 100.0 * syn_correct / syn_seen : 0.0);
        printf("total\t%zu/%zu\t%.2f%%\n", correct, seen, seen ? 100.0 * correct / seen : 0.0);
    }
    if (o->pairs) {
        double spearman, pearson;
        size_t used, skipped;
        check(w2v_model_evaluate_word_pairs(model, o->pairs, &spearman, &pearson, &used, &skipped));
        printf("spearman\t%.4f\npearson\t%.4f\npairs used\t%zu\npairs skipped\t%zu\n", spearman, pearson, used, skipped);
    }
    w2v_model_free(model);
}

int main(int argc, char **argv) {
    if (w2v_version() / 10000 != W2V_VERSION_MAJOR) {
        fprintf(stderr, "w2v: libw2v %s does not match the header's major version %d\n", w2v_version_string(),
                W2V_VERSION_MAJOR);
        return 1;
    }
    if (argc < 2) usage();
    options o = parse(argc, argv);
    if (o.train && o.load) fail("give either -train or -load, not both");
    if (o.resume && o.load) fail("give either -resume or -load, not both");
    if (o.resume) {
        resume(&o);
    } else if (o.train) {
        train(&o);
    } else if (o.load) {
        if (!o.similar && !o.analogy[0] && !o.vocab_size && !o.accuracy && !o.pairs)
            fail("-load needs a query: -similar, -analogy, -vocab-size, -accuracy or -pairs");
        query(&o);
    } else {
        usage();
    }
    return 0;
}
