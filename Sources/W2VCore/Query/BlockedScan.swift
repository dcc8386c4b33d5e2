/// The batch driver of the scan engine (`UnitScan`): analogy questions answered many at a time.

/// How an analogy question's fourth word is predicted.
public enum AnalogyMethod: Sendable, Equatable {
    /// Mikolov's vector offset: the largest cos(x, unit(b) - unit(a) + unit(c)). word2vec's
    /// compute-accuracy and gensim's `evaluate_word_analogies`.
    case cosAdd
    /// Levy and Goldberg's multiplicative objective, as gensim's `most_similar_cosmul`: the largest
    /// (1 + cos(x, b)) / 2 * (1 + cos(x, c)) / 2 / ((1 + cos(x, a)) / 2 + 1e-6).
    case cosMul
}

extension UnitScan {
    /// For each question, the best row under `method` among the candidates, skipping rows whose key
    /// (`keyOfRow`) the question excludes; ties to the lower row; -1 when no row qualifies.
    func bestForBatch(_ questions: [BlockedScan.Question], method: AnalogyMethod, keyOfRow: [Int32]) -> [Int32] {
        switch method {
        case .cosAdd: BlockedScan.predict(questions, in: self, keyOfRow: keyOfRow)
        case .cosMul: BlockedScan.predictCosMul(questions, in: self, keyOfRow: keyOfRow)
        }
    }
}

/// The 3CosAdd argmax for many questions at once, written as a blocked matrix product: the restricted
/// rows are cut into blocks small enough to stay in the L2 cache, and each block meets every question in
/// groups of `width`, whose query vectors are stored transposed so that one element of a row multiplies
/// `width` queries in one SIMD step. Each row block is read from memory once rather than once per
/// question (19,544 questions x 30,000 rows x 100 dimensions is 59 billion multiply-adds).
enum BlockedScan {
    struct Question {
        var a: Int32, b: Int32, c: Int32
        /// Keys a row must not have to be a prediction (a, b, c up to case); lanes < 0 match nothing.
        var excluded: SIMD4<Int32>
    }

    /// Questions per group: one SIMD16 accumulator per row.
    static let width = 16
    /// About 256 KB of rows per block.
    static let blockFloats = 1 << 16

    /// For each question, the row among `0..<rows` of `unit` with the largest dot product with
    /// unit(unit(b) - unit(a) + unit(c)), skipping rows whose key (`keyOfRow`) is excluded; ties go to the
    /// lower row; -1 when no row qualifies.
    static func predict(_ questions: [Question], in engine: UnitScan, keyOfRow: [Int32]) -> [Int32] {
        let unit = engine.unit, rows = engine.rows, dim = engine.dim
        let groups = (questions.count + width - 1) / width
        if groups == 0 || rows == 0 || dim == 0 { return [Int32](repeating: -1, count: questions.count) }

        // Transposed queries: group g, dimension j, lane l at [(g * dim + j) * width + l]; padding lanes zero.
        let queries = UnsafeMutablePointer<Float>.allocate(capacity: groups * dim * width)
        defer { queries.deallocate() }
        queries.initialize(repeating: 0, count: groups * dim * width)
        let query = UnsafeMutablePointer<Float>.allocate(capacity: dim)
        defer { query.deallocate() }
        var excluded = [SIMD4<Int32>](repeating: SIMD4(repeating: -2), count: groups * width)
        for (i, q) in questions.enumerated() {
            query.initialize(repeating: 0, count: dim)
            Kernels.axpy(1, unit.row(Int(q.b)), query, count: dim)
            Kernels.axpy(-1, unit.row(Int(q.a)), query, count: dim)
            Kernels.axpy(1, unit.row(Int(q.c)), query, count: dim)
            Kernels.normalize(query, into: query, count: dim)
            let group = queries + (i / width) * dim * width + i % width
            for j in 0..<dim { group[j * width] = query[j] }
            excluded[i] = q.excluded
        }

        return blockedScan(questions: questions.count, groups: groups, rows: rows, dim: dim,
                           keyOfRow: keyOfRow, excluded: excluded) { block, g, excluded, keys, bestScore, bestRow in
            scan(rows: block, of: unit.base, dim: dim, queries: queries + g * dim * width,
                 excluded: excluded, keyOfRow: keys, bestScore: bestScore, bestRow: bestRow)
        }
    }

