import XCTest
@testable import W2VCore

/// Large vocabularies are scanned by two threads; the merged answer must be exactly the one-pass answer.
final class ParallelScanTests: XCTestCase {
    func testTwoThreadScanEqualsBruteForce() throws {
        let rows = UnitScan.parallelScanRows * 2 + 37, dim = 12
        var rng = SplitMix64(seed: 21)
        var entries = (0..<rows).map { r in ("w\(r)", (0..<dim).map { _ in rng.nextUnitFloat() - 0.5 }) }
        // Plant exact ties across the two halves: the lower index must win.
        entries[rows - 1].1 = entries[3].1
        let model = try makeModel(entries)
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
