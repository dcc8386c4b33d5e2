extension Model {
    /// gensim's `similar_by_vector(vector, topn, restrict_vocab)`: the `k` words whose vectors have the
    /// largest cosine with a caller's vector, best first, ties to the more frequent word; nothing is
    /// excluded (the word the vector came from, if any, is among the results). `restrictTo` limits the
    /// candidates to the most frequent words (0 = all). A zero vector has cosine 0 with every word, so
    /// the result is then the `k` most frequent words with score 0 (as gensim's `unitvec` of zero).
    /// - Throws: `invalidArgument` when the vector's length is not the model's dimension or a component
    ///   is NaN or infinite.
    public func similarByVector(_ vector: [Float], k: Int, restrictTo: Int = 0) throws(W2VError) -> [Neighbor] {
        if vector.count != dim {
            throw .invalidArgument("the vector has \(vector.count) components; the model's vectors have \(dim)")
        }
        if let bad = vector.firstIndex(where: { !$0.isFinite }) {
            throw .invalidArgument("vector[\(bad)] is \(vector[bad]); every component must be finite")
        }
        let unit = try normalized()
        var query = vector
        query.withUnsafeMutableBufferPointer { q in
            Kernels.normalize(q.baseAddress!, into: q.baseAddress!, count: dim)
        }
        return nearest(to: query, in: unit, k: k, excluding: [], restrictTo: restrictTo)
    }

    /// gensim's `distances(word, other_words)`: 1 - cos(word, other) for each of `others` in order, or
    /// for every word of the vocabulary in row order when `others` is empty. Values lie in [0, 2]; a
    /// zero vector is at distance 1 from everything (gensim gives NaN).
    public func distances(from word: Int, to others: [Int]) throws(W2VError) -> [Float] {
        let unit = try normalized()
        let dim = self.dim
        let x = UnsafePointer(unit.row(word))
        let count = others.isEmpty ? unit.rows : others.count
        return [Float](unsafeUninitializedCapacity: count) { out, initialized in
            if others.isEmpty {
                for r in 0..<count { out[r] = 1 - Kernels.dot(x, unit.row(r), count: dim) }
            } else {
                for (j, r) in others.enumerated() { out[j] = 1 - Kernels.dot(x, unit.row(r), count: dim) }
            }
            initialized = count
        }
    }
}
