import Foundation
import XCTest
@testable import W2V

/// bindings/mpi/w2v-mpi end to end under `mpirun --oversubscribe` (skipped where Open MPI is not
/// installed): the ranks end with identical weights (the driver compares checksums and fails
/// otherwise), the saved vectors answer the planted analogies, and a rank with nothing to train does
/// not hang the others.
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
        for rule in ["mean", "sum", "touched"] {
            let output = dir.appendingPathComponent("\(rule).txt")
            let run = try mpirun(ranks: 2, ["-train", corpus, "-output", output.path, "-size", "40", "-min-count", "2",
                                            "-cbow", "0", "-iter", "5", "-sync-words", "20000", "-rule", rule])
            XCTAssertEqual(run.status, 0, run.stderr)
            XCTAssertTrue(run.stderr.contains("2 ranks, rule \(rule)"), run.stderr)
            XCTAssertGreaterThan(accuracy(output, questions), 0.8, rule)
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
                                        "-min-count", "2", "-iter", "2", "-sync-words", "3000"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: output.path))
    }

    func testBadFlagsPrintUsage() throws {
        let run = try mpirun(ranks: 1, ["-train", "x", "-output", "y", "-rule", "median"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("usage: mpirun -np N w2v-mpi"), run.stderr)
    }
}
