/// The output side of one training thread, shared by word2vec's trainer and the subword one: an input
/// vector (a word's row, CBOW's mean of the context, a subword model's mean of a word's rows) predicts
/// a target word by negative sampling (the target labelled 1 against noise draws labelled 0) and/or
/// hierarchical softmax (one logistic regression per node of the target's Huffman path). Output rows
/// are updated at once; the gradient for the input is summed into the caller's accumulator, which the
/// caller applies to its input rows. Everything runs on the chosen kernel level. Owns the scratch of
/// these steps and the loss counters; the random stream stays the trainer's.
final class Predictor {
    let kernels: VectorKernels
    let dim: Int
    /// Negative sampling's output rows (nil when negative = 0), hierarchical softmax's node rows (nil
    /// when it is off).
    private let output: UnsafeMutablePointer<Float>?
    private let nodes: UnsafeMutablePointer<Float>?
    /// Learning-rate factors of the output and node rows (nil = all 1; see `HogwildWeights.factors`).
    private let outputFactors: UnsafePointer<Float>?
    private let nodeFactors: UnsafePointer<Float>?
    /// The current targets (the true word, then the noise words) and their output rows.
    let targets: UnsafeMutablePointer<Int>
    let targetRows: UnsafeMutablePointer<UnsafeMutablePointer<Float>?>
    /// Scores of up to `inputsPerBlock` inputs against the targets, turned into gradient coefficients
    /// in place (row-major: input i, target j at i * t + j).
    let scores: UnsafeMutablePointer<Float>
    /// One input's gradient, when output factors scale the rows' updates but not it.
    private let inputGradient: UnsafeMutablePointer<Float>
    /// Negative log-likelihood summed over predictions, and their number, since the last `takeLoss`.
    @exclusivity(unchecked) var lossSum: Double = 0
    @exclusivity(unchecked) var predictions: Int64 = 0
    /// LogisticTable.shared's entries, held here so the hot loops skip the global's lazy-init check.
    private let logisticEntries = LogisticTable.shared.entries
    /// Where `touch` leaves its sum, so the optimiser keeps the loads (per thread: a shared global
    /// would bounce one cache line between the threads).
    @exclusivity(unchecked) private var touchSink: Float = 0

    /// `inputsPerBlock`: how many inputs a caller scores together against one draw of targets (1 unless
    /// it uses `scores` for a block product, as skip-gram with shared negatives does).
    init(weights: HogwildWeights, kernels: VectorKernels, negative: Int, inputsPerBlock: Int) {
        self.kernels = kernels
        dim = weights.dim
        output = weights.output
        nodes = weights.hsOutput
        outputFactors = weights.outputFactors
        nodeFactors = weights.nodeFactors
        targets = .allocate(capacity: negative + 1)
        targetRows = .allocate(capacity: negative + 1)
        scores = .allocate(capacity: max(1, inputsPerBlock * (negative + 1)))
        inputGradient = .allocate(capacity: max(1, dim))
    }

    deinit {
        targets.deallocate()
        targetRows.deallocate()
        scores.deallocate()
        inputGradient.deallocate()
    }

    /// Returns and resets the loss accumulated since the last call.
    func takeLoss() -> (sum: Double, predictions: Int64) {
        defer { lossSum = 0; predictions = 0 }
        return (lossSum, predictions)
    }

    /// One logistic regression: `target` labelled 1 and `negative` noise words labelled 0 (a draw equal
    /// to the target is skipped, as word2vec does), drawn here, scored against `input` (see `predict`).
    @inline(__always)
    func negativeSampling(input: UnsafePointer<Float>, gradient: UnsafeMutablePointer<Float>, target: Int, alpha: Float,
                          negative: Int, noise: AliasTable, rng: inout SplitMix64) {
        // Draw every noise word first (the random stream is the same as drawing them one by one) and
        // touch their rows, so the cache misses on these scattered rows overlap instead of each
        // stalling its own dot product.
        let count = drawTargets(target, negative: negative, noise: noise, rng: &rng)
        predict(input: input, gradient: gradient, targets, targetRows, count, alpha: alpha)
    }

