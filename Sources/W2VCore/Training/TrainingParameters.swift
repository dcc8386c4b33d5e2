/// Skip-gram predicts each context word from the center word; CBOW predicts the center word from the
/// mean of its context.
enum Architecture: Int, Sendable {
    case skipGram = 0
    case cbow = 1
}

/// Every setting of vocabulary finalisation and training, with word2vec's defaults. Values are checked
/// when set through `ParameterKey`, so a `TrainingParameters` is always usable. The initial values here
/// are the defaults: the parameter table (`ParameterTable`) reports them from a fresh value, so they are
/// written once.
public struct TrainingParameters: Equatable, Sendable {
    /// Vector dimension.
    public var dim = 100
    /// Maximum distance between the center word and a context word.
    var window = 5
    /// Noise words per prediction.
    var negative = 5
    /// Words seen fewer times are dropped from the vocabulary.
    public var minCount = 5
    /// Keep at most this many (most frequent) words; 0 = unlimited.
    public var maxVocab = 0
    /// Subsampling threshold; 0 disables subsampling.
    var sample = 1e-3
    /// Starting learning rate; nil = the architecture's default (0.025 skip-gram, 0.05 CBOW).
    var alphaOverride: Double? = nil
    /// Final learning rate; nil = 0.0001 x alpha.
    var minAlphaOverride: Double? = nil
    /// Passes over the corpus.
    var epochs = 5
    /// Training threads.
    var threads = 1
    /// Seed of every random choice: initial weights, subsampling, windows, noise.
    var seed: UInt64 = 1
    var architecture = Architecture.cbow
    /// Exponent of the unigram counts in the noise distribution.
    var nsExponent = 0.75
    /// Skip-gram only: the context words of one center word share one draw of noise words (HogBatch,
    /// Ji et al. 2016), so each output row is loaded once per window. Measured on 17M words of
    /// Wikipedia, 3 epochs: 1.8x faster and +3 points of analogy accuracy over one draw per pair.
    var sharedNegatives = true
    /// Hierarchical softmax over a Huffman tree of the vocabulary, alone (negative = 0) or beside
    /// negative sampling, as word2vec's -hs 1.
    var hierarchicalSoftmax = false
    /// gensim's max_final_vocab: raise the effective min-count until at most this many words remain;
    /// 0 = no limit.
    public var maxFinalVocab = 0
    /// CBOW's hidden layer is the mean of the context vectors (word2vec, gensim's cbow_mean=1); false =
    /// their sum, with the gradient divided by the number of context words before it reaches each of
    /// them (gensim's cbow_mean=0).
    var cbowMean = true
    /// Each center word's reach is drawn uniformly from 1...window (word2vec, gensim's
    /// shrink_windows=True); false = always the full window, drawing nothing.
    var shrinkWindows = true
    /// The vocabulary's rows by descending count (word2vec, gensim's sorted_vocab=1); false = in the
    /// order the words were first seen (gensim's sorted_vocab=0). Which words are kept does not change.
    public var sortedVocab = true
    /// 0: file training's threads share the weights (Hogwild). N > 0: the reproducible threaded mode,
    /// each thread on its own replica, the threads combining their changes every N words per thread.
    var syncWords = 0
    /// fastText's subwords: a word's input is the mean of its own row and the rows of its character
    /// n-grams of minN...maxN characters, hashed into `buckets` rows. maxN 0 = off (a word2vec model);
    /// the other two then have fastText's defaults ready for when maxN is set.
    var minN = 3
    var maxN = 0
    var buckets = 2_000_000
    /// The training kernels' instruction-set level: 0 automatic (`W2V_KERNELS`, else the best the CPU
    /// supports), else a `KernelLevel` raw value. A run setting: it changes rounding, not the model.
    var kernels = 0

    public init() {}

    /// The subword settings, or nil when subwords are off (maxN 0). Valid after `validate()`.
    public var subwords: SubwordSettings? {
        maxN > 0 ? try? SubwordSettings(minN: minN, maxN: maxN, buckets: buckets) : nil
    }

    public var alpha: Double { alphaOverride ?? (architecture == .skipGram ? 0.025 : 0.05) }
    var minAlpha: Double { minAlphaOverride ?? alpha * 0.0001 }
}

