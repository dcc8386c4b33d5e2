/// Word vectors and what produced them: the vocabulary, the input vectors (the embeddings), the output
/// weights of negative sampling and of hierarchical softmax (absent for a model loaded from a word2vec
/// file, which stores only the input vectors), the parameters and the training position.
///
/// Sharing: while a model is trained its weights change under any reader; once training has stopped it
/// is read-only and every query is safe from many threads at once.
///
/// The vocabulary and the matrices change only when the vocabulary grows (`updateVocabulary`), which
/// must not overlap any other use of the model; so the runtime exclusivity checks are off for them.
public final class Model: @unchecked Sendable {
    @exclusivity(unchecked) public internal(set) var vocabulary: Vocabulary
    public let dim: Int
    @exclusivity(unchecked) public internal(set) var input: FloatMatrix
    /// Negative sampling's output weights (word2vec's syn1neg), one row per word.
    @exclusivity(unchecked) var output: FloatMatrix?
    /// Hierarchical softmax's weights (word2vec's syn1), one row per inner node of the Huffman tree.
    @exclusivity(unchecked) var hsOutput: FloatMatrix?
    public var parameters: TrainingParameters
    /// gensim's vectors_lockf: a learning-rate factor per input row (one column), applied to every
    /// update of that row; nil = all 1 (the default). Set by `setRowLearningRates`; saved by the native
    /// format.
    @exclusivity(unchecked) var rowLearningRates: FloatMatrix?
    /// The same for negative sampling's output rows and hierarchical softmax's node rows
    /// (`setLearningRates(_:of:)`); not saved: they serve a data-parallel host's run, as the sync base.
    @exclusivity(unchecked) var outputLearningRates: FloatMatrix?
    @exclusivity(unchecked) var nodeLearningRates: FloatMatrix?
    /// Phrases joined on the fly in file training (`setTrainingPhrases`), frozen; not saved.
    @exclusivity(unchecked) public internal(set) var trainingPhrases: Phrases?
    /// The weights at the last data-parallel sync (`takeSyncBase`), nil until one is taken.
    @exclusivity(unchecked) var syncBase: SyncBase?
    /// A subword (fastText) model's n-gram rows and bucket lists; nil for a word2vec model. With
    /// subwords, `input` holds the words' own rows and a word's vector is composed with its n-grams'
    /// (`wordVectors()`).
    @exclusivity(unchecked) public internal(set) var subwords: SubwordVectors?
    /// Training's position and shared tables (Training/TrainingState.swift).
    let training: TrainingState

    /// Unit-length copies of the input rows, made on the first query and dropped when training changes
    /// the weights.
    private let normalizedCache = Lock<FloatMatrix?>(nil)
    /// The bfloat16 copy of the unit rows that screens cosine scans (Query/ScreenedScan.swift), made on
    /// the first large one.
    private let screeningCache = Lock<Bfloat16Rows?>(nil)
    /// A subword model's composed word vectors, made on first use and dropped with the unit copies.
    private let composedCache = Lock<FloatMatrix?>(nil)

    /// A new model for training: input rows uniform in [-1/dim, 1/dim) from the seed (see
    /// `initializeInput`), output rows zero.
    public init(vocabulary: Vocabulary, parameters: TrainingParameters) throws(W2VError) {
        try parameters.validate()
        self.vocabulary = vocabulary
        self.dim = parameters.dim
        self.parameters = parameters
        input = try FloatMatrix(rows: vocabulary.count, columns: parameters.dim)
        output = parameters.negative > 0 ? try FloatMatrix(rows: vocabulary.count, columns: parameters.dim) : nil
        hsOutput = parameters.hierarchicalSoftmax ? try FloatMatrix(rows: max(1, vocabulary.count - 1), columns: parameters.dim) : nil
        training = TrainingState(epochWords: vocabulary.trainWords)
        var rng = SplitMix64(seed: parameters.seed)
        Self.initializeInput(input, rows: 0..<vocabulary.count, rng: &rng)
        if let settings = parameters.subwords {
            // As fastText, the n-gram rows start as the word rows do (drawn after them).
            let rows = try FloatMatrix(rows: settings.buckets, columns: parameters.dim)
            Self.initializeInput(rows, rows: 0..<settings.buckets, rng: &rng)
            subwords = SubwordVectors(vocabulary: vocabulary, settings: settings, rows: rows)
        }
    }

