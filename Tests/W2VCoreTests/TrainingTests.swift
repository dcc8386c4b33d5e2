import Foundation
import XCTest
@testable import W2VCore

final class TrainingTests: XCTestCase {
    func parameters(_ configure: (inout TrainingParameters) -> Void) -> TrainingParameters {
        var p = TrainingParameters()
        configure(&p)
        return p
    }

    func testBothArchitecturesLearnPlantedAnalogies() throws {
        let dir = try temporaryDirectory(self)
        let (corpus, questions) = try makeDemoCorpus(in: dir, sentences: 20000)
        for (architecture, shared) in [(Architecture.skipGram, false), (.skipGram, true), (.cbow, false)] {
            var p = TrainingParameters()
            p.architecture = architecture
            p.sharedNegatives = shared
            p.dim = 40
            p.minCount = 2
            p.threads = 2
            let counter = WordCounter()
            try counter.add(file: corpus.path)
            let model = try Model(vocabulary: Vocabulary(counter: counter, minCount: 2, maxSize: 0), parameters: p)
            let before = try quickAccuracy(model, questions)
            try model.train(file: corpus.path) { _ in true }
            let after = try quickAccuracy(model, questions)
            XCTAssertLessThan(before, 0.1, "\(architecture) shared negatives \(shared), before training")
            XCTAssertGreaterThan(after, 0.6, "\(architecture) shared negatives \(shared), after training")
        }
    }

    /// One skip-gram step on a two-word vocabulary against the same update computed by hand in float64.
    func testGradientMatchesFloat64Reference() throws {
        let counter = WordCounter()
        counter.add("x y x y")
        XCTAssertEqual(counter.distinctWords, 2)
        let p = parameters { $0.architecture = .skipGram; $0.dim = 4; $0.window = 1; $0.negative = 1; $0.sample = 0
            $0.minCount = 1; $0.alphaOverride = 0.5; $0.minAlphaOverride = 0.5 }
        let model = try Model(vocabulary: Vocabulary(counter: counter, minCount: 1, maxSize: 0), parameters: p)
        var rng = SplitMix64(seed: 99)
        for i in 0..<8 { model.output!.base[i] = rng.nextUnitFloat() - 0.5 }
        let input0 = (0..<8).map { Double(model.input.base[$0]) }
        let output0 = (0..<8).map { Double(model.output!.base[$0]) }

        let sentence: [Int32] = [0, 1]
        _ = try sentence.withUnsafeBufferPointer { try model.trainStep(words: $0, lengths: [2], progress: 0) }
        let input = (0..<8).map { Double(model.input.base[$0]) }
        let output = (0..<8).map { Double(model.output!.base[$0]) }

        // Pair 1: input row 1 (context y) predicts 0 (x); pair 2: input row 0 predicts 1. Each may draw
        // the other word as noise (label 0) or draw the target itself (skipped): try all four.
        func reference(noise1: Bool, noise2: Bool) -> (input: [Double], output: [Double]) {
            var inp = input0, out = output0
            func predict(_ context: Int, _ target: Int, noise: Bool) {
                var gradient = [Double](repeating: 0, count: 4)
                var steps = [(target, 1.0)]
                if noise { steps.append((1 - target, 0.0)) }
                for (word, label) in steps {
                    let f = (0..<4).reduce(0.0) { $0 + inp[context * 4 + $1] * out[word * 4 + $1] }
                    let g = (label - 1 / (1 + exp(-f))) * 0.5
                    for d in 0..<4 { gradient[d] += g * out[word * 4 + d] }
                    for d in 0..<4 { out[word * 4 + d] += g * inp[context * 4 + d] }
                }
                for d in 0..<4 { inp[context * 4 + d] += gradient[d] }
            }
            predict(1, 0, noise: noise1)
            predict(0, 1, noise: noise2)
            return (inp, out)
        }
        var matches = 0
        for n1 in [false, true] {
            for n2 in [false, true] {
                let r = reference(noise1: n1, noise2: n2)
                let error = zip(r.input + r.output, input + output).map { abs($0 - $1) }.max()!
                if error < 1e-6 { matches += 1 }
            }
        }
        XCTAssertEqual(matches, 1, "the float32 update must equal exactly one float64 reference path")
        XCTAssertNotEqual(input, input0)
    }

    func testNoiseSamplerFollowsUnigramToThePower() throws {
        let counts: [Int64] = [1000, 400, 200, 90, 40, 10, 3, 1]
        let sampler = try NoiseSampler(counts: counts, exponent: 0.75)
        let weights = counts.map { pow(Double($0), 0.75) }
        let total = weights.reduce(0, +)
        for (p, w) in zip(sampler.probabilities, weights) { XCTAssertEqual(p, w / total, accuracy: 1e-12) }
        var rng = SplitMix64(seed: 3)
        let draws = 400_000
        var seen = [Int](repeating: 0, count: counts.count)
        for _ in 0..<draws { seen[sampler.sample(&rng)] += 1 }
        var chiSquare = 0.0
        for (i, w) in weights.enumerated() {
            let expected = Double(draws) * w / total
            chiSquare += pow(Double(seen[i]) - expected, 2) / expected
        }
        // 7 degrees of freedom: P(chi2 > 24.3) = 0.001.
        XCTAssertLessThan(chiSquare, 24.3, "observed \(seen)")
        let uniform = try NoiseSampler(counts: [5, 5, 5, 5], exponent: 0)
        XCTAssertEqual(uniform.probabilities, [0.25, 0.25, 0.25, 0.25])
        XCTAssertThrowsError(try NoiseSampler(counts: [], exponent: 0.75))
    }

