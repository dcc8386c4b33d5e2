import Glibc

/// The logistic function and its negative log-likelihood, sigmoid(f) and -log sigmoid(f), by linear
/// interpolation in a table over [-8, 8] at 128 steps per unit: errors below 1e-6 (sigmoid) and 3e-6
/// (loss, relative). libm's expf took about 15% of training time; the table makes training about 10%
/// faster. Outside the table, and for NaN, the exact formulas. word2vec and gensim use a coarser table
/// (1,000 steps over [-6, 6], no interpolation).
struct LogisticTable: @unchecked Sendable {
    static let shared = LogisticTable()
    static let limit: Float = 8
    static let stepsPerUnit: Float = 128
    /// The last index an interpolation may start at.
    static let lastStart = Int(2 * limit * stepsPerUnit)

    /// (sigmoid, -log sigmoid) at f = -limit + i / stepsPerUnit for i in 0...lastStart + 1; never freed.
    let entries: UnsafePointer<SIMD2<Float>>

    private init() {
        let count = Self.lastStart + 2
        let table = UnsafeMutablePointer<SIMD2<Float>>.allocate(capacity: count)
        for i in 0..<count {
            let f = -Double(Self.limit) + Double(i) / Double(Self.stepsPerUnit)
            table[i] = SIMD2(Float(1 / (1 + exp(-f))), Float(log1p(exp(-abs(f))) + max(-f, 0)))
        }
        entries = UnsafePointer(table)
    }

    /// sigmoid(f) and -log sigmoid(f) computed exactly, for any f without overflow: with e = exp(-|f|),
    /// -log sigmoid(f) = log(1 + e) + max(-f, 0).
    static func exact(_ f: Float) -> (sigmoid: Float, nll: Float) {
        let e = expf(-abs(f))
        return (f >= 0 ? 1 / (1 + e) : e / (1 + e), log1pf(e) + max(-f, 0))
    }

    /// sigmoid(f), and the negative log-likelihood of `label` (1 or 0) under it.
    @inline(__always)
    static func logistic(_ f: Float, label: Float, entries: UnsafePointer<SIMD2<Float>>) -> (probability: Float, nll: Float) {
        let x = (f + limit) * stepsPerUnit
        var value: (sigmoid: Float, nll: Float)
        if x >= 0 && x < Float(lastStart) {
            let i = Int(x)
            let t = x - Float(i)
            let v = entries[i] + t * (entries[i &+ 1] - entries[i])
            value = (v.x, v.y)
        } else {
            value = exact(f)
        }
        // -log(1 - sigmoid(f)) = -log sigmoid(-f) = -log sigmoid(f) + f.
        return (value.sigmoid, label > 0 ? value.nll : value.nll + f)
    }
}
