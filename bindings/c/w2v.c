/* w2v: a command-line front end to libw2v in the style of the original word2vec tool, written only
 * against include/w2v.h.
 *
 *   w2v -train FILE -output FILE [-size N] [-window N] [-sample F] [-negative N] [-threads N]
 *       [-iter N] [-min-count N] [-alpha F] [-binary 0|1] [-output-format text|binary|native]
 *       [-cbow 0|1] [-hs 0|1] [-seed N] [-param NAME=VALUE ...] [-quiet]
 *       [-save-vocab FILE] [-read-vocab FILE]
 *   w2v -params                                                   (every parameter: name, kind, range, default)
 *   w2v -resume MODEL -train FILE -output FILE [-update-vocab] [-iter N] [-threads N] [-alpha F] [-seed N]
 *       [-output-format native|text|binary] [-quiet]
 *   w2v -load FILE -vocab-size
 *   w2v -load FILE -similar WORD [-k N] [-restrict N]
 *   w2v -load FILE -analogy A B C [-k N] [-restrict N]             (3CosAdd: B - A + C)
 *   w2v -load FILE -analogy-cosmul A B C [-k N] [-restrict N]      (3CosMul)
 *   w2v -load FILE -similar-vector "F1 F2 ... Fdim" [-k N] [-restrict N]
 *   w2v -load FILE -doesnt-match "W1 W2 ..."
 *   w2v -load FILE -n-similarity "A1 A2 ..." "B1 B2 ..."
 *   w2v -load FILE -distances WORD "W1 W2 ..."                    ("" = every word)
 *   w2v -load FILE -accuracy questions-words.txt [-restrict N] [-method cosadd|cosmul]
 *   w2v -load FILE -pairs wordsim353.tsv
 *
 * Queries print one answer per line: "word<TAB>score" for -similar, -analogy, -analogy-cosmul and
 * -similar-vector (cosines; 3CosMul scores for -analogy-cosmul), the odd word out for -doesnt-match,
 * the cosine of the two lists' mean vectors for -n-similarity, and "word<TAB>distance" (1 - cosine) for
 * -distances. A word list is one argument, its words separated by spaces (quote it), so every flag
 * takes a fixed number of arguments and words that start with '-' are no problem. -restrict N keeps
 * the candidates to the N most frequent words (0 = all): all by default for the queries, 30000 for
 * -accuracy (as word2vec's compute-accuracy). -method cosmul scores -accuracy with 3CosMul (Levy and
 * Goldberg) instead of 3CosAdd. Several queries may be given at once; they run in the order above.
 *
 * -output-format native saves the whole model (vocabulary with counts, all weights, parameters, training
 * position) so that -resume can train it further: -resume loads such a model and trains -iter more epochs
 * (default: the model's own) on -train FILE, keeping the model's vocabulary and settings; it saves in the
 * native format unless -output-format says otherwise. -binary 1 is -output-format binary. With
 * -update-vocab it first counts -train FILE and grows the vocabulary (gensim's build_vocab(update=True)):
 * words the model knows keep their vectors, words FILE holds at least min-count times are added, and the
 * epochs run over FILE with the learning rate falling from alpha to min_alpha again.
 *
 * The parameter flags (-size, -window, ...) are word2vec's names for the library's parameters (the
 * table param_flags below); -param NAME=VALUE sets any parameter by the library's name for it
 * (w2v_param_lookup), so a parameter the library adds needs no change here. Every value is parsed as
 * the kind the library's table gives (w2v_param_info) and range-checked by the library.
 *
 * Any failure prints "w2v: " and the library's message to stderr and exits with status 1 (an unknown
 * flag, or no argument at all, prints the usage and exits with status 2).
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
          "      [-cbow 0|1] [-hs 0|1] [-seed N] [-param NAME=VALUE ...] [-quiet]\n"
          "      [-save-vocab FILE] [-read-vocab FILE]   (-save-vocab without -output only counts)\n"
          "      [-phrases-table TABLE]   (join the phrases of a saved table, w2v -phrases -save-table)\n"
          "  w2v -params                                 every parameter: name, kind, range, default\n"
          "  w2v -resume MODEL -train FILE -output FILE [-update-vocab] [-iter N] [-threads N] [-alpha F]\n"
          "      [-seed N]\n"
          "      [-output-format native|text|binary] [-quiet]\n"
          "  w2v -load FILE -vocab-size\n"
          "  w2v -load FILE -similar WORD [-k N] [-restrict N]\n"
          "  w2v -load FILE -analogy A B C [-k N] [-restrict N]          A : B :: C : ?  (3CosAdd)\n"
          "  w2v -load FILE -analogy-cosmul A B C [-k N] [-restrict N]   the same by 3CosMul\n"
          "  w2v -load FILE -similar-vector \"F1 F2 ... Fdim\" [-k N] [-restrict N]\n"
          "  w2v -load FILE -doesnt-match \"W1 W2 ...\"\n"
          "  w2v -load FILE -n-similarity \"A1 A2 ...\" \"B1 B2 ...\"\n"
          "  w2v -load FILE -distances WORD \"W1 W2 ...\"                (\"\" = every word)\n"
          "  w2v -load FILE -accuracy QUESTIONS [-restrict N] [-method cosadd|cosmul]\n"
          "  w2v -load FILE -pairs PAIRS.tsv\n"
          "  w2v -phrases -train FILE -output FILE [-min-count N] [-threshold F] [-debug N]\n"
          "      [-scoring word2phrase|original|npmi] [-save-table FILE]   (word2phrase: join phrases by _)\n"
          "  w2v -phrases -phrases-table TABLE -train FILE -output FILE     (apply a saved table)\n"
          "A word list is one argument: quote it. -restrict N: only the N most frequent words are\n"
          "candidates (0 = all; default all, 30000 for -accuracy).\n",
          stderr);
    exit(2);
}

/* word2vec's flags for the library's parameters, by the library's name of each (w2v_param_lookup). */
static const struct {
    const char *flag, *param;
} param_flags[] = {
    {"-size", "dim"},      {"-window", "window"},     {"-negative", "negative"}, {"-hs", "hs"},
    {"-iter", "epochs"},   {"-min-count", "min_count"}, {"-seed", "seed"},     {"-sample", "sample"},
    {"-alpha", "alpha"},   {"-threads", "threads"},
};
#define N_PARAM_FLAGS (sizeof param_flags / sizeof param_flags[0])
#define MAX_PARAMS 64

