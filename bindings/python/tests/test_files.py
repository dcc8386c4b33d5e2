"""word2vec files: save/load round trips, and exchange with the C demo (bindings/c)."""

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
        model.save_word2vec_format(path, binary=True)
        with open(path, "rb") as stream:
            header = stream.readline()
        self.assertEqual(header, b"%d %d\n" % (len(model.wv), model.vector_size))
        for binary in (True, None):
            with w2v.KeyedVectors.load_word2vec_format(path, binary=binary) as loaded:
                self.assertEqual(loaded.index_to_key, model.wv.index_to_key)
                self.assertEqual(all_vectors(loaded), all_vectors(model.wv))
                self.assertEqual(loaded.most_similar(corpus.countries[0], topn=5),
                                 model.wv.most_similar(corpus.countries[0], topn=5))
                # files keep no counts: gensim makes them up, len - row
                self.assertEqual([loaded.get_vecattr(w, "count") for w in loaded.index_to_key[:3]],
                                 [len(loaded), len(loaded) - 1, len(loaded) - 2])

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
             *sorted(str(path) for path in (support.REPOSITORY / "bindings" / "c").glob("*.c")),
             "-L", library_dir, "-l:" + os.path.basename(library), "-lm", "-Wl,-rpath," + library_dir, "-o", cls.demo],
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


