/// Bytes read as plain text, byte by byte and never decoded: which bytes are whitespace, how a line
/// splits into fields. The tokenizer, the file formats and the evaluation files all split this way.
enum TextFields {
    /// ASCII whitespace: space, \t \n \v \f \r.
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 32 || (byte >= 9 && byte <= 13)
    }

    /// The ranges of the runs of bytes that are not separators, in order; stops after `limit` fields
    /// (a caller that wants exactly n asks for n + 1 to see that there are more).
    static func split(_ line: UnsafeBufferPointer<UInt8>, limit: Int = .max,
                      isSeparator: (UInt8) -> Bool = isWhitespace) -> [Range<Int>] {
        var fields: [Range<Int>] = []
        var i = 0
        while i < line.count && fields.count < limit {
            while i < line.count && isSeparator(line[i]) { i += 1 }
            let start = i
            while i < line.count && !isSeparator(line[i]) { i += 1 }
            if i > start { fields.append(start..<i) }
        }
        return fields
    }

    /// The ranges between tabs, each trimmed of whitespace; empty fields dropped (a trailing tab).
    static func tabSeparated(_ line: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var fields: [Range<Int>] = []
        var start = 0
        while start <= line.count {
            var end = start
            while end < line.count && line[end] != UInt8(ascii: "\t") { end += 1 }
            var lo = start, hi = end
            while lo < hi && isWhitespace(line[lo]) { lo += 1 }
            while hi > lo && isWhitespace(line[hi - 1]) { hi -= 1 }
            if hi > lo { fields.append(lo..<hi) }
            start = end + 1
        }
        return fields
    }

    /// Calls `body` with each line's number (from 1) and bytes, without the line break (`\n` or `\r\n`).
    static func forEachLine(_ text: UnsafeBufferPointer<UInt8>,
                            _ body: (Int, UnsafeBufferPointer<UInt8>) throws(W2VError) -> Void) throws(W2VError) {
        var start = 0, number = 1
        while start < text.count {
            var end = start
            while end < text.count && text[end] != UInt8(ascii: "\n") { end += 1 }
            var stop = end
            if stop > start && text[stop - 1] == UInt8(ascii: "\r") { stop -= 1 }
            try body(number, UnsafeBufferPointer(rebasing: text[start..<stop]))
            start = end + 1
            number += 1
        }
    }
}