/* The command line, parsed. NULL / -1 mean "not given". */
typedef struct {
    const char *train, *output, *load, *resume, *similar, *accuracy, *pairs, *output_format, *method;
    const char *save_vocab, *read_vocab, *phrases_table;
    const char *analogy[3], *analogy_cosmul[3];
    /* Queries whose words come as one space-separated argument (see split_words). */
    const char *similar_vector, *doesnt_match, *n_similarity[2], *distances_word, *distances;
    long long binary, cbow, k, restrict_vocab;
    /* Parameter settings in command-line order: the library's name and the value as given. */
    const char *param_name[MAX_PARAMS], *param_value[MAX_PARAMS], *param_flag[MAX_PARAMS];
    size_t n_params;
    int vocab_size, quiet, update_vocab, list_params;
} options;

/* Records a parameter setting; `flag` names it in messages. */
static void add_param(options *o, const char *flag, const char *name, const char *value) {
    if (o->n_params == MAX_PARAMS) fail("too many parameter settings");
    o->param_flag[o->n_params] = flag;
    o->param_name[o->n_params] = name;
    o->param_value[o->n_params] = value;
    o->n_params++;
}

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

/* The index of `flag` in param_flags, or N_PARAM_FLAGS. */
static size_t param_flag_index(const char *flag) {
    size_t i = 0;
    while (i < N_PARAM_FLAGS && strcmp(param_flags[i].flag, flag)) i++;
    return i;
}