    /// The logistic regressions of `input` against `count` targets (`words`, at output rows `rows`), the
    /// first labelled 1 and the rest (noise words) 0: output rows updated at once, the input's gradient
    /// summed into `gradient`. The scores are one block product and the updates one pass, unless a
    /// noise word was drawn twice: its second score must see its first update, so then (and for very
    /// many noise words, where the check would cost more) it goes row by row. With output factors each
    /// row's update is multiplied by its factor, the input's gradient is not.
    @inline(__always)
    func predict(input: UnsafePointer<Float>, gradient: UnsafeMutablePointer<Float>, _ words: UnsafePointer<Int>,
                 _ rows: UnsafePointer<UnsafeMutablePointer<Float>?>, _ count: Int, alpha: Float) {
        var loss: Double = 0
        if count <= Self.maxBlockTargets && !Self.targetsRepeat(words, count) {
            withUnsafePointer(to: UnsafeMutablePointer(mutating: input)) { row in
                kernels.scores(row, 1, rows, count, count: dim, into: scores)
            }
            loss = scoresToGradients(1, count, alpha: alpha)
            if let outputFactors {
                // The input's gradient from the coefficients as they are, then each row's update times its factor.
                kernels.gradients(scores, 1, rows, count, count: dim, into: inputGradient)
                kernels.axpy(1, inputGradient, gradient, count: dim)
                for j in 0..<count { scores[j] *= outputFactors[words[j]] }
                withUnsafePointer(to: UnsafeMutablePointer(mutating: input)) { row in
                    kernels.updateTargets(scores, row, 1, rows, count, count: dim)
                }
            } else {
                kernels.predictUpdate(scores, input: input, rows, count, count: dim, gradient: gradient)
            }
        } else {
            for j in 0..<count {
                loss += Double(predict(input: input, row: rows[j]!, label: j == 0 ? 1 : 0, alpha: alpha, gradient: gradient,
                                       factor: outputFactors?[words[j]] ?? 1))
            }
        }
        lossSum += loss
        predictions += Int64(count)
    }

    /// Hierarchical softmax: one logistic regression per inner node on `target`'s Huffman path,
    /// labelled 1 - code (word2vec's convention), scored against `input`; node rows updated at once,
    /// the input's gradient summed into `gradient`.
    @inline(__always)
    func hierarchicalSoftmax(input: UnsafePointer<Float>, gradient: UnsafeMutablePointer<Float>, target: Int, alpha: Float,
                             paths: HuffmanPaths) {
        let nodes = nodes!
        var loss: Double = 0
        let start = paths.offsets[target], end = paths.offsets[target &+ 1]
        for step in start..<end {
            // The path arrays are non-nil whenever a path has a step.
            let node = Int(paths.points.unsafelyUnwrapped[step])
            let label: Float = paths.codes.unsafelyUnwrapped[step] == 0 ? 1 : 0
            loss += Double(predict(input: input, row: nodes + node &* dim, label: label, alpha: alpha, gradient: gradient,
                                   factor: nodeFactors?[node] ?? 1))
        }
        lossSum += loss
        predictions += Int64(end - start)
    }

    /// Fills `targets` with `target` and then `negative` noise draws, skipping draws equal to the target
    /// (as word2vec), sets `targetRows` to their output rows and touches them; returns how many targets
    /// there are.
    @inline(__always)
    func drawTargets(_ target: Int, negative: Int, noise: AliasTable, rng: inout SplitMix64) -> Int {
        let output = output!
        targets[0] = target
        var count = 1
        for _ in 0..<negative {
            let word = noise.sample(&rng)
            if word != target { targets[count] = word; count &+= 1 }
        }
        for j in 0..<count { targetRows[j] = output + targets[j] &* dim }
        touch(rows: targetRows, count: count)
        return count
    }

    /// Turns the m x t scores in `scores` (t targets: the true word, then noise words) into the
    /// gradients' coefficients alpha (label - logistic(score)), in place; returns their summed
    /// negative log-likelihood.
    @inline(__always)
    func scoresToGradients(_ m: Int, _ t: Int, alpha: Float) -> Double {
        var loss: Double = 0
        for i in 0..<m {
            for j in 0..<t {
                let label: Float = j == 0 ? 1 : 0
                let (probability, nll) = logistic(scores[i &* t &+ j], label: label)
                scores[i &* t &+ j] = (label - probability) * alpha
                loss += Double(nll)
            }
        }
        return loss
    }

    /// One logistic regression step of `input` against `row` with `label`: the row is updated at once
    /// (times its learning-rate `factor`), the input's gradient accumulates in `gradient`. Returns the
    /// negative log-likelihood.
    @inline(__always)
    private func predict(input: UnsafePointer<Float>, row: UnsafeMutablePointer<Float>, label: Float, alpha: Float,
                         gradient: UnsafeMutablePointer<Float>, factor: Float) -> Float {
        let (probability, nll) = logistic(kernels.dot(input, row, count: dim), label: label)
        let g = (label - probability) * alpha
        kernels.axpy(g, row, gradient, count: dim)
        kernels.axpy(g * factor, input, row, count: dim)
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

    /// Reads one float from every cache line of the given rows, so their loads are in flight together.
    @inline(__always)
    private func touch(rows: UnsafePointer<UnsafeMutablePointer<Float>?>, count: Int) {
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

    @inline(__always)
    private func logistic(_ f: Float, label: Float) -> (probability: Float, nll: Float) {
        LogisticTable.logistic(f, label: label, entries: logisticEntries)
    }
}
