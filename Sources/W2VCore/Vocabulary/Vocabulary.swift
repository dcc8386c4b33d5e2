/// A finalised vocabulary: the kept words ordered by descending count (ties in first-seen order, so the
/// order is deterministic), with their counts. Word `i` is row `i` of every weight matrix.
/// Immutable once made, so threads share it freely.
public final class Vocabulary: @unchecked Sendable {
    public let table: WordTable
    public let counts: [Int64]
    /// Sum of the kept words' counts: the number of training words in one pass, as word2vec's train_words.
    public let trainWords: Int64

    public var count: Int { table.count }

    /// Applies min-count and the size limit (`maxSize` 0 = unlimited) to counted words.
    public init(counter: WordCounter, minCount: Int, maxSize: Int) throws(W2VError) {
        let order = (0..<counter.table.count)
            .filter { counter.counts[$0] >= Int64(minCount) }
            .sorted { a, b in
                let ca = counter.counts[a], cb = counter.counts[b]
                return ca != cb ? ca > cb : a < b
            }
        let kept = maxSize > 0 ? Array(order.prefix(maxSize)) : order
        if kept.isEmpty {
            if counter.table.count == 0 { throw .invalidArgument("the vocabulary is empty: no words were counted") }
            throw .invalidArgument(
                "no word reaches min_count \(minCount) (\(counter.table.count) distinct words, the most frequent seen \(counter.counts.max() ?? 0) times)")
        }
        let table = WordTable(expectedCount: kept.count)
        var counts = [Int64]()
        counts.reserveCapacity(kept.count)
        for id in kept {
            _ = table.findOrInsert(counter.table.word(id))
            counts.append(counter.counts[id])
        }
        self.table = table
        self.counts = counts
        self.trainWords = counts.reduce(0, +)
    }

    /// A vocabulary whose words come in the given order, as in a word2vec file (which stores no counts;
    /// `counts` may then be all zero). A repeated word is a format error naming both positions.
    public init(orderedWords: [UnsafeBufferPointer<UInt8>], counts: [Int64]) throws(W2VError) {
        precondition(counts.count == orderedWords.count, "one count per word")
        let table = WordTable(expectedCount: orderedWords.count)
        for (i, word) in orderedWords.enumerated() {
            let (id, inserted) = table.findOrInsert(word)
            if !inserted {
                throw .format("word '\(String(decoding: word, as: UTF8.self))' appears twice (rows \(id + 1) and \(i + 1))")
            }
        }
        self.table = table
        self.counts = counts
        self.trainWords = counts.reduce(0, +)
    }

    /// Builds a vocabulary incrementally from words read one at a time (loaders).
    public init(table: WordTable, counts: [Int64]) {
        self.table = table
        self.counts = counts
        self.trainWords = counts.reduce(0, +)
    }

    @inline(__always)
    public func index(of word: UnsafeBufferPointer<UInt8>) -> Int? { table.find(word) }

    public func index(of word: String) -> Int? { table.find(word) }

    public func word(_ i: Int) -> String { table.string(i) }
}
