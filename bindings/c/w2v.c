/* w2v: a command-line front end to libw2v in the style of the original word2vec tool, written only
 * against include/w2v.h (w2v -h prints the usage; README.md, "The command-line tool", explains it).
 *
 * The files: options.c (the command line, checked before any work), training.c (-train, -resume, the
 * progress line and summary), queries.c (-load FILE with queries given as arguments), interactive.c
 * (the same queries read from stdin), classes.c (-classes K: k-means word classes), phrases.c
 * (-phrases: word2phrase), output_files.c (output paths checked early, files replaced atomically),
 * word_lists.c and failure.c (helpers).
 *
 * Exit status: 0 on success (and for -h), 2 when the command line is refused (unknown flag, a value
 * that is not a number of the flag's kind or is out of its range, a missing or conflicting flag), 1
 * when the work fails ("w2v: " and the library's message on stderr). */
#include "cli.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
    if (w2v_version() / 10000 != W2V_VERSION_MAJOR) {
        fprintf(stderr, "w2v: libw2v %s does not match the header's major version %d\n", w2v_version_string(),
                W2V_VERSION_MAJOR);
        return EXIT_FAILED;
    }
    if (argc < 2) {
        print_usage(stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(argv[1], "-phrases")) return phrases_main(argc, argv);
    options o = parse_options(argc, argv);
    if (o.list_params) list_params();
    if (o.resume) resume(&o);
    else if (o.train) train(&o);
    else if (o.load) query(&o);
    return 0;
}
