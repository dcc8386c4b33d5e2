import Foundation
import XCTest
@testable import W2VCore

/// gensim's training options (issue 13): cbow_mean, shrink_windows and per-row learning rates
/// (vectors_lockf), each checked against a float64 reference of the update, and predict_output_word
/// against a brute-force softmax.
final class GensimTrainingOptionsTests: XCTestCase {
    /// A model over words w0..w(n-1) (w0 most frequent) with hierarchical softmax only (no noise draws)
    /// and no subsampling, so with shrink_windows 0 a step is fully deterministic; its inner-node rows
    /// are random so that the first updates already reach the input vectors.
    func hsModel(words: Int = 6, dim: Int = 5, _ configure: (inout TrainingParameters) -> Void) throws -> Model {
        let counter = WordCounter()
        counter.add((0..<words).map { i in Array(repeating: "w\(i)", count: 2 * (words - i)).joined(separator: " ") }.joined(separator: " "))
        var p = TrainingParameters()
        p.dim = dim; p.negative = 0; p.hierarchicalSoftmax = true; p.sample = 0; p.minCount = 1
        p.alphaOverride = 0.3; p.minAlphaOverride = 0.3; p.window = 2; p.shrinkWindows = false
        configure(&p)
        let model = try Model(vocabulary: Vocabulary(counter: counter, minCount: 1, maxSize: 0), parameters: p)
        var rng = SplitMix64(seed: 17)
        let nodes = model.hsOutput!
        for i in 0..<nodes.count { nodes.base[i] = rng.nextUnitFloat() - 0.5 }
        return model
    }

    /// The update of one hierarchical-softmax step over `sentence`, in float64, as gensim computes it:
    /// full window of `window` words, mean or sum for CBOW, each input row's update times its factor
    /// and each node row's times its node factor.
    func reference(_ model: Model, sentence: [Int], window: Int, cbow: Bool, mean: Bool, factors: [Double]?,
                   nodeFactors: [Double]? = nil) throws -> (input: [Double], nodes: [Double]) {
        let dim = model.dim
        var input = (0..<model.input.count).map { Double(model.input.base[$0]) }
        var nodes = (0..<model.hsOutput!.count).map { Double(model.hsOutput!.base[$0]) }
        let tree = try XCTUnwrap(try model.trainingContext().0.tree)
        func factor(_ row: Int) -> Double { factors?[row] ?? 1 }
        /// Trains `hidden` to predict `target`; returns the gradient for the input side.
        func predict(_ hidden: [Double], _ target: Int) -> [Double] {
            var work = [Double](repeating: 0, count: dim)
            for step in tree.offsets[target]..<tree.offsets[target + 1] {
                let node = Int(tree.points[step]) * dim
                let label = tree.codes[step] == 0 ? 1.0 : 0.0
                let f = (0..<dim).reduce(0.0) { $0 + hidden[$1] * nodes[node + $1] }
                let g = (label - 1 / (1 + exp(-f))) * model.parameters.alpha
                for d in 0..<dim { work[d] += g * nodes[node + d] }
                let nodeFactor = nodeFactors?[Int(tree.points[step])] ?? 1
                for d in 0..<dim { nodes[node + d] += nodeFactor * g * hidden[d] }
            }
            return work
        }
        for pos in sentence.indices {
            let context = (max(0, pos - window)...min(sentence.count - 1, pos + window)).filter { $0 != pos }.map { sentence[$0] }
            if cbow {
                var hidden = [Double](repeating: 0, count: dim)
                for row in context { for d in 0..<dim { hidden[d] += input[row * dim + d] } }
                if mean { hidden = hidden.map { $0 / Double(context.count) } }
                var work = predict(hidden, sentence[pos])
                if !mean { work = work.map { $0 / Double(context.count) } }
                for row in context { for d in 0..<dim { input[row * dim + d] += factor(row) * work[d] } }
            } else {
                for row in context {
                    let work = predict(Array(input[(row * dim)..<(row * dim + dim)]), sentence[pos])
                    for d in 0..<dim { input[row * dim + d] += factor(row) * work[d] }
                }
            }
        }
        return (input, nodes)
    }

