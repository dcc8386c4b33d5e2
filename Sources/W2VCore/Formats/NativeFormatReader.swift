import Glibc

/// Reads a native model file (layout in `NativeFormatLayout`) by mapping it into memory: the weight
/// matrices stay in the mapping (`FloatMatrix.Mapping`), only the vocabulary is copied out.
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

    static func read(path: String, verifyChecksums: Bool) throws(W2VError) -> Model {
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
        let mapping = try FloatMatrix.Mapping(file: file, byteCount: size)
        return try read(mapping, path: path, verifyChecksums: verifyChecksums)
        #endif
    }

    /// Refuses a file that does not start with the magic number, or whose version is newer than this
    /// reader's (named together), or zero. `bytes` may be shorter than the magic and version.
    static func checkMagicAndVersion(_ bytes: UnsafeRawBufferPointer, path: String) throws(W2VError) {
        let magic = Layout.magic
        for i in 0..<min(bytes.count, magic.count) where bytes[i] != magic[i] {
            throw .format("'\(path)' is not a native model: it does not start with the native format's magic number")
        }
        if bytes.count < 12 { return }
        let version = UnsafeRawPointer(bytes.baseAddress!).loadLittleEndian(at: 8, as: UInt32.self)
        if version == 0 { throw .format("'\(path)': format version 0 is not a valid native model version") }
        if version > Layout.version {
            throw .format("'\(path)' is a native model of format version \(version); this library reads format version \(Layout.version) and older, so a newer libw2v is needed")
        }
    }

    private static func read(_ mapping: FloatMatrix.Mapping, path: String, verifyChecksums: Bool) throws(W2VError) -> Model {
        let size = mapping.byteCount
        let base = UnsafeRawPointer(mapping.base)
        try checkMagicAndVersion(UnsafeRawBufferPointer(start: base, count: Layout.headerBytes), path: path)
        let headerBytes = Int(base.loadLittleEndian(at: 12, as: UInt32.self))
        let entryBytes = Int(base.loadLittleEndian(at: 28, as: UInt32.self))
        let sectionCount = Int(base.loadLittleEndian(at: 24, as: UInt32.self))
        if headerBytes != Layout.headerBytes || entryBytes != Layout.entryBytes {
            throw .format("header: header size \(headerBytes) and section entry size \(entryBytes) should be \(Layout.headerBytes) and \(Layout.entryBytes) in format version \(Layout.version): the header is corrupt")
        }
        if sectionCount < 1 || sectionCount > Layout.Kind.allCases.count {
            throw .format("header: \(sectionCount) sections announced, expected 1 to \(Layout.Kind.allCases.count): the header is corrupt")
        }
        let dataStart = Layout.dataStart(sections: sectionCount)
        if size < dataStart {
            throw .format("'\(path)' is truncated: it ends after \(size) bytes, inside the section table, which ends at byte \(dataStart)")
        }

        // The header and the table, with the checksum field taken as zero.
        let covered = Layout.headerBytes + sectionCount * Layout.entryBytes
        var front = [UInt8](UnsafeRawBufferPointer(start: base, count: covered))
        for i in 0..<8 { front[Layout.checksumOffset + i] = 0 }
        let storedHeaderChecksum = base.loadLittleEndian(at: Layout.checksumOffset, as: UInt64.self)
        let headerChecksum = front.withUnsafeBytes { NativeFormatChecksum.hash($0) }
        if headerChecksum != storedHeaderChecksum {
            throw .format("header: checksum mismatch (stored \(hex(storedHeaderChecksum)), computed \(hex(headerChecksum))): the header or the section table (bytes 0..<\(covered)) is corrupt")
        }
        let fileBytes = base.loadLittleEndian(at: 16, as: UInt64.self)
        if fileBytes != UInt64(size) {
            if fileBytes > UInt64(size) {
                throw .format("'\(path)' is truncated: the header announces \(fileBytes) bytes, the file has \(size)")
            }
            throw .format("'\(path)' has \(UInt64(size) - fileBytes) bytes after the \(fileBytes) the header announces")
        }
        try checkZero(base, from: covered, to: dataStart, what: "the padding after the section table")

        let words = base.loadLittleEndian(at: 32, as: UInt64.self)
        let dim = base.loadLittleEndian(at: 40, as: UInt64.self)
        if words < 1 || words > UInt64(Int32.max) { throw .format("header: \(words) words, expected 1 to \(Int32.max)") }
        if dim < 1 || dim > UInt64(ParameterKey.dim.intRange.upperBound) {
            throw .format("header: dimension \(dim), expected 1 to \(ParameterKey.dim.intRange.upperBound)")
        }
        let wordsTrained = base.loadLittleEndian(at: 48, as: Int64.self)
        if wordsTrained < 0 { throw .format("header: \(wordsTrained) words trained is negative") }
        let epochWords = base.loadLittleEndian(at: 72, as: Int64.self)
        if epochWords < 0 { throw .format("header: \(epochWords) words per epoch is negative") }

        // The section table: kinds in increasing order, each section where the layout puts it.
        var sections = [Layout.Kind: Layout.Section]()
        var expected = dataStart
        var previousKind: UInt32 = 0
        for i in 0..<sectionCount {
            let at = Layout.headerBytes + i * Layout.entryBytes
            let raw = base.loadLittleEndian(at: at, as: UInt32.self)
            guard let kind = Layout.Kind(rawValue: raw) else {
                throw .format("section table: entry \(i + 1) has the unknown kind \(raw)")
            }
            if raw <= previousKind { throw .format("section table: the \(kind.name) section is out of order or repeated") }
            previousKind = raw
            let offset = base.loadLittleEndian(at: at + 8, as: UInt64.self)
            let byteCount = base.loadLittleEndian(at: at + 16, as: UInt64.self)
            if offset != UInt64(expected) {
                throw .format("section table: the \(kind.name) section starts at byte \(offset), expected \(expected)")
            }
            if byteCount > UInt64(size - expected) {
                throw .format("section table: the \(kind.name) section (\(byteCount) bytes from byte \(offset)) runs past the end of the file (\(size) bytes)")
            }
            let section = Layout.Section(kind: raw, offset: expected, byteCount: Int(byteCount),
                                         checksum: base.loadLittleEndian(at: at + 24, as: UInt64.self))
            sections[kind] = section
            let end = section.offset + section.byteCount
            expected = i + 1 < sectionCount ? Layout.aligned(end) : end
            if expected > size {
                throw .format("section table: the padding after the \(kind.name) section runs past the end of the file")
            }
            try checkZero(base, from: end, to: expected, what: "the padding after the \(kind.name) section")
        }
        if expected != size {
            throw .format("section table: the sections end at byte \(expected), the file at byte \(size)")
        }
        for kind in [Layout.Kind.parameters, .wordCounts, .wordLengths, .wordBytes, .input] where sections[kind] == nil {
            throw .format("section table: the \(kind.name) section is missing")
        }
        for (kind, section) in sections {
            let isMatrix = kind == .input || kind == .output || kind == .hsOutput
            if !isMatrix || verifyChecksums { try verify(section, kind, base) }
        }

        func bytes(_ kind: Layout.Kind) -> UnsafeRawBufferPointer {
            let section = sections[kind]!
            return UnsafeRawBufferPointer(start: base + section.offset, count: section.byteCount)
        }
        let parameters = try NativeFormatParameters.decode(bytes(.parameters))
        if parameters.dim != Int(dim) {
            throw .format("parameters: dim is \(parameters.dim), but the header says \(dim)")
        }
        let vocabulary = try readVocabulary(count: Int(words), counts: bytes(.wordCounts), lengths: bytes(.wordLengths), words: bytes(.wordBytes))

        func matrix(_ kind: Layout.Kind, rows: Int?) throws(W2VError) -> FloatMatrix? {
            guard let section = sections[kind] else { return nil }
            let rowBytes = Int(dim) * 4
            if section.byteCount == 0 || section.byteCount % rowBytes != 0 || (rows != nil && section.byteCount / rowBytes != rows!) {
                let want = rows.map { "\($0) x \(dim) floats (\($0 * rowBytes) bytes)" } ?? "whole rows of \(dim) floats"
                throw .format("section \(kind.name): \(section.byteCount) bytes, expected \(want)")
            }
            return FloatMatrix(rows: section.byteCount / rowBytes, columns: Int(dim), mapping: mapping, byteOffset: section.offset)
        }
        let input = try matrix(.input, rows: Int(words))!
        let output = try matrix(.output, rows: Int(words))
        let hsOutput = try matrix(.hsOutput, rows: nil)
        return Model(vocabulary: vocabulary, parameters: parameters, input: input, output: output, hsOutput: hsOutput,
                     wordsTrained: wordsTrained, epochWords: epochWords > 0 ? epochWords : vocabulary.trainWords,
                     fileTrainingCalls: base.loadLittleEndian(at: 56, as: UInt64.self),
                     trainSteps: base.loadLittleEndian(at: 64, as: UInt64.self))
    }

    private static func verify(_ section: Layout.Section, _ kind: Layout.Kind, _ base: UnsafeRawPointer) throws(W2VError) {
        let computed = NativeFormatChecksum.hash(UnsafeRawBufferPointer(start: base + section.offset, count: section.byteCount))
        if computed != section.checksum {
            throw .format("section \(kind.name) (bytes \(section.offset)..<\(section.offset + section.byteCount)): checksum mismatch (stored \(hex(section.checksum)), computed \(hex(computed))): the file is corrupt")
        }
    }

    private static func checkZero(_ base: UnsafeRawPointer, from: Int, to: Int, what: String) throws(W2VError) {
        for i in from..<max(from, to) where base.load(fromByteOffset: i, as: UInt8.self) != 0 {
            throw .format("byte \(i), in \(what), is not zero: the file is corrupt")
        }
    }

    private static func readVocabulary(count: Int, counts: UnsafeRawBufferPointer, lengths: UnsafeRawBufferPointer,
                                       words: UnsafeRawBufferPointer) throws(W2VError) -> Vocabulary {
        if counts.count != count * 8 {
            throw .format("section \(Layout.Kind.wordCounts.name): \(counts.count) bytes, expected \(count * 8) for \(count) words")
        }
        if lengths.count != count * 4 {
            throw .format("section \(Layout.Kind.wordLengths.name): \(lengths.count) bytes, expected \(count * 4) for \(count) words")
        }
        let table = WordTable(expectedCount: count)
        var wordCounts = [Int64]()
        wordCounts.reserveCapacity(count)
        var start = 0
        for i in 0..<count {
            let length = Int(UnsafeRawPointer(lengths.baseAddress!).loadLittleEndian(at: i * 4, as: UInt32.self))
            if length == 0 { throw .format("word \(i + 1) is empty") }
            if length > words.count - start {
                throw .format("word \(i + 1): its \(length) bytes run past the end of the words section (\(words.count) bytes)")
            }
            let word = UnsafeBufferPointer(start: words.baseAddress!.assumingMemoryBound(to: UInt8.self) + start, count: length)
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
        return Vocabulary(table: table, counts: wordCounts)
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 16 - digits.count) + digits
    }
}