class GensimFileTests(unittest.TestCase):
    """gensim 4.4's load_word2vec_format / save_word2vec_format keywords and defaults (issue 13)."""

    def small(self):
        sentences = [["a", "b", "c", "d"], ["b", "c", "a"], ["c", "a", "dd", "e"]] * 50
        model = w2v.Word2Vec(sentences, vector_size=4, min_count=1, epochs=1)
        self.addCleanup(model.close)
        return model.wv

    def lines(self, path):
        with open(path, "rb") as stream:
            return stream.read().splitlines()

    def test_save_defaults_to_text_and_load_detects(self):
        wv = self.small()
        path = corpus.file("default.txt")
        wv.save_word2vec_format(path)  # gensim: binary=False
        lines = self.lines(path)
        self.assertEqual(lines[0], b"6 4")
        self.assertEqual([line.split()[0] for line in lines[1:]], [w.encode() for w in wv.index_to_key])
        self.assertEqual(len(lines[1].split()), 5)
        with w2v.KeyedVectors.load_word2vec_format(path) as loaded:  # binary not given: detected
            self.assertEqual(loaded.index_to_key, wv.index_to_key)
        binary = corpus.file("default.bin")
        wv.save_word2vec_format(binary, binary=True)
        with w2v.KeyedVectors.load_word2vec_format(binary) as loaded:
            self.assertEqual(all_vectors(loaded), all_vectors(wv))
        # an explicit binary= is obeyed, not second-guessed
        with self.assertRaises(w2v.FormatError):
            w2v.KeyedVectors.load_word2vec_format(path, binary=True)
        with self.assertRaises(w2v.FormatError):
            w2v.KeyedVectors.load_word2vec_format(binary, binary=False)

    def test_fasttext_vec_with_a_number_word_loads_with_the_defaults(self):
        path = corpus.write("fasttext.vec", "3 3\nhello 0.1 0.2 0.3\n5 1 2 3\n, -1 0 1\n")
        with w2v.KeyedVectors.load_word2vec_format(path) as loaded:
            self.assertEqual(loaded.index_to_key, ["hello", "5", ","])
            self.assertEqual(support.as_list(loaded["5"]), [1.0, 2.0, 3.0])

    def test_limit_reads_the_first_rows(self):
        wv = self.small()
        for binary in (False, True):
            path = corpus.file("limit.%s" % ("bin" if binary else "txt"))
            wv.save_word2vec_format(path, binary=binary)
            for given in (binary, None):
                with w2v.KeyedVectors.load_word2vec_format(path, binary=given, limit=3) as loaded:
                    self.assertEqual(loaded.index_to_key, wv.index_to_key[:3])
                    for word in loaded.index_to_key:
                        for a, b in zip(support.as_list(loaded[word]), support.as_list(wv[word])):
                            self.assertAlmostEqual(a, b, delta=1e-6)
            with w2v.KeyedVectors.load_word2vec_format(path, binary=binary, limit=100) as loaded:
                self.assertEqual(len(loaded), 6)
            with w2v.KeyedVectors.load_word2vec_format(path, binary=binary, limit=0) as loaded:
                self.assertEqual(len(loaded), 6, "gensim reads limit=0 as no limit (`if limit:`)")

    def test_no_header_reads_glove_style_text(self):
        path = corpus.write("glove.txt", "the 0.5 1 -1\nof 1 0 0\nand 0 1 0\n")
        with w2v.KeyedVectors.load_word2vec_format(path, no_header=True) as loaded:
            self.assertEqual((loaded.index_to_key, loaded.vector_size), (["the", "of", "and"], 3))
            self.assertEqual(support.as_list(loaded["the"]), [0.5, 1.0, -1.0])
        with w2v.KeyedVectors.load_word2vec_format(path, binary=False, no_header=True, limit=2) as loaded:
            self.assertEqual(loaded.index_to_key, ["the", "of"])
        with self.assertRaises(NotImplementedError):  # as gensim: text only
            w2v.KeyedVectors.load_word2vec_format(path, binary=True, no_header=True)
        with self.assertRaises(w2v.FormatError):  # without no_header the first line is no header
            w2v.KeyedVectors.load_word2vec_format(path)

    def test_fvocab_counts_both_ways(self):
        wv = self.small()
        path, vocab = corpus.file("counted.txt"), corpus.file("counted.vocab")
        wv.save_word2vec_format(path, fvocab=vocab)
        expected = [(w, wv.get_vecattr(w, "count")) for w in wv.index_to_key]
        self.assertEqual(self.lines(vocab), [b"%s %d" % (w.encode(), c) for w, c in expected])
        self.assertEqual([c for _, c in expected], [150, 150, 100, 50, 50, 50])
        with w2v.KeyedVectors.load_word2vec_format(path, fvocab=vocab) as loaded:
            self.assertEqual([(w, loaded.get_vecattr(w, "count")) for w in loaded.index_to_key], expected)
        partial = corpus.write("partial.vocab", "a 7\n")
        with w2v.KeyedVectors.load_word2vec_format(path, fvocab=partial) as loaded:
            self.assertEqual((loaded.get_vecattr("a", "count"), loaded.get_vecattr("c", "count")), (7, None))

    def test_save_keywords(self):
        wv = self.small()
        text = self.lines(self.save(wv, "plain.txt"))
        for binary in (False, True):
            plain = self.lines(self.save(wv, "plain", binary=binary))
            body = plain[1:]
            self.assertEqual(self.lines(self.save(wv, "noheader", binary=binary, write_header=False)), body)
            self.assertEqual(self.lines(self.save(wv, "total", binary=binary, total_vec=9)), [b"9 4"] + body)
            prefixed = self.lines(self.save(wv, "prefix", binary=binary, prefix="x_"))
            self.assertEqual(prefixed[0], plain[0])
            if not binary:
                self.assertEqual(prefixed[1:], [b"x_" + line for line in body])
            path = self.save(wv, "append", binary=binary)
            wv.save_word2vec_format(path, binary=binary, append=True)
            self.assertEqual(self.lines(path), plain + plain)
            with w2v.KeyedVectors.load_word2vec_format(corpus.file("prefix"), binary=binary) as loaded:
                self.assertEqual(loaded.index_to_key, ["x_" + w for w in wv.index_to_key])
        self.assertEqual(text[0], b"6 4")

    def save(self, wv, name, **options):
        path = corpus.file(name)
        wv.save_word2vec_format(path, **options)
        return path

    def test_save_orders_rows_by_count(self):
        wv = self.small()
        path = corpus.file("ordered.txt")
        wv.save_word2vec_format(path)
        vocab = corpus.write("reordered.vocab", "e 1000\na 3\nc 2\nb 1\nd 1\ndd 1\n")
        with w2v.KeyedVectors.load_word2vec_format(path, fvocab=vocab) as loaded:
            out, out_vocab = corpus.file("reordered.txt"), corpus.file("reordered-out.vocab")
            loaded.save_word2vec_format(out, fvocab=out_vocab)
            words = [line.split()[0] for line in self.lines(out)[1:]]
            self.assertEqual(words, [b"e", b"a", b"c", b"b", b"d", b"dd"])
            self.assertEqual(self.lines(out_vocab)[:2], [b"e 1000", b"a 3"])
            with w2v.KeyedVectors.load_word2vec_format(out) as again:
                self.assertEqual(all_vectors(again), all_vectors(loaded))
            binary = corpus.file("reordered.bin")
            loaded.save_word2vec_format(binary, binary=True, prefix="p_")
            with w2v.KeyedVectors.load_word2vec_format(binary, binary=True) as again:
                self.assertEqual(again.index_to_key, ["p_e", "p_a", "p_c", "p_b", "p_d", "p_dd"])
                self.assertEqual(support.as_list(again["p_b"]), support.as_list(loaded["b"]))
            with self.assertRaises(ValueError):
                loaded.save_word2vec_format(out, fvocab=out_vocab, sort_attr="frequency")

    @support.requires_numpy
    def test_datatype(self):
        import numpy

        wv = self.small()
        path = self.save(wv, "typed.txt")
        with w2v.KeyedVectors.load_word2vec_format(path, datatype=numpy.float16) as loaded:
            self.assertEqual((loaded.vectors.dtype, loaded["a"].dtype), (numpy.float16, numpy.float16))
            self.assertTrue(numpy.allclose(loaded.vectors, wv.vectors, atol=1e-3))
        with w2v.KeyedVectors.load_word2vec_format(path, datatype=numpy.float32) as loaded:
            self.assertEqual(loaded.vectors.dtype, numpy.float32)
