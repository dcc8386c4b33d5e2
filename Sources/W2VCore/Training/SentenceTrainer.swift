import Glibc

/// One thread's training loop over sentences of word indices: subsampling, the random window, and the
/// skip-gram or CBOW update with negative sampling, hierarchical softmax or both. Owns its scratch vectors and its RNG, so threads
/// share nothing but the weights.
final class SentenceTrainer {
    let weights: HogwildWeights
    let context: TrainingContext
    /// The dot, axpy and block products of the chosen kernel level.
    let kernels: VectorKernels
    // Touched for every word by this trainer's one thread: no runtime exclusivity checks (measured).
    @exclusivity(unchecked) var rng: SplitMix64
    /// Mean of the context vectors (CBOW), and the gradient for the input rows.
    private let hidden: UnsafeMutablePointer<Float>
    private let gradient: UnsafeMutablePointer<Float>
    /// Skip-gram with shared negatives: one gradient row per context word, and the targets' g values.
    private let windowGradients: UnsafeMutablePointer<Float>
    private let windowScores: UnsafeMutablePointer<Float>
    /// Per-pair skip-gram's targets, drawn in place (the others' come from `draws`).
    private let targets: UnsafeMutablePointer<Int>
    /// The rows of `targets` in the output matrix, and the input rows of a window's context words: the
    /// operands of the block products.
    private let targetRows: UnsafeMutablePointer<UnsafeMutablePointer<Float>?>
    private let contextRows: UnsafeMutablePointer<UnsafeMutablePointer<Float>?>
    /// CBOW's and shared-negative skip-gram's draws, made a few positions ahead.
    private let draws: PositionDraws
    /// Words of the current sentence that survived subsampling.
    @exclusivity(unchecked) private var kept: [Int32] = []
    /// Negative log-likelihood summed over predictions, and their number, since the last `takeLoss`.
    @exclusivity(unchecked) private(set) var lossSum: Double = 0
    @exclusivity(unchecked) private(set) var predictions: Int64 = 0
    /// LogisticTable.shared's entries, held here so the hot loops skip the global's lazy-init check.
    private let logisticEntries = LogisticTable.shared.entries

    init(weights: HogwildWeights, context: TrainingContext, kernels: VectorKernels, seed: UInt64) {
        self.weights = weights
        self.context = context
        self.kernels = kernels
        self.rng = SplitMix64(seed: seed)
        hidden = .allocate(capacity: weights.dim)
        gradient = .allocate(capacity: weights.dim)
        let span = 2 * context.parameters.window
        windowGradients = .allocate(capacity: span * weights.dim)
        windowScores = .allocate(capacity: max(1, span * (context.parameters.negative + 1)))
        targets = .allocate(capacity: context.parameters.negative + 1)
        targetRows = .allocate(capacity: context.parameters.negative + 1)
        contextRows = .allocate(capacity: span)
        draws = PositionDraws(negative: context.parameters.negative)
        kept.reserveCapacity(TrainingLimits.maxSentenceWords)
    }

    deinit {
        hidden.deallocate()
        gradient.deallocate()
        windowGradients.deallocate()
        windowScores.deallocate()
        targets.deallocate()
        targetRows.deallocate()
        contextRows.deallocate()
        draws.deallocate()
    }

    /// Returns and resets the loss accumulated since the last call.
    func takeLoss() -> (sum: Double, predictions: Int64) {
        defer { lossSum = 0; predictions = 0 }
        return (lossSum, predictions)
    }

    /// Trains on one sentence (at most `maxSentenceWords` indices, all valid rows) at learning rate `alpha`.
    func train(sentence: UnsafeBufferPointer<Int32>, alpha: Float) {
        kept.removeAll(keepingCapacity: true)
        context.subsampler.keepProbability.withUnsafeBufferPointer { keep in
            for word in sentence {
                let p = keep[Int(word)]
                if p >= 1 || rng.nextUnitFloat() < p { kept.append(word) }
            }
        }
        if kept.count < 2 { return }
        let parameters = context.parameters
        context.sampler.withTable { noise in
            context.withPaths { paths in
                kept.withUnsafeBufferPointer { words in
                    let window = Window(size: parameters.window, shrinks: parameters.shrinkWindows)
                    switch parameters.architecture {
                    case .skipGram:
                        if parameters.sharedNegatives && paths == nil && parameters.negative > 0 {
                            trainSkipGramSharedNegatives(words, alpha: alpha, window: window, negative: parameters.negative, noise: noise)
                        } else {
                            trainSkipGram(words, alpha: alpha, window: window, negative: parameters.negative, noise: noise, paths: paths)
                        }
                    case .cbow:
                        // Two copies with `mean` constant, so the default one is the loop of before.
                        if parameters.cbowMean {
                            trainCBOW(words, alpha: alpha, window: window, negative: parameters.negative, noise: noise, paths: paths, mean: true)
                        } else {
                            trainCBOW(words, alpha: alpha, window: window, negative: parameters.negative, noise: noise, paths: paths, mean: false)
                        }
                    }
                }
            }
        }
    }

