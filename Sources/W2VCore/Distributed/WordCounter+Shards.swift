extension WordCounter {
    /// Renumbers the counted words by descending count, words of equal count by their bytes
    /// (lexicographic, unsigned), instead of the order they were first seen in. Then the vocabulary a
    /// model makes from the counts (descending count, ties in first-seen order) no longer depends on
    /// the order in which shard counts were merged: any merge order gives the same rows. Without it,
    /// ties keep the first-seen order of one counter over the whole corpus, which merging shards in
    /// corpus order reproduces exactly (`countsText`).
    public func orderTiesByBytes() {
        let order = (0..<table.count).sorted { a, b in
            let ca = counts[a], cb = counts[b]
            if ca != cb { return ca > cb }
            return table.word(a).lexicographicallyPrecedes(table.word(b))
        }
        renumber(order)
    }
}

extension WordCounter {
    /// Counts the words of the bytes `range` of a file, both ends moved forward to word starts as
    /// range training moves them (`CorpusFile.wordAligned`), so that shards cut at any offsets count
    /// every word of the file once. The file must be a regular file.
    public func add(file path: BytePath, byteRange range: Range<Int>) throws(W2VError) {
        let corpus = CorpusFile(path: path)
        try add(file: path, range: try corpus.wordAligned(range))
    }
}
