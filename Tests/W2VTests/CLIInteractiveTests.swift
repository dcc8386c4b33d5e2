import Foundation
import XCTest

/// -load FILE -similar / -analogy / -analogy-cosmul without words (bindings/c/interactive.c): queries
/// read from stdin line by line until end of input or "EXIT", as word2vec's distance and word-analogy;
/// each answer ends with an empty line, an unknown word prints a message and the loop goes on.
final class CLIInteractiveTests: CLITestCase {
    let vectors: [(word: String, vector: [Double])] = [("king", [1, 0.2]), ("queen", [0.8, 0.9]), ("man", [1, -0.1]),
                                         ("woman", [0.7, 0.7]), ("stone", [-1, 0])]

    /// The answers on stdout: each query's "word<TAB>score" lines, ended by an empty line.
    func answers(_ stdout: String) -> [[(word: String, score: Double)]] {
        XCTAssertTrue(stdout.isEmpty || stdout.hasSuffix("\n\n"), "every answer ends with an empty line: \(stdout)")
        var blocks = [[(word: String, score: Double)]](), current = [(word: String, score: Double)]()
        for line in stdout.components(separatedBy: "\n").dropLast() {
            if line.isEmpty {
                blocks.append(current)
                current = []
            } else {
                let fields = line.split(separator: "\t")
                current.append((String(fields[0]), fields.count == 2 ? Double(fields[1]) ?? .nan : .nan))
            }
        }
        return blocks
    }

    func testSimilarReadsLinesOfWordsUntilExit() throws {
        let model = try writeModel("tiny.txt", vectors)
        let table = Dictionary(uniqueKeysWithValues: vectors.map { ($0.word, $0.vector) })
        let run = try w2v(["-load", model, "-similar", "-k", "2"], stdin: "king\nunicorn\n\n  king   queen \nEXIT\nman\n")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stderr, "w2v: 'unicorn' is not in the vocabulary\n", "no prompt when stdin is not a terminal")
        let blocks = answers(run.stdout)
        guard blocks.count == 3 else {
            return XCTFail("king, unicorn (empty answer), king queen; the blank line is no query; EXIT ends: \(run.stdout)")
        }

        // One word: as the non-interactive query.
        let single = try w2v(["-load", model, "-similar", "king", "-k", "2"])
        XCTAssertEqual(blocks[0].map { "\($0.word)\t" + String(format: "%.6f", $0.score) + "\n" }.joined(), single.stdout)
        XCTAssertEqual(blocks[1].count, 0)

        // Several words: the neighbours of the sum of their unit vectors, the words themselves excluded.
        let sum = zip(unit(table["king"]!), unit(table["queen"]!)).map(+)
        let expected = ["man", "woman", "stone"].map { ($0, cosine(sum, table[$0]!)) }.sorted { $0.1 > $1.1 }.prefix(2)
        XCTAssertEqual(blocks[2].map(\.word), expected.map(\.0))
        for (got, want) in zip(blocks[2], expected) { XCTAssertEqual(got.score, want.1, accuracy: 1e-5) }
    }

    func testAnalogyReadsThreeWordsPerLineUntilEndOfInput() throws {
        let model = try writeModel("tiny.txt", vectors)
        let stdin = "man king woman\nman king\nman unicorn woman\nking man queen"  // no newline at the end
        let run = try w2v(["-load", model, "-analogy", "-k", "1"], stdin: stdin)
        XCTAssertEqual(run.status, 0, run.stderr)
        let blocks = answers(run.stdout)
        guard blocks.count == 4, blocks[0].count == 1 else { return XCTFail(run.stdout) }
        XCTAssertEqual(blocks[0].map(\.word), ["queen"], "man : king :: woman : queen")
        let direct = try w2v(["-load", model, "-analogy", "man", "king", "woman", "-k", "1"])
        XCTAssertEqual("\(blocks[0][0].word)\t" + String(format: "%.6f", blocks[0][0].score) + "\n", direct.stdout)
        XCTAssertEqual(blocks[1].count + blocks[2].count, 0)
        XCTAssertEqual(blocks[3].map(\.word), ["woman"], "king : man :: queen : woman")
        XCTAssertEqual(run.stderr, "w2v: an analogy is three words A B C (A is to B as C is to ?), got 2\n"
                       + "w2v: 'unicorn' is not in the vocabulary\n")

        let cosmul = try w2v(["-load", model, "-analogy-cosmul", "-k", "1"], stdin: "man king woman\n")
        XCTAssertEqual(cosmul.status, 0, cosmul.stderr)
        let directCosmul = try w2v(["-load", model, "-analogy-cosmul", "man", "king", "woman", "-k", "1"])
        XCTAssertEqual(cosmul.stdout, directCosmul.stdout + "\n")
    }

    /// Queries given as arguments run first, then those from stdin; empty input is no query at all.
    func testArgumentQueriesComeFirstAndEmptyInputEndsAtOnce() throws {
        let model = try writeModel("tiny.txt", vectors)
        let both = try w2v(["-load", model, "-vocab-size", "-similar", "-k", "1"], stdin: "stone\n")
        XCTAssertEqual(both.status, 0, both.stderr)
        XCTAssertTrue(both.stdout.hasPrefix("5\n"), both.stdout)
        XCTAssertEqual(answers(String(both.stdout.dropFirst(2))).count, 1)
        let empty = try w2v(["-load", model, "-analogy"], stdin: "")
        XCTAssertEqual(empty.status, 0, empty.stderr)
        XCTAssertEqual(empty.stdout, "")
    }
}
