import Glibc

/// What a word2vec text or binary file holds: the words in file order (counts zero) and one vector per
/// word, checked against each other; `Model.load(from:format:)` makes a query-only model of them.
struct Word2VecVectors {
    var vocabulary: Vocabulary
    var vectors: FloatMatrix
}

/// What the text and binary formats share about rows: which bytes are whitespace, how words are
/// checked and quoted in messages, the messages themselves.
enum Word2VecRows {
    /// The word table is sized for at most this many words up front (a header may overstate its rows);
    /// it grows past that as rows arrive.
    static let maxExpectedWords = 1 << 22

    /// Whitespace inside a text row (everything but the newline that ends it).
    @inline(__always)
    static func isBlank(_ byte: UInt8) -> Bool {
        TextFields.isWhitespace(byte) && byte != 10
    }

    /// `row 3 ('king')`, the prefix of every message about a row (1-based, the header is not a row).
    static func row(_ index: Int, _ word: UnsafeBufferPointer<UInt8>) -> String {
        "row \(index + 1) ('\(printable(word, limit: 60))')"
    }

    /// Checks that `word` can be written so that it reads back as the same word: not empty, no NUL, no
    /// space (the end of a word in both formats), and for text no whitespace at all. For binary, other
    /// whitespace may appear inside a word, but not at its start, where readers skip it.
    static func checkWritable(_ word: UnsafeBufferPointer<UInt8>, index: Int, text: Bool) throws(W2VError) {
        if word.isEmpty { throw .invalidArgument("word \(index + 1) is empty, which a word2vec file cannot hold") }
        for (position, byte) in word.enumerated() {
            let bad = byte == 0 || byte == 32 || ((text || position == 0) && TextFields.isWhitespace(byte))
            if bad {
                let what = byte == 0 ? "a NUL byte" : byte == 32 ? "a space" : "whitespace"
                throw .invalidArgument(
                    "word \(index + 1) ('\(printable(word, limit: 60))') contains \(what), which the word2vec \(text ? "text" : "binary") format cannot hold")
            }
        }
    }

    /// A value that saving refuses, because loading would refuse it.
    static func nonFinite(_ value: Float, column: Int, word: UnsafeBufferPointer<UInt8>, index: Int) -> W2VError {
        .invalidArgument("word \(index + 1) ('\(printable(word, limit: 60))'): value \(column + 1) is \(value); word2vec files hold finite values only")
    }

    /// Adds the word of row `index` to `table`; a duplicate, a NUL byte or an empty word is a format error.
    @inline(__always)
    static func add(_ word: UnsafeBufferPointer<UInt8>, index: Int, to table: WordTable) throws(W2VError) {
        if memchr(word.baseAddress!, 0, word.count) != nil {
            throw .format("\(row(index, word)): the word contains a NUL byte")
        }
        let (id, inserted) = table.findOrInsert(word)
        if !inserted {
            throw .format("word '\(printable(word, limit: 60))' appears twice (rows \(id + 1) and \(index + 1))")
        }
    }

    static func tooManyRows(_ header: Word2VecHeader, found: UnsafeBufferPointer<UInt8>) -> W2VError {
        .format("the header announces \(count(header.words, "word")) but more follows row \(header.words): '\(printable(found, limit: 40))'")
    }

    static func tooFewRows(_ header: Word2VecHeader, rows: Int) -> W2VError {
        .format("the header announces \(count(header.words, "word")) but the file ends after \(count(rows, "row"))")
    }

    /// "1 row", "2 rows".
    static func count(_ n: Int, _ noun: String) -> String {
        "\(n) \(noun)\(n == 1 ? "" : "s")"
    }

    static func wordTooLong(_ index: Int) -> W2VError {
        .format("row \(index + 1): the word is longer than \(BufferedReader.maxTokenBytes) bytes (is this a word2vec file?)")
    }
}

extension Word2VecRows {
    /// Bytes for a message: decoded as UTF-8 with invalid sequences replaced, control characters shown as
    /// `?`, cut to about `limit` characters.
    static func printable(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int) -> String {
        let text = String(decoding: bytes.prefix(limit * 4), as: UTF8.self)
        var result = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit {
                result += "..."
                break
            }
            result.unicodeScalars.append(scalar.value < 32 || scalar.value == 127 ? "?" : scalar)
            count += 1
        }
        return result
    }
}
