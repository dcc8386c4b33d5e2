"""Errors by type, code and message: unknown words, corrupt files, bad parameters, closed objects."""

import ctypes
import os
import pickle
import threading
import unittest

import support  # first: puts the package beside the tests on sys.path
import w2v
from w2v import _capi, errors

corpus, setUpModule, tearDownModule = support.module_corpus(sentences=3000)


class ErrorTests(unittest.TestCase):
    def test_status_codes_map_to_classes_and_names(self):
        library = _capi.lib()
        expected = {
            1: (w2v.InvalidArgumentError, ValueError), 2: (w2v.FileError, OSError), 3: (w2v.FormatError, ValueError),
            4: (w2v.NotFoundError, KeyError), 5: (w2v.BufferTooSmallError, w2v.Error),
            6: (w2v.AbortedError, w2v.Error), 7: (w2v.OutOfMemoryError, MemoryError),
        }
        for code, (cls, builtin) in expected.items():
            error = errors.error_for_status(code, "message %d" % code)
            self.assertIs(type(error), cls)
            self.assertIsInstance(error, builtin)
            self.assertIsInstance(error, w2v.Error)
            self.assertEqual((error.code, error.message, str(error)), (code, "message %d" % code, "message %d" % code))
            self.assertEqual(error.status, library.w2v_status_string(code).decode())
        unknown = errors.error_for_status(99, "")
        self.assertIs(type(unknown), w2v.Error)
        self.assertEqual(str(unknown), "unknown status 99")
        copy = pickle.loads(pickle.dumps(errors.error_for_status(4, "word 'x' is not in the vocabulary")))
        self.assertEqual((type(copy), copy.code, copy.message), (w2v.NotFoundError, 4, "word 'x' is not in the vocabulary"))

    def test_raw_layer_raises_with_the_library_message(self):
        library = _capi.lib()
        with self.assertRaises(w2v.InvalidArgumentError) as caught:
            library.w2v_params_new(None)
        self.assertEqual((caught.exception.code, caught.exception.message), (1, "out is NULL"))
        params = _capi.ParamsPtr()
        library.w2v_params_new(ctypes.byref(params))
        try:
            with self.assertRaises(w2v.InvalidArgumentError) as caught:
                library.w2v_params_set_int(params, 999, 1)
            self.assertIn("unknown parameter key 999", str(caught.exception))
            self.assertEqual(library.w2v_last_error().decode(), str(caught.exception))
            library.w2v_params_set_int(params, _capi.W2V_PARAM_DIM, 10)
            self.assertEqual(library.w2v_last_error(), b"", "success clears the message")
        finally:
            library.w2v_params_free(params)
        with self.assertRaises(ctypes.ArgumentError):
            library.w2v_model_dim(_capi.VocabPtr())  # handle types are distinct in Python

    def test_unknown_word(self):
        wv = corpus.model().wv
        for call in (lambda: wv["no-such-word"], lambda: wv.similarity("no-such-word", corpus.countries[0]),
                     lambda: wv.most_similar(positive=[corpus.countries[0], "no-such-word"]),
                     lambda: wv.get_index("no-such-word")):
            with self.assertRaises(w2v.NotFoundError) as caught:
                call()
            self.assertIsInstance(caught.exception, KeyError)
            self.assertEqual(caught.exception.code, 4)
            self.assertIn("'no-such-word' is not in the vocabulary", str(caught.exception))
        try:
            wv["no-such-word"]
        except KeyError as error:  # what a dict user writes
            self.assertIn("no-such-word", str(error))

    def test_corrupt_and_missing_files(self):
        bad = corpus.write("bad.txt", "2 3\nking 1 2 3\nqueen 1 2\n")
        with self.assertRaises(w2v.FormatError) as caught:
            w2v.KeyedVectors.load_word2vec_format(bad, binary=False)
        self.assertIsInstance(caught.exception, ValueError)
        self.assertEqual(str(caught.exception), "row 2 ('queen'): expected 3 floats, found 2")
        good = corpus.file("good.bin")
        corpus.model().wv.save_word2vec_format(good)
        with open(good, "rb") as stream:
            data = stream.read()
        truncated = corpus.file("truncated.bin")
        with open(truncated, "wb") as out:
            out.write(data[: len(data) // 2])
        with self.assertRaises(w2v.FormatError) as caught:
            w2v.KeyedVectors.load_word2vec_format(truncated)
        self.assertTrue(str(caught.exception))
        with self.assertRaises(w2v.FileError) as caught:
            w2v.KeyedVectors.load_word2vec_format(corpus.file("missing.bin"))
        self.assertIsInstance(caught.exception, OSError)
        self.assertIn("missing.bin", str(caught.exception))
        with self.assertRaises(w2v.FileError):
            w2v.Word2Vec(corpus_file=corpus.file("missing.txt"), min_count=1)
        with self.assertRaises(w2v.InvalidArgumentError):
            w2v.KeyedVectors.load_word2vec_format("")

    def test_bad_parameters_name_the_keyword_and_range(self):
        cases = [
            (dict(vector_size=0), "vector_size=0", "out of range"),
            (dict(window=0), "window=0", "out of range"),
            (dict(sample=2.0), "sample=2.0", "out of range"),
            (dict(alpha=float("nan")), "alpha=nan", "out of range"),
            (dict(epochs=-1), "epochs=-1", "out of range"),
            (dict(workers=0), "workers=0", "out of range"),
        ]
        for settings, keyword, fragment in cases:
            with self.assertRaises(w2v.InvalidArgumentError, msg=repr(settings)) as caught:
                w2v.Word2Vec(**settings)
            self.assertIsInstance(caught.exception, ValueError)
            self.assertEqual(caught.exception.code, 1)
            self.assertTrue(str(caught.exception).startswith(keyword + ": "), str(caught.exception))
            self.assertIn(fragment, str(caught.exception))
        with self.assertRaises(TypeError):
            w2v.Word2Vec(vector_size=10.5)
        with self.assertRaises(w2v.InvalidArgumentError):
            w2v.Word2Vec(sg=2)
        with self.assertRaises(ValueError):
            w2v.Word2Vec(sentences=[["a"]], corpus_file=str(corpus.path))
        with self.assertRaises(w2v.InvalidArgumentError) as caught:
            w2v.Word2Vec(sentences=[["a", "b"]], min_count=5)
        self.assertIn("min", str(caught.exception).lower())
        wv = corpus.model().wv
        with self.assertRaises(w2v.InvalidArgumentError):
            wv.most_similar(positive=[])
        self.assertEqual(wv.most_similar(corpus.countries[0], topn=-1), [], "gensim: topn < 1 gives []")
        with self.assertRaises(TypeError):
            wv.most_similar(positive=[object()])
        with self.assertRaises(KeyError):
            wv.most_similar(positive=[len(wv)])  # row numbers are keys, as in gensim; this one is past the end

    def test_closed_objects(self):
        model = w2v.Word2Vec(corpus_file=str(corpus.path), **{**support.SETTINGS, "epochs": 1})
        wv = model.wv
        word = corpus.countries[0]
        self.assertEqual(len(wv[word]), support.SETTINGS["vector_size"])
        model.close()
        model.close()  # idempotent
        self.assertTrue(model.closed and wv.closed)
        for call in (lambda: wv[word], lambda: len(wv), lambda: wv.most_similar(word), lambda: wv.index_to_key,
                     lambda: model.train_step([[word]]), lambda: model.vector_size,
                     lambda: model.save_word2vec_format(corpus.file("x.bin"))):
            with self.assertRaises(w2v.ClosedError) as caught:
                call()
            self.assertIsInstance(caught.exception, ValueError)
            self.assertIn("closed", str(caught.exception))
        self.assertIn("closed", repr(model))
        self.assertIn("closed", repr(wv))
        with w2v.Vocab() as vocab:
            vocab.add_text("a b c")
        with self.assertRaises(w2v.ClosedError):
            len(vocab)
        with w2v.KeyedVectors.load_word2vec_format(self._saved()) as loaded:
            self.assertGreater(len(loaded), 0)
        with self.assertRaises(w2v.ClosedError):
            loaded.most_similar(word)

    def _saved(self):
        path = corpus.file("closed-test.bin")
        corpus.model().save_word2vec_format(path)
        return path

    def test_loaded_vectors_cannot_be_trained(self):
        wv = w2v.KeyedVectors.load_word2vec_format(self._saved())
        memory = wv._memory()
        lengths = (ctypes.c_size_t * 1)(1)
        indices = (ctypes.c_uint32 * 1)(0)
        with self.assertRaises(w2v.InvalidArgumentError) as caught:
            memory.library.w2v_model_train_step_indices(memory.ptr, indices, lengths, 1, 0.0, None, None)
        self.assertIn("output weights", str(caught.exception))

    def test_messages_are_per_thread(self):
        library = _capi.lib()
        seen = {}

        def other():
            try:
                library.w2v_params_new(None)
            except w2v.Error:
                pass
            seen["other"] = library.w2v_last_error().decode()

        with self.assertRaises(w2v.NotFoundError):
            corpus.model().wv["no-such-word"]
        thread = threading.Thread(target=other)
        thread.start()
        thread.join()
        self.assertEqual(seen["other"], "out is NULL")
        self.assertIn("no-such-word", library.w2v_last_error().decode())


if __name__ == "__main__":
    unittest.main()


class SilentValueTests(unittest.TestCase):
    """Values C cannot take are refused, never passed on changed (issue 11, item 14): a word or path with
    a NUL byte (C would see it cut short) and an integer outside its C type (ctypes would wrap it)."""

    def test_word_with_a_nul_byte_is_unknown(self):
        wv = corpus.model().wv
        word = wv.index_to_key[0]
        for junk in (word + "\x00junk", (word + "\x00junk").encode()):
            with self.assertRaises(KeyError) as caught:
                wv[junk]
            self.assertIsInstance(caught.exception, w2v.NotFoundError)
            self.assertIn("NUL", str(caught.exception))
            self.assertNotIn(junk, wv)
            self.assertEqual(wv.get_index(junk, default=-1), -1)
            for query in (lambda: wv.get_vector(junk), lambda: wv.similarity(word, junk),
                          lambda: wv.similarity(junk, word), lambda: wv.most_similar(positive=[junk]),
                          lambda: wv.most_similar(word, negative=[junk]), lambda: wv.most_similar_cosmul([junk]),
                          lambda: wv.n_similarity([word], [junk]), lambda: wv.distances(junk),
                          lambda: wv.distances(word, [junk]), lambda: wv.get_index(junk),
                          lambda: wv[[word, junk]]):
                self.assertRaises(KeyError, query)
        # gensim's doesnt_match ignores unknown words, and so this one
        self.assertEqual(wv.doesnt_match([word, word + "\x00", wv.index_to_key[1]]),
                         wv.doesnt_match([word, wv.index_to_key[1]]))

    def test_counting_a_word_with_a_nul_byte_is_refused(self):
        with w2v.Vocab() as vocab:
            with self.assertRaises(w2v.InvalidArgumentError) as caught:
                vocab.add_tokens(["fine", "bad\x00word"])
            self.assertIn("NUL", str(caught.exception))
            self.assertEqual((len(vocab), vocab.count("bad"), vocab.count("bad\x00word")), (0, 0, 0))
            self.assertNotIn("bad\x00word", vocab)
            with self.assertRaises(ValueError):
                vocab.add_sentences([["a", "b"], ["c\x00"]])
        with self.assertRaises(ValueError):
            w2v.Word2Vec([["a", "b\x00c"]] * 10, min_count=1)

    def test_path_with_a_nul_byte_is_refused_before_c(self):
        model = corpus.model()
        target = corpus.file("cut")
        for save in (lambda p: model.save_word2vec_format(p), lambda p: model.save(p)):
            with self.assertRaises(ValueError):
                save(target + "\x00.bin")
        self.assertFalse(any(name.startswith("cut") for name in os.listdir(corpus.directory)))
        with self.assertRaises(ValueError):
            w2v.KeyedVectors.load_word2vec_format(str(corpus.path) + "\x00x")
        with self.assertRaises(ValueError):
            w2v.Word2Vec(corpus_file=str(corpus.path) + "\x00x", **support.SETTINGS)

    def test_integer_parameters_outside_their_c_type(self):
        for name, value in (("vector_size", 2 ** 64 + 8), ("window", 2 ** 63), ("seed", -2 ** 63 - 1),
                            ("epochs", 2 ** 64 + 1), ("negative", -2 ** 70), ("max_final_vocab", 2 ** 64)):
            with self.assertRaises(ValueError, msg=name) as caught:
                w2v.Word2Vec(**{**support.SETTINGS, name: value})
            self.assertIsInstance(caught.exception, w2v.InvalidArgumentError)
            self.assertIn(name, str(caught.exception))
            self.assertIn("int64_t", str(caught.exception))
        for value in (-1, 2 ** 64 + 5):
            self.assertRaises(ValueError, w2v.Word2Vec, max_vocab_size=value)
        with self.assertRaises(ValueError):
            w2v.Word2Vec(alpha=10 ** 400)
        with self.assertRaises(TypeError):
            w2v.Word2Vec(vector_size=8.0)
        self.assertEqual(w2v.Word2Vec(vector_size=2 ** 3).vector_size, 8)

    def test_continued_training_settings_outside_int64(self):
        model = w2v.Word2Vec(**support.SETTINGS)
        model.build_vocab(corpus_file=str(corpus.path))
        with self.assertRaises(ValueError):
            model.train(corpus_file=str(corpus.path), epochs=2 ** 64 + 1)
        self.assertEqual(model.epochs, support.SETTINGS["epochs"])
        model.close()

    def test_size_arguments_outside_size_t(self):
        wv = corpus.model().wv
        word = wv.index_to_key[0]
        for bad in (-1, 2 ** 64):
            self.assertRaises(ValueError, wv.most_similar, word, restrict_vocab=bad)
            self.assertRaises(ValueError, wv.most_similar_cosmul, [word], restrict_vocab=bad)
            self.assertRaises(ValueError, wv.similar_by_vector, wv[word], restrict_vocab=bad)
            self.assertRaises(ValueError, wv.evaluate_word_analogies, corpus.questions, restrict_vocab=bad)
        # a topn beyond the vocabulary ranks every other word (not a buffer of 2**70 entries)
        self.assertEqual(len(wv.most_similar(word, topn=2 ** 70)), len(wv) - 1)
        with w2v.Vocab() as vocab:
            self.assertRaises(ValueError, vocab.set_max_words, 2 ** 64)
            self.assertRaises(ValueError, vocab.set_max_words, -5)
            self.assertRaises(ValueError, vocab.save, corpus.file("v.txt"), min_count=-1)
