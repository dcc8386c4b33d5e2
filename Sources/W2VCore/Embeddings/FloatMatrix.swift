import Glibc

/// Row-major `rows x columns` floats in one 64-byte aligned allocation whose address never changes, so
/// C callers and NumPy can view the weights without copying. Rows are contiguous (stride = columns).
public final class FloatMatrix {
    public let rows: Int
    public let columns: Int
    public let base: UnsafeMutablePointer<Float>

    /// Zero-filled. Fails with `outOfMemory` instead of trapping when the allocation is refused.
    public init(rows: Int, columns: Int) throws(W2VError) {
        let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
        if overflow || rows < 0 || columns < 0 || count > Int.max / 8 {
            throw .outOfMemory("a \(rows) x \(columns) matrix is too large")
        }
        var raw: UnsafeMutableRawPointer?
        if posix_memalign(&raw, 64, max(count, 1) * MemoryLayout<Float>.stride) != 0 || raw == nil {
            throw .outOfMemory("cannot allocate \(rows) x \(columns) floats (\(count * 4) bytes)")
        }
        memset(raw!, 0, max(count, 1) * MemoryLayout<Float>.stride)
        self.rows = rows
        self.columns = columns
        self.base = raw!.bindMemory(to: Float.self, capacity: max(count, 1))
    }

    deinit {
        free(base)
    }

    public var count: Int { rows * columns }

    @inline(__always)
    public func row(_ i: Int) -> UnsafeMutablePointer<Float> { base + i * columns }

    public func rowArray(_ i: Int) -> [Float] { Array(UnsafeBufferPointer(start: row(i), count: columns)) }

    public func copy() throws(W2VError) -> FloatMatrix {
        let other = try FloatMatrix(rows: rows, columns: columns)
        other.base.update(from: base, count: count)
        return other
    }
}