/// Names every parameter for generic get/set. The raw values are the C API's `w2v_param` values and the
/// native format's keys, so they never change; a new parameter takes the next value and one row of
/// `ParameterTable.rows`.
public enum ParameterKey: Int, CaseIterable, Sendable {
    case dim = 0, window, negative, minCount, maxVocab, sample, alpha, minAlpha, epochs, threads, seed,
         architecture, nsExponent, sharedNegatives, hierarchicalSoftmax, maxFinalVocab, cbowMean, shrinkWindows,
         sortedVocab, syncWords, minN, maxN, buckets, kernels

    /// This key's row of the parameter table.
    public var spec: ParameterSpec { ParameterTable.rows[rawValue] }
    /// The name bindings and files use ("min_count").
    public var name: String { spec.name }
    public var kind: ParameterKind { spec.kind }
    var isFloat: Bool { spec.kind == .float }
    /// Inclusive bounds of an integer or bool key (0...0 for a float key).
    var intRange: ClosedRange<Int64> { spec.intRange ?? 0...0 }
    /// Inclusive bounds of a float key (0...0 for an integer key).
    var floatRange: ClosedRange<Double> { spec.floatRange ?? 0...0 }
}

/// How a parameter's value is written and read: integers and bools (0 or 1) through the integer
/// calls, floats through the float calls. The raw values are the C API's `w2v_param_kind`.
public enum ParameterKind: Int, Sendable {
    case int = 0
    case float = 1
    case bool = 2

    public var name: String {
        switch self {
        case .int: "int"
        case .float: "float"
        case .bool: "bool"
        }
    }
}

/// One row of the parameter table: a key's name, kind, range, documentation and the one accessor that
/// reads and writes its field. Everything generic about parameters (the setters' range checks, the
/// getters, the C introspection calls, the native format's parameter section, the header's per-key
/// documentation, which a test compares) is driven by these rows.
public struct ParameterSpec: Sendable {
    public let key: ParameterKey
    /// The name of the key for bindings, files and messages ("min_count").
    public let name: String
    public let kind: ParameterKind
    /// What the parameter does, one or two sentences.
    let doc: String
    /// How the default reads in documentation when it is not a single number (alpha, min_alpha), else nil.
    let defaultNote: String?
    /// Whether the native format writes the key only when it differs from its default. True for the
    /// keys added after 0.2.0 (cbow_mean onwards): a model that leaves them at their defaults is saved
    /// byte for byte as before, so libraries that do not know these keys still load it.
    let omittedAtDefault: Bool
    fileprivate let access: Access

    fileprivate enum Access: Sendable {
        case integer(ClosedRange<Int64>, get: @Sendable (TrainingParameters) -> Int64,
                     set: @Sendable (inout TrainingParameters, Int64) -> Void)
        case real(ClosedRange<Double>, get: @Sendable (TrainingParameters) -> Double,
                  set: @Sendable (inout TrainingParameters, Double) -> Void,
                  isSet: (@Sendable (TrainingParameters) -> Bool)?)
    }

    /// Inclusive bounds of an integer or bool key; nil for a float key.
    var intRange: ClosedRange<Int64>? {
        if case .integer(let range, _, _) = access { return range }
        return nil
    }

    /// Inclusive bounds of a float key; nil for an integer or bool key.
    var floatRange: ClosedRange<Double>? {
        if case .real(let range, _, _, _) = access { return range }
        return nil
    }

    /// The bounds as Doubles, as the C API reports them (exact except seed's 2^63-1, which reads 2^63).
    public var bounds: (min: Double, max: Double) {
        switch access {
        case .integer(let range, _, _): (Double(range.lowerBound), Double(range.upperBound))
        case .real(let range, _, _, _): (range.lowerBound, range.upperBound)
        }
    }

    /// The value a fresh `TrainingParameters` holds: the default, or for alpha and min_alpha the
    /// effective default of the default architecture (CBOW).
    public var defaultValue: Double { value(in: TrainingParameters()) }

    /// This key's value in `parameters`, as a Double (integers exact below 2^53).
    func value(in parameters: TrainingParameters) -> Double {
        switch access {
        case .integer(_, let get, _): Double(get(parameters))
        case .real(_, let get, _, _): get(parameters)
        }
    }

    /// Whether the value was set, rather than following a default that depends on other keys (only
    /// alpha and min_alpha can follow one; every other key always holds a value of its own).
    func isExplicit(in parameters: TrainingParameters) -> Bool {
        if case .real(_, _, _, let isSet?) = access { return isSet(parameters) }
        return true
    }