    func step(_ model: Model, _ sentence: [Int]) throws {
        let words = sentence.map { Int32($0) }
        _ = try words.withUnsafeBufferPointer { try model.trainStep(words: $0, lengths: [words.count], progress: 0) }
    }

    func weights(_ model: Model) -> [Double] {
        (0..<model.input.count).map { Double(model.input.base[$0]) } + (0..<model.hsOutput!.count).map { Double(model.hsOutput!.base[$0]) }
    }

    func maxError(_ a: [Double], _ b: [Double]) -> Double {
        XCTAssertEqual(a.count, b.count)
        return zip(a, b).map { abs($0 - $1) }.max()!
    }

    let sentence = [0, 3, 1, 5, 2, 0, 4, 1]

    /// cbow_mean 0: the sum of the context predicts the center word and each context word receives the
    /// gradient divided by their number (gensim's cbow_mean=0); the default is the mean.
    func testCBOWSumMatchesGensimsUpdate() throws {
        for mean in [false, true] {
            let model = try hsModel { $0.architecture = .cbow; $0.cbowMean = mean }
            let sum = try reference(model, sentence: sentence, window: 2, cbow: true, mean: false, factors: nil)
            let average = try reference(model, sentence: sentence, window: 2, cbow: true, mean: true, factors: nil)
            try step(model, sentence)
            let trained = weights(model)
            let (expected, other) = mean ? (average, sum) : (sum, average)
            XCTAssertLessThan(maxError(trained, expected.input + expected.nodes), 1e-5, "cbow_mean \(mean)")
            XCTAssertGreaterThan(maxError(trained, other.input + other.nodes), 1e-3, "cbow_mean \(mean) is not the other mode")
        }
    }

    /// shrink_windows 0: every center word sees its whole window (and no window is drawn).
    func testFullWindowWithoutShrinking() throws {
        let model = try hsModel { $0.architecture = .skipGram; $0.shrinkWindows = false }
        let expected = try reference(model, sentence: sentence, window: 2, cbow: false, mean: true, factors: nil)
        try step(model, sentence)
        XCTAssertLessThan(maxError(weights(model), expected.input + expected.nodes), 1e-5)

        // The default shrinks: over a few seeds some center word sees less than the full window.
        var differs = false
        for seed in UInt64(1)...4 {
            let shrinking = try hsModel { $0.architecture = .skipGram; $0.shrinkWindows = true; $0.seed = seed }
            let full = try reference(shrinking, sentence: sentence, window: 2, cbow: false, mean: true, factors: nil)
            try step(shrinking, sentence)
            if maxError(weights(shrinking), full.input + full.nodes) > 1e-4 { differs = true }
        }
        XCTAssertTrue(differs, "shrink_windows 1 draws smaller windows")

        var rng = SplitMix64(seed: 5)
        let before = rng
        for _ in 0..<100 {
            let (lo, hi) = SentenceTrainer.contextBounds(50, count: 100, window: Window(size: 5, shrinks: false), &rng)
            XCTAssertEqual(lo, 45)
            XCTAssertEqual(hi, 55)
        }
        var after = rng, untouched = before
        XCTAssertEqual(after.next(), untouched.next(), "a full window draws no random number")
    }

    /// Each update of an input row is multiplied by its factor, in skip-gram and CBOW (gensim's
    /// vectors_lockf); the output weights are not scaled.
    func testRowLearningRatesScaleEveryInputUpdate() throws {
        let factors: [Float] = [0, 0.5, 1, 2, 0.25, 0]
        for cbow in [false, true] {
            for mean in [false, true] where cbow || mean {
                let model = try hsModel { $0.architecture = cbow ? .cbow : .skipGram; $0.cbowMean = mean }
                try factors.withUnsafeBufferPointer { try model.setRowLearningRates($0) }
                XCTAssertEqual(model.rowLearningRateFactors(), factors)
                let frozen = [model.input.rowArray(0), model.input.rowArray(5)]
                let expected = try reference(model, sentence: sentence, window: 2, cbow: cbow, mean: mean, factors: factors.map(Double.init))
                let unscaled = try reference(model, sentence: sentence, window: 2, cbow: cbow, mean: mean, factors: nil)
                try step(model, sentence)
                XCTAssertLessThan(maxError(weights(model), expected.input + expected.nodes), 1e-5, "cbow \(cbow) mean \(mean)")
                XCTAssertGreaterThan(maxError(weights(model), unscaled.input + unscaled.nodes), 1e-3)
                XCTAssertEqual([model.input.rowArray(0), model.input.rowArray(5)], frozen, "factor 0 rows are bit-identical")
            }
        }
    }

