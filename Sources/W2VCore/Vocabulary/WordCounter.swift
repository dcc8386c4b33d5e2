/// Counts words from any mix of texts, token lists and files, before the vocabulary is finalised.
/// Counting keeps every distinct word; min-count and the size limit are applied by `Vocabulary`.
public final class WordCounter {
    public let table = WordTable(expectedCount: 1 << 16)
    /// Occurrences of each word, indexed by the table's id (first-seen order).
    public private(set) var counts: [Int64] = []
    /// Every word counted, repeats included.
    public private(set) var totalWords: Int64 = 0
    /// Non-empty sentences seen (a newline ends one; each `add` call ends one too).
    public private(set) var sentences: Int64 = 0

    public init() {}

    public var distinctWords: Int { table.count }

    @inline(__always)
    public func add(word: UnsafeBufferPointer<UInt8>) {
        let (id, inserted) = table.findOrInsert(word)
        if inserted { counts.append(1) } else { counts[id] += 1 }
        totalWords += 1
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
    public func add(file path: String) throws(W2VError) {
        let scratch = WordCounter()
        var open = false
        try CorpusFile(path: path).forEachEvent { (event: Tokenizer.Event) throws(W2VError) -> Void in
            scratch.record(event, &open)
        }
        if open { scratch.sentences += 1 }
        merge(scratch)
    }

    /// Adds another counter's counts; words new to this counter keep the other's first-seen order.
    public func merge(_ other: WordCounter) {
        for id in 0..<other.table.count {
            let (mine, inserted) = table.findOrInsert(other.table.word(id))
            if inserted { counts.append(other.counts[id]) } else { counts[mine] += other.counts[id] }
        }
        totalWords += other.totalWords
        sentences += other.sentences
    }

    public func count(of word: UnsafeBufferPointer<UInt8>) -> Int64 {
        guard let id = table.find(word) else { return 0 }
        return counts[id]
    }

    @inline(__always)
    private func record(_ event: Tokenizer.Event, _ open: inout Bool) {
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
