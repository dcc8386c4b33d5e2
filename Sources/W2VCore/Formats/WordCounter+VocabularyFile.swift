/// word2vec's vocabulary file (`-save-vocab` / `-read-vocab`): one `word count` line per word (`%s %lld\n`),
/// the sentence-end marker `</s>` first with the number of sentences, then the words seen at least
/// min-count times by descending count (ties in first-seen order, the order of a finalised vocabulary).
/// The original tool keeps whichever word comes first as its sentence end, so the `</s>` line lets it
/// read our files; reading skips that line's word and adds its count to the sentences.
///
/// The token `</s>` in a text is an ordinary word here (word2vec.c folds it into its sentence end). Such
/// a word is written at its place in the count order like any other, so a file can hold two `</s>`
/// lines: the first one (always the first line, as we write it) is the sentence-end marker, the second
/// the word; a third is an error. word2vec.c reads such a file too: it keeps the first `</s>` as its
/// sentence end and the second as an entry that no lookup reaches, as it treats the token itself.
extension WordCounter {
    static let sentenceEndMarker: [UInt8] = Array("</s>".utf8)
    /// Larger counts in a vocabulary file are refused, so sums of counts cannot overflow.
    static let maxFileCount: Int64 = 1_000_000_000_000_000

    /// Writes the words seen at least `minCount` times (values below 1 keep every word) to `path`, as
    /// word2vec's SaveVocab does after its min-count reduction. The file is written to a temporary file
    /// and renamed over `path`, so a failure leaves any old file whole.
    func save(to path: String, minCount: Int) throws(W2VError) {
        try save(to: BytePath(path), minCount: minCount)
    }

    /// `save(to:minCount:)` to a path of any bytes (see `BytePath`).
    public func save(to path: BytePath, minCount: Int) throws(W2VError) {
        let order = Vocabulary.order(self, minCount: max(1, minCount))
        var file = try AtomicFile(replacing: path)
        do throws(W2VError) {
            try file.write("</s>")
            try Self.writeCount(sentences, to: &file)
            for id in order {
                try file.write(UnsafeRawBufferPointer(table.word(id)))
                try Self.writeCount(counts[id], to: &file)
            }
        } catch {
            file.abandon()
            throw error
        }
        try file.commit()
    }

    /// Writes " <count>\n" (short enough to be a small string: no allocation).
    @inline(__always)
    private static func writeCount(_ count: Int64, to file: inout AtomicFile) throws(W2VError) {
        try file.write(" \(count)\n")
    }

    /// Adds the counts of a vocabulary file (word2vec's `-read-vocab`): each line is a word, blanks and a
    /// count of at least 1; blank lines are skipped; a `</s>` line adds its count (0 allowed) to the
    /// sentences instead (a second `</s>` line is the word `</s>`, see above). Words longer than 100 bytes
    /// are cut as the tokenizer cuts them; the order of the lines does not matter. A malformed line, a
    /// word listed twice, counts that add up to more than `maxBulkTotal` (2^62) or an I/O error fails the
    /// whole call with the line named, and the counter is left as it was. The pruning limit applies as
    /// for text.
    func add(vocabularyFile path: String) throws(W2VError) {
        try add(vocabularyFile: BytePath(path))
    }

    /// `add(vocabularyFile:)` from a path of any bytes (see `BytePath`).
    public func add(vocabularyFile path: BytePath) throws(W2VError) {
        let file = try RawFile(openForReading: path)
        defer { file.close() }
        try withRollback { (target: WordCounter) throws(W2VError) in
            var reader = BufferedReader(file: file)
            var lines = VocabularyLines(source: "'\(path)'", target: target)
            while try reader.peek() != nil {
                guard let end = try reader.tokenEnd(terminator: 10) else {
                    throw .format("'\(path)' line \(lines.number + 1): longer than \(BufferedReader.maxTokenBytes) bytes, not a 'word count' line")
                }
                let start = reader.position
                try lines.take(UnsafeBufferPointer(start: reader.pointer(at: start), count: end - start))
                reader.consume(upTo: end < reader.end ? end + 1 : end)
            }
        }
    }

