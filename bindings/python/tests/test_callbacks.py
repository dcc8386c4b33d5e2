"""Progress callbacks: the values reported, stopping by return value and by exception, gensim callbacks."""

import io
import math
import os
import signal
import threading
import time
import unittest

import support  # first: puts the package beside the tests on sys.path
import w2v

corpus, setUpModule, tearDownModule = support.module_corpus(sentences=10000)


class Boom(Exception):
    pass


class Recorder(w2v.CallbackAny2Vec):
    def __init__(self):
        self.events = []

    def on_train_begin(self, model):
        self.events.append("train_begin")

    def on_epoch_begin(self, model):
        self.events.append("epoch_begin")

    def on_epoch_end(self, model):
        self.events.append("epoch_end")

    def on_train_end(self, model):
        self.events.append("train_end")


def empty_model(**overrides):
    model = w2v.Word2Vec(**{**support.SETTINGS, **overrides})
    model.build_vocab(corpus_file=str(corpus.path))
    return model


SOURCES = {
    "corpus_file": lambda: dict(corpus_file=str(corpus.path)),
    "sentences": lambda: dict(corpus_iterable=corpus.sentences()),
}


class CallbackTests(unittest.TestCase):
    def check_reports(self, reports, alpha, min_alpha):
        self.assertGreaterEqual(len(reports), 2, "a report during training and the final one")
        progress = [r.progress for r in reports]
        self.assertEqual(progress, sorted(progress))
        self.assertTrue(all(0.0 <= p <= 1.0 for p in progress))
        self.assertEqual(progress[-1], 1.0)
        # How often reports come depends on the machine's load (file training's reporter polls), so
        # their spacing is not asserted: tests hold no timing.
        for r in reports:
            self.assertIsInstance(r, w2v.Progress)
            self.assertGreaterEqual(r.words_per_second, 0.0)
            self.assertGreaterEqual(r.loss, 0.0)
            self.assertAlmostEqual(r.alpha, alpha + (min_alpha - alpha) * r.progress, delta=alpha * 0.02)
        self.assertGreater(reports[-1].words_per_second, 0.0)
        self.assertGreater(reports[-1].loss, 0.0)

    def test_progress_values(self):
        for name, source in SOURCES.items():
            with self.subTest(source=name):
                reports = []
                model = empty_model()
                result = model.train(**source(), progress=reports.append)
                self.check_reports(reports, model.alpha, model.min_alpha)
                self.assertFalse(result.stopped)
                self.assertEqual(result.loss, reports[-1].loss)
                self.assertEqual(model.get_latest_training_loss(), result.loss)

    def test_progress_at_construction(self):
        reports = []
        model = w2v.Word2Vec(corpus_file=str(corpus.path), progress=reports.append, **support.SETTINGS)
        self.check_reports(reports, model.alpha, model.min_alpha)

    def test_stop_by_return_value(self):
        for name, source in SOURCES.items():
            with self.subTest(source=name):
                model = empty_model()
                reports = []

                def stop_at_a_third(report):
                    reports.append(report)
                    return report.progress > 0.3

                result = model.train(**source(), progress=stop_at_a_third)
                self.assertTrue(result.stopped)
                self.assertLess(reports[-1].progress, 0.6)
                self.assertLess(result.words, 0.6 * model.epochs * model._corpus_words())
                # the model stays usable
                self.assertEqual(len(model.wv.most_similar(corpus.countries[0], topn=3)), 3)
                again = model.train(**source())
                self.assertFalse(again.stopped)

    def test_stop_by_exception(self):
        for name, source in SOURCES.items():
            with self.subTest(source=name):
                model = empty_model()
                calls = []
                raised = Boom("stop here")

                def explode(report):
                    calls.append(report.progress)
                    if len(calls) == 3:
                        raise raised

                with self.assertRaises(Boom) as caught:
                    model.train(**source(), progress=explode)
                self.assertIs(caught.exception, raised, "the very exception reaches the caller")
                self.assertEqual(len(calls), 3, "no callback after the exception")
                self.assertLess(calls[-1], 0.5)
                self.assertEqual(len(model.wv.most_similar(corpus.countries[0], topn=3)), 3)

    def test_exception_at_construction_propagates(self):
        def explode(report):
            raise Boom("from the callback")

        with self.assertRaises(Boom):
            w2v.Word2Vec(corpus_file=str(corpus.path), progress=explode, **support.SETTINGS)
        with self.assertRaises(Boom):
            w2v.Word2Vec(sentences=corpus.sentences(), progress=explode, **support.SETTINGS)

    def test_gensim_style_callbacks(self):
        for name, source in SOURCES.items():
            with self.subTest(source=name):
                recorder = Recorder()
                model = empty_model(epochs=3)
                model.train(**source(), callbacks=[recorder])
                self.assertEqual(recorder.events,
                                 ["train_begin"] + ["epoch_begin", "epoch_end"] * 3 + ["train_end"])

    def test_on_progress_can_stop(self):
        class StopEarly(w2v.CallbackAny2Vec):
            def on_progress(self, model, report):
                return report.progress > 0.1

        model = empty_model()
        result = model.train(corpus_file=str(corpus.path), callbacks=[StopEarly()])
        self.assertTrue(result.stopped)

    def test_progress_bar(self):
        stream = io.StringIO()
        model = empty_model(epochs=1)
        model.train(corpus_file=str(corpus.path), progress=w2v.ProgressBar(stream, interval=0))
        text = stream.getvalue()
        self.assertIn("100.0%", text)
        self.assertIn("words/s", text)
        self.assertTrue(text.endswith("\n"))
        self.assertIn("\r[", text)
        last = text.rstrip("\n").split("\r")[-1]
        self.assertRegex(last, r"100\.0%  \d+:\d\d<0:00  ", "elapsed time and time left")

    def test_tqdm_progress_bar(self):
        try:
            import tqdm  # noqa: F401
        except ImportError:
            self.assertIsInstance(w2v.progress.default_progress_bar(io.StringIO()), w2v.ProgressBar)
            self.skipTest("tqdm is not installed")
        stream = io.StringIO()
        model = empty_model(epochs=1)
        bar = w2v.TqdmProgressBar(file=stream, mininterval=0)
        model.train(corpus_file=str(corpus.path), progress=bar)
        text = stream.getvalue()
        self.assertIn("100.0%", text)
        self.assertRegex(text, r"\[\d\d:\d\d<\d\d:\d\d, [0-9.]+[kM]? words/s, alpha", "elapsed<left, then ours")
        default = w2v.progress.default_progress_bar(io.StringIO())
        self.assertIsInstance(default, w2v.TqdmProgressBar)
        default.close()

    def test_loss_during_training(self):
        seen = []

        class Loss(w2v.CallbackAny2Vec):
            def on_epoch_end(self, model):
                seen.append(model.get_latest_training_loss())

        model = empty_model(epochs=3)
        self.assertEqual(model.get_latest_training_loss(), 0.0)
        sentences = corpus.sentences()
        result = model.train(sentences, total_examples=len(sentences), callbacks=[Loss()])
        self.assertEqual(len(seen), 3)
        self.assertTrue(all(0.0 < loss < 10.0 for loss in seen), seen)
        self.assertLess(seen[-1], seen[0], "the loss falls as the model learns")
        self.assertEqual(model.get_latest_training_loss(), result.loss)

    def test_progress_must_be_callable(self):
        model = empty_model()
        with self.assertRaises(TypeError):
            model.train(corpus_file=str(corpus.path), progress="yes")


