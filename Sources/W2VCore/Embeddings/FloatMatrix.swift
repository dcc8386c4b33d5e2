import Glibc

/// Row-major `rows x columns` floats at a 64-byte aligned address that never changes, so C callers and
/// NumPy can view the weights without copying. Rows are contiguous (stride = columns).
///
/// Storage is either an allocation of its own (`init(rows:columns:)`) or a window into a memory-mapped
/// file (`init(rows:columns:mapping:byteOffset:)`, used by the native model loader). Both read and
/// write the same way: a mapping is private and writable, so training a mapped model changes its pages
/// copy-on-write in this process only and never the file.
public final class FloatMatrix: @unchecked Sendable {
    public let rows: Int
    let columns: Int
    public let base: UnsafeMutablePointer<Float>
    /// The mapped file the rows live in, or nil when the matrix owns its memory. Kept alive (and so
    /// mapped) for as long as the matrix.
    let mapping: Mapping?

    /// Zero-filled. Fails with `outOfMemory` instead of trapping when the allocation is refused.
    init(rows: Int, columns: Int) throws(W2VError) {
        let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
        if overflow || rows < 0 || columns < 0 || count > Int.max / 8 {
            throw .outOfMemory("a \(rows) x \(columns) matrix is too large")
        }
        var raw: UnsafeMutableRawPointer?
        let bytes = max(count, 1) * MemoryLayout<Float>.stride
        let huge = bytes >= Self.hugePageBytes
        if posix_memalign(&raw, huge ? Self.hugePageBytes : 64, bytes) != 0 || raw == nil {
            throw .outOfMemory("cannot allocate \(rows) x \(columns) floats (\(count * 4) bytes)")
        }
        // Training reads rows at random all over a large matrix: with 4 KiB pages most of those reads
        // also miss the TLB (a 68k x 100 matrix is 6,600 pages), so ask for huge pages before the first
        // touch. A hint: where the system declines, the pages are ordinary ones.
        if huge { _ = madvise(raw!, bytes, Int32(MADV_HUGEPAGE)) }
        memset(raw!, 0, bytes)
        self.rows = rows
        self.columns = columns
        self.base = raw!.bindMemory(to: Float.self, capacity: max(count, 1))
        self.mapping = nil
    }

    /// The `rows x columns` floats stored little-endian at `byteOffset` in a mapped file, without copying.
    /// The offset must be 64-byte aligned and the floats must lie inside the mapping (the caller checks
    /// both against the file's layout; a violation is a programming error).
    init(rows: Int, columns: Int, mapping: Mapping, byteOffset: Int) {
        let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
        precondition(!overflow && rows >= 0 && columns >= 0 && byteOffset >= 0 && byteOffset % 64 == 0
                     && byteOffset <= mapping.byteCount && count <= (mapping.byteCount - byteOffset) / 4,
                     "the matrix must lie inside the mapping, 64-byte aligned")
        self.rows = rows
        self.columns = columns
        self.base = (mapping.base + byteOffset).bindMemory(to: Float.self, capacity: max(count, 1))
        self.mapping = mapping
    }

    /// The huge page size of x86-64 and most arm64 systems; larger matrices start at such a boundary.
    static let hugePageBytes = 2 << 20

    deinit {
        // A mapped matrix releases its mapping, which is unmapped when its last matrix goes.
        if mapping == nil { free(base) }
    }

    public var count: Int { rows * columns }

    /// Whether the rows live in a memory-mapped file.
    var isMapped: Bool { mapping != nil }

    @inline(__always)
    public func row(_ i: Int) -> UnsafeMutablePointer<Float> { base + i * columns }

    func rowArray(_ i: Int) -> [Float] { Array(UnsafeBufferPointer(start: row(i), count: columns)) }

    /// A copy in memory of its own (also of a mapped matrix).
    func copy() throws(W2VError) -> FloatMatrix {
        try resized(rows: rows)
    }

    /// A copy in memory of its own with `rows` rows: the first rows copied, any further rows zero.
    func resized(rows newRows: Int) throws(W2VError) -> FloatMatrix {
        let other = try FloatMatrix(rows: newRows, columns: columns)
        other.base.update(from: base, count: min(newRows, rows) * columns)
        return other
    }
}

extension FloatMatrix {
    /// A whole file mapped into memory privately and writable (`PROT_READ | PROT_WRITE`, `MAP_PRIVATE`):
    /// pages are read from the file on first touch and shared with every other process that maps the
    /// same file, until one is written, when the writer gets its own copy; the file never changes.
    /// Unmapped when the last reference goes (the matrices that point into it hold one each).
    ///
    /// The file must not be truncated or rewritten in place while mapped (reading a page beyond a
    /// shortened end raises SIGBUS); replacing it by rename, as `AtomicFile` does, is safe: the mapping
    /// keeps the old file.
    final class Mapping: @unchecked Sendable {
        public let base: UnsafeMutableRawPointer
        let byteCount: Int

        /// Maps all `byteCount` bytes of an open file (at least one byte).
        init(file: RawFile, byteCount: Int) throws(W2VError) {
            precondition(byteCount > 0, "cannot map an empty file")
            let address = mmap(nil, byteCount, PROT_READ | PROT_WRITE, MAP_PRIVATE, file.descriptor, 0)
            if address == nil || address == UnsafeMutableRawPointer(bitPattern: -1) {
                let code = errno
                if code == ENOMEM { throw .outOfMemory("cannot map the \(byteCount) bytes of '\(file.path)' into memory") }
                throw RawFile.error("cannot map '\(file.path)' into memory", code)
            }
            self.base = address!
            self.byteCount = byteCount
        }

        deinit {
            munmap(base, byteCount)
        }

        /// Whether `pointer` points into the mapping.
        func contains(_ pointer: UnsafeRawPointer) -> Bool {
            pointer >= UnsafeRawPointer(base) && pointer < UnsafeRawPointer(base + byteCount)
        }
    }
}
