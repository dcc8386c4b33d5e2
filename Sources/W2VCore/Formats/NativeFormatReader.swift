import Glibc

/// The contents of a native model file, each validated against the others, from which
/// `Model.load(nativeFrom:verifyChecksums:mapped:)` assembles the model. Whatever the file says, a
/// model made of these parts upholds the model's invariants: one input row per word, the output
/// weights present exactly when the parameters train with them (negative > 0: one row per word;
/// hierarchical softmax: max(1, words - 1) rows, the inner nodes of the Huffman tree), or neither (a
/// model of vectors only, which cannot be trained), counts that add up without overflow, words that
/// are non-empty, unique and free of NUL bytes (and of whitespace in a trainable model), and training
/// counters far enough from overflow.
struct NativeModelParts {
    var vocabulary: Vocabulary
    var parameters: TrainingParameters
    var input: FloatMatrix
    var output: FloatMatrix?
    var hsOutput: FloatMatrix?
    /// The input rows' learning-rate factors, when they were set (see `Model.setRowLearningRates`).
    var rowLearningRates: FloatMatrix?
    /// A subword model's n-gram rows (bucket x dim), present exactly when the parameters say max_n > 0.
    var ngrams: FloatMatrix?
    var wordsTrained: Int64
    var epochWords: Int64
    var fileTrainingCalls: UInt64
    var trainSteps: UInt64
}

/// Reads a native model file (layout in `NativeFormatLayout`), by default by mapping it into memory:
/// the weight matrices stay in the mapping (`FloatMatrix.Mapping`), only the vocabulary is copied
/// out. With `mapped: false` it reads the file instead, the matrices into memory of their own, so the
/// model no longer depends on the file at all.
///
/// Everything but the weights' values is validated before any matrix is made: the header, the
/// section table, the parameters, the vocabulary, which sections are present and their sizes.
///
/// Verifying the checksums of the weight sections reads every page of the file once; without it,
/// loading touches only the header, the parameters and the vocabulary (always verified), and the
/// weights are read as they are used. Measured on a loaded 2-core machine, file in the page cache: the
/// 67,907 x 100 model with output weights (55.7 MB) loads in about 10-16 ms verified and 2-7 ms without
/// (the vocabulary is most of it); a 67,907 x 2000 one (1.09 GB) in about 100-110 ms verified (about
/// 350-430 ms from disk) and 8-13 ms without. Loading the word2vec binary file of the same vectors
/// (input only, half the bytes) takes 17-45 ms and 500 ms.
enum NativeFormatReader {
    typealias Layout = NativeFormatLayout

    /// Training counters in a file may be at most this (2^62), so that training on can never overflow them.
    static let maxCounter = TrainingState.counterLimit

