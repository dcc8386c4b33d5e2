/// The phrase table in the native family of files (`NativeContainer`: magic, checksummed header and
/// section table, 64-byte aligned sections, every byte checked). Little-endian.
///
/// ```
/// offset  bytes  field
///      0      8  magic 89 57 32 50 0D 0A 1A 0A ("\x89W2P\r\n\x1a\n"; a model's is "\x89W2V...")
///      8     24  version, header size, file size, section count, entry size (as every native file)
///     32      8  phrases (distinct phrases)
///     40      8  splits (one per phrase and split; a phrase of a second pass may form in two ways)
///     48      8  connector words
///     56     64  reserved, zero
///    120      8  header checksum
/// ```
/// Sections, all six always present (an empty one has 0 bytes): 1 settings (scoring (UInt32: 0
/// word2phrase, 1 original, 2 npmi), delimiter bytes (UInt32), min_count (Int64), threshold (a Double's
/// bits), then the delimiter's bytes); 2 connector word lengths (UInt32 each); 3 their bytes; 4 phrase
/// lengths (UInt32 each); 5 their bytes; 6 the splits, 24 bytes each: phrase index (UInt32), first and
/// last word parts (Int32 each), zero (UInt32), score (a Double's bits), by phrase index, every phrase
/// at least once.
///
/// It holds what the text table holds (`PhraseTableTextFile`), checked by the same rules
/// (`FrozenPhrasesBuilder`), and loads without parsing numbers from text.
enum PhraseTableNativeFile {
    typealias Layout = NativeFormatLayout
    static let magic: [UInt8] = [0x89, 0x57, 0x32, 0x50, 0x0D, 0x0A, 0x1A, 0x0A]
    static let kindName = "native phrase table"
    static let settingsBytes = 24
    static let splitBytes = 24

    enum Kind: UInt32, CaseIterable {
        case settings = 1, connectorLengths, connectorBytes, phraseLengths, phraseBytes, splits

        var name: String {
            switch self {
            case .settings: "settings"
            case .connectorLengths: "connector lengths"
            case .connectorBytes: "connector words"
            case .phraseLengths: "phrase lengths"
            case .phraseBytes: "phrases"
            case .splits: "splits"
            }
        }
    }

    enum Field {
        static let phrases = 32, splits = 40, connectors = 48, reservedEnd = 120
    }

    static func write(_ phrases: Phrases, to file: inout AtomicFile) throws(W2VError) {
        #if _endian(big)
        throw .invalidArgument("the native format is little-endian and this host is not; save the phrase table as text")
        #else
        let settings = phrases.settings
        var settingsBytes = [UInt8](repeating: 0, count: Self.settingsBytes)
        settingsBytes.withUnsafeMutableBytes { p in
            p.baseAddress!.storeLittleEndian(UInt32(settings.scoring.rawValue), at: 0)
            p.baseAddress!.storeLittleEndian(UInt32(settings.delimiter.count), at: 4)
            p.baseAddress!.storeLittleEndian(settings.minCount, at: 8)
            p.baseAddress!.storeLittleEndian(settings.threshold.bitPattern, at: 16)
        }
        settingsBytes += settings.delimiter
        var connectorLengths = [UInt32](), connectorBytes = [UInt8]()
        for word in phrases.connectorWords {
            connectorLengths.append(UInt32(word.count))
            connectorBytes += word
        }
        // One phrase entry per distinct phrase, its splits after it in the splits section.
        let entries = phrases.exportPhrases()
        let ids = WordTable(expectedCount: max(16, entries.count))
        var phraseLengths = [UInt32](), phraseBytes = [UInt8](), splits = [UInt8]()
        var bySplitPhrase = [(id: Int, split: PhraseTable.Split)]()
        for (phrase, split) in entries {
            let (id, inserted) = ids.findOrInsert(phrase)
            if inserted {
                phraseLengths.append(UInt32(phrase.count))
                phraseBytes += phrase
            }
            bySplitPhrase.append((id, split))
        }
        bySplitPhrase.sort { $0.id < $1.id }
        splits.reserveCapacity(bySplitPhrase.count * splitBytes)
        for (id, split) in bySplitPhrase {
            var record = [UInt8](repeating: 0, count: splitBytes)
            record.withUnsafeMutableBytes { p in
                p.baseAddress!.storeLittleEndian(UInt32(id), at: 0)
                p.baseAddress!.storeLittleEndian(split.first, at: 4)
                p.baseAddress!.storeLittleEndian(split.last, at: 8)
                p.baseAddress!.storeLittleEndian(split.score.bitPattern, at: 16)
            }
            splits += record
        }
        let buffers = [NativeContainer.copy(settingsBytes), NativeContainer.copy(connectorLengths), NativeContainer.copy(connectorBytes),
                       NativeContainer.copy(phraseLengths), NativeContainer.copy(phraseBytes), NativeContainer.copy(splits)]
        defer { for buffer in buffers { buffer.deallocate() } }
        let parts = zip(Kind.allCases, buffers).map { NativeContainer.Part(kind: $0.rawValue, bytes: UnsafeRawBufferPointer($1)) }
        let (sections, fileBytes) = NativeContainer.place(parts)
        let front = NativeContainer.front(magic: magic, fileBytes: fileBytes, sections: sections) { p in
            p.storeLittleEndian(UInt64(phraseLengths.count), at: Field.phrases)
            p.storeLittleEndian(UInt64(bySplitPhrase.count), at: Field.splits)
            p.storeLittleEndian(UInt64(connectorLengths.count), at: Field.connectors)
        }
        try NativeContainer.write(parts, front: front, sections: sections, to: &file)
        #endif
    }

