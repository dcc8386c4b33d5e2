import Foundation
import XCTest
@testable import W2VCore

/// -classes K (bindings/c/classes.c): word classes by the original word2vec's k-means, written as
/// "word class" lines, after training or from a loaded model.
final class CLIClassesTests: CLITestCase {
    /// "word class" lines, in order.
    func readClasses(_ file: String) throws -> [(word: String, label: Int)] {
        try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map { line in
            let fields = line.split(separator: " ")
            XCTAssertEqual(fields.count, 2, "\(line)")
            return (String(fields[0]), Int(fields[1]) ?? -1)
        }
    }

    /// Hand-computed: rows a, c, b, d start in classes 0, 1, 0, 1 (round-robin); the centroids point
    /// along (1.9, 0.1) and (0.1, 1.9), so a and b stay with class 0 and c and d with class 1.
    func testClassesOfAHandWrittenModel() throws {
        let model = try writeModel("m.txt", [("a", [1, 0]), ("c", [0, 1]), ("b", [0.9, 0.1]), ("d", [0.1, 0.9])])
        let run = try w2v(["-load", model, "-classes", "2", "-output", path("classes.txt")])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "")
        XCTAssertEqual(try String(contentsOfFile: path("classes.txt"), encoding: .utf8), "a 0\nc 1\nb 0\nd 1\n")

        // Round-robin start a, b -> 0 and c, d -> 1 has both centroids along (1, 1): every word ties
        // and goes to the first class, after which class 1 is empty and never chosen (the original's
        // start, kept: no randomness).
        let tied = try writeModel("t.txt", [("a", [1, 0]), ("b", [0.9, 0.1]), ("c", [0, 1]), ("d", [0.1, 0.9])])
        XCTAssertEqual(try w2v(["-load", tied, "-classes", "2", "-output", path("tied.txt")]).status, 0)
        XCTAssertEqual(try String(contentsOfFile: path("tied.txt"), encoding: .utf8), "a 0\nb 0\nc 0\nd 0\n")

        // The centroids sum the raw vectors, so the long w3 (-9.4, -0.1) outweighs w1 in class 1's start
        // {w1, w3}; summing unit vectors instead would give w0 class 1 (0 0 0 1 here, 1 0 0 1 there).
        let raw = try writeModel("raw.txt", [("w0", [-0.7, -0.5]), ("w1", [-0.1, -0.1]), ("w2", [-0.2, -0.8]), ("w3", [-9.4, -0.1])])
        XCTAssertEqual(try w2v(["-load", raw, "-classes", "2", "-output", path("raw-classes.txt")]).status, 0)
        XCTAssertEqual(try String(contentsOfFile: path("raw-classes.txt"), encoding: .utf8), "w0 0\nw1 0\nw2 0\nw3 1\n")

        let tooMany = try w2v(["-load", model, "-classes", "5", "-output", path("five.txt")])
        XCTAssertEqual(tooMany.status, 1)
        XCTAssertTrue(tooMany.stderr.contains("-classes 5 is more than the model's 4 words"), tooMany.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("five.txt")))
    }

    /// A corpus of three planted groups (each line draws its words from one group only): k-means with
    /// K = 3 on the trained vectors puts each group in a class of its own; the classes are the same in
    /// a second run and from the saved vectors (-load MODEL -classes K).
    func testPlantedGroupsFallIntoDifferentClassesDeterministically() throws {
        let groups = ["animal", "fruit", "tool"].map { name in (0..<8).map { "\(name)\($0)" } }
        var generator = SplitMix64(seed: 5)
        var text = ""
        for line in 0..<3000 {
            let group = groups[line % 3]
            text += (0..<6).map { _ in group[generator.nextBelow(group.count)] }.joined(separator: " ") + "\n"
        }
        try text.write(toFile: path("groups.txt"), atomically: true, encoding: .utf8)
        let training = ["-train", path("groups.txt"), "-size", "20", "-iter", "3", "-min-count", "1", "-threads", "1",
                        "-sample", "0", "-cbow", "0", "-quiet"]
        XCTAssertEqual(try w2v(training + ["-output", path("classes.txt"), "-classes", "3"]).status, 0)
        let classes = try readClasses(path("classes.txt"))
        XCTAssertEqual(Set(classes.map(\.word)), Set(groups.joined()), "every word once")
        XCTAssertEqual(classes.count, 24)
        let label = Dictionary(uniqueKeysWithValues: classes.map { ($0.word, $0.label) })
        for group in groups {
            XCTAssertEqual(Set(group.map { label[$0]! }).count, 1, "\(group) share a class: \(classes)")
        }
        XCTAssertEqual(Set(groups.map { label[$0[0]]! }), [0, 1, 2], "three groups, three classes")

        XCTAssertEqual(try w2v(training + ["-output", path("again.txt"), "-classes", "3"]).status, 0)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path("again.txt"))),
                       try Data(contentsOf: URL(fileURLWithPath: path("classes.txt"))), "deterministic for a seed")

        // The same vectors saved exactly (binary), then classified from the file.
        XCTAssertEqual(try w2v(training + ["-output", path("vectors.bin"), "-binary", "1"]).status, 0)
        let loaded = try w2v(["-load", path("vectors.bin"), "-classes", "3", "-output", path("loaded.txt")])
        XCTAssertEqual(loaded.status, 0, loaded.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path("loaded.txt"))),
                       try Data(contentsOf: URL(fileURLWithPath: path("classes.txt"))))

        // An existing file is replaced whole; no temporary file is left beside it.
        let contents = try folderContents()
        XCTAssertFalse(contents.contains { $0.contains(".w2v-") }, "\(contents)")
    }
}
