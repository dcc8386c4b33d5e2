import Foundation
import XCTest

/// The C demo, built exactly as the README says (`cc -std=c99 -Wall -Wextra -Wpedantic -Werror` against
/// include/w2v.h and the release libw2v.so) and run as a user would.
final class DemoTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    @discardableResult
    func run(_ executable: String, _ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }

    var directory: URL!
    var demo: String!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("w2v-demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let library = Self.root.appendingPathComponent(".build/release")
        guard FileManager.default.fileExists(atPath: library.appendingPathComponent("libw2v.so").path) else {
            XCTFail("no .build/release/libw2v.so: run `swift build -c release` first (scripts/test does)")
            throw XCTSkip("no release library")
        }
        demo = directory.appendingPathComponent("w2v").path
        let sources = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("bindings/c").path)
            .filter { $0.hasSuffix(".c") }.map { Self.root.appendingPathComponent("bindings/c/\($0)").path }
        let build = try run("/usr/bin/env", ["cc", "-std=c99", "-Wall", "-Wextra", "-Wpedantic", "-Werror",
                                             "-I", Self.root.appendingPathComponent("include").path] + sources
                            + ["-L", library.path, "-lw2v", "-Wl,-rpath,\(library.path)", "-o", demo])
        XCTAssertEqual(build.status, 0, "the demo must compile warning-free: \(build.stderr)")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// A word2vec text file written by hand, so the expected answers are known exactly.
    func writeTinyModel() throws -> String {
        let path = directory.appendingPathComponent("tiny.txt").path
        try """
        5 2
        king 1 0.2
        queen 0.8 0.9
        man 1 -0.1
        woman 0.7 0.7
        stone -1 0

        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func lines(_ text: String) -> [[String]] {
        text.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
    }

    func cosine(_ a: [Double], _ b: [Double]) -> Double {
        let dot = zip(a, b).map(*).reduce(0, +)
        return dot / (sqrt(a.map { $0 * $0 }.reduce(0, +)) * sqrt(b.map { $0 * $0 }.reduce(0, +)))
    }

    func testQueriesOnAHandWrittenFile() throws {
        let model = try writeTinyModel()
        let vectors: [String: [Double]] = ["king": [1, 0.2], "queen": [0.8, 0.9], "man": [1, -0.1], "woman": [0.7, 0.7], "stone": [-1, 0]]

        let size = try run(demo, ["-load", model, "-vocab-size"])
        XCTAssertEqual(size.status, 0, size.stderr)
        XCTAssertEqual(size.stdout, "5\n")

        let similar = try run(demo, ["-load", model, "-similar", "king", "-k", "3"])
        XCTAssertEqual(similar.status, 0, similar.stderr)
        let expected = vectors.filter { $0.key != "king" }.map { ($0.key, cosine(vectors["king"]!, $0.value)) }
            .sorted { $0.1 > $1.1 }.prefix(3)
        let got = lines(similar.stdout)
        XCTAssertEqual(got.map { $0[0] }, expected.map(\.0))
        for (row, want) in zip(got, expected) { XCTAssertEqual(Double(row[1])!, want.1, accuracy: 1e-5) }

        // man : king :: woman : ?  -> queen
        let analogy = try run(demo, ["-load", model, "-analogy", "man", "king", "woman", "-k", "1"])
        XCTAssertEqual(analogy.status, 0, analogy.stderr)
        XCTAssertEqual(lines(analogy.stdout).first?.first, "queen")
    }

    func testFailuresPrintTheLibraryMessageAndExitNonZero() throws {
        let model = try writeTinyModel()
        let unknown = try run(demo, ["-load", model, "-similar", "unicorn"])
        XCTAssertNotEqual(unknown.status, 0)
        XCTAssertEqual(unknown.stdout, "")
        XCTAssertTrue(unknown.stderr.hasPrefix("w2v: ") && unknown.stderr.contains("unicorn"), unknown.stderr)

        let missing = try run(demo, ["-load", directory.appendingPathComponent("absent.bin").path, "-vocab-size"])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.stderr.hasPrefix("w2v: ") && missing.stderr.contains("absent.bin"), missing.stderr)

        // A truncated copy: the header promises five rows, the file holds three.
        let text = try String(contentsOfFile: model, encoding: .utf8)
        let truncated = directory.appendingPathComponent("truncated.txt").path
        try text.split(separator: "\n").prefix(4).joined(separator: "\n").write(toFile: truncated, atomically: true, encoding: .utf8)
        let cut = try run(demo, ["-load", truncated, "-vocab-size"])
        XCTAssertNotEqual(cut.status, 0)
        XCTAssertTrue(cut.stderr.hasPrefix("w2v: "), cut.stderr)

        let unsupported = try run(demo, ["-train", model, "-output", "x", "-classes", "10"])
        XCTAssertNotEqual(unsupported.status, 0)
        XCTAssertTrue(unsupported.stderr.contains("-classes is not supported"), unsupported.stderr)

        let badNumber = try run(demo, ["-load", model, "-similar", "king", "-k", "many"])
        XCTAssertNotEqual(badNumber.status, 0)
        XCTAssertTrue(badNumber.stderr.contains("-k expects an integer"), badNumber.stderr)
    }

    func testTrainsOnTheGeneratedCorpusAndAnswersThePlantedAnalogies() throws {
        let corpus = directory.appendingPathComponent("corpus.txt").path
        let questions = directory.appendingPathComponent("questions.txt").path
        let make = try run("/usr/bin/env", ["python3", Self.root.appendingPathComponent("scripts/make-demo-corpus").path,
                                            corpus, questions, "--sentences", "20000"])
        XCTAssertEqual(make.status, 0, make.stderr)
        let vectors = directory.appendingPathComponent("vectors.bin").path
        let train = try run(demo, ["-train", corpus, "-output", vectors, "-binary", "1", "-cbow", "0", "-size", "40",
                                   "-min-count", "2", "-threads", "2", "-iter", "5"])
        XCTAssertEqual(train.status, 0, train.stderr)
        XCTAssertTrue(train.stderr.contains("Alpha:") && train.stderr.contains("Progress:"), "a progress line on stderr")
        let accuracy = try run(demo, ["-load", vectors, "-accuracy", questions, "-restrict", "0"])
        XCTAssertEqual(accuracy.status, 0, accuracy.stderr)
        let total = lines(accuracy.stdout).first { $0.first == "total" }
        let percent = Double(total?[2].replacingOccurrences(of: "%", with: "") ?? "") ?? 0
        XCTAssertGreaterThan(percent, 60, accuracy.stdout)

        // Hierarchical softmax alone, with CBOW.
        let hs = try run(demo, ["-train", corpus, "-output", vectors, "-binary", "1", "-cbow", "1", "-hs", "1", "-negative", "0",
                                "-size", "40", "-min-count", "2", "-threads", "2", "-iter", "5", "-quiet"])
        XCTAssertEqual(hs.status, 0, hs.stderr)
        let hsAccuracy = try run(demo, ["-load", vectors, "-accuracy", questions, "-restrict", "0"])
        let hsTotal = lines(hsAccuracy.stdout).first { $0.first == "total" }
        XCTAssertGreaterThan(Double(hsTotal?[2].replacingOccurrences(of: "%", with: "") ?? "") ?? 0, 60, hsAccuracy.stdout)
        let noObjective = try run(demo, ["-train", corpus, "-output", vectors, "-negative", "0", "-quiet"])
        XCTAssertNotEqual(noObjective.status, 0)
        XCTAssertTrue(noObjective.stderr.contains("hs"), noObjective.stderr)

        let quiet = try run(demo, ["-train", corpus, "-output", vectors, "-size", "10", "-iter", "1", "-min-count", "2", "-quiet"])
        XCTAssertEqual(quiet.status, 0, quiet.stderr)
        XCTAssertEqual(quiet.stderr, "")
        let text = try String(contentsOfFile: vectors, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("\(text.split(separator: "\n").count - 1) 10\n"), "text output by default")
    }

    func testSaveVocabCountsOnceAndReadVocabSkipsCounting() throws {
        let corpus = directory.appendingPathComponent("corpus.txt").path
        try "the cat sat on the mat\nthe dog sat on the log\nthe cat and the dog\n".write(toFile: corpus, atomically: true, encoding: .utf8)
        let vocabFile = directory.appendingPathComponent("vocab.txt").path
        // -save-vocab without -output counts, writes word2vec's format after min-count, and stops.
        let save = try run(demo, ["-train", corpus, "-save-vocab", vocabFile, "-min-count", "2"])
        XCTAssertEqual(save.status, 0, save.stderr)
        XCTAssertEqual(try String(contentsOfFile: vocabFile, encoding: .utf8), "</s> 3\nthe 6\ncat 2\nsat 2\non 2\ndog 2\n")

        // -read-vocab takes the counts from the file: the training file is not counted, so its other
        // words stay out and the vocabulary is exactly the file's.
        let other = directory.appendingPathComponent("other.txt").path
        try String(repeating: "the cat sat on the dog zebra zebra zebra zebra zebra zebra\n", count: 50)
            .write(toFile: other, atomically: true, encoding: .utf8)
        let vectors = directory.appendingPathComponent("vectors.txt").path
        let again = directory.appendingPathComponent("again.txt").path
        let train = try run(demo, ["-train", other, "-read-vocab", vocabFile, "-save-vocab", again, "-output", vectors,
                                   "-size", "8", "-iter", "1", "-min-count", "1", "-threads", "1", "-quiet"])
        XCTAssertEqual(train.status, 0, train.stderr)
        let rows = try String(contentsOfFile: vectors, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(rows.first, "5 8")
        XCTAssertEqual(rows.dropFirst().map { String($0.split(separator: " ")[0]) }, ["the", "cat", "sat", "on", "dog"])
        XCTAssertEqual(try String(contentsOfFile: again, encoding: .utf8), "</s> 3\nthe 6\ncat 2\nsat 2\non 2\ndog 2\n",
                       "a read vocabulary saves back unchanged")

        let bad = directory.appendingPathComponent("bad.txt").path
        try "the 6\ncat\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let malformed = try run(demo, ["-train", other, "-read-vocab", bad, "-output", vectors])
        XCTAssertNotEqual(malformed.status, 0)
        XCTAssertTrue(malformed.stderr.hasPrefix("w2v: ") && malformed.stderr.contains("line 2"), malformed.stderr)
        let noOutput = try run(demo, ["-train", other])
        XCTAssertNotEqual(noOutput.status, 0)
        XCTAssertTrue(noOutput.stderr.contains("-save-vocab"), noOutput.stderr)
    }

    func testNativeOutputFormatAndResume() throws {
        let corpus = directory.appendingPathComponent("corpus.txt").path
        let questions = directory.appendingPathComponent("questions.txt").path
        let make = try run("/usr/bin/env", ["python3", Self.root.appendingPathComponent("scripts/make-demo-corpus").path,
                                            corpus, questions, "--sentences", "3000"])
        XCTAssertEqual(make.status, 0, make.stderr)
        let first = directory.appendingPathComponent("first.w2v").path
        let train = try run(demo, ["-train", corpus, "-output", first, "-output-format", "native", "-cbow", "0",
                                   "-size", "16", "-min-count", "2", "-threads", "1", "-iter", "1", "-quiet"])
        XCTAssertEqual(train.status, 0, train.stderr)
        let saved = try Data(contentsOf: URL(fileURLWithPath: first))
        XCTAssertEqual(Array(saved.prefix(8)), [0x89, 0x57, 0x32, 0x56, 0x0D, 0x0A, 0x1A, 0x0A], "the native magic number")
        let size = try run(demo, ["-load", first, "-vocab-size"])
        XCTAssertEqual(size.status, 0, size.stderr)

        // -resume trains more epochs on the loaded model and saves it natively by default.
        let resumed = directory.appendingPathComponent("resumed.w2v").path
        let more = try run(demo, ["-resume", first, "-train", corpus, "-output", resumed, "-iter", "2", "-threads", "1"])
        XCTAssertEqual(more.status, 0, more.stderr)
        XCTAssertTrue(more.stderr.contains("2 more epochs") && more.stderr.contains("Progress:"), more.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: first)), saved, "the resumed file is untouched")
        let after = try Data(contentsOf: URL(fileURLWithPath: resumed))
        XCTAssertEqual(after.count, saved.count)
        XCTAssertNotEqual(after, saved, "training changed the weights")
        let again = try run(demo, ["-load", resumed, "-vocab-size"])
        XCTAssertEqual(again.stdout, size.stdout)
        // Resumed twice the same way gives the same bytes (one thread).
        let twice = directory.appendingPathComponent("twice.w2v").path
        XCTAssertEqual(try run(demo, ["-resume", first, "-train", corpus, "-output", twice, "-iter", "2", "-threads", "1", "-quiet"]).status, 0)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: twice)), after)

        // Other formats on request; -binary keeps working.
        let text = directory.appendingPathComponent("resumed.txt").path
        let toText = try run(demo, ["-resume", first, "-train", corpus, "-output", text, "-output-format", "text", "-quiet"])
        XCTAssertEqual(toText.status, 0, toText.stderr)
        XCTAssertTrue(try String(contentsOfFile: text, encoding: .utf8).hasPrefix(size.stdout.trimmingCharacters(in: .whitespacesAndNewlines) + " 16\n"))
        let binary = directory.appendingPathComponent("b.bin").path
        XCTAssertEqual(try run(demo, ["-train", corpus, "-output", binary, "-binary", "1", "-size", "4", "-iter", "1", "-min-count", "2", "-quiet"]).status, 0)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: binary)).prefix(1), Data("\(size.stdout.first!)".utf8))

        // Failures name the cause.
        let shape = try run(demo, ["-resume", first, "-train", corpus, "-output", text, "-size", "32"])
        XCTAssertNotEqual(shape.status, 0)
        XCTAssertTrue(shape.stderr.hasPrefix("w2v: ") && shape.stderr.contains("dim cannot change"), shape.stderr)
        let notNative = try run(demo, ["-resume", text, "-train", corpus, "-output", resumed])
        XCTAssertNotEqual(notNative.status, 0)
        XCTAssertTrue(notNative.stderr.contains("not a native model"), notNative.stderr)
        let badFormat = try run(demo, ["-train", corpus, "-output", text, "-output-format", "json"])
        XCTAssertNotEqual(badFormat.status, 0)
        XCTAssertTrue(badFormat.stderr.contains("-output-format takes text, binary or native"), badFormat.stderr)
        let both = try run(demo, ["-train", corpus, "-output", text, "-output-format", "text", "-binary", "1"])
        XCTAssertNotEqual(both.status, 0)
        let noTrain = try run(demo, ["-resume", first, "-output", text])
        XCTAssertTrue(noTrain.status != 0 && noTrain.stderr.contains("-resume needs -train"), noTrain.stderr)
    }
}
