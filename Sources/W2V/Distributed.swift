// Data parallelism, engine-neutral (the library links no MPI): each worker trains its own replica of
// a model on its own shard and the workers combine their changes at syncs, through whatever engine
// the host uses (MPI, Ray, threads). The pieces: every weight matrix by kind (`w2v_matrix`) with its
// shape, a writable view and a checksum; a sync base (`w2v_sync_take_base`) against which a worker
// extracts its deltas over row ranges (rows are ordered by frequency, so hot rows are a prefix) and
// which rows it changed, and an apply that sets base + scale x the summed deltas. A round is: train;
// `w2v_sync_delta` (+ `w2v_sync_touched`) into buffers; allreduce them (sum); `w2v_sync_apply` on
// every worker, which then holds the same weights (`w2v_model_matrix_checksum` tells). Vocabulary
// counts travel as bytes (`w2v_vocab_counts_save` / `w2v_vocab_counts_add`), and
// `w2v_model_train_file_range` trains a worker's byte range of a file with a word budget, saying where
// to resume. The same mechanism drives the reproducible threaded mode (W2V_PARAM_SYNC_WORDS).

import W2VCore

/// A model's weight matrices.
@c public enum w2v_matrix: Int32 {
    /// The word vectors (word2vec's syn0): `w2v_model_vocab_size` rows of dim floats.
    case W2V_MATRIX_INPUT = 0
    /// Negative sampling's output weights (syn1neg): one row per word; absent when W2V_PARAM_NEGATIVE
    /// is 0 and in a model loaded from a word2vec file.
    case W2V_MATRIX_OUTPUT = 1
    /// Hierarchical softmax's inner-node weights (syn1): vocabulary size - 1 rows (at least 1);
    /// present only with W2V_PARAM_HS 1.
    case W2V_MATRIX_HS = 2
}

/// How `w2v_sync_apply` scales the workers' summed deltas, per row.
@c public enum w2v_sync_scale: Int32 {
    /// 1: every worker's change counts in full (delta-sum, what Hogwild threads do).
    case W2V_SYNC_SUM = 0
    /// 1 / workers: model averaging (scale the learning rate by the number of workers with it).
    case W2V_SYNC_MEAN = 1
    /// 1 / the number of workers that changed the row (Spark MLlib's rule); a row nobody changed keeps
    /// the base.
    case W2V_SYNC_TOUCHED = 2
}

/// C type `w2v_matrix`, passed in by a caller, who may hold any integer.
public typealias W2VMatrixCode = Int32
/// C type `w2v_sync_scale`, passed in by a caller, who may hold any integer.
public typealias W2VSyncScaleCode = Int32

/// Writes the shape of a weight matrix: rows and columns (dim), both 0 when the model has no such
/// matrix.
/// - Returns: W2V_ERR_INVALID_ARGUMENT for a NULL argument or an unknown matrix.
@c public func w2v_model_matrix_shape(_ model: W2VConstModelHandle?, _ matrix: W2VMatrixCode,
                                      _ rows_out: UnsafeMutablePointer<UInt>?, _ columns_out: UnsafeMutablePointer<UInt>?) -> w2v_status {
    withStatus { () throws(W2VError) in
        let model = try Handle.model(model)
        let rows = try required(rows_out, "rows_out"), columns = try required(columns_out, "columns_out")
        let found = model.matrix(try weightMatrix(matrix))
        rows.pointee = UInt(found?.rows ?? 0)
        columns.pointee = UInt(found.map { _ in model.dim } ?? 0)
    }
}

