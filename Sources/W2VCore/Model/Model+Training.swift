/// What one training call did.
public struct TrainingStepResult: Equatable, Sendable {
    /// In-vocabulary words consumed (before subsampling), the unit of training progress.
    public var words: Int64
    /// Mean negative log-likelihood per prediction (true word or noise word), 0 when none was made.
    public var meanLoss: Double
}

/// Training entry points: file training, host-driven steps, continued-training settings. The
/// algorithms live in Training/; this facade hands them the model's weights, tables and vocabulary.
extension Model {
    static let notTrainable = W2VError.invalidArgument(
        "this model has no output weights (it was loaded from a word2vec file, which stores only the word vectors), so it cannot be trained")

    /// The shared sampler tables, built on first use, and the kernels of the level the `kernels`
    /// parameter selects. Fails for a model without output weights, and for a level the CPU lacks.
    func trainingContext() throws(W2VError) -> (TrainingContext, HogwildWeights, VectorKernels) {
        guard isTrainable else { throw Self.notTrainable }
        let kernels = VectorKernels(try kernelLevel())
        let context = try training.context(vocabulary: vocabulary, parameters: parameters)
        return (context, HogwildWeights(input: input.base, output: output?.base, hsOutput: hsOutput?.base, dim: dim,
                                        factors: rowFactors,
                                        subwords: subwords.map { SubwordRows(rows: $0.rows.base, table: $0.table) }), kernels)
    }

    /// The kernel level training this model uses now (see `KernelLevel.resolve`).
    func kernelLevel() throws(W2VError) -> KernelLevel {
        try KernelLevel.resolve(requested: parameters.kernels)
    }

    /// One SGD pass over sentences the host supplies, as word indices (`words` holds the sentences one
    /// after another, `lengths` their sizes), at the learning rate for `progress` in [0, 1]. Sentences
    /// longer than 10,000 words are trained in pieces. Several threads may call this on one model at
    /// once (Hogwild); each call draws from its own random stream, numbered in call order.
    public func trainStep(words: UnsafeBufferPointer<Int32>, lengths: [Int], progress: Double) throws(W2VError) -> TrainingStepResult {
        if !(0...1).contains(progress) { throw .invalidArgument("progress \(progress) is outside [0, 1]") }
        var total = 0
        for (i, length) in lengths.enumerated() {
            if length < 0 { throw .invalidArgument("sentence \(i) has a negative length") }
            total += length
        }
        if total != words.count { throw .invalidArgument("the sentence lengths add up to \(total) words, but \(words.count) were given") }
        let vocabularySize = vocabulary.count
        for (i, word) in words.enumerated() where word < 0 || Int(word) >= vocabularySize {
            throw .invalidArgument("word index \(word) at position \(i) is out of range: the vocabulary has \(vocabularySize) words")
        }
        try training.checkCounters(fileTraining: false)
        try training.beginTraining()
        defer { training.endTraining() }
        let (context, weights, kernels) = try trainingContext()
        invalidateNormalized()
        let call = training.stepCounter.add(1, ordering: .relaxed).oldValue
        let trainer = makeSentenceTrainer(weights: weights, context: context, kernels: kernels, seed: TrainingStreams.seed(parameters.seed, stream: call, salt: TrainingStreams.stepSalt))
        let alpha = Float(LearningRate(parameters).at(progress: progress))
        var start = 0
        for length in lengths {
            var piece = start
            while piece < start + length {
                let end = min(piece + TrainingLimits.maxSentenceWords, start + length)
                trainer.train(sentence: UnsafeBufferPointer(rebasing: words[piece..<end]), alpha: alpha)
                piece = end
            }
            start += length
        }
        let loss = trainer.takeLoss()
        return TrainingStepResult(words: Int64(words.count), meanLoss: loss.predictions > 0 ? loss.sum / Double(loss.predictions) : 0)
    }

