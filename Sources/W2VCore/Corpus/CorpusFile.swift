#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams a text file through the tokenizer in fixed-size chunks, so memory stays bounded whatever the
/// file's size or line length (a 100 MB corpus on one line is ordinary input).
public struct CorpusFile {
    public let path: String
    public static let chunkBytes = 1 << 20

    public init(path: String) {
        self.path = path
    }

    /// Calls `emit` for every word and sentence end of the file, in order.
    public func forEachEvent(_ emit: (Tokenizer.Event) throws(W2VError) -> Void) throws(W2VError) {
        let file = try RawFile(openForReading: path)
        defer { file.close() }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunkBytes, alignment: 64)
        defer { buffer.deallocate() }
        var tokenizer = Tokenizer()
        while true {
            let n = try file.read(into: buffer)
            if n == 0 { break }
            try tokenizer.feed(UnsafeRawBufferPointer(rebasing: buffer[0..<n]), emit)
        }
        try tokenizer.finish(emit)
    }

    /// The file's size in bytes.
    public func byteCount() throws(W2VError) -> Int {
        let file = try RawFile(openForReading: path)
        defer { file.close() }
        return try file.size()
    }
}
