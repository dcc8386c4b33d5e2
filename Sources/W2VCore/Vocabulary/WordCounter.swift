/// Counts words from any mix of texts, token lists, corpus files and saved vocabulary files, before the
/// vocabulary is finalised. Min-count and the size limits are applied by `Vocabulary`.
///
/// Memory stays bounded on any corpus: when the distinct words exceed `maxDistinctWords`, the rarest are
/// pruned as word2vec's ReduceVocab does (see `pruneRarest`), and `pruning` reports that it happened.
public final class WordCounter {
    /// word2vec's limit: its 30M-slot hash table is reduced when more than 0.7 x 30M = 21M words are in it.
    /// A distinct word costs about 45 to 95 bytes plus its length here (arrays grow by doubling). Measured
    /// with 6-byte words: 20M distinct words take 1.0 GB; 30M distinct words pruned at this limit peak at
    /// 1.2 GB (the pass builds the survivors' table beside the old one).
    public static let defaultMaxDistinctWords = 21_000_000

    // The counting loop touches these for every word; a counter is used by one thread at a time and
    // never lends them out during a call, so the runtime exclusivity checks (a quarter of the time of
    // counting, measured) are left out.
    // Starts small and doubles as words arrive: many counters see a few words (a Python add_text, a
    // rollback scratch), and a large empty table costs each of them a megabyte of zeroed pages.
    @exclusivity(unchecked) public private(set) var table = WordTable()
    /// Occurrences of each word, indexed by the table's id (first-seen order).
    @exclusivity(unchecked) public private(set) var counts: [Int64] = []
    /// Every word counted, repeats included (pruned occurrences too).
    @exclusivity(unchecked) public private(set) var totalWords: Int64 = 0
    /// Non-empty sentences seen (a newline ends one; each `add` call ends one too).
    @exclusivity(unchecked) private(set) var sentences: Int64 = 0
    /// More distinct words than this triggers pruning; 0 = never prune.
    private(set) var maxDistinctWords = WordCounter.defaultMaxDistinctWords
    /// What pruning has dropped so far.
    public private(set) var pruning = Pruning()

    /// The record of word2vec-style pruning. When `prunedWords` is 0 every count is exact; otherwise a
    /// word's count is a lower bound: occurrences seen before it was last dropped are lost.
    public struct Pruning: Equatable, Sendable {
        /// Table entries dropped, over all passes (a word dropped, seen again and dropped again counts twice).
        public var prunedWords: Int64 = 0
        /// The occurrences those entries held.
        var prunedOccurrences: Int64 = 0
        /// The highest count an entry had when it was dropped; 0 when nothing was pruned.
        public var maxPrunedCount: Int64 = 0
        /// Passes made so far.
        var passes = 0
        /// The next pass drops words counted at most this often (word2vec's min_reduce: 1, then +1 each pass).
        var threshold: Int64 = 1

        public init() {}
    }

    public init() {}

    public var distinctWords: Int { table.count }

    /// Sets the pruning limit (0 = none, the default is `defaultMaxDistinctWords`). A counter already
    /// above the new limit is pruned at once.
    public func setMaxDistinctWords(_ limit: Int) {
        precondition(limit >= 0, "the limit is not negative")
        maxDistinctWords = limit
        pruneIfNeeded()
    }

    @inline(__always)
    public func add(word: UnsafeBufferPointer<UInt8>) {
        add(word: word, count: 1)
    }

    @inline(__always)
    func add(word: UnsafeBufferPointer<UInt8>, count: Int64) {
        let (id, inserted) = table.findOrInsert(word)
        totalWords += count
        if inserted {
            counts.append(count)
            if maxDistinctWords > 0 && table.count > maxDistinctWords { pruneIfNeeded() }
        } else {
            counts[id] += count
        }
    }

    /// Counts added in bulk (a vocabulary file's, another counter's) may bring `totalWords` (and
    /// `sentences`) to at most 2^62, so that counting text one word at a time after them can never
    /// overflow `Int64` (2^62 more words would take centuries). Every count is at most the total (a word's
    /// occurrences are among all words counted), so no per-word sum can overflow either.
    static let maxBulkTotal: Int64 = 1 << 62

