import XCTest
@testable import W2VCore

/// Large vocabularies are scanned by two threads; the merged answer must be exactly the one-pass answer.
final class ParallelScanTests: XCTestCase {
    func testTwoThreadScanEqualsBruteForce() throws {
        let rows = Model.parallelScanRows * 2 + 37, dim = 12
        let words = (0..<rows).map { Array("w\($0)".utf8) }
        let vectors = try FloatMatrix(rows: rows, columns: dim)
        var rng = SplitMix64(seed: 21)
        for i in 0..<vectors.count { vectors.base[i] = rng.nextUnitFloat() - 0.5 }
        // Plant exact ties across the two halves: the lower index must win.
        for d in 0..<dim { vectors.row(rows - 1)[d] = vectors.row(3)[d] }
        let vocabulary = try words.withUnsafeBufferPointers { try Vocabulary(orderedWords: $0, counts: [Int64](repeating: 1, count: rows)) }
        let model = Model(vocabulary: vocabulary, vectors: vectors)
        let unit = try model.normalized()
        for query in [0, 5, rows / 2, rows - 2] {
            for k in [1, 10, 300] {
                let got = try model.mostSimilar(positive: [query], negative: [], k: k)
                var scored = (0..<rows).filter { $0 != query }.map { r in
                    (r, Kernels.dot(unit.row(query), unit.row(r), count: dim))
                }
                scored.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
                XCTAssertEqual(got.map(\.index), scored.prefix(k).map(\.0), "query \(query), k \(k)")
                XCTAssertEqual(got.map(\.score), scored.prefix(k).map(\.1))
            }
        }
    }
}

private extension Array where Element == [UInt8] {
    func withUnsafeBufferPointers<R>(_ body: ([UnsafeBufferPointer<UInt8>]) throws -> R) rethrows -> R {
        let copies = map { bytes -> UnsafeMutableBufferPointer<UInt8> in
            let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
            _ = copy.initialize(from: bytes)
            return copy
        }
        defer { copies.forEach { $0.deallocate() } }
        return try body(copies.map { UnsafeBufferPointer($0) })
    }
}
