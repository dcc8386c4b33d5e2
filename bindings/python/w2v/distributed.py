"""Data-parallel training (issue 15): each worker trains its own byte range of a corpus file on its own
replica of the model, and the workers combine their changes at syncs.

The worker, :class:`ShardTrainer`, is engine-neutral: it needs an *engine* that knows the worker's
``rank`` and the number of workers ``size`` and offers two collectives, ``allgather(obj) -> list`` (in
rank order) and ``allreduce_sum(buffer)`` (a ctypes array summed over the workers in place, the same
result on every worker). :class:`MPIEngine` is that engine over mpi4py (``mpirun -np N python ...``);
:class:`ThreadEngine` runs N workers as threads of one process (ctypes releases the GIL during library
calls), for tests and single-machine runs.

A run: every worker counts its shard (``Vocab.add_file_range``; blocks of ``block_bytes`` dealt
round-robin by default, see :func:`shard_ranges`), the counts are gathered as bytes and merged in rank
order, every worker builds the same model from the same seed, then trains in rounds: ``sync_words``
words each (to a sentence end), then every weight matrix's delta against the last sync is summed over
the workers and applied with the rule (``"mean"`` with the learning rate multiplied by the number of
workers, which the issue's measurements found to hold accuracy at 4 workers where ``"sum"`` diverged;
``"sum"``; ``"touched"``, Spark MLlib's; with ``average_rows`` the hottest rows averaged at N times
the learning rate and the rest at the base rate; the default ``"auto"`` is ``"mean"`` for skip-gram
and ``"sum"`` with the 1,024 hottest rows averaged for CBOW), over every row or, with ``hot_rows``,
over pWord2Vec's frequency tiers (:func:`sync_rows`) with every row at the end of each epoch. Rounds
are counted globally: a worker whose shard is used up still joins every round until all are, so
unequal shards never deadlock. After the last round every worker holds the same weights, which
:meth:`ShardTrainer.train` checks by checksum. Checkpoints (worker 0, after each epoch) are the files
``w2v-mpi -checkpoint`` writes, so either can resume the other's.
"""

from __future__ import annotations

import ctypes
import os
import threading
from array import array
from concurrent.futures import ThreadPoolExecutor
from ctypes import byref, c_double, c_float, c_uint32, c_uint64, c_size_t
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from . import _capi
from ._compat import PathLike, encode_path
from .vocab import Vocab
from .word2vec import Word2Vec

__all__ = ["ShardTrainer", "ThreadEngine", "MPIEngine", "RULES", "run_threads", "shard_ranges", "sync_rows", "Traffic"]

#: Combining rules: name -> w2v_sync_scale value.
RULES = {"sum": _capi.W2V_SYNC_SUM, "mean": _capi.W2V_SYNC_MEAN, "touched": _capi.W2V_SYNC_TOUCHED}

_MATRICES = (_capi.W2V_MATRIX_INPUT, _capi.W2V_MATRIX_OUTPUT, _capi.W2V_MATRIX_HS)


