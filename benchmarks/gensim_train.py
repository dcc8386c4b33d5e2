"""Trains gensim's Word2Vec with the settings given on the command line and saves word2vec binary
vectors, so the comparison script can evaluate both libraries with the same evaluator.

usage: gensim_train.py CORPUS OUTPUT --sg 0|1 --size N --window N --negative N --sample F
                       --min-count N --iter N --threads N --alpha F [--seed N]
"""
import argparse
import logging
import time

from gensim.models import Word2Vec


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
    a = p.parse_args()
    logging.basicConfig(format="%(asctime)s gensim: %(message)s", level=logging.WARNING)
    start = time.time()
    model = Word2Vec(corpus_file=a.corpus, sg=a.sg, vector_size=a.size, window=a.window, negative=a.negative,
                     hs=a.hs, sample=a.sample, min_count=a.min_count, epochs=a.iter, workers=a.threads,
                     alpha=a.alpha, seed=a.seed)
    print(f"gensim trained in {time.time() - start:.1f} s, vocabulary {len(model.wv)}", flush=True)
    model.wv.save_word2vec_format(a.output, binary=True)


if __name__ == "__main__":
    main()
