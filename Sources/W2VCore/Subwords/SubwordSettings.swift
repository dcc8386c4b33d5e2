/// The n-gram range and the bucket count of a subword (fastText) model.
public struct SubwordSettings: Equatable, Sendable {
    /// Shortest and longest n-gram, in characters (UTF-8 sequences), boundary markers included.
    public let minN: Int
    public let maxN: Int
    /// N-grams are hashed into this many rows.
    public let buckets: Int

    /// The largest bucket count: every row number (words + buckets) must fit fastText's int32 rows.
    public static let maxBuckets = Int(Int32.max)

    public init(minN: Int, maxN: Int, buckets: Int) throws(W2VError) {
        if minN < 1 || maxN < minN {
            throw .invalidArgument("the n-gram range min_n \(minN) to max_n \(maxN) is empty: subwords need 1 <= min_n <= max_n")
        }
        if buckets < 1 || buckets > Self.maxBuckets {
            throw .invalidArgument("bucket = \(buckets) is out of range [1, \(Self.maxBuckets)]")
        }
        self.minN = minN
        self.maxN = maxN
        self.buckets = buckets
    }

    /// The buckets of every n-gram of `word`, in fastText's order (see `CharacterNgrams`).
    func buckets(of word: UnsafeBufferPointer<UInt8>) -> [Int32] {
        var result = [Int32]()
        forEachBucket(of: word) { result.append($0) }
        return result
    }

    func forEachBucket(of word: UnsafeBufferPointer<UInt8>, _ body: (Int32) -> Void) {
        CharacterNgrams.forEachBucket(of: word, minN: minN, maxN: maxN, buckets: buckets, body)
    }
}

enum SubwordLimits {
    /// The longest n-gram range the parameters accept, in characters: far beyond any use (fastText's
    /// default is 6), and it keeps a word's n-gram count bounded by its length times this.
    static let maxNgramLength = 100
}
