import Glibc

/// The word2vec binary format: the header, then per word the word's bytes, one space, `dim`
/// little-endian float32 and a newline, exactly as word2vec.c writes it. gensim writes the same rows
/// without the newline; readers (word2vec.c's distance, gensim, this one) skip whitespace before a word,
/// so both read everywhere.
enum Word2VecBinaryFormat {
    static func write(words: WordTable, vectors: FloatMatrix, to file: inout AtomicFile) throws(W2VError) {
        let dim = vectors.columns
        try file.write(Word2VecHeader.line(words: words.count, dim: dim))
        #if _endian(big)
        let swapped = UnsafeMutablePointer<UInt32>.allocate(capacity: max(dim, 1))
        defer { swapped.deallocate() }
        #endif
        for r in 0..<words.count {
            let word = words.word(r)
            try Word2VecRows.checkWritable(word, index: r, text: false)
            let row = vectors.row(r)
            for c in 0..<dim where !row[c].isFinite {
                throw Word2VecRows.nonFinite(row[c], column: c, word: word, index: r)
            }
            try file.write(UnsafeRawBufferPointer(word))
            try file.write(byte: 32)
            #if _endian(big)
            for c in 0..<dim { swapped[c] = row[c].bitPattern.littleEndian }
            try file.write(UnsafeRawBufferPointer(start: swapped, count: dim * 4))
            #else
            try file.write(UnsafeRawBufferPointer(start: row, count: dim * 4))
            #endif
            try file.write(byte: 10)
        }
    }

    /// Reads the rows after the header: whitespace is skipped, the word runs to the next space, and the
    /// `4 * dim` bytes after that space are copied straight into the row. Values must be finite.
    static func read(_ reader: inout BufferedReader, header: Word2VecHeader) throws(W2VError) -> Word2VecVectors {
        try header.checkFits(reader, rowBase: 2, bytesPerValue: 4, format: .binary)
        let dim = header.dim
        let table = WordTable(expectedCount: min(header.words, Word2VecRows.maxExpectedWords))
        let vectors = try FloatMatrix(rows: header.words, columns: dim)
        let rowBytes = dim * 4
        for r in 0..<header.words {
            guard try reader.skip(while: TextFields.isWhitespace) != nil else {
                throw Word2VecRows.tooFewRows(header, rows: r)
            }
            guard let wordEnd = try reader.tokenEnd(terminator: 32) else {
                throw Word2VecRows.wordTooLong(r)
            }
            let wordStart = reader.position
            let word = UnsafeBufferPointer(start: reader.pointer(at: wordStart), count: wordEnd - wordStart)
            if wordEnd == reader.end {
                throw .format("\(Word2VecRows.row(r, word)): the file ends inside the word, before the space that ends it")
            }
            try Word2VecRows.add(word, index: r, to: table)
            reader.consume(upTo: wordEnd + 1)
            let row = vectors.row(r)
            let copied = try reader.read(into: UnsafeMutableRawPointer(row), count: rowBytes)
            if copied < rowBytes {
                throw .format("\(Word2VecRows.row(r, table.word(r))): expected \(dim) floats (\(rowBytes) bytes), the file ends after \(copied) bytes")
            }
            #if _endian(big)
            for c in 0..<dim { row[c] = Float(bitPattern: UInt32(littleEndian: row[c].bitPattern)) }
            #endif
            for c in 0..<dim where !row[c].isFinite {
                throw .format("\(Word2VecRows.row(r, table.word(r))): value \(c + 1) is \(row[c]), not a finite float")
            }
        }
        if try reader.skip(while: TextFields.isWhitespace) != nil {
            let shown = min(try reader.fill(atLeast: 40), 40)
            throw Word2VecRows.tooManyRows(header, found: UnsafeBufferPointer(start: reader.pointer(at: reader.position), count: shown))
        }
        return Word2VecVectors(vocabulary: try Vocabulary(table: table, counts: [Int64](repeating: 0, count: header.words)), vectors: vectors)
    }
}
