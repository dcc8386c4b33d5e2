extension Model {
    /// gensim's `most_similar_cosmul(positive, negative, topn, restrict_vocab)`: Levy and Goldberg's
    /// multiplicative objective (3CosMul, "Linguistic Regularities in Sparse and Explicit Word
    /// Representations", 2014, equation 4, with cosines shifted to [0, 1] as in their footnote 7):
    ///
    ///     score(x) = prod_p (1 + cos(x, p)) / 2  /  (prod_n (1 + cos(x, n)) / 2 + 1e-6)
    ///
    /// over the candidates `0..<restrictTo` (0 = all), except the query words; best first, ties to the
    /// more frequent word. With one positive word and no negative one the ranking is `mostSimilar`'s.
    /// A zero vector has cosine 0 with everything (gensim divides by its zero norm instead).
    /// - Throws: `invalidArgument` when `positive` is empty (as gensim: "cannot compute similarity
    ///   with no input").
    public func mostSimilarCosmul(positive: [Int], negative: [Int], k: Int, restrictTo: Int = 0) throws(W2VError) -> [Neighbor] {
        if positive.isEmpty {
            throw .invalidArgument("most_similar_cosmul needs at least one positive word")
        }
        let unit = try normalized()
        let rows = restrictTo > 0 ? min(restrictTo, unit.rows) : unit.rows
        let excluded = Set(positive + negative)
        let positiveRows = positive.map { UnsafePointer(unit.row($0)) }
        let negativeRows = negative.map { UnsafePointer(unit.row($0)) }
        let dim = self.dim
        var top = TopK(k: min(k, rows))  // never reserve more slots than candidates (k may be huge)
        positiveRows.withUnsafeBufferPointer { pos in
            negativeRows.withUnsafeBufferPointer { neg in
                for r in 0..<rows {
                    let x = UnsafePointer(unit.row(r))
                    var numerator: Float = 1
                    for p in pos { numerator *= (1 + Kernels.dot(x, p, count: dim)) / 2 }
                    var denominator: Float = 1
                    for n in neg { denominator *= (1 + Kernels.dot(x, n, count: dim)) / 2 }
                    let score = numerator / (denominator + 0.000001)
                    if top.accepts(score) && !excluded.contains(r) {
                        top.insert(Neighbor(index: r, score: score))
                    }
                }
            }
        }
        return top.sortedBestFirst()
    }
}
