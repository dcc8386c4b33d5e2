/// The one scan engine over the unit-normalised input matrix: every query that ranks the vocabulary
/// (most_similar, similar_by_vector, 3CosMul, analogy evaluation) is a score per row of
/// `unit[0..<rows]` and the best rows kept, ties to the lower (more frequent) row, query rows excluded.
///
/// Two drivers share the rules: `best(k:excluding:scorer:)` walks the rows once for one query (two
/// threads for a large matrix), and `bestForBatch` (BlockedScan.swift) reads each cache-sized block of
/// rows once for many questions at a time, which is what analogy evaluation needs.
struct UnitScan {
    let unit: FloatMatrix
    /// Candidates are rows `0..<rows`: the most frequent words.
    let rows: Int

    /// `restrictTo` limits candidates to the most frequent words; 0 = all.
    init(unit: FloatMatrix, restrictTo: Int) {
        self.unit = unit
        rows = restrictTo > 0 ? min(restrictTo, unit.rows) : unit.rows
    }

    var dim: Int { unit.columns }

    /// The `k` rows with the best `scorer` scores, best first, except `excluding`; fewer when there are
    /// fewer candidates.
    func best<Scorer: RowScorer>(k: Int, excluding: Set<Int>, scorer: Scorer) -> [Neighbor] {
        let unit = self.unit
        return inParts(k: k) { part, k in
            var top = TopK(k: k)
            for r in part {
                let score = scorer.score(UnsafePointer(unit.row(r)))
                if top.accepts(score) && !excluding.contains(r) {
                    top.insert(Neighbor(index: r, score: score))
                }
            }
            return top.sortedBestFirst()
        }
    }

    /// Runs `scanPart` (the best `k` of a range of rows, best first) over the candidate rows, in two
    /// halves on two threads for a large matrix: the scan is bound by how fast the matrix streams from
    /// memory, and two cores stream it faster than one. Merges the halves' answers.
    func inParts(k: Int, _ scanPart: @escaping @Sendable (Range<Int>, Int) -> [Neighbor]) -> [Neighbor] {
        let rows = self.rows
        let k = min(k, rows)  // never reserve more slots than candidates (k may be huge)
        let parts = rows >= Self.parallelScanRows ? 2 : 1
        if parts == 1 { return scanPart(0..<rows, k) }
        var partial = [[Neighbor]](repeating: [], count: parts)
        partial.withUnsafeMutableBufferPointer { results in
            let results = SendableResults(buffer: results)
            runInParallel(count: parts) { part in
                results.buffer[part] = scanPart((rows * part / parts)..<(rows * (part + 1) / parts), k)
            }
        }
        var top = TopK(k: k)
        for list in partial { for neighbor in list where top.accepts(neighbor.score) { top.insert(neighbor) } }
        return top.sortedBestFirst()
    }

    /// Scans over at least this many rows use two threads.
    static let parallelScanRows = 16_384
}

/// The score of one unit row for one query; the scan engine keeps the highest.
protocol RowScorer: Sendable {
    func score(_ row: UnsafePointer<Float>) -> Float
}

/// Cosine with a unit query vector: the dot product (most_similar, similar_by_vector).
struct CosineScorer: RowScorer, @unchecked Sendable {
    /// `dim` floats, unit length (or zero); borrowed for the scan.
    let query: UnsafePointer<Float>
    let dim: Int

    @inline(__always)
    func score(_ row: UnsafePointer<Float>) -> Float {
        Kernels.dot(query, row, count: dim)
    }
}

/// Levy and Goldberg's 3CosMul with cosines shifted to [0, 1]:
/// prod_p (1 + cos(x, p)) / 2  /  (prod_n (1 + cos(x, n)) / 2 + 1e-6).
struct CosMulScorer: RowScorer, @unchecked Sendable {
    /// Unit rows of the positive and negative words, borrowed for the scan.
    let positive: [UnsafePointer<Float>]
    let negative: [UnsafePointer<Float>]
    let dim: Int

    @inline(__always)
    func score(_ x: UnsafePointer<Float>) -> Float {
        var numerator: Float = 1
        for p in positive { numerator *= (1 + Kernels.dot(x, p, count: dim)) / 2 }
        var denominator: Float = 1
        for n in negative { denominator *= (1 + Kernels.dot(x, n, count: dim)) / 2 }
        return numerator / (denominator + Self.epsilon)
    }

    /// Keeps the denominator away from zero (gensim's and Levy and Goldberg's value).
    static let epsilon: Float = 0.000001
}

/// The result slots of the two halves of a parallel scan, which write disjoint entries.
private struct SendableResults: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<[Neighbor]>
}
