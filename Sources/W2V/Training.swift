// `w2v_model_train_file` runs word2vec's whole schedule over a text file on its own threads;
// `w2v_model_train_step` and `w2v_model_train_step_indices` train one batch the host supplies, at the
// learning rate of a progress the host chooses (`w2v_model_learning_rate` tells which), for hosts that
// schedule training themselves. A trained or loaded native model can be trained further: with new run
// settings (`w2v_model_set_params`) and a grown vocabulary (`w2v_model_update_vocab`). A model being
// trained is used by one caller; only `w2v_model_train_step*` may be called from several threads at once.

import W2VCore

/// C type `w2v_progress_fn`: `int32_t (*)(double progress, double words_per_second, double alpha,
/// double loss, void *user_data)`; return non-zero to stop training.
public typealias W2VProgressCallback = @convention(c) (Double, Double, Double, Double, UnsafeMutableRawPointer?) -> Int32

/// Trains W2V_PARAM_EPOCHS passes over a text file with W2V_PARAM_THREADS threads; lines are
/// sentences. The learning rate falls linearly over the whole run by the fraction of
/// W2V_PARAM_EPOCHS x `w2v_model_epoch_words` processed.
/// - Parameters:
///   - callback: may be NULL. Called on the thread that called this function, at least every 1% and
///     about every second, and a last time with progress 1; a non-zero return stops training soon
///     after, and the call returns W2V_ERR_ABORTED with the model valid and usable.
///   - user_data: passed to the callback as is.
/// - Returns: W2V_ERR_IO when the file cannot be read; W2V_ERR_ABORTED when stopped;
///   W2V_ERR_INVALID_ARGUMENT for NULL arguments or a model without output weights.
@c public func w2v_model_train_file(_ model: W2VModelHandle?, _ path: UnsafePointer<CChar>?, _ callback: W2VProgressCallback?, _ user_data: UnsafeMutableRawPointer?) -> w2v_status {
    withStatus { () throws(W2VError) in
        let model = try Handle.model(model)
        try model.train(file: cPath(path)) { report in
            guard let callback else { return true }
            return callback(report.progress, report.wordsPerSecond, report.alpha, report.loss, user_data) == 0
        }
    }
}

/// One SGD pass over a batch of sentences the host supplies, at the learning rate for `progress`
/// (0 -> alpha, 1 -> min_alpha, linear). Words not in the vocabulary are dropped; sentences longer than
/// 10,000 words are trained in pieces. Several host threads may call this on the same model at once
/// (lock-free Hogwild updates), but nothing else may use the model meanwhile.
/// - Parameters:
///   - tokens: all words of all sentences, one after another, NUL-terminated; may be NULL when there are none.
///   - sentence_lengths: `n_sentences` word counts, which must add up to the number of tokens.
///   - progress: position in the whole run, in [0, 1].
///   - trained_words_out: receives the in-vocabulary words consumed; may be NULL.
///   - loss_out: receives the mean negative log-likelihood per prediction of this call; may be NULL.
/// - Returns: W2V_ERR_INVALID_ARGUMENT for NULL pointers, a NULL token, progress outside [0, 1], or a
///   model loaded from a word2vec file (which has no output weights and cannot be trained).
@c public func w2v_model_train_step(
    _ model: W2VModelHandle?, _ tokens: UnsafePointer<UnsafePointer<CChar>?>?,
    _ sentence_lengths: UnsafePointer<UInt>?, _ n_sentences: UInt, _ progress: Double,
    _ trained_words_out: UnsafeMutablePointer<UInt64>?, _ loss_out: UnsafeMutablePointer<Double>?
) -> w2v_status {
    withStatus { () throws(W2VError) in
        let model = try Handle.model(model)
        let lengths = try sentenceLengths(sentence_lengths, n_sentences)
        var indices = [Int32]()
        var keptLengths = [Int]()
        let total = lengths.reduce(0, +)
        if total > 0 {
            _ = try callerCount(UInt(total), of: tokens, "the sum of sentence_lengths")
            let tokens = try required(tokens, "tokens")
            indices.reserveCapacity(total)
            var position = 0
            for length in lengths {
                let before = indices.count
                for _ in 0..<length {
                    if let index = model.vocabulary.index(of: try cBytes(tokens[position], "tokens[\(position)]")) {
                        indices.append(Int32(index))
                    }
                    position += 1
                }
                keptLengths.append(indices.count - before)
            }
        }
        try trainStep(model, indices, keptLengths, progress, trained_words_out, loss_out)
    }
}

