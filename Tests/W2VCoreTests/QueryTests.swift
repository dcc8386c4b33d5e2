import Foundation
import XCTest
@testable import W2VCore

/// A vocabulary of `n` words "w0" ... "w<n-1>" in that order.
fileprivate func numberedVocabulary(_ n: Int) throws -> Vocabulary {
    let words = (0..<n).map { Array("w\($0)".utf8) }
    let storage = words.joined().map { $0 }
    return try storage.withUnsafeBufferPointer { all throws(W2VError) -> Vocabulary in
        var buffers = [UnsafeBufferPointer<UInt8>]()
        var start = 0
        for word in words {
            buffers.append(UnsafeBufferPointer(rebasing: all[start..<start + word.count]))
            start += word.count
        }
        return try Vocabulary(orderedWords: buffers, counts: [Int64](repeating: 0, count: n))
    }
}

/// A query-only model whose rows are the given vectors.
fileprivate func model(rows: [[Float]]) throws -> Model {
    let dim = rows[0].count
    let vectors = try FloatMatrix(rows: rows.count, columns: dim)
    for (r, row) in rows.enumerated() {
        XCTAssertEqual(row.count, dim)
        for c in 0..<dim { vectors.row(r)[c] = row[c] }
    }
    return Model(vocabulary: try numberedVocabulary(rows.count), vectors: vectors)
}

/// A query-only model of `words` x `dim` seeded random vectors, uniform in [-1, 1).
fileprivate func randomModel(words: Int, dim: Int, seed: UInt64) throws -> Model {
    var rng = SplitMix64(seed: seed)
    return try model(rows: (0..<words).map { _ in (0..<dim).map { _ in rng.nextUnitFloat() * 2 - 1 } })
}

/// gensim's most_similar computed in float64 from the raw vectors: the mean of the positive words'
/// unit vectors and the negated negative words' unit vectors, normalised, against every unit vector
/// except the query words; the scores of all candidates, best first.
fileprivate func referenceMostSimilar(_ model: Model, positive: [Int], negative: [Int], restrictTo: Int = 0) -> [(index: Int, score: Double)] {
    let dim = model.dim
    func unit(_ r: Int) -> [Double] {
        let v = model.vector(r).map(Double.init)
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? v.map { $0 / norm } : v
    }
    var mean = [Double](repeating: 0, count: dim)
    let terms = positive.map { (unit($0), 1.0) } + negative.map { (unit($0), -1.0) }
    for (u, sign) in terms {
        for c in 0..<dim { mean[c] += sign * u[c] / Double(terms.count) }
    }
    let norm = mean.reduce(0) { $0 + $1 * $1 }.squareRoot()
    mean = mean.map { $0 / norm }
    let excluded = Set(positive + negative)
    let rows = restrictTo > 0 ? min(restrictTo, model.vocabularySize) : model.vocabularySize
    var scored = [(index: Int, score: Double)]()
    for r in 0..<rows where !excluded.contains(r) {
        let u = unit(r)
        scored.append((r, (0..<dim).reduce(0) { $0 + mean[$1] * u[$1] }))
    }
    return scored.sorted { $0.score != $1.score ? $0.score > $1.score : $0.index < $1.index }
}

final class QueryTests: XCTestCase {
    func trainingVocabulary(_ n: Int) throws -> Vocabulary {
        let counter = WordCounter()
        var text = ""
        for i in 0..<n { text += String(repeating: "v\(i) ", count: n - i) + "\n" }
        Array(text.utf8).withUnsafeBytes { counter.add(text: $0) }
        return try Vocabulary(counter: counter, minCount: 1, maxSize: 0)
    }

    func parameters(dim: Int, seed: UInt64) -> TrainingParameters {
        var p = TrainingParameters()
        p.dim = dim
        p.seed = seed
        return p
    }

    // MARK: - Initialisation

