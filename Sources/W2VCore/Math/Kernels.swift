/// The few vector operations everything else is built from, over raw pointers so hot loops carry no
/// bounds checks or reference counting, in explicit 8-float SIMD steps (the optimiser does not
/// vectorise a float reduction by itself, since that reorders the additions).
enum Kernels {
    @inline(__always)
    static func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always)
    static func store8(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
    }

    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count n: Int) -> Float {
        var s0 = SIMD8<Float>(), s1 = SIMD8<Float>()
        var i = 0
        while i &+ 16 <= n {
            s0 += load8(a + i) * load8(b + i)
            s1 += load8(a + (i &+ 8)) * load8(b + (i &+ 8))
            i &+= 16
        }
        if i &+ 8 <= n {
            s0 += load8(a + i) * load8(b + i)
            i &+= 8
        }
        var sum = (s0 + s1).sum()
        while i < n {
            sum += a[i] * b[i]
            i &+= 1
        }
        return sum
    }

    /// y += a * x
    @inline(__always)
    static func axpy(_ a: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count n: Int) {
        let va = SIMD8<Float>(repeating: a)
        var i = 0
        while i &+ 8 <= n {
            store8(load8(y + i) + va * load8(x + i), y + i)
            i &+= 8
        }
        while i < n {
            y[i] += a * x[i]
            i &+= 1
        }
    }

    /// Writes x / |x| to `out`; a zero vector stays zero.
    static func normalize(_ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count n: Int) {
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
