/// Online vocabulary growth (gensim's `build_vocab(update=True)`).
extension Vocabulary {
    /// What `updated(with:minCount:)` makes.
    struct Update {
        /// Every word of `self` at its index with its count raised by the new text's, then the new
        /// words that reach min-count, by descending count (ties in first-seen order).
        public var vocabulary: Vocabulary
        /// How many words were added.
        var added: Int
        /// Occurrences in the new text of the words the grown vocabulary holds: the training words of
        /// one pass over it.
        var newTextWords: Int64
    }

    /// This vocabulary grown with counted new text, as gensim's update does: a word already here keeps
    /// its index and adds the new count to its own; a new word joins when it occurs at least `minCount`
    /// times in the new text. Counts are cumulative, so the noise distribution and subsampling after an
    /// update reflect all the text seen. The grown vocabulary is no longer sorted by count as a whole
    /// (existing rows never move), so "the n most frequent" queries keep meaning "the first n rows".
    ///
    /// - Throws: `invalidArgument` when a count or the total of all counts would exceed `Int64.max`.
    func updated(with counter: WordCounter, minCount: Int) throws(W2VError) -> Update {
        var counts = self.counts
        var newTextWords: Int64 = 0
        func add(_ a: Int64, _ b: Int64) throws(W2VError) -> Int64 {
            let (sum, overflow) = a.addingReportingOverflow(b)
            if overflow { throw .invalidArgument("the updated word counts would exceed \(Int64.max)") }
            return sum
        }
        for id in 0..<counter.table.count {
            if let i = table.find(counter.table.word(id)) {
                counts[i] = try add(counts[i], counter.counts[id])
                newTextWords = try add(newTextWords, counter.counts[id])
            }
        }
        // The words a new vocabulary would keep, in its order, less those this one has.
        let candidates = Self.order(counter, minCount: minCount).filter { table.find(counter.table.word($0)) == nil }
        let grown = WordTable(expectedCount: count + candidates.count)
        for i in 0..<count { _ = grown.findOrInsert(table.word(i)) }
        for id in candidates {
            _ = grown.findOrInsert(counter.table.word(id))
            counts.append(counter.counts[id])
            newTextWords = try add(newTextWords, counter.counts[id])
        }
        let vocabulary: Vocabulary
        do throws(W2VError) {
            vocabulary = try Vocabulary(table: grown, counts: counts)
        } catch {
            throw .invalidArgument("the updated word counts would exceed \(Int64.max) in all")
        }
        return Update(vocabulary: vocabulary, added: candidates.count, newTextWords: newTextWords)
    }
}
