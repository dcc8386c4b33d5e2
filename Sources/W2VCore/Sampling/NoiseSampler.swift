/// Draws noise words from the unigram distribution raised to an exponent, in O(1) per draw and
/// O(vocabulary) memory (Walker's alias method), instead of word2vec's fixed 10^8-entry table.
struct NoiseSampler: Sendable {
    /// For bucket i: keep i when a uniform draw is below its threshold, else take its alias. Both in one
    /// 8-byte entry, so a draw waits for one cache line, not two (a draw lands anywhere in a table of
    /// the vocabulary's size).
    private let buckets: [AliasBucket]
    /// The exact probability of each word, for tests.
    let probabilities: [Double]

    init(counts: [Int64], exponent: Double) throws(W2VError) {
        let n = counts.count
        if n == 0 { throw .invalidArgument("cannot sample noise from an empty vocabulary") }
        var weights = counts.map { $0 > 0 ? Double($0) : 0 }
        if weights.allSatisfy({ $0 == 0 }) {
            // Counts unknown (vectors loaded from a word2vec file): fall back to a uniform draw.
            weights = [Double](repeating: 1, count: n)
        }
        weights = weights.map { $0 > 0 ? Glibc.pow($0, exponent) : 0 }
        let total = weights.reduce(0, +)
        probabilities = weights.map { $0 / total }

        // Vose's construction: scaled probabilities split into under- and over-full buckets.
        var scaled = probabilities.map { $0 * Double(n) }
        var small = [Int](), large = [Int]()
        for (i, p) in scaled.enumerated() {
            if p < 1 { small.append(i) } else { large.append(i) }
        }
        var threshold = [Float](repeating: 1, count: n)
        var alias = [Int32](repeating: 0, count: n)
        for i in 0..<n { alias[i] = Int32(i) }
        while let s = small.popLast(), let l = large.last {
            threshold[s] = Float(scaled[s])
            alias[s] = Int32(l)
            scaled[l] -= 1 - scaled[s]
            if scaled[l] < 1 {
                large.removeLast()
                small.append(l)
            }
        }
        // Whatever remains is full up to rounding.
        buckets = (0..<n).map { AliasBucket(threshold: threshold[$0], alias: alias[$0]) }
    }

    public var count: Int { buckets.count }

    /// One draw (slow path for tests and one-off use; training uses `AliasTable`).
    func sample(_ rng: inout SplitMix64) -> Int {
        withTable { $0.sample(&rng) }
    }

    /// Runs `body` with raw views of the tables, for hot loops free of reference counting.
    func withTable<R>(_ body: (AliasTable) throws -> R) rethrows -> R {
        try buckets.withUnsafeBufferPointer { try body(AliasTable(buckets: $0.baseAddress!, count: $0.count)) }
    }
}

/// Borrowed view of a `NoiseSampler`'s tables, valid inside `withTable`.
struct AliasTable {
    let buckets: UnsafePointer<AliasBucket>
    let count: Int

    /// One 64-bit draw: the high half picks the bucket, the low bits decide bucket or alias.
    @inline(__always)
    func sample(_ rng: inout SplitMix64) -> Int {
        sample(bits: rng.next())
    }

    /// The draw of a generator's output `bits`, in two steps for callers that fetch the bucket's line
    /// ahead: `bucket(bits)`, then `sample(bits:)`.
    @inline(__always)
    func sample(bits: UInt64) -> Int {
        let bucket = bucket(bits)
        let u = Float(UInt32(truncatingIfNeeded: bits) >> 8) * (1.0 / 16_777_216.0)
        let entry = buckets[bucket]
        return u < entry.threshold ? bucket : Int(entry.alias)
    }

    @inline(__always)
    func bucket(_ bits: UInt64) -> Int {
        Int((UInt64(UInt32(truncatingIfNeeded: bits >> 32)) &* UInt64(count)) >> 32)
    }

    /// Asks for the line of the bucket `sample(bits:)` will read (a draw lands anywhere in a table of
    /// the vocabulary's size, which the training's row traffic keeps out of the near caches).
    @inline(__always)
    func prefetch(bits: UInt64) {
        VectorKernels.prefetchLine(buckets + bucket(bits))
    }
}

/// One bucket of the alias table.
struct AliasBucket {
    let threshold: Float
    let alias: Int32
}

import Glibc
