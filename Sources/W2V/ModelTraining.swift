import W2VCore

/// C type `w2v_progress_fn`: `int32_t (*)(double progress, double words_per_second, double alpha,
/// double loss, void *user_data)`; return non-zero to stop training.
public typealias W2VProgressCallback = @convention(c) (Double, Double, Double, Double, UnsafeMutableRawPointer?) -> Int32

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
        let result = try indices.withUnsafeBufferPointer { (words) throws(W2VError) -> TrainingStepResult in
            try model.trainStep(words: words, lengths: keptLengths, progress: progress)
        }
        trained_words_out?.pointee = UInt64(result.words)
        loss_out?.pointee = result.meanLoss
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
            let indices = try required(indices, "indices")
            for i in 0..<total {
                if indices[i] >= UInt32(model.vocabularySize) {
                    throw .invalidArgument("index \(indices[i]) at position \(i) is out of range: the vocabulary has \(model.vocabularySize) words")
                }
                words[i] = Int32(indices[i])
            }
        }
        let result = try words.withUnsafeBufferPointer { (words) throws(W2VError) -> TrainingStepResult in
            try model.trainStep(words: words, lengths: lengths, progress: progress)
        }
        trained_words_out?.pointee = UInt64(result.words)
        loss_out?.pointee = result.meanLoss
    }
}

func sentenceLengths(_ lengths: UnsafePointer<UInt>?, _ n: UInt) throws(W2VError) -> [Int] {
    if n == 0 { return [] }
    let lengths = try required(lengths, "sentence_lengths")
    var result = [Int]()
    var total: UInt = 0
    for i in 0..<Int(n) {
        let (sum, overflow) = total.addingReportingOverflow(lengths[i])
        if overflow || sum > UInt(Int32.max) { throw .invalidArgument("the batch is too large (over 2^31 words)") }
        total = sum
        result.append(Int(lengths[i]))
    }
    return result
}

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
