"""Training learns the planted relations, through the file reader and through streamed sentences."""

import unittest

import support  # first: puts the package beside the tests on sys.path
import w2v

corpus, setUpModule, tearDownModule = support.module_corpus()


class CountingSentences:
    """A re-iterable corpus that counts its passes and never holds more than one sentence."""

    def __init__(self, path):
        self.path = path
        self.passes = 0

    def __iter__(self):
        self.passes += 1
        with open(self.path) as stream:
            for line in stream:
                yield line.split()


class TrainingTests(unittest.TestCase):
    def assertLearnsRelations(self, wv, minimum=9):
        capitals = support.analogy_hits(wv, corpus.countries, corpus.capitals)
        pasts = support.analogy_hits(wv, corpus.verbs, corpus.pasts)
        self.assertGreaterEqual(capitals, minimum, "country -> capital analogies answered: %d of 11" % capitals)
        self.assertGreaterEqual(pasts, minimum, "verb -> past analogies answered: %d of 11" % pasts)

    def test_skipgram_on_corpus_file_learns_planted_analogies(self):
        model = corpus.model()
        self.assertEqual(model.sg, 1)
        self.assertLearnsRelations(model.wv)
        country, capital = corpus.countries[0], corpus.capitals[0]
        self.assertIn(capital, [w for w, _ in model.wv.most_similar(country, topn=10)])

    def test_cbow_on_corpus_file_learns_planted_analogies(self):
        model = corpus.model(sg=0, epochs=10)
        self.assertEqual(model.sg, 0)
        self.assertAlmostEqual(model.alpha, 0.05)
        self.assertLearnsRelations(model.wv, minimum=8)

    def test_streamed_sentences_learn_and_are_read_once_per_epoch_plus_vocabulary(self):
        sentences = CountingSentences(corpus.path)
        model = w2v.Word2Vec(sentences=sentences, **support.SETTINGS)
        self.assertEqual(sentences.passes, 1 + support.SETTINGS["epochs"])
        self.assertEqual(model.corpus_count, len(corpus.lines))
        self.assertEqual(model.corpus_total_words, sum(len(line.split()) for line in corpus.lines))
        self.assertLearnsRelations(model.wv)
        result = model.last_training
        self.assertFalse(result.stopped)
        words = sum(model.wv.get_vecattr(w, "count") for w in model.wv.index_to_key)
        self.assertEqual(result.words, words * support.SETTINGS["epochs"])
        self.assertGreater(result.words_per_second, 0)
        model.close()

    def test_line_sentence_and_lists_give_the_same_model_as_each_other(self):
        a = w2v.Word2Vec(sentences=w2v.LineSentence(corpus.path), **support.SETTINGS)
        b = w2v.Word2Vec(sentences=corpus.sentences(), **support.SETTINGS)
        self.assertEqual(a.wv.index_to_key, b.wv.index_to_key)
        self.assertEqual(support.as_list(a.wv[corpus.countries[0]]), support.as_list(b.wv[corpus.countries[0]]))
        self.assertLearnsRelations(a.wv)

    def test_vocabulary_matches_the_file_reader(self):
        streamed = w2v.Word2Vec(**support.SETTINGS)
        streamed.build_vocab(w2v.LineSentence(corpus.path))
        self.assertEqual(streamed.wv.index_to_key, corpus.model().wv.index_to_key)

    def test_same_seed_same_vectors_one_thread(self):
        a = w2v.Word2Vec(corpus_file=str(corpus.path), **support.SETTINGS)
        b = w2v.Word2Vec(corpus_file=str(corpus.path), **support.SETTINGS)
        word = corpus.capitals[3]
        self.assertEqual(support.as_list(a.wv[word]), support.as_list(b.wv[word]))
        c = w2v.Word2Vec(corpus_file=str(corpus.path), **{**support.SETTINGS, "seed": 2})
        self.assertNotEqual(support.as_list(a.wv[word]), support.as_list(c.wv[word]))
        s1 = w2v.Word2Vec(sentences=corpus.sentences(), **support.SETTINGS)
        s2 = w2v.Word2Vec(sentences=corpus.sentences(), **support.SETTINGS)
        self.assertEqual(support.as_list(s1.wv[word]), support.as_list(s2.wv[word]))

    def test_kernel_levels(self):
        """Each level the CPU has: forced by kernels=, reported by kernel_level, deterministic and learning;
        the baseline level differs from the others by rounding only."""
        self.assertIn(w2v.kernel_level(), ("baseline", "avx2", "avx512"))
        self.assertEqual(w2v.kernel_level("baseline"), "baseline")
        self.assertEqual(w2v.kernel_level(1), "baseline")
        with self.assertRaises(ValueError):
            w2v.kernel_level("sse9")
        with self.assertRaises(w2v.InvalidArgumentError):
            w2v.kernel_level(4)
        word = corpus.capitals[3]
        for number, name in enumerate(("baseline", "avx2", "avx512"), start=1):
            try:
                self.assertEqual(w2v.kernel_level(name), name)
            except w2v.InvalidArgumentError:  # this CPU lacks the level: training refuses it too
                with self.assertRaises(w2v.InvalidArgumentError):
                    w2v.Word2Vec(corpus_file=str(corpus.path), **{**support.SETTINGS, "kernels": number})
                continue
            a = corpus.model(kernels=number)
            b = w2v.Word2Vec(corpus_file=str(corpus.path), **{**support.SETTINGS, "kernels": number})
            self.assertEqual(support.as_list(a.wv[word]), support.as_list(b.wv[word]), name)
            self.assertLearnsRelations(a.wv)

    def test_streaming_with_several_workers(self):
        model = w2v.Word2Vec(sentences=corpus.sentences(), **{**support.SETTINGS, "workers": 3})
        self.assertEqual(model.workers, 3)
        self.assertLearnsRelations(model.wv, minimum=8)

    def test_generator_is_refused_like_gensim(self):
        with self.assertRaises(TypeError) as caught:
            w2v.Word2Vec(sentences=(line.split() for line in corpus.lines), **support.SETTINGS)
        self.assertIn("re-iterable", str(caught.exception))
        with self.assertRaises(TypeError):
            w2v.Word2Vec(sentences=["a plain string is not a token list"] * 10, min_count=1)

    def test_build_vocab_then_train_steps(self):
        model = w2v.Word2Vec(**support.SETTINGS)
        with self.assertRaises(w2v.ClosedError) as caught:
            len(model.wv)
        self.assertIn("build_vocab", str(caught.exception))
        model.build_vocab(corpus_file=str(corpus.path))
        sentences = corpus.sentences()[:100]
        known = sum(1 for s in sentences for word in s if word in model.wv)
        step = model.train_step(sentences, progress=0.0)
        self.assertEqual(step.words, known)
        self.assertGreater(step.loss, 0)
        self.assertEqual(model.train_step([["not-a-word", "nor-this"]], progress=0.5).words, 0)
        with self.assertRaises(w2v.InvalidArgumentError) as caught:
            model.train_step(sentences, progress=1.5)
        self.assertIn("progress", str(caught.exception))

    def test_train_on_an_explicit_vocab(self):
        vocab = w2v.Vocab()
        vocab.add_file(corpus.path)
        model = w2v.Word2Vec(**support.SETTINGS)
        model.build_vocab(vocab=vocab)
        vocab.close()
        result = model.train(corpus_file=str(corpus.path))
        self.assertAlmostEqual(result.words / (support.SETTINGS["epochs"] * model._corpus_words()), 1.0, places=6)
        self.assertLearnsRelations(model.wv)

    def test_parameters_read_back(self):
        model = w2v.Word2Vec(vector_size=12, window=3, min_count=1, negative=7, sample=0, alpha=0.1, min_alpha=0.01,
                             epochs=2, workers=2, seed=9, sg=1, ns_exponent=0.5, keep_most_frequent=50,
                             max_vocab_size=100000)
        self.assertEqual((model.vector_size, model.window, model.min_count, model.negative), (12, 3, 1, 7))
        self.assertEqual((model.sample, model.alpha, model.min_alpha), (0.0, 0.1, 0.01))
        self.assertEqual((model.epochs, model.workers, model.seed, model.sg), (2, 2, 9, 1))
        self.assertEqual((model.ns_exponent, model.keep_most_frequent, model.max_vocab_size), (0.5, 50, 100000))
        model.build_vocab(corpus.sentences())
        self.assertEqual(len(model.wv), 50)
        self.assertEqual(model.wv.vector_size, 12)
        self.assertIn("skip-gram", repr(model))


if __name__ == "__main__":
    unittest.main()
