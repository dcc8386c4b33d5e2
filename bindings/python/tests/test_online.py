"""Online training as gensim does it: build_vocab(update=True), then train on the new text."""

import shutil
import tempfile
import unittest
from pathlib import Path

import support  # first: puts the package beside the tests on sys.path
import w2v

HELD_OUT = 4


class Texts:
    """A base text that never mentions the last HELD_OUT country/capital and verb/past pairs, and an
    update text over every pair (scripts/make-demo-corpus --held-out)."""

    def __init__(self, sentences=support.SENTENCES):
        generator = support._demo_corpus_module()
        rng, lang = generator.build(7)
        everything = len(lang["country"])
        self.base = [generator.sentence(rng, lang, everything - HELD_OUT).split() for _ in range(sentences)]
        rng = generator.Rng(11)
        self.update = [generator.sentence(rng, lang).split() for _ in range(sentences)]
        self.lang = lang
        self.directory = Path(tempfile.mkdtemp(prefix="w2v-python-online-"))
        self.update_file = self.directory / "update.txt"
        self.update_file.write_text("\n".join(" ".join(s) for s in self.update) + "\n")

    def held_out(self, first, second):
        """Lists a, b for support.analogy_hits: a known pair first, then the held-out pairs."""
        a, b = self.lang[first], self.lang[second]
        return [a[0]] + a[-HELD_OUT:], [b[0]] + b[-HELD_OUT:]

    def close(self):
        shutil.rmtree(self.directory, ignore_errors=True)


texts, setUpModule, tearDownModule = support.module_fixture(Texts)


@support.requires_function("w2v_model_update_vocab")
class OnlineUpdateTests(unittest.TestCase):
    def held_out_hits(self, wv):
        countries, capitals = texts.held_out("country", "capital")
        verbs, pasts = texts.held_out("verb", "past")
        pairs = HELD_OUT + 1
        return (support.analogy_hits(wv, countries, capitals, pairs), support.analogy_hits(wv, verbs, pasts, pairs))

    def test_update_keeps_old_vectors_and_learns_new_words_from_sentences(self):
        with w2v.Word2Vec(texts.base, **support.SETTINGS) as model:
            old_words = list(model.wv.index_to_key)
            old = {word: support.as_list(model.wv[word]) for word in old_words}
            new_country = texts.lang["country"][-1]
            self.assertNotIn(new_country, model.wv)

            model.build_vocab(texts.update, update=True)
            self.assertEqual(model.corpus_count, len(texts.update))
            self.assertIn(new_country, model.wv)
            self.assertEqual(model.wv.index_to_key[:len(old_words)], old_words, "existing words keep their rows")
            self.assertEqual({word: support.as_list(model.wv[word]) for word in old_words}, old, "and their vectors")
            self.assertEqual(self.held_out_hits(model.wv), (0, 0), "new words are random before training")
            count = model.wv.get_vecattr(texts.lang["country"][0], "count")
            self.assertGreater(count, sum(s.count(texts.lang["country"][0]) for s in texts.base), "counts add up")

            result = model.train(texts.update, total_examples=model.corpus_count, epochs=model.epochs)
            self.assertFalse(result.stopped)
            capitals, pasts = self.held_out_hits(model.wv)
            self.assertGreaterEqual(capitals, HELD_OUT - 1, "held-out country -> capital analogies: %d of %d" % (capitals, HELD_OUT))
            self.assertGreaterEqual(pasts, HELD_OUT - 1, "held-out verb -> past analogies: %d of %d" % (pasts, HELD_OUT))
            known = support.analogy_hits(model.wv, texts.lang["country"], texts.lang["capital"])
            self.assertGreaterEqual(known, 9, "the old relations survive: %d of 11" % known)

    def test_update_from_a_file_then_save_and_load(self):
        with w2v.Word2Vec(texts.base, **support.SETTINGS) as model:
            size = len(model.wv)
            model.build_vocab(corpus_file=str(texts.update_file), update=True)
            self.assertGreater(len(model.wv), size)
            self.assertEqual(model.corpus_total_words, sum(len(s) for s in texts.update))
            model.train(corpus_file=str(texts.update_file))
            self.assertGreaterEqual(sum(self.held_out_hits(model.wv)), 2 * HELD_OUT - 2)
            path = str(texts.directory / "grown.w2v")
            model.save(path)
            with w2v.Word2Vec.load(path) as loaded:
                self.assertEqual(loaded.wv.index_to_key, model.wv.index_to_key)
                self.assertEqual(loaded._corpus_words(), model._corpus_words())

    def test_update_is_refused_while_a_vectors_view_is_alive(self):
        with w2v.Word2Vec(texts.base[:2000], **support.SETTINGS) as model:
            view = model.wv.vectors
            size = len(model.wv)
            with self.assertRaises(w2v.InvalidArgumentError) as caught:
                model.build_vocab(texts.update[:2000], update=True)
            self.assertIn("wv.vectors view", str(caught.exception))
            self.assertEqual(len(model.wv), size, "nothing changed")
            del view
            model.build_vocab(texts.update[:2000], update=True)
            self.assertGreater(len(model.wv), size)
            self.assertEqual(len(model.wv.vectors), len(model.wv), "a new view shows the grown model")

    def test_update_needs_a_vocabulary_and_a_trainable_model(self):
        with w2v.Word2Vec(**support.SETTINGS) as model:
            with self.assertRaises(w2v.InvalidArgumentError):
                model.build_vocab(texts.update[:100], update=True)
        with w2v.Word2Vec(texts.base[:2000], **support.SETTINGS) as model:
            with self.assertRaises(w2v.InvalidArgumentError) as caught:
                model.build_vocab([["unseen", "words"]], update=True)
            self.assertIn("nothing to train on", str(caught.exception))

    def test_progress_by_total_examples(self):
        with w2v.Word2Vec(texts.base[:4000], **support.SETTINGS) as model:
            reports = []
            model.train(texts.base[:4000], total_examples=4000, epochs=2, progress=reports.append)
            self.assertEqual(reports[-1].progress, 1.0)
            self.assertEqual([r.progress for r in reports], sorted(r.progress for r in reports))
            half = []
            model.train(texts.base[:4000], total_examples=8000, epochs=1, progress=half.append)
            self.assertAlmostEqual(half[-2].progress, 0.5, delta=0.05, msg="half of the announced sentences")
            for bad in (0, -3):
                with self.assertRaises(w2v.InvalidArgumentError):
                    model.train(texts.base[:10], total_examples=bad)
                with self.assertRaises(w2v.InvalidArgumentError):
                    model.train(texts.base[:10], total_words=bad)


if __name__ == "__main__":
    unittest.main()
