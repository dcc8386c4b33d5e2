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


def unit(vector):
    length = math.sqrt(sum(x * x for x in vector))
    return [x / length for x in vector] if length else list(vector)


def cosine(a, b):
    return sum(x * y for x, y in zip(unit(a), unit(b)))


class KeyedVectorsTests(unittest.TestCase):
    """gensim's KeyedVectors methods, checked against the closed forms of gensim 4.4's source (and, when
    this was written, against gensim itself on the same vectors: all equal to 1e-5)."""

    @classmethod
    def setUpClass(cls):
        cls.wv = corpus.model().wv
        cls.rows = [support.as_list(cls.wv[w]) for w in cls.wv.index_to_key]
        cls.a, cls.b, cls.x = corpus.countries[0], corpus.capitals[0], corpus.countries[1]

    def row(self, word):
        return self.rows[self.wv.key_to_index[word]]

    def ranking(self, query, exclude=(), start=0, end=None):
        """Every row in [start, end) but ``exclude`` by descending cosine with ``query``."""
        end = len(self.rows) if end is None else end
        scored = [(self.wv.index_to_key[i], cosine(self.rows[i], query)) for i in range(start, end) if i not in exclude]
        return sorted(scored, key=lambda pair: -pair[1])

    def assertRanked(self, got, expected, n):
        self.assertEqual([w for w, _ in got], [w for w, _ in expected[:n]])
        for (_, s), (_, e) in zip(got, expected):
            self.assertAlmostEqual(s, e, places=5)

    def test_closer_than_and_rank(self):
        wv, a, b = self.wv, self.a, self.b
        limit = 1 - cosine(self.row(a), self.row(b))
        expected = [w for w in wv.index_to_key if w != a and 1 - cosine(self.row(a), self.row(w)) < limit - 1e-6]
        got = wv.closer_than(a, b)
        self.assertEqual(got, sorted(got, key=wv.key_to_index.get), "row order")
        self.assertLessEqual(len(set(got) ^ set(expected)), 1, "at most a float32 tie at the boundary")
        self.assertNotIn(a, got)
        self.assertNotIn(b, got)
        self.assertEqual(wv.rank(a, b), len(got) + 1)
        self.assertEqual(wv.rank(a, wv.most_similar(a, topn=1)[0][0]), 1)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            self.assertEqual(wv.words_closer_than(a, b), got)
        self.assertTrue(any(issubclass(w.category, DeprecationWarning) for w in caught))
        with self.assertRaises(KeyError):
            wv.rank(a, "no-such-word")

    def test_get_mean_vector(self):
        wv, a, b = self.wv, self.a, self.b
        mean = support.as_list(wv.get_mean_vector([a, b, "no-such-word"], weights=[1, -2, 3]))
        expected = [(x - 2 * y) / 3 for x, y in zip(unit(self.row(a)), unit(self.row(b)))]
        for got, want in zip(mean, expected):
            self.assertAlmostEqual(got, want, places=6)
        raw = support.as_list(wv.get_mean_vector([a, b], pre_normalize=False))
        for got, x, y in zip(raw, self.row(a), self.row(b)):
            self.assertAlmostEqual(got, (x + y) / 2, places=6)
        post = support.as_list(wv.get_mean_vector([a, wv[b]], post_normalize=True))  # a vector enters as it is
        expected = unit([(x + y) / 2 for x, y in zip(unit(self.row(a)), self.row(b))])
        for got, want in zip(post, expected):
            self.assertAlmostEqual(got, want, places=6)
        self.assertAlmostEqual(sum(x * x for x in post), 1.0, places=5)
        with self.assertRaises(KeyError):
            wv.get_mean_vector([a, "no-such-word"], ignore_missing=False)
        with self.assertRaises(ValueError):
            wv.get_mean_vector([])
        with self.assertRaises(ValueError):
            wv.get_mean_vector([a, b], weights=[1])
        if support.HAS_NUMPY:
            self.assertEqual(str(wv.get_mean_vector([a]).dtype), "float32")

    def test_most_similar_mixes_words_vectors_and_weights(self):
        wv, a, b, x = self.wv, self.a, self.b, self.x
        rows = wv.key_to_index
        # a vector enters raw and is not left out; words enter as unit vectors and are left out
        query = [p + q - r for p, q, r in zip(self.row(a), unit(self.row(x)), unit(self.row(b)))]
        expected = self.ranking(query, exclude={rows[x], rows[b]})
        self.assertRanked(wv.most_similar(positive=[wv[a], x], negative=[b], topn=5), expected, 5)
        # (key, weight) pairs; a negative pair's weight is used as given, as gensim does
        query = [2 * p + q - 0.5 * r for p, q, r in zip(unit(self.row(a)), unit(self.row(x)), unit(self.row(b)))]
        expected = self.ranking(query, exclude={rows[a], rows[x], rows[b]})
        self.assertRanked(wv.most_similar(positive=[(a, 2.0), x], negative=[(b, -0.5)], topn=5), expected, 5)
        # a single vector; row numbers as keys
        self.assertEqual(wv.most_similar(wv[a], topn=1)[0][0], a)
        expected = self.ranking([p + q for p, q in zip(unit(self.rows[0]), unit(self.rows[1]))], exclude={0, 1})
        self.assertRanked(wv.most_similar(positive=[0, 1], topn=3), expected, 3)
        # plain words: the same answer as the mean computed here
        expected = self.ranking([p + q for p, q in zip(unit(self.row(a)), unit(self.row(x)))], exclude={rows[a], rows[x]})
        self.assertRanked(wv.most_similar([a, x], topn=4), expected, 4)

    def test_most_similar_clip_and_topn_none(self):
        wv, a = self.wv, self.a
        expected = self.ranking(self.row(a), exclude={wv.key_to_index[a]}, start=3, end=40)
        self.assertRanked(wv.most_similar(positive=[a], topn=5, clip_start=3, clip_end=40), expected, 5)
        self.assertEqual(wv.most_similar(a, topn=0), [])
        everything = wv.most_similar(a, topn=None)
        self.assertEqual(len(everything), len(wv))
        for i in range(0, len(wv), 37):
            self.assertAlmostEqual(float(everything[i]), cosine(self.row(a), self.rows[i]), places=5)
        restricted = wv.similar_by_vector(wv[a], topn=None, restrict_vocab=7)
        self.assertEqual(len(restricted), 7)
        self.assertEqual(wv.similar_by_key(a, topn=3), wv.most_similar(a, topn=3))

    def test_indexer_answers_when_given(self):
        wv, a = self.wv, self.a

        class Indexer:
            def most_similar(self, vector, topn):
                self.asked = (support.as_list(vector), topn)
                return [("from-the-indexer", 1.0)]

        indexer = Indexer()
        self.assertEqual(wv.most_similar(a, topn=3, indexer=indexer), [("from-the-indexer", 1.0)])
        for got, want in zip(indexer.asked[0], unit(self.row(a))):
            self.assertAlmostEqual(got, want, places=6)
        self.assertEqual(indexer.asked[1], 3)

    def test_norms_and_init_sims(self):
        wv = self.wv
        self.assertIsNone(wv.norms)
        wv.fill_norms()
        norms = support.as_list(wv.norms)
        self.assertEqual(len(norms), len(wv))
        for i in (0, 5, len(wv) - 1):
            self.assertAlmostEqual(norms[i], math.sqrt(sum(x * x for x in self.rows[i])), places=5)
        normed = wv.get_normed_vectors()
        self.assertEqual(len(normed), len(wv))
        for i in (0, len(wv) - 1):
            for got, want in zip(support.as_list(normed[i]), unit(self.rows[i])):
                self.assertAlmostEqual(got, want, places=6)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            wv.init_sims()
            with self.assertRaises(NotImplementedError):
                wv.init_sims(replace=True)
        self.assertTrue(all(issubclass(w.category, DeprecationWarning) for w in caught) and caught)
        self.assertEqual(support.as_list(wv[self.a]), self.row(self.a), "vectors untouched")

    def test_training_resets_norms(self):
        model = w2v.Word2Vec(**support.SETTINGS)
        model.build_vocab(corpus_file=str(corpus.path))
        model.wv.fill_norms()
        self.assertIsNotNone(model.wv.norms)
        model.train(corpus_file=str(corpus.path))
        self.assertIsNone(model.wv.norms)
        model.close()

    def test_row_numbers_are_keys(self):
        wv = self.wv
        self.assertIn(0, wv)
        self.assertNotIn(len(wv), wv)
        self.assertEqual(wv.get_index(3), 3)
        self.assertEqual(support.as_list(wv[1]), self.rows[1])
        self.assertEqual(wv.get_index(len(wv), default=-1), -1)


