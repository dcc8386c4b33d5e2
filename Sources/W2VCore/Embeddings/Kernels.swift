/// The few vector operations everything else is built from, over raw pointers so hot loops carry no
/// bounds checks or reference counting; written as plain loops over 8 independent accumulators, which
/// the optimiser turns into SIMD code.
public enum Kernels {
    @inline(__always)
    public static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count n: Int) -> Float {
        var s0: Float = 0, s1: Float = 0, s2: Float = 0, s3: Float = 0
        var s4: Float = 0, s5: Float = 0, s6: Float = 0, s7: Float = 0
        var i = 0
        while i + 8 <= n {
            s0 += a[i] * b[i]; s1 += a[i + 1] * b[i + 1]
            s2 += a[i + 2] * b[i + 2]; s3 += a[i + 3] * b[i + 3]
            s4 += a[i + 4] * b[i + 4]; s5 += a[i + 5] * b[i + 5]
            s6 += a[i + 6] * b[i + 6]; s7 += a[i + 7] * b[i + 7]
            i += 8
        }
        while i < n {
            s0 += a[i] * b[i]
            i += 1
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
    }

    /// y += a * x
    @inline(__always)
    public static func axpy(_ a: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count n: Int) {
        for i in 0..<n {
            y[i] += a * x[i]
        }
    }

    /// Writes x / |x| to `out`; a zero vector stays zero.
    public static func normalize(_ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count n: Int) {
        var sum: Double = 0
        for i in 0..<n {
            sum += Double(x[i]) * Double(x[i])
        }
        let scale: Float = sum > 0 ? Float(1 / sum.squareRoot()) : 0
        for i in 0..<n {
            out[i] = x[i] * scale
        }
    }
}
