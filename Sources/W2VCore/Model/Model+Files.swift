/// File entry points: the formats live in Formats/, whose readers return parts that this facade
/// assembles into a model and whose writers take the parts the model lends them.
extension Model {
    /// Writes the vocabulary's words in index order with their input vectors, in the word2vec text or
    /// binary format exactly as word2vec.c writes it (text values in the shortest form that reads back
    /// as the same `Float`, e.g. `0.1`, `-2.5e-05`, so a text file round-trips bit for bit too).
    ///
    /// The file is written under a temporary name in the same directory and renamed over `path` once
    /// complete, so a failed save never leaves a half-written file where the old one was.
    ///
    /// - Throws: `invalidArgument` for `.auto`, for a model without words or dimensions, for a word the format cannot hold (empty, or containing
    ///   a NUL byte or a space; for text any whitespace) and for a non-finite value (which loading
    ///   would refuse); `io` when the file cannot be created, written or renamed.
    func save(to path: String, format: FileFormat) throws(W2VError) {
        try save(to: BytePath(path), format: format)
    }

    /// `save(to:format:)` to a path of any bytes (see `BytePath`).
    public func save(to path: BytePath, format: FileFormat) throws(W2VError) {
        if format == .auto {
            throw .invalidArgument("choose the text, binary or native format to save; auto is only for loading")
        }
        if vocabularySize == 0 || dim == 0 {
            throw .invalidArgument("a word2vec file needs at least one word and one dimension; the model has \(vocabularySize) words of dimension \(dim)")
        }
        var file = try AtomicFile(replacing: path)
        do throws(W2VError) {
            switch format {
            case .text: try Word2VecTextFormat.write(words: vocabulary.table, vectors: input, to: &file)
            case .binary, .auto: try Word2VecBinaryFormat.write(words: vocabulary.table, vectors: input, to: &file)
            case .native: try NativeFormatWriter.write(nativeParts, to: &file)
            }
        } catch {
            file.abandon()
            throw error
        }
        try file.commit()
    }

    /// Loads a word2vec text or binary file as a model with zero counts and no output weights.
    ///
    /// Reading is lenient where the writers differ: spaces or tabs separate numbers and `\r\n` ends a
    /// line; whitespace before a word (the newline that word2vec.c puts after a binary row, blank lines)
    /// is skipped. Everything else is checked: the header (two positive integers that the rest of the
    /// file can hold), each row's word (at most 1 MiB, no NUL, unique) and its exactly `dim` finite
    /// values, and the number of rows (whitespace only after the last). Errors name the row, 1-based,
    /// and its word: "row 3 ('king'): expected 100 floats, found 97".
    ///
    /// `.auto` decides by the first row. After its word, a text row holds ASCII numbers and a binary
    /// row raw float bytes. The file is taken as text when the bytes after the first word, up to the
    /// first newline and at most 4 KiB, are all printable ASCII (spaces, tabs and `\r` included) and
    /// contain at least min(dim, 2) complete tokens that parse as numbers; otherwise it is binary. A
    /// binary file passes for text only if its first float bytes happen to spell numbers separated by
    /// whitespace, then a newline: for random float bytes about 1 in 10^4 when dim is 1 (one digit then
    /// a newline is enough) and under 1 in 10^6 from dim 2 on. Pass the format explicitly to avoid any
    /// guess; a text file is never taken for binary unless its first row is broken.
    ///
    /// - Throws: `io` when the file cannot be opened or read (the message names the path), `format` for
    ///   malformed content, `outOfMemory` when the vectors do not fit in memory.
    ///
    /// `.native` (and `.auto` for a file that starts with the native magic number) maps the file into
    /// memory, or copies it when `mapped` is false, and verifies every checksum, as
    /// `load(nativeFrom:verifyChecksums:mapped:)` does. The word2vec formats are always read (copied).
    static func load(from path: String, format: FileFormat, mapped: Bool = true) throws(W2VError) -> Model {
        try load(from: BytePath(path), format: format, mapped: mapped)
    }

    /// `load(from:format:mapped:)` from a path of any bytes (see `BytePath`).
    public static func load(from path: BytePath, format: FileFormat, mapped: Bool = true) throws(W2VError) -> Model {
        if format == .native { return try load(nativeFrom: path, verifyChecksums: true, mapped: mapped) }
        let file = try RawFile(openForReading: path)
        defer { file.close() }
        if format == .auto, try FileFormat.startsLikeNative(file) {
            return try load(nativeFrom: path, verifyChecksums: true, mapped: mapped)
        }
        var reader = BufferedReader(file: file)
        let header = try Word2VecHeader.read(&reader, path: path)
        var format = format
        if format == .auto { format = try FileFormat.detect(&reader, header: header) }
        let parts: Word2VecVectors
        switch format {
        case .text: parts = try Word2VecTextFormat.read(&reader, header: header)
        case .binary, .auto: parts = try Word2VecBinaryFormat.read(&reader, header: header)
        case .native: return try load(nativeFrom: path, verifyChecksums: true, mapped: mapped)
        }
        return Model(vocabulary: parts.vocabulary, vectors: parts.vectors)
    }

