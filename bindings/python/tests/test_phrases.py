"""Phrases / FrozenPhrases against gensim's documented behaviour (values worked out by hand and checked
once against gensim 4.4's Phrases; gensim is not needed to run these tests)."""

import math
import os
import random
import tempfile
import unittest

import support  # first: puts the package beside the tests on sys.path
import w2v

SENTENCES = [
    ["new", "york", "is", "big"],
    ["i", "love", "new", "york"],
    ["new", "york", "new", "york"],
    ["york", "is", "old"],
]


class PhrasesTests(unittest.TestCase):
    def test_default_scoring_is_gensims_original_scorer(self):
        # new 4, york 5, new_york 4; 7 words + 7 pairs = 14 entries: (4 - 1) / (4 * 5) * 14 = 2.1
        with w2v.Phrases(SENTENCES, min_count=1, threshold=2.0) as phrases:
            self.assertEqual(len(phrases), 14)
            self.assertEqual(phrases.corpus_word_count, 15)
            self.assertEqual(phrases.count("new_york"), 4)
            self.assertAlmostEqual(phrases.export_phrases()["new_york"], 2.1)
            self.assertEqual(list(phrases.export_phrases()), ["new_york"])
            self.assertEqual(phrases[["new", "york", "new", "york"]], ["new_york", "new_york"])
            self.assertEqual(phrases[["york", "new", "york", "is"]], ["york", "new_york", "is"])
            self.assertEqual(phrases[[]], [])
            phrase, score = phrases.score_candidate("new", "york", [])
            self.assertEqual(phrase, "new_york")
            self.assertAlmostEqual(score, 2.1)
            self.assertEqual(phrases.score_candidate("is", "big", []), (None, None))
            self.assertEqual(phrases.score_candidate("big", "old", []), (None, None))
            tokens = list(phrases.analyze_sentence(["i", "love", "new", "york"]))
            self.assertEqual([t for t, _ in tokens], ["i", "love", "new_york"])
            self.assertEqual(tokens[0][1], None)
            self.assertAlmostEqual(tokens[2][1], 2.1)
            self.assertEqual(list(phrases.find_phrases(SENTENCES)), ["new_york"])

    def test_npmi_and_word2phrase_scoring(self):
        with w2v.Phrases(SENTENCES, min_count=1, threshold=0.5, scoring="npmi") as phrases:
            self.assertAlmostEqual(phrases.export_phrases()["new_york"], math.log(3) / math.log(15 / 4))
        with w2v.Phrases(SENTENCES, min_count=1, threshold=2.0, scoring="word2phrase") as phrases:
            self.assertEqual(phrases.export_phrases(), {"new_york": 2.25})  # (4 - 1) / 4 / 5 * 15 words
        self.assertRaises(ValueError, w2v.Phrases, scoring="bogus")
        self.assertRaises(TypeError, w2v.Phrases, scoring=lambda *a: 0)
        self.assertRaises(w2v.InvalidArgumentError, w2v.Phrases, scoring="npmi", threshold=10)

    def test_connector_words(self):
        self.assertEqual(w2v.ENGLISH_CONNECTOR_WORDS, frozenset(
            "a an the for of with without at from to in on by and or".split()))
        sentences = [["the", "bank", "of", "america", "is", "here"], ["bank", "of", "america"], ["of", "course"]] * 3
        with w2v.Phrases(sentences, min_count=1, threshold=0.1, connector_words=w2v.ENGLISH_CONNECTOR_WORDS) as p:
            self.assertEqual(p.count("of"), 0)
            self.assertEqual(p.count("bank_of_america"), 6)
            self.assertEqual(p[["of", "the", "bank", "of", "america", "of"]], ["of", "the", "bank_of_america", "of"])
            self.assertIn("bank_of_america", p.export_phrases())
            with tempfile.TemporaryDirectory() as directory:
                for format in ("text", "native"):
                    path = os.path.join(directory, "table." + format)
                    p.save(path, format=format)
                    loaded = w2v.FrozenPhrases.load(path)
                    self.assertEqual(loaded.connector_words, w2v.ENGLISH_CONNECTOR_WORDS, format)
                    self.assertEqual(loaded[["the", "bank", "of", "america"]], ["the", "bank_of_america"], format)

    def test_lazy_corpus_frozen_save_load_and_two_passes(self):
        rng = random.Random(5)
        sentences = []
        for i in range(400):
            filler = ["w%d" % rng.randrange(97) for j in range(8)]
            if i % 4 == 0:
                filler[3:3] = ["new", "york", "city"]
            elif i % 4 == 1:
                filler[5:5] = ["new", "york"]
            sentences.append(filler)
        bigram = w2v.Phrases(sentences, min_count=5, threshold=10.0)
        corpus = bigram[sentences]
        self.assertNotIsInstance(corpus, list)
        first = list(corpus)
        self.assertEqual(first, list(corpus), "re-iterable")
        self.assertIn("new_york", first[0])
        one_shot = bigram[iter(sentences)]
        self.assertEqual(list(one_shot), first)
        frozen = bigram.freeze()
        self.assertIsInstance(frozen, w2v.FrozenPhrases)
        self.assertEqual(frozen.export_phrases(), bigram.export_phrases())
        self.assertEqual(list(frozen[sentences]), first)
        self.assertEqual(frozen.phrasegrams, bigram.export_phrases())
        self.assertEqual(bigram.export_phrases(), {"new_york": 12.5385, "york_city": 12.217})  # as gensim's
        trigram = w2v.Phrases(bigram[sentences], min_count=5, threshold=10.0)
        # gensim's export_phrases (and so its freeze) scores "new_york_city" as "new" + "city" and drops
        # it; applying joins it in both. Here the export keeps it.
        self.assertEqual(list(trigram.export_phrases()), ["new_york_city"])
        self.assertIn("new_york_city", trigram[bigram[sentences[0]]])
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "bigrams.txt")
            bigram.save(path)
            loaded = w2v.Phrases.load(path)
            self.assertIsInstance(loaded, w2v.FrozenPhrases)
            self.assertEqual((loaded.min_count, loaded.threshold, loaded.scoring, loaded.delimiter),
                             (5, 10.0, "default", "_"))
            self.assertEqual(list(loaded[sentences]), first)
            native = os.path.join(directory, "bigrams.w2vp")
            bigram.save(native, format="native")
            with open(native, "rb") as f:
                self.assertEqual(f.read(4), b"\x89W2P")
            from_native = w2v.FrozenPhrases.load(native)
            self.assertEqual((from_native.min_count, from_native.threshold, from_native.scoring, from_native.delimiter),
                             (5, 10.0, "default", "_"))
            self.assertEqual(from_native.export_phrases(), loaded.export_phrases())
            self.assertEqual(list(from_native[sentences]), first)
            self.assertRaises(ValueError, bigram.save, native, format="xml")
            with open(path, "w") as f:
                f.write("not a table\n")
            self.assertRaises(w2v.FormatError, w2v.Phrases.load, path)
        bigram.close()
        self.assertRaises(w2v.ClosedError, bigram.__getitem__, ["a"])

    def test_a_longer_delimiter(self):
        # 6 entries (new, york, x, y, new::::york, x::::y): (10 - 1) / (10 * 10) * 6 = 0.54
        with w2v.Phrases([["new", "york"]] * 10 + [["x", "y"]], min_count=1, threshold=0.5, delimiter="::::") as p:
            self.assertEqual(p[["new", "york", "x"]], ["new::::york", "x"])
            self.assertEqual(p.export_phrases(), {"new::::york": 0.54})

    def test_tokens_with_whitespace_are_refused(self):
        with w2v.Phrases(min_count=1) as p:
            self.assertRaises(w2v.InvalidArgumentError, p.add_vocab, [["a b"]])
            self.assertRaises(TypeError, p.add_vocab, ["a sentence as a string"])
            self.assertRaises(w2v.InvalidArgumentError, p.__getitem__, ["new", "york city"])


if __name__ == "__main__":
    unittest.main()
