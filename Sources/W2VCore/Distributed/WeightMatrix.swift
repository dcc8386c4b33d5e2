/// Names a model's weight matrices for data-parallel training, which exchanges them by kind. The raw
/// values are the C API's `w2v_matrix` values.
public enum WeightMatrix: Int, CaseIterable, Sendable {
    /// The word vectors (word2vec's syn0): one row per word.
    case input = 0
    /// Negative sampling's output weights (syn1neg): one row per word; absent when negative = 0.
    case output = 1
    /// Hierarchical softmax's inner-node weights (syn1): one row per inner node; absent without hs.
    case hierarchicalSoftmax = 2

    public var name: String {
        switch self {
        case .input: "input"
        case .output: "output"
        case .hierarchicalSoftmax: "hierarchical softmax"
        }
    }
}

/// A model's weight matrices by kind, as borrowed references (absent ones nil).
struct WeightSet {
    let input: FloatMatrix
    let output: FloatMatrix?
    let hsOutput: FloatMatrix?

    subscript(kind: WeightMatrix) -> FloatMatrix? {
        switch kind {
        case .input: input
        case .output: output
        case .hierarchicalSoftmax: hsOutput
        }
    }

    /// Copies of every matrix, in memory of their own.
    func copy() throws(W2VError) -> WeightSet {
        WeightSet(input: try input.copy(), output: try output?.copy(), hsOutput: try hsOutput?.copy())
    }

    /// Whether `other` has the same matrices with the same shapes.
    func hasShape(of other: WeightSet) -> Bool {
        WeightMatrix.allCases.allSatisfy { kind in
            switch (self[kind], other[kind]) {
            case (nil, nil): true
            case let (a?, b?): a.rows == b.rows && a.columns == b.columns
            default: false
            }
        }
    }

    /// The raw pointers training writes through.
    func hogwild(factors: RowFactors) -> HogwildWeights {
        HogwildWeights(input: input.base, output: output?.base, hsOutput: hsOutput?.base, dim: input.columns,
                       factors: factors)
    }
}

/// XXH64 of a matrix's floats as stored (little-endian on every platform the library builds for), so
/// replicas can check that they hold the same weights bit for bit.
enum WeightsChecksum {
    static func of(_ matrix: FloatMatrix) -> UInt64 {
        NativeFormatChecksum.hash(UnsafeRawBufferPointer(start: matrix.base, count: matrix.count * MemoryLayout<Float>.stride))
    }
}
