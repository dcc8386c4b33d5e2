"""w2v.distributed: counts as bytes, shard workers over the thread engine (identical weights, planted
relations learnt, unequal shards), the MPI engine when mpi4py is installed, and the reproducible
threaded mode (sync_words)."""

import ctypes
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import support  # first: puts the package beside the tests on sys.path
import w2v
from w2v import distributed

corpus, setUpModule, tearDownModule = support.module_corpus()

SETTINGS = dict(vector_size=40, window=5, min_count=2, sg=1, negative=5, epochs=5, seed=1)


class CountsTests(unittest.TestCase):
    def test_shard_counts_merged_in_order_equal_the_whole_file(self):
        path = str(corpus.path)
        size = os.path.getsize(path)
        cuts = [0, 1, size // 3, size // 3 + 7, size]
        merged = w2v.Vocab()
        for begin, end in zip(cuts, cuts[1:]):
            with w2v.Vocab() as shard:
                shard.add_file_range(path, begin, end)
                merged.add_counts_bytes(shard.counts_bytes())
        whole = w2v.Vocab()
        whole.add_file(path)
        # The same words, counts and order; only the sentence count (the first line) grows by a
        # sentence end at each cut inside a line.
        self.assertEqual(merged.counts_bytes().split(b"\n", 1)[1], whole.counts_bytes().split(b"\n", 1)[1])
        self.assertEqual(merged.total_words, whole.total_words)

    def test_tie_order_by_bytes(self):
        forward, backward = w2v.Vocab(), w2v.Vocab()
        first, second = w2v.Vocab(), w2v.Vocab()
        first.add_text("b a c c\n")
        second.add_text("a d b c\n")
        for target, order in ((forward, (first, second)), (backward, (second, first))):
            for part in order:
                target.add_counts_bytes(part.counts_bytes())
        self.assertNotEqual(forward.counts_bytes(), backward.counts_bytes())
        forward.order_ties_by_bytes()
        backward.order_ties_by_bytes()
        self.assertEqual(forward.counts_bytes(), backward.counts_bytes())
        self.assertEqual(forward.counts_bytes(), b"</s> 2\nc 3\na 2\nb 2\nd 1\n")

    def test_malformed_counts_raise(self):
        with w2v.Vocab() as vocab:
            with self.assertRaises(w2v.errors.FormatError):
                vocab.add_counts_bytes(b"word notanumber\n")
            self.assertEqual(len(vocab), 0)


class ShardTrainerTests(unittest.TestCase):
    def train(self, workers, path, **options):
        def work(engine):
            trainer = distributed.ShardTrainer(path, engine, **{**SETTINGS, **options})
            trainer.build_vocab()
            words = trainer.train()
            return trainer, words

        return distributed.run_threads(workers, work)

    def test_two_workers_end_identical_and_learn_the_relations(self):
        results = self.train(2, corpus.path, sync_words=20000)
        (first, words0), (second, words1) = results
        self.assertEqual(first.checksums(), second.checksums())
        library, model = first._library_model()
        self.assertEqual(words0 + words1, first.model.epochs * library.w2v_model_epoch_words(model), "every word once per epoch")
        self.assertGreater(first.rounds, first.model.epochs)
        self.assertGreater(first.bytes_exchanged, 0)
        wv = first.model.wv
        capitals = support.analogy_hits(wv, corpus.countries, corpus.capitals)
        pasts = support.analogy_hits(wv, corpus.verbs, corpus.pasts)
        self.assertGreaterEqual(capitals, 9, "country -> capital analogies answered: %d" % capitals)
        self.assertGreaterEqual(pasts, 9, "verb -> past analogies answered: %d" % pasts)

    def test_every_rule_and_unequal_shards_finish(self):
        # The second half of this file is blank lines: worker 1 has nothing to train, yet joins every round.
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "lopsided.txt")
            text = corpus.path.read_text()[:200000]
            with open(path, "w") as out:
                out.write(text + "\n" * len(text))
            for rule, averaged in (("sum", 0), ("mean", 0), ("touched", 0), ("sum", 20), ("touched", 20)):
                results = self.train(2, path, sync_words=3000, rule=rule, average_rows=averaged, epochs=1, hs=1, block_bytes=0)
                (first, words0), (second, words1) = results
                self.assertEqual(first.checksums(), second.checksums(), rule)
                self.assertGreater(words0, 0)
                self.assertEqual(words1, 0)

    def test_averaged_hot_rows_train_at_n_times_the_summed_rest(self):
        # rule sum with average_rows H: the H hottest rows (hierarchical softmax's last) are averaged and
        # train at N times the learning rate, the rest are summed and train at the base rate (factor
        # 1 / N on a worker that trains at N times it); the saved model keeps no factor.
        seen = []

        def work(engine):
            trainer = distributed.ShardTrainer(corpus.path, engine, **{**SETTINGS, "sg": 0, "hs": 1},
                                               sync_words=5000, rule="sum", average_rows=50)
            trainer.build_vocab()
            library, model = trainer._library_model()

            def factors(matrix):
                rows, columns = ctypes.c_size_t(), ctypes.c_size_t()
                library.w2v_model_matrix_shape(model, matrix, ctypes.byref(rows), ctypes.byref(columns))
                out = (ctypes.c_float * rows.value)()
                library.w2v_model_get_matrix_learning_rate(model, matrix, out, rows.value, None)
                return list(out)

            def callback(round_, progress):
                if round_ == 1 and engine.rank == 0:
                    seen.append({m: factors(m) for m in (0, 1, 2)})

            trainer.train(callback)
            return trainer, {m: factors(m) for m in (0, 1, 2)}

        results = distributed.run_threads(4, work)
        (first, after), (second, _) = results[0], results[1]
        self.assertEqual(first.checksums(), second.checksums())
        during = seen[0]
        for matrix in (0, 1):
            self.assertEqual(during[matrix][:50], [1.0] * 50)
            self.assertEqual(set(during[matrix][50:]), {0.25})
        self.assertEqual(during[2][-50:], [1.0] * 50, "hierarchical softmax's hot rows are its last")
        self.assertEqual(set(during[2][:-50]), {0.25})
        for matrix in (0, 1, 2):
            self.assertEqual(set(after[matrix]), {1.0}, "no factor stays after training")
        wv = first.model.wv
        capitals = support.analogy_hits(wv, corpus.countries, corpus.capitals)
        self.assertGreaterEqual(capitals, 8, "country -> capital analogies answered: %d" % capitals)

    def test_the_default_rule_depends_on_the_architecture(self):
        engine = distributed.ThreadEngine(1).rank_view(0)
        cases = ((dict(sg=1), "mean", 0), (dict(sg=0), "sum", 1024), (dict(sg=0, average_rows=10), "sum", 10),
                 (dict(sg=0, rule="mean"), "mean", 0), (dict(sg=1, rule="sum"), "sum", 0))
        for options, rule, averaged in cases:
            trainer = distributed.ShardTrainer(corpus.path, engine, **{**SETTINGS, **options})
            self.assertEqual((trainer.rule, trainer.average_rows), (rule, averaged), options)
            trainer.model.close()

    def test_shard_ranges_cover_every_byte_once(self):
        for size, block, workers in ((0, 10, 3), (1, 10, 3), (100, 10, 3), (101, 10, 4), (95, 7, 8), (100, 0, 3), (9, 4, 5)):
            ranges = sorted(r for rank in range(workers) for r in distributed.shard_ranges(size, rank, workers, block))
            covered = [end - begin for begin, end in ranges]
            self.assertTrue(all(n > 0 for n in covered) or block == 0, (size, block, workers, ranges))
            self.assertEqual(sum(covered), size, (size, block, workers))
            self.assertTrue(all(a[1] == b[0] for a, b in zip(ranges, ranges[1:])), ranges)
        self.assertEqual(distributed.shard_ranges(25, 1, 2, 5), [(5, 10), (15, 20)])

    def test_interleaved_blocks_train_every_word_once_per_epoch(self):
        results = self.train(3, corpus.path, sync_words=5000, block_bytes=4096, epochs=2)
        trainers = [trainer for trainer, _ in results]
        library, model = trainers[0]._library_model()
        per_epoch = library.w2v_model_epoch_words(model)
        self.assertEqual(sum(words for _, words in results), 2 * per_epoch)
        for trainer in trainers:
            self.assertEqual(trainer.epoch_words, [per_epoch, per_epoch])
            self.assertGreater(len(trainer.ranges), 1)
            # Without tiers every sync sends every row: each is a full sync, as w2v-mpi counts them.
            self.assertTrue(all(t.syncs > 1 and t.full_syncs == t.syncs for t in trainer.traffic), trainer.traffic)
            self.assertEqual(trainer.checksums(), trainers[0].checksums())
        self.assertGreaterEqual(support.analogy_hits(trainers[0].model.wv, corpus.countries, corpus.capitals), 8)

    def test_local_threads_train_every_word_once_per_epoch(self):
        for block_bytes in (0, 4096):
            results = self.train(2, corpus.path, sync_words=5000, block_bytes=block_bytes, threads=2, epochs=3)
            trainers = [trainer for trainer, _ in results]
            library, model = trainers[0]._library_model()
            per_epoch = library.w2v_model_epoch_words(model)
            self.assertEqual(sum(words for _, words in results), 3 * per_epoch, block_bytes)
            for trainer in trainers:
                self.assertEqual(trainer.epoch_words, [per_epoch] * 3)
                self.assertEqual(len(trainer.thread_ranges), 2)
                self.assertTrue(all(trainer.thread_ranges), "each thread has a part")
                self.assertEqual(trainer.checksums(), trainers[0].checksums())
            self.assertGreaterEqual(support.analogy_hits(trainers[0].model.wv, corpus.countries, corpus.capitals), 8)

    def test_fewer_blocks_than_workers_do_not_hang(self):
        size = os.path.getsize(str(corpus.path))
        results = self.train(3, corpus.path, sync_words=20000, block_bytes=size // 2 + 1, epochs=1)
        self.assertEqual([len(trainer.ranges) for trainer, _ in results], [1, 1, 0])
        self.assertEqual(results[2][1], 0)
        self.assertEqual(results[0][0].checksums(), results[2][0].checksums())

    def test_frequency_tiers(self):
        self.assertEqual([distributed.sync_rows(8, sync, False) for sync in range(1, 9)], [8, 16, 8, 32, 8, 16, 8, 64])
        self.assertIsNone(distributed.sync_rows(8, 3, True))
        self.assertIsNone(distributed.sync_rows(0, 2, False))
        results = self.train(2, corpus.path, sync_words=2000, hot_rows=8, epochs=2, hs=1)
        first, second = results[0][0], results[1][0]
        self.assertEqual(first.checksums(), second.checksums())
        dim = SETTINGS["vector_size"]
        for traffic in first.traffic:
            self.assertEqual(traffic.full_syncs, 1)
            self.assertGreater(traffic.syncs, 8)
            # Input, output and hierarchical softmax's matrices, 8 rows of dim floats each.
            self.assertEqual(traffic.smallest, 3 * 8 * dim * 4)
            library, model = first._library_model()
            words = library.w2v_model_vocab_size(model)
            self.assertEqual(traffic.largest, (2 * words + words - 1) * dim * 4)
        self.assertGreaterEqual(support.analogy_hits(first.model.wv, corpus.countries, corpus.capitals), 8)

    def test_checkpoint_and_resume(self):
        with tempfile.TemporaryDirectory() as directory:
            checkpoint = os.path.join(directory, "model.w2v")
            self.train(2, corpus.path, sync_words=20000, checkpoint=checkpoint, epochs=2)
            with open(checkpoint + ".state") as state:
                self.assertIn("epochs_done 2\n", state.read())
            saved = w2v.Word2Vec.load(checkpoint)
            self.assertEqual(saved.alpha, 0.025, "the base learning rate, not the one scaled for 2 workers")
            self.assertEqual(saved.seed, SETTINGS["seed"])

            def resume(engine):
                trainer = distributed.ShardTrainer(corpus.path, engine, sync_words=20000, epochs=3)
                trainer.resume(checkpoint)
                self.assertEqual(trainer.epochs_done, 2)
                return trainer, trainer.train()

            results = distributed.run_threads(2, resume)
            first, second = results[0][0], results[1][0]
            self.assertEqual(len(first.epoch_words), 1, "only the third epoch was trained")
            library, model = first._library_model()
            self.assertEqual(results[0][1] + results[1][1], library.w2v_model_epoch_words(model))
            self.assertEqual(first.checksums(), second.checksums())
            self.assertEqual(first.model.epochs, 3)
            self.assertGreaterEqual(support.analogy_hits(first.model.wv, corpus.countries, corpus.capitals), 9)

            engine = distributed.ThreadEngine(1).rank_view(0)
            with open(checkpoint + ".state", "w") as state:
                state.write("w2v-mpi checkpoint\nepochs_done 2\ninput_checksum 0000000000000001\n")
            with self.assertRaises(ValueError):  # the state describes other weights
                distributed.ShardTrainer(corpus.path, engine).resume(checkpoint)
            os.remove(checkpoint + ".state")
            with self.assertRaises(OSError):
                distributed.ShardTrainer(corpus.path, engine).resume(checkpoint)

    def test_stopped_and_resumed_equals_never_stopped(self):
        # 10 blocks of 4 KiB for 3 workers: worker 0 makes more training calls than the others; the empty
        # calls that even them out keep the random streams of a resumed run those of one never stopped.
        options = dict(sync_words=4000, block_bytes=4096, sg=0, epochs=3)
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "corpus.txt")
            with open(path, "wb") as out:
                out.write(corpus.path.read_bytes()[:10 * 4096])

            def run(checkpoint, stop_after=None, resume=False):
                def work(engine):
                    if resume:
                        trainer = distributed.ShardTrainer(path, engine, sync_words=4000, block_bytes=4096)
                        trainer.resume(checkpoint)
                    else:
                        trainer = distributed.ShardTrainer(path, engine, checkpoint=checkpoint,
                                                           **dict(SETTINGS, **options))
                        trainer.build_vocab()
                    trainer.train(stop_after=stop_after)
                    return trainer
                return distributed.run_threads(3, work)[0]

            whole = run(os.path.join(directory, "whole.w2v"))
            early = run(os.path.join(directory, "stopped.w2v"), stop_after=2)
            self.assertEqual(early.epochs_done, 2)
            resumed = run(os.path.join(directory, "stopped.w2v"), resume=True)
            self.assertEqual(len(resumed.epoch_words), 1, "only the third epoch")
            self.assertEqual(resumed.checksums(), whole.checksums())
            self.assertNotEqual(early.checksums(), whole.checksums())

    def test_bad_options(self):
        engine = distributed.ThreadEngine(1).rank_view(0)
        with self.assertRaises(ValueError):
            distributed.ShardTrainer(corpus.path, engine, rule="median")
        with self.assertRaises(ValueError):
            distributed.ShardTrainer(corpus.path, engine, sync_words=0)
        with self.assertRaises(ValueError):
            distributed.ShardTrainer(corpus.path, engine, block_bytes=-1)
        with self.assertRaises(ValueError):
            distributed.ShardTrainer(corpus.path, engine, hot_rows=-1)
        with self.assertRaises(ValueError):
            distributed.ShardTrainer(corpus.path, engine).train(stop_after=0)
        with self.assertRaises(ValueError):
            distributed.ShardTrainer(corpus.path, engine, threads=0)

    @unittest.skipUnless(__import__("importlib").util.find_spec("mpi4py"), "mpi4py is not installed")
    @unittest.skipIf(support.running_embedded(), "initializes MPI in the process, whose environment it changes for the "
                     "Swift suite's later mpirun children: only under a plain python3")
    def test_mpi_engine_with_one_process(self):
        trainer = distributed.ShardTrainer(corpus.path, distributed.MPIEngine(), sync_words=50000, **{**SETTINGS, "epochs": 1})
        trainer.build_vocab()
        self.assertGreater(trainer.train(), 0)

    @unittest.skipUnless(__import__("importlib").util.find_spec("mpi4py") and shutil.which("mpirun"),
                         "mpi4py or Open MPI's mpirun is not installed")
    def test_mpirun_two_processes_with_the_mpi_engine(self):
        # The real use: `mpirun -np 2 python train.py` with MPIEngine. train() checks that both ranks end
        # with the same checksums (it raises otherwise, and the run fails); rank 0's vectors must answer
        # the planted analogies.
        python = sys.executable  # the interpreter that has mpi4py (an embedding one names /usr/bin/python3)
        if not os.path.basename(python).startswith("python"):
            self.skipTest("sys.executable (%s) is not a Python interpreter to start under mpirun" % python)
        script = (
            "import json, sys\n"
            "sys.path.insert(0, %r)\n"
            "from w2v import distributed\n"
            "corpus, out, settings = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])\n"
            "engine = distributed.MPIEngine()\n"
            "trainer = distributed.ShardTrainer(corpus, engine, sync_words=20000, **settings)\n"
            "trainer.build_vocab()\n"
            "trainer.train()\n"
            "if engine.rank == 0:\n"
            "    trainer.model.wv.save_word2vec_format(out, binary=True)\n" % str(support.PACKAGE_ROOT))
        with tempfile.TemporaryDirectory() as directory:
            path, out = os.path.join(directory, "train.py"), os.path.join(directory, "vectors.bin")
            with open(path, "w") as file:
                file.write(script)
            env = dict(os.environ, W2V_LIBRARY=w2v.library_path())
            run = subprocess.run(["mpirun", "--allow-run-as-root", "--oversubscribe", "-np", "2", python, path, str(corpus.path), out,
                                  json.dumps(SETTINGS)], env=env, capture_output=True, text=True, timeout=600)
            self.assertEqual(run.returncode, 0, run.stderr[-3000:])
            wv = w2v.KeyedVectors.load_word2vec_format(out, binary=True)
        capitals = support.analogy_hits(wv, corpus.countries, corpus.capitals)
        self.assertGreaterEqual(capitals, 9, "country -> capital analogies answered: %d" % capitals)


