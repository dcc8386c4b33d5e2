import Foundation
import XCTest
@testable import W2VCore

/// Issue 16: phrases joined while counting and training (`WordCounter.add(file:joining:)`,
/// `Model.setTrainingPhrases`) give what counting and training a rewritten corpus give.
final class OnTheFlyPhrasesTests: XCTestCase {
    /// 2,000 lines of 12 random words, a connector now and then, and planted collocations.
    private func plantedCorpus(at path: String) throws {
        var rng = SplitMix64(seed: 5)
        let planted = ["new york", "los angeles", "hong kong", "bank of america"]
        var text = ""
        for s in 0..<2000 {
            var words = (0..<12).map { _ in "w\(rng.next() % 200)" }
            if rng.next() % 2 == 0 { words.insert("of", at: Int(rng.next() % 12)) }
            if s % 5 == 0 { words.insert(planted[s / 5 % planted.count], at: Int(rng.next() % 12)) }
            text += words.joined(separator: " ") + "\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func testCountingAndTrainingJoinPhrasesAsARewrittenCorpusDoes() throws {
        let directory = try temporaryDirectory(self)
        let original = directory.appendingPathComponent("corpus.txt").path
        let rewritten = directory.appendingPathComponent("joined.txt").path
        try plantedCorpus(at: original)
        let phrases = try Phrases(settings: .init(), connectors: [Array("of".utf8)])
        try phrases.add(file: original)
        try phrases.apply(file: original, to: rewritten)

        let joined = WordCounter()
        try joined.add(file: BytePath(original), joining: phrases)
        let plain = WordCounter()
        try plain.add(file: rewritten)
        let vocabulary = try Vocabulary(counter: joined, minCount: 2, maxSize: 0)
        let expected = try Vocabulary(counter: plain, minCount: 2, maxSize: 0)
        XCTAssertEqual(vocabulary.words, expected.words)
        XCTAssertEqual(vocabulary.counts, expected.counts)
        XCTAssertEqual([joined.totalWords, joined.sentences], [plain.totalWords, plain.sentences])
        for phrase in ["new_york", "los_angeles", "hong_kong", "bank_of_america"] {
            XCTAssertEqual(vocabulary.index(of: phrase).map { vocabulary.counts[$0] }, 100, phrase)
        }

        func trained(on file: String, phrases: Phrases?) throws -> Model {
            var parameters = TrainingParameters()
            parameters.dim = 16
            parameters.minCount = 2
            parameters.epochs = 2
            parameters.threads = 1
            let model = try Model(vocabulary: vocabulary, parameters: parameters)
            try model.setTrainingPhrases(phrases)
            try model.train(file: file) { _ in true }
            return model
        }
        let onTheFly = try trained(on: original, phrases: phrases)
        let fromCopy = try trained(on: rewritten, phrases: nil)
        XCTAssertEqual(onTheFly.input.rowArray(0), fromCopy.input.rowArray(0))
        XCTAssertTrue((0..<vocabulary.count).allSatisfy { onTheFly.input.rowArray($0) == fromCopy.input.rowArray($0) },
                      "one thread: bit for bit the vectors of the rewritten corpus")
        XCTAssertEqual(onTheFly.wordsTrained, fromCopy.wordsTrained)
        let unjoined = try trained(on: original, phrases: nil)
        let row = try XCTUnwrap(vocabulary.index(of: "new_york"))
        XCTAssertEqual(unjoined.input.rowArray(row), try Model(vocabulary: vocabulary, parameters: unjoined.parameters).input.rowArray(row),
                       "without phrases the phrase rows never train")
        XCTAssertNotEqual(onTheFly.input.rowArray(row), unjoined.input.rowArray(row))

        // The model keeps a frozen table of its own; nil stops joining.
        XCTAssertTrue(try XCTUnwrap(onTheFly.trainingPhrases).isFrozen)
        try onTheFly.setTrainingPhrases(nil)
        XCTAssertNil(onTheFly.trainingPhrases)
    }

    /// The reproducible mode's replica trainer reads the file without a detector: refused, not ignored.
    func testTheReproducibleModeRefusesPhrasesOnTheFly() throws {
        let directory = try temporaryDirectory(self)
        let corpus = directory.appendingPathComponent("corpus.txt").path
        try plantedCorpus(at: corpus)
        let phrases = try Phrases(settings: .init(), connectors: [Array("of".utf8)])
        try phrases.add(file: corpus)
        let counter = WordCounter()
        try counter.add(file: BytePath(corpus), joining: phrases)
        var parameters = TrainingParameters()
        parameters.dim = 8
        parameters.minCount = 2
        parameters.threads = 2
        parameters.syncWords = 1000
        let model = try Model(vocabulary: Vocabulary(counter: counter, minCount: 2, maxSize: 0), parameters: parameters)
        try model.setTrainingPhrases(phrases)
        XCTAssertThrowsError(try model.train(file: corpus) { _ in true }) { error in
            XCTAssertTrue("\(error)".contains("sync_words"), "\(error)")
        }
        XCTAssertEqual(model.wordsTrained, 0)
    }

    func testAFailedCountChangesNothing() throws {
        let directory = try temporaryDirectory(self)
        let phrases = try Phrases(settings: .init())
        try phrases.add("new york new york\n")
        let counter = WordCounter()
        counter.add("a b c\n")
        XCTAssertThrowsError(try counter.add(file: BytePath(directory.appendingPathComponent("missing").path), joining: phrases))
        XCTAssertEqual([counter.totalWords, Int64(counter.distinctWords)], [3, 3])
    }
}