/// `w2v_model_train_step` for hosts that tokenize once: sentences given as row indices
/// (`w2v_model_index`), each below the vocabulary size.
/// - Returns: W2V_ERR_INVALID_ARGUMENT also for an index out of range (the message gives its position).
@c public func w2v_model_train_step_indices(
    _ model: W2VModelHandle?, _ indices: UnsafePointer<UInt32>?,
    _ sentence_lengths: UnsafePointer<UInt>?, _ n_sentences: UInt, _ progress: Double,
    _ trained_words_out: UnsafeMutablePointer<UInt64>?, _ loss_out: UnsafeMutablePointer<Double>?
) -> w2v_status {
    withStatus { () throws(W2VError) in
        let model = try Handle.model(model)
        let lengths = try sentenceLengths(sentence_lengths, n_sentences)
        let total = lengths.reduce(0, +)
        var words = [Int32](repeating: 0, count: total)
        if total > 0 {
            _ = try callerCount(UInt(total), of: indices, "the sum of sentence_lengths")
            let indices = try required(indices, "indices")
            for i in 0..<total {
                if indices[i] >= UInt32(model.vocabularySize) {
                    throw .invalidArgument("index \(indices[i]) at position \(i) is out of range: the vocabulary has \(model.vocabularySize) words")
                }
                words[i] = Int32(indices[i])
            }
        }
        try trainStep(model, words, lengths, progress, trained_words_out, loss_out)
    }
}

/// The learning rate training uses at `progress` (the fraction of the whole run done, in [0, 1]): alpha
/// at 0 falling linearly to min_alpha at 1, as `w2v_model_train_step` applies it and
/// `w2v_model_train_file` reports it, from the model's current W2V_PARAM_ALPHA and W2V_PARAM_MIN_ALPHA.
/// For hosts that schedule training themselves and report the rate, so they never recompute the
/// schedule. Safe from many threads at once.
/// - Parameters:
///   - progress: position in the whole run, in [0, 1].
///   - alpha_out: receives the learning rate. Must not be NULL.
/// - Returns: W2V_ERR_INVALID_ARGUMENT for NULL pointers or a progress outside [0, 1] (or NaN).
@c public func w2v_model_learning_rate(_ model: W2VConstModelHandle?, _ progress: Double, _ alpha_out: UnsafeMutablePointer<Double>?) -> w2v_status {
    withStatus { () throws(W2VError) in
        let model = try Handle.model(model)
        let out = try required(alpha_out, "alpha_out")
        if !(0...1).contains(progress) { throw .invalidArgument("progress \(progress) is outside [0, 1]") }
        out.pointee = LearningRate(model.parameters).at(progress: progress)
    }
}

/// Sets the parameters of the next training calls on an existing model (continued training, for
/// instance of a loaded native model): W2V_PARAM_EPOCHS, W2V_PARAM_THREADS, W2V_PARAM_ALPHA,
/// W2V_PARAM_MIN_ALPHA, W2V_PARAM_SEED, W2V_PARAM_SYNC_WORDS and W2V_PARAM_KERNELS are taken from
/// `params`; every other parameter must equal the model's (start from `w2v_model_get_params`). Not
/// while the model is being trained.
/// - Returns: W2V_ERR_INVALID_ARGUMENT for NULL arguments, or naming a parameter that cannot change
///   (the model is then unchanged).
@c public func w2v_model_set_params(_ model: W2VModelHandle?, _ params: W2VConstParamsHandle?) -> w2v_status {
    withStatus { () throws(W2VError) in
        let model = try Handle.model(model)
        try model.setContinuedTrainingParameters(Handle.params(params).value)
    }
}

