/// The random draws of a sentence's positions (each center word's reach, then its noise words), made
/// `distance` positions before the position trains, so that the rows they name are fetched from
/// memory while the positions before it train: the output rows of the center word and its noise
/// words, and the input row of the word entering the window. Without this, every prediction waited
/// for its scattered output rows (the largest single cost of CBOW, measured).
///
/// The draws are the ones made in place, in the same order (position by position, the reach before
/// the noise words), so training gives the same results bit for bit: nothing else draws from the
/// trainer's generator while a sentence trains, and no draw depends on a weight. Every position draws
/// its noise words, which is what drawing in place did too: a sentence of at least two words and a
/// reach of at least one leave every position a context word.
struct PositionDraws {
    /// How many positions ahead of the training one the draws are made (measured: see
    /// benchmarks/NOTES.md).
    static let distance = 2
    /// Slots of the ring of draws: a power of two above `distance`.
    private static let slots = 4

    /// Per slot: the reach, the number of targets, and `stride` targets (the center word, then the noise
    /// words different from it) with their output rows.
    private let reaches: UnsafeMutablePointer<Int>
    private let counts: UnsafeMutablePointer<Int>
    private let words: UnsafeMutablePointer<Int>
    private let rows: UnsafeMutablePointer<UnsafeMutablePointer<Float>?>
    private let stride: Int

    init(negative: Int) {
        stride = negative + 1
        reaches = .allocate(capacity: Self.slots)
        counts = .allocate(capacity: Self.slots)
        words = .allocate(capacity: Self.slots * stride)
        rows = .allocate(capacity: Self.slots * stride)
    }

    func deallocate() {
        reaches.deallocate()
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

    /// Draws positions 0 ..< `distance` of a sentence, and asks for the input rows of its first words.
    @inline(__always)
    func start(_ sentence: UnsafeBufferPointer<Int32>, window: Window, negative: Int, noise: AliasTable, weights: HogwildWeights,
               rng: inout SplitMix64) {
        let n = sentence.count
        for pos in 0..<min(n, Self.distance) {
            draw(pos, sentence, window: window, negative: negative, noise: noise, weights: weights, rng: &rng)
        }
        // Those drawn fetch the input rows `window` words ahead; these are the rows before them.
        for pos in 0..<min(n, window.size) {
            VectorKernels.prefetch(weights.input + Int(sentence[pos]) &* weights.dim, count: weights.dim)
        }
    }

    /// Called at each position: draws position `pos + distance`, if the sentence has it.
    @inline(__always)
    func advance(past pos: Int, _ sentence: UnsafeBufferPointer<Int32>, window: Window, negative: Int, noise: AliasTable,
                 weights: HogwildWeights, rng: inout SplitMix64) {
        let ahead = pos &+ Self.distance
        if ahead < sentence.count {
            draw(ahead, sentence, window: window, negative: negative, noise: noise, weights: weights, rng: &rng)
        }
    }

    /// Position `pos`'s reach (drawn uniformly from 1...window when windows shrink) and noise words
    /// (draws equal to the center word skipped, as word2vec), and the fetches of the rows they name
    /// and of the input row `window` words ahead (the last this position's successors may reach first).
    @inline(__always)
    private func draw(_ pos: Int, _ sentence: UnsafeBufferPointer<Int32>, window: Window, negative: Int, noise: AliasTable,
                      weights: HogwildWeights, rng: inout SplitMix64) {
        let slot = pos & (Self.slots - 1)
        reaches[slot] = window.shrinks ? window.size &- rng.nextBelow(window.size) : window.size
        let words = self.words + slot &* stride, rows = self.rows + slot &* stride
        let center = Int(sentence[pos])
        let dim = weights.dim
        words[0] = center
        var count = 1
        for _ in 0..<negative {
            let word = noise.sample(&rng)
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
