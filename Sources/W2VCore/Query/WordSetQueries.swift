/// Queries over a few words' vectors rather than the whole vocabulary: the query vector of
/// most_similar, the odd one out, the similarity of two means, distances from one word.
enum WordSetQueries {
    /// gensim's most_similar query: the mean of the positive words' unit vectors minus the negative
    /// ones', normalised (sum and mean normalise to the same vector).
    static func combinedQuery(positive: [Int], negative: [Int], unit: FloatMatrix) -> [Float] {
        let dim = unit.columns
        var query = [Float](repeating: 0, count: dim)
        query.withUnsafeMutableBufferPointer { q in
            for i in positive { Kernels.axpy(1, unit.row(i), q.baseAddress!, count: dim) }
            for i in negative { Kernels.axpy(-1, unit.row(i), q.baseAddress!, count: dim) }
            Kernels.normalize(q.baseAddress!, into: q.baseAddress!, count: dim)
        }
        return query
    }

    /// The word of `words` whose unit vector has the smallest dot product with the normalised mean of
    /// their unit vectors; scores within `tieTolerance` tie and go to the word `precedes` puts first.
    static func oddOneOut(_ words: [Int], unit: FloatMatrix, precedes: (Int, Int) -> Bool) -> Int {
        let dim = unit.columns
        let mean = UnsafeMutablePointer<Float>.allocate(capacity: dim)
        defer { mean.deallocate() }
        mean.initialize(repeating: 0, count: dim)
        for w in words { Kernels.axpy(1 / Float(words.count), unit.row(w), mean, count: dim) }
        Kernels.normalize(mean, into: mean, count: dim)

        var best = words[0]
        var bestScore = Kernels.dot(unit.row(best), mean, count: dim)
        for w in words.dropFirst() {
            let score = Kernels.dot(unit.row(w), mean, count: dim)
            if score < bestScore - tieTolerance
                || (score <= bestScore + tieTolerance && precedes(w, best)) {
                best = w
                bestScore = score
            }
        }
        return best
    }

    /// Scores of `oddOneOut` this close are a tie (a few float32 roundings of a cosine).
    static let tieTolerance: Float = 1e-6

    /// The cosine between the mean of the `first` rows and the mean of the `second` rows of `vectors`;
    /// 0 when a mean is the zero vector.
    static func cosineOfMeans(_ first: [Int], _ second: [Int], vectors: FloatMatrix) -> Float {
        let dim = vectors.columns
        let means = UnsafeMutablePointer<Float>.allocate(capacity: 2 * dim)
        defer { means.deallocate() }
        means.initialize(repeating: 0, count: 2 * dim)
        for w in first { Kernels.axpy(1 / Float(first.count), vectors.row(w), means, count: dim) }
        for w in second { Kernels.axpy(1 / Float(second.count), vectors.row(w), means + dim, count: dim) }
        Kernels.normalize(means, into: means, count: dim)
        Kernels.normalize(means + dim, into: means + dim, count: dim)
        return Kernels.dot(means, means + dim, count: dim)
    }

    /// 1 - cos(word, other) for each of `others` in order, or for every row when `others` is empty.
    static func distances(from word: Int, to others: [Int], unit: FloatMatrix) -> [Float] {
        let dim = unit.columns
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
