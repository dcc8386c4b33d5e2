"""Trains gensim's Word2Vec with the settings given on the command line and saves word2vec binary
vectors, so the comparison script can evaluate both libraries with the same evaluator.

usage: gensim_train.py CORPUS OUTPUT --sg 0|1 --size N --window N --negative N --sample F
                       --min-count N --iter N --threads N --alpha F [--seed N] [--mode corpus_file|sentences]

--mode corpus_file (default): Word2Vec(corpus_file=CORPUS). Each worker thread reads its own 1/workers of
the file and sets its learning rate from its own progress, so with N workers each epoch only takes alpha
through the first 1/N of its linear decrease (see benchmarks/NOTES.md).
--mode sentences: Word2Vec(sentences=LineSentence(CORPUS)). One producer hands out batches of lines with a
learning rate from the progress of all workers together: the linear schedule at any worker count.
"""
import argparse
import logging
import time

from gensim.models import Word2Vec
from gensim.models.word2vec import LineSentence


def main():
    p = argparse.ArgumentParser()
    p.add_argument("corpus")
    p.add_argument("output")
    p.add_argument("--sg", type=int, required=True)
    p.add_argument("--size", type=int, default=100)
    p.add_argument("--window", type=int, default=5)
    p.add_argument("--negative", type=int, default=5)
    p.add_argument("--hs", type=int, default=0)
    p.add_argument("--sample", type=float, default=1e-4)
    p.add_argument("--min-count", type=int, default=5)
    p.add_argument("--iter", type=int, default=1)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--alpha", type=float, default=0.025)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--mode", choices=("corpus_file", "sentences"), default="corpus_file")
    a = p.parse_args()
    logging.basicConfig(format="%(asctime)s gensim: %(message)s", level=logging.WARNING)
    start = time.time()
    source = {"corpus_file": a.corpus} if a.mode == "corpus_file" else {"sentences": LineSentence(a.corpus)}
    model = Word2Vec(**source, sg=a.sg, vector_size=a.size, window=a.window, negative=a.negative,
                     hs=a.hs, sample=a.sample, min_count=a.min_count, epochs=a.iter, workers=a.threads,
                     alpha=a.alpha, seed=a.seed)
    print(f"gensim ({a.mode}) trained in {time.time() - start:.1f} s, vocabulary {len(model.wv)}", flush=True)
    model.wv.save_word2vec_format(a.output, binary=True)


if __name__ == "__main__":
    main()
