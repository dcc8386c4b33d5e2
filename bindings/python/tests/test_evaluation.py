"""Analogy accuracy and word-pair correlation, checked against references computed here."""

import collections.abc
import dataclasses
import math
import random
import unittest

import support  # first: puts the package beside the tests on sys.path
import w2v

corpus, setUpModule, tearDownModule = support.module_corpus()


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


def t_test_p_value(r, n, intervals=20000):
    """The two-sided p-value of a correlation r over n pairs, independently of the package: Student's t
    with n - 2 degrees of freedom, its density integrated by Simpson's rule, 1 - 2 * integral(0, |t|)."""
    df = n - 2
    t = abs(r) * math.sqrt(df / ((1 - r) * (1 + r)))
    scale = math.exp(math.lgamma((df + 1) / 2) - math.lgamma(df / 2)) / math.sqrt(df * math.pi)

    def density(s):
        return scale * (1 + s * s / df) ** (-(df + 1) / 2)

    h = t / intervals
    total = density(0) + density(t)
    total += sum((4 if i % 2 else 2) * density(i * h) for i in range(1, intervals))
    return 1 - 2 * total * h / 3


#: Two-sided p-values from SciPy 1.17.1, 2 * scipy.stats.t.sf(|r| sqrt((n-2)/(1-r^2)), n-2), which is what
#: scipy.stats.pearsonr and spearmanr return (r, n, p).
SCIPY_P_VALUES = [
    (0.5, 3, 0.6666666666666666),
    (0.3, 4, 0.7000000000000001),
    (0.1, 10, 0.7834244062500001),
    (-0.45, 16, 0.08029573654339643),
    (0.9, 12, 6.644441406249981e-05),
    (0.656, 353, 8.34746536120328e-45),
    (0.05, 353, 0.3489289899422588),
    (-0.2, 1000, 1.7567862371789384e-10),
    (0.999, 50, 1.9009987456819522e-66),
    (0.01, 100000, 0.0015651897452783157),
]


