import W2VKernels

/// The training kernels of one `KernelLevel`: dot and axpy, and the block products of a window
/// update. At `baseline` each is the Swift loop of `Kernels` (the results of before, bit for bit);
/// at the other levels the C kernels of W2VKernels, through their table. The block products take
/// row pointers (the rows of a window are scattered over the matrices) and row-major blocks:
/// `g[i * t + j]` belongs to input row i and target row j. Every product keeps the order of the
/// additions of the loops here, so the levels differ by rounding only.
struct VectorKernels {
    /// The C kernels; nil at baseline.
    private let table: w2vk_table?

    init(_ level: KernelLevel) {
        switch level {
        case .baseline: table = nil
        case .avx2: table = w2vk_table_avx2()?.pointee
        case .avx512: table = w2vk_table_avx512()?.pointee
        }
    }

    typealias Rows = UnsafePointer<UnsafeMutablePointer<Float>?>

    @inline(__always)
    func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count n: Int) -> Float {
        guard let table else { return Kernels.dot(a, b, count: n) }
        return table.dot.unsafelyUnwrapped(a, b, n)
    }

    /// y += a * x
    @inline(__always)
    func axpy(_ a: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count n: Int) {
        guard let table else { return Kernels.axpy(a, x, y, count: n) }
        table.axpy.unsafelyUnwrapped(a, x, y, n)
    }

    /// out[i * t + j] = rows[i] . targets[j]: the score block.
    func scores(_ rows: Rows, _ m: Int, _ targets: Rows, _ t: Int, count n: Int, into out: UnsafeMutablePointer<Float>) {
        if let table { return table.scores.unsafelyUnwrapped(rows, m, targets, t, n, out) }
        for i in 0..<m {
            for j in 0..<t { out[i &* t &+ j] = Kernels.dot(rows[i]!, targets[j]!, count: n) }
        }
    }

    /// gradients + i * n = sum over j (in order) of g[i * t + j] * targets[j]: the input rows' gradients.
    func gradients(_ g: UnsafePointer<Float>, _ m: Int, _ targets: Rows, _ t: Int, count n: Int,
                   into gradients: UnsafeMutablePointer<Float>) {
        if let table { return table.gradients.unsafelyUnwrapped(g, m, targets, t, n, gradients) }
        for i in 0..<m {
            let gradient = gradients + i &* n
            gradient.update(repeating: 0, count: n)
            for j in 0..<t { Kernels.axpy(g[i &* t &+ j], targets[j]!, gradient, count: n) }
        }
    }

    /// targets[j] += sum over i (in order) of g[i * t + j] * rows[i], target by target.
    func updateTargets(_ g: UnsafePointer<Float>, _ rows: Rows, _ m: Int, _ targets: Rows, _ t: Int, count n: Int) {
        if let table { return table.update_targets.unsafelyUnwrapped(g, rows, m, targets, t, n) }
        for j in 0..<t {
            for i in 0..<m { Kernels.axpy(g[i &* t &+ j], rows[i]!, targets[j]!, count: n) }
        }
    }

    /// For each target j in order: gradient += g[j] * targets[j], then targets[j] += g[j] * input.
    func predictUpdate(_ g: UnsafePointer<Float>, input: UnsafePointer<Float>, _ targets: Rows, _ t: Int, count n: Int,
                       gradient: UnsafeMutablePointer<Float>) {
        if let table { return table.predict_update.unsafelyUnwrapped(g, input, targets, t, n, gradient) }
        for j in 0..<t {
            Kernels.axpy(g[j], targets[j]!, gradient, count: n)
            Kernels.axpy(g[j], input, targets[j]!, count: n)
        }
    }

    /// out = scale * (the sum of rows 0 ..< m from zero, in order): CBOW's context mean (or sum).
    func sumRows(_ rows: Rows, _ m: Int, count n: Int, scale: Float, into out: UnsafeMutablePointer<Float>) {
        if let table { return table.sum_rows.unsafelyUnwrapped(rows, m, n, scale, out) }
        out.update(repeating: 0, count: n)
        for i in 0..<m { Kernels.axpy(1, rows[i]!, out, count: n) }
        if scale != 1 { for d in 0..<n { out[d] *= scale } }
    }

    /// rows[i] += x for each row in order (a row listed twice gets x twice): CBOW's context update.
    func addToRows(_ x: UnsafePointer<Float>, _ rows: Rows, _ m: Int, count n: Int) {
        if let table { return table.add_to_rows.unsafelyUnwrapped(x, rows, m, n) }
        for i in 0..<m { Kernels.axpy(1, x, rows[i]!, count: n) }
    }

    /// Asks for the cache lines of `n` floats at `p` ahead of their use (a hint, the same at every
    /// level: it changes no result).
    @inline(__always)
    static func prefetch(_ p: UnsafePointer<Float>, count n: Int) {
        w2vk_prefetch_floats(p, n)
    }

    /// The same for the cache line of `p`, to be read.
    @inline(__always)
    static func prefetchLine(_ p: UnsafeRawPointer) {
        w2vk_prefetch_line(p)
    }
}