    /// word2vec's skip-gram: each context word's input vector predicts the center word.
    private func trainSkipGram(_ words: UnsafeBufferPointer<Int32>, alpha: Float, window: Window, negative: Int, noise: AliasTable,
                               paths: HuffmanPaths?) {
        let dim = weights.dim
        let n = words.count
        for pos in 0..<n {
            let center = Int(words[pos])
            let (lo, hi) = Self.contextBounds(pos, count: n, window: window, &rng)
            for c in lo...hi where c != pos {
                let word = Int(words[c])
                let row = weights.input + word * dim
                gradient.update(repeating: 0, count: dim)
                if let paths { hierarchicalSoftmax(input: row, target: center, alpha: alpha, paths: paths) }
                if negative > 0 { negativeSampling(input: row, target: center, alpha: alpha, negative: negative, noise: noise) }
                updateInput(word, row, by: gradient)
            }
        }
    }

    /// HogBatch skip-gram (Ji et al. 2016): the context words of one center word share one draw of
    /// noise words, so the update is a small matrix product and each output row is loaded once per
    /// window instead of once per context word. All scores use the weights as they were before the
    /// window's update. With I the window's m input rows, O its t output rows (target, then noise):
    /// scores S = I O^T, G = alpha (labels - logistic(S)), input gradients G O, then O += G^T I and
    /// each input row += its gradient.
    private func trainSkipGramSharedNegatives(_ words: UnsafeBufferPointer<Int32>, alpha: Float, window: Window, negative: Int, noise: AliasTable) {
        let dim = weights.dim
        let n = words.count
        let draws = self.draws
        draws.start(words, window: window, noise: noise, weights: weights, rng: &rng)
        for pos in 0..<n {
            draws.advance(past: pos, words, window: window, noise: noise, weights: weights, rng: &rng)
            let drawn = draws.drawn(pos)
            let (lo, hi) = Self.contextBounds(pos, count: n, reach: drawn.reach)
            let t = drawn.count, targetRows = drawn.rows
            var m = 0
            for c in lo...hi where c != pos {
                contextRows[m] = weights.input + Int(words[c]) &* dim
                m &+= 1
            }
            kernels.scores(contextRows, m, targetRows, t, count: dim, into: windowScores)
            let loss = scoresToGradients(m, t, alpha: alpha)
            kernels.gradients(windowScores, m, targetRows, t, count: dim, into: windowGradients)
            kernels.updateTargets(windowScores, contextRows, m, targetRows, t, count: dim)
            var i = 0
            for c in lo...hi where c != pos {
                updateInput(Int(words[c]), contextRows[i]!, by: windowGradients + i &* dim)
                i &+= 1
            }
            lossSum += loss
            predictions += Int64(m * t)
        }
    }

    /// word2vec's CBOW: the mean of the context vectors predicts the center word; every context word
    /// receives the whole gradient (as word2vec and gensim's cbow_mean=1 do). With `mean` false the sum
    /// predicts it and each context word receives the gradient divided by their number (gensim's
    /// cbow_mean=0).
    @inline(__always)
    private func trainCBOW(_ words: UnsafeBufferPointer<Int32>, alpha: Float, window: Window, negative: Int, noise: AliasTable,
                           paths: HuffmanPaths?, mean: Bool) {
        let dim = weights.dim
        let factors = weights.lockFactors
        let n = words.count
        let draws = self.draws
        draws.start(words, window: window, noise: noise, weights: weights, rng: &rng)
        for pos in 0..<n {
            draws.advance(past: pos, words, window: window, noise: noise, weights: weights, rng: &rng)
            let drawn = draws.drawn(pos)
            let center = Int(words[pos])
            let (lo, hi) = Self.contextBounds(pos, count: n, reach: drawn.reach)
            var m = 0
            for c in lo...hi where c != pos {
                contextRows[m] = weights.input + Int(words[c]) &* dim
                m &+= 1
            }
            if m == 0 { continue }   // never: every position has a context word (see PositionDraws)
            let scale = 1 / Float(m)
            kernels.sumRows(contextRows, m, count: dim, scale: mean ? scale : 1, into: hidden)
            gradient.update(repeating: 0, count: dim)
            if let paths { hierarchicalSoftmax(input: hidden, target: center, alpha: alpha, paths: paths) }
            if negative > 0 { predictTargets(input: hidden, drawn.words, drawn.rows, drawn.count, alpha: alpha) }
            if !mean { for d in 0..<dim { gradient[d] *= scale } }
            // The factors' branch outside the loop over the context (measured: inside it cost CBOW
            // 0.7% more instructions).
            if let factors {
                var i = 0
                for c in lo...hi where c != pos {
                    kernels.axpy(factors[Int(words[c])], gradient, contextRows[i]!, count: dim)
                    i &+= 1
                }
            } else {
                kernels.addToRows(gradient, contextRows, m, count: dim)
            }
        }
    }