    /// The loop both methods share: rows in cache-sized blocks, each block against every group of
    /// `width` questions, so the matrix is read once; `scanBlock` gets the group's slice of the
    /// exclusions and of the best scores and rows. Returns the best row of each question.
    private static func blockedScan(
        questions: Int, groups: Int, rows: Int, dim: Int, keyOfRow: [Int32], excluded: [SIMD4<Int32>],
        _ scanBlock: (Range<Int>, Int, UnsafePointer<SIMD4<Int32>>, UnsafePointer<Int32>,
                      UnsafeMutablePointer<Float>, UnsafeMutablePointer<Int32>) -> Void
    ) -> [Int32] {
        var bestScore = [Float](repeating: -.infinity, count: groups * width)
        var bestRow = [Int32](repeating: -1, count: groups * width)
        let blockRows = max(2, blockFloats / dim)
        keyOfRow.withUnsafeBufferPointer { keys in
            excluded.withUnsafeBufferPointer { excluded in
                bestScore.withUnsafeMutableBufferPointer { bestScore in
                    bestRow.withUnsafeMutableBufferPointer { bestRow in
                        var start = 0
                        while start < rows {
                            let end = min(start + blockRows, rows)
                            for g in 0..<groups {
                                scanBlock(start..<end, g, excluded.baseAddress! + g * width, keys.baseAddress!,
                                          bestScore.baseAddress! + g * width, bestRow.baseAddress! + g * width)
                            }
                            start = end
                        }
                    }
                }
            }
        }
        return Array(bestRow.prefix(questions))
    }

