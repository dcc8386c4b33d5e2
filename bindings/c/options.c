/* The command line of w2v: word2vec's single-dash long flags through libc's getopt_long_only, each
 * value parsed and range-checked here, so a bad value stops the tool with exit status 2 before any
 * work. The parameter flags (-size, -window, ...) are word2vec's names for the library's parameters;
 * their kinds and ranges come from the library's table (w2v_param_info), so they are checked exactly as
 * the library would check them. */
#define _GNU_SOURCE /* getopt_long_only */
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void print_usage(FILE *stream) {
    fputs("usage:\n"
          "  w2v -train FILE -output FILE [-size N] [-window N] [-sample F] [-negative N] [-threads N]\n"
          "      [-iter N] [-min-count N] [-alpha F] [-binary 0|1] [-output-format text|binary|native|fasttext]\n"
          "      [-minn N -maxn N -bucket N]   (fastText subwords: vectors for any word)\n"
          "      [-cbow 0|1] [-hs 0|1] [-seed N] [-param NAME=VALUE ...] [-debug 0|1|2] [-quiet]\n"
          "      [-classes K]   (write \"word class\" lines of K k-means classes instead of the vectors)\n"
          "      [-save-vocab FILE] [-read-vocab FILE]   (-save-vocab without -output only counts)\n"
          "      [-phrases-table TABLE]   (join the phrases of a saved table, w2v -phrases -save-table)\n"
          "  w2v -params                                 every parameter: name, kind, range, default\n"
          "  w2v -resume MODEL -train FILE -output FILE [-update-vocab] [-iter N] [-threads N] [-alpha F]\n"
          "      [-seed N] [-output-format native|text|binary|fasttext] [-classes K] [-debug N] [-quiet]\n"
          "  w2v -load FILE -vocab-size\n"
          "  w2v -load FILE -similar [WORD] [-k N] [-restrict N]     no WORD: read lines of words from stdin\n"
          "  w2v -load FILE -analogy [A B C] [-k N] [-restrict N]    A : B :: C : ?  (3CosAdd); no words: stdin\n"
          "  w2v -load FILE -analogy-cosmul [A B C] [-k N] [-restrict N]   the same by 3CosMul\n"
          "  w2v -load FILE -similar-vector \"F1 F2 ... Fdim\" [-k N] [-restrict N]\n"
          "  w2v -load FILE -doesnt-match \"W1 W2 ...\"\n"
          "  w2v -load FILE -n-similarity \"A1 A2 ...\" \"B1 B2 ...\"\n"
          "  w2v -load FILE -distances WORD \"W1 W2 ...\"                (\"\" = every word)\n"
          "  w2v -load FILE -accuracy QUESTIONS [-restrict N] [-method cosadd|cosmul]\n"
          "  w2v -load FILE -pairs PAIRS.tsv\n"
          "  w2v -load FILE -classes K -output FILE                      k-means word classes\n"
          "  w2v -phrases -train FILE -output FILE [-min-count N] [-threshold F] [-debug N]\n"
          "      [-scoring word2phrase|original|npmi] [-save-table FILE [-table-format text|native]]\n"
          "                                                  (word2phrase: join phrases by _)\n"
          "  w2v -phrases -phrases-table TABLE -train FILE -output FILE     (apply a saved table)\n"
          "  w2v -h | -help | --help\n"
          "A word list is one argument: quote it. -restrict N: only the N most frequent words are\n"
          "candidates (0 = all; default all, 30000 for -accuracy). -debug: 0 quiet, 1 summaries, 2 (default)\n"
          "also the progress line. Exit status 2: the command line was refused; 1: the work failed.\n",
          stream);
}

int64_t parse_int_value(const char *flag, const char *text, int64_t min, int64_t max) {
    char *end;
    errno = 0;
    /* strtoll would skip leading white space; a value is digits with an optional sign and nothing else. */
    int spaced = isspace((unsigned char)text[0]);
    long long value = spaced ? 0 : strtoll(text, &end, 10);
    if (spaced || end == text || *end)
        fail_usage("%s expects an integer, got '%s'", flag, text);
    if (errno == ERANGE || value < min || value > max)
        fail_usage("%s must be in [%lld, %lld], got '%s'", flag, (long long)min, (long long)max, text);
    return value;
}