/// A writable view of a weight matrix, row-major (`w2v_model_matrix_shape`), zero-copy: borrowed from
/// the model, valid until it is freed or its vocabulary grows. Writing changes the model (as training
/// does); not while it is being trained. NULL for a NULL model, an unknown matrix or one the model does
/// not have (`w2v_last_error` says which). Each call drops the unit vectors queries cached, so get
/// the view again after writing through it before querying.
@c public func w2v_model_matrix_data(_ model: W2VModelHandle?, _ matrix: W2VMatrixCode) -> UnsafeMutablePointer<Float>? {
    var data: UnsafeMutablePointer<Float>?
    let status = withStatus { () throws(W2VError) in
        let model = try Handle.model(model)
        data = try present(model, matrix).base
        model.weightsWereWritten()
    }
    return status == .W2V_OK ? data : nil
}

/// XXH64 (seed 0) of a weight matrix's floats as stored (little-endian), to check that replicas hold
/// identical weights.
/// - Returns: W2V_ERR_NOT_FOUND when the model has no such matrix; W2V_ERR_INVALID_ARGUMENT for a NULL
///   argument or an unknown matrix.
@c public func w2v_model_matrix_checksum(_ model: W2VConstModelHandle?, _ matrix: W2VMatrixCode, _ checksum_out: UnsafeMutablePointer<UInt64>?) -> w2v_status {
    withStatus { () throws(W2VError) in
        let model = try Handle.model(model)
        let out = try required(checksum_out, "checksum_out")
        let kind = try weightMatrix(matrix)
        guard let checksum = model.checksum(kind) else { throw .notFound("the model has no \(kind.name) matrix") }
        out.pointee = checksum
    }
}

/// Sets a learning-rate factor for each row of a weight matrix: every update training makes to row i
/// is multiplied by `factors[i]`. For W2V_MATRIX_INPUT this is `w2v_model_set_row_learning_rate`
/// (gensim's vectors_lockf, saved by the native format). The output and node factors are for a
/// data-parallel host that combines rows by different rules: rows it averages over N workers train at
/// N times the learning rate, rows it sums at the normal one (w2v-mpi's `-rule sum -average-rows H`
/// sets factor 1 / N on every row past the H hottest while each worker trains at N times the rate).
/// They are not saved; a vocabulary update gives new rows factor 1. The model copies the factors. Not
/// while the model is being trained.
/// - Parameters:
///   - factors: `n` finite factors >= 0, one per row of the matrix (`w2v_model_matrix_shape`), or one
///     factor for every row (`n` = 1); NULL restores the default (every factor 1, `n` ignored).
/// - Returns: W2V_ERR_INVALID_ARGUMENT for a NULL model, an unknown matrix or one the model does not
///   have (unless `factors` is NULL), an `n` other than the rows or 1, a negative, NaN or infinite
///   factor (the message gives its position), or a model being trained; the factors are unchanged then.
@c public func w2v_model_set_matrix_learning_rate(_ model: W2VModelHandle?, _ matrix: W2VMatrixCode,
                                                  _ factors: UnsafePointer<Float>?, _ n: UInt) -> w2v_status {
    withStatus { () throws(W2VError) in
        let model = try Handle.model(model)
        let kind = try weightMatrix(matrix)
        guard let factors else { return try model.setLearningRates(nil, of: kind) }
        if n > UInt(Int32.max) { throw .invalidArgument("\(n) learning-rate factors were given; no matrix has that many rows") }
        try model.setLearningRates(UnsafeBufferPointer(start: factors, count: Int(n)), of: kind)
    }
}