def shard_ranges(file_size: int, rank: int, size: int, block_bytes: int = 8192) -> List[Tuple[int, int]]:
    """The byte ranges worker ``rank`` of ``size`` trains, in order. With ``block_bytes`` 0 one
    contiguous part, the ``size``-th of the file; otherwise blocks of ``block_bytes`` dealt
    round-robin (block i to worker i mod ``size``), so that at every round the workers train
    neighbouring parts of the corpus, as one process would. The library moves every cut forward to a
    word start, so the ranges of all workers train every word of the file exactly once."""
    if block_bytes == 0:
        return [(file_size * rank // size, file_size * (rank + 1) // size)]
    blocks = -(-file_size // block_bytes)
    return [(block * block_bytes, min(file_size, (block + 1) * block_bytes)) for block in range(rank, blocks, size)]


def sync_rows(hot_rows: int, sync: int, full: bool) -> Optional[int]:
    """The rows sync number ``sync`` (1, 2, ... within an epoch) covers, pWord2Vec's schedule over the
    frequency-ordered rows: ``hot_rows`` x 2^(trailing zeros of ``sync``); None (every row) when
    ``hot_rows`` is 0 or ``full``."""
    if full or hot_rows == 0:
        return None
    return hot_rows << ((sync & -sync).bit_length() - 1)


class Traffic:
    """What one worker sent in an epoch's syncs."""

    def __init__(self) -> None:
        self.syncs = self.full_syncs = self.bytes = self.largest = 0
        self.smallest: Optional[int] = None

    def add(self, sent: int, full: bool) -> None:
        self.syncs += 1
        self.full_syncs += full
        self.bytes += sent
        self.largest = max(self.largest, sent)
        self.smallest = sent if self.smallest is None else min(self.smallest, sent)

    def __repr__(self) -> str:
        return "Traffic(syncs=%d, full_syncs=%d, bytes=%d, smallest=%s, largest=%d)" % (
            self.syncs, self.full_syncs, self.bytes, self.smallest, self.largest)


class ShardTrainer:
    """One worker: its shard of ``corpus_file`` (:func:`shard_ranges`: blocks of ``block_bytes`` dealt
    round-robin, or with 0 one contiguous part) and its replica, a :class:`w2v.Word2Vec` made with
    ``word2vec_kwargs`` (the same on every worker; ``workers`` must stay 1: the parallelism is the
    engine's). ``rule``: how the workers' changes combine (:attr:`rule`; "auto" picks by architecture).
    ``hot_rows`` K > 0 syncs only the K most frequent rows at each sync, 2K at every second
    and so on (pWord2Vec's tiers), every row at the end of each epoch. ``average_rows`` H > 0 (with the
    rules "sum" and "touched") averages the H most frequent rows instead; those train at N times the
    learning rate and the rest at the base rate (per-row learning rates, as ``w2v-mpi``), which holds
    CBOW's accuracy at 8 workers where averaging every row does not. ``checkpoint``: a path where
    worker 0 saves the model (native) with a state file after each epoch; :meth:`resume` continues
    from one (the same files as ``w2v-mpi -checkpoint``). ``threads`` T > 1: the worker's shard is
    dealt to T local threads (as to T x size workers) that train their shares of each round at once
    on the worker's replica (Hogwild, as ``w2v-mpi -threads``)."""

    def __init__(self, corpus_file: PathLike, engine: Any, *, sync_words: int = 100_000, rule: str = "auto",
                 block_bytes: int = 8192, hot_rows: int = 0, average_rows: Optional[int] = None,
                 checkpoint: Optional[PathLike] = None, threads: int = 1, **word2vec_kwargs: Any) -> None:
        if rule not in RULES and rule != "auto":
            raise ValueError("rule must be auto or one of %s, not %r" % (", ".join(sorted(RULES)), rule))
        for name, value, least in (("sync_words", sync_words, 1), ("block_bytes", block_bytes, 0), ("hot_rows", hot_rows, 0),
                                   ("average_rows", 0 if average_rows is None else average_rows, 0), ("threads", threads, 1)):
            if value < least:
                raise ValueError("%s must be at least %d, not %r" % (name, least, value))
        self.corpus_file = os.fspath(corpus_file)
        self.engine = engine
        self.sync_words = int(sync_words)
        self._rule = rule
        self.block_bytes = int(block_bytes)
        self.hot_rows = int(hot_rows)
        self._average_rows = None if average_rows is None else int(average_rows)
        self.checkpoint = None if checkpoint is None else os.fspath(checkpoint)
        self.threads = int(threads)
        size = os.path.getsize(self.corpus_file)
        #: Each local thread's byte ranges; ``ranges`` has them all, thread after thread.
        self.thread_ranges = [shard_ranges(size, engine.rank * self.threads + t, engine.size * self.threads, self.block_bytes)
                              for t in range(self.threads)]
        self.ranges = [r for ranges in self.thread_ranges for r in ranges]
        self.model = Word2Vec(**word2vec_kwargs)
        self._epochs_wanted = word2vec_kwargs.get("epochs")
        #: Epochs the model holds (more than 0 after :meth:`resume`).
        self.epochs_done = 0
        #: Bytes sent by this worker's allreduce calls (its share of the exchange).
        self.bytes_exchanged = 0
        self.rounds = 0
        #: Per epoch trained: the words all workers trained, and this worker's :class:`Traffic`.
        self.epoch_words: List[int] = []
        self.traffic: List[Traffic] = []

    @property
    def rule(self) -> str:
        """The combining rule: the one given, or for "auto" (the default) what held accuracy at 2, 4 and
        8 workers: "mean" for skip-gram, "sum" (with the 1,024 hottest rows averaged) for CBOW."""
        if self._rule != "auto":
            return self._rule
        return "mean" if self.model.sg else "sum"

    @property
    def average_rows(self) -> int:
        """The hottest rows averaged under "sum" or "touched": the number given, else 1,024 for CBOW
        under "auto" and 0 otherwise."""
        if self._average_rows is not None:
            return self._average_rows
        return 1024 if self._rule == "auto" and not self.model.sg else 0

    def _library_model(self) -> Any:
        memory = self.model._slot.get()
        return memory.library, memory.ptr

    def build_vocab(self) -> None:
        """Counts this worker's shard, merges every worker's counts in rank order and builds the model
        (identical on every worker: same vocabulary, same seed). Interleaved blocks merged in rank
        order are not in corpus order, so ties are then ordered by bytes."""
        with Vocab() as mine:
            for begin, end in self.ranges:
                mine.add_file_range(self.corpus_file, begin, end)
            shards = self.engine.allgather(mine.counts_bytes())
        merged = Vocab()
        try:
            for data in shards:
                merged.add_counts_bytes(data)
            if self.block_bytes and self.engine.size * self.threads > 1:
                merged.order_ties_by_bytes()
            self.model.build_vocab(vocab=merged)
        finally:
            merged.close()
        self._check_identical("after building the model")

    def resume(self, path: PathLike) -> None:
        """Continues from a checkpoint instead of :meth:`build_vocab`: loads the model on every worker
        and checks the state file beside it (epochs done, the input matrix's checksum). The epochs
        given to the constructor, if any, become the model's total."""
        path = os.fspath(path)
        model = Word2Vec.load(path)
        with open(path + ".state") as state:
            fields = state.read().split()
        if len(fields) != 6 or fields[:3] != ["w2v-mpi", "checkpoint", "epochs_done"] or fields[4] != "input_checksum":
            raise ValueError("%s.state is not a w2v-mpi checkpoint state" % path)
        self.model = model
        if int(fields[5], 16) != self.checksums()[_capi.W2V_MATRIX_INPUT]:
            raise ValueError("%s.state does not describe %s (the weights' checksum differs)" % (path, path))
        self.epochs_done = int(fields[3])
        self._check_identical("after loading the checkpoint")

    def _set_training_settings(self, first_alpha: float, last_alpha: float, seed: int, epochs: int) -> None:
        self.model._continue_with(alpha=first_alpha, min_alpha=last_alpha, seed=seed, epochs=epochs)

    def _set_row_rates(self, mixed: bool) -> None:
        """With ``mixed``, factor 1 / N on the learning rate of every row past the ``average_rows``
        hottest (hierarchical softmax's hot rows are its last); otherwise every factor 1."""
        library, model = self._library_model()
        for matrix in _MATRICES:
            rows, columns = c_size_t(), c_size_t()
            library.w2v_model_matrix_shape(model, matrix, byref(rows), byref(columns))
            if not rows.value:
                continue
            if not mixed:
                library.w2v_model_set_matrix_learning_rate(model, matrix, None, 0)
                continue
            averaged = min(self.average_rows, rows.value)
            first = rows.value - averaged if matrix == _capi.W2V_MATRIX_HS else 0
            factors = (c_float * rows.value)(*([1.0 / self.engine.size] * rows.value))
            for i in range(first, first + averaged):
                factors[i] = 1.0
            library.w2v_model_set_matrix_learning_rate(model, matrix, factors, rows.value)

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

    def sync(self, rows: Optional[int] = None) -> int:
        """Sums every matrix's delta over the workers and applies it with the rule, over the ``rows``
        most frequent rows (every row when None: afterwards every worker holds the same weights, the
        new sync base). Hierarchical softmax's hot inner nodes are its last rows (the root is the
        last). Returns the bytes this worker sent."""
        library, model = self._library_model()
        scale = RULES[self.rule]
        sent = self.bytes_exchanged
        for matrix in _MATRICES:
            total, columns = c_size_t(), c_size_t()
            library.w2v_model_matrix_shape(model, matrix, byref(total), byref(columns))
            if not total.value:
                continue
            count_rows = total.value if rows is None else min(rows, total.value)
            first = total.value - count_rows if matrix == _capi.W2V_MATRIX_HS else 0
            count = count_rows * columns.value
            deltas = (c_float * count)()
            library.w2v_sync_delta(model, matrix, first, first + count_rows, deltas, count)
            touched = None
            if self.rule == "touched":
                touched = (c_uint32 * count_rows)()
                library.w2v_sync_touched(model, matrix, first, first + count_rows, touched, count_rows)
                self._allreduce(touched)
            self._allreduce(deltas)
            # The hottest rows (the first; hierarchical softmax's last) averaged, the rest with the rule.
            averaged = min(self.average_rows, count_rows)
            hot = count_rows - averaged if matrix == _capi.W2V_MATRIX_HS else 0
            rest = 0 if matrix == _capi.W2V_MATRIX_HS else averaged
            width = columns.value
            if averaged:
                library.w2v_sync_apply(model, matrix, first + hot, first + hot + averaged,
                                       _element(deltas, hot * width), averaged * width, RULES["mean"],
                                       self.engine.size, None, 0)
            if count_rows - averaged:
                library.w2v_sync_apply(model, matrix, first + rest, first + count_rows - averaged + rest,
                                       _element(deltas, rest * width), (count_rows - averaged) * width, scale,
                                       self.engine.size, None if touched is None else _element(touched, rest),
                                       count_rows - averaged if touched is not None else 0)
        return self.bytes_exchanged - sent

    def _allreduce(self, buffer: Any) -> None:
        self.bytes_exchanged += ctypes.sizeof(buffer)
        self.engine.allreduce_sum(buffer)

    def train(self, callback: Optional[Callable[[int, float], None]] = None, stop_after: Optional[int] = None) -> int:
        """Trains the model's remaining epochs over the worker's shard in global rounds, syncing after
        each, saves a checkpoint after each epoch when asked, and checks that every worker ends with
        the same weights. ``callback(round, progress)`` is called after each sync. ``stop_after``:
        stop once that many epochs are done (the schedule stays the model's epochs; :meth:`resume`
        from the checkpoint then trains exactly as a run never stopped). Returns the words this worker
        trained."""
        if stop_after is not None and stop_after < 1:
            raise ValueError("stop_after must be at least 1, not %r" % (stop_after,))
        library, model = self._library_model()
        epochs = int(self._epochs_wanted or self.model.epochs)
        first_alpha, last_alpha = c_double(), c_double()
        library.w2v_model_learning_rate(model, 0.0, byref(first_alpha))
        library.w2v_model_learning_rate(model, 1.0, byref(last_alpha))
        seed = int(self.model.seed)
        workers = self.engine.size
        # Averaging divides each worker's step by N: averaged rows train at N times the learning rate,
        # and when only the average_rows hottest are averaged, the summed rest at the base rate (factor
        # 1 / N on those rows). Each worker draws its own random streams (the seed plus its rank), so
        # that workers do not sample the same negatives.
        mixed = self.rule != "mean" and self.average_rows > 0 and workers > 1
        factor = workers if self.rule == "mean" or self.average_rows > 0 else 1

        def settings(scaled: bool) -> None:
            if scaled:
                self._set_training_settings(first_alpha.value * factor, last_alpha.value * factor, seed + self.engine.rank, epochs)
            else:
                self._set_training_settings(first_alpha.value, last_alpha.value, seed, epochs)
            self._set_row_rates(scaled and mixed)

        settings(True)
        library.w2v_sync_take_base(model)
        path = encode_path(self.corpus_file)
        epoch_words = max(1, library.w2v_model_epoch_words(model))
        total = epoch_words * epochs
        done = float(epoch_words * self.epochs_done)
        mine = 0
        share = -(-self.sync_words // self.threads)
        # Threads 1.. of the worker; thread 0 trains on the caller's.
        with ThreadPoolExecutor(max_workers=max(1, self.threads - 1)) as pool:
            for _ in range(self.epochs_done, epochs if stop_after is None else min(epochs, stop_after)):
                trained, done = self._train_epoch(library, model, path, done, total, share, pool, callback)
                mine += trained
                if self.checkpoint is not None:
                    settings(False)
                    self._save_checkpoint()
                    settings(True)
        self._check_identical("after the last sync")
        settings(False)
        library.w2v_sync_drop_base(model)
        return mine

    def _train_epoch(self, library: Any, model: Any, path: bytes, done: float, total: float, share: int,
                     pool: ThreadPoolExecutor, callback: Optional[Callable[[int, float], None]]) -> Tuple[int, float]:
        """One epoch in rounds; returns the words this worker trained and the words all have trained."""
        workers = self.engine.size
        traffic = Traffic()
        trained_by_all = mine = 0
        local = [_LocalThread(ranges) for ranges in self.thread_ranges]
        while True:
            round_ = (library, model, path, share, done, total, workers * self.threads, (done + workers * self.sync_words) / total)
            others = [pool.submit(thread.train, *round_) for thread in local[1:]]
            try:
                local[0].train(*round_)
            finally:
                for other in others:
                    other.result()  # waits, and re-raises a thread's failure
            trained = sum(thread.trained for thread in local)
            mine += trained
            state = (c_double * 2)(trained, 1.0 if any(thread.current is not None for thread in local) else 0.0)
            self._allreduce(state)
            done += state[0]
            trained_by_all += int(state[0])
            full = state[1] == 0
            rows = sync_rows(self.hot_rows, traffic.syncs + 1, full)
            # Full: every row of every matrix (as w2v-mpi counts it), not only an epoch's last sync.
            traffic.add(self.sync(rows), rows is None or rows >= len(self.model.wv))
            self.rounds += 1
            if callback is not None:
                callback(self.rounds, min(1.0, done / total))
            if full:
                break
        # Every worker makes as many training calls per epoch as the busiest (the others make empty
        # ones): the calls number the random streams, so every worker's count equals worker 0's,
        # which a checkpoint saves and a resume gives every worker.
        calls = sum(thread.calls for thread in local)
        now = min(1.0, done / total)
        for _ in range(calls, max(self.engine.allgather(calls))):
            library.w2v_model_train_file_range(model, path, 0, 0, now, now, 1, None, None, None)
        self.epoch_words.append(trained_by_all)
        self.traffic.append(traffic)
        self.epochs_done += 1
        return mine, done

    def _save_checkpoint(self) -> None:
        """Worker 0 saves the model, then the state file (each by rename; the state names the input
        matrix's checksum, so a crash between them leaves a pair :meth:`resume` refuses)."""
        if self.engine.rank == 0:
            assert self.checkpoint is not None
            self.model.save(self.checkpoint)
            state = self.checkpoint + ".state"
            with open(state + ".tmp", "w") as out:
                out.write("w2v-mpi checkpoint\nepochs_done %d\ninput_checksum %016x\n"
                          % (self.epochs_done, self.checksums()[_capi.W2V_MATRIX_INPUT]))
            os.replace(state + ".tmp", state)
        self.engine.allgather(None)  # no worker goes on before the checkpoint is complete


class _LocalThread:
    """One local thread's place in its byte ranges during an epoch, and its last round."""

    def __init__(self, ranges: List[Tuple[int, int]]) -> None:
        self.parts = iter(ranges)
        self.current = next(self.parts, None)
        self.offset = self.current[0] if self.current else 0
        self.calls = self.trained = 0

    def train(self, library: Any, model: Any, path: bytes, budget: int, done: float, total: float,
              workers: int, round_end: float) -> None:
        """Trains up to ``budget`` words of its ranges, at the global progress: ``done`` of ``total``
        words before the round, every one of ``workers`` (ranks x threads) as far as this one."""
        resume, words = c_uint64(), c_uint64()
        self.trained = 0
        while self.current is not None and self.trained < budget:
            first = min(1.0, (done + workers * self.trained) / total)
            last = max(first, min(1.0, round_end))
            library.w2v_model_train_file_range(model, path, self.offset, self.current[1], first, last,
                                               budget - self.trained, byref(resume), byref(words), None)
            self.calls += 1
            self.trained += words.value
            self.offset = resume.value
            if self.offset >= self.current[1]:
                self.current = next(self.parts, None)
                self.offset = self.current[0] if self.current else 0


def _element(array_: Any, index: int) -> Any:
    """A pointer to element ``index`` of a ctypes array."""
    return ctypes.cast(ctypes.addressof(array_) + index * ctypes.sizeof(array_._type_), ctypes.POINTER(array_._type_))


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


class RayEngine:
    """Worker ``rank`` of ``size`` over Ray: the workers are actors (:func:`run_ray`), each owning its
    model and shard, and their collectives meet in one rendezvous actor through Ray's object store
    (each worker sends its buffer and receives the sum). Needs ``ray`` (``pip install w2v[ray]``)."""

    def __init__(self, rank: int, size: int, rendezvous: Any) -> None:
        self.rank = rank
        self.size = size
        self._rendezvous = rendezvous
        self._calls = 0  # collectives are called in the same order on every worker: their number keys them

    def _meet(self, method: str, value: Any) -> Any:
        import ray

        self._calls += 1
        return ray.get(getattr(self._rendezvous, method).remote(self._calls, self.rank, value))

    def allgather(self, obj: Any) -> List[Any]:
        return self._meet("gather", obj)

    def allreduce_sum(self, buffer: Any) -> None:
        total = self._meet("reduce", (bytes(buffer), _TYPECODES[buffer._type_]))
        ctypes.memmove(buffer, total, ctypes.sizeof(buffer))


class _Rendezvous:
    """Ray's side of :class:`RayEngine`: an async actor where each collective waits for every worker's
    part, then answers all of them (the parts in rank order, or their sum added in rank order)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.meetings: Dict[int, Dict[str, Any]] = {}

    async def _meet(self, call: int, rank: int, value: Any) -> Dict[str, Any]:
        import asyncio

        meeting = self.meetings.setdefault(call, {"parts": [None] * self.size, "arrived": 0, "left": 0, "ready": asyncio.Event()})
        meeting["parts"][rank] = value
        meeting["arrived"] += 1
        if meeting["arrived"] == self.size:
            meeting["ready"].set()
        await meeting["ready"].wait()
        meeting["left"] += 1
        if meeting["left"] == self.size:
            del self.meetings[call]
        return meeting

    async def gather(self, call: int, rank: int, obj: Any) -> List[Any]:
        return (await self._meet(call, rank, obj))["parts"]

    async def reduce(self, call: int, rank: int, part: Tuple[bytes, str]) -> bytes:
        meeting = await self._meet(call, rank, part)
        if "sum" not in meeting:  # the first worker to wake adds the parts; the coroutines share one thread
            parts = meeting["parts"]
            meeting["sum"] = _sum_in_rank_order([data for data, _ in parts], parts[0][1]).tobytes()
        return meeting["sum"]


class _RayWorker:
    """One worker actor: runs ``work(engine)`` with its :class:`RayEngine`."""

    def __init__(self, rank: int, size: int, rendezvous: Any) -> None:
        self.engine = RayEngine(rank, size, rendezvous)

    def run(self, work: Callable[[Any], Any]) -> Any:
        return work(self.engine)


def run_ray(size: int, work: Callable[[Any], Any], **actor_options: Any) -> List[Any]:
    """Runs ``work(engine)`` for every rank of ``size`` Ray actors (in the Ray cluster this process
    is connected to; ``ray.init()`` first) and returns their results in rank order, which must pickle
    (a :class:`w2v.Word2Vec` does). ``actor_options`` go to the workers' ``.options()`` (``num_cpus``,
    ``scheduling_strategy``, ...)."""
    import ray

    if size < 1:
        raise ValueError("size must be at least 1")
    rendezvous = ray.remote(_Rendezvous).options(max_concurrency=max(2, size)).remote(size)
    worker_class = ray.remote(_RayWorker)
    workers = [worker_class.options(**actor_options).remote(rank, size, rendezvous) for rank in range(size)]
    try:
        return ray.get([worker.run.remote(work) for worker in workers])
    finally:
        for actor in workers + [rendezvous]:
            ray.kill(actor)