double parse_float_value(const char *flag, const char *text, double min, double max) {
    char *end;
    errno = 0;
    int spaced = isspace((unsigned char)text[0]);
    double value = spaced ? 0 : strtod(text, &end);
    if (spaced || end == text || *end || isnan(value))
        fail_usage("%s expects a number, got '%s'", flag, text);
    if (errno == ERANGE || !isfinite(value) || value < min || value > max)
        fail_usage("%s must be in [%.10g, %.10g], got '%s'", flag, min, max, text);
    return value;
}

/* word2vec's flags for the library's parameters, by the library's name of each (w2v_param_lookup). */
static const struct {
    const char *flag, *param;
} param_flags[] = {
    {"size", "dim"},    {"window", "window"},       {"negative", "negative"}, {"hs", "hs"},
    {"iter", "epochs"}, {"min-count", "min_count"}, {"seed", "seed"},         {"sample", "sample"},
    {"alpha", "alpha"}, {"threads", "threads"},
    /* fastText's names for subwords (character n-grams of minn..maxn, hashed into bucket rows). */
    {"minn", "min_n"},  {"maxn", "max_n"},         {"bucket", "bucket"},
};
#define N_PARAM_FLAGS (sizeof param_flags / sizeof param_flags[0])

/* Parses `text` as the value of the library's parameter `name` (given as `flag`): by its kind, in its range. */
static void add_param(options *o, const char *flag, const char *name, const char *text) {
    if (o->n_params == MAX_PARAMS) fail_usage("more than %d parameter settings", MAX_PARAMS);
    w2v_param key;
    w2v_param_kind kind;
    double min, max;
    if (w2v_param_lookup(name, &key) != W2V_OK) fail_usage("%s: no parameter is named '%s' (w2v -params lists them)", flag, name);
    check(w2v_param_info(key, NULL, &kind, &min, &max, NULL));
    o->params[o->n_params].key = key;
    o->params[o->n_params].kind = kind;
    if (kind == W2V_PARAM_KIND_FLOAT) o->params[o->n_params].float_value = parse_float_value(flag, text, min, max);
    /* Integer ranges are exact in a double up to 2^53; the seed's upper bound 2^63-1 reads as 2^63. */
    else o->params[o->n_params].int_value = parse_int_value(flag, text, (int64_t)min, max >= 0x1p63 ? INT64_MAX : (int64_t)max);
    o->n_params++;
}

/* -param NAME=VALUE */
static void add_named_param(options *o, const char *text) {
    const char *equals = strchr(text, '=');
    if (!equals || equals == text) fail_usage("-param expects NAME=VALUE, got '%s'", text);
    size_t length = (size_t)(equals - text);
    char *name = checked_malloc(length + 1);
    memcpy(name, text, length);
    name[length] = '\0';
    char *flag = checked_malloc(length + sizeof "-param ");
    snprintf(flag, length + sizeof "-param ", "-param %s", name);
    add_param(o, flag, name, equals + 1);
    free(flag);
    free(name);
}

enum option_id {
    OPT_TRAIN = 256, OPT_OUTPUT, OPT_LOAD, OPT_RESUME, OPT_OUTPUT_FORMAT, OPT_METHOD, OPT_SAVE_VOCAB,
    OPT_READ_VOCAB, OPT_PHRASES_TABLE, OPT_ACCURACY, OPT_PAIRS, OPT_SIMILAR, OPT_ANALOGY, OPT_ANALOGY_COSMUL,
    OPT_SIMILAR_VECTOR, OPT_DOESNT_MATCH, OPT_N_SIMILARITY, OPT_DISTANCES, OPT_BINARY, OPT_CBOW, OPT_K,
    OPT_RESTRICT, OPT_CLASSES, OPT_DEBUG, OPT_QUIET, OPT_PARAM, OPT_PARAMS, OPT_VOCAB_SIZE, OPT_UPDATE_VOCAB,
    OPT_HELP, OPT_PHRASES,
    OPT_PARAM_FLAG /* + the index in param_flags */
};

