"""Subword vectors: w2v.FastText with gensim's arguments, vectors for unknown words, fastText's .bin."""

import os
import unittest

import support  # first: puts the package beside the tests on sys.path
import w2v

corpus, setUpModule, tearDownModule = support.module_corpus()

SETTINGS = dict(vector_size=24, min_count=2, sg=1, epochs=3, workers=1, seed=1, bucket=20000)


class FastTextTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # The past tense of the last four verbs never occurs: their vectors come from n-grams only.
        cls.held_out = corpus.pasts[-4:]
        held = set(cls.held_out)
        cls.sentences = [s for s in corpus.sentences() if not held.intersection(s)]
        cls.model = w2v.FastText(sentences=cls.sentences, **SETTINGS)

    @classmethod
    def tearDownClass(cls):
        cls.model.close()

    def test_gensim_arguments_and_defaults(self):
        self.assertEqual((self.model.min_n, self.model.max_n, self.model.bucket), (3, 6, 20000))
        self.assertIsInstance(self.model.wv, w2v.FastTextKeyedVectors)
        fresh = w2v.FastText(vector_size=8)
        self.assertEqual((fresh.min_n, fresh.max_n, fresh.bucket), (3, 6, 2000000))
        with self.assertRaises(w2v.InvalidArgumentError) as caught:
            w2v.FastText(bucket=0)
        self.assertIn("bucket=0", str(caught.exception))
        with self.assertRaises(w2v.InvalidArgumentError):
            w2v.FastText(sentences=self.sentences[:50], min_n=5, max_n=4, min_count=1)

    def test_unknown_words_have_composed_vectors(self):
        wv = self.model.wv
        for past in self.held_out:
            self.assertIn(past, wv, "a subword model has a vector for any word")
            self.assertFalse(wv.has_index_for(past))
            self.assertNotIn(past, wv.key_to_index)
            vector = support.as_list(wv[past])
            self.assertEqual(vector, support.c_vector(wv, past))
            self.assertTrue(any(x != 0 for x in vector))
        known = corpus.verbs[0]
        self.assertTrue(wv.has_index_for(known))
        self.assertEqual(support.as_list(wv[known]), support.as_list(wv.vectors.tolist()[wv.key_to_index[known]]))

    def test_held_out_forms_are_among_past_forms(self):
        wv = self.model.wv
        for past in self.held_out:
            top = [word for word, _ in wv.most_similar(past, topn=5)]
            self.assertTrue(all(word.endswith("ed") for word in top), "%s (never seen) is among past forms: %s" % (past, top))
            self.assertAlmostEqual(wv.similarity(past, top[0]), wv.most_similar(past, topn=1)[0][1], places=5)

    def test_without_subwords_unknown_words_are_missing(self):
        model = w2v.FastText(sentences=self.sentences[:2000], max_n=0, **{**SETTINGS, "epochs": 1})
        self.assertNotIn(self.held_out[0], model.wv)
        with self.assertRaises(KeyError):
            model.wv[self.held_out[0]]
        model.close()

    def test_facebook_format_round_trip(self):
        path = corpus.file("model.bin")
        w2v.save_facebook_model(self.model, path)
        vectors = w2v.load_facebook_vectors(path)
        loaded = w2v.load_facebook_model(path)
        self.assertIsInstance(loaded, w2v.FastText)
        self.assertEqual((loaded.min_n, loaded.max_n, loaded.bucket), (3, 6, 20000))
        for word in [corpus.verbs[0], self.held_out[0], "zzzqqq"]:
            self.assertEqual(support.as_list(vectors[word]), support.as_list(self.model.wv[word]))
            self.assertEqual(support.as_list(loaded.wv[word]), support.as_list(self.model.wv[word]))
        self.assertEqual(vectors.index_to_key, self.model.wv.index_to_key)
        # Trained with negative sampling: it trains further.
        before = support.as_list(loaded.wv[corpus.verbs[0]])
        loaded.train(self.sentences[:500], total_examples=500, epochs=1)
        self.assertNotEqual(support.as_list(loaded.wv[corpus.verbs[0]]), before)
        loaded.close()
        with self.assertRaises(w2v.FormatError):
            w2v.load_facebook_vectors(corpus.path)

    def test_native_files_keep_the_subwords(self):
        path = corpus.file("model.w2v")
        self.model.save(path)
        loaded = w2v.FastText.load(path)
        self.assertIsInstance(loaded.wv, w2v.FastTextKeyedVectors)
        self.assertEqual(support.as_list(loaded.wv[self.held_out[0]]), support.as_list(self.model.wv[self.held_out[0]]))
        loaded.close()
        os.remove(path)

    def test_pickle_keeps_the_subword_model(self):
        import copy
        import pickle

        unknown = self.held_out[0]
        for clone in (pickle.loads(pickle.dumps(self.model)), copy.deepcopy(self.model)):
            with clone:
                self.assertIsInstance(clone, w2v.FastText)
                self.assertIsInstance(clone.wv, w2v.FastTextKeyedVectors)
                self.assertEqual((clone.min_n, clone.max_n, clone.bucket), (3, 6, 20000))
                self.assertIn(unknown, clone.wv)
                self.assertEqual(support.as_list(clone.wv[unknown]), support.as_list(self.model.wv[unknown]))
        fresh = w2v.FastText(vector_size=8, min_n=2, max_n=4, bucket=1000)
        again = pickle.loads(pickle.dumps(fresh))
        self.assertIsInstance(again, w2v.FastText)
        self.assertEqual((again.min_n, again.max_n, again.bucket), (2, 4, 1000))
        self.assertIsInstance(again.wv, w2v.FastTextKeyedVectors)
        for model in (fresh, again):
            model.close()

    def test_pickle_keeps_the_subword_vectors(self):
        import pickle

        unknown = self.held_out[0]
        wv = pickle.loads(pickle.dumps(self.model.wv))
        with wv:
            self.assertIsInstance(wv, w2v.FastTextKeyedVectors)
            self.assertIn(unknown, wv)
            self.assertFalse(wv.has_index_for(unknown))
            self.assertEqual(support.as_list(wv[unknown]), support.as_list(self.model.wv[unknown]))
            self.assertEqual(wv.most_similar(unknown, topn=3), self.model.wv.most_similar(unknown, topn=3))


if __name__ == "__main__":
    unittest.main()