/// The kernel level training uses on this machine for a W2V_PARAM_KERNELS value, so that benchmarks
/// and logs can say what ran: W2V_KERNELS_AUTO gives the level named by the environment variable
/// W2V_KERNELS when it is set, else the best level the CPU supports; a forced level gives itself.
/// - Parameters:
///   - requested: a w2v_kernels value.
///   - level_out: receives the level (never W2V_KERNELS_AUTO). Must not be NULL.
/// - Returns: W2V_ERR_INVALID_ARGUMENT for a NULL `level_out`, a value that is not a w2v_kernels, a
///   W2V_KERNELS that names no level, or a level the CPU or its operating system does not support
///   (the message lists the supported ones): the same error training would give.
@c public func w2v_kernels_resolve(_ requested: W2VKernelsCode, _ level_out: UnsafeMutablePointer<W2VKernelsCode>?) -> w2v_status {
    withStatus { () throws(W2VError) in
        let out = try required(level_out, "level_out")
        out.pointee = Int32(try KernelLevel.resolve(requested: Int(requested)).rawValue)
    }
}

/// Grows a trainable model's vocabulary with newly counted text before training on that text, as
/// gensim's `build_vocab(update=True)`: a word the model knows keeps its row, vector and output
/// weights and adds the new count to its count; a new word joins when the new text holds it at least
/// W2V_PARAM_MIN_COUNT times. New words take the rows after the existing ones, by descending count,
/// their vectors initialised as `w2v_model_new` does (from a random stream of the seed numbered by the
/// old vocabulary size, so the same update gives the same vectors) and their output weights zero.
/// Noise and subsampling then follow the cumulative counts. With hierarchical softmax the Huffman tree
/// is rebuilt over the new counts, inner-node weights keeping their rows as gensim does. Afterwards
/// `w2v_model_epoch_words` is the new text's: `w2v_model_train_file` on it runs W2V_PARAM_EPOCHS passes
/// with the learning rate falling from alpha to min_alpha again. max_vocab and max_final_vocab apply
/// only when a model is created.
///
/// Nothing else may use the model during the call, and every pointer borrowed from the model before
/// it (`w2v_model_vectors`, `w2v_model_word`) is invalid afterwards. On error the model is unchanged.
/// - Parameters:
///   - vocab: the new text's counts (`w2v_vocab_add_file` and friends). Must not be NULL.
///   - added_out: receives the number of words added; may be NULL.
/// - Returns: W2V_ERR_INVALID_ARGUMENT for NULL, a model loaded from a word2vec file (no output
///   weights), an empty `vocab`, or one of which no word is known or reaches min-count;
///   W2V_ERR_OUT_OF_MEMORY when the grown weights do not fit.
@c public func w2v_model_update_vocab(_ model: W2VModelHandle?, _ vocab: W2VConstVocabHandle?, _ added_out: UnsafeMutablePointer<UInt>?) -> w2v_status {
    withStatus { () throws(W2VError) in
        let model = try Handle.model(model)
        let counter = try Handle.vocab(vocab)
        let added = try model.updateVocabulary(with: counter)
        added_out?.pointee = UInt(added)
    }
}