if __name__ == "__main__":
    unittest.main()


@unittest.skipIf(support.running_embedded(), "sends SIGINT to the process: only under a plain python3")
class CtrlCTests(unittest.TestCase):
    """Ctrl-C stops training promptly in both corpus modes, raises KeyboardInterrupt after the library
    has returned, and leaves a model that answers queries (issue 13)."""

    def interrupt_after(self, seconds):
        fired = {}

        def fire():
            time.sleep(seconds)
            fired["at"] = time.perf_counter()
            os.kill(os.getpid(), signal.SIGINT)

        thread = threading.Thread(target=fire)
        thread.start()
        self.addCleanup(thread.join)
        return fired

    def setUp(self):
        # A shell starts background jobs with SIGINT ignored, and Python then leaves it ignored: give the
        # test Python's own handler whatever launched it.
        previous = signal.signal(signal.SIGINT, signal.default_int_handler)
        self.addCleanup(signal.signal, signal.SIGINT, previous)

    def check(self, train, model):
        if threading.current_thread() is not threading.main_thread():
            self.skipTest("signals reach only the main thread")
        fired = self.interrupt_after(0.3)
        started = time.perf_counter()
        with self.assertRaises(KeyboardInterrupt):
            train()
            time.sleep(5)  # finished before the signal (never on this corpus): let it arrive here
        stopped = time.perf_counter()
        # The library calls back about every second (measured: 0.04 s to stop here when idle); the
        # margin is for a machine busy with other work.
        self.assertLess(stopped - fired["at"], 2.5, "stops within about a second")
        self.assertLess(stopped - started, 6.0)
        self.assertIs(signal.getsignal(signal.SIGINT), signal.default_int_handler, "handler restored")
        word = corpus.countries[0]
        self.assertEqual(len(model.wv.most_similar(word, topn=3)), 3)
        for x in support.as_list(model.wv[word]):
            self.assertTrue(math.isfinite(x))

    def test_corpus_file(self):
        model = w2v.Word2Vec(**{**support.SETTINGS, "epochs": 500})
        model.build_vocab(corpus_file=str(corpus.path))
        self.addCleanup(model.close)
        self.check(lambda: model.train(corpus_file=str(corpus.path)), model)

    def test_sentences_with_threads(self):
        sentences = corpus.sentences()
        model = w2v.Word2Vec(**{**support.SETTINGS, "epochs": 500, "workers": 2})
        model.build_vocab(sentences)
        self.addCleanup(model.close)
        self.check(lambda: model.train(sentences, total_examples=len(sentences)), model)
