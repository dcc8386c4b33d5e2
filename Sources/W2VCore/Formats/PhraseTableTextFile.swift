/// The phrase table file: word2vec-style text, a header line and then one entry per line.
///
/// ```
/// w2v-phrases <phrases> <connectors> <delimiter> <scoring> <threshold> <min_count>
/// <connector word>                      (one line each, <connectors> lines)
/// <phrase> <score> [<first> <last>]     (one line each, <phrases> lines, by descending score)
/// ```
///
/// `<first>` and `<last>` give the parts of the phrase's first and last words (see `PhraseTable`); they
/// are written only when not both 1, that is for phrases of a second pass ("new_york_city 310.2 2 1"). A
/// phrase appears on more than one line only when more than one of its splits forms.
///
/// `<scoring>` is `word2phrase`, `original` or `npmi`; numbers are written so that they read back
/// exactly. A phrase is its words joined by the delimiter ("new_york", "bank_of_america"). It holds what
/// applying needs (a frozen model, gensim's `FrozenPhrases`), not the counts: loading gives a model that
/// applies exactly as the saved one did and cannot learn further.
extension Phrases {
    static let magic = "w2v-phrases"

    /// Writes the phrases above the threshold (a learning model is frozen first) to `path`, whole or not
    /// at all: as text (`FileFormat.text`, this file's layout) or in the native family
    /// (`FileFormat.native`, `PhraseTableNativeFile`).
    func save(to path: String, format: FileFormat = .text) throws(W2VError) { try save(to: BytePath(path), format: format) }

    public func save(to path: BytePath, format: FileFormat = .text) throws(W2VError) {
        if format != .text && format != .native {
            throw .invalidArgument("a phrase table is saved as text or native, not \(format.name)")
        }
        var file = try AtomicFile(replacing: path)
        do throws(W2VError) {
            if format == .native { try PhraseTableNativeFile.write(self, to: &file) } else { try writeText(to: &file) }
        } catch {
            file.abandon()
            throw error
        }
        try file.commit()
    }

    private func writeText(to file: inout AtomicFile) throws(W2VError) {
        let entries = exportPhrases()
        let order = entries.indices.sorted {
            entries[$0].split.score > entries[$1].split.score || (entries[$0].split.score == entries[$1].split.score && $0 < $1)
        }
        try file.write("\(Self.magic) \(entries.count) \(connectors.count) ")
        try file.write(String(decoding: settings.delimiter, as: UTF8.self))
        try file.write(" \(settings.scoring.name) \(settings.threshold) \(settings.minCount)\n")
        for i in 0..<connectors.count {
            try file.write(UnsafeRawBufferPointer(connectors.word(i)))
            try file.write(byte: 10)
        }
        for i in order {
            let (phrase, split) = entries[i]
            try file.write(UnsafeRawBufferPointer(phrase))
            if split.first == 1 && split.last == 1 {
                try file.write(" \(split.score)\n")
            } else {
                try file.write(" \(split.score) \(split.first) \(split.last)\n")
            }
        }
    }

    /// Reads a file `save` wrote, text or native (told by the native magic number). Every line or section
    /// is checked: W2VError.format names the line or section at fault.
    static func load(from path: String) throws(W2VError) -> Phrases { try load(from: BytePath(path)) }

