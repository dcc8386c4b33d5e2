import Foundation
import XCTest
@testable import W2VCore

/// Data parallelism's core: counts as bytes and their merge, the tie order, the sync base (deltas,
/// touched rows, the three scale rules), checksums, and budgeted range training.
final class DistributedTests: XCTestCase {
    func vocabularyWords(_ vocabulary: Vocabulary) -> [String] {
        (0..<vocabulary.count).map { vocabulary.word($0) }
    }

    /// The demo corpus split at line ends into `parts` consecutive files.
    func shards(of corpus: URL, parts: Int, in directory: URL) throws -> [URL] {
        let lines = try String(contentsOf: corpus, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let per = (lines.count + parts - 1) / parts
        return try (0..<parts).map { part in
            let url = directory.appendingPathComponent("shard\(part).txt")
            let slice = lines[min(lines.count, part * per)..<min(lines.count, (part + 1) * per)]
            try (slice.joined(separator: "\n") + (part == parts - 1 ? "" : "\n")).write(to: url, atomically: true, encoding: .utf8)
            return url
        }
    }

    func merged(_ texts: [[UInt8]]) throws -> WordCounter {
        let counter = WordCounter()
        for text in texts {
            try text.withUnsafeBytes { bytes in try counter.add(vocabularyText: bytes, source: "the test's counts") }
        }
        return counter
    }

    func testShardCountsMergedInCorpusOrderGiveTheWholeCorpusVocabulary() throws {
        let dir = try temporaryDirectory(self)
        let (corpus, _) = try makeDemoCorpus(in: dir, sentences: 3000)
        let whole = WordCounter()
        try whole.add(file: corpus.path)
        let texts = try shards(of: corpus, parts: 3, in: dir).map { url in
            let counter = WordCounter()
            try counter.add(file: url.path)
            return counter.countsText()
        }
        let counter = try merged(texts)
        XCTAssertEqual(counter.totalWords, whole.totalWords)
        XCTAssertEqual(counter.sentences, whole.sentences)
        let a = try Vocabulary(counter: whole, minCount: 1, maxSize: 0)
        let b = try Vocabulary(counter: counter, minCount: 1, maxSize: 0)
        XCTAssertEqual(vocabularyWords(a), vocabularyWords(b))
        XCTAssertEqual(a.counts, b.counts)
        // Ties exist in this corpus, so the order of words was really tested.
        XCTAssertLessThan(Set(a.counts).count, a.counts.count)
    }

    func testTiesOrderedByBytesDoNotDependOnMergeOrder() throws {
        func shard(_ text: String) -> [UInt8] {
            let counter = WordCounter()
            counter.add(text)
            return counter.countsText()
        }
        let first = shard("b a c c\n"), second = shard("a d b c\n")
        let forward = try merged([first, second]), backward = try merged([second, first])
        let plain = (try Vocabulary(counter: forward, minCount: 1, maxSize: 0), try Vocabulary(counter: backward, minCount: 1, maxSize: 0))
        XCTAssertEqual(vocabularyWords(plain.0), ["c", "b", "a", "d"], "first-seen order of the forward merge")
        XCTAssertEqual(vocabularyWords(plain.1), ["c", "a", "b", "d"], "first-seen order of the backward merge")
        forward.orderTiesByBytes()
        backward.orderTiesByBytes()
        let ordered = (try Vocabulary(counter: forward, minCount: 1, maxSize: 0), try Vocabulary(counter: backward, minCount: 1, maxSize: 0))
        XCTAssertEqual(vocabularyWords(ordered.0), ["c", "a", "b", "d"])
        XCTAssertEqual(vocabularyWords(ordered.1), vocabularyWords(ordered.0))
        XCTAssertEqual(ordered.0.counts, [3, 2, 2, 1])
        XCTAssertEqual(forward.totalWords, 8)
    }

    func testMalformedCountsAreRefusedAndChangeNothing() throws {
        let counter = WordCounter()
        counter.add("x y y")
        for bad in ["</s> 1\nw 0\n", "w 3\nw 4\n", "w three\n", "w 1 2\n", "w 99999999999999999999\n"] {
            let bytes = Array(bad.utf8)
            XCTAssertThrowsError(try bytes.withUnsafeBytes { b in try counter.add(vocabularyText: b, source: "the counts") }, bad) { error in
                guard case W2VError.format(let message) = error else { return XCTFail("\(error)") }
                XCTAssertTrue(message.hasPrefix("the counts line "), message)
            }
            XCTAssertEqual(counter.distinctWords, 2, bad)
            XCTAssertEqual(counter.totalWords, 3, bad)
        }
        let tail = Array("z 4\n\nq 1".utf8)   // blank lines skipped, no newline at the end
        try tail.withUnsafeBytes { b in try counter.add(vocabularyText: b, source: "the counts") }
        XCTAssertEqual(Array("z".utf8).withUnsafeBufferPointer { counter.count(of: $0) }, 4)
        XCTAssertEqual(Array("q".utf8).withUnsafeBufferPointer { counter.count(of: $0) }, 1)
    }

    /// A model with negative sampling and hierarchical softmax, from the demo corpus.
    func newModel(_ corpus: URL, seed: UInt64 = 3, _ configure: (inout TrainingParameters) -> Void = { _ in }) throws -> Model {
        var p = TrainingParameters()
        p.dim = 16
        p.minCount = 1
        p.hierarchicalSoftmax = true
        p.seed = seed
        configure(&p)
        let counter = WordCounter()
        try counter.add(file: corpus.path)
        return try Model(vocabulary: Vocabulary(counter: counter, minCount: 1, maxSize: 0), parameters: p)
    }

    func matrixValues(_ model: Model, _ kind: WeightMatrix) -> [Float] {
        let m = model.matrix(kind)!
        return Array(UnsafeBufferPointer(start: m.base, count: m.count))
    }

    func testTwoWorkersThatSumTheirDeltasHoldIdenticalWeights() throws {
        let dir = try temporaryDirectory(self)
        let (corpus, _) = try makeDemoCorpus(in: dir, sentences: 2000)
        let size = try CorpusFile(path: corpus.path).byteCount()
        let workers = [try newModel(corpus), try newModel(corpus)]
        for kind in WeightMatrix.allCases {
            XCTAssertEqual(workers[0].checksum(kind), workers[1].checksum(kind), "same seed, same start: \(kind)")
        }
        for worker in workers { try worker.takeSyncBase() }
        let before = WeightMatrix.allCases.map { matrixValues(workers[0], $0) }
        _ = try workers[0].train(file: BytePath(corpus.path), range: 0..<size / 2, progress: 0...0.5, maxWords: 0)
        _ = try workers[1].train(file: BytePath(corpus.path), range: size / 2..<size, progress: 0...0.5, maxWords: 0)
        XCTAssertNotEqual(workers[0].checksum(.input), workers[1].checksum(.input))
        for (k, kind) in WeightMatrix.allCases.enumerated() {
            let m = workers[0].matrix(kind)!
            let rows = 0..<m.rows
            var sum = [Float](repeating: 0, count: m.count)
            var own = [[Float]]()
            for worker in workers {
                var delta = [Float](repeating: .nan, count: m.count)
                try delta.withUnsafeMutableBufferPointer { b in try worker.syncDelta(kind, rows: rows, into: b) }
                for i in 0..<m.count { sum[i] += delta[i] }
                own.append(delta)
            }
            for worker in workers {
                try sum.withUnsafeBufferPointer { b in try worker.syncApply(kind, rows: rows, deltaSum: b, scale: .sum, touched: nil) }
            }
            XCTAssertEqual(workers[0].checksum(kind), workers[1].checksum(kind), "\(kind) after the sync")
            let after = matrixValues(workers[0], kind)
            for i in stride(from: 0, to: m.count, by: 7) {
                XCTAssertEqual(after[i], before[k][i] + (own[0][i] + own[1][i]), "\(kind) value \(i)")
            }
            // The applied weights are the new base: no delta is left.
            var delta = [Float](repeating: .nan, count: m.count)
            try delta.withUnsafeMutableBufferPointer { b in try workers[1].syncDelta(kind, rows: rows, into: b) }
            XCTAssertTrue(delta.allSatisfy { $0 == 0 }, "\(kind): the base follows the apply")
        }
    }

    func testScaleRulesAndTouchedRows() throws {
        let dir = try temporaryDirectory(self)
        let (corpus, _) = try makeDemoCorpus(in: dir, sentences: 200)
        let model = try newModel(corpus)
        try model.takeSyncBase()
        let base = matrixValues(model, .input)
        let dim = model.dim
        // Change row 1 only (as a worker's training would); rows 0 and 2 stay as the base.
        model.input.row(1)[0] += 0.5
        var touched = [UInt32](repeating: 9, count: 3)
        try touched.withUnsafeMutableBufferPointer { b in try model.syncTouched(.input, rows: 0..<3, into: b) }
        XCTAssertEqual(touched, [0, 1, 0])

        let deltas = [Float](repeating: 0.25, count: 3 * dim)
        func apply(_ scale: DeltaScale, _ counts: [UInt32]?) throws -> [Float] {
            try model.takeSyncBase()
            for i in 0..<(3 * dim) { model.input.base[i] = base[i] }
            try model.takeSyncBase()
            try deltas.withUnsafeBufferPointer { d in
                if let counts {
                    try counts.withUnsafeBufferPointer { t in try model.syncApply(.input, rows: 0..<3, deltaSum: d, scale: scale, touched: t) }
                } else {
                    try model.syncApply(.input, rows: 0..<3, deltaSum: d, scale: scale, touched: nil)
                }
            }
            return (0..<3).map { model.input.row($0)[0] - base[$0 * dim] }
        }
        let tolerance: Float = 1e-6
        for (got, want) in zip(try apply(.sum, nil), [Float](repeating: 0.25, count: 3)) { XCTAssertEqual(got, want, accuracy: tolerance) }
        for (got, want) in zip(try apply(.mean(workers: 4), nil), [Float](repeating: 0.0625, count: 3)) { XCTAssertEqual(got, want, accuracy: tolerance) }
        for (got, want) in zip(try apply(.touched, [0, 1, 5]), [Float(0), 0.25, 0.05]) { XCTAssertEqual(got, want, accuracy: tolerance) }
        XCTAssertEqual(model.input.row(3)[0], base[3 * dim], "rows outside the range are untouched")
    }

    func testSyncArgumentsAreChecked() throws {
        let dir = try temporaryDirectory(self)
        let (corpus, _) = try makeDemoCorpus(in: dir, sentences: 200)
        let model = try newModel(corpus) { $0.negative = 0 }
        var buffer = [Float](repeating: 0, count: 4 * model.dim)
        func delta(_ kind: WeightMatrix, _ rows: Range<Int>, count: Int? = nil) -> W2VError? {
            do {
                try buffer.withUnsafeMutableBufferPointer { b in
                    try model.syncDelta(kind, rows: rows, into: UnsafeMutableBufferPointer(rebasing: b[0..<(count ?? b.count)]))
                }
                return nil
            } catch {
                return error as? W2VError
            }
        }
        XCTAssertTrue(delta(.input, 0..<2)?.message.contains("no sync base") ?? false)
        try model.takeSyncBase()
        XCTAssertNil(delta(.input, 0..<4))
        XCTAssertNil(delta(.input, 2..<2), "an empty range is fine")
        XCTAssertTrue(delta(.output, 0..<1)?.message.contains("no output matrix") ?? false, "negative 0 has none")
        XCTAssertTrue(delta(.input, 0..<(model.vocabularySize + 1))?.message.contains("out of range") ?? false)
        guard case .bufferTooSmall = delta(.input, 0..<4, count: 4 * model.dim - 1) else { return XCTFail("a short buffer") }

        // A non-finite delta changes nothing.
        let before = model.checksum(.input)
        var sums = [Float](repeating: 0.1, count: 2 * model.dim)
        sums[model.dim + 3] = .nan
        XCTAssertThrowsError(try sums.withUnsafeBufferPointer { d in
            try model.syncApply(.input, rows: 0..<2, deltaSum: d, scale: .sum, touched: nil)
        })
        XCTAssertEqual(model.checksum(.input), before)
        sums[model.dim + 3] = 0
        XCTAssertThrowsError(try sums.withUnsafeBufferPointer { d in
            try model.syncApply(.input, rows: 0..<2, deltaSum: d, scale: .mean(workers: 0), touched: nil)
        })
        XCTAssertThrowsError(try sums.withUnsafeBufferPointer { d in
            try model.syncApply(.input, rows: 0..<2, deltaSum: d, scale: .touched, touched: nil)
        })
        XCTAssertEqual(model.checksum(.input), before)

        // A grown vocabulary changes the shape: the old base no longer fits.
        let more = WordCounter()
        more.add("brandnew brandnew brandnew brandnew brandnew brandnew")
        _ = try model.updateVocabulary(with: more)
        XCTAssertTrue(delta(.input, 0..<1)?.message.contains("changed shape") ?? false)
        model.dropSyncBase()
        XCTAssertFalse(model.hasSyncBase)
    }

    /// A one-line corpus (trained in 10,000-word pieces) with over-long words and unknown words, so
    /// stops fall inside a line and next to cut words.
    func writeOneLineCorpus(_ url: URL, words: Int) throws {
        var rng = SplitMix64(seed: 5)
        var parts = [String]()
        for i in 0..<words {
            let r = Int(rng.next() % 50)
            parts.append(i % 997 == 0 ? String(repeating: "long", count: 40) + "\(r)" : "w\(r)")
        }
        try parts.joined(separator: " ").write(to: url, atomically: true, encoding: .utf8)
    }

    func testBudgetedRangeCallsTrainLikeOneCall() throws {
        let dir = try temporaryDirectory(self)
        for oneLine in [false, true] {
            let corpus = dir.appendingPathComponent("c\(oneLine).txt")
            if oneLine { try writeOneLineCorpus(corpus, words: 45_000) } else { _ = try makeDemoCorpus(in: dir, sentences: 3000, name: "c\(oneLine)") }
            // A constant learning rate: the schedule then cannot tell one call from several.
            let models = try (0..<2).map { _ in try newModel(corpus) { $0.alphaOverride = 0.02; $0.minAlphaOverride = 0.02 } }
            let size = try CorpusFile(path: corpus.path).byteCount()
            func rangeTrainer(_ model: Model) throws -> RangeTrainer {
                let (context, weights, kernels) = try model.trainingContext()
                return RangeTrainer(corpus: CorpusFile(path: corpus.path), vocabulary: model.vocabulary,
                                    trainer: SentenceTrainer(weights: weights, context: context, kernels: kernels, seed: 42),
                                    schedule: LearningRate(model.parameters))
            }
            let whole = try rangeTrainer(models[0]).train(range: 0..<size, progress: 0...1, maxWords: 0)
            XCTAssertTrue(whole.finished)
            XCTAssertEqual(whole.resumeOffset, size)
            let pieces = try rangeTrainer(models[1])
            var offset = 0, words: Int64 = 0, calls = 0
            while offset < size {
                let budget: Int64 = oneLine ? 4_000 : 777
                let result = try pieces.train(range: offset..<size, progress: 0...1, maxWords: budget)
                XCTAssertGreaterThan(result.resumeOffset, offset)
                if !result.finished {
                    XCTAssertGreaterThanOrEqual(result.words, budget)
                    XCTAssertLessThan(result.words, budget + Int64(TrainingLimits.maxSentenceWords))
                }
                offset = result.resumeOffset
                words += result.words
                calls += 1
            }
            XCTAssertGreaterThan(calls, 3, "one line \(oneLine)")
            XCTAssertEqual(words, whole.words, "every word trained once, one line \(oneLine)")
            for kind in WeightMatrix.allCases {
                XCTAssertEqual(models[0].checksum(kind), models[1].checksum(kind), "\(kind), one line \(oneLine)")
            }
        }
    }

    func testRangeTrainingThroughTheModel() throws {
        let dir = try temporaryDirectory(self)
        let (corpus, _) = try makeDemoCorpus(in: dir, sentences: 1000)
        let model = try newModel(corpus)
        let path = BytePath(corpus.path)
        let size = try CorpusFile(path: corpus.path).byteCount()
        let first = try model.train(file: path, range: 0..<size, progress: 0...0.5, maxWords: 1000)
        XCTAssertFalse(first.finished)
        XCTAssertGreaterThan(first.meanLoss, 0)
        XCTAssertEqual(model.wordsTrained, first.words)
        // A start inside a word moves to the next word; an end past the file means its end.
        let rest = try model.train(file: path, range: first.resumeOffset + 1..<Int.max, progress: 0.5...1, maxWords: 0)
        XCTAssertTrue(rest.finished)
        XCTAssertEqual(rest.resumeOffset, size)
        let nothing = try model.train(file: path, range: size..<size, progress: 1...1, maxWords: 10)
        XCTAssertEqual(nothing.words, 0)
        XCTAssertThrowsError(try model.train(file: path, range: 0..<size, progress: 0...1.5, maxWords: 0))
        XCTAssertThrowsError(try model.train(file: path, range: 0..<size, progress: 0...1, maxWords: -1))
        XCTAssertThrowsError(try model.train(file: BytePath(dir.appendingPathComponent("missing").path), range: 0..<1, progress: 0...1, maxWords: 0))
    }

    /// Host threads training ranges of one model at once (w2v-mpi's local threads) count every word
    /// and every call: the counters are atomic (under TSan a plain counter is a reported race).
    func testConcurrentRangeCallsCountEveryWordAndCall() throws {
        let dir = try temporaryDirectory(self)
        let (corpus, _) = try makeDemoCorpus(in: dir, sentences: 2000)
        let model = try newModel(corpus)
        let path = BytePath(corpus.path)
        let size = try CorpusFile(path: corpus.path).byteCount()
        let threads = 4, parts = 40
        let words = Lock<[Int64]>(Array(repeating: 0, count: threads))
        let failures = Lock<[String]>([])
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for part in stride(from: thread, to: parts, by: threads) {
                do {
                    let trained = try model.train(file: path, range: size * part / parts..<size * (part + 1) / parts, progress: 0...1, maxWords: 0).words
                    words.withLock { $0[thread] += trained }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
        }
        XCTAssertEqual(failures.withLock { $0 }, [])
        XCTAssertEqual(words.withLock { $0.reduce(0, +) }, model.epochWords)
        XCTAssertEqual(model.wordsTrained, model.epochWords)
        XCTAssertEqual(model.trainSteps, UInt64(parts))
        for kind in WeightMatrix.allCases {
            guard let matrix = model.matrix(kind) else { continue }
            XCTAssertTrue(UnsafeBufferPointer(start: matrix.base, count: matrix.count).allSatisfy(\.isFinite), "\(kind)")
        }
    }

    func testShardsCutAtAnyOffsetsCountAndTrainEveryWordOnce() throws {
        let dir = try temporaryDirectory(self)
        let corpus = dir.appendingPathComponent("one-line.txt")
        try writeOneLineCorpus(corpus, words: 20_000)
        let path = BytePath(corpus.path)
        let size = try CorpusFile(path: corpus.path).byteCount()
        let whole = WordCounter()
        try whole.add(file: path)
        // Cuts inside words, inside an over-long word, and at the end.
        let text = try String(contentsOf: corpus, encoding: .utf8)
        let after = text.index(text.startIndex, offsetBy: 5000)
        let longWord = text.utf8.distance(from: text.startIndex, to: text.range(of: "longlong", range: after..<text.endIndex)!.lowerBound)
        let cuts = [0, 1, 1237, longWord + 50, size / 2, size - 1, size]
        XCTAssertEqual(cuts, cuts.sorted())
        let merged = WordCounter()
        for (begin, end) in zip(cuts, cuts.dropFirst()) {
            let shard = WordCounter()
            try shard.add(file: path, byteRange: begin..<end)
            try shard.countsText().withUnsafeBytes { bytes in try merged.add(vocabularyText: bytes, source: "shard") }
        }
        XCTAssertEqual(merged.totalWords, whole.totalWords)
        // The same words, counts and first-seen order; the sentence count (the first line) differs: a
        // line cut between two shards ends a sentence in each.
        func words(_ text: [UInt8]) -> ArraySlice<UInt8> { text[(text.firstIndex(of: 10)! + 1)...] }
        XCTAssertEqual(words(merged.countsText()), words(whole.countsText()))
        XCTAssertGreaterThanOrEqual(merged.sentences, whole.sentences)
        XCTAssertLessThanOrEqual(merged.sentences, whole.sentences + Int64(cuts.count - 2))

        let model = try newModel(corpus)
        var words: Int64 = 0
        for (begin, end) in zip(cuts, cuts.dropFirst()) {
            words += try model.train(file: path, range: begin..<end, progress: 0...1, maxWords: 0).words
        }
        XCTAssertEqual(words, model.epochWords)
    }
}
