import Foundation
import XCTest
@testable import W2VCore

/// Online vocabulary growth: gensim's build_vocab(update=True).
final class VocabularyUpdateTests: XCTestCase {
    private func counter(_ text: String) -> WordCounter {
        let counter = WordCounter()
        counter.add(text)
        return counter
    }

    private func words(_ vocabulary: Vocabulary) -> [String] { (0..<vocabulary.count).map(vocabulary.word) }

    private func newModel(_ text: String, hs: Bool = true, configure: (inout TrainingParameters) -> Void = { _ in }) throws -> Model {
        var p = TrainingParameters()
        p.dim = 8
        p.minCount = 1
        p.sample = 0
        p.hierarchicalSoftmax = hs
        configure(&p)
        return try Model(vocabulary: Vocabulary(counter: counter(text), minCount: p.minCount, maxSize: 0), parameters: p)
    }

    private func floats(_ matrix: FloatMatrix?) -> [Float] {
        guard let matrix else { return [] }
        return Array(UnsafeBufferPointer(start: matrix.base, count: matrix.count))
    }

    func testGrownVocabularyKeepsIndicesAddsCountsAndAppendsNewWordsByCount() throws {
        let base = try Vocabulary(counter: counter("a a a b b c"), minCount: 1, maxSize: 0)
        let update = try base.updated(with: counter("b d d e e e f g g"), minCount: 2)
        // Existing words stay where they were, whatever their new count; d, e and g reach min-count 2
        // in the new text and come after them by descending count, ties (d, g) in first-seen order.
        XCTAssertEqual(words(update.vocabulary), ["a", "b", "c", "e", "d", "g"])
        XCTAssertEqual(update.vocabulary.counts, [3, 3, 1, 3, 2, 2])
        XCTAssertEqual(update.added, 3)
        XCTAssertEqual(update.newTextWords, 1 + 3 + 2 + 2, "b, e, d and g occurrences in the new text; f is not kept")
        XCTAssertEqual(update.vocabulary.trainWords, 6 + 1 + 7)
        XCTAssertEqual(words(base), ["a", "b", "c"], "the original is unchanged")
    }

    func testUpdateKeepsEveryWeightAndInitialisesNewRowsAsAtCreation() throws {
        let model = try newModel("x y z x y x w v x y z")
        let steps: [Int32] = [0, 1, 2, 3, 0, 1, 4, 2]
        _ = try steps.withUnsafeBufferPointer { try model.trainStep(words: $0, lengths: [5, 3], progress: 0.2) }
        let (input, output, hs) = (floats(model.input), floats(model.output), floats(model.hsOutput))
        let oldRows = model.vocabularySize

        let added = try model.updateVocabulary(with: counter("x new1 new2 new1 y new3"))
        XCTAssertEqual(added, 3)
        XCTAssertEqual(model.vocabularySize, oldRows + 3)
        XCTAssertEqual(model.epochWords, 6)
        let dim = model.dim
        XCTAssertEqual(Array(floats(model.input).prefix(oldRows * dim)), input, "existing vectors are kept bit for bit")
        XCTAssertEqual(Array(floats(model.output).prefix(oldRows * dim)), output, "existing output weights are kept")
        XCTAssertEqual(Array(floats(model.hsOutput).prefix(hs.count)), hs, "existing inner-node weights are kept")
        XCTAssertEqual(model.hsOutput!.rows, model.vocabularySize - 1, "one inner node per word but one")
        XCTAssertTrue(floats(model.output).dropFirst(oldRows * dim).allSatisfy { $0 == 0 }, "new output rows start at zero")
        XCTAssertTrue(floats(model.hsOutput).dropFirst(hs.count).allSatisfy { $0 == 0 })
        let fresh = floats(model.input).dropFirst(oldRows * dim)
        let bound = 1 / Float(dim)
        XCTAssertTrue(fresh.allSatisfy { $0 >= -bound && $0 < bound }, "new vectors lie in [-1/dim, 1/dim)")
        XCTAssertEqual(Set(fresh).count, fresh.count, "new vectors are random, not constant")
        XCTAssertEqual(model.vocabulary.index(of: "new1"), oldRows, "the most frequent new word comes first")

        // The same update of the same model gives the same new vectors.
        let twin = try newModel("x y z x y x w v x y z")
        _ = try steps.withUnsafeBufferPointer { try twin.trainStep(words: $0, lengths: [5, 3], progress: 0.2) }
        try twin.updateVocabulary(with: counter("x new1 new2 new1 y new3"))
        XCTAssertEqual(floats(twin.input), floats(model.input))

        // The grown model trains (sampler and Huffman tree rebuilt over the new rows).
        let grown: [Int32] = [5, 6, 7, 0, 5, 6]
        let result = try grown.withUnsafeBufferPointer { try model.trainStep(words: $0, lengths: [6], progress: 0.5) }
        XCTAssertEqual(result.words, 6)
        XCTAssertTrue(result.meanLoss.isFinite && result.meanLoss > 0)
        XCTAssertNotEqual(Array(floats(model.input).dropFirst(oldRows * dim)), Array(fresh), "new rows were trained")
    }