    /// Whether the key can follow a default that depends on other keys (alpha, min_alpha).
    var followsDefault: Bool {
        if case .real(_, _, _, let isSet) = access { return isSet != nil }
        return false
    }

    func int(_ parameters: TrainingParameters) throws(W2VError) -> Int64 {
        guard case .integer(_, let get, _) = access else {
            throw .invalidArgument("parameter \(name) is a float; use the float getter")
        }
        return get(parameters)
    }

    func float(_ parameters: TrainingParameters) throws(W2VError) -> Double {
        guard case .real(_, let get, _, _) = access else {
            throw .invalidArgument("parameter \(name) is an integer; use the integer getter")
        }
        return get(parameters)
    }

    func set(_ parameters: inout TrainingParameters, int value: Int64) throws(W2VError) {
        guard case .integer(let range, _, let set) = access else {
            throw .invalidArgument("parameter \(name) is a float; use the float setter")
        }
        if !range.contains(value) {
            throw .invalidArgument("\(name) = \(value) is out of range [\(range.lowerBound), \(range.upperBound)]")
        }
        set(&parameters, value)
    }

    func set(_ parameters: inout TrainingParameters, float value: Double) throws(W2VError) {
        guard case .real(let range, _, let set, _) = access else {
            throw .invalidArgument("parameter \(name) is an integer; use the integer setter")
        }
        if !value.isFinite || !range.contains(value) {
            throw .invalidArgument("\(name) = \(value) is out of range [\(range.lowerBound), \(range.upperBound)]")
        }
        set(&parameters, value)
    }

    /// The key's documentation as the header states it: "`name`: kind in [min, max], default D. Doc".
    /// A test compares it with the doc comment of each `w2v_param` constant in include/w2v.h.
    var summary: String {
        let defaultText = defaultNote ?? Self.number(defaultValue)
        let (low, high) = bounds
        let shape = kind == .bool ? "bool (0 or 1)" : "\(kind.name) in [\(Self.bound(low, integer: kind != .float)), \(Self.bound(high, integer: kind != .float))]"
        return "`\(name)`: \(shape), default \(defaultText). \(doc)"
    }

    private static func bound(_ value: Double, integer: Bool) -> String {
        if integer && value == Double(Int64.max) { return "2^63-1" }  // seed's maximum, rounded up as a Double
        return number(value)
    }

    /// A number as documentation writes it: integers without a fraction, others in Swift's shortest form.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    // MARK: Row constructors

    fileprivate static func int(_ key: ParameterKey, _ name: String, _ range: ClosedRange<Int64>,
                                _ field: WritableKeyPath<TrainingParameters, Int> & Sendable, _ doc: String,
                                omittedAtDefault: Bool = false) -> ParameterSpec {
        ParameterSpec(key: key, name: name, kind: .int, doc: doc, defaultNote: nil, omittedAtDefault: omittedAtDefault,
                      access: .integer(range, get: { Int64($0[keyPath: field]) }, set: { $0[keyPath: field] = Int($1) }))
    }

    fileprivate static func bool(_ key: ParameterKey, _ name: String,
                                 _ field: WritableKeyPath<TrainingParameters, Bool> & Sendable, _ doc: String,
                                 omittedAtDefault: Bool = false) -> ParameterSpec {
        ParameterSpec(key: key, name: name, kind: .bool, doc: doc, defaultNote: nil, omittedAtDefault: omittedAtDefault,
                      access: .integer(0...1, get: { $0[keyPath: field] ? 1 : 0 }, set: { $0[keyPath: field] = $1 == 1 }))
    }

    fileprivate static func float(_ key: ParameterKey, _ name: String, _ range: ClosedRange<Double>,
                                  _ field: WritableKeyPath<TrainingParameters, Double> & Sendable, _ doc: String) -> ParameterSpec {
        ParameterSpec(key: key, name: name, kind: .float, doc: doc, defaultNote: nil, omittedAtDefault: false,
                      access: .real(range, get: { $0[keyPath: field] }, set: { $0[keyPath: field] = $1 }, isSet: nil))
    }
}

