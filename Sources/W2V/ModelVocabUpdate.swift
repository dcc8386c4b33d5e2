import W2VCore

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
@c public func w2v_model_update_vocab(_ model: W2VModelHandle?, _ vocab: W2VVocabHandle?, _ added_out: UnsafeMutablePointer<UInt>?) -> w2v_status {
    withStatus { () throws(W2VError) in
        let model = try Handle.model(model)
        let counter = try Handle.vocab(vocab)
        let added = try model.updateVocabulary(with: counter)
        added_out?.pointee = UInt(added)
    }
}

/// In-vocabulary words in one pass over the text the model trains on, the unit of
/// `w2v_model_train_file`'s progress: the sum of the word counts for a new model, the new text's for
/// one updated by `w2v_model_update_vocab` (kept by the native format). 0 for a NULL model.
@c public func w2v_model_epoch_words(_ model: W2VModelHandle?) -> UInt64 {
    guard let model = try? Handle.model(model) else { return 0 }
    return UInt64(model.epochWords)
}