    /// A generated corpus and, for each named configuration, a fresh model over its vocabulary (dim 16,
    /// min count 2, 1 epoch): the file-training tests of the row factors.
    func fileTrainingModels(_ configurations: [(String, (inout TrainingParameters) -> Void)]) throws -> (corpus: URL, models: [(String, Model)]) {
        let dir = try temporaryDirectory(self)
        let (corpus, _) = try makeDemoCorpus(in: dir, sentences: 2000)
        let counter = WordCounter()
        try counter.add(file: corpus.path)
        let models = try configurations.map { name, configure in
            var p = TrainingParameters()
            p.dim = 16; p.minCount = 2; p.epochs = 1
            configure(&p)
            return (name, try Model(vocabulary: Vocabulary(counter: counter, minCount: 2, maxSize: 0), parameters: p))
        }
        return (corpus, models)
    }

    /// The node rows' factors (`setLearningRates(_:of: .hierarchicalSoftmax)`, for data-parallel hosts)
    /// multiply each node row's update and nothing else: the input gradient is taken from the node rows
    /// as they are, unscaled.
    func testNodeLearningRatesScaleEveryNodeUpdate() throws {
        for cbow in [false, true] {
            let model = try hsModel { $0.architecture = cbow ? .cbow : .skipGram }
            let nodeFactors: [Float] = [0.5, 0, 2, 1, 0.25]
            XCTAssertEqual(model.hsOutput!.rows, nodeFactors.count)
            try nodeFactors.withUnsafeBufferPointer { try model.setLearningRates($0, of: .hierarchicalSoftmax) }
            XCTAssertEqual(model.learningRateFactors(of: .hierarchicalSoftmax), nodeFactors)
            XCTAssertEqual(model.rowLearningRateFactors(), [Float](repeating: 1, count: 6), "the input's factors are their own")
            let frozen = model.hsOutput!.rowArray(1)
            let expected = try reference(model, sentence: sentence, window: 2, cbow: cbow, mean: true, factors: nil,
                                         nodeFactors: nodeFactors.map(Double.init))
            let unscaled = try reference(model, sentence: sentence, window: 2, cbow: cbow, mean: true, factors: nil)
            try step(model, sentence)
            XCTAssertLessThan(maxError(weights(model), expected.input + expected.nodes), 1e-5, "cbow \(cbow)")
            XCTAssertGreaterThan(maxError(weights(model), unscaled.input + unscaled.nodes), 1e-3)
            XCTAssertEqual(model.hsOutput!.rowArray(1), frozen, "a factor-0 node row is bit-identical")
        }
    }

    /// Negative sampling's output rows with factor 0 stay bit-identical in file training (skip-gram with
    /// and without shared negatives, CBOW, and CBOW with both output layers, Hogwild and the reproducible
    /// mode), every other output row moves, and so do the input rows.
    func testOutputLearningRatesApplyToEveryNegativeSamplingPath() throws {
        let (corpus, models) = try fileTrainingModels([
            ("sg", { $0.architecture = .skipGram; $0.sharedNegatives = false }),
            ("sg shared", { $0.architecture = .skipGram; $0.sharedNegatives = true }),
            ("cbow", { $0.architecture = .cbow }),
            ("cbow hs+ns", { $0.architecture = .cbow; $0.hierarchicalSoftmax = true }),
            ("cbow reproducible", { $0.architecture = .cbow; $0.threads = 2; $0.syncWords = 3000 }),
        ])
        for (name, model) in models {
            let n = model.vocabularySize
            // Output rows start at zero: give them values so that a scaled update is visible as such.
            var rng = SplitMix64(seed: 3)
            for i in 0..<model.output!.count { model.output!.base[i] = (rng.nextUnitFloat() - 0.5) / 16 }
            let factors = (0..<n).map { $0 % 3 == 0 ? Float(0) : 1 }
            try factors.withUnsafeBufferPointer { try model.setLearningRates($0, of: .output) }
            let before = (0..<n).map { model.output!.rowArray($0) }
            let inputBefore = model.input.rowArray(1)
            try model.train(file: corpus.path) { _ in true }
            for row in 0..<min(n, 60) {
                if row % 3 == 0 {
                    XCTAssertEqual(model.output!.rowArray(row), before[row], "\(name): output row \(row) is frozen")
                } else {
                    XCTAssertNotEqual(model.output!.rowArray(row), before[row], "\(name): output row \(row) trains")
                }
            }
            XCTAssertNotEqual(model.input.rowArray(1), inputBefore, "\(name): the input rows train")
        }
    }