    @inline(__always)
    private static func load16(_ p: UnsafePointer<Float>) -> SIMD16<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
    }

    /// One row block against one group of `width` queries; updates the group's best scores and rows.
    private static func scan(rows: Range<Int>, of matrix: UnsafePointer<Float>, dim: Int,
                             queries: UnsafePointer<Float>, excluded: UnsafePointer<SIMD4<Int32>>,
                             keyOfRow: UnsafePointer<Int32>,
                             bestScore: UnsafeMutablePointer<Float>, bestRow: UnsafeMutablePointer<Int32>) {
        var best = load16(bestScore)
        var r = rows.lowerBound
        // Two rows at a time: two accumulators of 16 lanes, sharing each load of the queries.
        while r &+ 2 <= rows.upperBound {
            let p0 = matrix + r &* dim, p1 = p0 + dim
            var s0 = SIMD16<Float>(), s1 = SIMD16<Float>()
            var j = 0
            while j < dim {
                let q = load16(queries + j &* width)
                s0 += SIMD16(repeating: p0[j]) * q
                s1 += SIMD16(repeating: p1[j]) * q
                j &+= 1
            }
            if any(s0 .> best) { offer(s0, row: r, &best, excluded, keyOfRow, bestRow) }
            if any(s1 .> best) { offer(s1, row: r &+ 1, &best, excluded, keyOfRow, bestRow) }
            r &+= 2
        }
        if r < rows.upperBound {
            let p0 = matrix + r &* dim
            var s0 = SIMD16<Float>()
            for j in 0..<dim { s0 += SIMD16(repeating: p0[j]) * load16(queries + j &* width) }
            if any(s0 .> best) { offer(s0, row: r, &best, excluded, keyOfRow, bestRow) }
        }
        UnsafeMutableRawPointer(bestScore).storeBytes(of: best, as: SIMD16<Float>.self)
    }

    /// Takes `row` as the best of each lane it beats, unless the row is one of that question's words.
    private static func offer(_ scores: SIMD16<Float>, row: Int, _ best: inout SIMD16<Float>,
                              _ excluded: UnsafePointer<SIMD4<Int32>>, _ keyOfRow: UnsafePointer<Int32>,
                              _ bestRow: UnsafeMutablePointer<Int32>) {
        let key = keyOfRow[row]
        for lane in 0..<width where scores[lane] > best[lane] {
            if key >= 0 && any(excluded[lane] .== SIMD4(repeating: key)) { continue }
            best[lane] = scores[lane]
            bestRow[lane] = Int32(truncatingIfNeeded: row)
        }
    }

    // MARK: 3CosMul

    /// For each question, the row among `0..<rows` of `unit` with the largest 3CosMul score
    /// (1 + cos(x, b)) / 2 * (1 + cos(x, c)) / 2 / ((1 + cos(x, a)) / 2 + 1e-6), skipping excluded keys;
    /// ties go to the lower row; -1 when no row qualifies. The same blocked scan as `predict`, with
    /// three transposed query sets (b, c and a) per group instead of one combined query.
    static func predictCosMul(_ questions: [Question], in engine: UnitScan, keyOfRow: [Int32]) -> [Int32] {
        let unit = engine.unit, rows = engine.rows, dim = engine.dim
        let groups = (questions.count + width - 1) / width
        if groups == 0 || rows == 0 || dim == 0 { return [Int32](repeating: -1, count: questions.count) }

        // Group g, query word t (0 = b, 1 = c, 2 = a), dimension j, lane l at
        // [((g * 3 + t) * dim + j) * width + l]; padding lanes zero.
        let stride = 3 * dim * width
        let queries = UnsafeMutablePointer<Float>.allocate(capacity: groups * stride)
        defer { queries.deallocate() }
        queries.initialize(repeating: 0, count: groups * stride)
        var excluded = [SIMD4<Int32>](repeating: SIMD4(repeating: -2), count: groups * width)
        for (i, q) in questions.enumerated() {
            let group = queries + (i / width) * stride + i % width
            for (t, row) in [q.b, q.c, q.a].enumerated() {
                let source = unit.row(Int(row)), target = group + t * dim * width
                for j in 0..<dim { target[j * width] = source[j] }
            }
            excluded[i] = q.excluded
        }

        return blockedScan(questions: questions.count, groups: groups, rows: rows, dim: dim,
                           keyOfRow: keyOfRow, excluded: excluded) { block, g, excluded, keys, bestScore, bestRow in
            scanCosMul(rows: block, of: unit.base, dim: dim, queries: queries + g * stride,
                       excluded: excluded, keyOfRow: keys, bestScore: bestScore, bestRow: bestRow)
        }
    }

    /// One row block against one group of `width` questions under 3CosMul.
    private static func scanCosMul(rows: Range<Int>, of matrix: UnsafePointer<Float>, dim: Int,
                                   queries: UnsafePointer<Float>, excluded: UnsafePointer<SIMD4<Int32>>,
                                   keyOfRow: UnsafePointer<Int32>,
                                   bestScore: UnsafeMutablePointer<Float>, bestRow: UnsafeMutablePointer<Int32>) {
        var best = load16(bestScore)
        let qb = queries, qc = queries + dim &* width, qa = queries + 2 &* dim &* width
        let one = SIMD16<Float>(repeating: 1), half = SIMD16<Float>(repeating: 0.5)
        let epsilon = SIMD16<Float>(repeating: CosMulScorer.epsilon)
        for r in rows {
            let p = matrix + r &* dim
            var sb = SIMD16<Float>(), sc = SIMD16<Float>(), sa = SIMD16<Float>()
            var j = 0
            while j < dim {
                let x = SIMD16<Float>(repeating: p[j])
                let offset = j &* width
                sb += x * load16(qb + offset)
                sc += x * load16(qc + offset)
                sa += x * load16(qa + offset)
                j &+= 1
            }
            let score = ((one + sb) * half) * ((one + sc) * half) / ((one + sa) * half + epsilon)
            if any(score .> best) { offer(score, row: r, &best, excluded, keyOfRow, bestRow) }
        }
        UnsafeMutableRawPointer(bestScore).storeBytes(of: best, as: SIMD16<Float>.self)
    }
}
