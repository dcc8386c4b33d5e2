import Foundation
import XCTest
@testable import W2VCore

extension Phrases {
    func add(_ text: String) throws {
        var text = text
        try text.withUTF8 { try add(text: UnsafeRawBufferPointer($0)) }
    }

    func apply(_ text: String) -> String {
        var text = text
        return String(decoding: text.withUTF8 { apply(text: UnsafeRawBufferPointer($0)) }, as: UTF8.self)
    }

    func score(_ words: String) throws -> Double? {
        let parts = words.split(separator: " ").map { Array($0.utf8) }
        let buffers = parts.map { $0.withUnsafeBufferPointer { UnsafeBufferPointer(start: UnsafeMutablePointer(mutating: $0.baseAddress!), count: $0.count) } }
        return try score(words: buffers)
    }

    func count(_ entry: String) -> Int64 {
        var entry = entry
        return entry.withUTF8 { count(of: $0) }
    }

    var exported: [String: Double] {
        Dictionary(exportPhrases().map { (String(decoding: $0.phrase, as: UTF8.self), $0.split.score) }, uniquingKeysWith: max)
    }
}

final class PhrasesTests: XCTestCase {
    // new 4, york 5, new_york 4; 15 words; 7 words and 7 pairs counted.
    let small = "new york is big\ni love new york\nnew york new york\nyork is old\n"

    func testCountsAndHandComputedScores() throws {
        let w2p = try Phrases(settings: .init(scoring: .word2phrase, minCount: 1, threshold: 2))
        try w2p.add(small)
        XCTAssertEqual(w2p.words, 15)
        XCTAssertEqual(w2p.count("new"), 4)
        XCTAssertEqual(w2p.count("york"), 5)
        XCTAssertEqual(w2p.count("new_york"), 4)
        XCTAssertEqual(w2p.count("york_new"), 1)
        XCTAssertEqual(w2p.count("big_i"), 0, "pairs never span sentences")
        XCTAssertEqual(w2p.entryCount, 14)
        // (4 - 1) / 4 / 5 * 15
        XCTAssertEqual(try w2p.score("new york"), 2.25)
        // gensim's original scorer: (4 - 1) / (4 * 5) * 14 entries
        let original = try Phrases(settings: .init(scoring: .original, minCount: 1, threshold: 2))
        try original.add(small)
        XCTAssertEqual(try XCTUnwrap(try original.score("new york")), 2.1, accuracy: 1e-12)
        // NPMI: log(p(ab) / (p(a) p(b))) / -log(p(ab)) with p = count / 15
        let npmi = try Phrases(settings: .init(scoring: .npmi, minCount: 1, threshold: 0.5))
        try npmi.add(small)
        XCTAssertEqual(try XCTUnwrap(try npmi.score("new york")), log(3.0) / log(15.0 / 4.0), accuracy: 1e-12)
        // word2phrase requires both words min_count times; NPMI the pair.
        let strict = try Phrases(settings: .init(scoring: .word2phrase, minCount: 5, threshold: 0))
        try strict.add(small)
        XCTAssertNil(try strict.score("new york"))
        let strictNPMI = try Phrases(settings: .init(scoring: .npmi, minCount: 5, threshold: 0))
        try strictNPMI.add(small)
        XCTAssertNil(try strictNPMI.score("new york"))
        XCTAssertNil(try w2p.score("big old"), "never counted")
    }

    func testApplyJoinsGreedilyLeftToRight() throws {
        let p = try Phrases(settings: .init(scoring: .word2phrase, minCount: 1, threshold: 2))
        try p.add(small)
        XCTAssertEqual(p.exported.keys.sorted(), ["new_york"])
        XCTAssertEqual(p.apply("new york new york\nyork new york is\n"), "new_york new_york\nyork new_york is\n")
        XCTAssertEqual(p.apply("  new   york"), "new_york", "spacing normalised, no final newline added")
        var out: [String] = []
        let tokens = ["new", "york", "york", "new", "york"].map { Array($0.utf8) }
        let buffers = tokens.map { $0.withUnsafeBufferPointer { UnsafeBufferPointer(start: UnsafeMutablePointer(mutating: $0.baseAddress!), count: $0.count) } }
        p.apply(tokens: buffers) { out.append(String(decoding: $0, as: UTF8.self)) }
        XCTAssertEqual(out, ["new_york", "york", "new_york"])
        // The threshold is strict: at exactly 2.25 nothing forms.
        let at = try Phrases(settings: .init(scoring: .word2phrase, minCount: 1, threshold: 2.25))
        try at.add(small)
        XCTAssertEqual(at.apply("new york"), "new york")
    }