    /// Adds `gradient` to input row `word` (at `row`), times the row's learning-rate factor when the
    /// model has factors. Without them the factor is the constant 1, so the addition compiles to the
    /// plain `y += x` of before (no multiply: measured +2.6% instructions for CBOW otherwise).
    @inline(__always)
    private func updateInput(_ word: Int, _ row: UnsafeMutablePointer<Float>, by gradient: UnsafePointer<Float>) {
        if let factors = weights.lockFactors {
            kernels.axpy(factors[word], gradient, row, count: weights.dim)
        } else {
            kernels.axpy(1, gradient, row, count: weights.dim)
        }
    }

    /// The context of position `pos`: a reach drawn uniformly from 1...window (word2vec's random
    /// window shrinking, which weights near words more) or, when the window does not shrink, the whole
    /// window without a draw; clipped to the sentence.
    @inline(__always)
    static func contextBounds(_ pos: Int, count n: Int, window: Window, _ rng: inout SplitMix64) -> (Int, Int) {
        contextBounds(pos, count: n, reach: window.shrinks ? window.size - rng.nextBelow(window.size) : window.size)
    }

    /// The context of position `pos` at a given reach, clipped to the sentence.
    @inline(__always)
    static func contextBounds(_ pos: Int, count n: Int, reach: Int) -> (Int, Int) {
        (max(0, pos - reach), min(n - 1, pos + reach))
    }

    /// One logistic regression: `target` labelled 1 and `negative` noise words labelled 0 (a draw equal
    /// to the target is skipped, as word2vec does), drawn here (skip-gram's per-pair predictions).
    @inline(__always)
    private func negativeSampling(input: UnsafePointer<Float>, target: Int, alpha: Float, negative: Int, noise: AliasTable) {
        // Draw every noise word first (the random stream is the same as drawing them one by one) and
        // touch their rows, so the cache misses on these scattered rows overlap instead of each
        // stalling its own dot product.
        let count = drawTargets(target, negative: negative, noise: noise, output: weights.output!)
        predictTargets(input: input, targets, targetRows, count, alpha: alpha)
    }

    /// The logistic regressions of `input` against `count` targets, the first labelled 1 and the rest
    /// (noise words) 0. Output rows are updated at once; the gradient for the input is accumulated in
    /// `gradient`. The scores are one block product and the updates one pass, unless a noise word
    /// was drawn twice: its second score must see its first update, so then (and for very many noise
    /// words, where the check would cost more) it goes row by row.
    @inline(__always)
    private func predictTargets(input: UnsafePointer<Float>, _ words: UnsafePointer<Int>, _ rows: UnsafePointer<UnsafeMutablePointer<Float>?>,
                                _ count: Int, alpha: Float) {
        let dim = weights.dim
        var loss: Double = 0
        if count <= Self.maxBlockTargets && !Self.targetsRepeat(words, count) {
            withUnsafePointer(to: UnsafeMutablePointer(mutating: input)) { row in
                kernels.scores(row, 1, rows, count, count: dim, into: windowScores)
            }
            loss = scoresToGradients(1, count, alpha: alpha)
            kernels.predictUpdate(windowScores, input: input, rows, count, count: dim, gradient: gradient)
        } else {
            for j in 0..<count {
                loss += Double(predict(input: input, row: rows[j]!, label: j == 0 ? 1 : 0, alpha: alpha))
            }
        }
        lossSum += loss
        predictions += Int64(count)
    }

