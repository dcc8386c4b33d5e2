"""Training progress: the report passed to callbacks, gensim-style callbacks, a text progress bar."""

from __future__ import annotations

import sys
import time
from typing import Any, NamedTuple, Optional, TextIO

__all__ = ["Progress", "CallbackAny2Vec", "ProgressBar", "TqdmProgressBar", "TrainingResult", "default_progress_bar"]


class Progress(NamedTuple):
    """One progress report during training."""

    #: Fraction of the whole run done, in [0, 1] (in-vocabulary words processed / epochs x corpus words).
    progress: float
    #: In-vocabulary words processed per second since training began.
    words_per_second: float
    #: The learning rate now.
    alpha: float
    #: Mean negative log-likelihood per prediction since the previous report.
    loss: float


class TrainingResult(NamedTuple):
    """What a training run did."""

    #: In-vocabulary words processed, all epochs together.
    words: int
    seconds: float
    words_per_second: float
    #: Mean loss of the last report.
    loss: float
    #: True when a progress callback returned True (training ended early; the model is usable).
    stopped: bool


class CallbackAny2Vec:
    """Base class for gensim-style callbacks (``Word2Vec(callbacks=[...])``); override what you need.

    Each method receives the model. With ``sentences=`` the epoch events are exact; with
    ``corpus_file=`` the library trains all epochs in one call, and the epoch events fire when the
    reported progress crosses an epoch boundary. ``on_progress`` receives each :class:`Progress`
    report; returning True from it stops training.
    """

    def on_train_begin(self, model: Any) -> None:
        pass

    def on_epoch_begin(self, model: Any) -> None:
        pass

    def on_epoch_end(self, model: Any) -> None:
        pass

    def on_train_end(self, model: Any) -> None:
        pass

    def on_progress(self, model: Any, report: Progress) -> Optional[bool]:
        return None


def _si(value: float) -> str:
    for unit, scale in (("M", 1e6), ("k", 1e3)):
        if value >= scale:
            return "%.2f%s" % (value / scale, unit)
    return "%.0f" % value


def _clock(seconds: float) -> str:
    """Seconds as m:ss or h:mm:ss."""
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return "%d:%02d:%02d" % (hours, minutes, seconds) if hours else "%d:%02d" % (minutes, seconds)


class ProgressBar:
    """A plain-text progress bar, redrawn in place with carriage returns (no dependency): the share
    done, elapsed time and the estimated time left (from the rate so far), words/s, learning rate and
    loss.

    Use as ``progress=ProgressBar()`` (``progress=True`` does the same, on stderr)."""

    def __init__(self, stream: Optional[TextIO] = None, width: int = 30, interval: float = 0.1) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.width = width
        self.interval = interval
        self._last = 0.0
        self._started: Optional[float] = None
        self._drawn = False

    def __call__(self, report: Progress) -> None:
        now = time.monotonic()
        if self._started is None:
            self._started = now
        if report.progress < 1.0 and now - self._last < self.interval:
            return
        self._last = now
        elapsed = now - self._started
        left = elapsed * (1.0 - report.progress) / report.progress if report.progress > 0 else None
        filled = int(round(report.progress * self.width))
        line = "\r[%s%s] %5.1f%%  %s<%s  %s words/s  alpha %.6f  loss %.4f" % (
            "#" * filled, "-" * (self.width - filled), 100.0 * report.progress, _clock(elapsed),
            "?" if left is None else _clock(left), _si(report.words_per_second), report.alpha, report.loss)
        self.stream.write(line)
        if report.progress >= 1.0:
            self.stream.write("\n")
        self.stream.flush()
        self._drawn = True


class TqdmProgressBar:
    """A tqdm progress bar (elapsed time, time left, rate) over the share of the run done, with the
    words/s, learning rate and loss as its postfix. ``progress=True`` uses it when tqdm is installed.
    ``options`` go to ``tqdm.tqdm`` (``file=``, ``desc=``, ...)."""

    def __init__(self, **options: Any) -> None:
        from tqdm import tqdm  # type: ignore[import-not-found]

        settings = {"total": 100.0, "unit": "%", "desc": "training",
                    "bar_format": "{desc}: {percentage:5.1f}%|{bar}| [{elapsed}<{remaining}{postfix}]"}
        settings.update(options)
        self._bar = tqdm(**settings)
        self._closed = False

    def __call__(self, report: Progress) -> None:
        if self._closed:
            return
        self._bar.n = min(100.0, 100.0 * report.progress)
        self._bar.set_postfix_str("%s words/s, alpha %.6f, loss %.4f" % (
            _si(report.words_per_second), report.alpha, report.loss), refresh=False)
        self._bar.refresh()
        if report.progress >= 1.0:
            self.close()

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._bar.close()


def default_progress_bar(stream: Optional[TextIO] = None) -> Any:
    """What ``progress=True`` draws (on ``stream``, default stderr): a tqdm bar when tqdm is installed,
    else :class:`ProgressBar`."""
    try:
        return TqdmProgressBar(file=stream) if stream is not None else TqdmProgressBar()
    except ImportError:
        return ProgressBar(stream)
