"""Threads: queries from 8 threads at once on a trained model; training lets other Python threads run."""

import threading
import unittest

import support  # first: puts the package beside the tests on sys.path
import w2v

corpus, setUpModule, tearDownModule = support.module_corpus()


class ThreadTests(unittest.TestCase):
    def test_queries_from_eight_threads_match_one_thread(self):
        wv = corpus.model().wv
        words = wv.index_to_key[:40]
        expected = {w: (wv.most_similar(w, topn=5), wv.similarity(w, words[0]), support.as_list(wv[w])) for w in words}
        analogy = wv.most_similar(positive=[corpus.capitals[0], corpus.countries[1]], negative=[corpus.countries[0]], topn=3)
        failures = []
        barrier = threading.Barrier(8)

        def worker(offset):
            try:
                barrier.wait()
                for round_ in range(5):
                    for w in words[offset::2] if round_ % 2 else words:
                        got = (wv.most_similar(w, topn=5), wv.similarity(w, words[0]), support.as_list(wv[w]))
                        if got != expected[w]:
                            failures.append("thread %d, %s: %r != %r" % (offset, w, got, expected[w]))
                    if wv.most_similar(positive=[corpus.capitals[0], corpus.countries[1]],
                                       negative=[corpus.countries[0]], topn=3) != analogy:
                        failures.append("thread %d: analogy differs" % offset)
                    try:
                        wv["no-such-word"]
                    except w2v.NotFoundError as error:  # per-thread error messages
                        if "no-such-word" not in str(error):
                            failures.append("thread %d: message %r" % (offset, str(error)))
            except Exception as error:  # noqa: BLE001 - reported below
                failures.append("thread %d raised %r" % (offset, error))

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(failures, [])

    def test_training_releases_the_gil(self):
        # Another Python thread answers queries while file training runs: with the GIL held for the
        # whole C call it could not run until training had ended. No timing: training is long (many
        # epochs) and is stopped by its own progress callback once the other thread has finished.
        other = corpus.model().wv
        queried = threading.Event()
        answers = []

        def query():
            for word in other.index_to_key[:20]:
                answers.append(other.most_similar(word, topn=3))
            queried.set()

        model = w2v.Word2Vec(**{**support.SETTINGS, "epochs": 500})
        model.build_vocab(corpus_file=str(corpus.path))
        querier = threading.Thread(target=query)
        reports = []

        def progress(report):
            reports.append(report.progress)
            if len(reports) == 1:
                querier.start()  # from inside the call: training has begun
            return queried.is_set()

        result = model.train(corpus_file=str(corpus.path), progress=progress)
        querier.join()
        self.assertEqual(len(answers), 20)
        self.assertTrue(result.stopped, "training ended by itself before the other thread was done")
        self.assertLess(reports[-1], 1.0)

    def test_train_step_from_several_threads(self):
        model = w2v.Word2Vec(**support.SETTINGS)
        model.build_vocab(corpus_file=str(corpus.path))
        sentences = corpus.sentences()
        results = []

        def worker(part):
            results.append(model.train_step(sentences[part::4], progress=0.1))

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        known = sum(1 for s in sentences for word in s if word in model.wv)
        self.assertEqual(sum(r.words for r in results), known)


if __name__ == "__main__":
    unittest.main()
