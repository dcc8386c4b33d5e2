"""The command line: python3 -m w2v train / similar / version."""

import io
import os
import random
import struct
import subprocess
import unittest

import support  # first: puts the package beside the tests on sys.path
import w2v
from w2v import cli

corpus, setUpModule, tearDownModule = support.module_corpus(sentences=5000)


def run(*arguments):
    out, err = io.StringIO(), io.StringIO()
    status = cli.main(list(arguments), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


class CommandLineTests(unittest.TestCase):
    def test_train_then_similar(self):
        vectors = corpus.file("cli.bin")
        status, out, err = run("train", str(corpus.path), "-o", vectors, "--sg", "1", "--vector-size", "40",
                               "--min-count", "2", "--epochs", "5", "--seed", "1")
        self.assertEqual(status, 0, err)
        self.assertIn("wrote " + vectors, err)
        self.assertIn("words/s", err)
        expected = corpus.model().wv  # same settings through the API
        with w2v.KeyedVectors.load_word2vec_format(vectors) as loaded:
            self.assertEqual(support.as_list(loaded[corpus.countries[0]]), support.as_list(expected[corpus.countries[0]]))
        status, out, err = run("similar", vectors, corpus.countries[0], "--topn", "3")
        self.assertEqual(status, 0, err)
        lines = [line.split("\t") for line in out.splitlines()]
        self.assertEqual(len(lines), 3)
        self.assertEqual([w for w, _ in lines], [w for w, _ in expected.most_similar(corpus.countries[0], topn=3)])
        status, out, err = run("similar", vectors, corpus.capitals[0], corpus.countries[1], "--negative",
                               corpus.countries[0], "-n", "1")
        answer = expected.most_similar(positive=[corpus.capitals[0], corpus.countries[1]],
                                       negative=[corpus.countries[0]], topn=1)[0][0]
        self.assertEqual((status, out.split("\t")[0]), (0, answer))

    def test_text_output_and_streamed_training(self):
        vectors = corpus.file("cli.txt")
        status, out, err = run("train", str(corpus.path), "-o", vectors, "--text", "--stream", "--quiet",
                               "--vector-size", "10", "--min-count", "2", "--epochs", "1")
        self.assertEqual((status, err), (0, ""))
        with open(vectors) as stream:
            header = stream.readline().split()
        self.assertEqual(header[1], "10")

    def test_failures_print_the_library_message(self):
        status, out, err = run("similar", corpus.file("missing.bin"), "word")
        self.assertEqual(status, 1)
        self.assertTrue(err.startswith("w2v: cannot open"), err)
        vectors = corpus.file("cli-small.bin")
        corpus.model().save_word2vec_format(vectors)
        status, out, err = run("similar", vectors, "no-such-word")
        self.assertEqual((status, err), (1, "w2v: word 'no-such-word' is not in the vocabulary\n"))
        status, out, err = run("train", str(corpus.path), "-o", corpus.file("x.bin"), "--vector-size", "0")
        self.assertEqual(status, 1)
        self.assertIn("vector_size=0", err)

    def test_usage_errors(self):
        status, out, err = run()
        self.assertEqual(status, 2)
        status, out, err = run("train", str(corpus.path))
        self.assertEqual(status, 2)
        self.assertIn("-o", err)

    def test_version(self):
        status, out, err = run("version")
        self.assertEqual(status, 0)
        self.assertIn(w2v.library_version(), out)

    def test_python_dash_m(self):
        python = support.python_executable()
        if python is None:
            self.skipTest("no python3 executable to run")
        environment = dict(os.environ, PYTHONPATH=str(support.PACKAGE_ROOT), W2V_LIBRARY=w2v.library_path())
        done = subprocess.run([python, "-m", "w2v", "version"], capture_output=True, text=True, env=environment,
                              cwd=corpus.directory)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("libw2v " + w2v.library_version(), done.stdout)
        done = subprocess.run([python, "-m", "w2v", "similar", corpus.file("missing.bin"), "x"],
                              capture_output=True, text=True, env=environment, cwd=corpus.directory)
        self.assertEqual(done.returncode, 1)
        self.assertIn("w2v: cannot open", done.stderr)


if __name__ == "__main__":
    unittest.main()


class ProjectorTests(unittest.TestCase):
    """python3 -m w2v projector: gensim's word2vec2tensor TSV pair (the Embedding Projector's input)."""

    def test_writes_the_tsv_pair(self):
        model = corpus.model()
        source = corpus.file("projector.bin")
        model.wv.save_word2vec_format(source, binary=True)
        prefix = corpus.file("projected")
        status, out, err = run("projector", source, prefix)
        self.assertEqual(status, 0, err)
        with open(prefix + "_metadata.tsv", encoding="utf-8") as stream:
            self.assertEqual(stream.read().splitlines(), model.wv.index_to_key)
        with open(prefix + "_tensor.tsv") as stream:
            rows = [line.rstrip("\n").split("\t") for line in stream]
        self.assertEqual(len(rows), len(model.wv))
        for word, row in zip(model.wv.index_to_key[:20], rows):
            self.assertEqual(len(row), model.vector_size)
            self.assertEqual([struct.unpack("f", struct.pack("f", float(x)))[0] for x in row],
                             support.as_list(model.wv[word]), "each value reads back as the same float32")
        self.assertIn("projected_tensor.tsv", err)

    def test_shortest_float32_text_as_numpy_prints_it(self):
        cases = {0.1: "0.1", 1.0: "1.0", -2.5: "-2.5", 1e-08: "1e-08", 0.032932255: "0.032932255",
                 123456.0: "123456.0", 3e20: "3e+20", 1234567.0: "1.234567e+06", 1e7: "1e+07", 0.0001: "1e-04",
                 0.00012345: "0.00012345", 0.0: "0.0", 52407076.0: "5.2407076e+07"}
        self.assertEqual(cli._float32_text(-0.0), "-0.0")
        for value, text in cases.items():
            value = struct.unpack("f", struct.pack("f", value))[0]
            self.assertEqual(cli._float32_text(value), text)
        numpy_2 = support.numpy is not None and int(support.numpy.__version__.split(".")[0]) >= 2
        rng = random.Random(3)
        for _ in range(20000):
            value = struct.unpack("f", struct.pack("f", rng.uniform(-1, 1) * 10 ** rng.randint(-9, 9)))[0]
            text = cli._float32_text(value)
            self.assertEqual(struct.unpack("f", struct.pack("f", float(text)))[0], value)
            if numpy_2:  # NumPy 1 printed 1e6 <= |x| < 1e16 positionally; the digits are the same
                self.assertEqual(text, str(support.numpy.float32(value)))

    def test_missing_file(self):
        status, out, err = run("projector", corpus.file("missing.bin"), corpus.file("x"))
        self.assertEqual(status, 1)
        self.assertIn("missing.bin", err)


class PlotTests(unittest.TestCase):
    """python3 -m w2v plot: words and neighbours in 2-D (PCA), drawn with matplotlib when installed."""

    def test_pca_of_points_on_a_line_and_a_plane(self):
        from w2v import _projection

        line = [[t, 2 * t, 0.0] for t in (-2.0, -1.0, 0.0, 1.0, 2.0)]
        points = _projection.pca_2d(line)
        for (x, y), t in zip(points, (-2.0, -1.0, 0.0, 1.0, 2.0)):
            self.assertAlmostEqual(abs(x), abs(t) * 5 ** 0.5, places=6)  # along the line, its length
            self.assertAlmostEqual(y, 0.0, places=6)
        self.assertGreater(points[0][0], 0, "the sign is fixed: the (first) largest coordinate is positive")
        plane = [[3.0, 0.0, 0.0, 0.0], [-3.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0], [0.0, -1.0, 0.0, 0.0]]
        got = _projection.pca_2d(plane)
        self.assertEqual([(round(x, 6) + 0.0, round(y, 6) + 0.0) for x, y in got],
                         [(3.0, 0.0), (-3.0, 0.0), (0.0, 1.0), (0.0, -1.0)])

    def test_plot_writes_a_png_showing_the_words(self):
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            status, out, err = run("plot", self.vectors(), corpus.countries[0], "-o", corpus.file("p.png"))
            self.assertEqual(status, 1)
            self.assertIn("matplotlib", err)
            self.skipTest("matplotlib is not installed")
        from w2v import _projection

        path = corpus.file("plot.png")
        words = [corpus.countries[0], corpus.verbs[0]]
        status, out, err = run("plot", self.vectors(), *words, "-o", path, "--topn", "3")
        self.assertEqual(status, 0, err)
        with open(path, "rb") as stream:
            self.assertEqual(stream.read(8), b"\x89PNG\r\n\x1a\n")
        self.assertGreater(os.path.getsize(path), 5000)
        wv = corpus.model().wv
        drawn = _projection.plot_words(wv, words, corpus.file("plot2.png"), topn=3)
        expected = []
        for word in words:
            for label in [word] + [w for w, _ in wv.most_similar(word, topn=3)]:
                if label not in expected:
                    expected.append(label)
        self.assertEqual([label for label, _, _ in drawn], expected, "every word and neighbour is labelled")
        status, out, err = run("plot", self.vectors(), "no-such-word", "-o", corpus.file("p3.png"))
        self.assertEqual(status, 1)
        self.assertIn("no-such-word", err)

    def vectors(self):
        path = corpus.file("plot-vectors.bin")
        if not os.path.exists(path):
            corpus.model().wv.save_word2vec_format(path, binary=True)
        return path
