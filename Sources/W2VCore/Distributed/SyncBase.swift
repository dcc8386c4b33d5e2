/// How the summed deltas of the workers are scaled per row when a sync is applied.
public enum DeltaScale: Sendable, Equatable {
    /// Every worker's change counts in full (delta-sum; Hogwild's semantics).
    case sum
    /// Divided by the number of workers (model averaging).
    case mean(workers: Int)
    /// Divided by the number of workers that changed the row (Spark MLlib's rule); a row no worker
    /// changed keeps the base.
    case touched
}

/// The weights as they were at the last sync, for data-parallel training (each worker trains its own
/// replica between syncs and the workers combine their changes): the delta of a row is its value now
/// minus its value in the base. Since every worker starts from the same base, summing their deltas (an
/// allreduce) and applying the sum to the base gives every worker the same combined weights, which
/// become the next base.
final class SyncBase {
    let weights: WeightSet

    init(snapshotOf weights: WeightSet) throws(W2VError) {
        self.weights = try weights.copy()
    }

    /// The base matrix of `kind` and the current one, checked to match the base's shape and to hold
    /// `rows`; `count` is how many values a caller's buffer must hold for those rows.
    private func pair(_ kind: WeightMatrix, _ current: WeightSet, rows: Range<Int>) throws(W2VError) -> (base: FloatMatrix, now: FloatMatrix) {
        if !current.hasShape(of: weights) {
            throw .invalidArgument("the model's matrices changed shape since the sync base was taken (its vocabulary grew?); take a new base")
        }
        guard let base = weights[kind], let now = current[kind] else {
            throw .invalidArgument("the model has no \(kind.name) matrix")
        }
        if rows.upperBound > now.rows {
            throw .invalidArgument("rows \(rows.lowerBound)..<\(rows.upperBound) are out of range: the \(kind.name) matrix has \(now.rows) rows")
        }
        return (base, now)
    }

    /// How many floats the rows of `kind` take (rows x columns), checked against the buffer size `length`.
    static func checkLength(_ length: Int, rows: Range<Int>, columns: Int, of what: String) throws(W2VError) {
        let (needed, overflow) = rows.count.multipliedReportingOverflow(by: columns)
        if overflow || length < needed {
            throw .bufferTooSmall("the buffer holds \(length) \(what); rows \(rows.lowerBound)..<\(rows.upperBound) need \(needed)")
        }
    }

    /// Writes now - base for `rows`, row-major, into `out`.
    func delta(_ kind: WeightMatrix, of current: WeightSet, rows: Range<Int>, into out: UnsafeMutableBufferPointer<Float>) throws(W2VError) {
        let (base, now) = try pair(kind, current, rows: rows)
        try Self.checkLength(out.count, rows: rows, columns: now.columns, of: "floats")
        let first = rows.lowerBound * now.columns
        for i in 0..<(rows.count * now.columns) {
            out[i] = now.base[first + i] - base.base[first + i]
        }
    }

    /// Writes 1 for each row of `rows` that differs from the base in any value (bitwise), else 0; summed
    /// over workers, these are the touched counts `DeltaScale.touched` divides by.
    func touched(_ kind: WeightMatrix, of current: WeightSet, rows: Range<Int>, into out: UnsafeMutableBufferPointer<UInt32>) throws(W2VError) {
        let (base, now) = try pair(kind, current, rows: rows)
        if out.count < rows.count {
            throw .bufferTooSmall("the buffer holds \(out.count) counts; rows \(rows.lowerBound)..<\(rows.upperBound) need \(rows.count)")
        }
        let columns = now.columns
        for (i, row) in rows.enumerated() {
            let a = now.row(row), b = base.row(row)
            var differs = false
            for c in 0..<columns where a[c].bitPattern != b[c].bitPattern {
                differs = true
                break
            }
            out[i] = differs ? 1 : 0
        }
    }

    /// Sets `rows` of the current matrix and of the base to base + scale x `deltaSum` (the workers'
    /// deltas summed, row-major), the scale per row as `scale` says (`touched` then holds the number of
    /// workers that changed each row). Every value is checked first: nothing changes when a delta is
    /// not finite or a buffer is short.
    func apply(_ kind: WeightMatrix, to current: WeightSet, rows: Range<Int>, deltaSum: UnsafeBufferPointer<Float>,
               scale: DeltaScale, touched: UnsafeBufferPointer<UInt32>?) throws(W2VError) {
        let (base, now) = try pair(kind, current, rows: rows)
        let columns = now.columns
        try Self.checkLength(deltaSum.count, rows: rows, columns: columns, of: "floats")
        let count = rows.count * columns
        if let bad = deltaSum[0..<count].firstIndex(where: { !$0.isFinite }) {
            throw .invalidArgument("delta \(bad) (row \(rows.lowerBound + bad / max(columns, 1))) is \(deltaSum[bad]); deltas must be finite")
        }
        let factors: (Int) -> Float
        switch scale {
        case .sum:
            factors = { _ in 1 }
        case .mean(let workers):
            if workers < 1 { throw .invalidArgument("averaging needs at least 1 worker, \(workers) were given") }
            let factor = 1 / Float(workers)
            factors = { _ in factor }
        case .touched:
            guard let touched else { throw .invalidArgument("the touched rule needs the touched counts") }
            if touched.count < rows.count {
                throw .bufferTooSmall("the touched buffer holds \(touched.count) counts; rows \(rows.lowerBound)..<\(rows.upperBound) need \(rows.count)")
            }
            factors = { i in touched[i] == 0 ? 0 : 1 / Float(touched[i]) }
        }
        for (i, row) in rows.enumerated() {
            let factor = factors(i)
            let b = base.row(row), n = now.row(row)
            let d = deltaSum.baseAddress! + i * columns
            for c in 0..<columns {
                let value = factor == 1 ? b[c] + d[c] : b[c] + factor * d[c]
                b[c] = value
                n[c] = value
            }
        }
    }
}