class AnalogyTests(unittest.TestCase):
    """gensim's evaluate_word_analogies: (score, sections), each section listing its questions."""

    def reference(self, wv, path, restrict_vocab=None, dummy4unknown=False):
        """gensim 4.4's algorithm written out over most_similar (lower-case vocabulary: no case variants)."""
        ok = set(w.upper() for w in wv.index_to_key[:restrict_vocab])
        sections, oov = [], 0
        for line in path.read_text().splitlines():
            if line.startswith(": "):
                sections.append({"section": line[2:].strip(), "correct": [], "incorrect": []})
                continue
            words = [w.upper() for w in line.split()]
            if len(words) != 4:
                continue
            if not set(words) <= ok:
                oov += 1
                if dummy4unknown:
                    sections[-1]["incorrect"].append(tuple(words))
                continue
            a, b, c, d = words
            predicted = None
            for word, _ in wv.most_similar(positive=[b.lower(), c.lower()], negative=[a.lower()], topn=5,
                                           restrict_vocab=restrict_vocab):
                predicted = word.upper()
                if predicted in ok and predicted not in (a, b, c):
                    break
            sections[-1]["correct" if predicted == d else "incorrect"].append(tuple(words))
        return sections, oov

    def test_planted_analogies_are_answered(self):
        wv = corpus.model().wv
        result = wv.evaluate_word_analogies(corpus.questions)
        self.assertIsInstance(result, w2v.AnalogyEvaluation)
        lines = [l for l in corpus.questions.read_text().splitlines() if l and not l.startswith(":")]
        self.assertEqual(result.seen, len(lines), "every planted word is in the vocabulary")
        self.assertGreater(result.score, 0.8)
        score, sections = result  # gensim's shape
        self.assertEqual(score, result.correct / result.seen)
        self.assertEqual((result[0], result[1], result[-1], len(result)), (score, sections, sections, 2))
        self.assertEqual(tuple(result), (score, sections))
        self.assertEqual(result[:1], (score,))
        self.assertIsInstance(result, collections.abc.Sequence)
        names = [l[2:].strip() for l in corpus.questions.read_text().splitlines() if l.startswith(": ")]
        self.assertEqual([s["section"] for s in sections], names + ["Total accuracy"])
        for section in sections:  # the loop every gensim tutorial writes
            self.assertEqual(set(section), {"section", "correct", "incorrect"})
            for a, b, c, d in section["correct"] + section["incorrect"]:
                self.assertEqual(a, a.upper())
        total = sections[-1]
        self.assertEqual(len(total["correct"]), result.correct)
        self.assertEqual(total["correct"], [q for s in sections[:-1] for q in s["correct"]])
        self.assertEqual(result.semantic_seen + result.syntactic_seen, result.seen)
        self.assertEqual(result.semantic_correct + result.syntactic_correct, result.correct)
        self.assertEqual((result.oov, result.questions, result.oov_ratio), (0, len(lines), 0.0))

    def test_lists_match_gensims_algorithm(self):
        wv = corpus.model().wv
        path = corpus.directory / "questions-extra.txt"
        text = corpus.questions.read_text()
        a, b, c, d = corpus.countries[0], corpus.capitals[0], corpus.countries[1], corpus.capitals[1]
        path.write_text(text + ": extra\n%s %s nosuchword %s\nonly three words\n%s %s %s %s\n" % (a, b, d, a.upper(), b, c, d.title()))
        for options in ({}, {"restrict_vocab": 30}, {"dummy4unknown": True}):
            score, sections = wv.evaluate_word_analogies(path, **options)
            expected, oov = self.reference(wv, path, options.get("restrict_vocab"), options.get("dummy4unknown", False))
            self.assertEqual(sections[:-1], expected, options)
            self.assertEqual(wv.evaluate_word_analogies(path, **options).oov, oov)
        self.assertEqual(wv.evaluate_word_analogies(path).questions, len(text.splitlines()) - text.count(": ") + 2)
        self.assertEqual(wv.evaluate_word_analogies(path, restrict_vocab=0).seen, 0, "gensim: restrict_vocab=0 keeps no word")

    def test_counts_match_most_similar_and_the_library(self):
        wv = corpus.model().wv
        lines = [l.split() for l in corpus.questions.read_text().splitlines() if l and not l.startswith(":")]
        correct = sum(wv.most_similar(positive=[b, c], negative=[a], topn=1)[0][0] == d for a, b, c, d in lines)
        counts = wv.evaluate_word_analogies_counts(corpus.questions, restrict_vocab=0)
        self.assertIsInstance(counts, w2v.AnalogyCounts)
        self.assertEqual(counts.correct, correct)
        listed = wv.evaluate_word_analogies(corpus.questions)
        self.assertEqual((listed.correct, listed.seen, listed.semantic_correct, listed.semantic_seen,
                          listed.syntactic_correct, listed.syntactic_seen),
                         (counts.correct, counts.seen, counts.semantic_correct, counts.semantic_seen,
                          counts.syntactic_correct, counts.syntactic_seen))
        self.assertEqual(listed.score, counts.score)
        for method in ("most_similar", "most_similar_cosmul"):
            self.assertEqual(wv.evaluate_word_analogies(corpus.questions, similarity_function=method).correct,
                             wv.evaluate_word_analogies_counts(corpus.questions, similarity_function=method).correct)

    def test_restrict_vocab_drops_rare_questions(self):
        wv = corpus.model().wv
        restricted = wv.evaluate_word_analogies(corpus.questions, restrict_vocab=10)
        self.assertLess(restricted.seen, wv.evaluate_word_analogies(corpus.questions).seen)
        self.assertEqual(restricted.seen, wv.evaluate_word_analogies_counts(corpus.questions, restrict_vocab=10).seen)

    def test_default_restrict_vocab_is_gensims(self):
        import inspect

        signature = inspect.signature(w2v.KeyedVectors.evaluate_word_analogies)
        self.assertEqual(signature.parameters["restrict_vocab"].default, 300000)
        self.assertEqual(signature.parameters["case_insensitive"].default, True)
        self.assertEqual(signature.parameters["dummy4unknown"].default, False)

    def test_errors(self):
        wv = corpus.model().wv
        for evaluate in (wv.evaluate_word_analogies, wv.evaluate_word_analogies_counts):
            with self.assertRaises(OSError) as caught:  # gensim raises FileNotFoundError, an OSError too
                evaluate(corpus.file("missing-questions.txt"))
            self.assertIsInstance(caught.exception, w2v.FileError)
            self.assertIn("missing-questions.txt", str(caught.exception))
        bad = corpus.write("bad-questions.txt", ": section\na b c\n")
        self.assertEqual(wv.evaluate_word_analogies(bad).questions, 0, "gensim skips a line of another shape")
        with self.assertRaises(w2v.FormatError) as caught:
            wv.evaluate_word_analogies_counts(bad)
        self.assertIn("2", str(caught.exception))
        headless = corpus.write("headless-questions.txt", "a b c d\n")
        with self.assertRaises(ValueError):
            wv.evaluate_word_analogies(headless)
        with self.assertRaises(ValueError):
            wv.evaluate_word_analogies(corpus.questions, similarity_function="nearest")


