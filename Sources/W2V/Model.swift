// A `w2v_model` holds a vocabulary (row i is the i-th most frequent word), its vectors and, when it
// can be trained, the output weights and the parameters it was made with. It is created from counted
// words and parameters (`w2v_model_new`) or loaded from a file (Files). The accessors here read it:
// words, counts, rows, vectors (zero-copy) and parameters. A model that is not being trained is
// read-only for every call that takes a `const w2v_model *`, and safe to use from many threads at once.

import W2VCore

/// Creates a model for training from counted words and parameters: finalises the vocabulary (drops
/// words below W2V_PARAM_MIN_COUNT, raised as gensim does when W2V_PARAM_MAX_FINAL_VOCAB is set: to one
/// more than the count of the word at that position in descending order, so at most that many remain and
/// words tied at the boundary all go; keeps the W2V_PARAM_MAX_VOCAB most frequent; orders by descending
/// count with ties in first-seen order), then allocates input vectors uniform in [-1/dim, 1/dim)
/// from W2V_PARAM_SEED (gensim's range; word2vec's is half as wide) and zero output weights. The model
/// copies what it needs: `vocab` and `params` may be freed or changed afterwards.
/// - Parameters:
///   - out: receives the model; free it with `w2v_model_free`. Must not be NULL.
///   - vocab: counted words. Must not be NULL.
///   - params: settings, or NULL for every default.
/// - Returns: W2V_ERR_INVALID_ARGUMENT for a NULL argument, an empty vocabulary or one where no word
///   reaches min-count, or inconsistent parameters; W2V_ERR_OUT_OF_MEMORY when the weights do not fit.
@c public func w2v_model_new(_ out: UnsafeMutablePointer<W2VModelHandle?>?, _ vocab: W2VConstVocabHandle?, _ params: W2VConstParamsHandle?) -> w2v_status {
    withStatus { () throws(W2VError) in
        let out = try required(out, "out")
        let counter = try Handle.vocab(vocab)
        let parameters = params == nil ? TrainingParameters() : try Handle.params(params).value
        try parameters.validate()
        let vocabulary = try Vocabulary(counter: counter, minCount: parameters.minCount, maxSize: parameters.maxVocab,
                                        maxFinalVocab: parameters.maxFinalVocab, sorted: parameters.sortedVocab)
        out.pointee = Handle.make(try Model(vocabulary: vocabulary, parameters: parameters))
    }
}

/// Frees a model; NULL is a no-op. Every pointer borrowed from it becomes invalid. A pointer that is
/// not a live `w2v_model` handle (see Library: misuse) is left alone, and `w2v_last_error()` says why.
@c public func w2v_model_free(_ model: W2VModelHandle?) {
    Handle.free(model, Model.self)
}

/// Number of words in the model's vocabulary; 0 for a NULL model.
@c public func w2v_model_vocab_size(_ model: W2VConstModelHandle?) -> UInt {
    UInt((try? Handle.model(model).vocabularySize) ?? 0)
}

/// Dimension of the vectors; 0 for a NULL model.
@c public func w2v_model_dim(_ model: W2VConstModelHandle?) -> UInt {
    UInt((try? Handle.model(model).dim) ?? 0)
}

/// Writes the row index of `word` (0 = most frequent) to `*index_out`.
/// - Returns: W2V_ERR_NOT_FOUND for a word not in the vocabulary; W2V_ERR_INVALID_ARGUMENT for NULL.
@c public func w2v_model_index(_ model: W2VConstModelHandle?, _ word: UnsafePointer<CChar>?, _ index_out: UnsafeMutablePointer<UInt>?) -> w2v_status {
    withStatus { () throws(W2VError) in
        let model = try Handle.model(model)
        let out = try required(index_out, "index_out")
        out.pointee = UInt(try model.index(of: cBytes(word, "word")))
    }
}

/// The word at row `index`, NUL-terminated, borrowed from the model until it is freed. NULL when the
/// model is NULL or the index is out of range (`w2v_last_error` then says which).
@c public func w2v_model_word(_ model: W2VConstModelHandle?, _ index: UInt) -> UnsafePointer<CChar>? {
    var word: UnsafePointer<CChar>?
    let status = withStatus { () throws(W2VError) in
        let model = try Handle.model(model)
        let i = try rowIndex(model, index)
        word = model.vocabulary.table.cString(i)
    }
    return status == .W2V_OK ? word : nil
}

/// How many times the word at row `index` occurred in the training corpus; 0 when unknown (a model
/// loaded from a word2vec file, which stores no counts), out of range, or for a NULL model.
@c public func w2v_model_count(_ model: W2VConstModelHandle?, _ index: UInt) -> UInt64 {
    guard let model = try? Handle.model(model), index < UInt(model.vocabularySize) else { return 0 }
    return UInt64(model.vocabulary.counts.isEmpty ? 0 : model.vocabulary.counts[Int(index)])
}

/// Copies the vector of `word` into `out`, which holds `len` floats; `len` must be at least the
/// model's dimension.
/// - Returns: W2V_ERR_NOT_FOUND for an unknown word; W2V_ERR_BUFFER_TOO_SMALL when `len` < dim (the
///   message gives the dimension); W2V_ERR_INVALID_ARGUMENT for NULL.
@c public func w2v_model_vector(_ model: W2VConstModelHandle?, _ word: UnsafePointer<CChar>?, _ out: UnsafeMutablePointer<Float>?, _ len: UInt) -> w2v_status {
    withStatus { () throws(W2VError) in
        let model = try Handle.model(model)
        let i = try model.index(of: cBytes(word, "word"))
        let count = try callerCount(len, of: out, "len")
        let out = try required(out, "out")
        if count < model.dim { throw .bufferTooSmall("the buffer holds \(len) floats; the vectors have \(model.dim)") }
        out.update(from: model.input.row(i), count: model.dim)
    }
}

/// The input vectors, row-major `vocab_size x dim` floats (row i is word i), zero-copy: borrowed from
/// the model, valid until it is freed, changed in place by training. NULL for a NULL model.
@c public func w2v_model_vectors(_ model: W2VConstModelHandle?) -> UnsafePointer<Float>? {
    guard let model = try? Handle.model(model) else { return nil }
    return UnsafePointer(model.input.base)
}

/// Copies a model's parameters into a new `w2v_params`: those it was made with, or those a native
/// file stored, with the changes `w2v_model_set_params` made since.
/// - Parameters:
///   - out: receives the parameters; free them with `w2v_params_free`. Must not be NULL.
/// - Returns: W2V_ERR_INVALID_ARGUMENT for NULL arguments.
@c public func w2v_model_get_params(_ out: UnsafeMutablePointer<W2VParamsHandle?>?, _ model: W2VConstModelHandle?) -> w2v_status {
    withStatus { () throws(W2VError) in
        let out = try required(out, "out")
        out.pointee = nil
        let model = try Handle.model(model)
        let box = ParamsBox()
        box.value = model.parameters
        out.pointee = Handle.make(box)
    }
}

func rowIndex(_ model: Model, _ index: UInt) throws(W2VError) -> Int {
    if index >= UInt(model.vocabularySize) {
        throw .invalidArgument("index \(index) is out of range: the vocabulary has \(model.vocabularySize) words")
    }
    return Int(index)
}
