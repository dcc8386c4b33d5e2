"""gensim's side of benchmarks/stages: the same stage on the same file, timed inside the process (so
Python's start-up and gensim's import are not counted), printing "name value" lines as stage_speed.c.

usage: gensim_stages.py load VECTORS text|binary
       gensim_stages.py query VECTORS QUERIES     single most_similar(word, topn=10), the words of
                                                  query_speed.c (row q * 7919 % vocabulary)
       gensim_stages.py analogy VECTORS QUESTIONS evaluate_word_analogies, restrict_vocab 30000
"""
import sys
import time

from gensim.models import KeyedVectors


def load(path, kind):
    start = time.perf_counter()
    kv = KeyedVectors.load_word2vec_format(path, binary=(kind == "binary"))
    print(f"seconds {time.perf_counter() - start:.4f}\nvocabulary {len(kv)}")


def query(path, queries):
    kv = KeyedVectors.load_word2vec_format(path, binary=True)
    kv.most_similar(kv.index_to_key[0], topn=10)  # the first query normalises the vectors; not timed
    start = time.perf_counter()
    for q in range(queries):
        kv.most_similar(kv.index_to_key[q * 7919 % len(kv)], topn=10)
    print(f"queries_per_second {queries / (time.perf_counter() - start):.0f}")


def analogy(path, questions):
    kv = KeyedVectors.load_word2vec_format(path, binary=True)
    start = time.perf_counter()
    score, sections = kv.evaluate_word_analogies(questions, restrict_vocab=30000)
    seen = sum(len(s["correct"]) + len(s["incorrect"]) for s in sections if s["section"] == "Total accuracy")
    print(f"seconds {time.perf_counter() - start:.3f}\nquestions {seen}\naccuracy {100 * score:.2f}")


def main():
    command, args = sys.argv[1], sys.argv[2:]
    if command == "load":
        load(args[0], args[1])
    elif command == "query":
        query(args[0], int(args[1]))
    elif command == "analogy":
        analogy(args[0], args[1])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
