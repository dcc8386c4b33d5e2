/// Per-row learning rates: gensim's `vectors_lockf` for the input rows, and the same for the output
/// and node rows, which a data-parallel host uses to train the rows it sums at the normal rate while
/// the rows it averages train at N times it.
extension Model {
    /// Sets the learning-rate factor of every input row, as gensim's `wv.vectors_lockf`: each update of
    /// row i during training (skip-gram, CBOW, negative sampling and hierarchical softmax alike) is
    /// multiplied by `factors[i]`, so 0 freezes a row (pretrained vectors kept as they are) and 0.5
    /// halves its learning rate. `factors` holds one factor per word, or a single factor for every row
    /// (gensim's length-1 default); nil restores the default (every factor 1, which costs training
    /// nothing). The factors live with the model until changed: a vocabulary update gives new rows
    /// factor 1; the native format saves them.
    ///
    /// - Throws: `invalidArgument` when the count is neither the vocabulary size nor 1, or a factor is
    ///   negative, NaN or infinite (the message gives its position); also while the model is being
    ///   trained. Nothing changes when it throws.
    public func setRowLearningRates(_ factors: UnsafeBufferPointer<Float>?) throws(W2VError) {
        try setLearningRates(factors, of: .input)
    }

    /// Sets the learning-rate factor of every row of a weight matrix (see `setRowLearningRates`, which
    /// is this for `.input`): each update training makes to row i is multiplied by `factors[i]`.
    /// `factors` holds one factor per row of the matrix or a single one for every row; nil restores 1.
    /// The output and node factors are not saved (they serve a data-parallel run); a vocabulary update
    /// gives new rows factor 1.
    ///
    /// - Throws: `invalidArgument` for a matrix the model does not have (when setting), a count that is
    ///   neither its rows nor 1, a negative, NaN or infinite factor, or a model being trained. Nothing
    ///   changes when it throws.
    public func setLearningRates(_ factors: UnsafeBufferPointer<Float>?, of kind: WeightMatrix) throws(W2VError) {
        var matrix: FloatMatrix? = nil
        if let factors {
            guard let weights = self.matrix(kind) else {
                throw .invalidArgument("the model has no \(kind.name) matrix, so its rows have no learning rates")
            }
            let rows = weights.rows
            if factors.count != rows && factors.count != 1 {
                throw .invalidArgument("\(factors.count) learning-rate factors were given; the \(kind.name) matrix has \(rows) rows (or give 1 factor for every row)")
            }
            if let bad = factors.firstIndex(where: { !$0.isFinite || $0 < 0 }) {
                throw .invalidArgument("factor \(bad) is \(factors[bad]); every factor must be finite and at least 0")
            }
            let column = try FloatMatrix(rows: rows, columns: 1)
            for i in 0..<rows { column.base[i] = factors.count == 1 ? factors[0] : factors[i] }
            matrix = column
        }
        try training.changing("change the row learning rates") {
            switch kind {
            case .input: rowLearningRates = matrix
            case .output: outputLearningRates = matrix
            case .hierarchicalSoftmax: nodeLearningRates = matrix
            }
        }
    }

    /// The learning-rate factor of each input row, in row order (all 1 when none was set).
    public func rowLearningRateFactors() -> [Float] {
        learningRateFactors(of: .input) ?? []
    }

    /// The learning-rate factor of each row of a matrix, in row order (all 1 when none was set); nil
    /// when the model has no such matrix.
    public func learningRateFactors(of kind: WeightMatrix) -> [Float]? {
        guard let rows = matrix(kind)?.rows else { return nil }
        guard let factors = factorMatrix(kind) else { return [Float](repeating: 1, count: rows) }
        return Array(UnsafeBufferPointer(start: factors.base, count: rows))
    }

    /// Whether input factors were set (`setRowLearningRates` with non-nil factors).
    public var hasRowLearningRates: Bool { rowLearningRates != nil }

    private func factorMatrix(_ kind: WeightMatrix) -> FloatMatrix? {
        switch kind {
        case .input: rowLearningRates
        case .output: outputLearningRates
        case .hierarchicalSoftmax: nodeLearningRates
        }
    }

    /// The factors as training reads them.
    var rowFactors: RowFactors {
        RowFactors(input: rowLearningRates.map { UnsafePointer($0.base) }, output: outputLearningRates.map { UnsafePointer($0.base) },
                   nodes: nodeLearningRates.map { UnsafePointer($0.base) })
    }
}