    static func read(path: BytePath, verifyChecksums: Bool, mapped: Bool = true) throws(W2VError) -> NativeModelParts {
        #if _endian(big)
        throw .format("'\(path)': the native format is little-endian and this host is not")
        #else
        let file = try RawFile(openForReading: path)
        defer { file.close() }
        let size = try file.size()
        if size < Layout.headerBytes {
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Layout.headerBytes, alignment: 8)
            defer { buffer.deallocate() }
            let n = try file.readFully(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<size]))
            try checkMagicAndVersion(UnsafeRawBufferPointer(rebasing: buffer[0..<n]), path: path)
            throw .format("'\(path)' is truncated: it ends after \(n) bytes, inside the \(Layout.headerBytes)-byte header of a native model")
        }
        let bytes = try NativeFileBytes(file: file, size: size, mapped: mapped)
        return try read(bytes, path: path, verifyChecksums: verifyChecksums)
        #endif
    }

    /// Refuses a file that is not a native model, or of a newer version (see `NativeContainer.checkMagicAndVersion`).
    static func checkMagicAndVersion(_ bytes: UnsafeRawBufferPointer, path: BytePath) throws(W2VError) {
        try NativeContainer.checkMagicAndVersion(bytes, magic: Layout.magic, kind: "native model", path: path)
    }

    private static func read(_ file: NativeFileBytes, path: BytePath, verifyChecksums: Bool) throws(W2VError) -> NativeModelParts {
        let size = file.size
        try file.loadFront(Layout.headerBytes)
        var base = file.front
        try checkMagicAndVersion(UnsafeRawBufferPointer(start: base, count: Layout.headerBytes), path: path)
        let sectionCount = try NativeContainer.sectionCount(base, maxSections: Layout.Kind.allCases.count)
        let dataStart = Layout.dataStart(sections: sectionCount)
        if size < dataStart {
            throw .format("'\(path)' is truncated: it ends after \(size) bytes, inside the section table, which ends at byte \(dataStart)")
        }
        try file.loadFront(dataStart)
        base = file.front
        try NativeContainer.checkFront(base, sectionCount: sectionCount, size: size, path: path)

        let words = base.loadLittleEndian(at: Layout.Field.words, as: UInt64.self)
        let dim = base.loadLittleEndian(at: Layout.Field.dim, as: UInt64.self)
        if words < 1 || words > UInt64(Int32.max) { throw .format("header: \(words) words, expected 1 to \(Int32.max)") }
        if dim < 1 || dim > UInt64(ParameterKey.dim.intRange.upperBound) {
            throw .format("header: dimension \(dim), expected 1 to \(ParameterKey.dim.intRange.upperBound)")
        }
        let wordsTrained = base.loadLittleEndian(at: Layout.Field.wordsTrained, as: Int64.self)
        if wordsTrained < 0 { throw .format("header: \(wordsTrained) words trained is negative") }
        let epochWords = base.loadLittleEndian(at: Layout.Field.epochWords, as: Int64.self)
        if epochWords < 0 { throw .format("header: \(epochWords) words per epoch is negative") }
        let fileTrainingCalls = base.loadLittleEndian(at: Layout.Field.fileTrainingCalls, as: UInt64.self)
        let trainSteps = base.loadLittleEndian(at: Layout.Field.trainSteps, as: UInt64.self)
        for (value, name) in [(UInt64(wordsTrained), "words trained"), (fileTrainingCalls, "file-training calls"), (trainSteps, "train steps")]
        where value > maxCounter {
            throw .format("header: \(value) \(name) is more than \(maxCounter) (2^62), more than any training makes: the header is corrupt")
        }

        // The section table: kinds in increasing order, each section where the layout puts it.
        let table = try NativeContainer.table(base, sectionCount: sectionCount, size: size) { Layout.Kind(rawValue: $0)?.name }
        var sections = [Layout.Kind: Layout.Section]()
        for entry in table { sections[Layout.Kind(rawValue: entry.section.kind)!] = entry.section }
        for kind in [Layout.Kind.parameters, .wordCounts, .wordLengths, .wordBytes, .input] where sections[kind] == nil {
            throw .format("section table: the \(kind.name) section is missing")
        }
        // Everything before the input vectors: the small sections, read (or mapped) and verified.
        let inputOffset = sections[.input]!.offset
        try file.loadFront(inputOffset)
        base = file.front
        for entry in table {
            try file.checkZero(from: entry.section.offset + entry.section.byteCount, to: entry.paddingEnd,
                               what: "the padding after the \(entry.name) section")
        }
        for kind in [Layout.Kind.parameters, .wordCounts, .wordLengths, .wordBytes] {
            try verify(sections[kind]!, kind, base)
        }

        func bytes(_ kind: Layout.Kind) -> UnsafeRawBufferPointer {
            let section = sections[kind]!
            return UnsafeRawBufferPointer(start: base + section.offset, count: section.byteCount)
        }
        let parameters = try NativeFormatParameters.decode(bytes(.parameters))
        if parameters.dim != Int(dim) {
            throw .format("parameters: dim is \(parameters.dim), but the header says \(dim)")
        }

        // Output weights: all that training needs, or none (vectors only, which cannot be trained).
        let hasOutput = sections[.output] != nil, hasHS = sections[.hsOutput] != nil
        let trainable = hasOutput || hasHS
        if trainable {
            if parameters.negative > 0 && !hasOutput {
                throw .format("section table: the \(Layout.Kind.output.name) section is missing, but the parameters train with negative = \(parameters.negative)")
            }
            if parameters.negative == 0 && hasOutput {
                throw .format("section table: the \(Layout.Kind.output.name) section is present, but the parameters say negative = 0")
            }
            if parameters.hierarchicalSoftmax && !hasHS {
                throw .format("section table: the \(Layout.Kind.hsOutput.name) section is missing, but the parameters say hs = 1")
            }
            if !parameters.hierarchicalSoftmax && hasHS {
                throw .format("section table: the \(Layout.Kind.hsOutput.name) section is present, but the parameters say hs = 0")
            }
        }
        // Subwords: n-gram rows exactly when the parameters turn them on, trainable or not.
        let buckets = parameters.subwords?.buckets ?? 0
        if (buckets > 0) != (sections[.ngrams] != nil) {
            throw .format(buckets > 0
                ? "section table: the \(Layout.Kind.ngrams.name) section is missing, but the parameters say max_n = \(parameters.maxN)"
                : "section table: the \(Layout.Kind.ngrams.name) section is present, but the parameters say max_n = 0")
        }
        let wordCount = Int(words)
        let rowBytes = Int(dim) * 4
        func checkMatrix(_ kind: Layout.Kind, rows: Int) throws(W2VError) {
            guard let section = sections[kind] else { return }
            if section.byteCount != rows * rowBytes {
                throw .format("section \(kind.name): \(section.byteCount) bytes, expected \(rows) x \(dim) floats (\(rows * rowBytes) bytes)")
            }
        }
        let hsRows = max(1, wordCount - 1)
        if let factors = sections[.rowLearningRates] {
            if !trainable {
                throw .format("section table: the \(Layout.Kind.rowLearningRates.name) section is present in a model without output weights, which cannot be trained")
            }
            if factors.byteCount != wordCount * 4 {
                throw .format("section \(Layout.Kind.rowLearningRates.name): \(factors.byteCount) bytes, expected one float per word (\(wordCount * 4) bytes)")
            }
        }
        try checkMatrix(.input, rows: wordCount)
        try checkMatrix(.output, rows: wordCount)
        try checkMatrix(.hsOutput, rows: hsRows)
        try checkMatrix(.ngrams, rows: buckets)

        let vocabulary = try readVocabulary(count: wordCount, counts: bytes(.wordCounts), lengths: bytes(.wordLengths),
                                            words: bytes(.wordBytes), trainable: trainable)

        // Only now the matrices, which are large: mapped or copied, verified when asked.
        func matrix(_ kind: Layout.Kind, rows: Int) throws(W2VError) -> FloatMatrix? {
            guard let section = sections[kind] else { return nil }
            let matrix = try file.matrix(rows: rows, columns: Int(dim), at: section.offset, what: kind.name, path: path)
            if verifyChecksums {
                try verify(section, kind, bytes: UnsafeRawBufferPointer(start: matrix.base, count: section.byteCount))
            }
            return matrix
        }
        let input = try matrix(.input, rows: wordCount)!
        let output = try matrix(.output, rows: wordCount)
        let hsOutput = try matrix(.hsOutput, rows: hsRows)
        let rowLearningRates = try factors(sections[.rowLearningRates], wordCount: wordCount, file: file, path: path,
                                           verifyChecksum: verifyChecksums)
        let ngrams = try matrix(.ngrams, rows: buckets)
        return NativeModelParts(vocabulary: vocabulary, parameters: parameters, input: input, output: output, hsOutput: hsOutput,
                                rowLearningRates: rowLearningRates, ngrams: ngrams,
                                wordsTrained: wordsTrained, epochWords: epochWords > 0 ? epochWords : vocabulary.trainWords,
                                fileTrainingCalls: fileTrainingCalls, trainSteps: trainSteps)
    }

    /// The row learning-rate factors, copied out of the file (they are small, and training reads them
    /// while the model may change them) and each checked: finite and at least 0, as
    /// `Model.setRowLearningRates` demands. Their checksum is always verified: they steer training.
    private static func factors(_ section: Layout.Section?, wordCount: Int, file: NativeFileBytes, path: BytePath,
                                verifyChecksum: Bool) throws(W2VError) -> FloatMatrix? {
        guard let section else { return nil }
        let kind = Layout.Kind.rowLearningRates
        let stored = try file.matrix(rows: wordCount, columns: 1, at: section.offset, what: kind.name, path: path)
        try verify(section, kind, bytes: UnsafeRawBufferPointer(start: stored.base, count: section.byteCount))
        let factors = try FloatMatrix(rows: wordCount, columns: 1)
        for row in 0..<wordCount {
            let factor = stored.base[row]
            if !factor.isFinite || factor < 0 {
                throw .format("section \(kind.name): the factor of row \(row) is \(factor); factors are finite and at least 0")
            }
            factors.base[row] = factor
        }
        return factors
    }

    /// Checks a section's checksum; `base` is where byte 0 of the file is, or would be.
    private static func verify(_ section: Layout.Section, _ kind: Layout.Kind, _ base: UnsafeRawPointer) throws(W2VError) {
        try verify(section, kind, bytes: UnsafeRawBufferPointer(start: base + section.offset, count: section.byteCount))
    }

    private static func verify(_ section: Layout.Section, _ kind: Layout.Kind, bytes: UnsafeRawBufferPointer) throws(W2VError) {
        try NativeContainer.verify(section, name: kind.name, bytes: bytes)
    }

    /// The words and their counts. Every word must be non-empty, at most 1 MiB long (the longest a
    /// word2vec file may hold, so the longest any model has), unique and free of NUL bytes (which no
    /// C caller could name); a trainable model's words come from the tokenizer, so they may hold no
    /// whitespace at all; a model of vectors only may hold words from a word2vec binary file, which
    /// may contain whitespace other than a space, but not at their start. The counts must be
    /// non-negative and add up to at most `Int64.max`.
    private static func readVocabulary(count: Int, counts: UnsafeRawBufferPointer, lengths: UnsafeRawBufferPointer,
                                       words: UnsafeRawBufferPointer, trainable: Bool) throws(W2VError) -> Vocabulary {
        if counts.count != count * 8 {
            throw .format("section \(Layout.Kind.wordCounts.name): \(counts.count) bytes, expected \(count * 8) for \(count) words")
        }
        if lengths.count != count * 4 {
            throw .format("section \(Layout.Kind.wordLengths.name): \(lengths.count) bytes, expected \(count * 4) for \(count) words")
        }
        // One pass over all the words' bytes finds whether any word needs a closer look (a byte that is
        // never allowed, or any whitespace: allowed inside the words of a vectors-only model only).
        var suspect = false
        for byte in UnsafeBufferPointer(start: words.baseAddress?.assumingMemoryBound(to: UInt8.self), count: words.count)
        where Tokenizer.isSeparator(byte) {
            suspect = true
            break
        }
        let table = WordTable(expectedCount: count)
        var wordCounts = [Int64]()
        wordCounts.reserveCapacity(count)
        var start = 0
        for i in 0..<count {
            let length = Int(UnsafeRawPointer(lengths.baseAddress!).loadLittleEndian(at: i * 4, as: UInt32.self))
            if length == 0 { throw .format("word \(i + 1) is empty") }
            if length > BufferedReader.maxTokenBytes {
                throw .format("word \(i + 1) is \(length) bytes long, more than the \(BufferedReader.maxTokenBytes) a word may have")
            }
            if length > words.count - start {
                throw .format("word \(i + 1): its \(length) bytes run past the end of the words section (\(words.count) bytes)")
            }
            let word = UnsafeBufferPointer(start: words.baseAddress!.assumingMemoryBound(to: UInt8.self) + start, count: length)
            if suspect {
                for (position, byte) in word.enumerated() {
                    let bad = byte == 0 || byte == 32 || ((trainable || position == 0) && Tokenizer.isSeparator(byte))
                    if bad {
                        let what = byte == 0 ? "a NUL byte" : byte == 32 ? "a space" : position == 0 ? "whitespace at its start" : "whitespace"
                        throw .format("word \(i + 1) ('\(Word2VecRows.printable(word, limit: 60))') contains \(what) (byte \(position + 1))")
                    }
                }
            }
            let (id, inserted) = table.findOrInsert(word)
            if !inserted {
                throw .format("word '\(String(decoding: word, as: UTF8.self))' appears twice (rows \(id + 1) and \(i + 1))")
            }
            let wordCount = UnsafeRawPointer(counts.baseAddress!).loadLittleEndian(at: i * 8, as: Int64.self)
            if wordCount < 0 { throw .format("word \(i + 1) ('\(String(decoding: word, as: UTF8.self))') has the negative count \(wordCount)") }
            wordCounts.append(wordCount)
            start += length
        }
        if start != words.count {
            throw .format("section \(Layout.Kind.wordBytes.name): \(words.count) bytes, but the word lengths add up to \(start)")
        }
        return try Vocabulary(table: table, counts: wordCounts)
    }
}

