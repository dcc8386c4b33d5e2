"""Data-parallel training (issue 15): each worker trains its own byte range of a corpus file on its own
replica of the model, and the workers combine their changes at syncs.

The worker, :class:`ShardTrainer`, is engine-neutral: it needs an *engine* that knows the worker's
``rank`` and the number of workers ``size`` and offers two collectives, ``allgather(obj) -> list`` (in
rank order) and ``allreduce_sum(buffer)`` (a ctypes array summed over the workers in place, the same
result on every worker). :class:`MPIEngine` is that engine over mpi4py (``mpirun -np N python ...``);
:class:`ThreadEngine` runs N workers as threads of one process (ctypes releases the GIL during library
calls), for tests and single-machine runs.

A run: every worker counts its byte range (``Vocab.add_file_range``), the counts are gathered as bytes
and merged in rank order (so the vocabulary is exactly the single-machine one), every worker builds the
same model from the same seed, then trains in rounds: ``sync_words`` words each (to a sentence end),
then every weight matrix's delta against the last sync is summed over the workers and applied with the
rule (``"mean"`` with the learning rate multiplied by the number of workers, the default, which the
issue's measurements found to hold accuracy at 4 workers where ``"sum"`` diverged; ``"sum"``;
``"touched"``, Spark MLlib's). Rounds are counted globally: a worker whose range is used up still joins
every round until all are, so unequal shards never deadlock. After the last round every worker holds
the same weights, which :meth:`ShardTrainer.train` checks by checksum.
"""

from __future__ import annotations

import ctypes
import os
import threading
from array import array
from ctypes import byref, c_double, c_float, c_uint32, c_uint64, c_size_t
from typing import Any, Callable, Dict, List, Optional, Sequence

from . import _capi
from ._compat import PathLike, encode_path
from .vocab import Vocab
from .word2vec import Word2Vec

__all__ = ["ShardTrainer", "ThreadEngine", "MPIEngine", "RULES", "run_threads"]

#: Combining rules: name -> w2v_sync_scale value.
RULES = {"sum": _capi.W2V_SYNC_SUM, "mean": _capi.W2V_SYNC_MEAN, "touched": _capi.W2V_SYNC_TOUCHED}

_MATRICES = (_capi.W2V_MATRIX_INPUT, _capi.W2V_MATRIX_OUTPUT, _capi.W2V_MATRIX_HS)