/// Copies the learning-rate factor of each row of a weight matrix (see
/// `w2v_model_set_matrix_learning_rate`), in row order, into `factors_out`: every factor is 1 when none
/// was set.
/// - Parameters:
///   - factors_out: a buffer of `len` floats; may be NULL when `len` is 0 (to ask for the size).
///   - needed_out: receives the matrix's rows, also when the buffer is too small. May be NULL.
/// - Returns: W2V_ERR_BUFFER_TOO_SMALL when `len` is less than the rows (nothing is written);
///   W2V_ERR_INVALID_ARGUMENT for NULL pointers, an unknown matrix or one the model does not have.
@c public func w2v_model_get_matrix_learning_rate(
    _ model: W2VConstModelHandle?, _ matrix: W2VMatrixCode, _ factors_out: UnsafeMutablePointer<Float>?, _ len: UInt,
    _ needed_out: UnsafeMutablePointer<UInt>?
) -> w2v_status {
    withStatus { () throws(W2VError) in
        let model = try Handle.model(model)
        let kind = try weightMatrix(matrix)
        guard let factors = model.learningRateFactors(of: kind) else { throw .invalidArgument("the model has no \(kind.name) matrix") }
        let rows = UInt(factors.count)
        needed_out?.pointee = rows
        if len < rows { throw .bufferTooSmall("the buffer holds \(len) floats; the matrix has \(rows) rows") }
        if rows == 0 { return }
        let out = try required(factors_out, "factors_out")
        out.update(from: factors, count: factors.count)
    }
}

/// Copies every weight matrix of the model as its sync base, replacing an earlier one: deltas are
/// taken against it. Every worker takes it from identical weights (the same seed and vocabulary, or a
/// broadcast). Costs the memory of the matrices once more; `w2v_sync_drop_base` frees it.
/// - Returns: W2V_ERR_INVALID_ARGUMENT for NULL or a model being trained or changed;
///   W2V_ERR_OUT_OF_MEMORY when the copy does not fit.
@c public func w2v_sync_take_base(_ model: W2VModelHandle?) -> w2v_status {
    withStatus { () throws(W2VError) in
        try Handle.model(model).takeSyncBase()
    }
}

/// Frees the model's sync base; no-op when it has none.
/// - Returns: W2V_ERR_INVALID_ARGUMENT for NULL.
@c public func w2v_sync_drop_base(_ model: W2VModelHandle?) -> w2v_status {
    withStatus { () throws(W2VError) in
        try Handle.model(model).dropSyncBase()
    }
}

/// Writes the rows `row_begin` to `row_end` (exclusive) of a matrix minus the sync base, row-major,
/// into `out` ((row_end - row_begin) x columns floats), for the host to sum over workers.
/// - Returns: W2V_ERR_BUFFER_TOO_SMALL when `len` is short; W2V_ERR_INVALID_ARGUMENT for NULL, an
///   unknown or absent matrix, rows out of range or reversed, no sync base, or a model whose shape
///   changed since the base was taken.
@c public func w2v_sync_delta(_ model: W2VConstModelHandle?, _ matrix: W2VMatrixCode, _ row_begin: UInt, _ row_end: UInt,
                              _ out: UnsafeMutablePointer<Float>?, _ len: UInt) -> w2v_status {
    withStatus { () throws(W2VError) in
        let model = try Handle.model(model)
        let kind = try weightMatrix(matrix)
        let rows = try rowRange(row_begin, row_end)
        let buffer = try callerBuffer(out, len, "len")
        try model.syncDelta(kind, rows: rows, into: buffer)
    }
}

/// Writes 1 for each row from `row_begin` to `row_end` (exclusive) that differs from the sync base in
/// any bit, else 0, into `out` (row_end - row_begin counts). Summed over workers these are the counts
/// W2V_SYNC_TOUCHED divides by; a row nobody changed need not be sent at all.
/// - Returns: as `w2v_sync_delta`.
@c public func w2v_sync_touched(_ model: W2VConstModelHandle?, _ matrix: W2VMatrixCode, _ row_begin: UInt, _ row_end: UInt,
                                _ out: UnsafeMutablePointer<UInt32>?, _ len: UInt) -> w2v_status {
    withStatus { () throws(W2VError) in
        let model = try Handle.model(model)
        let kind = try weightMatrix(matrix)
        let rows = try rowRange(row_begin, row_end)
        let buffer = try callerBuffer(out, len, "len")
        try model.syncTouched(kind, rows: rows, into: buffer)
    }
}

