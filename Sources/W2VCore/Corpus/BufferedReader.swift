import Glibc

/// Large buffered reads over a `RawFile` for the word2vec loaders: one `read(2)` per `capacity` bytes,
/// tokens handed out as pointers into the buffer, bulk data copied straight to its destination.
///
/// The buffer always keeps a NUL byte just past its valid bytes, so C parsers such as `strtof` stop there
/// instead of running past the end. A token (a word or a number) must fit the buffer, which grows up to
/// twice `maxTokenBytes`, so a token of the maximum length always fits once the consumed bytes are dropped.
/// It starts small and doubles only when a token does not fit: most files never need more, and a reader
/// per small file (a Python call, a fuzzer's input) should not zero megabytes.
struct BufferedReader: ~Copyable {
    /// Longest word or number accepted, in bytes.
    static let maxTokenBytes = 1 << 20
    static let capacity = 2 * maxTokenBytes
    static let initialCapacity = 1 << 16

    let file: RawFile
    /// `bufferCapacity + 1` bytes: the extra one holds the sentinel NUL when the buffer is full.
    private var buffer: UnsafeMutablePointer<UInt8>
    private var bufferCapacity = BufferedReader.initialCapacity
    /// The unconsumed bytes are `buffer[position..<end]`.
    private(set) var position = 0
    private(set) var end = 0
    private(set) var atEndOfFile = false
    /// File offset of `buffer[0]`.
    private var bufferOffset = 0

    init(file: RawFile) {
        self.file = file
        buffer = .allocate(capacity: bufferCapacity + 1)
        buffer[0] = 0
    }

    deinit {
        buffer.deallocate()
    }

    /// File offset of the next unconsumed byte.
    var offset: Int { bufferOffset + position }

    /// The unconsumed bytes currently in the buffer.
    @inline(__always)
    var available: Int { end - position }

    @inline(__always)
    func byte(at index: Int) -> UInt8 { buffer[index] }

    @inline(__always)
    func pointer(at index: Int) -> UnsafeMutablePointer<UInt8> { buffer + index }

    @inline(__always)
    mutating func consume(upTo index: Int) {
        position = index
    }

    /// Moves the unconsumed bytes to the front and reads more after them. Returns false when nothing
    /// more could be read (end of file, or the buffer is already full). Indices into the buffer change:
    /// callers keep offsets relative to `position`.
    mutating func refill() throws(W2VError) -> Bool {
        if atEndOfFile { return false }
        if position > 0 {
            let kept = end - position
            if kept > 0 { memmove(buffer, buffer + position, kept) }
            bufferOffset += position
            position = 0
            end = kept
            buffer[end] = 0
        }
        if end == bufferCapacity {
            if bufferCapacity == Self.capacity { return false }
            grow()
        }
        let n = try file.read(into: UnsafeMutableRawBufferPointer(start: buffer + end, count: bufferCapacity - end))
        if n == 0 {
            atEndOfFile = true
            return false
        }
        end += n
        buffer[end] = 0
        return true
    }

    /// Doubles the buffer (up to `capacity`), keeping its bytes and indices.
    private mutating func grow() {
        let bigger = min(Self.capacity, bufferCapacity * 2)
        let replacement = UnsafeMutablePointer<UInt8>.allocate(capacity: bigger + 1)
        replacement.update(from: buffer, count: end + 1)
        buffer.deallocate()
        buffer = replacement
        bufferCapacity = bigger
    }

    /// The next byte without consuming it, or nil at the end of the file.
    @inline(__always)
    mutating func peek() throws(W2VError) -> UInt8? {
        if position == end, !(try refill()) { return nil }
        return buffer[position]
    }

    /// Makes at least `count` unconsumed bytes available (fewer only at the end of the file);
    /// `count` must not exceed `capacity`. Returns how many are available.
    mutating func fill(atLeast count: Int) throws(W2VError) -> Int {
        precondition(count <= Self.capacity)
        while available < count, try refill() {}
        return available
    }

    /// Consumes bytes while `skip` holds; returns the first other byte (not consumed), or nil at the
    /// end of the file.
    @inline(__always)
    mutating func skip(while skip: (UInt8) -> Bool) throws(W2VError) -> UInt8? {
        while true {
            while position < end {
                let byte = buffer[position]
                if !skip(byte) { return byte }
                position += 1
            }
            if !(try refill()) { return nil }
        }
    }

    /// Finds the end of the token starting at `position`: the first byte for which `isTerminator`
    /// holds, or the end of the file. Nothing is consumed; the token is `buffer[position..<result]`
    /// and, unless the file ended, `buffer[result]` is its terminator. Returns nil when the token is
    /// longer than `maxTokenBytes`.
    @inline(__always)
    mutating func tokenEnd(isTerminator: (UInt8) -> Bool) throws(W2VError) -> Int? {
        var scanned = 0
        while true {
            var i = position + scanned
            while i < end && !isTerminator(buffer[i]) { i += 1 }
            if i - position > Self.maxTokenBytes { return nil }
            if i < end { return i }
            scanned = i - position
            if !(try refill()) { return end }
        }
    }

    /// Like `tokenEnd(isTerminator:)` for a single terminator byte, with `memchr`.
    @inline(__always)
    mutating func tokenEnd(terminator: UInt8) throws(W2VError) -> Int? {
        var scanned = 0
        while true {
            let from = position + scanned
            if let hit = memchr(buffer + from, Int32(terminator), end - from) {
                let i = buffer.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if i - position > Self.maxTokenBytes { return nil }
                return i
            }
            if end - position > Self.maxTokenBytes { return nil }
            scanned = end - position
            if !(try refill()) { return end }
        }
    }

    /// Copies the next `count` bytes to `destination`: what the buffer holds with one `memcpy`, the
    /// rest read straight from the file. Returns how many bytes were copied (fewer only at the end of
    /// the file).
    @inline(__always)
    mutating func read(into destination: UnsafeMutableRawPointer, count: Int) throws(W2VError) -> Int {
        let fromBuffer = min(count, available)
        destination.copyMemory(from: buffer + position, byteCount: fromBuffer)
        position += fromBuffer
        if fromBuffer == count { return count }
        if count - fromBuffer >= Self.capacity / 2 {
            // Large remainder: bypass the buffer.
            bufferOffset += end
            position = 0
            end = 0
            buffer[0] = 0
            let n = try file.readFully(into: UnsafeMutableRawBufferPointer(start: destination + fromBuffer, count: count - fromBuffer))
            bufferOffset += n
            if n < count - fromBuffer { atEndOfFile = true }
            return fromBuffer + n
        }
        var done = fromBuffer
        while done < count, try refill() {
            let part = min(count - done, available)
            (destination + done).copyMemory(from: buffer + position, byteCount: part)
            position += part
            done += part
        }
        return done
    }
}