/// Sets a learning-rate factor for each word's vector (gensim's `wv.vectors_lockf`): every update
/// training makes to the vector of row i, in skip-gram and CBOW, through negative sampling and
/// hierarchical softmax, is multiplied by `factors[i]`. 0 freezes a vector (pretrained rows kept as
/// they are while the rest trains, as gensim's `intersect_word2vec_format`), 0.5 halves its learning
/// rate, 1 is the default. The output weights have factors of their own
/// (`w2v_model_set_matrix_learning_rate`). The model copies the factors. They stay until changed:
/// `w2v_model_update_vocab` gives new words factor 1; the native format saves them (the word2vec
/// formats hold vectors only). Not while the model is being trained.
/// - Parameters:
///   - factors: `n` finite factors >= 0, one per row (`n` = `w2v_model_vocab_size`), or a single
///     factor for every row (`n` = 1); NULL restores the default (every factor 1, `n` ignored).
/// - Returns: W2V_ERR_INVALID_ARGUMENT for a NULL model, an `n` other than the vocabulary size or 1, a
///   negative, NaN or infinite factor (the message gives its position), or a model being trained; the
///   factors are unchanged then.
@c public func w2v_model_set_row_learning_rate(_ model: W2VModelHandle?, _ factors: UnsafePointer<Float>?, _ n: UInt) -> w2v_status {
    withStatus { () throws(W2VError) in
        let model = try Handle.model(model)
        guard let factors else { return try model.setRowLearningRates(nil) }
        if n > UInt(Int32.max) { throw .invalidArgument("\(n) learning-rate factors were given; the model has \(model.vocabularySize) rows") }
        try model.setRowLearningRates(UnsafeBufferPointer(start: factors, count: Int(n)))
    }
}

/// Copies the learning-rate factor of each word's vector (see `w2v_model_set_row_learning_rate`), in
/// row order, into `factors_out`: every factor is 1 when none was set.
/// - Parameters:
///   - factors_out: a buffer of `len` floats; may be NULL when `len` is 0 (to ask for the size).
///   - len: how many floats `factors_out` holds.
///   - needed_out: receives the vocabulary size, also when the buffer is too small. May be NULL.
/// - Returns: W2V_ERR_BUFFER_TOO_SMALL when `len` is less than the vocabulary size (nothing is
///   written to `factors_out`); W2V_ERR_INVALID_ARGUMENT for NULL pointers.
@c public func w2v_model_get_row_learning_rate(
    _ model: W2VConstModelHandle?, _ factors_out: UnsafeMutablePointer<Float>?, _ len: UInt,
    _ needed_out: UnsafeMutablePointer<UInt>?
) -> w2v_status {
    withStatus { () throws(W2VError) in
        let model = try Handle.model(model)
        let needed = UInt(model.vocabularySize)
        needed_out?.pointee = needed
        if len < needed {
            throw .bufferTooSmall("the buffer holds \(len) floats; the model has \(needed) rows")
        }
        if needed == 0 { return }
        let out = try required(factors_out, "factors_out")
        let factors = model.rowLearningRateFactors()
        out.update(from: factors, count: factors.count)
    }
}

/// In-vocabulary words in one pass over the text the model trains on, the unit of
/// `w2v_model_train_file`'s progress: the sum of the word counts for a new model, the new text's for
/// one updated by `w2v_model_update_vocab` (kept by the native format). 0 for a NULL model.
@c public func w2v_model_epoch_words(_ model: W2VConstModelHandle?) -> UInt64 {
    guard let model = try? Handle.model(model) else { return 0 }
    return UInt64(model.epochWords)
}

/// The step both train_step calls end with: trains the rows and reports to the optional outputs.
private func trainStep(_ model: Model, _ words: [Int32], _ lengths: [Int], _ progress: Double,
                       _ trained_words_out: UnsafeMutablePointer<UInt64>?, _ loss_out: UnsafeMutablePointer<Double>?) throws(W2VError) {
    let result = try words.withUnsafeBufferPointer { (words) throws(W2VError) -> TrainingStepResult in
        try model.trainStep(words: words, lengths: lengths, progress: progress)
    }
    trained_words_out?.pointee = UInt64(result.words)
    loss_out?.pointee = result.meanLoss
}

func sentenceLengths(_ lengths: UnsafePointer<UInt>?, _ n: UInt) throws(W2VError) -> [Int] {
    if n == 0 { return [] }
    let count = try callerCount(n, of: lengths, "n_sentences")
    let lengths = try required(lengths, "sentence_lengths")
    var result = [Int]()
    result.reserveCapacity(count)
    var total: UInt = 0
    for i in 0..<count {
        let (sum, overflow) = total.addingReportingOverflow(lengths[i])
        if overflow || sum > UInt(Int32.max) { throw .invalidArgument("the batch is too large (over 2^31 words)") }
        total = sum
        result.append(Int(lengths[i]))
    }
    return result
}
