import XCTest
@testable import W2VCore

/// Cosine scans of large matrices are screened through a bfloat16 copy (Query/ScreenedScan.swift); the
/// answer must be the one-stage scan's, bit for bit, including ties, exclusions and odd rows.
final class ScreenedScanTests: XCTestCase {
    /// A model past both thresholds (screened, two halves), dimension not a multiple of 16, with exact
    /// ties planted across the halves, near-ties (rows differing in their last bits), a zero row and a
    /// NaN row.
    private func plantedModel(rows: Int, dim: Int) throws -> Model {
        var rng = SplitMix64(seed: 7)
        var entries = (0..<rows).map { r in ("w\(r)", (0..<dim).map { _ in rng.nextUnitFloat() - 0.5 }) }
        entries[rows - 1].1 = entries[3].1  // exact tie, the lower row must win
        entries[rows / 2 + 1].1 = entries[3].1
        for r in [10, rows / 2 + 5] {  // near ties of row 3: one value nudged by an ulp
            var nudged = entries[3].1
            nudged[dim - 1] = nudged[dim - 1].nextUp
            entries[r].1 = nudged
        }
        entries[20].1 = [Float](repeating: 0, count: dim)
        entries[30].1[0] = .nan
        return try makeModel(entries)
    }

    private func bruteForce(_ unit: FloatMatrix, query: [Float], rows: Int, excluding: Set<Int>, k: Int) -> [Neighbor] {
        var scored: [Neighbor] = []
        for r in 0..<rows where !excluding.contains(r) {
            let score = Kernels.dot(query, unit.row(r), count: unit.columns)
            if !score.isNaN { scored.append(Neighbor(index: r, score: score)) }
        }
        scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.index < $1.index }
        return Array(scored.prefix(k))
    }

    /// Where two answers part (the whole lists can be hundreds of entries long).
    private func firstDifference(_ a: [Neighbor], _ b: [Neighbor]) -> String {
        guard let i = (0..<min(a.count, b.count)).first(where: { a[$0] != b[$0] }) else { return "lengths \(a.count) and \(b.count)" }
        return "entry \(i): \(a[i]) vs \(b[i])"
    }

    func testScreenedMostSimilarEqualsBruteForce() throws {
        let rows = max(UnitScan.screenedScanRows, UnitScan.parallelScanRows) * 2 + 37, dim = 37
        let model = try plantedModel(rows: rows, dim: dim)
        let unit = try model.normalized()
        for (positive, negative) in [([3], []), ([0], []), ([rows / 2], []), ([20], []), ([5, 9], [11]), ([], [3])] {
            let query = WordSetQueries.combinedQuery(positive: positive, negative: negative, unit: unit)
            for restrict in [0, rows / 2 + 3, UnitScan.screenedScanRows] {
                for k in [1, 3, 10, 300] {
                    let got = try model.mostSimilar(positive: positive, negative: negative, k: k, restrictTo: restrict)
                    let want = bruteForce(unit, query: query, rows: restrict == 0 ? rows : restrict,
                                          excluding: Set(positive + negative), k: k)
                    XCTAssertTrue(got == want, "positive \(positive), negative \(negative), restrict \(restrict), k \(k): "
                                  + firstDifference(got, want))
                }
            }
        }
    }

    func testScreenedSimilarByVectorEqualsTheOneStageScan() throws {
        let rows = UnitScan.screenedScanRows * 3 + 5, dim = 100
        let model = try plantedModel(rows: rows, dim: dim)
        let unit = try model.normalized()
        let screen = try XCTUnwrap(model.screeningRows(of: unit))
        var rng = SplitMix64(seed: 99)
        var vectors: [[Float]] = (0..<20).map { _ in (0..<dim).map { _ in rng.nextUnitFloat() - 0.5 } }
        vectors.append([Float](repeating: 0, count: dim))  // every score 0: the k most frequent words
        vectors.append(Array(UnsafeBufferPointer(start: unit.row(3), count: dim)))  // the planted ties
        for vector in vectors {
            var query = vector
            query.withUnsafeMutableBufferPointer { Kernels.normalize($0.baseAddress!, into: $0.baseAddress!, count: dim) }
            for k in [0, 1, 10, rows + 1] {
                let scan = UnitScan(unit: unit, restrictTo: 0)
                let screened = query.withUnsafeBufferPointer { q in
                    scan.bestCosine(k: k, excluding: [7], query: q.baseAddress!, screen: screen)
                }
                let oneStage = query.withUnsafeBufferPointer { q in
                    scan.best(k: k, excluding: [7], scorer: CosineScorer(query: q.baseAddress!, dim: dim))
                }
                XCTAssertTrue(screened == oneStage, "k \(k): " + firstDifference(screened, oneStage))
                let viaModel = try model.similarByVector(vector, k: k)
                let oneStageAll = query.withUnsafeBufferPointer { q in
                    scan.best(k: k, excluding: [], scorer: CosineScorer(query: q.baseAddress!, dim: dim))
                }
                XCTAssertTrue(viaModel == oneStageAll, "k \(k): " + firstDifference(viaModel, oneStageAll))
            }
        }
    }

    /// The margin holds on rows of every scale, and is small enough to rule rows out.
    func testRoughScoresStayWithinTheMargin() throws {
        var rng = SplitMix64(seed: 3)
        for dim in [1, 15, 16, 17, 100, 300] {
            let matrix = try FloatMatrix(rows: 200, columns: dim)
            for r in 0..<200 {
                let scale: Float = [1, 1e-3, 1e3, 1e-30][r % 4]
                for j in 0..<dim { matrix.row(r)[j] = (rng.nextUnitFloat() - 0.5) * scale }
            }
            let screen = try Bfloat16Rows(matrix)
            for _ in 0..<20 {
                let query = (0..<dim).map { _ in rng.nextUnitFloat() - 0.5 }
                let norm = Float(query.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot())
                let margin = Bfloat16Rows.screeningMargin(queryNorm: norm, largestRowNorm: screen.largestRowNorm, columns: dim)
                let arranged = query.withUnsafeBufferPointer { screen.arrangeQuery($0.baseAddress!, columns: dim) }
                for r in 0..<200 {
                    let rough = screen.dot(arranged, row: r)
                    let exact = Kernels.dot(query, matrix.row(r), count: dim)
                    XCTAssertLessThanOrEqual(abs(rough - exact), margin, "dim \(dim), row \(r)")
                }
            }
        }
        let unitRows = try FloatMatrix(rows: 1, columns: 100)
        for j in 0..<100 { unitRows.row(0)[j] = 0.1 }
        XCTAssertLessThan(Bfloat16Rows.screeningMargin(queryNorm: 1, largestRowNorm: try Bfloat16Rows(unitRows).largestRowNorm,
                                                       columns: 100), 0.005)
    }

    func testRoundingToBfloat16() {
        XCTAssertEqual(Bfloat16Rows.rounded(1), 0x3F80)
        XCTAssertEqual(Bfloat16Rows.rounded(Float(bitPattern: 0x3F80_8000)), 0x3F80)  // tie to even
        XCTAssertEqual(Bfloat16Rows.rounded(Float(bitPattern: 0x3F81_8000)), 0x3F82)  // tie to even
        XCTAssertEqual(Bfloat16Rows.rounded(Float(bitPattern: 0x3F80_8001)), 0x3F81)
        XCTAssertEqual(Bfloat16Rows.rounded(-.infinity), 0xFF80)
        XCTAssertEqual(Bfloat16Rows.rounded(Float(bitPattern: 0x7F80_0001)) & 0x7FC0, 0x7FC0)  // NaN stays NaN
    }

    func testTheCopyFollowsTraining() throws {
        let rows = UnitScan.screenedScanRows + 1
        let model = try plantedModel(rows: rows, dim: 8)
        let before = try model.normalized()
        let first = try XCTUnwrap(model.screeningRows(of: before))
        XCTAssertTrue(model.screeningRows(of: before) === first, "made once")
        model.invalidateNormalized()
        let after = try model.normalized()
        XCTAssertFalse(model.screeningRows(of: after) === first, "remade for new unit rows")
    }
}