    func testFailedUpdatesChangeNothing() throws {
        let model = try newModel("p q r p q p")
        let before = floats(model.input)
        func expectInvalid(_ counter: WordCounter, mentions fragment: String, _ target: Model? = nil) {
            XCTAssertThrowsError(try (target ?? model).updateVocabulary(with: counter)) { error in
                guard case .invalidArgument(let message) = error as? W2VError else { return XCTFail("\(error)") }
                XCTAssertTrue(message.contains(fragment), message)
            }
        }
        expectInvalid(WordCounter(), mentions: "no words were counted")
        var p = TrainingParameters(); p.minCount = 3; p.dim = 8
        let strict = try Model(vocabulary: Vocabulary(counter: counter("p p p q q q"), minCount: 3, maxSize: 0), parameters: p)
        expectInvalid(counter("s t s u"), mentions: "none of the 3 counted words", strict)
        XCTAssertEqual(strict.vocabularySize, 2)
        let vectorsOnly = try makeModel([("a", [1, 0]), ("b", [0, 1])])
        expectInvalid(counter("a c c c c c"), mentions: "cannot be trained", vectorsOnly)
        XCTAssertEqual(vectorsOnly.vocabularySize, 2)
        XCTAssertEqual(model.vocabularySize, 3)
        XCTAssertEqual(floats(model.input), before)
    }

    func testHuffmanTreeOverUnsortedCountsMatchesTheSortedTree() {
        let sorted: [Int64] = [9, 7, 6, 4, 3, 2, 1]
        let permutation = [3, 0, 6, 1, 5, 2, 4]      // position i holds the word of sorted rank permutation[i]
        let shuffled = permutation.map { sorted[$0] }
        let a = HuffmanTree(counts: sorted), b = HuffmanTree(counts: shuffled)
        for (i, rank) in permutation.enumerated() {
            XCTAssertEqual(Array(b.code(i)), Array(a.code(rank)), "word \(i)")
            XCTAssertEqual(Array(b.point(i)), Array(a.point(rank)), "word \(i)")
        }
    }

    /// A word that occurs only in the new text acquires its planted relation after the update and
    /// training on that text, and the old relations survive.
    func testUpdateThenTrainingLearnsHeldOutWords() throws {
        let dir = try temporaryDirectory(self)
        let base = try makeDemoCorpus(in: dir, sentences: 20000, name: "base", options: ["--held-out", "4", "--part", "base"])
        let update = try makeDemoCorpus(in: dir, sentences: 20000, name: "update",
                                        options: ["--held-out", "4", "--part", "update", "--text-seed", "11"])
        for architecture in [Architecture.skipGram, .cbow] {
            let model = try trainedModel(corpus: base.corpus) {
                $0.architecture = architecture; $0.dim = 40; $0.minCount = 2; $0.threads = 2
            }
            XCTAssertGreaterThan(try quickAccuracy(model, base.questions), 0.6, "\(architecture): base relations")
            let newText = WordCounter()
            try newText.add(file: update.corpus.path)
            let questionWords = Set(try String(contentsOf: update.questions, encoding: .utf8).split(separator: "\n")
                .filter { !$0.hasPrefix(":") }.flatMap { $0.split(separator: " ").map(String.init) })
            XCTAssertTrue(questionWords.contains { model.vocabulary.index(of: $0) == nil }, "the held-out words are new")
            // 4 held-out countries, capitals, rivers, foods, verbs, past tenses, and 3 objects per verb,
            // plus rare filler words that reach min-count only now.
            XCTAssertGreaterThanOrEqual(try model.updateVocabulary(with: newText), 4 * 6 + 4 * 3, "\(architecture)")
            XCTAssertTrue(questionWords.allSatisfy { model.vocabulary.index(of: $0) != nil }, "\(architecture): every held-out word was added")
            XCTAssertLessThan(try quickAccuracy(model, update.questions), 0.1, "\(architecture): new words are random before training")
            try model.train(file: update.corpus.path) { _ in true }
            XCTAssertGreaterThan(try quickAccuracy(model, update.questions), 0.6, "\(architecture): held-out relations after training")
            XCTAssertGreaterThan(try quickAccuracy(model, base.questions), 0.6, "\(architecture): base relations kept")
        }
    }

    /// Saving an updated model and loading it trains on exactly as one never saved.
    func testUpdatedModelSavedAndLoadedTrainsOnIdentically() throws {
        let dir = try temporaryDirectory(self)
        let base = try makeDemoCorpus(in: dir, sentences: 2000, name: "base", options: ["--held-out", "2", "--part", "base"])
        let update = try makeDemoCorpus(in: dir, sentences: 2000, name: "update", options: ["--held-out", "2", "--part", "update"])
        func grown() throws -> Model {
            let model = try trainedModel(corpus: base.corpus) { $0.dim = 12; $0.epochs = 1; $0.minCount = 1; $0.hierarchicalSoftmax = true }
            let counter = WordCounter()
            try counter.add(file: update.corpus.path)
            try model.updateVocabulary(with: counter)
            return model
        }
        let kept = try grown()
        let path = dir.appendingPathComponent("grown.w2v").path
        try kept.save(to: path, format: .native)
        let loaded = try Model.load(from: path, format: .native)
        XCTAssertEqual(loaded.epochWords, kept.epochWords)
        XCTAssertLessThan(kept.epochWords, kept.vocabulary.trainWords, "a pass is over the new text, not all text seen")
        try kept.train(file: update.corpus.path) { _ in true }
        try loaded.train(file: update.corpus.path) { _ in true }
        XCTAssertEqual(floats(loaded.input), floats(kept.input))
        XCTAssertEqual(floats(loaded.output), floats(kept.output))
        XCTAssertEqual(floats(loaded.hsOutput), floats(kept.hsOutput))
    }
}
