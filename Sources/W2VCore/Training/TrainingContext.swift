/// What every training thread of one model shares besides the weights: the noise sampler and the
/// subsampling table, both derived from the vocabulary counts and the parameters, built once.
final class TrainingContext: @unchecked Sendable {
    let sampler: NoiseSampler
    let subsampler: Subsampler
    /// The Huffman tree of hierarchical softmax, when it is on.
    let tree: HuffmanTree?
    public let parameters: TrainingParameters

    init(vocabulary: Vocabulary, parameters: TrainingParameters) throws(W2VError) {
        sampler = try NoiseSampler(counts: vocabulary.counts, exponent: parameters.nsExponent)
        subsampler = Subsampler(counts: vocabulary.counts, trainWords: vocabulary.trainWords, sample: parameters.sample)
        tree = parameters.hierarchicalSoftmax ? HuffmanTree(counts: vocabulary.counts) : nil
        self.parameters = parameters
    }

    /// Runs `body` with raw views of the Huffman paths (nil when hierarchical softmax is off).
    func withPaths<R>(_ body: (HuffmanPaths?) -> R) -> R {
        guard let tree else { return body(nil) }
        return tree.codes.withUnsafeBufferPointer { codes in
            tree.points.withUnsafeBufferPointer { points in
                tree.offsets.withUnsafeBufferPointer { offsets in
                    body(HuffmanPaths(codes: codes.baseAddress, points: points.baseAddress, offsets: offsets.baseAddress!))
                }
            }
        }
    }
}

/// Borrowed raw view of a `HuffmanTree`, valid inside `withPaths`.
struct HuffmanPaths {
    let codes: UnsafePointer<UInt8>?
    let points: UnsafePointer<Int32>?
    let offsets: UnsafePointer<Int>
}

/// Per-row learning-rate factors of the three weight matrices, as training reads them (nil = all 1).
struct RowFactors {
    var input: UnsafePointer<Float>? = nil
    var output: UnsafePointer<Float>? = nil
    var nodes: UnsafePointer<Float>? = nil
}

/// The model's weights as raw pointers shared by all training threads. This is the one place where
/// threads write the same memory without locks: Hogwild (Recht et al. 2011) — concurrent sparse updates
/// to different rows rarely collide, and a lost update costs nothing measurable in quality.
struct HogwildWeights: @unchecked Sendable {
    let input: UnsafeMutablePointer<Float>
    /// Negative sampling's output rows (nil when negative = 0).
    let output: UnsafeMutablePointer<Float>?
    /// Hierarchical softmax's inner-node rows (nil when it is off).
    let hsOutput: UnsafeMutablePointer<Float>?
    let dim: Int
    /// Learning-rate factors per row, multiplying every update of that row; nil = every factor 1, the
    /// default, which costs nothing. The input's are gensim's vectors_lockf (0 freezes a row); the
    /// output and node rows' let a data-parallel host train the rows it sums at the normal rate and
    /// those it averages at N times it.
    var factors = RowFactors()
    var lockFactors: UnsafePointer<Float>? { factors.input }
    var outputFactors: UnsafePointer<Float>? { factors.output }
    var nodeFactors: UnsafePointer<Float>? { factors.nodes }
    /// A subword model's n-gram rows and bucket lists (nil for a word2vec model); see `SubwordTrainer`.
    var subwords: SubwordRows? = nil
}