static options parse(int argc, char **argv) {
    options o;
    memset(&o, 0, sizeof o);
    o.binary = o.cbow = -1;
    o.k = 10;
    o.restrict_vocab = -1; /* not given: all words for the queries, 30000 for -accuracy */
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
        else if (!strcmp(flag, "-phrases-table")) { TAKES_VALUE; o.phrases_table = value; }
        else if (!strcmp(flag, "-method")) { TAKES_VALUE; o.method = value; }
        else if (!strcmp(flag, "-analogy") || !strcmp(flag, "-analogy-cosmul")) {
            const char **words = !strcmp(flag, "-analogy") ? o.analogy : o.analogy_cosmul;
            if (i + 3 >= argc) {
                fprintf(stderr, "w2v: %s needs three words: A B C (A is to B as C is to ?)\n", flag);
                exit(1);
            }
            words[0] = argv[i + 1];
            words[1] = argv[i + 2];
            words[2] = argv[i + 3];
            i += 3;
        }
        else if (!strcmp(flag, "-similar-vector")) { TAKES_VALUE; o.similar_vector = value; }
        else if (!strcmp(flag, "-doesnt-match")) { TAKES_VALUE; o.doesnt_match = value; }
        else if (!strcmp(flag, "-n-similarity")) {
            if (i + 2 >= argc) fail("-n-similarity needs two word lists: \"A1 A2 ...\" \"B1 B2 ...\"");
            o.n_similarity[0] = argv[i + 1];
            o.n_similarity[1] = argv[i + 2];
            i += 2;
        }
        else if (!strcmp(flag, "-distances")) {
            if (i + 2 >= argc) fail("-distances needs a word and a word list: WORD \"W1 W2 ...\" (\"\" = every word)");
            o.distances_word = argv[i + 1];
            o.distances = argv[i + 2];
            i += 2;
        }
        else if (!strcmp(flag, "-vocab-size")) o.vocab_size = 1;
        else if (!strcmp(flag, "-params")) o.list_params = 1;
        else if (!strcmp(flag, "-param")) {
            TAKES_VALUE;
            char *equals = strchr(value, '=');
            if (!equals || equals == value) {
                fprintf(stderr, "w2v: -param expects NAME=VALUE, got '%s'\n", value);
                exit(1);
            }
            /* The name is copied out of argv (which must stay intact); freed at exit. */
            size_t length = (size_t)(equals - value);
            char *name = malloc(length + 1);
            if (!name) fail("out of memory");
            memcpy(name, value, length);
            name[length] = '\0';
            add_param(&o, flag, name, equals + 1);
        }
        else if (!strcmp(flag, "-quiet")) o.quiet = 1;
        else if (!strcmp(flag, "-update-vocab")) o.update_vocab = 1;
        else if (!strcmp(flag, "-binary")) { TAKES_VALUE; o.binary = parse_int(flag, value); }
        else if (!strcmp(flag, "-cbow")) { TAKES_VALUE; o.cbow = parse_int(flag, value); }
        else if (!strcmp(flag, "-k")) { TAKES_VALUE; o.k = parse_int(flag, value); }
        else if (!strcmp(flag, "-restrict")) {
            TAKES_VALUE;
            o.restrict_vocab = parse_int(flag, value);
            if (o.restrict_vocab < 0) fail("-restrict must not be negative");
        }
        else if (param_flag_index(flag) < N_PARAM_FLAGS) {
            TAKES_VALUE;
            add_param(&o, flag, param_flags[param_flag_index(flag)].param, value);
        }
        else if (!strcmp(flag, "-classes") || !strcmp(flag, "-debug")) {
            fprintf(stderr, "w2v: %s is not supported yet\n", flag);
            exit(1);
        }
        else if (flag[0] != '-') {
            fprintf(stderr, "w2v: unexpected argument '%s' (a word list is one argument: quote it, as in "
                            "-doesnt-match \"a b c\")\n", flag);
            exit(1);
        }
        else {
            fprintf(stderr, "w2v: unknown flag '%s'\n", flag);
            usage();
        }
#undef TAKES_VALUE
    }
    if (o.k < 1) fail("-k must be at least 1");
    if (o.method && strcmp(o.method, "cosadd") && strcmp(o.method, "cosmul"))
        fail("-method takes cosadd (3CosAdd) or cosmul (3CosMul)");
    if (o.method && !o.accuracy) fail("-method applies to -accuracy");
    if (o.binary > 1 || o.cbow > 1) fail("-binary and -cbow take 0 or 1");
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