/// Sets rows `row_begin` to `row_end` (exclusive) of a matrix, in the model and in its sync base, to
/// base + s x `delta_sum`, where `delta_sum` is the workers' deltas summed (row-major, as
/// `w2v_sync_delta` wrote them) and s is the row's scale: 1, 1 / `workers`, or 1 / `touched[i]`
/// (`scale`). Every worker applying the same sums to the same base gets the same weights, which are
/// its next base. Rows outside the range keep training against the old base (for syncing hot rows more
/// often than the rest).
/// - Parameters:
///   - workers: the number of workers, for W2V_SYNC_MEAN (at least 1); ignored otherwise.
///   - touched: row_end - row_begin counts summed over workers (`w2v_sync_touched`), for
///     W2V_SYNC_TOUCHED; may be NULL otherwise.
/// - Returns: W2V_ERR_BUFFER_TOO_SMALL when `len` or `touched_len` is short; W2V_ERR_INVALID_ARGUMENT
///   as `w2v_sync_delta`, for an unknown scale, 0 workers with W2V_SYNC_MEAN, a NULL `touched` with
///   W2V_SYNC_TOUCHED, or a delta that is NaN or infinite (nothing changes then).
@c public func w2v_sync_apply(_ model: W2VModelHandle?, _ matrix: W2VMatrixCode, _ row_begin: UInt, _ row_end: UInt,
                              _ delta_sum: UnsafePointer<Float>?, _ len: UInt, _ scale: W2VSyncScaleCode, _ workers: UInt32,
                              _ touched: UnsafePointer<UInt32>?, _ touched_len: UInt) -> w2v_status {
    withStatus { () throws(W2VError) in
        let model = try Handle.model(model)
        let kind = try weightMatrix(matrix)
        let rows = try rowRange(row_begin, row_end)
        let deltas = try callerBuffer(delta_sum, len, "len")
        guard let rule = w2v_sync_scale(rawValue: scale) else {
            throw .invalidArgument("scale \(scale) is not a w2v_sync_scale (0 sum, 1 mean, 2 touched)")
        }
        let deltaScale: DeltaScale
        switch rule {
        case .W2V_SYNC_SUM: deltaScale = .sum
        case .W2V_SYNC_MEAN: deltaScale = .mean(workers: Int(workers))
        case .W2V_SYNC_TOUCHED: deltaScale = .touched
        }
        let counts = touched == nil ? nil : try callerBuffer(touched, touched_len, "touched_len")
        try model.syncApply(kind, rows: rows, deltaSum: deltas, scale: deltaScale, touched: counts)
    }
}

/// Trains the bytes from `begin` to `end` (exclusive; past the file's end means its end) of a text
/// file on the calling thread, until `max_words` in-vocabulary words were consumed (0 = the whole
/// range), then on to the end of that sentence or 10,000-word piece of a longer line. Both ends are
/// moved forward to the start of a word (the first byte after a separator) as `w2v_model_train_file`
/// splits files between threads, so workers may cut a file at any offsets: ranges that meet share no
/// word, and `w2v_vocab_add_file_range` counts what they train. The learning
/// rate falls linearly from its value at `progress_begin` to that at `progress_end` (fractions of the
/// whole run, as `w2v_model_learning_rate` takes them) with the fraction of `max_words` consumed (of
/// the range's bytes read when `max_words` is 0). Training the range in several budgeted calls, each
/// resuming at the offset the last one wrote, trains every word once. Each call draws from its own
/// random stream (numbered with the `w2v_model_train_step` calls), so the same calls in the same order
/// give the same weights. Lines end sentences; unknown words are dropped.
/// - Parameters:
///   - resume_out: receives the offset to resume from (`end` clamped to the file when the range is used
///     up). May be NULL.
///   - words_out: receives the in-vocabulary words consumed; may be NULL.
///   - loss_out: receives the mean negative log-likelihood per prediction of the call; may be NULL.
/// - Returns: W2V_ERR_IO when the file cannot be read; W2V_ERR_INVALID_ARGUMENT for NULL, a file that
///   is not a regular file, `begin` > `end`, a progress outside [0, 1], `progress_begin` >
///   `progress_end`, or a model without output weights.
@c public func w2v_model_train_file_range(
    _ model: W2VModelHandle?, _ path: UnsafePointer<CChar>?, _ begin: UInt64, _ end: UInt64,
    _ progress_begin: Double, _ progress_end: Double, _ max_words: UInt64,
    _ resume_out: UnsafeMutablePointer<UInt64>?, _ words_out: UnsafeMutablePointer<UInt64>?, _ loss_out: UnsafeMutablePointer<Double>?
) -> w2v_status {
    withStatus { () throws(W2VError) in
        let model = try Handle.model(model)
        let path = try cPath(path)
        let range = try byteRange(begin, end)
        if !(progress_begin.isFinite && progress_end.isFinite) {
            throw .invalidArgument("progress \(progress_begin)...\(progress_end) is not finite")
        }
        if progress_begin > progress_end {
            throw .invalidArgument("progress_begin \(progress_begin) is after progress_end \(progress_end)")
        }
        let result = try model.train(file: path, range: range,
                                     progress: progress_begin...progress_end,
                                     maxWords: Int64(min(max_words, UInt64(Int64.max))))
        resume_out?.pointee = UInt64(result.resumeOffset)
        words_out?.pointee = UInt64(result.words)
        loss_out?.pointee = result.meanLoss
    }
}