class ShardTrainer:
    """One worker: its byte range of ``corpus_file`` (the file cut into ``engine.size`` equal parts,
    each end moved to a word start by the library) and its replica, a :class:`w2v.Word2Vec` made with
    ``word2vec_kwargs`` (the same on every worker; ``workers`` must stay 1: the parallelism is the
    engine's)."""

    def __init__(self, corpus_file: PathLike, engine: Any, *, sync_words: int = 100_000, rule: str = "mean",
                 **word2vec_kwargs: Any) -> None:
        if rule not in RULES:
            raise ValueError("rule must be one of %s, not %r" % (", ".join(sorted(RULES)), rule))
        if sync_words < 1:
            raise ValueError("sync_words must be at least 1, not %r" % (sync_words,))
        self.corpus_file = os.fspath(corpus_file)
        self.engine = engine
        self.sync_words = int(sync_words)
        self.rule = rule
        size = os.path.getsize(self.corpus_file)
        self.begin = size * engine.rank // engine.size
        self.end = size * (engine.rank + 1) // engine.size
        self.model = Word2Vec(**word2vec_kwargs)
        #: Bytes sent by this worker's allreduce calls (its share of the exchange).
        self.bytes_exchanged = 0
        self.rounds = 0

    def _library_model(self) -> Any:
        memory = self.model._slot.get()
        return memory.library, memory.ptr

    def build_vocab(self) -> None:
        """Counts this worker's range, merges every worker's counts in rank order and builds the model
        (identical on every worker: same vocabulary, same seed)."""
        with Vocab() as mine:
            mine.add_file_range(self.corpus_file, self.begin, self.end)
            shards = self.engine.allgather(mine.counts_bytes())
        merged = Vocab()
        try:
            for data in shards:
                merged.add_counts_bytes(data)
            self.model.build_vocab(vocab=merged)
        finally:
            merged.close()
        library, model = self._library_model()
        if self.rule == "mean" and self.engine.size > 1:
            self._scale_learning_rate(library, model, self.engine.size)
        self._check_identical("after building the model")

    @staticmethod
    def _scale_learning_rate(library: Any, model: Any, factor: int) -> None:
        """Multiplies alpha and min_alpha by ``factor`` (averaging divides each worker's step by it)."""
        start, end = c_double(), c_double()
        library.w2v_model_learning_rate(model, 0.0, byref(start))
        library.w2v_model_learning_rate(model, 1.0, byref(end))
        params = ctypes.POINTER(_capi.w2v_params)()
        library.w2v_model_get_params(byref(params), model)
        try:
            library.w2v_params_set_float(params, _capi.W2V_PARAM_ALPHA, start.value * factor)
            library.w2v_params_set_float(params, _capi.W2V_PARAM_MIN_ALPHA, end.value * factor)
            library.w2v_model_set_params(model, params)
        finally:
            library.w2v_params_free(params)

    def checksums(self) -> Dict[int, int]:
        """XXH64 of each weight matrix the model has (``w2v_matrix`` value -> checksum)."""
        library, model = self._library_model()
        result = {}
        for matrix in _MATRICES:
            rows, columns = c_size_t(), c_size_t()
            library.w2v_model_matrix_shape(model, matrix, byref(rows), byref(columns))
            if rows.value:
                value = c_uint64()
                library.w2v_model_matrix_checksum(model, matrix, byref(value))
                result[matrix] = value.value
        return result

    def _check_identical(self, when: str) -> None:
        sums = self.engine.allgather(self.checksums())
        if any(s != sums[0] for s in sums):
            raise RuntimeError("the workers' weights differ %s (checksums %r)" % (when, sums))

    def sync(self) -> None:
        """Sums every matrix's delta over the workers and applies it with the rule; afterwards every
        worker holds the same weights, the new sync base."""
        library, model = self._library_model()
        scale = RULES[self.rule]
        for matrix in _MATRICES:
            rows, columns = c_size_t(), c_size_t()
            library.w2v_model_matrix_shape(model, matrix, byref(rows), byref(columns))
            if not rows.value:
                continue
            count = rows.value * columns.value
            deltas = (c_float * count)()
            library.w2v_sync_delta(model, matrix, 0, rows.value, deltas, count)
            touched = None
            if self.rule == "touched":
                touched = (c_uint32 * rows.value)()
                library.w2v_sync_touched(model, matrix, 0, rows.value, touched, rows.value)
                self._allreduce(touched)
            self._allreduce(deltas)
            library.w2v_sync_apply(model, matrix, 0, rows.value, deltas, count, scale, self.engine.size,
                                   touched, rows.value if touched is not None else 0)

    def _allreduce(self, buffer: Any) -> None:
        self.bytes_exchanged += ctypes.sizeof(buffer)
        self.engine.allreduce_sum(buffer)

    def train(self, callback: Optional[Callable[[int, float], None]] = None) -> int:
        """Trains the model's epochs over the worker's range in global rounds, syncing after each, and
        checks that every worker ends with the same weights. ``callback(round, progress)`` is called
        after each sync. Returns the words this worker trained."""
        library, model = self._library_model()
        library.w2v_sync_take_base(model)
        path = encode_path(self.corpus_file)
        epochs = self.model.epochs
        total = max(1, library.w2v_model_epoch_words(model)) * epochs
        workers = self.engine.size
        done = 0.0
        mine = 0
        resume, words, loss = c_uint64(), c_uint64(), c_double()
        for _ in range(epochs):
            offset = self.begin
            while True:
                trained = 0
                if offset < self.end:
                    first = min(1.0, done / total)
                    last = min(1.0, (done + workers * self.sync_words) / total)
                    library.w2v_model_train_file_range(model, path, offset, self.end, first, last, self.sync_words,
                                                       byref(resume), byref(words), byref(loss))
                    offset = resume.value
                    trained = words.value
                    mine += trained
                state = (c_double * 2)(trained, 1.0 if offset < self.end else 0.0)
                self._allreduce(state)
                done += state[0]
                self.sync()
                self.rounds += 1
                if callback is not None:
                    callback(self.rounds, min(1.0, done / total))
                if state[1] == 0:
                    break
        self._check_identical("after the last sync")
        library.w2v_sync_drop_base(model)
        return mine