/* Sets the library parameter `name` from its text as given with `flag`, parsed as the kind the
 * library's table gives; the library checks the range. */
static void set_param(w2v_params *params, const char *flag, const char *name, const char *text) {
    w2v_param key;
    w2v_param_kind kind;
    check(w2v_param_lookup(name, &key));
    check(w2v_param_info(key, NULL, &kind, NULL, NULL, NULL));
    if (kind == W2V_PARAM_KIND_FLOAT) check(w2v_params_set_float(params, key, parse_float(flag, text)));
    else check(w2v_params_set_int(params, key, parse_int(flag, text)));
}

/* The parameter settings given on the command line, in order (those left out keep the value already
 * in `params`). */
static void set_training_flags(w2v_params *params, const options *o) {
    for (size_t i = 0; i < o->n_params; i++) set_param(params, o->param_flag[i], o->param_name[i], o->param_value[i]);
}

/* -params: one line per parameter of the library's table: name, kind, range, default. */
static void list_params(void) {
    static const char *const kinds[] = {"int", "float", "bool"};
    for (size_t i = 0; i < w2v_param_count(); i++) {
        const char *name;
        w2v_param_kind kind;
        double min, max, value;
        check(w2v_param_info((w2v_param)i, &name, &kind, &min, &max, &value));
        printf("%s\t%s\t[%.17g, %.17g]\tdefault %.17g\n", name, (size_t)kind < 3 ? kinds[kind] : "?", min, max, value);
    }
}

/* Trains on -train with a progress line unless -quiet, saves to -output, frees the model. */
static void train_and_save(w2v_model *model, const options *o, long long threads) {
    check(w2v_model_train_file(model, o->train, o->quiet ? NULL : report_progress, &threads));
    if (!o->quiet) fputc('\n', stderr);
    check(w2v_model_save(model, o->output, output_format(o)));
    w2v_model_free(model);
}

static void train_corpus(const options *o);

/* -train FILE -phrases-table TABLE: the corpus with the table's phrases joined is written beside -output
 * (OUTPUT.phrased, removed afterwards), then counted and trained on as the corpus. */
static void train(const options *o) {
    if (!o->phrases_table) {
        train_corpus(o);
        return;
    }
    if (!o->output) fail("-phrases-table needs -output FILE");
    w2v_phrases *phrases;
    check(w2v_phrases_load(&phrases, o->phrases_table));
    size_t length = strlen(o->output) + sizeof ".phrased";
    char *phrased = malloc(length);
    if (!phrased) fail("out of memory");
    snprintf(phrased, length, "%s.phrased", o->output);
    uint64_t formed = 0;
    w2v_status status = w2v_phrases_apply_file(phrases, o->train, phrased, &formed);
    w2v_phrases_free(phrases);
    check(status);
    if (!o->quiet) fprintf(stderr, "Phrases joined: %llu\n", (unsigned long long)formed);
    options joined = *o;
    joined.train = phrased;
    joined.phrases_table = NULL;
    train_corpus(&joined);
    remove(phrased);
    free(phrased);
}

