import Foundation
import XCTest
@testable import W2V

/// `w2v -phrases` (word2phrase's flags and output) and `-phrases-table` in training, through the demo
/// built as DemoTests builds it.
final class PhrasesCLITests: CLITestCase {
    var demo: String { tool }

    func testWord2PhraseFlagsOutputTableAndTraining() throws {
        var text = ""
        for i in 0..<300 {
            text += "w\(i % 17) w\((i * 5) % 23) new york w\((i * 3) % 19) and w\((i * 7) % 29)\n"
        }
        try text.write(toFile: path("corpus.txt"), atomically: true, encoding: .utf8)
        let first = try run(demo, ["-phrases", "-train", path("corpus.txt"), "-output", path("out.txt"),
                                            "-min-count", "5", "-threshold", "6", "-debug", "2",
                                            "-save-table", path("table.txt")])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stdout.contains("Words in train file: 2100"), first.stdout)  // new_york: (300 - 5) / 300 / 300 * 2100 = 6.9
        XCTAssertTrue(first.stdout.contains("Phrases formed: 300"), first.stdout)
        let out = try String(contentsOfFile: path("out.txt"), encoding: .utf8)
        XCTAssertEqual(out.split(separator: "\n").count, 300)
        XCTAssertTrue(out.hasPrefix("w0 w0 new_york w0 and w0\n"), String(out.prefix(80)))
        let table = try String(contentsOfFile: path("table.txt"), encoding: .utf8)
        XCTAssertTrue(table.hasPrefix("w2v-phrases "), table)
        XCTAssertTrue(table.contains("\nnew_york "), table)

        let again = try run(demo, ["-phrases", "-phrases-table", path("table.txt"), "-train", path("corpus.txt"),
                                              "-output", path("out2.txt"), "-debug", "0"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try String(contentsOfFile: path("out2.txt"), encoding: .utf8), out)
        // The same table in the native format applies the same way.
        let native = try run(demo, ["-phrases", "-train", path("corpus.txt"), "-output", path("out3.txt"), "-min-count", "5",
                                    "-threshold", "6", "-debug", "0", "-save-table", path("table.w2vp"), "-table-format", "native"])
        XCTAssertEqual(native.status, 0, native.stderr)
        XCTAssertFalse(try String(contentsOfFile: path("table.w2vp"), encoding: .isoLatin1).hasPrefix("w2v-phrases"))
        let fromNative = try run(demo, ["-phrases", "-phrases-table", path("table.w2vp"), "-train", path("corpus.txt"),
                                        "-output", path("out4.txt"), "-debug", "0"])
        XCTAssertEqual(fromNative.status, 0, fromNative.stderr)
        XCTAssertEqual(try String(contentsOfFile: path("out4.txt"), encoding: .utf8), out)
        let badFormat = try run(demo, ["-phrases", "-train", path("corpus.txt"), "-output", path("o"), "-save-table", path("t"),
                                       "-table-format", "xml"])
        XCTAssertEqual(badFormat.status, 2)

        let trained = try run(demo, ["-train", path("corpus.txt"), "-phrases-table", path("table.txt"),
                                                "-output", path("vectors.txt"), "-size", "8", "-iter", "1",
                                                "-threads", "1", "-min-count", "1", "-quiet"])
        XCTAssertEqual(trained.status, 0, trained.stderr)
        let vectors = try String(contentsOfFile: path("vectors.txt"), encoding: .utf8)
        XCTAssertTrue(vectors.contains("\nnew_york "), "the phrase is a word of the model")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        XCTAssertEqual(files.filter { $0.hasPrefix("vectors") }, ["vectors.txt"], "phrases are joined on the fly: no rewritten corpus")
        // The same vectors as training on the corpus -phrases rewrote (one thread).
        let fromCopy = try run(demo, ["-train", path("out.txt"), "-output", path("vectors-copy.txt"), "-size", "8", "-iter", "1",
                                      "-threads", "1", "-min-count", "1", "-quiet"])
        XCTAssertEqual(fromCopy.status, 0, fromCopy.stderr)
        XCTAssertEqual(try String(contentsOfFile: path("vectors-copy.txt"), encoding: .utf8), vectors)
        try "w1 5\nw2\n".write(toFile: path("bad-vocab.txt"), atomically: true, encoding: .utf8)
        let failed = try run(demo, ["-train", path("corpus.txt"), "-phrases-table", path("table.txt"), "-output", path("v2.txt"),
                                    "-read-vocab", path("bad-vocab.txt"), "-quiet"])
        XCTAssertEqual(failed.status, 1, failed.stderr)

        let bad = try run(demo, ["-phrases", "-train", path("corpus.txt")])
        XCTAssertEqual(bad.status, 2, "refused by the command line")
        XCTAssertTrue(bad.stderr.contains("-output"), bad.stderr)
        let badScoring = try run(demo, ["-phrases", "-train", path("corpus.txt"), "-output", path("o"), "-scoring", "x"])
        XCTAssertEqual(badScoring.status, 2)
        let missing = try run(demo, ["-phrases", "-phrases-table", path("none"), "-train", path("corpus.txt"), "-output", path("o")])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("none"), missing.stderr)
    }
}