    public static func load(from path: BytePath) throws(W2VError) -> Phrases {
        let file = try RawFile(openForReading: path)
        defer { file.close() }
        let start = UnsafeMutableRawBufferPointer.allocate(byteCount: 1, alignment: 1)
        defer { start.deallocate() }
        if try file.readFully(at: 0, into: start) == 1 && start[0] == PhraseTableNativeFile.magic[0] {
            // No text table starts with byte 0x89: any such file is read (and judged) as native.
            return try PhraseTableNativeFile.read(file, path: path)
        }
        var reader = BufferedReader(file: file)
        var line = 0
        func nextLine() throws(W2VError) -> [String]? {
            guard try reader.peek() != nil else { return nil }
            line += 1
            guard let end = try reader.tokenEnd(terminator: 10) else {
                throw .format("'\(path)' line \(line): longer than \(BufferedReader.maxTokenBytes) bytes")
            }
            let bytes = UnsafeBufferPointer(start: reader.pointer(at: reader.position), count: end - reader.position)
            let fields = bytes.split(omittingEmptySubsequences: true, whereSeparator: Tokenizer.isSeparator)
                .map { String(decoding: UnsafeBufferPointer(rebasing: $0), as: UTF8.self) }
            // Words are kept as bytes below; decoding here is only for the numbers and names.
            reader.consume(upTo: end < reader.end ? end + 1 : end)
            return fields
        }
        func rawFields(_ body: (UnsafeBufferPointer<UInt8>) throws(W2VError) -> Void) throws(W2VError) -> Bool {
            guard try reader.peek() != nil else { return false }
            line += 1
            guard let end = try reader.tokenEnd(terminator: 10) else {
                throw .format("'\(path)' line \(line): longer than \(BufferedReader.maxTokenBytes) bytes")
            }
            let bytes = UnsafeBufferPointer(start: reader.pointer(at: reader.position), count: end - reader.position)
            try body(bytes)
            reader.consume(upTo: end < reader.end ? end + 1 : end)
            return true
        }
        guard let header = try nextLine() else { throw .format("'\(path)' is empty, not a phrase table") }
        guard header.count == 7, header[0] == magic else {
            throw .format("'\(path)' line 1: expected '\(magic) <phrases> <connectors> <delimiter> <scoring> <threshold> <min_count>'")
        }
        guard let nPhrases = Int(header[1]), nPhrases >= 0, let nConnectors = Int(header[2]), nConnectors >= 0 else {
            throw .format("'\(path)' line 1: the phrase and connector counts must be whole numbers")
        }
        guard let scoring = PhraseScoring(name: header[4]) else {
            throw .format("'\(path)' line 1: unknown scoring '\(header[4])' (word2phrase, original or npmi)")
        }
        guard let threshold = Double(header[5]), let minCount = Int64(header[6]) else {
            throw .format("'\(path)' line 1: the threshold or min_count is not a number")
        }
        let settings = Settings(scoring: scoring, minCount: minCount, threshold: threshold, delimiter: Array(header[3].utf8))
        let builder: FrozenPhrasesBuilder
        do throws(W2VError) {
            builder = try FrozenPhrasesBuilder(settings: settings, connectors: nConnectors, phrases: nPhrases)
        } catch { throw .format("'\(path)' line 1: \(error.message)") }
        // The entry lines: each error names its line.
        func entry(_ body: (UnsafeBufferPointer<UInt8>) throws(W2VError) -> Void) throws(W2VError) -> Bool {
            try rawFields { (bytes) throws(W2VError) -> Void in
                do throws(W2VError) { try body(bytes) } catch { throw .format("'\(path)' line \(line): \(error.message)") }
            }
        }
        for _ in 0..<nConnectors {
            let ok = try entry { (bytes) throws(W2VError) -> Void in
                let fields = bytes.split(omittingEmptySubsequences: true, whereSeparator: Tokenizer.isSeparator)
                guard fields.count == 1 else { throw .format("expected one connector word") }
                try builder.addConnector(UnsafeBufferPointer(rebasing: fields[0]))
            }
            if !ok { throw .format("'\(path)': ends after \(line) lines; the header announces \(nConnectors) connector words") }
        }
        for _ in 0..<nPhrases {
            let ok = try entry { (bytes) throws(W2VError) -> Void in
                let fields = bytes.split(omittingEmptySubsequences: true, whereSeparator: Tokenizer.isSeparator)
                guard fields.count == 2 || fields.count == 4 else { throw .format("expected '<phrase> <score> [<first> <last>]'") }
                func text(_ i: Int) -> String { String(decoding: UnsafeBufferPointer(rebasing: fields[i]), as: UTF8.self) }
                guard let score = Double(text(1)) else { throw .format("the score is not a number") }
                var split: (first: Int32, last: Int32)?
                if fields.count == 4 {
                    guard let first = Int32(text(2)), let last = Int32(text(3)) else {
                        throw .format("the first and last word parts are not whole numbers")
                    }
                    split = (first, last)
                }
                try builder.addPhrase(UnsafeBufferPointer(rebasing: fields[0]), split: split, score: score)
            }
            if !ok { throw .format("'\(path)': ends after \(line) lines; the header announces \(nPhrases) phrases") }
        }
        var extra = false
        while try rawFields({ (bytes) throws(W2VError) -> Void in
            if bytes.contains(where: { !Tokenizer.isSeparator($0) }) { extra = true }
        }) {
            if extra { throw .format("'\(path)' line \(line): more lines than the header announces") }
        }
        return builder.build()
    }
}