/// The parameter table: one row per `ParameterKey`, in key order (row i is key i).
public enum ParameterTable {
    public static let rows: [ParameterSpec] = [
        .int(.dim, "dim", 1...10_000, \.dim, "Vector dimension."),
        .int(.window, "window", 1...1_000, \.window, "Maximum distance between the center word and a context word."),
        .int(.negative, "negative", 0...1_000, \.negative,
             "Noise words per prediction (negative sampling); 0 only with hs 1."),
        .int(.minCount, "min_count", 1...Int64(Int32.max), \.minCount, "Words seen fewer times are dropped."),
        .int(.maxVocab, "max_vocab", 0...Int64(Int32.max), \.maxVocab,
             "Keep at most this many most frequent words; 0 = unlimited."),
        .float(.sample, "sample", 0...1, \.sample, "Subsampling threshold of frequent words; 0 = off."),
        ParameterSpec(key: .alpha, name: "alpha", kind: .float, doc: "Starting learning rate.",
                      defaultNote: "0.025 for skip-gram, 0.05 for CBOW", omittedAtDefault: false,
                      access: .real(1e-9...10, get: { $0.alpha }, set: { $0.alphaOverride = $1 },
                                    isSet: { $0.alphaOverride != nil })),
        ParameterSpec(key: .minAlpha, name: "min_alpha", kind: .float,
                      doc: "Final learning rate, reached at the end of the last epoch.",
                      defaultNote: "0.0001 x alpha", omittedAtDefault: false,
                      access: .real(0...10, get: { $0.minAlpha }, set: { $0.minAlphaOverride = $1 },
                                    isSet: { $0.minAlphaOverride != nil })),
        .int(.epochs, "epochs", 1...100_000, \.epochs, "Passes over the corpus."),
        .int(.threads, "threads", 1...1_024, \.threads, "Training threads of w2v_model_train_file."),
        ParameterSpec(key: .seed, name: "seed", kind: .int,
                      doc: "Seed of every random choice: initial vectors, subsampling, windows, noise words.",
                      defaultNote: nil, omittedAtDefault: false,
                      access: .integer(0...Int64.max, get: { Int64(bitPattern: $0.seed) }, set: { $0.seed = UInt64($1) })),
        ParameterSpec(key: .architecture, name: "arch", kind: .int,
                      doc: "A w2v_arch value: W2V_ARCH_SKIPGRAM (0) or W2V_ARCH_CBOW (1), the default as in word2vec.",
                      defaultNote: nil, omittedAtDefault: false,
                      access: .integer(0...1, get: { Int64($0.architecture.rawValue) },
                                       set: { $0.architecture = $1 == 0 ? .skipGram : .cbow })),
        .float(.nsExponent, "ns_exponent", -10...10, \.nsExponent,
               "Exponent of the unigram counts in the noise distribution."),
        .bool(.sharedNegatives, "shared_negatives", \.sharedNegatives,
              "Skip-gram draws one set of noise words per center word, shared by its context words (HogBatch, "
              + "Ji et al. 2016), so each output row is read once per window: measured 1.8x faster with better "
              + "analogy accuracy than one draw per context word (0, as word2vec and gensim do). CBOW ignores it."),
        .bool(.hierarchicalSoftmax, "hs", \.hierarchicalSoftmax,
              "Hierarchical softmax over a Huffman tree of the vocabulary (word2vec's -hs), alone (negative 0) "
              + "or beside negative sampling."),
        .int(.maxFinalVocab, "max_final_vocab", 0...Int64(Int32.max), \.maxFinalVocab,
             "gensim's max_final_vocab: the effective min_count is raised until at most this many words remain; "
             + "0 = no limit."),
        .bool(.cbowMean, "cbow_mean", \.cbowMean,
              "gensim's cbow_mean: CBOW's hidden layer is the mean of the context vectors (1, as word2vec) or their "
              + "sum (0), in which case the gradient is divided by the number of context words before it reaches "
              + "each of them, as gensim does. Skip-gram ignores it.",
              omittedAtDefault: true),
        .bool(.shrinkWindows, "shrink_windows", \.shrinkWindows,
              "gensim's shrink_windows: each center word's window is drawn uniformly from 1 to window (1, as "
              + "word2vec), or is always the full window (0).",
              omittedAtDefault: true),
        .bool(.sortedVocab, "sorted_vocab", \.sortedVocab,
              "gensim's sorted_vocab: the vocabulary's rows by descending count (1, as word2vec), or in the order "
              + "the words were first seen (0). Which words are kept does not change.",
              omittedAtDefault: true),
        .int(.syncWords, "sync_words", 0...Int64(Int32.max), \.syncWords,
             "Reproducible threaded training: 0 = Hogwild (w2v_model_train_file's threads share the weights without "
             + "locks, so runs with more than one thread differ). N > 0 = each thread trains its own part of the file "
             + "on its own copy of the weights, and every N words per thread the threads add their changes to the "
             + "model in thread order, so the same seed, data and threads give the same vectors on every run; "
             + "with 1 thread it trains exactly as 0. Costs one copy of the weights per thread; progress is "
             + "reported between rounds.",
             omittedAtDefault: true),
        .int(.minN, "min_n", 1...Int64(SubwordLimits.maxNgramLength), \.minN,
             "fastText's minn: the shortest character n-gram of subword training, in characters (UTF-8 sequences), "
             + "counting the word's boundary markers < and >. Used when max_n > 0.",
             omittedAtDefault: true),
        .int(.maxN, "max_n", 0...Int64(SubwordLimits.maxNgramLength), \.maxN,
             "fastText's maxn: the longest character n-gram; 0 = no subwords (a word2vec model). Above 0 a word's "
             + "input vector is the mean of its own row and its n-grams' bucket rows (fastText), and any string "
             + "gets a vector from its n-grams. Needs min_n <= max_n.",
             omittedAtDefault: true),
        .int(.buckets, "bucket", 1...Int64(SubwordSettings.maxBuckets), \.buckets,
             "fastText's bucket: n-grams are hashed into this many rows of dim floats each, which dominate the "
             + "model's memory when subwords are on (2,000,000 x 100 floats = 800 MB); fewer buckets save memory "
             + "at the cost of more collisions.",
             omittedAtDefault: true),
        ParameterSpec(key: .kernels, name: "kernels", kind: .int,
                      doc: "A w2v_kernels value: the instruction set of the training kernels. W2V_KERNELS_AUTO (0) takes "
                          + "the environment variable W2V_KERNELS (auto, baseline, avx2 or avx512) when set, else the best "
                          + "level the CPU supports; W2V_KERNELS_BASELINE (1, the baseline x86-64 code), W2V_KERNELS_AVX2 "
                          + "(2, AVX2 and FMA) and W2V_KERNELS_AVX512 (3, AVX-512F) force one. A forced level the CPU lacks "
                          + "makes training fail with W2V_ERR_INVALID_ARGUMENT (no silent fallback). Levels differ by "
                          + "floating-point rounding only; one-thread training is deterministic for a given level.",
                      defaultNote: nil, omittedAtDefault: true,
                      access: .integer(0...3, get: { Int64($0.kernels) }, set: { $0.kernels = Int($1) })),
    ]

