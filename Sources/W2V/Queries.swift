// Gensim's KeyedVectors queries over a model's vectors: similarity, nearest neighbours by
// cosine (`most_similar`) or 3CosMul, neighbours of a vector, the odd word out, the similarity of two
// word lists and distances. Results go into caller buffers; rows map back to words with
// `w2v_model_word`. Every query takes a `const w2v_model *` and is safe from many threads at once on a
// model that is not being trained.

import W2VCore

/// Cosine similarity of two words' vectors, written to `*cosine_out` (0 when either vector is zero).
/// For a subword model either word may be outside the vocabulary (its vector composed from its
/// n-grams, as `w2v_model_vector` gives it). Safe from many threads at once on a model that is not
/// being trained.
/// - Returns: W2V_ERR_NOT_FOUND naming an unknown word (of a model without subwords);
///   W2V_ERR_INVALID_ARGUMENT for NULL.
@c public func w2v_model_similarity(_ model: W2VConstModelHandle?, _ a: UnsafePointer<CChar>?, _ b: UnsafePointer<CChar>?, _ cosine_out: UnsafeMutablePointer<Float>?) -> w2v_status {
    withStatus { () throws(W2VError) in
        let model = try Handle.model(model)
        let out = try required(cosine_out, "cosine_out")
        let first = try cBytes(a, "a")
        if model.subwords == nil { _ = try model.index(of: first) }   // an unknown first word first, as before
        out.pointee = try model.similarity(first, cBytes(b, "b"))
    }
}

/// The `k` words nearest to the mean of the `positive` words' unit vectors minus the `negative` ones'
/// (gensim's `most_similar`), by cosine, best first; the query words themselves are excluded. With
/// positive = {king, woman} and negative = {man} this answers the analogy man : king :: woman : ?.
/// With gensim's `restrict_vocab` only the `restrict_vocab` most frequent words (rows
/// `0..<restrict_vocab`) are candidates; 0 means every word. The query words may be any words of the
/// vocabulary.
/// - Parameters:
///   - positive: `n_pos` words; may be NULL when `n_pos` is 0.
///   - negative: `n_neg` words; may be NULL when `n_neg` is 0.
///   - restrict_vocab: how many of the most frequent words are candidates; 0 = all.
///   - k: how many results are wanted; `indices_out` and `scores_out` must hold `k` entries each and
///     may be NULL when `k` is 0.
///   - indices_out: receives row indices (see `w2v_model_word`).
///   - scores_out: receives cosines.
///   - n_out: receives how many results were written (fewer than `k` when there are fewer
///     candidates). Must not be NULL.
/// - Returns: W2V_ERR_NOT_FOUND naming an unknown query word; W2V_ERR_INVALID_ARGUMENT for NULL
///   pointers or no query word at all.
@c public func w2v_model_most_similar(
    _ model: W2VConstModelHandle?,
    _ positive: UnsafePointer<UnsafePointer<CChar>?>?, _ n_pos: UInt,
    _ negative: UnsafePointer<UnsafePointer<CChar>?>?, _ n_neg: UInt,
    _ restrict_vocab: UInt,
    _ k: UInt, _ indices_out: UnsafeMutablePointer<UInt>?, _ scores_out: UnsafeMutablePointer<Float>?,
    _ n_out: UnsafeMutablePointer<UInt>?
) -> w2v_status {
    wordQuery(model, positive, n_pos, negative, n_neg, k, indices_out, scores_out, n_out, name: "most_similar",
              needsPositive: false, resolve: queryWords) { (model, positive, negative, k) throws(W2VError) in
        try model.mostSimilar(positiveWords: positive, negativeWords: negative, k: k, restrictTo: clampedCount(restrict_vocab))
    }
}

