/// Each vocabulary word's n-gram buckets, computed once per vocabulary so training does not hash: the
/// lists of all words one after another, word i's at `buckets[offsets[i]..<offsets[i + 1]]`. A word's
/// input representation is its own row with these bucket rows (fastText's `getSubwords`).
final class SubwordTable: @unchecked Sendable {
    let settings: SubwordSettings
    private(set) var buckets: [Int32]
    private(set) var offsets: [Int]

    init(vocabulary: Vocabulary, settings: SubwordSettings) {
        self.settings = settings
        buckets = []
        offsets = [0]
        append(vocabulary.table, from: 0)
    }

    private init(settings: SubwordSettings, buckets: [Int32], offsets: [Int]) {
        self.settings = settings
        self.buckets = buckets
        self.offsets = offsets
    }

    var wordCount: Int { offsets.count - 1 }

    /// The table of a grown vocabulary whose first `wordCount` words are this table's: the old lists
    /// are kept, the new words' computed.
    func extended(to vocabulary: Vocabulary) -> SubwordTable {
        let grown = SubwordTable(settings: settings, buckets: buckets, offsets: offsets)
        grown.append(vocabulary.table, from: wordCount)
        return grown
    }

    private func append(_ words: WordTable, from first: Int) {
        offsets.reserveCapacity(words.count + 1)
        for i in first..<words.count {
            let word = words.word(i)
            if !Self.isSentenceEnd(word) { buckets.append(contentsOf: settings.buckets(of: word)) }
            offsets.append(buckets.count)
        }
    }

    /// fastText's end-of-sentence token `</s>` has no n-grams (its dictionary skips it), so a model
    /// read from or written to a fastText file composes it the same way.
    static func isSentenceEnd(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        word.elementsEqual("</s>".utf8)
    }

    /// Word i's buckets.
    func buckets(of word: Int) -> ArraySlice<Int32> { buckets[offsets[word]..<offsets[word + 1]] }
}
