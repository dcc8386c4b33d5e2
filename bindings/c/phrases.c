/* w2v -phrases: word2vec's word2phrase. Counts the words and word pairs of -train, then writes it to
 * -output with each pair scoring above -threshold joined by '_' (run it again on its output for phrases
 * of up to four words). -save-table FILE also saves the phrase table (-table-format text or native);
 * -phrases-table FILE applies a saved table (either format) instead of learning one. -debug 0 is silent; 1 and more print what word2phrase prints. Flags
 * and values are checked as in options.c (exit status 2), the output paths before any work. */
#define _GNU_SOURCE /* getopt_long_only */
#include "cli.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum phrases_option { P_TRAIN = 256, P_OUTPUT, P_MIN_COUNT, P_THRESHOLD, P_DEBUG, P_SCORING, P_SAVE_TABLE, P_TABLE_FORMAT, P_TABLE, P_HELP };

static const struct option phrases_options[] = {
    {"train", required_argument, NULL, P_TRAIN},
    {"output", required_argument, NULL, P_OUTPUT},
    {"min-count", required_argument, NULL, P_MIN_COUNT},
    {"threshold", required_argument, NULL, P_THRESHOLD},
    {"debug", required_argument, NULL, P_DEBUG},
    {"scoring", required_argument, NULL, P_SCORING},
    {"save-table", required_argument, NULL, P_SAVE_TABLE},
    {"table-format", required_argument, NULL, P_TABLE_FORMAT},
    {"phrases-table", required_argument, NULL, P_TABLE},
    {"help", no_argument, NULL, P_HELP},
    {NULL, 0, NULL, 0},
};

int phrases_main(int argc, char **argv) {
    const char *train = NULL, *output = NULL, *table = NULL, *save_table = NULL, *scoring_name = NULL, *table_format = NULL;
    int64_t min_count = 5, debug = 2;
    double threshold = 100;
    opterr = 0;
    optind = 2; /* after -phrases */
    int id;
    while ((id = getopt_long_only(argc, argv, "+:h", phrases_options, NULL)) != -1) {
        switch (id) {
        case 'h':
        case P_HELP:
            print_usage(stdout);
            exit(0);
        case ':': fail_usage("-%s needs a value", option_name(phrases_options, optopt));
        case '?':
            fail_usage("unknown or ambiguous flag '%s' for -phrases (it takes -train -output -min-count -threshold "
                       "-debug -scoring -save-table -table-format -phrases-table)", argv[optind - 1]);
        case P_TRAIN: train = optarg; break;
        case P_OUTPUT: output = optarg; break;
        case P_MIN_COUNT: min_count = parse_int_value("-min-count", optarg, 0, INT64_MAX); break;
        case P_THRESHOLD: threshold = parse_float_value("-threshold", optarg, -HUGE_VAL, HUGE_VAL); break;
        case P_DEBUG: debug = parse_int_value("-debug", optarg, 0, INT32_MAX); break;
        case P_SCORING: scoring_name = optarg; break;
        case P_SAVE_TABLE: save_table = optarg; break;
        case P_TABLE_FORMAT: table_format = optarg; break;
        case P_TABLE: table = optarg; break;
        }
    }
    if (optind < argc) fail_usage("unexpected argument '%s'", argv[optind]);
    if (!train || !output) fail_usage("-phrases needs -train FILE and -output FILE");
    w2v_phrases_scoring scoring = W2V_PHRASES_SCORING_WORD2PHRASE;
    if (scoring_name) {
        if (table) fail_usage("-scoring applies when learning; a saved table keeps its own");
        if (!strcmp(scoring_name, "original")) scoring = W2V_PHRASES_SCORING_ORIGINAL;
        else if (!strcmp(scoring_name, "npmi")) scoring = W2V_PHRASES_SCORING_NPMI;
        else if (strcmp(scoring_name, "word2phrase")) fail_usage("-scoring takes word2phrase, original or npmi, got '%s'", scoring_name);
    }
    w2v_format save_format = W2V_FORMAT_TEXT;
    if (table_format) {
        if (!save_table) fail_usage("-table-format applies to -save-table");
        if (!strcmp(table_format, "native")) save_format = W2V_FORMAT_NATIVE;
        else if (strcmp(table_format, "text")) fail_usage("-table-format takes text or native, got '%s'", table_format);
    }
    check_writable("-output", output);
    if (save_table) check_writable("-save-table", save_table);

    w2v_phrases *phrases = NULL;
    if (table) {
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
    if (save_table) check(w2v_phrases_save_format(phrases, save_table, save_format));
    uint64_t formed = 0;
    check(w2v_phrases_apply_file(phrases, train, output, &formed));
    if (debug > 0) printf("Phrases formed: %llu\n", (unsigned long long)formed);
    w2v_phrases_free(phrases);
    return 0;
}
