/// Phrases joined on the fly while a corpus file is counted or trained on, instead of a rewritten copy
/// of the corpus (word2phrase's second pass): the words counted and trained are exactly those of the
/// file `apply(file:to:)` would write.
extension Phrases {
    /// The table to apply: a learner is frozen first (the same phrases form, and each word then costs
    /// one lookup in the small phrase table).
    public var applicable: Phrases { isFrozen ? self : freeze() }
}

extension WordCounter {
    /// Counts a text file with `phrases` joined on the fly, as counting `phrases.apply(file:to:)`'s
    /// output would (same words, same sentences). Rolled back on error, as `add(file:)`.
    public func add(file path: BytePath, joining phrases: Phrases) throws(W2VError) {
        try add(file: path, through: PhraseDetector(phrases.applicable))
    }
}
