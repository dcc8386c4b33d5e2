import Foundation
import XCTest
@testable import W2VCore

/// Training a subword (fastText) model: the update of one word's rows against finite differences,
/// vectors for inflected forms never seen in training, threads, train-step, vocabulary growth.
final class SubwordTrainingTests: XCTestCase {
    /// A language of stems with inflections (-s, -ed, -ing, -er): each stem has private context words,
    /// so a stem's forms share contexts and character n-grams, and a synonym spelled differently that
    /// occurs in the same contexts. The "-ing" form of the last `heldOut` stems never occurs.
    /// Deterministic (a fixed LCG).
    static func inflectionCorpus(stems stemCount: Int, heldOut: Int, sentences: Int) -> (text: String, stems: [String], synonyms: [String]) {
        var state: UInt64 = 12345
        func below(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        let onsets = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "tr", "st", "gl"]
        let vowels = ["a", "e", "i", "o", "u"]
        var taken = Set<String>()
        func name(_ syllables: Int) -> String {
            while true {
                let word = (0..<syllables).map { _ in onsets[below(onsets.count)] + vowels[below(vowels.count)] }.joined()
                if taken.insert(word).inserted { return word }
            }
        }
        let stems = (0..<stemCount).map { _ in name(2) + "n" }
        let contexts = stems.map { _ in (0..<4).map { _ in name(3) } }
        let synonyms = stems.map { _ in name(3) + "q" }
        let fillers = (0..<60).map { _ in name(2) }
        let suffixes = ["", "s", "ed", "ing", "er"]
        var lines = [String]()
        for _ in 0..<sentences {
            let s = below(stemCount)
            var suffix = suffixes[below(suffixes.count)]
            if suffix == "ing" && s >= stemCount - heldOut { suffix = "ed" }
            var words = [fillers[below(fillers.count)]]
            words.append(contexts[s][below(4)])
            words.append(below(6) == 0 ? synonyms[s] : stems[s] + suffix)
            words.append(contexts[s][below(4)])
            words.append(fillers[below(fillers.count)])
            lines.append(words.joined(separator: " "))
        }
        return (lines.joined(separator: "\n") + "\n", stems, synonyms)
    }

    private func subwordParameters(_ configure: (inout TrainingParameters) -> Void = { _ in }) -> TrainingParameters {
        var p = TrainingParameters()
        p.dim = 32
        p.window = 3
        p.minCount = 1
        p.sample = 0
        p.epochs = 5
        p.architecture = .skipGram
        p.maxN = 6
        p.minN = 3
        p.buckets = 50_000
        configure(&p)
        return p
    }

