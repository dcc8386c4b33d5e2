// Every setting of vocabulary finalisation and training lives in an opaque `w2v_params`, read and
// written by key (`w2v_param`) through setters that check each value's range, as zstd's
// ZSTD_CCtx_setParameter. No struct layout crosses the ABI, so new keys never break old callers.
// Integer keys use `w2v_params_set_int` / `w2v_params_get_int`, float keys the `_float` pair.

import W2VCore

/// Keys of `w2v_params`. Integer keys are read and written with `w2v_params_get_int`/`_set_int`, float
/// keys with `_get_float`/`_set_float`; using the other kind is W2V_ERR_INVALID_ARGUMENT.
@c public enum w2v_param: Int32 {
    /// int, vector dimension, 1..10000, default 100.
    case W2V_PARAM_DIM = 0
    /// int, maximum distance from the center word, 1..1000, default 5.
    case W2V_PARAM_WINDOW = 1
    /// int, noise words per prediction, 0..1000 (0 only with W2V_PARAM_HS 1), default 5.
    case W2V_PARAM_NEGATIVE = 2
    /// int, words seen fewer times are dropped, 1..2^31-1, default 5.
    case W2V_PARAM_MIN_COUNT = 3
    /// int, keep at most this many most frequent words, 0 = unlimited (default).
    case W2V_PARAM_MAX_VOCAB = 4
    /// float, subsampling threshold, 0..1, 0 = off, default 1e-3.
    case W2V_PARAM_SAMPLE = 5
    /// float, starting learning rate, default 0.025 for skip-gram and 0.05 for CBOW.
    case W2V_PARAM_ALPHA = 6
    /// float, final learning rate, default 0.0001 x alpha.
    case W2V_PARAM_MIN_ALPHA = 7
    /// int, passes over the corpus, 1..100000, default 5.
    case W2V_PARAM_EPOCHS = 8
    /// int, training threads, 1..1024, default 1.
    case W2V_PARAM_THREADS = 9
    /// int, seed of every random choice, >= 0, default 1.
    case W2V_PARAM_SEED = 10
    /// int, a w2v_arch value, default W2V_ARCH_CBOW (as word2vec).
    case W2V_PARAM_ARCH = 11
    /// float, exponent of the unigram counts in the noise distribution, -10..10, default 0.75.
    case W2V_PARAM_NS_EXPONENT = 12
    /// int, 0 or 1: skip-gram draws one set of noise words per center word, shared by its context
    /// words (HogBatch, Ji et al. 2016), so each output row is read once per window. Default 1:
    /// measured 1.8x faster with better analogy accuracy than one draw per context word (0, as
    /// word2vec and gensim do). CBOW ignores it.
    case W2V_PARAM_SHARED_NEGATIVES = 13
    /// int, 0 or 1: hierarchical softmax over a Huffman tree of the vocabulary (word2vec's -hs),
    /// alone (W2V_PARAM_NEGATIVE 0) or beside negative sampling. Default 0.
    case W2V_PARAM_HS = 14
    /// int, gensim's max_final_vocab: the effective min-count is raised until at most this many words
    /// remain; 0 = no limit (default).
    case W2V_PARAM_MAX_FINAL_VOCAB = 15
}

/// Values of W2V_PARAM_ARCH.
@c public enum w2v_arch: Int32 {
    /// Skip-gram: the center word predicts each context word.
    case W2V_ARCH_SKIPGRAM = 0
    /// CBOW: the mean of the context predicts the center word.
    case W2V_ARCH_CBOW = 1
}

/// C type `w2v_param`, passed by value from the caller, who may hold any integer.
public typealias W2VParamKey = Int32

func parameterKey(_ raw: W2VParamKey) throws(W2VError) -> ParameterKey {
    guard let key = ParameterKey(rawValue: Int(raw)) else {
        throw .invalidArgument("unknown parameter key \(raw)")
    }
    return key
}

/// Creates a parameter set holding every default.
/// - Parameter out: receives the new handle; free it with `w2v_params_free`. Must not be NULL.
/// - Returns: W2V_OK, or W2V_ERR_INVALID_ARGUMENT when `out` is NULL.
@c public func w2v_params_new(_ out: UnsafeMutablePointer<W2VParamsHandle?>?) -> w2v_status {
    withStatus { () throws(W2VError) in
        let out = try required(out, "out")
        out.pointee = Handle.make(ParamsBox())
    }
}

/// Frees a parameter set; NULL is a no-op.
@c public func w2v_params_free(_ params: W2VParamsHandle?) {
    Handle.release(params)
}

/// Sets an integer parameter after checking its range.
/// - Returns: W2V_ERR_INVALID_ARGUMENT for a NULL handle, an unknown or float key, or a value out of
///   range (the message gives the range); the set is unchanged then.
@c public func w2v_params_set_int(_ params: W2VParamsHandle?, _ key: W2VParamKey, _ value: Int64) -> w2v_status {
    withStatus { () throws(W2VError) in
        try Handle.params(params).value.set(parameterKey(key), int: value)
    }
}

/// Sets a float parameter after checking its range (NaN and infinities are out of every range).
/// - Returns: W2V_ERR_INVALID_ARGUMENT for a NULL handle, an unknown or integer key, or a value out of
///   range; the set is unchanged then.
@c public func w2v_params_set_float(_ params: W2VParamsHandle?, _ key: W2VParamKey, _ value: Double) -> w2v_status {
    withStatus { () throws(W2VError) in
        try Handle.params(params).value.set(parameterKey(key), float: value)
    }
}

/// Reads an integer parameter into `*out` (not NULL).
/// - Returns: W2V_ERR_INVALID_ARGUMENT for a NULL argument or an unknown or float key.
@c public func w2v_params_get_int(_ params: W2VConstParamsHandle?, _ key: W2VParamKey, _ out: UnsafeMutablePointer<Int64>?) -> w2v_status {
    withStatus { () throws(W2VError) in
        let out = try required(out, "out")
        out.pointee = try Handle.params(params).value.int(parameterKey(key))
    }
}

/// Reads a float parameter into `*out` (not NULL). Alpha and min_alpha read as their effective values
/// when unset (they depend on the architecture).
/// - Returns: W2V_ERR_INVALID_ARGUMENT for a NULL argument or an unknown or integer key.
@c public func w2v_params_get_float(_ params: W2VConstParamsHandle?, _ key: W2VParamKey, _ out: UnsafeMutablePointer<Double>?) -> w2v_status {
    withStatus { () throws(W2VError) in
        let out = try required(out, "out")
        out.pointee = try Handle.params(params).value.float(parameterKey(key))
    }
}
