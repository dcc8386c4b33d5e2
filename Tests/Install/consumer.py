"""The Python side of scripts/test-install: run by an installed w2v package (from the wheel), with no
W2V_LIBRARY and the working directory outside the checkout.

    python consumer.py CORPUS A B C D [EXPECTED_PREFIX]

Trains skip-gram on CORPUS, answers A : B :: C : ? with most_similar and exits 0 when the answer is D,
and, given EXPECTED_PREFIX, when the package and the library it loaded both lie under it.
"""

import os
import sys

import w2v


def main() -> int:
    corpus, a, b, c, d = sys.argv[1:6]
    expected_prefix = os.path.realpath(sys.argv[6]) if len(sys.argv) > 6 else None
    assert "W2V_LIBRARY" not in os.environ, "the test must run without W2V_LIBRARY"
    library = os.path.realpath(w2v.library_path())
    package = os.path.realpath(os.path.dirname(w2v.__file__))
    print("w2v %s from %s, libw2v %s from %s" % (w2v.__version__, package, w2v.library_version(), library))
    if expected_prefix is not None:
        for what, path in (("package", package), ("library", library)):
            if not path.startswith(expected_prefix + os.sep):
                print("%s %s is not under %s" % (what, path, expected_prefix), file=sys.stderr)
                return 1
    model = w2v.Word2Vec(corpus_file=corpus, vector_size=50, window=5, min_count=2, sg=1, epochs=3,
                         workers=2, seed=1)
    answers = model.wv.most_similar(positive=[b, c], negative=[a], topn=3)
    print("%s : %s :: %s : %s" % (a, b, c, answers))
    if answers[0][0] != d:
        print("expected %s" % d, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