/// Counts the words of the bytes from `begin` to `end` (exclusive; past the file's end means its end)
/// of a file, both ends moved forward to the start of a word as `w2v_model_train_file_range` moves
/// them: a worker counts exactly the words it will train, and shards cut at any offsets count every
/// word of the file once.
/// - Returns: W2V_ERR_IO when the file cannot be read (the counts are then unchanged);
///   W2V_ERR_INVALID_ARGUMENT for NULL, `begin` > `end`, or a file that is not a regular file.
@c public func w2v_vocab_add_file_range(_ vocab: W2VVocabHandle?, _ path: UnsafePointer<CChar>?, _ begin: UInt64, _ end: UInt64) -> w2v_status {
    withStatus { () throws(W2VError) in
        let counter = try Handle.vocab(vocab)
        let path = try cPath(path)
        try counter.add(file: path, byteRange: try byteRange(begin, end))
    }
}

/// Writes the counted words to `buffer` as bytes, for sending to other workers: word2vec's vocabulary
/// file format (`w2v_vocab_save`: `word count` lines, the `</s>` line first with the sentences) but
/// every word, in first-seen order. `w2v_vocab_counts_add` reads it back. Adding the shards' counts of
/// consecutive parts of a corpus in corpus order gives exactly the counts and the word order of
/// counting the whole corpus, so `w2v_model_new` makes the single-machine vocabulary (only the
/// sentence count differs: a line cut between two shards ends a sentence in each); in another order,
/// call `w2v_vocab_order_ties_by_bytes` after merging.
/// - Parameters:
///   - buffer: `len` bytes; may be NULL when `len` is 0 (to ask for the size).
///   - needed_out: receives the size in bytes, also when the buffer is too small. May be NULL.
/// - Returns: W2V_ERR_BUFFER_TOO_SMALL when `len` is short (nothing written); W2V_ERR_INVALID_ARGUMENT
///   for NULL.
@c public func w2v_vocab_counts_save(_ vocab: W2VConstVocabHandle?, _ buffer: UnsafeMutablePointer<CChar>?, _ len: UInt,
                                     _ needed_out: UnsafeMutablePointer<UInt>?) -> w2v_status {
    withStatus { () throws(W2VError) in
        let text = try Handle.vocab(vocab).countsText()
        needed_out?.pointee = UInt(text.count)
        if len < UInt(text.count) { throw .bufferTooSmall("the buffer holds \(len) bytes; the counts take \(text.count)") }
        if text.isEmpty { return }
        let out = try callerBuffer(buffer, len, "len")
        text.withUnsafeBytes { UnsafeMutableRawBufferPointer(out).copyMemory(from: $0) }
    }
}