static const struct option fixed_options[] = {
    {"train", required_argument, NULL, OPT_TRAIN},
    {"output", required_argument, NULL, OPT_OUTPUT},
    {"load", required_argument, NULL, OPT_LOAD},
    {"resume", required_argument, NULL, OPT_RESUME},
    {"output-format", required_argument, NULL, OPT_OUTPUT_FORMAT},
    {"method", required_argument, NULL, OPT_METHOD},
    {"save-vocab", required_argument, NULL, OPT_SAVE_VOCAB},
    {"read-vocab", required_argument, NULL, OPT_READ_VOCAB},
    {"phrases-table", required_argument, NULL, OPT_PHRASES_TABLE},
    {"accuracy", required_argument, NULL, OPT_ACCURACY},
    {"pairs", required_argument, NULL, OPT_PAIRS},
    /* Their words are taken after getopt (none: interactive; several for some), see take_words. */
    {"similar", optional_argument, NULL, OPT_SIMILAR},
    {"analogy", no_argument, NULL, OPT_ANALOGY},
    {"analogy-cosmul", no_argument, NULL, OPT_ANALOGY_COSMUL},
    {"similar-vector", required_argument, NULL, OPT_SIMILAR_VECTOR},
    {"doesnt-match", required_argument, NULL, OPT_DOESNT_MATCH},
    {"n-similarity", no_argument, NULL, OPT_N_SIMILARITY},
    {"distances", no_argument, NULL, OPT_DISTANCES},
    {"binary", required_argument, NULL, OPT_BINARY},
    {"cbow", required_argument, NULL, OPT_CBOW},
    {"k", required_argument, NULL, OPT_K},
    {"restrict", required_argument, NULL, OPT_RESTRICT},
    {"classes", required_argument, NULL, OPT_CLASSES},
    {"debug", required_argument, NULL, OPT_DEBUG},
    {"quiet", no_argument, NULL, OPT_QUIET},
    {"param", required_argument, NULL, OPT_PARAM},
    {"params", no_argument, NULL, OPT_PARAMS},
    {"vocab-size", no_argument, NULL, OPT_VOCAB_SIZE},
    {"update-vocab", no_argument, NULL, OPT_UPDATE_VOCAB},
    {"help", no_argument, NULL, OPT_HELP},
    /* Only as the first argument (phrases.c); named here so that getopt does not read it as an
     * abbreviation of -phrases-table. */
    {"phrases", no_argument, NULL, OPT_PHRASES},
};
#define N_FIXED_OPTIONS (sizeof fixed_options / sizeof fixed_options[0])

const char *option_name(const struct option *table, int id) {
    for (const struct option *entry = table; entry->name; entry++)
        if (entry->val == id) return entry->name;
    return "?";
}

/* The `count` arguments after a flag that takes several (or whose value may be missing); exits when
 * there are fewer. */
static const char **take_words(int argc, char **argv, size_t count, const char *flag, const char *what) {
    if (optind + (int)count > argc) fail_usage("-%s needs %s", flag, what);
    const char **words = (const char **)&argv[optind];
    optind += (int)count;
    return words;
}

/* True when the next argument exists and is not a flag: the words of -similar / -analogy are given. */
static int words_follow(int argc, char **argv) {
    return optind < argc && argv[optind][0] != '-';
}

