/// Queries of a subword (fastText) model that a word2vec model cannot answer: a vector for any string.
extension Model {
    /// How `wordVector` found a vector.
    public enum WordVectorSource: Sendable {
        /// The word is in the vocabulary (for a subword model: its row composed with its n-grams').
        case vocabulary
        /// The word is not in the vocabulary; its vector is the mean of its character n-grams' rows
        /// (zero when it has none: shorter than min_n with its boundary markers, or `</s>`).
        case composed
    }

    /// Whether `word` is one of the vocabulary's words (a subword model gives other strings vectors
    /// too, but they are not in the vocabulary).
    public func contains(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        vocabulary.index(of: word) != nil
    }

    /// Writes the vector of `word` (`dim` floats) to `out`: a vocabulary word's (`wordVectors()`), or for
    /// a subword model any other string's, composed from its n-grams as fastText does.
    /// - Throws: `notFound` for a word outside the vocabulary of a model without subwords.
    public func wordVector(_ word: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<Float>) throws(W2VError) -> WordVectorSource {
        guard let subwords, !contains(word) else {
            let i = try index(of: word)   // notFound, naming the word, outside the vocabulary
            out.update(from: try wordVectors().row(i), count: dim)
            return .vocabulary
        }
        subwords.compose(unknown: word, into: out)
        return .composed
    }

    /// `wordVector` as an array.
    public func wordVector(_ word: UnsafeBufferPointer<UInt8>) throws(W2VError) -> (vector: [Float], source: WordVectorSource) {
        var vector = [Float](repeating: 0, count: dim)
        let source = try vector.withUnsafeMutableBufferPointer { (out) throws(W2VError) -> WordVectorSource in
            try wordVector(word, into: out.baseAddress!)
        }
        return (vector, source)
    }

    public func wordVector(_ word: String) throws(W2VError) -> (vector: [Float], source: WordVectorSource) {
        let bytes = Array(word.utf8)
        return try bytes.withUnsafeBufferPointer { (word) throws(W2VError) in try wordVector(word) }
    }
}

/// Queries by word that accept, for a subword model, words outside the vocabulary.
extension Model {
    /// The cosine of two words' vectors (0 when either is zero), by their bytes: for a subword model
    /// either may be outside the vocabulary (its composed vector).
    /// - Throws: `notFound` naming a word outside the vocabulary of a model without subwords.
    public func similarity(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) throws(W2VError) -> Float {
        if subwords == nil || (contains(a) && contains(b)) {
            return try similarity(index(of: a), index(of: b))
        }
        var (first, second) = (try wordVector(a).vector, try wordVector(b).vector)
        first.withUnsafeMutableBufferPointer { Kernels.normalize($0.baseAddress!, into: $0.baseAddress!, count: dim) }
        second.withUnsafeMutableBufferPointer { Kernels.normalize($0.baseAddress!, into: $0.baseAddress!, count: dim) }
        return Kernels.dot(first, second, count: dim)
    }

    /// `mostSimilar(positive:negative:k:restrictTo:)` by words (their bytes): a vocabulary word stands
    /// for its unit row and is excluded from the results; for a subword model any other string stands
    /// for its composed vector, normalised (gensim's FastTextKeyedVectors.most_similar).
    /// - Throws: `notFound` for a word outside the vocabulary of a model without subwords;
    ///   `invalidArgument` when there is no word at all.
    public func mostSimilar(positiveWords: [UnsafeBufferPointer<UInt8>], negativeWords: [UnsafeBufferPointer<UInt8>],
                            k: Int, restrictTo: Int = 0) throws(W2VError) -> [Neighbor] {
        if positiveWords.isEmpty && negativeWords.isEmpty {
            throw .invalidArgument("most_similar needs at least one positive or negative word")
        }
        let unit = try normalized()
        var query = [Float](repeating: 0, count: dim)
        var excluded = Set<Int>()
        let composed = UnsafeMutablePointer<Float>.allocate(capacity: dim)
        defer { composed.deallocate() }
        try query.withUnsafeMutableBufferPointer { (q) throws(W2VError) in
            let q = q.baseAddress!
            for (words, sign) in [(positiveWords, Float(1)), (negativeWords, Float(-1))] {
                for word in words {
                    if let i = vocabulary.index(of: word) {
                        Kernels.axpy(sign, unit.row(i), q, count: dim)
                        excluded.insert(i)
                    } else if let subwords {
                        subwords.compose(unknown: word, into: composed)
                        Kernels.normalize(composed, into: composed, count: dim)
                        Kernels.axpy(sign, composed, q, count: dim)
                    } else {
                        _ = try index(of: word)   // notFound, naming the word
                    }
                }
            }
            Kernels.normalize(q, into: q, count: dim)
        }
        return nearest(to: query, in: unit, k: k, excluding: excluded, restrictTo: restrictTo)
    }
}
