/* A list of words given as one argument or one line, split at spaces and tabs. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

word_list split_words(const char *text) {
    word_list list;
    size_t length = strlen(text);
    list.buffer = checked_malloc(length + 1);
    list.words = checked_malloc((length / 2 + 1) * sizeof *list.words); /* at most one word per two bytes, rounded up */
    memcpy(list.buffer, text, length + 1);
    list.n = 0;
    for (char *word = strtok(list.buffer, " \t"); word; word = strtok(NULL, " \t")) list.words[list.n++] = word;
    return list;
}

void free_words(word_list *list) {
    free(list->buffer);
    free((void *)list->words);
}