/// Where the native reader's bytes come from: one private mapping of the whole file, or (not mapped)
/// copies read from it, so that the model keeps nothing of the file.
private final class NativeFileBytes {
    let file: RawFile
    let size: Int
    private let mapping: FloatMatrix.Mapping?
    /// Bytes `0..<frontCount` of the file: the mapping, or a buffer of our own.
    private(set) var front: UnsafeRawPointer
    private var frontCount: Int
    private var buffer: UnsafeMutableRawPointer?

    init(file: RawFile, size: Int, mapped: Bool) throws(W2VError) {
        self.file = file
        self.size = size
        if mapped {
            let mapping = try FloatMatrix.Mapping(file: file, byteCount: size)
            self.mapping = mapping
            front = UnsafeRawPointer(mapping.base)
            frontCount = size
        } else {
            mapping = nil
            let empty = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 64)
            buffer = empty
            front = UnsafeRawPointer(empty)
            frontCount = 0
        }
    }

    deinit {
        buffer?.deallocate()
    }

    /// Makes bytes `0..<count` available in `front` (reading them when not mapped); `count` is at most the size.
    func loadFront(_ count: Int) throws(W2VError) {
        if count <= frontCount { return }
        let bigger = UnsafeMutableRawPointer.allocate(byteCount: count, alignment: 64)
        do throws(W2VError) {
            try read(at: 0, into: UnsafeMutableRawBufferPointer(start: bigger, count: count))
        } catch {
            bigger.deallocate()
            throw error
        }
        buffer?.deallocate()
        buffer = bigger
        front = UnsafeRawPointer(bigger)
        frontCount = count
    }

    /// Checks that bytes `from..<to` (a padding, under 64 bytes) are zero.
    func checkZero(from: Int, to: Int, what: String) throws(W2VError) {
        if to <= from { return }
        if to <= frontCount { return try NativeContainer.checkZero(front, from: from, to: to, what: what) }
        var bytes = [UInt8](repeating: 0, count: to - from)
        let count = bytes.count
        let result: Result<Void, W2VError> = bytes.withUnsafeMutableBytes { buffer in
            do throws(W2VError) {
                try read(at: from, into: buffer)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try result.get()
        for i in 0..<count where bytes[i] != 0 {
            throw .format("byte \(from + i), in \(what), is not zero: the file is corrupt")
        }
    }

    /// The `rows x columns` floats at `offset` (64-byte aligned, inside the file): a window into the
    /// mapping, or a matrix of its own read from the file.
    func matrix(rows: Int, columns: Int, at offset: Int, what: String, path: BytePath) throws(W2VError) -> FloatMatrix {
        if let mapping { return FloatMatrix(rows: rows, columns: columns, mapping: mapping, byteOffset: offset) }
        let matrix = try FloatMatrix(rows: rows, columns: columns)
        try read(at: offset, into: UnsafeMutableRawBufferPointer(start: matrix.base, count: matrix.count * 4))
        return matrix
    }

    /// Reads exactly `buffer.count` bytes at `offset`; a file that ends sooner changed since it was opened.
    private func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws(W2VError) {
        let n = try file.readFully(at: offset, into: buffer)
        if n < buffer.count {
            throw .format("'\(file.path)' changed while it was read: it ends after byte \(offset + n), not at byte \(size)")
        }
    }
}