    /// The output and node factors: validated as the input's, refused for a matrix the model lacks,
    /// reset by nil, grown with the vocabulary (new rows 1), and not saved by the native format.
    func testOutputAndNodeLearningRateValidationGrowthAndSaving() throws {
        let model = try hsModel { _ in }   // hierarchical softmax only: no output matrix
        XCTAssertNil(model.learningRateFactors(of: .output))
        XCTAssertThrowsError(try [Float(1)].withUnsafeBufferPointer { try model.setLearningRates($0, of: .output) }) { error in
            XCTAssertTrue("\(error)".contains("no output matrix"), "\(error)")
        }
        XCTAssertNoThrow(try model.setLearningRates(nil, of: .output), "clearing what is absent is no error")
        XCTAssertEqual(model.learningRateFactors(of: .hierarchicalSoftmax), [Float](repeating: 1, count: 5))
        for bad: [Float] in [[1, 1], [1, 1, 1, 1, 1, 1], [1, 1, -0.5, 1, 1], [.nan, 1, 1, 1, 1], [1, 1, 1, 1, .infinity]] {
            XCTAssertThrowsError(try bad.withUnsafeBufferPointer { try model.setLearningRates($0, of: .hierarchicalSoftmax) }) { error in
                XCTAssertEqual((error as? W2VError).map { if case .invalidArgument = $0 { true } else { false } }, true)
            }
        }
        XCTAssertEqual(model.learningRateFactors(of: .hierarchicalSoftmax), [Float](repeating: 1, count: 5), "a refused set changes nothing")
        try [Float(0.25)].withUnsafeBufferPointer { try model.setLearningRates($0, of: .hierarchicalSoftmax) }
        XCTAssertEqual(model.learningRateFactors(of: .hierarchicalSoftmax), [Float](repeating: 0.25, count: 5), "one factor for every row")

        let dir = try temporaryDirectory(self)
        let file = dir.appendingPathComponent("nodes.w2v").path
        try model.save(to: file, format: .native)
        XCTAssertEqual(try Model.load(nativeFrom: file, verifyChecksums: true).learningRateFactors(of: .hierarchicalSoftmax),
                       [Float](repeating: 1, count: 5), "node factors serve a run and are not saved")

        let counter = WordCounter()
        counter.add("w0 new1 new1 new2 new2")
        XCTAssertEqual(try model.updateVocabulary(with: counter), 2)
        XCTAssertEqual(model.learningRateFactors(of: .hierarchicalSoftmax), [0.25, 0.25, 0.25, 0.25, 0.25, 1, 1])
        try model.setLearningRates(nil, of: .hierarchicalSoftmax)
        XCTAssertEqual(model.learningRateFactors(of: .hierarchicalSoftmax), [Float](repeating: 1, count: 7))

        let negative = try hsModel { $0.negative = 3 }
        try [Float](repeating: 0.5, count: 6).withUnsafeBufferPointer { try negative.setLearningRates($0, of: .output) }
        let more = WordCounter()
        more.add("fresh fresh")
        XCTAssertEqual(try negative.updateVocabulary(with: more), 1)
        XCTAssertEqual(negative.learningRateFactors(of: .output), [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1])
        XCTAssertFalse(negative.hasRowLearningRates, "the output's factors are not the input's")
    }

