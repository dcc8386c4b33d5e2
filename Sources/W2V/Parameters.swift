// Every setting of vocabulary finalisation and training lives in an opaque `w2v_params`, read and
// written by key (`w2v_param`) through setters that check each value's range, as zstd's
// ZSTD_CCtx_setParameter: no struct layout crosses the ABI, so new keys never break old callers.
// Integer and bool keys use `w2v_params_set_int` / `w2v_params_get_int`, float keys the `_float` pair.
// The keys come from one table in the library, which callers can read (`w2v_param_count`,
// `w2v_param_info`, `w2v_param_lookup`): a binding maps its keyword arguments to keys and checks
// their kinds and ranges without a table of its own.

import W2VCore

/// Keys of `w2v_params`, numbered from 0 without gaps (`w2v_param_count()` keys). Each key's
/// documentation states what `w2v_param_info` reports: its name (for `w2v_param_lookup`), its kind
/// (`w2v_param_kind`), its inclusive range and its default; a test checks it against the library's
/// parameter table. Integer and bool keys are read and written with `w2v_params_get_int`/`_set_int`,
/// float keys with `_get_float`/`_set_float`; using the other kind is W2V_ERR_INVALID_ARGUMENT. Values
/// never change: a new key takes the next number.
@c public enum w2v_param: Int32 {
    /// `dim`: int in [1, 10000], default 100. Vector dimension.
    case W2V_PARAM_DIM = 0
    /// `window`: int in [1, 1000], default 5. Maximum distance between the center word and a
    /// context word.
    case W2V_PARAM_WINDOW = 1
    /// `negative`: int in [0, 1000], default 5. Noise words per prediction (negative sampling); 0
    /// only with hs 1.
    case W2V_PARAM_NEGATIVE = 2
    /// `min_count`: int in [1, 2147483647], default 5. Words seen fewer times are dropped.
    case W2V_PARAM_MIN_COUNT = 3
    /// `max_vocab`: int in [0, 2147483647], default 0. Keep at most this many most frequent words;
    /// 0 = unlimited.
    case W2V_PARAM_MAX_VOCAB = 4
    /// `sample`: float in [0, 1], default 0.001. Subsampling threshold of frequent words; 0 = off.
    case W2V_PARAM_SAMPLE = 5
    /// `alpha`: float in [1e-09, 10], default 0.025 for skip-gram, 0.05 for CBOW. Starting learning
    /// rate.
    case W2V_PARAM_ALPHA = 6
    /// `min_alpha`: float in [0, 10], default 0.0001 x alpha. Final learning rate, reached at the
    /// end of the last epoch.
    case W2V_PARAM_MIN_ALPHA = 7
    /// `epochs`: int in [1, 100000], default 5. Passes over the corpus.
    case W2V_PARAM_EPOCHS = 8
    /// `threads`: int in [1, 1024], default 1. Training threads of w2v_model_train_file.
    case W2V_PARAM_THREADS = 9
    /// `seed`: int in [0, 2^63-1], default 1. Seed of every random choice: initial vectors,
    /// subsampling, windows, noise words.
    case W2V_PARAM_SEED = 10
    /// `arch`: int in [0, 1], default 1. A w2v_arch value: W2V_ARCH_SKIPGRAM (0) or W2V_ARCH_CBOW
    /// (1), the default as in word2vec.
    case W2V_PARAM_ARCH = 11
    /// `ns_exponent`: float in [-10, 10], default 0.75. Exponent of the unigram counts in the noise
    /// distribution.
    case W2V_PARAM_NS_EXPONENT = 12
    /// `shared_negatives`: bool (0 or 1), default 1. Skip-gram draws one set of noise words per
    /// center word, shared by its context words (HogBatch, Ji et al. 2016), so each output row is
    /// read once per window: measured 1.8x faster with better analogy accuracy than one draw per
    /// context word (0, as word2vec and gensim do). CBOW ignores it.
    case W2V_PARAM_SHARED_NEGATIVES = 13
    /// `hs`: bool (0 or 1), default 0. Hierarchical softmax over a Huffman tree of the vocabulary
    /// (word2vec's -hs), alone (negative 0) or beside negative sampling.
    case W2V_PARAM_HS = 14
    /// `max_final_vocab`: int in [0, 2147483647], default 0. gensim's max_final_vocab: the
    /// effective min_count is raised until at most this many words remain; 0 = no limit.
    case W2V_PARAM_MAX_FINAL_VOCAB = 15
    /// `cbow_mean`: bool (0 or 1), default 1. gensim's cbow_mean: CBOW's hidden layer is the mean of
    /// the context vectors (1, as word2vec) or their sum (0), in which case the gradient is divided
    /// by the number of context words before it reaches each of them, as gensim does. Skip-gram
    /// ignores it.
    case W2V_PARAM_CBOW_MEAN = 16
    /// `shrink_windows`: bool (0 or 1), default 1. gensim's shrink_windows: each center word's window
    /// is drawn uniformly from 1 to window (1, as word2vec), or is always the full window (0).
    case W2V_PARAM_SHRINK_WINDOWS = 17
    /// `sorted_vocab`: bool (0 or 1), default 1. gensim's sorted_vocab: the vocabulary's rows by
    /// descending count (1, as word2vec), or in the order the words were first seen (0). Which words
    /// are kept does not change.
    case W2V_PARAM_SORTED_VOCAB = 18
    /// `sync_words`: int in [0, 2147483647], default 0. Reproducible threaded training: 0 = Hogwild
    /// (w2v_model_train_file's threads share the weights without locks, so runs with more than one
    /// thread differ). N > 0 = each thread trains its own part of the file on its own copy of the
    /// weights, and every N words per thread the threads add their changes to the model in thread
    /// order, so the same seed, data and threads give the same vectors on every run; with 1 thread it
    /// trains exactly as 0. Costs one copy of the weights per thread; progress is reported between
    /// rounds.
    case W2V_PARAM_SYNC_WORDS = 19
    /// `min_n`: int in [1, 100], default 3. fastText's minn: the shortest character n-gram of subword
    /// training, in characters (UTF-8 sequences), counting the word's boundary markers < and >. Used
    /// when max_n > 0.
    case W2V_PARAM_MIN_N = 20
    /// `max_n`: int in [0, 100], default 0. fastText's maxn: the longest character n-gram; 0 = no
    /// subwords (a word2vec model). Above 0 a word's input vector is the mean of its own row and its
    /// n-grams' bucket rows (fastText), and any string gets a vector from its n-grams. Needs min_n <=
    /// max_n.
    case W2V_PARAM_MAX_N = 21
    /// `bucket`: int in [1, 2147483647], default 2000000. fastText's bucket: n-grams are hashed into
    /// this many rows of dim floats each, which dominate the model's memory when subwords are on
    /// (2,000,000 x 100 floats = 800 MB); fewer buckets save memory at the cost of more collisions.
    case W2V_PARAM_BUCKET = 22
    /// `kernels`: int in [0, 3], default 0. A w2v_kernels value: the instruction set of the
    /// training kernels. W2V_KERNELS_AUTO (0) takes the environment variable W2V_KERNELS (auto,
    /// baseline, avx2 or avx512) when set, else the best level the CPU supports;
    /// W2V_KERNELS_BASELINE (1, the baseline x86-64 code), W2V_KERNELS_AVX2 (2, AVX2 and FMA) and
    /// W2V_KERNELS_AVX512 (3, AVX-512F) force one. A forced level the CPU lacks makes training fail
    /// with W2V_ERR_INVALID_ARGUMENT (no silent fallback). Levels differ by floating-point rounding
    /// only; one-thread training is deterministic for a given level.
    case W2V_PARAM_KERNELS = 23
}