/// gensim's `most_similar_cosmul`: the `k` words with the largest 3CosMul score of Levy and Goldberg,
///
///     prod over positive p of (1 + cos(x, p)) / 2  /  (prod over negative n of (1 + cos(x, n)) / 2 + 1e-6)
///
/// best first, ties to the more frequent word; the query words themselves are excluded. With
/// positive = {king, woman} and negative = {man} this answers man : king :: woman : ?. Scores are
/// positive; with no negative word the denominator is 1 + 1e-6. A zero vector has cosine 0 with every
/// word.
/// - Parameters:
///   - positive: `n_pos` words, at least one. Must not be NULL.
///   - negative: `n_neg` words; may be NULL when `n_neg` is 0.
///   - restrict_vocab: only the `restrict_vocab` most frequent words are candidates; 0 = all.
///   - k: how many results are wanted; `indices_out` and `scores_out` must hold `k` entries each and
///     may be NULL when `k` is 0.
///   - indices_out: receives row indices (see `w2v_model_word`).
///   - scores_out: receives 3CosMul scores.
///   - n_out: receives how many results were written. Must not be NULL.
/// - Returns: W2V_ERR_NOT_FOUND naming an unknown query word; W2V_ERR_INVALID_ARGUMENT for NULL
///   pointers or no positive word (as gensim).
@c public func w2v_model_most_similar_cosmul(
    _ model: W2VConstModelHandle?,
    _ positive: UnsafePointer<UnsafePointer<CChar>?>?, _ n_pos: UInt,
    _ negative: UnsafePointer<UnsafePointer<CChar>?>?, _ n_neg: UInt,
    _ restrict_vocab: UInt,
    _ k: UInt, _ indices_out: UnsafeMutablePointer<UInt>?, _ scores_out: UnsafeMutablePointer<Float>?,
    _ n_out: UnsafeMutablePointer<UInt>?
) -> w2v_status {
    wordQuery(model, positive, n_pos, negative, n_neg, k, indices_out, scores_out, n_out, name: "most_similar_cosmul",
              needsPositive: true, resolve: queryRows) { (model, positive, negative, k) throws(W2VError) in
        try model.mostSimilarCosmul(positive: positive, negative: negative, k: k, restrictTo: clampedCount(restrict_vocab))
    }
}

/// gensim's `similar_by_vector`: the `k` words whose vectors have the largest cosine with a caller's
/// vector, best first, ties to the more frequent word. Nothing is excluded: a word's own vector finds
/// that word first (or an earlier word of the same direction). A zero vector has cosine 0 with every word (the result is then the `k` most
/// frequent words).
/// - Parameters:
///   - vector: `dim` floats, copied; not kept after the call. Must not be NULL.
///   - dim: must equal `w2v_model_dim(model)`.
///   - restrict_vocab: only the `restrict_vocab` most frequent words are candidates; 0 = all.
///   - k: how many results are wanted; `indices_out` and `scores_out` must hold `k` entries each and
///     may be NULL when `k` is 0.
///   - indices_out: receives row indices (see `w2v_model_word`).
///   - scores_out: receives cosines.
///   - n_out: receives how many results were written. Must not be NULL.
/// - Returns: W2V_ERR_INVALID_ARGUMENT for NULL pointers, a `dim` other than the model's, or a NaN or
///   infinite component (the message gives its position).
@c public func w2v_model_similar_by_vector(
    _ model: W2VConstModelHandle?, _ vector: UnsafePointer<Float>?, _ dim: UInt, _ restrict_vocab: UInt,
    _ k: UInt, _ indices_out: UnsafeMutablePointer<UInt>?, _ scores_out: UnsafeMutablePointer<Float>?,
    _ n_out: UnsafeMutablePointer<UInt>?
) -> w2v_status {
    withStatus { () throws(W2VError) in
        let model = try Handle.model(model)
        let count = try required(n_out, "n_out")
        count.pointee = 0
        let vector = try required(vector, "vector")
        if dim != UInt(model.dim) {
            throw .invalidArgument("dim is \(dim); the model's vectors have \(model.dim)")
        }
        let query = Array(UnsafeBufferPointer(start: vector, count: model.dim))
        let wanted = try resultCount(k, indices_out, scores_out)
        if wanted == 0 {
            _ = try model.similarByVector(query, k: 0)  // still report a bad component
            return
        }
        let indices = try required(indices_out, "indices_out")
        let scores = try required(scores_out, "scores_out")
        let found = try model.similarByVector(query, k: clampedCount(UInt(wanted)), restrictTo: clampedCount(restrict_vocab))
        count.pointee = writeNeighbors(found, indices, scores)
    }
}