class ModelIdiomTests(unittest.TestCase):
    """gensim's Word2Vec idioms: corpus_count, trim_rule, build_vocab_from_freq, pickling, wv.save/load."""

    def test_corpus_file_sets_corpus_count(self):
        model = w2v.Word2Vec(**support.SETTINGS)
        self.addCleanup(model.close)
        model.build_vocab(corpus_file=str(corpus.path))
        self.assertEqual(model.corpus_count, len(corpus.lines))
        # the tutorial line that raised before
        model.train(corpus_file=str(corpus.path), total_examples=model.corpus_count, epochs=model.epochs)
        listed = w2v.Word2Vec(**support.SETTINGS)
        self.addCleanup(listed.close)
        listed.build_vocab(corpus.sentences())
        self.assertEqual(listed.corpus_count, model.corpus_count)

    def test_trim_rule(self):
        counts = {}
        for sentence in corpus.sentences():
            for word in sentence:
                counts[word] = counts.get(word, 0) + 1
        rare = sorted(w for w, c in counts.items() if c == 1)[:3]
        dropped = corpus.filler[0]
        self.assertTrue(rare, "the corpus has words seen once")

        def rule(word, count, min_count):
            if word in rare:
                return utils.RULE_KEEP
            if word == dropped:
                return utils.RULE_DISCARD
            return utils.RULE_DEFAULT

        with w2v.Word2Vec(corpus.sentences(), trim_rule=rule, **{**support.SETTINGS, "epochs": 1}) as model:
            expected = {w for w, c in counts.items() if (c >= support.SETTINGS["min_count"] or w in rare) and w != dropped}
            self.assertEqual(set(model.wv.index_to_key), expected)
            self.assertEqual(model.min_count, support.SETTINGS["min_count"], "the setting stays as given")
            for word in rare:
                self.assertEqual(model.wv.get_vecattr(word, "count"), 1)
        with w2v.Word2Vec(corpus_file=str(corpus.path), trim_rule=rule, **{**support.SETTINGS, "epochs": 1}) as model:
            self.assertEqual(set(model.wv.index_to_key), expected)
        with w2v.Word2Vec(**support.SETTINGS) as model:
            model.build_vocab(corpus.sentences(), trim_rule=lambda w, c, m: utils.RULE_DEFAULT)
            self.assertEqual(set(model.wv.index_to_key), {w for w, c in counts.items() if c >= support.SETTINGS["min_count"]})

    def test_build_vocab_from_freq(self):
        with w2v.Word2Vec(vector_size=8, min_count=2) as model:
            model.build_vocab_from_freq({"apple": 5, "pear": 2, "plum": 1, "fig": 9}, corpus_count=4)
            self.assertEqual(model.wv.index_to_key, ["fig", "apple", "pear"])
            self.assertEqual([model.wv.get_vecattr(w, "count") for w in model.wv.index_to_key], [9, 5, 2])
            self.assertEqual(model.corpus_count, 4)
            model.build_vocab_from_freq({"plum": 3, "kiwi": 4}, update=True)
            self.assertEqual(model.wv.index_to_key[3:], ["kiwi", "plum"])
            with self.assertRaises(ValueError):
                model.build_vocab_from_freq({"two words": 3})

    def test_pickle_and_deepcopy(self):
        import copy
        import pickle

        model = corpus.model()
        word = corpus.countries[0]
        for clone in (pickle.loads(pickle.dumps(model)), copy.deepcopy(model)):
            with clone:
                self.assertIsInstance(clone, w2v.Word2Vec)
                self.assertEqual(clone.wv.index_to_key, model.wv.index_to_key)
                self.assertEqual(support.as_list(clone.wv[word]), support.as_list(model.wv[word]))
                self.assertEqual((clone.corpus_count, clone.vector_size, clone.window), (model.corpus_count, model.vector_size, model.window))
        kv = pickle.loads(pickle.dumps(model.wv))
        self.assertEqual(kv.most_similar(word, topn=3), model.wv.most_similar(word, topn=3))
        kv.close()
        fresh = w2v.Word2Vec(vector_size=17, min_count=1, window=3)
        again = pickle.loads(pickle.dumps(fresh))
        self.assertEqual((again.vector_size, again.min_count, again.window), (17, 1, 3))
        again.build_vocab([["a", "b"]] * 3)
        self.assertEqual(len(again.wv), 2)
        fresh.close()
        with self.assertRaises(w2v.ClosedError):
            pickle.dumps(fresh)

    def test_pickled_model_trains_on_identically(self):
        import pickle

        model = w2v.Word2Vec(corpus_file=str(corpus.path), **support.SETTINGS)
        clone = pickle.loads(pickle.dumps(model))
        for m in (model, clone):
            m.train(corpus_file=str(corpus.path), epochs=1)
        self.assertEqual(support.as_list(model.wv[corpus.countries[0]]), support.as_list(clone.wv[corpus.countries[0]]))
        model.close()
        clone.close()

    def test_wv_save_and_load(self):
        model = corpus.model()
        path = corpus.file("vectors.kv")
        model.wv.save(path)
        for mmap in (None, "r"):
            with w2v.KeyedVectors.load(path, mmap=mmap) as loaded:
                self.assertEqual(loaded.index_to_key, model.wv.index_to_key)
                self.assertEqual(support.as_list(loaded.vectors[0]) if support.HAS_NUMPY else loaded.vectors.tolist()[0],
                                 support.as_list(model.wv.vectors[0]) if support.HAS_NUMPY else model.wv.vectors.tolist()[0])
                self.assertEqual(loaded.get_vecattr(corpus.countries[0], "count"), model.wv.get_vecattr(corpus.countries[0], "count"))
        with self.assertRaises(NotImplementedError):
            w2v.KeyedVectors.load(path, mmap="r+")
        text = corpus.file("vectors-for-kv.txt")
        model.wv.save_word2vec_format(text)
        with w2v.KeyedVectors.load_word2vec_format(text) as from_text:
            from_text.save(corpus.file("from-text.kv"))
            with w2v.KeyedVectors.load(corpus.file("from-text.kv")) as again:
                self.assertEqual(again.index_to_key, from_text.index_to_key)
                self.assertEqual(again.get_vecattr(again.index_to_key[0], "count"), len(again))

    def test_gensim_keywords(self):
        with w2v.Word2Vec(vector_size=8, compute_loss=True, sorted_vocab=1, cbow_mean=1, shrink_windows=True,
                          comment="tutorial") as model:
            self.assertTrue(model.compute_loss)
            self.assertEqual((model.cbow_mean, model.sorted_vocab, model.shrink_windows, model.null_word), (1, 1, True, 0))
        with self.assertRaises(NotImplementedError) as caught:
            w2v.Word2Vec(null_word=1)
        self.assertIn("null_word", str(caught.exception))

    def test_sorted_vocab_0_keeps_first_seen_order(self):
        sentences = [["rare", "common", "mid"], ["common", "mid", "common"], ["gone", "common", "mid", "late"],
                     ["late", "rare"]]
        # min_count 2 drops "gone"; gensim's sorted_vocab=0 keeps the rest as first seen
        counts = {"rare": 2, "common": 4, "mid": 3, "late": 2}
        settings = {"vector_size": 8, "min_count": 2, "workers": 1, "epochs": 2, "seed": 3}
        with w2v.Word2Vec(sentences, sorted_vocab=0, **settings) as unsorted, \
                w2v.Word2Vec(sentences, **settings) as ordered:
            self.assertEqual(unsorted.sorted_vocab, 0)
            self.assertEqual(unsorted.wv.index_to_key, ["rare", "common", "mid", "late"])
            self.assertEqual(ordered.wv.index_to_key, ["common", "mid", "rare", "late"])
            for word, count in counts.items():
                self.assertEqual(unsorted.wv.get_vecattr(word, "count"), count)
            saved = corpus.file("unsorted.model")
            unsorted.save(saved)
            with w2v.Word2Vec.load(saved) as again:
                self.assertEqual((again.sorted_vocab, again.wv.index_to_key), (0, unsorted.wv.index_to_key))

    def test_cbow_mean_and_shrink_windows_are_training_modes(self):
        settings = {**support.SETTINGS, "sg": 0, "workers": 1, "epochs": 1}
        vectors = {}
        for name, overrides in (("default", {}), ("sum", {"cbow_mean": 0}), ("full", {"shrink_windows": False})):
            with w2v.Word2Vec(corpus_file=str(corpus.path), **settings, **overrides) as model:
                self.assertEqual(model.cbow_mean, 0 if name == "sum" else 1)
                self.assertEqual(model.shrink_windows, name != "full")
                vectors[name] = support.as_list(model.wv[corpus.countries[0]])
        # each mode trains differently from the default (what each computes is tested in the library)
        self.assertNotEqual(vectors["sum"], vectors["default"])
        self.assertNotEqual(vectors["full"], vectors["default"])

    def test_predict_output_word(self):
        model = corpus.model()
        words = model.wv.index_to_key
        everything = model.predict_output_word([corpus.countries[0], corpus.capitals[0]], topn=len(words))
        self.assertEqual(len(everything), len(words))
        probabilities = [p for _, p in everything]
        self.assertAlmostEqual(sum(probabilities), 1.0, places=3)  # a softmax over the whole vocabulary
        self.assertEqual(probabilities, sorted(probabilities, reverse=True))
        self.assertEqual(model.predict_output_word([corpus.countries[0], corpus.capitals[0]], topn=3), everything[:3])
        self.assertEqual(model.predict_output_word([corpus.countries[0], "no-such-word"], topn=3),
                         model.predict_output_word([corpus.countries[0]], topn=3), "unknown words are dropped")
        with self.assertLogs("w2v", level="WARNING"):
            self.assertIsNone(model.predict_output_word(["no-such-word"]))
        with w2v.Word2Vec(corpus_file=str(corpus.path), **{**support.SETTINGS, "negative": 0, "hs": 1}) as hs_only:
            with self.assertRaises(RuntimeError):
                hs_only.predict_output_word([corpus.countries[0]])

    def test_intersect_word2vec_format_warm_starts_and_freezes(self):
        with w2v.Word2Vec(corpus_file=str(corpus.path), **{**support.SETTINGS, "workers": 1, "epochs": 1}) as model:
            frozen, free = corpus.countries[0], corpus.countries[1]
            dim = model.vector_size
            pretrained = corpus.file("pretrained.txt")
            with open(pretrained, "w", encoding="utf-8") as f:
                f.write("3 %d\n" % dim)
                f.write(frozen + " " + " ".join(["0.5"] * dim) + "\n")
                f.write("not-in-the-model " + " ".join(["1"] * dim) + "\n")
                f.write(corpus.capitals[0] + " " + " ".join(["0.25"] * dim) + "\n")
            before_free = support.as_list(model.wv[free])
            model.wv.intersect_word2vec_format(pretrained, lockf=0.0)
            self.assertEqual(support.as_list(model.wv[frozen]), [0.5] * dim)
            self.assertNotIn("not-in-the-model", model.wv, "no word is added")
            model.train(corpus_file=str(corpus.path), epochs=1)
            self.assertEqual(support.as_list(model.wv[frozen]), [0.5] * dim, "lockf 0 freezes the row")
            self.assertEqual(support.as_list(model.wv[corpus.capitals[0]]), [0.25] * dim)
            self.assertNotEqual(support.as_list(model.wv[free]), before_free, "other rows train")
            wrong = corpus.file("wrong-dim.txt")
            with open(wrong, "w", encoding="utf-8") as f:
                f.write("1 3\n%s 1 2 3\n" % frozen)
            with self.assertRaises(ValueError):
                model.wv.intersect_word2vec_format(wrong)


    def test_vectors_lockf_freezes_rows_and_survives_save(self):
        with w2v.Word2Vec(corpus_file=str(corpus.path), **{**support.SETTINGS, "workers": 1, "epochs": 1}) as model:
            n = len(model.wv)
            self.assertEqual(list(model.wv.vectors_lockf), [1.0] * n, "every factor 1 by default")
            frozen, slowed = model.wv.get_index(corpus.countries[0]), model.wv.get_index(corpus.countries[1])
            model.wv.vectors_lockf[frozen] = 0.0  # gensim's idiom, written through
            model.wv.vectors_lockf[slowed] = 0.5
            self.assertEqual(model.wv.vectors_lockf[frozen], 0.0)
            self.assertEqual(model.wv.vectors_lockf[slowed], 0.5)
            before = support.as_list(model.wv[frozen])
            moving = support.as_list(model.wv[slowed])
            model.train(corpus_file=str(corpus.path), epochs=1)
            self.assertEqual(support.as_list(model.wv[frozen]), before, "factor 0 freezes the row")
            self.assertNotEqual(support.as_list(model.wv[slowed]), moving, "factor 0.5 still trains")
            saved = corpus.file("lockf.model")
            model.save(saved)
            with w2v.Word2Vec.load(saved) as again:
                factors = list(again.wv.vectors_lockf)
                self.assertEqual((factors[frozen], factors[slowed], factors.count(1.0)), (0.0, 0.5, n - 2))
            model.wv.vectors_lockf = [1.0]  # one factor for every row, gensim's length-1 default
            self.assertEqual(list(model.wv.vectors_lockf), [1.0] * n)
            for bad in ([-1.0], [float("nan")], [1.0] * (n + 1)):
                with self.assertRaises(ValueError):
                    model.wv.vectors_lockf = bad
            model.wv.vectors_lockf[0:3] = 0.0
            self.assertEqual(list(model.wv.vectors_lockf)[:4], [0.0, 0.0, 0.0, 1.0])