static void train_corpus(const options *o) {
    if (!o->output && !o->save_vocab) fail("-train needs -output FILE (or -save-vocab FILE to only count)");
    w2v_params *params;
    check(w2v_params_new(&params));
    /* The original tool's defaults where they differ from the library's. */
    set_int(params, W2V_PARAM_ARCH, o->cbow == 0 ? W2V_ARCH_SKIPGRAM : W2V_ARCH_CBOW);
    set_int(params, W2V_PARAM_THREADS, 12);
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
        static const char *const kernel_names[] = {"auto", "baseline", "avx2", "avx512"};
        int64_t kernels;
        w2v_kernels level;
        check(w2v_params_get_int(params, W2V_PARAM_KERNELS, &kernels));
        check(w2v_kernels_resolve((w2v_kernels)kernels, &level));
        fprintf(stderr, "Kernels: %s\n", kernel_names[level]);
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
    if (o->update_vocab) {
        w2v_vocab *vocab;
        check(w2v_vocab_new(&vocab));
        check(w2v_vocab_add_file(vocab, o->train));
        size_t added;
        check(w2v_model_update_vocab(model, vocab, &added));
        w2v_vocab_free(vocab);
        if (!o->quiet) {
            fprintf(stderr, "Vocabulary update: %zu words added, vocab size %zu, %llu words per epoch\n", added,
                    w2v_model_vocab_size(model), (unsigned long long)w2v_model_epoch_words(model));
        }
    }
    w2v_params *params;
    check(w2v_model_get_params(&params, model));
    if (o->cbow >= 0) set_int(params, W2V_PARAM_ARCH, o->cbow == 0 ? W2V_ARCH_SKIPGRAM : W2V_ARCH_CBOW);
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

/* A word list given as one argument, split at spaces and tabs into `words` (pointers into `buffer`). */
typedef struct {
    char *buffer;
    const char **words;
    size_t n;
} word_list;

static word_list split_words(const char *text) {
    word_list list;
    size_t length = strlen(text);
    list.buffer = malloc(length + 1);
    list.words = malloc((length / 2 + 1) * sizeof *list.words); /* at most one word per two bytes, rounded up */
    if (!list.buffer || !list.words) fail("out of memory");
    memcpy(list.buffer, text, length + 1);
    list.n = 0;
    for (char *word = strtok(list.buffer, " \t"); word; word = strtok(NULL, " \t")) list.words[list.n++] = word;
    return list;
}

static void free_words(word_list *list) {
    free(list->buffer);
    free((void *)list->words);
}

/* The candidates of the neighbour queries: -restrict when given, else every word. */
static size_t query_restrict(const options *o) {
    return o->restrict_vocab >= 0 ? (size_t)o->restrict_vocab : 0;
}

typedef enum { NEIGHBOURS_COSINE, NEIGHBOURS_COSMUL } neighbours_kind;

/* Prints "word<TAB>score" for the -k best words: by cosine to the mean of the positive words' unit
 * vectors minus the negative ones' (most_similar), or by 3CosMul. */
static void print_neighbours(const w2v_model *model, neighbours_kind kind, const char *const *positive, size_t n_pos,
                             const char *const *negative, size_t n_neg, const options *o) {
    size_t k = (size_t)o->k;
    size_t *indices = malloc(k * sizeof *indices);
    float *scores = malloc(k * sizeof *scores);
    if (!indices || !scores) fail("out of memory");
    size_t n;
    if (kind == NEIGHBOURS_COSMUL)
        check(w2v_model_most_similar_cosmul(model, positive, n_pos, negative, n_neg, query_restrict(o), k, indices,
                                            scores, &n));
    else
        check(w2v_model_most_similar(model, positive, n_pos, negative, n_neg, query_restrict(o), k,
                                     indices, scores, &n));
    for (size_t i = 0; i < n; i++) printf("%s\t%.6f\n", w2v_model_word(model, indices[i]), scores[i]);
    free(indices);
    free(scores);
}

/* -similar-vector: the words nearest to a vector given as dim numbers. */
static void print_similar_by_vector(const w2v_model *model, const options *o) {
    word_list numbers = split_words(o->similar_vector);
    float *vector = malloc((numbers.n ? numbers.n : 1) * sizeof *vector);
    size_t k = (size_t)o->k;
    size_t *indices = malloc(k * sizeof *indices);
    float *scores = malloc(k * sizeof *scores);
    if (!vector || !indices || !scores) fail("out of memory");
    for (size_t i = 0; i < numbers.n; i++) vector[i] = (float)parse_float("-similar-vector", numbers.words[i]);
    size_t n;
    check(w2v_model_similar_by_vector(model, vector, numbers.n, query_restrict(o), k, indices, scores, &n));
    for (size_t i = 0; i < n; i++) printf("%s\t%.6f\n", w2v_model_word(model, indices[i]), scores[i]);
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
    float *distances = malloc((needed ? needed : 1) * sizeof *distances);
    if (!distances) fail("out of memory");
    check(w2v_model_distances(model, o->distances_word, others.words, others.n, distances, needed, &needed));
    for (size_t i = 0; i < needed; i++)
        printf("%s\t%.6f\n", others.n ? others.words[i] : w2v_model_word(model, i), distances[i]);
    free(distances);
    free_words(&others);
}

static void print_accuracy(const w2v_model *model, const options *o) {
    size_t correct, seen, sem_correct, sem_seen, syn_correct, syn_seen;
    w2v_analogy_method method = o->method && !strcmp(o->method, "cosmul") ? W2V_ANALOGY_3COSMUL : W2V_ANALOGY_3COSADD;
    size_t restrict_vocab = o->restrict_vocab >= 0 ? (size_t)o->restrict_vocab : 30000;
    check(w2v_model_evaluate_analogies(model, o->accuracy, restrict_vocab, method, &correct, &seen,
                                       &sem_correct, &sem_seen, &syn_correct, &syn_seen));
    printf("semantic\t%zu/%zu\t%.2f%%\n", sem_correct, sem_seen, sem_seen ? 100.0 * sem_correct / sem_seen : 0.0);
    printf("syntactic\t%zu/%zu\t%.2f%%\n", syn_correct, syn_seen, syn_seen ? 100.0 * syn_correct / syn_seen : 0.0);
    printf("total\t%zu/%zu\t%.2f%%\n", correct, seen, seen ? 100.0 * correct / seen : 0.0);
}

static void query(const options *o) {
    w2v_model *model;
    check(w2v_model_load(&model, o->load, W2V_FORMAT_AUTO));
    if (o->vocab_size) printf("%zu\n", w2v_model_vocab_size(model));
    if (o->similar) print_neighbours(model, NEIGHBOURS_COSINE, &o->similar, 1, NULL, 0, o);
    if (o->analogy[0]) {
        /* A is to B as C is to ?: B - A + C. */
        const char *positive[2] = {o->analogy[1], o->analogy[2]};
        print_neighbours(model, NEIGHBOURS_COSINE, positive, 2, &o->analogy[0], 1, o);
    }
    if (o->analogy_cosmul[0]) {
        const char *positive[2] = {o->analogy_cosmul[1], o->analogy_cosmul[2]};
        print_neighbours(model, NEIGHBOURS_COSMUL, positive, 2, &o->analogy_cosmul[0], 1, o);
    }
    if (o->similar_vector) print_similar_by_vector(model, o);
    if (o->doesnt_match) print_doesnt_match(model, o);
    if (o->n_similarity[0]) print_n_similarity(model, o);
    if (o->distances) print_distances(model, o);
    if (o->accuracy) print_accuracy(model, o);
    if (o->pairs) {
        double spearman, pearson;
        size_t used, skipped;
        check(w2v_model_evaluate_word_pairs(model, o->pairs, &spearman, &pearson, &used, &skipped));
        printf("spearman\t%.4f\npearson\t%.4f\npairs used\t%zu\npairs skipped\t%zu\n", spearman, pearson, used, skipped);
    }
    w2v_model_free(model);
}

/* w2v -phrases: word2vec's word2phrase. Counts the words and word pairs of -train, then writes it to
 * -output with each pair scoring above -threshold joined by '_' (run it again on its output for phrases
 * of up to four words). -save-table FILE also saves the phrase table; -phrases-table FILE applies a saved
 * table instead of learning one. -debug 0 is silent; 1 and 2 print what word2phrase prints. */
static int phrases_main(int argc, char **argv) {
    const char *train = NULL, *output = NULL, *table = NULL, *save_table = NULL, *scoring_name = NULL;
    long long min_count = 5, debug = 2;
    double threshold = 100;
    for (int i = 2; i < argc; i++) {
        const char *flag = argv[i];
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (!value) {
            fprintf(stderr, "w2v: %s needs a value (w2v -phrases takes -train -output -min-count -threshold -debug "
                            "-scoring -save-table -phrases-table, each with a value)\n", flag);
            return 1;
        }
        i++;
        if (!strcmp(flag, "-train")) train = value;
        else if (!strcmp(flag, "-output")) output = value;
        else if (!strcmp(flag, "-min-count")) min_count = parse_int(flag, value);
        else if (!strcmp(flag, "-threshold")) threshold = parse_float(flag, value);
        else if (!strcmp(flag, "-debug")) debug = parse_int(flag, value);
        else if (!strcmp(flag, "-scoring")) scoring_name = value;
        else if (!strcmp(flag, "-save-table")) save_table = value;
        else if (!strcmp(flag, "-phrases-table")) table = value;
        else {
            fprintf(stderr, "w2v: unknown flag '%s' for -phrases\n", flag);
            usage();
        }
    }
    if (!train || !output) fail("-phrases needs -train FILE and -output FILE");
    if (min_count < 0) fail("-min-count must not be negative");
    w2v_phrases_scoring scoring = W2V_PHRASES_SCORING_WORD2PHRASE;
    if (scoring_name) {
        if (!strcmp(scoring_name, "original")) scoring = W2V_PHRASES_SCORING_ORIGINAL;
        else if (!strcmp(scoring_name, "npmi")) scoring = W2V_PHRASES_SCORING_NPMI;
        else if (strcmp(scoring_name, "word2phrase")) fail("-scoring takes word2phrase, original or npmi");
    }
    w2v_phrases *phrases = NULL;
    if (table) {
        if (scoring_name) fail("-scoring applies when learning; a saved table keeps its own");
        check(w2v_phrases_load(&phrases, table));
        if (debug > 0) printf("Phrase table: %zu phrases\n", (size_t)w2v_phrases_size(phrases));
    } else {
        check(w2v_phrases_new(&phrases, scoring, (uint64_t)min_count, threshold, NULL, NULL, 0, 0));
        if (debug > 0) printf("Starting training using file %s\n", train);
        check(w2v_phrases_add_file(phrases, train));
        if (debug > 0) {
            printf("Vocab size (unigrams + bigrams): %zu\n", (size_t)w2v_phrases_size(phrases));
            printf("Words in train file: %llu\n", (unsigned long long)w2v_phrases_total_words(phrases));
            if (w2v_phrases_pruned_entries(phrases))
                printf("Pruned entries: %llu\n", (unsigned long long)w2v_phrases_pruned_entries(phrases));
        }
    }
    if (save_table) check(w2v_phrases_save(phrases, save_table));
    uint64_t formed = 0;
    check(w2v_phrases_apply_file(phrases, train, output, &formed));
    if (debug > 0) printf("Phrases formed: %llu\n", (unsigned long long)formed);
    w2v_phrases_free(phrases);
    return 0;
}

int main(int argc, char **argv) {
    if (w2v_version() / 10000 != W2V_VERSION_MAJOR) {
        fprintf(stderr, "w2v: libw2v %s does not match the header's major version %d\n", w2v_version_string(),
                W2V_VERSION_MAJOR);
        return 1;
    }
    if (argc < 2) usage();
    if (!strcmp(argv[1], "-phrases")) return phrases_main(argc, argv);
    options o = parse(argc, argv);
    if (o.list_params) {
        list_params();
        if (!o.train && !o.load && !o.resume) return 0;
    }
    if (o.train && o.load) fail("give either -train or -load, not both");
    if (o.resume && o.load) fail("give either -resume or -load, not both");
    if (o.update_vocab && !o.resume) fail("-update-vocab needs -resume MODEL: the model whose vocabulary grows");
    if (o.resume) {
        resume(&o);
    } else if (o.train) {
        train(&o);
    } else if (o.load) {
        if (!o.similar && !o.analogy[0] && !o.analogy_cosmul[0] && !o.similar_vector && !o.doesnt_match &&
            !o.n_similarity[0] && !o.distances && !o.vocab_size && !o.accuracy && !o.pairs)
            fail("-load needs a query: -similar, -analogy, -analogy-cosmul, -similar-vector, -doesnt-match, "
                 "-n-similarity, -distances, -vocab-size, -accuracy or -pairs");
        query(&o);
    } else {
        usage();
    }
    return 0;
}
