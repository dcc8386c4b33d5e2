/// Data-parallel training: writable weight matrices, the sync base with deltas and their application,
/// checksums, and training a byte range of a file with a word budget. The mechanism lives in
/// Distributed/; this facade checks the model's state and hands it the parts.
extension Model {
    /// Every weight matrix of the model (absent ones nil).
    var weightSet: WeightSet { WeightSet(input: input, output: output, hsOutput: hsOutput) }

    /// The matrix of `kind`, or nil when the model has none (a word2vec file's model has no output
    /// weights; negative 0 has no output matrix; hs 0 no inner-node matrix).
    public func matrix(_ kind: WeightMatrix) -> FloatMatrix? { weightSet[kind] }

    /// Drops what queries cached of the weights, for a caller who writes them through a matrix view.
    public func weightsWereWritten() { invalidateNormalized() }

    /// XXH64 of the matrix's floats; nil when the model has no such matrix.
    public func checksum(_ kind: WeightMatrix) -> UInt64? { weightSet[kind].map(WeightsChecksum.of) }

    /// Copies every weight matrix as the base that deltas are taken against, replacing any earlier base.
    public func takeSyncBase() throws(W2VError) {
        try training.beginTraining()
        defer { training.endTraining() }
        syncBase = try SyncBase(snapshotOf: weightSet)
    }

    /// Drops the sync base, freeing its memory.
    public func dropSyncBase() {
        syncBase = nil
    }

    public var hasSyncBase: Bool { syncBase != nil }

    private func currentSyncBase() throws(W2VError) -> SyncBase {
        guard let syncBase else { throw .invalidArgument("the model has no sync base: take one first") }
        return syncBase
    }

    /// The rows of `kind` minus the base, row-major (see `SyncBase.delta`).
    public func syncDelta(_ kind: WeightMatrix, rows: Range<Int>, into out: UnsafeMutableBufferPointer<Float>) throws(W2VError) {
        try training.beginTraining()
        defer { training.endTraining() }
        try currentSyncBase().delta(kind, of: weightSet, rows: rows, into: out)
    }

    /// 1 for each row of `kind` in `rows` that differs from the base, else 0 (see `SyncBase.touched`).
    public func syncTouched(_ kind: WeightMatrix, rows: Range<Int>, into out: UnsafeMutableBufferPointer<UInt32>) throws(W2VError) {
        try training.beginTraining()
        defer { training.endTraining() }
        try currentSyncBase().touched(kind, of: weightSet, rows: rows, into: out)
    }

    /// Sets the rows to base + scale x `deltaSum` in the model and the base (see `SyncBase.apply`).
    public func syncApply(_ kind: WeightMatrix, rows: Range<Int>, deltaSum: UnsafeBufferPointer<Float>,
                          scale: DeltaScale, touched: UnsafeBufferPointer<UInt32>?) throws(W2VError) {
        try training.beginTraining()
        defer { training.endTraining() }
        let base = try currentSyncBase()
        invalidateNormalized()
        try base.apply(kind, to: weightSet, rows: rows, deltaSum: deltaSum, scale: scale, touched: touched)
    }

    /// Trains the bytes `range` of a text file on the calling thread until `maxWords` in-vocabulary
    /// words were consumed (0 = no budget), stopping where a sentence or a 10,000-word piece ends; see
    /// `RangeTrainer`. Both ends of `range` are moved forward to word starts (`CorpusFile.wordAligned`;
    /// an offset this returned is one already), so ranges that meet anywhere share no word. Each call
    /// draws from its own random stream, numbered with the train-step calls.
    public func train(file path: BytePath, range: Range<Int>, progress: ClosedRange<Double>,
                      maxWords: Int64) throws(W2VError) -> RangeTrainingResult {
        if !(0...1).contains(progress.lowerBound) || !(0...1).contains(progress.upperBound) {
            throw .invalidArgument("progress \(progress.lowerBound)...\(progress.upperBound) is outside [0, 1]")
        }
        if maxWords < 0 { throw .invalidArgument("max_words \(maxWords) is negative") }
        if subwords != nil {
            throw .invalidArgument("range training of subword models (max_n > 0) is not supported yet: the sync calls do not cover their n-gram rows")
        }
        try training.checkCounters(fileTraining: true)
        try training.beginTraining()
        defer { training.endTraining() }
        let (context, hogwild, kernels) = try trainingContext()
        let corpus = CorpusFile(path: path)
        let bytes = try corpus.wordAligned(range)
        invalidateNormalized()
        let call = training.stepCounter.add(1, ordering: .relaxed).oldValue
        let trainer = RangeTrainer(corpus: corpus, vocabulary: vocabulary,
                                   trainer: SentenceTrainer(weights: hogwild, context: context, kernels: kernels,
                                                            seed: TrainingStreams.seed(parameters.seed, stream: call, salt: TrainingStreams.rangeSalt)),
                                   schedule: LearningRate(parameters))
        let result = try trainer.train(range: bytes, progress: progress, maxWords: maxWords)
        training.addWordsTrained(result.words)
        return result
    }
}