/* Checks what the flags ask for as a whole: one mode, the files it needs, no contradictions. */
static void check_combination(const options *o) {
    if (o->method && strcmp(o->method, "cosadd") && strcmp(o->method, "cosmul"))
        fail_usage("-method takes cosadd (3CosAdd) or cosmul (3CosMul), got '%s'", o->method);
    if (o->method && !o->accuracy) fail_usage("-method applies to -accuracy");
    if (o->output_format && strcmp(o->output_format, "text") && strcmp(o->output_format, "binary") &&
        strcmp(o->output_format, "native") && strcmp(o->output_format, "fasttext"))
        fail_usage("-output-format takes text, binary, native or fasttext, got '%s'", o->output_format);
    if (o->output_format && o->has_binary) fail_usage("give -binary or -output-format, not both");
    if (o->classes && (o->output_format || (o->has_binary && o->binary)))
        fail_usage("-classes writes \"word class\" lines; -binary 1 and -output-format do not apply");
    if (o->train && o->load) fail_usage("give either -train or -load, not both");
    if (o->resume && o->load) fail_usage("give either -resume or -load, not both");
    if (o->update_vocab && !o->resume) fail_usage("-update-vocab needs -resume MODEL: the model whose vocabulary grows");
    if (o->resume && (!o->train || !o->output)) fail_usage("-resume needs -train FILE (the text to train on) and -output FILE");
    if (o->train && !o->output && !o->save_vocab) fail_usage("-train needs -output FILE (or -save-vocab FILE to only count)");
    if (o->phrases_table && !o->output) fail_usage("-phrases-table needs -output FILE");
    if (o->classes && !o->output) fail_usage("-classes needs -output FILE");
    int interactive = o->interactive_similar + o->interactive_analogy + o->interactive_analogy_cosmul;
    if (interactive > 1) fail_usage("only one of -similar, -analogy and -analogy-cosmul can read queries from stdin");
    if (o->load) {
        int queries = o->similar || o->analogy[0] || o->analogy_cosmul[0] || interactive || o->similar_vector ||
                      o->doesnt_match || o->n_similarity[0] || o->distances || o->vocab_size || o->accuracy || o->pairs ||
                      o->classes;
        if (!queries)
            fail_usage("-load needs a query: -similar, -analogy, -analogy-cosmul, -similar-vector, -doesnt-match, "
                       "-n-similarity, -distances, -vocab-size, -accuracy, -pairs or -classes");
        if (o->output && !o->classes) fail_usage("-load writes a file only with -classes K");
    } else if (interactive || o->similar || o->analogy[0] || o->analogy_cosmul[0] || o->similar_vector ||
               o->doesnt_match || o->n_similarity[0] || o->distances || o->vocab_size || o->accuracy || o->pairs) {
        fail_usage("queries need -load FILE");
    }
    if (!o->train && !o->load && !o->resume && !o->list_params) fail_usage("nothing to do: give -train, -resume, -load or -params");
}