class LoggingTests(unittest.TestCase):
    def test_vocabulary_progress_and_totals_are_logged(self):
        with self.assertLogs("w2v", level="INFO") as logs:
            model = w2v.Word2Vec(corpus_file=str(corpus.path), **{**support.SETTINGS, "epochs": 2})
        model.close()
        text = "\n".join(logs.output)
        for expected in ("word types from a corpus of", "raw words and %d sentences" % len(corpus.lines),
                         "retains", "estimated required memory", "training model with 1 workers",
                         "EPOCH 1:", "EPOCH 2:", "effective words/s"):
            self.assertIn(expected, text)
        with self.assertLogs("w2v", level="INFO") as logs:
            model = w2v.Word2Vec(corpus.sentences(), **{**support.SETTINGS, "epochs": 1})
            model.train(corpus.sentences(), total_examples=model.corpus_count, epochs=1, report_delay=0.0)
        model.close()
        self.assertTrue(any("PROGRESS: at" in line for line in logs.output))

    def test_estimate_memory(self):
        model = corpus.model()
        report = model.estimate_memory()
        row = model.vector_size * 4
        self.assertEqual(report, {"vectors": len(model.wv) * row, "syn1neg": len(model.wv) * row,
                                  "total": 2 * len(model.wv) * row})
        self.assertEqual(model.estimate_memory(vocab_size=10)["total"], 20 * row)


