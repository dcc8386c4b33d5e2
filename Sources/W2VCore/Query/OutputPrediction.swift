import Glibc

/// gensim's `predict_output_word`: the probability of every word as the center word of a context,
/// from the network's own output layer (negative sampling's output weights) rather than from cosine
/// similarity: the hidden layer is the mean (or, for cbow_mean=0, the sum) of the context words' input
/// vectors, each word's score is its dot product with that word's output row, and a softmax over the
/// whole vocabulary turns scores into probabilities.
enum OutputPrediction {
    /// The `k` most probable words, best first, ties to the lower row (the more frequent word); the
    /// scores are probabilities (the softmax over all rows sums to 1). `context` is non-empty and its
    /// rows valid; a row listed twice counts twice. The softmax subtracts the largest score before
    /// exponentiating (in Double), so it never overflows where gensim's plain `exp` can.
    static func predict(context: [Int], mean: Bool, input: FloatMatrix, output: FloatMatrix, k: Int) -> [Neighbor] {
        let dim = input.columns
        let rows = output.rows
        let hidden = UnsafeMutablePointer<Float>.allocate(capacity: dim)
        defer { hidden.deallocate() }
        hidden.initialize(repeating: 0, count: dim)
        for row in context { Kernels.axpy(1, input.row(row), hidden, count: dim) }
        if mean {
            let scale = 1 / Float(context.count)
            for d in 0..<dim { hidden[d] *= scale }
        }
        var scores = [Float](repeating: 0, count: rows)
        var top = TopK(k: min(k, rows))
        var largest = -Float.infinity
        for r in 0..<rows {
            let score = Kernels.dot(hidden, output.row(r), count: dim)
            scores[r] = score
            largest = max(largest, score)
            if top.accepts(score) { top.insert(Neighbor(index: r, score: score)) }
        }
        var total: Double = 0
        for score in scores { total += exp(Double(score) - Double(largest)) }
        return top.sortedBestFirst().map {
            Neighbor(index: $0.index, score: Float(exp(Double($0.score) - Double(largest)) / total))
        }
    }
}
