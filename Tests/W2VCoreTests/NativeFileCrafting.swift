import Foundation
@testable import W2VCore

/// A native model file taken apart into its header fields and sections, to be changed and written back
/// with every checksum recomputed and the layout (offsets, alignment, padding, file size) redone: what
/// an attacker or a fuzzer that fixes up XXH64 can make. Written unchanged, it gives back the same bytes.
struct CraftedNativeFile {
    typealias Layout = NativeFormatLayout

    var header: Layout.Header
    /// The sections in file order (the reader wants increasing kinds; tests may break that on purpose).
    var sections: [(kind: UInt32, bytes: [UInt8])]

    init(path: String) throws {
        let data = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        func load<T: FixedWidthInteger>(_ offset: Int, _ type: T.Type) -> T {
            data.withUnsafeBytes { UnsafeRawPointer($0.baseAddress!).loadLittleEndian(at: offset, as: T.self) }
        }
        header = Layout.Header(fileBytes: Int(load(16, UInt64.self)), sectionCount: Int(load(24, UInt32.self)),
                               words: Int(load(32, UInt64.self)), dim: Int(load(40, UInt64.self)),
                               wordsTrained: load(48, Int64.self), fileTrainingCalls: load(56, UInt64.self),
                               trainSteps: load(64, UInt64.self), epochWords: load(72, Int64.self))
        sections = []
        for i in 0..<header.sectionCount {
            let at = Layout.headerBytes + i * Layout.entryBytes
            let offset = Int(load(at + 8, UInt64.self)), count = Int(load(at + 16, UInt64.self))
            sections.append((load(at, UInt32.self), Array(data[offset..<offset + count])))
        }
    }

    /// The bytes of the section of `kind`; setting nil removes it, setting a missing one adds it in kind order.
    subscript(kind: Layout.Kind) -> [UInt8]? {
        get { sections.first { $0.kind == kind.rawValue }?.bytes }
        set {
            if let i = sections.firstIndex(where: { $0.kind == kind.rawValue }) {
                if let newValue { sections[i].bytes = newValue } else { sections.remove(at: i) }
            } else if let newValue {
                let i = sections.firstIndex { $0.kind > kind.rawValue } ?? sections.count
                sections.insert((kind.rawValue, newValue), at: i)
            }
        }
    }

    /// The file's bytes: sections laid out as the writer lays them out, checksums recomputed.
    func bytes() -> [UInt8] {
        var offset = Layout.dataStart(sections: sections.count)
        var table = [Layout.Section]()
        for (i, section) in sections.enumerated() {
            if i > 0 { offset = Layout.aligned(offset) }
            let checksum = section.bytes.withUnsafeBytes { NativeFormatChecksum.hash($0) }
            table.append(.init(kind: section.kind, offset: offset, byteCount: section.bytes.count, checksum: checksum))
            offset += section.bytes.count
        }
        var header = self.header
        header.fileBytes = offset
        header.sectionCount = sections.count
        var bytes = NativeFormatWriter.headerAndTable(header, table)
        for (section, entry) in zip(sections, table) {
            bytes += [UInt8](repeating: 0, count: entry.offset - bytes.count)
            bytes += section.bytes
        }
        return bytes
    }

    func write(to path: String) throws {
        try Data(bytes()).write(to: URL(fileURLWithPath: path))
    }

    // MARK: Typed views of the sections

    /// Sets one parameter's value in the parameters section (the flags are left as they are).
    mutating func setParameter(_ key: ParameterKey, bits: UInt64) {
        guard var bytes = self[.parameters] else { return }
        let size = Layout.parameterEntryBytes
        for i in 0..<(bytes.count / size) {
            let at = i * size
            let raw = bytes.withUnsafeBytes { UnsafeRawPointer($0.baseAddress!).loadLittleEndian(at: at, as: UInt32.self) }
            if raw == UInt32(key.rawValue) {
                withUnsafeBytes(of: bits.littleEndian) { for j in 0..<8 { bytes[at + 8 + j] = $0[j] } }
            }
        }
        self[.parameters] = bytes
    }

    mutating func setParameter(_ key: ParameterKey, int: Int64) {
        setParameter(key, bits: UInt64(bitPattern: int))
    }

    /// The words, as byte strings (cut where the lengths run past the words' bytes, as fuzzing may make
    /// them), and their counts.
    var words: [[UInt8]] {
        let lengths = (self[.wordLengths] ?? []).withUnsafeBytes { bytes in
            (0..<(bytes.count / 4)).map { Int(UnsafeRawPointer(bytes.baseAddress!).loadLittleEndian(at: $0 * 4, as: UInt32.self)) }
        }
        let all = self[.wordBytes] ?? []
        var start = 0
        return lengths.map { length in
            let from = min(start, all.count), to = min(start + length, all.count)
            start = to
            return Array(all[from..<to])
        }
    }

    var counts: [Int64] {
        get {
            (self[.wordCounts] ?? []).withUnsafeBytes { bytes in
                (0..<(bytes.count / 8)).map { UnsafeRawPointer(bytes.baseAddress!).loadLittleEndian(at: $0 * 8, as: Int64.self) }
            }
        }
        set { self[.wordCounts] = newValue.flatMap { value in withUnsafeBytes(of: value.littleEndian) { Array($0) } } }
    }

    /// Replaces the words (the counts and the header's word count are left as they are).
    mutating func setWords(_ words: [[UInt8]]) {
        self[.wordLengths] = words.flatMap { word in withUnsafeBytes(of: UInt32(word.count).littleEndian) { Array($0) } }
        self[.wordBytes] = words.flatMap { $0 }
    }

    /// Rows of a matrix section.
    func rows(_ kind: Layout.Kind) -> Int? {
        self[kind].map { $0.count / (header.dim * 4) }
    }

    /// Keeps the first `rows` rows of a matrix section, or adds zero rows up to `rows`.
    mutating func resize(_ kind: Layout.Kind, rows: Int) {
        var bytes = self[kind] ?? []
        let wanted = rows * header.dim * 4
        if wanted < bytes.count { bytes.removeLast(bytes.count - wanted) } else { bytes += [UInt8](repeating: 0, count: wanted - bytes.count) }
        self[kind] = bytes
    }
}