    /// Turns the m x t scores in `windowScores` (t targets: the true word, then noise words) into the
    /// gradients' coefficients alpha (label - logistic(score)), in place; returns their summed
    /// negative log-likelihood.
    @inline(__always)
    private func scoresToGradients(_ m: Int, _ t: Int, alpha: Float) -> Double {
        var loss: Double = 0
        for i in 0..<m {
            for j in 0..<t {
                let label: Float = j == 0 ? 1 : 0
                let (probability, nll) = logistic(windowScores[i &* t &+ j], label: label)
                windowScores[i &* t &+ j] = (label - probability) * alpha
                loss += Double(nll)
            }
        }
        return loss
    }

    /// One logistic regression step of `input` against `row` with `label`: the row is updated at once,
    /// the input's gradient accumulates in `gradient`. Returns the negative log-likelihood.
    @inline(__always)
    private func predict(input: UnsafePointer<Float>, row: UnsafeMutablePointer<Float>, label: Float, alpha: Float) -> Float {
        let (probability, nll) = logistic(kernels.dot(input, row, count: weights.dim), label: label)
        let g = (label - probability) * alpha
        kernels.axpy(g, row, gradient, count: weights.dim)
        kernels.axpy(g, input, row, count: weights.dim)
        return nll
    }

    /// Above this many targets a prediction goes row by row rather than check for repeated draws.
    private static let maxBlockTargets = 32

    /// Whether a noise word occurs twice among the first `count` targets (the target itself never
    /// repeats: draws equal to it are skipped).
    @inline(__always)
    private static func targetsRepeat(_ targets: UnsafePointer<Int>, _ count: Int) -> Bool {
        var j = 2
        while j < count {
            for k in 1..<j where targets[k] == targets[j] { return true }
            j &+= 1
        }
        return false
    }

    /// Fills `targets` with `target` and then `negative` noise draws, skipping draws equal to the target
    /// (as word2vec), touches their output rows, and returns how many targets there are.
    @inline(__always)
    private func drawTargets(_ target: Int, negative: Int, noise: AliasTable, output: UnsafeMutablePointer<Float>) -> Int {
        targets[0] = target
        var count = 1
        for _ in 0..<negative {
            let word = noise.sample(&rng)
            if word != target { targets[count] = word; count &+= 1 }
        }
        for j in 0..<count { targetRows[j] = output + targets[j] &* weights.dim }
        touch(rows: targetRows, count: count, dim: weights.dim)
        return count
    }

    /// Reads one float from every cache line of the given rows, so their loads are in flight together.
    @inline(__always)
    func touch(rows: UnsafePointer<UnsafeMutablePointer<Float>?>, count: Int, dim: Int) {
        var sink: Float = 0
        for j in 0..<count {
            let row = rows[j].unsafelyUnwrapped
            var i = 0
            while i < dim {
                sink += row[i]
                i &+= 16
            }
        }
        touchSink = sink
    }

    /// Where `touch` leaves its sum, so the optimiser keeps the loads (per trainer: a shared global
    /// would bounce one cache line between the threads).
    @exclusivity(unchecked) private var touchSink: Float = 0

    /// Hierarchical softmax: one logistic regression per inner node on the target's Huffman path,
    /// labelled 1 - code (word2vec's convention). Node rows are updated at once; the gradient for the
    /// input is accumulated in `gradient`.
    @inline(__always)
    private func hierarchicalSoftmax(input: UnsafePointer<Float>, target: Int, alpha: Float, paths: HuffmanPaths) {
        let dim = weights.dim
        let nodes = weights.hsOutput!
        var loss: Double = 0
        let start = paths.offsets[target], end = paths.offsets[target &+ 1]
        for step in start..<end {
            // The path arrays are non-nil whenever a path has a step.
            let row = nodes + Int(paths.points.unsafelyUnwrapped[step]) &* dim
            let label: Float = paths.codes.unsafelyUnwrapped[step] == 0 ? 1 : 0
            loss += Double(predict(input: input, row: row, label: label, alpha: alpha))
        }
        lossSum += loss
        predictions += Int64(end - start)
    }

    @inline(__always)
    func logistic(_ f: Float, label: Float) -> (probability: Float, nll: Float) {
        LogisticTable.logistic(f, label: label, entries: logisticEntries)
    }
}

/// The context window: its size, and whether each center word draws a smaller reach (gensim's
/// shrink_windows).
struct Window {
    let size: Int
    let shrinks: Bool
}

enum TrainingLimits {
    /// Longer lines are trained in pieces of this many words (gensim's MAX_WORDS_IN_BATCH).
    static let maxSentenceWords = 10_000
}
