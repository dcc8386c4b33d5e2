extension Model {
    /// gensim's `doesnt_match(words)`: the word whose unit vector has the smallest dot product with the
    /// mean of the words' unit vectors (normalised). A word listed twice counts twice in the mean, as in
    /// gensim; ties go to the word that sorts first by its bytes (gensim sorts (score, word) pairs, and
    /// Python compares strings by code point, which is UTF-8 byte order). Scores within `tieTolerance`
    /// count as tied: two distinct words are always exactly as far from their mean, and float rounding
    /// (which decides in gensim) should not pick the answer.
    ///
    /// Unlike gensim, which drops unknown words with a log message, callers pass rows, so an unknown
    /// word is the caller's lookup error (the C API reports it as not found).
    /// - Returns: the row of the odd word out, one of `words`.
    /// - Throws: `invalidArgument` for an empty list.
    public func doesntMatch(_ words: [Int]) throws(W2VError) -> Int {
        guard let first = words.first else {
            throw .invalidArgument("doesnt_match needs at least one word")
        }
        let unit = try normalized()
        let dim = self.dim
        let mean = UnsafeMutablePointer<Float>.allocate(capacity: dim)
        defer { mean.deallocate() }
        mean.initialize(repeating: 0, count: dim)
        for w in words { Kernels.axpy(1 / Float(words.count), unit.row(w), mean, count: dim) }
        Kernels.normalize(mean, into: mean, count: dim)

        var best = first
        var bestScore = Kernels.dot(unit.row(first), mean, count: dim)
        for w in words.dropFirst() {
            let score = Kernels.dot(unit.row(w), mean, count: dim)
            if score < bestScore - Self.tieTolerance
                || (score <= bestScore + Self.tieTolerance && wordBytesPrecede(w, best)) {
                best = w
                bestScore = score
            }
        }
        return best
    }

    /// gensim's `n_similarity(ws1, ws2)`: the cosine between the mean of the first words' vectors and
    /// the mean of the second words' vectors. As gensim 4 (`get_mean_vector(pre_normalize=False)`) the
    /// means are of the raw vectors, not of the unit vectors, so a longer vector weighs more; 0 when a
    /// mean is the zero vector. A word listed twice counts twice.
    /// - Throws: `invalidArgument` when either list is empty (gensim raises ZeroDivisionError).
    public func nSimilarity(_ first: [Int], _ second: [Int]) throws(W2VError) -> Float {
        if first.isEmpty || second.isEmpty {
            throw .invalidArgument("n_similarity needs at least one word in each list")
        }
        let dim = self.dim
        let means = UnsafeMutablePointer<Float>.allocate(capacity: 2 * dim)
        defer { means.deallocate() }
        means.initialize(repeating: 0, count: 2 * dim)
        for w in first { Kernels.axpy(1 / Float(first.count), input.row(w), means, count: dim) }
        for w in second { Kernels.axpy(1 / Float(second.count), input.row(w), means + dim, count: dim) }
        Kernels.normalize(means, into: means, count: dim)
        Kernels.normalize(means + dim, into: means + dim, count: dim)
        return Kernels.dot(means, means + dim, count: dim)
    }

    /// Scores of `doesntMatch` this close are a tie (a few float32 roundings of a cosine).
    static let tieTolerance: Float = 1e-6

    /// Whether word `a` sorts before word `b` by bytes (a prefix first).
    private func wordBytesPrecede(_ a: Int, _ b: Int) -> Bool {
        let x = vocabulary.table.word(a), y = vocabulary.table.word(b)
        return x.lexicographicallyPrecedes(y)
    }
}
