import Foundation
import XCTest
@testable import W2VCore

final class HierarchicalSoftmaxTests: XCTestCase {
    /// Counts 5, 3, 2, 1 built by hand as word2vec's CreateBinaryTree does: (1,2) -> n4 = 3; (n4, 3) -> n5 = 6
    /// (a tie goes to the inner node); (5, n5) -> root n6; the second of each pair takes branch 1.
    func testHuffmanCodesMatchAHandBuiltTree() {
        let tree = HuffmanTree(counts: [5, 3, 2, 1])
        XCTAssertEqual(Array(tree.code(0)), [0])
        XCTAssertEqual(Array(tree.point(0)), [2])
        XCTAssertEqual(Array(tree.code(1)), [1, 1])
        XCTAssertEqual(Array(tree.point(1)), [2, 1])
        XCTAssertEqual(Array(tree.code(2)), [1, 0, 1])
        XCTAssertEqual(Array(tree.point(2)), [2, 1, 0])
        XCTAssertEqual(Array(tree.code(3)), [1, 0, 0])
        XCTAssertEqual(Array(tree.point(3)), [2, 1, 0])
        XCTAssertEqual(HuffmanTree(counts: [7]).length(0), 0)
        XCTAssertEqual(Array(HuffmanTree(counts: [4, 4]).code(1)), [0])
    }

    func testHuffmanCodesArePrefixFreeAndOptimal() {
        var rng = SplitMix64(seed: 9)
        let counts = (0..<500).map { _ in Int64(1 + rng.nextBelow(100_000)) }.sorted(by: >)
        let tree = HuffmanTree(counts: counts)
        let codes = (0..<counts.count).map { tree.code($0).map(String.init).joined() }
        XCTAssertEqual(Set(codes).count, counts.count)
        let sorted = codes.sorted()
        for (a, b) in zip(sorted, sorted.dropFirst()) { XCTAssertFalse(b.hasPrefix(a), "\(a) is a prefix of \(b)") }
        for w in 0..<counts.count {
            XCTAssertEqual(tree.point(w).first, Int32(counts.count - 2), "every path starts at the root")
            XCTAssertTrue(tree.point(w).allSatisfy { $0 >= 0 && $0 < Int32(counts.count - 1) })
        }
        // Kraft equality: a full binary tree.
        XCTAssertEqual(codes.map { pow(2, -Double($0.count)) }.reduce(0, +), 1, accuracy: 1e-12)
        // More frequent words never get longer codes.
        for w in 1..<counts.count where counts[w] < counts[w - 1] {
            XCTAssertLessThanOrEqual(codes[w - 1].count, codes[w].count)
        }
    }

    /// One skip-gram step with hierarchical softmax only (no sampling at all, so the path is
    /// deterministic) against the same update computed in float64.
    func testGradientMatchesFloat64Reference() throws {
        let counter = WordCounter()
        counter.add("x x x y y z")
        var p = TrainingParameters()
        p.architecture = .skipGram; p.dim = 4; p.window = 1; p.negative = 0; p.hierarchicalSoftmax = true
        p.sample = 0; p.minCount = 1; p.alphaOverride = 0.5; p.minAlphaOverride = 0.5
        let model = try Model(vocabulary: Vocabulary(counter: counter, minCount: 1, maxSize: 0), parameters: p)
        XCTAssertNil(model.output, "no negative-sampling weights when negative = 0")
        let nodes = try XCTUnwrap(model.hsOutput)
        XCTAssertEqual(nodes.rows, 2)
        var rng = SplitMix64(seed: 4)
        for i in 0..<nodes.count { nodes.base[i] = rng.nextUnitFloat() - 0.5 }
        var inp = (0..<12).map { Double(model.input.base[$0]) }
        var out = (0..<8).map { Double(nodes.base[$0]) }
        let tree = HuffmanTree(counts: model.vocabulary.counts)
        XCTAssertEqual(Array(tree.code(0)), [1])
        XCTAssertEqual(Array(tree.code(1)), [0, 1])

        let sentence: [Int32] = [0, 1]
        _ = try sentence.withUnsafeBufferPointer { try model.trainStep(words: $0, lengths: [2], progress: 0) }

        func predict(_ context: Int, _ target: Int) {
            var gradient = [Double](repeating: 0, count: 4)
            for (code, node) in zip(tree.code(target), tree.point(target)) {
                let n = Int(node)
                let f = (0..<4).reduce(0.0) { $0 + inp[context * 4 + $1] * out[n * 4 + $1] }
                let g = (1 - Double(code) - 1 / (1 + exp(-f))) * 0.5
                for d in 0..<4 { gradient[d] += g * out[n * 4 + d] }
                for d in 0..<4 { out[n * 4 + d] += g * inp[context * 4 + d] }
            }
            for d in 0..<4 { inp[context * 4 + d] += gradient[d] }
        }
        predict(1, 0)
        predict(0, 1)
        for i in 0..<12 { XCTAssertEqual(Double(model.input.base[i]), inp[i], accuracy: 1e-6, "input \(i)") }
        for i in 0..<8 { XCTAssertEqual(Double(nodes.base[i]), out[i], accuracy: 1e-6, "node \(i)") }
    }

    func testHierarchicalSoftmaxLearnsPlantedAnalogies() throws {
        let dir = try temporaryDirectory(self)
        let (corpus, questions) = try makeDemoCorpus(in: dir, sentences: 20000)
        for (architecture, negative) in [(Architecture.skipGram, 0), (.cbow, 0), (.skipGram, 5)] {
            let model = try trainedModel(corpus: corpus) {
                $0.architecture = architecture; $0.negative = negative; $0.hierarchicalSoftmax = true
                $0.dim = 40; $0.minCount = 2; $0.threads = 2
            }
            XCTAssertEqual(model.output == nil, negative == 0)
            XCTAssertGreaterThan(try quickAccuracy(model, questions), 0.6, "\(architecture), hs, negative \(negative)")
        }
    }
}
