/// The learning rate falls linearly from `alpha` to `minAlpha` over the whole run (all epochs) as a
/// function of the fraction of training words processed, as in word2vec and gensim.
public struct LearningRate: Sendable {
    public let alpha: Double
    let minAlpha: Double

    public init(alpha: Double, minAlpha: Double) {
        self.alpha = alpha
        self.minAlpha = minAlpha
    }

    public init(_ parameters: TrainingParameters) {
        self.init(alpha: parameters.alpha, minAlpha: parameters.minAlpha)
    }

    /// The rate at `progress` in [0, 1] (clamped).
    @inline(__always)
    public func at(progress: Double) -> Double {
        let p = progress.isNaN ? 0 : min(max(progress, 0), 1)
        return alpha - (alpha - minAlpha) * p
    }
}
