"""gensim 4.4 idioms with only the import changed (issue 13): text helpers, corpora, KeyedVectors methods.

Expected values are gensim's (its documentation, or gensim 4.4 run on the same input and written down
here); gensim itself is not needed to run these tests.
"""

import math
import os
import shutil
import tempfile
import unittest
import warnings

import support  # first: puts the package beside the tests on sys.path
import w2v
from w2v import utils

corpus, setUpModule, tearDownModule = support.module_corpus(sentences=5000)


class UtilsTests(unittest.TestCase):
    def test_simple_preprocess(self):
        cases = [
            ("Hello, World! 42 times", ["hello", "world", "times"], None, None),
            ("Šéf chomutovských komunistů dostal poštou bílý prášek",
             ["šéf", "chomutovských", "komunistů", "dostal", "poštou", "bílý", "prášek"],
             ["sef", "chomutovskych", "komunistu", "dostal", "postou", "bily", "prasek"], None),
            ("a_b __init__ x2y ab12cd Supercalifragilisticexpialidocious it's", ["a_b", "ab", "cd", "it"], None,
             ["a_b", "x", "y", "ab", "cd", "supercalifragilisticexpialidocious", "it", "s"]),
            (b"bytes \xc3\xa9t\xc3\xa9 ok", ["bytes", "été", "ok"], ["bytes", "ete", "ok"], None),
            ("ÉCOLE Straße", ["école", "straße"], ["ecole", "straße"], None),
        ]
        for text, plain, deaccented, wide in cases:
            self.assertEqual(utils.simple_preprocess(text), plain)
            self.assertEqual(utils.simple_preprocess(text, deacc=True), deaccented or plain)
            self.assertEqual(utils.simple_preprocess(text, min_len=1, max_len=40), wide or plain)

    def test_tokenize_and_deaccent(self):
        self.assertEqual(utils.deaccent("Šéf chomutovských komunistů dostal poštou bílý prášek"),
                         "Sef chomutovskych komunistu dostal postou bily prasek")
        self.assertEqual(list(utils.tokenize("Nic nemůže letět rychlostí vyšší, než 300 tisíc kilometrů za sekundu!",
                                             deacc=True, lower=True)),
                         ["nic", "nemuze", "letet", "rychlosti", "vyssi", "nez", "tisic", "kilometru", "za", "sekundu"])

    def test_rules(self):
        self.assertEqual((w2v.utils.RULE_DEFAULT, w2v.utils.RULE_DISCARD, w2v.utils.RULE_KEEP), (0, 1, 2))
        rule = lambda word, count, min_count: {"keep": utils.RULE_KEEP, "drop": utils.RULE_DISCARD}.get(word, utils.RULE_DEFAULT)  # noqa: E731
        self.assertEqual([utils.keep_vocab_item(w, c, 5, rule) for w, c in (("keep", 1), ("drop", 99), ("x", 5), ("y", 4))],
                         [True, False, True, False])
        self.assertTrue(utils.keep_vocab_item("x", 5, 5))


class CorpusTests(unittest.TestCase):
    def setUp(self):
        self.directory = tempfile.mkdtemp(prefix="w2v-gensim-corpora-")
        self.addCleanup(shutil.rmtree, self.directory, True)

    def write(self, name, text):
        path = os.path.join(self.directory, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as stream:
            stream.write(text)
        return path

    def test_path_line_sentences(self):
        self.write("pls/b.txt", "b1 b2 b3\n\nb4\n")
        a = self.write("pls/a.txt", "a1 a2\na3 a4 a5 a6 a7\n")
        folder = os.path.join(self.directory, "pls")
        self.assertEqual(list(w2v.PathLineSentences(folder, max_sentence_length=2)),
                         [["a1", "a2"], ["a3", "a4"], ["a5", "a6"], ["a7"], ["b1", "b2"], ["b3"], ["b4"]])
        self.assertEqual(list(w2v.PathLineSentences(folder, limit=1)), [["a1", "a2"], ["b1", "b2", "b3"]])
        self.assertEqual(list(w2v.PathLineSentences(a)), [["a1", "a2"], ["a3", "a4", "a5", "a6", "a7"]])
        with self.assertRaises(ValueError):
            w2v.PathLineSentences(os.path.join(self.directory, "missing"))
        # limit counts lines, as gensim's LineSentence
        self.assertEqual(list(w2v.LineSentence(a, max_sentence_length=2, limit=1)), [["a1", "a2"]])

    def test_text8_corpus(self):
        path = self.write("t8.txt", " w1 w2 w3\nw4 w5  w6 w7 ")
        self.assertEqual(list(w2v.Text8Corpus(path, max_sentence_length=3)), [["w1", "w2", "w3"], ["w4", "w5", "w6"], ["w7"]])
        self.assertEqual(list(w2v.Text8Corpus(path)), [["w1", "w2", "w3", "w4", "w5", "w6", "w7"]])
        words = ["w%d" % i for i in range(2500)]
        big = self.write("text8", " ".join(words))
        small_blocks = w2v.Text8Corpus(big, max_sentence_length=1000, block_size=7)
        self.assertEqual(list(small_blocks), [words[:1000], words[1000:2000], words[2000:]])
        self.assertEqual(list(small_blocks), list(w2v.Text8Corpus(big, max_sentence_length=1000)), "re-iterable")

    def test_corpora_train(self):
        sentences = w2v.Text8Corpus(corpus.path, max_sentence_length=1000)
        with w2v.Word2Vec(sentences, **support.SETTINGS) as model:
            self.assertGreater(len(model.wv), 100)
            self.assertEqual(model.corpus_count, len(list(sentences)))