    func testSubsamplingKeepRates() {
        let counts: [Int64] = [100_000, 10_000, 1_000, 10]
        let trainWords: Int64 = 1_000_000
        let subsampler = Subsampler(counts: counts, trainWords: trainWords, sample: 1e-3)
        for (c, keep) in zip(counts, subsampler.keepProbability) {
            let t = 1e-3 * Double(trainWords)
            XCTAssertEqual(Double(keep), min(1, ((Double(c) / t).squareRoot() + 1) * t / Double(c)), accuracy: 1e-6)
        }
        XCTAssertEqual(subsampler.keepProbability[0], 0.11, accuracy: 1e-6)  // (sqrt(100) + 1) * 1000 / 100000
        XCTAssertEqual(subsampler.keepProbability[3], 1)
        XCTAssertTrue(Subsampler(counts: counts, trainWords: trainWords, sample: 0).isIdentity)

        // The trainer keeps a frequent word at that rate: count words surviving in long sentences.
        var rng = SplitMix64(seed: 11)
        var kept = 0
        let trials = 200_000
        let p = subsampler.keepProbability[0]
        for _ in 0..<trials where rng.nextUnitFloat() < p { kept += 1 }
        XCTAssertEqual(Double(kept) / Double(trials), Double(p), accuracy: 0.005)
    }

    func testWindowReachIsUniformAndClipped() {
        var rng = SplitMix64(seed: 5)
        var reaches = [Int](repeating: 0, count: 6)
        for _ in 0..<60_000 {
            let (lo, hi) = SentenceTrainer.contextBounds(50, count: 100, window: Window(size: 5, shrinks: true), &rng)
            XCTAssertEqual(50 - lo, hi - 50)
            reaches[hi - 50] += 1
        }
        XCTAssertEqual(reaches[0], 0)
        for r in 1...5 { XCTAssertEqual(Double(reaches[r]) / 60_000, 0.2, accuracy: 0.01, "reach \(r)") }
        for _ in 0..<100 {
            let (lo, hi) = SentenceTrainer.contextBounds(1, count: 3, window: Window(size: 5, shrinks: true), &rng)
            XCTAssertEqual(lo, 0)
            XCTAssertLessThanOrEqual(hi, 2)
        }
    }

    func testLearningRateSchedule() {
        let schedule = LearningRate(alpha: 0.025, minAlpha: 0.0001)
        XCTAssertEqual(schedule.at(progress: 0), 0.025)
        XCTAssertEqual(schedule.at(progress: 1), 0.0001, accuracy: 1e-15)
        XCTAssertEqual(schedule.at(progress: 0.5), 0.01255, accuracy: 1e-12)
        XCTAssertEqual(schedule.at(progress: 2), 0.0001, accuracy: 1e-15)
        XCTAssertEqual(schedule.at(progress: -1), 0.025)
    }

    func testProgressReportsAreMonotoneEndAtOneAndAlphaFalls() throws {
        let dir = try temporaryDirectory(self)
        let (corpus, _) = try makeDemoCorpus(in: dir, sentences: 20000)
        let counter = WordCounter()
        try counter.add(file: corpus.path)
        let p = parameters { $0.dim = 20; $0.epochs = 3; $0.minCount = 2; $0.threads = 2 }
        let model = try Model(vocabulary: Vocabulary(counter: counter, minCount: 2, maxSize: 0), parameters: p)
        var reports: [TrainingProgress] = []
        try model.train(file: corpus.path) { reports.append($0); return true }
        XCTAssertGreaterThan(reports.count, 5)
        XCTAssertEqual(reports.last?.progress, 1)
        XCTAssertEqual(reports.last!.alpha, p.minAlpha, accuracy: 1e-12)
        for (a, b) in zip(reports, reports.dropFirst()) {
            XCTAssertLessThanOrEqual(a.progress, b.progress)
            XCTAssertGreaterThanOrEqual(a.alpha, b.alpha)
            XCTAssertLessThanOrEqual(b.progress - a.progress, 0.2)
        }
        for r in reports {
            XCTAssertTrue(r.loss.isFinite && r.loss >= 0)
            // The first report may come before a thread has trained its first sentence (seen under ASan).
            if r.progress > 0 { XCTAssertGreaterThan(r.wordsPerSecond, 0) } else { XCTAssertEqual(r.wordsPerSecond, 0) }
        }
        XCTAssertEqual(model.wordsTrained, 3 * model.vocabulary.trainWords)
    }