    /// Adds counts written in the vocabulary file's format that are held in memory (`countsText`, or a
    /// file's bytes), under the same rules as `add(vocabularyFile:)`; `source` names them in messages.
    public func add(vocabularyText text: UnsafeRawBufferPointer, source: String) throws(W2VError) {
        let bytes = text.bindMemory(to: UInt8.self)
        try withRollback { (target: WordCounter) throws(W2VError) in
            var lines = VocabularyLines(source: source, target: target)
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != 10 { end += 1 }
                try lines.take(UnsafeBufferPointer(rebasing: bytes[start..<end]))
                start = end + 1
            }
        }
    }

    /// Every counted word in the vocabulary file's format, in first-seen order rather than by count
    /// (the reader takes lines in any order), with no min-count: merging the texts of shards that
    /// were counted from consecutive parts of a corpus, in corpus order, gives the whole corpus's
    /// counts and its first-seen order, so exactly the vocabulary one counter would have made.
    public func countsText() -> [UInt8] {
        var text = [UInt8]()
        text.reserveCapacity(16 + table.count * 16)
        func append(_ word: UnsafeBufferPointer<UInt8>, _ count: Int64) {
            text.append(contentsOf: word)
            text.append(contentsOf: " \(count)\n".utf8)
        }
        Self.sentenceEndMarker.withUnsafeBufferPointer { append($0, sentences) }
        for id in 0..<table.count { append(table.word(id), counts[id]) }
        return text
    }

    /// The line-by-line reading of vocabulary counts, from a file or memory: which line this is, and
    /// whether the sentence-end marker was seen.
    private struct VocabularyLines {
        let source: String
        let target: WordCounter
        private(set) var number = 0
        private var sawMarker = false

        init(source: String, target: WordCounter) {
            self.source = source
            self.target = target
        }

        /// Adds one line (without its newline) to the target.
        mutating func take(_ bytes: UnsafeBufferPointer<UInt8>) throws(W2VError) {
            number += 1
            let line = number
            guard let (word, count) = try WordCounter.parseVocabularyLine(bytes, line: line, source: source) else { return }
            if word.elementsEqual(WordCounter.sentenceEndMarker) && !sawMarker {
                sawMarker = true
                do throws(W2VError) {
                    try target.addSentences(count)
                } catch {
                    throw .format("\(source) line \(line): \(error.message)")
                }
                return
            }
            if count < 1 {
                throw .format("\(source) line \(line): the count of '\(Word2VecRows.printable(word, limit: 60))' is 0; counts start at 1")
            }
            if target.table.find(word) != nil {
                if word.elementsEqual(WordCounter.sentenceEndMarker) {
                    throw .format("\(source) line \(line): '</s>' appears a third time")
                }
                throw .format("\(source) line \(line): the word '\(Word2VecRows.printable(word, limit: 60))' appears on an earlier line too")
            }
            do throws(W2VError) {
                try target.addChecked(word: word, count: count)
            } catch {
                throw .format("\(source) line \(line): \(error.message)")
            }
        }
    }

    /// Splits a line into its word (cut to the tokenizer's limit) and count; nil for a blank line. The
    /// word's bytes point into `line`.
    fileprivate static func parseVocabularyLine(_ line: UnsafeBufferPointer<UInt8>, line number: Int, source: String)
        throws(W2VError) -> (UnsafeBufferPointer<UInt8>, Int64)?
    {
        // Three fields at most: enough to tell a good line (two) from a bad one.
        let fields = TextFields.split(line, limit: 3, isSeparator: Tokenizer.isSeparator)
        if fields.isEmpty { return nil }
        func found() -> String { "'\(Word2VecRows.printable(line, limit: 80))'" }
        if fields.count != 2 {
            throw .format("\(source) line \(number): expected '<word> <count>', found \(found())")
        }
        var count: Int64 = 0
        for byte in line[fields[1]] {
            guard byte >= 48 && byte <= 57 else {
                throw .format("\(source) line \(number): the count '\(Word2VecRows.printable(UnsafeBufferPointer(rebasing: line[fields[1]]), limit: 40))' is not a whole number")
            }
            count = count * 10 + Int64(byte - 48)
            if count > maxFileCount {
                throw .format("\(source) line \(number): the count is larger than \(maxFileCount)")
            }
        }
        let word = UnsafeBufferPointer(rebasing: line[fields[0]])
        return (UnsafeBufferPointer(rebasing: word[0..<Tokenizer.cutLength(word)]), count)
    }
}
