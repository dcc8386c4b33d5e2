import Glibc

/// The word2vec text format: the header, then `word v1 v2 ... vdim\n` per word. word2vec.c writes each
/// value as `%lf ` (a space after every value, six decimals); gensim writes them separated by single
/// spaces as Python's shortest repr. This writer does as gensim does, with Swift's shortest
/// round-trip `Float.description`, so the file reads back to the identical floats.
enum Word2VecTextFormat {
    static func write(words: WordTable, vectors: FloatMatrix, to file: inout AtomicFile) throws(W2VError) {
        let dim = vectors.columns
        try file.write(Word2VecHeader.line(words: words.count, dim: dim))
        for r in 0..<words.count {
            let word = words.word(r)
            try Word2VecRows.checkWritable(word, index: r, text: true)
            try file.write(UnsafeRawBufferPointer(word))
            let row = vectors.row(r)
            for c in 0..<dim {
                let value = row[c]
                if !value.isFinite { throw Word2VecRows.nonFinite(value, column: c, word: word, index: r) }
                try file.write(byte: 32)
                // At most 15 UTF-8 bytes ("-1.17549435e-38"), so a small string: no allocation.
                try file.write(value.description)
            }
            try file.write(byte: 10)
        }
    }

    /// Reads the rows after the header. Values are parsed with `strtof` in the C locale (correctly
    /// rounded, so any decimal that names a float reads as exactly that float) and must be finite.
    static func read(_ reader: inout BufferedReader, header: Word2VecHeader) throws(W2VError) -> Word2VecVectors {
        try header.checkFits(reader, rowBase: 1, bytesPerValue: 2, format: .text)
        let dim = header.dim
        let table = WordTable(expectedCount: min(header.words, Word2VecRows.maxExpectedWords))
        let vectors = try FloatMatrix(rows: header.words, columns: dim)
        let locale = CNumericLocale()
        defer { locale.restore() }
        for r in 0..<header.words {
            guard try reader.skip(while: TextFields.isWhitespace) != nil else {
                throw Word2VecRows.tooFewRows(header, rows: r)
            }
            guard let wordEnd = try reader.tokenEnd(isTerminator: TextFields.isWhitespace) else {
                throw Word2VecRows.wordTooLong(r)
            }
            let wordStart = reader.position
            let word = UnsafeBufferPointer(start: reader.pointer(at: wordStart), count: wordEnd - wordStart)
            try Word2VecRows.add(word, index: r, to: table)
            reader.consume(upTo: wordEnd)
            let row = vectors.row(r)
            for c in 0..<dim {
                let next = try reader.skip(while: Word2VecRows.isBlank)
                if next == nil || next == 10 {
                    throw .format("\(Word2VecRows.row(r, table.word(r))): expected \(dim) floats, found \(c)")
                }
                guard let tokenEnd = try reader.tokenEnd(isTerminator: TextFields.isWhitespace) else {
                    throw .format("\(Word2VecRows.row(r, table.word(r))): value \(c + 1) is longer than \(BufferedReader.maxTokenBytes) bytes")
                }
                // The byte at tokenEnd is whitespace or, at the end of the file, the buffer's NUL, so
                // strtof stops there at the latest.
                let first = UnsafeMutableRawPointer(reader.pointer(at: reader.position)).assumingMemoryBound(to: CChar.self)
                var parsedEnd: UnsafeMutablePointer<CChar>? = nil
                let value = strtof(first, &parsedEnd)
                let length = tokenEnd - reader.position
                if parsedEnd != first + length {
                    let token = UnsafeBufferPointer(start: reader.pointer(at: reader.position), count: length)
                    throw .format("\(Word2VecRows.row(r, table.word(r))): value \(c + 1) '\(Word2VecRows.printable(token, limit: 40))' is not a number")
                }
                if !value.isFinite {
                    let token = UnsafeBufferPointer(start: reader.pointer(at: reader.position), count: length)
                    throw .format("\(Word2VecRows.row(r, table.word(r))): value \(c + 1) '\(Word2VecRows.printable(token, limit: 40))' is not a finite float")
                }
                row[c] = value
                reader.consume(upTo: tokenEnd)
            }
            // The row must end here: blanks, then a newline or the end of the file.
            var extra = 0
            while let next = try reader.skip(while: Word2VecRows.isBlank), next != 10 {
                extra += 1
                guard let tokenEnd = try reader.tokenEnd(isTerminator: TextFields.isWhitespace) else { break }
                reader.consume(upTo: tokenEnd)
            }
            if extra > 0 {
                throw .format("\(Word2VecRows.row(r, table.word(r))): expected \(dim) floats, found \(dim + extra)")
            }
        }
        if let next = try reader.skip(while: TextFields.isWhitespace) {
            _ = next
            let end = try reader.tokenEnd(isTerminator: TextFields.isWhitespace) ?? reader.position + 40
            throw Word2VecRows.tooManyRows(header, found: UnsafeBufferPointer(start: reader.pointer(at: reader.position), count: min(end - reader.position, 40)))
        }
        return Word2VecVectors(vocabulary: try Vocabulary(table: table, counts: [Int64](repeating: 0, count: header.words)), vectors: vectors)
    }
}