    func testNewModelInitialisesLikeWord2vec() throws {
        let vocabulary = try trainingVocabulary(30)
        XCTAssertEqual(vocabulary.count, 30)
        for dim in [1, 7, 50, 100] {
            let model = try Model(vocabulary: vocabulary, parameters: parameters(dim: dim, seed: 42))
            XCTAssertEqual(model.dim, dim)
            XCTAssertEqual(model.vocabularySize, 30)
            XCTAssertEqual(model.input.rows, 30)
            XCTAssertEqual(model.input.columns, dim)
            let output = try XCTUnwrap(model.output)
            XCTAssertEqual(output.rows, 30)
            XCTAssertEqual(output.columns, dim)
            XCTAssertTrue(UnsafeBufferPointer(start: output.base, count: output.count).allSatisfy { $0 == 0 },
                          "output weights start at zero")
            let scale = 2 / Float(dim)
            let weights = Array(UnsafeBufferPointer(start: model.input.base, count: model.input.count))
            XCTAssertEqual(weights.count, 30 * dim)
            for w in weights {
                XCTAssertGreaterThanOrEqual(w, -0.5 * scale)
                XCTAssertLessThan(w, 0.5 * scale)
            }
            // Exactly gensim's range on the documented generator: (uniform[0,1) - 0.5) * 2 / dim.
            var rng = SplitMix64(seed: 42)
            let expected = (0..<weights.count).map { _ in (rng.nextUnitFloat() - 0.5) * scale }
            XCTAssertEqual(weights, expected)
            // 64-byte aligned storage.
            XCTAssertEqual(Int(bitPattern: model.input.base) % 64, 0)
            XCTAssertEqual(Int(bitPattern: output.base) % 64, 0)
        }
    }

    func testInitialWeightsSpreadOverTheWholeRange() throws {
        let model = try Model(vocabulary: trainingVocabulary(100), parameters: parameters(dim: 100, seed: 1))
        let weights = UnsafeBufferPointer(start: model.input.base, count: model.input.count).map(Double.init)
        let mean = weights.reduce(0, +) / Double(weights.count)
        let variance = weights.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(weights.count)
        // Uniform on [-0.01, 0.01): mean 0 (standard error 5.8e-5 over 10,000 samples; seed 1 happens to
        // draw -2.1e-4, as a float64 replay of SplitMix64 confirms), variance 0.02^2 / 12.
        XCTAssertEqual(mean, 0, accuracy: 3e-4)
        XCTAssertEqual(variance, 0.0004 / 12, accuracy: 0.0004 / 12 * 0.05)
        XCTAssertLessThan(weights.min()!, -0.0098)
        XCTAssertGreaterThan(weights.max()!, 0.0098)
    }

    func testSameSeedSameWeightsDifferentSeedDifferentWeights() throws {
        let vocabulary = try trainingVocabulary(20)
        let a = try Model(vocabulary: vocabulary, parameters: parameters(dim: 16, seed: 7))
        let b = try Model(vocabulary: vocabulary, parameters: parameters(dim: 16, seed: 7))
        let c = try Model(vocabulary: vocabulary, parameters: parameters(dim: 16, seed: 8))
        let wa = Array(UnsafeBufferPointer(start: a.input.base, count: a.input.count))
        let wb = Array(UnsafeBufferPointer(start: b.input.base, count: b.input.count))
        let wc = Array(UnsafeBufferPointer(start: c.input.base, count: c.input.count))
        XCTAssertEqual(wa, wb)
        XCTAssertNotEqual(wa, wc)
        // Not just one value: nearly every weight differs between seeds.
        let same = zip(wa, wc).filter { $0 == $1 }.count
        XCTAssertLessThan(same, wa.count / 100)
        // Rows differ from each other too (the generator runs on across rows).
        XCTAssertNotEqual(a.vector(0), a.vector(1))
    }

    func testInvalidParametersAreRejectedAtInit() throws {
        let vocabulary = try trainingVocabulary(5)
        var p = TrainingParameters()
        p.alphaOverride = 0.01
        p.minAlphaOverride = 0.02
        XCTAssertThrowsError(try Model(vocabulary: vocabulary, parameters: p)) { error in
            guard case W2VError.invalidArgument = error else { return XCTFail("expected .invalidArgument, got \(error)") }
        }
    }

    func testModelFromVectorsHasNoOutputAndTakesItsDimension() throws {
        let m = try model(rows: [[1, 2, 3], [4, 5, 6]])
        XCTAssertNil(m.output)
        XCTAssertEqual(m.dim, 3)
        XCTAssertEqual(m.parameters.dim, 3)
        XCTAssertEqual(m.vector(1), [4, 5, 6])
        XCTAssertEqual(try m.index(of: "w1"), 1)
        XCTAssertThrowsError(try m.index(of: "nope")) { error in
            XCTAssertEqual(error as? W2VError, .notFound("word 'nope' is not in the vocabulary"))
        }
    }