/// Adds counts held in memory in the vocabulary file format (`w2v_vocab_counts_save`, or a file's
/// bytes) to `vocab`, as `w2v_vocab_add_counts_file` adds a file: words new to `vocab` take the order
/// of the lines. `buffer` may be NULL only when `len` is 0.
/// - Returns: W2V_ERR_FORMAT for a malformed line, a count of 0 or above 10^15, or a word listed twice
///   (the message names the line; the counts are then unchanged); W2V_ERR_INVALID_ARGUMENT for NULL.
@c public func w2v_vocab_counts_add(_ vocab: W2VVocabHandle?, _ buffer: UnsafePointer<CChar>?, _ len: UInt) -> w2v_status {
    withStatus { () throws(W2VError) in
        let counter = try Handle.vocab(vocab)
        if len == 0 { return }
        let bytes = try callerBuffer(buffer, len, "len")
        try counter.add(vocabularyText: UnsafeRawBufferPointer(bytes), source: "the counts")
    }
}

/// Orders the counted words by descending count and words of equal count by their bytes (unsigned,
/// lexicographic), instead of first seen first. Then the vocabulary `w2v_model_new` makes (descending
/// count, ties in first-seen order) does not depend on the order in which shards' counts were added.
/// Changes which row a tied word takes, so the trained vectors differ from those of counts left in
/// first-seen order.
/// - Returns: W2V_ERR_INVALID_ARGUMENT for NULL.
@c public func w2v_vocab_order_ties_by_bytes(_ vocab: W2VVocabHandle?) -> w2v_status {
    withStatus { () throws(W2VError) in
        try Handle.vocab(vocab).orderTiesByBytes()
    }
}

private func weightMatrix(_ code: W2VMatrixCode) throws(W2VError) -> WeightMatrix {
    guard let kind = WeightMatrix(rawValue: Int(code)) else {
        throw .invalidArgument("matrix \(code) is not a w2v_matrix (0 input, 1 output, 2 hs)")
    }
    return kind
}

private func present(_ model: Model, _ code: W2VMatrixCode) throws(W2VError) -> FloatMatrix {
    let kind = try weightMatrix(code)
    guard let matrix = model.matrix(kind) else { throw .invalidArgument("the model has no \(kind.name) matrix") }
    return matrix
}

/// A caller's byte range; offsets past what an Int holds mean the file's end.
private func byteRange(_ begin: UInt64, _ end: UInt64) throws(W2VError) -> Range<Int> {
    if begin > end { throw .invalidArgument("begin \(begin) is after end \(end)") }
    let limit = UInt64(Int.max)
    return Int(min(begin, limit))..<Int(min(end, limit))
}

private func rowRange(_ begin: UInt, _ end: UInt) throws(W2VError) -> Range<Int> {
    if begin > end { throw .invalidArgument("row_begin \(begin) is after row_end \(end)") }
    if end > UInt(Int32.max) { throw .invalidArgument("row_end \(end) is out of range") }
    return Int(begin)..<Int(end)
}

/// A caller's buffer of `len` elements, checked to fit the address space; NULL only when `len` is 0.
private func callerBuffer<T>(_ pointer: UnsafeMutablePointer<T>?, _ len: UInt, _ name: String) throws(W2VError) -> UnsafeMutableBufferPointer<T> {
    let count = try callerCount(len, of: pointer, name)
    if count == 0 { return UnsafeMutableBufferPointer(start: pointer, count: 0) }
    return UnsafeMutableBufferPointer(start: try required(pointer, "the buffer"), count: count)
}

private func callerBuffer<T>(_ pointer: UnsafePointer<T>?, _ len: UInt, _ name: String) throws(W2VError) -> UnsafeBufferPointer<T> {
    UnsafeBufferPointer(try callerBuffer(UnsafeMutablePointer(mutating: pointer), len, name))
}
