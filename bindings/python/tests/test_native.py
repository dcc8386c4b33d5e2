"""libw2v's native model files: Word2Vec.save / Word2Vec.load, continued training."""

import unittest

import support  # first: puts the package beside the tests on sys.path
import w2v

corpus, setUpModule, tearDownModule = support.module_corpus(sentences=5000)


def vectors(model):
    return {word: support.as_list(model.wv[word]) for word in model.wv.index_to_key}


@support.requires_function("w2v_model_load_native")
class NativeFormatTests(unittest.TestCase):
    def test_round_trip_keeps_everything(self):
        model = corpus.model()
        path = corpus.file("model.w2v")
        model.save(path)
        with w2v.Word2Vec.load(path) as loaded:
            self.assertEqual(loaded.wv.index_to_key, model.wv.index_to_key)
            self.assertEqual(vectors(loaded), vectors(model))
            word = corpus.countries[0]
            self.assertEqual(loaded.wv.get_vecattr(word, "count"), model.wv.get_vecattr(word, "count"))
            for name in ("vector_size", "window", "negative", "min_count", "sample", "alpha", "min_alpha",
                         "epochs", "seed", "sg", "ns_exponent"):
                self.assertEqual(getattr(loaded, name), getattr(model, name), name)
            self.assertEqual(loaded.wv.most_similar(word, topn=5), model.wv.most_similar(word, topn=5))
        with w2v.Word2Vec.load(path, verify_checksums=False) as fast:
            self.assertEqual(len(fast.wv), len(model.wv))
        with w2v.KeyedVectors.load_word2vec_format(path, binary=None) as detected:
            self.assertEqual(detected.index_to_key, model.wv.index_to_key)

    def test_continued_training_is_bit_identical_to_never_saving(self):
        settings = {**support.SETTINGS, "epochs": 2}
        straight = w2v.Word2Vec(corpus_file=str(corpus.path), **settings)
        straight.train(corpus_file=str(corpus.path))
        first = w2v.Word2Vec(corpus_file=str(corpus.path), **settings)
        path = corpus.file("halfway.w2v")
        first.save(path)
        first.close()
        resumed = w2v.Word2Vec.load(path)
        resumed.train(corpus_file=str(corpus.path))
        self.assertEqual(vectors(resumed), vectors(straight))

    def test_training_settings_can_change_between_calls(self):
        model = w2v.Word2Vec(**support.SETTINGS)
        model.build_vocab(corpus_file=str(corpus.path))
        reports = []
        model.train(corpus_file=str(corpus.path), epochs=1, start_alpha=0.05, end_alpha=0.001, progress=reports.append)
        self.assertEqual((model.epochs, model.alpha, model.min_alpha), (1, 0.05, 0.001))
        for report in reports:  # the schedule runs from the new start to the new end
            self.assertAlmostEqual(report.alpha, 0.05 + (0.001 - 0.05) * report.progress, delta=0.002)
        self.assertEqual(reports[-1].progress, 1.0)
        with self.assertRaises(w2v.InvalidArgumentError) as caught:
            model.train(corpus_file=str(corpus.path), epochs=0)
        self.assertIn("epochs=0", str(caught.exception))
        self.assertEqual(model.epochs, 1, "a refused change leaves the settings as they were")

    def test_corrupt_and_foreign_files(self):
        path = corpus.file("corrupt.w2v")
        corpus.model().save(path)
        with open(path, "rb") as stream:
            data = bytearray(stream.read())
        data[len(data) // 2] ^= 0xFF
        with open(path, "wb") as stream:
            stream.write(data)
        with self.assertRaises(w2v.FormatError) as caught:
            w2v.Word2Vec.load(path)
        self.assertIn("checksum", str(caught.exception).lower())
        with open(path, "wb") as stream:
            stream.write(data[: len(data) // 3])
        with self.assertRaises(w2v.FormatError):
            w2v.Word2Vec.load(path)
        text = corpus.file("vectors.txt")
        corpus.model().save_word2vec_format(text, binary=False)
        with self.assertRaises(w2v.FormatError):
            w2v.Word2Vec.load(text)
        with self.assertRaises(w2v.FileError):
            w2v.Word2Vec.load(corpus.file("missing.w2v"))


@support.requires_function("w2v_vocab_save")
class VocabularyFileTests(unittest.TestCase):
    def test_save_and_add_counts_file(self):
        counted = w2v.Vocab()
        counted.add_file(corpus.path)
        path = corpus.file("vocab.txt")
        counted.save(path)
        with open(path) as stream:
            first = stream.readline().split()
        self.assertEqual(first, ["</s>", str(len(corpus.lines))])
        again = w2v.Vocab()
        again.add_counts_file(path)
        self.assertEqual((len(again), again.total_words), (len(counted), counted.total_words))
        for word in corpus.countries[:5] + corpus.filler[:5]:
            self.assertEqual(again.count(word), counted.count(word))
        model = w2v.Word2Vec(**support.SETTINGS)
        model.build_vocab(vocab=again)
        self.assertEqual(model.wv.index_to_key, corpus.model().wv.index_to_key)
        bad = corpus.write("bad-vocab.txt", "word 3\nbroken\n")
        with self.assertRaises(w2v.FormatError) as caught:
            again.add_counts_file(bad)
        self.assertIn("2", str(caught.exception))

    def test_pruning_bounds_distinct_words(self):
        vocab = w2v.Vocab()
        vocab.set_max_words(100)
        vocab.add_file(corpus.path)
        self.assertLessEqual(len(vocab), 100)
        self.assertGreater(vocab.pruned_words, 0)
        self.assertGreater(vocab.pruned_max_count, 0)
        exact = w2v.Vocab()
        exact.add_file(corpus.path)
        self.assertEqual(exact.pruned_words, 0)
        model = w2v.Word2Vec(**{**support.SETTINGS, "max_vocab_size": 100, "min_count": 1})
        model.build_vocab(corpus_file=str(corpus.path))
        self.assertLessEqual(len(model.wv), 100)


if __name__ == "__main__":
    unittest.main()