@support.requires_function("w2v_model_evaluate_word_pairs")
class WordPairTests(unittest.TestCase):
    def test_correlations_match_a_reference(self):
        wv = corpus.model().wv
        words = corpus.countries[:6] + corpus.capitals[:6] + corpus.verbs[:4]
        pairs = []
        for i, a in enumerate(words):
            for b in words[i + 1:i + 4]:
                pairs.append((a, b, float((len(a) * 7 + len(b) * 3 + i) % 11)))
        lines = ["# word1\tword2\tscore"] + ["%s\t%s\t%g" % pair for pair in pairs] + ["unknownword\t%s\t5" % words[0]]
        path = corpus.write("pairs.tsv", "\n".join(lines) + "\n")
        result = wv.evaluate_word_pairs(path)
        self.assertIsInstance(result, w2v.WordPairEvaluation)
        self.assertEqual((result.pairs_used, result.pairs_skipped), (len(pairs), 1))
        cosines = [wv.similarity(a, b) for a, b, _ in pairs]
        humans = [s for _, _, s in pairs]
        self.assertAlmostEqual(result.pearson, pearson(cosines, humans), places=5)
        self.assertAlmostEqual(result.spearman, pearson(ranks(cosines), ranks(humans)), places=5)
        self.assertAlmostEqual(result.oov_ratio, 100.0 / (len(pairs) + 1))

        # gensim's shape: ((pearson, pvalue), (spearman, pvalue), oov_ratio).
        (p, p_value), (s, s_value), oov = result
        self.assertEqual((p, s, oov), (result.pearson, result.spearman, result.oov_ratio))
        self.assertEqual((p_value, s_value), (result.pearson_pvalue, result.spearman_pvalue))
        self.assertAlmostEqual(p_value, t_test_p_value(result.pearson, len(pairs)), delta=1e-9)
        self.assertAlmostEqual(s_value, t_test_p_value(result.spearman, len(pairs)), delta=1e-9)
        self.assertEqual((result[0][0], result[0][1], result[1][0], result[1][1], result[2]), (p, p_value, s, s_value, oov))
        self.assertEqual((result[0].statistic, result[0].pvalue, result[1].correlation), (p, p_value, s))
        self.assertEqual((len(result), len(result[0]), result[-1]), (3, 2, oov))
        self.assertEqual(list(result), [(p, p_value), (s, s_value), oov])
        self.assertIsInstance(result.pearson, float)

    def test_p_values_are_none_below_three_pairs(self):
        wv = corpus.model().wv
        a, b, c = corpus.countries[:3]
        path = corpus.write("two-pairs.tsv", "%s\t%s\t1\n%s\t%s\t2\n" % (a, b, a, c))
        (pearson_r, pearson_p), (_, spearman_p), oov = wv.evaluate_word_pairs(path)
        self.assertAlmostEqual(abs(pearson_r), 1.0, places=6)
        self.assertEqual((pearson_p, spearman_p, oov), (None, None, 0.0))

    def test_errors(self):
        wv = corpus.model().wv
        with self.assertRaises(w2v.FileError):
            wv.evaluate_word_pairs(corpus.file("missing-pairs.tsv"))
        bad = corpus.write("bad-pairs.tsv", "a\tb\tnot-a-number\n")
        with self.assertRaises(w2v.FormatError):
            wv.evaluate_word_pairs(bad)


