import W2VCore

/// Cosine similarity of two words' vectors, written to `*cosine_out` (0 when either vector is zero).
/// Safe from many threads at once on a model that is not being trained.
/// - Returns: W2V_ERR_NOT_FOUND naming an unknown word; W2V_ERR_INVALID_ARGUMENT for NULL.
@c public func w2v_model_similarity(_ model: W2VModelHandle?, _ a: UnsafePointer<CChar>?, _ b: UnsafePointer<CChar>?, _ cosine_out: UnsafeMutablePointer<Float>?) -> w2v_status {
    withStatus { () throws(W2VError) in
        let model = try Handle.model(model)
        let out = try required(cosine_out, "cosine_out")
        out.pointee = try model.similarity(model.index(of: cBytes(a, "a")), model.index(of: cBytes(b, "b")))
    }
}

/// The `k` words nearest to the mean of the `positive` words' unit vectors minus the `negative` ones'
/// (gensim's `most_similar`), by cosine, best first; the query words themselves are excluded. With
/// positive = {king, woman} and negative = {man} this answers the analogy man : king :: woman : ?.
/// Safe from many threads at once on a model that is not being trained. The same as
/// `w2v_model_most_similar_restricted` with `restrict_vocab` 0.
/// - Parameters:
///   - positive: `n_pos` words; may be NULL when `n_pos` is 0.
///   - negative: `n_neg` words; may be NULL when `n_neg` is 0.
///   - k: how many results are wanted; `indices_out` and `scores_out` must hold `k` entries each.
///   - indices_out: receives row indices (see `w2v_model_word`).
///   - scores_out: receives cosines.
///   - n_out: receives how many results were written (fewer than `k` when the vocabulary is small).
/// - Returns: W2V_ERR_NOT_FOUND naming an unknown query word; W2V_ERR_INVALID_ARGUMENT for NULL
///   pointers or no query word at all.
@c public func w2v_model_most_similar(
    _ model: W2VModelHandle?,
    _ positive: UnsafePointer<UnsafePointer<CChar>?>?, _ n_pos: UInt,
    _ negative: UnsafePointer<UnsafePointer<CChar>?>?, _ n_neg: UInt,
    _ k: UInt, _ indices_out: UnsafeMutablePointer<UInt>?, _ scores_out: UnsafeMutablePointer<Float>?,
    _ n_out: UnsafeMutablePointer<UInt>?
) -> w2v_status {
    w2v_model_most_similar_restricted(model, positive, n_pos, negative, n_neg, 0, k, indices_out, scores_out, n_out)
}

/// Row indices of a C array of words, naming the list and position of a NULL or unknown word.
func queryRows(_ model: Model, _ words: UnsafePointer<UnsafePointer<CChar>?>?, _ n: UInt, _ name: String) throws(W2VError) -> [Int] {
    if n == 0 { return [] }
    let words = try required(words, name)
    var rows = [Int]()
    for i in 0..<Int(n) {
        rows.append(try model.index(of: cBytes(words[i], "\(name)[\(i)]")))
    }
    return rows
}