    func testOneThreadIsDeterministicAndSeedsMatter() throws {
        let dir = try temporaryDirectory(self)
        let (corpus, _) = try makeDemoCorpus(in: dir, sentences: 3000)
        func run(seed: UInt64, _ architecture: Architecture, shared: Bool = false) throws -> [Float] {
            let model = try trainedModel(corpus: corpus) {
                $0.dim = 16; $0.epochs = 2; $0.minCount = 1; $0.seed = seed; $0.architecture = architecture; $0.sharedNegatives = shared
            }
            return Array(UnsafeBufferPointer(start: model.input.base, count: model.input.count))
                + Array(UnsafeBufferPointer(start: model.output!.base, count: model.output!.count))
        }
        for architecture in [Architecture.skipGram, .cbow] {
            let a = try run(seed: 1, architecture), b = try run(seed: 1, architecture), c = try run(seed: 2, architecture)
            XCTAssertEqual(a.map(\.bitPattern), b.map(\.bitPattern), "\(architecture): same seed, same bits")
            XCTAssertNotEqual(a, c, "\(architecture): another seed gives other vectors")
        }
        let shared = try run(seed: 1, .skipGram, shared: true)
        XCTAssertEqual(shared.map(\.bitPattern), try run(seed: 1, .skipGram, shared: true).map(\.bitPattern))
        XCTAssertNotEqual(shared, try run(seed: 1, .skipGram))
    }

    func testAbortLeavesAUsableModel() throws {
        let dir = try temporaryDirectory(self)
        let (corpus, _) = try makeDemoCorpus(in: dir, sentences: 20000)
        let counter = WordCounter()
        try counter.add(file: corpus.path)
        let p = parameters { $0.dim = 20; $0.epochs = 20; $0.minCount = 2 }
        let model = try Model(vocabulary: Vocabulary(counter: counter, minCount: 2, maxSize: 0), parameters: p)
        var calls = 0
        XCTAssertThrowsError(try model.train(file: corpus.path) { _ in calls += 1; return false }) { error in
            XCTAssertEqual(error as? W2VError, .aborted("training was stopped by the progress callback"))
        }
        XCTAssertEqual(calls, 1)
        XCTAssertLessThan(model.wordsTrained, 20 * model.vocabulary.trainWords / 2)
        let neighbours = try model.mostSimilar(positive: [0], negative: [], k: 3)
        XCTAssertEqual(neighbours.count, 3)
        for i in 0..<model.input.count { XCTAssertTrue(model.input.base[i].isFinite) }
        model.parameters.epochs = 1
        try model.train(file: corpus.path) { _ in true }
    }

    func testTrainStepFromFourThreadsAtOnce() throws {
        let dir = try temporaryDirectory(self)
        let (corpus, questions) = try makeDemoCorpus(in: dir, sentences: 20000)
        let counter = WordCounter()
        try counter.add(file: corpus.path)
        let p = parameters { $0.dim = 40; $0.minCount = 2; $0.architecture = .skipGram }
        let model = try Model(vocabulary: Vocabulary(counter: counter, minCount: 2, maxSize: 0), parameters: p)
        // Sentences as indices, split into four shards.
        let sentences: [[Int32]] = try String(contentsOf: corpus, encoding: .utf8).split(separator: "\n").map { line in
            line.split(separator: " ").compactMap { model.vocabulary.index(of: String($0)) }.map(Int32.init)
        }
        let epochs = 5
        let total = Double(epochs * sentences.count)
        let done = Lock(0)  // a pthread mutex, which ThreadSanitizer sees (scripts/sanitize thread)
        DispatchQueue.concurrentPerform(iterations: 4) { shard in
            for epoch in 0..<epochs {
                for start in stride(from: shard * 100, to: sentences.count, by: 400) {
                    let batch = Array(sentences[start..<min(start + 100, sentences.count)])
                    let flat = batch.flatMap { $0 }
                    let progress = Double(epoch * sentences.count + start) / total
                    let result = flat.withUnsafeBufferPointer { try! model.trainStep(words: $0, lengths: batch.map(\.count), progress: progress) }
                    XCTAssertEqual(result.words, Int64(flat.count))
                    XCTAssertTrue(result.meanLoss.isFinite)
                    done.withLock { $0 += batch.count }
                }
            }
        }
        XCTAssertEqual(done.withLock { $0 }, epochs * sentences.count)
        XCTAssertGreaterThan(try quickAccuracy(model, questions), 0.6)
    }
}

/// 3CosAdd accuracy over every word, for the planted analogies of the demo corpus.
func quickAccuracy(_ model: Model, _ questions: URL) throws -> Double {
    var right = 0, seen = 0
    for line in try String(contentsOf: questions, encoding: .utf8).split(separator: "\n") where !line.hasPrefix(":") {
        let w = line.split(separator: " ").map(String.init)
        let r = try model.mostSimilar(positive: [model.index(of: w[1]), model.index(of: w[2])], negative: [model.index(of: w[0])], k: 1)
        seen += 1
        if model.vocabulary.word(r[0].index) == w[3] { right += 1 }
    }
    return Double(right) / Double(seen)
}

import Synchronization