class BuildingKeyedVectorsTests(unittest.TestCase):
    """KeyedVectors(vector_size) filled by add_vector(s), kv[...] = ..., vectors_for_all (gensim 4.4)."""

    def test_add_vectors(self):
        kv = w2v.KeyedVectors(3)
        self.addCleanup(kv.close)
        self.assertEqual((len(kv), kv.vector_size, kv.index_to_key), (0, 3, []))
        self.assertNotIn("cat", kv)
        kv.add_vectors(["cat", "dog"], [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
        self.assertEqual(kv.index_to_key, ["cat", "dog"])
        self.assertEqual(support.as_list(kv["dog"]), [0.0, 1.0, 0.0])
        self.assertEqual(kv.add_vector("fish", [0.0, 0.6, 0.8]), 2)
        import pickle

        with pickle.loads(pickle.dumps(kv)) as clone:
            self.assertEqual(clone.index_to_key, ["cat", "dog", "fish"])
        self.assertEqual(pickle.loads(pickle.dumps(w2v.KeyedVectors(7))).vector_size, 7)
        self.assertEqual(kv.most_similar("dog", topn=1)[0][0], "fish")
        kv.add_vectors(["cat", "owl"], [[9.0, 9.0, 9.0], [0.0, 0.0, 2.0]])  # cat kept: replace=False
        self.assertEqual(support.as_list(kv["cat"]), [1.0, 0.0, 0.0])
        self.assertEqual(kv.index_to_key, ["cat", "dog", "fish", "owl"])
        kv["cat"] = [0.5, 0.5, 0.0]  # __setitem__ replaces
        self.assertEqual(support.as_list(kv["cat"]), [0.5, 0.5, 0.0])
        kv[["dog", "emu"]] = [[1.0, 1.0, 1.0], [2.0, 2.0, 2.0]]
        self.assertEqual((support.as_list(kv["dog"]), kv.get_index("emu")), ([1.0, 1.0, 1.0], 4))
        self.assertAlmostEqual(kv.similarity("dog", "emu"), 1.0, places=6)
        with self.assertRaises(ValueError):
            kv.add_vectors(["bad word"], [[1.0, 2.0, 3.0]])
        with self.assertRaises(ValueError):
            kv.add_vectors(["short"], [[1.0, 2.0]])
        path = corpus.file("built.txt")
        kv.save_word2vec_format(path)
        with w2v.KeyedVectors.load_word2vec_format(path) as again:
            self.assertEqual(again.index_to_key, kv.index_to_key)

    @support.requires_numpy
    def test_add_vectors_from_arrays(self):
        import numpy

        kv = w2v.KeyedVectors(4)
        self.addCleanup(kv.close)
        weights = numpy.arange(12, dtype=numpy.float32).reshape(3, 4)
        kv.add_vectors(["a", "b", "c"], weights)
        self.assertTrue(numpy.array_equal(kv.vectors, weights))
        kv.add_vector("d", numpy.ones(4, dtype=numpy.float32))
        self.assertEqual(kv.vectors.shape, (4, 4))

    def test_vectors_for_all_and_trained_models(self):
        wv = corpus.model().wv
        words = [corpus.countries[2], "no-such-word", corpus.countries[0], corpus.countries[2]]
        with wv.vectors_for_all(words) as subset:
            self.assertEqual(subset.index_to_key, [corpus.countries[2], corpus.countries[0]])
            self.assertEqual(support.as_list(subset[corpus.countries[0]]), support.as_list(wv[corpus.countries[0]]))
            self.assertEqual(subset.get_vecattr(corpus.countries[2], "count"), 2, "gensim's made-up counts")
        with wv.vectors_for_all(words, copy_vecattrs=True) as subset:
            self.assertEqual(subset.get_vecattr(corpus.countries[2], "count"), wv.get_vecattr(corpus.countries[2], "count"))
        with self.assertRaises(w2v.InvalidArgumentError):
            wv.add_vector("newword", [0.0] * wv.vector_size)
