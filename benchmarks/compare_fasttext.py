#!/usr/bin/env python3
"""Subword skip-gram: libw2v (w2v.FastText) beside the fastText tool, same corpus and settings.

    FASTTEXT=/path/to/fasttext python3 benchmarks/compare_fasttext.py [--corpus F] [--epochs 3]
        [--threads 1] [--dim 100] [--bucket 2000000] [--out DIR]

The fastText binary is built from its public source outside this repository (`make opt`). Both train
skip-gram with negative sampling at fastText's defaults (-minn 3 -maxn 6 -bucket 2000000 -neg 5 -ws 5
-lr 0.05 -t 1e-4 -minCount 5; libw2v with ns_exponent 0.5, fastText's noise distribution). Printed per
tool: wall time of training (vocabulary included) and words per second per thread, analogy accuracy
over the 30,000 most frequent words (questions-words.txt, 3CosAdd) and WordSim-353 Spearman with
every pair scored (unknown words composed from their n-grams), both computed by the same code here on
the vectors of each model (fastText's read through w2v.load_facebook_vectors). Also checks that the
fastText model's .bin loads and that `fasttext nn` and libw2v agree on the top 10 of an unknown word.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bindings" / "python"))
import w2v  # noqa: E402

DATA = ROOT.parent / "shared" / "data"


def spearman(xs, ys):
    def ranks(values):
        order = sorted(range(len(values)), key=lambda i: values[i])
        result = [0.0] * len(values)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
                j += 1
            for k in range(i, j + 1):
                result[order[k]] = (i + j) / 2 + 1
            i = j + 1
        return result
    rx, ry = ranks(xs), ranks(ys)
    n = len(xs)
    mx, my = sum(rx) / n, sum(ry) / n
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    vx = sum((a - mx) ** 2 for a in rx) ** 0.5
    vy = sum((b - my) ** 2 for b in ry) ** 0.5
    return cov / (vx * vy)


def word_pairs(wv, path):
    """Spearman over every pair of the file, lower-cased, each word's vector composed if unknown."""
    human, model = [], []
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        a, b, score = line.split("\t")[:3]
        human.append(float(score))
        model.append(float(wv.similarity(a.lower(), b.lower())))
    return spearman(human, model), len(human)


def evaluate(wv, name):
    score = wv.evaluate_word_analogies_counts(str(DATA / "questions-words.txt"), restrict_vocab=30000).score
    rho, pairs = word_pairs(wv, DATA / "wordsim353.tsv")
    print("%-8s analogy (top 30,000) %.2f%%  WordSim-353 Spearman %.4f over %d pairs" % (name, 100 * score, rho, pairs))
    return score, rho


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default=str(DATA / "enwiki_text8like.txt"))
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--dim", type=int, default=100)
    parser.add_argument("--bucket", type=int, default=2000000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default="/tmp/compare_fasttext")
    parser.add_argument("--skip-fasttext", action="store_true")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    fasttext = os.environ.get("FASTTEXT")

    started = time.time()
    model = w2v.FastText(corpus_file=args.corpus, sg=1, vector_size=args.dim, window=5, negative=5, alpha=0.05,
                         sample=1e-4, min_count=5, epochs=args.epochs, workers=args.threads, seed=args.seed,
                         ns_exponent=0.5, min_n=3, max_n=6, bucket=args.bucket)
    seconds = time.time() - started
    words = model.corpus_total_words * args.epochs
    print("libw2v   %d epochs, %d threads: %.1f s, %.0f words/s/thread" % (args.epochs, args.threads, seconds, words / seconds / args.threads))
    evaluate(model.wv, "libw2v")
    model.save_facebook_model(str(out / "libw2v.bin"))
    model.close()

    if fasttext and not args.skip_fasttext:
        started = time.time()
        subprocess.run([fasttext, "skipgram", "-input", args.corpus, "-output", str(out / "fasttext"), "-dim", str(args.dim),
                        "-epoch", str(args.epochs), "-thread", str(args.threads), "-minn", "3", "-maxn", "6",
                        "-bucket", str(args.bucket), "-verbose", "0"], check=True)
        seconds = time.time() - started
        print("fastText %d epochs, %d threads: %.1f s, %.0f words/s/thread" % (args.epochs, args.threads, seconds, words / seconds / args.threads))
        wv = w2v.load_facebook_vectors(str(out / "fasttext.bin"))
        evaluate(wv, "fastText")
        query = "kingdomz"
        nn = subprocess.run([fasttext, "nn", str(out / "fasttext.bin"), "10"], input=query + "\n", capture_output=True, text=True).stdout
        theirs = [line.split()[0] for line in nn.replace("Query word? ", "").splitlines() if line.strip()][:10]
        ours = [word for word, _ in wv.most_similar(query, topn=10)]
        print("nn %s: fastText %s\n   %s   libw2v   %s -> %s" % (query, theirs, " " * len(query), ours, "same" if ours == theirs else "DIFFERENT"))


if __name__ == "__main__":
    main()
