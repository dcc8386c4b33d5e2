"""Scheduling a training run: delivering events to callbacks, and feeding batches to worker threads.

:class:`Reporter` runs the ``progress`` callable and the gensim-style callbacks of one training call and
remembers what they did (an exception raised, a request to stop), so the C call can stop and the
exception be re-raised once the library has returned. Both corpus modes use it.

:func:`train_batches` is the loop behind ``Word2Vec.train(corpus_iterable)``: it streams each epoch's
batches, runs ``step`` on them (on a pool of ``workers`` threads, each C call releasing the GIL, at
most ``2 x workers`` batches in flight), computes the progress fraction each batch starts at (which
sets its learning rate inside the library) and reports at least every 1% and about every second.
It knows nothing of the C API: the caller's ``step`` does the training.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from array import array
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Callable, Dict, Iterable, Optional, Tuple, Union

from .progress import Progress, TrainingResult, default_progress_bar

__all__ = ["Reporter", "train_batches", "DeferredInterrupt"]

logger = logging.getLogger("w2v.word2vec")

ProgressCallback = Callable[[Progress], Optional[bool]]
#: ``step(indices, sentence_lengths, progress) -> (words trained, mean loss)``
Step = Callable[[array, array, float], Tuple[int, float]]


class Reporter:
    """Runs the progress callable and gensim-style callbacks; remembers a raised exception or a stop."""

    def __init__(self, model: Any, progress: Union[None, bool, ProgressCallback],
                 callbacks: Iterable[Any], epochs: int, report_delay: float = 1.0) -> None:
        if progress is True:
            progress = default_progress_bar()
        elif progress is False:
            progress = None
        if progress is not None and not callable(progress):
            raise TypeError("progress must be a callable taking a w2v.Progress, True, or None")
        self.model = model
        self.progress = progress
        self.callbacks = list(callbacks or ())
        self.epochs = epochs
        self.error: Optional[BaseException] = None
        self.stopped = False
        self.epochs_begun = 0
        self.epochs_ended = 0
        self.last: Optional[Progress] = None
        self.report_delay = report_delay
        self.started = time.perf_counter()
        self._epoch_started = self.started
        self._logged = self.started

    def _each(self, method: str, *arguments: Any) -> Any:
        stop = False
        for callback in self.callbacks:
            function = getattr(callback, method, None)
            if function is not None and function(self.model, *arguments) is True:
                stop = True
        return stop

    def begin(self) -> None:
        self._each("on_train_begin")

    def epoch_begin(self) -> None:
        self.epochs_begun += 1
        self._epoch_started = time.perf_counter()
        self._each("on_epoch_begin")

    def epoch_end(self) -> None:
        self.epochs_ended += 1
        if logger.isEnabledFor(logging.INFO):
            last = self.last
            logger.info("EPOCH %i: %.1fs, %.0f words/s, alpha %.6f, loss %.4f", self.epochs_ended,
                        time.perf_counter() - self._epoch_started, last.words_per_second if last else 0.0,
                        last.alpha if last else 0.0, last.loss if last else 0.0)
        self._each("on_epoch_end")

    def report(self, report: Progress) -> bool:
        """Delivers a report; True means stop (asked for, or a callback raised: see ``error``)."""
        if self.error is not None or self.stopped:
            return True
        try:
            self.last = report
            now = time.perf_counter()
            if now - self._logged >= self.report_delay and report.progress < 1.0 and logger.isEnabledFor(logging.INFO):
                self._logged = now
                logger.info("EPOCH %i - PROGRESS: at %.2f%% of the run, %.0f words/s, alpha %.6f, loss %.4f",
                            min(self.epochs_begun, self.epochs), 100.0 * report.progress, report.words_per_second,
                            report.alpha, report.loss)
            stop = bool(self._each("on_progress", report))
            if self.progress is not None:
                answer = self.progress(report)
                stop = stop or (answer is not None and bool(answer))
        except BaseException as error:  # noqa: B902 - KeyboardInterrupt too: re-raised after the C call
            self.error = error
            return True
        if stop:
            self.stopped = True
        return stop

    def epoch_events_for(self, progress: float) -> None:
        """For file training: epoch events for every epoch boundary that ``progress`` has crossed."""
        done = min(self.epochs, int(progress * self.epochs + 1e-9))
        while self.epochs_ended < done:
            self.epoch_end()
            if self.epochs_begun < self.epochs and self.epochs_ended < self.epochs:
                self.epoch_begin()

    def end(self) -> None:
        self._each("on_train_end")

    def reraise(self) -> None:
        if self.error is not None:
            error, self.error = self.error, None
            raise error


class DeferredInterrupt:
    """Ctrl-C during a long C call, as a flag instead of an exception.

    Python runs a signal handler only between bytecodes of the main thread; during
    ``w2v_model_train_file`` that is inside the progress callback, where a KeyboardInterrupt raised by
    the default handler would escape into C (ctypes prints "Exception ignored" and the library trains
    on). While this context is active, on the main thread and with Python's default SIGINT handler in
    place, Ctrl-C only sets :attr:`pending`; the callback sees it and stops the library, and the caller
    raises KeyboardInterrupt once the library has returned, the model consistent. Elsewhere (another
    thread, a custom handler) it changes nothing."""

    def __init__(self) -> None:
        self.pending = False
        self._previous: Any = None

    def _handler(self, signum: int, frame: Any) -> None:
        self.pending = True

    def __enter__(self) -> "DeferredInterrupt":
        if threading.current_thread() is threading.main_thread():
            try:
                if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
                    self._previous = signal.signal(signal.SIGINT, self._handler)
            except (ValueError, OSError):  # not the main interpreter's main thread
                self._previous = None
        return self

    def __exit__(self, *exc_info: Any) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)
            self._previous = None


def train_batches(step: Step, batches: Callable[[], Iterable[Tuple[array, array]]], *, epochs: int,
                  total: int, by_sentences: bool, workers: int, learning_rate: Callable[[float], float],
                  reporter: Reporter) -> TrainingResult:
    """Trains ``epochs`` passes of ``batches()`` (called once per epoch; each batch is row indices and
    sentence lengths) with ``step``. Progress is measured in sentences when ``by_sentences``, else in
    words, against ``total`` for the whole run; the reported learning rate is ``learning_rate(progress)``,
    the library's own schedule (``w2v_model_learning_rate``)."""
    total = max(1, total)
    workers = max(1, workers)
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="w2v-train") if workers > 1 else None
    pending: "deque[Future[Tuple[int, float]]]" = deque()
    state: Dict[str, Any] = {"trained": 0, "window_loss": 0.0, "window_words": 0}
    started = time.perf_counter()
    last_time = started
    last_progress = 0.0
    submitted = 0

    def collect(words: int, loss: float) -> None:
        state["trained"] += words
        state["window_loss"] += loss * words
        state["window_words"] += words

    def drain(keep: int) -> None:
        while len(pending) > keep:
            collect(*pending.popleft().result())

    def make_report(progress: float) -> Progress:
        elapsed = time.perf_counter() - started
        if state["window_words"]:
            loss = state["window_loss"] / state["window_words"]
        else:  # nothing trained since the last report (the final one): repeat its loss
            loss = reporter.last.loss if reporter.last is not None else 0.0
        state["window_loss"] = 0.0
        state["window_words"] = 0
        return Progress(progress, state["trained"] / elapsed if elapsed > 0 else 0.0,
                        learning_rate(progress), loss)

    stop = False
    reporter.begin()
    try:
        for _ in range(epochs):
            reporter.epoch_begin()
            for indices, lengths in batches():
                progress = min(1.0, submitted / total)
                submitted += len(lengths) if by_sentences else len(indices)
                if pool is None:
                    collect(*step(indices, lengths, progress))
                else:
                    pending.append(pool.submit(step, indices, lengths, progress))
                    drain(2 * workers)
                now = time.perf_counter()
                done = min(1.0, submitted / total)
                if now - last_time >= 1.0 or done - last_progress >= 0.01:
                    last_time, last_progress = now, done
                    if reporter.report(make_report(done)):
                        stop = True
                        break
            drain(0)
            if stop:
                break
            reporter.epoch_end()
        drain(0)
        if not stop:
            reporter.report(make_report(1.0))
    finally:
        if pool is not None:
            for future in pending:
                future.cancel()
            pool.shutdown(wait=True)
    reporter.reraise()
    reporter.end()
    reporter.reraise()
    seconds = time.perf_counter() - started
    trained = state["trained"]
    loss = reporter.last.loss if reporter.last is not None else 0.0
    return TrainingResult(trained, seconds, trained / seconds if seconds > 0 else 0.0, loss, reporter.stopped)