    private func cosine(_ a: [Float], _ b: [Float]) -> Float {
        var dot: Float = 0, na: Float = 0, nb: Float = 0
        for i in 0..<a.count { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i] }
        return dot / (na.squareRoot() * nb.squareRoot())
    }

    /// One skip-gram step with hierarchical softmax (deterministic: no noise draws) on the sentence
    /// "alpha omega": the change of each of alpha's rows (its own and its n-grams') equals -lr times
    /// the finite-difference gradient of the loss with respect to the mean of those rows (fastText adds
    /// that whole gradient to each row, i.e. N times the gradient with respect to the row itself).
    func testOneSubwordUpdateMatchesFiniteDifferences() throws {
        let counter = WordCounter()
        counter.add("alpha omega")
        let vocabulary = try Vocabulary(counter: counter, minCount: 1, maxSize: 0)
        let parameters = subwordParameters { p in
            p.dim = 8; p.window = 1; p.negative = 0; p.hierarchicalSoftmax = true; p.buckets = 100_000
        }
        let model = try Model(vocabulary: vocabulary, parameters: parameters)
        let subwords = try XCTUnwrap(model.subwords)
        let a = try model.index(of: "alpha"), b = try model.index(of: "omega")
        let buckets = Array(subwords.table.buckets(of: a))
        XCTAssertEqual(Set(buckets).count, buckets.count, "the test needs alpha's n-grams in distinct buckets")
        XCTAssertTrue(Set(buckets).isDisjoint(with: subwords.table.buckets(of: b)), "and apart from omega's")
        // The inner node starts at zero, so the first prediction is uninformative; give it a value.
        let node = try XCTUnwrap(model.hsOutput)
        for d in 0..<8 { node.base[d] = Float(d % 3) * 0.3 - 0.25 }
        let (context, _, _) = try model.trainingContext()
        let tree = try XCTUnwrap(context.tree)
        let label: Double = tree.codes[tree.offsets[b]] == 0 ? 1 : 0   // omega's one step: node 0
        XCTAssertEqual(tree.offsets[b + 1] - tree.offsets[b], 1)

        let dim = 8
        let rowsOfA: [UnsafeMutablePointer<Float>] = [model.input.row(a)] + buckets.map { subwords.rows.row(Int($0)) }
        let before = rowsOfA.map { Array(UnsafeBufferPointer(start: $0, count: dim)) }
        let nodeBefore = Array(UnsafeBufferPointer(start: node.base, count: dim))
        func loss(_ rows: [[Float]]) -> Double {
            var h = [Double](repeating: 0, count: dim)
            for row in rows { for d in 0..<dim { h[d] += Double(row[d]) / Double(rows.count) } }
            var x = 0.0
            for d in 0..<dim { x += h[d] * Double(nodeBefore[d]) }
            let p = 1 / (1 + exp(-x))
            return -log(label == 1 ? p : 1 - p)
        }

        let words: [Int32] = [Int32(a), Int32(b)]
        _ = try words.withUnsafeBufferPointer { try model.trainStep(words: $0, lengths: [2], progress: 0) }
        let lr = Float(LearningRate(parameters).at(progress: 0))
        let eps: Float = 1e-3
        var largest: Float = 0
        for (k, row) in rowsOfA.enumerated() {
            for d in 0..<dim {
                var plus = before, minus = before
                plus[k][d] += eps
                minus[k][d] -= eps
                let gradientOfRow = Float((loss(plus) - loss(minus)) / Double(2 * eps))
                let expected = -lr * Float(rowsOfA.count) * gradientOfRow
                let actual = row[d] - before[k][d]
                XCTAssertEqual(actual, expected, accuracy: 2e-3 * lr + 0.02 * abs(expected), "row \(k), component \(d)")
                largest = max(largest, abs(actual))
            }
        }
        XCTAssertGreaterThan(largest, 1e-4, "the update moved the rows")
    }

    /// Inflected forms held out of training get vectors from their n-grams, which training on their
    /// stem's other forms placed: nearer to the stem's synonym (which shares its contexts but none of
    /// its n-grams, so an untrained model has no reason to) than to any other stem's synonym. File
    /// training with 2 threads.
    func testHeldOutInflectionsAreNearTheirStems() throws {
        let directory = try temporaryDirectory(self)
        let corpus = directory.appendingPathComponent("inflections.txt")
        let (text, stems, synonyms) = Self.inflectionCorpus(stems: 40, heldOut: 10, sentences: 20_000)
        try text.write(to: corpus, atomically: true, encoding: .utf8)
        let parameters = subwordParameters { $0.threads = 2 }
        let model = try trainedModel(corpus: corpus) { $0 = parameters }
        let untrained = try Model(vocabulary: model.vocabulary, parameters: parameters)
        /// How many held-out forms are nearer to their own stem's synonym than to every other synonym.
        func nearTheirSynonym(_ model: Model) throws -> Int {
            var count = 0
            for (stem, synonym) in zip(stems, synonyms).suffix(10) {
                let unseen = stem + "ing"
                XCTAssertFalse(Array(unseen.utf8).withUnsafeBufferPointer { model.contains($0) })
                let (vector, source) = try model.wordVector(unseen)
                XCTAssertEqual(source, .composed)
                let own = cosine(vector, try model.wordVector(synonym).vector)
                let others = try synonyms.filter { $0 != synonym }.map { cosine(vector, try model.wordVector($0).vector) }
                if own > others.max()! { count += 1 }
            }
            return count
        }
        let (trained, initial) = (try nearTheirSynonym(model), try nearTheirSynonym(untrained))
        XCTAssertGreaterThanOrEqual(trained, 8, "held-out forms nearest their stem's synonym after training (untrained: \(initial))")
        XCTAssertLessThanOrEqual(initial, 3, "an untrained model places them at random")
    }

    /// The same corpus without subwords cannot answer for the held-out forms at all.
    func testAModelWithoutSubwordsHasNoVectorForUnknownWords() throws {
        let model = try makeModel([("a", [1, 0]), ("b", [0, 1])])
        XCTAssertNil(model.subwords)
        XCTAssertThrowsError(try model.wordVector("ab")) { error in
            guard case W2VError.notFound = error else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(try model.wordVector("b").source, .vocabulary)
    }

    /// CBOW with negative sampling on subwords learns too, by train-step; a vocabulary update extends
    /// the bucket lists to the new words and keeps the n-gram rows.
    func testCBOWTrainStepAndVocabularyUpdate() throws {
        let (text, stems, _) = Self.inflectionCorpus(stems: 20, heldOut: 5, sentences: 6_000)
        let counter = WordCounter()
        counter.add(text)
        let parameters = subwordParameters { $0.architecture = .cbow; $0.epochs = 1 }
        let vocabulary = try Vocabulary(counter: counter, minCount: 1, maxSize: 0)
        let model = try Model(vocabulary: vocabulary, parameters: parameters)
        let lines = text.split(separator: "\n")
        var loss = [Double]()
        for epoch in 0..<8 {
            var words = [Int32](), lengths = [Int]()
            for line in lines {
                let ids = line.split(separator: " ").map { Int32(try! model.index(of: String($0))) }
                words += ids
                lengths.append(ids.count)
            }
            let result = try words.withUnsafeBufferPointer { try model.trainStep(words: $0, lengths: lengths, progress: Double(epoch) / 8) }
            loss.append(result.meanLoss)
        }
        XCTAssertLessThan(loss.last!, loss.first! * 0.9, "the loss falls: \(loss)")
        let heldOut = stems.last! + "ing"
        let composedBefore = try model.wordVector(heldOut)
        XCTAssertEqual(composedBefore.source, .composed)

        let update = WordCounter()
        update.add("\(heldOut) \(heldOut) \(heldOut) \(heldOut) \(heldOut)")
        try model.updateVocabulary(with: update)
        let subwords = try XCTUnwrap(model.subwords)
        XCTAssertEqual(subwords.table.wordCount, model.vocabularySize)
        let i = try model.index(of: heldOut)
        XCTAssertEqual(Array(subwords.table.buckets(of: i)), Array(heldOut.utf8).withUnsafeBufferPointer { subwords.settings.buckets(of: $0) })
        // The new word's vector is its fresh row composed with the n-gram rows it already had.
        let known = try model.wordVector(heldOut)
        XCTAssertEqual(known.source, .vocabulary)
        var expected = composedBefore.vector.map { $0 * Float(subwords.table.buckets(of: i).count) }
        for d in 0..<model.dim { expected[d] = (expected[d] + model.input.row(i)[d]) / Float(1 + subwords.table.buckets(of: i).count) }
        for d in 0..<model.dim { XCTAssertEqual(known.vector[d], expected[d], accuracy: 1e-5) }
    }

    func testSavedWordVectorsAreTheComposedOnes() throws {
        let counter = WordCounter()
        counter.add("alpha omega alpha omega")
        let model = try Model(vocabulary: try Vocabulary(counter: counter, minCount: 1, maxSize: 0), parameters: subwordParameters())
        let directory = try temporaryDirectory(self)
        let path = directory.appendingPathComponent("v.txt").path
        try model.save(to: path, format: .text)
        let loaded = try Model.load(from: path, format: .text)
        XCTAssertNil(loaded.subwords)
        for word in ["alpha", "omega"] {
            XCTAssertEqual(try loaded.wordVector(word).vector, try model.wordVector(word).vector)
            XCTAssertNotEqual(try model.wordVector(word).vector, model.input.rowArray(try model.index(of: word)), "composed, not the word's own row")
        }
    }
}
