import Glibc

/// A half-size copy of the unit matrix for screening cosine scans (`ScreenedScan.swift`): each float
/// rounded to bfloat16 (its upper 16 bits, rounded to nearest even), rows padded with zeros to a multiple
/// of 16. A single query streams the whole matrix and waits mostly on its loads: half the bytes per row
/// (and a shorter reduction per row) is what makes it faster. The copy never decides a result; it only
/// rules rows out, with the error bound `screeningMargin`, and the rows left are scored exactly from the
/// float matrix.
final class Bfloat16Rows: @unchecked Sendable {
    /// The matrix this is a copy of.
    let source: FloatMatrix
    /// Floats per stored row: the unit matrix's columns rounded up to a multiple of `chunk`.
    let stride: Int
    private let base: UnsafeMutablePointer<UInt16>
    /// The largest Euclidean norm of a source row (1 for unit rows, 0 for zero rows); NaN rows ignored.
    let largestRowNorm: Float

    /// Values per SIMD step of the dot product.
    static let chunk = 16

    init(_ unit: FloatMatrix) throws(W2VError) {
        let columns = unit.columns
        let stride = (columns + Self.chunk - 1) / Self.chunk * Self.chunk
        let (count, overflow) = unit.rows.multipliedReportingOverflow(by: stride)
        if overflow || count > Int.max / 4 {
            throw .outOfMemory("a \(unit.rows) x \(stride) screening copy is too large")
        }
        guard let raw = malloc(max(count, 1) * MemoryLayout<UInt16>.stride) else {
            throw .outOfMemory("cannot allocate the \(unit.rows) x \(stride) screening copy (\(count * 2) bytes)")
        }
        base = raw.bindMemory(to: UInt16.self, capacity: max(count, 1))
        base.initialize(repeating: 0, count: max(count, 1))
        var largest: Float = 0
        for r in 0..<unit.rows {
            let source = unit.row(r), target = base + r * stride
            var squares: Double = 0
            for j in 0..<columns {
                target[j] = Self.rounded(source[j])
                squares += Double(source[j]) * Double(source[j])
            }
            let norm = Float(squares.squareRoot())
            if norm > largest { largest = norm }  // false for NaN
        }
        source = unit
        self.stride = stride
        largestRowNorm = largest
    }

    deinit { free(base) }

    /// `value` as bfloat16 bits, rounded to nearest even; NaN stays NaN (rounding could carry a
    /// signalling NaN's payload into infinity), and a finite value past bfloat16's range becomes infinite.
    static func rounded(_ value: Float) -> UInt16 {
        if value.isNaN { return 0x7FC0 }
        let bits = value.bitPattern
        let roundingBias = 0x7FFF &+ ((bits >> 16) & 1)
        return UInt16(truncatingIfNeeded: (bits &+ roundingBias) >> 16)
    }

    /// The dot product of a query laid out by `arrangeQuery` with stored row `r`. Each 32-bit word of a
    /// row holds two values, the even-numbered one in its low half: shifting and masking turn a load of
    /// 8 words into the 8 even and the 8 odd values as floats, with plain integer SIMD operations.
    @inline(__always)
    func dot(_ arrangedQuery: UnsafePointer<Float>, row r: Int) -> Float {
        let row = UnsafeRawPointer(base + r &* stride)
        let highHalf = SIMD8<UInt32>(repeating: 0xFFFF_0000)
        var even = SIMD8<Float>(), odd = SIMD8<Float>()
        var i = 0
        while i < stride {
            let words = (row + i &* 2).loadUnaligned(as: SIMD8<UInt32>.self)
            let evenValues = unsafeBitCast(words &<< 16, to: SIMD8<Float>.self)
            let oddValues = unsafeBitCast(words & highHalf, to: SIMD8<Float>.self)
            let evenQuery = UnsafeRawPointer(arrangedQuery + i).loadUnaligned(as: SIMD8<Float>.self)
            let oddQuery = UnsafeRawPointer(arrangedQuery + (i &+ 8)).loadUnaligned(as: SIMD8<Float>.self)
            even += evenValues * evenQuery
            odd += oddValues * oddQuery
            i &+= Self.chunk
        }
        // Pairwise, not lane by lane as `sum()`: a shorter chain of dependent additions (the order does
        // not matter to a screening score).
        let eight = even + odd
        let four = eight.lowHalf + eight.highHalf
        let two = four.lowHalf + four.highHalf
        return two[0] + two[1]
    }

    /// `query` (`columns` floats) laid out for `dot`: per chunk of 16, its 8 even-numbered values, then
    /// its 8 odd-numbered ones; zeros past `columns`. `stride` floats.
    func arrangeQuery(_ query: UnsafePointer<Float>, columns: Int) -> [Float] {
        var arranged = [Float](repeating: 0, count: stride)
        for j in 0..<columns {
            let chunkStart = j / Self.chunk * Self.chunk, within = j % Self.chunk
            arranged[chunkStart + within % 2 * (Self.chunk / 2) + within / 2] = query[j]
        }
        return arranged
    }

    /// An upper bound on |`dot(query, row: r)` - `Kernels.dot(query, unit.row(r))`| for every row whose
    /// values are finite, for a query of Euclidean norm `queryNorm` over `columns` dimensions. Rounding
    /// to bfloat16 moves each value by at most 2^-9 of itself, so the products' sum by at most 2^-9 of
    /// sum |q_i u_i| <= |q| |u| (Cauchy-Schwarz); each float dot product (any order of additions) is off
    /// its exact value by at most gamma_n = n u / (1 - n u) of the same sum, u = 2^-24. Doubled, for the
    /// rounding of the bound itself and of the norms; plus, per term, the smallest normal float, which
    /// covers what subnormal values and products lose (those bounds are absolute, not relative).
    static func screeningMargin(queryNorm: Float, largestRowNorm: Float, columns: Int) -> Float {
        let unitRoundoff = 0x1p-24 as Double
        let terms = Double(columns + Self.chunk)
        let gamma = terms * unitRoundoff / (1 - terms * unitRoundoff)
        let relative = 0x1p-9 + gamma * (1 + 0x1p-9) + gamma
        let absolute = terms * Double(Float.leastNormalMagnitude)
        return Float(2 * (relative * Double(queryNorm) * Double(largestRowNorm) + absolute))
    }
}
