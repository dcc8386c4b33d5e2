"""Vocab: counting text, tokens, files and sentences."""

import unittest

import support  # first: puts the package beside the tests on sys.path
import w2v


class VocabTests(unittest.TestCase):
    def test_counting(self):
        with w2v.Vocab() as vocab:
            self.assertEqual((len(vocab), vocab.total_words), (0, 0))
            vocab.add_text("the cat sat on the mat\nthe end")
            vocab.add_tokens(["the", "dog"])
            vocab.add_text(b"cat\tcat")
            self.assertEqual(vocab.count("the"), 4)
            self.assertEqual(vocab.count("cat"), 3)
            self.assertEqual(vocab.count("dog"), 1)
            self.assertEqual(vocab.count("unicorn"), 0)
            self.assertEqual(len(vocab), 7)
            self.assertEqual(vocab.total_words, 12)
            self.assertIn("mat", vocab)
            self.assertNotIn("unicorn", vocab)
            self.assertNotIn(3, vocab)
            self.assertIn("7 distinct", repr(vocab))

    def test_sentences_and_files(self):
        corpus = support.Corpus(sentences=500)
        try:
            from_file = w2v.Vocab()
            from_file.add_file(corpus.path)
            from_sentences = w2v.Vocab()
            self.assertEqual(from_sentences.add_sentences(corpus.sentences()), 500)
            self.assertEqual(len(from_file), len(from_sentences))
            self.assertEqual(from_file.total_words, from_sentences.total_words)
            for word in corpus.countries + corpus.filler[:20]:
                self.assertEqual(from_file.count(word), from_sentences.count(word))
            with self.assertRaises(w2v.FileError):
                from_file.add_file(corpus.file("missing.txt"))
            with self.assertRaises(TypeError):
                from_sentences.add_sentences(["not", "lists"])
        finally:
            corpus.close()

    def test_bad_tokens_are_refused_whole(self):
        vocab = w2v.Vocab()
        with self.assertRaises(w2v.InvalidArgumentError) as caught:
            vocab.add_tokens(["fine", "two words"])
        self.assertIn("1", str(caught.exception), "the message gives the token's position")
        with self.assertRaises(w2v.InvalidArgumentError):
            vocab.add_tokens(["fine", ""])
        self.assertEqual(vocab.count("fine"), 0, "nothing of a refused list is counted")
        with self.assertRaises(TypeError):
            vocab.add_tokens([1, 2])
        vocab.close()
        vocab.close()
        self.assertTrue(vocab.closed)
        with self.assertRaises(w2v.ClosedError):
            vocab.add_text("x")

    def test_non_utf8_bytes_round_trip(self):
        vocab = w2v.Vocab()
        vocab.add_text(b"caf\xe9 caf\xe9 ok ok\n" * 3)
        word = b"caf\xe9".decode("utf-8", "surrogateescape")
        self.assertEqual(vocab.count(word), 6)
        self.assertEqual(vocab.count(b"caf\xe9"), 6)
        model = w2v.Word2Vec(vector_size=4, min_count=1, epochs=1)
        model.build_vocab(vocab=vocab)
        self.assertIn(word, model.wv.index_to_key)
        self.assertIn(word, model.wv)
        self.assertEqual(len(model.wv[word]), 4)


if __name__ == "__main__":
    unittest.main()
