/// The random draws of a sentence's positions (each center word's reach, then its noise words), made
/// ahead of the position that trains, so that the memory they name is fetched while the positions
/// before it train. In two steps: `bitsAhead` positions ahead the generator's outputs are taken and
/// the alias-table buckets they fall in are fetched; `rowsAhead` positions ahead the noise words are
/// read from those buckets, and the output rows of the center word and its noise words, and the input
/// row of the word entering the window, are fetched. Without this every draw waited for its bucket
/// and every prediction for its scattered rows (the largest costs of CBOW, measured).
///
/// The draws are the ones made in place, in the same order (position by position, the reach before
/// the noise words), so training gives the same results bit for bit: nothing else draws from the
/// trainer's generator while a sentence trains, and no draw depends on a weight. Every position draws
/// its noise words, which is what drawing in place did too: a sentence of at least two words and a
/// reach of at least one leave every position a context word.
struct PositionDraws {
    /// How many positions ahead of the training one each step runs (measured: see benchmarks/NOTES.md).
    static let rowsAhead = 2
    static let bitsAhead = 4
    /// Slots of the ring of draws: a power of two above `bitsAhead`.
    private static let slots = 8

    /// Per slot: the reach; the generator's outputs for the noise words (`negative`); the number of
    /// targets and `stride` targets (the center word, then the noise words different from it) with
    /// their output rows.
    private let reaches: UnsafeMutablePointer<Int>
    private let bits: UnsafeMutablePointer<UInt64>
    private let counts: UnsafeMutablePointer<Int>
    private let words: UnsafeMutablePointer<Int>
    private let rows: UnsafeMutablePointer<UnsafeMutablePointer<Float>?>
    private let negative: Int
    private let stride: Int

    init(negative: Int) {
        self.negative = negative
        stride = negative + 1
        reaches = .allocate(capacity: Self.slots)
        bits = .allocate(capacity: Self.slots * max(1, negative))
        counts = .allocate(capacity: Self.slots)
        words = .allocate(capacity: Self.slots * stride)
        rows = .allocate(capacity: Self.slots * stride)
    }

    func deallocate() {
        reaches.deallocate()
        bits.deallocate()
        counts.deallocate()
        words.deallocate()
        rows.deallocate()
    }

    /// One position's draws, valid until position + `slots` is drawn.
    struct Drawn {
        let reach: Int
        /// The targets: the center word (index 0), then the noise words; `count` of them (1 when no
        /// noise words are drawn).
        let count: Int
        let words: UnsafeMutablePointer<Int>
        let rows: UnsafeMutablePointer<UnsafeMutablePointer<Float>?>
    }

    @inline(__always)
    func drawn(_ pos: Int) -> Drawn {
        let slot = pos & (Self.slots - 1)
        return Drawn(reach: reaches[slot], count: counts[slot], words: words + slot &* stride, rows: rows + slot &* stride)
    }

    /// Runs both steps for the first positions of a sentence, and asks for the input rows of its first
    /// words.
    @inline(__always)
    func start(_ sentence: UnsafeBufferPointer<Int32>, window: Window, noise: AliasTable, weights: HogwildWeights,
               rng: inout SplitMix64) {
        let n = sentence.count
        for pos in 0..<min(n, Self.bitsAhead) { takeBits(pos, window: window, noise: noise, rng: &rng) }
        for pos in 0..<min(n, Self.rowsAhead) { resolve(pos, sentence, window: window, noise: noise, weights: weights) }
        // The resolved positions fetch the input rows `window` words ahead; these are the rows before them.
        for pos in 0..<min(n, window.size) {
            VectorKernels.prefetch(weights.input + Int(sentence[pos]) &* weights.dim, count: weights.dim)
        }
    }

    /// Called at each position `pos`: both steps for the positions they run ahead, if the sentence has them.
    @inline(__always)
    func advance(past pos: Int, _ sentence: UnsafeBufferPointer<Int32>, window: Window, noise: AliasTable,
                 weights: HogwildWeights, rng: inout SplitMix64) {
        if pos &+ Self.bitsAhead < sentence.count { takeBits(pos &+ Self.bitsAhead, window: window, noise: noise, rng: &rng) }
        if pos &+ Self.rowsAhead < sentence.count { resolve(pos &+ Self.rowsAhead, sentence, window: window, noise: noise, weights: weights) }
    }

    /// The first step of position `pos`: its reach (drawn uniformly from 1...window when windows
    /// shrink) and its noise draws' generator outputs, whose buckets are fetched.
    @inline(__always)
    private func takeBits(_ pos: Int, window: Window, noise: AliasTable, rng: inout SplitMix64) {
        let slot = pos & (Self.slots - 1)
        reaches[slot] = window.shrinks ? window.size &- rng.nextBelow(window.size) : window.size
        let bits = self.bits + slot &* negative
        for j in 0..<negative {
            let drawn = rng.next()
            bits[j] = drawn
            noise.prefetch(bits: drawn)
        }
    }

    /// The second step: the noise words (draws equal to the center word skipped, as word2vec), and the
    /// fetches of the rows they name and of the input row `window` words ahead (the last one this
    /// position's successors may reach first).
    @inline(__always)
    private func resolve(_ pos: Int, _ sentence: UnsafeBufferPointer<Int32>, window: Window, noise: AliasTable,
                         weights: HogwildWeights) {
        let slot = pos & (Self.slots - 1)
        let bits = self.bits + slot &* negative
        let words = self.words + slot &* stride, rows = self.rows + slot &* stride
        let center = Int(sentence[pos])
        let dim = weights.dim
        words[0] = center
        var count = 1
        for j in 0..<negative {
            let word = noise.sample(bits: bits[j])
            if word != center { words[count] = word; count &+= 1 }
        }
        counts[slot] = count
        if let output = weights.output {
            for j in 0..<count {
                let row = output + words[j] &* dim
                rows[j] = row
                VectorKernels.prefetch(row, count: dim)
            }
        }
        let entering = pos &+ window.size
        if entering < sentence.count {
            VectorKernels.prefetch(weights.input + Int(sentence[entering]) &* dim, count: dim)
        }
    }
}
