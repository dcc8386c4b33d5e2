import Foundation
import XCTest
@testable import W2VCore

// Each query against gensim's definition computed in float64 from the raw vectors (KeyedVectors of
// gensim 4: most_similar_cosmul, doesnt_match, n_similarity, similar_by_vector, distances), plus edge
// cases, and the 3CosMul analogy evaluation against most_similar_cosmul.

/// `words` x `dim` seeded random vectors uniform in [-1, 1), words "w0" ..., with lengths that vary
/// (so raw and unit vectors rank differently).
fileprivate func randomModel(words: Int, dim: Int, seed: UInt64) throws -> Model {
    var rng = SplitMix64(seed: seed)
    return try makeModel((0..<words).map { i in
        let scale = 0.2 + 3 * rng.nextUnitFloat()
        return ("w\(i)", (0..<dim).map { _ in (rng.nextUnitFloat() * 2 - 1) * scale })
    })
}

fileprivate func raw64(_ model: Model, _ r: Int) -> [Double] { model.vector(r).map(Double.init) }

fileprivate func dot64(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

fileprivate func unit64(_ v: [Double]) -> [Double] {
    let norm = dot64(v, v).squareRoot()
    return norm > 0 ? v.map { $0 / norm } : v
}

fileprivate func cos64(_ a: [Double], _ b: [Double]) -> Double { dot64(unit64(a), unit64(b)) }

/// Scores of every candidate, best first (ties to the lower row), as the reference ranking.
fileprivate typealias Ranking = [(index: Int, score: Double)]

fileprivate func ranked(_ scored: Ranking) -> Ranking {
    scored.sorted { $0.score != $1.score ? $0.score > $1.score : $0.index < $1.index }
}

/// gensim's most_similar_cosmul: prod_p (1 + cos)/2 / (prod_n (1 + cos)/2 + 1e-6), query words excluded.
fileprivate func referenceCosmul(_ model: Model, positive: [Int], negative: [Int], restrictTo: Int = 0) -> Ranking {
    let rows = restrictTo > 0 ? min(restrictTo, model.vocabularySize) : model.vocabularySize
    let excluded = Set(positive + negative)
    let pos = positive.map { raw64(model, $0) }, neg = negative.map { raw64(model, $0) }
    var scored: Ranking = []
    for r in 0..<rows where !excluded.contains(r) {
        let x = raw64(model, r)
        let numerator = pos.reduce(1.0) { $0 * (1 + cos64(x, $1)) / 2 }
        let denominator = neg.reduce(1.0) { $0 * (1 + cos64(x, $1)) / 2 }
        scored.append((r, numerator / (denominator + 0.000001)))
    }
    return ranked(scored)
}

/// The nearest words to a raw vector by cosine, nothing excluded.
fileprivate func referenceByVector(_ model: Model, _ vector: [Double], restrictTo: Int = 0) -> Ranking {
    let rows = restrictTo > 0 ? min(restrictTo, model.vocabularySize) : model.vocabularySize
    return ranked((0..<rows).map { ($0, cos64(raw64(model, $0), vector)) })
}

/// gensim's doesnt_match: min over the words of unit(word) . unit(mean of unit vectors), ties to the
/// word that sorts first; the score of every word too.
fileprivate func referenceDoesntMatch(_ model: Model, _ words: [Int]) -> (index: Int, scores: [Int: Double]) {
    var mean = [Double](repeating: 0, count: model.dim)
    for w in words {
        let u = unit64(raw64(model, w))
        for c in 0..<model.dim { mean[c] += u[c] / Double(words.count) }
    }
    mean = unit64(mean)
    let scored = words.map { (score: dot64(unit64(raw64(model, $0)), mean), word: model.vocabulary.word($0), index: $0) }
    let best = scored.min { $0.score != $1.score ? $0.score < $1.score : $0.word < $1.word }!.index
    return (best, Dictionary(scored.map { ($0.index, $0.score) }, uniquingKeysWith: { a, _ in a }))
}

/// gensim 4's n_similarity: cosine of the means of the raw vectors.
fileprivate func referenceNSimilarity(_ model: Model, _ a: [Int], _ b: [Int]) -> Double {
    func mean(_ words: [Int]) -> [Double] {
        var m = [Double](repeating: 0, count: model.dim)
        for w in words { for (c, x) in raw64(model, w).enumerated() { m[c] += x / Double(words.count) } }
        return m
    }
    return dot64(unit64(mean(a)), unit64(mean(b)))
}

/// `got` agrees with the reference ranking: the same scores position by position, and the same words
/// unless two reference scores are within `tolerance` (a near-tie float32 may order either way).
fileprivate func assertAgrees(_ got: [Neighbor], _ reference: Ranking, k: Int, tolerance: Double = 1e-5,
                              file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(got.count, min(k, reference.count), file: file, line: line)
    let scoreOf = Dictionary(uniqueKeysWithValues: reference.map { ($0.index, $0.score) })
    for (j, neighbor) in got.enumerated() where j < reference.count {
        XCTAssertEqual(Double(neighbor.score), reference[j].score, accuracy: tolerance, "position \(j)", file: file, line: line)
        if neighbor.index != reference[j].index {
            let other = scoreOf[neighbor.index] ?? .infinity
            XCTAssertEqual(other, reference[j].score, accuracy: tolerance,
                           "position \(j): row \(neighbor.index) instead of \(reference[j].index)", file: file, line: line)
        }
    }
}

fileprivate func assertThrows<T>(_ expected: W2VError, _ body: @autoclosure () throws -> T,
                                 file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertThrowsError(try body(), file: file, line: line) { error in
        XCTAssertEqual(error as? W2VError, expected, file: file, line: line)
    }
}

fileprivate func axis(_ i: Int, dim: Int = 4) -> [Float] { (0..<dim).map { $0 == i ? 1 : 0 } }

fileprivate func * (s: Float, a: [Float]) -> [Float] { a.map { s * $0 } }

final class GensimQueryTests: XCTestCase {
    // MARK: - most_similar_cosmul

    func testCosmulMatchesFloat64Reference() throws {
        let model = try randomModel(words: 400, dim: 24, seed: 3)
        var rng = SplitMix64(seed: 5)
        func draw(_ n: Int) -> [Int] { (0..<n).map { _ in rng.nextBelow(400) } }
        for (p, n, restrict) in [(2, 1, 0), (1, 0, 0), (3, 2, 0), (2, 1, 150), (1, 3, 37), (2, 0, 400), (2, 1, 1000)] {
            for _ in 0..<5 {
                let positive = draw(p), negative = draw(n)
                let got = try model.mostSimilarCosmul(positive: positive, negative: negative, k: 10, restrictTo: restrict)
                let reference = referenceCosmul(model, positive: positive, negative: negative, restrictTo: restrict)
                assertAgrees(got, reference, k: 10)
                if restrict > 0 { XCTAssertTrue(got.allSatisfy { $0.index < restrict }) }
                XCTAssertTrue(got.allSatisfy { !positive.contains($0.index) && !negative.contains($0.index) })
            }
        }
    }

    func testCosmulHandComputedAndItsDifferenceFromCosAdd() throws {
        // Query rows 0-2 on axes; candidates at known angles.
        let s = Float(0.5).squareRoot()
        let model = try makeModel([
            ("a", axis(0)), ("b", axis(1)), ("c", axis(2)),
            ("bc", [0, s, s, 0]),        // cos 0 with a, 0.7071 with b and c
            ("far", [0, 0, 0, 1]),       // cos 0 with all three
            ("anti", [-1, 0, 0, 0]),     // cos -1 with a
        ])
        let got = try model.mostSimilarCosmul(positive: [1, 2], negative: [0], k: 10)
        XCTAssertEqual(got.map(\.index), [5, 3, 4])
        // anti: (1/2)(1/2) / (0 + 1e-6) = 250000; bc: 0.85355^2 / (0.5 + 1e-6); far: 0.25 / (0.5 + 1e-6).
        XCTAssertEqual(got[0].score, 250_000, accuracy: 0.5)
        XCTAssertEqual(Double(got[1].score), 0.8535534 * 0.8535534 / 0.500001, accuracy: 1e-6)
        XCTAssertEqual(Double(got[2].score), 0.25 / 0.500001, accuracy: 1e-6)
        // Without negatives the denominator is 1 + 1e-6.
        let single = try model.mostSimilarCosmul(positive: [1], negative: [], k: 1)
        XCTAssertEqual(single.map(\.index), [3])
        XCTAssertEqual(Double(single[0].score), 0.8535534 / 1.000001, accuracy: 1e-6)
    }

    func testCosmulWithOnePositiveRanksAsMostSimilar() throws {
        let model = try randomModel(words: 300, dim: 16, seed: 9)
        for word in [0, 17, 299] {
            let cosmul = try model.mostSimilarCosmul(positive: [word], negative: [], k: 20)
            let plain = try model.mostSimilar(positive: [word], negative: [], k: 20)
            XCTAssertEqual(cosmul.map(\.index), plain.map(\.index))
            for (m, p) in zip(cosmul, plain) { XCTAssertEqual(m.score, (1 + p.score) / 2 / 1.000001, accuracy: 1e-6) }
        }
    }

    func testCosmulEdgeCases() throws {
        let model = try randomModel(words: 50, dim: 8, seed: 1)
        assertThrows(.invalidArgument("most_similar_cosmul needs at least one positive word"),
                     try model.mostSimilarCosmul(positive: [], negative: [3], k: 5))
        assertThrows(.invalidArgument("most_similar_cosmul needs at least one positive word"),
                     try model.mostSimilarCosmul(positive: [], negative: [], k: 5))
        XCTAssertEqual(try model.mostSimilarCosmul(positive: [1], negative: [2], k: 0), [])
        let all = try model.mostSimilarCosmul(positive: [1, 1], negative: [2], k: Int.max)
        XCTAssertEqual(all.count, 48, "every word but the two distinct query words")
        XCTAssertEqual(try model.mostSimilarCosmul(positive: [1], negative: [], k: 100, restrictTo: 5).map(\.index).sorted(), [0, 2, 3, 4])
        // A zero row has cosine 0 with everything: (1/2) / (1/2 + 1e-6) with one positive and one negative.
        let zero = try makeModel([("a", axis(0)), ("b", axis(1)), ("z", [0, 0, 0, 0])])
        let got = try zero.mostSimilarCosmul(positive: [0], negative: [1], k: 5)
        XCTAssertEqual(got.map(\.index), [2])
        XCTAssertEqual(Double(got[0].score), 0.5 / 0.500001, accuracy: 1e-6)
    }

    // MARK: - doesnt_match

    func testDoesntMatchMatchesFloat64Reference() throws {
        let model = try randomModel(words: 200, dim: 12, seed: 21)
        var rng = SplitMix64(seed: 22)
        var decidedByTie = 0
        for trial in 0..<300 {
            let words = (0..<(2 + trial % 7)).map { _ in rng.nextBelow(200) }
            let got = try model.doesntMatch(words)
            let reference = referenceDoesntMatch(model, words)
            if Set(words).count == 2 {
                // Two distinct words are equally far from their mean: the one that sorts first, always.
                let pair = Array(Set(words))
                let first = model.vocabulary.word(pair[0]) < model.vocabulary.word(pair[1]) ? pair[0] : pair[1]
                if got == first { decidedByTie += 1 }
                XCTAssertEqual(got, first, "\(words)")
            } else if got != reference.index {
                // Only a float32 near-tie may differ from the float64 answer.
                XCTAssertEqual(reference.scores[got]!, reference.scores[reference.index]!, accuracy: 2e-6, "\(words)")
            }
        }
        XCTAssertGreaterThan(decidedByTie, 20)
    }

    func testDoesntMatchPlantedOddOneOutTiesAndDuplicates() throws {
        let model = try makeModel([
            ("zeta", axis(0)), ("alpha", axis(1)),
            ("breakfast", [1, 0.1, 0, 0]), ("lunch", [1, -0.1, 0.05, 0]), ("dinner", [0.9, 0, -0.1, 0]),
            ("cereal", [0.1, 0, 0, 1]),
        ])
        XCTAssertEqual(try model.doesntMatch([2, 5, 4, 3]), 5, "cereal")
        XCTAssertEqual(try model.doesntMatch([5]), 5, "a single word is the odd one")
        // zeta and alpha are equally far from their mean: the tie goes to the word that sorts first.
        XCTAssertEqual(try model.doesntMatch([0, 1]), 1)
        XCTAssertEqual(try model.doesntMatch([1, 0]), 1)
        // A repeated word weighs twice, so the other one is the odd one out.
        XCTAssertEqual(try model.doesntMatch([1, 1, 0]), 0)
        XCTAssertEqual(try model.doesntMatch([0, 0, 1]), 1)
        assertThrows(.invalidArgument("doesnt_match needs at least one word"), try model.doesntMatch([]))
    }

    // MARK: - n_similarity

    func testNSimilarityMatchesFloat64Reference() throws {
        let model = try randomModel(words: 200, dim: 20, seed: 31)
        var rng = SplitMix64(seed: 32)
        for trial in 0..<100 {
            let a = (0..<(1 + trial % 4)).map { _ in rng.nextBelow(200) }
            let b = (0..<(1 + trial % 5)).map { _ in rng.nextBelow(200) }
            let got = try model.nSimilarity(a, b)
            XCTAssertEqual(Double(got), referenceNSimilarity(model, a, b), accuracy: 1e-5, "\(a) \(b)")
            XCTAssertEqual(got, try model.nSimilarity(b, a), accuracy: 1e-6)
        }
        // One word each is the plain similarity.
        XCTAssertEqual(try model.nSimilarity([4], [9]), try model.similarity(4, 9), accuracy: 1e-6)
    }

    func testNSimilarityAveragesRawVectorsAsGensim() throws {
        let model = try makeModel([("long", 10 * axis(0)), ("short", axis(1)), ("x", axis(0)),
                                   ("up", [0, 0, 1, 0]), ("down", [0, 0, -2, 0])])
        // Raw mean (5, 0.5): cosine with e0 is 5 / sqrt(25.25) = 0.995; a mean of unit vectors would give 0.707.
        XCTAssertEqual(try model.nSimilarity([0, 1], [2]), 5 / Float(25.25).squareRoot(), accuracy: 1e-6)
        // Means that are zero give 0.
        XCTAssertEqual(try model.nSimilarity([3, 3, 4], [2]), 0)
        assertThrows(.invalidArgument("n_similarity needs at least one word in each list"), try model.nSimilarity([], [1]))
        assertThrows(.invalidArgument("n_similarity needs at least one word in each list"), try model.nSimilarity([1], []))
    }

    // MARK: - similar_by_vector

    func testSimilarByVectorMatchesFloat64Reference() throws {
        let model = try randomModel(words: 300, dim: 16, seed: 41)
        var rng = SplitMix64(seed: 42)
        for restrict in [0, 1, 120, 300, 5000] {
            let vector = (0..<16).map { _ in rng.nextUnitFloat() * 4 - 2 }
            let got = try model.similarByVector(vector, k: 15, restrictTo: restrict)
            assertAgrees(got, referenceByVector(model, vector.map(Double.init), restrictTo: restrict), k: 15)
        }
        // A word's own vector finds that word first: nothing is excluded.
        let own = try model.similarByVector(model.vector(123), k: 3)
        XCTAssertEqual(own[0].index, 123)
        XCTAssertEqual(own[0].score, 1, accuracy: 1e-6)
        // Scaling the query changes nothing.
        XCTAssertEqual(try model.similarByVector(model.vector(7).map { $0 * 1000 }, k: 5).map(\.index),
                       try model.similarByVector(model.vector(7), k: 5).map(\.index))
    }

    func testSimilarByVectorEdgeCases() throws {
        let model = try randomModel(words: 20, dim: 8, seed: 2)
        assertThrows(.invalidArgument("the vector has 7 components; the model's vectors have 8"),
                     try model.similarByVector([Float](repeating: 1, count: 7), k: 3))
        var bad = [Float](repeating: 1, count: 8)
        bad[5] = .nan
        assertThrows(.invalidArgument("vector[5] is nan; every component must be finite"), try model.similarByVector(bad, k: 3))
        bad[5] = .infinity
        assertThrows(.invalidArgument("vector[5] is inf; every component must be finite"), try model.similarByVector(bad, k: 3))
        let zero = try model.similarByVector([Float](repeating: 0, count: 8), k: 4)
        XCTAssertEqual(zero, (0..<4).map { Neighbor(index: $0, score: 0) })
        XCTAssertEqual(try model.similarByVector(model.vector(0), k: 0), [])
        XCTAssertEqual(try model.similarByVector(model.vector(0), k: 1000).count, 20)
    }

    // MARK: - distances

    func testDistancesMatchFloat64Reference() throws {
        let model = try randomModel(words: 150, dim: 10, seed: 51)
        let others = [3, 149, 0, 3, 77]
        let got = try model.distances(from: 12, to: others)
        XCTAssertEqual(got.count, others.count)
        for (d, o) in zip(got, others) {
            XCTAssertEqual(Double(d), 1 - cos64(raw64(model, 12), raw64(model, o)), accuracy: 1e-6)
        }
        let all = try model.distances(from: 12, to: [])
        XCTAssertEqual(all.count, 150)
        for r in 0..<150 {
            XCTAssertEqual(Double(all[r]), 1 - cos64(raw64(model, 12), raw64(model, r)), accuracy: 1e-6)
        }
        XCTAssertEqual(all[12], 0, accuracy: 1e-6)
        XCTAssertEqual(got[0], got[3])
        // Opposite and zero vectors.
        let small = try makeModel([("a", axis(0)), ("minus", -3 * axis(0)), ("z", [0, 0, 0, 0])])
        XCTAssertEqual(try small.distances(from: 0, to: [1, 2, 0]), [2, 1, 0])
        XCTAssertEqual(try small.distances(from: 2, to: []), [1, 1, 1])
    }

    // MARK: - Analogy evaluation by 3CosMul

    /// The 3CosMul scan against mostSimilarCosmul (itself checked against float64 above) on random
    /// vectors: several row blocks, an odd last block, a partial last group; and the two methods must
    /// disagree somewhere on the same questions, or the test would not tell them apart.
    func testCosMulEvaluationAgreesWithMostSimilarCosmul() throws {
        let words = 2500, dim = 64, restrict = 2301
        var rng = SplitMix64(seed: 61)
        let model = try makeModel((0..<words).map { i in ("w\(i)", (0..<dim).map { _ in rng.nextUnitFloat() * 2 - 1 }) })
        XCTAssertGreaterThan(restrict, 2 * (BlockedScan.blockFloats / dim), "spans three row blocks")
        var text = ""
        var expectedMul = [AnalogyScore](repeating: AnalogyScore(), count: 3)
        var expectedAdd = [AnalogyScore](repeating: AnalogyScore(), count: 3)
        var disagreements = 0
        for section in 0..<3 {
            text += ": section\(section)\n"
            for i in 0..<29 {
                func draw() -> Int { rng.nextBelow(words) }
                let a = draw(), b = draw(), c = draw()
                if Set([a, b, c]).count < 3 { continue }
                let mul = try model.mostSimilarCosmul(positive: [b, c], negative: [a], k: 1, restrictTo: restrict)[0].index
                let add = try model.mostSimilar(positive: [b, c], negative: [a], k: 1, restrictTo: restrict)[0].index
                if mul != add { disagreements += 1 }
                let d = i % 4 == 0 ? draw() : (i % 4 == 1 ? add : mul)
                text += "w\(a) w\(b) w\(c) w\(d)\n"
                if [a, b, c, d].allSatisfy({ $0 < restrict }) {
                    expectedMul[section].seen += 1
                    expectedAdd[section].seen += 1
                    if mul == d { expectedMul[section].correct += 1 }
                    if add == d { expectedAdd[section].correct += 1 }
                }
            }
        }
        XCTAssertGreaterThan(disagreements, 5)
        let byMul = try model.evaluateAnalogies(text: text, restrictVocab: restrict, method: .cosMul)
        XCTAssertEqual(byMul.sections.map(\.score), expectedMul)
        let byAdd = try model.evaluateAnalogies(text: text, restrictVocab: restrict, method: .cosAdd)
        XCTAssertEqual(byAdd.sections.map(\.score), expectedAdd)
        XCTAssertNotEqual(expectedMul, expectedAdd)
        let byDefault = try model.evaluateAnalogies(text: text, restrictVocab: restrict)
        XCTAssertEqual(byDefault.sections.map(\.score), expectedAdd, "3CosAdd is the default")
    }

    func testCosMulEvaluationExcludesQuestionWordsAndFollowsRestrict() throws {
        // b = c's neighbour scores highest under 3CosMul, but question words are never predictions.
        let s = Float(0.5).squareRoot()
        let model = try makeModel([
            ("a", axis(0)), ("b", axis(1)), ("c", axis(2)), ("bc", [0, s, s, 0]), ("far", [0, 0, 0, 1]),
            ("anti", [-1, 0, 0, 0]),
        ])
        let text = ": s\na b c anti\na b c bc\nA B C ANTI\n"
        let all = try model.evaluateAnalogies(text: text, restrictVocab: 0, method: .cosMul)
        XCTAssertEqual(all.total, AnalogyScore(correct: 2, seen: 3))
        // With the five most frequent words, "anti" is neither asked about nor a candidate.
        let five = try model.evaluateAnalogies(text: text, restrictVocab: 5, method: .cosMul)
        XCTAssertEqual(five.total, AnalogyScore(correct: 1, seen: 1))
        XCTAssertEqual(try model.evaluateAnalogies(text: "", restrictVocab: 0, method: .cosMul).total, AnalogyScore())
    }
}
