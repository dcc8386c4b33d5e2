import Foundation
import XCTest
@testable import W2V

/// bindings/mpi/w2v-mpi end to end under `mpirun --oversubscribe` (skipped where Open MPI is not
/// installed): the ranks end with identical weights (the driver compares checksums and fails
/// otherwise), the saved vectors answer the planted analogies, interleaved blocks train every word
/// once per epoch, frequency-tiered syncs send less, checkpoints resume, and a rank with nothing to
/// train does not hang the others.
final class MPIDriverTests: XCTestCase {
    static let driver = DemoTests.root.appendingPathComponent("bindings/mpi/w2v-mpi").path

    override func setUpWithError() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/mpicc"), FileManager.default.isExecutableFile(atPath: "/usr/bin/mpirun") else {
            throw XCTSkip("Open MPI is not installed (apt-get install openmpi-bin libopenmpi-dev)")
        }
        let build = try DemoTests.execute("/usr/bin/make", ["-s", "-C", DemoTests.root.appendingPathComponent("bindings/mpi").path])
        XCTAssertEqual(build.status, 0, build.stderr)
    }

    func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("w2v-mpi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    func mpirun(ranks: Int, _ arguments: [String]) throws -> DemoTests.Run {
        try DemoTests.execute("/usr/bin/mpirun", ["--allow-run-as-root", "--oversubscribe", "-np", "\(ranks)", Self.driver] + arguments)
    }

    /// Analogy accuracy of saved vectors on the planted questions, through the C API.
    func accuracy(_ vectors: URL, _ questions: String) -> Double {
        var model: OpaquePointer?
        XCTAssertEqual(w2v_model_load(&model, vectors.path, w2v_format.W2V_FORMAT_AUTO.rawValue), .W2V_OK, String(cString: w2v_last_error()))
        defer { w2v_model_free(model) }
        var correct: UInt = 0, seen: UInt = 0
        XCTAssertEqual(w2v_model_evaluate_analogies(model, questions, 0, w2v_analogy_method.W2V_ANALOGY_3COSADD.rawValue,
                                                    &correct, &seen, nil, nil, nil, nil), .W2V_OK)
        return seen > 0 ? Double(correct) / Double(seen) : 0
    }

    func testTwoRanksLearnThePlantedAnalogiesWithEveryRule() throws {
        let dir = try directory()
        let (corpus, questions) = try DemoTests.makeDemoCorpus(in: dir, sentences: 20000)
        // The last: summed, but the 50 most frequent rows averaged.
        for (rule, extra) in [("mean", []), ("sum", []), ("touched", []), ("sum", ["-average-rows", "50"])] {
            let output = dir.appendingPathComponent("\(rule)\(extra.count).txt")
            let run = try mpirun(ranks: 2, ["-train", corpus, "-output", output.path, "-size", "40", "-min-count", "2",
                                            "-cbow", "0", "-iter", "5", "-sync-words", "20000", "-rule", rule] + extra)
            XCTAssertEqual(run.status, 0, run.stderr)
            XCTAssertTrue(run.stderr.contains("2 ranks, rule \(rule)"), run.stderr)
            XCTAssertGreaterThan(accuracy(output, questions), 0.8, rule)
        }
    }

    /// `-rule sum -average-rows H` at 4 ranks: the H hottest rows averaged at 4 times the learning rate,
    /// the rest summed at the base rate (factor 1/4 on their rows while training). CBOW learns the
    /// planted analogies, and the saved native model carries no factor (a checkpoint-and-save concern:
    /// the input's factors would be saved).
    func testAveragedHotRowsAndSummedRestAtFourRanks() throws {
        let dir = try directory()
        let (corpus, questions) = try DemoTests.makeDemoCorpus(in: dir, sentences: 20000)
        let output = dir.appendingPathComponent("mixed.w2v")
        let run = try mpirun(ranks: 4, ["-train", corpus, "-output", output.path, "-output-format", "native", "-size", "40",
                                        "-min-count", "2", "-cbow", "1", "-iter", "5", "-sync-words", "5000",
                                        "-rule", "sum", "-average-rows", "50"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("4 ranks, rule sum"), run.stderr)
        XCTAssertGreaterThan(accuracy(output, questions), 0.8)
        var model: OpaquePointer?
        XCTAssertEqual(w2v_model_load(&model, output.path, w2v_format.W2V_FORMAT_NATIVE.rawValue), .W2V_OK, String(cString: w2v_last_error()))
        defer { w2v_model_free(model) }
        let rows = Int(w2v_model_vocab_size(model))
        var factors = [Float](repeating: 0, count: rows)
        XCTAssertEqual(w2v_model_get_row_learning_rate(model, &factors, UInt(rows), nil), .W2V_OK)
        XCTAssertEqual(Set(factors), [1], "the saved model keeps no learning-rate factor")
    }

    /// The default rule, "auto": skip-gram averages every row, CBOW sums with the 1,024 hottest rows
    /// averaged (unless -average-rows says otherwise).
    func testTheDefaultRuleDependsOnTheArchitecture() throws {
        let dir = try directory()
        let corpus = try DemoTests.makeDemoCorpus(in: dir, sentences: 2000).corpus
        for (cbow, extra, expected) in [("0", [String](), "rule mean, interleaved blocks, hot rows 0, averaged rows 0,"),
                                        ("1", [], "rule sum, interleaved blocks, hot rows 0, averaged rows 1024,"),
                                        ("1", ["-average-rows", "10"], "rule sum, interleaved blocks, hot rows 0, averaged rows 10,")] {
            let run = try mpirun(ranks: 2, ["-train", corpus, "-output", dir.appendingPathComponent("v.txt").path, "-size", "10",
                                            "-min-count", "2", "-cbow", cbow, "-iter", "1"] + extra)
            XCTAssertEqual(run.status, 0, run.stderr)
            XCTAssertTrue(run.stderr.contains(expected), run.stderr)
        }
    }

    func testARankWithoutWordsDoesNotHangTheOthers() throws {
        let dir = try directory()
        let corpus = try DemoTests.makeDemoCorpus(in: dir, sentences: 2000).corpus
        // The file's second half is blank lines: the last of three ranks has no word to train.
        let text = try String(contentsOf: URL(fileURLWithPath: corpus), encoding: .utf8)
        let lopsided = dir.appendingPathComponent("lopsided.txt")
        try (text + String(repeating: "\n", count: text.utf8.count)).write(to: lopsided, atomically: true, encoding: .utf8)
        let output = dir.appendingPathComponent("v.bin")
        let run = try mpirun(ranks: 3, ["-train", lopsided.path, "-output", output.path, "-binary", "1", "-size", "16",
                                        "-min-count", "2", "-iter", "2", "-sync-words", "3000", "-block-bytes", "0"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: output.path))
    }

    /// The numbers of the driver's "epoch E: W words trained (the vocabulary counts C), S syncs (F full),
    /// B MB sent per rank (... smallest X MB, largest Y MB)" lines.
    func epochLines(_ stderr: String) -> [(epoch: Int, words: Int, counted: Int, syncs: Int, full: Int, smallest: Double, largest: Double)] {
        let pattern = #/epoch (\d+): (\d+) words trained \(the vocabulary counts (\d+)\), (\d+) syncs \((\d+) full\), [0-9.]+ MB sent per rank \([0-9.]+ MB per sync; smallest ([0-9.]+) MB, largest ([0-9.]+) MB\)/#
        return stderr.matches(of: pattern).map { match in
            (Int(match.1)!, Int(match.2)!, Int(match.3)!, Int(match.4)!, Int(match.5)!, Double(match.6)!, Double(match.7)!)
        }
    }

    func testInterleavedBlocksTrainEveryWordOncePerEpochAndTiersSendLess() throws {
        let dir = try directory()
        let (corpus, questions) = try DemoTests.makeDemoCorpus(in: dir, sentences: 20000)
        let output = dir.appendingPathComponent("v.txt")
        let run = try mpirun(ranks: 3, ["-train", corpus, "-output", output.path, "-size", "40", "-min-count", "2", "-cbow", "0",
                                        "-iter", "3", "-sync-words", "5000", "-block-bytes", "4096", "-hot-rows", "16"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("3 ranks, rule mean, interleaved blocks, hot rows 16"), run.stderr)
        let epochs = epochLines(run.stderr)
        XCTAssertEqual(epochs.map(\.epoch), [1, 2, 3], run.stderr)
        for epoch in epochs {
            XCTAssertEqual(epoch.words, epoch.counted, "every word once per epoch")
            XCTAssertEqual(epoch.full, 1, "one full sync, at the epoch's end")
            XCTAssertGreaterThan(epoch.syncs, 4)
            // The smallest sync: 16 rows of 40 floats in the input and the output matrix.
            XCTAssertEqual(epoch.smallest, Double(2 * 16 * 40 * 4) / 1e6, accuracy: 0.0005)
            XCTAssertGreaterThan(epoch.largest, 10 * epoch.smallest)
        }
        XCTAssertGreaterThan(accuracy(output, questions), 0.8)
    }

    func testCheckpointsResume() throws {
        let dir = try directory()
        let (corpus, questions) = try DemoTests.makeDemoCorpus(in: dir, sentences: 20000)
        let checkpoint = dir.appendingPathComponent("model.w2v")
        let common = ["-train", corpus, "-sync-words", "20000"]
        let first = try mpirun(ranks: 2, common + ["-output", dir.appendingPathComponent("v2.txt").path, "-size", "40", "-min-count", "2", "-cbow", "0",
                                                   "-iter", "2", "-checkpoint", checkpoint.path])
        XCTAssertEqual(first.status, 0, first.stderr)
        let state = try String(contentsOf: URL(fileURLWithPath: checkpoint.path + ".state"), encoding: .utf8)
        XCTAssertTrue(state.hasPrefix("w2v-mpi checkpoint\nepochs_done 2\ninput_checksum "), state)
        var saved: OpaquePointer?, params: OpaquePointer?
        XCTAssertEqual(w2v_model_load(&saved, checkpoint.path, w2v_format.W2V_FORMAT_NATIVE.rawValue), .W2V_OK)
        defer { w2v_model_free(saved) }
        XCTAssertEqual(w2v_model_get_params(&params, saved), .W2V_OK)
        defer { w2v_params_free(params) }
        var alpha = 0.0
        XCTAssertEqual(w2v_params_get_float(params, w2v_param.W2V_PARAM_ALPHA.rawValue, &alpha), .W2V_OK)
        XCTAssertEqual(alpha, 0.025, "the checkpoint holds the base learning rate, not the one scaled for 2 ranks")

        let output = dir.appendingPathComponent("v3.txt")
        let resumed = try mpirun(ranks: 2, common + ["-output", output.path, "-iter", "3", "-resume", checkpoint.path])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertTrue(resumed.stderr.contains("resuming \(checkpoint.path) after epoch 2 of 3"), resumed.stderr)
        XCTAssertEqual(epochLines(resumed.stderr).map(\.epoch), [3], "only the third epoch is trained")
        XCTAssertGreaterThan(accuracy(output, questions), 0.8)

        let settings = try mpirun(ranks: 1, common + ["-output", output.path, "-size", "10", "-resume", checkpoint.path])
        XCTAssertEqual(settings.status, 2, "model settings cannot change on resume")
        try "w2v-mpi checkpoint\nepochs_done 1\ninput_checksum 0000000000000001\n".write(toFile: checkpoint.path + ".state", atomically: true, encoding: .utf8)
        let mismatched = try mpirun(ranks: 1, common + ["-output", output.path, "-resume", checkpoint.path])
        XCTAssertNotEqual(mismatched.status, 0)
        XCTAssertTrue(mismatched.stderr.contains("does not describe"), mismatched.stderr)
    }

    /// Local threads (-threads 2 on each of 2 ranks) train every word once per epoch, in contiguous
    /// parts as in interleaved blocks, and learn the planted analogies.
    func testLocalThreadsTrainEveryWordOncePerEpoch() throws {
        let dir = try directory()
        let (corpus, questions) = try DemoTests.makeDemoCorpus(in: dir, sentences: 20000)
        for blocks in ["0", "4096"] {
            let output = dir.appendingPathComponent("v\(blocks).txt")
            let run = try mpirun(ranks: 2, ["-train", corpus, "-output", output.path, "-size", "40", "-min-count", "2", "-cbow", "0",
                                            "-iter", "3", "-sync-words", "10000", "-block-bytes", blocks, "-threads", "2"])
            XCTAssertEqual(run.status, 0, run.stderr)
            XCTAssertTrue(run.stderr.contains("2 threads per rank"), run.stderr)
            let epochs = epochLines(run.stderr)
            XCTAssertEqual(epochs.map(\.epoch), [1, 2, 3], run.stderr)
            for epoch in epochs { XCTAssertEqual(epoch.words, epoch.counted, "every word once per epoch") }
            XCTAssertGreaterThan(accuracy(output, questions), 0.8, "blocks \(blocks)")
        }
        // A rank bound to one core would run its threads in turn: the driver says so.
        let bound = try DemoTests.execute("/usr/bin/mpirun", ["--allow-run-as-root", "--bind-to", "core", "-np", "1", Self.driver, "-train", corpus,
                                                             "-output", dir.appendingPathComponent("bound.txt").path, "-size", "8", "-iter", "1",
                                                             "-threads", "2"])
        XCTAssertEqual(bound.status, 0, bound.stderr)
        XCTAssertTrue(bound.stderr.contains("warning: 2 threads but this rank may run on 1 core(s); start it with mpirun --bind-to none"), bound.stderr)
    }

    /// A run stopped after an epoch (-stop-after) and resumed from its checkpoint writes the very file of
    /// a run that was never stopped: every rank makes as many training calls per epoch (the calls number
    /// the random streams) and the checkpoint holds all the rest.
    func testAStoppedAndResumedRunEqualsAnUninterruptedOne() throws {
        let dir = try directory()
        let corpus = try DemoTests.makeDemoCorpus(in: dir, sentences: 6000).corpus
        let common = ["-train", corpus, "-sync-words", "4000", "-block-bytes", "4096", "-output-format", "native"]
        let model = ["-size", "24", "-min-count", "2", "-cbow", "1", "-iter", "3"]
        let whole = dir.appendingPathComponent("whole.w2v"), resumed = dir.appendingPathComponent("resumed.w2v")
        let checkpoint = dir.appendingPathComponent("checkpoint.w2v")
        let uninterrupted = try mpirun(ranks: 3, common + model + ["-output", whole.path, "-checkpoint", dir.appendingPathComponent("other.w2v").path])
        XCTAssertEqual(uninterrupted.status, 0, uninterrupted.stderr)
        let stopped = try mpirun(ranks: 3, common + model + ["-output", dir.appendingPathComponent("early.w2v").path,
                                                             "-checkpoint", checkpoint.path, "-stop-after", "2"])
        XCTAssertEqual(stopped.status, 0, stopped.stderr)
        XCTAssertEqual(epochLines(stopped.stderr).map(\.epoch), [1, 2])
        let rest = try mpirun(ranks: 3, common + ["-output", resumed.path, "-resume", checkpoint.path])
        XCTAssertEqual(rest.status, 0, rest.stderr)
        XCTAssertEqual(epochLines(rest.stderr).map(\.epoch), [3])
        XCTAssertEqual(try Data(contentsOf: resumed), try Data(contentsOf: whole), "resumed after epoch 2 = never stopped")
    }

    func testBadFlagsPrintUsage() throws {
        for bad in [["-rule", "median"], ["-stop-after", "0"], ["-threads", "0"]] {
            let run = try mpirun(ranks: 1, ["-train", "x", "-output", "y"] + bad)
            XCTAssertEqual(run.status, 2, bad.joined(separator: " "))
            XCTAssertTrue(run.stderr.contains("usage: mpirun -np N w2v-mpi"), run.stderr)
        }
    }
}
