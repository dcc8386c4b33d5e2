/// The layout of a native model file (`FileFormat.native`), version 1. Every number is little-endian. The
/// frame (magic, the header's first 32 bytes, checksum, section table, alignment) is the native family's
/// (`NativeContainer`), which the phrase table file shares.
///
/// ```
/// offset  bytes  field
///      0      8  magic 89 57 32 56 0D 0A 1A 0A ("\x89W2V\r\n\x1a\n": never the start of a word2vec file;
///                a text-mode transfer that changes line ends or stops at ^Z breaks it visibly)
///      8      4  format version (1)
///     12      4  header bytes (128)
///     16      8  file bytes: the size of the whole file
///     24      4  section count
///     28      4  section entry bytes (32)
///     32      8  words (vocabulary size)
///     40      8  dim
///     48      8  words trained (Int64)
///     56      8  file-training calls
///     64      8  train steps
///     72      8  epoch words (Int64): in-vocabulary words in one pass of the text being trained on; 0 (in
///                files written before this field) means the sum of the word counts
///     80     40  reserved, zero
///    120      8  header checksum: XXH64 of the header and the section table with this field zero
///    128   32*n  section table, one entry per section:
///                kind (4), reserved zero (4), offset (8), byte count (8), XXH64 of the section's bytes (8)
/// ```
/// Then the sections in table order, each starting at the first 64-byte boundary after the previous one
/// (the first after the table), the gaps zero, the file ending with the last section. Float matrices are
/// row-major float32, so at a 64-byte aligned offset the loader maps them in place.
///
/// Sections (`Kind`): the parameters (16 bytes per `ParameterKey`: key (4), flags (4, bit 0: the value
/// is set explicitly, which alpha and min_alpha record), value (8: Int64, or a Double's bits)); the word
/// counts (Int64 per word); the word lengths (UInt32 per word); the words' bytes one after another; the
/// input vectors (words x dim); negative sampling's output weights (words x dim) when the model has
/// them; hierarchical softmax's weights (rows x dim) when the model has them; the input rows'
/// learning-rate factors (one float32 per word, finite and at least 0: gensim's vectors_lockf) when
/// they were set, in a trainable model only; a subword model's n-gram vectors (bucket x dim, fastText's
/// bucket rows) exactly when the parameters turn subwords on (max_n > 0). A file without factors or
/// subwords is byte for byte what it was before they existed.
///
/// Every byte is checked: the header checksum covers the header and table, each section has its own
/// checksum, and the gaps must be zero. A reader refuses a newer version, naming both versions.
enum NativeFormatLayout {
    static let magic: [UInt8] = [0x89, 0x57, 0x32, 0x56, 0x0D, 0x0A, 0x1A, 0x0A]
    static let version: UInt32 = 1
    static let headerBytes = 128
    static let entryBytes = 32
    static let alignment = 64
    static let checksumOffset = 120
    static let parameterEntryBytes = 16

    enum Kind: UInt32, CaseIterable {
        case parameters = 1
        case wordCounts = 2
        case wordLengths = 3
        case wordBytes = 4
        case input = 5
        case output = 6
        case hsOutput = 7
        case rowLearningRates = 8
        case ngrams = 9

        var name: String {
            switch self {
            case .parameters: "parameters"
            case .wordCounts: "word counts"
            case .wordLengths: "word lengths"
            case .wordBytes: "words"
            case .input: "input vectors"
            case .output: "output weights"
            case .hsOutput: "hierarchical softmax weights"
            case .rowLearningRates: "row learning-rate factors"
            case .ngrams: "n-gram vectors"
            }
        }
    }

    /// Byte offsets of the header's fields (the table at the top of this file); the reader and the
    /// writer both use these.
    enum Field {
        static let version = 8, headerBytes = 12, fileBytes = 16, sectionCount = 24, entryBytes = 28
        static let words = 32, dim = 40, wordsTrained = 48, fileTrainingCalls = 56, trainSteps = 64, epochWords = 72
    }

    /// Byte offsets inside a section-table entry.
    enum EntryField {
        static let kind = 0, offset = 8, byteCount = 16, checksum = 24
    }

    /// One entry of the section table.
    struct Section {
        var kind: UInt32
        var offset: Int
        var byteCount: Int
        var checksum: UInt64
    }

    /// The header fields after the magic.
    struct Header {
        var fileBytes: Int
        var sectionCount: Int
        var words: Int
        var dim: Int
        var wordsTrained: Int64
        var fileTrainingCalls: UInt64
        var trainSteps: UInt64
        var epochWords: Int64
    }

    /// `value` rounded up to the alignment.
    static func aligned(_ value: Int) -> Int { (value + alignment - 1) / alignment * alignment }

    /// Offset of the first section.
    static func dataStart(sections: Int) -> Int { aligned(headerBytes + sections * entryBytes) }

    /// Flag of a parameter entry whose value is set explicitly.
    static let explicitValue: UInt32 = 1
}

/// Little-endian stores and loads at byte offsets, for the header and the table.
extension UnsafeMutableRawPointer {
    @inline(__always)
    func storeLittleEndian<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        storeBytes(of: value.littleEndian, toByteOffset: offset, as: T.self)
    }
}

extension UnsafeRawPointer {
    @inline(__always)
    func loadLittleEndian<T: FixedWidthInteger>(at offset: Int, as type: T.Type) -> T {
        T(littleEndian: loadUnaligned(fromByteOffset: offset, as: T.self))
    }
}
