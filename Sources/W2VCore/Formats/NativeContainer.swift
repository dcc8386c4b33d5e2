/// The container every file of the native family shares (the model, `NativeFormatLayout`; the phrase
/// table, `PhraseTableNativeFile`): an 8-byte magic number naming the kind of file, a 128-byte header
/// whose bytes 8..<32 are the same in every kind (version, header size, file size, section count, entry
/// size), bytes 32..<120 the kind's own fields, an XXH64 checksum of the header and section table at
/// byte 120, then the section table (kind, offset, byte count, XXH64 per section) and the sections, each
/// starting at the first 64-byte boundary after the previous one, the gaps zero, the file ending with the
/// last section. This type writes and checks that frame; each kind validates its own fields and sections.
enum NativeContainer {
    typealias Layout = NativeFormatLayout

    /// A section to write: its kind and its bytes.
    struct Part {
        let kind: UInt32
        let bytes: UnsafeRawBufferPointer
    }

    /// A stable copy of an array's bytes for a `Part` (Array's withUnsafeBytes cannot throw W2VError);
    /// the caller deallocates it.
    static func copy<T>(_ array: [T]) -> UnsafeMutableRawBufferPointer {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, array.count * MemoryLayout<T>.stride), alignment: 16)
        array.withUnsafeBytes { buffer.copyMemory(from: $0) }
        return UnsafeMutableRawBufferPointer(rebasing: buffer[0..<(array.count * MemoryLayout<T>.stride)])
    }

    /// Where each part goes and its checksum, and the size of the whole file.
    static func place(_ parts: [Part]) -> (sections: [Layout.Section], fileBytes: Int) {
        var offset = Layout.dataStart(sections: parts.count)
        var sections = [Layout.Section]()
        for (i, part) in parts.enumerated() {
            if i > 0 { offset = Layout.aligned(offset) }
            sections.append(.init(kind: part.kind, offset: offset, byteCount: part.bytes.count,
                                  checksum: NativeFormatChecksum.hash(part.bytes)))
            offset += part.bytes.count
        }
        return (sections, offset)
    }

    /// The header and the section table, padded with zeros to the first section, checksum included;
    /// `fields` stores the kind's own header fields (bytes 32..<120).
    static func front(magic: [UInt8], fileBytes: Int, sections: [Layout.Section],
                      fields: (UnsafeMutableRawPointer) -> Void) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: Layout.dataStart(sections: sections.count))
        bytes.withUnsafeMutableBytes { buffer in
            let p = buffer.baseAddress!
            for (i, byte) in magic.enumerated() { p.storeBytes(of: byte, toByteOffset: i, as: UInt8.self) }
            p.storeLittleEndian(Layout.version, at: Layout.Field.version)
            p.storeLittleEndian(UInt32(Layout.headerBytes), at: Layout.Field.headerBytes)
            p.storeLittleEndian(UInt64(fileBytes), at: Layout.Field.fileBytes)
            p.storeLittleEndian(UInt32(sections.count), at: Layout.Field.sectionCount)
            p.storeLittleEndian(UInt32(Layout.entryBytes), at: Layout.Field.entryBytes)
            fields(p)
            for (i, section) in sections.enumerated() {
                let at = Layout.headerBytes + i * Layout.entryBytes
                p.storeLittleEndian(section.kind, at: at)
                p.storeLittleEndian(UInt64(section.offset), at: at + Layout.EntryField.offset)
                p.storeLittleEndian(UInt64(section.byteCount), at: at + Layout.EntryField.byteCount)
                p.storeLittleEndian(section.checksum, at: at + Layout.EntryField.checksum)
            }
            let covered = Layout.headerBytes + sections.count * Layout.entryBytes
            let checksum = NativeFormatChecksum.hash(UnsafeRawBufferPointer(start: p, count: covered))
            p.storeLittleEndian(checksum, at: Layout.checksumOffset)
        }
        return bytes
    }

    /// Writes the front and the parts, zeros in the gaps, front to back in one pass.
    static func write(_ parts: [Part], front: [UInt8], sections: [Layout.Section], to file: inout AtomicFile) throws(W2VError) {
        let frontBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: front.count, alignment: 16)
        defer { frontBuffer.deallocate() }
        front.withUnsafeBytes { frontBuffer.copyMemory(from: $0) }
        try file.write(UnsafeRawBufferPointer(frontBuffer))
        var written = front.count
        let zeros = UnsafeMutableRawBufferPointer.allocate(byteCount: Layout.alignment, alignment: 16)
        defer { zeros.deallocate() }
        zeros.initializeMemory(as: UInt8.self, repeating: 0)
        for (part, section) in zip(parts, sections) {
            if section.offset > written {
                try file.write(UnsafeRawBufferPointer(rebasing: zeros[0..<(section.offset - written)]))
            }
            try file.write(part.bytes)
            written = section.offset + section.byteCount
        }
    }

    /// Refuses a file that does not start with `magic`, or whose version is newer than this reader's
    /// (named together), or zero. `bytes` may be shorter than the magic and version; `kind` names the
    /// kind of file ("native model").
    static func checkMagicAndVersion(_ bytes: UnsafeRawBufferPointer, magic: [UInt8], kind: String, path: BytePath) throws(W2VError) {
        for i in 0..<min(bytes.count, magic.count) where bytes[i] != magic[i] {
            throw .format("'\(path)' is not a \(kind): it does not start with the native format's magic number")
        }
        if bytes.count < 12 { return }
        let version = UnsafeRawPointer(bytes.baseAddress!).loadLittleEndian(at: Layout.Field.version, as: UInt32.self)
        if version == 0 { throw .format("'\(path)': format version 0 is not a valid \(kind) version") }
        if version > Layout.version {
            throw .format("'\(path)' is a \(kind) of format version \(version); this library reads format version \(Layout.version) and older, so a newer libw2v is needed")
        }
    }

    /// Checks the header size, entry size and section count (1...maxSections) of a front whose magic and
    /// version are checked; returns the section count.
    static func sectionCount(_ base: UnsafeRawPointer, maxSections: Int) throws(W2VError) -> Int {
        let headerBytes = Int(base.loadLittleEndian(at: Layout.Field.headerBytes, as: UInt32.self))
        let entryBytes = Int(base.loadLittleEndian(at: Layout.Field.entryBytes, as: UInt32.self))
        let count = Int(base.loadLittleEndian(at: Layout.Field.sectionCount, as: UInt32.self))
        if headerBytes != Layout.headerBytes || entryBytes != Layout.entryBytes {
            throw .format("header: header size \(headerBytes) and section entry size \(entryBytes) should be \(Layout.headerBytes) and \(Layout.entryBytes) in format version \(Layout.version): the header is corrupt")
        }
        if count < 1 || count > maxSections {
            throw .format("header: \(count) sections announced, expected 1 to \(maxSections): the header is corrupt")
        }
        return count
    }

    /// Checks the header checksum (over the header and the table, the checksum field taken as zero), the
    /// file size the header announces, and the zero padding after the table. `base` holds the front.
    static func checkFront(_ base: UnsafeRawPointer, sectionCount: Int, size: Int, path: BytePath) throws(W2VError) {
        let covered = Layout.headerBytes + sectionCount * Layout.entryBytes
        var front = [UInt8](UnsafeRawBufferPointer(start: base, count: covered))
        for i in 0..<8 { front[Layout.checksumOffset + i] = 0 }
        let stored = base.loadLittleEndian(at: Layout.checksumOffset, as: UInt64.self)
        let computed = front.withUnsafeBytes { NativeFormatChecksum.hash($0) }
        if computed != stored {
            throw .format("header: checksum mismatch (stored \(hex(stored)), computed \(hex(computed))): the header or the section table (bytes 0..<\(covered)) is corrupt")
        }
        let fileBytes = base.loadLittleEndian(at: Layout.Field.fileBytes, as: UInt64.self)
        if fileBytes != UInt64(size) {
            if fileBytes > UInt64(size) {
                throw .format("'\(path)' is truncated: the header announces \(fileBytes) bytes, the file has \(size)")
            }
            throw .format("'\(path)' has \(UInt64(size) - fileBytes) bytes after the \(fileBytes) the header announces")
        }
        try checkZero(base, from: covered, to: Layout.dataStart(sections: sectionCount), what: "the padding after the section table")
    }

    /// A section of the table with the padding that follows it.
    struct TableEntry {
        var section: Layout.Section
        var name: String
        var paddingEnd: Int
    }

    /// Reads the section table: kinds known (`name` gives their names) and in increasing order, each
    /// section where the layout puts it and inside the file, the sections ending where the file does.
    static func table(_ base: UnsafeRawPointer, sectionCount: Int, size: Int,
                      name: (UInt32) -> String?) throws(W2VError) -> [TableEntry] {
        var entries = [TableEntry]()
        var expected = Layout.dataStart(sections: sectionCount)
        var previousKind: UInt32 = 0
        for i in 0..<sectionCount {
            let at = Layout.headerBytes + i * Layout.entryBytes
            let raw = base.loadLittleEndian(at: at, as: UInt32.self)
            guard let kindName = name(raw) else {
                throw .format("section table: entry \(i + 1) has the unknown kind \(raw)")
            }
            if raw <= previousKind { throw .format("section table: the \(kindName) section is out of order or repeated") }
            previousKind = raw
            let offset = base.loadLittleEndian(at: at + Layout.EntryField.offset, as: UInt64.self)
            let byteCount = base.loadLittleEndian(at: at + Layout.EntryField.byteCount, as: UInt64.self)
            if offset != UInt64(expected) {
                throw .format("section table: the \(kindName) section starts at byte \(offset), expected \(expected)")
            }
            if byteCount > UInt64(size - expected) {
                throw .format("section table: the \(kindName) section (\(byteCount) bytes from byte \(offset)) runs past the end of the file (\(size) bytes)")
            }
            let section = Layout.Section(kind: raw, offset: expected, byteCount: Int(byteCount),
                                         checksum: base.loadLittleEndian(at: at + Layout.EntryField.checksum, as: UInt64.self))
            let end = section.offset + section.byteCount
            expected = i + 1 < sectionCount ? Layout.aligned(end) : end
            if expected > size {
                throw .format("section table: the padding after the \(kindName) section runs past the end of the file")
            }
            entries.append(TableEntry(section: section, name: kindName, paddingEnd: expected))
        }
        if expected != size {
            throw .format("section table: the sections end at byte \(expected), the file at byte \(size)")
        }
        return entries
    }

    /// Checks a section's checksum against its bytes.
    static func verify(_ section: Layout.Section, name: String, bytes: UnsafeRawBufferPointer) throws(W2VError) {
        let computed = NativeFormatChecksum.hash(bytes)
        if computed != section.checksum {
            throw .format("section \(name) (bytes \(section.offset)..<\(section.offset + section.byteCount)): checksum mismatch (stored \(hex(section.checksum)), computed \(hex(computed))): the file is corrupt")
        }
    }

    static func checkZero(_ base: UnsafeRawPointer, from: Int, to: Int, what: String) throws(W2VError) {
        for i in from..<max(from, to) where base.load(fromByteOffset: i, as: UInt8.self) != 0 {
            throw .format("byte \(i), in \(what), is not zero: the file is corrupt")
        }
    }

    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 16 - digits.count) + digits
    }
}
