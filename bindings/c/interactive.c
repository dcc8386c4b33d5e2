/* -load FILE -similar / -analogy / -analogy-cosmul with no words: queries read from stdin, one per line,
 * as the original tools `distance` and `word-analogy` do, until end of input (or a line "EXIT", as
 * there). A line of one or more words asks for the neighbours of their sum (of their unit vectors); for
 * an analogy a line holds three words A B C and asks for B - A + C. Each query's answer on stdout is
 * its "word<TAB>score" lines and then an empty line, also when the query failed (its message goes to
 * stderr, e.g. for an unknown word, and the loop goes on), so answers line up with the questions. */
#define _POSIX_C_SOURCE 200809L /* getline */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    char *line;
    size_t capacity;
    const char *prompt;
} query_reader;

/* The next line's words, or 0 at the end of input (or "EXIT"). The prompt is shown only to a person
 * at a terminal, on stderr, so that stdout holds only answers. */
static int next_query(query_reader *reader, word_list *words) {
    for (;;) {
        if (isatty(STDIN_FILENO)) {
            fputs(reader->prompt, stderr);
            fflush(stderr);
        }
        ssize_t length = getline(&reader->line, &reader->capacity, stdin);
        if (length < 0) return 0;
        while (length > 0 && (reader->line[length - 1] == '\n' || reader->line[length - 1] == '\r'))
            reader->line[--length] = '\0';
        if (!strcmp(reader->line, "EXIT")) return 0;
        *words = split_words(reader->line);
        if (words->n) return 1;
        free_words(words);
    }
}

/* A failed query's message, on stderr. */
static void report_failure(w2v_status status) {
    if (status != W2V_OK) fprintf(stderr, "w2v: %s\n", w2v_last_error());
}

/* Ends the answer to one query (at once: a person or a program is waiting for it). */
static void end_answer(void) {
    putchar('\n');
    fflush(stdout);
}

/* Names each word the model does not know on stderr; returns whether all are known. */
static int all_known(const w2v_model *model, const word_list *words) {
    int known = 1;
    for (size_t i = 0; i < words->n; i++) {
        size_t index;
        if (w2v_model_index(model, words->words[i], &index) != W2V_OK) {
            fprintf(stderr, "w2v: '%s' is not in the vocabulary\n", words->words[i]);
            known = 0;
        }
    }
    return known;
}

void interactive_similar(const w2v_model *model, const options *o) {
    query_reader reader = {NULL, 0, "Enter word or sentence (EXIT to break): "};
    word_list words;
    while (next_query(&reader, &words)) {
        if (all_known(model, &words)) report_failure(print_neighbours(model, NEIGHBOURS_COSINE, words.words, words.n, NULL, 0, o));
        end_answer();
        free_words(&words);
    }
    free(reader.line);
}

void interactive_analogy(const w2v_model *model, neighbours_kind kind, const options *o) {
    query_reader reader = {NULL, 0, "Enter three words A B C for A : B :: C : ? (EXIT to break): "};
    word_list words;
    while (next_query(&reader, &words)) {
        if (words.n != 3) {
            fprintf(stderr, "w2v: an analogy is three words A B C (A is to B as C is to ?), got %zu\n", words.n);
        } else if (all_known(model, &words)) {
            const char *positive[2] = {words.words[1], words.words[2]};
            report_failure(print_neighbours(model, kind, positive, 2, &words.words[0], 1, o));
        }
        end_answer();
        free_words(&words);
    }
    free(reader.line);
}