    // MARK: - Normalised view and similarity

    func testNormalizedRowsHaveUnitLengthAndZeroStaysZero() throws {
        let m = try model(rows: [[3, 4, 0], [0, 0, 0], [-2, 0, 0], [1e-20, 0, 0], [1, 1, 1]])
        let unit = try m.normalized()
        XCTAssertEqual(unit.rows, 5)
        XCTAssertEqual(unit.columns, 3)
        XCTAssertEqual(unit.rowArray(0), [0.6, 0.8, 0])
        XCTAssertEqual(unit.rowArray(1), [0, 0, 0])
        XCTAssertEqual(unit.rowArray(2), [-1, 0, 0])
        XCTAssertEqual(unit.rowArray(3)[0], 1, accuracy: 1e-6, "a tiny vector is still normalised")
        for c in 0..<3 { XCTAssertEqual(unit.rowArray(4)[c], 1 / Float(3).squareRoot(), accuracy: 1e-7) }
        // The raw vectors are untouched.
        XCTAssertEqual(m.vector(0), [3, 4, 0])
        // The view is made once and shared until invalidated.
        XCTAssertTrue(try m.normalized() === unit)
        m.input.row(0)[0] = 0
        m.invalidateNormalized()
        let fresh = try m.normalized()
        XCTAssertFalse(fresh === unit)
        XCTAssertEqual(fresh.rowArray(0), [0, 1, 0])
    }

    func testNormalizedRandomRowsAreUnitLength() throws {
        let m = try randomModel(words: 200, dim: 37, seed: 5)
        let unit = try m.normalized()
        for r in 0..<200 {
            let norm = unit.rowArray(r).reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
            XCTAssertEqual(norm, 1, accuracy: 1e-6, "row \(r)")
        }
    }

    func testSimilarityIsCosine() throws {
        let m = try model(rows: [[1, 0], [1, 1], [-1, 0], [0, 0], [0, 5], [2, 0]])
        XCTAssertEqual(try m.similarity(0, 1), Float(0.5).squareRoot(), accuracy: 1e-6)
        XCTAssertEqual(try m.similarity(1, 0), Float(0.5).squareRoot(), accuracy: 1e-6)
        XCTAssertEqual(try m.similarity(0, 2), -1)
        XCTAssertEqual(try m.similarity(0, 4), 0)
        XCTAssertEqual(try m.similarity(0, 5), 1, "length does not matter")
        XCTAssertEqual(try m.similarity(1, 1), 1, accuracy: 1e-6)
        XCTAssertEqual(try m.similarity(0, 3), 0, "a zero vector has similarity 0")
        XCTAssertEqual(try m.similarity(3, 3), 0)
    }

    func testSimilarityAgainstFloat64OnRandomVectors() throws {
        let m = try randomModel(words: 50, dim: 37, seed: 9)
        for (a, b) in [(0, 1), (3, 17), (49, 2), (10, 10)] {
            let va = m.vector(a).map(Double.init), vb = m.vector(b).map(Double.init)
            let dot = zip(va, vb).reduce(0) { $0 + $1.0 * $1.1 }
            let cosine = dot / (va.reduce(0) { $0 + $1 * $1 }.squareRoot() * vb.reduce(0) { $0 + $1 * $1 }.squareRoot())
            XCTAssertEqual(Double(try m.similarity(a, b)), cosine, accuracy: 1e-6)
        }
    }

    // MARK: - most_similar

