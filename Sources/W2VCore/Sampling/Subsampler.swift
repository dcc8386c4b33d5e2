/// Frequent-word subsampling with word2vec's formula: a word of count c is kept with probability
/// `(sqrt(c / (s*T)) + 1) * (s*T) / c`, capped at 1, where T is the number of training words and s
/// the `sample` parameter; s = 0 keeps every word.
struct Subsampler: Sendable {
    /// Keep probability of each word.
    let keepProbability: [Float]

    init(counts: [Int64], trainWords: Int64, sample: Double) {
        guard sample > 0, trainWords > 0 else {
            keepProbability = [Float](repeating: 1, count: counts.count)
            return
        }
        let threshold = sample * Double(trainWords)
        keepProbability = counts.map { c in
            guard c > 0 else { return 1 }
            let p = ((Double(c) / threshold).squareRoot() + 1) * threshold / Double(c)
            return Float(min(1, p))
        }
    }

    var isIdentity: Bool { keepProbability.allSatisfy { $0 >= 1 } }

    /// Replaces `kept` with the words of `sentence` that survive subsampling: one draw from `rng` for
    /// each word whose keep probability is below 1, in order.
    @inline(__always)
    func keep(_ sentence: UnsafeBufferPointer<Int32>, into kept: inout [Int32], rng: inout SplitMix64) {
        kept.removeAll(keepingCapacity: true)
        keepProbability.withUnsafeBufferPointer { keep in
            for word in sentence {
                let p = keep[Int(word)]
                if p >= 1 || rng.nextUnitFloat() < p { kept.append(word) }
            }
        }
    }
}
