/// A finalised vocabulary: the kept words ordered by descending count (ties in first-seen order, so the
/// order is deterministic; or all in first-seen order when asked), with their counts. Word `i` is row `i` of every weight matrix.
/// Immutable once made, so threads share it freely.
public final class Vocabulary: @unchecked Sendable {
    public let table: WordTable
    public let counts: [Int64]
    /// Sum of the kept words' counts: the number of training words in one pass, as word2vec's train_words.
    let trainWords: Int64

    public var count: Int { table.count }

    /// Applies min-count and the size limit (`maxSize` 0 = unlimited) to counted words.
    public convenience init(counter: WordCounter, minCount: Int, maxSize: Int) throws(W2VError) {
        try self.init(counter: counter, minCount: minCount, maxSize: maxSize, maxFinalVocab: 0)
    }

    /// Applies min-count raised for `maxFinalVocab` (gensim's max_final_vocab, 0 = no limit; see
    /// `effectiveMinCount`), then the size limit (`maxSize` 0 = unlimited: the most frequent words stay)
    /// to counted words. `sorted` false keeps the same words in first-seen order (gensim's sorted_vocab=0).
    public init(counter: WordCounter, minCount: Int, maxSize: Int, maxFinalVocab: Int, sorted: Bool = true) throws(W2VError) {
        let effective = Self.effectiveMinCount(counts: counter.counts, minCount: minCount, maxFinalVocab: maxFinalVocab)
        let order = Self.order(counter, minCount: effective)
        var kept = maxSize > 0 ? Array(order.prefix(maxSize)) : order
        if !sorted { kept.sort() }
        if kept.isEmpty {
            if counter.table.count == 0 { throw .invalidArgument("the vocabulary is empty: no words were counted") }
            let raised = effective > minCount ? " (min_count \(minCount) raised to \(effective) by max_final_vocab \(maxFinalVocab))" : ""
            throw .invalidArgument(
                "no word reaches min_count \(effective)\(raised) (\(counter.table.count) distinct words, the most frequent seen \(counter.counts.max() ?? 0) times)")
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
        self.trainWords = try Self.total(counts)
    }

    /// The sum of `counts`, which must all be non-negative; a `format` error instead of an overflow
    /// when it exceeds `Int64.max` (counts come from files and callers).
    public static func total(_ counts: [Int64]) throws(W2VError) -> Int64 {
        var sum: Int64 = 0
        for (i, count) in counts.enumerated() {
            if count < 0 { throw .format("word \(i + 1) has the negative count \(count)") }
            let (next, overflow) = sum.addingReportingOverflow(count)
            if overflow {
                throw .format("the word counts add up to more than \(Int64.max) (the sum overflows at word \(i + 1), count \(count))")
            }
            sum = next
        }
        return sum
    }

    /// gensim's max_final_vocab rule: when more than `maxFinalVocab` words were counted, the min-count
    /// that leaves at most that many is the count of the word at position `maxFinalVocab` (0-based) in
    /// descending order, plus one; the result is the larger of that and `minCount`. Words tied with that
    /// word all go, so fewer than `maxFinalVocab` may remain. `maxFinalVocab` 0 means no limit.
    static func effectiveMinCount(counts: [Int64], minCount: Int, maxFinalVocab: Int) -> Int {
        guard maxFinalVocab > 0 && maxFinalVocab < counts.count else { return minCount }
        let boundary = countAtRank(counts, maxFinalVocab)
        return max(minCount, Int(clamping: boundary + 1))
    }

    /// The count at 0-based `rank` in descending order (quickselect; `rank` < `counts.count`).
    static func countAtRank(_ counts: [Int64], _ rank: Int) -> Int64 {
        var a = counts
        var low = 0, high = a.count - 1
        var state: UInt64 = 0x9E3779B97F4A7C15
        while low < high {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let pivot = a[low + Int((state >> 33) % UInt64(high - low + 1))]
            // Three-way partition by descending order: [> pivot | == pivot | < pivot].
            var lt = low, i = low, gt = high
            while i <= gt {
                if a[i] > pivot { a.swapAt(lt, i); lt += 1; i += 1 }
                else if a[i] < pivot { a.swapAt(i, gt); gt -= 1 }
                else { i += 1 }
            }
            if rank < lt { high = lt - 1 } else if rank > gt { low = gt + 1 } else { return pivot }
        }
        return a[low]
    }

    /// Ids of the counted words seen at least `minCount` times, by descending count, ties in first-seen
    /// order: the order of a finalised vocabulary and of a saved vocabulary file.
    static func order(_ counter: WordCounter, minCount: Int) -> [Int] {
        (0..<counter.table.count)
            .filter { counter.counts[$0] >= Int64(minCount) }
            .sorted { a, b in
                let ca = counter.counts[a], cb = counter.counts[b]
                return ca != cb ? ca > cb : a < b
            }
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
        self.trainWords = try Self.total(counts)
    }

    /// Builds a vocabulary incrementally from words read one at a time (loaders).
    ///
    /// - Throws: `format` when a count is negative or the counts add up to more than `Int64.max`.
    public init(table: WordTable, counts: [Int64]) throws(W2VError) {
        precondition(counts.count == table.count, "one count per word")
        self.table = table
        self.counts = counts
        self.trainWords = try Self.total(counts)
    }

    @inline(__always)
    public func index(of word: UnsafeBufferPointer<UInt8>) -> Int? { table.find(word) }

    public func index(of word: String) -> Int? { table.find(word) }

    func word(_ i: Int) -> String { table.string(i) }
}
