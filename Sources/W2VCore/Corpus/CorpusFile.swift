import Glibc

/// Streams a text file through the tokenizer in fixed-size chunks, so memory stays bounded whatever the
/// file's size or line length (a 100 MB corpus on one line is ordinary input).
struct CorpusFile: Sendable {
    let path: BytePath
    static let chunkBytes = 1 << 20

    init(path: BytePath) {
        self.path = path
    }

    init(path: String) {
        self.init(path: BytePath(path))
    }

    /// Calls `emit` for every word and sentence end of the file, in order. The file is read once, as
    /// a stream, to its end whatever its size says: a FIFO or a file under /proc works; a device that
    /// never ends (/dev/zero) is read for ever, in bounded memory.
    func forEachEvent(_ emit: (Tokenizer.Event) throws(W2VError) -> Void) throws(W2VError) {
        try forEachEvent(in: nil, emit)
    }

    /// The same over the bytes of `range` only (from `CorpusFile.partition`, so it starts and ends
    /// between words), or over the whole file when `range` is nil. `chunkRead`, when given, sees each
    /// chunk and its offset in the file before its events (the words emitted point into it unless they
    /// began in an earlier chunk), and an empty chunk at the end offset before the last word, if one is
    /// still open, is emitted: for callers that need to know where a word ends.
    func forEachEvent(in range: Range<Int>?, chunkBytes: Int = chunkBytes,
                      chunkRead: ((UnsafeRawBufferPointer, Int) -> Void)? = nil,
                      _ emit: (Tokenizer.Event) throws(W2VError) -> Void) throws(W2VError) {
        let file = try RawFile(openForReading: path)
        defer { file.close() }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkBytes, alignment: 64)
        defer { buffer.deallocate() }
        var remaining = Int.max
        var offset = 0
        if let range {
            try file.seek(to: range.lowerBound)
            remaining = range.count
            offset = range.lowerBound
        }
        var tokenizer = Tokenizer()
        while remaining > 0 {
            let n = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<min(buffer.count, remaining)]))
            if n == 0 { break }
            remaining -= n
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<n])
            chunkRead?(chunk, offset)
            offset += n
            try tokenizer.feed(chunk, emit)
        }
        chunkRead?(UnsafeRawBufferPointer(start: nil, count: 0), offset)
        try tokenizer.finish(emit)
    }

    /// Splits the file into `parts` byte ranges of about equal size, each moved forward to the start of
    /// a word, so that every word lies in exactly one range (ranges may be empty on tiny files).
    ///
    /// Training reads its corpus once per epoch, each thread its own range, so the corpus must be a
    /// regular file: a FIFO (which could be read only once), a device or a socket is refused with
    /// `invalidArgument`, after opening it without blocking (a FIFO without a writer cannot hang the
    /// call). A regular file whose size reads 0 but that has content (files under /proc) cannot be
    /// split by size: it is read as a stream, to its end, by the first range (`0..<Int.max`); the other
    /// ranges are empty.
    func partition(parts: Int) throws(W2VError) -> [Range<Int>] {
        let parts = max(parts, 1)
        let file = try Self.openRegular(path)
        defer { file.close() }
        let size = try file.size()
        if size == 0 {
            var byte: UInt8 = 0
            if try file.read(at: 0, into: &byte) == 1 {
                return [0..<Int.max] + [Range<Int>](repeating: 0..<0, count: parts - 1)
            }
        }
        var cuts = [0]
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 64)
        defer { chunk.deallocate() }
        for part in 1..<parts {
            let start = max(size * part / parts, cuts.last!)
            cuts.append(try Self.wordStart(atOrAfter: start, in: file, size: size, chunk: chunk))
        }
        cuts.append(size)
        return (0..<parts).map { cuts[$0]..<max(cuts[$0], cuts[$0 + 1]) }
    }

    /// `range` with both ends moved forward to where a word may start (`wordStart`) and clamped to
    /// the file, as `partition` cuts: ranges that meet at any offset then hold every word exactly once.
    /// The file must be a regular file (see `openRegular`).
    func wordAligned(_ range: Range<Int>) throws(W2VError) -> Range<Int> {
        let file = try Self.openRegular(path)
        defer { file.close() }
        let size = try file.size()
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 64)
        defer { chunk.deallocate() }
        let start = try Self.wordStart(atOrAfter: min(range.lowerBound, size), in: file, size: size, chunk: chunk)
        let end = try Self.wordStart(atOrAfter: min(range.upperBound, size), in: file, size: size, chunk: chunk)
        return start..<max(start, end)
    }

    /// The first offset at or after `offset` where a word may start: the previous byte is a separator,
    /// or the offset is 0 or the end. Reads `chunk`-sized blocks, so a cut inside a huge token costs a
    /// few system calls per 64 KiB, not one per byte.
    static func wordStart(atOrAfter offset: Int, in file: RawFile, size: Int, chunk: UnsafeMutableRawBufferPointer) throws(W2VError) -> Int {
        if offset <= 0 || offset >= size { return min(max(offset, 0), size) }
        // Scan from the byte before `offset`: the cut is one past the first separator found.
        var position = offset - 1
        while position < size {
            let n = try file.readFully(at: position, into: UnsafeMutableRawBufferPointer(rebasing: chunk[0..<min(chunk.count, size - position)]))
            if n == 0 { return min(position + 1, size) }
            for i in 0..<n where Tokenizer.isSeparator(chunk[i]) {
                return position + i + 1
            }
            position += n
        }
        return size
    }

    /// Opens `path` for reading without blocking (a FIFO without a writer would block `open`) and
    /// refuses anything but a regular file.
    static func openRegular(_ path: BytePath) throws(W2VError) -> RawFile {
        let file = try RawFile(openForReading: path, nonBlocking: true)
        var info = stat()
        if fstat(file.descriptor, &info) != 0 {
            let code = errno
            file.close()
            throw RawFile.error("cannot stat '\(path)'", code)
        }
        let kind: String
        switch info.st_mode & S_IFMT {
        case S_IFREG: return file
        case S_IFIFO: kind = "a FIFO (a pipe), which can be read only once"
        case S_IFCHR: kind = "a character device"
        case S_IFBLK: kind = "a block device"
        case S_IFSOCK: kind = "a socket"
        default: kind = "not a regular file"
        }
        file.close()
        throw .invalidArgument("cannot train on '\(path)': it is \(kind); training reads its corpus once per epoch and splits it between threads, so it must be a regular file (counting words reads any file once, as a stream)")
    }

    /// The file's size in bytes.
    func byteCount() throws(W2VError) -> Int {
        let file = try RawFile(openForReading: path)
        defer { file.close() }
        return try file.size()
    }
}