    /// File training with negative sampling (skip-gram with and without shared negatives, CBOW) and
    /// with both output layers: rows of factor 0 stay bit-identical, every other row moves.
    func testFrozenRowsStayBitIdenticalInFileTraining() throws {
        let (corpus, models) = try fileTrainingModels([
            ("sg", { $0.architecture = .skipGram; $0.sharedNegatives = false }),
            ("sg shared", { $0.architecture = .skipGram; $0.sharedNegatives = true }),
            ("cbow", { $0.architecture = .cbow }),
            ("cbow sum hs+ns", { $0.architecture = .cbow; $0.cbowMean = false; $0.hierarchicalSoftmax = true }),
            ("sg hs", { $0.architecture = .skipGram; $0.hierarchicalSoftmax = true; $0.negative = 0 }),
        ])
        for (name, model) in models {
            let n = model.vocabularySize
            let factors = (0..<n).map { $0 % 3 == 0 ? Float(0) : 1 }
            try factors.withUnsafeBufferPointer { try model.setRowLearningRates($0) }
            let before = (0..<n).map { model.input.rowArray($0) }
            try model.train(file: corpus.path) { _ in true }
            for row in 0..<min(n, 60) {
                if row % 3 == 0 {
                    XCTAssertEqual(model.input.rowArray(row), before[row], "\(name): row \(row) is frozen")
                } else {
                    XCTAssertNotEqual(model.input.rowArray(row), before[row], "\(name): row \(row) trains")
                }
            }
        }
    }

    func testRowLearningRateValidationResetAndGrowth() throws {
        let model = try hsModel { _ in }
        XCTAssertFalse(model.hasRowLearningRates)
        XCTAssertEqual(model.rowLearningRateFactors(), [Float](repeating: 1, count: 6))
        for bad: [Float] in [[1, 1], [1, 1, 1, 1, 1, -0.5], [1, 1, .nan, 1, 1, 1], [1, 1, 1, .infinity, 1, 1]] {
            XCTAssertThrowsError(try bad.withUnsafeBufferPointer { try model.setRowLearningRates($0) }) { error in
                XCTAssertEqual((error as? W2VError).map { if case .invalidArgument = $0 { true } else { false } }, true)
            }
        }
        XCTAssertFalse(model.hasRowLearningRates, "a refused set changes nothing")
        try [Float(0.5)].withUnsafeBufferPointer { try model.setRowLearningRates($0) }
        XCTAssertEqual(model.rowLearningRateFactors(), [Float](repeating: 0.5, count: 6), "one factor for every row")
        try model.setRowLearningRates(nil)
        XCTAssertFalse(model.hasRowLearningRates)

        // A vocabulary update keeps the factors of known rows and gives new rows factor 1.
        try [Float(0), 0, 0, 0, 0, 0].withUnsafeBufferPointer { try model.setRowLearningRates($0) }
        let counter = WordCounter()
        counter.add("w0 new1 new1 new2 new2")
        XCTAssertEqual(try model.updateVocabulary(with: counter), 2)
        XCTAssertEqual(model.rowLearningRateFactors(), [0, 0, 0, 0, 0, 0, 1, 1])
    }

    /// The native format keeps the factors (gensim keeps vectors_lockf in its pickle): after a save and a
    /// load, mapped or copied, the factors are the same and frozen rows stay frozen in further training;
    /// a model without factors saves no factor section.
    func testRowLearningRatesSurviveANativeSaveAndLoad() throws {
        let dir = try temporaryDirectory(self)
        let model = try hsModel { _ in }
        let plain = dir.appendingPathComponent("plain.w2v").path
        try model.save(to: plain, format: .native)
        XCTAssertNil(try CraftedNativeFile(path: plain)[.rowLearningRates])
        XCTAssertFalse(try Model.load(nativeFrom: plain, verifyChecksums: true).hasRowLearningRates)

        let factors: [Float] = [0, 1, 0.25, 0, 2, 1]
        try factors.withUnsafeBufferPointer { try model.setRowLearningRates($0) }
        let file = dir.appendingPathComponent("locked.w2v").path
        try model.save(to: file, format: .native)
        for mapped in [true, false] {
            let loaded = try Model.load(nativeFrom: file, verifyChecksums: true, mapped: mapped)
            XCTAssertEqual(loaded.rowLearningRateFactors(), factors)
            let frozen = [loaded.input.rowArray(0), loaded.input.rowArray(3)]
            let moving = loaded.input.rowArray(1)
            let words: [Int32] = [0, 1, 2, 3, 4, 5, 1, 0, 3, 2]
            for _ in 0..<5 {
                _ = try words.withUnsafeBufferPointer { try loaded.trainStep(words: $0, lengths: [words.count], progress: 0.1) }
            }
            XCTAssertEqual([loaded.input.rowArray(0), loaded.input.rowArray(3)], frozen, "mapped \(mapped): factor-0 rows stay frozen")
            XCTAssertNotEqual(loaded.input.rowArray(1), moving, "mapped \(mapped): factor-1 rows train")
        }
    }