    /// The row named `name` ("min_count"), or nil.
    public static func row(named name: String) -> ParameterSpec? {
        rows.first { $0.name == name }
    }
}

extension TrainingParameters {
    public func int(_ key: ParameterKey) throws(W2VError) -> Int64 {
        try key.spec.int(self)
    }

    public func float(_ key: ParameterKey) throws(W2VError) -> Double {
        try key.spec.float(self)
    }

    /// Sets an integer or bool key after checking its range; on error nothing changes.
    public mutating func set(_ key: ParameterKey, int value: Int64) throws(W2VError) {
        try key.spec.set(&self, int: value)
    }

    /// Sets a float key after checking its range (NaN and infinities are out of every range); on error
    /// nothing changes.
    public mutating func set(_ key: ParameterKey, float value: Double) throws(W2VError) {
        try key.spec.set(&self, float: value)
    }

    /// Checks what single-key ranges cannot: relations between keys.
    public func validate() throws(W2VError) {
        if minAlpha > alpha {
            throw .invalidArgument("min_alpha (\(minAlpha)) is larger than alpha (\(alpha))")
        }
        if maxN > 0 {
            if minN > maxN {
                throw .invalidArgument("min_n (\(minN)) is larger than max_n (\(maxN)): the n-gram range is empty")
            }
        }
        if negative == 0 && !hierarchicalSoftmax {
            throw .invalidArgument("negative = 0 without hs = 1 leaves nothing to train: enable negative sampling, hierarchical softmax or both")
        }
    }
}
