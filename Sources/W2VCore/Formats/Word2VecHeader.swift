import Glibc

/// The first line of a word2vec file, `"<words> <dimensions>\n"`, shared by the text and binary formats.
struct Word2VecHeader {
    let words: Int
    let dim: Int

    /// A header line longer than this is not a header.
    static let maxLineBytes = 1024

    /// Reads and checks the header line. Both numbers must be positive decimal integers, separated by
    /// spaces or tabs; the line may end in `\r\n`.
    static func read(_ reader: inout BufferedReader, path: BytePath) throws(W2VError) -> Word2VecHeader {
        if try reader.fill(atLeast: 1) == 0 {
            throw .format("'\(path)' is empty, not a word2vec file")
        }
        let available = try reader.fill(atLeast: maxLineBytes + 1)
        var lineEnd = reader.position
        let scanEnd = min(reader.end, reader.position + maxLineBytes + 1)
        while lineEnd < scanEnd && reader.byte(at: lineEnd) != UInt8(ascii: "\n") { lineEnd += 1 }
        let line = UnsafeBufferPointer(start: reader.pointer(at: reader.position), count: lineEnd - reader.position)
        if lineEnd == scanEnd && available > maxLineBytes {
            throw .format("header: expected '<words> <dimensions>' on the first line, found \(maxLineBytes)+ bytes without a line break")
        }
        var i = 0
        func number() -> Int? {
            while i < line.count && (line[i] == UInt8(ascii: " ") || line[i] == UInt8(ascii: "\t")) { i += 1 }
            var value = 0
            var digits = 0
            while i < line.count, line[i] >= UInt8(ascii: "0"), line[i] <= UInt8(ascii: "9") {
                // Saturate: any value this large is rejected below anyway.
                value = value > Int.max / 20 ? Int.max / 2 : value * 10 + Int(line[i] - UInt8(ascii: "0"))
                digits += 1
                i += 1
            }
            return digits > 0 ? value : nil
        }
        let words = number()
        let dim = number()
        while i < line.count && (line[i] == UInt8(ascii: " ") || line[i] == UInt8(ascii: "\t") || line[i] == UInt8(ascii: "\r")) { i += 1 }
        guard let words, let dim, i == line.count else {
            throw .format("header: expected '<words> <dimensions>' on the first line, found '\(Word2VecRows.printable(line, limit: 60))'")
        }
        if words == 0 { throw .format("header: the file announces 0 words") }
        if dim == 0 { throw .format("header: the file announces vectors of dimension 0") }
        reader.consume(upTo: lineEnd == reader.end ? lineEnd : lineEnd + 1)
        return Word2VecHeader(words: words, dim: dim)
    }

    /// Refuses a header that announces more than the rest of the file can hold, before anything is
    /// allocated: each row takes at least `rowBase + dim * bytesPerValue` bytes. Only a regular file
    /// has a size to check against; from a pipe the announced floats must not exceed `pipeLimitFloats`.
    /// More than `Int32.max` words (the word table's limit) are refused too.
    func checkFits(_ reader: borrowing BufferedReader, rowBase: Int, bytesPerValue: Int,
                   format: FileFormat) throws(W2VError) {
        var info = stat()
        let regular = fstat(reader.file.descriptor, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
        if regular {
            let remaining = max(0, Int(info.st_size) - reader.offset)
            let (values, o1) = dim.multipliedReportingOverflow(by: bytesPerValue)
            let (perRow, o2) = values.addingReportingOverflow(rowBase)
            let (needed, o3) = words.multipliedReportingOverflow(by: perRow)
            if o1 || o2 || o3 || needed > remaining {
                throw .format(
                    "header: \(words) words of dimension \(dim) cannot fit in the \(remaining) bytes that follow it (a \(format.name) row takes at least \(o1 || o2 ? "too many" : "\(perRow)") bytes)")
            }
        } else {
            let (floats, overflow) = words.multipliedReportingOverflow(by: dim)
            if overflow || floats > Self.pipeLimitFloats {
                throw .format("header: \(words) words of dimension \(dim) are more than the \(Self.pipeLimitFloats) floats accepted from a file of unknown size")
            }
        }
        if words > Int(Int32.max) {
            throw .format("header: the file announces \(words) words, more than the \(Int32.max) a vocabulary holds")
        }
    }

    /// Upper bound on the floats announced by a file whose size is unknown (a pipe): 4 GiB of vectors.
    static let pipeLimitFloats = 1 << 30

    /// The header line as written.
    static func line(words: Int, dim: Int) -> String { "\(words) \(dim)\n" }
}