options parse_options(int argc, char **argv) {
    options o;
    memset(&o, 0, sizeof o);
    o.k = 10;
    o.debug = DEBUG_PROGRESS;

    struct option table[N_FIXED_OPTIONS + N_PARAM_FLAGS + 1];
    memcpy(table, fixed_options, sizeof fixed_options);
    for (size_t i = 0; i < N_PARAM_FLAGS; i++)
        table[N_FIXED_OPTIONS + i] = (struct option){param_flags[i].flag, required_argument, NULL, OPT_PARAM_FLAG + (int)i};
    table[N_FIXED_OPTIONS + N_PARAM_FLAGS] = (struct option){NULL, 0, NULL, 0};

    opterr = 0; /* our own messages */
    optind = 1;
    int id;
    /* "+": stop at the first argument that is not a flag instead of reordering argv (words are
     * arguments); ":": report a missing value as ':'; "h": -h for help. */
    while ((id = getopt_long_only(argc, argv, "+:h", table, NULL)) != -1) {
        switch (id) {
        case 'h':
        case OPT_HELP:
            print_usage(stdout);
            exit(0);
        case ':':
            fail_usage("-%s needs a value", option_name(table, optopt));
        case '?':
            fail_usage("unknown or ambiguous flag '%s'", argv[optind - 1]);
        case OPT_PHRASES: fail_usage("-phrases must be the first argument: w2v -phrases -train FILE -output FILE ...");
        case OPT_TRAIN: o.train = optarg; break;
        case OPT_OUTPUT: o.output = optarg; break;
        case OPT_LOAD: o.load = optarg; break;
        case OPT_RESUME: o.resume = optarg; break;
        case OPT_OUTPUT_FORMAT: o.output_format = optarg; break;
        case OPT_METHOD: o.method = optarg; break;
        case OPT_SAVE_VOCAB: o.save_vocab = optarg; break;
        case OPT_READ_VOCAB: o.read_vocab = optarg; break;
        case OPT_PHRASES_TABLE: o.phrases_table = optarg; break;
        case OPT_ACCURACY: o.accuracy = optarg; break;
        case OPT_PAIRS: o.pairs = optarg; break;
        case OPT_SIMILAR:
            if (optarg) o.similar = optarg;
            else if (words_follow(argc, argv)) o.similar = argv[optind++];
            else o.interactive_similar = 1;
            break;
        case OPT_ANALOGY:
        case OPT_ANALOGY_COSMUL: {
            const char **words = id == OPT_ANALOGY ? o.analogy : o.analogy_cosmul;
            if (words_follow(argc, argv)) {
                memcpy(words, take_words(argc, argv, 3, option_name(table, id), "three words: A B C (A is to B as C is to ?)"),
                       3 * sizeof *words);
            } else if (id == OPT_ANALOGY) {
                o.interactive_analogy = 1;
            } else {
                o.interactive_analogy_cosmul = 1;
            }
            break;
        }
        case OPT_SIMILAR_VECTOR: o.similar_vector = optarg; break;
        case OPT_DOESNT_MATCH: o.doesnt_match = optarg; break;
        case OPT_N_SIMILARITY:
            memcpy(o.n_similarity, take_words(argc, argv, 2, "n-similarity", "two word lists: \"A1 A2 ...\" \"B1 B2 ...\""),
                   sizeof o.n_similarity);
            break;
        case OPT_DISTANCES: {
            const char **words = take_words(argc, argv, 2, "distances", "a word and a word list: WORD \"W1 W2 ...\" (\"\" = every word)");
            o.distances_word = words[0];
            o.distances = words[1];
            break;
        }
        case OPT_BINARY:
            o.has_binary = 1;
            o.binary = (int)parse_int_value("-binary", optarg, 0, 1);
            break;
        case OPT_CBOW:
            o.has_cbow = 1;
            o.cbow = (int)parse_int_value("-cbow", optarg, 0, 1);
            break;
        case OPT_K: o.k = (size_t)parse_int_value("-k", optarg, 1, INT32_MAX); break;
        case OPT_RESTRICT:
            o.has_restrict = 1;
            o.restrict_vocab = (size_t)parse_int_value("-restrict", optarg, 0, INT64_MAX);
            break;
        case OPT_CLASSES: o.classes = (size_t)parse_int_value("-classes", optarg, 1, INT32_MAX); break;
        case OPT_DEBUG: o.debug = (int)parse_int_value("-debug", optarg, 0, INT32_MAX); break;
        case OPT_QUIET: o.debug = DEBUG_QUIET; break;
        case OPT_PARAM: add_named_param(&o, optarg); break;
        case OPT_PARAMS: o.list_params = 1; break;
        case OPT_VOCAB_SIZE: o.vocab_size = 1; break;
        case OPT_UPDATE_VOCAB: o.update_vocab = 1; break;
        default: {
            size_t index = (size_t)(id - OPT_PARAM_FLAG);
            char flag[32];
            snprintf(flag, sizeof flag, "-%s", param_flags[index].flag);
            add_param(&o, flag, param_flags[index].param, optarg);
        }
        }
    }
    if (optind < argc)
        fail_usage("unexpected argument '%s' (a word list is one argument: quote it, as in -doesnt-match \"a b c\")",
                   argv[optind]);
    check_combination(&o);
    return o;
}

/* -params: one line per parameter of the library's table: name, kind, range, default. */
void list_params(void) {
    static const char *const kinds[] = {"int", "float", "bool"};
    for (size_t i = 0; i < w2v_param_count(); i++) {
        const char *name;
        w2v_param_kind kind;
        double min, max, value;
        check(w2v_param_info((w2v_param)i, &name, &kind, &min, &max, &value));
        printf("%s\t%s\t[%.17g, %.17g]\tdefault %.17g\n", name, (size_t)kind < 3 ? kinds[kind] : "?", min, max, value);
    }
}
