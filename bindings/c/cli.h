/* What the files of the w2v tool share: the parsed command line, the failure helpers and each file's
 * entry points. The tool is written only against include/w2v.h. */
#ifndef W2V_CLI_H
#define W2V_CLI_H

#include "w2v.h"

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

/* Exit statuses: 1 for a failure while working (the library's message), 2 for a command line that is
 * refused before any work (a bad flag or value, a missing or conflicting flag). */
enum { EXIT_FAILED = 1, EXIT_USAGE = 2 };

#define MAX_PARAMS 64

/* How much training prints on stderr (-debug N as the original word2vec, -quiet = -debug 0). */
enum { DEBUG_QUIET = 0, DEBUG_INFO = 1, DEBUG_PROGRESS = 2 };

/* The command line, parsed and checked (options.c). A flag that was not given is NULL, 0 or has its
 * `has_` member 0; every value here has already been checked to be in range. */
typedef struct {
    const char *train, *output, *load, *resume, *output_format, *method;
    const char *save_vocab, *read_vocab, *phrases_table, *accuracy, *pairs;
    /* Neighbour queries. `interactive_*` marks the flag given without words: queries come from stdin. */
    const char *similar, *analogy[3], *analogy_cosmul[3];
    int interactive_similar, interactive_analogy, interactive_analogy_cosmul;
    /* Queries whose words come as one space-separated argument (split_words). */
    const char *similar_vector, *doesnt_match, *n_similarity[2], *distances_word, *distances;
    int has_binary, binary, has_cbow, cbow, has_restrict;
    size_t k, restrict_vocab, classes;
    int debug;
    /* Parameter settings in command-line order: the library's key, its kind and the value parsed. */
    struct {
        w2v_param key;
        w2v_param_kind kind;
        int64_t int_value;
        double float_value;
    } params[MAX_PARAMS];
    size_t n_params;
    int vocab_size, update_vocab, list_params;
} options;

/* failure.c: "w2v: " and the message on stderr, then exit. */
__attribute__((noreturn)) void fail(const char *message);
__attribute__((noreturn, format(printf, 1, 2))) void fail_usage(const char *format, ...);
void check(w2v_status status);
void *checked_malloc(size_t size);

/* options.c */
options parse_options(int argc, char **argv);
void print_usage(FILE *stream);
struct option;
/* The name of the flag whose getopt_long_only value is `id` in `table`, for messages. */
const char *option_name(const struct option *table, int id);
int64_t parse_int_value(const char *flag, const char *text, int64_t min, int64_t max);
double parse_float_value(const char *flag, const char *text, double min, double max);
void list_params(void);

/* output_files.c */
void check_writable(const char *flag, const char *path);
void write_file_atomically(const char *path, void (*write)(FILE *stream, const void *context), const void *context);

/* training.c */
void train(const options *o);
void resume(const options *o);

/* phrases.c: w2v -phrases, word2vec's word2phrase (its own flags). */
int phrases_main(int argc, char **argv);

/* word_lists.c: a word list given as one argument (or one line), split at spaces and tabs into
 * `words` (pointers into `buffer`). */
typedef struct {
    char *buffer;
    const char **words;
    size_t n;
} word_list;
word_list split_words(const char *text);
void free_words(word_list *list);

/* queries.c */
void query(const options *o);
typedef enum { NEIGHBOURS_COSINE, NEIGHBOURS_COSMUL } neighbours_kind;
/* Prints "word<TAB>score" for the best words of a most_similar (or 3CosMul) query; returns the status. */
w2v_status print_neighbours(const w2v_model *model, neighbours_kind kind, const char *const *positive, size_t n_pos,
                            const char *const *negative, size_t n_neg, const options *o);

/* interactive.c */
void interactive_similar(const w2v_model *model, const options *o);
void interactive_analogy(const w2v_model *model, neighbours_kind kind, const options *o);

/* classes.c */
void write_classes(const w2v_model *model, size_t classes, const char *path);

#endif