    /// The new keys are saved by the native format only when they differ from their defaults, so a
    /// default model's file is unchanged (and readable by libraries without these keys).
    func testNewKeysRoundTripAndAreOmittedAtTheirDefaults() throws {
        let defaults = TrainingParameters()
        XCTAssertEqual(NativeFormatParameters.encode(defaults).count, 16 * NativeFormatLayout.parameterEntryBytes)
        var changed = defaults
        changed.cbowMean = false
        changed.shrinkWindows = false
        let bytes = NativeFormatParameters.encode(changed)
        XCTAssertEqual(bytes.count, 18 * NativeFormatLayout.parameterEntryBytes)
        let decoded = try bytes.withUnsafeBytes { try NativeFormatParameters.decode($0) }
        XCTAssertEqual(decoded, changed)
        XCTAssertFalse(decoded.cbowMean)
        XCTAssertFalse(decoded.shrinkWindows)
        let plain = try NativeFormatParameters.encode(defaults).withUnsafeBytes { try NativeFormatParameters.decode($0) }
        XCTAssertEqual(plain, defaults)
        XCTAssertEqual(ParameterTable.row(named: "cbow_mean")?.key, .cbowMean)
        XCTAssertEqual(ParameterTable.row(named: "shrink_windows")?.defaultValue, 1)
    }

    // MARK: predict_output_word

    /// The probabilities against a softmax computed in float64 over the whole vocabulary, for the mean
    /// (cbow_mean 1) and the sum (cbow_mean 0) of the context.
    func testPredictOutputWordMatchesBruteForce() throws {
        let dir = try temporaryDirectory(self)
        let (corpus, _) = try makeDemoCorpus(in: dir, sentences: 1500)
        for mean in [true, false] {
            let model = try trainedModel(corpus: corpus) { $0.dim = 20; $0.minCount = 2; $0.epochs = 2; $0.cbowMean = mean }
            let context = [3, 10, 3, 25]
            let k = 7
            let found = try model.predictOutputWord(context: context, k: k)
            XCTAssertEqual(found.count, k)

            let dim = model.dim, n = model.vocabularySize
            var hidden = [Double](repeating: 0, count: dim)
            for row in context { for d in 0..<dim { hidden[d] += Double(model.input.row(row)[d]) } }
            if mean { hidden = hidden.map { $0 / Double(context.count) } }
            let scores = (0..<n).map { r in (0..<dim).reduce(0.0) { $0 + hidden[$1] * Double(model.output!.row(r)[$1]) } }
            let exps = scores.map { exp($0) }
            let total = exps.reduce(0, +)
            let probabilities = exps.map { $0 / total }
            let best = (0..<n).sorted { probabilities[$0] > probabilities[$1] }.prefix(k)
            XCTAssertEqual(found.map(\.index), Array(best), "cbow_mean \(mean)")
            for neighbor in found {
                XCTAssertEqual(Double(neighbor.score), probabilities[neighbor.index], accuracy: 1e-6 + 1e-4 * probabilities[neighbor.index])
            }
            XCTAssertGreaterThan(probabilities[best.first!], 1.5 / Double(n), "a trained model prefers some words")
            // k larger than the vocabulary gives every word; the probabilities then sum to 1.
            let all = try model.predictOutputWord(context: context, k: n + 10)
            XCTAssertEqual(all.count, n)
            XCTAssertEqual(all.map { Double($0.score) }.reduce(0, +), 1, accuracy: 1e-4)
        }
    }

