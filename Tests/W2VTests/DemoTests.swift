import Foundation
import XCTest
@testable import W2V
@testable import W2VCore

/// The C demo, built exactly as the README says (`cc -std=c99 -Wall -Wextra -Wpedantic -Werror` against
/// include/w2v.h and the release libw2v.so; CLITestCase) and run as a user would.
final class DemoTests: CLITestCase {
    var demo: String { tool }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs a program to its end, its output and errors captured apart; `input`, when given, is a file
    /// read as its stdin.
    static func execute(_ executable: String, _ arguments: [String], input: String? = nil) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let input { process.standardInput = FileHandle(forReadingAtPath: input) }
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

    /// The folder of the release libw2v.so the demo links: that of `$W2V_RELEASE_LIB` when set, else the
    /// release build beside this test binary (<scratch>/<triple>/debug -> <scratch>/<triple>/release, so
    /// `swift test --scratch-path X` uses X's release build), else the package's .build/release.
    static func releaseLibraryDirectory() -> URL? {
        if let explicit = ProcessInfo.processInfo.environment["W2V_RELEASE_LIB"], !explicit.isEmpty {
            return URL(fileURLWithPath: explicit).deletingLastPathComponent()
        }
        var candidates = [URL]()
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: executable).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("release"))
        }
        candidates.append(root.appendingPathComponent(".build/release"))
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("libw2v.so").path) }
    }

    /// Builds the command-line tool from every C file of bindings/c, as its Makefile does.
    static func buildTool(at path: String, library: URL) throws -> Run {
        let sources = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("bindings/c").path)
            .filter { $0.hasSuffix(".c") }.sorted().map { root.appendingPathComponent("bindings/c/\($0)").path }
        return try execute("/usr/bin/env", ["cc", "-std=c99", "-Wall", "-Wextra", "-Wpedantic", "-Werror",
                                            "-I", root.appendingPathComponent("include").path] + sources
                           + ["-L", library.path, "-lw2v", "-lm", "-Wl,-rpath,\(library.path)", "-o", path])
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

    /// scripts/make-demo-corpus's language as `name`.txt and its planted analogies as
    /// `name`-questions.txt in the test's folder; `options` are further options of the script.
    func makeDemoCorpus(_ name: String = "corpus", sentences: Int, options: [String] = []) throws -> (corpus: String, questions: String) {
        try Self.makeDemoCorpus(in: directory, name, sentences: sentences, options: options)
    }

    /// `makeDemoCorpus` in any folder (for other test classes).
    static func makeDemoCorpus(in directory: URL, _ name: String = "corpus", sentences: Int, options: [String] = []) throws -> (corpus: String, questions: String) {
        let corpus = directory.appendingPathComponent("\(name).txt").path
        let questions = directory.appendingPathComponent("\(name)-questions.txt").path
        let made = try execute("/usr/bin/env", ["python3", root.appendingPathComponent("scripts/make-demo-corpus").path,
                                                corpus, questions, "--sentences", "\(sentences)"] + options)
        XCTAssertEqual(made.status, 0, made.stderr)
        return (corpus, questions)
    }

    /// The fields of the "total" line that `-accuracy` prints ("total", "correct/seen", "percent%").
    func accuracyTotal(_ stdout: String) -> [String]? {
        lines(stdout).first { $0.first == "total" }
    }

    /// The total percentage `-accuracy` printed, or -1 when there is none.
    func accuracyPercent(_ stdout: String) -> Double {
        Double(accuracyTotal(stdout)?[2].replacingOccurrences(of: "%", with: "") ?? "") ?? -1
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

        let badNumber = try run(demo, ["-load", model, "-similar", "king", "-k", "many"])
        XCTAssertEqual(badNumber.status, 2, "a refused command line")
        XCTAssertTrue(badNumber.stderr.contains("-k expects an integer"), badNumber.stderr)
    }

    /// -params lists the library's parameter table; the word2vec flags and -param NAME=VALUE set
    /// parameters by the library's names, parsed by the kind the table gives and range-checked by it.
    func testParameterFlagsFollowTheLibraryTable() throws {
        let listing = try run(demo, ["-params"])
        XCTAssertEqual(listing.status, 0, listing.stderr)
        let rows = lines(listing.stdout)
        XCTAssertEqual(rows.map { $0.first ?? "" }, ParameterTable.rows.map(\.name))
        for (row, spec) in zip(rows, ParameterTable.rows) {
            XCTAssertEqual(row.count, 4, "\(row)")
            XCTAssertEqual(row[1], spec.kind.name)
            XCTAssertEqual(row.dropFirst(3).first, "default \(Self.g17(spec.defaultValue))")
            XCTAssertEqual(row[2], "[\(Self.g17(spec.bounds.min)), \(Self.g17(spec.bounds.max))]")
        }

        let (corpus, _) = try makeDemoCorpus(sentences: 300)
        let output = directory.appendingPathComponent("p.w2v").path
        let trained = try run(demo, ["-train", corpus, "-output", output, "-output-format", "native", "-size", "12",
                                     "-param", "ns_exponent=0.5", "-param", "shared_negatives=0", "-param", "max_final_vocab=40",
                                     "-window", "3", "-param", "window=4", "-sample", "0", "-iter", "1", "-threads", "1", "-quiet"])
        XCTAssertEqual(trained.status, 0, trained.stderr)
        var model: OpaquePointer?
        XCTAssertEqual(w2v_model_load(&model, output, w2v_format.W2V_FORMAT_NATIVE.rawValue), .W2V_OK)
        defer { w2v_model_free(model) }
        var params: OpaquePointer?
        XCTAssertEqual(w2v_model_get_params(&params, model), .W2V_OK)
        defer { w2v_params_free(params) }
        func int(_ key: w2v_param) -> Int64 {
            var value: Int64 = -1
            XCTAssertEqual(w2v_params_get_int(params, key.rawValue, &value), .W2V_OK)
            return value
        }
        func float(_ key: w2v_param) -> Double {
            var value = Double.nan
            XCTAssertEqual(w2v_params_get_float(params, key.rawValue, &value), .W2V_OK)
            return value
        }
        XCTAssertEqual(int(.W2V_PARAM_DIM), 12)
        XCTAssertEqual(int(.W2V_PARAM_WINDOW), 4, "settings apply in command-line order")
        XCTAssertEqual(int(.W2V_PARAM_SHARED_NEGATIVES), 0)
        XCTAssertEqual(int(.W2V_PARAM_MAX_FINAL_VOCAB), 40)
        XCTAssertEqual(int(.W2V_PARAM_THREADS), 1)
        XCTAssertEqual(float(.W2V_PARAM_NS_EXPONENT), 0.5)
        XCTAssertEqual(float(.W2V_PARAM_SAMPLE), 0)
        XCTAssertLessThanOrEqual(w2v_model_vocab_size(model), 40)

        for (arguments, message) in [
            (["-param", "colour=1"], "no parameter is named 'colour'"),
            (["-param", "window"], "-param expects NAME=VALUE"),
            (["-param", "=3"], "-param expects NAME=VALUE"),
            (["-param", "hs=2"], "-param hs must be in [0, 1], got '2'"),
            (["-param", "sample=lots"], "-param sample expects a number, got 'lots'"),
            (["-param", "window=2.5"], "-param window expects an integer, got '2.5'"),
            (["-size", "0"], "-size must be in [1, 10000], got '0'"),
            (["-alpha", "-1"], "-alpha must be in [1e-09, 10], got '-1'"),
            (["-hs", "2"], "-hs must be in [0, 1], got '2'"),
            (["-size", "big"], "-size expects an integer, got 'big'"),
        ] {
            // Refused by the command line, with the library's kinds and ranges (w2v_param_info).
            let result = try run(demo, ["-train", corpus, "-output", output, "-quiet"] + arguments)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.hasPrefix("w2v: ") && result.stderr.contains(message),
                          "\(arguments): '\(result.stderr)' should say '\(message)'")
        }
    }

    /// printf's %.17g, which the demo's -params uses.
    static func g17(_ value: Double) -> String {
        String(format: "%.17g", value)
    }

    func testTrainsOnTheGeneratedCorpusAndAnswersThePlantedAnalogies() throws {
        let (corpus, questions) = try makeDemoCorpus(sentences: 20000)
        let vectors = directory.appendingPathComponent("vectors.bin").path
        let train = try run(demo, ["-train", corpus, "-output", vectors, "-binary", "1", "-cbow", "0", "-size", "40",
                                   "-min-count", "2", "-threads", "2", "-iter", "5"])
        XCTAssertEqual(train.status, 0, train.stderr)
        XCTAssertTrue(train.stderr.contains("Alpha:") && train.stderr.contains("Progress:"), "a progress line on stderr")
        let accuracy = try run(demo, ["-load", vectors, "-accuracy", questions, "-restrict", "0"])
        XCTAssertEqual(accuracy.status, 0, accuracy.stderr)
        let total = accuracyTotal(accuracy.stdout)
        XCTAssertGreaterThan(accuracyPercent(accuracy.stdout), 60, accuracy.stdout)
        let cosmul = try run(demo, ["-load", vectors, "-accuracy", questions, "-restrict", "0", "-method", "cosmul"])
        XCTAssertEqual(cosmul.status, 0, cosmul.stderr)
        let cosmulTotal = accuracyTotal(cosmul.stdout)
        XCTAssertEqual(cosmulTotal?[1].split(separator: "/").last, total?[1].split(separator: "/").last, "the same questions are seen")
        XCTAssertGreaterThan(accuracyPercent(cosmul.stdout), 60, cosmul.stdout)

        // Hierarchical softmax alone, with CBOW.
        let hs = try run(demo, ["-train", corpus, "-output", vectors, "-binary", "1", "-cbow", "1", "-hs", "1", "-negative", "0",
                                "-size", "40", "-min-count", "2", "-threads", "2", "-iter", "5", "-quiet"])
        XCTAssertEqual(hs.status, 0, hs.stderr)
        let hsAccuracy = try run(demo, ["-load", vectors, "-accuracy", questions, "-restrict", "0"])
        XCTAssertGreaterThan(accuracyPercent(hsAccuracy.stdout), 60, hsAccuracy.stdout)
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
        let corpus = try makeDemoCorpus(sentences: 3000).corpus
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
        XCTAssertTrue(badFormat.stderr.contains("-output-format takes text, binary, native or fasttext"), badFormat.stderr)
        let both = try run(demo, ["-train", corpus, "-output", text, "-output-format", "text", "-binary", "1"])
        XCTAssertNotEqual(both.status, 0)
        let noTrain = try run(demo, ["-resume", first, "-output", text])
        XCTAssertTrue(noTrain.status != 0 && noTrain.stderr.contains("-resume needs -train"), noTrain.stderr)
    }

    /// -resume -update-vocab: a model trained on text that never names some countries and verbs learns
    /// them from new text, as gensim's build_vocab(update=True) then train.
    func testResumeWithVocabularyUpdateLearnsNewWords() throws {
        func accuracy(_ model: String, _ questions: String) throws -> Double {
            let result = try run(demo, ["-load", model, "-accuracy", questions, "-restrict", "0"])
            XCTAssertEqual(result.status, 0, result.stderr)
            return accuracyPercent(result.stdout)
        }
        let base = try makeDemoCorpus("base", sentences: 20000, options: ["--held-out", "4", "--part", "base"])
        let update = try makeDemoCorpus("update", sentences: 20000, options: ["--held-out", "4", "--part", "update", "--text-seed", "11"])
        let first = directory.appendingPathComponent("base.w2v").path
        let train = try run(demo, ["-train", base.corpus, "-output", first, "-output-format", "native", "-cbow", "0",
                                   "-size", "40", "-min-count", "2", "-threads", "2", "-iter", "5", "-quiet"])
        XCTAssertEqual(train.status, 0, train.stderr)
        XCTAssertGreaterThan(try accuracy(first, base.questions), 60)
        let unknown = try run(demo, ["-load", first, "-accuracy", update.questions, "-restrict", "0"])
        XCTAssertTrue(unknown.stdout.contains("total\t0/0"), "the held-out words are not in the base model: \(unknown.stdout)")

        let grown = directory.appendingPathComponent("grown.w2v").path
        let resumed = try run(demo, ["-resume", first, "-update-vocab", "-train", update.corpus, "-output", grown])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertTrue(resumed.stderr.contains("Vocabulary update: ") && resumed.stderr.contains("words added"), resumed.stderr)
        XCTAssertGreaterThan(try accuracy(grown, update.questions), 60, "the held-out relations are learned")
        XCTAssertGreaterThan(try accuracy(grown, base.questions), 60, "the old ones are kept")

        let without = try run(demo, ["-resume", first, "-train", update.corpus, "-output", grown, "-quiet"])
        XCTAssertEqual(without.status, 0, without.stderr)
        let stillUnknown = try run(demo, ["-load", grown, "-accuracy", update.questions, "-restrict", "0"])
        XCTAssertTrue(stillUnknown.stdout.contains("total\t0/0"), "without -update-vocab new words stay unknown")
        let notResuming = try run(demo, ["-train", base.corpus, "-output", grown, "-update-vocab"])
        XCTAssertTrue(notResuming.status == 2 && notResuming.stderr.contains("-update-vocab needs -resume"), notResuming.stderr)
    }

    // MARK: - The gensim queries (-analogy-cosmul, -similar-vector, -doesnt-match, -n-similarity, -distances,
    // -restrict, -accuracy -method), checked against brute force in Double

    /// Nine 3-d vectors in frequency order, chosen so that 3CosAdd and 3CosMul answer different questions
    /// of `familyQuestions` and no answer is a near tie.
    static let family: [(word: String, vector: [Double])] = [
        ("king", [0.4, 0.7, -0.6]), ("queen", [1.0, -0.6, 0.3]), ("man", [-0.8, 0.5, -0.7]),
        ("woman", [0.4, 0.4, 0.5]), ("prince", [-0.1, 0.7, 1.0]), ("princess", [-0.8, 0.0, 0.9]),
        ("boy", [0.5, -0.1, -0.4]), ("girl", [0.9, -0.8, 0.5]), ("stone", [0.7, -0.7, -0.3]),
    ]

    /// Six sections (the first five semantic, the last syntactic), an upper-case question (folded) and one
    /// with an unknown word (never seen).
    static let familyQuestions = """
        : family-1
        man king woman queen
        : family-2
        boy prince girl princess
        : family-3
        MAN WOMAN King QUEEN
        : family-4
        boy girl man woman
        : family-5
        king queen prince princess
        unicorn king woman queen
        : gram-family
        man boy woman girl

        """

    func mean(_ vectors: [[Double]]) -> [Double] {
        (0..<vectors[0].count).map { i in vectors.map { $0[i] }.reduce(0, +) / Double(vectors.count) }
    }

    /// The `k` best of `candidates` (row indices) by `score`, best first, ties to the lower row.
    func best(_ rows: [(word: String, vector: [Double])], _ candidates: [Int], k: Int,
              by score: ([Double]) -> Double) -> [(String, Double)] {
        candidates.map { ($0, score(rows[$0].vector)) }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
            .prefix(k).map { (rows[$0.0].word, $0.1) }
    }

    /// Rows that are candidates: the `restrict` first (0 = all) without the query words.
    func candidates(_ rows: [(word: String, vector: [Double])], restrict: Int, excluding: [String]) -> [Int] {
        (0..<(restrict == 0 ? rows.count : min(restrict, rows.count))).filter { !excluding.contains(rows[$0].word) }
    }

    /// gensim's most_similar: cosine with the mean of the positive unit vectors and the negated negative ones.
    func mostSimilar(_ rows: [(word: String, vector: [Double])], positive: [String], negative: [String] = [],
                     restrict: Int = 0, k: Int) -> [(String, Double)] {
        let vector = Dictionary(uniqueKeysWithValues: rows.map { ($0.word, $0.vector) })
        let target = mean(positive.map { unit(vector[$0]!) } + negative.map { unit(vector[$0]!).map { -$0 } })
        return best(rows, candidates(rows, restrict: restrict, excluding: positive + negative), k: k) { cosine($0, target) }
    }

    /// gensim's most_similar_cosmul (Levy and Goldberg's 3CosMul).
    func mostSimilarCosmul(_ rows: [(word: String, vector: [Double])], positive: [String], negative: [String],
                           restrict: Int = 0, k: Int) -> [(String, Double)] {
        let vector = Dictionary(uniqueKeysWithValues: rows.map { ($0.word, $0.vector) })
        return best(rows, candidates(rows, restrict: restrict, excluding: positive + negative), k: k) { x in
            positive.map { (1 + cosine(x, vector[$0]!)) / 2 }.reduce(1, *)
                / (negative.map { (1 + cosine(x, vector[$0]!)) / 2 }.reduce(1, *) + 1e-6)
        }
    }

    /// Checks "word<TAB>score" lines against the expected words (in order) and scores (relative tolerance).
    func assertNeighbours(_ result: Run, _ expected: [(String, Double)], tolerance: Double = 1e-5,
                          file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(result.status, 0, result.stderr, file: file, line: line)
        XCTAssertEqual(result.stderr, "", file: file, line: line)
        let got = lines(result.stdout)
        XCTAssertEqual(got.map { $0[0] }, expected.map(\.0), result.stdout, file: file, line: line)
        for (row, want) in zip(got, expected) {
            XCTAssertEqual(row.count, 2, file: file, line: line)
            XCTAssertEqual(Double(row[1]) ?? .nan, want.1, accuracy: tolerance * max(1, abs(want.1)), row[0], file: file, line: line)
        }
    }

    func testNeighbourQueriesRestrictCosmulAndVector() throws {
        let rows = Self.family
        let model = try writeModel("family.txt", rows)

        // -restrict keeps the candidates to the most frequent words; the query word itself may be rarer.
        assertNeighbours(try run(demo, ["-load", model, "-similar", "king", "-k", "20"]), mostSimilar(rows, positive: ["king"], k: 20))
        assertNeighbours(try run(demo, ["-load", model, "-similar", "king", "-k", "20", "-restrict", "4"]),
                         mostSimilar(rows, positive: ["king"], restrict: 4, k: 20))
        XCTAssertEqual(lines(try run(demo, ["-load", model, "-similar", "stone", "-restrict", "3"]).stdout).map { $0[0] }.sorted(),
                       ["king", "man", "queen"])
        assertNeighbours(try run(demo, ["-load", model, "-analogy", "man", "king", "woman", "-k", "3", "-restrict", "6"]),
                         mostSimilar(rows, positive: ["king", "woman"], negative: ["man"], restrict: 6, k: 3))

        // man : king :: woman : ?  by 3CosMul: girl, where 3CosAdd says queen.
        let cosmul = mostSimilarCosmul(rows, positive: ["king", "woman"], negative: ["man"], k: 10)
        XCTAssertEqual(cosmul.first?.0, "girl")
        XCTAssertEqual(mostSimilar(rows, positive: ["king", "woman"], negative: ["man"], k: 1).first?.0, "queen")
        assertNeighbours(try run(demo, ["-load", model, "-analogy-cosmul", "man", "king", "woman", "-k", "10"]), cosmul,
                         tolerance: 1e-4)
        assertNeighbours(try run(demo, ["-load", model, "-analogy-cosmul", "man", "king", "woman"]), Array(cosmul.prefix(6)),
                         tolerance: 1e-4)  // -k 10 by default; six candidates
        assertNeighbours(try run(demo, ["-load", model, "-analogy-cosmul", "boy", "prince", "girl", "-k", "2", "-restrict", "6"]),
                         mostSimilarCosmul(rows, positive: ["prince", "girl"], negative: ["boy"], restrict: 6, k: 2), tolerance: 1e-4)

        // -similar-vector: nothing is excluded, so a word's own vector finds that word first.
        let vector = [0.3, -0.25, 0.6]
        let byVector = best(rows, Array(rows.indices), k: 4) { cosine($0, vector) }
        assertNeighbours(try run(demo, ["-load", model, "-similar-vector", "0.3 -0.25 0.6", "-k", "4"]), byVector)
        assertNeighbours(try run(demo, ["-load", model, "-similar-vector", "-0.8 0 0.9", "-k", "1"]), [("princess", 1)])
        assertNeighbours(try run(demo, ["-load", model, "-similar-vector", "0.3 -0.25 0.6", "-k", "9", "-restrict", "5"]),
                         best(rows, Array(0..<5), k: 9) { cosine($0, vector) })
    }

    func testDoesntMatchNSimilarityAndDistances() throws {
        let rows = Self.family
        let model = try writeModel("family.txt", rows)
        let vector = Dictionary(uniqueKeysWithValues: rows.map { ($0.word, $0.vector) })

        // doesnt_match: the word whose unit vector has the smallest cosine with the mean of the unit vectors.
        for list in [["king", "queen", "man", "woman", "stone"], ["prince", "princess", "girl", "boy"], ["king", "man", "boy"],
                     ["queen", "girl", "stone", "woman"]] {
            let center = mean(list.map { unit(vector[$0]!) })
            let expected = list.min { cosine(vector[$0]!, center) < cosine(vector[$1]!, center) }!
            let result = try run(demo, ["-load", model, "-doesnt-match", list.joined(separator: " ")])
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(result.stdout, expected + "\n", "\(list)")
        }
        // Spaces and tabs both separate words; a single word is its own odd one out.
        XCTAssertEqual(try run(demo, ["-load", model, "-doesnt-match", "  king\tqueen  man   woman stone "]).stdout,
                       try run(demo, ["-load", model, "-doesnt-match", "king queen man woman stone"]).stdout)
        XCTAssertEqual(try run(demo, ["-load", model, "-doesnt-match", "girl"]).stdout, "girl\n")

        // n_similarity: the cosine of the means of the raw (not unit) vectors, a repeated word counting twice.
        for (first, second) in [(["king", "queen"], ["man", "woman"]), (["prince"], ["princess", "girl", "stone"]),
                                (["boy", "boy", "man"], ["girl"])] {
            let expected = cosine(mean(first.map { vector[$0]! }), mean(second.map { vector[$0]! }))
            let result = try run(demo, ["-load", model, "-n-similarity", first.joined(separator: " "), second.joined(separator: " ")])
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(lines(result.stdout).count, 1)
            XCTAssertEqual(Double(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? .nan, expected, accuracy: 1e-5,
                           "\(first) \(second)")
        }

        // distances: 1 - cosine, in the order given (repeats kept); "" means every word in row order.
        let others = ["stone", "queen", "king", "girl", "queen"]
        assertNeighbours(try run(demo, ["-load", model, "-distances", "king", others.joined(separator: " ")]),
                         others.map { ($0, 1 - cosine(vector["king"]!, vector[$0]!)) })
        assertNeighbours(try run(demo, ["-load", model, "-distances", "woman", ""]),
                         rows.map { ($0.word, 1 - cosine(vector["woman"]!, $0.vector)) })
    }

    /// (semantic correct, semantic seen, syntactic correct, syntactic seen) by brute force, as
    /// w2v_model_evaluate_analogies counts them.
    func analogyCounts(_ rows: [(word: String, vector: [Double])], _ questions: String, restrict: Int,
                       cosmul: Bool) -> [Int] {
        let known = Set(rows.prefix(restrict == 0 ? rows.count : restrict).map(\.word))
        var counts = [0, 0, 0, 0]
        var section = 0
        for line in questions.split(separator: "\n") {
            if line.hasPrefix(":") { section += 1; continue }
            let q = line.lowercased().split(separator: " ").map(String.init)
            guard q.allSatisfy(known.contains) else { continue }
            let answer = cosmul ? mostSimilarCosmul(rows, positive: [q[1], q[2]], negative: [q[0]], restrict: restrict, k: 1)
                                : mostSimilar(rows, positive: [q[1], q[2]], negative: [q[0]], restrict: restrict, k: 1)
            let base = section <= 5 ? 0 : 2
            counts[base + 1] += 1
            if answer.first?.0 == q[3] { counts[base] += 1 }
        }
        return counts
    }

    func accuracyLines(_ counts: [Int]) -> String {
        func line(_ name: String, _ correct: Int, _ seen: Int) -> String {
            "\(name)\t\(correct)/\(seen)\t" + String(format: "%.2f%%", seen == 0 ? 0 : 100 * Double(correct) / Double(seen)) + "\n"
        }
        return line("semantic", counts[0], counts[1]) + line("syntactic", counts[2], counts[3])
            + line("total", counts[0] + counts[2], counts[1] + counts[3])
    }

    func testAccuracyWithEitherMethod() throws {
        let rows = Self.family
        let model = try writeModel("family.txt", rows)
        let questions = directory.appendingPathComponent("family-questions.txt").path
        try Self.familyQuestions.write(toFile: questions, atomically: true, encoding: .utf8)

        let add = analogyCounts(rows, Self.familyQuestions, restrict: 0, cosmul: false)
        let mul = analogyCounts(rows, Self.familyQuestions, restrict: 0, cosmul: true)
        XCTAssertEqual(add[1] + add[3], 6, "the upper-case question is seen, the one with 'unicorn' is not")
        XCTAssertNotEqual(add, mul, "the fixture must tell the methods apart")
        for (arguments, counts) in [([String](), add), (["-method", "cosadd"], add), (["-method", "cosmul"], mul),
                                    (["-method", "cosmul", "-restrict", "5"], analogyCounts(rows, Self.familyQuestions, restrict: 5, cosmul: true)),
                                    (["-restrict", "5"], analogyCounts(rows, Self.familyQuestions, restrict: 5, cosmul: false))] {
            let result = try run(demo, ["-load", model, "-accuracy", questions] + arguments)
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(result.stdout, accuracyLines(counts), "\(arguments)")
        }
    }

    func testGensimQueryFailures() throws {
        let model = try writeModel("family.txt", Self.family)
        func assertFails(_ arguments: [String], _ message: String, status: Int32 = 1, file: StaticString = #filePath, line: UInt = #line) throws {
            let result = try run(demo, ["-load", model] + arguments)
            XCTAssertEqual(result.status, status, "\(arguments): \(result.stderr)", file: file, line: line)
            XCTAssertEqual(result.stdout, "", file: file, line: line)
            XCTAssertTrue(result.stderr.hasPrefix("w2v: ") && result.stderr.contains(message),
                          "\(arguments): expected '\(message)' in \(result.stderr)", file: file, line: line)
        }
        // Unknown words: the library's message names them.
        try assertFails(["-analogy-cosmul", "man", "unicorn", "woman"], "'unicorn' is not in the vocabulary")
        try assertFails(["-doesnt-match", "king queen unicorn"], "'unicorn' is not in the vocabulary")
        try assertFails(["-n-similarity", "king queen", "man unicorn"], "'unicorn' is not in the vocabulary")
        try assertFails(["-distances", "unicorn", "king"], "'unicorn' is not in the vocabulary")
        try assertFails(["-distances", "king", "queen unicorn"], "'unicorn' is not in the vocabulary")
        // Too few words, a vector of the wrong size or not finite: the library's messages too.
        try assertFails(["-doesnt-match", ""], "doesnt_match needs at least one word")
        try assertFails(["-doesnt-match", "   "], "doesnt_match needs at least one word")
        try assertFails(["-n-similarity", "king", ""], "n_similarity needs at least one word")
        try assertFails(["-similar-vector", "1 0"], "dim is 2; the model's vectors have 3")
        try assertFails(["-similar-vector", "1 0 inf"], "-similar-vector must be in [-3.402823466e+38, 3.402823466e+38], got 'inf'", status: 2)
        try assertFails(["-accuracy", directory.appendingPathComponent("absent.txt").path, "-method", "cosmul"], "absent.txt")
        // The command line: missing arguments, a list not quoted, bad values, a flag without its query.
        // (exit status 2: refused before any work).
        try assertFails(["-analogy-cosmul", "man", "king"], "-analogy-cosmul needs three words", status: 2)
        try assertFails(["-n-similarity", "king"], "-n-similarity needs two word lists", status: 2)
        try assertFails(["-distances", "king"], "-distances needs a word and a word list", status: 2)
        try assertFails(["-doesnt-match"], "-doesnt-match needs a value", status: 2)
        try assertFails(["-doesnt-match", "king", "queen", "stone"], "unexpected argument 'queen'", status: 2)
        try assertFails(["-similar-vector", "1 zero 0"], "-similar-vector expects a number, got 'zero'", status: 2)
        try assertFails(["-accuracy", "q.txt", "-method", "3cosmul"], "-method takes cosadd (3CosAdd) or cosmul (3CosMul)", status: 2)
        try assertFails(["-similar", "king", "-method", "cosmul"], "-method applies to -accuracy", status: 2)
        try assertFails(["-similar", "king", "-restrict", "-1"], "-restrict must be in [0, 9223372036854775807], got '-1'", status: 2)
        try assertFails(["-restrict", "3"], "-load needs a query", status: 2)
        try assertFails(["-similar-word", "king"], "unknown or ambiguous flag '-similar-word'", status: 2)
    }
}