    /// Loads a native model. The vocabulary, parameters and training position are restored exactly, so
    /// the model trains on as if it had never been saved. Every structure of the file is validated
    /// against the others before the model exists (see `NativeModelParts`), so a crafted file whose
    /// checksums were fixed up is refused rather than trusted.
    ///
    /// `mapped` (the default) maps the file into memory: the weights are not copied, processes that
    /// load the same file share its pages, and training the model writes private copies of the pages it
    /// changes, never the file. Mapping ties the model to the file for the model's whole life: the file
    /// must not be truncated or rewritten in place while the model exists (`cp new old` over it, a
    /// writer that opens it with O_TRUNC), because touching a page past its new end then kills the
    /// process with SIGBUS, and a page not yet read shows the new bytes. Replacing it by rename (as every
    /// save of this library does) is safe. `mapped: false` reads the whole file into memory instead
    /// (a copy, slower to load and not shared between processes), after which the file may change or
    /// go away without affecting the model.
    ///
    /// The header, the parameters and the vocabulary are always verified. `verifyChecksums` also
    /// verifies the weights' checksums, which reads every page of the file once (about 100 ms per GB
    /// from the page cache, disk speed otherwise; figures in `NativeFormatReader`); without it the
    /// weights are read only as they are used, and corruption inside them goes unnoticed.
    ///
    /// - Throws: `io` when the file cannot be opened, mapped or read; `outOfMemory` when a copy does not
    ///   fit in memory; `format` for anything else that is
    ///   wrong with it: another format, a newer format version (the message names both versions), a
    ///   truncated file, a checksum mismatch (the message names the section), inconsistent contents.
    static func load(nativeFrom path: String, verifyChecksums: Bool, mapped: Bool = true) throws(W2VError) -> Model {
        try load(nativeFrom: BytePath(path), verifyChecksums: verifyChecksums, mapped: mapped)
    }

    /// `load(nativeFrom:verifyChecksums:mapped:)` from a path of any bytes (see `BytePath`).
    public static func load(nativeFrom path: BytePath, verifyChecksums: Bool, mapped: Bool = true) throws(W2VError) -> Model {
        let parts = try NativeFormatReader.read(path: path, verifyChecksums: verifyChecksums, mapped: mapped)
        let model = Model(vocabulary: parts.vocabulary, parameters: parts.parameters, input: parts.input, output: parts.output,
                          hsOutput: parts.hsOutput, wordsTrained: parts.wordsTrained, epochWords: parts.epochWords,
                          fileTrainingCalls: parts.fileTrainingCalls, trainSteps: parts.trainSteps)
        model.rowLearningRates = parts.rowLearningRates
        return model
    }

    /// gensim's `intersect_word2vec_format(fname, lockf)`: reads vectors from a word2vec text or binary
    /// file (or a native model's input vectors; `.auto` detects as `load` does) and, for every word of
    /// the file that the model's vocabulary holds, replaces that word's vector with the file's and sets
    /// its row learning-rate factor to `lockFactor` (0, gensim's default, freezes the pretrained
    /// vector during further training; 1 lets it train as usual; see `setRowLearningRates`). No word is
    /// added and the other rows keep their vectors and factors. The file is read and checked whole
    /// before the model changes, so on error nothing changes.
    ///
    /// - Returns: the number of vectors merged (words in both).
    /// - Throws: what `load(from:format:)` throws for the file; `invalidArgument` when the file's
    ///   dimension is not the model's (gensim's "incompatible vector size"), when `lockFactor` is
    ///   negative, NaN or infinite, or while the model is being trained.
    func intersectVectors(from path: String, format: FileFormat, lockFactor: Float) throws(W2VError) -> Int {
        try intersectVectors(from: BytePath(path), format: format, lockFactor: lockFactor)
    }

    /// `intersectVectors(from:format:lockFactor:)` from a path of any bytes (see `BytePath`).
    public func intersectVectors(from path: BytePath, format: FileFormat, lockFactor: Float) throws(W2VError) -> Int {
        if !lockFactor.isFinite || lockFactor < 0 {
            throw .invalidArgument("lockf is \(lockFactor); it must be finite and at least 0")
        }
        let source = try Model.load(from: path, format: format, mapped: false)
        if source.dim != dim {
            throw .invalidArgument("incompatible vector size \(source.dim) in \(path): the model's vectors have \(dim)")
        }
        var pairs = [(from: Int, to: Int)]()
        for row in 0..<source.vocabularySize {
            if let mine = vocabulary.index(of: source.vocabulary.table.word(row)) { pairs.append((row, mine)) }
        }
        let needsFactors = lockFactor != 1 && !pairs.isEmpty
        var factors = rowLearningRates
        if factors == nil && needsFactors { factors = try Self.unitFactors(rows: vocabularySize) }
        try training.changing("merge vectors into the model") { () throws(W2VError) in
            for (from, to) in pairs {
                input.row(to).update(from: source.input.row(from), count: dim)
                factors?.base[to] = lockFactor
            }
            rowLearningRates = factors
            invalidateNormalized()
        }
        return pairs.count
    }

    /// A one-column matrix of `rows` factors 1.
    static func unitFactors(rows: Int) throws(W2VError) -> FloatMatrix {
        let factors = try FloatMatrix(rows: rows, columns: 1)
        factors.base.update(repeating: 1, count: rows)
        return factors
    }

    /// Everything the native format stores, borrowed from the model.
    private var nativeParts: NativeModelParts {
        NativeModelParts(vocabulary: vocabulary, parameters: parameters, input: input, output: output, hsOutput: hsOutput,
                         rowLearningRates: rowLearningRates, wordsTrained: wordsTrained, epochWords: epochWords, fileTrainingCalls: fileTrainingCalls,
                         trainSteps: trainSteps)
    }
}
