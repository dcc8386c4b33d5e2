/// The phrases of a frozen model: each joined phrase with how it splits into its first word, connector
/// words and last word (counted in delimiter-separated parts: "new_york_city" formed from "new_york" and
/// "city" is 2 + 0 + 1), and its score. The split matters from a second pass on: the pair count of
/// "new_york_city" is shared by "new_york city" and "new york_city", and each split has its own score, so
/// a frozen model applies exactly as the counts did only if it checks the split as well as the phrase.
public final class PhraseTable {
    public struct Split: Equatable, Sendable {
        /// Parts of the first and of the last word (both at least 1).
        public var first: Int32
        public var last: Int32
        public var score: Double
    }

    public let phrases: WordTable
    /// The splits of each phrase that score above the threshold, by phrase id (almost always one).
    public private(set) var splits: [[Split]] = []

    public init(expectedCount: Int = 16) {
        phrases = WordTable(expectedCount: max(16, expectedCount))
    }

    public var count: Int { phrases.count }

    /// Adds a split of a phrase; false when that split of that phrase is already there.
    @discardableResult
    public func add(_ phrase: UnsafeBufferPointer<UInt8>, _ split: Split) -> Bool {
        let (id, inserted) = phrases.findOrInsert(phrase)
        if inserted {
            splits.append([split])
            return true
        }
        if splits[id].contains(where: { $0.first == split.first && $0.last == split.last }) { return false }
        splits[id].append(split)
        return true
    }

    /// The score of `phrase` split with `first` parts in its first word and `last` in its last, or nil.
    @inline(__always)
    public func score(_ phrase: UnsafeBufferPointer<UInt8>, first: Int32, last: Int32) -> Double? {
        guard let id = phrases.find(phrase) else { return nil }
        for split in splits[id] where split.first == first && split.last == last { return split.score }
        return nil
    }

    /// The best score of phrase `id` over its splits.
    public func bestScore(_ id: Int) -> Double {
        splits[id].map(\.score).max() ?? -.infinity
    }
}