    func testConnectorWords() throws {
        let p = try Phrases(settings: .init(scoring: .original, minCount: 1, threshold: 0.4),
                            connectors: ["of", "the"].map { Array($0.utf8) })
        try p.add(String(repeating: "the bank of the america is here\nbank of america\nof course\n", count: 3))
        XCTAssertEqual(p.count("bank_of_the_america"), 3)
        XCTAssertEqual(p.count("bank_of_america"), 3)
        XCTAssertEqual(p.count("of"), 0, "connectors are not counted as words")
        XCTAssertEqual(p.words, 36, "but they are words of the text")
        XCTAssertEqual(p.apply("of the bank of america of\n"), "of the bank_of_america of\n")
        XCTAssertThrowsError(try p.score("of america"))
        XCTAssertThrowsError(try p.score("bank is america"))
        XCTAssertNotNil(try p.score("bank of america"))
    }

    /// Filler words drawn at random, with collocations planted among them: exactly the planted ones
    /// form (and "york_city", which the greedy pass never uses); a second pass joins "new_york city".
    func testPlantedCollocationsAndTwoPasses() throws {
        var rng = SplitMix64(seed: 11)
        let planted = ["new york city", "new york", "los angeles", "hong kong", "bank of america"]
        var text = ""
        for s in 0..<4000 {
            var words: [String] = []
            for _ in 0..<12 { words.append("w\(rng.next() % 300)") }
            if rng.next() % 2 == 0 { words.insert("of", at: Int(rng.next() % 12)) }
            if s % 10 == 0 { words.insert(planted[s / 10 % planted.count], at: Int(rng.next() % 12)) }
            text += words.joined(separator: " ") + "\n"
        }
        let p = try Phrases(settings: .init(), connectors: [Array("of".utf8)])
        try p.add(text)
        XCTAssertEqual(Set(p.exported.keys), ["new_york", "york_city", "los_angeles", "hong_kong", "bank_of_america"])
        let once = p.apply(text)
        XCTAssertTrue(once.contains("new_york city"))
        let second = try Phrases(settings: .init(), connectors: [Array("of".utf8)])
        try second.add(once)
        XCTAssertEqual(Set(second.exported.keys), ["new_york_city"])
        let twice = second.apply(once)
        let tokens = twice.split(whereSeparator: { $0 == " " || $0 == "\n" })
        XCTAssertEqual(tokens.filter { $0 == "new_york_city" }.count, 80)
        XCTAssertEqual(tokens.filter { $0 == "new_york" }.count, 80)
        XCTAssertEqual(tokens.filter { $0 == "bank_of_america" }.count, 80)
    }

    func testBoundedMemoryPrunesAndStaysUnderTheLimit() throws {
        var rng = SplitMix64(seed: 3)
        let p = try Phrases(settings: .init(), maxEntries: 2000)
        for _ in 0..<20 {
            var text = ""
            for _ in 0..<500 { text += "v\(rng.next() % 5000) " }
            text += "common pair common pair\n"
            try p.add(text)
            XCTAssertLessThanOrEqual(p.entryCount, 2000)
        }
        let counts = try XCTUnwrap(p.counts)
        XCTAssertGreaterThan(counts.pruning.prunedWords, 0)
        XCTAssertGreaterThan(counts.pruning.passes, 0)
        XCTAssertEqual(p.count("common_pair"), 40, "frequent pairs survive pruning")
    }

