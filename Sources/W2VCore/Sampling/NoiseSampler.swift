/// Draws noise words from the unigram distribution raised to an exponent, in O(1) per draw and
/// O(vocabulary) memory (Walker's alias method), instead of word2vec's fixed 10^8-entry table.
struct NoiseSampler: Sendable {
    /// For bucket i: keep i when a uniform draw is below `threshold[i]`, else take `alias[i]`.
    private let threshold: [Float]
    private let alias: [Int32]
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
        self.threshold = threshold
        self.alias = alias
    }

    public var count: Int { threshold.count }

    /// One draw (slow path for tests and one-off use; training uses `AliasTable`).
    func sample(_ rng: inout SplitMix64) -> Int {
        threshold.withUnsafeBufferPointer { t in
            alias.withUnsafeBufferPointer { a in
                AliasTable(threshold: t.baseAddress!, alias: a.baseAddress!, count: t.count).sample(&rng)
            }
        }
    }

    /// Runs `body` with raw views of the tables, for hot loops free of reference counting.
    func withTable<R>(_ body: (AliasTable) throws -> R) rethrows -> R {
        try threshold.withUnsafeBufferPointer { t in
            try alias.withUnsafeBufferPointer { a in
                try body(AliasTable(threshold: t.baseAddress!, alias: a.baseAddress!, count: t.count))
            }
        }
    }
}

/// Borrowed view of a `NoiseSampler`'s tables, valid inside `withTable`.
struct AliasTable {
    let threshold: UnsafePointer<Float>
    let alias: UnsafePointer<Int32>
    let count: Int

    /// One 64-bit draw: the high half picks the bucket, the low bits decide bucket or alias.
    @inline(__always)
    func sample(_ rng: inout SplitMix64) -> Int {
        let bits = rng.next()
        let bucket = Int((UInt64(UInt32(truncatingIfNeeded: bits >> 32)) &* UInt64(count)) >> 32)
        let u = Float(UInt32(truncatingIfNeeded: bits) >> 8) * (1.0 / 16_777_216.0)
        return u < threshold[bucket] ? bucket : Int(alias[bucket])
    }
}

import Glibc