    /// Checks results against the float64 reference: every score within 1e-5 of the reference score at
    /// the same rank and of the reference score of the word returned; the word at each rank must be
    /// the reference's unless a near-tie (within 1e-5) makes the order ambiguous.
    private func assertMatchesReference(_ got: [Neighbor], _ reference: [(index: Int, score: Double)], k: Int,
                                _ what: String, file: StaticString = #filePath, line: UInt = #line) -> Int {
        XCTAssertEqual(got.count, min(k, reference.count), what, file: file, line: line)
        let referenceScore = Dictionary(uniqueKeysWithValues: reference.map { ($0.index, $0.score) })
        XCTAssertEqual(Set(got.map(\.index)).count, got.count, "\(what): repeated result", file: file, line: line)
        var strictlyChecked = 0
        for (j, neighbor) in got.enumerated() where j < reference.count {
            guard let exact = referenceScore[neighbor.index] else {
                XCTFail("\(what): rank \(j) returns excluded word \(neighbor.index)", file: file, line: line)
                continue
            }
            XCTAssertEqual(Double(neighbor.score), exact, accuracy: 1e-5, "\(what): score of \(neighbor.index)", file: file, line: line)
            XCTAssertEqual(Double(neighbor.score), reference[j].score, accuracy: 1e-5, "\(what): score at rank \(j)", file: file, line: line)
            let above = j > 0 ? reference[j - 1].score - reference[j].score : .infinity
            let below = j + 1 < reference.count ? reference[j].score - reference[j + 1].score : .infinity
            if above > 2e-5 && below > 2e-5 {
                XCTAssertEqual(neighbor.index, reference[j].index, "\(what): word at rank \(j)", file: file, line: line)
                strictlyChecked += 1
            }
            if j > 0 {
                XCTAssertGreaterThanOrEqual(got[j - 1].score, neighbor.score, "\(what): not sorted", file: file, line: line)
            }
        }
        return strictlyChecked
    }

    func testMostSimilarMatchesGensimDefinitionInFloat64() throws {
        let m = try randomModel(words: 500, dim: 37, seed: 2024)
        var rng = SplitMix64(seed: 77)
        var strictlyChecked = 0, compared = 0
        let shapes = [(1, 0), (2, 1), (0, 1), (3, 2), (1, 1), (4, 0)]
        for round in 0..<30 {
            let (nPos, nNeg) = shapes[round % shapes.count]
            var picked = Set<Int>()
            while picked.count < nPos + nNeg { picked.insert(rng.nextBelow(500)) }
            let words = Array(picked).sorted()
            let positive = Array(words.prefix(nPos)), negative = Array(words.suffix(nNeg))
            let k = [1, 10, 25, 100][round % 4]
            let got = try m.mostSimilar(positive: positive, negative: negative, k: k)
            let reference = referenceMostSimilar(m, positive: positive, negative: negative)
            XCTAssertEqual(reference.count, 500 - nPos - nNeg)
            strictlyChecked += assertMatchesReference(got, reference, k: k, "pos \(positive) neg \(negative) k \(k)")
            compared += got.count
            for neighbor in got { XCTAssertFalse(picked.contains(neighbor.index)) }
        }
        XCTAssertGreaterThan(compared, 500)
        XCTAssertGreaterThan(strictlyChecked, compared * 9 / 10, "most ranks are checked exactly")
    }

    func testMostSimilarOfOneWordIsRankedBySimilarity() throws {
        let m = try randomModel(words: 120, dim: 37, seed: 31)
        let got = try m.mostSimilar(positive: [5], negative: [], k: 119)
        XCTAssertEqual(got.count, 119)
        XCTAssertFalse(got.contains { $0.index == 5 })
        for neighbor in got {
            XCTAssertEqual(neighbor.score, try m.similarity(5, neighbor.index), accuracy: 1e-6)
        }
        XCTAssertEqual(Set(got.map(\.index)), Set((0..<120).filter { $0 != 5 }))
    }

    func testMostSimilarHandPickedAnalogy() throws {
        // king - man + woman = queen, exactly, on orthogonal-ish axes.
        let m = try model(rows: [
            [1, 0, 0, 0],     // w0 man
            [1, 0, 1, 0],     // w1 king
            [0, 1, 0, 0],     // w2 woman
            [0, 1, 1, 0],     // w3 queen
            [0, 0, 0, 1],     // w4 apple
            [0, 0, 1, 0.1],   // w5 crown
        ])
        let got = try m.mostSimilar(positive: [1, 2], negative: [0], k: 3)
        XCTAssertEqual(got.map(\.index), [3, 5, 4])
        let reference = referenceMostSimilar(m, positive: [1, 2], negative: [0])
        XCTAssertEqual(reference.map(\.index), [3, 5, 4])
        for (g, r) in zip(got, reference) { XCTAssertEqual(Double(g.score), r.score, accuracy: 1e-6) }
    }