/// What kind of value a `w2v_param` key holds (`w2v_param_info`).
@c public enum w2v_param_kind: Int32 {
    /// An integer: `w2v_params_set_int` / `w2v_params_get_int`.
    case W2V_PARAM_KIND_INT = 0
    /// A floating-point number: `w2v_params_set_float` / `w2v_params_get_float`.
    case W2V_PARAM_KIND_FLOAT = 1
    /// A switch, 0 or 1, through `w2v_params_set_int` / `w2v_params_get_int`.
    case W2V_PARAM_KIND_BOOL = 2
}

/// C type `w2v_param_kind`, written for the caller.
public typealias W2VParamKindCode = Int32

/// Values of W2V_PARAM_ARCH.
@c public enum w2v_arch: Int32 {
    /// Skip-gram: the center word predicts each context word.
    case W2V_ARCH_SKIPGRAM = 0
    /// CBOW: the mean of the context predicts the center word.
    case W2V_ARCH_CBOW = 1
}

/// Values of W2V_PARAM_KERNELS: the instruction set of the training kernels.
@c public enum w2v_kernels: Int32 {
    /// W2V_KERNELS from the environment when set, else the best level the CPU supports.
    case W2V_KERNELS_AUTO = 0
    /// The baseline x86-64 code (SSE), which runs on every x86-64 CPU.
    case W2V_KERNELS_BASELINE = 1
    /// AVX2 with FMA.
    case W2V_KERNELS_AVX2 = 2
    /// AVX-512F.
    case W2V_KERNELS_AVX512 = 3
}

