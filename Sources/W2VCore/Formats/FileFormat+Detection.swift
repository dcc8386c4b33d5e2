import Glibc

extension FileFormat {
    /// Whether a file starts with the native format's first magic byte (0x89), which no word2vec file
    /// does (they start with a decimal digit or whitespace). An empty file is not native.
    static func startsLikeNative(_ file: RawFile) throws(W2VError) -> Bool {
        var first: UInt8 = 0
        return try file.read(at: 0, into: &first) == 1 && first == NativeFormatLayout.magic[0]
    }

    /// How many bytes after the first word `detect` looks at.
    static let detectionWindow = 4096

    /// Tells text from binary by the first row, with `reader` just past the header; consumes only the
    /// whitespace before the first word. The rule is documented on `Model.load(from:format:)`: text
    /// when the bytes after the first word, up to the first newline and at most `detectionWindow`, are
    /// printable ASCII and contain at least min(dim, 2) complete numbers.
    static func detect(_ reader: inout BufferedReader, header: Word2VecHeader) throws(W2VError) -> FileFormat {
        // No first word at all: either parser reports the missing rows the same way.
        guard try reader.skip(while: TextFields.isWhitespace) != nil else { return .binary }
        let available = try reader.fill(atLeast: BufferedReader.maxTokenBytes + 1 + detectionWindow)
        let start = reader.position
        let limit = start + available
        var i = start
        while i < limit && reader.byte(at: i) != 32 && reader.byte(at: i) != 9 { i += 1 }
        if i == limit { return .binary }
        i += 1
        let windowEnd = min(limit, i + detectionWindow)
        let windowReachesEndOfFile = windowEnd == limit && reader.atEndOfFile
        var numbers = 0
        // The buffer keeps a NUL after its valid bytes, so strtof cannot run past them.
        let locale = CNumericLocale()
        defer { locale.restore() }
        while i < windowEnd {
            let byte = reader.byte(at: i)
            if byte == 10 { return numbers >= min(header.dim, 2) ? .text : .binary }
            if !(byte >= 32 && byte < 127) && byte != 9 && byte != 13 { return .binary }
            if byte == 32 || byte == 9 || byte == 13 {
                i += 1
                continue
            }
            var tokenEnd = i
            while tokenEnd < windowEnd && !TextFields.isWhitespace(reader.byte(at: tokenEnd)) {
                let b = reader.byte(at: tokenEnd)
                if !(b >= 32 && b < 127) { return .binary }
                tokenEnd += 1
            }
            let complete = tokenEnd < windowEnd || windowReachesEndOfFile
            if complete {
                let first = UnsafeMutableRawPointer(reader.pointer(at: i)).assumingMemoryBound(to: CChar.self)
                let saved = reader.byte(at: tokenEnd)
                reader.pointer(at: tokenEnd).pointee = 0
                var parsedEnd: UnsafeMutablePointer<CChar>? = nil
                _ = strtof(first, &parsedEnd)
                reader.pointer(at: tokenEnd).pointee = saved
                if let parsedEnd, parsedEnd == first + (tokenEnd - i) { numbers += 1 }
            }
            i = tokenEnd
        }
        return numbers >= min(header.dim, 2) ? .text : .binary
    }
}