@unittest.skipUnless(__import__("importlib").util.find_spec("ray"), "ray is not installed (pip install w2v[ray])")
class RayEngineTests(unittest.TestCase):
    def test_two_actors_end_identical_and_learn_the_relations(self):
        import ray

        # The actors import this package (and load the library) as the tests do.
        variables = {"PYTHONPATH": str(support.PACKAGE_ROOT)}
        if os.environ.get("W2V_LIBRARY"):
            variables["W2V_LIBRARY"] = os.environ["W2V_LIBRARY"]
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, runtime_env={"env_vars": variables})
        self.addCleanup(ray.shutdown)
        path = str(corpus.path)

        def work(engine):
            trainer = distributed.ShardTrainer(path, engine, sync_words=20000, **SETTINGS)
            trainer.build_vocab()
            words = trainer.train()
            return trainer.checksums(), words, trainer.epoch_words, trainer.model

        (sums0, words0, epochs0, model), (sums1, words1, _, _) = distributed.run_ray(2, work, num_cpus=1)
        self.assertEqual(sums0, sums1)
        self.assertGreater(words0, 0)
        self.assertGreater(words1, 0)
        self.assertEqual(sum(epochs0), words0 + words1)
        self.assertGreaterEqual(support.analogy_hits(model.wv, corpus.countries, corpus.capitals), 9)


class ReproducibleThreadsTests(unittest.TestCase):
    def test_two_threads_give_identical_vectors(self):
        def vectors():
            model = w2v.Word2Vec(corpus_file=str(corpus.path), workers=2, sync_words=5000, **SETTINGS)
            self.assertEqual(model.sync_words, 5000)
            return [list(model.wv[word]) for word in corpus.countries]

        self.assertEqual(vectors(), vectors())


if __name__ == "__main__":
    unittest.main()