/// C type `w2v_kernels`, passed by value from the caller, who may hold any integer.
public typealias W2VKernelsCode = Int32

/// C type `w2v_param`, passed by value from the caller, who may hold any integer.
public typealias W2VParamKey = Int32

func parameterKey(_ raw: W2VParamKey) throws(W2VError) -> ParameterKey {
    guard let key = ParameterKey(rawValue: Int(raw)) else {
        throw .invalidArgument("unknown parameter key \(raw) (the keys are 0 to \(ParameterTable.rows.count - 1))")
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

/// Frees a parameter set; NULL is a no-op. A pointer that is not a live `w2v_params` handle (see
/// Library: misuse) is left alone, and `w2v_last_error()` says why.
@c public func w2v_params_free(_ params: W2VParamsHandle?) {
    Handle.free(params, ParamsBox.self)
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

/// Number of parameter keys: every `w2v_param` value from 0 to `w2v_param_count() - 1` is a key of
/// this library (a program built against an older header may see more keys than it names).
@c public func w2v_param_count() -> UInt {
    UInt(ParameterTable.rows.count)
}

/// Describes a key from the library's parameter table, as zstd's `ZSTD_cParam_getBounds`: so a binding
/// maps its keyword arguments to keys generically (with `w2v_param_lookup`) and checks or documents
/// values without a table of its own. Every out-parameter may be NULL.
/// - Parameters:
///   - key: a key below `w2v_param_count()`.
///   - name_out: receives the key's name ("min_count"), static: never freed, valid for the process.
///   - kind_out: receives whether the key holds an integer, a float or a bool.
///   - min_out: receives the smallest valid value.
///   - max_out: receives the largest valid value (W2V_PARAM_SEED's 2^63-1 reads as 2^63, the nearest
///     double).
///   - default_out: receives the value of a new `w2v_params`; for W2V_PARAM_ALPHA and
///     W2V_PARAM_MIN_ALPHA, whose defaults follow the architecture and alpha, that of the default
///     architecture (CBOW: 0.05 and 5e-06).
/// - Returns: W2V_ERR_INVALID_ARGUMENT for an unknown key (nothing is written then).
@c public func w2v_param_info(
    _ key: W2VParamKey, _ name_out: UnsafeMutablePointer<UnsafePointer<CChar>?>?,
    _ kind_out: UnsafeMutablePointer<W2VParamKindCode>?, _ min_out: UnsafeMutablePointer<Double>?,
    _ max_out: UnsafeMutablePointer<Double>?, _ default_out: UnsafeMutablePointer<Double>?
) -> w2v_status {
    withStatus { () throws(W2VError) in
        let row = try parameterKey(key).spec
        let (low, high) = row.bounds
        name_out?.pointee = StaticText.parameterNames[row.key.rawValue]
        kind_out?.pointee = Int32(row.kind.rawValue)
        min_out?.pointee = low
        max_out?.pointee = high
        default_out?.pointee = row.defaultValue
    }
}

/// Finds a key by its name ("min_count", as `w2v_param_info` gives it; exact, case-sensitive).
/// - Parameter key_out: receives the key. Must not be NULL.
/// - Returns: W2V_ERR_NOT_FOUND for a name that is no key (the message names it); W2V_ERR_INVALID_ARGUMENT
///   for NULL pointers.
@c public func w2v_param_lookup(_ name: UnsafePointer<CChar>?, _ key_out: UnsafeMutablePointer<W2VParamKey>?) -> w2v_status {
    withStatus { () throws(W2VError) in
        let name = String(decoding: try cBytes(name, "name"), as: UTF8.self)
        let out = try required(key_out, "key_out")
        guard let row = ParameterTable.row(named: name) else {
            throw .notFound("no parameter is named '\(name)'; the names are "
                            + ParameterTable.rows.map(\.name).joined(separator: ", "))
        }
        out.pointee = Int32(row.key.rawValue)
    }
}