    /// Trains `epochs` passes over a text file with the model's threads: Hogwild (`FileTrainer`), or
    /// reproducibly on replicas when sync_words is set (`ReplicaTrainer`).
    ///
    /// Progress is the fraction of `epochs x epochWords` in-vocabulary words processed (the count of
    /// training words in the text last counted, as word2vec and gensim estimate it), and sets the
    /// learning rate.
    /// `report` is called on the calling thread at least every 1% and about every second, and once at
    /// the end; returning false stops training soon after, with `.aborted`, leaving a usable model.
    func train(file path: String, report: (TrainingProgress) -> Bool) throws(W2VError) {
        try train(file: BytePath(path), report: report)
    }

    /// `train(file:report:)` on a path of any bytes (see `BytePath`).
    public func train(file path: BytePath, report: (TrainingProgress) -> Bool) throws(W2VError) {
        try training.checkCounters(fileTraining: true)
        try training.beginTraining()
        defer { training.endTraining() }
        let (context, weights, kernels) = try trainingContext()
        let corpus = CorpusFile(path: path)
        let ranges = try corpus.partition(parts: parameters.threads)
        invalidateNormalized()
        if parameters.syncWords > 0 && subwords != nil {
            throw .invalidArgument("the reproducible mode (sync_words > 0) does not train subword models (max_n > 0) yet: its replicas do not carry the n-gram rows; use sync_words 0")
        }
        if parameters.syncWords > 0 && trainingPhrases != nil {
            throw .invalidArgument("phrases joined on the fly are not applied by the reproducible mode (sync_words > 0): train on a rewritten corpus, or with sync_words 0")
        }
        let call = training.fileCallCounter.add(1, ordering: .relaxed).oldValue
        var words: Int64 = 0
        defer { training.addWordsTrained(words) }
        if parameters.syncWords > 0 {
            let trainer = ReplicaTrainer(corpus: corpus, ranges: ranges, model: weightSet, factors: weights.factors,
                                         context: context, kernels: kernels, vocabulary: vocabulary, parameters: parameters,
                                         epochWords: epochWords, call: call)
            try trainer.train(wordsConsumed: &words, report: report)
        } else {
            var trainer = FileTrainer(corpus: corpus, ranges: ranges, weights: weights, context: context, kernels: kernels,
                                      vocabulary: vocabulary, parameters: parameters, epochWords: epochWords, call: call)
            trainer.phrases = trainingPhrases
            try trainer.train(wordsConsumed: &words, report: report)
        }
    }

    /// The parameters continued training may change on a model that exists already (a loaded native
    /// model, or one trained before): the number of epochs of the next calls, the threads and whether
    /// they train reproducibly, the learning rate's start and end, the seed of the random streams and the
    /// kernel level. Every other parameter shaped the vocabulary, the weights or the shared training
    /// tables, so it stays as the model was made.
    static let continuedTrainingKeys: [ParameterKey] = [.epochs, .threads, .alpha, .minAlpha, .seed, .syncWords, .kernels]

    /// Takes epochs, threads, alpha, min_alpha, seed, sync_words and kernels from `parameters` for the
    /// next training calls. Every other parameter must equal the model's; nothing changes when one
    /// differs. Call it between training calls, never during one.
    ///
    /// - Throws: `invalidArgument` naming the first other parameter that differs (with both values), or
    ///   when min_alpha would exceed alpha.
    public func setContinuedTrainingParameters(_ parameters: TrainingParameters) throws(W2VError) {
        for key in ParameterKey.allCases where !Self.continuedTrainingKeys.contains(key) {
            let (mine, theirs): (String, String)
            if key.isFloat {
                (mine, theirs) = ("\(try self.parameters.float(key))", "\(try parameters.float(key))")
            } else {
                (mine, theirs) = ("\(try self.parameters.int(key))", "\(try parameters.int(key))")
            }
            if mine != theirs {
                throw .invalidArgument("\(key.name) cannot change on an existing model (it is \(mine), \(theirs) was given); continued training may change only epochs, threads, alpha, min_alpha, seed, sync_words and kernels")
            }
        }
        var updated = self.parameters
        updated.epochs = parameters.epochs
        updated.threads = parameters.threads
        updated.alphaOverride = parameters.alphaOverride
        updated.minAlphaOverride = parameters.minAlphaOverride
        updated.seed = parameters.seed
        updated.syncWords = parameters.syncWords
        updated.kernels = parameters.kernels
        try updated.validate()
        try training.changing("change the training settings") { self.parameters = updated }
    }
}