/// gensim's `doesnt_match`: which of `words` goes least with the others: the word whose unit vector
/// has the smallest cosine with the mean of the words' unit vectors. A word listed twice counts twice;
/// ties (cosines within 1e-6) go to the word that sorts first by its bytes, as gensim, so of two
/// distinct words, always equally far from their mean, the first in byte order is returned. Unlike
/// gensim, which silently drops unknown words, an unknown word is an error here: the caller decides
/// whether to drop it.
/// - Parameters:
///   - words: `n_words` words, at least one. Must not be NULL.
///   - index_out: receives the row index of the odd word out (see `w2v_model_word`). Must not be NULL.
/// - Returns: W2V_ERR_NOT_FOUND naming an unknown word; W2V_ERR_INVALID_ARGUMENT for NULL pointers or
///   an empty list.
@c public func w2v_model_doesnt_match(
    _ model: W2VConstModelHandle?, _ words: UnsafePointer<UnsafePointer<CChar>?>?, _ n_words: UInt,
    _ index_out: UnsafeMutablePointer<UInt>?
) -> w2v_status {
    withStatus { () throws(W2VError) in
        let model = try Handle.model(model)
        let out = try required(index_out, "index_out")
        let rows = try queryRows(model, words, n_words, "words", count: "n_words")
        out.pointee = UInt(try model.doesntMatch(rows))
    }
}

/// gensim's `n_similarity`: the cosine between the mean of the vectors of `words1` and the mean of the
/// vectors of `words2`. As gensim 4, the means are of the stored vectors as they are (not of unit
/// vectors); a word listed twice counts twice; 0 when a mean is the zero vector.
/// - Parameters:
///   - words1: `n1` words, at least one. Must not be NULL.
///   - words2: `n2` words, at least one. Must not be NULL.
///   - cosine_out: receives the cosine. Must not be NULL.
/// - Returns: W2V_ERR_NOT_FOUND naming an unknown word; W2V_ERR_INVALID_ARGUMENT for NULL pointers or
///   an empty list.
@c public func w2v_model_n_similarity(
    _ model: W2VConstModelHandle?,
    _ words1: UnsafePointer<UnsafePointer<CChar>?>?, _ n1: UInt,
    _ words2: UnsafePointer<UnsafePointer<CChar>?>?, _ n2: UInt,
    _ cosine_out: UnsafeMutablePointer<Float>?
) -> w2v_status {
    withStatus { () throws(W2VError) in
        let model = try Handle.model(model)
        let out = try required(cosine_out, "cosine_out")
        let first = try queryRows(model, words1, n1, "words1", count: "n1")
        let second = try queryRows(model, words2, n2, "words2", count: "n2")
        out.pointee = try model.nSimilarity(first, second)
    }
}

