extension Model {
    /// Grows the vocabulary with counted new text before training on it (gensim's
    /// `build_vocab(update=True)`): existing words keep their rows, vectors and output weights and add
    /// the new counts to theirs; words of the new text seen at least min-count times in it are added,
    /// their input vectors initialised as at creation (from a random stream of the seed numbered by the
    /// old vocabulary size, so an update is reproducible) and their output weights zero. The next file
    /// training measures its progress in passes over the new text (`epochWords`). With hierarchical
    /// softmax the Huffman tree is rebuilt over the new counts and the inner-node weights keep their
    /// rows, as gensim does; new inner nodes start at zero. Row learning-rate factors, when set, keep
    /// theirs; new rows get factor 1.
    ///
    /// Must not overlap any other use of the model: the matrices are replaced, so pointers borrowed
    /// from the model (its vectors, its words) become invalid. Refused while the model is being trained
    /// (from a training call's own progress callback, say). Nothing changes when it throws.
    ///
    /// - Returns: the number of words added.
    /// - Throws: `invalidArgument` for a model that cannot be trained, an empty count, or text of which
    ///   no word is kept (none is known and none reaches min-count); `outOfMemory`.
    @discardableResult
    public func updateVocabulary(with counter: WordCounter) throws(W2VError) -> Int {
        try training.changing("grow the vocabulary") { () throws(W2VError) -> Int in
            guard isTrainable else { throw Self.notTrainable }
            if counter.distinctWords == 0 {
                throw .invalidArgument("no words were counted: there is nothing to add to the vocabulary or to train on")
            }
            let update = try vocabulary.updated(with: counter, minCount: parameters.minCount)
            if update.newTextWords == 0 {
                throw .invalidArgument("none of the \(counter.distinctWords) counted words is in the vocabulary or occurs min_count (\(parameters.minCount)) times: there is nothing to train on")
            }
            let rows = update.vocabulary.count
            if rows > Int(Int32.max) {
                throw .invalidArgument("the vocabulary would grow to \(rows) words, more than the \(Int32.max) a model holds")
            }
            let oldRows = vocabulary.count
            let grownInput = try input.resized(rows: rows)
            var rng = SplitMix64(seed: TrainingStreams.seed(parameters.seed, stream: UInt64(oldRows), salt: TrainingStreams.vocabularySalt))
            Self.initializeInput(grownInput, rows: oldRows..<rows, rng: &rng)
            let grownOutput = try output?.resized(rows: rows)
            let grownHS = try hsOutput?.resized(rows: max(1, rows - 1))
            let grownFactors = try Self.grown(rowLearningRates, to: rows)
            let grownOutputFactors = try Self.grown(outputLearningRates, to: rows)
            let grownNodeFactors = try Self.grown(nodeLearningRates, to: max(1, rows - 1))

            vocabulary = update.vocabulary
            subwords = subwords?.extended(to: update.vocabulary)
            input = grownInput
            output = grownOutput
            hsOutput = grownHS
            rowLearningRates = grownFactors
            outputLearningRates = grownOutputFactors
            nodeLearningRates = grownNodeFactors
            training.epochWords = update.newTextWords
            training.context.withLock { $0 = nil }
            invalidateNormalized()
            return update.added
        }
    }

    /// Learning-rate factors grown to `rows`, the new rows at factor 1.
    private static func grown(_ factors: FloatMatrix?, to rows: Int) throws(W2VError) -> FloatMatrix? {
        guard let factors else { return nil }
        let grown = try factors.resized(rows: rows)
        for i in min(factors.rows, rows)..<rows { grown.base[i] = 1 }
        return grown
    }
}
