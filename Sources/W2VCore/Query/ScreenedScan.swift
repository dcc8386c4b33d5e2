/// Cosine scans (most_similar, similar_by_vector) in two stages with the answer of the one-stage scan,
/// bit for bit: a pass over the half-size bfloat16 copy (`Bfloat16Rows`) scores every row roughly and
/// keeps only the rows that can still be among the best `k`; those few are scored exactly from the
/// float matrix, with the same kernel, ties and exclusions as `best(k:excluding:scorer:)`.
///
/// Why it is exact: every rough score is within `margin` of the exact one. If `k` eligible rows have
/// rough scores of at least `t`, their exact scores are at least `t - margin`, so the exact k-th best is
/// too; a row whose rough score is below `t - 2 margin` has an exact score below `t - margin`, strictly
/// worse than the k-th best, and cannot be in the answer. Rows with a non-finite rough score are always
/// scored exactly.
extension UnitScan {
    /// The `k` rows with the largest dot product with the unit `query` (`dim` floats), best first, ties to
    /// the lower row, except `excluding`: `best(k:excluding:scorer: CosineScorer(...))`'s answer.
    func bestCosine(k: Int, excluding: Set<Int>, query: UnsafePointer<Float>, screen: Bfloat16Rows) -> [Neighbor] {
        precondition(screen.source === unit, "the screening copy is of this matrix")
        if k <= 0 || rows == 0 { return [] }
        let unit = self.unit, dim = self.dim
        var squares: Double = 0
        for j in 0..<dim { squares += Double(query[j]) * Double(query[j]) }
        let margin = Bfloat16Rows.screeningMargin(queryNorm: Float(squares.squareRoot()),
                                                  largestRowNorm: screen.largestRowNorm, columns: dim)
        let exact = CosineScorer(query: query, dim: dim)
        if !margin.isFinite {  // a row or the query with infinite values: nothing can be ruled out
            return best(k: k, excluding: excluding, scorer: exact)
        }
        let arranged = screen.arrangeQuery(query, columns: dim)
        return arranged.withUnsafeBufferPointer { arranged in
            let rough = ArrangedQuery(floats: arranged.baseAddress!)
            return inParts(k: k) { part, k in
                // Rows that may still be among the best k, with their rough scores; the cutoff only rises,
                // so every row above the final cutoff is among them.
                var candidates: [Neighbor] = []
                var roughTop = TopK(k: k)  // the best finite rough scores of eligible rows
                var cutoff = -Float.infinity  // the k-th of them minus 2 margin
                for r in part {
                    let score = screen.dot(rough.floats, row: r)
                    if score >= cutoff || !score.isFinite {
                        if excluding.contains(r) { continue }
                        candidates.append(Neighbor(index: r, score: score))
                        if score.isFinite && roughTop.accepts(score) {
                            roughTop.insert(Neighbor(index: r, score: score))
                            if let kth = roughTop.lowestWhenFull { cutoff = kth - 2 * margin }
                        }
                    }
                }
                var top = TopK(k: k)
                for candidate in candidates where candidate.score >= cutoff || !candidate.score.isFinite {
                    let score = exact.score(UnsafePointer(unit.row(candidate.index)))
                    if top.accepts(score) { top.insert(Neighbor(index: candidate.index, score: score)) }
                }
                return top.sortedBestFirst()
            }
        }
    }

    /// Matrices with fewer rows are scanned in one stage: building the copy and the second stage would
    /// not pay for themselves.
    static let screenedScanRows = 4_096
}

/// The query laid out for `Bfloat16Rows.dot`, borrowed for the scan by both halves.
private struct ArrangedQuery: @unchecked Sendable {
    let floats: UnsafePointer<Float>
}
