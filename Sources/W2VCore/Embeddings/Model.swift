import Synchronization

/// Word vectors and what produced them: the vocabulary, the input vectors (the embeddings), the output
/// weights of negative sampling (absent for a model loaded from a word2vec file, which stores only the
/// input vectors) and the parameters.
///
/// Sharing: while a model is trained its weights change under any reader; once training has stopped it
/// is read-only and every query is safe from many threads at once.
public final class Model: @unchecked Sendable {
    public let vocabulary: Vocabulary
    public let dim: Int
    public let input: FloatMatrix
    public let output: FloatMatrix?
    public var parameters: TrainingParameters
    /// Words processed by training so far, across calls (for the learning-rate schedule of train_file).
    public var wordsTrained: Int64 = 0

    /// Unit-length copies of the input rows, made on the first query and dropped when training changes
    /// the weights.
    private let normalizedCache = Mutex<FloatMatrix?>(nil)
    /// Noise sampler and subsampling table, built by the first training call.
    let trainingContextCache = Mutex<TrainingContext?>(nil)
    /// Numbers the train-step calls, so each call draws from its own random stream.
    let stepCounter = Atomic<UInt64>(0)

    /// A new model for training: input rows uniform in [-0.5/dim, 0.5/dim) from the seed, output rows
    /// zero, as word2vec initialises them.
    public init(vocabulary: Vocabulary, parameters: TrainingParameters) throws(W2VError) {
        try parameters.validate()
        self.vocabulary = vocabulary
        self.dim = parameters.dim
        self.parameters = parameters
        input = try FloatMatrix(rows: vocabulary.count, columns: parameters.dim)
        output = try FloatMatrix(rows: vocabulary.count, columns: parameters.dim)
        var rng = SplitMix64(seed: parameters.seed)
        let scale = 1 / Float(parameters.dim)
        for i in 0..<input.count {
            input.base[i] = (rng.nextUnitFloat() - 0.5) * scale
        }
    }

    /// A model from stored vectors (a word2vec file): no output weights, so it can be queried, not trained.
    public init(vocabulary: Vocabulary, vectors: FloatMatrix) {
        precondition(vectors.rows == vocabulary.count, "one vector per word")
        self.vocabulary = vocabulary
        self.dim = vectors.columns
        self.input = vectors
        self.output = nil
        var parameters = TrainingParameters()
        parameters.dim = vectors.columns
        self.parameters = parameters
    }

    public var vocabularySize: Int { vocabulary.count }

    /// Called by training before it changes the weights.
    public func invalidateNormalized() {
        normalizedCache.withLock { $0 = nil }
    }

    /// The unit-normalised input vectors (a zero vector stays zero), computed once and shared.
    public func normalized() throws(W2VError) -> FloatMatrix {
        let result: Result<FloatMatrix, W2VError> = normalizedCache.withLock { cache in
            if let cache { return .success(cache) }
            do throws(W2VError) {
                let unit = try FloatMatrix(rows: input.rows, columns: dim)
                for r in 0..<input.rows {
                    Kernels.normalize(input.row(r), into: unit.row(r), count: dim)
                }
                cache = unit
                return .success(unit)
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let unit): return unit
        case .failure(let error): throw error
        }
    }

    /// The index of `word`, or a not-found error that names it.
    public func index(of word: UnsafeBufferPointer<UInt8>) throws(W2VError) -> Int {
        guard let i = vocabulary.index(of: word) else {
            throw .notFound("word '\(String(decoding: word, as: UTF8.self))' is not in the vocabulary")
        }
        return i
    }

    public func index(of word: String) throws(W2VError) -> Int {
        guard let i = vocabulary.index(of: word) else {
            throw .notFound("word '\(word)' is not in the vocabulary")
        }
        return i
    }

    public func vector(_ i: Int) -> [Float] { input.rowArray(i) }
}