class GensimShapeTests(unittest.TestCase):
    """The result objects themselves, without a model."""

    def test_word_pair_evaluation_is_a_three_item_sequence(self):
        result = w2v.WordPairEvaluation(pearson=0.5, spearman=-0.25, pairs_used=18, pairs_skipped=2)
        self.assertEqual((result.pearson, result.spearman, result.pairs_used, result.pairs_skipped), (0.5, -0.25, 18, 2))
        self.assertEqual(result.oov_ratio, 10.0)
        pearson_p, spearman_p = result.pearson_pvalue, result.spearman_pvalue
        self.assertEqual(tuple(result), ((0.5, pearson_p), (-0.25, spearman_p), 10.0))
        self.assertEqual(result[0], (0.5, pearson_p))
        self.assertEqual(result[1:], ((-0.25, spearman_p), 10.0))
        self.assertEqual(result[-1], 10.0)
        with self.assertRaises(IndexError):
            result[3]
        self.assertIn(10.0, result)
        self.assertEqual(result.index(10.0), 2)
        self.assertIsInstance(result, collections.abc.Sequence)
        self.assertNotIsInstance(result, tuple)
        self.assertAlmostEqual(pearson_p, t_test_p_value(0.5, 18), delta=1e-9)
        self.assertAlmostEqual(spearman_p, t_test_p_value(-0.25, 18), delta=1e-9)
        # Still a frozen value with the attributes' equality.
        self.assertEqual(result, w2v.WordPairEvaluation(0.5, -0.25, 18, 2))
        self.assertEqual(hash(result), hash(w2v.WordPairEvaluation(0.5, -0.25, 18, 2)))
        with self.assertRaises(dataclasses.FrozenInstanceError):
            result.pearson = 1.0  # type: ignore[misc]
        # The coefficients unpack as scipy's results do, with their attribute names.
        statistic, pvalue = result[1]
        self.assertEqual((statistic, pvalue), (result[1].statistic, result[1].pvalue))
        self.assertEqual(result[1].correlation, -0.25)

    def test_analogy_evaluation_is_a_two_item_sequence(self):
        sections = [
            {"section": "capital-common-countries", "correct": [("A", "B", "C", "D")], "incorrect": [("E", "F", "G", "H")]},
            {"section": "gram1", "correct": [("I", "J", "K", "L"), ("M", "N", "O", "P")], "incorrect": []},
        ]
        total = {"section": "Total accuracy", "correct": sections[0]["correct"] + sections[1]["correct"],
                 "incorrect": sections[0]["incorrect"]}
        result = w2v.AnalogyEvaluation(0.75, sections + [total], oov=1, questions=5)
        self.assertEqual(len(result), 2)
        self.assertEqual(result[0], 0.75)
        self.assertEqual(result[1][-1], total)
        self.assertEqual(result[1], result.sections)
        with self.assertRaises(IndexError):
            result[2]
        score, listed = result
        self.assertEqual((score, [s["section"] for s in listed]), (0.75, ["capital-common-countries", "gram1", "Total accuracy"]))
        self.assertEqual((result.correct, result.seen, result.semantic_correct, result.semantic_seen), (3, 4, 3, 4))
        self.assertEqual((result.syntactic_correct, result.syntactic_seen, result.oov_ratio), (0, 0, 20.0))
        counts = w2v.AnalogyCounts(correct=3, seen=4, semantic_correct=1, semantic_seen=2, syntactic_correct=2,
                                   syntactic_seen=2)
        self.assertEqual((counts.score, counts.semantic_score, counts.syntactic_score), (0.75, 0.5, 1.0))
        self.assertEqual(w2v.AnalogyCounts(0, 0, 0, 0, 0, 0).score, 0.0)

    def test_undefined_p_values_are_none(self):
        for pairs in (0, 1, 2):
            self.assertEqual(w2v.WordPairEvaluation(1.0, 1.0, pairs, 0)[0].pvalue, None)
        nan = w2v.WordPairEvaluation(float("nan"), float("nan"), 10, 0)
        self.assertEqual((nan.pearson_pvalue, nan.spearman_pvalue), (None, None))
        self.assertTrue(math.isnan(nan[0][0]))


class PValueTests(unittest.TestCase):
    def p(self, r, n):
        return w2v.WordPairEvaluation(r, r, n, 0).pearson_pvalue

    def test_closed_forms(self):
        # 1 degree of freedom (3 pairs): p = 1 - 2 asin|r| / pi; 2 degrees (4 pairs): p = 1 - |r|.
        for r in (0.0, 1e-9, 0.1, -0.3, 0.5, 0.77, -0.95, 0.999999):
            self.assertAlmostEqual(self.p(r, 3), 1 - 2 * math.asin(abs(r)) / math.pi, delta=1e-14)
            self.assertAlmostEqual(self.p(r, 4), 1 - abs(r), delta=1e-14)
        self.assertEqual(self.p(1.0, 10), 0.0)
        self.assertEqual(self.p(-1.0, 10), 0.0)
        self.assertEqual(self.p(0.0, 10), 1.0)

    def test_matches_scipy(self):
        for r, n, expected in SCIPY_P_VALUES:
            self.assertLess(abs(self.p(r, n) - expected), 1e-10 * expected, (r, n))
            self.assertEqual(self.p(r, n), self.p(-r, n))

    def test_matches_the_integrated_t_density(self):
        rng = random.Random(5)
        for _ in range(40):
            n, r = rng.choice([5, 8, 16, 30, 100, 353]), rng.uniform(-0.6, 0.6)
            self.assertAlmostEqual(self.p(r, n), t_test_p_value(r, n), delta=1e-9, msg=(r, n))

    def test_matches_scipy_when_installed(self):
        try:
            from scipy import stats
        except ImportError:
            self.skipTest("SciPy is not installed")
        rng = random.Random(9)
        for _ in range(300):
            n = rng.choice([3, 5, 10, 50, 353, 2000, 10 ** 5])
            x = [rng.gauss(0, 1) for _ in range(min(n, 2000))]
            y = [a * rng.uniform(-0.3, 0.3) + rng.gauss(0, 1) for a in x]
            reference = stats.pearsonr(x, y)
            got = self.p(float(reference[0]), len(x))
            self.assertLess(abs(got - reference[1]), 1e-8 * reference[1] + 1e-14, (len(x), reference))


if __name__ == "__main__":
    unittest.main()
