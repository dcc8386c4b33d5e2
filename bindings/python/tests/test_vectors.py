"""Vectors as the C API has them; the zero-copy view; the vocabulary mappings; queries."""

import ctypes
import gc
import math
import unittest

import support  # first: puts the package beside the tests on sys.path
import w2v

corpus, setUpModule, tearDownModule = support.module_corpus(sentences=5000)


def fresh_model(**overrides):
    model = w2v.Word2Vec(**{**support.SETTINGS, **overrides})
    model.build_vocab(corpus_file=str(corpus.path))
    return model


def row(view, i):
    """Row i of a vectors view (NumPy array or 2-D memoryview) as floats."""
    if support.HAS_NUMPY:
        return [float(x) for x in view[i]]
    return [view[i, j] for j in range(view.shape[1])]


class VectorTests(unittest.TestCase):
    def test_vectors_equal_those_read_through_the_c_api(self):
        wv = corpus.model().wv
        for i, word in enumerate(wv.index_to_key):
            expected = support.c_vector(wv, word)
            self.assertEqual(support.as_list(wv[word]), expected)
            self.assertEqual(row(wv.vectors, i), expected)

    def test_vocabulary_mappings_agree_with_the_library(self):
        wv = corpus.model().wv
        memory = wv._memory()
        self.assertEqual(len(wv), memory.library.w2v_model_vocab_size(memory.ptr))
        self.assertEqual(len(wv.index_to_key), len(wv))
        for i, word in enumerate(wv.index_to_key):
            self.assertEqual(wv.key_to_index[word], i)
            self.assertEqual(wv.get_index(word), i)
        counts = [wv.get_vecattr(w, "count") for w in wv.index_to_key]
        self.assertEqual(counts, sorted(counts, reverse=True), "rows are in descending frequency")
        text = corpus.path.read_text().split()
        self.assertEqual(counts[0], text.count(wv.index_to_key[0]))
        self.assertIn(corpus.countries[0], wv)
        self.assertNotIn("no-such-word", wv)
        self.assertNotIn(corpus.countries[0] + "x", wv)
        self.assertEqual(wv.get_index("no-such-word", default=-1), -1)

    def test_vectors_view_is_zero_copy_and_reflects_training(self):
        model = fresh_model()
        wv = model.wv
        view = wv.vectors
        self.assertIs(wv.vectors, view, "the view is made once per model")
        memory = wv._memory()
        address = memory.library.w2v_model_vectors(memory.ptr)
        word = corpus.capitals[0]
        index = wv.get_index(word)
        before = row(view, index)
        if support.HAS_NUMPY:
            self.assertEqual(view.ctypes.data, address)
            self.assertEqual(view.dtype.name, "float32")
            self.assertEqual(view.shape, (len(wv), wv.vector_size))
            self.assertFalse(view.flags.writeable)
        else:
            self.assertIsInstance(view, memoryview)
            self.assertEqual((view.format, view.shape, view.readonly), ("f", (len(wv), wv.vector_size), True))
        model.train(corpus.sentences()[:2000], epochs=1)
        after = row(view, index)
        self.assertNotEqual(before, after, "training changed the weights under the same view")
        self.assertEqual(after, support.c_vector(wv, word))

    def test_view_keeps_the_memory_alive_after_close_and_del(self):
        model = fresh_model()
        view = model.wv.vectors
        snapshot = [row(view, i) for i in range(3)]
        model.close()
        self.assertTrue(model.wv.closed)
        with self.assertRaises(w2v.ClosedError):
            model.wv.vectors
        del model
        gc.collect()
        junk = [bytearray(4096) for _ in range(1000)]  # reuse of freed memory would show here
        self.assertEqual([row(view, i) for i in range(3)], snapshot)
        del junk

    def test_get_vector_norm_and_stacking(self):
        wv = corpus.model().wv
        a, b = corpus.countries[0], corpus.capitals[0]
        unit = support.as_list(wv.get_vector(a, norm=True))
        self.assertAlmostEqual(math.sqrt(sum(x * x for x in unit)), 1.0, places=5)
        both = wv[[a, b]]
        if support.HAS_NUMPY:
            self.assertEqual(both.shape, (2, wv.vector_size))
            self.assertEqual(both.dtype.name, "float32")
            self.assertEqual(support.as_list(both[1]), support.as_list(wv[b]))
        else:
            self.assertIsInstance(wv[a], list)
            self.assertEqual(both[1], wv[b])

    @support.requires_numpy
    def test_numpy_results_match_a_numpy_reference(self):
        import numpy

        wv = corpus.model().wv
        vectors = numpy.asarray(wv.vectors, dtype=numpy.float64)
        unit = vectors / numpy.linalg.norm(vectors, axis=1, keepdims=True)
        a, b, c = corpus.countries[0], corpus.capitals[0], corpus.countries[1]
        i = wv.key_to_index
        self.assertAlmostEqual(wv.similarity(a, b), float(unit[i[a]] @ unit[i[b]]), places=5)
        query = unit[i[b]] - unit[i[a]] + unit[i[c]]
        query /= numpy.linalg.norm(query)
        scores = unit @ query
        for word in (a, b, c):
            scores[i[word]] = -numpy.inf
        order = numpy.argsort(-scores)[:5]
        expected = [(wv.index_to_key[k], float(scores[k])) for k in order]
        got = wv.most_similar(positive=[b, c], negative=[a], topn=5)
        self.assertEqual([w for w, _ in got], [w for w, _ in expected])
        for (_, s1), (_, s2) in zip(got, expected):
            self.assertAlmostEqual(s1, s2, places=5)

    def test_similarity_and_most_similar_without_numpy_reference(self):
        wv = corpus.model().wv
        a, b = corpus.countries[2], corpus.capitals[2]
        va, vb = support.c_vector(wv, a), support.c_vector(wv, b)
        cosine = sum(x * y for x, y in zip(va, vb)) / math.sqrt(sum(x * x for x in va) * sum(y * y for y in vb))
        self.assertAlmostEqual(wv.similarity(a, b), cosine, places=5)
        self.assertAlmostEqual(wv.distance(a, b), 1 - cosine, places=5)
        self.assertAlmostEqual(wv.similarity(a, a), 1.0, places=5)
        top = wv.most_similar(a, topn=5)
        self.assertEqual(len(top), 5)
        self.assertNotIn(a, [w for w, _ in top])
        self.assertEqual([s for _, s in top], sorted((s for _, s in top), reverse=True))
        self.assertAlmostEqual(dict(top).get(b, wv.similarity(a, b)), wv.similarity(a, b), places=5)
        self.assertEqual(wv.most_similar(positive=[a], topn=0), [])
        self.assertEqual(len(wv.most_similar(positive=[a], topn=len(wv))), len(wv) - 1)
        everything = wv.most_similar(positive=[a], topn=None)  # gensim: every row's cosine, in row order
        self.assertEqual(len(everything), len(wv))
        for i in (0, 1, len(wv) - 1):
            self.assertAlmostEqual(float(everything[i]), wv.similarity(a, wv.index_to_key[i]), places=5)
        self.assertEqual(wv.similar_by_word(a, topn=3), top[:3])
        self.assertEqual(wv.most_similar(positive=a.encode(), topn=3), top[:3])


if __name__ == "__main__":
    unittest.main()
