import Glibc

/// Streams a text file through the tokenizer in fixed-size chunks, so memory stays bounded whatever the
/// file's size or line length (a 100 MB corpus on one line is ordinary input).
public struct CorpusFile: Sendable {
    public let path: String
    public static let chunkBytes = 1 << 20

    public init(path: String) {
        self.path = path
    }

    /// Calls `emit` for every word and sentence end of the file, in order.
    public func forEachEvent(_ emit: (Tokenizer.Event) throws(W2VError) -> Void) throws(W2VError) {
        try forEachEvent(in: nil, emit)
    }

    /// The same over the bytes of `range` only (from `CorpusFile.partition`, so it starts and ends
    /// between words), or over the whole file when `range` is nil.
    public func forEachEvent(in range: Range<Int>?, chunkBytes: Int = chunkBytes,
                             _ emit: (Tokenizer.Event) throws(W2VError) -> Void) throws(W2VError) {
        let file = try RawFile(openForReading: path)
        defer { file.close() }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkBytes, alignment: 64)
        defer { buffer.deallocate() }
        var remaining = Int.max
        if let range {
            try file.seek(to: range.lowerBound)
            remaining = range.count
        }
        var tokenizer = Tokenizer()
        while remaining > 0 {
            let n = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<min(buffer.count, remaining)]))
            if n == 0 { break }
            remaining -= n
            try tokenizer.feed(UnsafeRawBufferPointer(rebasing: buffer[0..<n]), emit)
        }
        try tokenizer.finish(emit)
    }

    /// Splits the file into `parts` byte ranges of about equal size, each moved forward to the start of
    /// a word, so that every word lies in exactly one range (ranges may be empty on tiny files).
    public func partition(parts: Int) throws(W2VError) -> [Range<Int>] {
        let file = try RawFile(openForReading: path)
        defer { file.close() }
        let size = try file.size()
        var cuts = [0]
        var byte: UInt8 = 0
        for part in 1..<max(parts, 1) {
            var offset = max(size * part / parts, cuts.last!)
            // Move past the word that straddles the cut: the previous byte must be a separator.
            while offset > 0 && offset < size {
                if try file.read(at: offset - 1, into: &byte) == 0 { break }
                if Tokenizer.isSeparator(byte) { break }
                offset += 1
            }
            cuts.append(min(offset, size))
        }
        cuts.append(size)
        return (0..<max(parts, 1)).map { cuts[$0]..<max(cuts[$0], cuts[$0 + 1]) }
    }

    /// The file's size in bytes.
    public func byteCount() throws(W2VError) -> Int {
        let file = try RawFile(openForReading: path)
        defer { file.close() }
        return try file.size()
    }
}
