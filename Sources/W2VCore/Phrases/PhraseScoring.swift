import Glibc

/// How a candidate phrase `a [connectors] b` is scored from its counts; it forms when the score is
/// strictly above the threshold. `n` below is the scorer's normaliser.
///
/// - `word2phrase`: word2vec's word2phrase.c, `(count(ab) - min_count) / count(a) / count(b) * n` with
///   `n` the words of the training text (connectors included), in single precision as word2phrase.c
///   computes it; `a` and `b` must each be seen at least `min_count` times.
/// - `original`: gensim's `original_scorer`, the same formula in double precision with `n` the number of
///   distinct entries in the table (words and phrases, `len(phrases.vocab)`); no min-count on `a` or `b`.
/// - `npmi`: gensim's `npmi_scorer`, normalised pointwise mutual information in [-1, 1] with probabilities
///   over the words of the text; `count(ab)` must be at least `min_count`.
public enum PhraseScoring: Int32, Sendable, CaseIterable {
    case word2phrase = 0
    case original = 1
    case npmi = 2

    public var name: String {
        switch self {
        case .word2phrase: return "word2phrase"
        case .original: return "original"
        case .npmi: return "npmi"
        }
    }

    public init?(name: String) {
        guard let found = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = found
    }

    /// The score, or nil when the candidate cannot be scored (a count of 0, or below min-count where the
    /// scorer requires it). `words` is the text's word count, `entries` the table's distinct entries.
    @inline(__always)
    public func score(a: Int64, b: Int64, ab: Int64, minCount: Int64, words: Int64, entries: Int) -> Double? {
        if a <= 0 || b <= 0 || ab <= 0 { return nil }
        switch self {
        case .word2phrase:
            if a < minCount || b < minCount { return nil }
            // word2phrase.c: (pab - min_count) / (real)pa / (real)pb * (real)train_words, real = float.
            let s = Float(ab - minCount) / Float(a) / Float(b) * Float(words)
            return Double(s)
        case .original:
            return Double(ab - minCount) / (Double(a) * Double(b)) * Double(entries)
        case .npmi:
            if ab < minCount || words <= 0 { return nil }
            let n = Double(words)
            let pa = Double(a) / n, pb = Double(b) / n, pab = Double(ab) / n
            return log(pab / (pa * pb)) / -log(pab)
        }
    }
}