    /// `add(word:count:)` for a count from a file or a caller: a non-negative count that keeps the total
    /// within `maxBulkTotal`, else `invalidArgument` and nothing changes.
    func addChecked(word: UnsafeBufferPointer<UInt8>, count: Int64) throws(W2VError) {
        if count < 0 { throw .invalidArgument("the count \(count) is negative") }
        if count > Self.maxBulkTotal - totalWords {
            throw .invalidArgument("the counts add up to more than \(Self.maxBulkTotal) words (2^62), the most a counter holds")
        }
        add(word: word, count: count)
    }

    /// Counts the words of a text; ASCII whitespace separates words and a newline ends a sentence.
    public func add(text: UnsafeRawBufferPointer) {
        var open = false
        Tokenizer.forEachEvent(in: text) { (event: Tokenizer.Event) -> Void in
            record(event, &open)
        }
        if open { sentences += 1 }
    }

    /// Counts tokens the caller split already. Each must be a non-empty word without whitespace; all are
    /// checked before any is counted, so a bad list changes nothing. Over-long tokens are cut as the
    /// tokenizer cuts them.
    public func add(tokens: [UnsafeBufferPointer<UInt8>]) throws(W2VError) {
        for (i, token) in tokens.enumerated() {
            if token.isEmpty { throw .invalidArgument("token \(i) is empty") }
            if token.contains(where: Tokenizer.isSeparator) {
                throw .invalidArgument("token \(i) contains whitespace; pass one word per token or use add_text")
            }
        }
        for token in tokens {
            add(word: UnsafeBufferPointer(rebasing: token[0..<Tokenizer.cutLength(token)]))
        }
        if !tokens.isEmpty { sentences += 1 }
    }

    /// Streams a file and counts its words. On an I/O error the counts gathered from that file are
    /// rolled back, so a failed call leaves the counter as it was.
    func add(file path: String) throws(W2VError) {
        try add(file: BytePath(path))
    }

    /// `add(file:)` from a path of any bytes (see `BytePath`).
    public func add(file path: BytePath) throws(W2VError) {
        try add(file: path, range: nil)
    }

    /// `add(file:)` over the bytes of `range` only (which must start and end between words), or the
    /// whole file when nil.
    func add(file path: BytePath, range: Range<Int>?) throws(W2VError) {
        try withRollback { (target: WordCounter) throws(W2VError) in
            var open = false
            try CorpusFile(path: path).forEachEvent(in: range) { (event: Tokenizer.Event) throws(W2VError) -> Void in
                target.record(event, &open)
            }
            if open { target.sentences += 1 }
        }
    }

    /// `add(file:)` with the events rewritten by `transform` on their way (phrases joined on the fly),
    /// as counting the rewritten file would.
    func add<Transform: TokenTransform>(file path: BytePath, through transform: Transform) throws(W2VError) {
        try withRollback { (target: WordCounter) throws(W2VError) in
            var open = false
            var transform = transform
            try CorpusFile(path: path).forEachEvent { (event: Tokenizer.Event) throws(W2VError) -> Void in
                transform.feed(event) { (output: Tokenizer.Event) -> Void in target.record(output, &open) }
            }
            transform.flush { (output: Tokenizer.Event) -> Void in target.record(output, &open) }
            if open { target.sentences += 1 }
        }
    }

    /// Adds another counter's counts and pruning record; words new to this counter keep the other's
    /// first-seen order. This counter's limit applies to the result.
    ///
    /// - Throws: `invalidArgument`, changing nothing, when the words or the sentences of both add up to
    ///   more than `maxBulkTotal` (2^62).
    func merge(_ other: WordCounter) throws(W2VError) {
        if other.totalWords > Self.maxBulkTotal - totalWords || other.sentences > Self.maxBulkTotal - sentences {
            throw .invalidArgument("the two counters hold more than \(Self.maxBulkTotal) words or sentences (2^62) together, the most a counter holds")
        }
        let total = totalWords + other.totalWords
        for id in 0..<other.table.count {
            add(word: other.table.word(id), count: other.counts[id])
        }
        totalWords = total
        sentences += other.sentences
        pruning.prunedWords += other.pruning.prunedWords
        pruning.prunedOccurrences += other.pruning.prunedOccurrences
        pruning.maxPrunedCount = max(pruning.maxPrunedCount, other.pruning.maxPrunedCount)
        pruning.passes += other.pruning.passes
        pruning.threshold = max(pruning.threshold, other.pruning.threshold)
    }

