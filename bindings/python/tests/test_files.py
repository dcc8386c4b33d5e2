"""word2vec files: save/load round trips, and exchange with the C demo (bindings/c/w2v.c)."""

import os
import shutil
import subprocess
import unittest

import support  # first: puts the package beside the tests on sys.path
import w2v

DEMO_SETTINGS = dict(vector_size=30, epochs=2, workers=1, min_count=2, sg=1, seed=1)

corpus, setUpModule, tearDownModule = support.module_corpus(sentences=5000)


def all_vectors(wv):
    return {word: support.as_list(wv[word]) for word in wv.index_to_key}


class RoundTripTests(unittest.TestCase):
    def test_binary_round_trip_is_exact(self):
        model = corpus.model()
        path = corpus.file("vectors.bin")
        model.save_word2vec_format(path)  # binary by default, as the issue asks
        with open(path, "rb") as stream:
            header = stream.readline()
        self.assertEqual(header, b"%d %d\n" % (len(model.wv), model.vector_size))
        for binary in (True, None):
            with w2v.KeyedVectors.load_word2vec_format(path, binary=binary) as loaded:
                self.assertEqual(loaded.index_to_key, model.wv.index_to_key)
                self.assertEqual(all_vectors(loaded), all_vectors(model.wv))
                self.assertEqual(loaded.most_similar(corpus.countries[0], topn=5),
                                 model.wv.most_similar(corpus.countries[0], topn=5))
                self.assertEqual(loaded.get_vecattr(corpus.countries[0], "count"), 0, "files keep no counts")

    def test_text_round_trip(self):
        model = corpus.model()
        path = corpus.file("vectors.txt")
        model.wv.save_word2vec_format(path, binary=False)
        with open(path) as stream:
            lines = stream.read().splitlines()
        self.assertEqual(lines[0], "%d %d" % (len(model.wv), model.vector_size))
        self.assertEqual(len(lines), len(model.wv) + 1)
        first = lines[1].split()
        self.assertEqual(first[0], model.wv.index_to_key[0])
        self.assertEqual(len(first), model.vector_size + 1)
        for binary in (False, None):
            loaded = w2v.KeyedVectors.load_word2vec_format(path, binary=binary)
            self.assertEqual(loaded.index_to_key, model.wv.index_to_key)
            original = all_vectors(model.wv)
            for word, vector in all_vectors(loaded).items():
                for a, b in zip(vector, original[word]):
                    self.assertAlmostEqual(a, b, delta=1e-6 * max(1.0, abs(b)))
            loaded.close()

    def test_unicode_words_round_trip(self):
        words = ["naïve", "東京", "ölçü", "word"]
        sentences = [words * 3] * 20
        model = w2v.Word2Vec(sentences=sentences, vector_size=8, min_count=1, epochs=1)
        for binary in (True, False):
            path = corpus.file("unicode.%s" % ("bin" if binary else "txt"))
            model.save_word2vec_format(path, binary=binary)
            loaded = w2v.KeyedVectors.load_word2vec_format(path, binary=binary)
            self.assertEqual(sorted(loaded.index_to_key), sorted(words))
            self.assertIn("東京", loaded)
            loaded.close()

    def test_save_errors(self):
        with self.assertRaises(w2v.FileError) as caught:
            corpus.model().save_word2vec_format(corpus.file("no/such/folder/vectors.bin"))
        self.assertIsInstance(caught.exception, OSError)
        self.assertIn("no/such/folder", str(caught.exception))


class DemoExchangeTests(unittest.TestCase):
    """The C demo and the Python package read each other's files, and train identically."""

    @classmethod
    def setUpClass(cls):
        compiler = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
        if compiler is None:
            raise unittest.SkipTest("no C compiler to build the demo")
        library = w2v.library_path()
        if os.sep not in library:
            raise unittest.SkipTest("the library was found by name, not path: %s" % library)
        library_dir = os.path.dirname(os.path.abspath(library))
        cls.demo = corpus.file("w2v-demo")
        build = subprocess.run(
            [compiler, "-std=c99", "-O1", "-I", str(support.REPOSITORY / "include"),
             str(support.REPOSITORY / "bindings" / "c" / "w2v.c"), "-L", library_dir, "-l:" + os.path.basename(library),
             "-Wl,-rpath," + library_dir, "-o", cls.demo],
            capture_output=True, text=True)
        if build.returncode != 0:
            raise unittest.SkipTest("the C demo does not build against this header and library: " + build.stderr[-500:])

    def run_demo(self, *arguments):
        done = subprocess.run([self.demo, *arguments], capture_output=True, text=True)
        self.assertEqual(done.returncode, 0, done.stderr)
        return done.stdout

    def test_python_reads_the_demo_s_vectors_and_trains_the_same(self):
        demo_vectors = corpus.file("demo.bin")
        self.run_demo("-train", str(corpus.path), "-output", demo_vectors, "-binary", "1", "-cbow", "0",
                      "-size", "30", "-iter", "2", "-threads", "1", "-min-count", "2", "-quiet")
        loaded = w2v.KeyedVectors.load_word2vec_format(demo_vectors)
        model = w2v.Word2Vec(corpus_file=str(corpus.path), **DEMO_SETTINGS)
        self.assertEqual(loaded.index_to_key, model.wv.index_to_key)
        self.assertEqual(all_vectors(loaded), all_vectors(model.wv),
                         "one thread, same seed and settings: bit-identical vectors")

    def test_demo_reads_python_s_vectors(self):
        model = corpus.model()
        for binary, name in ((False, "python.txt"), (True, "python.bin")):
            path = corpus.file(name)
            model.save_word2vec_format(path, binary=binary)
            self.assertEqual(self.run_demo("-load", path, "-vocab-size").strip(), str(len(model.wv)))
            word = corpus.countries[0]
            lines = self.run_demo("-load", path, "-similar", word, "-k", "5").splitlines()
            got = [(line.split("\t")[0], float(line.split("\t")[1])) for line in lines]
            expected = model.wv.most_similar(word, topn=5)
            self.assertEqual([w for w, _ in got], [w for w, _ in expected])
            for (_, a), (_, b) in zip(got, expected):
                self.assertAlmostEqual(a, b, places=4)


if __name__ == "__main__":
    unittest.main()
