/// One thread's training loop for a subword (fastText) model: as `SentenceTrainer` (subsampling, the
/// random window, negative sampling and/or hierarchical softmax), but a word's input is the mean of
/// its own row and its n-grams' bucket rows, and the gradient of that mean is added whole to each of
/// them (as fastText and gensim do for unsupervised models: not divided by their number).
///
/// Skip-gram follows fastText's direction: the center word's representation predicts each context
/// word. Unlike fastText, which recomputes the mean and updates the rows after every (center, context)
/// pair, the mean is computed once per center word and the gradients of its context predictions are
/// summed and applied once: the n-gram rows are the cost of subwords, and this reads and writes them
/// once per center word instead of once per pair. Output rows are updated at once, as in fastText.
///
/// CBOW: the mean over the rows of every context word (own rows and n-gram rows together, fastText's
/// bag) predicts the center word; each of those rows receives the whole gradient. `cbow_mean` is
/// ignored (fastText has no sum mode).
///
/// The predictions themselves are word2vec's (`Predictor`, with the mean as the input), and every
/// vector operation runs on the chosen kernel level.
final class SubwordTrainer: SentenceTraining {
    let weights: HogwildWeights
    let subwords: SubwordRows
    let context: TrainingContext
    let kernels: VectorKernels
    @exclusivity(unchecked) var rng: SplitMix64
    private let predictor: Predictor
    /// The mean of the input's rows, and the gradient for each of them.
    private let hidden: UnsafeMutablePointer<Float>
    private let gradient: UnsafeMutablePointer<Float>
    @exclusivity(unchecked) private var kept: [Int32] = []

    init(weights: HogwildWeights, subwords: SubwordRows, context: TrainingContext, kernels: VectorKernels, seed: UInt64) {
        self.weights = weights
        self.subwords = subwords
        self.context = context
        self.kernels = kernels
        self.rng = SplitMix64(seed: seed)
        predictor = Predictor(weights: weights, kernels: kernels, negative: context.parameters.negative, inputsPerBlock: 1)
        hidden = .allocate(capacity: weights.dim)
        gradient = .allocate(capacity: weights.dim)
        kept.reserveCapacity(TrainingLimits.maxSentenceWords)
    }

    deinit {
        hidden.deallocate()
        gradient.deallocate()
    }

    func takeLoss() -> (sum: Double, predictions: Int64) {
        predictor.takeLoss()
    }

    func train(sentence: UnsafeBufferPointer<Int32>, alpha: Float) {
        context.subsampler.keep(sentence, into: &kept, rng: &rng)
        if kept.count < 2 { return }
        let parameters = context.parameters
        let window = Window(size: parameters.window, shrinks: parameters.shrinkWindows)
        context.sampler.withTable { noise in
            context.withPaths { paths in
                subwords.table.buckets.withUnsafeBufferPointer { buckets in
                    subwords.table.offsets.withUnsafeBufferPointer { offsets in
                        kept.withUnsafeBufferPointer { words in
                            let lists = BucketLists(buckets: buckets.baseAddress!, offsets: offsets.baseAddress!)
                            switch parameters.architecture {
                            case .skipGram:
                                trainSkipGram(words, lists: lists, alpha: alpha, window: window, noise: noise, paths: paths)
                            case .cbow:
                                trainCBOW(words, lists: lists, alpha: alpha, window: window, noise: noise, paths: paths)
                            }
                        }
                    }
                }
            }
        }
    }

    private func trainSkipGram(_ words: UnsafeBufferPointer<Int32>, lists: BucketLists, alpha: Float, window: Window,
                               noise: AliasTable, paths: HuffmanPaths?) {
        let dim = weights.dim
        let negative = context.parameters.negative
        let n = words.count
        for pos in 0..<n {
            let center = Int(words[pos])
            let (lo, hi) = SentenceTrainer.contextBounds(pos, count: n, window: window, &rng)
            hidden.update(repeating: 0, count: dim)
            let rows = addRows(of: center, lists: lists, into: hidden)
            scaleHidden(by: 1 / Float(rows))
            gradient.update(repeating: 0, count: dim)
            for c in lo...hi where c != pos {
                let target = Int(words[c])
                predict(target, alpha: alpha, negative: negative, noise: noise, paths: paths)
            }
            addGradient(to: center, lists: lists)
        }
    }

