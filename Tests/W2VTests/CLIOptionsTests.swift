import Foundation
import XCTest

/// The command line of the tool (bindings/c/options.c, output_files.c, training.c): every refused value
/// exits with status 2 before any work, -h prints the usage, output paths are checked before training,
/// -debug chooses what training prints, and training ends with a summary.
final class CLIOptionsTests: CLITestCase {
    /// A small corpus: 200 lines of 5 words from 20 (each word 50 times).
    func writeCorpus() throws -> String {
        var text = ""
        for line in 0..<200 { text += (0..<5).map { "w\((line * 5 + $0 * 7) % 20)" }.joined(separator: " ") + "\n" }
        try text.write(toFile: path("corpus.txt"), atomically: true, encoding: .utf8)
        return path("corpus.txt")
    }

    func assertRefused(_ arguments: [String], _ message: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try w2v(arguments)
        XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)", file: file, line: line)
        XCTAssertEqual(result.stdout, "", "\(arguments)", file: file, line: line)
        XCTAssertTrue(result.stderr.hasPrefix("w2v: ") && result.stderr.contains(message),
                      "\(arguments): expected '\(message)' in '\(result.stderr)'", file: file, line: line)
        XCTAssertFalse(result.stderr.contains("Vocab size"), "refused before counting: \(arguments)", file: file, line: line)
    }

    func testEveryBadTrainingValueIsRefusedWithStatus2() throws {
        let corpus = try writeCorpus()
        let train = ["-train", corpus, "-output", path("out.txt")]
        let cases: [([String], String)] = [
            (["-window", "-1"], "-window must be in [1, 1000], got '-1'"),
            (["-window", "0"], "-window must be in [1, 1000], got '0'"),
            (["-window", "1001"], "-window must be in [1, 1000], got '1001'"),
            (["-window", "5x"], "-window expects an integer, got '5x'"),
            (["-window", " 5"], "-window expects an integer, got ' 5'"),
            (["-window", "5 "], "-window expects an integer, got '5 '"),
            (["-window", ""], "-window expects an integer, got ''"),
            (["-window", "2.5"], "-window expects an integer, got '2.5'"),
            (["-iter", "-3"], "-iter must be in [1, 100000], got '-3'"),
            (["-iter", "0"], "-iter must be in [1, 100000], got '0'"),
            (["-size", "-5"], "-size must be in [1, 10000], got '-5'"),
            (["-size", "10001"], "-size must be in [1, 10000], got '10001'"),
            (["-threads", "0"], "-threads must be in [1, 1024], got '0'"),
            (["-threads", "-2"], "-threads must be in [1, 1024], got '-2'"),
            (["-threads", "4x"], "-threads expects an integer, got '4x'"),
            (["-negative", "-1"], "-negative must be in [0, 1000], got '-1'"),
            (["-negative", "five"], "-negative expects an integer, got 'five'"),
            (["-min-count", "-2"], "-min-count must be in [1, 2147483647], got '-2'"),
            (["-min-count", "0"], "-min-count must be in [1, 2147483647], got '0'"),
            (["-min-count", "99999999999"], "-min-count must be in [1, 2147483647], got '99999999999'"),
            (["-seed", "-1"], "-seed must be in [0, 9223372036854775807], got '-1'"),
            (["-seed", "99999999999999999999"], "-seed must be in [0, 9223372036854775807], got '99999999999999999999'"),
            (["-hs", "2"], "-hs must be in [0, 1], got '2'"),
            (["-hs", "-1"], "-hs must be in [0, 1], got '-1'"),
            (["-sample", "-0.1"], "-sample must be in [0, 1], got '-0.1'"),
            (["-sample", "2"], "-sample must be in [0, 1], got '2'"),
            (["-sample", "1e-3x"], "-sample expects a number, got '1e-3x'"),
            (["-alpha", "0"], "-alpha must be in [1e-09, 10], got '0'"),
            (["-alpha", "nan"], "-alpha expects a number, got 'nan'"),
            (["-alpha", "inf"], "-alpha must be in [1e-09, 10], got 'inf'"),
            (["-alpha", "1e999"], "-alpha must be in [1e-09, 10], got '1e999'"),
            (["-binary", "2"], "-binary must be in [0, 1], got '2'"),
            (["-binary", "-1"], "-binary must be in [0, 1], got '-1'"),
            (["-cbow", "yes"], "-cbow expects an integer, got 'yes'"),
            (["-cbow", "-1"], "-cbow must be in [0, 1], got '-1'"),
            (["-classes", "0"], "-classes must be in [1, 2147483647], got '0'"),
            (["-classes", "-5"], "-classes must be in [1, 2147483647], got '-5'"),
            (["-debug", "-1"], "-debug must be in [0, 2147483647], got '-1'"),
            (["-debug", "loud"], "-debug expects an integer, got 'loud'"),
            (["-param", "window=-1"], "-param window must be in [1, 1000], got '-1'"),
            (["-param", "ns_exponent=x"], "-param ns_exponent expects a number, got 'x'"),
            (["-param", "nosuch=1"], "-param nosuch: no parameter is named 'nosuch'"),
            (["-param", "window"], "-param expects NAME=VALUE, got 'window'"),
            (["-window"], "-window needs a value"),
            (["-bogus", "1"], "unknown or ambiguous flag '-bogus'"),
            (["-s", "1"], "unknown or ambiguous flag '-s'"),  // a prefix of -size, -sample, -seed, ...
            (["stray"], "unexpected argument 'stray'"),
            (["-phrases"], "-phrases must be the first argument"),
            (["-binary", "1", "-output-format", "text"], "give -binary or -output-format, not both"),
            (["-output-format", "json"], "-output-format takes text, binary, native or fasttext, got 'json'"),
            (["-classes", "3", "-output-format", "native"], "-binary 1 and -output-format do not apply"),
            (["-classes", "3", "-binary", "1"], "-binary 1 and -output-format do not apply"),
            (["-update-vocab"], "-update-vocab needs -resume"),
            (["-similar", "w1"], "queries need -load FILE"),
        ]
        for (arguments, message) in cases { try assertRefused(train + arguments, message) }
        XCTAssertEqual(try folderContents(), ["corpus.txt", "w2v"], "nothing was written")
    }

    func testEveryBadQueryOrModeIsRefusedWithStatus2() throws {
        let model = try writeModel("m.txt", [("a", [1, 0]), ("b", [0, 1]), ("c", [1, 1])])
        let corpus = try writeCorpus()
        let cases: [([String], String)] = [
            (["-load", model, "-similar", "a", "-k", "0"], "-k must be in [1, 2147483647], got '0'"),
            (["-load", model, "-similar", "a", "-k", "-3"], "-k must be in [1, 2147483647], got '-3'"),
            (["-load", model, "-similar", "a", "-restrict", "-1"], "-restrict must be in [0, 9223372036854775807], got '-1'"),
            (["-load", model, "-similar", "a", "-restrict", "x"], "-restrict expects an integer, got 'x'"),
            (["-load", model], "-load needs a query"),
            (["-load", model, "-vocab-size", "-output", path("o")], "-load writes a file only with -classes K"),
            (["-load", model, "-classes", "2"], "-classes needs -output FILE"),
            (["-load", model, "-similar", "-analogy"], "only one of -similar, -analogy and -analogy-cosmul can read queries"),
            (["-load", model, "-train", corpus, "-output", path("o")], "give either -train or -load, not both"),
            (["-train", corpus], "-train needs -output FILE"),
            (["-resume", model, "-output", path("o")], "-resume needs -train FILE"),
            (["-quiet"], "nothing to do"),
            (["-phrases", "-train", corpus, "-output", path("o"), "-min-count", "-1"], "-min-count must be in [0, 9223372036854775807], got '-1'"),
            (["-phrases", "-train", corpus, "-output", path("o"), "-threshold", "high"], "-threshold expects a number, got 'high'"),
            (["-phrases", "-train", corpus, "-output", path("o"), "-debug", "-2"], "-debug must be in [0, 2147483647], got '-2'"),
            (["-phrases", "-train", corpus, "-output", path("o"), "-size", "5"], "unknown or ambiguous flag '-size' for -phrases"),
            (["-phrases", "-train", corpus, "-output", path("o"), "-scoring", "pmi"], "-scoring takes word2phrase, original or npmi, got 'pmi'"),
            (["-phrases", "-train", corpus], "-phrases needs -train FILE and -output FILE"),
        ]
        for (arguments, message) in cases { try assertRefused(arguments, message) }
        XCTAssertEqual(try folderContents(), ["corpus.txt", "m.txt", "w2v"], "nothing was written")
    }

    func testHelpPrintsTheUsageOnStdoutAndExitsZero() throws {
        for flag in ["-h", "-help", "--help"] {
            let help = try w2v([flag])
            XCTAssertEqual(help.status, 0, flag)
            XCTAssertEqual(help.stderr, "", flag)
            XCTAssertTrue(help.stdout.hasPrefix("usage:\n"), flag)
            for name in ["-train", "-classes K", "-debug", "-similar [WORD]", "-analogy [A B C]", "-phrases"] {
                XCTAssertTrue(help.stdout.contains(name), "\(flag): the usage names \(name)")
            }
        }
        XCTAssertEqual(try w2v(["-phrases", "-h"]).status, 0)
        let none = try w2v([])
        XCTAssertEqual(none.status, 2, "no argument at all")
        XCTAssertTrue(none.stderr.hasPrefix("usage:\n"), none.stderr)
    }

    /// An output that cannot be written fails before the corpus is counted (so at once, not after the
    /// whole training), leaves nothing behind, and an existing output is untouched until training ends.
    func testOutputPathsAreCheckedBeforeTraining() throws {
        let corpus = try writeCorpus()
        let missingFolder = path("absent/out.txt")
        for (flag, arguments) in [("-output", ["-output", missingFolder]),
                                  ("-save-vocab", ["-output", path("out.txt"), "-save-vocab", missingFolder]),
                                  ("-output", ["-output", directory.path])] {
            let result = try w2v(["-train", corpus, "-size", "4", "-iter", "1"] + arguments)
            XCTAssertEqual(result.status, 1, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.hasPrefix("w2v: cannot write \(flag) "), result.stderr)
            XCTAssertFalse(result.stderr.contains("Vocab size") || result.stderr.contains("Progress"),
                           "no counting or training happened: \(result.stderr)")
        }
        let directoryResult = try w2v(["-train", corpus, "-output", directory.path])
        XCTAssertTrue(directoryResult.stderr.contains("not a regular file"), directoryResult.stderr)
        let phrases = try w2v(["-phrases", "-train", corpus, "-output", missingFolder])
        XCTAssertEqual(phrases.status, 1)
        XCTAssertTrue(phrases.stderr.hasPrefix("w2v: cannot write -output "), phrases.stderr)
        let classes = try w2v(["-load", try writeModel("m.txt", [("a", [1, 0])]), "-classes", "1", "-output", missingFolder])
        XCTAssertEqual(classes.status, 1)
        XCTAssertTrue(classes.stderr.hasPrefix("w2v: cannot write -output "), classes.stderr)
        XCTAssertEqual(try folderContents(), ["corpus.txt", "m.txt", "w2v"], "no probe or partial file is left")

        // An existing output survives a run that fails after the check (a malformed -read-vocab).
        try "old vectors\n".write(toFile: path("out.txt"), atomically: true, encoding: .utf8)
        try "w1 5\nw2\n".write(toFile: path("bad-vocab.txt"), atomically: true, encoding: .utf8)
        let failed = try w2v(["-train", corpus, "-output", path("out.txt"), "-read-vocab", path("bad-vocab.txt")])
        XCTAssertEqual(failed.status, 1, failed.stderr)
        XCTAssertEqual(try String(contentsOfFile: path("out.txt"), encoding: .utf8), "old vectors\n")

        // A symbolic link is replaced, not followed, as the library's saves do: one to a folder is fine.
        try FileManager.default.createSymbolicLink(atPath: path("link"), withDestinationPath: directory.path)
        let linked = try w2v(["-load", path("m.txt"), "-classes", "1", "-output", path("link")])
        XCTAssertEqual(linked.status, 0, linked.stderr)
        XCTAssertEqual(try String(contentsOfFile: path("link"), encoding: .utf8), "a 0\n")

        if getuid() != 0 {  // root writes into a read-only folder regardless of its mode
            let locked = directory.appendingPathComponent("locked")
            try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: false)
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: locked.path)
            defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: locked.path) }
            let denied = try w2v(["-train", corpus, "-output", locked.appendingPathComponent("out.txt").path])
            XCTAssertEqual(denied.status, 1)
            XCTAssertTrue(denied.stderr.contains("Permission denied"), denied.stderr)
        }
    }

    /// -debug 0 prints nothing, 1 the vocabulary and the summary, 2 (the default) also the progress
    /// line with elapsed time and ETA; -quiet is -debug 0. The summary counts every word of every epoch.
    /// fastText's flags: -minn -maxn -bucket train a subword model, -output-format fasttext writes its
    /// .bin, and -load answers for a word the corpus never had (composed from its n-grams).
    func testSubwordFlagsAndTheFastTextFormat() throws {
        let corpus = try writeCorpus()
        let trained = try w2v(["-train", corpus, "-output", path("m.bin"), "-output-format", "fasttext", "-size", "8",
                               "-iter", "2", "-min-count", "1", "-threads", "1", "-cbow", "0", "-minn", "2", "-maxn", "3",
                               "-bucket", "500", "-quiet"])
        XCTAssertEqual(trained.status, 0, trained.stderr)
        let similar = try w2v(["-load", path("m.bin"), "-similar", "w77", "-k", "3"])
        XCTAssertEqual(similar.status, 0, similar.stderr)
        XCTAssertEqual(similar.stdout.split(separator: "\n").filter { $0.hasPrefix("w") }.count, 3, similar.stdout)
        let plain = try w2v(["-train", corpus, "-output", path("plain.bin"), "-binary", "1", "-size", "8", "-iter", "1",
                             "-min-count", "1", "-threads", "1", "-quiet"])
        XCTAssertEqual(plain.status, 0, plain.stderr)
        XCTAssertNotEqual(try w2v(["-load", path("plain.bin"), "-similar", "w77"]).status, 0, "no subwords: unknown word")
        try assertRefused(["-train", corpus, "-output", path("x"), "-maxn", "-1"], "-maxn")
        try assertRefused(["-train", corpus, "-output", path("x"), "-output-format", "ftz"], "fasttext")
    }

    func testDebugLevelsAndTheClosingSummary() throws {
        let corpus = try writeCorpus()
        let common = ["-train", corpus, "-output", path("v.txt"), "-size", "4", "-iter", "3", "-min-count", "1", "-threads", "1"]
        for arguments in [["-debug", "0"], ["-quiet"]] {
            let quiet = try w2v(common + arguments)
            XCTAssertEqual(quiet.status, 0, quiet.stderr)
            XCTAssertEqual(quiet.stderr, "", "\(arguments)")
        }
        let summaryPattern = #"Trained (\d+) words in \d+:\d\d:\d\d \(([0-9.]+) s\): (\d+) words/s, final loss ([0-9.]+)\n"#
        func summary(_ stderr: String) -> [String]? {
            guard let match = stderr.range(of: summaryPattern, options: .regularExpression) else { return nil }
            let line = String(stderr[match])
            let regex = try! NSRegularExpression(pattern: summaryPattern)
            let result = regex.firstMatch(in: line, range: NSRange(line.startIndex..., in: line))!
            return (1..<result.numberOfRanges).map { String(line[Range(result.range(at: $0), in: line)!]) }
        }

        let info = try w2v(common + ["-debug", "1"])
        XCTAssertEqual(info.status, 0, info.stderr)
        XCTAssertTrue(info.stderr.contains("Vocab size: 20\nWords in train file: 1000\n"), info.stderr)
        XCTAssertFalse(info.stderr.contains("Progress:"), info.stderr)
        let fields = try XCTUnwrap(summary(info.stderr), info.stderr)
        XCTAssertEqual(fields[0], "3000", "3 epochs of 1000 words, all in the vocabulary")
        let loss = try XCTUnwrap(Double(fields[3]))
        XCTAssertTrue(loss > 0 && loss < 10, "a mean negative log-likelihood: \(loss)")

        for arguments in [["-debug", "2"], []] {
            let progress = try w2v(common + arguments)
            XCTAssertEqual(progress.status, 0, progress.stderr)
            let lines = progress.stderr.split(separator: "\r").map(String.init)
            XCTAssertTrue(lines.contains { $0.hasPrefix("Alpha: ") && $0.contains("Progress: 100.00%") }, progress.stderr)
            XCTAssertNotNil(progress.stderr.range(of: #"Elapsed: \d+:\d\d:\d\d  ETA: \d+:\d\d:\d\d"#, options: .regularExpression),
                            progress.stderr)
            XCTAssertEqual(summary(progress.stderr)?.first, "3000", progress.stderr)
        }
    }
}
