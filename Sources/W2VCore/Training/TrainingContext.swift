/// What every training thread of one model shares besides the weights: the noise sampler and the
/// subsampling table, both derived from the vocabulary counts and the parameters, built once.
public final class TrainingContext: @unchecked Sendable {
    public let sampler: NoiseSampler
    public let subsampler: Subsampler
    public let parameters: TrainingParameters

    public init(vocabulary: Vocabulary, parameters: TrainingParameters) throws(W2VError) {
        sampler = try NoiseSampler(counts: vocabulary.counts, exponent: parameters.nsExponent)
        subsampler = Subsampler(counts: vocabulary.counts, trainWords: vocabulary.trainWords, sample: parameters.sample)
        self.parameters = parameters
    }
}

/// The model's weights as raw pointers shared by all training threads. This is the one place where
/// threads write the same memory without locks: Hogwild (Recht et al. 2011) — concurrent sparse updates
/// to different rows rarely collide, and a lost update costs nothing measurable in quality.
struct HogwildWeights: @unchecked Sendable {
    let input: UnsafeMutablePointer<Float>
    let output: UnsafeMutablePointer<Float>
    let dim: Int
}