    private func trainCBOW(_ words: UnsafeBufferPointer<Int32>, lists: BucketLists, alpha: Float, window: Window,
                           noise: AliasTable, paths: HuffmanPaths?) {
        let dim = weights.dim
        let negative = context.parameters.negative
        let n = words.count
        for pos in 0..<n {
            let center = Int(words[pos])
            let (lo, hi) = SentenceTrainer.contextBounds(pos, count: n, window: window, &rng)
            hidden.update(repeating: 0, count: dim)
            var rows = 0
            for c in lo...hi where c != pos {
                rows += addRows(of: Int(words[c]), lists: lists, into: hidden)
            }
            if rows == 0 { continue }
            scaleHidden(by: 1 / Float(rows))
            gradient.update(repeating: 0, count: dim)
            predict(center, alpha: alpha, negative: negative, noise: noise, paths: paths)
            for c in lo...hi where c != pos {
                addGradient(to: Int(words[c]), lists: lists)
            }
        }
    }

    /// `hidden` predicts `target`: hierarchical softmax, then negative sampling, as configured; the
    /// gradient accumulates in `gradient`.
    @inline(__always)
    private func predict(_ target: Int, alpha: Float, negative: Int, noise: AliasTable, paths: HuffmanPaths?) {
        if let paths { predictor.hierarchicalSoftmax(input: hidden, gradient: gradient, target: target, alpha: alpha, paths: paths) }
        if negative > 0 {
            predictor.negativeSampling(input: hidden, gradient: gradient, target: target, alpha: alpha, negative: negative,
                                       noise: noise, rng: &rng)
        }
    }

    @inline(__always)
    private func scaleHidden(by factor: Float) {
        for d in 0..<weights.dim { hidden[d] *= factor }
    }

    /// Adds word `word`'s own row and its bucket rows to `sum`; returns how many rows that was.
    @inline(__always)
    private func addRows(of word: Int, lists: BucketLists, into sum: UnsafeMutablePointer<Float>) -> Int {
        let dim = weights.dim
        kernels.axpy(1, weights.input + word &* dim, sum, count: dim)
        let start = lists.offsets[word], end = lists.offsets[word &+ 1]
        for i in start..<end {
            kernels.axpy(1, subwords.rows + Int(lists.buckets[i]) &* dim, sum, count: dim)
        }
        return 1 &+ end &- start
    }

    /// Adds `gradient` to word `word`'s own row (times its learning-rate factor, when the model has
    /// factors) and to each of its bucket rows.
    @inline(__always)
    private func addGradient(to word: Int, lists: BucketLists) {
        let dim = weights.dim
        kernels.axpy(weights.lockFactors?[word] ?? 1, gradient, weights.input + word &* dim, count: dim)
        let start = lists.offsets[word], end = lists.offsets[word &+ 1]
        for i in start..<end {
            kernels.axpy(1, gradient, subwords.rows + Int(lists.buckets[i]) &* dim, count: dim)
        }
    }
}

/// Raw views of a `SubwordTable`'s lists, valid while the trainer holds the arrays.
private struct BucketLists {
    let buckets: UnsafePointer<Int32>
    let offsets: UnsafePointer<Int>
}

/// A subword model's n-gram rows as training shares them (Hogwild, as `HogwildWeights`), with the table
/// of each word's buckets.
struct SubwordRows: @unchecked Sendable {
    let rows: UnsafeMutablePointer<Float>
    let table: SubwordTable
}

/// What file training and train-step need of a per-thread trainer, word2vec's or the subword one.
protocol SentenceTraining: AnyObject {
    func train(sentence: UnsafeBufferPointer<Int32>, alpha: Float)
    func takeLoss() -> (sum: Double, predictions: Int64)
}

extension SentenceTrainer: SentenceTraining {}

/// The trainer for one thread: the subword trainer when the weights carry n-gram rows, else word2vec's.
func makeSentenceTrainer(weights: HogwildWeights, context: TrainingContext, kernels: VectorKernels, seed: UInt64) -> any SentenceTraining {
    if let subwords = weights.subwords {
        return SubwordTrainer(weights: weights, subwords: subwords, context: context, kernels: kernels, seed: seed)
    }
    return SentenceTrainer(weights: weights, context: context, kernels: kernels, seed: seed)
}
