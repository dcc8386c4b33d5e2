"""Analogy accuracy and word-pair correlation, checked against references computed here."""

import math
import unittest

import support  # first: puts the package beside the tests on sys.path
import w2v

corpus: support.Corpus


def setUpModule():
    global corpus
    corpus = support.Corpus()


def tearDownModule():
    corpus.close()


def ranks(values):
    """1-based ranks with ties averaged (as scipy.stats.rankdata)."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    result = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            result[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return result


def pearson(x, y):
    mx, my = sum(x) / len(x), sum(y) / len(y)
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    return sxy / math.sqrt(sxx * syy)


@support.requires_function("w2v_model_evaluate_analogies")
class AnalogyTests(unittest.TestCase):
    def test_planted_analogies_are_answered(self):
        wv = corpus.model().wv
        result = wv.evaluate_word_analogies(corpus.questions, restrict_vocab=0)
        self.assertIsInstance(result, w2v.AnalogyEvaluation)
        lines = [l for l in corpus.questions.read_text().splitlines() if l and not l.startswith(":")]
        self.assertEqual(result.seen, len(lines), "every planted word is in the vocabulary")
        self.assertGreater(result.score, 0.8)
        score, sections = result  # gensim's shape
        self.assertEqual(score, result.correct / result.seen)
        self.assertEqual([s["section"] for s in sections], ["semantic", "syntactic", "Total accuracy"])
        self.assertEqual(sections[-1]["correct"], result.correct)
        self.assertEqual(result.semantic_seen + result.syntactic_seen, result.seen)
        self.assertEqual(result.semantic_correct + result.syntactic_correct, result.correct)

    def test_counts_match_most_similar(self):
        wv = corpus.model().wv
        lines = [l.split() for l in corpus.questions.read_text().splitlines() if l and not l.startswith(":")]
        correct = sum(wv.most_similar(positive=[b, c], negative=[a], topn=1)[0][0] == d for a, b, c, d in lines)
        self.assertEqual(wv.evaluate_word_analogies(corpus.questions, restrict_vocab=0).correct, correct)

    def test_restrict_vocab_drops_rare_questions(self):
        wv = corpus.model().wv
        restricted = wv.evaluate_word_analogies(corpus.questions, restrict_vocab=10)
        self.assertLess(restricted.seen, wv.evaluate_word_analogies(corpus.questions, restrict_vocab=0).seen)

    def test_errors(self):
        wv = corpus.model().wv
        with self.assertRaises(w2v.FileError):
            wv.evaluate_word_analogies(corpus.file("missing-questions.txt"))
        bad = corpus.file("bad-questions.txt")
        with open(bad, "w") as out:
            out.write(": section\na b c\n")
        with self.assertRaises(w2v.FormatError) as caught:
            wv.evaluate_word_analogies(bad)
        self.assertIn("2", str(caught.exception))


@support.requires_function("w2v_model_evaluate_word_pairs")
class WordPairTests(unittest.TestCase):
    def test_correlations_match_a_reference(self):
        wv = corpus.model().wv
        words = corpus.countries[:6] + corpus.capitals[:6] + corpus.verbs[:4]
        pairs = []
        for i, a in enumerate(words):
            for b in words[i + 1:i + 4]:
                pairs.append((a, b, float((len(a) * 7 + len(b) * 3 + i) % 11)))
        path = corpus.file("pairs.tsv")
        with open(path, "w") as out:
            out.write("# word1\tword2\tscore\n")
            for a, b, score in pairs:
                out.write("%s\t%s\t%g\n" % (a, b, score))
            out.write("unknownword\t%s\t5\n" % words[0])
        result = wv.evaluate_word_pairs(path)
        self.assertIsInstance(result, w2v.WordPairEvaluation)
        self.assertEqual((result.pairs_used, result.pairs_skipped), (len(pairs), 1))
        cosines = [wv.similarity(a, b) for a, b, _ in pairs]
        humans = [s for _, _, s in pairs]
        self.assertAlmostEqual(result.pearson, pearson(cosines, humans), places=5)
        self.assertAlmostEqual(result.spearman, pearson(ranks(cosines), ranks(humans)), places=5)
        p, s, oov = result  # gensim's shape
        self.assertEqual((p, s), (result.pearson, result.spearman))
        self.assertAlmostEqual(oov, 100.0 / (len(pairs) + 1))

    def test_errors(self):
        wv = corpus.model().wv
        with self.assertRaises(w2v.FileError):
            wv.evaluate_word_pairs(corpus.file("missing-pairs.tsv"))
        bad = corpus.file("bad-pairs.tsv")
        with open(bad, "w") as out:
            out.write("a\tb\tnot-a-number\n")
        with self.assertRaises(w2v.FormatError):
            wv.evaluate_word_pairs(bad)


if __name__ == "__main__":
    unittest.main()
