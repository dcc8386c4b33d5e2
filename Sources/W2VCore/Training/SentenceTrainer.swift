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
    /// The output side: negative sampling and hierarchical softmax, their scratch and the loss.
    private let predictor: Predictor
    /// Mean of the context vectors (CBOW), and the gradient for the input rows.
    private let hidden: UnsafeMutablePointer<Float>
    private let gradient: UnsafeMutablePointer<Float>
    /// Skip-gram with shared negatives: one gradient row per context word.
    private let windowGradients: UnsafeMutablePointer<Float>
    /// The input rows of a window's context words: an operand of the block products.
    private let contextRows: UnsafeMutablePointer<UnsafeMutablePointer<Float>?>
    /// CBOW's and shared-negative skip-gram's draws, made a few positions ahead.
    private let draws: PositionDraws
    /// Words of the current sentence that survived subsampling.
    @exclusivity(unchecked) private var kept: [Int32] = []

    init(weights: HogwildWeights, context: TrainingContext, kernels: VectorKernels, seed: UInt64) {
        self.weights = weights
        self.context = context
        self.kernels = kernels
        self.rng = SplitMix64(seed: seed)
        let span = 2 * context.parameters.window
        predictor = Predictor(weights: weights, kernels: kernels, negative: context.parameters.negative, inputsPerBlock: span)
        hidden = .allocate(capacity: weights.dim)
        gradient = .allocate(capacity: weights.dim)
        windowGradients = .allocate(capacity: span * weights.dim)
        contextRows = .allocate(capacity: span)
        draws = PositionDraws(negative: context.parameters.negative)
        kept.reserveCapacity(TrainingLimits.maxSentenceWords)
    }

    deinit {
        hidden.deallocate()
        gradient.deallocate()
        windowGradients.deallocate()
        contextRows.deallocate()
        draws.deallocate()
    }

    /// Returns and resets the loss accumulated since the last call.
    func takeLoss() -> (sum: Double, predictions: Int64) {
        predictor.takeLoss()
    }

    /// Trains on one sentence (at most `maxSentenceWords` indices, all valid rows) at learning rate `alpha`.
    func train(sentence: UnsafeBufferPointer<Int32>, alpha: Float) {
        context.subsampler.keep(sentence, into: &kept, rng: &rng)
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
                if let paths { predictor.hierarchicalSoftmax(input: row, gradient: gradient, target: center, alpha: alpha, paths: paths) }
                if negative > 0 {
                    predictor.negativeSampling(input: row, gradient: gradient, target: center, alpha: alpha, negative: negative,
                                               noise: noise, rng: &rng)
                }
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
            let t = drawn.count, targetRows = drawn.rows, windowScores = predictor.scores
            var m = 0
            for c in lo...hi where c != pos {
                contextRows[m] = weights.input + Int(words[c]) &* dim
                m &+= 1
            }
            kernels.scores(contextRows, m, targetRows, t, count: dim, into: windowScores)
            let loss = predictor.scoresToGradients(m, t, alpha: alpha)
            kernels.gradients(windowScores, m, targetRows, t, count: dim, into: windowGradients)
            if let factors = weights.outputFactors { Self.scaleColumns(windowScores, m, t, by: factors, of: drawn.words) }
            kernels.updateTargets(windowScores, contextRows, m, targetRows, t, count: dim)
            var i = 0
            for c in lo...hi where c != pos {
                updateInput(Int(words[c]), contextRows[i]!, by: windowGradients + i &* dim)
                i &+= 1
            }
            predictor.lossSum += loss
            predictor.predictions += Int64(m * t)
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
            if let paths { predictor.hierarchicalSoftmax(input: hidden, gradient: gradient, target: center, alpha: alpha, paths: paths) }
            if negative > 0 { predictor.predict(input: hidden, gradient: gradient, drawn.words, drawn.rows, drawn.count, alpha: alpha) }
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

    /// Multiplies column j of the m x t coefficients `g` by target j's output learning-rate factor, once
    /// the input gradients are taken, so that only the output rows' updates are scaled.
    private static func scaleColumns(_ g: UnsafeMutablePointer<Float>, _ m: Int, _ t: Int, by factors: UnsafePointer<Float>,
                                     of targets: UnsafePointer<Int>) {
        for j in 0..<t {
            let factor = factors[targets[j]]
            for i in 0..<m { g[i &* t &+ j] *= factor }
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