def _sum_in_rank_order(buffers: Sequence[bytes], typecode: str) -> Any:
    """The element-wise sum, added in rank order (so every rank computes the same bits)."""
    try:
        import numpy
    except ImportError:
        numpy = None
    if numpy is not None:
        dtype = {"f": numpy.float32, "d": numpy.float64, "I": numpy.uint32}[typecode]
        result = numpy.frombuffer(buffers[0], dtype=dtype).copy()
        for data in buffers[1:]:
            result += numpy.frombuffer(data, dtype=dtype)
        return result
    total = array(typecode, buffers[0])
    for data in buffers[1:]:
        other = array(typecode, data)
        for i, value in enumerate(other):
            total[i] += value
    return total


_TYPECODES = {c_float: "f", c_double: "d", c_uint32: "I"}


class ThreadEngine:
    """``size`` workers as threads of this process: ``engine.rank_view(r)`` is worker r's engine."""

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError("size must be at least 1")
        self.size = size
        # A timeout turns a deadlock (a worker that left the rounds early) into BrokenBarrierError.
        self._barrier = threading.Barrier(size, timeout=600)
        self._slots: List[Any] = [None] * size

    def rank_view(self, rank: int) -> "_ThreadRank":
        return _ThreadRank(self, rank)


class _ThreadRank:
    def __init__(self, engine: ThreadEngine, rank: int) -> None:
        self._engine = engine
        self.rank = rank
        self.size = engine.size

    def allgather(self, obj: Any) -> List[Any]:
        engine = self._engine
        engine._slots[self.rank] = obj
        engine._barrier.wait()
        gathered = list(engine._slots)
        engine._barrier.wait()
        return gathered

    def allreduce_sum(self, buffer: Any) -> None:
        typecode = _TYPECODES[buffer._type_]
        parts = self.allgather(bytes(buffer))
        total = _sum_in_rank_order(parts, typecode)
        ctypes.memmove(buffer, total.tobytes(), ctypes.sizeof(buffer))


def run_threads(size: int, work: Callable[[Any], Any]) -> List[Any]:
    """Runs ``work(engine)`` for every rank of a :class:`ThreadEngine` on its own thread; returns the
    results in rank order, or raises the first worker's exception (the others are then aborted)."""
    engine = ThreadEngine(size)
    results: List[Any] = [None] * size
    errors: List[BaseException] = []

    def run(rank: int) -> None:
        try:
            results[rank] = work(engine.rank_view(rank))
        except BaseException as error:  # noqa: B902 - re-raised on the calling thread
            errors.append(error)
            engine._barrier.abort()

    threads = [threading.Thread(target=run, args=(rank,)) for rank in range(size)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results


class MPIEngine:
    """The engine over an mpi4py communicator (``MPI.COMM_WORLD`` by default). Needs mpi4py."""

    def __init__(self, comm: Any = None) -> None:
        from mpi4py import MPI  # optional dependency: only this engine needs it

        self._mpi = MPI
        self.comm = comm if comm is not None else MPI.COMM_WORLD
        self.rank = self.comm.Get_rank()
        self.size = self.comm.Get_size()
        self._types = {c_float: MPI.FLOAT, c_double: MPI.DOUBLE, c_uint32: MPI.UINT32_T}

    def allgather(self, obj: Any) -> List[Any]:
        return self.comm.allgather(obj)

    def allreduce_sum(self, buffer: Any) -> None:
        self.comm.Allreduce(self._mpi.IN_PLACE, [buffer, self._types[buffer._type_]], op=self._mpi.SUM)