/// gensim's `distances(word, other_words)`: 1 - cosine between `word` and each of `others`, in order,
/// or, when `n_others` is 0, between `word` and every word of the vocabulary in row order (so
/// `distances_out[i]` is the distance to `w2v_model_word(model, i)`). Values lie in [0, 2]; a zero
/// vector is at distance 1 from everything.
/// - Parameters:
///   - word: the word measured from. Must not be NULL.
///   - others: `n_others` words; may be NULL when `n_others` is 0.
///   - distances_out: a buffer of `len` floats; may be NULL when `len` is 0 (to ask for the size).
///   - len: how many floats `distances_out` holds.
///   - needed_out: receives how many distances there are (`n_others`, or the vocabulary size when
///     `n_others` is 0), also when the buffer is too small. May be NULL.
/// - Returns: W2V_ERR_BUFFER_TOO_SMALL when `len` is less than that (nothing is written to
///   `distances_out`); W2V_ERR_NOT_FOUND naming an unknown word; W2V_ERR_INVALID_ARGUMENT for NULL
///   pointers.
@c public func w2v_model_distances(
    _ model: W2VConstModelHandle?, _ word: UnsafePointer<CChar>?,
    _ others: UnsafePointer<UnsafePointer<CChar>?>?, _ n_others: UInt,
    _ distances_out: UnsafeMutablePointer<Float>?, _ len: UInt, _ needed_out: UnsafeMutablePointer<UInt>?
) -> w2v_status {
    withStatus { () throws(W2VError) in
        let model = try Handle.model(model)
        let row = try model.index(of: cBytes(word, "word"))
        let otherRows = try queryRows(model, others, n_others, "others", count: "n_others")
        let capacity = try callerCount(len, of: distances_out, "len")
        let needed = n_others == 0 ? UInt(model.vocabularySize) : n_others
        needed_out?.pointee = needed
        if UInt(capacity) < needed {
            throw .bufferTooSmall("the buffer holds \(len) floats; \(needed) distances are needed")
        }
        let out = try required(distances_out, "distances_out")
        let distances = try model.distances(from: row, to: otherRows)
        out.update(from: distances, count: distances.count)
    }
}

/// gensim's `predict_output_word(context_words_list, topn)`: the `k` words most probable as the center
/// word of the `context` words, with their probabilities, best first (ties to the more frequent word).
/// The probabilities are a softmax over the whole vocabulary of each word's negative-sampling output
/// row dotted with the mean of the context words' input vectors (their sum when W2V_PARAM_CBOW_MEAN is
/// 0, as gensim), so all `w2v_model_vocab_size` of them sum to 1. A word listed twice counts twice.
/// Unlike gensim, which drops unknown context words (and returns None when none is left), an unknown
/// word is an error here: the caller decides whether to drop it.
/// - Parameters:
///   - context: `n_context` words, at least one. Must not be NULL.
///   - k: how many results are wanted; `indices_out` and `probabilities_out` must hold `k` entries
///     each and may be NULL when `k` is 0.
///   - indices_out: receives row indices (see `w2v_model_word`).
///   - probabilities_out: receives probabilities.
///   - n_out: receives how many results were written (fewer than `k` when the vocabulary is smaller).
///     Must not be NULL.
/// - Returns: W2V_ERR_NOT_FOUND naming an unknown word; W2V_ERR_INVALID_ARGUMENT for NULL pointers, an
///   empty context, or a model without negative-sampling output weights (one loaded from a word2vec
///   file, or trained with W2V_PARAM_NEGATIVE 0), as gensim raises for them.
@c public func w2v_model_predict_output_word(
    _ model: W2VConstModelHandle?, _ context: UnsafePointer<UnsafePointer<CChar>?>?, _ n_context: UInt,
    _ k: UInt, _ indices_out: UnsafeMutablePointer<UInt>?, _ probabilities_out: UnsafeMutablePointer<Float>?,
    _ n_out: UnsafeMutablePointer<UInt>?
) -> w2v_status {
    withStatus { () throws(W2VError) in
        let model = try Handle.model(model)
        let count = try required(n_out, "n_out")
        count.pointee = 0
        let rows = try queryRows(model, context, n_context, "context", count: "n_context")
        let wanted = try resultCount(k, indices_out, probabilities_out)
        if wanted == 0 {
            _ = try model.predictOutputWord(context: rows, k: 0)  // still report a model or context that cannot work
            return
        }
        let indices = try required(indices_out, "indices_out")
        let probabilities = try required(probabilities_out, "probabilities_out")
        count.pointee = writeNeighbors(try model.predictOutputWord(context: rows, k: clampedCount(UInt(wanted))), indices, probabilities)
    }
}