    func testKLargerThanTheVocabularyGivesFewerResults() throws {
        let m = try randomModel(words: 6, dim: 5, seed: 3)
        XCTAssertEqual(try m.mostSimilar(positive: [0], negative: [], k: 10).count, 5)
        XCTAssertEqual(try m.mostSimilar(positive: [0, 1], negative: [2], k: 10).count, 3)
        XCTAssertEqual(try m.mostSimilar(positive: [0], negative: [], k: 5).count, 5)
        XCTAssertEqual(try m.mostSimilar(positive: [0], negative: [], k: 4).count, 4)
        XCTAssertEqual(try m.mostSimilar(positive: [0], negative: [], k: 0).count, 0)
        // A huge k costs nothing more than the vocabulary: no allocation of k slots.
        XCTAssertEqual(try m.mostSimilar(positive: [0], negative: [], k: Int(Int32.max)).count, 5)
        XCTAssertEqual(try m.mostSimilar(positive: [0], negative: [], k: Int.max).count, 5)
        let all = try m.mostSimilar(positive: [0], negative: [], k: 10)
        let reference = referenceMostSimilar(m, positive: [0], negative: [])
        _ = assertMatchesReference(all, reference, k: 10, "k > vocabulary")
    }

    func testRestrictToLimitsCandidatesToTheFirstRows() throws {
        let m = try randomModel(words: 300, dim: 37, seed: 8)
        for (restrict, query) in [(50, 10), (50, 200), (1, 0), (2, 0), (300, 7), (1000, 7)] {
            let got = try m.mostSimilar(positive: [query], negative: [], k: 20, restrictTo: restrict)
            let reference = referenceMostSimilar(m, positive: [query], negative: [], restrictTo: restrict)
            XCTAssertTrue(got.allSatisfy { $0.index < restrict }, "restrict \(restrict)")
            _ = assertMatchesReference(got, reference, k: 20, "restrict \(restrict) query \(query)")
        }
        XCTAssertEqual(try m.mostSimilar(positive: [0], negative: [], k: 20, restrictTo: 1).count, 0,
                       "the only candidate is the query word")
        // 0 means all words.
        let unrestricted = try m.mostSimilar(positive: [3], negative: [], k: 20, restrictTo: 0)
        XCTAssertEqual(unrestricted, try m.mostSimilar(positive: [3], negative: [], k: 20))
        _ = assertMatchesReference(unrestricted, referenceMostSimilar(m, positive: [3], negative: []), k: 20, "unrestricted")
    }

    func testExactTiesGoToTheLowerIndex() throws {
        let m = try model(rows: [[1, 0], [0, 1], [1, 1], [0, 2], [2, 2], [0, 3], [4, 4]])
        // Against w0 = (1,0): w2, w4, w6 tie at 1/sqrt(2); w1, w3, w5 tie at 0.
        XCTAssertEqual(try m.mostSimilar(positive: [0], negative: [], k: 6).map(\.index), [2, 4, 6, 1, 3, 5])
        XCTAssertEqual(try m.mostSimilar(positive: [0], negative: [], k: 2).map(\.index), [2, 4])
        XCTAssertEqual(try m.mostSimilar(positive: [0], negative: [], k: 4).map(\.index), [2, 4, 6, 1])
        let scores = try m.mostSimilar(positive: [0], negative: [], k: 6).map(\.score)
        XCTAssertEqual(scores[0], scores[2])
        XCTAssertEqual(scores[3], 0)
    }

    func testNegativeOnlyQueryPointsAway() throws {
        let m = try model(rows: [[1, 0], [-1, 0.1], [1, 0.1], [0, 1]])
        let got = try m.mostSimilar(positive: [], negative: [0], k: 3)
        XCTAssertEqual(got.map(\.index), [1, 3, 2])
        let reference = referenceMostSimilar(m, positive: [], negative: [0])
        for (g, r) in zip(got, reference) { XCTAssertEqual(Double(g.score), r.score, accuracy: 1e-6) }
    }

    func testEmptyQueryIsInvalidArgument() throws {
        let m = try randomModel(words: 10, dim: 4, seed: 1)
        XCTAssertThrowsError(try m.mostSimilar(positive: [], negative: [], k: 5)) { error in
            XCTAssertEqual(error as? W2VError, .invalidArgument("most_similar needs at least one positive or negative word"))
        }
    }
}