    func testFrozenTableAppliesAsTheCountsAndRoundTripsThroughItsFile() throws {
        let directory = try temporaryDirectory(self)
        let p = try Phrases(settings: .init(scoring: .original, minCount: 1, threshold: 1.5, delimiter: Array("::".utf8)),
                            connectors: [Array("of".utf8)])
        try p.add(small + "bank of america\nbank of america\n")
        let frozen = p.freeze()
        XCTAssertTrue(frozen.isFrozen)
        XCTAssertEqual(frozen.exported, p.exported)
        XCTAssertThrowsError(try frozen.add("more text"))
        let text = "new york new york\nbank of america is\n"
        XCTAssertEqual(frozen.apply(text), p.apply(text))
        XCTAssertEqual(p.apply(text), "new::york new::york\nbank::of::america is\n")
        let path = directory.appendingPathComponent("table.txt").path
        try p.save(to: path)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.first, "w2v-phrases \(frozen.entryCount) 1 :: original 1.5 1")
        XCTAssertEqual(lines[1], "of")
        let loaded = try Phrases.load(from: path)
        XCTAssertEqual(loaded.settings, p.settings)
        XCTAssertEqual(loaded.exported, p.exported)
        XCTAssertEqual(loaded.apply(text), p.apply(text))
        // Malformed files name the line.
        for (content, fragment) in [("", "empty"), ("w2v-phrases 1 0 _ word2phrase 100\n", "line 1"),
                                    ("w2v-phrases 1 0 _ magic 100 5\na_b 1\n", "unknown scoring"),
                                    ("w2v-phrases 2 0 _ word2phrase 100 5\na_b 1\n", "announces 2 phrases"),
                                    ("w2v-phrases 1 0 _ word2phrase 100 5\na_b x\n", "line 2"),
                                    ("w2v-phrases 1 0 _ word2phrase 100 5\na_b 1\nc_d 2\n", "more lines")] {
            try content.write(toFile: path, atomically: true, encoding: .utf8)
            XCTAssertThrowsError(try Phrases.load(from: path)) { error in
                guard case .format(let message) = error as? W2VError else { return XCTFail("\(error)") }
                XCTAssertTrue(message.contains(fragment), message)
            }
        }
    }

    /// From a second pass on, "x_y z" and "x y_z" share the pair count of "x_y_z" but not their scores:
    /// the frozen table keeps the split, so it joins only what the counts join.
    func testFrozenTableKeepsTheSplitOfSecondPassPhrases() throws {
        let text = String(repeating: "x y_z\n", count: 3) + "x_y z\n" + String(repeating: "x_y q\nr z\n", count: 20)
        let p = try Phrases(settings: .init(scoring: .word2phrase, minCount: 1, threshold: 5))
        try p.add(text)
        XCTAssertEqual(p.count("x_y_z"), 4)
        XCTAssertEqual(p.apply("x y_z\nx_y z\n"), "x_y_z\nx_y z\n")
        let frozen = p.freeze()
        XCTAssertEqual(frozen.apply("x y_z\nx_y z\n"), "x_y_z\nx_y z\n")
        let path = try temporaryDirectory(self).appendingPathComponent("t.txt").path
        try p.save(to: path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")[1], "x_y_z \(Double(Float(3) / 3 / 3 * 88)) 1 2")
        XCTAssertEqual(try Phrases.load(from: path).apply("x y_z\nx_y z\n"), "x_y_z\nx_y z\n")
    }

    func testApplyFileStreamsAndMatchesApplyText() throws {
        let directory = try temporaryDirectory(self)
        let input = directory.appendingPathComponent("in.txt").path
        let output = directory.appendingPathComponent("out.txt").path
        try (small + "last line without newline new york").write(toFile: input, atomically: true, encoding: .utf8)
        let p = try Phrases(settings: .init(scoring: .word2phrase, minCount: 1, threshold: 2))
        try p.add(file: input)
        let (words, formed) = try p.apply(file: input, to: output)
        XCTAssertEqual(words, 21)
        XCTAssertEqual(formed, 5)
        let written = try String(contentsOfFile: output, encoding: .utf8)
        XCTAssertEqual(written, p.apply(small + "last line without newline new york") + "\n")
        XCTAssertThrowsError(try p.add(file: directory.appendingPathComponent("missing").path))
        XCTAssertEqual(p.words, 21, "a failed file changes nothing")
    }

    func testSettingsAreChecked() {
        XCTAssertThrowsError(try Phrases(settings: .init(delimiter: [])))
        XCTAssertThrowsError(try Phrases(settings: .init(delimiter: Array("a b".utf8))))
        XCTAssertThrowsError(try Phrases(settings: .init(scoring: .npmi, threshold: 2)))
        XCTAssertThrowsError(try Phrases(settings: .init(threshold: .nan)))
        XCTAssertThrowsError(try Phrases(settings: .init(minCount: -1)))
        XCTAssertThrowsError(try Phrases(settings: .init(), connectors: [Array("a b".utf8)]))
    }
}
