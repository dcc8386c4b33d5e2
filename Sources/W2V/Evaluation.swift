// The field's two standard measures of a model's quality, read from the usual files: analogy
// accuracy (questions-words.txt, by 3CosAdd or 3CosMul) and the correlation between cosine similarity
// and human judgement on word pairs (WordSim-353 and friends). Both are read-only and thread-safe.

import W2VCore

/// How `w2v_model_evaluate_analogies` predicts the fourth word of a question.
@c public enum w2v_analogy_method: Int32 {
    /// 3CosAdd (Mikolov's vector offset): the word nearest to b - a + c over unit vectors, as
    /// word2vec's compute-accuracy and gensim's `evaluate_word_analogies`.
    case W2V_ANALOGY_3COSADD = 0
    /// 3CosMul (Levy and Goldberg): the word x with the largest
    /// (1 + cos(x, b)) / 2 * (1 + cos(x, c)) / 2 / ((1 + cos(x, a)) / 2 + 1e-6), as gensim's
    /// `most_similar_cosmul(positive=[b, c], negative=[a])`.
    case W2V_ANALOGY_3COSMUL = 1
}

/// C type `w2v_analogy_method`, passed in by a caller, who may hold any integer.
public typealias W2VAnalogyMethodCode = Int32

/// Analogy accuracy, the field's standard measure (questions-words.txt of Mikolov et al.): for each
/// question `a b c d`, the prediction is the word that `method` ranks first among the `restrict_vocab`
/// most frequent words, excluding a, b and c: with W2V_ANALOGY_3COSADD the word nearest to b - a + c
/// over unit vectors (word2vec's compute-accuracy, gensim's `evaluate_word_analogies`), with
/// W2V_ANALOGY_3COSMUL the best 3CosMul score; the candidates, case folding, sections and counts are the
/// same for both. Questions are lower-cased; only questions whose four words are all among those words
/// are seen. Semantic are the questions of the file's first five sections, syntactic the rest. Every
/// out-parameter may be NULL. Safe from many threads at once on a model that is not being trained.
/// - Parameters:
///   - restrict_vocab: how many of the most frequent words take part; 0 means all.
///   - method: W2V_ANALOGY_3COSADD or W2V_ANALOGY_3COSMUL.
///   - correct_out, seen_out: over all questions.
///   - semantic_correct_out, semantic_seen_out, syntactic_correct_out, syntactic_seen_out: per kind.
/// - Returns: W2V_ERR_INVALID_ARGUMENT for a NULL model or path, or an unknown method; W2V_ERR_IO when
///   the file cannot be read; W2V_ERR_FORMAT for a line that is neither a `: section` header nor four
///   words (the message gives its number).
@c public func w2v_model_evaluate_analogies(
    _ model: W2VConstModelHandle?, _ path: UnsafePointer<CChar>?, _ restrict_vocab: UInt,
    _ method: W2VAnalogyMethodCode,
    _ correct_out: UnsafeMutablePointer<UInt>?, _ seen_out: UnsafeMutablePointer<UInt>?,
    _ semantic_correct_out: UnsafeMutablePointer<UInt>?, _ semantic_seen_out: UnsafeMutablePointer<UInt>?,
    _ syntactic_correct_out: UnsafeMutablePointer<UInt>?, _ syntactic_seen_out: UnsafeMutablePointer<UInt>?
) -> w2v_status {
    withStatus { () throws(W2VError) in
        let model = try Handle.model(model)
        let analogyMethod: AnalogyMethod = switch w2v_analogy_method(rawValue: method) {
        case .W2V_ANALOGY_3COSADD: .cosAdd
        case .W2V_ANALOGY_3COSMUL: .cosMul
        case nil: throw .invalidArgument("unknown analogy method \(method)")
        }
        let result = try model.evaluateAnalogies(path: cPath(path), restrictVocab: clampedCount(restrict_vocab),
                                                 method: analogyMethod)
        correct_out?.pointee = UInt(result.total.correct)
        seen_out?.pointee = UInt(result.total.seen)
        semantic_correct_out?.pointee = UInt(result.semantic.correct)
        semantic_seen_out?.pointee = UInt(result.semantic.seen)
        syntactic_correct_out?.pointee = UInt(result.syntactic.correct)
        syntactic_seen_out?.pointee = UInt(result.syntactic.seen)
    }
}

/// Word-pair similarity, as WordSim-353: Spearman rank correlation (ties averaged) and Pearson
/// correlation between the cosine of each pair and its human score, over the pairs whose two words
/// are in the vocabulary (case-insensitive). Lines are `word1 word2 score`, tab or space separated;
/// `#` lines are comments. Every out-parameter may be NULL.
/// - Returns: W2V_ERR_IO when the file cannot be read; W2V_ERR_FORMAT for a malformed line (the
///   message gives its number).
@c public func w2v_model_evaluate_word_pairs(
    _ model: W2VConstModelHandle?, _ path: UnsafePointer<CChar>?,
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