    func testPredictOutputWordNeedsNegativeSamplingWeights() throws {
        let hsOnly = try hsModel { _ in }
        XCTAssertThrowsError(try hsOnly.predictOutputWord(context: [0], k: 3)) { error in
            XCTAssertTrue((error as! W2VError).message.contains("negative = 0"), "\(error)")
        }
        let vectorsOnly = try makeModel([("a", [1, 0]), ("b", [0, 1])])
        XCTAssertThrowsError(try vectorsOnly.predictOutputWord(context: [0], k: 3)) { error in
            XCTAssertTrue((error as! W2VError).message.contains("word2vec file"), "\(error)")
        }
        let trainable = try hsModel { $0.negative = 2 }
        XCTAssertThrowsError(try trainable.predictOutputWord(context: [], k: 3)) { error in
            XCTAssertTrue((error as! W2VError).message.contains("at least one context word"), "\(error)")
        }
    }

    // MARK: intersect_word2vec_format

    /// The shared words take the file's vectors and the lock factor; the rest keep theirs; frozen rows
    /// stay bit-identical through training while the others train.
    func testIntersectVectorsMergesSharedWordsAndLocksThem() throws {
        let dir = try temporaryDirectory(self)
        let model = try hsModel(dim: 3) { $0.negative = 2; $0.architecture = .skipGram }
        let path = dir.appendingPathComponent("pretrained.txt").path
        try "3 3\nw1 0.5 -0.25 1\nunknown 9 9 9\nw4 -1 2 0.125\n".write(toFile: path, atomically: true, encoding: .utf8)
        let before = (0..<6).map { model.input.rowArray($0) }
        _ = try model.normalized()  // a cached unit matrix must be dropped by the merge

        XCTAssertEqual(try model.intersectVectors(from: path, format: .auto, lockFactor: 0), 2)
        XCTAssertEqual(model.input.rowArray(1), [0.5, -0.25, 1])
        XCTAssertEqual(model.input.rowArray(4), [-1, 2, 0.125])
        for row in [0, 2, 3, 5] { XCTAssertEqual(model.input.rowArray(row), before[row]) }
        XCTAssertEqual(model.rowLearningRateFactors(), [1, 0, 1, 1, 0, 1])
        XCTAssertEqual(try model.similarity(1, 4), Float(-0.875 / (1.14564392 * 2.23955911)), accuracy: 1e-5)
        XCTAssertEqual(model.vocabularySize, 6, "no word is added")

        try step(model, sentence)
        XCTAssertEqual(model.input.rowArray(1), [0.5, -0.25, 1], "frozen")
        XCTAssertEqual(model.input.rowArray(4), [-1, 2, 0.125], "frozen")
        XCTAssertNotEqual(model.input.rowArray(0), before[0])

        // lockf 1 on a model without factors leaves them unset; a wrong dimension changes nothing.
        let other = try hsModel(dim: 3) { $0.negative = 2 }
        XCTAssertEqual(try other.intersectVectors(from: path, format: .text, lockFactor: 1), 2)
        XCTAssertFalse(other.hasRowLearningRates)
        let wide = dir.appendingPathComponent("wide.txt").path
        try "1 4\nw2 1 2 3 4\n".write(toFile: wide, atomically: true, encoding: .utf8)
        let kept = model.input.rowArray(2)
        XCTAssertThrowsError(try model.intersectVectors(from: wide, format: .auto, lockFactor: 0)) { error in
            XCTAssertTrue((error as! W2VError).message.contains("incompatible vector size 4"), "\(error)")
        }
        XCTAssertEqual(model.input.rowArray(2), kept)
        XCTAssertThrowsError(try model.intersectVectors(from: path, format: .auto, lockFactor: -1))
        XCTAssertThrowsError(try model.intersectVectors(from: path, format: .auto, lockFactor: .nan))
        XCTAssertThrowsError(try model.intersectVectors(from: dir.appendingPathComponent("missing").path, format: .auto, lockFactor: 0))
    }
}