    /// Renumbers the words in `order` (a permutation of the ids), which becomes their first-seen
    /// order; counts, totals and the pruning record stay as they are.
    func renumber(_ order: [Int]) {
        precondition(order.count == table.count, "a permutation of the ids")
        let renumbered = WordTable(expectedCount: max(order.count, 1))
        var renumberedCounts = [Int64]()
        renumberedCounts.reserveCapacity(order.count)
        for id in order {
            _ = renumbered.findOrInsert(table.word(id))
            renumberedCounts.append(counts[id])
        }
        table = renumbered
        counts = renumberedCounts
    }

    public func count(of word: UnsafeBufferPointer<UInt8>) -> Int64 {
        guard let id = table.find(word) else { return 0 }
        return counts[id]
    }

    /// Runs `body` on a counter whose changes reach this one only if `body` succeeds. An empty counter
    /// is its own target (reset on failure), so the common case of one big file needs no second table;
    /// otherwise `body` counts into a scratch counter with the same limit, merged afterwards.
    func withRollback(_ body: (WordCounter) throws(W2VError) -> Void) throws(W2VError) {
        if table.count == 0 && totalWords == 0 && sentences == 0 && pruning == Pruning() {
            do {
                try body(self)
            } catch {
                table = WordTable()
                counts = []
                totalWords = 0
                sentences = 0
                pruning = Pruning()
                throw error
            }
            return
        }
        let scratch = WordCounter()
        scratch.maxDistinctWords = maxDistinctWords
        scratch.pruning.threshold = pruning.threshold
        try body(scratch)
        scratch.pruning.threshold = max(scratch.pruning.threshold, pruning.threshold)
        try merge(scratch)
    }

    /// Adds sentences read from a saved vocabulary (its `</s>` line), within `maxBulkTotal`.
    func addSentences(_ n: Int64) throws(W2VError) {
        if n < 0 || n > Self.maxBulkTotal - sentences {
            throw .invalidArgument("the sentence counts add up to more than \(Self.maxBulkTotal) (2^62), the most a counter holds")
        }
        sentences += n
    }

    /// word2vec's ReduceVocab, repeated until the limit holds: each pass drops every word counted at
    /// most `threshold` times and raises the threshold by one. Surviving words keep their first-seen order.
    private func pruneIfNeeded() {
        while maxDistinctWords > 0 && table.count > maxDistinctWords {
            let threshold = pruning.threshold
            var kept = 0
            for c in counts where c > threshold { kept += 1 }
            // Sized for the words that will arrive before the next pass, so the table never regrows.
            let survivors = WordTable(expectedCount: max(kept, min(maxDistinctWords, table.count)))
            var keptCounts = [Int64]()
            keptCounts.reserveCapacity(kept)
            for id in 0..<table.count {
                let c = counts[id]
                if c > threshold {
                    _ = survivors.findOrInsert(table.word(id))
                    keptCounts.append(c)
                } else {
                    pruning.prunedWords += 1
                    pruning.prunedOccurrences += c
                    pruning.maxPrunedCount = max(pruning.maxPrunedCount, c)
                }
            }
            table = survivors
            counts = keptCounts
            pruning.passes += 1
            pruning.threshold += 1
        }
    }

    @inline(__always)
    func record(_ event: Tokenizer.Event, _ open: inout Bool) {
        switch event {
        case .word(let word):
            add(word: word)
            open = true
        case .sentenceEnd:
            if open { sentences += 1 }
            open = false
        }
    }
}
