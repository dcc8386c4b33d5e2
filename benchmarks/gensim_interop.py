"""Checks that word2vec files move both ways between gensim and libw2v: gensim writes binary and text
files, the C demo (bindings/c/w2v) loads them and must give gensim's most_similar top 10 with cosines
equal to 1e-5; a truncated copy must be refused with a message and a non-zero exit. Then the reverse:
gensim loads what the demo trains and saves.

usage: benchmarks/.venv/bin/python benchmarks/gensim_interop.py   (run from the repository root)
"""
import os
import subprocess
import sys
import tempfile

from gensim.models import KeyedVectors, Word2Vec

DEMO = "bindings/c/w2v"


def demo(*args):
    return subprocess.run([DEMO, *args], capture_output=True, text=True)


def main():
    failures = 0
    with tempfile.TemporaryDirectory() as work:
        corpus = os.path.join(work, "corpus.txt")
        subprocess.run(["scripts/make-demo-corpus", corpus, "--sentences", "20000"], check=True)
        sentences = [line.split() for line in open(corpus)]
        model = Word2Vec(sentences, vector_size=50, min_count=2, sg=1, epochs=3, workers=1, seed=3)
        words = model.wv.index_to_key[:40:4]
        for binary in (True, False):
            path = os.path.join(work, "gensim.bin" if binary else "gensim.txt")
            model.wv.save_word2vec_format(path, binary=binary)
            for word in words:
                expected = model.wv.most_similar(word, topn=10)
                run = demo("-load", path, "-similar", word, "-k", "10")
                got = [line.split("\t") for line in run.stdout.splitlines()]
                same_words = [w for w, _ in expected] == [w for w, _ in got]
                close = all(abs(float(s) - e) <= 1e-5 for (_, s), (_, e) in zip(got, expected))
                if run.returncode or not same_words or not close:
                    failures += 1
                    print(f"FAIL {os.path.basename(path)} {word}: {got} vs {expected}")
            truncated = path + ".truncated"
            data = open(path, "rb").read()
            open(truncated, "wb").write(data[: len(data) * 2 // 3])
            run = demo("-load", truncated, "-vocab-size")
            if run.returncode == 0 or not run.stderr.startswith("w2v: "):
                failures += 1
                print(f"FAIL truncated {os.path.basename(path)} accepted: {run.stdout} {run.stderr}")
            else:
                print(f"ok   truncated {os.path.basename(path)} refused: {run.stderr.strip()}")
        print(f"ok   gensim -> w2v: {len(words)} words x 2 formats, top-10 compared")
        # The other way: the demo trains and saves, gensim loads.
        for binary in ("1", "0"):
            path = os.path.join(work, "w2v." + ("bin" if binary == "1" else "txt"))
            run = demo("-train", corpus, "-output", path, "-binary", binary, "-size", "30", "-min-count", "2",
                       "-iter", "1", "-threads", "1", "-quiet")
            kv = KeyedVectors.load_word2vec_format(path, binary=binary == "1")
            run = demo("-load", path, "-similar", kv.index_to_key[5], "-k", "10")
            got = [line.split("\t")[0] for line in run.stdout.splitlines()]
            if got != [w for w, _ in kv.most_similar(kv.index_to_key[5], topn=10)]:
                failures += 1
                print(f"FAIL w2v -> gensim ({path}): {got}")
            else:
                print(f"ok   w2v -> gensim: {os.path.basename(path)} ({len(kv)} words) loads, same top 10")
    print(f"{failures} failures")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