/// The body of the word-list queries: resolves the positive and negative words (naming an unknown or
/// NULL one), requires at least one query word (a positive one when `needsPositive`), lets `search`
/// find up to `k` neighbours and writes them to the caller's arrays, which may be NULL only when `k` is 0.
private func wordQuery<Term>(
    _ model: W2VConstModelHandle?,
    _ positive: UnsafePointer<UnsafePointer<CChar>?>?, _ n_pos: UInt,
    _ negative: UnsafePointer<UnsafePointer<CChar>?>?, _ n_neg: UInt,
    _ k: UInt, _ indices_out: UnsafeMutablePointer<UInt>?, _ scores_out: UnsafeMutablePointer<Float>?,
    _ n_out: UnsafeMutablePointer<UInt>?, name: String, needsPositive: Bool,
    resolve: (Model, UnsafePointer<UnsafePointer<CChar>?>?, UInt, String, String) throws(W2VError) -> [Term],
    _ search: (Model, [Term], [Term], Int) throws(W2VError) -> [Neighbor]
) -> w2v_status {
    withStatus { () throws(W2VError) in
        let model = try Handle.model(model)
        let count = try required(n_out, "n_out")
        count.pointee = 0
        let positiveRows = try resolve(model, positive, n_pos, "positive", "n_pos")
        let negativeRows = try resolve(model, negative, n_neg, "negative", "n_neg")
        let wanted = try resultCount(k, indices_out, scores_out)
        if needsPositive && positiveRows.isEmpty {
            throw .invalidArgument("\(name) needs at least one positive word")
        }
        if positiveRows.isEmpty && negativeRows.isEmpty {
            throw .invalidArgument("\(name) needs at least one positive or negative word")
        }
        if wanted == 0 { return }
        let indices = try required(indices_out, "indices_out")
        let scores = try required(scores_out, "scores_out")
        count.pointee = writeNeighbors(try search(model, positiveRows, negativeRows, clampedCount(UInt(wanted))), indices, scores)
    }
}

/// Row indices of a C array of words, naming the list and position of a NULL or unknown word.
func queryRows(_ model: Model, _ words: UnsafePointer<UnsafePointer<CChar>?>?, _ n: UInt, _ name: String,
               count countName: String) throws(W2VError) -> [Int] {
    var rows = [Int]()
    for word in try queryWords(model, words, n, name, count: countName) {
        rows.append(try model.index(of: word))
    }
    return rows
}

/// The words of a C array, borrowed, naming the list and position of a NULL word; for a model without
/// subwords also of an unknown word (a subword model composes it).
func queryWords(_ model: Model, _ words: UnsafePointer<UnsafePointer<CChar>?>?, _ n: UInt, _ name: String,
                count countName: String) throws(W2VError) -> [UnsafeBufferPointer<UInt8>] {
    if n == 0 { return [] }
    let count = try callerCount(n, of: words, countName)
    let words = try required(words, name)
    var result = [UnsafeBufferPointer<UInt8>]()
    result.reserveCapacity(count)
    for i in 0..<count {
        let word = try cBytes(words[i], "\(name)[\(i)]")
        if model.subwords == nil { _ = try model.index(of: word) }
        result.append(word)
    }
    return result
}

/// How many results the caller's two result arrays hold: `k`, checked against both arrays (an
/// impossible `k` such as SIZE_MAX is W2V_ERR_INVALID_ARGUMENT, as every array length).
func resultCount(_ k: UInt, _ indices: UnsafeMutablePointer<UInt>?, _ scores: UnsafeMutablePointer<Float>?) throws(W2VError) -> Int {
    _ = try callerCount(k, of: scores, "k")
    return try callerCount(k, of: indices, "k")
}

/// A caller's count as an Int the core can hold (restrict_vocab may be SIZE_MAX: every word).
func clampedCount(_ n: UInt) -> Int {
    Int(min(n, UInt(Int32.max)))
}

/// Writes neighbours into the caller's index and score arrays; returns how many.
private func writeNeighbors(_ found: [Neighbor], _ indices: UnsafeMutablePointer<UInt>,
                            _ scores: UnsafeMutablePointer<Float>) -> UInt {
    for (j, neighbor) in found.enumerated() {
        indices[j] = UInt(neighbor.index)
        scores[j] = neighbor.score
    }
    return UInt(found.count)
}