    /// Initial input vectors: uniform in [-1/dim, 1/dim), row after row from `rng`. This is gensim 4's
    /// range, twice word2vec.c's [-0.5/dim, 0.5/dim): with output weights starting at zero, the first
    /// updates grow with the input vectors, so the wider start learns faster. Measured on enwiki, 3
    /// epochs, 1 thread, seeds 1-3: CBOW 28.11% -> 29.05% analogy, skip-gram +0.3 (benchmarks/NOTES.md).
    static func initializeInput(_ input: FloatMatrix, rows: Range<Int>, rng: inout SplitMix64) {
        let scale = 2 / Float(input.columns)
        for i in (rows.lowerBound * input.columns)..<(rows.upperBound * input.columns) {
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
        self.hsOutput = nil
        self.training = TrainingState(epochWords: vocabulary.trainWords)
        var parameters = TrainingParameters()
        parameters.dim = vectors.columns
        self.parameters = parameters
    }

    /// Every part, as a native model file stores them (`output` / `hsOutput` as the parameters ask).
    public init(vocabulary: Vocabulary, parameters: TrainingParameters, input: FloatMatrix, output: FloatMatrix?,
                hsOutput: FloatMatrix?, subwords: SubwordVectors? = nil, wordsTrained: Int64, epochWords: Int64,
                fileTrainingCalls: UInt64, trainSteps: UInt64) {
        precondition(input.rows == vocabulary.count && input.columns == parameters.dim, "one vector per word")
        precondition((subwords == nil) == (parameters.subwords == nil), "n-gram rows exactly when the parameters ask for them")
        self.subwords = subwords
        self.vocabulary = vocabulary
        self.dim = parameters.dim
        self.parameters = parameters
        self.input = input
        self.output = output
        self.hsOutput = hsOutput
        training = TrainingState(epochWords: epochWords, wordsTrained: wordsTrained, fileTrainingCalls: fileTrainingCalls,
                                 trainSteps: trainSteps)
    }

    public var vocabularySize: Int { vocabulary.count }

    /// train_step calls made so far (each drew from its own random stream).
    var trainSteps: UInt64 { training.stepCounter.load(ordering: .relaxed) }
    /// Words processed by training so far, across calls.
    var wordsTrained: Int64 { training.wordsTrained }
    /// In-vocabulary words in one pass over the text the model trains on (see `TrainingState`).
    public var epochWords: Int64 { training.epochWords }
    /// Completed or stopped train_file calls.
    var fileTrainingCalls: UInt64 { training.fileTrainingCalls }

    /// Whether the model has output weights to train (not one loaded from a word2vec file).
    var isTrainable: Bool { output != nil || hsOutput != nil }

    /// Called by training before it changes the weights.
    func invalidateNormalized() {
        normalizedCache.withLock { $0 = nil }
        screeningCache.withLock { $0 = nil }
        composedCache.withLock { $0 = nil }
    }

    /// The screening copy of `unit` (this model's unit rows), or nil when it cannot be allocated: the
    /// scan then runs in one stage.
    func screeningRows(of unit: FloatMatrix) -> Bfloat16Rows? {
        screeningCache.withLock { cache in
            if let cache, cache.source === unit { return cache }
            cache = try? Bfloat16Rows(unit)
            return cache
        }
    }

    /// The unit-normalised word vectors (a zero vector stays zero), computed once and shared.
    func normalized() throws(W2VError) -> FloatMatrix {
        let vectors = try wordVectors()
        return try Self.cached(normalizedCache) { () throws(W2VError) -> FloatMatrix in
            let unit = try FloatMatrix(rows: vectors.rows, columns: dim)
            for r in 0..<vectors.rows {
                Kernels.normalize(vectors.row(r), into: unit.row(r), count: dim)
            }
            return unit
        }
    }

    /// The words' vectors: the input rows, or for a subword model each word's row composed with its
    /// n-grams' rows (computed once and shared until training changes them).
    public func wordVectors() throws(W2VError) -> FloatMatrix {
        guard let subwords else { return input }
        let input = self.input
        return try Self.cached(composedCache) { () throws(W2VError) -> FloatMatrix in
            try subwords.composedWordVectors(wordRows: input)
        }
    }

    /// The value in `cache`, made by `make` under its lock when there is none.
    private static func cached(_ cache: Lock<FloatMatrix?>, _ make: () throws(W2VError) -> FloatMatrix) throws(W2VError) -> FloatMatrix {
        try cache.withLock { (value: inout FloatMatrix?) throws(W2VError) -> FloatMatrix in
            if let value { return value }
            let made = try make()
            value = made
            return made
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

    /// Word i's own input row (for a subword model not composed with its n-grams: see `wordVectors`).
    func vector(_ i: Int) -> [Float] { input.rowArray(i) }
}
