import Glibc

/// The word2vec file formats, as the original word2vec tool and gensim's `save_word2vec_format` /
/// `load_word2vec_format` write and read them. Both start with the header line `"<words> <dim>\n"`,
/// then one row per word in vocabulary order:
/// - text: `word v1 v2 ... vdim\n`, the values in decimal;
/// - binary: `word`, one space, `dim` little-endian float32, then `\n` (word2vec.c writes the newline,
///   gensim does not; both are read).
///
/// The native format holds everything a model is (vocabulary with counts, every weight matrix, the
/// parameters and the training position), so a loaded model trains on exactly as if never saved; it is
/// mapped into memory instead of read (or, on request, copied: see `load(nativeFrom:verifyChecksums:mapped:)`
/// for what mapping implies). Its layout is described in `NativeFormatLayout`.
public enum FileFormat: Int, Sendable {
    /// Loading only: tells text from binary by the first row, and native by its magic number (see
    /// `Model.load(from:format:)`).
    case auto = 0
    case text = 1
    case binary = 2
    case native = 3
    /// fastText's model file (`.bin`): the words, both weight matrices and the subword settings
    /// (`FastTextBinaryFormat`).
    case fastText = 4

    var name: String {
        switch self {
        case .auto: "auto"
        case .text: "text"
        case .binary: "binary"
        case .native: "native"
        case .fastText: "fastText"
        }
    }
}