    /// Reads the whole file (phrase tables are small beside models) and checks every byte of it.
    static func read(_ file: RawFile, path: BytePath) throws(W2VError) -> Phrases {
        #if _endian(big)
        throw .format("'\(path)': the native format is little-endian and this host is not")
        #else
        let size = try file.size()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(size, Layout.headerBytes), alignment: 64)
        defer { buffer.deallocate() }
        let n = try file.readFully(at: 0, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<size]))
        return try read(UnsafeRawBufferPointer(rebasing: buffer[0..<n]), path: path)
        #endif
    }

    private static func read(_ bytes: UnsafeRawBufferPointer, path: BytePath) throws(W2VError) -> Phrases {
        try NativeContainer.checkMagicAndVersion(bytes, magic: magic, kind: kindName, path: path)
        if bytes.count < Layout.headerBytes {
            throw .format("'\(path)' is truncated: it ends after \(bytes.count) bytes, inside the \(Layout.headerBytes)-byte header")
        }
        let base = bytes.baseAddress!
        let sectionCount = try NativeContainer.sectionCount(base, maxSections: Kind.allCases.count)
        let dataStart = Layout.dataStart(sections: sectionCount)
        if bytes.count < dataStart {
            throw .format("'\(path)' is truncated: it ends after \(bytes.count) bytes, inside the section table, which ends at byte \(dataStart)")
        }
        try NativeContainer.checkFront(base, sectionCount: sectionCount, size: bytes.count, path: path)
        try NativeContainer.checkZero(base, from: Field.connectors + 8, to: Field.reservedEnd, what: "the header's reserved bytes")
        let table = try NativeContainer.table(base, sectionCount: sectionCount, size: bytes.count) { Kind(rawValue: $0)?.name }
        var sections = [Kind: UnsafeRawBufferPointer]()
        for entry in table {
            let section = entry.section
            let content = UnsafeRawBufferPointer(start: base + section.offset, count: section.byteCount)
            try NativeContainer.verify(section, name: entry.name, bytes: content)
            try NativeContainer.checkZero(base, from: section.offset + section.byteCount, to: entry.paddingEnd,
                                          what: "the padding after the \(entry.name) section")
            sections[Kind(rawValue: section.kind)!] = content
        }
        for kind in Kind.allCases where sections[kind] == nil { throw .format("section table: the \(kind.name) section is missing") }

        func count(_ field: Int, _ what: String) throws(W2VError) -> Int {
            let value = base.loadLittleEndian(at: field, as: UInt64.self)
            // Every entry takes at least 4 bytes of the file, so a larger count is corrupt (and cannot overflow below).
            if value > UInt64(bytes.count / 4) { throw .format("header: \(value) \(what) cannot fit a file of \(bytes.count) bytes") }
            return Int(value)
        }
        let nPhrases = try count(Field.phrases, "phrases"), nSplits = try count(Field.splits, "splits")
        let nConnectors = try count(Field.connectors, "connector words")

        let builder = try FrozenPhrasesBuilder(settings: try settings(sections[.settings]!), connectors: nConnectors, phrases: nPhrases)
        try words(nConnectors, lengths: sections[.connectorLengths]!, bytes: sections[.connectorBytes]!, kind: .connectorBytes) {
            (i, word) throws(W2VError) in
            do throws(W2VError) { try builder.addConnector(word) } catch { throw .format("connector word \(i + 1): \(error.message)") }
        }
        var phrases = [UnsafeBufferPointer<UInt8>]()
        phrases.reserveCapacity(nPhrases)
        try words(nPhrases, lengths: sections[.phraseLengths]!, bytes: sections[.phraseBytes]!, kind: .phraseBytes) {
            (_, phrase) throws(W2VError) in phrases.append(phrase)
        }
        let splits = sections[.splits]!
        if splits.count != nSplits * splitBytes {
            throw .format("section \(Kind.splits.name): \(splits.count) bytes, expected \(splitBytes) for each of \(nSplits) splits")
        }
        // Splits by phrase index, every phrase at least once: one pass finds a phrase without any.
        var next = 0
        let p = splits.baseAddress
        for i in 0..<nSplits {
            let at = i * splitBytes
            let id = Int(p!.loadLittleEndian(at: at, as: UInt32.self))
            if id != next && id != next - 1 || id >= nPhrases {
                throw .format("split \(i + 1): phrase index \(id) where \(next == 0 ? "0" : "\(next - 1) or \(next)") was expected (splits go by phrase index, every phrase at least once)")
            }
            if p!.loadLittleEndian(at: at + 12, as: UInt32.self) != 0 { throw .format("split \(i + 1): the reserved field is not zero") }
            let first = p!.loadLittleEndian(at: at + 4, as: Int32.self), last = p!.loadLittleEndian(at: at + 8, as: Int32.self)
            let score = Double(bitPattern: p!.loadLittleEndian(at: at + 16, as: UInt64.self))
            do throws(W2VError) {
                try builder.addPhrase(phrases[id], split: (first, last), score: score)
            } catch { throw .format("split \(i + 1) (phrase \(id + 1)): \(error.message)") }
            next = id + 1
        }
        if next != nPhrases { throw .format("section \(Kind.splits.name): phrases \(next + 1) to \(nPhrases) have no split") }
        return builder.build()
    }

    private static func settings(_ section: UnsafeRawBufferPointer) throws(W2VError) -> Phrases.Settings {
        if section.count < settingsBytes { throw .format("section \(Kind.settings.name): \(section.count) bytes, fewer than \(settingsBytes)") }
        let p = section.baseAddress!
        let rawScoring = p.loadLittleEndian(at: 0, as: UInt32.self)
        guard rawScoring <= UInt32(Int32.max), let scoring = PhraseScoring(rawValue: Int32(rawScoring)) else {
            throw .format("settings: unknown scoring \(rawScoring)")
        }
        let delimiterBytes = Int(p.loadLittleEndian(at: 4, as: UInt32.self))
        if section.count != settingsBytes + delimiterBytes {
            throw .format("section \(Kind.settings.name): \(section.count) bytes, expected \(settingsBytes) and the \(delimiterBytes)-byte delimiter")
        }
        let delimiter = Array(UnsafeRawBufferPointer(rebasing: section[settingsBytes...]))
        return Phrases.Settings(scoring: scoring, minCount: p.loadLittleEndian(at: 8, as: Int64.self),
                                threshold: Double(bitPattern: p.loadLittleEndian(at: 16, as: UInt64.self)), delimiter: delimiter)
    }

    /// Walks `count` words given as a lengths section and a bytes section that the lengths must fill exactly.
    private static func words(_ count: Int, lengths: UnsafeRawBufferPointer, bytes: UnsafeRawBufferPointer, kind: Kind,
                              _ body: (Int, UnsafeBufferPointer<UInt8>) throws(W2VError) -> Void) throws(W2VError) {
        let lengthKind = kind == .connectorBytes ? Kind.connectorLengths : .phraseLengths
        if lengths.count != count * 4 {
            throw .format("section \(lengthKind.name): \(lengths.count) bytes, expected 4 for each of \(count) entries")
        }
        var start = 0
        for i in 0..<count {
            let length = Int(lengths.baseAddress!.loadLittleEndian(at: i * 4, as: UInt32.self))
            if length > bytes.count - start {
                throw .format("section \(kind.name): entry \(i + 1)'s \(length) bytes run past the section's end (\(bytes.count) bytes)")
            }
            try body(i, UnsafeBufferPointer(start: bytes.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) + start }, count: length))
            start += length
        }
        if start != bytes.count { throw .format("section \(kind.name): \(bytes.count) bytes, but the lengths add up to \(start)") }
    }
}
