"""gensim's other queries: restricted and 3CosMul neighbours, by vector, doesnt_match, n_similarity, distances."""

import math
import unittest

import support  # first: puts the package beside the tests on sys.path
import w2v

corpus, setUpModule, tearDownModule = support.module_corpus()


def unit(vector):
    length = math.sqrt(sum(x * x for x in vector))
    return [x / length for x in vector] if length else vector


def cosine(a, b):
    return sum(x * y for x, y in zip(unit(a), unit(b)))


class QueryTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.wv = corpus.model().wv
        cls.vectors = {w: support.c_vector(cls.wv, w) for w in cls.wv.index_to_key}

    def test_most_similar_restricted(self):
        wv = self.wv
        word = corpus.countries[0]
        everything = wv.most_similar(word, topn=len(wv))
        for limit in (5, 50, 200):
            got = wv.most_similar(word, topn=10, restrict_vocab=limit)
            allowed = set(wv.index_to_key[:limit]) - {word}
            expected = [(w, s) for w, s in everything if w in allowed][:10]
            self.assertEqual([w for w, _ in got], [w for w, _ in expected])
        self.assertEqual(wv.most_similar(word, topn=10, restrict_vocab=0), everything[:10])

    def test_most_similar_cosmul_matches_a_reference(self):
        wv = self.wv
        a, b, c = corpus.countries[0], corpus.capitals[0], corpus.countries[1]
        got = wv.most_similar_cosmul(positive=[b, c], negative=[a], topn=5)

        def score(x):
            v = self.vectors[x]
            return ((1 + cosine(v, self.vectors[b])) / 2 * (1 + cosine(v, self.vectors[c])) / 2
                    / ((1 + cosine(v, self.vectors[a])) / 2 + 1e-6))

        reference = sorted(((score(x), x) for x in wv.index_to_key if x not in (a, b, c)), reverse=True)[:5]
        self.assertEqual([w for w, _ in got], [w for _, w in reference])
        for (_, s), (r, _) in zip(got, reference):
            self.assertAlmostEqual(s, r, delta=1e-4 * r)
        self.assertEqual(got[0][0], corpus.capitals[1], "3CosMul answers the planted analogy too")
        with self.assertRaises(w2v.InvalidArgumentError):
            wv.most_similar_cosmul(negative=[a])

    def test_similar_by_vector(self):
        wv = self.wv
        word = corpus.capitals[2]
        got = wv.similar_by_vector(wv[word], topn=4)
        self.assertEqual(got[0][0], word)
        self.assertAlmostEqual(got[0][1], 1.0, places=5)
        self.assertEqual([w for w, _ in got[1:]], [w for w, _ in wv.most_similar(word, topn=3)])
        self.assertEqual(wv.similar_by_vector(list(self.vectors[word]), topn=1)[0][0], word)
        with self.assertRaises(w2v.InvalidArgumentError):
            wv.similar_by_vector([1.0, 2.0])
        with self.assertRaises(w2v.InvalidArgumentError) as caught:
            wv.similar_by_vector([float("nan")] * wv.vector_size)
        self.assertIn("0", str(caught.exception))

    def test_doesnt_match(self):
        wv = self.wv
        group = corpus.countries[:4] + [corpus.verbs[0]]
        self.assertEqual(wv.doesnt_match(group), corpus.verbs[0])
        self.assertEqual(wv.doesnt_match(group + ["not-a-word"]), corpus.verbs[0], "unknown words are ignored, as gensim")
        with self.assertRaises(w2v.InvalidArgumentError):
            wv.doesnt_match(["not-a-word"])

    def test_n_similarity(self):
        wv = self.wv
        one, two = corpus.countries[:3], corpus.capitals[:2]
        mean1 = [sum(xs) / len(one) for xs in zip(*(self.vectors[w] for w in one))]
        mean2 = [sum(xs) / len(two) for xs in zip(*(self.vectors[w] for w in two))]
        self.assertAlmostEqual(wv.n_similarity(one, two), cosine(mean1, mean2), places=5)
        self.assertAlmostEqual(wv.n_similarity([one[0]], [two[0]]), wv.similarity(one[0], two[0]), places=5)
        with self.assertRaises(w2v.NotFoundError):
            wv.n_similarity(one, ["not-a-word"])

    def test_distances(self):
        wv = self.wv
        word = corpus.countries[0]
        others = [corpus.capitals[0], corpus.verbs[0], word]
        got = support.as_list(wv.distances(word, others))
        for value, other in zip(got, others):
            self.assertAlmostEqual(value, 1 - wv.similarity(word, other), places=5)
        everything = wv.distances(word)
        self.assertEqual(len(everything), len(wv))
        if support.HAS_NUMPY:
            self.assertEqual(everything.dtype.name, "float32")
        else:
            self.assertIsInstance(everything, list)
        self.assertAlmostEqual(float(everything[wv.get_index(word)]), 0.0, places=5)
        with self.assertRaises(w2v.NotFoundError):
            wv.distances("not-a-word")


@support.requires_function("w2v_model_evaluate_analogies")
class CosMulEvaluationTests(unittest.TestCase):
    def test_cosmul_accuracy_matches_most_similar_cosmul(self):
        wv = corpus.model().wv
        lines = [l.split() for l in corpus.questions.read_text().splitlines() if l and not l.startswith(":")]
        expected = sum(wv.most_similar_cosmul(positive=[b, c], negative=[a], topn=1)[0][0] == d for a, b, c, d in lines)
        result = wv.evaluate_word_analogies(corpus.questions, restrict_vocab=None, similarity_function="most_similar_cosmul")
        self.assertEqual((result.correct, result.seen), (expected, len(lines)))
        with self.assertRaises(ValueError):
            wv.evaluate_word_analogies(corpus.questions, similarity_function="nearest")


def _library_trains_hs():
    """Whether this libw2v.so trains with hierarchical softmax (declared in the API before it lands)."""
    try:
        model = w2v.Word2Vec(sentences=[["a", "b", "c", "a", "b"]] * 4, vector_size=4, min_count=1, epochs=1,
                             hs=1, negative=0)
    except w2v.Error:
        return False
    model.close()
    return True


class HierarchicalSoftmaxTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not _library_trains_hs():
            raise unittest.SkipTest("this libw2v.so does not train with hs=1 yet")

    def test_hs_alone_learns(self):
        model = w2v.Word2Vec(corpus_file=str(corpus.path), **{**support.SETTINGS, "hs": 1, "negative": 0})
        self.assertEqual((model.hs, model.negative), (1, 0))
        hits = support.analogy_hits(model.wv, corpus.countries, corpus.capitals)
        self.assertGreaterEqual(hits, 7, "hs=1 answered %d of 11" % hits)

    def test_neither_negative_sampling_nor_hs_is_refused(self):
        with self.assertRaises(w2v.InvalidArgumentError) as caught:
            w2v.Word2Vec(sentences=corpus.sentences()[:100], negative=0, min_count=1)
        self.assertIn("negative", str(caught.exception))

    def test_max_final_vocab(self):
        model = w2v.Word2Vec(**{**support.SETTINGS, "max_final_vocab": 100})
        model.build_vocab(corpus_file=str(corpus.path))
        self.assertLessEqual(len(model.wv), 100)
        self.assertEqual(model.max_final_vocab, 100)


if __name__ == "__main__":
    unittest.main()
