import W2VCore

/// Analogy accuracy, the field's standard measure (questions-words.txt of Mikolov et al.): for each
/// question `a b c d`, the prediction is the word nearest to b - a + c (3CosAdd over unit vectors)
/// among the `restrict_vocab` most frequent words, excluding a, b and c. Questions are lower-cased;
/// only questions whose four words are all among those words are seen. Semantic are the questions of
/// the file's first five sections, syntactic the rest. Every out-parameter may be NULL. The same as
/// `w2v_model_evaluate_analogies_method` with W2V_ANALOGY_3COSADD.
/// - Parameters:
///   - restrict_vocab: how many of the most frequent words take part; 0 means all.
///   - correct_out, seen_out: over all questions.
///   - semantic_correct_out, semantic_seen_out, syntactic_correct_out, syntactic_seen_out: per kind.
/// - Returns: W2V_ERR_IO when the file cannot be read; W2V_ERR_FORMAT for a line that is neither a
///   `: section` header nor four words (the message gives its number).
@c public func w2v_model_evaluate_analogies(
    _ model: W2VModelHandle?, _ path: UnsafePointer<CChar>?, _ restrict_vocab: UInt,
    _ correct_out: UnsafeMutablePointer<UInt>?, _ seen_out: UnsafeMutablePointer<UInt>?,
    _ semantic_correct_out: UnsafeMutablePointer<UInt>?, _ semantic_seen_out: UnsafeMutablePointer<UInt>?,
    _ syntactic_correct_out: UnsafeMutablePointer<UInt>?, _ syntactic_seen_out: UnsafeMutablePointer<UInt>?
) -> w2v_status {
    w2v_model_evaluate_analogies_method(model, path, restrict_vocab, w2v_analogy_method.W2V_ANALOGY_3COSADD.rawValue,
                                        correct_out, seen_out, semantic_correct_out, semantic_seen_out,
                                        syntactic_correct_out, syntactic_seen_out)
}

/// Word-pair similarity, as WordSim-353: Spearman rank correlation (ties averaged) and Pearson
/// correlation between the cosine of each pair and its human score, over the pairs whose two words
/// are in the vocabulary (case-insensitive). Lines are `word1 word2 score`, tab or space separated;
/// `#` lines are comments. Every out-parameter may be NULL.
/// - Returns: W2V_ERR_IO when the file cannot be read; W2V_ERR_FORMAT for a malformed line (the
///   message gives its number).
@c public func w2v_model_evaluate_word_pairs(
    _ model: W2VModelHandle?, _ path: UnsafePointer<CChar>?,
    _ spearman_out: UnsafeMutablePointer<Double>?, _ pearson_out: UnsafeMutablePointer<Double>?,
    _ pairs_used_out: UnsafeMutablePointer<UInt>?, _ pairs_skipped_out: UnsafeMutablePointer<UInt>?
) -> w2v_status {
    withStatus { () throws(W2VError) in
        let model = try Handle.model(model)
        let result = try model.evaluateWordPairs(path: cPath(path))
        spearman_out?.pointee = result.spearman
        pearson_out?.pointee = result.pearson
        pairs_used_out?.pointee = UInt(result.pairsUsed)
        pairs_skipped_out?.pointee = UInt(result.pairsSkipped)
    }
}
