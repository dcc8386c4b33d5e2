/// Query entry points: the scan engine and the word-set queries live in Query/; this facade checks the
/// arguments and hands them the model's unit vectors.
extension Model {
    /// Cosine similarity of two words' vectors (0 when either is the zero vector).
    public func similarity(_ a: Int, _ b: Int) throws(W2VError) -> Float {
        let unit = try normalized()
        return Kernels.dot(unit.row(a), unit.row(b), count: dim)
    }

    /// gensim's `most_similar(positive, negative, topn)`: the mean of the positive words' unit vectors
    /// minus the negative ones', normalised, compared by cosine with every word except the query words.
    /// `restrictTo` limits candidates to the most frequent words (0 = all). Fewer than `k` results when
    /// the vocabulary is small.
    public func mostSimilar(positive: [Int], negative: [Int], k: Int, restrictTo: Int = 0) throws(W2VError) -> [Neighbor] {
        if positive.isEmpty && negative.isEmpty {
            throw .invalidArgument("most_similar needs at least one positive or negative word")
        }
        let unit = try normalized()
        let query = WordSetQueries.combinedQuery(positive: positive, negative: negative, unit: unit)
        return nearest(to: query, in: unit, k: k, excluding: Set(positive + negative), restrictTo: restrictTo)
    }

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
        let scorer = CosMulScorer(positive: positive.map { UnsafePointer(unit.row($0)) },
                                  negative: negative.map { UnsafePointer(unit.row($0)) }, dim: dim)
        return UnitScan(unit: unit, restrictTo: restrictTo).best(k: k, excluding: Set(positive + negative), scorer: scorer)
    }

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

    /// The `k` words whose unit vectors have the largest dot product with the unit `query`, best first;
    /// a large scan is screened through the bfloat16 copy first (same answer, fewer bytes read).
    private func nearest(to query: [Float], in unit: FloatMatrix, k: Int, excluding: Set<Int>, restrictTo: Int) -> [Neighbor] {
        let scan = UnitScan(unit: unit, restrictTo: restrictTo)
        let screen = scan.rows >= UnitScan.screenedScanRows ? screeningRows(of: unit) : nil
        return query.withUnsafeBufferPointer { q in
            if let screen {
                return scan.bestCosine(k: k, excluding: excluding, query: q.baseAddress!, screen: screen)
            }
            return scan.best(k: k, excluding: excluding, scorer: CosineScorer(query: q.baseAddress!, dim: dim))
        }
    }

    /// gensim's `distances(word, other_words)`: 1 - cos(word, other) for each of `others` in order, or
    /// for every word of the vocabulary in row order when `others` is empty. Values lie in [0, 2]; a
    /// zero vector is at distance 1 from everything (gensim gives NaN).
    public func distances(from word: Int, to others: [Int]) throws(W2VError) -> [Float] {
        WordSetQueries.distances(from: word, to: others, unit: try normalized())
    }

    /// gensim's `doesnt_match(words)`: the word whose unit vector has the smallest dot product with the
    /// mean of the words' unit vectors (normalised). A word listed twice counts twice in the mean, as in
    /// gensim; ties go to the word that sorts first by its bytes (gensim sorts (score, word) pairs, and
    /// Python compares strings by code point, which is UTF-8 byte order). Scores within
    /// `WordSetQueries.tieTolerance` count as tied: two distinct words are always exactly as far from
    /// their mean, and float rounding (which decides in gensim) should not pick the answer.
    ///
    /// Unlike gensim, which drops unknown words with a log message, callers pass rows, so an unknown
    /// word is the caller's lookup error (the C API reports it as not found).
    /// - Returns: the row of the odd word out, one of `words`.
    /// - Throws: `invalidArgument` for an empty list.
    public func doesntMatch(_ words: [Int]) throws(W2VError) -> Int {
        if words.isEmpty {
            throw .invalidArgument("doesnt_match needs at least one word")
        }
        let table = vocabulary.table
        return WordSetQueries.oddOneOut(words, unit: try normalized()) { a, b in
            table.word(a).lexicographicallyPrecedes(table.word(b))
        }
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
        return WordSetQueries.cosineOfMeans(first, second, vectors: input)
    }
}

extension Model {
    /// gensim's `predict_output_word(context_words_list, topn)`: the `k` words most probable as the
    /// center word of `context`, with their probabilities (a softmax over the whole vocabulary of the
    /// output rows' dot products with the mean of the context's input vectors, or their sum when
    /// cbow_mean is 0, as gensim), best first. See `OutputPrediction`. A row listed twice counts twice.
    /// - Throws: `invalidArgument` for an empty context, or a model without negative-sampling output
    ///   weights (a model loaded from a word2vec file, or trained with negative = 0), as gensim raises.
    public func predictOutputWord(context: [Int], k: Int) throws(W2VError) -> [Neighbor] {
        guard let output else {
            throw .invalidArgument(isTrainable
                ? "predict_output_word needs negative sampling's output weights; this model was trained with negative = 0 (hierarchical softmax only)"
                : "predict_output_word needs negative sampling's output weights; this model has none (it was loaded from a word2vec file, which stores only the word vectors)")
        }
        if context.isEmpty {
            throw .invalidArgument("predict_output_word needs at least one context word")
        }
        return OutputPrediction.predict(context: context, mean: parameters.cbowMean, input: input, output: output, k: k)
    }
}

